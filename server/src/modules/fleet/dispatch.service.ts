import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.js';
import { findOrgInScope } from '../../platform/org/org.repository.js';
import { notify } from '../../platform/notify/notification.service.js';
import type { Platform } from '../../platform/context.js';
import {
  findDriverInScope,
  findUsersOfPerson,
  insertDispatch,
  lockDispatchInScope,
  lockOwnTask,
  lockVehicle,
  lockVehicleInScope,
  raiseLateEmergencyWarning,
  setVehicleOdometer,
  updateDispatch,
} from './dispatch.repository.js';
import { insertRequest, type LockedRequest, lockRequest, setRequestStatus } from './request.repository.js';
import { type Caller, checkWindow, REQUEST_STATUS_NAMES, type Window } from './request.service.js';
import { insertDispatchTrip } from './trip.repository.js';

const VEHICLE_STATUS_NAMES: Record<string, string> = { in_use: '在用', repair: '维修中', sealed: '封存', pending_disposal: '待处置', disposed: '已处置' };

export interface Assignment {
  vehicleId: number;
  driverId: number;
}

/** Car and driver checks: in the caller's scope, a car in use (sealed only for an emergency), an active driver. */
async function checkAssignment(tx: Db, caller: Caller, a: Assignment, emergency: boolean) {
  const v = await lockVehicleInScope(tx, caller.scope, a.vehicleId);
  if (!v) throw invalid('车辆不存在或不在您的管理范围内', [{ field: 'vehicleId', message: '请选择管理范围内的车辆' }]);
  const allowed = emergency ? ['in_use', 'sealed'] : ['in_use'];
  if (!allowed.includes(v.status))
    throw new AppError('VEHICLE_STATE', `车辆 ${v.plate} 当前为“${VEHICLE_STATUS_NAMES[v.status] ?? v.status}”，${v.status === 'sealed' ? '封存车辆仅可用于紧急派车' : '不能派车'}`, 409, [
      { field: 'vehicleId', message: '车辆状态不能派车' },
    ]);
  const d = await findDriverInScope(tx, caller.scope, a.driverId);
  if (!d) throw invalid('驾驶员不存在或不在您的管理范围内', [{ field: 'driverId', message: '请选择管理范围内的驾驶员' }]);
  if (d.status !== 'active') throw new AppError('DRIVER_STATE', `驾驶员 ${d.name} 当前不在岗，不能派车`, 409, [{ field: 'driverId', message: '驾驶员不在岗' }]);
  return { vehicle: v, driver: d };
}

async function tellDriver(tx: Db, personId: number, title: string, body: string, dispatchId: number) {
  await notify(tx, await findUsersOfPerson(tx, personId), { category: 'todo', title, body, link: '/m/fleet', objectType: 'fleet_dispatch', objectId: String(dispatchId) });
}

const when = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** 派车: an approved request gets a car and a driver for its window; the database refuses a double booking. */
export async function dispatchRequest(tx: Db, caller: Caller, requestId: number, a: Assignment) {
  const r = await lockRequest(tx, requestId);
  if (!r) throw notFound('用车申请');
  if (r.status !== 'approved') throw new AppError('REQUEST_STATE', `申请当前为“${REQUEST_STATUS_NAMES[r.status]}”，只有待派车的申请可以派车`, 409);
  const { vehicle, driver } = await checkAssignment(tx, caller, a, r.emergency);
  const d = await insertDispatch(tx, { request_id: r.id, vehicle_id: vehicle.id, driver_id: driver.id, during: r.during, emergency: r.emergency, dispatched_by: caller.userId });
  await setRequestStatus(tx, r.id, ['approved'], 'dispatched');
  await tellDriver(tx, driver.person_id, `新的出车任务：${vehicle.plate}`, `${when(r.starts_at)} ${r.origin} → ${r.destination}（${r.purpose}）`, d.id);
  await notify(tx, [r.requester_id], {
    category: 'result',
    title: `已派车：${r.purpose}`,
    body: `${vehicle.plate}，驾驶员 ${driver.name}，${when(r.starts_at)}`,
    link: `/fleet/requests/${r.id}`,
    objectType: 'fleet_request',
    objectId: String(r.id),
  });
  return { dispatchId: d.id, request: r };
}

