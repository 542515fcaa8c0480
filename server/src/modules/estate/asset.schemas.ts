import { Type } from 'typebox';
import { Actions } from '../../platform/http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const lit = (values: string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const CARD_KINDS = ['land', 'building', 'room'];
export const CARD_STATUSES = ['in_use', 'idle', 'under_repair', 'pending_disposal', 'disposed'];
export const ACQUISITION_METHODS = ['build', 'purchase', 'transfer_in', 'exchange', 'donation', 'other'];
export const FILE_CATEGORIES = ['certificate', 'photo', 'contract', 'other'];

export const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const CardNo = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{3,39}$', description: '4–40 位字母、数字或 -（保存为大写）' });
export const Money = Type.Number({ minimum: 0, maximum: 99999999999999 });

export const Card = Type.Object({
  id: Type.Integer(),
  cardNo: Type.String(),
  kind: Type.String(),
  kindName: Type.String(),
  classCode: Type.String(),
  className: Type.String(),
  name: Type.String(),
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  buildingId: Nullable(Type.Integer()),
  buildingName: Nullable(Type.String()),
  buildYear: Nullable(Type.Integer()),
  roomId: Nullable(Type.Integer()),
  roomNo: Nullable(Type.String()),
  unitId: Type.Integer(),
  unitName: Type.String(),
  acquisitionMethod: Type.String(),
  acquisitionMethodName: Type.String(),
  acquiredOn: Type.String(),
  originalValue: Type.Number(),
  accumulatedDepreciation: Type.Number(),
  netValue: Type.Number(),
  area: Nullable(Type.Number()),
  structureCode: Nullable(Type.String()),
  structureName: Nullable(Type.String()),
  depreciationYears: Nullable(Type.Integer()),
  certNo: Nullable(Type.String()),
  status: Type.String(),
  statusName: Type.String(),
  disposedOn: Nullable(Type.String()),
  openApplicationId: Nullable(Type.Integer()),
  updatedAt: Type.String(),
  _actions: Actions,
});

export const CardEvent = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  kindName: Type.String(),
  phase: Type.String(),
  phaseName: Type.String(),
  applicationId: Nullable(Type.Integer()),
  summary: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  actorName: Nullable(Type.String()),
  at: Type.String(),
});

export const CardFile = Type.Object({
  id: Type.String(),
  name: Type.String(),
  size: Type.Integer(),
  mime: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  uploadedAt: Type.String(),
});

export const CardDetail = Type.Object({
  card: Card,
  events: Type.Array(CardEvent),
  files: Type.Array(CardFile),
});

export const CardFilters = {
  cardNo: Type.Optional(Type.String({ maxLength: 40 })),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  kind: Type.Optional(lit(CARD_KINDS)),
  classCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,10}$' })),
  status: Type.Optional(lit(CARD_STATUSES)),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
  compoundId: Type.Optional(Type.Integer({ minimum: 1 })),
  buildingId: Type.Optional(Type.Integer({ minimum: 1 })),
};

export const CardCreate = Type.Object(
  {
    cardNo: CardNo,
    kind: lit(CARD_KINDS),
    classCode: Type.String({ pattern: '^[0-9]{2,10}$' }),
    name: Type.String({ minLength: 2, maxLength: 100 }),
    compoundId: Type.Integer({ minimum: 1 }),
    buildingId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    roomId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    unitId: Type.Integer({ minimum: 1 }),
    acquisitionMethod: lit(ACQUISITION_METHODS),
    acquiredOn: DateOnly,
    originalValue: Money,
    area: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 9999999999 }))),
    certNo: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  },
  { additionalProperties: false },
);

export const CardEditBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
    classCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,10}$' })),
    acquisitionMethod: Type.Optional(lit(ACQUISITION_METHODS)),
    acquiredOn: Type.Optional(DateOnly),
    originalValue: Type.Optional(Money),
    area: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 9999999999 }))),
    certNo: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  },
  { additionalProperties: false },
);

export const AttachBody = Type.Object(
  { fileId: Type.String({ format: 'uuid' }), category: lit(FILE_CATEGORIES) },
  { additionalProperties: false },
);

export const Reference = Type.Object({
  classes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
  structures: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), depreciationYears: Type.Integer() })),
});
