import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

/** The vehicles of the caller's scope that carry a terminal (the archive's binding), with their terminal row if any. */
function boundVehicles(db: Db, scope: DataScope) {
  return db
    .selectFrom('fleet_vehicle as v')
    .leftJoin('tm_terminal as t', 't.vehicle_id', 'v.id')
    .where('v.terminal_phone', 'is not', null)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }));
}

// ------------------------------------------------------------------ live map

export interface LiveFilter {
  unitId?: number;
  online?: boolean;
  q?: string;
}

/**
 * Every visible vehicle with a terminal and its newest fix, for the live map. `online` counts only when the terminal
 * was heard within `timeoutS` seconds (a flag left behind by a restart does not show a car as online).
 */
export async function findLiveVehicles(db: Db, scope: DataScope, f: LiveFilter, timeoutS: number) {
  const online = sql<boolean>`coalesce(t.online and t.last_seen_at >= now() - make_interval(secs => ${timeoutS}), false)`;
  let q = boundVehicles(db, scope);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`v.unit_path <@ (select u.path from org u where u.id = ${f.unitId})`);
  if (f.q) q = q.where('v.plate', 'like', like(f.q.toUpperCase()));
  if (f.online !== undefined) q = q.where(f.online ? online : sql<boolean>`not ${online}`);
  return q
    .select([
      'v.id',
      'v.plate',
      'v.unit_id',
      'v.status',
      online.as('online'),
      sql<number | null>`extract(epoch from t.last_fix_at)::int`.as('fix_s'),
      't.last_lat',
      't.last_lon',
      't.last_speed',
      't.last_direction',
      't.last_alarm',
    ])
    .orderBy('v.id')
    .execute();
}
export type LiveRow = Awaited<ReturnType<typeof findLiveVehicles>>[number];

export async function findUnitNames(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('org').select(['id', 'name']).where('id', '=', sql<number>`any(${ids}::int[])`).execute();
}

// ------------------------------------------------------------------ one vehicle

/** A visible vehicle with a terminal: the archive side, the terminal's session side and the day's GPS figures. */
export async function findTrackedVehicle(db: Db, scope: DataScope, id: number, timeoutS: number, day: string) {
  return boundVehicles(db, scope)
    .innerJoin('org as o', 'o.id', 'v.unit_id')
    .leftJoin('fleet_vehicle_day as vd', (j) => j.onRef('vd.vehicle_id', '=', 'v.id').on('vd.day', '=', sql<Date>`${day}::date`))
    .where('v.id', '=', id)
    .select([
      'v.id',
      'v.plate',
      'v.brand',
      'v.model',
      'v.status',
      'v.unit_id',
      'o.name as unit_name',
      'v.terminal_phone',
      't.protocol',
      't.manufacturer',
      't.terminal_model',
      't.terminal_id',
      't.imei',
      't.firmware',
      't.registered_at',
      't.authenticated_at',
      't.last_seen_at',
      sql<boolean>`coalesce(t.online and t.last_seen_at >= now() - make_interval(secs => ${timeoutS}), false)`.as('online'),
      't.last_fix_at',
      't.last_lat',
      't.last_lon',
      't.last_speed',
      't.last_direction',
      't.last_alarm',
      't.last_status',
      sql<string>`coalesce(vd.gps_km, 0)::text`.as('gps_km'),
      sql<number>`coalesce(vd.gps_trips, 0)::int`.as('gps_trips'),
      sql<number>`coalesce(vd.gps_minutes, 0)::int`.as('gps_minutes'),
    ])
    .executeTakeFirst();
}
export type TrackedVehicleRow = NonNullable<Awaited<ReturnType<typeof findTrackedVehicle>>>;

// ------------------------------------------------------------------ track

export interface TrackPointRow {
  fix_time: Date;
  lat: number;
  lon: number;
  speed: number;
  direction: number;
  alarm: number;
  status: number;
  backfill: boolean;
  total: number;
}

/**
 * A vehicle's fixes in [from, to] by fix time. Above `maxPoints` every k-th fix is kept (k = ⌈n / maxPoints⌉), and
 * always the last one, so the path keeps its ends; `total` is the count before thinning.
 */
