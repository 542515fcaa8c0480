import type { Db } from '../../db/connection.js';
import { findAllRolesWithPermissions, findRolesByIds } from '../access/role.repository.js';
import { findPermissionsOfRoles } from './user.repository.js';
import type { Platform } from '../context.js';
import { AppError, forbidden, invalid, notFound } from '../errors.js';
import { findOrgInScope } from '../org/org.repository.js';
import { regionWithin } from '../access/scope.js';
import { findPersonInScope } from '../org/person.repository.js';
import type { AuthContext } from './auth.context.js';
import { prepareNewPassword } from './auth.service.js';
import { endSessionsOfUser } from './session.repository.js';
import { findUserInScope, insertUser, replaceUserRoles, type UserRow, unlockUser, updateUser } from './user.admin.repository.js';
import { setPassword } from './user.repository.js';

export interface UserInput {
  username?: string;
  displayName: string;
  unitId: number;
  personId?: number | null;
  roleIds: number[];
  status?: 'active' | 'disabled';
  initialPassword?: string;
}

const ALL = { all: true, orgPaths: [], regionPaths: [], unitIds: [], personIds: [] };

/** Ids of the roles the caller could hand out (region nuance aside): used to offer only the actions that will work. */
export async function grantableRoleIds(db: Db, auth: AuthContext): Promise<Set<number>> {
  const roles = await findAllRolesWithPermissions(db);
  return new Set(
    roles
      .filter((r) => (r.admin_kind === 'none' || r.admin_kind === auth.adminKind) && (r.data_scope !== 'all' || auth.scope.all))
      .filter((r) => r.permissions.every((p) => auth.permissions.has(p)))
      .map((r) => r.id),
  );
}

export function userActions(auth: AuthContext, u: UserRow, grantable: Set<number>) {
  const a: string[] = [];
  const manageable = u.roles.every((r) => grantable.has(r.id));
  if (manageable && auth.permissions.has('system:user:update')) a.push('update');
  if (manageable && auth.permissions.has('system:user:reset-password')) a.push('reset-password');
  if (auth.permissions.has('security:user:unlock') && u.locked_until && new Date(u.locked_until).getTime() > Date.now()) a.push('unlock');
  return a;
}

type RoleRef = { id: number; name: string; data_scope: string; admin_kind: string };

/**
 * Why the caller may not hand out this role, or null. A grant never exceeds the granter: every permission of the
 * role must be one the caller holds, a role seeing all data needs a caller who sees all, a region role needs the
 * account's region inside the caller's, and an administrator role (三员) can only come from a holder of the same one.
 */
async function grantRefusal(tx: Db, auth: AuthContext, r: RoleRef, unitRegion: string): Promise<string | null> {
  if (r.admin_kind !== 'none' && r.admin_kind !== auth.adminKind) return `只有${r.name}才能授予“${r.name}”角色`;
  const missing = (await findPermissionsOfRoles(tx, [r.id])).filter((p) => !auth.permissions.has(p));
  if (missing.length) return `不能授予超出自身权限的角色“${r.name}”（缺少 ${missing.join('、')}）`;
  if (r.data_scope === 'all' && !auth.scope.all) return `角色“${r.name}”的数据范围超出您的权限`;
  if (r.data_scope === 'region' && !auth.scope.all && !regionWithin(unitRegion, auth.scope.regionPaths))
    return `角色“${r.name}”的数据范围超出您的权限`;
  return null;
}

