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
 * transactions, trips or vehicle-days — and sums by group and by month in one pass (GROUPING SETS).
 */
function panelStatement<T>(tag: Tag<T>, p: Parts): T {
  return tag`
WITH months AS (
  SELECT date_trunc('month', d)::date AS month,
         count(*) FILTER (WHERE is_working_day(d::date))::int AS working_days, count(*)::int AS days,
         count(*)::numeric / (make_date(extract(year FROM min(d))::int + 1, 1, 1) - make_date(extract(year FROM min(d))::int, 1, 1)) AS year_fraction
  FROM generate_series(${p.from}::date, ${p.to}::date, interval '1 day') d
  GROUP BY 1
), facts AS (
  SELECT ${p.key('o', 'id')} AS gkey, um.month, um.fuel, um.repair, um.insurance, um.toll, um.parking, um.other,
         um.designated_base, um.designated_count, um.km, um.inuse_km, um.inuse_minutes, um.inuse_trip_days,
         0::numeric AS rental_cost, 0::numeric AS rental_km, 0 AS rentals, 0::numeric AS budget, 0 AS vehicles
  FROM fleet_unit_month um JOIN org o ON o.id = um.unit_id
  WHERE ${p.org} AND um.month >= ${p.from}::date AND um.month <= ${p.to}::date
  UNION ALL
  SELECT ${p.key('r')}, date_trunc('month', r.started_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         r.cost, r.km, 1, 0, 0
  FROM fleet_rental r
  WHERE ${p.rental}
    AND r.started_at >= (${p.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND r.started_at < (${p.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
  UNION ALL
  SELECT ${p.key('o', 'id')}, m.month, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         b.running_cost * m.days / (make_date(b.year + 1, 1, 1) - make_date(b.year, 1, 1)), 0
  FROM fleet_budget b JOIN org o ON o.id = b.unit_id JOIN months m ON extract(year FROM m.month)::int = b.year
  WHERE ${p.org}
  UNION ALL
  -- cars in use at the end of the period (month null: they count once per group, and once in the total)
  SELECT ${p.key('v')}, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*)
  FROM fleet_vehicle v
  WHERE ${p.veh} AND v.status = 'in_use' AND v.acquired_on <= ${p.to}::date
  GROUP BY 1
), sums AS (
  SELECT CASE WHEN grouping(f.gkey) = 0 THEN f.gkey END AS gkey, CASE WHEN grouping(f.month) = 0 THEN f.month END AS month,
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
SELECT s.gkey, to_char(coalesce(s.month, m.month), 'YYYY-MM') AS month, m.working_days, m.days, m.year_fraction::text AS year_fraction,
       s.fuel, s.repair, s.insurance, s.toll, s.parking, s.other, s.designated_base, s.designated_count, s.km, s.inuse_km,
       s.inuse_minutes, s.inuse_trip_days, s.rental_cost, s.rental_km, s.rentals, s.budget, s.vehicles
FROM sums s FULL JOIN months m ON m.month = s.month AND s.gkey IS NULL
ORDER BY s.gkey NULLS FIRST, 2`;
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
