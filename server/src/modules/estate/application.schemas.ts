import { Type } from 'typebox';
import { Actions } from '../../platform/http/schemas.js';
import { DateOnly, Money } from './asset.schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const lit = (values: string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const APPLICATION_KINDS = ['allocation', 'exchange', 'lease_in', 'repair', 'disposal'];
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'done'];

export const Application = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  kindName: Type.String(),
  cardId: Nullable(Type.Integer()),
  cardNo: Nullable(Type.String()),
  cardName: Nullable(Type.String()),
  cardStatus: Nullable(Type.String()),
  unitId: Type.Integer(),
  unitName: Type.String(),
  title: Type.String(),
  reason: Type.String(),
  form: Type.Record(Type.String(), Type.Unknown()),
  status: Type.String(),
  statusName: Type.String(),
  priorStatus: Nullable(Type.String()),
  instanceId: Nullable(Type.Integer()),
  createdByName: Type.String(),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  doneAt: Nullable(Type.String()),
  priority: Nullable(Type.Number({ description: '维修优先级（0–100，越高越急，仅维修申请）' })),
  _actions: Actions,
});

export const ApplicationDetail = Type.Object({
  application: Application,
  rooms: Type.Array(
    Type.Object({
      id: Type.Integer(),
      roomNo: Type.String(),
      buildingName: Type.String(),
      compoundName: Type.String(),
      usableArea: Type.Number(),
      status: Type.String(),
      open: Type.Boolean(),
    }),
  ),
});

export const ApplicationFilters = {
  kind: Type.Optional(lit(APPLICATION_KINDS)),
  status: Type.Optional(lit(APPLICATION_STATUSES)),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  cardId: Type.Optional(Type.Integer({ minimum: 1 })),
};

const common = {
  requestKey: Type.String({ minLength: 8, maxLength: 100, description: '客户端生成的唯一键，用于防止重复提交' }),
  reason: Type.String({ minLength: 2, maxLength: 1000 }),
  title: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
};
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const AllocationBody = Type.Object(
  {
    ...common,
    unitId: Type.Optional(Id),
    roomIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100 })),
    cardId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const ExchangeBody = Type.Object({ ...common, cardId: Id, counterpartCardId: Id }, { additionalProperties: false });

export const LeaseInBody = Type.Object(
  {
    ...common,
    unitId: Type.Optional(Id),
    lessor: Type.String({ minLength: 2, maxLength: 100 }),
    address: Type.String({ minLength: 2, maxLength: 200 }),
    area: Type.Number({ exclusiveMinimum: 0, maximum: 1000000 }),
    annualRent: Money,
    termFrom: DateOnly,
    termTo: DateOnly,
  },
  { additionalProperties: false },
);

export const RepairBody = Type.Object(
  {
    ...common,
    cardId: Id,
    budget: Money,
    scope: Type.String({ minLength: 2, maxLength: 1000, description: '维修内容（工程范围）' }),
    wearGrade: lit(['intact', 'basically_intact', 'damaged', 'severely_damaged']),
    lastRepairYear: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2100 }))),
    energyUse: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 10000, description: '单位面积年能耗 kWh/㎡·年' }))),
  },
  { additionalProperties: false },
);

export const DisposalBody = Type.Object(
  {
    ...common,
    cardId: Id,
    disposalForm: lit(['scrap', 'demolish', 'free_transfer', 'donation', 'sale', 'exchange']),
    appraisedValue: Type.Optional(Nullable(Money)),
  },
  { additionalProperties: false },
);

export const AcceptanceBody = Type.Object(
  {
    actualCost: Money,
    acceptedOn: DateOnly,
    contractor: Type.String({ minLength: 2, maxLength: 100 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ExecutionBody = Type.Object(
  {
    executedOn: DateOnly,
    counterparty: Type.Optional(Type.String({ maxLength: 100, description: '接收方、买受方或受赠方' })),
    documentNo: Type.Optional(Type.String({ maxLength: 100, description: '处置批复或合同文号' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const WriteOffBody = Type.Object(
  {
    writtenOffOn: DateOnly,
    proceeds: Money,
    remittanceNo: Type.Optional(Type.String({ maxLength: 60, description: '上缴国库缴款凭证号' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
