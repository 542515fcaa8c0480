import type { Db } from '../../db/connection.js';
import { type DataScope, EMPTY_SCOPE } from '../access/scope.js';
import { findCustomScopePaths, findPermissionsOfRoles, findUserIdentity, findUserRoles } from './user.repository.js';

export type AdminKind = 'none' | 'system' | 'security' | 'audit';

/** Who is calling, what they may do and which data they may see — computed once per request. */
export interface AuthContext {
  userId: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  personId: number | null;
  sessionId: string;
  csrfToken: string;
  roles: { id: number; code: string; name: string; dataScope: string; adminKind: AdminKind }[];
  permissions: Set<string>;
  adminKind: AdminKind;
  scope: DataScope;
  scopeDescription: string;
  isDemo: boolean;
  mustChangePassword: boolean;
  passwordExpired: boolean;
  totpEnabled: boolean;
  totpRequired: boolean;
}

const SCOPE_NAMES: Record<string, string> = {
  all: '全部数据',
  region: '本地区及以下',
  unit_tree: '本单位及下级',
  own_unit: '本单位',
  self: '仅本人',
  custom: '自定义',
  none: '无数据权限',
};

export async function loadAuthContext(
  db: Db,
  userId: number,
  session: { id: string; csrfToken: string },
  opts: { demo: boolean; maxPasswordAgeDays: number; totpRequiredForAdmins: boolean },
): Promise<AuthContext | null> {
  const u = await findUserIdentity(db, userId);
  if (!u || u.status !== 'active') return null;
  if (u.is_demo && !opts.demo) return null;
  const roles = await findUserRoles(db, userId);
  const roleIds = roles.map((r) => r.id);
  const permissions = new Set(await findPermissionsOfRoles(db, roleIds));
  const scope: DataScope = { ...EMPTY_SCOPE, orgPaths: [], regionPaths: [], unitIds: [], personIds: [] };
  const scopeKinds = new Set(roles.map((r) => r.data_scope));
  if (scopeKinds.has('all')) scope.all = true;
  if (scopeKinds.has('region')) scope.regionPaths.push(u.region_path);
  if (scopeKinds.has('unit_tree')) scope.orgPaths.push(u.unit_path);
  if (scopeKinds.has('own_unit')) scope.unitIds.push(u.unit_id);
  if (scopeKinds.has('self') && u.person_id !== null) scope.personIds.push(u.person_id);
  const customRoles = roles.filter((r) => r.data_scope === 'custom').map((r) => r.id);
  if (customRoles.length) {
    const c = await findCustomScopePaths(db, customRoles);
    scope.orgPaths.push(...c.orgPaths);
    scope.regionPaths.push(...c.regionPaths);
  }
  const adminKind = (roles.find((r) => r.admin_kind !== 'none')?.admin_kind ?? 'none') as AdminKind;
  const demoExempt = opts.demo && u.is_demo;
  const describe = (k: string) =>
    k === 'region' ? `${SCOPE_NAMES[k]}（${u.region_name}）` : k === 'unit_tree' || k === 'own_unit' ? `${SCOPE_NAMES[k]}（${u.unit_name}）` : SCOPE_NAMES[k] ?? k;
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    unitId: u.unit_id,
    unitName: u.unit_name,
    personId: u.person_id,
    sessionId: session.id,
    csrfToken: session.csrfToken,
    roles: roles.map((r) => ({ id: r.id, code: r.code, name: r.name, dataScope: r.data_scope, adminKind: r.admin_kind as AdminKind })),
    permissions,
    adminKind,
    scope,
    scopeDescription: [...scopeKinds].map(describe).join('；') || SCOPE_NAMES.none!,
    isDemo: u.is_demo,
    mustChangePassword: u.must_change_password && !demoExempt,
    passwordExpired:
      !demoExempt && Date.now() - new Date(u.password_changed_at).getTime() > opts.maxPasswordAgeDays * 86400_000,
    totpEnabled: u.totp_enabled,
    totpRequired: adminKind !== 'none' && opts.totpRequiredForAdmins && !demoExempt,
  };
}
