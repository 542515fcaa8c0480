import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import { scopeFilter } from '../../platform/access/scope.js';

/** Platform commands to terminals (tm_command): 0x8201 position query, 0x8202 temporary tracking. */

/** The vehicle, if the caller's data scope covers it. */
export async function findCommandVehicle(db: Db, scope: DataScope, id: number) {
  return db
    .selectFrom('fleet_vehicle as v')
    .select(['v.id', 'v.plate', 'v.terminal_phone'])
    .where('v.id', '=', id)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }))
    .executeTakeFirst();
}

export async function insertCommand(tx: Db, c: { vehicleId: number; messageId: number; params: Record<string, unknown>; requestedBy: number | null }) {
  return tx
    .insertInto('tm_command')
    .values({ vehicle_id: c.vehicleId, message_id: c.messageId, params: JSON.stringify(c.params), requested_by: c.requestedBy })
    .returning(['id', 'requested_at'])
    .executeTakeFirstOrThrow();
}

export async function setCommandSerial(db: Db, id: number, serial: number) {
  await db.updateTable('tm_command').set({ serial }).where('id', '=', id).execute();
}

export type CommandStatus = 'sent' | 'answered' | 'failed' | 'timeout' | 'offline';

export async function finishCommand(db: Db, id: number, status: Exclude<CommandStatus, 'sent'>, answer: unknown) {
  return db
    .updateTable('tm_command')
    .set({
      status,
      answer: answer === null ? null : JSON.stringify(answer),
      answered_at: status === 'answered' ? sql<Date>`now()` : null,
    })
    .where('id', '=', id)
    .returning(['answered_at'])
    .executeTakeFirstOrThrow();
}
