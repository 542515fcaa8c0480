import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { DB } from '../../db/types.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

/**
 * Who sees which space: it follows units, not places. A compound is visible through its owner unit (its org path and
 * its region), or through any room used by a unit in scope (a unit that uses rooms in another unit's compound sees
 * that compound, and only its own rooms in it). A room is visible through its using unit, or when its compound's owner
 * is in scope. A provincial compound in 历下区 therefore belongs to the province, and 济南 does not see it.
 */
export function compoundVisible(eb: ExpressionBuilder<DB, 'estate_compound'>, scope: DataScope, alias = 'c'): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  const own = scopeFilter(eb, scope, { regionPath: `${alias}.region_path`, orgPath: `${alias}.unit_path`, unitId: `${alias}.owner_unit_id` });
  const rooms = sql<SqlBool>`exists (select 1 from estate_room rr where rr.compound_id = ${sql.ref(`${alias}.id`)} and ${scopeFilter(
    eb as never,
    scope,
    { orgPath: 'rr.unit_path', regionPath: 'rr.region_path', unitId: 'rr.unit_id' },
  )})`;
  return eb.or([own, rooms]);
}

export function roomVisible(eb: ExpressionBuilder<DB, 'estate_room'>, scope: DataScope): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  return eb.or([
    scopeFilter(eb, scope, { regionPath: 'r.region_path', orgPath: 'r.unit_path', unitId: 'r.unit_id' }),
    sql<SqlBool>`exists (select 1 from estate_compound oc where oc.id = r.compound_id and ${scopeFilter(eb as never, scope, { orgPath: 'oc.unit_path', regionPath: 'oc.region_path', unitId: 'oc.owner_unit_id' })})`,
  ]);
}

// ---------------------------------------------------------------- compounds
export interface CompoundFilter {
  name?: string;
  regionCode?: string;
  ownerUnitId?: number;
}

export function compoundListQuery(db: Db, scope: DataScope, f: CompoundFilter) {
  let q = db.selectFrom('estate_compound as c').where((eb) => compoundVisible(eb as never, scope));
  if (f.name) q = q.where((eb) => eb.or([eb('c.name', 'like', like(f.name!)), eb('c.code', 'like', like(f.name!.toUpperCase()))]));
  if (f.regionCode) q = q.where(sql<boolean>`c.location_path <@ region_code_path(${f.regionCode})`);
  if (f.ownerUnitId !== undefined) q = q.where(sql<boolean>`c.unit_path <@ (select a.path from org a where a.id = ${f.ownerUnitId})`);
  return q;
}

export const selectCompoundColumns = <Q extends ReturnType<typeof compoundListQuery>>(q: Q) =>
  q
    .innerJoin('region as g', 'g.code', 'c.region_code')
    .innerJoin('org as u', 'u.id', 'c.owner_unit_id')
    .select([
      'c.id', 'c.code', 'c.name', 'c.address', 'c.region_code', 'g.name as region_name', 'c.owner_unit_id', 'u.name as owner_unit_name',
      'c.lng', 'c.lat', 'c.land_area', 'c.land_cert_no', 'c.created_at',
      sql<number>`(select count(*)::int from estate_building b where b.compound_id = c.id)`.as('buildings'),
      sql<string>`(select coalesce(sum(b.gross_area), 0) from estate_building b where b.compound_id = c.id)`.as('gross_area'),
    ]);

export type CompoundRow = Awaited<ReturnType<ReturnType<typeof selectCompoundColumns>['executeTakeFirstOrThrow']>>;

export async function findCompoundInScope(db: Db, scope: DataScope, id: number) {
  return selectCompoundColumns(compoundListQuery(db, scope, {}).where('c.id', '=', id)).executeTakeFirst();
}

export interface CompoundWrite {
  code: string;
  name: string;
  address: string;
  region_code: string;
  owner_unit_id: number;
  lng: number | null;
  lat: number | null;
  land_area: number | null;
  land_cert_no: string | null;
}