export async function findTrackPoints(db: Db, vehicleId: number, from: Date, to: Date, maxPoints: number): Promise<TrackPointRow[]> {
  const r = await sql<TrackPointRow>`
    SELECT fix_time, lat, lon, speed, direction, alarm, status, backfill, n::int AS total
    FROM (
      SELECT p.fix_time, p.lat, p.lon, p.speed, p.direction, p.alarm, p.status, p.backfill,
             row_number() OVER (ORDER BY p.fix_time) - 1 AS rn, count(*) OVER () AS n
      FROM tm_position p
      WHERE p.vehicle_id = ${vehicleId} AND p.fix_time >= ${from} AND p.fix_time <= ${to}
    ) x
    WHERE rn % greatest(1, ceil(n::numeric / ${maxPoints})::int) = 0 OR rn = n - 1
    ORDER BY fix_time`.execute(db);
  return r.rows;
}

/** Telematics trips of a vehicle that touch [from, to], in order. */
export async function findTripsInWindow(db: Db, vehicleId: number, from: Date, to: Date) {
  return db
    .selectFrom('fleet_trip')
    .select(['id', 'started_at', 'ended_at', 'km', 'max_speed', 'points', 'start_lat', 'start_lon', 'end_lat', 'end_lon', 'dispatch_id'])
    .where('vehicle_id', '=', vehicleId)
    .where('source', '=', 'telematics')
    .where('started_at', '<', to)
    .where('ended_at', '>', from)
    .orderBy('started_at')
    .execute();
}
export type WindowTripRow = Awaited<ReturnType<typeof findTripsInWindow>>[number];

// ------------------------------------------------------------------ trips list

export interface TripFilter {
  vehicleId?: number;
  plate?: string;
  unitId?: number;
  from?: string;
  to?: string;
  dispatch?: 'linked' | 'unlinked';
}

export function tripListQuery(db: Db, scope: DataScope, f: TripFilter) {
  let q = db
    .selectFrom('fleet_trip as tr')
    .innerJoin('fleet_vehicle as v', 'v.id', 'tr.vehicle_id')
    .innerJoin('org as o', 'o.id', 'v.unit_id')
    .where('tr.source', '=', 'telematics')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }));
  if (f.vehicleId !== undefined) q = q.where('tr.vehicle_id', '=', f.vehicleId);
  if (f.plate) q = q.where('v.plate', 'like', like(f.plate.toUpperCase()));
  if (f.unitId !== undefined) q = q.where(sql<boolean>`v.unit_path <@ (select u.path from org u where u.id = ${f.unitId})`);
  // days are Beijing days
  if (f.from) q = q.where(sql<boolean>`tr.started_at >= (${f.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (f.to) q = q.where(sql<boolean>`tr.started_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (f.dispatch === 'linked') q = q.where('tr.dispatch_id', 'is not', null);
  if (f.dispatch === 'unlinked') q = q.where('tr.dispatch_id', 'is', null);
  return q;
}

export const selectTripColumns = <Q extends ReturnType<typeof tripListQuery>>(q: Q) =>
  q.select([
    'tr.id',
    'tr.vehicle_id',
    'v.plate',
    'v.unit_id',
    'o.name as unit_name',
    'tr.started_at',
    'tr.ended_at',
    sql<number>`ceil(extract(epoch from tr.ended_at - tr.started_at) / 60)::int`.as('minutes'),
    'tr.km',
    'tr.max_speed',
    'tr.points',
    'tr.start_lat',
    'tr.start_lon',
    'tr.end_lat',
    'tr.end_lon',
    'tr.dispatch_id',
  ]);
export type TripRow = Awaited<ReturnType<ReturnType<typeof selectTripColumns>['executeTakeFirstOrThrow']>>;

export const TRIP_SORTS = {
  startedAt: 'tr.started_at',
  endedAt: 'tr.ended_at',
  km: 'tr.km',
  maxSpeed: 'tr.max_speed',
  minutes: 'minutes',
  plate: 'v.plate',
  unitName: 'o.name',
};
