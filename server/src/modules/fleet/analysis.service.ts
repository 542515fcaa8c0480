import type { Static } from 'typebox';
import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import { invalid } from '../../platform/errors.js';
import { findFleetPanel, findRegionNames, findUnitNames, type PanelGroupBy, type PanelSums, type PanelUtilisation } from './analysis.repository.js';
import type { Panel, PanelFigures } from './analysis.schemas.js';
import { findOverlapTotals } from '../telematics/overlap.repository.js';
import { OVERLAP_DEFINITION } from '../telematics/overlap.service.js';

type Figures = Static<typeof PanelFigures>;


const UTILISATION_DEFS: Record<PanelUtilisation, { name: string; unit: string; definition: (h: number, k: number) => string }> = {
  trip_days: { name: '使用率（出车天数）', unit: '%', definition: () => '在用车辆有出车记录的工作日数 ÷（期间工作日数 × 在用车辆数）；节假日出车不计入' },
  drive_hours: {
    name: '使用率（行驶时长）',
    unit: '%',
    definition: (h) => `在用车辆行驶小时数 ÷（期间工作日数 × 每日标准时长 ${h} 小时 × 在用车辆数）；时长来自行程记录`,
  },
  annual_km: {
    name: '使用率（年度里程）',
    unit: '%',
    definition: (_h, k) => `在用车辆行驶里程 ÷（单车年度目标里程 ${k} 公里 × 期间天数占全年天数的比例 × 在用车辆数）`,
  },
};

/** Each figure with its definition, shown next to it on the panel. */
export function figureDefinitions(u: PanelUtilisation, hours: number, km: number) {
  const ud = UTILISATION_DEFS[u];
  return [
    { key: 'vehicles', name: '在用车辆', unit: '辆', definition: '期末状态为在用、购置日期不晚于期末的车辆数（使用率的分母）' },
    { key: 'runningCost', name: '运行维护费', unit: '元', definition: '期间内燃料费、维修保养费、保险费、通行费、停车费及其他费用之和（按交易发生月份，北京时间）' },
    { key: 'runningCostPerKm', name: '单公里运行维护费', unit: '元/公里', definition: '运行维护费 ÷ 自有车辆期间行驶里程' },
    { key: 'budget', name: '运行维护费预算', unit: '元', definition: '各单位年度运行维护费预算按期间天数占全年天数折算' },
    { key: 'budgetRate', name: '预算执行率', unit: '%', definition: '运行维护费 ÷ 折算预算' },
    { key: 'rentalCost', name: '租赁费', unit: '元', definition: '期间内开始的租车订单费用之和' },
    { key: 'rentalCostPerKm', name: '租车单公里费用', unit: '元/公里', definition: '租赁费 ÷ 租车里程' },
    { key: 'rentalVsOwn', name: '租车与自有车费用比', unit: '倍', definition: '租车单公里费用 ÷ 自有车辆单公里运行维护费；大于 1 表示租车更贵' },
    { key: 'utilisation', name: ud.name, unit: ud.unit, definition: ud.definition(hours, km) },
    { key: 'compliance', name: '三定点合规率', unit: '%', definition: '燃料、维修、保险交易中，在定点服务商且在定点合同期内发生的笔数 ÷ 三类交易总笔数' },
    { key: 'trackOverlap', name: '轨迹重叠率', unit: '%', definition: `${OVERLAP_DEFINITION}按日计算（每日凌晨计算前一日），无 GPS 行程的期间为空。` },
  ];
}

/** Sums of rows, before ratios. */
interface Sums {
  vehicles: number;
  fuel: number;
  repair: number;
  insurance: number;
  toll: number;
  parking: number;
  other: number;
  km: number;
  budget: number;
  rentalCost: number;
  rentalKm: number;
  rentals: number;
  used: number;
  base: number;
  designatedCount: number;
  designatedBase: number;
  overlapKm: number;
  overlapRedundant: number;
}

const empty = (): Sums => ({
  vehicles: 0, fuel: 0, repair: 0, insurance: 0, toll: 0, parking: 0, other: 0, km: 0, budget: 0,
  rentalCost: 0, rentalKm: 0, rentals: 0, used: 0, base: 0, designatedCount: 0, designatedBase: 0, overlapKm: 0, overlapRedundant: 0,
});

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
const ratio = (a: number, b: number, d: number) => (b > 0 ? round(a / b, d) : null);

