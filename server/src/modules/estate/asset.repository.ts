import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

/** Filters of the asset register (资产卡片台账). */
export interface CardFilter {
  cardNo?: string;
  name?: string;
  kind?: string;
  classCode?: string;
  status?: string;
  unitId?: number;
  regionCode?: string;
  compoundId?: number;
  buildingId?: number;
}

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

/** Net book value today, by the SQL function of the migration (straight-line, monthly, no residual). */
const NET_VALUE = sql<string>`asset_net_value(c.original_value, c.depreciation_years, c.acquired_on, current_date)`;

export function cardListQuery(db: Db, scope: DataScope, f: CardFilter) {
  let q = db
    .selectFrom('asset_card as c')
    .innerJoin('estate_compound as k', 'k.id', 'c.compound_id')
    .innerJoin('asset_class as ac', 'ac.code', 'c.class_code')
    .innerJoin('org as o', 'o.id', 'c.unit_id')
    .leftJoin('estate_building as b', 'b.id', 'c.building_id')
    .leftJoin('estate_room as r', 'r.id', 'c.room_id')
    .leftJoin('estate_structure as s', 's.code', 'c.structure_code')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'c.unit_path', regionPath: 'c.region_path', unitId: 'c.unit_id' }));
  if (f.cardNo) q = q.where('c.card_no', 'like', like(f.cardNo.toUpperCase()));
  if (f.name) q = q.where('c.name', 'like', like(f.name));
  if (f.kind) q = q.where('c.kind', '=', f.kind);
  if (f.classCode) q = q.where('c.class_code', '=', f.classCode);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`c.unit_path <@ (select u.path from org u where u.id = ${f.unitId})`);
  if (f.regionCode) q = q.where(sql<boolean>`c.region_path <@ region_code_path(${f.regionCode})`);
  if (f.compoundId !== undefined) q = q.where('c.compound_id', '=', f.compoundId);
  if (f.buildingId !== undefined) q = q.where('c.building_id', '=', f.buildingId);
  return q;
}

export const selectCardColumns = <Q extends ReturnType<typeof cardListQuery>>(q: Q) =>
  q.select([
    'c.id',
    'c.card_no',
    'c.kind',
    'c.class_code',
    'ac.name as class_name',
    'c.name',
    'c.compound_id',
    'k.name as compound_name',
    'c.building_id',
    'b.name as building_name',
    'b.build_year',
    'c.room_id',
    'r.room_no',
    'c.unit_id',
    'o.name as unit_name',
    'c.acquisition_method',
    sql<string>`to_char(c.acquired_on, 'YYYY-MM-DD')`.as('acquired_on'),
    'c.original_value',
    'c.area',
    'c.structure_code',
    's.name as structure_name',
    'c.depreciation_years',
    'c.cert_no',
    'c.status',
    sql<string | null>`to_char(c.disposed_on, 'YYYY-MM-DD')`.as('disposed_on'),
    NET_VALUE.as('net_value'),
    // an open application about the card, including an exchange that offers it as the counterpart
    sql<number | null>`(select a.id from estate_application a where a.status in ('pending', 'approved')
      and (a.card_id = c.id or (a.kind = 'exchange' and a.form->>'counterpartCardId' = c.id::text)) order by a.id limit 1)`.as('open_application_id'),
    'c.created_at',
    'c.updated_at',
  ]);

export type CardRow = Awaited<ReturnType<ReturnType<typeof selectCardColumns>['executeTakeFirstOrThrow']>>;

/** Sort fields of the register → column references (never user input). */
export const CARD_SORTS = {
  id: 'c.id',
  cardNo: 'c.card_no',
  name: 'c.name',
  acquiredOn: 'c.acquired_on',
  originalValue: 'c.original_value',
  netValue: 'net_value',
  area: 'c.area',
  status: 'c.status',
  updatedAt: 'c.updated_at',
};

export async function findCardInScope(db: Db, scope: DataScope, id: number): Promise<CardRow | undefined> {
  return selectCardColumns(cardListQuery(db, scope, {}).where('c.id', '=', id)).executeTakeFirst();
}

/** The card row itself, locked for the rest of the transaction. */
export async function lockCard(tx: Db, id: number) {
  return tx
    .selectFrom('asset_card')
    .select(['id', 'card_no', 'name', 'kind', 'status', 'unit_id', 'room_id', 'building_id', 'compound_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}
export type LockedCard = NonNullable<Awaited<ReturnType<typeof lockCard>>>;

export async function findCompoundInScope(db: Db, scope: DataScope, id: number) {
  return db
    .selectFrom('estate_compound as k')
    .select(['k.id', 'k.name', 'k.owner_unit_id'])
    .where('k.id', '=', id)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'k.unit_path', regionPath: 'k.region_path', unitId: 'k.owner_unit_id' }))
    .executeTakeFirst();
}

