import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { PERMISSIONS } from './permission.catalog.js';

export async function syncPermissions(db: Db) {
  await db
    .insertInto('permission')
    .values(PERMISSIONS.map((p, i) => ({ code: p.code, name: p.name, group_name: p.group, sort: i })))
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: sql`excluded.name`, group_name: sql`excluded.group_name`, sort: sql`excluded.sort` }))
    .execute();
}

export async function findPermissions(db: Db) {
  return db.selectFrom('permission').select(['code', 'name', 'group_name']).orderBy('sort').execute();
}

export function roleListQuery(db: Db, f: { name?: string }) {
  let q = db.selectFrom('role as r');
  if (f.name) q = q.where('r.name', 'like', `%${f.name.replace(/[%_\\]/g, '\\$&')}%`);
  return q;
}

export const selectRoleColumns = <Q extends ReturnType<typeof roleListQuery>>(q: Q) =>
  q.select([
    'r.id', 'r.code', 'r.name', 'r.description', 'r.data_scope', 'r.admin_kind', 'r.builtin', 'r.created_at',
    sql<number>`(select count(*)::int from role_permission rp where rp.role_id = r.id)`.as('permission_count'),
    sql<number>`(select count(*)::int from user_role ur where ur.role_id = r.id)`.as('user_count'),
  ]);

export type RoleRow = Awaited<ReturnType<ReturnType<typeof selectRoleColumns>['executeTakeFirstOrThrow']>>;

export async function findRole(db: Db, id: number) {
  return selectRoleColumns(roleListQuery(db, {}).where('r.id', '=', id)).executeTakeFirst();
}

export async function findRolesByIds(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('role').select(['id', 'code', 'name', 'data_scope', 'admin_kind']).where('id', 'in', ids).execute();
}

export async function findRolePermissions(db: Db, roleId: number) {
  return (await db.selectFrom('role_permission').select('permission_code').where('role_id', '=', roleId).orderBy('permission_code').execute()).map(
    (r) => r.permission_code,
  );
}

export async function findRoleScopeNodes(db: Db, roleId: number) {
  return db
    .selectFrom('role_scope_node as n')
    .leftJoin('org as o', 'o.id', 'n.org_id')
    .leftJoin('region as g', 'g.code', 'n.region_code')
    .select(['n.org_id', 'n.region_code', 'o.name as org_name', 'g.name as region_name', 'o.path as org_path', 'g.path as region_path'])
    .where('n.role_id', '=', roleId)
    .execute();
}

export interface RoleWrite {
  code: string;
  name: string;
  description: string;
  data_scope: string;
}

export async function insertRole(db: Db, v: RoleWrite, createdBy: number) {
  return db.insertInto('role').values({ ...v, created_by: createdBy }).returning('id').executeTakeFirstOrThrow();
}

export async function updateRole(db: Db, id: number, v: RoleWrite) {
  await db.updateTable('role').set({ ...v, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function replaceRoleGrants(db: Db, roleId: number, permissions: string[], nodes: { orgId?: number; regionCode?: string }[]) {
  await db.deleteFrom('role_permission').where('role_id', '=', roleId).execute();
  if (permissions.length)
    await db.insertInto('role_permission').values(permissions.map((p) => ({ role_id: roleId, permission_code: p }))).execute();
  await db.deleteFrom('role_scope_node').where('role_id', '=', roleId).execute();
  if (nodes.length)
    await db
      .insertInto('role_scope_node')
      .values(nodes.map((n) => ({ role_id: roleId, org_id: n.orgId ?? null, region_code: n.regionCode ?? null })))
      .execute();
}

export async function deleteRole(db: Db, id: number) {
  await db.deleteFrom('role').where('id', '=', id).execute();
}

/** Built-in roles follow the catalog on every migrate: same code, same permissions. */
export async function syncBuiltinRoles(
  db: Db,
  roles: readonly { code: string; name: string; description: string; dataScope: string; adminKind: string; permissions: readonly string[] }[],
) {
  for (const r of roles) {
    const row = await db
      .insertInto('role')
      .values({ code: r.code, name: r.name, description: r.description, data_scope: r.dataScope, admin_kind: r.adminKind, builtin: true })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ name: r.name, description: r.description, data_scope: r.dataScope, admin_kind: r.adminKind, builtin: true }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('role_permission').where('role_id', '=', row.id).execute();
    await db.insertInto('role_permission').values([...new Set(r.permissions)].map((p) => ({ role_id: row.id, permission_code: p }))).execute();
  }
}

export async function findRoleIdsByCode(db: Db) {
  const rows = await db.selectFrom('role').select(['id', 'code', 'admin_kind']).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export async function findAllRolesWithPermissions(db: Db) {
  return db
    .selectFrom('role as r')
    .select(['r.id', 'r.admin_kind', 'r.data_scope', sql<string[]>`coalesce((select array_agg(rp.permission_code) from role_permission rp where rp.role_id = r.id), '{}')`.as('permissions')])
    .execute();
}
