import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

/**
 * Positions (tm_position, partitioned by Beijing day), the terminals' latest fix and the detector checkpoints.
 * Every write here is set-based: one statement for a whole batch, arrays bound as parameters and unnested.
 */

/** Creates the Beijing day's partition of tm_position when missing (idempotent, safe concurrently). */
export async function ensurePositionPartition(db: Db, day: string): Promise<void> {
  await sql`SELECT tm_position_partition(${day}::date)`.execute(db);
}

/** Column arrays of a batch of positions, index-aligned. Times are epoch milliseconds. */
export interface PositionColumns {
  vehicleId: number[];
  fixMs: number[];
  lat: number[];
  lon: number[];
  altitude: number[];
  speed: number[];
  direction: number[];
  alarm: number[];
  status: number[];
  odometer: (number | null)[];
  fuel: (number | null)[];
  backfill: boolean[];
}

/**
 * A PostgreSQL array literal of numbers, booleans or nulls, built in one join: several times cheaper than the
 * driver's element-by-element array serialisation at thousands of rows per batch.
 */
export function pgArray(values: readonly (number | boolean | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += ',';
    out += v === null || v === undefined ? 'NULL' : v === true ? 't' : v === false ? 'f' : String(v);
  }
  return `${out}}`;
}

export function emptyPositionColumns(): PositionColumns {
  return { vehicleId: [], fixMs: [], lat: [], lon: [], altitude: [], speed: [], direction: [], alarm: [], status: [], odometer: [], fuel: [], backfill: [] };
}

/**
 * Inserts a batch in one statement; rows already stored (same vehicle and fix time) are skipped. With `returning`,
 * returns the rows actually inserted, as (vehicle, fix-time ms); without, nothing (rows known to be new).
 */
export async function insertPositions(tx: Db, c: PositionColumns, returning: boolean): Promise<{ vehicle_id: number; ms: number }[]> {
  if (c.vehicleId.length === 0) return [];
  const r = await sql<{ vehicle_id: number; ms: number }>`
    INSERT INTO tm_position (vehicle_id, fix_time, lat, lon, altitude, speed, direction, alarm, status, odometer, fuel, backfill)
    SELECT u.v, to_timestamp(u.t / 1000.0), u.la, u.lo, u.al, u.sp, u.di, u.ar, u.st, u.od, u.fu, u.bf
    FROM unnest(${pgArray(c.vehicleId)}::int[], ${pgArray(c.fixMs)}::float8[], ${pgArray(c.lat)}::int[], ${pgArray(c.lon)}::int[],
                ${pgArray(c.altitude)}::int2[], ${pgArray(c.speed)}::int2[], ${pgArray(c.direction)}::int2[], ${pgArray(c.alarm)}::int[],
                ${pgArray(c.status)}::int[], ${pgArray(c.odometer)}::int[], ${pgArray(c.fuel)}::int[], ${pgArray(c.backfill)}::bool[])
         AS u(v, t, la, lo, al, sp, di, ar, st, od, fu, bf)
    ON CONFLICT (vehicle_id, fix_time) DO NOTHING
    ${returning ? sql`RETURNING vehicle_id, round(extract(epoch FROM fix_time) * 1000)::int8 AS ms` : sql``}`.execute(tx);
  return r.rows;
}

/** The stored fixes after each vehicle's checkpoint (the detector replays them after a restart), in time order. */
export async function findFixesAfter(db: Db, rows: { vehicleId: number; afterMs: number }[]) {
  if (rows.length === 0) return [];
  const r = await sql<{ vehicle_id: number; t: number; lat: number; lon: number; speed: number; status: number }>`
    SELECT p.vehicle_id, round(extract(epoch FROM p.fix_time) * 1000)::int8 AS t, p.lat, p.lon, p.speed, p.status
    FROM unnest(${rows.map((x) => x.vehicleId)}::int[], ${rows.map((x) => x.afterMs)}::float8[]) AS u(v, s)
    JOIN tm_position p ON p.vehicle_id = u.v AND p.fix_time > to_timestamp(u.s / 1000.0)
    ORDER BY p.vehicle_id, p.fix_time`.execute(db);
  return r.rows;
}

