import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { AppError, notFound } from '../errors.js';
import { Actions, ErrorBody, iso, Ok } from '../http/schemas.js';
import { fetchPage, registerList } from '../list/list.js';
import { SETTING_DEFS, type SettingDef } from '../settings/settings.catalog.js';
import { findAllSettings, updateSetting } from '../settings/settings.repository.js';
import { loginLogQuery } from './login-log.repository.js';
import { endSession, liveSessionsQuery } from './session.repository.js';
import { accountSecurityQuery, selectAccountColumns } from './user.admin.repository.js';

const RESULT: Record<string, string> = {
  success: '成功', bad_password: '密码错误', unknown_user: '用户不存在', locked: '账号锁定', disabled: '账号停用',
  totp_required: '需要动态口令', totp_invalid: '动态口令错误', logout: '退出', forced_logout: '强制下线',
};

const Session = Type.Object({
  id: Type.String(),
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  ip: Type.String(),
  userAgent: Type.String(),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  expiresAt: Type.String(),
  current: Type.Boolean(),
  _actions: Actions,
});

const selectSession = (q: ReturnType<typeof liveSessionsQuery>) =>
  q.select(['s.id', 's.user_id', 'u.username', 'u.display_name', 's.ip', 's.user_agent', 's.created_at', 's.last_seen_at', 's.expires_at']);
type SessionRow = Awaited<ReturnType<ReturnType<typeof selectSession>['executeTakeFirstOrThrow']>>;

/** Session ids are hashes of the cookie; only a prefix is ever shown, which is enough to pick one. */
const shortId = (id: string) => id.slice(0, 16);

export async function securityRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;

  registerList(app, {
    path: '/api/sessions',
    tag: '安全管理',
    summary: '在线会话',
    permission: 'security:session:read',
    exportPermission: 'security:session:read',
    objectType: 'session',
    filters: { username: Type.Optional(Type.String({ maxLength: 32 })) },
    sorts: { lastSeenAt: 's.last_seen_at', createdAt: 's.created_at', username: 'u.username' },
    defaultSort: 'lastSeenAt',
    defaultOrder: 'desc',
    item: Session,
    fetch: (_req, f, page) => {
      let q = liveSessionsQuery(db);
      if (f.username) q = q.where('u.username', '=', f.username);
      return fetchPage(q, selectSession, page, 's.id');
    },
    present: (req: FastifyRequest, s: SessionRow) => ({
      id: shortId(s.id),
      userId: s.user_id,
      username: s.username,
      displayName: s.display_name,
      ip: s.ip,
      userAgent: s.user_agent,
      createdAt: iso(s.created_at)!,
      lastSeenAt: iso(s.last_seen_at)!,
      expiresAt: iso(s.expires_at)!,
      current: s.id === req.auth!.sessionId,
      _actions: req.auth!.permissions.has('security:session:kick') && s.id !== req.auth!.sessionId ? ['force-logout'] : [],
    }),
    sheet: '在线会话',
    columns: [
      { header: '用户名', value: (s) => s.username },
      { header: '姓名', value: (s) => s.display_name },
      { header: 'IP', value: (s) => s.ip },
      { header: '登录时间', width: 22, value: (s) => s.created_at },
      { header: '最近活动', width: 22, value: (s) => s.last_seen_at },
    ],
  });

  app.delete(
    '/api/sessions/:id',
    {
      schema: {
        tags: ['安全管理'],
        summary: '强制下线',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) }),
        response: { 200: Ok, '4xx': ErrorBody },
      },
      config: { permission: 'security:session:kick' },
    },
    async (req) => {
      const prefix = (req.params as { id: string }).id;
      await audited(req, 'session.kick', 'session', async (tx) => {
        const matches = await liveSessionsQuery(tx).select(['s.id', 's.user_id', 'u.username']).where('s.id', 'like', `${prefix}%`).execute();
        const target = matches[0];
        if (!target || matches.length > 1) throw notFound('会话');
        if (target.id === req.auth!.sessionId) throw new AppError('SELF_KICK', '不能强制下线当前会话，请使用退出登录', 400);
        await endSession(tx, target.id, 'forced');
        await tx
          .insertInto('login_log')
          .values({ username: target.username, user_id: target.user_id, ip: req.ip, user_agent: '', result: 'forced_logout', message: `由 ${req.auth!.username} 强制下线` })
          .execute();
        return { result: null, objectId: prefix, detail: target.username };
      });
      return { ok: true };
    },
  );

  registerList(app, {
    path: '/api/login-log',
    tag: '安全管理',
    summary: '登录日志',
    permission: 'security:login-log:read',
    exportPermission: 'security:login-log:export',
    objectType: 'login_log',
    filters: {
      username: Type.Optional(Type.String({ maxLength: 64 })),
      result: Type.Optional(Type.Union(Object.keys(RESULT).map((k) => Type.Literal(k)))),
      from: Type.Optional(Type.String({ format: 'date-time' })),
      to: Type.Optional(Type.String({ format: 'date-time' })),
    },
    sorts: { at: 'at', username: 'username' },
    defaultSort: 'at',
    defaultOrder: 'desc',
    item: Type.Object({ id: Type.Integer(), at: Type.String(), username: Type.String(), ip: Type.String(), userAgent: Type.String(), result: Type.String(), message: Type.String() }),
    fetch: (_req, f, page) => fetchPage(loginLogQuery(db, f), (q) => q.select(['id', 'at', 'username', 'ip', 'user_agent', 'result', 'message']), page, 'id'),
    present: (_req, r) => ({ id: r.id, at: iso(r.at)!, username: r.username, ip: r.ip, userAgent: r.user_agent, result: r.result, message: r.message }),
    sheet: '登录日志',
    columns: [
      { header: '时间', width: 22, value: (r) => r.at },
      { header: '用户名', value: (r) => r.username },
      { header: 'IP', value: (r) => r.ip },
      { header: '结果', value: (r) => RESULT[r.result] },
      { header: '说明', width: 40, value: (r) => r.message },
    ],
  });

  const Setting = Type.Object({ key: Type.String(), value: Type.Unknown(), description: Type.String(), source: Type.String(), updatedAt: Type.String() });
  app.get(
    '/api/settings',
    { schema: { tags: ['安全管理'], summary: '系统与安全参数（含默认值来源）', response: { 200: Type.Object({ items: Type.Array(Setting) }) } }, config: { permission: 'system:setting:read' } },
    async () => ({
      items: (await findAllSettings(db)).map((s) => ({ key: s.key, value: s.value, description: s.description, source: s.source, updatedAt: iso(s.updated_at)! })),
    }),
  );

  app.put(
    '/api/settings/:key',
    {
      schema: {
        tags: ['安全管理'],
        summary: '修改安全参数',
        params: Type.Object({ key: Type.String({ maxLength: 80 }) }),
        body: Type.Object({ value: Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 500 })]) }, { additionalProperties: false }),
        response: { 200: Ok, '4xx': ErrorBody },
      },
      config: { permission: 'security:setting:update' },
    },
    async (req) => {
      const { key } = req.params as { key: string };
      const { value } = req.body as { value: number | boolean | string };
      const def: SettingDef | undefined = SETTING_DEFS.find((d) => d.key === key);
      if (!def) throw notFound('参数');
      if (typeof value !== typeof def.value) throw new AppError('VALIDATION', '参数类型不正确', 400);
      if (typeof value === 'number' && (!Number.isInteger(value) || value < 1 || value > 10_000_000)) throw new AppError('VALIDATION', '参数须为正整数', 400);
      if (typeof value === 'string' && def.pattern && !def.pattern.test(value)) throw new AppError('VALIDATION', def.patternMessage ?? '参数格式不正确', 400);
      await audited(req, 'setting.update', 'setting', async (tx) => {
        const before = (await findAllSettings(tx)).find((s) => s.key === key)?.value;
        await updateSetting(tx, key, value, req.auth!.userId);
        return { result: null, objectId: key, before: { value: before }, after: { value } };
      });
      p.settings.invalidate();
      return { ok: true };
    },
  );
}

