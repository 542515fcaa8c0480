import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { notFound } from '../errors.js';
import { Actions, ErrorBody, IdParam, iso } from '../http/schemas.js';
import { fetchPage, registerList } from '../list/list.js';
import {
  WARNING_MODULE_NAMES,
  WARNING_SEVERITIES,
  WARNING_SEVERITY_NAMES,
  WARNING_STATUS_NAMES,
  WARNING_STATUSES,
  warningKindName,
  warningKinds,
} from './warning.catalog.js';
import { countWarnings, findWarningInScope, selectWarningColumns, warningListQuery, type WarningRow } from './warning.repository.js';
import { handleWarning, type WarningAction, warningActions } from './warning.service.js';

const TAG = '预警';
const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));

const Warning = Type.Object({
  id: Type.Integer(),
  module: Type.String(),
  moduleName: Type.String(),
  kind: Type.String(),
  kindName: Type.String({ description: '预警类型名称（服务端目录）' }),
  subjectKey: Type.String(),
  title: Type.String(),
  severity: Type.String(),
  severityName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  statusName: Type.String(),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  resolution: Type.Union([Type.String(), Type.Null()]),
  _actions: Actions,
});

const WarningDetail = Type.Object({
  ...Warning.properties,
  evidence: Type.Record(Type.String(), Type.Unknown(), { description: '规则给出的依据（各类型字段不同）' }),
  closedByName: Type.Union([Type.String(), Type.Null()]),
});

const can = (req: FastifyRequest, perm: string) => req.auth!.permissions.has(perm);

function present(req: FastifyRequest, r: WarningRow): Static<typeof Warning> {
  return {
    id: Number(r.id),
    module: r.module,
    moduleName: WARNING_MODULE_NAMES[r.module] ?? r.module,
    kind: r.kind,
    kindName: warningKindName(r.kind),
    subjectKey: r.subject_key,
    title: r.title,
    severity: r.severity,
    severityName: WARNING_SEVERITY_NAMES[r.severity] ?? r.severity,
    unitId: r.unit_id,
    unitName: r.unit_name,
    link: r.link,
    status: r.status,
    statusName: WARNING_STATUS_NAMES[r.status] ?? r.status,
    firstSeenAt: iso(r.first_seen_at)!,
    lastSeenAt: iso(r.last_seen_at)!,
    closedAt: iso(r.closed_at),
    resolution: r.resolution,
    _actions: warningActions(r.status, can(req, 'warning:item:handle')),
  };
}

