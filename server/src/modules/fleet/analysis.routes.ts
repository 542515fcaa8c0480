import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { ErrorBody } from '../../platform/http/schemas.js';
import { Panel, PanelQuery } from './analysis.schemas.js';
import { fleetPanel } from './analysis.service.js';

/** 双费双率: running and rental costs, utilisation and designated-provider compliance, from the rollups only. */
export async function analysisRoutes(app: FastifyInstance) {
  const { db, settings } = app.platform;
  app.get(
    '/api/fleet/analysis',
    {
      schema: { tags: ['公务用车分析'], summary: '“双费双率”分析（按单位、地区或月份）', querystring: PanelQuery, response: { 200: Panel, '4xx': ErrorBody } },
      config: { permission: 'fleet:analysis:read' },
    },
    async (req) => {
      const q = req.query as Static<typeof PanelQuery>;
      const st = await settings.get();
      return fleetPanel(
        db,
        req.auth!.scope,
        { from: q.from, to: q.to, groupBy: q.groupBy ?? 'unit', utilisation: q.utilisation ?? 'trip_days' },
        { workHoursPerDay: Number(st['fleet.work_hours_per_day']), annualKmTarget: Number(st['fleet.annual_km_target']) },
      );
    },
  );
}
