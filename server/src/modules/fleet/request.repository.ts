import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'cancelled' | 'dispatched' | 'completed' | 'no_show';

export interface RequestFilter {
  status?: string;
  /** only the caller's own requests */
  requesterId?: number;
  emergency?: boolean;
  unitId?: number;
  /** windows touching [from, to) */
  from?: string;
  to?: string;
}

/** Requests in scope (仅本人 via person_id), each with its latest dispatch (car, driver) when there is one. */
export function requestListQuery(db: Db, scope: DataScope, f: RequestFilter) {
  let q = db
    .selectFrom('fleet_request as r')
    .innerJoin('org as o', 'o.id', 'r.unit_id')
    .innerJoin('app_user as u', 'u.id', 'r.requester_id')
    .leftJoinLateral(
      (eb) => eb.selectFrom('fleet_dispatch as x').selectAll('x').whereRef('x.request_id', '=', 'r.id').orderBy('x.id', 'desc').limit(1).as('d'),
      (join) => join.onTrue(),
    )
    .leftJoin('fleet_vehicle as v', 'v.id', 'd.vehicle_id')
    .leftJoin('fleet_driver as dr', 'dr.id', 'd.driver_id')
    .leftJoin('person as dp', 'dp.id', 'dr.person_id')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'r.unit_path', regionPath: 'r.region_path', unitId: 'r.unit_id', personId: 'r.person_id' }));
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.requesterId !== undefined) q = q.where('r.requester_id', '=', f.requesterId);
  if (f.emergency !== undefined) q = q.where('r.emergency', '=', f.emergency);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`r.unit_path <@ (select x.path from org x where x.id = ${f.unitId})`);
  if (f.from) q = q.where(sql<boolean>`upper(r.during) > ${f.from}::timestamptz`);
  if (f.to) q = q.where(sql<boolean>`lower(r.during) < ${f.to}::timestamptz`);
  return q;
}

export const selectRequestColumns = <Q extends ReturnType<typeof requestListQuery>>(q: Q) =>
  q.select([
    'r.id',
    'r.requester_id',
    'u.display_name as requester_name',
    'r.person_id',
    'r.unit_id',
    'o.name as unit_name',
    'r.purpose',
    'r.passengers',
    'r.origin',
    'r.destination',
    sql<Date>`lower(r.during)`.as('starts_at'),
    sql<Date>`upper(r.during)`.as('ends_at'),
    'r.emergency',
    'r.status',
    'r.wf_instance_id',
    'r.cancel_reason',
    'r.feedback_score',
    'r.feedback',
    'r.created_at',
    'd.id as dispatch_id',
    'd.status as dispatch_status',
    'd.vehicle_id',
    'v.plate',
    sql<string | null>`v.brand || ' ' || v.model`.as('vehicle_model'),
    'd.driver_id',
    'dp.name as driver_name',
    'd.recorded_at',
    'd.started_at',
    'd.finished_at',
    'd.start_odometer',
    'd.end_odometer',
    'd.exception_note',
    'd.dispatched_by',
    sql<boolean>`coalesce(d.emergency and d.recorded_at - lower(d.during) > make_interval(hours => coalesce((select (s.value #>> '{}')::int from setting s where s.key = 'fleet.emergency_entry_hours'), 24)), false)`.as(
      'late_entry',
    ),
    sql<string | null>`(select t.km from fleet_trip t where t.dispatch_id = d.id and t.source = 'dispatch')`.as('trip_km'),
  ]);

export type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequestColumns>['executeTakeFirstOrThrow']>>;

export const REQUEST_SORTS = { id: 'r.id', startsAt: 'r.during', createdAt: 'r.created_at', status: 'r.status' };

export async function findRequestInScope(db: Db, scope: DataScope, id: number): Promise<RequestRow | undefined> {
  return selectRequestColumns(requestListQuery(db, scope, {}).where('r.id', '=', id)).executeTakeFirst();
}

export async function findRequestByKey(db: Db, userId: number, key: string) {
  return db.selectFrom('fleet_request').select(['id']).where('requester_id', '=', userId).where('request_key', '=', key).executeTakeFirst();
}

export async function lockRequest(tx: Db, id: number) {
  return tx
    .selectFrom('fleet_request')
    .select([
      'id',
      'requester_id',
      'person_id',
      'unit_id',
      'status',
      'emergency',
      'purpose',
      'origin',
      'destination',
      'wf_instance_id',
      sql<Date>`lower(during)`.as('starts_at'),
      sql<Date>`upper(during)`.as('ends_at'),
      'during',
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}
export type LockedRequest = NonNullable<Awaited<ReturnType<typeof lockRequest>>>;

export interface RequestInsert {
  requester_id: number;
  person_id: number | null;
  unit_id: number;
  purpose: string;
  passengers: number;
  origin: string;
  destination: string;
  from: string;
  to: string;
  emergency: boolean;
  status: RequestStatus;
  request_key: string | null;
}

export async function insertRequest(tx: Db, v: RequestInsert) {
  const { from, to, ...rest } = v;
  return tx
    .insertInto('fleet_request')
    .values({ ...rest, during: sql<string>`tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')` })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function setRequestInstance(tx: Db, id: number, instanceId: number) {
  await tx.updateTable('fleet_request').set({ wf_instance_id: instanceId }).where('id', '=', id).execute();
}

/** Moves a request from one of `from` to `status`; false when it was not in one of them. */
export async function setRequestStatus(tx: Db, id: number, from: RequestStatus[], status: RequestStatus, extra: { cancel_reason?: string } = {}) {
  const r = await tx.updateTable('fleet_request').set({ status, ...extra }).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setFeedback(tx: Db, id: number, score: number, text: string) {
  const r = await tx
    .updateTable('fleet_request')
    .set({ feedback_score: score, feedback: text })
    .where('id', '=', id)
    .where('status', '=', 'completed')
    .where('feedback_score', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Active fleet managers whose unit's region contains the request's region (they are the ones who dispatch it). */
export async function findFleetManagersFor(db: Db, requestId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('user_role as ur', 'ur.user_id', 'u.id')
    .innerJoin('role as ro', 'ro.id', 'ur.role_id')
    .innerJoin('org as mo', 'mo.id', 'u.unit_id')
    .innerJoin('fleet_request as r', (j) => j.on('r.id', '=', requestId))
    .select('u.id')
    .distinct()
    .where('ro.code', '=', 'fleet_manager')
    .where('u.status', '=', 'active')
    .where(sql<boolean>`mo.region_path @> r.region_path`)
    .execute();
  return rows.map((r) => r.id);
}

/** Approved requests still without a car whose time window starts before `before` and has not ended yet. */
export async function findUndispatchedStartingBefore(db: Db, before: Date, now: Date) {
  return db
    .selectFrom('fleet_request')
    .select(['id', 'purpose', 'origin', 'destination', sql<Date>`lower(during)`.as('starts_at')])
    .where('status', '=', 'approved')
    .where(sql<boolean>`lower(during) < ${before}`)
    .where(sql<boolean>`upper(during) > ${now}`)
    .orderBy('id')
    .execute();
}
