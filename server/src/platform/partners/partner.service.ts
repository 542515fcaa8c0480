import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { randomToken, sm3Hex } from '../crypto/crypto.service.js';
import { AppError } from '../errors.js';
import { findCredentialForAuth, touchCredential } from './partner.repository.js';

/** The partner system a request was authenticated as (set by the auth plugin on `access: 'partner'` routes). */
export interface PartnerContext {
  credentialId: number;
  code: string;
  name: string;
  scopes: string[];
}

export const PARTNER_CODE_HEADER = 'x-partner-code';
export const PARTNER_KEY_HEADER = 'x-partner-key';

/** The scopes a credential may be given: one per partner API. */
export const PARTNER_SCOPES: Record<string, string> = {
  'fleet:transactions': '公务用车：报送加油、维修、保险等交易',
  'telematics:positions': '车辆定位：转发北斗终端定位数据',
};

/** A new partner key: 32 random bytes, shown once; only its SM3 hash is kept. */
export function newPartnerKey(): { key: string; hash: string } {
  const key = `spk_${randomToken(32)}`;
  return { key, hash: sm3Hex(key) };
}

// One comparison whether or not the code exists, so response time does not tell codes apart.
const DUMMY_HASH = sm3Hex('steward-no-such-partner');

const fail = (code: string, message: string) => new AppError(code, message, 401);

/**
 * Authenticates a partner call by its code and key headers for one scope. Unknown code and wrong key look the same
 * (PARTNER_INVALID); a disabled credential and a missing scope are told apart only after the key proved right.
 */
export async function authenticatePartner(
  db: Db,
  headers: Record<string, string | string[] | undefined>,
  scope: string,
): Promise<PartnerContext> {
  const code = headers[PARTNER_CODE_HEADER];
  const key = headers[PARTNER_KEY_HEADER];
  if (typeof code !== 'string' || typeof key !== 'string' || !code || !key)
    throw fail('PARTNER_AUTH_REQUIRED', `请在请求头 ${PARTNER_CODE_HEADER} 与 ${PARTNER_KEY_HEADER} 中提供接入编码和密钥`);
  const cred = code.length <= 32 ? await findCredentialForAuth(db, code) : undefined;
  const presented = Buffer.from(sm3Hex(key), 'hex');
  const expected = Buffer.from(cred?.key_hash ?? DUMMY_HASH, 'hex');
  const match = timingSafeEqual(presented, expected);
  if (!cred || !match) throw fail('PARTNER_INVALID', '接入编码或密钥不正确');
  if (!cred.enabled) throw fail('PARTNER_DISABLED', '该接入凭证已停用');
  if (!cred.scopes.includes(scope)) throw fail('PARTNER_SCOPE_DENIED', '该接入凭证无权调用此接口');
  await touchCredential(db, cred.id);
  return { credentialId: cred.id, code: cred.code, name: cred.name, scopes: cred.scopes };
}
