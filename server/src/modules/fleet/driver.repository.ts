import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

export interface DriverFilter {
  name?: string;
  unitId?: number;
  licenceClass?: string;
  status?: string;
  expiringWithinDays?: number;
}

export function driverListQuery(db: Db, scope: DataScope, f: DriverFilter) {
  let q = db
    .selectFrom('fleet_driver as d')
    .innerJoin('person as p', 'p.id', 'd.person_id')
    .innerJoin('org as o', 'o.id', 'd.unit_id')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'd.unit_path', regionPath: 'd.region_path', unitId: 'd.unit_id', personId: 'd.person_id' }));
  if (f.name) q = q.where('p.name', 'like', like(f.name));
  if (f.unitId !== undefined) q = q.where(sql<boolean>`d.unit_path <@ (select u.path from org u where u.id = ${f.unitId})`);
  if (f.licenceClass) q = q.where('d.licence_class', '=', f.licenceClass);
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.expiringWithinDays !== undefined) q = q.where(sql<boolean>`d.licence_expires_on < current_date + ${f.expiringWithinDays}::int`);
  return q;
}

export const selectDriverColumns = <Q extends ReturnType<typeof driverListQuery>>(q: Q) =>
  q.select([
    'd.id',
    'd.person_id',
    'p.name as person_name',
    'd.unit_id',
    'o.name as unit_name',
    'd.licence_no',
    'd.licence_class',
    sql<string>`to_char(d.licence_expires_on, 'YYYY-MM-DD')`.as('licence_expires_on'),
    'd.status',
    'd.created_at',
  ]);
export type DriverRow = Awaited<ReturnType<ReturnType<typeof selectDriverColumns>['executeTakeFirstOrThrow']>>;

export const DRIVER_SORTS = {
  id: 'd.id',
  name: 'p.name',
  licenceExpiresOn: 'd.licence_expires_on',
  status: 'd.status',
  unitName: 'o.name',
};

export async function findDriverInScope(db: Db, scope: DataScope, id: number): Promise<DriverRow | undefined> {
  return selectDriverColumns(driverListQuery(db, scope, {}).where('d.id', '=', id)).executeTakeFirst();
}

/** A person in scope, with the unit they belong to. */
export async function findPersonInScope(db: Db, scope: DataScope, personId: number) {
  return db
    .selectFrom('person as p')
    .select(['p.id', 'p.name', 'p.unit_id', 'p.status'])
    .where('p.id', '=', personId)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'p.unit_path', regionPath: 'p.region_path', unitId: 'p.unit_id', personId: 'p.id' }))
    .executeTakeFirst();
}

export async function insertDriver(
  tx: Db,
  v: { person_id: number; unit_id: number; licence_no: string; licence_class: string; licence_expires_on: string },
): Promise<number> {
  return (await tx.insertInto('fleet_driver').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateDriver(
  tx: Db,
  id: number,
  v: { licence_no?: string; licence_class?: string; licence_expires_on?: string; status?: string },
) {
  if (!Object.keys(v).length) return;
  await tx.updateTable('fleet_driver').set(v).where('id', '=', id).execute();
}
