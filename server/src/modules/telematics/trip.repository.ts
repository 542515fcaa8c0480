import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { TrackPoint } from './trip.detector.js';

/**
 * Telematics trips in fleet_trip (source 'telematics'; the triggers keep fleet_vehicle_day's gps_* figures) and
 * the re-detection queue. A trip is found again, not duplicated: (vehicle, start) is unique for telematics trips.
 */

export interface TripRow {
  vehicleId: number;
  startedMs: number;
  endedMs: number;
  km: number;
  startLat: number;
  startLon: number;
  endLat: number;
  endLon: number;
  maxSpeed: number;
  points: number;
}

/**
 * Inserts closed trips in one statement, each linked to the live dispatch of its vehicle whose period overlaps it
 * most (assigned, started or finished). A trip already stored (same vehicle and start) is skipped.
 */
export async function insertTelematicsTrips(tx: Db, trips: TripRow[]) {
  if (trips.length === 0) return [];
  const r = await sql<{ id: number; vehicle_id: number; dispatch_id: number | null; ms: number }>`
    INSERT INTO fleet_trip (vehicle_id, dispatch_id, source, started_at, ended_at, km, start_lat, start_lon, end_lat, end_lon, max_speed, points)
    SELECT u.v, d.id, 'telematics', lower(x.r), upper(x.r), u.km, u.sla, u.slo, u.ela, u.elo, u.ms, u.pts
    FROM unnest(${trips.map((t) => t.vehicleId)}::int[], ${trips.map((t) => t.startedMs)}::float8[], ${trips.map((t) => t.endedMs)}::float8[],
                ${trips.map((t) => t.km)}::numeric[], ${trips.map((t) => t.startLat)}::int[], ${trips.map((t) => t.startLon)}::int[],
                ${trips.map((t) => t.endLat)}::int[], ${trips.map((t) => t.endLon)}::int[], ${trips.map((t) => Math.min(32767, t.maxSpeed))}::int2[],
                ${trips.map((t) => t.points)}::int[]) AS u(v, s, e, km, sla, slo, ela, elo, ms, pts)
    CROSS JOIN LATERAL (SELECT tstzrange(to_timestamp(u.s / 1000.0), to_timestamp(u.e / 1000.0)) AS r) x
    LEFT JOIN LATERAL (
      SELECT fd.id FROM fleet_dispatch fd
      WHERE fd.vehicle_id = u.v AND fd.status IN ('assigned', 'started', 'finished') AND fd.during && x.r
      ORDER BY upper(fd.during * x.r) - lower(fd.during * x.r) DESC, fd.id
      LIMIT 1
    ) d ON true
    ON CONFLICT (vehicle_id, started_at) WHERE source = 'telematics' DO NOTHING
    RETURNING id, vehicle_id, dispatch_id, round(extract(epoch FROM started_at) * 1000)::int8 AS ms`.execute(tx);
  return r.rows;
}

/** The telematics trip of the vehicle that runs across `ms` (started before it, ended after it), if any. */
export async function findTripAcross(db: Db, vehicleId: number, ms: number) {
  const r = await sql<{ ms: number }>`
    SELECT round(extract(epoch FROM started_at) * 1000)::int8 AS ms FROM fleet_trip
    WHERE vehicle_id = ${vehicleId} AND source = 'telematics'
      AND started_at < to_timestamp(${ms} / 1000.0) AND ended_at > to_timestamp(${ms} / 1000.0)
    ORDER BY started_at LIMIT 1`.execute(db);
  return r.rows[0]?.ms;
}

/** Deletes the vehicle's telematics trips that start at or after `ms` (the trigger takes them off the daily figures). */
export async function deleteTelematicsTripsFrom(tx: Db, vehicleId: number, ms: number) {
  const r = await sql<{ s: number; e: number }>`
    DELETE FROM fleet_trip WHERE vehicle_id = ${vehicleId} AND source = 'telematics' AND started_at >= to_timestamp(${ms} / 1000.0)
    RETURNING round(extract(epoch FROM started_at) * 1000)::int8 AS s, round(extract(epoch FROM ended_at) * 1000)::int8 AS e`.execute(tx);
  return r.rows;
}

/** The vehicle's stored fixes from `ms` on, in time order, as the detector reads them. */
export async function findTrackFrom(db: Db, vehicleId: number, ms: number): Promise<TrackPoint[]> {
  const r = await sql<TrackPoint>`
    SELECT round(extract(epoch FROM fix_time) * 1000)::int8 AS t, lat, lon, speed, status FROM tm_position
    WHERE vehicle_id = ${vehicleId} AND fix_time >= to_timestamp(${ms} / 1000.0)
    ORDER BY fix_time`.execute(db);
  return r.rows;
}

/** Queued vehicle-days, oldest queued first. */
export async function findRedetectQueue(db: Db, limit: number) {
  return db
    .selectFrom('tm_redetect')
    .select(['vehicle_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day')])
    .orderBy('queued_at')
    .orderBy('vehicle_id')
    .limit(limit)
    .execute();
}

/** Takes the vehicle's queued days from `day` on off the queue (they were just re-detected). */
export async function deleteRedetectFrom(tx: Db, vehicleId: number, day: string) {
  await tx.deleteFrom('tm_redetect').where('vehicle_id', '=', vehicleId).where('day', '>=', sql<Date>`${day}::date`).execute();
}
