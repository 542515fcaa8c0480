import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';
import { idleRoomQuery } from './allocation.repository.js';

export type ApplicationKind = 'allocation' | 'exchange' | 'lease_in' | 'repair' | 'disposal';
export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'cancelled' | 'done';

export interface ApplicationFilter {
  kind?: string;
  status?: string;
  unitId?: number;
  cardId?: number;
}

export function applicationListQuery(db: Db, scope: DataScope, f: ApplicationFilter) {
  let q = db
    .selectFrom('estate_application as a')
    .innerJoin('org as o', 'o.id', 'a.unit_id')
    .innerJoin('app_user as u', 'u.id', 'a.created_by')
    .leftJoin('asset_card as c', 'c.id', 'a.card_id')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'a.unit_path', regionPath: 'a.region_path', unitId: 'a.unit_id' }));
  if (f.kind) q = q.where('a.kind', '=', f.kind);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`a.unit_path <@ (select x.path from org x where x.id = ${f.unitId})`);
  if (f.cardId !== undefined) q = q.where('a.card_id', '=', f.cardId);
  return q;
}

/**
 * Priority of a major repair (大中修排序), 0–100, computed from the fields the application carries:
 *  - age of the building: 30 × min(this year − build year, 50) / 50 (a 50-year-old building scores full);
 *  - wear grade: 完好 0 · 基本完好 8 · 一般损坏 20 · 严重损坏 30;
 *  - years since the last repair (or since it was built, when never repaired): 20 × min(years, 20) / 20;
 *  - energy use per m² and year: 20 × min(kWh/m²·年, 200) / 200 (200 kWh/m²·年 ≈ twice a typical office building).
 * Unknown build year or energy counts as 0 for that part. Higher is more urgent.
 */
export const REPAIR_PRIORITY = sql<string>`round((
    30.0 * least(greatest(extract(year from current_date)::int - coalesce((a.form->>'buildYear')::int, extract(year from current_date)::int), 0), 50) / 50
  + case a.form->>'wearGrade' when 'severely_damaged' then 30 when 'damaged' then 20 when 'basically_intact' then 8 else 0 end
  + 20.0 * least(greatest(extract(year from current_date)::int - coalesce((a.form->>'lastRepairYear')::int, (a.form->>'buildYear')::int, extract(year from current_date)::int), 0), 20) / 20
  + 20.0 * least(coalesce((a.form->>'energyUse')::numeric, 0), 200) / 200
  )::numeric, 1)`;

export const selectApplicationColumns = <Q extends ReturnType<typeof applicationListQuery>>(q: Q) =>
  q.select([
    'a.id',
    'a.kind',
    'a.card_id',
    'c.card_no',
    'c.name as card_name',
    'c.status as card_status',
    'a.unit_id',
    'o.name as unit_name',
    'a.title',
    'a.reason',
    'a.form',
    'a.status',
    'a.prior_status',
    'a.wf_instance_id',
    'a.created_by',
    'u.display_name as created_by_name',
    'a.created_at',
    'a.decided_at',
    'a.done_at',
    sql<string | null>`case when a.kind = 'repair' then ${REPAIR_PRIORITY} end`.as('priority'),
  ]);

export type ApplicationRow = Awaited<ReturnType<ReturnType<typeof selectApplicationColumns>['executeTakeFirstOrThrow']>>;

export const APPLICATION_SORTS = { id: 'a.id', createdAt: 'a.created_at', decidedAt: 'a.decided_at', status: 'a.status' };

export async function findApplicationInScope(db: Db, scope: DataScope, id: number): Promise<ApplicationRow | undefined> {
  return selectApplicationColumns(applicationListQuery(db, scope, {}).where('a.id', '=', id)).executeTakeFirst();
}

export async function findApplicationByKey(db: Db, userId: number, key: string) {
  return db.selectFrom('estate_application').select(['id']).where('created_by', '=', userId).where('request_key', '=', key).executeTakeFirst();
}

