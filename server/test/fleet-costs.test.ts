import ExcelJS from 'exceljs';
import { CompiledQuery, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connection.js';
import { fleetPanelRawSql, findFleetPanel, panelDataOf, type PanelRow } from '../src/modules/fleet/analysis.repository.js';
import { fleetPanel } from '../src/modules/fleet/analysis.service.js';
import { EMPTY_SCOPE } from '../src/platform/access/scope.js';
import { type Client, signIn, useTestApp } from './helpers.js';

/**
 * Designated providers, their transactions and the 双费双率 panel, on a small hand-built fleet kept apart from the
 * demo data (its own two units, so every figure can be worked out by hand):
 *
 *   unit A (济南, region 3701): A1, A2 in use; A3 sealed.   unit B (青岛, region 3702): B1 in use.
 *   provider TFUEL-A: fuel, designated, contract 2025-01-01 … 2025-04-15.   TREP-B: repair, NOT designated.
 *   TOIL-X: a partner credential without a provider record.
 *
 *   April 2025 has 22 working days: 22 weekdays (Apr 1 is a Tuesday) − Apr 4 (清明) + Sun Apr 27 (劳动节调休上班).
 */
const PERIOD = 'from=2025-04&to=2025-04';

async function newUnit(db: Db, name: string, regionCode: string) {
  const o = await db
    .insertInto('org')
    .values({ kind: 'unit', name, unit_type: 'party_gov', level: 'city', region_code: regionCode, parent_id: null, unit_id: 0, path: '' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return o.id;
}

async function newVehicle(db: Db, plate: string, unitId: number, status = 'in_use', vin: string | null = null) {
  const v = await db
    .insertInto('fleet_vehicle')
    .values({
      plate, vin, brand: '红旗', model: 'H5', category_code: 'general', energy_type: 'petrol', displacement_l: 1.5, price: 150000,
      acquired_on: '2020-01-01', acquisition_method: 'purchase', unit_id: unitId, status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return v.id;
}

/** A telematics trip from Beijing time `from` to `to` on `day`. */
async function trip(db: Db, vehicleId: number, day: string, from: string, to: string, km: number) {
  await db
    .insertInto('fleet_trip')
    .values({ vehicle_id: vehicleId, source: 'telematics', started_at: `${day}T${from}:00+08:00`, ended_at: `${day}T${to}:00+08:00`, km })
    .execute();
}

describe('fleet costs: providers, transactions, 双费双率', () => {
  const t = useTestApp();
  let province: Client;
  let jinan: Client;
  let staff: Client;
  let unitAdmin: Client;
  let A = 0;
  let B = 0;
  const v: Record<string, number> = {};
  const keys: Record<string, string> = {};
  const ingest = (code: string, items: unknown[]) =>
    t.app.inject({ method: 'POST', url: '/api/fleet/partner/transactions', headers: { 'x-partner-code': code, 'x-partner-key': keys[code]! }, payload: { items } });
  const tx = (id: string, plate: string, category: string, amount: number, at: string, extra: object = {}) => ({
    partner_tx_id: id, plate, category, amount, occurred_at: at, ...extra,
  });
  const count = async (table: 'fleet_transaction' | 'fleet_cost_month' | 'warning') =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.p.db)).rows[0]!.n;
  const costRollup = async () =>
    (await sql<{ s: string }>`select coalesce(sum(amount), 0)::text || '/' || coalesce(sum(tx_count), 0) || '/' || coalesce(sum(designated_count), 0) as s from fleet_cost_month`.execute(t.p.db)).rows[0]!.s;

  beforeAll(async () => {
    const db = t.p.db;
    province = await signIn(t.app, 'province');
    jinan = await signIn(t.app, 'jinan');
    staff = await signIn(t.app, 'staff');
    unitAdmin = await signIn(t.app, 'unit');
    A = await newUnit(db, '测试济南公车单位', '3701');
    B = await newUnit(db, '测试青岛公车单位', '3702');
    v.A1 = await newVehicle(db, '鲁AZZ901', A, 'in_use', 'LZZTEST0000000001');
    v.A2 = await newVehicle(db, '鲁AZZ902', A);
    v.A3 = await newVehicle(db, '鲁AZZ903', A, 'sealed');
    v.B1 = await newVehicle(db, '鲁BZZ901', B);
    for (const [code, name] of [['TFUEL-A', '测试定点加油站'], ['TREP-B', '测试维修厂'], ['TOIL-X', '测试非定点油站']]) {
      const r = await province.post('/api/partners', { code, name, scopes: ['fleet:transactions'] });
      expect(r.statusCode, r.body).toBe(200);
      keys[code!] = r.json().key;
    }
  });

  describe('providers', () => {
    it('creates and updates providers with contract and validity; validates like the database', async () => {
      const fuel = await province.post('/api/fleet/providers', {
        kind: 'fuel', code: 'TFUEL-A', name: '测试定点加油站', regionCode: '3701', contractNo: 'HT-2025-001', contractFrom: '2025-01-01', contractTo: '2025-04-15', designated: true,
      });
      expect(fuel.statusCode, fuel.body).toBe(200);
      expect(fuel.json()).toMatchObject({ code: 'TFUEL-A', kindName: '定点加油', regionName: '济南市', designated: true, active: false, hasCredential: true, _actions: ['edit'] });
      const rep = await province.post('/api/fleet/providers', { kind: 'repair', code: 'TREP-B', name: '测试维修厂', regionCode: '3702', designated: false });
      expect(rep.statusCode, rep.body).toBe(200);
      // a designated provider needs its contract; dates in order; region must exist
      const bad = await province.post('/api/fleet/providers', { kind: 'fuel', code: 'TBAD-1', name: '无合同', regionCode: '3701', designated: true });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details[0].field).toBe('contractFrom');
      expect((await province.post('/api/fleet/providers', { kind: 'fuel', code: 'TBAD-2', name: '倒序', regionCode: '3701', contractFrom: '2025-02-01', contractTo: '2025-01-01', designated: true })).statusCode).toBe(400);
      expect((await province.post('/api/fleet/providers', { kind: 'fuel', code: 'TFUEL-A', name: '重复', regionCode: '3701', designated: false })).json().code).toBe('DUPLICATE');
      // jinan cannot register a provider in 青岛
      const out = await jinan.post('/api/fleet/providers', { kind: 'fuel', code: 'TQD-1', name: '青岛油站', regionCode: '3702', designated: false });
      expect(out.statusCode).toBe(403);
      // update the contract (the code is fixed)
      const upd = await province.put(`/api/fleet/providers/${rep.json().id}`, { kind: 'repair', code: 'TREP-B', name: '测试维修厂（更名）', regionCode: '3702', designated: false });
      expect(upd.statusCode, upd.body).toBe(200);
      expect(upd.json().name).toBe('测试维修厂（更名）');
      expect((await province.put(`/api/fleet/providers/${rep.json().id}`, { kind: 'repair', code: 'TREP-C', name: '改编码', regionCode: '3702', designated: false })).json().code).toBe('PROVIDER_CODE_FIXED');
    });

    it('lists by scope and exports; staff get 403', async () => {
      const all = await province.get('/api/fleet/providers?q=TFUEL&pageSize=50');
      expect(all.json().items.map((p: { code: string }) => p.code)).toContain('TFUEL-A');
      const jn = await jinan.get('/api/fleet/providers?pageSize=200');
      const codes = jn.json().items.map((p: { code: string }) => p.code);
      expect(codes).toContain('TFUEL-A');
      expect(codes).not.toContain('TREP-B'); // 青岛
      const id = all.json().items.find((p: { code: string }) => p.code === 'TFUEL-A').id;
      const other = (await province.get('/api/fleet/providers?q=TREP-B')).json().items[0].id;
      expect((await jinan.get(`/api/fleet/providers/${other}`)).statusCode).toBe(404);
      expect((await jinan.get(`/api/fleet/providers/${id}`)).statusCode).toBe(200);
      const xlsx = await province.get('/api/fleet/providers/export?kind=fuel');
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expect((await staff.get('/api/fleet/providers')).statusCode).toBe(403);
      expect((await staff.post('/api/fleet/providers', { kind: 'fuel', code: 'TST-1', name: '职工', regionCode: '3701', designated: false })).statusCode).toBe(403);
    });
  });

  describe('partner ingest', () => {
    const batchA = () => [
      tx('A-1', '鲁AZZ901', 'fuel', 300, '2025-04-10T10:00:00+08:00', { quantity: 40.5, odometer: 12000, place: '历下加油站' }), // designated
      tx('A-2', '鲁AZZ901', 'fuel', 200, '2025-04-20T10:00:00+08:00'), // after the contract: not designated
      { partner_tx_id: 'A-3', vin: 'LZZTEST0000000001', category: 'other', amount: 10, occurred_at: '2025-04-30T23:30:00+08:00' }, // Beijing April (UTC 15:30); after the contract
      tx('A-4', '鲁BZZ901', 'fuel', 250, '2025-04-02T08:00:00+08:00'), // designated
      tx('A-0', '鲁AZZ901', 'fuel', 999, '2025-03-15T08:00:00+08:00'), // March, designated
      tx('A-5', '鲁AZZ901', 'other', 5, '2025-03-31T23:30:00+08:00'), // Beijing March; designated (within the contract)
      // per-item errors, each with its stable code
      tx('E-1', '鲁AZZ999', 'fuel', 10, '2025-04-01T08:00:00+08:00'),
      tx('E-2', '鲁AZZ901', 'petrol', 10, '2025-04-01T08:00:00+08:00'),
      tx('E-3', '鲁AZZ901', 'fuel', -1, '2025-04-01T08:00:00+08:00'),
      tx('E-4', '鲁AZZ901', 'fuel', 10.001, '2025-04-01T08:00:00+08:00'),
      tx('E-5', '鲁AZZ901', 'fuel', 10, '2025-04-01 08:00'),
      tx('E-6', '鲁AZZ901', 'fuel', 10, '2099-04-01T08:00:00+08:00'),
      { partner_tx_id: 'E-7', category: 'fuel', amount: 10, occurred_at: '2025-04-01T08:00:00+08:00' },
      { partner_tx_id: 'E-8', plate: '鲁AZZ902', vin: 'LZZTEST0000000001', category: 'fuel', amount: 10, occurred_at: '2025-04-01T08:00:00+08:00' },
      tx('A-1', '鲁AZZ901', 'fuel', 300, '2025-04-10T10:00:00+08:00'), // same id twice in one batch
      tx('', '鲁AZZ901', 'fuel', 10, '2025-04-01T08:00:00+08:00'),
      tx('E-9', '鲁AZZ901', 'fuel', 10, '2025-04-01T08:00:00+08:00', { quantity: 0 }),
    ];

    it('commits the valid items, reports each bad one with a stable code, decides designation', async () => {
      const res = await ingest('TFUEL-A', batchA());
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ created: 6, duplicate: 0, rejected: 11 });
      // the audit row names the partner system that sent the batch
      const audit = await t.p.db.selectFrom('audit_log').select(['username', 'user_id']).where('action', '=', 'fleet_transaction.ingest').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(audit).toEqual({ username: 'partner:TFUEL-A', user_id: null });
      const by = (i: number) => body.items[i];
      expect(by(0)).toMatchObject({ index: 0, partner_tx_id: 'A-1', status: 'created', designated: true });
      expect(by(1)).toMatchObject({ status: 'created', designated: false });
      expect(by(2)).toMatchObject({ status: 'created', designated: false }); // after the contract too
      expect(by(3)).toMatchObject({ status: 'created', designated: true });
      expect(body.items.slice(6).map((r: { code: string }) => r.code)).toEqual([
        'VEHICLE_NOT_FOUND', 'CATEGORY_INVALID', 'AMOUNT_INVALID', 'AMOUNT_INVALID', 'OCCURRED_AT_INVALID', 'OCCURRED_AT_INVALID',
        'VEHICLE_REQUIRED', 'VEHICLE_MISMATCH', 'DUPLICATE_IN_BATCH', 'TX_ID_INVALID', 'QUANTITY_INVALID',
      ]);
      for (const r of body.items.slice(6)) expect(r.message).toBeTruthy();
      const stored = await t.p.db.selectFrom('fleet_transaction').selectAll().where('partner_code', '=', 'TFUEL-A').orderBy('id').execute();
      expect(stored).toHaveLength(6);
      expect(stored[0]).toMatchObject({ source: 'api', vehicle_id: v.A1, quantity: '40.50', odometer_km: '12000.0', place: '历下加油站' });
      expect(stored.every((s) => s.provider_id !== null)).toBe(true);
    });

    it('is idempotent: a resend answers the same ids, writes nothing, leaves the rollup alone', async () => {
      const before = { tx: await count('fleet_transaction'), cm: await count('fleet_cost_month'), w: await count('warning'), rollup: await costRollup() };
      const first = (await t.p.db.selectFrom('fleet_transaction').select(['id', 'partner_tx_id', 'designated']).where('partner_code', '=', 'TFUEL-A').execute());
      const res = await ingest('TFUEL-A', batchA());
      const body = res.json();
      expect(body).toMatchObject({ created: 0, duplicate: 6, rejected: 11 });
      for (const f of first) {
        const r = body.items.find((i: { partner_tx_id: string; status: string }) => i.partner_tx_id === f.partner_tx_id && i.status === 'duplicate');
        expect(r).toMatchObject({ id: Number(f.id), designated: f.designated });
      }
      expect(await count('fleet_transaction')).toBe(before.tx);
      expect(await count('fleet_cost_month')).toBe(before.cm);
      expect(await count('warning')).toBe(before.w);
      expect(await costRollup()).toBe(before.rollup);
      // the same id with other content is not silently taken
      const changed = await ingest('TFUEL-A', [tx('A-1', '鲁AZZ901', 'fuel', 301, '2025-04-10T10:00:00+08:00')]);
      expect(changed.json().items[0]).toMatchObject({ status: 'rejected', code: 'TX_ID_CONFLICT' });
      // another partner may use the same id
      expect((await ingest('TOIL-X', [tx('A-1', '鲁AZZ902', 'insurance', 1200, '2025-04-12T09:00:00+08:00')])).json().items[0]).toMatchObject({ status: 'created', designated: false });
      // each batch on the audit record
      const audits = await sql<{ detail: string }>`select detail from audit_log where action = 'fleet_transaction.ingest' and object_id = 'TFUEL-A' order by seq`.execute(t.p.db);
      expect(audits.rows).toHaveLength(3);
      expect(JSON.parse(audits.rows[0]!.detail)).toMatchObject({ partner: 'TFUEL-A', items: 17, created: 6, rejected: 11 });
    });

    it('refuses batches over 1,000 items as a whole', async () => {
      const items = Array.from({ length: 1001 }, (_, i) => tx(`BIG-${i}`, '鲁AZZ901', 'fuel', 1, '2025-04-10T10:00:00+08:00'));
      expect((await ingest('TFUEL-A', items)).statusCode).toBe(400);
    });

    it('raises fleet.non-designated for non-designated and out-of-contract fuel, repair and insurance only', async () => {
      expect((await ingest('TREP-B', [tx('R-1', '鲁BZZ901', 'repair', 800, '2025-04-16T09:00:00+08:00')])).json().items[0]).toMatchObject({ status: 'created', designated: false });
      const w = await t.p.db
        .selectFrom('warning')
        .select(['kind', 'module', 'subject_key', 'title', 'unit_id', 'evidence', 'status', 'link'])
        .where('kind', '=', 'fleet.non-designated')
        .where(sql<boolean>`(evidence->>'vehicleId')::int = any(${[v.A1, v.A2, v.A3, v.B1]}::int[])`)
        .orderBy('id')
        .execute();
      const reasons = w.map((x) => (x.evidence as { reason: string; amount: number }));
      // A-2 (after the contract), TOIL-X insurance (no provider record), TREP-B repair (not designated); A-3 'other' raises nothing
      expect(reasons.map((r) => [r.reason, r.amount])).toEqual([['outside_contract', 200], ['not_provider', 1200], ['not_designated', 800]]);
      expect(w[0]).toMatchObject({ module: 'fleet', status: 'open', unit_id: A, link: `/fleet/transactions?vehicleId=${v.A1}` });
      expect(w[0]!.title).toContain('鲁AZZ901');
      expect(w[2]!.unit_id).toBe(B);
      // the warnings list names the kind
      const list = await province.get('/api/warnings?kind=fleet.non-designated&pageSize=50');
      if (list.statusCode === 200) expect(list.json().items[0].kindName).toBe('非定点或合同期外消费');
    });
  });

  describe('manual entry, immutability, lists and the ledger', () => {
    it('enters costs by hand (MANUAL, generated id), designated when a designated provider is named', async () => {
      const providerId = (await province.get('/api/fleet/providers?q=TFUEL-A')).json().items[0].id;
      const m1 = await province.post('/api/fleet/transactions', { vehicleId: v.A3, category: 'fuel', amount: 100, occurredAt: '2025-04-09T02:00:00Z', providerId, note: '补录' });
      expect(m1.statusCode, m1.body).toBe(200);
      expect(m1.json()).toMatchObject({ partnerCode: 'MANUAL', source: 'manual', designated: true, providerName: '测试定点加油站', plate: '鲁AZZ903' });
      expect(m1.json().partnerTxId).toMatch(/^M-/);
      const m2 = await province.post('/api/fleet/transactions', { vehicleId: v.A2, category: 'toll', amount: 50, occurredAt: '2025-04-08T03:00:00Z' });
      expect(m2.json()).toMatchObject({ designated: false, providerId: null });
      expect((await province.post('/api/fleet/transactions', { vehicleId: v.B1, category: 'parking', amount: 30, occurredAt: '2025-04-15T03:00:00Z' })).statusCode).toBe(200);
      // jinan cannot enter costs of a 青岛 car; staff may not enter at all; amounts are checked
      expect((await jinan.post('/api/fleet/transactions', { vehicleId: v.B1, category: 'parking', amount: 30, occurredAt: '2025-04-15T03:00:00Z' })).statusCode).toBe(404);
      expect((await staff.post('/api/fleet/transactions', { vehicleId: v.A1, category: 'parking', amount: 30, occurredAt: '2025-04-15T03:00:00Z' })).statusCode).toBe(403);
      expect((await province.post('/api/fleet/transactions', { vehicleId: v.A1, category: 'parking', amount: 0, occurredAt: '2025-04-15T03:00:00Z' })).statusCode).toBe(400);
      expect((await province.post('/api/fleet/transactions', { vehicleId: v.A1, category: 'parking', amount: 1.005, occurredAt: '2025-04-15T03:00:00Z' })).statusCode).toBe(400);
    });

    it('never changes or deletes a stored transaction (trigger)', async () => {
      const id = (await t.p.db.selectFrom('fleet_transaction').select('id').where('partner_tx_id', '=', 'A-1').where('partner_code', '=', 'TFUEL-A').executeTakeFirstOrThrow()).id;
      await expect(t.p.db.updateTable('fleet_transaction').set({ amount: 1 }).where('id', '=', id).execute()).rejects.toThrow(/cannot be changed/);
      await expect(t.p.db.deleteFrom('fleet_transaction').where('id', '=', id).execute()).rejects.toThrow(/cannot be changed/);
    });

    it('lists with filters and scope, exports in ledger column order', async () => {
      const q = (c: Client, f: string) => c.get(`/api/fleet/transactions?pageSize=200&${f}`);
      const a = (await q(province, `unitId=${A}`)).json();
      expect(a.total).toBe(8); // A-1 A-2 A-3 A-0 A-5, TOIL-X A-1, manual fuel A3, manual toll A2
      expect((await q(province, `unitId=${A}&designated=true`)).json().total).toBe(4); // A-1 A-3 A-0 manual A3
      expect((await q(province, `unitId=${A}&from=2025-04-01&to=2025-04-30`)).json().total).toBe(6); // A-3 at 23:30 on Apr 30 is in, A-5 on Mar 31 out
      expect((await q(province, `vehicleId=${v.A1}&category=fuel`)).json().total).toBe(3);
      expect((await q(province, `plate=AZZ90&source=manual`)).json().total).toBe(2);
      const providerId = (await province.get('/api/fleet/providers?q=TFUEL-A')).json().items[0].id;
      expect((await q(province, `providerId=${providerId}&unitId=${B}`)).json().total).toBe(1);
      // jinan sees A's and not B's
      expect((await q(jinan, `unitId=${A}`)).json().total).toBe(8);
      expect((await q(jinan, `vehicleId=${v.B1}`)).json().total).toBe(0);
      expect((await staff.get('/api/fleet/transactions')).statusCode).toBe(403);
      const xlsx = await province.get(`/api/fleet/transactions/export?unitId=${A}`);
      expect(xlsx.statusCode).toBe(200);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect((ws.getRow(1).values as string[]).slice(1, 6)).toEqual(['交易时间', '车牌号', '使用单位', '费用类别', '金额（元）']);
      expect(ws.rowCount).toBe(9);
      expect(ws.getRow(2).getCell(1).value).toBe('2025-04-30 23:30'); // newest first, Beijing time
    });

    it('gives a per-vehicle cost ledger by month and category from the monthly rollup', async () => {
      const res = await province.get(`/api/fleet/vehicles/${v.A1}/costs?year=2025`);
      expect(res.statusCode, res.body).toBe(200);
      const l = res.json();
      expect(l.months).toHaveLength(12);
      expect(l.months[2]).toMatchObject({ month: '2025-03', fuel: 999, other: 5, total: 1004, txCount: 2, designatedCount: 2 });
      expect(l.months[3]).toMatchObject({ month: '2025-04', fuel: 500, other: 10, total: 510, txCount: 3, designatedCount: 1 }); // A-1 only: fall after the contract
      expect(l.total).toMatchObject({ total: 1514, txCount: 5 });
      expect((await jinan.get(`/api/fleet/vehicles/${v.B1}/costs?year=2025`)).statusCode).toBe(404);
      expect((await staff.get(`/api/fleet/vehicles/${v.A1}/costs?year=2025`)).statusCode).toBe(403);
    });
  });

  describe('双费双率 panel', () => {
    beforeAll(async () => {
      const db = t.p.db;
      // Trips (Beijing times). A1: Tue Apr 1 2 h 100 km; Fri Apr 4 (holiday) 1 h 50 km; Sun Apr 27 (worked) 1.5 h 30 km.
      await trip(db, v.A1!, '2025-04-01', '09:00', '11:00', 100);
      await trip(db, v.A1!, '2025-04-04', '09:00', '10:00', 50);
      await trip(db, v.A1!, '2025-04-27', '14:00', '15:30', 30);
      // A2: two trips on Tue Apr 8: 1 h 20 km + 0.5 h 10 km (one trip day).
      await trip(db, v.A2!, '2025-04-08', '08:00', '09:00', 20);
      await trip(db, v.A2!, '2025-04-08', '15:00', '15:30', 10);
      // A3 (sealed): 40 km — counts for km (¥/km) but not for utilisation.
      await trip(db, v.A3!, '2025-04-09', '09:00', '10:00', 40);
      // B1: Tue Apr 15 4 h 200 km; Mar 31 100 km (outside April).
      await trip(db, v.B1!, '2025-04-15', '10:00', '14:00', 200);
      await trip(db, v.B1!, '2025-03-31', '10:00', '12:00', 100);
      // Budgets 2025: A 36,500 (April: 36,500 × 30/365 = 3,000), B 73,000 (April: 6,000).
      await db.insertInto('fleet_budget').values([{ unit_id: A, year: 2025, running_cost: 36500 }, { unit_id: B, year: 2025, running_cost: 73000 }]).execute();
      // Rentals of A: Apr 10, ¥600 for 100 km (¥6/km); May 2 ¥999 (outside).
      const uid = (await db.selectFrom('app_user').select('id').where('username', '=', 'province').executeTakeFirstOrThrow()).id;
      const rental = (order: string, start: string, cost: number, km: number) => ({
        unit_id: A, company: '测试租车公司', order_no: order, plate: '鲁A9Z999', started_at: start, ended_at: `${start.slice(0, 10)}T23:00:00+08:00`, km, cost, created_by: uid,
      });
      // the overlap computed from GPS tracks (telematics): A 20 of 100 km redundant on Apr 2, B none of 50 km
      await db.insertInto('tm_overlap_day').values([
        { day: '2025-04-02', unit_id: A, total_km: 100, redundant_km: 20, vehicles: 2 },
        { day: '2025-04-03', unit_id: B, total_km: 50, redundant_km: 0, vehicles: 1 },
      ]).execute();
      await db.insertInto('fleet_rental').values([rental('ZC-1', '2025-04-10T08:00:00+08:00', 600, 100), rental('ZC-2', '2025-05-02T08:00:00+08:00', 999, 50)]).execute();
    });

    /*
     * April 2025 by hand.
     *   costs A: fuel 300 + 200 (A1) + 100 (A3) = 600; insurance 1,200 (A2, TOIL-X); toll 50 (A2); other 10 (A1, Apr 30 23:30)
     *            → 运行维护费 1,860; km 180 + 30 + 40 = 250 → ¥7.44/km. In-use km (A1, A2) 210.
     *   costs B: repair 800; fuel 250; parking 30 → 1,080; km 200 → ¥5.40/km.
     *   total: 2,940 over 450 km → ¥6.53/km (6.5333…).
     *   budget: A 3,000 → 62%; B 6,000 → 18%; total 9,000 → 32.67%.
     *   rental: A 600 / 100 km = ¥6/km, vs own 7.44 → 0.8065; total vs 6.5333 → 0.9184. B: none (nulls).
     *   utilisation, trip days: A trip working days A1 {Apr 1, Apr 27} + A2 {Apr 8} = 3 over 2 cars × 22 = 44 → 0.0682;
     *            B 1 / 22 → 0.0455; total 4 / 66 → 0.0606.
     *   utilisation, hours (8 h/day): A (2 + 1 + 1.5) + 1.5 = 6 h / 352 → 0.0170; B 4 / 176 → 0.0227; total 10 / 528 → 0.0189.
     *   utilisation, km (20,000 km/yr × 30/365): A 210 / 3,287.67 → 0.0639; B 200 / 1,643.84 → 0.1217; total 410 / 4,931.51 → 0.0831.
     *   三定点: A fuel×3 + insurance×1 = 4, designated A-1 and the manual A3 fuel = 2 → 50%; B fuel (designated) + repair = 2, 1 → 50%;
     *            total 3 / 6 = 50%. 轨迹重叠率: A 20 / 100 = 20%; B 0 / 50; total 20 / 150 = 13.33%.
     */
    const mine = { all: false, orgPaths: [], regionPaths: [], unitIds: [] as number[], personIds: [] };
    const settings = { workHoursPerDay: 8, annualKmTarget: 20000 };

    it('computes every figure per unit and in total (trip days)', async () => {
      const p = await fleetPanel(t.p.db, { ...mine, unitIds: [A, B] }, { from: '2025-04', to: '2025-04', groupBy: 'unit', utilisation: 'trip_days' }, settings);
      expect(p).toMatchObject({ from: '2025-04-01', to: '2025-04-30', workingDays: 22 });
      const a = p.groups.find((g) => g.key === String(A))!;
      const b = p.groups.find((g) => g.key === String(B))!;
      expect(a).toMatchObject({
        name: '测试济南公车单位', vehicles: 2, runningCost: 1860, fuel: 600, repair: 0, insurance: 1200, toll: 50, parking: 0, other: 10, km: 250,
        runningCostPerKm: 7.44, budget: 3000, budgetRate: 0.62, rentalCost: 600, rentalKm: 100, rentals: 1, rentalCostPerKm: 6, rentalVsOwn: 0.8065,
        utilisation: 0.0682, utilisationUsed: 3, utilisationBase: 44, compliance: 0.5, designatedCount: 2, designatedBase: 4, trackOverlap: 0.2,
      });
      expect(b).toMatchObject({
        vehicles: 1, runningCost: 1080, fuel: 250, repair: 800, parking: 30, km: 200, runningCostPerKm: 5.4, budget: 6000, budgetRate: 0.18,
        rentalCost: 0, rentalCostPerKm: null, rentalVsOwn: null, utilisation: 0.0455, utilisationUsed: 1, utilisationBase: 22, compliance: 0.5,
      });
      expect(p.total).toMatchObject({
        vehicles: 3, runningCost: 2940, km: 450, runningCostPerKm: 6.53, budget: 9000, budgetRate: 0.3267, rentalCost: 600, rentalCostPerKm: 6,
        rentalVsOwn: 0.9184, utilisation: 0.0606, compliance: 0.5, designatedCount: 3, designatedBase: 6, trackOverlap: 0.1333,
      });
      // every figure carries its definition
      const defs = Object.fromEntries(p.figures.map((f) => [f.key, f.definition]));
      for (const k of ['runningCost', 'runningCostPerKm', 'budgetRate', 'rentalCost', 'rentalVsOwn', 'utilisation', 'compliance', 'trackOverlap']) expect(defs[k]).toBeTruthy();
      expect(defs.trackOverlap).toContain('冗余车公里 ÷ 总车公里');
      expect(p.trend.map((m) => m.trackOverlap)).toEqual([0.1333]);
      expect(defs.utilisation).toContain('工作日');
    });

    it('computes utilisation by driving hours and by annual km', async () => {
      const h = await fleetPanel(t.p.db, { ...mine, unitIds: [A, B] }, { from: '2025-04-01', to: '2025-04-30', groupBy: 'unit', utilisation: 'drive_hours' }, settings);
      expect(h.groups.find((g) => g.key === String(A))).toMatchObject({ utilisation: 0.017, utilisationUsed: 6, utilisationBase: 352 });
      expect(h.groups.find((g) => g.key === String(B))).toMatchObject({ utilisation: 0.0227, utilisationUsed: 4, utilisationBase: 176 });
      expect(h.total.utilisation).toBe(0.0189);
      expect(h.figures.find((f) => f.key === 'utilisation')!.definition).toContain('8 小时');
      const k = await fleetPanel(t.p.db, { ...mine, unitIds: [A, B] }, { from: '2025-04', to: '2025-04', groupBy: 'unit', utilisation: 'annual_km' }, settings);
      expect(k.groups.find((g) => g.key === String(A))).toMatchObject({ utilisation: 0.0639, utilisationUsed: 210, utilisationBase: 3287.67 });
      expect(k.groups.find((g) => g.key === String(B))).toMatchObject({ utilisation: 0.1217, utilisationBase: 1643.84 });
      expect(k.total.utilisation).toBe(0.0831);
    });

    it('groups by region (city) and by month, with a monthly trend', async () => {
      const r = await fleetPanel(t.p.db, { ...mine, unitIds: [A, B] }, { from: '2025-04', to: '2025-04', groupBy: 'region', utilisation: 'trip_days' }, settings);
      expect(r.groups.map((g) => [g.key, g.name, g.runningCost])).toEqual([['3701', '济南市', 1860], ['3702', '青岛市', 1080]]);
      const m = await fleetPanel(t.p.db, { ...mine, unitIds: [A, B] }, { from: '2025-03', to: '2025-04', groupBy: 'month', utilisation: 'trip_days' }, settings);
      // March: A1 fuel 999 + other 5; B1 100 km; budgets 36,500 × 31/365 = 3,100 and 6,200; 21 working days (Mar 2025)
      expect(m.groups.map((g) => g.key)).toEqual(['2025-03', '2025-04']);
      expect(m.groups[0]).toMatchObject({ name: '2025年3月', runningCost: 1004, km: 100, budget: 9300, vehicles: 3, compliance: 1 });
      expect(m.groups[1]).toMatchObject({ runningCost: 2940, km: 450, budget: 9000, vehicles: 3, utilisation: 0.0606 });
      expect(m.trend).toHaveLength(2);
      expect(m.total).toMatchObject({ runningCost: 3944, vehicles: 3, budget: 18300 });
      expect(m.workingDays).toBe(21 + 22);
      // the unit grouping has the same monthly trend
      const u = await fleetPanel(t.p.db, { ...mine, unitIds: [A, B] }, { from: '2025-03', to: '2025-04', groupBy: 'unit', utilisation: 'trip_days' }, settings);
      expect(u.trend.map((x) => x.runningCost)).toEqual([1004, 2940]);
      expect(u.trend[1]!.vehicles).toBe(3);
    });

    it('reads only the rollups: the raw SQL baseline gives the same rows as the API query', async () => {
      const params = { from: '2025-03-01', to: '2025-04-30', groupBy: 'unit' as const, utilisation: 'trip_days' as const };
      const api = await findFleetPanel(t.p.db, { ...EMPTY_SCOPE, all: true }, params);
      const { text, values } = fleetPanelRawSql(params);
      expect(text).not.toContain('fleet_transaction');
      expect(text).not.toContain('fleet_vehicle_day');
      const raw = await t.p.db.executeQuery(CompiledQuery.raw(text, values));
      expect(panelDataOf(raw.rows as PanelRow[])).toEqual(api);
      expect(api.groups.find((g) => g.gkey === String(A))).toMatchObject({ fuel: '1599.00', vehicles: 2 });
      expect(api.months.map((m) => [m.month, m.working_days, m.fuel])).toEqual([['2025-03', 21, '999.00'], ['2025-04', 22, '800.00']].map(([m, d]) => [m, d, expect.any(String)]));
      // an empty scope sees no group, and months with nothing in them
      const none = await findFleetPanel(t.p.db, EMPTY_SCOPE, params);
      expect(none.groups).toEqual([]);
      expect(none.months.map((m) => [m.month, m.fuel, m.vehicles])).toEqual([['2025-03', '0', 0], ['2025-04', '0', 0]]);
    });

    it('keeps the unit-month rollup in step with trips, transactions and calendar edits', async () => {
      const db = t.p.db;
      const month = async () => {
        const r = await db.selectFrom('fleet_unit_month').select(['km', 'inuse_trip_days']).where('unit_id', '=', A).where('month', '=', sql<Date>`'2025-04-01'::date`).executeTakeFirstOrThrow();
        return { km: Number(r.km), inuse_trip_days: r.inuse_trip_days };
      };
      const before = await month();
      // a GPS trip on a new day adds its km and a working day with a trip
      const gps = await db.insertInto('fleet_trip').values({ vehicle_id: v.A2!, source: 'telematics', started_at: '2025-04-22T01:00:00Z', ended_at: '2025-04-22T02:00:00Z', km: 12, start_lat: 0, start_lon: 0, end_lat: 0, end_lon: 0, points: 2 }).returning('id').executeTakeFirstOrThrow();
      expect(await month()).toEqual({ km: before.km + 12, inuse_trip_days: before.inuse_trip_days + 1 });
      // Apr 22 declared a holiday: the trip day no longer counts as a working day; removing it restores it
      await db.insertInto('calendar_day').values({ day: '2025-04-22', kind: 'holiday', name: '测试假日' }).execute();
      expect((await month()).inuse_trip_days).toBe(before.inuse_trip_days);
      await db.deleteFrom('calendar_day').where('day', '=', sql<Date>`'2025-04-22'::date`).execute();
      expect((await month()).inuse_trip_days).toBe(before.inuse_trip_days + 1);
      // deleting the trip (re-detection) takes its figures back out
      await db.deleteFrom('fleet_trip').where('id', '=', gps.id).execute();
      expect(await month()).toEqual(before);
    });

    it('serves the panel by the caller\'s scope: jinan sees 济南 only; 403 without fleet:analysis:read', async () => {
      const pr = await province.get(`/api/fleet/analysis?${PERIOD}&groupBy=unit&utilisation=trip_days`);
      expect(pr.statusCode, pr.body).toBe(200);
      const keysOf = (b: { groups: { key: string }[] }) => b.groups.map((g) => g.key);
      expect(keysOf(pr.json())).toEqual(expect.arrayContaining([String(A), String(B)]));
      const jn = await jinan.get(`/api/fleet/analysis?${PERIOD}&groupBy=unit`);
      expect(jn.statusCode).toBe(200);
      expect(keysOf(jn.json())).toContain(String(A));
      expect(keysOf(jn.json())).not.toContain(String(B));
      expect(jn.json().groups.find((g: { key: string }) => g.key === String(A))).toMatchObject({ runningCost: 1860, km: 250, budget: 3000, utilisation: 0.0682, compliance: 0.5 });
      const jr = await jinan.get(`/api/fleet/analysis?${PERIOD}&groupBy=region`);
      expect(keysOf(jr.json())).not.toContain('3702');
      // the unit administrator (教育厅) may read the panel but sees neither test unit
      const ua = await unitAdmin.get(`/api/fleet/analysis?${PERIOD}`);
      expect(ua.statusCode).toBe(200);
      expect(keysOf(ua.json())).not.toContain(String(A));
      expect((await staff.get(`/api/fleet/analysis?${PERIOD}`)).statusCode).toBe(403);
      expect((await province.get('/api/fleet/analysis?from=2025-05&to=2025-04')).statusCode).toBe(400);
      expect((await province.get('/api/fleet/analysis?from=2025-04&to=2025-04&groupBy=city')).statusCode).toBe(400);
    });
  });

  describe('Excel import (import centre, kind fleet.transactions)', () => {
    const HEADERS = ['交易流水号', '服务商编码', '车牌号', '费用类别', '金额', '交易日期', '交易时刻', '数量', '里程表读数', '地点', '备注'];
    async function run(c: Client, rows: (string | number | null)[][]) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('费用交易');
      ws.addRow(HEADERS);
      for (const r of rows) ws.addRow(r);
      const content = Buffer.from(await wb.xlsx.writeBuffer());
      const boundary = `----steward${Math.random().toString(36).slice(2)}`;
      const up = await t.app.inject({
        method: 'POST',
        url: '/api/files',
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tx.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
          content,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
      expect(up.statusCode, up.body).toBe(200);
      const started = await c.post('/api/fleet/imports', { kind: 'fleet.transactions', fileId: up.json().id });
      expect(started.statusCode, started.body).toBe(200);
      for (let i = 0; i < 600; i++) {
        const b = (await c.get(`/api/fleet/imports/${started.json().id}`)).json();
        if (b.status === 'succeeded' || b.status === 'failed') return b as { status: string; errors: { rowNo: number; column: string; message: string }[] };
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('import did not finish');
    }

    it('offers the template and refuses a file with errors as a whole', async () => {
      const kinds = (await province.get('/api/fleet/imports/kinds')).json();
      expect(kinds.map((k: { code: string }) => k.code)).toEqual(['fleet.transactions']);
      expect((await province.get('/api/fleet/imports/templates/fleet.transactions')).statusCode).toBe(200);
      const before = await count('fleet_transaction');
      const b = await run(province, [
        ['XL-1', 'TFUEL-A', '鲁AZZ902', '燃料费', 88.8, '2025-05-06', '09:30', 10, null, null, null],
        ['XL-9', null, '鲁AZZ999', '停车费', 12, '2025-05-06', null, null, null, null, null],
        ['A-1', 'TFUEL-A', '鲁AZZ901', '燃料费', 300, '2025-04-10', '10:00', null, null, null, null],
        ['XL-1', 'TFUEL-A', '鲁AZZ902', '燃料费', 88.8, '2025-05-06', '09:30', null, null, null, null],
        ['XL-8', 'NOPE-1', '鲁AZZ902', '燃料费', 1, '2025-05-06', null, null, null, null, null],
      ]);
      expect(b.status).toBe('failed');
      expect(b.errors.map((e) => [e.rowNo, e.column])).toEqual([[3, '车牌号'], [4, '交易流水号'], [5, '交易流水号'], [6, '服务商编码']]);
      expect(await count('fleet_transaction')).toBe(before);
      // jinan may not import costs of a 青岛 car
      const j = await run(jinan, [['XL-7', null, '鲁BZZ901', '停车费', 12, '2025-05-06', null, null, null, null, null]]);
      expect(j.errors[0]).toMatchObject({ column: '车牌号', message: '不在您的数据范围内' });
    });

    it('imports valid rows with their designation, idempotent with the partner API', async () => {
      const b = await run(province, [
        ['XL-1', 'TFUEL-A', '鲁AZZ902', '燃料费', 88.8, '2025-04-06', '09:30', 10, 30000, '历下', null],
        ['XL-2', null, '鲁AZZ902', '停车费', 12, '2025-05-06', null, null, null, null, '月度停车'],
      ]);
      expect(b.status, JSON.stringify(b)).toBe('succeeded');
      const rows = await t.p.db.selectFrom('fleet_transaction').select(['partner_code', 'partner_tx_id', 'source', 'designated', 'occurred_at', 'created_by']).where('partner_tx_id', 'in', ['XL-1', 'XL-2']).orderBy('partner_tx_id').execute();
      expect(rows.map((r) => [r.partner_code, r.source, r.designated])).toEqual([['TFUEL-A', 'excel', true], ['EXCEL', 'excel', false]]);
      expect(new Date(rows[0]!.occurred_at).toISOString()).toBe('2025-04-06T01:30:00.000Z');
      expect(rows[0]!.created_by).not.toBeNull();
      // the partner later reports the same transaction: a duplicate, not a second cost
      const again = await ingest('TFUEL-A', [tx('XL-1', '鲁AZZ902', 'fuel', 88.8, '2025-04-06T09:30:00+08:00')]);
      expect(again.json().items[0]).toMatchObject({ status: 'duplicate', designated: true });
    });
  });
});
