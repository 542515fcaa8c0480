import { type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { DB } from '../../db/types.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

/** The Beijing day [start, end) as instants. */
export const dayBounds = (day: string) => ({ start: new Date(`${day}T00:00:00+08:00`), end: new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000) });

export interface DayTrip {
  id: number;
  vehicle_id: number;
  unit_id: number;
  /** epoch seconds */
  start_s: number;
  end_s: number;
}

/** The telematics trips that touch a Beijing day, by vehicle and start, with the car's current unit. */
export async function findDayTrips(db: Db, day: string): Promise<DayTrip[]> {
  const { start, end } = dayBounds(day);
  const r = await sql<DayTrip>`
    SELECT t.id::int AS id, t.vehicle_id, v.unit_id,
           floor(extract(epoch FROM t.started_at))::int AS start_s, ceil(extract(epoch FROM t.ended_at))::int AS end_s
    FROM fleet_trip t JOIN fleet_vehicle v ON v.id = t.vehicle_id
    WHERE t.source = 'telematics' AND t.started_at < ${end} AND t.ended_at > ${start}
    ORDER BY t.vehicle_id, t.started_at`.execute(db);
  return r.rows;
}

/**
 * The day's positions of these vehicles, one row per vehicle: (fix time in epoch seconds, lat, lon) as big-endian
 * int32 triples, packed by the database (a few bytes a point instead of a parsed row each); in fix-time order as the
 * primary key index hands them over — the caller checks and sorts when not.
 */
export async function findDayTracks(db: Db, day: string, vehicleIds: number[]): Promise<{ vehicle_id: number; pts: Uint8Array }[]> {
  if (!vehicleIds.length) return [];
  const { start, end } = dayBounds(day);
  const r = await sql<{ vehicle_id: number; pts: Uint8Array }>`
    SELECT p.vehicle_id,
           string_agg(int4send(extract(epoch FROM p.fix_time)::int) || int4send(p.lat) || int4send(p.lon), ''::bytea) AS pts
    FROM tm_position p
    WHERE p.fix_time >= ${start} AND p.fix_time < ${end} AND p.vehicle_id = ANY(${vehicleIds}::int[])
    GROUP BY p.vehicle_id`.execute(db);
  return r.rows;
}

export interface OverlapUnitRow {
  unit_id: number;
  total_km: number;
  redundant_km: number;
  vehicles: number;
}

export interface OverlapPairRow {
  vehicle_a: number;
  vehicle_b: number;
  trip_a: number | null;
  trip_b: number | null;
  unit_id: number;
  shared_keys: number;
  shared_km: number;
  overlap: number;
  first_at: string;
  last_at: string;
}

const CHUNK = 5000;

/** Replaces a day's figures and pairs (a day is computed again as a whole). */
export async function replaceOverlapDay(tx: Db, day: string, units: OverlapUnitRow[], pairs: OverlapPairRow[]) {
  await tx.deleteFrom('tm_overlap_pair').where('day', '=', sql<Date>`${day}::date`).execute();
  await tx.deleteFrom('tm_overlap_day').where('day', '=', sql<Date>`${day}::date`).execute();
  for (let i = 0; i < units.length; i += CHUNK) {
    const part = units.slice(i, i + CHUNK);
    await sql`
      INSERT INTO tm_overlap_day (day, unit_id, total_km, redundant_km, vehicles)
      SELECT ${day}::date, x.unit_id, round(x.total_km::numeric, 2), least(round(x.redundant_km::numeric, 2), round(x.total_km::numeric, 2)), x.vehicles
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS x(unit_id int, total_km float8, redundant_km float8, vehicles int)`.execute(tx);
  }
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const part = pairs.slice(i, i + CHUNK);
    await sql`
      INSERT INTO tm_overlap_pair (day, vehicle_a, vehicle_b, trip_a, trip_b, unit_id, shared_keys, shared_km, overlap, first_at, last_at)
      SELECT ${day}::date, x.vehicle_a, x.vehicle_b, x.trip_a, x.trip_b, x.unit_id, x.shared_keys, round(x.shared_km::numeric, 2),
             least(1, greatest(0, round(x.overlap::numeric, 4))), x.first_at, x.last_at
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb)
        AS x(vehicle_a int, vehicle_b int, trip_a bigint, trip_b bigint, unit_id int, shared_keys int, shared_km float8, overlap float8,
             first_at timestamptz, last_at timestamptz)`.execute(tx);
  }
}

// ------------------------------------------------------------------ reads

export type OverlapGroupBy = 'unit' | 'region' | 'month' | 'day';

export interface OverlapTotalRow {
  /** unit id, city code ('' = province level), '' when grouping by month, or the day (YYYY-MM-DD) */
  gkey: string;
  /** YYYY-MM */
  month: string;
  total_km: number;
  redundant_km: number;
  /** redundant km × the unit's running cost per km of that month (null parts count 0) */
  avoidable_cost: number;
  /** vehicle-days with GPS km */
  vehicle_days: number;
}