/** Adds a row of sums; `base` is what the utilisation is measured against for that row (see UTILISATION_DEFS). */
function add(s: Sums, r: PanelSums, u: PanelUtilisation, base: number) {
  for (const k of ['fuel', 'repair', 'insurance', 'toll', 'parking', 'other'] as const) s[k] += Number(r[k]);
  s.km += Number(r.km);
  s.budget += Number(r.budget);
  s.rentalCost += Number(r.rental_cost);
  s.rentalKm += Number(r.rental_km);
  s.rentals += r.rentals;
  s.designatedCount += r.designated_count;
  s.designatedBase += r.designated_base;
  s.vehicles += r.vehicles;
  s.used += u === 'trip_days' ? r.inuse_trip_days : u === 'drive_hours' ? r.inuse_minutes / 60 : Number(r.inuse_km);
  s.base += base;
}

function figures(s: Sums): Figures {
  const running = round(s.fuel + s.repair + s.insurance + s.toll + s.parking + s.other, 2);
  const ownPerKm = ratio(running, s.km, 2);
  const rentalPerKm = ratio(s.rentalCost, s.rentalKm, 2);
  return {
    vehicles: s.vehicles,
    runningCost: running,
    fuel: round(s.fuel, 2),
    repair: round(s.repair, 2),
    insurance: round(s.insurance, 2),
    toll: round(s.toll, 2),
    parking: round(s.parking, 2),
    other: round(s.other, 2),
    km: round(s.km, 2),
    runningCostPerKm: ownPerKm,
    budget: round(s.budget, 2),
    budgetRate: ratio(running, round(s.budget, 2), 4),
    rentalCost: round(s.rentalCost, 2),
    rentalKm: round(s.rentalKm, 2),
    rentals: s.rentals,
    rentalCostPerKm: rentalPerKm,
    rentalVsOwn: rentalPerKm !== null && ownPerKm ? round(s.rentalCost / s.rentalKm / (running / s.km), 4) : null,
    utilisation: ratio(s.used, s.base, 4),
    utilisationUsed: round(s.used, 2),
    utilisationBase: round(s.base, 2),
    compliance: ratio(s.designatedCount, s.designatedBase, 4),
    designatedCount: s.designatedCount,
    designatedBase: s.designatedBase,
    trackOverlap: ratio(s.overlapRedundant, s.overlapKm, 4),
  };
}

/** Normalises 'YYYY-MM' or a date to whole months: the first day of `from`'s month, the last of `to`'s. */
export function panelPeriod(from: string, to: string): { from: string; to: string } {
  const f = `${from.slice(0, 7)}-01`;
  const [y, m] = to.slice(0, 7).split('-').map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  if (Number.isNaN(Date.parse(f)) || Number.isNaN(Date.parse(t)) || m < 1 || m > 12) throw invalid('统计期间格式不正确');
  if (t < f) throw invalid('截止月不能早于起始月');
  if ((y - Number(f.slice(0, 4))) * 12 + m - Number(f.slice(5, 7)) >= 36) throw invalid('统计期间不能超过 36 个月');
  return { from: f, to: t };
}

/** What a group list can be sorted by: the figures, or the name. */
export const PANEL_SORTS = ['runningCost', 'runningCostPerKm', 'budgetRate', 'rentalCost', 'utilisation', 'compliance', 'km', 'vehicles', 'name'] as const;
export type PanelSort = (typeof PANEL_SORTS)[number];

export interface PanelQueryOptions {
  from: string;
  to: string;
  groupBy: PanelGroupBy;
  utilisation: PanelUtilisation;
  sort?: PanelSort;
  order?: 'asc' | 'desc';
  /** 1-based; with pageSize, a page of the groups (all groups when absent, for the export) */
  page?: number;
  pageSize?: number;
}

/**
 * The 双费双率 panel (运行维护费与租赁费，使用率与三定点合规率) for a scope: per group (sorted, a page of them), per month
 * (the trend) and in total, each ratio made from the summed parts so that the total is not an average of averages.
 */
