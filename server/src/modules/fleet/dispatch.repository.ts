import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

/** Dispatch statuses that hold the car and the driver (the EXCLUDE constraints use the same list). */
export const LIVE_DISPATCH = ['assigned', 'started', 'finished'];

/** A vehicle the caller manages, locked. */
export async function lockVehicleInScope(tx: Db, scope: DataScope, id: number) {
  return tx
    .selectFrom('fleet_vehicle as v')
    .select(['v.id', 'v.plate', 'v.status', 'v.odometer_km', 'v.unit_id'])
    .where('v.id', '=', id)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }))
    .forUpdate()
    .executeTakeFirst();
}

export async function findDriverInScope(db: Db, scope: DataScope, id: number) {
  return db
    .selectFrom('fleet_driver as d')
    .innerJoin('person as p', 'p.id', 'd.person_id')
    .select(['d.id', 'd.status', 'd.person_id', 'p.name', 'd.licence_expires_on'])
    .where('d.id', '=', id)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'd.unit_path', regionPath: 'd.region_path', unitId: 'd.unit_id' }))
    .executeTakeFirst();
}

export async function findUsersOfPerson(db: Db, personId: number | null): Promise<number[]> {
  if (personId === null) return [];
  const rows = await db.selectFrom('app_user').select('id').where('person_id', '=', personId).where('status', '=', 'active').execute();
  return rows.map((r) => r.id);
}

export interface DispatchInsert {
  request_id: number;
  vehicle_id: number;
  driver_id: number;
  during: string;
  emergency: boolean;
  dispatched_by: number;
}

export async function insertDispatch(tx: Db, v: DispatchInsert) {
  return tx
    .insertInto('fleet_dispatch')
    .values(v)
    .returning(['id', 'recorded_at', sql<Date>`lower(during)`.as('starts_at')])
    .executeTakeFirstOrThrow();
}

/** A dispatch with its request's scope columns, locked; `scope` limits it to what the caller manages. */
export async function lockDispatchInScope(tx: Db, scope: DataScope, id: number) {
  return tx
    .selectFrom('fleet_dispatch as d')
    .innerJoin('fleet_request as r', 'r.id', 'd.request_id')
    .select(['d.id', 'd.request_id', 'd.status', 'd.vehicle_id', 'd.driver_id', 'r.requester_id', 'r.purpose', sql<Date>`lower(d.during)`.as('starts_at')])
    .where('d.id', '=', id)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'r.unit_path', regionPath: 'r.region_path', unitId: 'r.unit_id' }))
    .forUpdate(['d'])
    .executeTakeFirst();
}

/** A dispatch driven by this person (the driver's own task), locked. */
export async function lockOwnTask(tx: Db, personId: number, id: number) {
  return tx
    .selectFrom('fleet_dispatch as d')
    .innerJoin('fleet_driver as dr', 'dr.id', 'd.driver_id')
    .select(['d.id', 'd.request_id', 'd.status', 'd.vehicle_id', 'd.driver_id', 'd.start_odometer', 'd.started_at'])
    .where('d.id', '=', id)
    .where('dr.person_id', '=', personId)
    .forUpdate(['d'])
    .executeTakeFirst();
}

export async function updateDispatch(
  tx: Db,
  id: number,
  from: string[],
  set: { status: string; started_at?: ReturnType<typeof sql>; finished_at?: ReturnType<typeof sql>; start_odometer?: number; end_odometer?: number; exception_note?: string | null },
) {
  const r = await tx
    .updateTable('fleet_dispatch')
    .set(set as never)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returning(['id', 'started_at', 'finished_at', 'start_odometer', 'end_odometer', 'vehicle_id'])
    .executeTakeFirst();
  return r;
}

export async function setVehicleOdometer(tx: Db, vehicleId: number, km: number) {
  await tx
    .updateTable('fleet_vehicle')
    .set({ odometer_km: sql`greatest(odometer_km, ${km})`, updated_at: sql`now()` })
    .where('id', '=', vehicleId)
    .execute();
}

export async function lockVehicle(tx: Db, id: number) {
  return tx.selectFrom('fleet_vehicle').select(['id', 'plate', 'odometer_km', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Cars in scope free for the whole window (no live dispatch overlapping); sealed ones only for emergencies. */
export async function findFreeVehicles(db: Db, scope: DataScope, from: string, to: string, emergency: boolean, limit = 200) {
  return db
    .selectFrom('fleet_vehicle as v')
    .innerJoin('org as o', 'o.id', 'v.unit_id')
    .select(['v.id', 'v.plate', 'v.brand', 'v.model', 'v.seats', 'v.status', 'v.category_code', 'o.name as unit_name', 'v.odometer_km'])
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }))
    .where('v.status', 'in', emergency ? ['in_use', 'sealed'] : ['in_use'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('fleet_dispatch as d')
            .select(sql`1`.as('one'))
            .whereRef('d.vehicle_id', '=', 'v.id')
            .where('d.status', 'in', LIVE_DISPATCH)
            .where(sql<boolean>`d.during && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`),
        ),
      ),
    )
    .orderBy('v.status')
    .orderBy('v.plate')
    .limit(limit)
    .execute();
}

/** Active drivers in scope free for the whole window. */
export async function findFreeDrivers(db: Db, scope: DataScope, from: string, to: string, limit = 200) {
  return db
    .selectFrom('fleet_driver as dr')
    .innerJoin('person as p', 'p.id', 'dr.person_id')
    .innerJoin('org as o', 'o.id', 'dr.unit_id')
    .select(['dr.id', 'p.name', 'dr.licence_class', 'dr.licence_expires_on', 'o.name as unit_name'])
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'dr.unit_path', regionPath: 'dr.region_path', unitId: 'dr.unit_id' }))
    .where('dr.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('fleet_dispatch as d')
            .select(sql`1`.as('one'))
            .whereRef('d.driver_id', '=', 'dr.id')
            .where('d.status', 'in', LIVE_DISPATCH)
            .where(sql<boolean>`d.during && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`),
        ),
      ),
    )
    .orderBy('p.name')
    .limit(limit)
    .execute();
}

