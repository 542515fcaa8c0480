import { urgeUndispatched } from '../src/modules/fleet/fleet.dispatch.jobs.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, signIn, useTestApp } from './helpers.js';

const HOUR = 3600_000;
const at = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * HOUR).toISOString();
/** Windows of filed requests start this far ahead, clear of the demo's own requests and tasks (today and the next working day). */
const AHEAD = 400;
const future = (hours: number) => at(AHEAD + hours);

/**
 * 公务用车 from request to trip: staff file (approval by their unit's administrator), the fleet manager dispatches
 * (the database refuses double bookings, also under truly concurrent requests), the driver starts and finishes on the
 * phone; emergency entries with the 24-hour rule, cancellation, no-show, feedback, rentals, scope and permissions.
 */
describe('fleet dispatch: requests, approval, dispatch, trips, emergencies, rentals', () => {
  const t = useTestApp();
  let staff: Client, unit: Client, fleet: Client, driver: Client, province: Client;
  let centreId: number;
  let driverId: number;
  let otherDriverId: number;
  let plateSeq = 0;

  async function newVehicle(status = 'in_use', odometer = 1000) {
    plateSeq += 1;
    const v = await t.p.db
      .insertInto('fleet_vehicle')
      .values({
        plate: `鲁AZ${9000 + plateSeq}`,
        brand: '红旗',
        model: 'H5',
        category_code: 'general',
        energy_type: 'petrol',
        displacement_l: '1.8',
        price: '150000',
        acquired_on: '2022-01-01',
        acquisition_method: 'purchase',
        unit_id: centreId,
        status,
        odometer_km: String(odometer),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return v.id;
  }

  async function newDriver(personId: number) {
    const known = await t.p.db.selectFrom('fleet_driver').select('id').where('person_id', '=', personId).executeTakeFirst();
    if (known) {
      await t.p.db.updateTable('fleet_driver').set({ status: 'active' }).where('id', '=', known.id).execute();
      return known.id;
    }
    const d = await t.p.db
      .insertInto('fleet_driver')
      .values({ person_id: personId, unit_id: centreId, licence_no: `37010119800101${String(personId).padStart(4, '0')}`.slice(0, 18), licence_class: 'C1', licence_expires_on: '2030-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return d.id;
  }

  const file = (c: Client, from: number, to: number, extra: Record<string, unknown> = {}) =>
    c.post('/api/fleet/requests', {
      requestKey: randomUUID(),
      purpose: '赴济南市教育局调研',
      passengers: 3,
      origin: '省教育厅',
      destination: '济南市教育局',
      from: future(from),
      to: future(to),
      ...extra,
    });

  async function approve(instanceId: number, how: 'approve' | 'reject' = 'approve') {
    const inbox = (await unit.get('/api/workflow/tasks?box=pending&pageSize=200')).json();
    const task = inbox.items.find((x: { instanceId: number }) => x.instanceId === instanceId);
    expect(task, `no task for instance ${instanceId}`).toBeDefined();
    const res = await unit.post(`/api/workflow/tasks/${task.taskId}/${how}`, { comment: how === 'reject' ? '不符合用车条件' : '同意' });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** A request filed by staff and approved by the unit administrator. */
  async function approvedRequest(from: number, to: number) {
    const r = await file(staff, from, to);
    expect(r.statusCode, r.body).toBe(200);
    await approve(r.json().instanceId);
    return r.json().id as number;
  }

  beforeAll(async () => {
    [staff, unit, fleet, driver, province] = (await Promise.all(['staff', 'unit', 'fleet', 'driver', 'province'].map((u) => signIn(t.app, u)))) as [Client, Client, Client, Client, Client];
    const d = await t.p.db.selectFrom('app_user').select(['unit_id', 'person_id']).where('username', '=', 'driver').executeTakeFirstOrThrow();
    centreId = d.unit_id;
    driverId = await newDriver(d.person_id!);
    const other = await t.p.db
      .selectFrom('person')
      .select('id')
      .where('unit_id', '=', centreId)
      .where('id', '<>', d.person_id!)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('fleet_driver as x').select('x.id').whereRef('x.person_id', '=', 'person.id'))))
      .orderBy('id')
      .executeTakeFirstOrThrow();
    otherDriverId = await newDriver(other.id);
  });

  it('the full flow: staff request → unit admin approves → fleet dispatches → driver starts and finishes → trip, vehicle day, odometer, feedback', async () => {
    const vehicleId = await newVehicle('in_use', 12000);
    const filed = await file(staff, 2, 4);
    expect(filed.statusCode, filed.body).toBe(200);
    const r = filed.json();
    expect(r).toMatchObject({ status: 'pending', statusName: '审批中', emergency: false, dispatch: null, _actions: ['cancel'] });
    // idempotent on the request key
    const again = await staff.post('/api/fleet/requests', {
      requestKey: 'same-key-12345',
      purpose: '送材料',
      passengers: 1,
      origin: '省教育厅',
      destination: '省政府',
      from: future(3),
      to: future(4),
    });
    const twice = await staff.post('/api/fleet/requests', {
      requestKey: 'same-key-12345',
      purpose: '送材料',
      passengers: 1,
      origin: '省教育厅',
      destination: '省政府',
      from: future(3),
      to: future(4),
    });
    expect(twice.json().id).toBe(again.json().id);

    // the approver is the unit administrator of 教育厅 (the demo `unit` account)
    await approve(r.instanceId);
    const approved = (await fleet.get(`/api/fleet/requests/${r.id}`)).json();
    expect(approved).toMatchObject({ status: 'approved', statusName: '待派车', _actions: ['dispatch'] });
    const fleetUser = await t.p.db.selectFrom('app_user').select('id').where('username', '=', 'fleet').executeTakeFirstOrThrow();
    const msg = await t.p.db.selectFrom('notification').select('title').where('user_id', '=', fleetUser.id).where('object_id', '=', String(r.id)).executeTakeFirst();
    expect(msg?.title).toContain('待派车');
    // not yet due: nothing; within the hour before the start: the managers are urged, once however often the job runs
    const starts = new Date(approved.startsAt).getTime();
    expect(await urgeUndispatched(t.p.db, new Date(starts - 2 * 3600_000))).toBe(0);
    for (let i = 0; i < 2; i++) expect(await urgeUndispatched(t.p.db, new Date(starts - 30 * 60_000))).toBeGreaterThanOrEqual(1);
    const urged = await t.p.db.selectFrom('notification').select(['title', 'category']).where('user_id', '=', fleetUser.id).where('object_id', '=', String(r.id)).where('category', '=', 'urge').execute();
    expect(urged).toEqual([{ title: `尚未派车：${r.purpose}`, category: 'urge' }]);

    // availability lists the new car and both drivers
    const free = (await fleet.get(`/api/fleet/availability?from=${encodeURIComponent(approved.startsAt)}&to=${encodeURIComponent(approved.endsAt)}`)).json();
    expect(free.vehicles.map((v: { id: number }) => v.id)).toContain(vehicleId);
    expect(free.drivers.map((d: { id: number }) => d.id)).toEqual(expect.arrayContaining([driverId, otherDriverId]));

    const dispatched = await fleet.post(`/api/fleet/requests/${r.id}/dispatch`, { vehicleId, driverId });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect(dispatched.json()).toMatchObject({ status: 'dispatched', dispatch: { status: 'assigned', vehicleId, driverId, lateEntry: false } });
    const dispatchId = dispatched.json().dispatch.id;
    // no longer free
    const free2 = (await fleet.get(`/api/fleet/availability?from=${encodeURIComponent(approved.startsAt)}&to=${encodeURIComponent(approved.endsAt)}`)).json();
    expect(free2.vehicles.map((v: { id: number }) => v.id)).not.toContain(vehicleId);

    // the board of that day shows it on the car and the driver
    const day = new Date(Date.parse(approved.startsAt) + 8 * HOUR).toISOString().slice(0, 10);
    const board = (await fleet.get(`/api/fleet/board?day=${day}`)).json();
    expect(board.vehicles.find((v: { id: number }) => v.id === vehicleId).dispatches[0]).toMatchObject({ id: dispatchId, status: 'assigned' });
    expect(board.drivers.find((d: { id: number }) => d.id === driverId).dispatches.map((x: { id: number }) => x.id)).toContain(dispatchId);

    // the driver: own tasks, start with the odometer, finish (not below the start)
    const tasks = (await driver.get(`/api/fleet/driver/tasks?day=${day}`)).json();
    expect(tasks.items.map((x: { id: number }) => x.id)).toContain(dispatchId);
    expect((await driver.post(`/api/fleet/driver/tasks/${dispatchId}/finish`, { odometer: 12100 })).statusCode).toBe(409);
    expect((await driver.post(`/api/fleet/driver/tasks/${dispatchId}/start`, { odometer: 11999 })).statusCode).toBe(400);
    const started = await driver.post(`/api/fleet/driver/tasks/${dispatchId}/start`, { odometer: 12000 });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'started', startOdometer: 12000 });
    expect((await driver.post(`/api/fleet/driver/tasks/${dispatchId}/finish`, { odometer: 11990 })).statusCode).toBe(400);
    const finished = await driver.post(`/api/fleet/driver/tasks/${dispatchId}/finish`, { odometer: 12086.5, note: '回程绕行施工路段' });
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json()).toMatchObject({ status: 'finished', endOdometer: 12086.5, note: '回程绕行施工路段' });

    const trip = await t.p.db.selectFrom('fleet_trip').selectAll().where('dispatch_id', '=', dispatchId).executeTakeFirstOrThrow();
    expect(trip).toMatchObject({ source: 'dispatch', vehicle_id: vehicleId });
    expect(Number(trip.km)).toBe(86.5);
    const vday = await t.p.db
      .selectFrom('fleet_vehicle_day')
      .selectAll()
      .where('vehicle_id', '=', vehicleId)
      .where(sql<boolean>`day = (${trip.started_at}::timestamptz at time zone 'Asia/Shanghai')::date`)
      .executeTakeFirstOrThrow();
    expect(Number(vday.km)).toBe(86.5);
    expect(vday.trips).toBe(1);
    const v = await t.p.db.selectFrom('fleet_vehicle').select('odometer_km').where('id', '=', vehicleId).executeTakeFirstOrThrow();
    expect(Number(v.odometer_km)).toBe(12086.5);

    const done = (await staff.get(`/api/fleet/requests/${r.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', statusName: '已完成', dispatch: { km: 86.5, status: 'finished' }, _actions: ['feedback'] });
    expect((await staff.post(`/api/fleet/requests/${r.id}/feedback`, { score: 6, text: '' })).statusCode).toBe(400);
    const fb = await staff.post(`/api/fleet/requests/${r.id}/feedback`, { score: 5, text: '准时、安全' });
    expect(fb.statusCode, fb.body).toBe(200);
    expect(fb.json()).toMatchObject({ feedbackScore: 5, feedback: '准时、安全', _actions: [] });
    expect((await staff.post(`/api/fleet/requests/${r.id}/feedback`, { score: 4, text: '再评' })).statusCode).toBe(409);

    // mine vs all: staff sees own requests; fleet sees it in the managed list
    const mine = (await staff.get('/api/fleet/requests?mine=true')).json();
    expect(mine.items.map((x: { id: number }) => x.id)).toContain(r.id);
    const all = (await fleet.get('/api/fleet/requests?status=completed')).json();
    expect(all.items.map((x: { id: number }) => x.id)).toContain(r.id);
    const xlsx = await fleet.get('/api/fleet/requests/export?status=completed');
    expect(xlsx.statusCode).toBe(200);
  });

  it('先申请、后用车: a window in the past or backwards is refused; a refusal by the approver ends the request', async () => {
    const past = await file(staff, 0, 0, { from: at(-1), to: at(2) });
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toContain('先申请、后用车');
    expect((await file(staff, 3, 2)).statusCode).toBe(400);
    const r = (await file(staff, 30, 31)).json();
    await approve(r.instanceId, 'reject');
    expect((await staff.get(`/api/fleet/requests/${r.id}`)).json()).toMatchObject({ status: 'rejected', _actions: [] });
  });

  it('truly concurrent dispatches of one car, or of one driver: exactly one wins, the other gets 409 in Chinese', async () => {
    const car = await newVehicle();
    const otherCar = await newVehicle();
    const [a, b] = await Promise.all([approvedRequest(50, 52), approvedRequest(51, 53)]);
    const sameCar = await Promise.all([
      fleet.post(`/api/fleet/requests/${a}/dispatch`, { vehicleId: car, driverId }),
      fleet.post(`/api/fleet/requests/${b}/dispatch`, { vehicleId: car, driverId: otherDriverId }),
    ]);
    expect(sameCar.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const lost = sameCar.find((r) => r.statusCode === 409)!;
    expect(lost.json()).toMatchObject({ code: 'VEHICLE_BUSY', message: '该车辆在此时段已有派车任务' });

    const [c, d] = await Promise.all([approvedRequest(70, 72), approvedRequest(71, 73)]);
    const sameDriver = await Promise.all([
      fleet.post(`/api/fleet/requests/${c}/dispatch`, { vehicleId: car, driverId }),
      fleet.post(`/api/fleet/requests/${d}/dispatch`, { vehicleId: otherCar, driverId }),
    ]);
    expect(sameDriver.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(sameDriver.find((r) => r.statusCode === 409)!.json()).toMatchObject({ code: 'DRIVER_BUSY', message: '该驾驶员在此时段已有派车任务' });
    // the loser still waits for a car
    const waiting = sameDriver[0]!.statusCode === 409 ? c : d;
    expect((await fleet.get(`/api/fleet/requests/${waiting}`)).json().status).toBe('approved');
    // back-to-back windows do not overlap
    const e = await approvedRequest(73, 74);
    expect((await fleet.post(`/api/fleet/requests/${e}/dispatch`, { vehicleId: car, driverId })).statusCode).toBe(200);
  });

  it('sealed cars only for emergencies; inactive drivers refused', async () => {
    const sealed = await newVehicle('sealed');
    const r = await approvedRequest(90, 91);
    const res = await fleet.post(`/api/fleet/requests/${r}/dispatch`, { vehicleId: sealed, driverId });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('封存车辆仅可用于紧急派车');
    const avail = (await fleet.get(`/api/fleet/availability?from=${encodeURIComponent(future(90))}&to=${encodeURIComponent(future(91))}`)).json();
    expect(avail.vehicles.map((v: { id: number }) => v.id)).not.toContain(sealed);
    const em = (await fleet.get(`/api/fleet/availability?from=${encodeURIComponent(future(90))}&to=${encodeURIComponent(future(91))}&emergency=true`)).json();
    expect(em.vehicles.map((v: { id: number }) => v.id)).toContain(sealed);
    // a suspended driver is neither offered nor accepted
    const person = await t.p.db
      .selectFrom('person')
      .select('id')
      .where('unit_id', '=', centreId)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('fleet_driver as x').select('x.id').whereRef('x.person_id', '=', 'person.id'))))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const suspended = await newDriver(person.id);
    await t.p.db.updateTable('fleet_driver').set({ status: 'suspended' }).where('id', '=', suspended).execute();
    const avail2 = (await fleet.get(`/api/fleet/availability?from=${encodeURIComponent(future(90))}&to=${encodeURIComponent(future(91))}`)).json();
    expect(avail2.drivers.map((d: { id: number }) => d.id)).not.toContain(suspended);
    const car = await newVehicle();
    const refused = await fleet.post(`/api/fleet/requests/${r}/dispatch`, { vehicleId: car, driverId: suspended });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('DRIVER_STATE');
  });

  it('emergency entries: within 24 hours plain, later flagged 逾期补录 with a warning', async () => {
    const car = await newVehicle('sealed');
    const body = (from: number, to: number) => ({
      purpose: '突发事件现场处置',
      passengers: 2,
      origin: '省机关公务用车服务中心',
      destination: '章丘区应急现场',
      from: at(from),
      to: at(to),
      vehicleId: car,
      driverId: otherDriverId,
    });
    const inTime = await fleet.post('/api/fleet/dispatches/emergency', body(-23, -22));
    expect(inTime.statusCode, inTime.body).toBe(200);
    expect(inTime.json().late).toBe(false);
    const late = await fleet.post('/api/fleet/dispatches/emergency', body(-25, -24));
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json().late).toBe(true);
    const lateReq = (await fleet.get(`/api/fleet/requests/${late.json().requestId}`)).json();
    expect(lateReq).toMatchObject({ emergency: true, status: 'dispatched', dispatch: { lateEntry: true } });
    expect((await fleet.get(`/api/fleet/requests/${inTime.json().requestId}`)).json().dispatch.lateEntry).toBe(false);
    const warnings = await t.p.db.selectFrom('warning').select(['subject_key', 'title']).where('kind', '=', 'fleet.late-emergency-entry').execute();
    const subjects = warnings.map((w) => w.subject_key);
    expect(subjects).toContain(`fleet_dispatch:${late.json().dispatchId}`);
    expect(subjects).not.toContain(`fleet_dispatch:${inTime.json().dispatchId}`);
    // a future emergency is not an entry of something that happened
    expect((await fleet.post('/api/fleet/dispatches/emergency', body(5, 6))).statusCode).toBe(400);
    // overlapping the first one on the same car: refused by the database
    const spare = await t.p.db
      .selectFrom('person')
      .select('id')
      .where('unit_id', '=', centreId)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('fleet_driver as x').select('x.id').whereRef('x.person_id', '=', 'person.id'))))
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const clash = await fleet.post('/api/fleet/dispatches/emergency', { ...body(-22.5, -21), driverId: await newDriver(spare.id) });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().message).toBe('该车辆在此时段已有派车任务');
  });

  it('cancellation by the requester, cancel dispatch and no-show by the manager', async () => {
    const car = await newVehicle();
    // pending → cancelled (ends the approval)
    const p1 = (await file(staff, 100, 101)).json();
    const c1 = await staff.post(`/api/fleet/requests/${p1.id}/cancel`, { reason: '会议改期' });
    expect(c1.statusCode, c1.body).toBe(200);
    expect(c1.json()).toMatchObject({ status: 'cancelled', cancelReason: '会议改期' });
    const inst = await t.p.db.selectFrom('wf_instance').select('status').where('id', '=', p1.instanceId).executeTakeFirstOrThrow();
    expect(inst.status).toBe('cancelled');
    // approved → cancelled
    const a2 = await approvedRequest(102, 103);
    expect((await staff.post(`/api/fleet/requests/${a2}/cancel`, { reason: '不再需要' })).json().status).toBe('cancelled');
    // someone else cannot cancel
    const a3 = await approvedRequest(104, 105);
    expect((await unit.post(`/api/fleet/requests/${a3}/cancel`, { reason: '试试看' })).statusCode).toBe(404);
    // dispatched: the requester cannot cancel; the manager cancels the dispatch, the request waits again
    const d3 = (await fleet.post(`/api/fleet/requests/${a3}/dispatch`, { vehicleId: car, driverId })).json();
    expect((await staff.post(`/api/fleet/requests/${a3}/cancel`, { reason: '不再需要' })).statusCode).toBe(409);
    expect(d3._actions).toEqual(['cancel_dispatch', 'no_show']);
    const cd = await fleet.post(`/api/fleet/dispatches/${d3.dispatch.id}/cancel`, { reason: '车辆临时维修' });
    expect(cd.statusCode, cd.body).toBe(200);
    expect(cd.json()).toMatchObject({ status: 'approved', dispatch: { status: 'cancelled' } });
    // redispatch the same car (the cancelled one no longer holds it), then a no-show
    const d4 = (await fleet.post(`/api/fleet/requests/${a3}/dispatch`, { vehicleId: car, driverId })).json();
    expect(d4.status).toBe('dispatched');
    const ns = await fleet.post(`/api/fleet/dispatches/${d4.dispatch.id}/no-show`, { note: '用车人未到' });
    expect(ns.statusCode, ns.body).toBe(200);
    expect(ns.json()).toMatchObject({ status: 'no_show', dispatch: { status: 'no_show' } });
    // the driver cannot start a no-show task
    expect((await driver.post(`/api/fleet/driver/tasks/${d4.dispatch.id}/start`, { odometer: 1000 })).statusCode).toBe(409);
  });

  it("a driver sees and finishes only their own tasks (another driver's is 404)", async () => {
    const car = await newVehicle();
    const r = await approvedRequest(120, 121);
    const d = (await fleet.post(`/api/fleet/requests/${r}/dispatch`, { vehicleId: car, driverId: otherDriverId })).json().dispatch.id;
    expect((await driver.get(`/api/fleet/driver/tasks/${d}`)).statusCode).toBe(404);
    expect((await driver.post(`/api/fleet/driver/tasks/${d}/start`, { odometer: 1000 })).statusCode).toBe(404);
    expect((await driver.post(`/api/fleet/driver/tasks/${d}/finish`, { odometer: 1000 })).statusCode).toBe(404);
    const day = new Date(Date.now() + (AHEAD + 120) * HOUR + 8 * HOUR).toISOString().slice(0, 10);
    const tasks = (await driver.get(`/api/fleet/driver/tasks?day=${day}`)).json();
    expect(tasks.items.map((x: { id: number }) => x.id)).not.toContain(d);
  });

  it('scope and permissions: 403 for the wrong role, 404 outside the scope', async () => {
    const r = (await file(staff, 140, 141)).json();
    // staff cannot dispatch, see the board or availability; the driver cannot file or list
    expect((await staff.post(`/api/fleet/requests/${r.id}/dispatch`, { vehicleId: 1, driverId: 1 })).statusCode).toBe(403);
    expect((await staff.get('/api/fleet/board')).statusCode).toBe(403);
    expect((await staff.get(`/api/fleet/availability?from=${encodeURIComponent(at(1))}&to=${encodeURIComponent(at(2))}`)).statusCode).toBe(403);
    expect((await staff.post('/api/fleet/dispatches/emergency', {})).statusCode).toBe(403);
    expect((await staff.get('/api/fleet/driver/tasks')).statusCode).toBe(403);
    expect((await driver.get('/api/fleet/requests')).statusCode).toBe(403);
    expect((await fleet.get('/api/fleet/driver/tasks')).statusCode).toBe(403);
    expect((await driver.post('/api/fleet/requests', {})).statusCode).toBe(403);
    // 青岛's regional manager does not see a 教育厅 (province-level) request
    const qingdao = await signIn(t.app, 'qingdao');
    expect((await qingdao.get(`/api/fleet/requests/${r.id}`)).statusCode).toBe(404);
    expect((await province.get(`/api/fleet/requests/${r.id}`)).statusCode).toBe(200);
    // staff only see their own (仅本人): another person's request of the same unit is invisible
    const unitReq = (await file(unit, 142, 143)).json();
    expect((await staff.get(`/api/fleet/requests/${unitReq.id ?? 0}`)).statusCode).toBe(404);
  });

  it('rentals: register (order number unique per company), list and export', async () => {
    const body = { company: '济南安达汽车租赁有限公司', orderNo: 'ZC20261126001', plate: '鲁A8K321', startedAt: at(-30), endedAt: at(-26), km: 132.5, cost: 680 };
    const created = await fleet.post('/api/fleet/rentals', body);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ company: body.company, km: 132.5, cost: 680 });
    const dup = await fleet.post('/api/fleet/rentals', body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().message).toBe('该租车公司的订单号已登记');
    expect((await fleet.post('/api/fleet/rentals', { ...body, orderNo: 'ZC2', endedAt: at(-31) })).statusCode).toBe(400);
    expect((await staff.post('/api/fleet/rentals', { ...body, orderNo: 'ZC3' })).statusCode).toBe(403);
    const list = (await fleet.get('/api/fleet/rentals?company=安达')).json();
    expect(list.items.map((x: { orderNo: string }) => x.orderNo)).toContain('ZC20261126001');
    const xlsx = await fleet.get('/api/fleet/rentals/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});
