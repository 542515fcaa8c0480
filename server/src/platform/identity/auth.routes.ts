import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { menusFor } from '../access/menu.catalog.js';
import { audited, auditEvent } from '../audit/audit.service.js';
import { ErrorBody, Ok } from '../http/schemas.js';
import { clearSessionCookie, SESSION_COOKIE } from '../http/auth.plugin.js';
import { insertLoginLog } from './login-log.repository.js';
import { endSession, endSessionsOfUser } from './session.repository.js';
import { beginTotpSetup, changeOwnPassword, enableTotp, login } from './auth.service.js';

const MenuItem = Type.Object({
  key: Type.String(),
  name: Type.String(),
  path: Type.String(),
  icon: Type.Optional(Type.String()),
  children: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String(), path: Type.String(), icon: Type.Optional(Type.String()) }))),
});

const Me = Type.Object({
  user: Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    personId: Type.Union([Type.Integer(), Type.Null()]),
  }),
  roles: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), dataScope: Type.String() })),
  permissions: Type.Array(Type.String()),
  dataScope: Type.Object({ description: Type.String() }),
  menus: Type.Array(MenuItem),
  csrfToken: Type.String(),
  mustChangePassword: Type.Boolean(),
  passwordExpired: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  totpRequired: Type.Boolean(),
  demo: Type.Boolean(),
});

export async function authRoutes(app: FastifyInstance) {
  const p = app.platform;

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['认证'],
        summary: '用户名密码登录（可带动态口令）',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 128 }),
            totpCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            csrfToken: Type.String(),
            mustChangePassword: Type.Boolean(),
            user: Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() }),
          }),
          '4xx': ErrorBody,
        },
      },
      config: { access: 'public' },
    },
    async (req, reply) => {
      const body = req.body as { username: string; password: string; totpCode?: string };
      const ua = String(req.headers['user-agent'] ?? '');
      try {
        const out = await login(p, { ...body, ip: req.ip, userAgent: ua });
        await auditEvent(req, { action: 'auth.login', object_type: 'user', object_id: String(out.userId), user_id: out.userId, username: out.username });
        reply.setCookie(SESSION_COOKIE, out.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: p.config.secureCookies,
        });
        return { csrfToken: out.csrfToken, mustChangePassword: out.mustChangePassword, user: { id: out.userId, username: out.username, displayName: out.displayName } };
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'ERROR';
        await auditEvent(req, { action: 'auth.login', object_type: 'user', object_id: '', username: body.username.slice(0, 64), result: 'failure', detail: code });
        throw err;
      }
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['认证'], summary: '退出登录', response: { 200: Ok, '4xx': ErrorBody } }, config: { access: 'self' } },
    async (req, reply) => {
      const auth = req.auth!;
      await audited(req, 'auth.logout', 'session', async (tx) => {
        await endSession(tx, auth.sessionId, 'logout');
        await insertLoginLog(tx, { username: auth.username, userId: auth.userId, ip: req.ip, userAgent: String(req.headers['user-agent'] ?? ''), result: 'logout' });
        return { result: null, objectId: auth.userId };
      });
      clearSessionCookie(reply);
      return { ok: true };
    },
  );

  app.get(
    '/api/me',
    { schema: { tags: ['认证'], summary: '当前用户、角色、权限、数据范围与菜单', response: { 200: Me, '4xx': ErrorBody } }, config: { access: 'self' } },
    async (req) => {
      const a = req.auth!;
      return {
        user: { id: a.userId, username: a.username, displayName: a.displayName, unitId: a.unitId, unitName: a.unitName, personId: a.personId },
        roles: a.roles.map(({ id, code, name, dataScope }) => ({ id, code, name, dataScope })),
        permissions: [...a.permissions].sort(),
        dataScope: { description: a.scopeDescription },
        menus: menusFor(a.permissions),
        csrfToken: a.csrfToken,
        mustChangePassword: a.mustChangePassword,
        passwordExpired: a.passwordExpired,
        totpEnabled: a.totpEnabled,
        totpRequired: a.totpRequired,
        demo: p.config.demo,
      };
    },
  );

  app.post(
    '/api/me/password',
    {
      schema: {
        tags: ['认证'],
        summary: '修改本人密码',
        body: Type.Object(
          { oldPassword: Type.String({ minLength: 1, maxLength: 128 }), newPassword: Type.String({ minLength: 1, maxLength: 128 }) },
          { additionalProperties: false },
        ),
        response: { 200: Ok, '4xx': ErrorBody },
      },
      config: { access: 'self' },
    },
    async (req) => {
      const a = req.auth!;
      const body = req.body as { oldPassword: string; newPassword: string };
      await audited(req, 'user.password.change', 'user', async (tx) => {
        await changeOwnPassword(p, tx, a.userId, a.username, body.oldPassword, body.newPassword);
        await endSessionsOfUser(tx, a.userId, 'password_changed', a.sessionId);
        return { result: null, objectId: a.userId };
      });
      return { ok: true };
    },
  );

  app.post(
    '/api/me/totp/setup',
    {
      schema: {
        tags: ['认证'],
        summary: '生成动态口令密钥（TOTP）',
        response: { 200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }), '4xx': ErrorBody },
      },
      config: { access: 'self' },
    },
    async (req) => {
      const a = req.auth!;
      const out = await beginTotpSetup(p, a.userId, a.username);
      await auditEvent(req, { action: 'user.totp.setup', object_type: 'user', object_id: String(a.userId) });
      return out;
    },
  );

  app.post(
    '/api/me/totp/enable',
    {
      schema: {
        tags: ['认证'],
        summary: '校验并启用动态口令',
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
        response: { 200: Ok, '4xx': ErrorBody },
      },
      config: { access: 'self' },
    },
    async (req) => {
      const a = req.auth!;
      await audited(req, 'user.totp.enable', 'user', async (tx) => {
        await enableTotp(p, tx, a.userId, (req.body as { code: string }).code);
        return { result: null, objectId: a.userId };
      });
      return { ok: true };
    },
  );
}
