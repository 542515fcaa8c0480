import { hmacSm3 } from '../crypto/crypto.service.js';

export interface AuditRecord {
  seq: number;
  at: Date;
  user_id: number | null;
  username: string;
  ip: string;
  action: string;
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
  result: 'success' | 'failure';
  detail: string;
}

/** JSON with sorted keys: jsonb reorders keys, so the hash must not depend on key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** HMAC-SM3 over the previous hash and the canonical form of the record. */
export function chainHash(macKey: Buffer, prevHash: string, r: AuditRecord): string {
  const body = canonicalJson({ ...r, at: r.at.toISOString(), before: r.before ?? null, after: r.after ?? null });
  return hmacSm3(macKey, `${prevHash}|${body}`).toString('hex');
}