/** 取消派车: the car and driver are released, the request waits for another car. */
export async function cancelDispatch(tx: Db, caller: Caller, id: number, reason: string) {
  const d = await lockDispatchInScope(tx, caller.scope, id);
  if (!d) throw notFound('派车任务');
  if (d.status !== 'assigned') throw new AppError('DISPATCH_STATE', '只有尚未出车的任务可以取消', 409);
  await updateDispatch(tx, id, ['assigned'], { status: 'cancelled', exception_note: `取消派车：${reason.trim()}`.slice(0, 500) });
  await setRequestStatus(tx, d.request_id, ['dispatched'], 'approved');
  const driver = await tx.selectFrom('fleet_driver').select('person_id').where('id', '=', d.driver_id).executeTakeFirstOrThrow();
  await tellDriver(tx, driver.person_id, `出车任务已取消：${d.purpose}`, reason.trim(), id);
  return d;
}

/** 未按时用车: the requester did not show up; the dispatch and the request end as no-show, the car is free again. */
export async function markNoShow(tx: Db, caller: Caller, id: number, note: string | undefined) {
  const d = await lockDispatchInScope(tx, caller.scope, id);
  if (!d) throw notFound('派车任务');
  if (d.status !== 'assigned') throw new AppError('DISPATCH_STATE', '只有尚未出车的任务可以登记未按时用车', 409);
  await updateDispatch(tx, id, ['assigned'], { status: 'no_show', exception_note: note?.trim() ? `未按时用车：${note.trim()}`.slice(0, 500) : '未按时用车' });
  await setRequestStatus(tx, d.request_id, ['dispatched'], 'no_show');
  return d;
}

export interface EmergencyInput extends Window, Assignment {
  unitId?: number;
  purpose: string;
  passengers: number;
  origin: string;
  destination: string;
}

/**
 * 紧急用车补录: a dispatch that already happened without a prior request. The request (emergency, already
 * dispatched) and the dispatch are written together; entered later than fleet.emergency_entry_hours after the
 * start it is 逾期补录 and a warning is raised.
 */
export async function recordEmergency(tx: Db, p: Platform, caller: Caller, input: EmergencyInput) {
  const w = checkWindow(input, { future: false });
  if (Date.parse(w.from) > Date.now() + 5 * 60_000) throw invalid('紧急用车补录的是已发生的派车，开始时间不能晚于当前时间', [{ field: 'from', message: '不能晚于当前时间' }]);
  const unitId = input.unitId ?? caller.unitId;
  const unit = await findOrgInScope(tx, caller.scope, unitId);
  if (!unit || unit.kind !== 'unit') throw invalid('用车单位不存在或不在您的管理范围内', [{ field: 'unitId', message: '请选择管理范围内的单位' }]);
  const { vehicle, driver } = await checkAssignment(tx, caller, input, true);
  const req = await insertRequest(tx, {
    requester_id: caller.userId,
    person_id: null,
    unit_id: unit.id,
    purpose: input.purpose.trim(),
    passengers: input.passengers,
    origin: input.origin.trim(),
    destination: input.destination.trim(),
    from: w.from,
    to: w.to,
    emergency: true,
    status: 'dispatched',
    request_key: null,
  });
  const r = (await lockRequest(tx, req.id)) as LockedRequest;
  const d = await insertDispatch(tx, { request_id: r.id, vehicle_id: vehicle.id, driver_id: driver.id, during: r.during, emergency: true, dispatched_by: caller.userId });
  const hours = (await p.settings.get(tx))['fleet.emergency_entry_hours'] as number;
  const lateHours = (new Date(d.recorded_at).getTime() - Date.parse(w.from)) / 3600_000;
  const late = lateHours > hours;
  if (late)
    await raiseLateEmergencyWarning(tx, {
      dispatchId: d.id,
      requestId: r.id,
      unitId: unit.id,
      title: `紧急用车逾期补录：${vehicle.plate}，用车 ${when(new Date(w.from))}，补录晚 ${Math.floor(lateHours)} 小时`,
      evidence: { plate: vehicle.plate, startsAt: w.from, recordedAt: new Date(d.recorded_at).toISOString(), lateHours: Math.round(lateHours * 10) / 10, limitHours: hours },
    });
  await tellDriver(tx, driver.person_id, `紧急出车任务：${vehicle.plate}`, `${when(new Date(w.from))} ${input.origin} → ${input.destination}`, d.id);
  return { requestId: r.id, dispatchId: d.id, late };
}

