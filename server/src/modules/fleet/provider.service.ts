import type { Static } from 'typebox';
import type { Db } from '../../db/connection.js';
import { type DataScope, regionWithin } from '../../platform/access/scope.js';
import { AppError, type ErrorDetail, invalid } from '../../platform/errors.js';
import { findRegion, type ProviderValues } from './provider.repository.js';
import type { ProviderBody } from './provider.schemas.js';

/** Why a transaction is or is not at a designated provider (三定点). */
export type Designation = 'designated' | 'not_provider' | 'not_designated' | 'outside_contract';

export const DESIGNATION_NAMES: Record<Designation, string> = {
  designated: '定点',
  not_provider: '非定点服务商',
  not_designated: '服务商未定点或已取消定点',
  outside_contract: '不在定点合同期内',
};

export interface ProviderTerms {
  designated: boolean;
  contract_from: string | null;
  contract_to: string | null;
}

/** A transaction on Beijing day `day` is designated when its provider is designated and the day is within the contract. */
export function designationOf(p: ProviderTerms | undefined, day: string): Designation {
  if (!p) return 'not_provider';
  if (!p.designated) return 'not_designated';
  if (!p.contract_from || !p.contract_to || day < p.contract_from || day > p.contract_to) return 'outside_contract';
  return 'designated';
}

/** Checks a provider form the way the database would, with messages per field; returns the row values. */
export async function providerValues(db: Db, scope: DataScope, b: Static<typeof ProviderBody>): Promise<ProviderValues> {
  const details: ErrorDetail[] = [];
  const from = b.contractFrom ?? null;
  const to = b.contractTo ?? null;
  if ((from === null) !== (to === null)) details.push({ field: from ? 'contractTo' : 'contractFrom', message: '合同起止日期须同时填写' });
  if (from && to && to < from) details.push({ field: 'contractTo', message: '合同截止日期不能早于起始日期' });
  if (b.designated && !from) details.push({ field: 'contractFrom', message: '定点服务商须填写定点合同期限' });
  if ((b.lng ?? null) === null !== ((b.lat ?? null) === null)) details.push({ field: 'lat', message: '经纬度须同时填写' });
  const region = await findRegion(db, b.regionCode);
  if (!region) details.push({ field: 'regionCode', message: '行政区划代码不存在' });
  if (details.length) throw invalid(details[0]!.message, details);
  if (!scope.all && !regionWithin(b.regionCode, scope.regionPaths))
    throw new AppError('OUT_OF_SCOPE', '服务商所在地区不在您的数据范围内', 403);
  return {
    kind: b.kind,
    code: b.code,
    name: b.name.trim(),
    credit_code: b.creditCode ?? null,
    region_code: b.regionCode,
    address: b.address?.trim() || null,
    lng: b.lng ?? null,
    lat: b.lat ?? null,
    contract_no: b.contractNo?.trim() || null,
    contract_from: from,
    contract_to: to,
    designated: b.designated,
  };
}

export function providerActions(permissions: ReadonlySet<string>): string[] {
  return permissions.has('fleet:provider:write') ? ['edit'] : [];
}
