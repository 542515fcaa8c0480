import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

export async function findUserForLogin(db: Db, username: string) {
  return db
    .selectFrom('app_user')
    .select([
      'id', 'username', 'display_name', 'password_hash', 'status', 'failed_count', 'locked_until', 'totp_enabled',
      'totp_secret_enc', 'totp_last_step', 'must_change_password', 'is_demo', 'password_changed_at',
    ])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function findUserIdentity(db: Db, userId: number) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('org as o', 'o.id', 'u.unit_id')
    .innerJoin('region as r', 'r.code', 'o.region_code')
    .select([
      'u.id', 'u.username', 'u.display_name', 'u.unit_id', 'u.person_id', 'u.status', 'u.is_demo', 'u.must_change_password',
      'u.password_changed_at', 'u.totp_enabled', 'o.name as unit_name', 'o.path as unit_path', 'o.region_path',
      'r.name as region_name',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

export async function findUserRoles(db: Db, userId: number) {
  return db
    .selectFrom('user_role as ur')
    .innerJoin('role as r', 'r.id', 'ur.role_id')
    .select(['r.id', 'r.code', 'r.name', 'r.data_scope', 'r.admin_kind'])
    .where('ur.user_id', '=', userId)
    .orderBy('r.id')
    .execute();
}

export async function findPermissionsOfRoles(db: Db, roleIds: number[]) {
  if (!roleIds.length) return [];
  const rows = await db
    .selectFrom('role_permission')
    .select('permission_code')
    .distinct()
    .where('role_id', 'in', roleIds)
    .execute();
  return rows.map((r) => r.permission_code);
}

/** Custom scope nodes of the given roles, resolved to ltree paths. */
export async function findCustomScopePaths(db: Db, roleIds: number[]) {
  if (!roleIds.length) return { orgPaths: [], regionPaths: [] };
  const rows = await db
    .selectFrom('role_scope_node as n')
    .leftJoin('org as o', 'o.id', 'n.org_id')
    .leftJoin('region as g', 'g.code', 'n.region_code')
    .select(['o.path as org_path', 'g.path as region_path'])
    .where('n.role_id', 'in', roleIds)
    .execute();
  return {
    orgPaths: rows.flatMap((r) => (r.org_path ? [r.org_path] : [])),
    regionPaths: rows.flatMap((r) => (r.region_path ? [r.region_path] : [])),
  };
}

export async function recordLoginFailure(db: Db, userId: number, maxFailures: number, lockMinutes: number) {
  return db
    .updateTable('app_user')
    .set({
      failed_count: sql`failed_count + 1`,
      locked_until: sql`case when failed_count + 1 >= ${maxFailures} then now() + make_interval(mins => ${lockMinutes}) else locked_until end`,
    })
    .where('id', '=', userId)
    .returning(['failed_count', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function recordLoginSuccess(db: Db, userId: number, totpStep: number | null) {
  await db
    .updateTable('app_user')
    .set({
      failed_count: 0,
      locked_until: null,
      last_login_at: new Date(),
      ...(totpStep !== null ? { totp_last_step: totpStep } : {}),
    })
    .where('id', '=', userId)
    .execute();
}

export async function findPasswordHistory(db: Db, userId: number, limit: number) {
  const rows = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.password_hash);
}

export async function setPassword(db: Db, userId: number, hash: string, mustChange: boolean) {
  await db
    .updateTable('app_user')
    .set({ password_hash: hash, password_changed_at: new Date(), must_change_password: mustChange, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
  await db.insertInto('password_history').values({ user_id: userId, password_hash: hash }).execute();
}

export async function setTotpSecret(db: Db, userId: number, enc: Buffer | null, enabled: boolean) {
  await db
    .updateTable('app_user')
    .set({ totp_secret_enc: enc, totp_enabled: enabled, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function findTotpSecret(db: Db, userId: number) {
  return db.selectFrom('app_user').select(['totp_secret_enc', 'totp_enabled']).where('id', '=', userId).executeTakeFirst();
}
