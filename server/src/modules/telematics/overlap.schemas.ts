import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间）' });

export const OverlapQuery = Type.Object({
  from: DateOnly,
  to: DateOnly,
  groupBy: Type.Optional(Type.Union([Type.Literal('unit'), Type.Literal('region'), Type.Literal('day')], { default: 'unit' })),
});

export const OverlapGroup = Type.Object({
  key: Type.String({ description: '单位 id、地市代码（省本级为空）或日期' }),
  name: Type.String(),
  totalKm: Type.Number({ description: '总车公里（GPS 轨迹）' }),
  redundantKm: Type.Number({ description: '冗余车公里' }),
  rate: Nullable(Type.Number({ description: '轨迹重叠率 = 冗余车公里 ÷ 总车公里（0–1）' })),
  avoidableCost: Type.Number({ description: '可避免费用（元）= 冗余里程 × 单位当月单公里运行维护费' }),
  vehicleDays: Type.Integer({ description: '有 GPS 行程的车日数' }),
});

export const OverlapReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: Type.String(),
  definition: Type.String(),
  total: OverlapGroup,
  groups: Type.Array(OverlapGroup),
});

export const OverlapPair = Type.Object({
  day: Type.String(),
  vehicleA: Type.Integer(),
  plateA: Type.String(),
  vehicleB: Type.Integer(),
  plateB: Type.String(),
  tripA: Nullable(Type.Integer()),
  tripB: Nullable(Type.Integer()),
  unitId: Type.Integer(),
  unitName: Type.String(),
  sharedKeys: Type.Integer({ description: '共享时空键数' }),
  sharedKm: Type.Number({ description: '同行里程（公里）' }),
  overlap: Type.Number({ description: '同行里程 ÷ 较短行程里程（0–1）' }),
  firstAt: Type.String(),
  lastAt: Type.String(),
  link: Type.String(),
});

export const PairFilters = {
  day: Type.Optional(DateOnly),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  plate: Type.Optional(Type.String({ maxLength: 10 })),
};

export const ComputeBody = Type.Object({ day: DateOnly });

export const ComputeResult = Type.Object({
  day: Type.String(),
  vehicles: Type.Integer(),
  trips: Type.Integer(),
  points: Type.Integer(),
  samples: Type.Integer(),
  totalKm: Type.Number(),
  redundantKm: Type.Number(),
  rate: Nullable(Type.Number()),
  pairs: Type.Integer(),
  units: Type.Integer(),
  ms: Type.Object({ read: Type.Number(), keys: Type.Number(), group: Type.Number(), write: Type.Number() }),
});
