import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { ErrorBody, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { findRentalInScope, RENTAL_SORTS, type RentalRow, rentalListQuery, selectRentalColumns } from './rental.repository.js';
import { Rental, RentalBody, RentalFilters } from './rental.schemas.js';
import { registerRental } from './rental.service.js';
import { callerOf } from './request.routes.js';

const fmt = (d: Date | string) => new Date(d).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function present(_req: FastifyRequest, r: RentalRow): Static<typeof Rental> {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    requestId: r.request_id,
    company: r.company,
    orderNo: r.order_no,
    plate: r.plate,
    startedAt: iso(r.started_at)!,
    endedAt: iso(r.ended_at)!,
    km: Number(r.km),
    cost: Number(r.cost),
    createdByName: r.created_by_name,
    createdAt: iso(r.created_at)!,
  };
}

/** 租车: rental orders when the unit's own cars do not suffice; the list exports with the same filters. */
export async function rentalRoutes(app: FastifyInstance) {
  const { db } = app.platform;
  const tag = '社会租车';

  registerList(app, {
    path: '/api/fleet/rentals',
    tag,
    summary: '租车订单列表',
    permission: 'fleet:request:read',
    exportPermission: 'fleet:request:read',
    objectType: 'fleet_rental',
    filters: RentalFilters,
    sorts: RENTAL_SORTS,
    defaultSort: 'startedAt',
    defaultOrder: 'desc',
    item: Rental,
    fetch: (req, f, page) => fetchPage(rentalListQuery(db, req.auth!.scope, f), selectRentalColumns, page, 'x.id'),
    present,
    sheet: '租车订单',
    columns: [
      { header: '编号', value: (r) => r.id },
      { header: '用车单位', width: 30, value: (r) => r.unit_name },
      { header: '租车公司', width: 28, value: (r) => r.company },
      { header: '订单号', width: 22, value: (r) => r.order_no },
      { header: '车牌', value: (r) => r.plate },
      { header: '取车时间', width: 20, value: (r) => fmt(r.started_at) },
      { header: '还车时间', width: 20, value: (r) => fmt(r.ended_at) },
      { header: '里程（公里）', value: (r) => Number(r.km) },
      { header: '费用（元）', value: (r) => Number(r.cost) },
      { header: '关联申请', value: (r) => r.request_id },
      { header: '登记人', value: (r) => r.created_by_name },
    ],
  });

  app.post(
    '/api/fleet/rentals',
    { schema: { tags: [tag], summary: '登记租车订单（同一公司的订单号不能重复）', body: RentalBody, response: { 200: Rental, '4xx': ErrorBody } }, config: { permission: 'fleet:dispatch:manage' } },
    async (req) => {
      const body = req.body as Static<typeof RentalBody>;
      const id = await audited(req, 'fleet_rental.create', 'fleet_rental', async (tx) => {
        const r = await registerRental(tx, callerOf(req), body);
        return { result: r.id, objectId: r.id, after: body };
      });
      const r = await findRentalInScope(db, req.auth!.scope, id);
      if (!r) throw notFound('租车订单');
      return present(req, r);
    },
  );
}
