import type { Db } from '../../db/connection.js';

/** The first `count` vehicles (by id) bound to a terminal and not disposed of, for the simulator. */
export async function findVehiclesWithTerminal(db: Db, count: number) {
  return db
    .selectFrom('fleet_vehicle as v')
    .innerJoin('org as o', 'o.id', 'v.unit_id')
    .select(['v.id', 'v.plate', 'v.terminal_phone', 'o.region_code'])
    .where('v.terminal_phone', 'is not', null)
    .where('v.status', 'not in', ['disposed', 'pending_disposal'])
    .orderBy('v.id')
    .limit(count)
    .execute();
}
