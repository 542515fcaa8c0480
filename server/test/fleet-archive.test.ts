import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FLEET_ARCHIVE_JOBS } from '../src/modules/fleet/fleet.archive.jobs.js';
import { evaluateAndNotify, evaluateFleet } from '../src/modules/fleet/vehicle.service.js';
import { enqueueJob, Scheduler } from '../src/platform/jobs/job.service.js';
import { type Client, signIn, useTestApp } from './helpers.js';

/**
 * The vehicle archive (公务用车档案): category caps, plates, quotas and findings, insurance and inspections, holiday
 * sealing, the disposed freeze, scope and permissions.
 */
describe('fleet archive', () => {
  const t = useTestApp();
  let seq = 0;

  const unitOf = async (username: string) =>
    (await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', username).executeTakeFirstOrThrow()).unit_id;

  /** A unique plate of the city letter: 鲁A + T + 4 digits. */
  const plate = (letter = 'A') => `鲁${letter}T${String(1000 + (process.pid % 500) * 10 + ++seq).slice(-4)}`;

  const car = (unitId: number, over: Record<string, unknown> = {}) => ({
    plate: plate(),
    brand: '红旗',
    model: 'H5 1.5T',
    categoryCode: 'general',
    energyType: 'petrol',
    displacementL: 1.5,
    price: 150000,
    acquiredOn: '2025-06-01',
    acquisitionMethod: 'purchase',
    unitId,
    ...over,
  });

  async function register(c: Client, body: Record<string, unknown>) {
    const res = await c.post('/api/fleet/vehicles', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().vehicle as { id: number; plate: string; status: string; _actions: string[] };
  }

  const openWarnings = (kind: string, subject: string) =>
    t.p.db.selectFrom('warning').select(['id', 'title', 'status', 'evidence']).where('kind', '=', kind).where('subject_key', '=', subject)
      .where('status', 'in', ['open', 'acknowledged']).execute();

  it('refuses a car above its category caps, naming the cap and its source; accepts a new-energy car under its cap', async () => {
    const province = await signIn(t.app, 'province');
    const unit = await unitOf('province');
    const fuel = await province.post('/api/fleet/vehicles', car(unit, { categoryCode: 'confidential', price: 135000, displacementL: 1.5 }));
    expect(fuel.statusCode).toBe(400);
    expect(fuel.json().code).toBe('CATEGORY_CAP');
    expect(fuel.json().message).toContain('机要通信用车');
    expect(fuel.json().message).toContain('12 万元');
    expect(fuel.json().message).toContain('党政机关公务用车管理办法');

    const engine = await province.post('/api/fleet/vehicles', car(unit, { categoryCode: 'confidential', price: 110000, displacementL: 1.8 }));
    expect(engine.statusCode).toBe(400);
    expect(engine.json().message).toContain('1.6 升');

    const ev = await register(province, car(unit, { categoryCode: 'confidential', energyType: 'bev', displacementL: null, price: 175000, plate: plate().replace('T', 'D') }));
    expect(ev.status).toBe('in_use');
    expect(ev._actions).toContain('seal');

    // the cap is editable, with its source; the category list shows it
    const cats = await province.get('/api/fleet/categories');
    expect(cats.json().find((c: { code: string }) => c.code === 'confidential')).toMatchObject({ maxPrice: 120000, maxDisplacementL: 1.6, maxPriceNe: 180000 });
    const jinan = await signIn(t.app, 'jinan');
    expect((await jinan.put('/api/fleet/categories/special', { maxPrice: 500000, maxDisplacementL: null, maxPriceNe: null, source: '测试依据' })).statusCode).toBe(403);
    const edit = await province.put('/api/fleet/categories/special', { maxPrice: 500000, maxDisplacementL: null, maxPriceNe: null, source: '测试依据（2026）' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ maxPrice: 500000, source: '测试依据（2026）' });
  });

  it('checks the plate format and the plate letter against the unit city', async () => {
    const province = await signIn(t.app, 'province');
    const jn = await unitOf('jinan');
    const qd = await unitOf('qingdao');
    const bad = await province.post('/api/fleet/vehicles', car(jn, { plate: '鲁AI2345' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('PLATE_FORMAT');
    const wrongCity = await province.post('/api/fleet/vehicles', car(jn, { plate: plate('B') }));
    expect(wrongCity.statusCode).toBe(400);
    expect(wrongCity.json().code).toBe('PLATE_REGION');
    expect(wrongCity.json().message).toContain('济南');
    await register(province, car(jn, { plate: plate('S') }));
    await register(province, car(qd, { plate: plate('U') }));
    const dup = plate('B');
    await register(province, car(qd, { plate: dup }));
    const again = await province.post('/api/fleet/vehicles', car(qd, { plate: dup }));
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('车牌号');
    const vin = await province.post('/api/fleet/vehicles', car(qd, { plate: plate('B'), vin: 'LFV2A21K0X3O12345' }));
    expect(vin.statusCode).toBe(400);
  });

  it('raises an over-quota finding and closes it when the quota is raised', async () => {
    const province = await signIn(t.app, 'province');
    const jn = await unitOf('jinan');
    const held = Number(
      (await t.p.db.selectFrom('fleet_vehicle').select(sql<number>`count(*)`.as('n')).where('unit_id', '=', jn).where('category_code', '=', 'law_enforcement')
        .where('status', '<>', 'disposed').executeTakeFirstOrThrow()).n,
    );
    const set = await province.put(`/api/fleet/quotas/${jn}/law_enforcement`, { quota: held + 1, basis: '鲁编〔2026〕1号' });
    expect(set.statusCode, set.body).toBe(200);
    await register(province, car(jn, { categoryCode: 'law_enforcement' }));
    expect(await openWarnings('fleet.over-quota', `unit:${jn}:law_enforcement`)).toHaveLength(0);
    await register(province, car(jn, { categoryCode: 'law_enforcement' }));
    const [w] = await openWarnings('fleet.over-quota', `unit:${jn}:law_enforcement`);
    expect(w?.title).toContain(`超出编制 ${held + 1} 辆`);

    const table = await province.get(`/api/fleet/quotas?unitId=${jn}`);
    const row = table.json().items.find((r: { unitId: number }) => r.unitId === jn);
    expect(row.cells.find((c: { categoryCode: string }) => c.categoryCode === 'law_enforcement')).toMatchObject({ quota: held + 1, actual: held + 2, over: true });
    expect((await province.get('/api/fleet/quotas?overOnly=true')).json().items.some((r: { unitId: number }) => r.unitId === jn)).toBe(true);
    // the same table in Excel, one row per unit and category, with the over-quota marked
    const x = await province.get(`/api/fleet/quotas/export?unitId=${jn}`);
    expect(x.statusCode).toBe(200);
    const qwb = new ExcelJS.Workbook();
    await qwb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const qrows = qwb.worksheets[0]!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(qrows.find((r) => r[0] === row.unitName && r[2] === '执法执勤用车')).toEqual(expect.arrayContaining([held + 1, held + 2, '超编 1 辆', '鲁编〔2026〕1号']));
    expect((await (await signIn(t.app, 'staff')).get('/api/fleet/quotas/export')).statusCode).toBe(403);

    // only quota writers may set quotas
    const jinan = await signIn(t.app, 'jinan');
    expect((await jinan.put(`/api/fleet/quotas/${jn}/law_enforcement`, { quota: 99, basis: '测试依据' })).statusCode).toBe(403);

    await province.put(`/api/fleet/quotas/${jn}/law_enforcement`, { quota: held + 2, basis: '鲁编〔2026〕2号' });
    expect(await openWarnings('fleet.over-quota', `unit:${jn}:law_enforcement`)).toHaveLength(0);
    const closed = await t.p.db.selectFrom('warning').select(['status', 'resolution']).where('id', '=', w!.id).executeTakeFirstOrThrow();
    expect(closed.status).toBe('resolved');
  });

  it('refuses overlapping insurance policies with a clear message', async () => {
    const province = await signIn(t.app, 'province');
    const v = await register(province, car(await unitOf('jinan')));
    const first = await province.post(`/api/fleet/vehicles/${v.id}/insurance`, { insurer: '人保财险济南分公司', policyNo: `P-${v.id}-1`, startsOn: '2026-01-01', endsOn: '2027-01-01', premium: 4800 });
    expect(first.statusCode, first.body).toBe(200);
    const overlap = await province.post(`/api/fleet/vehicles/${v.id}/insurance`, { insurer: '平安财险济南分公司', policyNo: `P-${v.id}-2`, startsOn: '2026-12-01', endsOn: '2027-12-01', premium: 5000 });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'INSURANCE_OVERLAP', message: '该车辆在这段时间已有保单，保险期间不能重叠' });
    const next = await province.post(`/api/fleet/vehicles/${v.id}/insurance`, { insurer: '平安财险济南分公司', policyNo: `P-${v.id}-3`, startsOn: '2027-01-02', endsOn: '2028-01-01', premium: 5000 });
    expect(next.statusCode).toBe(200);
    expect(next.json()).toHaveLength(2);
  });

  it('raises expiry findings by date (insurance, inspection, licence, terminal) and notifies the fleet managers', async () => {
    const province = await signIn(t.app, 'province');
    const unit = await unitOf('fleet');
    const v = await register(province, car(unit));
    await province.post(`/api/fleet/vehicles/${v.id}/insurance`, { insurer: '人保财险', policyNo: `Q-${v.id}`, startsOn: '2026-01-15', endsOn: '2027-01-15', premium: 4000 });
    await province.post(`/api/fleet/vehicles/${v.id}/inspections`, { inspectedOn: '2025-01-20', validUntil: '2027-01-12', station: '济南市机动车检测站' });
    const person = await t.p.db.selectFrom('person').select('id').where('unit_id', '=', unit).where('status', '=', 'active')
      .where('id', 'not in', t.p.db.selectFrom('fleet_driver').select('person_id')).orderBy('id').executeTakeFirstOrThrow();
    const drv = await province.post('/api/fleet/drivers', { personId: person.id, licenceNo: `37010219800101${String(seq).padStart(4, '0')}`, licenceClass: 'A2', licenceExpiresOn: '2027-01-10' });
    expect(drv.statusCode, drv.body).toBe(200);
    const driverId = drv.json().id as number;

    // 2026-12-20: the policy (to 2027-01-15), the inspection (to 2027-01-12) and the licence (to 2027-01-10) expire within 30 days
    const r1 = await evaluateAndNotify(t.p, '2026-12-20');
    expect(r1.raised).toBeGreaterThanOrEqual(3);
    expect((await openWarnings('fleet.insurance-expiring', `vehicle:${v.id}`))[0]?.title).toBe(`${v.plate} 保险将于 2027-01-15 到期`);
    expect(await openWarnings('fleet.inspection-expiring', `vehicle:${v.id}`)).toHaveLength(1);
    expect(await openWarnings('fleet.licence-expiring', `driver:${driverId}`)).toHaveLength(1);
    const fleetUser = await t.p.db.selectFrom('app_user').select('id').where('username', '=', 'fleet').executeTakeFirstOrThrow();
    const notes = await t.p.db.selectFrom('notification').select('title').where('user_id', '=', fleetUser.id).where('title', 'like', `${v.plate}%`).execute();
    expect(notes.map((n) => n.title)).toContain(`${v.plate} 保险将于 2027-01-15 到期`);
    // the same findings are refreshed, not raised or notified again
    await evaluateAndNotify(t.p, '2026-12-21');
    expect(await t.p.db.selectFrom('notification').select('title').where('user_id', '=', fleetUser.id).where('title', 'like', `${v.plate}%`).execute()).toHaveLength(notes.length);
    expect(await openWarnings('fleet.insurance-expiring', `vehicle:${v.id}`)).toHaveLength(1);

    // 2027-01-20: the policy and the licence have expired; 'expiring' closes, 'expired' opens
    await evaluateAndNotify(t.p, '2027-01-20');
    expect(await openWarnings('fleet.insurance-expiring', `vehicle:${v.id}`)).toHaveLength(0);
    expect((await openWarnings('fleet.insurance-expired', `vehicle:${v.id}`))[0]?.title).toBe(`${v.plate} 保险已于 2027-01-15 到期`);
    expect(await openWarnings('fleet.licence-expired', `driver:${driverId}`)).toHaveLength(1);

    // a renewed policy closes it
    await province.post(`/api/fleet/vehicles/${v.id}/insurance`, { insurer: '人保财险', policyNo: `Q-${v.id}-2`, startsOn: '2027-01-16', endsOn: '2028-01-15', premium: 4000 });
    await t.p.db.transaction().execute((tx) => evaluateFleet(t.p, { asOf: '2027-01-20', unitIds: [unit] }, tx));
    expect(await openWarnings('fleet.insurance-expired', `vehicle:${v.id}`)).toHaveLength(0);

    // registered more than 10 working days ago without a Beidou terminal; binding one closes the finding
    await t.p.db.updateTable('fleet_vehicle').set({ created_at: new Date('2026-11-02T02:00:00Z') }).where('id', '=', v.id).execute();
    await t.p.db.transaction().execute((tx) => evaluateFleet(t.p, { asOf: '2026-11-26', unitIds: [unit] }, tx));
    expect(await openWarnings('fleet.terminal-missing', `vehicle:${v.id}`)).toHaveLength(1);
    await t.p.db.transaction().execute((tx) => evaluateFleet(t.p, { asOf: '2026-11-13', unitIds: [unit] }, tx));
    expect(await openWarnings('fleet.terminal-missing', `vehicle:${v.id}`)).toHaveLength(0);
    const bind = await province.put(`/api/fleet/vehicles/${v.id}/terminal`, { terminalPhone: `0139${String(v.id).padStart(8, '0')}`, installedOn: '2026-11-20' });
    expect(bind.statusCode, bind.body).toBe(200);
    expect(bind.json().vehicle).toMatchObject({ terminalInstalledOn: '2026-11-20' });
    await t.p.db.transaction().execute((tx) => evaluateFleet(t.p, { asOf: '2026-11-26', unitIds: [unit] }, tx));
    expect(await openWarnings('fleet.terminal-missing', `vehicle:${v.id}`)).toHaveLength(0);

    const detail = await province.get(`/api/fleet/vehicles/${v.id}`);
    expect(detail.json().insurance).toHaveLength(2);
    expect(detail.json().inspections).toHaveLength(1);
  });

  it('freezes a disposed vehicle', async () => {
    const province = await signIn(t.app, 'province');
    const jn = await unitOf('jinan');
    const v = await register(province, car(jn));
    expect((await province.post(`/api/fleet/vehicles/${v.id}/status`, { status: 'disposed' })).json().code).toBe('VEHICLE_STATUS');
    expect((await province.post(`/api/fleet/vehicles/${v.id}/status`, { status: 'pending_disposal' })).statusCode).toBe(200);
    const done = await province.post(`/api/fleet/vehicles/${v.id}/status`, { status: 'disposed' });
    expect(done.statusCode).toBe(200);
    expect(done.json().vehicle).toMatchObject({ status: 'disposed', _actions: [] });
    const edit = await province.put(`/api/fleet/vehicles/${v.id}`, car(jn, { plate: v.plate }));
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('VEHICLE_DISPOSED');
    expect((await province.post(`/api/fleet/vehicles/${v.id}/status`, { status: 'in_use' })).statusCode).toBe(409);
    // the database refuses it too
    await expect(t.p.db.updateTable('fleet_vehicle').set({ odometer_km: 1 }).where('id', '=', v.id).execute()).rejects.toMatchObject({
      constraint: 'fleet_vehicle_disposed_frozen',
    });
  });

  it('keeps scope: jinan sees only 济南 vehicles; 404 for a 青岛 one; staff may not write', async () => {
    const province = await signIn(t.app, 'province');
    const qdCar = await register(province, car(await unitOf('qingdao'), { plate: plate('B') }));
    const jnCar = await register(province, car(await unitOf('jinan')));
    const jinan = await signIn(t.app, 'jinan');
    const list = await jinan.get('/api/fleet/vehicles?pageSize=200');
    expect(list.statusCode).toBe(200);
    const plates = (list.json().items as { plate: string }[]).map((x) => x.plate);
    expect(plates).toContain(jnCar.plate);
    expect(plates.every((p) => p.startsWith('鲁A') || p.startsWith('鲁S'))).toBe(true);
    expect((await jinan.get(`/api/fleet/vehicles/${qdCar.id}`)).statusCode).toBe(404);
    expect((await jinan.post(`/api/fleet/vehicles/${qdCar.id}/seal`, {})).statusCode).toBe(404);
    expect((await jinan.get(`/api/fleet/vehicles/${jnCar.id}`)).statusCode).toBe(200);
    // registering into a unit outside the scope
    expect((await jinan.post('/api/fleet/vehicles', car(await unitOf('qingdao'), { plate: plate('B') }))).statusCode).toBe(404);

    const staff = await signIn(t.app, 'staff');
    expect((await staff.post('/api/fleet/vehicles', car(await unitOf('jinan')))).statusCode).toBe(403);
    expect((await staff.post(`/api/fleet/vehicles/${jnCar.id}/status`, { status: 'repair' })).statusCode).toBe(403);
    expect((await staff.put(`/api/fleet/quotas/${await unitOf('jinan')}/general`, { quota: 1, basis: '测试依据' })).statusCode).toBe(403);
    expect((await staff.get('/api/fleet/vehicles')).statusCode).toBe(403);

    // export in the register's column order, with the same filters
    const x = await jinan.get(`/api/fleet/vehicles/export?plate=${encodeURIComponent(jnCar.plate)}`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual([
      '车牌号', '车辆识别代号', '品牌', '型号', '车辆类别', '能源类型', '排量(L)', '购置价格(元)', '取得日期', '取得方式', '所属单位', '状态', '里程(km)', '北斗终端号', '终端安装日期',
    ]);
    expect(ws.getRow(2).getCell(1).value).toBe(jnCar.plate);
    expect(ws.rowCount).toBe(2);
  });

  it('keeps a driver register in scope, with export', async () => {
    const province = await signIn(t.app, 'province');
    const qd = await unitOf('qingdao');
    const person = await t.p.db.selectFrom('person').select(['id', 'name']).where('unit_id', '=', qd).where('status', '=', 'active')
      .where('id', 'not in', t.p.db.selectFrom('fleet_driver').select('person_id')).orderBy('id').executeTakeFirstOrThrow();
    const body = { personId: person.id, licenceNo: `370202198501017${String(seq).padStart(3, '0')}`, licenceClass: 'B2', licenceExpiresOn: '2030-05-01' };
    const jinan = await signIn(t.app, 'jinan');
    expect((await jinan.post('/api/fleet/drivers', body)).statusCode).toBe(404);
    const created = await province.post('/api/fleet/drivers', body);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ personName: person.name, unitId: qd, licenceClass: 'B2', statusName: '在岗', _actions: ['update'] });
    const id = created.json().id as number;
    expect((await province.post('/api/fleet/drivers', body)).json().message).toBe('该人员已登记为驾驶员');
    expect((await jinan.get(`/api/fleet/drivers/${id}`)).statusCode).toBe(404);
    const qingdao = await signIn(t.app, 'qingdao');
    expect((await qingdao.get('/api/fleet/drivers?pageSize=200')).json().items.map((d: { id: number }) => d.id)).toContain(id);
    const upd = await qingdao.put(`/api/fleet/drivers/${id}`, { status: 'suspended' });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ status: 'suspended', statusName: '暂停', licenceExpiresOn: '2030-05-01' });
    const staff = await signIn(t.app, 'staff');
    expect((await staff.put(`/api/fleet/drivers/${id}`, { status: 'active' })).statusCode).toBe(403);

    const x = await qingdao.get(`/api/fleet/drivers/export?name=${encodeURIComponent(person.name)}`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(['姓名', '所属单位', '驾驶证号', '准驾车型', '驾驶证有效期至', '状态']);
    expect(ws.getRow(2).getCell(1).value).toBe(person.name);
  });

  it('seals general and confidential cars on the eve of a public holiday and restores only those after it', async () => {
    const province = await signIn(t.app, 'province');
    const jn = await unitOf('jinan');
    const general = await register(province, car(jn));
    const confidential = await register(province, car(jn, { categoryCode: 'confidential', price: 110000, displacementL: 1.5 }));
    const enforcement = await register(province, car(jn, { categoryCode: 'law_enforcement' }));
    const handSealed = await register(province, car(jn));
    const sealed = await province.post(`/api/fleet/vehicles/${handSealed.id}/seal`, { reason: '长期停用' });
    expect(sealed.json().vehicle).toMatchObject({ status: 'sealed', _actions: expect.arrayContaining(['unseal']) });
    const inRepair = await register(province, car(jn));
    await province.post(`/api/fleet/vehicles/${inRepair.id}/status`, { status: 'repair' });

    const scheduler = new Scheduler(t.p, { jobs: FLEET_ARCHIVE_JOBS });
    const runOn = async (day: string) => {
      const { id } = await enqueueJob(t.p.db, 'fleet.holiday-seal', { key: `test:${day}`, payload: { day } });
      await scheduler.tick();
      const run = await t.p.db.selectFrom('job_run').select(['status', 'result', 'error']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(run.status, run.error ?? '').toBe('succeeded');
      return run.result as { seal: { from: string; until: string; vehicleIds: number[] } | null; restored: { vehicleIds: number[] }[] };
    };
    const statusOf = async (id: number) => (await t.p.db.selectFrom('fleet_vehicle').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

    // an ordinary Friday: nothing
    expect((await runOn('2026-11-20')).seal).toBeNull();
    // Wednesday 2026-09-30, the eve of 国庆节 (2026-10-01 … 10-07)
    const eve = await runOn('2026-09-30');
    expect(eve.seal).toMatchObject({ from: '2026-10-01', until: '2026-10-07' });
    expect(eve.seal!.vehicleIds).toEqual(expect.arrayContaining([general.id, confidential.id]));
    expect(eve.seal!.vehicleIds).not.toContain(enforcement.id);
    expect(eve.seal!.vehicleIds).not.toContain(handSealed.id);
    expect(await statusOf(general.id)).toBe('sealed');
    expect(await statusOf(confidential.id)).toBe('sealed');
    expect(await statusOf(enforcement.id)).toBe('in_use');
    expect(await statusOf(inRepair.id)).toBe('repair');
    // mid-holiday: nothing restored yet
    expect((await runOn('2026-10-04')).restored).toHaveLength(0);
    expect(await statusOf(general.id)).toBe('sealed');
    // the last holiday evening (10-08 is a working day): restored, the hand-sealed car stays sealed
    const after = await runOn('2026-10-07');
    expect(after.restored[0]!.vehicleIds).toEqual(expect.arrayContaining([general.id, confidential.id]));
    expect(await statusOf(general.id)).toBe('in_use');
    expect(await statusOf(confidential.id)).toBe('in_use');
    expect(await statusOf(handSealed.id)).toBe('sealed');
    // never restored twice
    expect((await runOn('2026-10-08')).restored).toHaveLength(0);
  });
});
