import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { chinaDay } from '../../platform/calendar/calendar.service.js';
import { invalid } from '../../platform/errors.js';
import { ErrorBody, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { PAIR_SORTS, type PairRow, pairListQuery, selectPairColumns } from './overlap.repository.js';
import { ComputeBody, ComputeResult, OverlapPair, OverlapQuery, OverlapReport, PairFilters } from './overlap.schemas.js';
import { computeOverlapDay, overlapReport } from './overlap.service.js';

const presentPair = (_req: FastifyRequest, r: PairRow): Static<typeof OverlapPair> => ({
  day: r.day,
  vehicleA: r.vehicle_a,
  plateA: r.plate_a,
  vehicleB: r.vehicle_b,
  plateB: r.plate_b,
  tripA: r.trip_a === null ? null : Number(r.trip_a),
  tripB: r.trip_b === null ? null : Number(r.trip_b),
  unitId: r.unit_id,
  unitName: r.unit_name,
  sharedKeys: r.shared_keys,
  sharedKm: Number(r.shared_km),
  overlap: Number(r.overlap),
  firstAt: iso(r.first_at)!,
  lastAt: iso(r.last_at)!,
  link: `/fleet/tracks?vehicle=${r.vehicle_a}&day=${r.day}`,
});

const DAY_MS = 86_400_000;

/** 轨迹重叠率: the rate per unit / city / day, the overlapping pairs, and computing a day again. */
export async function overlapRoutes(app: FastifyInstance) {
  const { db, settings } = app.platform;
  const tag = '车辆定位-轨迹重叠';

  app.get(
    '/api/telematics/overlap',
    {
      schema: { tags: [tag], summary: '轨迹重叠率（按单位、地市或日期），含可避免费用', querystring: OverlapQuery, response: { 200: OverlapReport, '4xx': ErrorBody } },
      config: { permission: 'fleet:overlap:read' },
    },
    async (req) => {
      const q = req.query as Static<typeof OverlapQuery>;
      if (q.to < q.from) throw invalid('截止日期不能早于起始日期', [{ field: 'to', message: '不能早于起始日期' }]);
      if ((Date.parse(q.to) - Date.parse(q.from)) / DAY_MS > 366) throw invalid('统计期间不能超过一年', [{ field: 'to', message: '期间不能超过一年' }]);
      return overlapReport(db, req.auth!.scope, { from: q.from, to: q.to, groupBy: q.groupBy ?? 'unit' });
    },
  );

  registerList(app, {
    path: '/api/telematics/overlap/pairs',
    tag,
    summary: '重叠车辆对（同行里程、时间与重叠比例）',
    permission: 'fleet:overlap:read',
    exportPermission: 'fleet:overlap:read',
    objectType: 'tm_overlap',
    filters: PairFilters,
    sorts: PAIR_SORTS,
    defaultSort: 'sharedKm',
    defaultOrder: 'desc',
    item: OverlapPair,
    fetch: (req, f, page) => fetchPage(pairListQuery(db, req.auth!.scope, f), selectPairColumns, page, 'p.vehicle_a'),
    present: presentPair,
    sheet: '重叠车辆',
    columns: [
      { header: '日期', width: 12, value: (r) => r.day },
      { header: '车辆甲', width: 12, value: (r) => r.plate_a },
      { header: '车辆乙', width: 12, value: (r) => r.plate_b },
      { header: '单位（车辆甲）', width: 30, value: (r) => r.unit_name },
      { header: '同行里程(km)', value: (r) => Number(r.shared_km) },
      { header: '重叠比例', value: (r) => Number(r.overlap) },
      { header: '共享时空键', value: (r) => r.shared_keys },
      { header: '首次同行', width: 20, value: (r) => new Date(new Date(r.first_at).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') },
      { header: '最后同行', width: 20, value: (r) => new Date(new Date(r.last_at).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') },
    ],
  });

  app.post(
    '/api/telematics/overlap/compute',
    {
      schema: { tags: [tag], summary: '重新计算某日轨迹重叠率（全省）', body: ComputeBody, response: { 200: ComputeResult, '4xx': ErrorBody } },
      config: { permission: 'fleet:track:command' },
    },
    async (req) => {
      const { day } = req.body as Static<typeof ComputeBody>;
      if (Number.isNaN(Date.parse(day))) throw invalid('日期格式不正确', [{ field: 'day', message: '日期格式不正确' }]);
      if (day > chinaDay(new Date())) throw invalid('不能计算未来日期', [{ field: 'day', message: '不能晚于今天' }]);
      const st = await settings.get();
      return computeOverlapDay(db, st, day, (write) =>
        audited(req, 'tm_overlap.compute', 'tm_overlap_day', async (tx) => {
          await write(tx);
          return { result: undefined, objectId: day, detail: `day=${day}` };
        }),
      );
    },
  );
}