function overlapGroupKey(g: OverlapGroupBy) {
  if (g === 'unit') return sql<string>`o.id::text`;
  if (g === 'region')
    return sql<string>`CASE WHEN nlevel(o.region_path) = 0 THEN '' ELSE ltree2text(subpath(o.region_path, least(nlevel(o.region_path), 2) - 1, 1)) END`;
  if (g === 'day') return sql<string>`to_char(d.day, 'YYYY-MM-DD')`;
  return sql<string>`''`;
}

/**
 * 轨迹重叠率 per group and month for a caller's scope, from tm_overlap_day: total and redundant GPS km, and the
 * avoidable cost = redundant km × the unit's running cost per km of the month (the 双费双率 panel's own definition:
 * running cost ÷ km from the panel's unit-month rollup fleet_unit_month). The group keys
 * follow the panel's (unit id, city code with '' for provincial units, '' per month), plus 'day'.
 */
export async function findOverlapTotals(db: Db, scope: DataScope, from: string, to: string, groupBy: OverlapGroupBy): Promise<OverlapTotalRow[]> {
  const eb = expressionBuilder<DB, never>();
  const within: Expression<SqlBool> = scopeFilter(eb as never, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.id' });
  const r = await sql<OverlapTotalRow>`
    WITH d AS (
      SELECT d.day, d.unit_id, d.total_km, d.redundant_km, d.vehicles, date_trunc('month', d.day)::date AS month
      FROM tm_overlap_day d JOIN org o ON o.id = d.unit_id
      WHERE d.day >= ${from}::date AND d.day <= ${to}::date AND ${within}
    ), cost AS (
      -- the unit's running cost and km of the month, from the panel's own rollup
      SELECT um.unit_id, um.month, um.fuel + um.repair + um.insurance + um.toll + um.parking + um.other AS amount, um.km
      FROM fleet_unit_month um WHERE (um.unit_id, um.month) IN (SELECT unit_id, month FROM d)
    )
    SELECT ${overlapGroupKey(groupBy)} AS gkey, to_char(d.month, 'YYYY-MM') AS month,
           sum(d.total_km)::float8 AS total_km, sum(d.redundant_km)::float8 AS redundant_km,
           coalesce(sum(d.redundant_km * c.amount / nullif(c.km, 0)), 0)::float8 AS avoidable_cost,
           sum(d.vehicles)::int AS vehicle_days
    FROM d JOIN org o ON o.id = d.unit_id
    LEFT JOIN cost c ON c.unit_id = d.unit_id AND c.month = d.month
    GROUP BY 1, 2
    ORDER BY 1, 2`.execute(db);
  return r.rows;
}

/** Names of units and regions for group keys. */
export async function findGroupNames(db: Db, unitIds: number[], regionCodes: string[]) {
  const [units, regions] = await Promise.all([
    unitIds.length ? db.selectFrom('org').select(['id', 'name']).where('id', 'in', unitIds).execute() : [],
    regionCodes.length ? db.selectFrom('region').select(['code', 'name']).where('code', 'in', regionCodes).execute() : [],
  ]);
  return { units, regions };
}

export const PAIR_SORTS: Record<string, string> = {
  day: 'p.day',
  sharedKm: 'p.shared_km',
  overlap: 'p.overlap',
  firstAt: 'p.first_at',
  sharedKeys: 'p.shared_keys',
};

export function pairListQuery(db: Db, scope: DataScope, f: { day?: string; from?: string; to?: string; unitId?: number; plate?: string }) {
  let q = db
    .selectFrom('tm_overlap_pair as p')
    .innerJoin('fleet_vehicle as va', 'va.id', 'p.vehicle_a')
    .innerJoin('fleet_vehicle as vb', 'vb.id', 'p.vehicle_b')
    .innerJoin('org as o', 'o.id', 'p.unit_id')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'p.unit_path', regionPath: 'p.region_path', unitId: 'p.unit_id' }));
  if (f.day) q = q.where('p.day', '=', sql<Date>`${f.day}::date`);
  if (f.from) q = q.where('p.day', '>=', sql<Date>`${f.from}::date`);
  if (f.to) q = q.where('p.day', '<=', sql<Date>`${f.to}::date`);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`p.unit_path <@ (select u.path from org u where u.id = ${f.unitId})`);
  if (f.plate) {
    const like = `%${f.plate.replace(/[%_\\]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb('va.plate', 'like', like), eb('vb.plate', 'like', like)]));
  }
  return q;
}

export const selectPairColumns = <Q extends ReturnType<typeof pairListQuery>>(q: Q) =>
  q.select([
    sql<string>`to_char(p.day, 'YYYY-MM-DD')`.as('day'),
    'p.vehicle_a',
    'va.plate as plate_a',
    'p.vehicle_b',
    'vb.plate as plate_b',
    'p.trip_a',
    'p.trip_b',
    'p.unit_id',
    'o.name as unit_name',
    'p.shared_keys',
    'p.shared_km',
    'p.overlap',
    'p.first_at',
    'p.last_at',
  ]);

export type PairRow = Awaited<ReturnType<ReturnType<typeof selectPairColumns>['execute']>>[number];
