import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

export interface AlertVehicle {
  vehicle_id: number;
  unit_id: number;
  unit_path: string;
  region_path: string;
  plate: string;
  status: string;
  /** null: no state saved yet */
  last_fix_at: Date | null;
  state: unknown;
}

/**
 * The vehicles of a batch with their alert state. Not locked: a car's points arrive over one terminal connection, one
 * batch after another, and every alert is idempotent on its subject (a batch evaluated twice raises nothing new).
 */
export async function findAlertStates(db: Db, vehicleIds: number[]): Promise<AlertVehicle[]> {
  if (!vehicleIds.length) return [];
  const r = await sql<AlertVehicle>`
    SELECT v.id AS vehicle_id, v.unit_id, v.unit_path::text AS unit_path, v.region_path::text AS region_path, v.plate, v.status, s.last_fix_at, s.state
    FROM fleet_vehicle v LEFT JOIN tm_alert_state s ON s.vehicle_id = v.id
    WHERE v.id = ANY(${vehicleIds}::int[])
    ORDER BY v.id`.execute(db);
  return r.rows;
}

/** Saves the states that changed (most batches change none: no episode running). */
export async function saveAlertStates(tx: Db, rows: { vehicle_id: number; last_fix_at: string; state: unknown }[]) {
  if (!rows.length) return;
  await sql`
    INSERT INTO tm_alert_state AS s (vehicle_id, last_fix_at, state)
    SELECT x.vehicle_id, x.last_fix_at, x.state
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(vehicle_id int, last_fix_at timestamptz, state jsonb)
    ORDER BY x.vehicle_id
    ON CONFLICT (vehicle_id) DO UPDATE SET last_fix_at = greatest(s.last_fix_at, excluded.last_fix_at), state = excluded.state, updated_at = now()`.execute(tx);
}

export interface AlertInsert {
  kind: string;
  subject_key: string;
  title: string;
  severity: 'high' | 'medium' | 'low';
  unit_id: number;
  link: string;
  evidence: unknown;
}

export interface RaisedAlert {
  id: number;
  kind: string;
  title: string;
  unit_id: number;
  link: string | null;
}

/**
 * Raises telematics alerts: one warning per (kind, subject); a subject names an episode (a trip, a speeding run …),
 * so an episode that was already raised — open, handled or dismissed — is never raised again.
 */
export async function insertAlerts(tx: Db, rows: AlertInsert[]): Promise<RaisedAlert[]> {
  if (!rows.length) return [];
  const r = await sql<RaisedAlert>`
    INSERT INTO warning (module, kind, subject_key, title, severity, unit_id, link, evidence)
    SELECT 'fleet', x.kind, x.subject_key, left(x.title, 200), x.severity, x.unit_id, x.link, x.evidence
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x(kind text, subject_key text, title text, severity text, unit_id int, link text, evidence jsonb)
    WHERE NOT EXISTS (SELECT 1 FROM warning w WHERE w.kind = x.kind AND w.subject_key = x.subject_key)
    ON CONFLICT (kind, subject_key) WHERE status IN ('open', 'acknowledged') DO NOTHING
    RETURNING id::int AS id, kind, title, unit_id, link`.execute(tx);
  return r.rows;
}

export interface GeofenceRow {
  id: number;
  name: string;
  shape: string;
  region_code: string | null;
  geometry: unknown;
  rule: string;
  applies_to: string;
  unit_path: string;
  region_path: string;
}

export async function findActiveGeofences(db: Db): Promise<GeofenceRow[]> {
  return db
    .selectFrom('tm_geofence')
    .select(['id', 'name', 'shape', 'region_code', 'geometry', 'rule', 'applies_to', sql<string>`unit_path::text`.as('unit_path'), sql<string>`region_path::text`.as('region_path')])
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

export interface TripVehicle {
  vehicle_id: number;
  plate: string;
  unit_id: number;
}

export async function findVehiclesForAlerts(db: Db, ids: number[]): Promise<TripVehicle[]> {
  if (!ids.length) return [];
  return db.selectFrom('fleet_vehicle').select(['id as vehicle_id', 'plate', 'unit_id']).where('id', 'in', ids).execute();
}

/** Working day or not, for each of these Beijing days (the one SQL definition, is_working_day). */
export async function findWorkingDays(db: Db, days: string[]): Promise<Map<string, boolean>> {
  if (!days.length) return new Map();
  const r = await sql<{ day: string; working: boolean }>`
    SELECT to_char(d, 'YYYY-MM-DD') AS day, is_working_day(d) AS working FROM unnest(${days}::date[]) AS d`.execute(db);
  return new Map(r.rows.map((x) => [x.day, x.working]));
}

export interface OfflineTerminal {
  vehicle_id: number;
  plate: string;
  unit_id: number;
  phone: string;
  last_seen_at: Date | null;
  last_fix_at: Date | null;
  last_lat: number | null;
  last_lon: number | null;
}

/** In-use cars whose terminal has sent nothing since the cutoff (a terminal that was never seen counts from binding). */
export async function findOfflineTerminals(db: Db, cutoff: Date): Promise<OfflineTerminal[]> {
  const r = await sql<OfflineTerminal>`
    SELECT v.id AS vehicle_id, v.plate, v.unit_id, t.phone, t.last_seen_at, t.last_fix_at, t.last_lat, t.last_lon
    FROM tm_terminal t JOIN fleet_vehicle v ON v.id = t.vehicle_id
    WHERE v.status = 'in_use' AND t.last_seen_at IS NOT NULL AND t.last_seen_at < ${cutoff}
    ORDER BY v.id`.execute(db);
  return r.rows;
}
