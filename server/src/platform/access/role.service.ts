import type { Db } from '../../db/connection.js';
import { AppError, forbidden, invalid, notFound } from '../errors.js';
import type { AuthContext } from '../identity/auth.context.js';
import { findOrgInScope } from '../org/org.repository.js';
import { findRegionByCode } from '../org/region.repository.js';
import { regionWithin } from './scope.js';
import {
  deleteRole,
  findRole,
  findRolePermissions,
  findRoleScopeNodes,
  insertRole,
  replaceRoleGrants,
  type RoleRow,
  updateRole,
} from './role.repository.js';

export interface RoleInput {
  code: string;
  name: string;
  description?: string;
  dataScope: string;
  permissions: string[];
  scopeNodes?: { orgId?: number; regionCode?: string }[];
}


/**
 * A grant never exceeds the granter: every permission must be one the granter holds, and the data scope must
 * lie inside the granter's own scope (a well-known admin framework had a CVE for missing this check).
 */
async function checkGrant(tx: Db, auth: AuthContext, input: RoleInput) {
  const extra = input.permissions.filter((p) => !auth.permissions.has(p));
  if (extra.length) throw forbidden(`不能授予自己不具备的权限：${extra.join('、')}`);
  const s = auth.scope;
  if (input.dataScope === 'all' && !s.all) throw forbidden('不能授予超出自身范围的数据权限（全部数据）');
  if (input.dataScope === 'custom') {
    const nodes = input.scopeNodes ?? [];
    if (!nodes.length) throw invalid('自定义数据权限至少选择一个节点', [{ field: 'scopeNodes', message: '请至少选择一个机构或地区' }]);
    for (const n of nodes) {
      if ((n.orgId === undefined) === (n.regionCode === undefined)) throw invalid('每个节点须为机构或地区之一');
      if (n.orgId !== undefined) {
        if (!(await findOrgInScope(tx, s, n.orgId))) throw forbidden('所选机构超出您的数据权限范围');
      } else {
        const r = await findRegionByCode(tx, n.regionCode!);
        if (!r) throw invalid('地区不存在');
        if (!s.all && !regionWithin(r.code, s.regionPaths)) throw forbidden('所选地区超出您的数据权限范围');
      }
    }
  }
}

export function roleActions(auth: AuthContext, r: Pick<RoleRow, 'builtin'>) {
  return auth.permissions.has('system:role:write') && !r.builtin ? ['update', 'delete'] : [];
}

export async function createRole(tx: Db, auth: AuthContext, input: RoleInput) {
  await checkGrant(tx, auth, input);
  const { id } = await insertRole(tx, { code: input.code, name: input.name, description: input.description ?? '', data_scope: input.dataScope }, auth.userId);
  await replaceRoleGrants(tx, id, input.permissions, input.dataScope === 'custom' ? (input.scopeNodes ?? []) : []);
  return roleDetail(tx, id);
}

export async function changeRole(tx: Db, auth: AuthContext, id: number, input: RoleInput) {
  const before = await roleDetail(tx, id);
  if (before.builtin) throw new AppError('ROLE_BUILTIN', '内置角色不能修改', 409);
  // Editing a role is a grant too: the editor must already cover what the role holds now.
  await checkGrant(tx, auth, { ...input, permissions: [...new Set([...input.permissions, ...before.permissions])] });
  await updateRole(tx, id, { code: input.code, name: input.name, description: input.description ?? '', data_scope: input.dataScope });
  await replaceRoleGrants(tx, id, input.permissions, input.dataScope === 'custom' ? (input.scopeNodes ?? []) : []);
  return { before, after: await roleDetail(tx, id) };
}

export async function removeRole(tx: Db, id: number) {
  const before = await roleDetail(tx, id);
  if (before.builtin) throw new AppError('ROLE_BUILTIN', '内置角色不能删除', 409);
  if (before.user_count > 0) throw new AppError('ROLE_IN_USE', `仍有 ${before.user_count} 个用户使用该角色，不能删除`, 409);
  await deleteRole(tx, id);
  return before;
}

export async function roleDetail(db: Db, id: number) {
  const r = await findRole(db, id);
  if (!r) throw notFound('角色');
  const nodes = await findRoleScopeNodes(db, id);
  return {
    ...r,
    permissions: await findRolePermissions(db, id),
    scopeNodes: nodes.map((n) => ({
      orgId: n.org_id ?? undefined,
      regionCode: n.region_code ?? undefined,
      name: n.org_name ?? n.region_name ?? '',
    })),
  };
}
