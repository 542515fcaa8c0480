// Field validators shared by the forms. Messages match what the server answers for the same mistakes.
import type { Rule } from 'antd/es/form';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643-1999 citizen ID number: why it is wrong, or null when it is valid. */
export function idNumberError(raw: string, today: Date = new Date()): string | null {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return '身份证号应为18位，前17位为数字，末位为数字或X';
  if (!/^[1-9]\d{5}$/.test(value.slice(0, 6))) return '身份证号的地址码无效';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const validDate =
    birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!validDate || year < 1900 || birth.getTime() > today.getTime()) return '身份证号中的出生日期无效';
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(value[i]) * (ID_WEIGHTS[i] ?? 0);
  if (ID_CHECK_CHARS[sum % 11] !== value[17]) return '身份证号校验位不正确，请核对';
  return null;
}

/** Gender encoded in a valid ID number (17th digit: odd = male). */
export function genderFromIdNumber(value: string): 'M' | 'F' | null {
  if (idNumberError(value) !== null) return null;
  return Number(value.trim()[16]) % 2 === 1 ? 'M' : 'F';
}

export function mobileError(raw: string): string | null {
  return /^1[3-9]\d{9}$/.test(raw.trim()) ? null : '手机号应为以1开头的11位数字';
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 32100-2015 unified social credit code: format error, checksum error, or null. */
export function creditCodeError(raw: string): string | null {
  const value = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) return '统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）';
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CREDIT_CHARS.indexOf(value[i] ?? '') * (CREDIT_WEIGHTS[i] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  if (CREDIT_CHARS[check] !== value[17]) return '统一社会信用代码校验位不正确，请核对';
  return null;
}

export interface PasswordPolicy {
  minLength: number;
  username?: string;
}

/** The password rules the server enforces (DOMAIN: ≥ 8, ≥ 12 for administrators; 3 of 4 classes; no username). */
export function passwordPolicyErrors(password: string, policy: PasswordPolicy): string[] {
  const errors: string[] = [];
  if (password.length < policy.minLength) errors.push(`密码长度至少${policy.minLength}位`);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) errors.push('密码须包含大写字母、小写字母、数字、特殊字符中的至少3类');
  const username = policy.username?.trim().toLowerCase();
  if (username && password.toLowerCase().includes(username)) errors.push('密码不能包含用户名');
  return errors;
}

export const PASSWORD_POLICY_HINTS = [
  '长度至少 8 位，管理员账号至少 12 位',
  '包含大写字母、小写字母、数字、特殊字符中的至少 3 类',
  '不能包含用户名',
  '不能与最近 5 次使用过的密码相同',
  '密码有效期 90 天，到期须修改；初始密码首次登录须修改',
] as const;

/** Wraps a "message or null" check as an antd rule; empty values are left to `required`. */
export function ruleOf(check: (value: string) => string | null, warningOnly = false): Rule {
  return {
    warningOnly,
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const message = check(String(value));
      if (message) throw new Error(message);
    },
  };
}