/** 出车: the driver starts an assigned task with the odometer reading. */
export async function startTask(tx: Db, personId: number, id: number, odometer: number) {
  const t = await lockOwnTask(tx, personId, id);
  if (!t) throw notFound('出车任务');
  if (t.status !== 'assigned') throw new AppError('DISPATCH_STATE', t.status === 'started' ? '该任务已出车' : '该任务不能出车', 409);
  const v = await lockVehicle(tx, t.vehicle_id);
  if (v && odometer < Number(v.odometer_km))
    throw invalid(`出车里程不能小于车辆当前里程 ${Number(v.odometer_km)} 公里`, [{ field: 'odometer', message: `不小于 ${Number(v.odometer_km)}` }]);
  await updateDispatch(tx, id, ['assigned'], { status: 'started', started_at: sql`now()`, start_odometer: odometer });
}

/**
 * 收车: the driver finishes with the odometer (≥ the start and ≥ the car's odometer). One transaction writes the trip
 * (the trigger keeps fleet_vehicle_day), the car's odometer, the finished dispatch and the completed request.
 */
export async function finishTask(tx: Db, personId: number, id: number, odometer: number, note: string | undefined) {
  const t = await lockOwnTask(tx, personId, id);
  if (!t) throw notFound('出车任务');
  if (t.status !== 'started') throw new AppError('DISPATCH_STATE', t.status === 'assigned' ? '请先出车' : '该任务已结束', 409);
  const start = Number(t.start_odometer);
  if (odometer < start) throw invalid(`收车里程不能小于出车里程 ${start} 公里`, [{ field: 'odometer', message: `不小于 ${start}` }]);
  const v = await lockVehicle(tx, t.vehicle_id);
  if (!v) throw notFound('车辆');
  if (odometer < Number(v.odometer_km))
    throw invalid(`收车里程不能小于车辆当前里程 ${Number(v.odometer_km)} 公里`, [{ field: 'odometer', message: `不小于 ${Number(v.odometer_km)}` }]);
  const km = Math.round((odometer - start) * 10) / 10;
  if (km >= 5000) throw invalid('单次行程超过 5000 公里，请核对里程', [{ field: 'odometer', message: '请核对里程' }]);
  const done = await updateDispatch(tx, id, ['started'], { status: 'finished', finished_at: sql`greatest(now(), started_at + interval '1 second')`, end_odometer: odometer, exception_note: note?.trim() || null });
  if (!done) throw conflict('任务状态已变化，请刷新', 'DISPATCH_STATE');
  await insertDispatchTrip(tx, { vehicleId: t.vehicle_id, dispatchId: id, startedAt: new Date(done.started_at!), endedAt: new Date(done.finished_at!), km });
  await setVehicleOdometer(tx, t.vehicle_id, odometer);
  await setRequestStatus(tx, t.request_id, ['dispatched'], 'completed');
  return { km };
}
