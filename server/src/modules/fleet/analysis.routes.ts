import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { auditEvent } from '../../platform/audit/audit.service.js';
import { ErrorBody } from '../../platform/http/schemas.js';
import { type ExportColumn, toXlsx } from '../../platform/list/list.js';
import { Panel, PanelQuery } from './analysis.schemas.js';
import { fleetPanel } from './analysis.service.js';

type Group = Static<typeof Panel>['groups'][number];

const pct = (v: number | null) => (v === null ? '' : +(v * 100).toFixed(2));
const EXPORT_COLUMNS: ExportColumn<Group>[] = [
  { header: '分组', width: 28, value: (g) => g.name },
  { header: '在用车辆（辆）', value: (g) => g.vehicles },
  { header: '运行维护费（元）', value: (g) => g.runningCost },
  { header: '燃料费', value: (g) => g.fuel },
  { header: '维修保养费', value: (g) => g.repair },
  { header: '保险费', value: (g) => g.insurance },
  { header: '通行费', value: (g) => g.toll },
  { header: '停车费', value: (g) => g.parking },
  { header: '其他', value: (g) => g.other },
  { header: '行驶里程（公里）', value: (g) => g.km },
  { header: '单公里运行维护费（元）', value: (g) => g.runningCostPerKm },
  { header: '折算预算（元）', value: (g) => g.budget },
  { header: '预算执行率（%）', value: (g) => pct(g.budgetRate) },
  { header: '租赁费（元）', value: (g) => g.rentalCost },
  { header: '租车里程（公里）', value: (g) => g.rentalKm },
  { header: '租车单公里费用（元）', value: (g) => g.rentalCostPerKm },
  { header: '租车与自有车费用比', value: (g) => g.rentalVsOwn },
  { header: '使用率（%）', value: (g) => pct(g.utilisation) },
  { header: '三定点合规率（%）', value: (g) => pct(g.compliance) },
  { header: '轨迹重叠率（%）', value: (g) => pct(g.trackOverlap) },
];

/** 双费双率: running and rental costs, utilisation and designated-provider compliance, from the rollups only. */
export async function analysisRoutes(app: FastifyInstance) {
  const { db, settings } = app.platform;
  const panel = async (req: FastifyRequest, all: boolean) => {
    const q = req.query as Static<typeof PanelQuery>;
    const st = await settings.get();
    return fleetPanel(
      db,
      req.auth!.scope,
      {
        from: q.from, to: q.to, groupBy: q.groupBy ?? 'unit', utilisation: q.utilisation ?? 'trip_days', sort: q.sort, order: q.order,
        ...(all ? {} : { page: q.page ?? 1, pageSize: q.pageSize ?? 50 }),
      },
      { workHoursPerDay: Number(st['fleet.work_hours_per_day']), annualKmTarget: Number(st['fleet.annual_km_target']) },
    );
  };
  app.get(
    '/api/fleet/analysis',
    {
      schema: { tags: ['公务用车分析'], summary: '“双费双率”分析（按单位、地区或月份）', querystring: PanelQuery, response: { 200: Panel, '4xx': ErrorBody } },
      config: { permission: 'fleet:analysis:read' },
    },
    async (req) => panel(req, false),
  );
  app.get(
    '/api/fleet/analysis/export',
    {
      schema: {
        tags: ['公务用车分析'],
        summary: '“双费双率”分析（导出Excel：全部分组、合计与指标口径）',
        querystring: PanelQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorBody },
      },
      config: { permission: 'fleet:analysis:read' },
    },
    async (req, reply) => {
      const p = await panel(req, true);
      const rows: Group[] = [...p.groups, { key: 'total', name: '合计', ...p.total }];
      const note = `统计期间 ${p.from} 至 ${p.to}，工作日 ${p.workingDays} 天。口径：${p.figures.map((f) => `${f.name}＝${f.definition}`).join('；')}`;
      const buf = await toXlsx('双费双率', EXPORT_COLUMNS, rows, note);
      await auditEvent(req, { action: 'fleet_analysis.export', object_type: 'fleet_analysis', object_id: '', detail: JSON.stringify({ query: req.query, rows: p.groups.length }) });
      const fname = encodeURIComponent(`双费双率-${p.from}-${p.to}.xlsx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${fname}`)
        .send(buf);
    },
  );
}