export async function fleetPanel(
  db: Db,
  scope: DataScope,
  q: PanelQueryOptions,
  settings: { workHoursPerDay: number; annualKmTarget: number },
): Promise<Static<typeof Panel>> {
  const period = panelPeriod(q.from, q.to);
  const { workHoursPerDay: hours, annualKmTarget: target } = settings;
  const data = await findFleetPanel(db, scope, { ...period, groupBy: q.groupBy, utilisation: q.utilisation });
  // the utilisation base per vehicle: for one month, and for the whole period
  const perVehicle = (m: { working_days: number; year_fraction: string }) =>
    q.utilisation === 'trip_days' ? m.working_days : q.utilisation === 'drive_hours' ? m.working_days * hours : target * Number(m.year_fraction);
  const periodPerVehicle = data.months.reduce((a, m) => a + perVehicle(m), 0);
  // the trajectory-overlap rate (telematics): redundant and total GPS km per group and month
  const overlap = await findOverlapTotals(db, scope, period.from, period.to, q.groupBy);
  const byGroup = new Map<string, { km: number; redundant: number }>();
  const byMonth = new Map<string, { km: number; redundant: number }>();
  const sum = (m: Map<string, { km: number; redundant: number }>, k: string, o: (typeof overlap)[number]) => {
    const x = m.get(k) ?? { km: 0, redundant: 0 };
    x.km += o.total_km;
    x.redundant += o.redundant_km;
    m.set(k, x);
  };
  for (const o of overlap) {
    sum(byGroup, o.gkey, o);
    sum(byMonth, o.month, o);
  }
  const none = { km: 0, redundant: 0 };
  const withOverlap = (s: Sums, o: { km: number; redundant: number }) => {
    s.overlapKm += o.km;
    s.overlapRedundant += o.redundant;
    return s;
  };
  const total = empty();
  withOverlap(total, [...byMonth.values()].reduce((a, o) => ({ km: a.km + o.km, redundant: a.redundant + o.redundant }), none));
  const trend = data.months.map((m) => {
    const s = empty();
    add(s, m, q.utilisation, m.vehicles * perVehicle(m));
    withOverlap(s, byMonth.get(m.month) ?? none);
    add(total, { ...m, vehicles: 0 }, q.utilisation, m.vehicles * perVehicle(m));
    return { month: m.month, s };
  });
  total.vehicles = data.months[0]?.vehicles ?? 0;
  const names = new Map<string, string>();
  if (q.groupBy === 'unit') for (const u of await findUnitNames(db, data.groups.map((g) => Number(g.gkey)))) names.set(String(u.id), u.name);
  if (q.groupBy === 'region')
    for (const r of await findRegionNames(db, data.groups.map((g) => g.gkey).filter(Boolean))) names.set(r.code, r.level === 'province' ? `${r.name}（省本级）` : r.name);
  let groups =
    q.groupBy === 'month'
      ? trend.map(({ month, s }) => ({ key: month, name: `${month.slice(0, 4)}年${Number(month.slice(5))}月`, ...figures(s) }))
      : data.groups.map((g) => {
          const s = empty();
          add(s, g, q.utilisation, g.vehicles * periodPerVehicle);
          withOverlap(s, byGroup.get(g.gkey) ?? none);
          return { key: g.gkey, name: names.get(g.gkey) ?? (g.gkey || '未划分'), ...figures(s) };
        });
  const groupCount = groups.length;
  if (q.groupBy !== 'month' || q.sort) {
    const key = q.sort ?? 'runningCost';
    const dir = (q.order ?? (key === 'name' ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
    groups.sort((a, b) => {
      if (key === 'name') return dir * a.name.localeCompare(b.name, 'zh-CN');
      const x = a[key];
      const y = b[key];
      if (x === y) return a.key < b.key ? -1 : 1;
      if (x === null) return 1; // groups without the figure go last either way
      if (y === null) return -1;
      return dir * (x - y);
    });
  }
  if (q.page && q.pageSize) groups = groups.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return {
    ...period,
    groupBy: q.groupBy,
    utilisation: q.utilisation,
    workingDays: data.months.reduce((a, m) => a + m.working_days, 0),
    workHoursPerDay: hours,
    annualKmTarget: target,
    figures: figureDefinitions(q.utilisation, hours, target),
    total: figures(total),
    groupCount,
    groups,
    trend: trend.map(({ month, s }) => ({ month, ...figures(s) })),
  };
}