/** The platform's findings (预警): raised by module rules, handled by people within their data scope. */
export async function warningRoutes(app: FastifyInstance) {
  const { db } = app.platform;

  registerList(app, {
    path: '/api/warnings',
    tag: TAG,
    summary: '预警清单',
    permission: 'warning:item:read',
    exportPermission: 'warning:item:export',
    objectType: 'warning',
    filters: {
      module: Type.Optional(Type.String({ pattern: '^[a-z]+$', maxLength: 20 })),
      kind: Type.Optional(Type.String({ pattern: '^[a-z]+\\.[a-z][a-z0-9-]*$', maxLength: 60 })),
      kinds: Type.Optional(Type.String({ pattern: '^[a-z]+\\.[a-z][a-z0-9-]*(,[a-z]+\\.[a-z][a-z0-9-]*){0,19}$', maxLength: 1200, description: '多个类型，逗号分隔' })),
      status: Type.Optional(lit([...WARNING_STATUSES, 'active'])),
      severity: Type.Optional(lit(WARNING_SEVERITIES)),
      unitId: Type.Optional(Type.Integer({ minimum: 1, description: '该单位及下级' })),
      q: Type.Optional(Type.String({ maxLength: 50, description: '标题包含' })),
      from: Type.Optional(Type.String({ format: 'date-time', description: '首次发现时间起' })),
      to: Type.Optional(Type.String({ format: 'date-time', description: '首次发现时间止' })),
    },
    sorts: { id: 'w.id', firstSeenAt: 'w.first_seen_at', lastSeenAt: 'w.last_seen_at', severity: 'severity_rank', kind: 'w.kind', status: 'w.status' },
    defaultSort: 'id',
    defaultOrder: 'desc',
    item: Warning,
    fetch: (req, f, page) => fetchPage(warningListQuery(db, req.auth!.scope, f), selectWarningColumns, page, 'w.id'),
    present,
    sheet: '预警清单',
    columns: [
      { header: '编号', width: 10, value: (r) => Number(r.id) },
      { header: '类型', width: 18, value: (r) => warningKindName(r.kind) },
      { header: '问题', width: 60, value: (r) => r.title },
      { header: '严重程度', width: 10, value: (r) => WARNING_SEVERITY_NAMES[r.severity] },
      { header: '责任单位', width: 30, value: (r) => r.unit_name },
      { header: '状态', width: 10, value: (r) => WARNING_STATUS_NAMES[r.status] },
      { header: '首次发现', width: 20, value: (r) => r.first_seen_at },
      { header: '最近发现', width: 20, value: (r) => r.last_seen_at },
      { header: '关闭时间', width: 20, value: (r) => r.closed_at },
      { header: '处理说明', width: 40, value: (r) => r.resolution },
    ],
  });

  app.get(
    '/api/warnings/kinds',
    {
      schema: {
        tags: [TAG],
        summary: '预警类型、状态与严重程度的名称',
        querystring: Type.Object({ module: Type.Optional(Type.String({ pattern: '^[a-z]+$', maxLength: 20 })) }),
        response: {
          200: Type.Object({
            kinds: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), module: Type.String() })),
            statuses: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
            severities: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
          }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'warning:item:read' },
    },
    async (req) => ({
      kinds: warningKinds((req.query as { module?: string }).module),
      statuses: WARNING_STATUSES.map((code) => ({ code, name: WARNING_STATUS_NAMES[code]! })),
      severities: WARNING_SEVERITIES.map((code) => ({ code, name: WARNING_SEVERITY_NAMES[code]! })),
    }),
  );

  app.get(
    '/api/warnings/summary',
    {
      schema: {
        tags: [TAG],
        summary: '预警统计：按类型×状态、按地市（未关闭）',
        querystring: Type.Object({
          module: Type.Optional(Type.String({ pattern: '^[a-z]+$', maxLength: 20 })),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: {
          200: Type.Object({
            byKind: Type.Array(
              Type.Object({
                kind: Type.String(),
                kindName: Type.String(),
                total: Type.Integer(),
                counts: Type.Object({ open: Type.Integer(), acknowledged: Type.Integer(), resolved: Type.Integer(), dismissed: Type.Integer() }),
              }),
            ),
            byCity: Type.Array(
              Type.Object({ cityCode: Type.Union([Type.String(), Type.Null()]), cityName: Type.String(), active: Type.Integer(), high: Type.Integer() }),
            ),
            active: Type.Integer(),
            total: Type.Integer(),
          }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'warning:item:read' },
    },
    async (req) => {
      const q = req.query as { module?: string; from?: string; to?: string };
      const { byKind, byCity } = await countWarnings(db, req.auth!.scope, q);
      const kinds = new Map<string, { kind: string; kindName: string; total: number; counts: Record<(typeof WARNING_STATUSES)[number], number> }>();
      for (const k of warningKinds(q.module)) kinds.set(k.code, { kind: k.code, kindName: k.name, total: 0, counts: { open: 0, acknowledged: 0, resolved: 0, dismissed: 0 } });
      for (const r of byKind) {
        let e = kinds.get(r.kind);
        if (!e) kinds.set(r.kind, (e = { kind: r.kind, kindName: warningKindName(r.kind), total: 0, counts: { open: 0, acknowledged: 0, resolved: 0, dismissed: 0 } }));
        e.counts[r.status as 'open'] = r.n;
        e.total += r.n;
      }
      const list = [...kinds.values()];
      return {
        byKind: list,
        byCity: byCity.map((c) => ({ cityCode: c.city_code, cityName: c.city_name ?? '省直', active: c.n, high: c.high })),
        active: list.reduce((s, k) => s + k.counts.open + k.counts.acknowledged, 0),
        total: list.reduce((s, k) => s + k.total, 0),
      };
    },
  );

  app.get(
    '/api/warnings/:id',
    {
      schema: { tags: [TAG], summary: '预警详情（含依据）', params: IdParam, response: { 200: WarningDetail, '4xx': ErrorBody } },
      config: { permission: 'warning:item:read' },
    },
    async (req) => {
      const w = await findWarningInScope(db, req.auth!.scope, (req.params as { id: number }).id);
      if (!w) throw notFound('预警');
      return { ...present(req, w), evidence: (w.evidence ?? {}) as Record<string, unknown>, closedByName: w.closed_by_name };
    },
  );

  const handleRoute = (action: WarningAction, summary: string, body: ReturnType<typeof Type.Object>) =>
    app.post(
      `/api/warnings/:id/${action}`,
      {
        schema: { tags: [TAG], summary, params: IdParam, body, response: { 200: WarningDetail, '4xx': ErrorBody } },
        config: { permission: 'warning:item:handle' },
      },
      async (req) => {
        const id = (req.params as { id: number }).id;
        const resolution = (req.body as { resolution?: string } | undefined)?.resolution;
        await audited(req, `warning.${action}`, 'warning', async (tx) => {
          const r = await handleWarning(tx, { userId: req.auth!.userId, scope: req.auth!.scope }, id, action, resolution);
          return {
            result: r,
            objectId: id,
            before: { status: r.before.status, kind: r.before.kind, title: r.before.title },
            after: { status: r.status, resolution: resolution ?? null },
          };
        });
        const w = (await findWarningInScope(db, req.auth!.scope, id))!;
        return { ...present(req, w), evidence: (w.evidence ?? {}) as Record<string, unknown>, closedByName: w.closed_by_name };
      },
    );
  handleRoute('acknowledge', '确认预警（已知悉，整改中）', Type.Object({}, { additionalProperties: false }));
  handleRoute('resolve', '办结预警', Type.Object({ resolution: Type.Optional(Type.String({ maxLength: 500, description: '整改情况' })) }, { additionalProperties: false }));
  handleRoute('dismiss', '忽略预警（须填写忽略理由；一年内不再提示）', Type.Object({ resolution: Type.String({ minLength: 2, maxLength: 500, description: '忽略理由' }) }, { additionalProperties: false }));
}
