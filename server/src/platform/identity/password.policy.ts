import type { SettingValues } from '../settings/settings.catalog.js';

export interface PolicyInput {
  password: string;
  username: string;
  isAdmin: boolean;
}

/** Returns the first broken rule as a Chinese sentence, or null. Rule numbers come from settings. */
export function checkPasswordPolicy(s: SettingValues, { password, username, isAdmin }: PolicyInput): string | null {
  const min = isAdmin ? s['security.password.admin_min_length'] : s['security.password.min_length'];
  if (password.length < min) return `密码长度至少 ${min} 位${isAdmin ? '（管理员）' : ''}`;
  if (password.length > 128) return '密码长度不能超过 128 位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
  const need = s['security.password.min_classes'];
  if (classes < need) return `密码须包含大写字母、小写字母、数字、符号中的至少 ${need} 类`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}