/** Dispatches (not cancelled) overlapping a window, with their request, car and driver; scoped by the request. */
export function dispatchQuery(db: Db) {
  return db
    .selectFrom('fleet_dispatch as d')
    .innerJoin('fleet_request as r', 'r.id', 'd.request_id')
    .innerJoin('org as o', 'o.id', 'r.unit_id')
    .innerJoin('fleet_vehicle as v', 'v.id', 'd.vehicle_id')
    .innerJoin('fleet_driver as dr', 'dr.id', 'd.driver_id')
    .innerJoin('person as dp', 'dp.id', 'dr.person_id')
    .select([
      'd.id',
      'd.request_id',
      'd.status',
      'd.emergency',
      'd.vehicle_id',
      'v.plate',
      sql<string>`v.brand || ' ' || v.model`.as('vehicle_model'),
      'v.odometer_km',
      'd.driver_id',
      'dp.name as driver_name',
      sql<Date>`lower(d.during)`.as('starts_at'),
      sql<Date>`upper(d.during)`.as('ends_at'),
      'd.recorded_at',
      'd.started_at',
      'd.finished_at',
      'd.start_odometer',
      'd.end_odometer',
      'd.exception_note',
      'r.purpose',
      'r.passengers',
      'r.origin',
      'r.destination',
      'o.name as unit_name',
    ]);
}
export type DispatchRow = Awaited<ReturnType<ReturnType<typeof dispatchQuery>['executeTakeFirstOrThrow']>>;

export async function findDispatchesOfDay(db: Db, scope: DataScope, from: string, to: string) {
  return dispatchQuery(db)
    .where((eb) =>
      eb.or([
        scopeFilter(eb, scope, { orgPath: 'r.unit_path', regionPath: 'r.region_path', unitId: 'r.unit_id' }),
        scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }),
      ]),
    )
    .where('d.status', '<>', 'cancelled')
    .where(sql<boolean>`d.during && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`)
    .orderBy(sql`lower(d.during)`)
    .limit(2000)
    .execute();
}

/** Cars shown on the board: those in scope in use or sealed, and any with a dispatch that day. */
export async function findBoardVehicles(db: Db, scope: DataScope, ids: number[], limit = 300) {
  return db
    .selectFrom('fleet_vehicle as v')
    .select(['v.id', 'v.plate', 'v.brand', 'v.model', 'v.status', 'v.seats'])
    .where((eb) =>
      eb.or([
        eb.and([scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }), eb('v.status', 'in', ['in_use', 'sealed'])]),
        ...(ids.length ? [eb('v.id', 'in', ids)] : []),
      ]),
    )
    .orderBy(sql`v.id = any(${ids.length ? ids : [0]}::int[])`, 'desc')
    .orderBy('v.plate')
    .limit(limit)
    .execute();
}

export async function findBoardDrivers(db: Db, scope: DataScope, ids: number[], limit = 300) {
  return db
    .selectFrom('fleet_driver as dr')
    .innerJoin('person as p', 'p.id', 'dr.person_id')
    .select(['dr.id', 'p.name', 'dr.status', 'dr.licence_class'])
    .where((eb) =>
      eb.or([
        eb.and([scopeFilter(eb, scope, { orgPath: 'dr.unit_path', regionPath: 'dr.region_path', unitId: 'dr.unit_id' }), eb('dr.status', '=', 'active')]),
        ...(ids.length ? [eb('dr.id', 'in', ids)] : []),
      ]),
    )
    .orderBy(sql`dr.id = any(${ids.length ? ids : [0]}::int[])`, 'desc')
    .orderBy('p.name')
    .limit(limit)
    .execute();
}

/** The driver's own tasks: dispatches of the day, and any still under way whatever their day. */
export async function findOwnTasks(db: Db, personId: number, from: string, to: string) {
  return dispatchQuery(db)
    .where('dr.person_id', '=', personId)
    .where('d.status', '<>', 'cancelled')
    // the day's tasks, any still on the road, and those starting within a day after it (a 7 o'clock task is on the list the evening before)
    .where((eb) =>
      eb.or([
        eb('d.status', '=', 'started'),
        sql<boolean>`d.during && tstzrange(${from}::timestamptz, ${to}::timestamptz + interval '1 day', '[)')`,
      ]),
    )
    .orderBy(sql`lower(d.during)`)
    .limit(100)
    .execute();
}

export async function findOwnTask(db: Db, personId: number, id: number) {
  return dispatchQuery(db).where('dr.person_id', '=', personId).where('d.id', '=', id).executeTakeFirst();
}

/** 逾期补录 of an emergency dispatch: raised once per dispatch, on the platform's warning list. */
export async function raiseLateEmergencyWarning(tx: Db, v: { dispatchId: number; requestId: number; unitId: number; title: string; evidence: Record<string, unknown> }) {
  await sql`
    INSERT INTO warning (module, kind, subject_key, title, severity, unit_id, link, evidence)
    VALUES ('fleet', 'fleet.late-emergency-entry', ${`fleet_dispatch:${v.dispatchId}`}, ${v.title.slice(0, 200)}, 'medium', ${v.unitId},
            ${`/fleet/requests/${v.requestId}`}, ${JSON.stringify(v.evidence)}::jsonb)
    ON CONFLICT DO NOTHING`.execute(tx);
}
