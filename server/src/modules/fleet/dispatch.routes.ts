import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { chinaDay } from '../../platform/calendar/calendar.service.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import {
  type DispatchRow,
  findBoardDrivers,
  findBoardVehicles,
  findDispatchesOfDay,
  findFreeDrivers,
  findFreeVehicles,
  findOwnTask,
  findOwnTasks,
} from './dispatch.repository.js';
import {
  AssignBody,
  Availability,
  AvailabilityQuery,
  Board,
  DayQuery,
  EmergencyBody,
  EmergencyResult,
  FinishBody,
  NoShowBody,
  StartBody,
  Task,
  Tasks,
} from './dispatch.schemas.js';
import { cancelDispatch, dispatchRequest, finishTask, markNoShow, recordEmergency, startTask } from './dispatch.service.js';
import { findRequestInScope } from './request.repository.js';
import { callerOf, presentRequest } from './request.routes.js';
import { FleetRequest, ReasonBody } from './request.schemas.js';
import { checkWindow, DISPATCH_STATUS_NAMES } from './request.service.js';

const num = (v: string | number | null) => (v === null ? null : Number(v));

/** A Beijing day as [from, to). */
function dayWindow(day: string | undefined) {
  const d = day ?? chinaDay(new Date());
  const from = new Date(`${d}T00:00:00+08:00`);
  if (Number.isNaN(from.getTime())) throw invalid('日期格式不正确', [{ field: 'day', message: '日期格式不正确' }]);
  return { day: d, from: from.toISOString(), to: new Date(from.getTime() + 24 * 3600_000).toISOString() };
}

function presentTask(t: DispatchRow): Static<typeof Task> {
  return {
    id: t.id,
    requestId: t.request_id,
    status: t.status,
    statusName: DISPATCH_STATUS_NAMES[t.status] ?? t.status,
    emergency: t.emergency,
    vehicleId: t.vehicle_id,
    plate: t.plate,
    vehicleModel: t.vehicle_model,
    vehicleOdometer: Number(t.odometer_km),
    driverId: t.driver_id,
    driverName: t.driver_name,
    startsAt: iso(t.starts_at)!,
    endsAt: iso(t.ends_at)!,
    startedAt: iso(t.started_at),
    finishedAt: iso(t.finished_at),
    startOdometer: num(t.start_odometer),
    endOdometer: num(t.end_odometer),
    note: t.exception_note,
    purpose: t.purpose,
    passengers: t.passengers,
    origin: t.origin,
    destination: t.destination,
    unitName: t.unit_name,
  };
}

const bar = (t: DispatchRow, label: string) => ({
  id: t.id,
  requestId: t.request_id,
  status: t.status,
  statusName: DISPATCH_STATUS_NAMES[t.status] ?? t.status,
  emergency: t.emergency,
  startsAt: iso(t.starts_at)!,
  endsAt: iso(t.ends_at)!,
  label,
});

function ownPerson(req: FastifyRequest): number {
  const personId = req.auth!.personId;
  if (personId === null) throw new AppError('NOT_A_DRIVER', '当前账号未关联人员，无法查看出车任务', 403);
  return personId;
}

