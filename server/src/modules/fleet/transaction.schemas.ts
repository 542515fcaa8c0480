import { Type } from 'typebox';
import { DateTime, Nullable } from '../../platform/http/schemas.js';

export const TX_CATEGORIES = ['fuel', 'repair', 'insurance', 'toll', 'parking', 'other'] as const;
export type TxCategory = (typeof TX_CATEGORIES)[number];
export const TX_CATEGORY_NAMES: Record<string, string> = {
  fuel: '燃料费',
  repair: '维修保养费',
  insurance: '保险费',
  toll: '通行费',
  parking: '停车费',
  other: '其他',
};
/** The categories served by designated providers (三定点: 定点加油、定点维修、定点保险). */
export const DESIGNATED_CATEGORIES = ['fuel', 'repair', 'insurance'] as const;
export const TX_SOURCE_NAMES: Record<string, string> = { api: '接口报送', excel: 'Excel导入', manual: '手工录入' };

const Day = Type.String({ format: 'date' });

export const Transaction = Type.Object({
  id: Type.Integer(),
  vehicleId: Type.Integer(),
  plate: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  amount: Type.Number(),
  occurredAt: DateTime,
  source: Type.String(),
  sourceName: Type.String(),
  partnerCode: Type.String(),
  partnerTxId: Type.String(),
  providerId: Nullable(Type.Integer()),
  providerName: Nullable(Type.String()),
  designated: Type.Boolean(),
  quantity: Nullable(Type.Number()),
  odometerKm: Nullable(Type.Number()),
  place: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: DateTime,
});

export const TransactionFilters = {
  vehicleId: Type.Optional(Type.Integer({ minimum: 1 })),
  plate: Type.Optional(Type.String({ maxLength: 10 })),
  unitId: Type.Optional(Type.Integer({ minimum: 1, description: '单位（含下级）' })),
  category: Type.Optional(Type.String({ enum: [...TX_CATEGORIES] })),
  providerId: Type.Optional(Type.Integer({ minimum: 1 })),
  designated: Type.Optional(Type.Boolean()),
  source: Type.Optional(Type.String({ enum: ['api', 'excel', 'manual'] })),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
};

/** One item of a partner batch. Types only: the rules are checked per item so that one bad item does not sink the batch. */
export const IngestItem = Type.Object({
  partner_tx_id: Type.String({ description: '服务商交易流水号（1–64 位），与接入编码一起保证幂等' }),
  plate: Type.Optional(Nullable(Type.String({ description: '车牌号；与 vin 至少填一个' }))),
  vin: Type.Optional(Nullable(Type.String({ description: '车架号（17 位）' }))),
  category: Type.String({ description: 'fuel 燃料 · repair 维修保养 · insurance 保险 · toll 通行 · parking 停车 · other 其他' }),
  amount: Type.Number({ description: '金额（元，最多 2 位小数）' }),
  occurred_at: Type.String({ description: '交易时间，ISO 8601 带时区，如 2026-11-02T09:30:00+08:00' }),
  quantity: Type.Optional(Nullable(Type.Number({ description: '数量（升、千瓦时）' }))),
  odometer: Type.Optional(Nullable(Type.Number({ description: '交易时里程表读数（公里）' }))),
  place: Type.Optional(Nullable(Type.String({ description: '地点（≤ 200 字）' }))),
});

export const IngestBody = Type.Object({ items: Type.Array(IngestItem, { minItems: 1, maxItems: 1000 }) });

export const IngestItemResult = Type.Object({
  index: Type.Integer(),
  partner_tx_id: Type.String(),
  status: Type.Union([Type.Literal('created'), Type.Literal('duplicate'), Type.Literal('rejected')]),
  id: Type.Optional(Type.Integer()),
  designated: Type.Optional(Type.Boolean()),
  code: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
});

export const IngestResult = Type.Object({
  created: Type.Integer(),
  duplicate: Type.Integer(),
  rejected: Type.Integer(),
  items: Type.Array(IngestItemResult),
});

export const ManualBody = Type.Object(
  {
    vehicleId: Type.Integer({ minimum: 1 }),
    category: Type.String({ enum: [...TX_CATEGORIES] }),
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 9999999.99, multipleOf: 0.01 }),
    occurredAt: DateTime,
    providerId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    quantity: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 99999999 }))),
    odometerKm: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 999999999 }))),
    place: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);

export const LedgerQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

const CategoryAmounts = Type.Object({
  fuel: Type.Number(),
  repair: Type.Number(),
  insurance: Type.Number(),
  toll: Type.Number(),
  parking: Type.Number(),
  other: Type.Number(),
  total: Type.Number(),
  txCount: Type.Integer(),
  designatedCount: Type.Integer(),
});

export const CostLedger = Type.Object({
  vehicleId: Type.Integer(),
  plate: Type.String(),
  unitName: Type.String(),
  year: Type.Integer(),
  months: Type.Array(Type.Object({ month: Type.String({ description: 'YYYY-MM' }), ...CategoryAmounts.properties })),
  total: CategoryAmounts,
});