const Account = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  unitName: Type.String(),
  roleNames: Type.String(),
  status: Type.String(),
  failedCount: Type.Integer(),
  locked: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  totpEnabled: Type.Boolean(),
  passwordChangedAt: Type.String(),
  passwordExpired: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  _actions: Actions,
});

/** The security administrator's view of every account: locks, second factor, password age. */
export async function accountSecurityRoutes(app: FastifyInstance) {
  const { db, settings } = app.platform;
  registerList(app, {
    path: '/api/security/accounts',
    tag: '安全管理',
    summary: '账号安全状态（锁定、动态口令、密码期限）',
    permission: 'security:account:read',
    exportPermission: 'security:account:read',
    objectType: 'account',
    filters: {
      username: Type.Optional(Type.String({ maxLength: 32 })),
      locked: Type.Optional(Type.Boolean()),
      totpEnabled: Type.Optional(Type.Boolean()),
    },
    sorts: { id: 'a.id', username: 'a.username', lastLoginAt: 'a.last_login_at', passwordChangedAt: 'a.password_changed_at', failedCount: 'a.failed_count' },
    defaultSort: 'id',
    item: Account,
    fetch: async (_req, f, page) => {
      const res = await fetchPage(accountSecurityQuery(db, f), selectAccountColumns, page, 'a.id');
      const maxAge = (await settings.get())['security.password.max_age_days'] * 86400_000;
      return { total: res.total, items: res.items.map((a) => ({ ...a, expired: Date.now() - new Date(a.password_changed_at).getTime() > maxAge })) };
    },
    present: (req, a) => {
      const locked = !!a.locked_until && new Date(a.locked_until).getTime() > Date.now();
      return {
        id: a.id,
        username: a.username,
        displayName: a.display_name,
        unitName: a.unit_name,
        roleNames: a.role_names ?? '',
        status: a.status,
        failedCount: a.failed_count,
        locked,
        lockedUntil: iso(a.locked_until),
        totpEnabled: a.totp_enabled,
        passwordChangedAt: iso(a.password_changed_at)!,
        passwordExpired: a.expired,
        // Demo accounts are exempt while demo mode is on, as at login.
        mustChangePassword: a.must_change_password && !(app.platform.config.demo && a.is_demo),
        lastLoginAt: iso(a.last_login_at),
        _actions: locked && req.auth!.permissions.has('security:user:unlock') ? ['unlock'] : [],
      };
    },
    sheet: '账号安全',
    columns: [
      { header: '用户名', value: (a) => a.username },
      { header: '姓名', value: (a) => a.display_name },
      { header: '单位', width: 30, value: (a) => a.unit_name },
      { header: '角色', width: 24, value: (a) => a.role_names },
      { header: '连续失败次数', value: (a) => a.failed_count },
      { header: '锁定至', width: 22, value: (a) => a.locked_until },
      { header: '动态口令', value: (a) => (a.totp_enabled ? '已启用' : '未启用') },
      { header: '密码修改时间', width: 22, value: (a) => a.password_changed_at },
      { header: '密码已过期', value: (a) => (a.expired ? '是' : '否') },
      { header: '最近登录', width: 22, value: (a) => a.last_login_at },
    ],
  });
}
