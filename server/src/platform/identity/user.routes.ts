import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { notFound } from '../errors.js';
import { Actions, ErrorBody, IdParam, iso, Ok } from '../http/schemas.js';
import { fetchPage, registerList } from '../list/list.js';
import { findUserInScope, selectUserColumns, userListQuery, type UserRow } from './user.admin.repository.js';
import { changeUser, createUser, grantableRoleIds, resetPassword, unlock, userActions, type UserInput as UserInputT } from './user.service.js';

const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  personId: Type.Union([Type.Integer(), Type.Null()]),
  personName: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  roles: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  locked: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  createdAt: Type.String(),
  _actions: Actions,
});

const Common = {
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  unitId: Type.Integer({ minimum: 1 }),
  personId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  roleIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20, uniqueItems: true }),
};
const UserCreate = Type.Object(
  { username: Type.String({ pattern: '^[a-z][a-z0-9_.-]{2,31}$' }), ...Common, initialPassword: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);
const UserUpdate = Type.Object(
  { ...Common, status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])) },
  { additionalProperties: false },
);

function present(req: FastifyRequest, u: UserRow & { grantable: Set<number> }): Static<typeof User> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    unitId: u.unit_id,
    unitName: u.unit_name,
    personId: u.person_id,
    personName: u.person_name,
    status: u.status,
    roles: u.roles.map((r) => ({ id: r.id, name: r.name })),
    lastLoginAt: iso(u.last_login_at),
    locked: !!u.locked_until && new Date(u.locked_until).getTime() > Date.now(),
    totpEnabled: u.totp_enabled,
    createdAt: iso(u.created_at)!,
    _actions: userActions(req.auth!, u, u.grantable),
  };
}

export async function userRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;

  registerList(app, {
    path: '/api/users',
    tag: '用户',
    summary: '用户列表',
    permission: 'system:user:read',
    exportPermission: 'system:user:export',
    objectType: 'user',
    filters: {
      username: Type.Optional(Type.String({ maxLength: 32 })),
      displayName: Type.Optional(Type.String({ maxLength: 50 })),
      unitId: Type.Optional(Type.Integer({ minimum: 1 })),
      status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
    },
    sorts: { id: 'a.id', username: 'a.username', lastLoginAt: 'a.last_login_at', createdAt: 'a.created_at' },
    defaultSort: 'id',
    item: User,
    fetch: async (req, f, page) => {
      const grantable = await grantableRoleIds(db, req.auth!);
      const res = await fetchPage(userListQuery(db, req.auth!.scope, f), selectUserColumns, page, 'a.id');
      return { total: res.total, items: res.items.map((u) => ({ ...u, grantable })) };
    },
    present,
    sheet: '用户',
    columns: [
      { header: '用户名', value: (u) => u.username },
      { header: '姓名', value: (u) => u.display_name },
      { header: '单位', width: 30, value: (u) => u.unit_name },
      { header: '角色', width: 30, value: (u) => u.roles.map((r) => r.name).join('、') },
      { header: '状态', value: (u) => (u.status === 'active' ? '正常' : '停用') },
      { header: '最近登录', width: 20, value: (u) => u.last_login_at },
    ],
  });

  app.get(
    '/api/users/:id',
    { schema: { tags: ['用户'], summary: '用户详情', params: IdParam, response: { 200: User, '4xx': ErrorBody } }, config: { permission: 'system:user:read' } },
    async (req) => {
      const u = await findUserInScope(db, req.auth!.scope, (req.params as { id: number }).id);
      if (!u) throw notFound('用户');
      return present(req, { ...u, grantable: await grantableRoleIds(db, req.auth!) });
    },
  );

  app.post(
    '/api/users',
    { schema: { tags: ['用户'], summary: '新增用户（首次登录须修改初始密码）', body: UserCreate, response: { 200: User, '4xx': ErrorBody } }, config: { permission: 'system:user:create' } },
    async (req) => {
      const u = await audited(req, 'user.create', 'user', async (tx) => {
        const after = await createUser(p, tx, req.auth!, req.body as UserInputT);
        return { result: after, objectId: after.id, after };
      });
      return present(req, { ...u, grantable: await grantableRoleIds(db, req.auth!) });
    },
  );

  app.put(
    '/api/users/:id',
    { schema: { tags: ['用户'], summary: '修改用户、分配角色、停用启用', params: IdParam, body: UserUpdate, response: { 200: User, '4xx': ErrorBody } }, config: { permission: 'system:user:update' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const u = await audited(req, 'user.update', 'user', async (tx) => {
        const { before, after } = await changeUser(tx, req.auth!, id, req.body as UserInputT);
        return { result: after, objectId: id, before, after };
      });
      return present(req, { ...u, grantable: await grantableRoleIds(db, req.auth!) });
    },
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags: ['用户'],
        summary: '重置密码（用户下次登录须修改）',
        params: IdParam,
        body: Type.Object({ newPassword: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: { 200: Ok, '4xx': ErrorBody },
      },
      config: { permission: 'system:user:reset-password' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await audited(req, 'user.password.reset', 'user', async (tx) => {
        await resetPassword(p, tx, req.auth!, id, (req.body as { newPassword: string }).newPassword);
        return { result: null, objectId: id };
      });
      return { ok: true };
    },
  );

  app.post(
    '/api/users/:id/unlock',
    { schema: { tags: ['用户'], summary: '解锁账号', params: IdParam, response: { 200: Ok, '4xx': ErrorBody } }, config: { permission: 'security:user:unlock' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await audited(req, 'user.unlock', 'user', async (tx) => {
        await unlock(tx, req.auth!, id);
        return { result: null, objectId: id };
      });
      return { ok: true };
    },
  );
}
