import type { Static } from 'typebox';
import type { Db } from '../../db/connection.js';
import { maskIdNo, maskPhone, protect, type CryptoKeys } from '../crypto/crypto.service.js';
import { AppError, invalid, notFound } from '../errors.js';
import type { AuthContext } from '../identity/auth.context.js';
import { findOrgInScope } from './org.repository.js';
import { deletePerson, findPersonInScope, insertPerson, personHasUser, type PersonRow, type PersonWrite, updatePerson } from './person.repository.js';
import type { PersonInput } from './person.schemas.js';

type Input = Static<typeof PersonInput>;

/** GB 11643-1999 citizen ID number: 17 digits + check character. */
export function idNoValid(id: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(id[i]), 0);
  if ('10X98765432'[sum % 11] !== id[17]) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() <= Date.now();
}

export const PHONE = /^1[3-9]\d{9}$/;

export function personActions(auth: AuthContext, _row: PersonRow) {
  const a: string[] = [];
  if (auth.permissions.has('org:person:update')) a.push('update');
  if (auth.permissions.has('org:person:delete')) a.push('delete');
  if (auth.permissions.has('org:person:reveal')) a.push('reveal');
  return a;
}

async function toWrite(tx: Db, auth: AuthContext, keys: CryptoKeys, input: Input): Promise<PersonWrite> {
  const unit = await findOrgInScope(tx, auth.scope, input.unitId);
  if (!unit || unit.kind !== 'unit' || unit.status !== 'active')
    throw invalid('所在单位不存在或无权访问', [{ field: 'unitId', message: '所在单位不存在或无权访问' }]);
  if (input.departmentId) {
    const dept = await findOrgInScope(tx, auth.scope, input.departmentId);
    if (!dept || dept.kind !== 'department' || dept.unit_id !== unit.id)
      throw invalid('内设机构不属于所选单位', [{ field: 'departmentId', message: '内设机构不属于所选单位' }]);
  }
  const w: PersonWrite = {
    name: input.name.trim(),
    gender: input.gender,
    rank_code: input.rankCode ?? null,
    unit_id: input.unitId,
    department_id: input.departmentId ?? null,
    status: input.status ?? 'active',
  };
  if (input.idNo !== undefined) {
    if (input.idNo === null || input.idNo === '') Object.assign(w, { id_no_enc: null, id_no_hash: null, id_no_mask: null });
    else {
      const idNo = input.idNo.toUpperCase();
      if (!idNoValid(idNo)) throw invalid('身份证号码不正确（校验位或出生日期有误）', [{ field: 'idNo', message: '身份证号码不正确' }]);
      const p = protect(keys, idNo, maskIdNo);
      Object.assign(w, { id_no_enc: p.enc, id_no_hash: p.hash, id_no_mask: p.mask });
    }
  }
  if (input.phone !== undefined) {
    if (input.phone === null || input.phone === '') Object.assign(w, { phone_enc: null, phone_hash: null, phone_mask: null });
    else {
      if (!PHONE.test(input.phone)) throw invalid('手机号码应为 11 位数字', [{ field: 'phone', message: '手机号码应为 11 位数字' }]);
      const p = protect(keys, input.phone, maskPhone);
      Object.assign(w, { phone_enc: p.enc, phone_hash: p.hash, phone_mask: p.mask });
    }
  }
  return w;
}

/** Audit snapshots never hold the clear ID number or phone. */
export const personSnapshot = (r: PersonRow) => ({ ...r });

export async function createPerson(tx: Db, auth: AuthContext, keys: CryptoKeys, input: Input) {
  const { id } = await insertPerson(tx, await toWrite(tx, auth, keys, input));
  const after = await findPersonInScope(tx, auth.scope, id);
  if (!after) throw new AppError('OUT_OF_SCOPE', '目标不在您的数据权限范围内', 403);
  return after;
}

export async function changePerson(tx: Db, auth: AuthContext, keys: CryptoKeys, id: number, input: Input) {
  const before = await findPersonInScope(tx, auth.scope, id);
  if (!before) throw notFound('人员');
  await updatePerson(tx, id, await toWrite(tx, auth, keys, input));
  const after = await findPersonInScope(tx, auth.scope, id);
  if (!after) throw new AppError('OUT_OF_SCOPE', '目标不在您的数据权限范围内', 403);
  return { before, after };
}

export async function removePerson(tx: Db, auth: AuthContext, id: number) {
  const before = await findPersonInScope(tx, auth.scope, id);
  if (!before) throw notFound('人员');
  if (await personHasUser(tx, id)) throw new AppError('PERSON_HAS_ACCOUNT', '该人员关联了系统账号，请先解除关联或将状态改为调离/退休', 409);
  await deletePerson(tx, id);
  return before;
}
