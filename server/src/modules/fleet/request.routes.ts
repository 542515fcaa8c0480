import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { findRequestByKey, findRequestInScope, REQUEST_SORTS, type RequestRow, requestListQuery, selectRequestColumns } from './request.repository.js';
import { FeedbackBody, FleetRequest, ReasonBody, RequestBody, RequestFilters } from './request.schemas.js';
import { type Caller, cancelRequest, DISPATCH_STATUS_NAMES, fileRequest, giveFeedback, REQUEST_STATUS_NAMES, requestActions } from './request.service.js';

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

export const callerOf = (req: FastifyRequest): Caller => {
  const a = req.auth!;
  return { userId: a.userId, unitId: a.unitId, personId: a.personId, scope: a.scope, permissions: a.permissions };
};

export function presentRequest(req: FastifyRequest, r: RequestRow): Static<typeof FleetRequest> {
  return {
    id: r.id,
    requesterId: r.requester_id,
    requesterName: r.requester_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    purpose: r.purpose,
    passengers: r.passengers,
    origin: r.origin,
    destination: r.destination,
    startsAt: iso(r.starts_at)!,
    endsAt: iso(r.ends_at)!,
    emergency: r.emergency,
    status: r.status,
    statusName: REQUEST_STATUS_NAMES[r.status] ?? r.status,
    instanceId: r.wf_instance_id === null ? null : Number(r.wf_instance_id),
    cancelReason: r.cancel_reason,
    feedbackScore: r.feedback_score,
    feedback: r.feedback,
    createdAt: iso(r.created_at)!,
    dispatch:
      r.dispatch_id === null
        ? null
        : {
            id: r.dispatch_id,
            status: r.dispatch_status!,
            statusName: DISPATCH_STATUS_NAMES[r.dispatch_status!] ?? r.dispatch_status!,
            vehicleId: r.vehicle_id!,
            plate: r.plate!,
            vehicleModel: r.vehicle_model ?? '',
            driverId: r.driver_id!,
            driverName: r.driver_name!,
            recordedAt: iso(r.recorded_at)!,
            startedAt: iso(r.started_at),
            finishedAt: iso(r.finished_at),
            startOdometer: num(r.start_odometer),
            endOdometer: num(r.end_odometer),
            km: num(r.trip_km),
            note: r.exception_note,
            lateEntry: r.late_entry,
          },
    _actions: requestActions(r, { userId: req.auth!.userId, permissions: req.auth!.permissions }),
  };
}

const fmt = (d: Date | string | null) => (d ? new Date(d).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

/** 用车申请: file (approval by the unit's leader), lists (mine / all in scope), detail, cancel, feedback. */
export async function requestRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;
  const tag = '用车申请';

  registerList(app, {
    path: '/api/fleet/requests',
    tag,
    summary: '用车申请列表（mine=true 仅本人提交的）',
    permission: 'fleet:request:read',
    exportPermission: 'fleet:request:read',
    objectType: 'fleet_request',
    filters: RequestFilters,
    sorts: REQUEST_SORTS,
    defaultSort: 'id',
    defaultOrder: 'desc',
    item: FleetRequest,
    fetch: (req, f, page) => {
      const { mine, ...rest } = f;
      return fetchPage(requestListQuery(db, req.auth!.scope, { ...rest, ...(mine ? { requesterId: req.auth!.userId } : {}) }), selectRequestColumns, page, 'r.id');
    },
    present: presentRequest,
    sheet: '用车申请',
    columns: [
      { header: '编号', value: (r) => r.id },
      { header: '用车单位', width: 30, value: (r) => r.unit_name },
      { header: '申请人', value: (r) => r.requester_name },
      { header: '事由', width: 36, value: (r) => r.purpose },
      { header: '人数', value: (r) => r.passengers },
      { header: '出发地', width: 24, value: (r) => r.origin },
      { header: '目的地', width: 24, value: (r) => r.destination },
      { header: '开始', width: 20, value: (r) => fmt(r.starts_at) },
      { header: '结束', width: 20, value: (r) => fmt(r.ends_at) },
      { header: '紧急', value: (r) => (r.emergency ? (r.late_entry ? '紧急（逾期补录）' : '紧急') : '') },
      { header: '状态', value: (r) => REQUEST_STATUS_NAMES[r.status] },
      { header: '车辆', value: (r) => r.plate },
      { header: '驾驶员', value: (r) => r.driver_name },
      { header: '里程（公里）', value: (r) => num(r.trip_km) },
      { header: '评价', value: (r) => r.feedback_score },
    ],
  });

  const detailOf = async (req: FastifyRequest, id: number) => {
    const r = await findRequestInScope(db, req.auth!.scope, id);
    if (!r) throw notFound('用车申请');
    return presentRequest(req, r);
  };

  app.get(
    '/api/fleet/requests/:id',
    { schema: { tags: [tag], summary: '用车申请详情（含派车与行程）', params: IdParam, response: { 200: FleetRequest, '4xx': ErrorBody } }, config: { permission: 'fleet:request:read' } },
    async (req) => detailOf(req, (req.params as { id: number }).id),
  );

  app.post(
    '/api/fleet/requests',
    {
      schema: { tags: [tag], summary: '申请用车（先申请、后用车；同一 requestKey 重复提交返回同一申请）', body: RequestBody, response: { 200: FleetRequest, '4xx': ErrorBody } },
      config: { permission: 'fleet:request:create' },
    },
    async (req) => {
      const input = req.body as Static<typeof RequestBody>;
      const prior = await findRequestByKey(db, req.auth!.userId, input.requestKey);
      if (prior) return detailOf(req, prior.id);
      const id = await audited(req, 'fleet_request.create', 'fleet_request', async (tx) => {
        const rid = await fileRequest({ tx, p }, callerOf(req), input);
        return { result: rid, objectId: rid, after: input };
      });
      return detailOf(req, id);
    },
  );

  app.post(
    '/api/fleet/requests/:id/cancel',
    {
      schema: { tags: [tag], summary: '申请人取消用车申请（派车前）', params: IdParam, body: ReasonBody, response: { 200: FleetRequest, '4xx': ErrorBody } },
      config: { permission: 'fleet:request:create' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const { reason } = req.body as Static<typeof ReasonBody>;
      await audited(req, 'fleet_request.cancel', 'fleet_request', async (tx) => {
        await cancelRequest({ tx, p }, callerOf(req), id, reason);
        return { result: null, objectId: id, after: { reason } };
      });
      return detailOf(req, id);
    },
  );

  app.post(
    '/api/fleet/requests/:id/feedback',
    {
      schema: { tags: [tag], summary: '用车评价（1–5 星，行程完成后一次）', params: IdParam, body: FeedbackBody, response: { 200: FleetRequest, '4xx': ErrorBody } },
      config: { permission: 'fleet:request:create' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const body = req.body as Static<typeof FeedbackBody>;
      await audited(req, 'fleet_request.feedback', 'fleet_request', async (tx) => {
        await giveFeedback(tx, callerOf(req), id, body.score, body.text);
        return { result: null, objectId: id, after: body };
      });
      return detailOf(req, id);
    },
  );
}
