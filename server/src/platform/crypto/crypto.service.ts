/**
 * All cryptography of Steward, behind one interface (GB/T 39786: 国密 SM3/SM4 from Node's built-in OpenSSL).
 * A certified hardware module can replace this implementation without touching callers.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

export interface CryptoKeys {
  /** 16-byte SM4 key for personal data at rest. */
  dataKey: Buffer;
  /** Key for HMAC-SM3 blind indexes and the audit chain. */
  macKey: Buffer;
}

export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function hmacSm3(key: Buffer, data: string | Buffer): Buffer {
  return createHmac('sm3', key).update(data).digest();
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const KEY_VERSION = 1;

/** SM4-CBC with a random IV; output = version(1) | iv(16) | ciphertext. */
export function sm4Encrypt(key: Buffer, plain: string): Buffer {
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-cbc', key, iv);
  return Buffer.concat([Buffer.from([KEY_VERSION]), iv, c.update(plain, 'utf8'), c.final()]);
}

export function sm4Decrypt(key: Buffer, blob: Uint8Array): string {
  const buf = Buffer.from(blob);
  if (buf[0] !== KEY_VERSION) throw new Error(`unknown SM4 key version ${buf[0]}`);
  const d = createDecipheriv('sm4-cbc', key, buf.subarray(1, 17));
  return Buffer.concat([d.update(buf.subarray(17)), d.final()]).toString('utf8');
}

// ---------------------------------------------------------------- passwords: PBKDF2-HMAC-SM3
// Format: pbkdf2-sm3$<iterations>$<salt b64>$<hash b64>. Iterations travel with the hash, so raising the
// cost later only affects new hashes.
export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = randomBytes(16);
  const hash = await pbkdf2Async(password, salt, iterations, 32, 'sm3');
  return `pbkdf2-sm3$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, iter, saltB64, hashB64] = stored.split('$');
  if (alg !== 'pbkdf2-sm3' || !iter || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const got = await pbkdf2Async(password, Buffer.from(saltB64, 'base64'), Number(iter), expected.length, 'sm3');
  return timingSafeEqual(got, expected);
}

/** Dummy verification to keep timing equal when the user does not exist. */
export async function burnPasswordTime(iterations: number): Promise<void> {
  await pbkdf2Async('x', 'steward-dummy-salt', iterations, 32, 'sm3');
}

// ---------------------------------------------------------------- TOTP (RFC 6238, HMAC-SHA1, 30 s, 6 digits)
// Authenticator apps only speak HMAC-SHA1 for TOTP; the secret itself is stored SM4-encrypted.
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = B32.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function totpAt(secretB32: string, step: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32Decode(secretB32)).update(msg).digest();
  const off = h[h.length - 1]! & 0xf;
  const code = (h.readUInt32BE(off) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

export function totpStep(now = Date.now()): number {
  return Math.floor(now / 1000 / 30);
}

/** Returns the matched step (±1 for clock drift) or null. */
export function verifyTotp(secretB32: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const step = totpStep(now);
  for (const s of [step, step - 1, step + 1]) {
    const expected = Buffer.from(totpAt(secretB32, s));
    if (timingSafeEqual(expected, Buffer.from(code))) return s;
  }
  return null;
}

// ---------------------------------------------------------------- personal data helpers
export function maskIdNo(idNo: string): string {
  return idNo.length <= 8 ? '*'.repeat(idNo.length) : `${idNo.slice(0, 6)}********${idNo.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  return phone.length < 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** Encrypts a personal field and derives its blind index and mask. */
export function protect(keys: CryptoKeys, value: string, mask: (v: string) => string) {
  return { enc: sm4Encrypt(keys.dataKey, value), hash: hmacSm3(keys.macKey, value), mask: mask(value) };
}