export async function findBuildingWithStructure(db: Db, id: number) {
  return db
    .selectFrom('estate_building as b')
    .innerJoin('estate_structure as s', 's.code', 'b.structure_code')
    .select(['b.id', 'b.compound_id', 'b.name', 'b.structure_code', 's.depreciation_years', 'b.build_year'])
    .where('b.id', '=', id)
    .executeTakeFirst();
}

export async function findRoomBasics(db: Db, id: number) {
  return db.selectFrom('estate_room').select(['id', 'building_id', 'compound_id', 'room_no', 'usable_area', 'status', 'unit_id']).where('id', '=', id).executeTakeFirst();
}

export async function findAssetClass(db: Db, code: string) {
  return db.selectFrom('asset_class').select(['code', 'name', 'kind']).where('code', '=', code).executeTakeFirst();
}

export async function findAssetClasses(db: Db) {
  return db.selectFrom('asset_class').select(['code', 'name', 'kind']).orderBy('code').execute();
}

export async function findStructures(db: Db) {
  return db.selectFrom('estate_structure').select(['code', 'name', 'depreciation_years']).orderBy('sort').execute();
}

export interface CardInsert {
  card_no: string;
  kind: string;
  class_code: string;
  name: string;
  compound_id: number;
  building_id: number | null;
  room_id: number | null;
  unit_id: number;
  acquisition_method: string;
  acquired_on: string;
  original_value: number;
  area: number | null;
  structure_code: string | null;
  depreciation_years: number | null;
  cert_no: string | null;
}

export async function insertCard(tx: Db, v: CardInsert) {
  return tx.insertInto('asset_card').values(v).returning('id').executeTakeFirstOrThrow();
}

export interface CardUpdate {
  name?: string;
  class_code?: string;
  acquisition_method?: string;
  acquired_on?: string;
  original_value?: number;
  area?: number | null;
  cert_no?: string | null;
}

export async function updateCard(tx: Db, id: number, v: CardUpdate) {
  await tx.updateTable('asset_card').set({ ...v, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function setCardStatus(tx: Db, id: number, status: string, disposedOn?: string) {
  await tx
    .updateTable('asset_card')
    .set({ status, updated_at: sql`now()`, ...(disposedOn ? { disposed_on: disposedOn } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function setCardUnit(tx: Db, id: number, unitId: number) {
  await tx.updateTable('asset_card').set({ unit_id: unitId, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export interface EventInsert {
  card_id: number;
  kind: 'register' | 'update' | 'attachment' | 'allocation' | 'exchange' | 'lease_in' | 'repair' | 'disposal' | 'status';
  phase: 'recorded' | 'applied' | 'approved' | 'rejected' | 'cancelled' | 'executed' | 'accepted' | 'written_off';
  application_id?: number | null;
  summary: string;
  detail?: Record<string, unknown>;
  actor_id: number | null;
}

export async function insertEvent(tx: Db, e: EventInsert) {
  await tx
    .insertInto('asset_event')
    .values({ ...e, summary: e.summary.slice(0, 300), detail: JSON.stringify(e.detail ?? {}), application_id: e.application_id ?? null })
    .execute();
}

export async function findEvents(db: Db, cardId: number) {
  return db
    .selectFrom('asset_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.kind', 'e.phase', 'e.application_id', 'e.summary', 'e.detail', 'e.at', 'u.display_name as actor_name'])
    .where('e.card_id', '=', cardId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

export async function findCardFiles(db: Db, cardId: number) {
  return db
    .selectFrom('asset_card_file as cf')
    .innerJoin('file as f', 'f.id', 'cf.file_id')
    .select(['f.id', 'f.name', 'f.size', 'f.mime', 'cf.category', 'f.created_at'])
    .where('cf.card_id', '=', cardId)
    .orderBy('f.created_at')
    .execute();
}

/** Marks an upload of this user as attached (only once); true when it was free to attach. */
export async function claimUpload(tx: Db, fileId: string, userId: number) {
  const r = await tx
    .updateTable('file')
    .set({ attached_at: sql`now()` })
    .where('id', '=', fileId)
    .where('uploaded_by', '=', userId)
    .where('attached_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
  return r;
}

export async function insertCardFile(tx: Db, cardId: number, fileId: string, category: string) {
  await tx.insertInto('asset_card_file').values({ card_id: cardId, file_id: fileId, category }).execute();
}

export async function findFileOfCard(db: Db, cardId: number, fileId: string) {
  return db
    .selectFrom('asset_card_file as cf')
    .innerJoin('file as f', 'f.id', 'cf.file_id')
    .select(['f.id', 'f.name', 'f.mime', 'f.content'])
    .where('cf.card_id', '=', cardId)
    .where('cf.file_id', '=', fileId)
    .executeTakeFirst();
}

/** Cards whose room is among these (live cards only), for moving them with their rooms. */
export async function findLiveRoomCards(db: Db, roomIds: number[]) {
  if (!roomIds.length) return [];
  return db
    .selectFrom('asset_card')
    .select(['id', 'room_id', 'unit_id', 'status'])
    .where('room_id', 'in', roomIds)
    .where('kind', '=', 'room')
    .where('status', '<>', 'disposed')
    .execute();
}
