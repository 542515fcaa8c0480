import type { Db } from '../../db/connection.js';
import {
  burnPasswordTime,
  hashPassword,
  newTotpSecret,
  randomToken,
  sm3Hex,
  sm4Decrypt,
  sm4Encrypt,
  verifyPassword,
  verifyTotp,
} from '../crypto/crypto.service.js';
import type { Platform } from '../context.js';
import { AppError } from '../errors.js';
import { insertLoginLog, type LoginResult } from './login-log.repository.js';
import { checkPasswordPolicy } from './password.policy.js';
import { insertSession } from './session.repository.js';
import {
  findPasswordHistory,
  findTotpSecret,
  findUserForLogin,
  findUserRoles,
  recordLoginFailure,
  recordLoginSuccess,
  setPassword,
  setTotpSecret,
} from './user.repository.js';

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string;
  ip: string;
  userAgent: string;
}

export interface LoginOutcome {
  token: string;
  csrfToken: string;
  userId: number;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
}

class LoginRefused extends AppError {
  constructor(
    readonly result: LoginResult,
    readonly userId: number | null,
    code: string,
    message: string,
    status = 401,
  ) {
    super(code, message, status);
  }
}

export async function isAdminUser(db: Db, userId: number) {
  return (await findUserRoles(db, userId)).some((r) => r.admin_kind !== 'none');
}

/** Password, lockout and second-factor checks; on success a new server-side session. */
export async function login(p: Platform, input: LoginInput): Promise<LoginOutcome> {
  const { db, config } = p;
  const s = await p.settings.get();
  const iterations = s['security.password.pbkdf2_iterations'];
  try {
    const u = await findUserForLogin(db, input.username);
    if (!u || (u.is_demo && !config.demo)) {
      await burnPasswordTime(iterations);
      throw new LoginRefused('unknown_user', null, 'AUTH_INVALID_CREDENTIALS', '用户名或密码错误');
    }
    if (u.status !== 'active') throw new LoginRefused('disabled', u.id, 'AUTH_DISABLED', '账号已停用，请联系系统管理员');
    if (u.locked_until && new Date(u.locked_until).getTime() > Date.now()) {
      const mins = Math.ceil((new Date(u.locked_until).getTime() - Date.now()) / 60000);
      throw new LoginRefused('locked', u.id, 'AUTH_LOCKED', `账号已锁定，请 ${mins} 分钟后再试或联系安全管理员解锁`, 423);
    }
    const maxFailures = s['security.lockout.max_failures'];
    const lockMinutes = s['security.lockout.minutes'];
    const fail = async (result: LoginResult, code: string, msg: string) => {
      const f = await recordLoginFailure(db, u.id, maxFailures, lockMinutes);
      if (f.failed_count >= maxFailures)
        throw new LoginRefused(result, u.id, 'AUTH_LOCKED', `连续 ${maxFailures} 次验证失败，账号已锁定 ${lockMinutes} 分钟`, 423);
      throw new LoginRefused(result, u.id, code, `${msg}，还可尝试 ${maxFailures - f.failed_count} 次`);
    };
    if (!(await verifyPassword(input.password, u.password_hash))) await fail('bad_password', 'AUTH_INVALID_CREDENTIALS', '用户名或密码错误');
    let totpStepUsed: number | null = null;
    if (u.totp_enabled && u.totp_secret_enc && !(config.demo && u.is_demo)) {
      if (!input.totpCode) throw new LoginRefused('totp_required', u.id, 'AUTH_TOTP_REQUIRED', '请输入动态口令');
      const secret = sm4Decrypt(p.keys.dataKey, u.totp_secret_enc);
      const step = verifyTotp(secret, input.totpCode);
      if (step === null || (u.totp_last_step !== null && step <= Number(u.totp_last_step)))
        await fail('totp_invalid', 'AUTH_TOTP_INVALID', '动态口令错误');
      totpStepUsed = step;
    }
    const admin = await isAdminUser(db, u.id);
    const idleMinutes = admin ? s['security.session.admin_idle_minutes'] : s['security.session.idle_minutes'];
    const token = randomToken();
    const csrfToken = randomToken(24);
    await db.transaction().execute(async (tx) => {
      await recordLoginSuccess(tx, u.id, totpStepUsed);
      await insertSession(tx, {
        id: sm3Hex(token),
        userId: u.id,
        csrfToken,
        ip: input.ip,
        userAgent: input.userAgent,
        idleSeconds: idleMinutes * 60,
        expiresAt: new Date(Date.now() + s['security.session.absolute_hours'] * 3600_000),
      });
      await insertLoginLog(tx, { username: u.username, userId: u.id, ip: input.ip, userAgent: input.userAgent, result: 'success' });
    });
    return {
      token,
      csrfToken,
      userId: u.id,
      username: u.username,
      displayName: u.display_name,
      mustChangePassword: u.must_change_password && !(config.demo && u.is_demo),
    };
  } catch (err) {
    if (err instanceof LoginRefused) {
      await insertLoginLog(db, {
        username: input.username,
        userId: err.userId,
        ip: input.ip,
        userAgent: input.userAgent,
        result: err.result,
        message: err.message,
      });
      throw new AppError(err.code, err.message, err.status);
    }
    throw err;
  }
}

