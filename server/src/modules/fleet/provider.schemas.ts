import { Type } from 'typebox';
import { Actions, DateTime, Nullable } from '../../platform/http/schemas.js';

export const PROVIDER_KINDS = ['fuel', 'repair', 'insurance'] as const;
export const PROVIDER_KIND_NAMES: Record<string, string> = { fuel: '定点加油', repair: '定点维修', insurance: '定点保险' };

const Day = Type.String({ format: 'date' });

export const Provider = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  kindName: Type.String(),
  code: Type.String(),
  name: Type.String(),
  creditCode: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Nullable(Type.String()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  contractNo: Nullable(Type.String()),
  contractFrom: Nullable(Day),
  contractTo: Nullable(Day),
  designated: Type.Boolean(),
  /** designated and today within the contract */
  active: Type.Boolean(),
  hasCredential: Type.Boolean(),
  createdAt: DateTime,
  _actions: Actions,
});

export const ProviderFilters = {
  kind: Type.Optional(Type.String({ enum: [...PROVIDER_KINDS] })),
  q: Type.Optional(Type.String({ maxLength: 50, description: '编码或名称' })),
  regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })),
  designated: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean({ description: '当前在合同期内的定点' })),
};

export const ProviderBody = Type.Object(
  {
    kind: Type.String({ enum: [...PROVIDER_KINDS] }),
    code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,31}$' }),
    name: Type.String({ minLength: 2, maxLength: 100 }),
    creditCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }))),
    regionCode: Type.String({ pattern: '^[0-9]{2,9}$' }),
    address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    lng: Type.Optional(Nullable(Type.Number({ minimum: 73, maximum: 136 }))),
    lat: Type.Optional(Nullable(Type.Number({ minimum: 3, maximum: 54 }))),
    contractNo: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 60 }))),
    contractFrom: Type.Optional(Nullable(Day)),
    contractTo: Type.Optional(Nullable(Day)),
    designated: Type.Boolean(),
  },
  { additionalProperties: false },
);
