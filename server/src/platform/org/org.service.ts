import type { Static } from 'typebox';
import type { Db } from '../../db/connection.js';
import type { DataScope } from '../access/scope.js';
import { AppError, invalid, notFound } from '../errors.js';
import type { AuthContext } from '../identity/auth.context.js';
import { findRegionByCode } from './region.repository.js';
import {
  countActiveDependants,
  findOrgBasics,
  findOrgInScope,
  insertOrg,
  personBelongsToUnitOf,
  type OrgRow,
  type OrgWrite,
  revokeOrg,
  updateOrg,
} from './org.repository.js';
import type { OrgInput } from './org.schemas.js';

type Input = Static<typeof OrgInput>;

/** GB 32100 check character of the unified social credit code. */
export function creditCodeValid(code: string): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = chars.indexOf(code[i]!);
    if (v < 0) return false;
    sum += v * weights[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return chars[check] === code[17];
}

export function orgActions(auth: AuthContext, row: Pick<OrgRow, 'status'>) {
  const a: string[] = [];
  if (row.status === 'active') {
    if (auth.permissions.has('org:unit:update')) a.push('update');
    if (auth.permissions.has('org:unit:delete')) a.push('delete');
    if (auth.permissions.has('org:unit:create')) a.push('create-child');
  }
  return a;
}

/** Resolves and checks an input into a row; the caller re-reads it under scope afterwards. */
async function toWrite(tx: Db, scope: DataScope, input: Input): Promise<OrgWrite> {
  let level: string | undefined = input.level;
  let regionCode = input.regionCode;
  if (input.parentId) {
    const parent = await findOrgInScope(tx, scope, input.parentId);
    if (!parent || parent.status !== 'active') throw invalid('上级单位不存在或无权访问', [{ field: 'parentId', message: '上级单位不存在或无权访问' }]);
    if (input.kind === 'unit' && parent.kind !== 'unit') throw invalid('单位不能挂在内设机构之下', [{ field: 'parentId', message: '请选择单位作为上级' }]);
    if (input.kind === 'department') {
      level = parent.level;
      regionCode = parent.region_code;
    }
  } else if (input.kind === 'department') {
    throw invalid('内设机构必须指定所属单位', [{ field: 'parentId', message: '请选择所属单位' }]);
  }
  if (!level) throw invalid('请选择层级', [{ field: 'level', message: '请选择层级' }]);
  if (!regionCode || !(await findRegionByCode(tx, regionCode)))
    throw invalid('行政区划不存在', [{ field: 'regionCode', message: '行政区划不存在' }]);
  if (input.kind === 'unit' && !input.unitType) throw invalid('请选择单位类型', [{ field: 'unitType', message: '请选择单位类型' }]);
  if (input.creditCode && !creditCodeValid(input.creditCode))
    throw invalid('统一社会信用代码校验位不正确', [{ field: 'creditCode', message: '统一社会信用代码校验位不正确' }]);
  const isUnit = input.kind === 'unit';
  return {
    kind: input.kind,
    name: input.name.trim(),
    short_name: input.shortName?.trim() || null,
    credit_code: isUnit ? (input.creditCode ?? null) : null,
    unit_type: isUnit ? (input.unitType ?? null) : null,
    level,
    region_code: regionCode,
    parent_id: input.parentId ?? null,
    staffing_quota: isUnit ? (input.staffingQuota ?? null) : null,
    head_person_id: input.headPersonId ?? null,
    sort: input.sort ?? 0,
  };
}

async function mustSee(tx: Db, scope: DataScope, id: number) {
  const row = await findOrgInScope(tx, scope, id);
  if (!row) throw new AppError('OUT_OF_SCOPE', '目标不在您的数据权限范围内', 403);
  return row;
}

/** The head (负责人) must work in the node's unit: checked once the node, and so its unit, exists. */
async function checkHead(tx: Db, id: number, headPersonId: number | null | undefined) {
  if (headPersonId && !(await personBelongsToUnitOf(tx, headPersonId, id)))
    throw invalid('负责人须是本单位在职人员', [{ field: 'headPersonId', message: '负责人须是本单位在职人员' }]);
}

export async function createOrg(tx: Db, auth: AuthContext, input: Input) {
  const { id } = await insertOrg(tx, await toWrite(tx, auth.scope, input));
  await checkHead(tx, id, input.headPersonId);
  // The new node must be inside the creator's own scope; otherwise the transaction rolls back.
  return mustSee(tx, auth.scope, id);
}

export async function changeOrg(tx: Db, auth: AuthContext, id: number, input: Input) {
  const before = await findOrgInScope(tx, auth.scope, id);
  if (!before || before.status !== 'active') throw notFound('单位');
  if (before.kind !== input.kind) throw invalid('不能修改机构类别（单位/内设机构）');
  if (input.parentId === id) throw invalid('上级不能是自己', [{ field: 'parentId', message: '上级不能是自己' }]);
  await updateOrg(tx, id, await toWrite(tx, auth.scope, input));
  await checkHead(tx, id, input.headPersonId);
  const after = await mustSee(tx, auth.scope, id);
  return { before, after };
}

export async function removeOrg(tx: Db, auth: AuthContext, id: number) {
  const before = await findOrgInScope(tx, auth.scope, id);
  if (!before || before.status !== 'active') throw notFound('单位');
  const d = await countActiveDependants(tx, id);
  if (d.children || d.persons || d.users)
    throw new AppError('ORG_IN_USE', `该机构下仍有 ${d.children} 个下级机构、${d.persons} 名在职人员、${d.users} 个账号，不能撤销`, 409);
  await revokeOrg(tx, id);
  return before;
}

export { findOrgBasics };
