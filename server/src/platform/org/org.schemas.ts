import { Type } from 'typebox';
import { Actions } from '../http/schemas.js';

export const OrgKind = Type.Union([Type.Literal('unit'), Type.Literal('department')]);
export const OrgLevel = Type.Union(['province', 'city', 'county', 'township'].map((l) => Type.Literal(l)));
export const UnitType = Type.Union(['party_gov', 'institution', 'social_org', 'state_enterprise', 'other'].map((l) => Type.Literal(l)));

export const Org = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  creditCode: Type.Union([Type.String(), Type.Null()]),
  unitType: Type.Union([Type.String(), Type.Null()]),
  level: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  parentName: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Integer(),
  staffingQuota: Type.Union([Type.Integer(), Type.Null()]),
  headPersonId: Type.Union([Type.Integer(), Type.Null()]),
  headName: Type.Union([Type.String(), Type.Null()]),
  isBureau: Type.Boolean(),
  status: Type.String(),
  sort: Type.Integer(),
  createdAt: Type.String(),
  _actions: Actions,
});

export const OrgInput = Type.Object(
  {
    kind: OrgKind,
    name: Type.String({ minLength: 2, maxLength: 100 }),
    shortName: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])),
    creditCode: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }), Type.Null()])),
    unitType: Type.Optional(Type.Union([UnitType, Type.Null()])),
    level: Type.Optional(OrgLevel),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$' })),
    parentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    staffingQuota: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100000 }), Type.Null()])),
    headPersonId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: '负责人（审批“部门负责人”策略用），须为本单位在职人员' })),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);

/** A node of the organisation tree: a unit or department (with id), or a region grouping units (id null). */
export const OrgTreeNode = Type.Object({
  id: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.String(),
  kind: Type.Union([Type.Literal('unit'), Type.Literal('department'), Type.Literal('region')]),
  level: Type.String(),
  regionCode: Type.String(),
  hasChildren: Type.Boolean(),
});