/** The figures the pipeline needs about a vehicle: its unit (for the hooks) and whether a terminal is bound. */
export async function findIngestVehicles(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('fleet_vehicle as v')
    .leftJoin('tm_terminal as t', 't.vehicle_id', 'v.id')
    .select(['v.id', 'v.unit_id', 'v.terminal_phone', 't.vehicle_id as terminal_row'])
    .where('v.id', 'in', ids)
    .execute();
}

/** Vehicles by plate or terminal phone, for the HTTP ingest. */
export async function findVehiclesByPlateOrPhone(db: Db, plates: string[], phones: string[]) {
  if (plates.length === 0 && phones.length === 0) return [];
  return db
    .selectFrom('fleet_vehicle')
    .select(['id', 'plate', 'terminal_phone', 'status'])
    .where((eb) =>
      eb.or([
        ...(plates.length ? [eb('plate', 'in', plates)] : []),
        ...(phones.length ? [eb('terminal_phone', 'in', phones)] : []),
      ]),
    )
    .execute();
}

/** Creates the session rows of terminals bound to these vehicles (for the latest fix of forwarded positions). */
export async function ensureTerminalRows(tx: Db, vehicleIds: number[]): Promise<void> {
  if (vehicleIds.length === 0) return;
  await sql`
    INSERT INTO tm_terminal (vehicle_id, phone)
    SELECT v.id, v.terminal_phone FROM fleet_vehicle v WHERE v.id = ANY(${vehicleIds}::int[]) AND v.terminal_phone IS NOT NULL
    ON CONFLICT DO NOTHING`.execute(tx);
}

/** Each vehicle's newest fix of the batch; written only where newer than what the terminal row holds. */
export interface LatestFix {
  vehicleId: number;
  fixMs: number;
  lat: number;
  lon: number;
  speed: number;
  direction: number;
  alarm: number;
  status: number;
}

export async function updateLatestFixes(tx: Db, rows: LatestFix[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    UPDATE tm_terminal t SET last_fix_at = to_timestamp(u.t / 1000.0), last_lat = u.la, last_lon = u.lo, last_speed = u.sp,
                             last_direction = u.di, last_alarm = u.ar, last_status = u.st
    FROM unnest(${rows.map((r) => r.vehicleId)}::int[], ${rows.map((r) => r.fixMs)}::float8[], ${rows.map((r) => r.lat)}::int[],
                ${rows.map((r) => r.lon)}::int[], ${rows.map((r) => r.speed)}::int2[], ${rows.map((r) => r.direction)}::int2[],
                ${rows.map((r) => r.alarm)}::int[], ${rows.map((r) => r.status)}::int[]) AS u(v, t, la, lo, sp, di, ar, st)
    WHERE t.vehicle_id = u.v AND (t.last_fix_at IS NULL OR t.last_fix_at < to_timestamp(u.t / 1000.0))`.execute(tx);
}

/** The detector checkpoints of these vehicles. */
export async function findMotionStates(db: Db, vehicleIds: number[]) {
  if (vehicleIds.length === 0) return [];
  return db
    .selectFrom('tm_motion')
    .select(['vehicle_id', 'state', sql<number>`round(extract(epoch FROM last_fix_at) * 1000)::int8`.as('last_ms')])
    .where('vehicle_id', 'in', vehicleIds)
    .execute();
}

export async function upsertMotionStates(tx: Db, rows: { vehicleId: number; lastMs: number; state: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO tm_motion AS m (vehicle_id, last_fix_at, state, updated_at)
    SELECT u.v, to_timestamp(u.t / 1000.0), u.s::jsonb, now()
    FROM unnest(${rows.map((r) => r.vehicleId)}::int[], ${rows.map((r) => r.lastMs)}::float8[], ${rows.map((r) => r.state)}::text[]) AS u(v, t, s)
    ON CONFLICT (vehicle_id) DO UPDATE SET last_fix_at = excluded.last_fix_at, state = excluded.state, updated_at = excluded.updated_at`.execute(tx);
}

/** Queues vehicle-days for re-detection (late or back-filled points). */
export async function queueRedetect(tx: Db, rows: { vehicleId: number; day: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO tm_redetect (vehicle_id, day)
    SELECT u.v, u.d FROM unnest(${rows.map((r) => r.vehicleId)}::int[], ${rows.map((r) => r.day)}::date[]) AS u(v, d)
    ON CONFLICT (vehicle_id, day) DO UPDATE SET queued_at = excluded.queued_at`.execute(tx);
}
