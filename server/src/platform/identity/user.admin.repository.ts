import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../access/scope.js';

export interface UserFilter {
  username?: string;
  displayName?: string;
  unitId?: number;
  status?: string;
}

/** Accounts whose home unit lies in the caller's scope. */
export function userListQuery(db: Db, scope: DataScope, f: UserFilter) {
  let q = db
    .selectFrom('app_user as a')
    .innerJoin('org as o', 'o.id', 'a.unit_id')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.unit_id', personId: 'a.person_id' }));
  if (f.username) q = q.where('a.username', 'like', `${f.username.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.displayName) q = q.where('a.display_name', 'like', `%${f.displayName.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.unitId !== undefined) q = q.where('a.unit_id', '=', f.unitId);
  if (f.status) q = q.where('a.status', '=', f.status);
  return q;
}

export const selectUserColumns = <Q extends ReturnType<typeof userListQuery>>(q: Q) =>
  q.leftJoin('person as pe', 'pe.id', 'a.person_id').select([
    'a.id', 'a.username', 'a.display_name', 'a.unit_id', 'o.name as unit_name', 'a.person_id', 'pe.name as person_name', 'a.status',
    'a.last_login_at', 'a.locked_until', 'a.totp_enabled', 'a.created_at', 'a.is_demo',
    sql<{ id: number; name: string; adminKind: string }[]>`coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name, 'adminKind', r.admin_kind) order by r.id)
       from user_role ur join role r on r.id = ur.role_id where ur.user_id = a.id), '[]'::json)`.as('roles'),
  ]);

export type UserRow = Awaited<ReturnType<ReturnType<typeof selectUserColumns>['executeTakeFirstOrThrow']>>;

export async function findUserInScope(db: Db, scope: DataScope, id: number) {
  return selectUserColumns(userListQuery(db, scope, {}).where('a.id', '=', id)).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  v: { username: string; display_name: string; unit_id: number; person_id: number | null; password_hash: string; created_by: number | null },
) {
  return db.insertInto('app_user').values({ ...v, must_change_password: true }).returning('id').executeTakeFirstOrThrow();
}

export async function updateUser(db: Db, id: number, v: { display_name: string; unit_id: number; person_id: number | null; status: string }) {
  await db.updateTable('app_user').set({ ...v, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function replaceUserRoles(db: Db, userId: number, roles: { id: number; admin_kind: string }[]) {
  await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
  if (roles.length)
    await db.insertInto('user_role').values(roles.map((r) => ({ user_id: userId, role_id: r.id, admin_kind: r.admin_kind }))).execute();
}

export async function unlockUser(db: Db, id: number) {
  await db.updateTable('app_user').set({ failed_count: 0, locked_until: null, updated_at: new Date() }).where('id', '=', id).execute();
}

export interface AccountFilter {
  username?: string;
  locked?: boolean;
  totpEnabled?: boolean;
}

/**
 * Every account's security state, for the security administrator. Accounts are identity data, not business data,
 * so this list is not limited by data scope; it shows no personal data beyond name and unit.
 */
export function accountSecurityQuery(db: Db, f: AccountFilter) {
  let q = db.selectFrom('app_user as a').innerJoin('org as o', 'o.id', 'a.unit_id');
  if (f.username) q = q.where('a.username', 'like', `${f.username.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.locked === true) q = q.where('a.locked_until', '>', sql<Date>`now()`);
  if (f.locked === false) q = q.where((eb) => eb.or([eb('a.locked_until', 'is', null), eb('a.locked_until', '<=', sql<Date>`now()`)]));
  if (f.totpEnabled !== undefined) q = q.where('a.totp_enabled', '=', f.totpEnabled);
  return q;
}

export const selectAccountColumns = <Q extends ReturnType<typeof accountSecurityQuery>>(q: Q) =>
  q.select([
    'a.id', 'a.username', 'a.display_name', 'o.name as unit_name', 'a.status', 'a.failed_count', 'a.locked_until', 'a.totp_enabled',
    'a.password_changed_at', 'a.must_change_password', 'a.last_login_at', 'a.is_demo',
    sql<string | null>`(select string_agg(r.name, '、' order by r.id) from user_role ur join role r on r.id = ur.role_id where ur.user_id = a.id)`.as('role_names'),
  ]);
