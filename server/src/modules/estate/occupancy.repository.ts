import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import { roomVisible } from './space.repository.js';

/**
 * Occupancy rows are date ranges [from, to) in the database; the API speaks of an inclusive last day (`to`), as
 * people do: "2024-01-01 至 2024-06-30".
 */
const occupantColumns = (asOf: string) =>
  [
    'o.id', 'o.room_id', 'o.person_id', 'p.name as person_name', 'k.name as rank_name', 'p.status as person_status', 'o.is_primary', 'o.note',
    sql<string>`to_char(lower(o.during), 'YYYY-MM-DD')`.as('from'),
    sql<string | null>`case when upper_inf(o.during) then null else to_char(upper(o.during) - 1, 'YYYY-MM-DD') end`.as('to'),
    sql<boolean>`o.during @> ${asOf}::date`.as('current'),
  ] as const;

export async function findRoomOccupancy(db: Db, roomId: number, asOf: string) {
  return db
    .selectFrom('estate_occupancy as o')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .leftJoin('rank as k', 'k.code', 'p.rank_code')
    .select(occupantColumns(asOf))
    .where('o.room_id', '=', roomId)
    .orderBy(sql`lower(o.during)`, 'desc')
    .execute();
}

export interface OccupancyFilter {
  personName?: string;
  unitId?: number;
  compoundId?: number;
  buildingId?: number;
  current?: boolean;
}

/** The register of occupants (使用人台账), limited to rooms the scope sees. */
export function occupancyListQuery(db: Db, scope: DataScope, f: OccupancyFilter, asOf: string) {
  let q = db
    .selectFrom('estate_occupancy as o')
    .innerJoin('estate_room as r', 'r.id', 'o.room_id')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .where((eb) => roomVisible(eb as never, scope));
  if (f.personName) q = q.where('p.name', 'like', `${f.personName.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`p.unit_path <@ (select a.path from org a where a.id = ${f.unitId})`);
  if (f.compoundId !== undefined) q = q.where('r.compound_id', '=', f.compoundId);
  if (f.buildingId !== undefined) q = q.where('r.building_id', '=', f.buildingId);
  if (f.current) q = q.where(sql<boolean>`o.during @> ${asOf}::date`);
  return q;
}

export const selectOccupancyColumns = (asOf: string) => <Q extends ReturnType<typeof occupancyListQuery>>(q: Q) =>
  q
    .innerJoin('estate_building as b', 'b.id', 'r.building_id')
    .innerJoin('estate_compound as c', 'c.id', 'r.compound_id')
    .innerJoin('estate_floor as fl', 'fl.id', 'r.floor_id')
    .innerJoin('org as pu', 'pu.id', 'p.unit_id')
    .leftJoin('rank as k', 'k.code', 'p.rank_code')
    .select([
      ...occupantColumns(asOf), 'c.name as compound_name', 'b.name as building_name', 'fl.floor_no', 'r.room_no', 'r.usable_area',
      'pu.name as person_unit_name',
    ]);

export type OccupancyRow = Awaited<ReturnType<ReturnType<ReturnType<typeof selectOccupancyColumns>>['executeTakeFirstOrThrow']>>;

export async function insertOccupancy(
  db: Db,
  v: { room_id: number; person_id: number; from: string; to: string | null; is_primary: boolean; note: string | null },
) {
  const r = await sql<{ id: number }>`
    insert into estate_occupancy (room_id, person_id, during, is_primary, note)
    values (${v.room_id}, ${v.person_id}, daterange(${v.from}::date, ${v.to}::date + 1, '[)'), ${v.is_primary}, ${v.note})
    returning id`.execute(db);
  return r.rows[0]!.id;
}

export async function findOccupancy(db: Db, id: number) {
  return db
    .selectFrom('estate_occupancy as o')
    .select(['o.id', 'o.room_id', 'o.person_id', sql<string>`to_char(lower(o.during), 'YYYY-MM-DD')`.as('from'), sql<boolean>`upper_inf(o.during)`.as('open')])
    .where('o.id', '=', id)
    .executeTakeFirst();
}

/** Ends an occupancy on `to` (inclusive). */
export async function endOccupancy(db: Db, id: number, to: string) {
  await sql`update estate_occupancy set during = daterange(lower(during), ${to}::date + 1, '[)') where id = ${id}`.execute(db);
}

export async function findPersonUnit(db: Db, personId: number) {
  return db.selectFrom('person').select(['id', 'name', 'unit_id', 'status']).where('id', '=', personId).executeTakeFirst();
}

export async function findUnitsOfPersons(db: Db, personIds: number[]): Promise<number[]> {
  const rows = await db.selectFrom('person').select('unit_id').distinct().where('id', 'in', personIds).execute();
  return rows.map((r) => r.unit_id);
}
