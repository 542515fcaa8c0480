import { type Expression, expressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { DB } from '../../db/types.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

export type PanelGroupBy = 'unit' | 'region' | 'month';
export type PanelUtilisation = 'trip_days' | 'drive_hours' | 'annual_km';

export interface PanelParams {
  /** first day of the first month */
  from: string;
  /** last day of the last month */
  to: string;
  groupBy: PanelGroupBy;
  utilisation: PanelUtilisation;
}

/** Sums of one group over the period, or of one month over all groups (the ratios are made from them). */
export interface PanelSums {
  fuel: string;
  repair: string;
  insurance: string;
  toll: string;
  parking: string;
  other: string;
  designated_base: number;
  designated_count: number;
  km: string;
  inuse_km: string;
  inuse_minutes: number;
  inuse_trip_days: number;
  rental_cost: string;
  rental_km: string;
  rentals: number;
  budget: string;
  vehicles: number;
}

/** The panel's answer: a row per group (sums over the period), a row per month (sums over all groups), the calendar. */
export interface PanelData {
  groups: (PanelSums & { gkey: string })[];
  months: (PanelSums & { month: string; working_days: number; days: number; year_fraction: string })[];
}

/** A row of the panel statement: a group (month null), a month (gkey null), or the period's vehicles (both null). */
export interface PanelRow extends PanelSums {
  gkey: string | null;
  month: string | null;
  working_days: number | null;
  days: number | null;
  year_fraction: string | null;
}

/**
 * The key of a group, per table alias: the unit, the city (second level of the region path; provincial units fall
 * on the province), or one group for the whole scope when grouping by month.
 */
function groupKey(g: PanelGroupBy, alias: string, unitColumn = 'unit_id'): string {
  if (g === 'unit') return `${alias}.${unitColumn}::text`;
  if (g === 'region')
    return `CASE WHEN nlevel(${alias}.region_path) = 0 THEN '' ELSE ltree2text(subpath(${alias}.region_path, least(nlevel(${alias}.region_path), 2) - 1, 1)) END`;
  return `''`;
}

type Tag<T> = (strings: TemplateStringsArray, ...values: unknown[]) => T;

interface Parts {
  from: unknown;
  to: unknown;
  veh: unknown;
  rental: unknown;
  org: unknown;
  key: (alias: string, unitColumn?: string) => unknown;
}

/**
 * The panel's one statement, written once for two renderers (Kysely for the API, plain text for the benchmark's
 * baseline). It reads the unit-month rollup (fleet_unit_month, kept by triggers from the vehicle-day and
 * vehicle-month rollups), rentals, budgets, the vehicles (for the count in use) and the working calendar — never
 * transactions, trips or vehicle-days.
 *
 * Facts come pre-summed at two grains — per unit for the groups (month null), per month for the trend (group null) —
 * and one GROUPING SETS pass adds them up by group and by month; rentals (few) come at both grains at once. The
 * month-null row of the month set carries the count of cars in use; the null group of the group set is dropped.
 */
function panelStatement<T>(tag: Tag<T>, p: Parts): T {
  return tag`
WITH months AS (
  SELECT date_trunc('month', d)::date AS month,
         count(*) FILTER (WHERE is_working_day(d::date))::int AS working_days, count(*)::int AS days,
         count(*)::numeric / (make_date(extract(year FROM min(d))::int + 1, 1, 1) - make_date(extract(year FROM min(d))::int, 1, 1)) AS year_fraction
  FROM generate_series(${p.from}::date, ${p.to}::date, interval '1 day') d
  GROUP BY 1
), unit_sums AS MATERIALIZED (
  -- the period's sums per unit of the scope: the groups' facts, and the units whose months make the trend
  SELECT x.*, ${p.key('o', 'id')} AS gkey
  FROM (SELECT um.unit_id, sum(um.fuel) AS fuel, sum(um.repair) AS repair, sum(um.insurance) AS insurance, sum(um.toll) AS toll,
               sum(um.parking) AS parking, sum(um.other) AS other, sum(um.designated_base) AS designated_base,
               sum(um.designated_count) AS designated_count, sum(um.km) AS km, sum(um.inuse_km) AS inuse_km,
               sum(um.inuse_minutes) AS inuse_minutes, sum(um.inuse_trip_days) AS inuse_trip_days
        FROM fleet_unit_month um WHERE um.month >= ${p.from}::date AND um.month <= ${p.to}::date
        GROUP BY um.unit_id) x
  JOIN org o ON o.id = x.unit_id
  WHERE ${p.org}
), budgets AS MATERIALIZED (
  SELECT b.year, b.running_cost, ${p.key('o', 'id')} AS gkey
  FROM fleet_budget b JOIN org o ON o.id = b.unit_id
  WHERE ${p.org} AND b.year BETWEEN extract(year FROM ${p.from}::date) AND extract(year FROM ${p.to}::date)
), facts AS (
  SELECT s.gkey, NULL::date AS month, s.fuel, s.repair, s.insurance, s.toll, s.parking, s.other, s.designated_base, s.designated_count,
         s.km, s.inuse_km, s.inuse_minutes, s.inuse_trip_days, 0::numeric AS rental_cost, 0::numeric AS rental_km, 0 AS rentals,
         0::numeric AS budget, 0 AS vehicles
  FROM unit_sums s
  UNION ALL
  SELECT NULL, um.month, sum(um.fuel), sum(um.repair), sum(um.insurance), sum(um.toll), sum(um.parking), sum(um.other),
         sum(um.designated_base), sum(um.designated_count), sum(um.km), sum(um.inuse_km), sum(um.inuse_minutes), sum(um.inuse_trip_days),
         0, 0, 0, 0, 0
  FROM fleet_unit_month um JOIN unit_sums s ON s.unit_id = um.unit_id
  WHERE um.month >= ${p.from}::date AND um.month <= ${p.to}::date
  GROUP BY um.month
  UNION ALL
  SELECT ${p.key('r')}, date_trunc('month', r.started_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         r.cost, r.km, 1, 0, 0
  FROM fleet_rental r
  WHERE ${p.rental}
    AND r.started_at >= (${p.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND r.started_at < (${p.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
  UNION ALL
  -- budgets: a year's budget in proportion to the days of the period (per group) or of the month (per month)
  SELECT b.gkey, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b.running_cost * y.days / (make_date(b.year + 1, 1, 1) - make_date(b.year, 1, 1)), 0
  FROM budgets b JOIN (SELECT extract(year FROM month)::int AS year, sum(days) AS days FROM months GROUP BY 1) y ON y.year = b.year
  UNION ALL
  SELECT NULL, m.month, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, sum(b.running_cost) * m.days / (make_date(b.year + 1, 1, 1) - make_date(b.year, 1, 1)), 0
  FROM budgets b JOIN months m ON extract(year FROM m.month)::int = b.year
  GROUP BY m.month, m.days, b.year
  UNION ALL
  -- cars in use at the end of the period (month null: they count once per group, and once in the total)
  SELECT ${p.key('v')}, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*)
  FROM fleet_vehicle v
  WHERE ${p.veh} AND v.status = 'in_use' AND v.acquired_on <= ${p.to}::date
  GROUP BY 1
), sums AS (
  SELECT grouping(f.gkey) AS by_month, f.gkey, f.month,
         sum(f.fuel)::text AS fuel, sum(f.repair)::text AS repair, sum(f.insurance)::text AS insurance, sum(f.toll)::text AS toll,
         sum(f.parking)::text AS parking, sum(f.other)::text AS other,
         sum(f.designated_base)::int AS designated_base, sum(f.designated_count)::int AS designated_count,
         sum(f.km)::text AS km, sum(f.inuse_km)::text AS inuse_km, sum(f.inuse_minutes)::int AS inuse_minutes,
         sum(f.inuse_trip_days)::int AS inuse_trip_days,
         sum(f.rental_cost)::text AS rental_cost, sum(f.rental_km)::text AS rental_km, sum(f.rentals)::int AS rentals,
         sum(f.budget)::text AS budget, sum(f.vehicles)::int AS vehicles
  FROM facts f
  GROUP BY GROUPING SETS ((f.gkey), (f.month))
)
SELECT CASE WHEN s.by_month = 0 THEN s.gkey END AS gkey, to_char(coalesce(s.month, m.month), 'YYYY-MM') AS month, m.working_days, m.days,
       m.year_fraction::text AS year_fraction,
       s.fuel, s.repair, s.insurance, s.toll, s.parking, s.other, s.designated_base, s.designated_count, s.km, s.inuse_km,
       s.inuse_minutes, s.inuse_trip_days, s.rental_cost, s.rental_km, s.rentals, s.budget, s.vehicles
FROM (SELECT * FROM sums WHERE NOT (by_month = 0 AND gkey IS NULL)) s
FULL JOIN months m ON m.month = s.month AND s.by_month = 1
ORDER BY 1 NULLS FIRST, 2`;
}

const ZERO: PanelSums = {
  fuel: '0', repair: '0', insurance: '0', toll: '0', parking: '0', other: '0', designated_base: 0, designated_count: 0, km: '0',
  inuse_km: '0', inuse_minutes: 0, inuse_trip_days: 0, rental_cost: '0', rental_km: '0', rentals: 0, budget: '0', vehicles: 0,
};

/** Splits the statement's rows into groups, months (every month of the period, zeros where nothing happened) and the vehicles in use. */
export function panelDataOf(rows: PanelRow[]): PanelData & { vehicles: number } {
  const out: PanelData & { vehicles: number } = { groups: [], months: [], vehicles: 0 };
  for (const r of rows) {
    const { gkey, month, working_days, days, year_fraction, ...sums } = r;
    if (gkey !== null) out.groups.push({ ...sums, gkey });
    else if (working_days === null) out.vehicles = sums.vehicles; // the month-null row of the month grouping set
    else out.months.push({ ...(sums.fuel === null ? ZERO : sums), month: month!, working_days, days: days!, year_fraction: year_fraction! });
  }
  for (const m of out.months) m.vehicles = out.vehicles;
  return out;
}

/** The 双费双率 panel's sums per group and per month, for a caller's data scope. */
export async function findFleetPanel(db: Db, scope: DataScope, p: PanelParams): Promise<PanelData> {
  const eb = expressionBuilder<DB, never>();
  const within = (cols: Parameters<typeof scopeFilter>[2]): Expression<SqlBool> => scopeFilter(eb as never, scope, cols);
  const q = panelStatement<RawBuilder<PanelRow>>(sql as unknown as Tag<RawBuilder<PanelRow>>, {
    from: p.from,
    to: p.to,
    veh: within({ orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }),
    rental: within({ orgPath: 'r.unit_path', regionPath: 'r.region_path', unitId: 'r.unit_id' }),
    org: within({ orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.id' }),
    key: (alias, unitColumn) => sql.raw(groupKey(p.groupBy, alias, unitColumn)),
  });
  // At province scale the statement's cost invites JIT compilation, which takes longer than it saves.
  const rows = await db.transaction().execute(async (tx) => {
    await sql`SET LOCAL jit = off`.execute(tx);
    return (await q.execute(tx)).rows;
  });
  return panelDataOf(rows);
}

/**
 * The same aggregation as one plain SQL text with $1 (from) and $2 (to), for the whole province (no scope): the
 * benchmark's baseline. Run it with `query(text, values)` (after `SET jit = off`, as findFleetPanel does).
 */
export function fleetPanelRawSql(p: PanelParams): { text: string; values: string[] } {
  // every interpolation is a literal piece of SQL here: the placeholders, `true` for the scope, the group keys
  const text = panelStatement<string>((strings, ...pieces) => strings.reduce((out, s, i) => out + String(pieces[i - 1]) + s), {
    from: '$1',
    to: '$2',
    veh: 'true',
    rental: 'true',
    org: 'true',
    key: (alias, unitColumn) => groupKey(p.groupBy, alias, unitColumn),
  });
  return { text, values: [p.from, p.to] };
}

/** Names of the groups: units by id, regions by code. */
export async function findUnitNames(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('org').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function findRegionNames(db: Db, codes: string[]) {
  if (!codes.length) return [];
  return db.selectFrom('region').select(['code', 'name', 'level']).where('code', 'in', codes).execute();
}
