import type { Db } from '../../db/connection.js';

export type LoginResult =
  | 'success' | 'bad_password' | 'unknown_user' | 'locked' | 'disabled' | 'totp_required' | 'totp_invalid' | 'logout' | 'forced_logout';

export async function insertLoginLog(
  db: Db,
  e: { username: string; userId: number | null; ip: string; userAgent: string; result: LoginResult; message?: string },
) {
  await db
    .insertInto('login_log')
    .values({
      username: e.username.slice(0, 64),
      user_id: e.userId,
      ip: e.ip,
      user_agent: e.userAgent.slice(0, 500),
      result: e.result,
      message: e.message ?? '',
    })
    .execute();
}

export interface LoginLogFilter {
  username?: string;
  result?: string;
  from?: string;
  to?: string;
}

export function loginLogQuery(db: Db, f: LoginLogFilter) {
  let q = db.selectFrom('login_log');
  if (f.username) q = q.where('username', '=', f.username);
  if (f.result) q = q.where('result', '=', f.result);
  if (f.from) q = q.where('at', '>=', new Date(f.from));
  if (f.to) q = q.where('at', '<', new Date(f.to));
  return q;
}