/** Validates a new password against the policy and the history; returns its hash. */
export async function prepareNewPassword(p: Platform, db: Db, userId: number, username: string, password: string) {
  const s = await p.settings.get(db);
  const broken = checkPasswordPolicy(s, { password, username, isAdmin: await isAdminUser(db, userId) });
  if (broken) throw new AppError('PASSWORD_POLICY', broken, 400, [{ field: 'newPassword', message: broken }]);
  const history = await findPasswordHistory(db, userId, s['security.password.history']);
  for (const h of history) {
    if (await verifyPassword(password, h)) {
      const msg = `新密码不能与最近 ${s['security.password.history']} 次使用过的密码相同`;
      throw new AppError('PASSWORD_REUSED', msg, 400, [{ field: 'newPassword', message: msg }]);
    }
  }
  return hashPassword(password, s['security.password.pbkdf2_iterations']);
}

export async function changeOwnPassword(p: Platform, tx: Db, userId: number, username: string, oldPassword: string, newPassword: string) {
  const u = await findUserForLogin(tx, username);
  if (!u || !(await verifyPassword(oldPassword, u.password_hash)))
    throw new AppError('AUTH_INVALID_CREDENTIALS', '原密码不正确', 400, [{ field: 'oldPassword', message: '原密码不正确' }]);
  const hash = await prepareNewPassword(p, tx, userId, username, newPassword);
  await setPassword(tx, userId, hash, false);
}

export async function beginTotpSetup(p: Platform, userId: number, username: string) {
  const current = await findTotpSecret(p.db, userId);
  if (current?.totp_enabled) throw new AppError('TOTP_ALREADY_ENABLED', '动态口令已启用', 409);
  const secret = newTotpSecret();
  await setTotpSecret(p.db, userId, sm4Encrypt(p.keys.dataKey, secret), false);
  const label = encodeURIComponent(`Steward:${username}`);
  return { secret, otpauthUrl: `otpauth://totp/${label}?secret=${secret}&issuer=Steward&algorithm=SHA1&digits=6&period=30` };
}

export async function enableTotp(p: Platform, tx: Db, userId: number, code: string) {
  const current = await findTotpSecret(tx, userId);
  if (!current?.totp_secret_enc) throw new AppError('TOTP_NOT_SET_UP', '请先生成动态口令密钥', 400);
  if (current.totp_enabled) throw new AppError('TOTP_ALREADY_ENABLED', '动态口令已启用', 409);
  const secret = sm4Decrypt(p.keys.dataKey, current.totp_secret_enc);
  if (verifyTotp(secret, code) === null)
    throw new AppError('AUTH_TOTP_INVALID', '动态口令错误，请核对手机时间后重试', 400, [{ field: 'code', message: '动态口令错误' }]);
  await setTotpSecret(tx, userId, current.totp_secret_enc, true);
}
