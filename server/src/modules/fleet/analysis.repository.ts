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

/** One group × month of the panel, all sums (the ratios are made from them, so totals are exact). */
export interface PanelRow {
  gkey: string;
  month: string;
  working_days: number;
  days: number;
  year_fraction: string;
  vehicles: number;
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
}

/**
 * The key of a group, per table alias: the unit, the city (second level of the region path; provincial units fall
 * on the province), or one group for the whole scope when grouping by month.
 */
function groupKey(g: PanelGroupBy, alias: string): string {
  if (g === 'unit') return `${alias}.unit_id::text`;
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
  key: (alias: string) => unknown;
}

/**
 * The panel's one statement, written once for two renderers (Kysely for the API, plain text for the benchmark's
 * baseline). It reads only the rollups — fleet_cost_month, fleet_vehicle_day — plus rentals, budgets, vehicles and
 * the working calendar; never fleet_transaction.
 */
function panelStatement<T>(tag: Tag<T>, p: Parts): T {
  return tag`
WITH days AS (
  SELECT d::date AS day, is_working_day(d::date) AS working
  FROM generate_series(${p.from}::date, ${p.to}::date, interval '1 day') d
), months AS (
  SELECT date_trunc('month', day)::date AS month, count(*) FILTER (WHERE working)::int AS working_days, count(*)::int AS days,
         count(*)::numeric / (make_date(extract(year FROM min(day))::int + 1, 1, 1) - make_date(extract(year FROM min(day))::int, 1, 1)) AS year_fraction
  FROM days GROUP BY 1
), veh AS NOT MATERIALIZED (
  SELECT v.id, ${p.key('v')} AS gkey, (v.status = 'in_use' AND v.acquired_on <= ${p.to}::date) AS in_use
  FROM fleet_vehicle v WHERE ${p.veh}
), gveh AS (
  SELECT gkey, count(*) FILTER (WHERE in_use)::int AS vehicles FROM veh GROUP BY gkey
), cost AS (
  SELECT veh.gkey, cm.month,
         sum(cm.amount) FILTER (WHERE cm.category = 'fuel') AS fuel,
         sum(cm.amount) FILTER (WHERE cm.category = 'repair') AS repair,
         sum(cm.amount) FILTER (WHERE cm.category = 'insurance') AS insurance,
         sum(cm.amount) FILTER (WHERE cm.category = 'toll') AS toll,
         sum(cm.amount) FILTER (WHERE cm.category = 'parking') AS parking,
         sum(cm.amount) FILTER (WHERE cm.category = 'other') AS other,
         sum(cm.tx_count) FILTER (WHERE cm.category IN ('fuel', 'repair', 'insurance')) AS designated_base,
         sum(cm.designated_count) FILTER (WHERE cm.category IN ('fuel', 'repair', 'insurance')) AS designated_count
  FROM fleet_cost_month cm JOIN veh ON veh.id = cm.vehicle_id
  WHERE cm.month >= ${p.from}::date AND cm.month <= ${p.to}::date
  GROUP BY 1, 2
), use AS (
  SELECT veh.gkey, date_trunc('month', vd.day)::date AS month, sum(vd.km) AS km,
         sum(vd.km) FILTER (WHERE veh.in_use) AS inuse_km,
         sum(vd.drive_minutes) FILTER (WHERE veh.in_use) AS inuse_minutes,
         count(*) FILTER (WHERE veh.in_use AND vd.trips > 0 AND d.working) AS inuse_trip_days
  FROM fleet_vehicle_day vd JOIN veh ON veh.id = vd.vehicle_id JOIN days d ON d.day = vd.day
  WHERE vd.day >= ${p.from}::date AND vd.day <= ${p.to}::date
  GROUP BY 1, 2
), rental AS (
  SELECT ${p.key('r')} AS gkey, date_trunc('month', r.started_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
         sum(r.cost) AS rental_cost, sum(r.km) AS rental_km, count(*) AS rentals
  FROM fleet_rental r
  WHERE ${p.rental}
    AND r.started_at >= (${p.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND r.started_at < (${p.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
  GROUP BY 1, 2
), budget AS (
  SELECT ${p.key('o')} AS gkey, m.month,
         sum(b.running_cost * m.days / (make_date(b.year + 1, 1, 1) - make_date(b.year, 1, 1))) AS budget
  FROM fleet_budget b JOIN org o ON o.id = b.unit_id JOIN months m ON extract(year FROM m.month)::int = b.year
  WHERE ${p.org}
  GROUP BY 1, 2
), keys AS (
  SELECT gkey FROM gveh UNION SELECT gkey FROM cost UNION SELECT gkey FROM rental UNION SELECT gkey FROM budget
)
SELECT k.gkey, to_char(m.month, 'YYYY-MM') AS month, m.working_days, m.days, m.year_fraction::text AS year_fraction,
       coalesce(gv.vehicles, 0) AS vehicles,
       coalesce(c.fuel, 0)::text AS fuel, coalesce(c.repair, 0)::text AS repair, coalesce(c.insurance, 0)::text AS insurance,
       coalesce(c.toll, 0)::text AS toll, coalesce(c.parking, 0)::text AS parking, coalesce(c.other, 0)::text AS other,
       coalesce(c.designated_base, 0)::int AS designated_base, coalesce(c.designated_count, 0)::int AS designated_count,
       coalesce(u.km, 0)::text AS km, coalesce(u.inuse_km, 0)::text AS inuse_km, coalesce(u.inuse_minutes, 0)::int AS inuse_minutes,
       coalesce(u.inuse_trip_days, 0)::int AS inuse_trip_days,
       coalesce(r.rental_cost, 0)::text AS rental_cost, coalesce(r.rental_km, 0)::text AS rental_km, coalesce(r.rentals, 0)::int AS rentals,
       coalesce(bu.budget, 0)::text AS budget
FROM keys k CROSS JOIN months m
LEFT JOIN gveh gv ON gv.gkey = k.gkey
LEFT JOIN cost c ON c.gkey = k.gkey AND c.month = m.month
LEFT JOIN use u ON u.gkey = k.gkey AND u.month = m.month
LEFT JOIN rental r ON r.gkey = k.gkey AND r.month = m.month
LEFT JOIN budget bu ON bu.gkey = k.gkey AND bu.month = m.month
ORDER BY k.gkey, m.month`;
}

/** The 双费双率 panel's figures per group and month, for a caller's data scope. */
export async function findFleetPanel(db: Db, scope: DataScope, p: PanelParams): Promise<PanelRow[]> {
  const eb = expressionBuilder<DB, never>();
  const within = (cols: Parameters<typeof scopeFilter>[2]): Expression<SqlBool> => scopeFilter(eb as never, scope, cols);
  const q = panelStatement<RawBuilder<PanelRow>>(sql as unknown as Tag<RawBuilder<PanelRow>>, {
    from: p.from,
    to: p.to,
    veh: within({ orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }),
    rental: within({ orgPath: 'r.unit_path', regionPath: 'r.region_path', unitId: 'r.unit_id' }),
    org: within({ orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.id' }),
    key: (alias) => sql.raw(groupKey(p.groupBy, alias)),
  });
  // At province scale the statement's cost invites JIT compilation, which takes longer than it saves.
  return db.transaction().execute(async (tx) => {
    await sql`SET LOCAL jit = off`.execute(tx);
    return (await q.execute(tx)).rows;
  });
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
    key: (alias) => groupKey(p.groupBy, alias),
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
