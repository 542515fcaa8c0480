import { Type } from 'typebox';
import { Actions } from '../http/schemas.js';

export const Gender = Type.Union([Type.Literal('M'), Type.Literal('F')]);
export const PersonStatus = Type.Union(['active', 'transferred', 'retired', 'left'].map((s) => Type.Literal(s)));

export const Person = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gender: Type.String(),
  idNoMasked: Type.Union([Type.String(), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  rankCode: Type.Union([Type.String(), Type.Null()]),
  rankName: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Integer(),
  unitName: Type.String(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  createdAt: Type.String(),
  _actions: Actions,
});

export const PersonInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    gender: Gender,
    idNo: Type.Optional(Type.Union([Type.String({ pattern: '^([0-9]{17}[0-9Xx])?$' }), Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ pattern: '^(1[3-9][0-9]{9})?$' }), Type.Null()])),
    rankCode: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    unitId: Type.Integer({ minimum: 1 }),
    departmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    status: Type.Optional(PersonStatus),
  },
  { additionalProperties: false },
);
