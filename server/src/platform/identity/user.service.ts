import type { Db } from '../../db/connection.js';
import { findRolesByIds } from '../access/role.repository.js';
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

export function userActions(auth: AuthContext, u: UserRow) {
  const a: string[] = [];
  if (auth.permissions.has('system:user:update')) a.push('update');
  if (auth.permissions.has('system:user:reset-password')) a.push('reset-password');
  if (auth.permissions.has('security:user:unlock') && u.locked_until && new Date(u.locked_until).getTime() > Date.now()) a.push('unlock');
  return a;
}

/**
 * Roles may be assigned only within the assigner's scope: the account's unit must be visible to them, and a role
 * seeing all data needs an assigner who sees all. Administrator roles (三员) can only be handed on by a holder of
 * the same one; the database forbids one person holding two of them.
 */
async function checkAssignment(tx: Db, auth: AuthContext, input: UserInput) {
  const unit = await findOrgInScope(tx, auth.scope, input.unitId);
  if (!unit || unit.kind !== 'unit') throw invalid('所属单位不存在或无权访问', [{ field: 'unitId', message: '所属单位不存在或无权访问' }]);
  if (input.personId) {
    const person = await findPersonInScope(tx, ALL, input.personId);
    if (!person || person.unit_id !== unit.id) throw invalid('关联人员须属于所选单位', [{ field: 'personId', message: '关联人员须属于所选单位' }]);
  }
  const roles = await findRolesByIds(tx, input.roleIds);
  if (roles.length !== new Set(input.roleIds).size) throw invalid('角色不存在', [{ field: 'roleIds', message: '角色不存在' }]);
  const adminKinds = roles.filter((r) => r.admin_kind !== 'none');
  if (adminKinds.length > 1) throw new AppError('SEPARATION_OF_DUTIES', '系统管理员、安全管理员、安全审计员不能由同一账号兼任', 409);
  for (const r of adminKinds) if (r.admin_kind !== auth.adminKind) throw forbidden(`只有${r.name}才能授予“${r.name}”角色`);
  for (const r of roles) {
    if (r.data_scope === 'all' && !auth.scope.all) throw forbidden(`角色“${r.name}”的数据范围超出您的权限`);
    if (r.data_scope === 'region' && !auth.scope.all && !regionWithin(unit.region_code, auth.scope.regionPaths))
      throw forbidden(`角色“${r.name}”的数据范围超出您的权限`);
  }
  return roles;
}

export async function createUser(p: Platform, tx: Db, auth: AuthContext, input: UserInput) {
  const roles = await checkAssignment(tx, auth, input);
  const username = input.username!;
  const { id } = await insertUser(tx, {
    username,
    display_name: input.displayName.trim(),
    unit_id: input.unitId,
    person_id: input.personId ?? null,
    password_hash: 'pending',
    created_by: auth.userId,
  });
  await replaceUserRoles(tx, id, roles);
  const hash = await prepareNewPassword(p, tx, id, username, input.initialPassword!);
  await setPassword(tx, id, hash, true);
  return (await findUserInScope(tx, auth.scope, id))!;
}

export async function changeUser(tx: Db, auth: AuthContext, id: number, input: UserInput) {
  const before = await findUserInScope(tx, auth.scope, id);
  if (!before) throw notFound('用户');
  const roles = await checkAssignment(tx, auth, input);
  // Roles the caller could not grant are kept as they are, never silently dropped or added.
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
