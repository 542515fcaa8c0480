import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { auditEvent, audited } from '../../platform/audit/audit.service.js';
import { EXPORT_MAX_ROWS, toXlsx } from '../../platform/list/list.js';
import { findCategories } from './vehicle.repository.js';
import { ErrorBody } from '../../platform/http/schemas.js';
import { findQuotaTable } from './quota.repository.js';
import { QuotaBody, QuotaFilters, QuotaParam, QuotaRow } from './vehicle.schemas.js';
import { setQuota } from './quota.service.js';

/** 车辆编制: per unit and category the quota against the cars held, and its editing. */
export async function quotaRoutes(app: FastifyInstance) {
  const platform = app.platform;
  const tag = '公务用车-编制';
  const Query = Type.Object({
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    ...QuotaFilters,
  });

  app.get(
    '/api/fleet/quotas',
    {
      schema: {
        tags: [tag],
        summary: '单位车辆编制与实有车辆（按类别，实有不含已处置）',
        querystring: Query,
        response: { 200: Type.Object({ items: Type.Array(QuotaRow), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), '4xx': ErrorBody },
      },
      config: { permission: 'fleet:vehicle:read' },
    },
    async (req) => {
      const q = req.query as Static<typeof Query>;
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const r = await findQuotaTable(platform.db, req.auth!.scope, q, { limit: pageSize, offset: (page - 1) * pageSize });
      const canEdit = req.auth!.permissions.has('fleet:quota:write');
      return {
        items: r.units.map((u) => ({
          unitId: u.id,
          unitName: u.name,
          regionCode: u.region_code,
          cells: r.cells
            .filter((c) => c.unit_id === u.id)
            .map((c) => ({ categoryCode: c.code, quota: c.quota, basis: c.basis, actual: c.actual, over: c.quota !== null && c.actual > c.quota })),
          _actions: canEdit ? ['update'] : [],
        })),
        total: r.total,
        page,
        pageSize,
      };
    },
  );

  app.get(
    '/api/fleet/quotas/export',
    {
      schema: {
        tags: [tag],
        summary: '单位车辆编制与实有车辆（导出Excel，每单位每类别一行）',
        querystring: Query,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorBody },
      },
      config: { permission: 'fleet:vehicle:export' },
    },
    async (req, reply) => {
      const q = req.query as Static<typeof Query>;
      const r = await findQuotaTable(platform.db, req.auth!.scope, q, { limit: EXPORT_MAX_ROWS, offset: 0 });
      const names = new Map((await findCategories(platform.db)).map((c) => [c.code, c.name]));
      const units = new Map(r.units.map((u) => [u.id, u]));
      const rows = r.cells.filter((c) => units.has(c.unit_id)).map((c) => ({ unit: units.get(c.unit_id)!, ...c }));
      const buf = await toXlsx('车辆编制', [
        { header: '单位', width: 32, value: (x) => x.unit.name },
        { header: '行政区划代码', value: (x) => x.unit.region_code },
        { header: '车辆类别', width: 20, value: (x) => names.get(x.code) ?? x.code },
        { header: '编制数', value: (x) => x.quota ?? '未核定' },
        { header: '实有（不含已处置）', value: (x) => x.actual },
        { header: '超编', value: (x) => (x.quota !== null && x.actual > x.quota ? `超编 ${x.actual - x.quota} 辆` : '') },
        { header: '核定依据', width: 40, value: (x) => x.basis ?? '' },
      ], rows, r.total > EXPORT_MAX_ROWS ? `共 ${r.total} 个单位，仅导出前 ${EXPORT_MAX_ROWS} 个，请缩小筛选范围` : undefined);
      await auditEvent(req, { action: 'fleet_quota.export', object_type: 'fleet_quota', object_id: '', detail: JSON.stringify({ filters: q, rows: rows.length }) });
      const fname = encodeURIComponent(`车辆编制-${new Date().toISOString().slice(0, 10)}.xlsx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${fname}`)
        .send(buf);
    },
  );

  app.put(
    '/api/fleet/quotas/:unitId/:code',
    {
      schema: { tags: [tag], summary: '核定单位某类车辆的编制数（须注明依据）', params: QuotaParam, body: QuotaBody, response: { 200: Type.Object({ ok: Type.Boolean() }), '4xx': ErrorBody } },
      config: { permission: 'fleet:quota:write' },
    },
    async (req) => {
      const { unitId, code } = req.params as Static<typeof QuotaParam>;
      const b = req.body as Static<typeof QuotaBody>;
      await audited(req, 'fleet.quota.update', 'fleet_quota', async (tx) => {
        const before = await setQuota(platform, tx, req.auth!.scope, unitId, code, b.quota, b.basis.trim());
        return { result: null, objectId: `${unitId}:${code}`, before: before ?? null, after: b };
      });
      return { ok: true };
    },
  );
}