/** 派车与调度: dispatch, availability, the board, emergency entries; the driver's own tasks (出车、收车). */
export async function dispatchRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;
  const tag = '派车调度';
  const manage = { permission: 'fleet:dispatch:manage' };
  const drive = { permission: 'fleet:dispatch:drive' };

  const requestOf = async (req: FastifyRequest, id: number) => {
    const r = await findRequestInScope(db, req.auth!.scope, id);
    if (!r) throw notFound('用车申请');
    return presentRequest(req, r);
  };

  app.get(
    '/api/fleet/availability',
    { schema: { tags: [tag], summary: '时段内空闲的车辆与驾驶员（紧急用车可含封存车辆）', querystring: AvailabilityQuery, response: { 200: Availability, '4xx': ErrorBody } }, config: manage },
    async (req) => {
      const q = req.query as Static<typeof AvailabilityQuery>;
      const w = checkWindow(q, { future: false });
      const [vehicles, drivers] = await Promise.all([findFreeVehicles(db, req.auth!.scope, w.from, w.to, q.emergency ?? false), findFreeDrivers(db, req.auth!.scope, w.from, w.to)]);
      return {
        vehicles: vehicles.map((v) => ({ id: v.id, plate: v.plate, model: `${v.brand} ${v.model}`, seats: v.seats, status: v.status, unitName: v.unit_name, odometerKm: Number(v.odometer_km) })),
        drivers: drivers.map((d) => ({ id: d.id, name: d.name, licenceClass: d.licence_class, licenceExpiresOn: String(iso(d.licence_expires_on)).slice(0, 10), unitName: d.unit_name })),
      };
    },
  );

  app.get(
    '/api/fleet/board',
    { schema: { tags: [tag], summary: '调度看板：某日每辆车、每名驾驶员的派车时间轴', querystring: DayQuery, response: { 200: Board, '4xx': ErrorBody } }, config: manage },
    async (req) => {
      const w = dayWindow((req.query as Static<typeof DayQuery>).day);
      const scope = req.auth!.scope;
      const ds = await findDispatchesOfDay(db, scope, w.from, w.to);
      const [vehicles, drivers] = await Promise.all([
        findBoardVehicles(db, scope, [...new Set(ds.map((d) => d.vehicle_id))]),
        findBoardDrivers(db, scope, [...new Set(ds.map((d) => d.driver_id))]),
      ]);
      return {
        day: w.day,
        vehicles: vehicles.map((v) => ({
          id: v.id,
          plate: v.plate,
          model: `${v.brand} ${v.model}`,
          status: v.status,
          seats: v.seats,
          dispatches: ds.filter((d) => d.vehicle_id === v.id).map((d) => bar(d, `${d.driver_name}｜${d.destination}`)),
        })),
        drivers: drivers.map((dr) => ({
          id: dr.id,
          name: dr.name,
          status: dr.status,
          dispatches: ds.filter((d) => d.driver_id === dr.id).map((d) => bar(d, `${d.plate}｜${d.destination}`)),
        })),
      };
    },
  );

  app.post(
    '/api/fleet/requests/:id/dispatch',
    { schema: { tags: [tag], summary: '派车：为待派车的申请指定车辆与驾驶员（同一时段不会重复派出）', params: IdParam, body: AssignBody, response: { 200: FleetRequest, '4xx': ErrorBody } }, config: manage },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const body = req.body as Static<typeof AssignBody>;
      if (!(await findRequestInScope(db, req.auth!.scope, id))) throw notFound('用车申请');
      await audited(req, 'fleet_dispatch.assign', 'fleet_request', async (tx) => {
        const out = await dispatchRequest(tx, callerOf(req), id, body);
        return { result: out.dispatchId, objectId: id, after: { ...body, dispatchId: out.dispatchId } };
      });
      return requestOf(req, id);
    },
  );

  app.post(
    '/api/fleet/dispatches/:id/cancel',
    { schema: { tags: [tag], summary: '取消派车（申请回到待派车）', params: IdParam, body: ReasonBody, response: { 200: FleetRequest, '4xx': ErrorBody } }, config: manage },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const { reason } = req.body as Static<typeof ReasonBody>;
      const requestId = await audited(req, 'fleet_dispatch.cancel', 'fleet_dispatch', async (tx) => {
        const d = await cancelDispatch(tx, callerOf(req), id, reason);
        return { result: d.request_id, objectId: id, after: { reason } };
      });
      return requestOf(req, requestId);
    },
  );

  app.post(
    '/api/fleet/dispatches/:id/no-show',
    { schema: { tags: [tag], summary: '登记未按时用车', params: IdParam, body: NoShowBody, response: { 200: FleetRequest, '4xx': ErrorBody } }, config: manage },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const { note } = req.body as Static<typeof NoShowBody>;
      const requestId = await audited(req, 'fleet_dispatch.no_show', 'fleet_dispatch', async (tx) => {
        const d = await markNoShow(tx, callerOf(req), id, note);
        return { result: d.request_id, objectId: id, after: { note } };
      });
      return requestOf(req, requestId);
    },
  );

  app.post(
    '/api/fleet/dispatches/emergency',
    {
      schema: { tags: [tag], summary: '紧急用车补录：登记已发生的派车（申请与派车一并生成；超时限标记逾期补录）', body: EmergencyBody, response: { 200: EmergencyResult, '4xx': ErrorBody } },
      config: manage,
    },
    async (req) => {
      const body = req.body as Static<typeof EmergencyBody>;
      return audited(req, 'fleet_dispatch.emergency', 'fleet_request', async (tx) => {
        const out = await recordEmergency(tx, p, callerOf(req), body);
        return { result: out, objectId: out.requestId, after: { ...body, ...out } };
      });
    },
  );

  // ---------------------------------------------------------------- the driver's own tasks

  app.get(
    '/api/fleet/driver/tasks',
    { schema: { tags: [tag], summary: '驾驶员：本人当日及次日出车任务（及尚未收车的任务）', querystring: DayQuery, response: { 200: Tasks, '4xx': ErrorBody } }, config: drive },
    async (req) => {
      const w = dayWindow((req.query as Static<typeof DayQuery>).day);
      const items = await findOwnTasks(db, ownPerson(req), w.from, w.to);
      return { day: w.day, items: items.map(presentTask) };
    },
  );

  const taskOf = async (req: FastifyRequest, id: number) => {
    const t = await findOwnTask(db, ownPerson(req), id);
    if (!t) throw notFound('出车任务');
    return presentTask(t);
  };

  app.get(
    '/api/fleet/driver/tasks/:id',
    { schema: { tags: [tag], summary: '驾驶员：本人的一项出车任务', params: IdParam, response: { 200: Task, '4xx': ErrorBody } }, config: drive },
    async (req) => taskOf(req, (req.params as { id: number }).id),
  );

  app.post(
    '/api/fleet/driver/tasks/:id/start',
    { schema: { tags: [tag], summary: '出车（登记出车里程）', params: IdParam, body: StartBody, response: { 200: Task, '4xx': ErrorBody } }, config: drive },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const { odometer } = req.body as Static<typeof StartBody>;
      const personId = ownPerson(req);
      await audited(req, 'fleet_dispatch.start', 'fleet_dispatch', async (tx) => {
        await startTask(tx, personId, id, odometer);
        return { result: null, objectId: id, after: { odometer } };
      });
      return taskOf(req, id);
    },
  );

  app.post(
    '/api/fleet/driver/tasks/:id/finish',
    { schema: { tags: [tag], summary: '收车（登记收车里程与异常情况；生成行程、更新车辆里程）', params: IdParam, body: FinishBody, response: { 200: Task, '4xx': ErrorBody } }, config: drive },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const body = req.body as Static<typeof FinishBody>;
      const personId = ownPerson(req);
      await audited(req, 'fleet_dispatch.finish', 'fleet_dispatch', async (tx) => {
        const out = await finishTask(tx, personId, id, body.odometer, body.note);
        return { result: out, objectId: id, after: { ...body, ...out } };
      });
      return taskOf(req, id);
    },
  );
}
