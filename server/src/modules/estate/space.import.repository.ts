import { sql } from 'kysely';
import type { BuildingWrite, CompoundWrite } from './space.repository.js';
import type { Db } from '../../db/connection.js';

/** Bulk reads and multi-row writes of the office-space imports. Lookups take lists and read them in slices. */

const SLICE = 5000;
const WRITE_BATCH = 1000;

function slices<T>(list: T[], n = SLICE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

async function inSlices<T, R>(list: T[], fn: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const uniq = [...new Set(list)];
  const out: R[] = [];
  for (const part of slices(uniq)) out.push(...(await fn(part)));
  return out;
}

// ---------------------------------------------------------------- reference data

export async function findUseClasses(db: Db) {
  return db.selectFrom('estate_use_class').select(['code', 'name']).orderBy('sort').execute();
}

export async function findStructures(db: Db) {
  return db.selectFrom('estate_structure').select(['code', 'name']).orderBy('sort').execute();
}

export async function findRegions(db: Db, codes: string[]) {
  return inSlices(codes, (part) => db.selectFrom('region').select(['code', 'path', 'name']).where('code', 'in', part).execute());
}

export type UnitRef = Awaited<ReturnType<typeof findUnits>>[number];

/** Units by credit code or by exact full name. */
export async function findUnits(db: Db, keys: string[]) {
  return inSlices(keys, (part) =>
    db
      .selectFrom('org')
      .select(['id', 'name', 'credit_code', 'path', 'region_path', 'unit_id', 'status'])
      .where('kind', '=', 'unit')
      .where((eb) => eb.or([eb('credit_code', 'in', part), eb('name', 'in', part)]))
      .execute(),
  );
}

/** Departments (any depth) of these units, by name. */
export async function findDepartments(db: Db, unitIds: number[]) {
  return inSlices(unitIds, (part) =>
    db.selectFrom('org').select(['id', 'name', 'unit_id', 'status']).where('kind', '=', 'department').where('unit_id', 'in', part).execute(),
  );
}

export async function findCompounds(db: Db, codes: string[]) {
  return inSlices(codes, (part) =>
    db.selectFrom('estate_compound').select(['id', 'code', 'owner_unit_id', 'unit_path', 'region_path']).where('code', 'in', part).execute(),
  );
}

export async function findBuildings(db: Db, compoundIds: number[]) {
  return inSlices(compoundIds, (part) =>
    db.selectFrom('estate_building').select(['id', 'compound_id', 'code', 'floors_above', 'floors_below']).where('compound_id', 'in', part).execute(),
  );
}

export async function findFloors(db: Db, buildingIds: number[]) {
  return inSlices(buildingIds, (part) => db.selectFrom('estate_floor').select(['id', 'building_id', 'floor_no']).where('building_id', 'in', part).execute());
}

export async function findRooms(db: Db, buildingIds: number[]) {
  return inSlices(buildingIds, (part) =>
    db
      .selectFrom('estate_room')
      .select(['id', 'building_id', 'room_no', 'unit_id', 'unit_path', 'region_path', 'status'])
      .where('building_id', 'in', part)
      .execute(),
  );
}

export async function findPersonsByIdHash(db: Db, hashes: Buffer[]) {
  const out: { id: number; name: string; unit_id: number; status: string; unit_path: string; region_path: string; id_no_hash: Buffer | null }[] = [];
  for (const part of slices(hashes))
    out.push(
      ...(await db
        .selectFrom('person')
        .select(['id', 'name', 'unit_id', 'status', 'unit_path', 'region_path', 'id_no_hash'])
        .where('id_no_hash', 'in', part)
        .execute()),
    );
  return out;
}

export async function findPersonsByName(db: Db, unitIds: number[], names: string[]) {
  if (!unitIds.length || !names.length) return [];
  return inSlices(names, (part) =>
    db
      .selectFrom('person')
      .select(['id', 'name', 'unit_id', 'status', 'unit_path', 'region_path'])
      .where('unit_id', 'in', [...new Set(unitIds)])
      .where('name', 'in', part)
      .execute(),
  );
}

/** Occupancy rows of these persons (all rooms), with the dates as text: [from, to] inclusive, to null = ongoing. */
export async function findOccupancyOfPersons(db: Db, personIds: number[]) {
  return inSlices(personIds, (part) =>
    db
      .selectFrom('estate_occupancy')
      .select([
        'room_id',
        'person_id',
        'is_primary',
        sql<string>`to_char(lower(during), 'YYYY-MM-DD')`.as('from'),
        sql<string | null>`case when upper_inf(during) then null else to_char(upper(during) - 1, 'YYYY-MM-DD') end`.as('to'),
      ])
      .where('person_id', 'in', part)
      .execute(),
  );
}

// ---------------------------------------------------------------- writes (inside the import's transaction)

/** The import writes the same rows as the space forms, in batches. */
export type CompoundInsert = CompoundWrite;

export async function insertCompounds(tx: Db, rows: CompoundInsert[]) {
  for (const part of slices(rows, WRITE_BATCH)) await tx.insertInto('estate_compound').values(part).execute();
}

export type BuildingInsert = BuildingWrite;

export async function insertBuildings(tx: Db, rows: BuildingInsert[]) {
  for (const part of slices(rows, WRITE_BATCH)) await tx.insertInto('estate_building').values(part).execute();
}

/** Adds the floors that do not exist yet and returns the ids of all the asked ones. */
export async function ensureFloors(tx: Db, floors: { building_id: number; floor_no: number }[]) {
  for (const part of slices(floors, WRITE_BATCH))
    await tx
      .insertInto('estate_floor')
      .values(part)
      .onConflict((oc) => oc.columns(['building_id', 'floor_no']).doNothing())
      .execute();
  return findFloors(tx, floors.map((f) => f.building_id));
}

export interface RoomInsert {
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
}

export async function insertRooms(tx: Db, rows: RoomInsert[]) {
  for (const part of slices(rows, WRITE_BATCH)) await tx.insertInto('estate_room').values(part).execute();
}

export interface OccupancyInsert {
  room_id: number;
  person_id: number;
  from: string;
  to: string | null;
  is_primary: boolean;
}

export async function insertOccupancy(tx: Db, rows: OccupancyInsert[]) {
  for (const part of slices(rows, WRITE_BATCH))
    await tx
      .insertInto('estate_occupancy')
      .values(
        part.map((r) => ({
          room_id: r.room_id,
          person_id: r.person_id,
          is_primary: r.is_primary,
          during: sql<string>`daterange(${r.from}::date, ${r.to}::date, '[]')`,
        })),
      )
      .execute();
}
