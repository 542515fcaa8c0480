import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../access/scope.js';

export interface PersonFilter {
  name?: string;
  unitId?: number;
  departmentId?: number;
  rankCode?: string;
  status?: string;
  gender?: string;
  phoneHash?: Buffer;
}

/**
 * Persons visible to the scope: through their unit (its path and region, copied onto the person by a trigger so
 * no join is needed to filter) or themselves (仅本人).
 */
export function personListQuery(db: Db, scope: DataScope, f: PersonFilter) {
  let q = db
    .selectFrom('person as p')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'p.unit_path', regionPath: 'p.region_path', unitId: 'p.unit_id', personId: 'p.id' }));
  if (f.name) q = q.where('p.name', 'like', `${f.name.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`p.unit_path <@ (select a.path from org a where a.id = ${f.unitId})`);
  if (f.departmentId !== undefined) q = q.where('p.department_id', '=', f.departmentId);
  if (f.rankCode) q = q.where('p.rank_code', '=', f.rankCode);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.gender) q = q.where('p.gender', '=', f.gender);
  if (f.phoneHash) q = q.where('p.phone_hash', '=', f.phoneHash);
  return q;
}

export const selectPersonColumns = <Q extends ReturnType<typeof personListQuery>>(q: Q) =>
  q
    .innerJoin('org as u', 'u.id', 'p.unit_id')
    .leftJoin('org as d', 'd.id', 'p.department_id')
    .leftJoin('rank as k', 'k.code', 'p.rank_code')
    .select([
      'p.id', 'p.name', 'p.gender', 'p.id_no_mask', 'p.phone_mask', 'p.rank_code', 'k.name as rank_name', 'p.unit_id',
      'u.name as unit_name', 'p.department_id', 'd.name as department_name', 'p.status', 'p.created_at', 'p.updated_at',
    ]);

export type PersonRow = Awaited<ReturnType<ReturnType<typeof selectPersonColumns>['executeTakeFirstOrThrow']>>;

export async function findPersonInScope(db: Db, scope: DataScope, id: number) {
  return selectPersonColumns(personListQuery(db, scope, {}).where('p.id', '=', id)).executeTakeFirst();
}

export async function findPersonSecrets(db: Db, id: number) {
  return db.selectFrom('person').select(['id_no_enc', 'phone_enc']).where('id', '=', id).executeTakeFirst();
}

export interface PersonWrite {
  name: string;
  gender: string;
  rank_code: string | null;
  unit_id: number;
  department_id: number | null;
  status: string;
  id_no_enc?: Buffer | null;
  id_no_hash?: Buffer | null;
  id_no_mask?: string | null;
  phone_enc?: Buffer | null;
  phone_hash?: Buffer | null;
  phone_mask?: string | null;
}

export async function insertPerson(db: Db, v: PersonWrite) {
  return db.insertInto('person').values(v).returning('id').executeTakeFirstOrThrow();
}

export async function updatePerson(db: Db, id: number, v: PersonWrite) {
  await db.updateTable('person').set({ ...v, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function deletePerson(db: Db, id: number) {
  await db.deleteFrom('person').where('id', '=', id).execute();
}

export async function personHasUser(db: Db, id: number) {
  return !!(await db.selectFrom('app_user').select('id').where('person_id', '=', id).executeTakeFirst());
}

export async function findRanks(db: Db) {
  return db
    .selectFrom('rank as k')
    .innerJoin('rank_level as l', 'l.code', 'k.level_code')
    .select(['k.code', 'k.name', 'k.kind', 'l.name as level_name'])
    .orderBy('l.sort')
    .orderBy('k.sort')
    .execute();
}
