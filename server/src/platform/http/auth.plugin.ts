import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sm3Hex } from '../crypto/crypto.service.js';
import type { Platform } from '../context.js';
import { AppError } from '../errors.js';
import { type AuthContext, loadAuthContext } from '../identity/auth.context.js';
import { endSession, findLiveSession, touchSession } from '../identity/session.repository.js';
import { auditEvent } from '../audit/audit.service.js';
import { authenticatePartner, type PartnerContext } from '../partners/partner.service.js';

export const SESSION_COOKIE = 'steward_sid';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Route access levels:
 * - `access: 'public'`   — anyone (login, health, API docs): the allow-list;
 * - `access: 'self'`     — any signed-in user, about themselves (me, logout, password, TOTP);
 * - `access: 'partner'`  — partner systems by code + key headers (no session), for the `partnerScope` named;
 * - `permission: 'x:y:z'`— signed-in users holding that permission code (everything else).
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    access?: 'public' | 'self' | 'partner';
    permission?: string;
    /** with `access: 'partner'`: the scope the partner's credential must hold */
    partnerScope?: string;
    /** a write that changes nothing worth auditing (marking one's own messages read); say why */
    notAudited?: string;
  }
  interface FastifyRequest {
    auth?: AuthContext;
    partner?: PartnerContext;
    audited?: boolean;
  }
  interface FastifyInstance {
    platform: Platform;
    stewardRoutes: { method: string; url: string; access?: string; permission?: string }[];
    /** Successful changes that wrote no audit row (should stay empty; checked by tests). */
    unauditedMutations: string[];
  }
}

/** Routes a user with a pending forced password change (or TOTP enrolment) may still call. */
const PENDING_ALLOWED = new Set(['/api/me', '/api/me/password', '/api/me/totp/setup', '/api/me/totp/enable', '/api/auth/logout']);

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Sets req.auth from the session cookie; returns why a presented session is no longer valid, if it is not. */
async function resolveSession(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply): Promise<AppError | undefined> {
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return undefined;
  const { db, config, settings } = app.platform;
  const id = sm3Hex(token);
  const s = await findLiveSession(db, id);
  if (!s) {
    clearSessionCookie(reply);
    return undefined;
  }
  const now = Date.now();
  if (new Date(s.expires_at).getTime() <= now) {
    await endSession(db, id, 'expired');
    clearSessionCookie(reply);
    return new AppError('SESSION_EXPIRED', '会话已超过最长有效期，请重新登录', 401);
  }
  if (new Date(s.last_seen_at).getTime() + s.idle_seconds * 1000 <= now) {
    await endSession(db, id, 'idle');
    clearSessionCookie(reply);
    return new AppError('SESSION_IDLE', '长时间未操作，会话已超时，请重新登录', 401);
  }
  const st = await settings.get();
  const auth = await loadAuthContext(db, s.user_id, { id, csrfToken: s.csrf_token }, {
    demo: config.demo,
    maxPasswordAgeDays: st['security.password.max_age_days'],
    totpRequiredForAdmins: st['security.totp.required_for_admins'],
  });
  if (!auth) {
    await endSession(db, id, 'forced');
    clearSessionCookie(reply);
    return new AppError('AUTH_REQUIRED', '账号不可用，请重新登录', 401);
  }
  if (now - new Date(s.last_seen_at).getTime() > 15_000) await touchSession(db, id);
  req.auth = auth;
  return undefined;
}

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('auth', undefined);
    app.decorateRequest('partner', undefined);
    app.decorateRequest('audited', false);
    app.decorate('unauditedMutations', [] as string[]);
    app.addHook('onRoute', (r) => {
      const c = (r.config ?? {}) as { access?: string; partnerScope?: string };
      if (c.access === 'partner' && !c.partnerScope) throw new Error(`partner route ${r.url} must declare partnerScope`);
    });
    app.addHook('onRequest', async (req, reply) => {
      if (!req.url.startsWith('/api/')) return; // static web app
      const cfg = req.routeOptions.config;
      // Partner APIs: code + key headers only; a session cookie neither helps nor is needed (so no CSRF either).
      if (cfg.access === 'partner') {
        req.partner = await authenticatePartner(app.platform.db, req.headers, cfg.partnerScope!);
        return;
      }
      const stale = await resolveSession(app, req, reply);
      // A stale cookie does not stand in the way of public routes (the login form above all).
      if (cfg.access === 'public') return;
      const auth = req.auth;
      if (!auth) throw stale ?? new AppError('AUTH_REQUIRED', '请先登录', 401);
      // Cookie-authenticated writes must echo the session's CSRF token.
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers[CSRF_HEADER] !== auth.csrfToken)
        throw new AppError('CSRF_INVALID', '页面已过期，请刷新后重试', 403);
      const url = req.routeOptions.url ?? '';
      if ((auth.mustChangePassword || auth.passwordExpired) && !PENDING_ALLOWED.has(url))
        throw new AppError('PASSWORD_CHANGE_REQUIRED', auth.passwordExpired ? '密码已过期，请先修改密码' : '首次登录请先修改初始密码', 403);
      if (auth.totpRequired && !auth.totpEnabled && !PENDING_ALLOWED.has(url))
        throw new AppError('TOTP_SETUP_REQUIRED', '管理员须先启用动态口令（双因素认证）', 403);
      if (cfg.access === 'self') return;
      if (!cfg.permission) throw new AppError('FORBIDDEN', '该接口未声明权限，拒绝访问', 403);
      if (!auth.permissions.has(cfg.permission)) {
        await auditEvent(req, { action: 'access.denied', object_type: 'route', object_id: `${req.method} ${url}`, result: 'failure', detail: cfg.permission });
        throw new AppError('FORBIDDEN', '没有权限执行此操作', 403);
      }
    });
    // Every successful change must have written its audit row; say so loudly when a route forgets.
    app.addHook('onResponse', async (req, reply) => {
      const exempt = !!(req.routeOptions.config as { notAudited?: string } | undefined)?.notAudited;
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) && reply.statusCode < 400 && !req.audited && !exempt && req.url.startsWith('/api/'))
      {
        app.unauditedMutations.push(`${req.method} ${req.routeOptions.url ?? req.url}`);
        req.log.error({ url: req.url }, 'mutating request finished without an audit row');
      }
    });
  },
  { name: 'steward-auth', dependencies: ['@fastify/cookie'] },
);
