import { Type } from 'typebox';
import { Nullable } from '../../platform/http/schemas.js';
import { PANEL_SORTS } from './analysis.service.js';

export const PanelQuery = Type.Object({
  from: Type.String({ pattern: '^\\d{4}-\\d{2}(-\\d{2})?$', description: '起始月（YYYY-MM 或该月任一日期；按整月统计）' }),
  to: Type.String({ pattern: '^\\d{4}-\\d{2}(-\\d{2})?$', description: '截止月（YYYY-MM 或该月任一日期；含该月）' }),
  groupBy: Type.Optional(Type.Union([Type.Literal('unit'), Type.Literal('region'), Type.Literal('month')], { default: 'unit' })),
  utilisation: Type.Optional(Type.Union([Type.Literal('trip_days'), Type.Literal('drive_hours'), Type.Literal('annual_km')], { default: 'trip_days' })),
  sort: Type.Optional(Type.Union(PANEL_SORTS.map((k) => Type.Literal(k)), { description: '分组排序字段（默认运行维护费）' })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: '每页分组数（合计与趋势始终按全部分组计算）' })),
});

const N = Nullable(Type.Number());

/** The figures of one group (or the total, or a month of the trend). Ratios are null when their base is zero. */
export const PanelFigures = Type.Object({
  vehicles: Type.Integer({ description: '在用车辆数' }),
  runningCost: Type.Number({ description: '运行维护费（元）' }),
  fuel: Type.Number(),
  repair: Type.Number(),
  insurance: Type.Number(),
  toll: Type.Number(),
  parking: Type.Number(),
  other: Type.Number(),
  km: Type.Number({ description: '自有车辆行驶里程（公里）' }),
  runningCostPerKm: N,
  budget: Type.Number({ description: '运行维护费预算（按期间折算，元）' }),
  budgetRate: N,
  rentalCost: Type.Number(),
  rentalKm: Type.Number(),
  rentals: Type.Integer(),
  rentalCostPerKm: N,
  rentalVsOwn: N,
  utilisation: N,
  utilisationUsed: Type.Number({ description: '使用率分子（天、小时或公里）' }),
  utilisationBase: Type.Number({ description: '使用率分母（天、小时或公里）' }),
  compliance: N,
  designatedCount: Type.Integer(),
  designatedBase: Type.Integer(),
  trackOverlap: Nullable(Type.Number({ description: '轨迹重叠率（冗余车公里 ÷ 总车公里，来自车辆定位的 H3 集合法）；期间无 GPS 行程时为 null' })),
});

export const PanelFigureDef = Type.Object({
  key: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  definition: Type.String(),
});

export const Panel = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  groupBy: Type.String(),
  utilisation: Type.String(),
  workingDays: Type.Integer(),
  workHoursPerDay: Type.Number(),
  annualKmTarget: Type.Number(),
  figures: Type.Array(PanelFigureDef),
  total: PanelFigures,
  groupCount: Type.Integer({ description: '分组总数（groups 为其中一页）' }),
  groups: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), ...PanelFigures.properties })),
  trend: Type.Array(Type.Object({ month: Type.String(), ...PanelFigures.properties })),
});
