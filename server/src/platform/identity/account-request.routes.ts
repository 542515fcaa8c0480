import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { sm4Decrypt } from '../crypto/crypto.service.js';
import { AppError, notFound } from '../errors.js';
import { Actions, ErrorBody, IdParam, iso } from '../http/schemas.js';
import { fetchPage, registerList } from '../list/list.js';
import { type AccountRequestInput, submitAccountRequest } from './account-request.service.js';
import {
  findItems,
  findItemsWithPasswords,
  findRequestableRoles,
  findRequestByKey,
  findRequestInScope,
  requestListQuery,
  type RequestRow,
  selectRequestColumns,
} from './account-request.repository.js';

const STATUS_NAMES: Record<string, string> = { pending: '审批中', approved: '已开通', rejected: '未通过', cancelled: '已撤销' };

const Request = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  requestedByName: Type.String(),
  reason: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  itemCount: Type.Integer(),
  instanceId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  _actions: Actions,
});

const Item = Type.Object({
  username: Type.String({ pattern: '^[a-z][a-z0-9_.-]{2,31}$', description: '小写字母开头，3–32 位小写字母、数字、_ . -' }),
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  personId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  roleCode: Type.String({ minLength: 2, maxLength: 41 }),
});

function present(req: FastifyRequest, r: RequestRow): Static<typeof Request> {
  const a: string[] = [];
  if (r.status === 'approved' && r.requested_by === req.auth!.userId) a.push('reveal');
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    requestedByName: r.requested_by_name,
    reason: r.reason,
    status: r.status,
    statusName: STATUS_NAMES[r.status] ?? r.status,
    itemCount: r.item_count,
    instanceId: r.instance_id,
    createdAt: iso(r.created_at)!,
    decidedAt: iso(r.decided_at),
    _actions: a,
  };
}

/** 账号申请: a unit administrator asks for accounts for new staff; the region's administrator approves; approval opens them. */
export async function accountRequestRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;

  registerList(app, {
    path: '/api/account-requests',
    tag: '账号申请',
    summary: '账号申请列表',
    permission: 'system:account-request:read',
    exportPermission: 'system:account-request:read',
    objectType: 'account_request',
    filters: {
      status: Type.Optional(Type.Union(['pending', 'approved', 'rejected', 'cancelled'].map((s) => Type.Literal(s)))),
      unitId: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    sorts: { id: 'r.id', createdAt: 'r.created_at' },
    defaultSort: 'id',
    defaultOrder: 'desc',
    item: Request,
    fetch: (req, f, page) => fetchPage(requestListQuery(db, req.auth!.scope, f), selectRequestColumns, page, 'r.id'),
    present,
    sheet: '账号申请',
    columns: [
      { header: '编号', value: (r) => r.id },
      { header: '申请单位', width: 30, value: (r) => r.unit_name },
      { header: '申请人', value: (r) => r.requested_by_name },
      { header: '账号数', value: (r) => r.item_count },
      { header: '理由', width: 40, value: (r) => r.reason },
      { header: '状态', value: (r) => STATUS_NAMES[r.status] },
      { header: '申请时间', width: 20, value: (r) => r.created_at },
    ],
  });

  app.get(
    '/api/account-requests/roles',
    {
      schema: { tags: ['账号申请'], summary: '可申请的角色', response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })), '4xx': ErrorBody } },
      config: { permission: 'system:account-request:create' },
    },
    async () => (await findRequestableRoles(db)).map((r) => ({ code: r.code, name: r.name })),
  );

  app.get(
    '/api/account-requests/:id',
    {
      schema: {
        tags: ['账号申请'],
        summary: '账号申请详情',
        params: IdParam,
        response: {
          200: Type.Object({
            request: Request,
            items: Type.Array(
              Type.Object({
                username: Type.String(),
                displayName: Type.String(),
                personName: Type.Union([Type.String(), Type.Null()]),
                roleName: Type.String(),
                opened: Type.Boolean(),
              }),
            ),
          }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'system:account-request:read' },
    },
    async (req) => {
      const r = await findRequestInScope(db, req.auth!.scope, (req.params as { id: number }).id);
      if (!r) throw notFound('账号申请');
      const items = await findItems(db, r.id);
      return {
        request: present(req, r),
        items: items.map((i) => ({ username: i.username, displayName: i.display_name, personName: i.person_name, roleName: i.role_name, opened: i.user_id !== null })),
      };
    },
  );

  app.post(
    '/api/account-requests',
    {
      schema: {
        tags: ['账号申请'],
        summary: '提交账号申请（同一 requestKey 重复提交返回同一申请）',
        body: Type.Object(
          {
            reason: Type.String({ minLength: 2, maxLength: 500 }),
            requestKey: Type.String({ minLength: 8, maxLength: 100, description: '客户端生成的唯一键，用于防止重复提交' }),
            items: Type.Array(Item, { minItems: 1, maxItems: 10 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Request, '4xx': ErrorBody },
      },
      config: { permission: 'system:account-request:create' },
    },
    async (req) => {
      const auth = req.auth!;
      const body = req.body as AccountRequestInput;
      const prior = await findRequestByKey(db, auth.userId, body.requestKey);
      if (prior) return present(req, (await findRequestInScope(db, auth.scope, prior.id))!);
      const id = await audited(req, 'account_request.create', 'account_request', async (tx) => {
        const r = await submitAccountRequest({ tx, p }, { userId: auth.userId, unitId: auth.unitId, scope: auth.scope }, body);
        return { result: r, objectId: r, after: { items: body.items.map((i) => i.username) } };
      });
      return present(req, (await findRequestInScope(db, auth.scope, id))!);
    },
  );

  app.post(
    '/api/account-requests/:id/reveal',
    {
      schema: {
        tags: ['账号申请'],
        summary: '查看新账号的初始密码（仅申请人；首次登录须修改）',
        params: IdParam,
        response: { 200: Type.Array(Type.Object({ username: Type.String(), displayName: Type.String(), initialPassword: Type.String() })), '4xx': ErrorBody },
      },
      config: { permission: 'system:account-request:create' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      return audited(req, 'account_request.reveal', 'account_request', async (tx) => {
        const r = await findRequestInScope(tx, req.auth!.scope, id);
        if (!r || r.requested_by !== req.auth!.userId) throw notFound('账号申请');
        if (r.status !== 'approved') throw new AppError('NOT_APPROVED', '申请尚未通过，没有初始密码', 409);
        const items = await findItemsWithPasswords(tx, id);
        return {
          result: items.map((i) => ({ username: i.username, displayName: i.display_name, initialPassword: i.password_enc ? sm4Decrypt(p.keys.dataKey, i.password_enc) : '' })),
          objectId: id,
        };
      });
    },
  );
}
