import type { Db } from '../../db/connection.js';

/** A trip from a finished dispatch; the trigger adds it to fleet_vehicle_day. */
export async function insertDispatchTrip(tx: Db, v: { vehicleId: number; dispatchId: number; startedAt: Date; endedAt: Date; km: number }) {
  return tx
    .insertInto('fleet_trip')
    .values({ vehicle_id: v.vehicleId, dispatch_id: v.dispatchId, source: 'dispatch', started_at: v.startedAt, ended_at: v.endedAt, km: v.km })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function findTripOfDispatch(db: Db, dispatchId: number) {
  return db.selectFrom('fleet_trip').select(['id', 'km', 'started_at', 'ended_at']).where('dispatch_id', '=', dispatchId).executeTakeFirst();
}