async function checkAssignment(tx: Db, auth: AuthContext, input: UserInput) {
  const unit = await findOrgInScope(tx, auth.scope, input.unitId);
  if (!unit || unit.kind !== 'unit') throw invalid('所属单位不存在或无权访问', [{ field: 'unitId', message: '所属单位不存在或无权访问' }]);
  if (input.personId) {
    const person = await findPersonInScope(tx, ALL, input.personId);
    if (!person || person.unit_id !== unit.id) throw invalid('关联人员须属于所选单位', [{ field: 'personId', message: '关联人员须属于所选单位' }]);
  }
  const roles = await findRolesByIds(tx, input.roleIds);
  if (roles.length !== new Set(input.roleIds).size) throw invalid('角色不存在', [{ field: 'roleIds', message: '角色不存在' }]);
  if (roles.filter((r) => r.admin_kind !== 'none').length > 1)
    throw new AppError('SEPARATION_OF_DUTIES', '系统管理员、安全管理员、安全审计员不能由同一账号兼任', 409);
  for (const r of roles) {
    const why = await grantRefusal(tx, auth, r, unit.region_code);
    if (why) throw forbidden(why);
  }
  return roles;
}

/**
 * Changing an account (its roles, status or password) is allowed only to a caller who could have granted every
 * role it holds now, so nobody can take over or strip an account stronger than their own.
 */
async function assertCanManage(tx: Db, auth: AuthContext, u: UserRow) {
  const unitRegion = (await findOrgInScope(tx, ALL, u.unit_id))?.region_code ?? '';
  const roles = await findRolesByIds(tx, u.roles.map((r) => r.id));
  for (const r of roles) {
    const why = await grantRefusal(tx, auth, r, unitRegion);
    if (why) throw forbidden(`该账号持有您无权授予的角色，不能修改：${why}`);
  }
}

export async function createUser(p: Platform, tx: Db, auth: AuthContext, input: UserInput) {
  const roles = await checkAssignment(tx, auth, input);
  const id = await createAccount(p, tx, { ...input, username: input.username!, initialPassword: input.initialPassword!, roles, createdBy: auth.userId });
  return (await findUserInScope(tx, auth.scope, id))!;
}

/**
 * Opens an account whose roles were already judged grantable (by createUser's checks, or by an approval).
 * The password must be changed at first sign-in.
 */
export async function createAccount(
  p: Platform,
  tx: Db,
  a: { username: string; displayName: string; unitId: number; personId?: number | null; roles: { id: number; admin_kind: string }[]; createdBy: number | null; initialPassword: string },
): Promise<number> {
  const { id } = await insertUser(tx, {
    username: a.username,
    display_name: a.displayName.trim(),
    unit_id: a.unitId,
    person_id: a.personId ?? null,
    password_hash: 'pending',
    created_by: a.createdBy,
  });
  await replaceUserRoles(tx, id, a.roles);
  const hash = await prepareNewPassword(p, tx, id, a.username, a.initialPassword);
  await setPassword(tx, id, hash, true);
  return id;
}

export async function changeUser(tx: Db, auth: AuthContext, id: number, input: UserInput) {
  const before = await findUserInScope(tx, auth.scope, id);
  if (!before) throw notFound('用户');
  await assertCanManage(tx, auth, before);
  const roles = await checkAssignment(tx, auth, input);
  await updateUser(tx, id, { display_name: input.displayName.trim(), unit_id: input.unitId, person_id: input.personId ?? null, status: input.status ?? before.status });
  await replaceUserRoles(tx, id, roles);
  if ((input.status ?? before.status) === 'disabled') await endSessionsOfUser(tx, id, 'disabled');
  const after = await findUserInScope(tx, auth.scope, id);
  if (!after) throw new AppError('OUT_OF_SCOPE', '目标不在您的数据权限范围内', 403);
  return { before, after };
}

export async function resetPassword(p: Platform, tx: Db, auth: AuthContext, id: number, newPassword: string) {
  const u = await findUserInScope(tx, auth.scope, id);
  if (!u) throw notFound('用户');
  await assertCanManage(tx, auth, u);
  const hash = await prepareNewPassword(p, tx, id, u.username, newPassword);
  await setPassword(tx, id, hash, true);
  await endSessionsOfUser(tx, id, 'forced');
  return u;
}

export async function unlock(tx: Db, auth: AuthContext, id: number) {
  const u = await findUserInScope(tx, auth.adminKind === 'security' ? ALL : auth.scope, id);
  if (!u) throw notFound('用户');
  await unlockUser(tx, id);
  return u;
}