export async function lockApplication(tx: Db, id: number) {
  return tx
    .selectFrom('estate_application')
    .select(['id', 'kind', 'card_id', 'unit_id', 'status', 'prior_status', 'form', 'title', 'created_by'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}
export type LockedApplication = NonNullable<Awaited<ReturnType<typeof lockApplication>>>;

export interface ApplicationInsert {
  kind: ApplicationKind;
  card_id: number | null;
  unit_id: number;
  title: string;
  reason: string;
  form: Record<string, unknown>;
  prior_status: string | null;
  request_key: string;
  created_by: number;
}

export async function insertApplication(tx: Db, v: ApplicationInsert) {
  return tx
    .insertInto('estate_application')
    .values({ ...v, form: JSON.stringify(v.form) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function setApplicationInstance(tx: Db, id: number, instanceId: number) {
  await tx.updateTable('estate_application').set({ wf_instance_id: instanceId }).where('id', '=', id).execute();
}

/** Decides a pending application; `done` also closes it (for kinds whose approval is the whole change). */
export async function decideApplication(tx: Db, id: number, status: Exclude<ApplicationStatus, 'pending'>) {
  await tx
    .updateTable('estate_application')
    .set({ status, decided_at: sql`now()`, ...(status === 'done' ? { done_at: sql`now()` } : {}) })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Closes an approved application after its execution step, merging what was recorded into the form. */
export async function finishApplication(tx: Db, id: number, formPatch: Record<string, unknown>) {
  await tx
    .updateTable('estate_application')
    .set({ status: 'done', done_at: sql`now()`, form: sql`form || ${JSON.stringify(formPatch)}::jsonb` })
    .where('id', '=', id)
    .where('status', '=', 'approved')
    .execute();
}

export async function patchApplicationForm(tx: Db, id: number, formPatch: Record<string, unknown>) {
  await tx
    .updateTable('estate_application')
    .set({ form: sql`form || ${JSON.stringify(formPatch)}::jsonb` })
    .where('id', '=', id)
    .execute();
}

// ------------------------------------------------------------------ rooms (调剂 from the idle pool)

/** Rooms with their place, locked; only rooms visible to the caller's scope by region or by being idle in it. */
export async function lockRooms(tx: Db, roomIds: number[]) {
  if (!roomIds.length) return [];
  return tx
    .selectFrom('estate_room as r')
    .innerJoin('estate_building as b', 'b.id', 'r.building_id')
    .select(['r.id', 'r.room_no', 'r.status', 'r.unit_id', 'r.usable_area', 'r.region_path', 'r.building_id', 'b.name as building_name'])
    .where('r.id', 'in', roomIds)
    .orderBy('r.id')
    .forUpdate()
    .execute();
}

/** Of these rooms, the idle ones the applicant may ask for: the idle pool as the caller sees it (see idleRoomQuery). */
export async function findIdleRoomsInScope(db: Db, scope: DataScope, applicantUnitId: number, roomIds: number[]) {
  if (!roomIds.length) return [];
  return idleRoomQuery(db, scope, applicantUnitId, {}).select(['r.id']).where('r.id', 'in', roomIds).execute();
}

export async function claimRooms(tx: Db, applicationId: number, roomIds: number[]) {
  if (!roomIds.length) return;
  await tx.insertInto('estate_application_room').values(roomIds.map((room_id) => ({ application_id: applicationId, room_id }))).execute();
}

export async function closeClaims(tx: Db, applicationId: number) {
  await tx.updateTable('estate_application_room').set({ open: false }).where('application_id', '=', applicationId).where('open', '=', true).execute();
}

export async function findApplicationRooms(db: Db, applicationId: number) {
  return db
    .selectFrom('estate_application_room as ar')
    .innerJoin('estate_room as r', 'r.id', 'ar.room_id')
    .innerJoin('estate_building as b', 'b.id', 'r.building_id')
    .innerJoin('estate_compound as k', 'k.id', 'r.compound_id')
    .select(['r.id', 'r.room_no', 'r.usable_area', 'r.status', 'b.name as building_name', 'k.name as compound_name', 'ar.open'])
    .where('ar.application_id', '=', applicationId)
    .orderBy('r.id')
    .execute();
}

/** Hands rooms to a unit: in use by it, no department yet. */
export async function giveRoomsTo(tx: Db, roomIds: number[], unitId: number) {
  if (!roomIds.length) return;
  await tx
    .updateTable('estate_room')
    .set({ status: 'in_use', unit_id: unitId, department_id: null, updated_at: sql`now()` })
    .where('id', 'in', roomIds)
    .execute();
}

/** Rooms a card stands for: its room, or every room of its building; land has none. */
export async function findRoomsOfCard(db: Db, card: { kind: string; room_id: number | null; building_id: number | null }) {
  const q = db.selectFrom('estate_room as r').innerJoin('estate_building as b', 'b.id', 'r.building_id').select(['r.id', 'r.room_no', 'r.status', 'b.name as building_name']);
  if (card.kind === 'room' && card.room_id) return q.where('r.id', '=', card.room_id).execute();
  if (card.kind === 'building' && card.building_id) return q.where('r.building_id', '=', card.building_id).orderBy('r.id').execute();
  return [];
}

/** People sitting in these rooms today or later (腾退 not done). */
export async function findCurrentOccupants(db: Db, roomIds: number[]) {
  if (!roomIds.length) return [];
  return db
    .selectFrom('estate_occupancy as oc')
    .innerJoin('person as p', 'p.id', 'oc.person_id')
    .innerJoin('estate_room as r', 'r.id', 'oc.room_id')
    .innerJoin('estate_building as b', 'b.id', 'r.building_id')
    .select(['r.id as room_id', 'r.room_no', 'b.name as building_name', 'p.name as person_name'])
    .where('oc.room_id', 'in', roomIds)
    .where(sql<boolean>`oc.during && daterange(current_date, null)`)
    .orderBy('r.id')
    .execute();
}

export async function findOpenClaims(db: Db, roomIds: number[]) {
  if (!roomIds.length) return [];
  return db.selectFrom('estate_application_room').select(['room_id', 'application_id']).where('room_id', 'in', roomIds).where('open', '=', true).execute();
}

export async function disposeRooms(tx: Db, roomIds: number[]) {
  if (!roomIds.length) return;
  await tx
    .updateTable('estate_room')
    .set({ status: 'disposed', unit_id: null, department_id: null, updated_at: sql`now()` })
    .where('id', 'in', roomIds)
    .execute();
}

export async function setRoomUnit(tx: Db, roomId: number, unitId: number) {
  await tx
    .updateTable('estate_room')
    .set({ unit_id: unitId, department_id: null, status: sql`case when status = 'idle' then 'in_use' else status end`, updated_at: sql`now()` })
    .where('id', '=', roomId)
    .where('status', '<>', 'disposed')
    .execute();
}

export async function findBuildYear(db: Db, buildingId: number | null) {
  if (!buildingId) return null;
  const b = await db.selectFrom('estate_building').select('build_year').where('id', '=', buildingId).executeTakeFirst();
  return b?.build_year ?? null;
}

export async function findUnitBasics(db: Db, id: number) {
  return db.selectFrom('org').select(['id', 'name', 'level', 'kind']).where('id', '=', id).executeTakeFirst();
}

/** The units an approved allocation or exchange moved space between: the applicant and the previous users, from the timeline. */
export async function unitsTouchedBy(db: Db, applicationId: number, applicantUnitId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('asset_event')
    .select(sql<number | null>`(detail->>'fromUnitId')::int`.as('from_unit'))
    .where('application_id', '=', applicationId)
    .execute();
  return [...new Set([applicantUnitId, ...rows.map((r) => r.from_unit).filter((u): u is number => u !== null)])];
}
