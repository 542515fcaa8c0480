import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ErrorBody, iso } from '../http/schemas.js';
import { auditActionName } from './audit.actions.js';
import { fetchPage, registerList } from '../list/list.js';
import { AUDIT_COLUMNS, auditQuery, verifyAuditChain } from './audit.repository.js';

const AuditItem = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  username: Type.String(),
  ip: Type.String(),
  action: Type.String(),
  actionName: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  result: Type.String(),
  detail: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

export async function auditRoutes(app: FastifyInstance) {
  const { db, keys } = app.platform;

  registerList(app, {
    path: '/api/audit',
    tag: '安全审计',
    summary: '审计日志',
    permission: 'audit:log:read',
    exportPermission: 'audit:log:export',
    objectType: 'audit',
    filters: {
      username: Type.Optional(Type.String({ maxLength: 64 })),
      action: Type.Optional(Type.String({ maxLength: 64 })),
      objectType: Type.Optional(Type.String({ maxLength: 32 })),
      result: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure')])),
      from: Type.Optional(Type.String({ format: 'date-time' })),
      to: Type.Optional(Type.String({ format: 'date-time' })),
    },
    sorts: { seq: 'seq', at: 'at' },
    defaultSort: 'seq',
    defaultOrder: 'desc',
    item: AuditItem,
    fetch: (_req, f, page) => fetchPage(auditQuery(db, f), (q) => q.select([...AUDIT_COLUMNS]), page, 'seq'),
    present: (_req, r) => ({
      seq: Number(r.seq),
      at: iso(r.at)!,
      username: r.username,
      ip: r.ip,
      action: r.action,
      actionName: auditActionName(r.action),
      objectType: r.object_type,
      objectId: r.object_id,
      result: r.result,
      detail: r.detail,
      before: r.before,
      after: r.after,
    }),
    sheet: '审计日志',
    columns: [
      { header: '序号', value: (r) => Number(r.seq) },
      { header: '时间', width: 22, value: (r) => r.at },
      { header: '用户', value: (r) => r.username },
      { header: 'IP', value: (r) => r.ip },
      { header: '操作', width: 24, value: (r) => auditActionName(r.action) },
      { header: '操作代码', width: 20, value: (r) => r.action },
      { header: '对象', value: (r) => `${r.object_type}${r.object_id ? `#${r.object_id}` : ''}` },
      { header: '结果', value: (r) => (r.result === 'success' ? '成功' : '失败') },
      { header: '说明', width: 30, value: (r) => r.detail },
      { header: '变更前', width: 40, value: (r) => (r.before ? JSON.stringify(r.before) : '') },
      { header: '变更后', width: 40, value: (r) => (r.after ? JSON.stringify(r.after) : '') },
    ],
  });

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['安全审计'],
        summary: '校验审计链（HMAC-SM3）',
        response: {
          200: Type.Object({ ok: Type.Boolean(), checked: Type.Integer(), firstBroken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })) }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'audit:log:verify' },
    },
    async () => verifyAuditChain(db, keys.macKey),
  );
}
