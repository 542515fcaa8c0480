// Pure helpers of the 账号申请 form: the idempotency key, the username rule, and server errors → row fields.
import type { ApiError } from '../../../../api/errors';

/** The server's username pattern (小写字母开头，3–32 位小写字母、数字、_ . -). */
export const USERNAME_PATTERN = /^[a-z][a-z0-9_.-]{2,31}$/;

export const USERNAME_RULE_TEXT = '以小写字母开头，3到32位小写字母、数字或 _ . -';

export const MAX_ITEMS = 10;

/**
 * A fresh key for one opened form: the server answers a repeated submission with the same key with the request it
 * already made, so a double click cannot open two requests. randomUUID needs a secure context (https or localhost);
 * elsewhere the same 122 random bits come from getRandomValues.
 */
export function newRequestKey(c: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto): string {
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Problems of a username as typed, in the words shown under the field ('' when fine). */
export function usernameProblem(value: string | undefined, others: readonly (string | undefined)[]): string {
  const v = (value ?? '').trim();
  if (!v) return '请输入用户名';
  if (!USERNAME_PATTERN.test(v)) return USERNAME_RULE_TEXT;
  if (others.some((o) => (o ?? '').trim() === v)) return '与其他行的用户名重复';
  return '';
}

export interface FieldError {
  name: (string | number)[];
  errors: string[];
}

/**
 * Puts the server's complaint on the rows it is about: details such as `items.2.roleCode` go to that cell; a
 * taken-username conflict (which names the usernames in its message) goes to those rows' username cells.
 */
export function itemFieldErrors(error: ApiError, usernames: readonly (string | undefined)[]): FieldError[] {
  const out: FieldError[] = [];
  for (const d of error.details) {
    const m = /^(?:\/?body[./])?items[./](\d+)[./](\w+)$/.exec(d.field);
    if (m) out.push({ name: ['items', Number(m[1]), m[2]!], errors: [d.message] });
    else if (/^(?:\/?body[./])?(reason)$/.test(d.field)) out.push({ name: ['reason'], errors: [d.message] });
  }
  if (error.code === 'USERNAME_TAKEN' || /用户名(已被占用|重复)/.test(error.message)) {
    const listed = error.message.split(/[：:]/).slice(1).join(':');
    const names = new Set(listed.split(/[、,，\s]+/).filter(Boolean));
    usernames.forEach((u, i) => {
      if (u && names.has(u.trim())) out.push({ name: ['items', i, 'username'], errors: [/重复/.test(error.message) ? '用户名重复' : '用户名已被占用或正在申请中'] });
    });
  }
  return out;
}
