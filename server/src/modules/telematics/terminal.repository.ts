import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

/**
 * The terminal side of a car (tm_terminal): registration, auth code, authentication, online flag. The binding of a
 * terminal to a car is fleet_vehicle.terminal_phone; phones are compared without leading zeros (2013 frames carry
 * 12 BCD digits, 2019 frames 20, the archive 11–20).
 */

/** The vehicle whose terminal has this phone (compared without leading zeros). */
export async function findVehicleByTerminalPhone(db: Db, phoneKey: string) {
  return db
    .selectFrom('fleet_vehicle')
    .select(['id', 'plate', 'unit_id', 'status', 'terminal_phone'])
    .where(sql<string>`ltrim(terminal_phone, '0')`, '=', phoneKey)
    .executeTakeFirst();
}

export interface Registration {
  vehicleId: number;
  phone: string;
  protocol: '2013' | '2019';
  authCode: string;
  manufacturer: string;
  model: string;
  terminalId: string;
}

/**
 * Records a registration and its auth code. A phone moved from another car takes its session row with it (the
 * other car's terminal row goes: the binding in the archive has changed).
 */
export async function saveRegistration(tx: Db, r: Registration) {
  await tx.deleteFrom('tm_terminal').where('phone', '=', r.phone).where('vehicle_id', '<>', r.vehicleId).execute();
  const values = {
    phone: r.phone,
    protocol: r.protocol,
    auth_code: r.authCode,
    manufacturer: r.manufacturer.slice(0, 40),
    terminal_model: r.model.slice(0, 60),
    terminal_id: r.terminalId.slice(0, 60),
    registered_at: sql<Date>`now()`,
    last_seen_at: sql<Date>`now()`,
  };
  await tx
    .insertInto('tm_terminal')
    .values({ vehicle_id: r.vehicleId, ...values })
    .onConflict((oc) => oc.column('vehicle_id').doUpdateSet(values))
    .execute();
}

/** The session row of the terminal with this phone, with its auth code. */
export async function findTerminalForAuth(db: Db, vehicleId: number) {
  return db.selectFrom('tm_terminal').select(['vehicle_id', 'phone', 'auth_code']).where('vehicle_id', '=', vehicleId).executeTakeFirst();
}

export async function markAuthenticated(db: Db, vehicleId: number, v: { protocol: '2013' | '2019'; imei?: string; firmware?: string }) {
  await db
    .updateTable('tm_terminal')
    .set({
      protocol: v.protocol,
      authenticated_at: sql<Date>`now()`,
      last_seen_at: sql<Date>`now()`,
      online: true,
      ...(v.imei ? { imei: v.imei.slice(0, 40) } : {}),
      ...(v.firmware ? { firmware: v.firmware.slice(0, 60) } : {}),
    })
    .where('vehicle_id', '=', vehicleId)
    .execute();
}

/** Terminals heard from just now (one statement for many). */
export async function touchTerminals(db: Db, vehicleIds: number[]) {
  if (vehicleIds.length === 0) return;
  await sql`UPDATE tm_terminal SET last_seen_at = now(), online = true WHERE vehicle_id = ANY(${vehicleIds}::int[])`.execute(db);
}

export async function markOffline(db: Db, vehicleIds: number[]) {
  if (vehicleIds.length === 0) return;
  await sql`UPDATE tm_terminal SET online = false WHERE vehicle_id = ANY(${vehicleIds}::int[]) AND online`.execute(db);
}

/** At gateway start nobody is connected, whatever the table says after a crash. */
export async function markAllOffline(db: Db) {
  await sql`UPDATE tm_terminal SET online = false WHERE online`.execute(db);
}
