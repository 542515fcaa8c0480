import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { Actions, ErrorBody, IdParam, Ok } from '../http/schemas.js';
import { fetchPage, registerList } from '../list/list.js';
import { findPermissions, roleListQuery, type RoleRow, selectRoleColumns } from './role.repository.js';
import { changeRole, createRole, removeRole, roleActions, type RoleInput as RoleInputT, roleDetail } from './role.service.js';

const DataScope = Type.Union(['all', 'region', 'unit_tree', 'own_unit', 'self', 'custom', 'none'].map((s) => Type.Literal(s)));
const SCOPE_NAMES: Record<string, string> = { all: '全部数据', region: '本地区及以下', unit_tree: '本单位及下级', own_unit: '本单位', self: '仅本人', custom: '自定义', none: '无' };

const Role = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  dataScope: Type.String(),
  adminKind: Type.String(),
  builtin: Type.Boolean(),
  permissionCount: Type.Integer(),
  userCount: Type.Integer(),
  _actions: Actions,
});
const RoleDetail = Type.Object({
  ...Role.properties,
  permissions: Type.Array(Type.String()),
  scopeNodes: Type.Array(Type.Object({ orgId: Type.Optional(Type.Integer()), regionCode: Type.Optional(Type.String()), name: Type.String() })),
});
const RoleInput = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,40}$' }),
    name: Type.String({ minLength: 2, maxLength: 40 }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    dataScope: DataScope,
    permissions: Type.Array(Type.String({ maxLength: 80 }), { maxItems: 500, uniqueItems: true }),
    scopeNodes: Type.Optional(
      Type.Array(
        Type.Object(
          { orgId: Type.Optional(Type.Integer({ minimum: 1 })), regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })) },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
  },
  { additionalProperties: false },
);

function present(req: FastifyRequest, r: RoleRow): Static<typeof Role> {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    dataScope: r.data_scope,
    adminKind: r.admin_kind,
    builtin: r.builtin,
    permissionCount: r.permission_count,
    userCount: r.user_count,
    _actions: roleActions(req.auth!, r),
  };
}

export async function roleRoutes(app: FastifyInstance) {
  const { db } = app.platform;

  app.get(
    '/api/permissions',
    {
      schema: {
        tags: ['角色与权限'],
        summary: '权限码目录',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), groupName: Type.String() })) }) },
      },
      config: { permission: 'system:role:read' },
    },
    async () => ({ items: (await findPermissions(db)).map((p) => ({ code: p.code, name: p.name, groupName: p.group_name })) }),
  );

  registerList(app, {
    path: '/api/roles',
    tag: '角色与权限',
    summary: '角色列表',
    permission: 'system:role:read',
    exportPermission: 'system:role:read',
    objectType: 'role',
    filters: { name: Type.Optional(Type.String({ maxLength: 40 })) },
    sorts: { id: 'r.id', name: 'r.name', code: 'r.code' },
    defaultSort: 'id',
    item: Role,
    fetch: (_req, f, page) => fetchPage(roleListQuery(db, f), selectRoleColumns, page, 'r.id'),
    present,
    sheet: '角色',
    columns: [
      { header: '编码', value: (r) => r.code },
      { header: '名称', value: (r) => r.name },
      { header: '数据范围', value: (r) => SCOPE_NAMES[r.data_scope] },
      { header: '权限数', value: (r) => r.permission_count },
      { header: '用户数', value: (r) => r.user_count },
      { header: '说明', width: 40, value: (r) => r.description },
    ],
  });

  const detail = async (req: FastifyRequest, id: number) => {
    const d = await roleDetail(db, id);
    return { ...present(req, d), permissions: d.permissions, scopeNodes: d.scopeNodes };
  };

  app.get(
    '/api/roles/:id',
    { schema: { tags: ['角色与权限'], summary: '角色详情', params: IdParam, response: { 200: RoleDetail, '4xx': ErrorBody } }, config: { permission: 'system:role:read' } },
    async (req) => detail(req, (req.params as { id: number }).id),
  );

  app.post(
    '/api/roles',
    { schema: { tags: ['角色与权限'], summary: '新增角色', body: RoleInput, response: { 200: RoleDetail, '4xx': ErrorBody } }, config: { permission: 'system:role:write' } },
    async (req) => {
      const id = await audited(req, 'role.create', 'role', async (tx) => {
        const after = await createRole(tx, req.auth!, req.body as RoleInputT);
        return { result: after.id, objectId: after.id, after };
      });
      return detail(req, id);
    },
  );

  app.put(
    '/api/roles/:id',
    { schema: { tags: ['角色与权限'], summary: '修改角色', params: IdParam, body: RoleInput, response: { 200: RoleDetail, '4xx': ErrorBody } }, config: { permission: 'system:role:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await audited(req, 'role.update', 'role', async (tx) => {
        const { before, after } = await changeRole(tx, req.auth!, id, req.body as RoleInputT);
        return { result: null, objectId: id, before, after };
      });
      return detail(req, id);
    },
  );

  app.delete(
    '/api/roles/:id',
    { schema: { tags: ['角色与权限'], summary: '删除角色', params: IdParam, response: { 200: Ok, '4xx': ErrorBody } }, config: { permission: 'system:role:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await audited(req, 'role.delete', 'role', async (tx) => ({ result: null, objectId: id, before: await removeRole(tx, id) }));
      return { ok: true };
    },
  );
}
