import { Type } from 'typebox';
import { DateTimeText } from './request.schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const Rental = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  requestId: Nullable(Type.Integer()),
  company: Type.String(),
  orderNo: Type.String(),
  plate: Type.String(),
  startedAt: Type.String(),
  endedAt: Type.String(),
  km: Type.Number(),
  cost: Type.Number(),
  createdByName: Type.String(),
  createdAt: Type.String(),
});

export const RentalFilters = {
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  company: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(DateTimeText),
  to: Type.Optional(DateTimeText),
};

export const RentalBody = Type.Object(
  {
    unitId: Type.Optional(Id),
    requestId: Type.Optional(Id),
    company: Type.String({ minLength: 2, maxLength: 100 }),
    orderNo: Type.String({ minLength: 2, maxLength: 60 }),
    plate: Type.String({ pattern: '^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}$', description: '车牌号，如 鲁A12345' }),
    startedAt: DateTimeText,
    endedAt: DateTimeText,
    km: Type.Number({ minimum: 0, maximum: 100000 }),
    cost: Type.Number({ minimum: 0, maximum: 10000000 }),
  },
  { additionalProperties: false },
);
