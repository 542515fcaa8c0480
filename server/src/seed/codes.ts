/**
 * Identifier formats with their check characters:
 * - 统一社会信用代码 (GB 32100-2015), with its 9-character 组织机构代码 body (GB 11714-1997);
 * - 公民身份号码 (GB 11643-1999).
 */

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** GB 11714 check character for an 8-character organisation code body (digits or capital letters). */
export function orgCodeCheck(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new Error(`bad organisation code body ${body8}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i] as string, 36) * (ORG_WEIGHTS[i] as number);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100 check character for the first 17 characters of a unified social credit code. */
export function usccCheck(first17: string): string {
  if (first17.length !== 17) throw new Error('need 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i] as string);
    if (v < 0) throw new Error(`character ${first17[i]} not allowed in a credit code`);
    sum += v * (USCC_WEIGHTS[i] as number);
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31] as string;
}

export function isValidUscc(code: string): boolean {
  return USCC_PATTERN.test(code) && usccCheck(code.slice(0, 17)) === code[17] && orgCodeCheck(code.slice(8, 16)) === code[16];
}

/**
 * A credit code: registration authority 1 (机构编制) + category (1 机关, 2 事业单位), the 6-digit region of the
 * registering authority, the organisation code (8 + GB 11714 check) and the GB 32100 check.
 * `serial` must be unique; it is scattered over the 8-digit space by a bijection so codes do not look sequential.
 */
export function creditCode(category: '11' | '12', region6: string, serial: number): string {
  if (!/^[0-9]{6}$/.test(region6)) throw new Error(`bad region ${region6}`);
  if (serial < 0 || serial >= 1e8) throw new Error('serial out of range');
  // 48271 is prime and coprime to 10^8, so n -> (a*n + c) mod 10^8 is a bijection.
  const scattered = (Number((BigInt(serial) * 48271n + 13_579_246n) % 100_000_000n)).toString().padStart(8, '0');
  const first17 = category + region6 + scattered + orgCodeCheck(scattered);
  return first17 + usccCheck(first17);
}

/** GB 11643 check character for the first 17 digits of an ID number. */
export function idNoCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

export function isValidIdNo(idNo: string): boolean {
  return /^[0-9]{17}[0-9X]$/.test(idNo) && idNoCheck(idNo.slice(0, 17)) === idNo[17];
}