export async function insertCompound(db: Db, v: CompoundWrite) {
  return (await db.insertInto('estate_compound').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCompound(db: Db, id: number, v: CompoundWrite) {
  await db.updateTable('estate_compound').set({ ...v, updated_at: new Date() }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- buildings
export interface BuildingFilter {
  compoundId?: number;
  name?: string;
  structureCode?: string;
  regionCode?: string;
}

export function buildingListQuery(db: Db, scope: DataScope, f: BuildingFilter) {
  let q = db
    .selectFrom('estate_building as b')
    .innerJoin('estate_compound as c', 'c.id', 'b.compound_id')
    .where((eb) => compoundVisible(eb as never, scope));
  if (f.compoundId !== undefined) q = q.where('b.compound_id', '=', f.compoundId);
  if (f.name) q = q.where('b.name', 'like', like(f.name));
  if (f.structureCode) q = q.where('b.structure_code', '=', f.structureCode);
  if (f.regionCode) q = q.where(sql<boolean>`c.location_path <@ region_code_path(${f.regionCode})`);
  return q;
}

export const selectBuildingColumns = <Q extends ReturnType<typeof buildingListQuery>>(q: Q) =>
  q
    .innerJoin('estate_structure as s', 's.code', 'b.structure_code')
    .select([
      'b.id', 'b.compound_id', 'c.name as compound_name', 'c.code as compound_code', 'c.owner_unit_id', 'b.code', 'b.name', 'b.structure_code',
      's.name as structure_name', 'b.build_year', 'b.floors_above', 'b.floors_below', 'b.gross_area', 'b.usable_area', 'b.cert_no',
      'b.book_value', 'b.created_at',
      sql<number>`(select count(*)::int from estate_room r where r.building_id = b.id and r.status <> 'disposed')`.as('rooms'),
      sql<string>`(select coalesce(sum(r.usable_area), 0) from estate_room r where r.building_id = b.id and r.status <> 'disposed')`.as('rooms_usable_area'),
    ]);

export type BuildingRow = Awaited<ReturnType<ReturnType<typeof selectBuildingColumns>['executeTakeFirstOrThrow']>>;

export async function findBuildingInScope(db: Db, scope: DataScope, id: number) {
  return selectBuildingColumns(buildingListQuery(db, scope, {}).where('b.id', '=', id)).executeTakeFirst();
}

export interface BuildingWrite {
  compound_id: number;
  code: string;
  name: string;
  structure_code: string;
  build_year: number | null;
  floors_above: number;
  floors_below: number;
  gross_area: number;
  usable_area: number;
  cert_no: string | null;
  book_value: number | null;
}

export async function insertBuilding(db: Db, v: BuildingWrite) {
  return (await db.insertInto('estate_building').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateBuilding(db: Db, id: number, v: BuildingWrite) {
  await db.updateTable('estate_building').set({ ...v, updated_at: new Date() }).where('id', '=', id).execute();
}

/** The floor's id, created on first use. */
export async function ensureFloor(db: Db, buildingId: number, floorNo: number): Promise<number> {
  await db.insertInto('estate_floor').values({ building_id: buildingId, floor_no: floorNo }).onConflict((oc) => oc.doNothing()).execute();
  return (
    await db.selectFrom('estate_floor').select('id').where('building_id', '=', buildingId).where('floor_no', '=', floorNo).executeTakeFirstOrThrow()
  ).id;
}

// ---------------------------------------------------------------- rooms
export interface RoomFilter {
  compoundId?: number;
  buildingId?: number;
  floorNo?: number;
  roomNo?: string;
  unitId?: number;
  currentUse?: string;
  category?: string;
  status?: string;
  mismatch?: boolean;
  personId?: number;
  regionCode?: string;
}

export function roomListQuery(db: Db, scope: DataScope, f: RoomFilter, asOf: string) {
  let q = db
    .selectFrom('estate_room as r')
    .innerJoin('estate_floor as fl', 'fl.id', 'r.floor_id')
    .innerJoin('estate_building as b', 'b.id', 'r.building_id')
    .innerJoin('estate_compound as c', 'c.id', 'r.compound_id')
    .innerJoin('estate_use_class as cu', 'cu.code', 'r.current_use')
    .where((eb) => roomVisible(eb as never, scope));
  if (f.compoundId !== undefined) q = q.where('r.compound_id', '=', f.compoundId);
  if (f.buildingId !== undefined) q = q.where('r.building_id', '=', f.buildingId);
  if (f.floorNo !== undefined) q = q.where('fl.floor_no', '=', f.floorNo);
  if (f.roomNo) q = q.where('r.room_no', 'like', like(f.roomNo));
  if (f.unitId !== undefined) q = q.where(sql<boolean>`r.unit_path <@ (select a.path from org a where a.id = ${f.unitId})`);
  if (f.currentUse) q = q.where('r.current_use', '=', f.currentUse);
  if (f.category) q = q.where('cu.category', '=', f.category);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.mismatch) q = q.whereRef('r.current_use', '<>', 'r.designed_use');
  if (f.regionCode) q = q.where(sql<boolean>`r.location_path <@ region_code_path(${f.regionCode})`);
  if (f.personId !== undefined)
    q = q.where(sql<boolean>`exists (select 1 from estate_occupancy o where o.room_id = r.id and o.person_id = ${f.personId} and o.during @> ${asOf}::date)`);
  return q;
}

export const selectRoomColumns = (asOf: string) => <Q extends ReturnType<typeof roomListQuery>>(q: Q) =>
  q
    .innerJoin('estate_use_class as du', 'du.code', 'r.designed_use')
    .leftJoin('org as u', 'u.id', 'r.unit_id')
    .leftJoin('org as d', 'd.id', 'r.department_id')
    .select([
      'r.id', 'r.compound_id', 'c.name as compound_name', 'r.building_id', 'b.name as building_name', 'fl.floor_no', 'r.room_no',
      'r.gross_area', 'r.usable_area', 'r.designed_use', 'du.name as designed_use_name', 'r.current_use', 'cu.name as current_use_name',
      'cu.category', 'r.unit_id', 'u.name as unit_name', 'r.department_id', 'd.name as department_name', 'r.status',
      'r.attached_to_room_id', 'r.created_at', 'c.address', 'b.code as building_code', 'c.code as compound_code',
      sql<{ personId: number; name: string; rankName: string | null }[]>`(
        select coalesce(jsonb_agg(jsonb_build_object('personId', p.id, 'name', p.name, 'rankName', k.name) order by p.name), '[]'::jsonb)
        from estate_occupancy o join person p on p.id = o.person_id left join rank k on k.code = p.rank_code
        where o.room_id = r.id and o.during @> ${asOf}::date)`.as('occupants'),
      sql<string[]>`(
        select coalesce(array_agg(distinct w.kind), '{}') from warning w
        where w.status in ('open', 'acknowledged') and (w.subject_key = 'room:' || r.id or w.subject_key in (
          select 'person:' || o.person_id from estate_occupancy o where o.room_id = r.id and o.during @> ${asOf}::date)))`.as('finding_kinds'),
    ]);

export type RoomRow = Awaited<ReturnType<ReturnType<ReturnType<typeof selectRoomColumns>>['executeTakeFirstOrThrow']>>;

export async function findRoomInScope(db: Db, scope: DataScope, id: number, asOf: string) {
  return selectRoomColumns(asOf)(roomListQuery(db, scope, {}, asOf).where('r.id', '=', id)).executeTakeFirst();
}

export async function findRoomsOfBuilding(db: Db, scope: DataScope, buildingId: number, asOf: string) {
  return selectRoomColumns(asOf)(roomListQuery(db, scope, { buildingId }, asOf))
    .orderBy('fl.floor_no', 'desc')
    .orderBy('r.room_no')
    .execute();
}

export interface RoomWrite {
  floor_id: number;
  building_id: number;
  compound_id: number;
  room_no: string;
  gross_area: number | null;
  usable_area: number;
  designed_use: string;
  current_use: string;
  unit_id: number | null;
  department_id: number | null;
  status: string;
  attached_to_room_id: number | null;
}

export async function insertRoom(db: Db, v: RoomWrite) {
  return (await db.insertInto('estate_room').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRoom(db: Db, id: number, v: RoomWrite) {
  await db.updateTable('estate_room').set({ ...v, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function findRoomBasics(db: Db, id: number) {
  return db
    .selectFrom('estate_room')
    .select(['id', 'unit_id', 'building_id', 'compound_id', 'status', 'current_use', 'usable_area'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findRestRooms(db: Db, officeId: number) {
  return db.selectFrom('estate_room').select(['id', 'room_no', 'usable_area']).where('attached_to_room_id', '=', officeId).orderBy('room_no').execute();
}

/** Open warnings about the room or its current occupants. */
export async function findRoomFindings(db: Db, roomId: number, asOf: string) {
  return db
    .selectFrom('warning as w')
    .select(['w.id', 'w.kind', 'w.title', 'w.severity', 'w.status'])
    .where('w.status', 'in', ['open', 'acknowledged'])
    .where((eb) =>
      eb.or([
        eb('w.subject_key', '=', `room:${roomId}`),
        eb('w.subject_key', 'in', sql<string>`(select 'person:' || o.person_id from estate_occupancy o where o.room_id = ${roomId} and o.during @> ${asOf}::date)`),
      ]),
    )
    .orderBy('w.id', 'desc')
    .execute();
}

// ---------------------------------------------------------------- tree and dictionaries
export async function findCompoundNodes(db: Db, scope: DataScope, search: string | undefined, limit: number) {
  let q = db
    .selectFrom('estate_compound as c')
    .innerJoin('region as g', 'g.code', 'c.region_code')
    .where((eb) => compoundVisible(eb as never, scope))
    .select(['c.id', 'c.name', 'g.name as region_name', sql<boolean>`exists (select 1 from estate_building b where b.compound_id = c.id)`.as('has_children')]);
  if (search) q = q.where((eb) => eb.or([eb('c.name', 'like', like(search)), eb('c.address', 'like', like(search))]));
  return q.orderBy('c.region_code').orderBy('c.name').limit(limit).execute();
}

export async function findBuildingNodes(db: Db, compoundId: number) {
  return db
    .selectFrom('estate_building as b')
    .select(['b.id', 'b.name', 'b.floors_above', 'b.floors_below', 'b.usable_area'])
    .where('b.compound_id', '=', compoundId)
    .orderBy('b.code')
    .execute();
}

export async function findFloorNodes(db: Db, scope: DataScope, buildingId: number) {
  return db
    .selectFrom('estate_floor as fl')
    .innerJoin('estate_room as r', 'r.floor_id', 'fl.id')
    .where('fl.building_id', '=', buildingId)
    .where((eb) => roomVisible(eb as never, scope))
    .groupBy(['fl.id', 'fl.floor_no'])
    .select(['fl.id', 'fl.floor_no', sql<number>`count(*)::int`.as('rooms'), sql<string>`sum(r.usable_area)`.as('usable_area')])
    .orderBy('fl.floor_no', 'desc')
    .execute();
}

export async function findDicts(db: Db) {
  const [useClasses, structures, assetClasses] = await Promise.all([
    db.selectFrom('estate_use_class').select(['code', 'name', 'category']).orderBy('sort').execute(),
    db.selectFrom('estate_structure').select(['code', 'name', 'depreciation_years', 'source']).orderBy('sort').execute(),
    db.selectFrom('asset_class').select(['code', 'name', 'kind']).orderBy('code').execute(),
  ]);
  return { useClasses, structures, assetClasses };
}

export async function useClassExists(db: Db, code: string) {
  return !!(await db.selectFrom('estate_use_class').select('code').where('code', '=', code).executeTakeFirst());
}
