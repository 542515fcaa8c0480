import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connection.js';
import { type Client, signIn, useTestApp } from './helpers.js';

/**
 * The read side of telematics on a small hand-built fleet: unit A in 济南 (cars A1 moving, A2 parked with a power-cut
 * alarm, A3 terminal never heard), unit B in 青岛 (car B1). A1 has 12,000 fixes on one Beijing day (every 5 s from
 * 06:00), and three telematics trips on that day, one of them linked to nothing (no dispatch).
 */
const DAY = '2026-03-10';

async function newUnit(db: Db, name: string, regionCode: string) {
  const o = await db
    .insertInto('org')
    .values({ kind: 'unit', name, unit_type: 'party_gov', level: 'city', region_code: regionCode, parent_id: null, unit_id: 0, path: '' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return o.id;
}

async function newVehicle(db: Db, plate: string, unitId: number, phone: string | null) {
  const v = await db
    .insertInto('fleet_vehicle')
    .values({
      plate, vin: null, brand: '红旗', model: 'H5', category_code: 'general', energy_type: 'petrol', displacement_l: 1.5, price: 150000,
      acquired_on: '2020-01-01', acquisition_method: 'purchase', unit_id: unitId, status: 'in_use', terminal_phone: phone, terminal_installed_on: phone ? '2020-02-01' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return v.id;
}

async function terminal(db: Db, vehicleId: number, phone: string, v: { online: boolean; lat?: number; lon?: number; speed?: number; alarm?: number }) {
  const fixed = v.lat !== undefined;
  await db
    .insertInto('tm_terminal')
    .values({
      vehicle_id: vehicleId, phone, protocol: '2019', auth_code: 'AUTHCODE1', manufacturer: 'BDSTAR', terminal_model: 'BD-808', terminal_id: 'T0000001',
      registered_at: sql<Date>`now() - interval '30 days'`, authenticated_at: sql<Date>`now() - interval '1 hour'`,
      last_seen_at: sql<Date>`now() - interval '10 seconds'`, online: v.online,
      last_fix_at: fixed ? sql<Date>`now() - interval '10 seconds'` : null,
      last_lat: v.lat ?? null, last_lon: v.lon ?? null, last_speed: fixed ? (v.speed ?? 0) : null, last_direction: fixed ? 90 : null,
      last_alarm: fixed ? (v.alarm ?? 0) : null, last_status: fixed ? 3 : null,
    })
    .execute();
}

async function trip(db: Db, vehicleId: number, from: string, to: string, km: number, dispatchId: number | null = null) {
  const r = await db
    .insertInto('fleet_trip')
    .values({
      vehicle_id: vehicleId, source: 'telematics', dispatch_id: dispatchId, started_at: `${DAY}T${from}:00+08:00`, ended_at: `${DAY}T${to}:00+08:00`, km,
      start_lat: 36651200, start_lon: 117120000, end_lat: 36700000, end_lon: 117200000, max_speed: 823, points: 100,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

describe('telematics read routes: live map, vehicle, track, trips', () => {
  const t = useTestApp();
  let province: Client;
  let jinan: Client;
  let qingdao: Client;
  let staff: Client;
  const v = { A1: 0, A2: 0, A3: 0, A4: 0, B1: 0 };
  let A = 0;

  beforeAll(async () => {
    const db = t.p.db;
    province = await signIn(t.app, 'province');
    jinan = await signIn(t.app, 'jinan');
    qingdao = await signIn(t.app, 'qingdao');
    staff = await signIn(t.app, 'staff');
    A = await newUnit(db, '测试济南监控单位', '3701');
    const B = await newUnit(db, '测试青岛监控单位', '3702');
    v.A1 = await newVehicle(db, '鲁AZT001', A, '013900000001');
    v.A2 = await newVehicle(db, '鲁AZT002', A, '013900000002');
    v.A3 = await newVehicle(db, '鲁AZT003', A, '013900000003');
    v.A4 = await newVehicle(db, '鲁AZT004', A, null); // no terminal: not on the map
    v.B1 = await newVehicle(db, '鲁BZT001', B, '013900000011');
    await terminal(db, v.A1, '013900000001', { online: true, lat: 36651200, lon: 117120000, speed: 623 });
    await terminal(db, v.A2, '013900000002', { online: true, lat: 36660000, lon: 117000000, speed: 0, alarm: 1 << 8 });
    await terminal(db, v.B1, '013900000011', { online: false, lat: 36066700, lon: 120383000, speed: 0 });
    // 12,000 fixes of A1 from 06:00 Beijing, one every 5 s, moving north-east at 36 km/h
    await sql`select tm_position_partition(${DAY}::date)`.execute(db);
    await sql`
      insert into tm_position (vehicle_id, fix_time, lat, lon, altitude, speed, direction, alarm, status)
      select ${v.A1}, ${`${DAY}T06:00:00+08:00`}::timestamptz + make_interval(secs => i * 5), 36600000 + i * 10, 117000000 + i * 10, 30, 360, 45, 0, 3
      from generate_series(0, 11999) i`.execute(db);
    await trip(db, v.A1, '07:00', '07:40', 21.5);
    await trip(db, v.A1, '09:00', '09:30', 12.25);
    await trip(db, v.A1, '17:00', '17:45', 22);
    await trip(db, v.B1, '08:00', '08:20', 9);
  });

  describe('live', () => {
    it('lists the visible cars with a terminal, column-wise, with their state', async () => {
      const r = await province.get('/api/telematics/live?q=ZT');
      expect(r.statusCode, r.body).toBe(200);
      const b = r.json();
      expect(b.count).toBe(4);
      const at = (plate: string) => b.plates.indexOf(plate);
      expect(b.plates).not.toContain('鲁AZT004');
      const a1 = at('鲁AZT001');
      expect([b.states[a1], b.lat[a1], b.lon[a1], b.speed[a1], b.direction[a1]]).toEqual(['moving', 36.6512, 117.12, 62.3, 90]);
      expect(b.states[at('鲁AZT002')]).toBe('alarm');
      expect(b.states[at('鲁AZT003')]).toBe('offline');
      expect(b.lat[at('鲁AZT003')]).toBeNull();
      expect(b.states[at('鲁BZT001')]).toBe('offline');
      expect(b.counts).toEqual({ moving: 1, parked: 0, offline: 2, alarm: 1 });
      expect(b.units.find((u: { id: number }) => u.id === A)?.name).toBe('测试济南监控单位');
      expect(b.basemap).toEqual({ tileUrl: '', reviewNo: '' });
      // every column has one entry per car
      for (const k of ['ids', 'plates', 'unitIds', 'states', 'lat', 'lon', 'speed', 'direction', 'fixAt']) expect(b[k]).toHaveLength(4);
    });

    it('filters by unit and online; a stale online flag counts as offline', async () => {
      expect((await province.get(`/api/telematics/live?unitId=${A}`)).json().count).toBe(3);
      expect((await province.get(`/api/telematics/live?unitId=${A}&online=true`)).json().plates.sort()).toEqual(['鲁AZT001', '鲁AZT002']);
      expect((await province.get(`/api/telematics/live?q=ZT&online=false`)).json().plates.sort()).toEqual(['鲁AZT003', '鲁BZT001']);
      await sql`update tm_terminal set last_seen_at = now() - interval '1 hour' where vehicle_id = ${v.A2}`.execute(t.p.db);
      const b = (await province.get(`/api/telematics/live?unitId=${A}`)).json();
      expect(b.states[b.plates.indexOf('鲁AZT002')]).toBe('offline');
      await sql`update tm_terminal set last_seen_at = now() where vehicle_id = ${v.A2}`.execute(t.p.db);
    });

    it('is scoped: jinan does not see the 青岛 car, qingdao does not see the 济南 cars', async () => {
      const jn = (await jinan.get('/api/telematics/live?q=ZT')).json();
      expect(jn.plates.sort()).toEqual(['鲁AZT001', '鲁AZT002', '鲁AZT003']);
      const qd = (await qingdao.get('/api/telematics/live?q=ZT')).json();
      expect(qd.plates).toEqual(['鲁BZT001']);
    });

    it('needs fleet:track:read', async () => {
      expect((await staff.get('/api/telematics/live')).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/telematics/live' })).statusCode).toBe(401);
    });
  });

  describe('vehicle', () => {
    it('shows terminal, state, latest fix and the day', async () => {
      const r = await jinan.get(`/api/telematics/vehicles/${v.A1}`);
      expect(r.statusCode, r.body).toBe(200);
      const b = r.json();
      expect(b).toMatchObject({
        plate: '鲁AZT001', unitName: '测试济南监控单位', state: 'moving', stateName: '行驶中', online: true, statusName: '在用',
        terminal: { phone: '013900000001', protocol: '2019', manufacturer: 'BDSTAR', model: 'BD-808' },
        fix: { lat: 36.6512, lon: 117.12, speed: 62.3, direction: 90, alarm: 0, acc: true },
      });
      expect(b.today.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // province managers may send commands to an online terminal
      expect(b._actions).toEqual(['command']);
      const a3 = (await jinan.get(`/api/telematics/vehicles/${v.A3}`)).json();
      expect([a3.state, a3.fix, a3._actions]).toEqual(['offline', null, []]);
    });

    it('takes the day figures from fleet_vehicle_day', async () => {
      // trips of today, written through the trigger
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      await t.p.db
        .insertInto('fleet_trip')
        .values({ vehicle_id: v.A2, source: 'telematics', started_at: `${today}T00:01:00+08:00`, ended_at: `${today}T00:31:00+08:00`, km: 15.5 })
        .execute();
      const b = (await jinan.get(`/api/telematics/vehicles/${v.A2}`)).json();
      expect(b.today).toEqual({ day: today, km: 15.5, trips: 1, minutes: 30 });
    });

    it('answers 404 alike for a car outside the scope, one without a terminal and one that does not exist', async () => {
      for (const id of [v.B1, v.A4, 2147483000]) {
        const r = await jinan.get(`/api/telematics/vehicles/${id}`);
        expect(r.statusCode).toBe(404);
        expect(r.json().code).toBe('NOT_FOUND');
      }
      expect((await jinan.get(`/api/telematics/vehicles/${v.B1}/track?from=${DAY}T00:00:00%2B08:00&to=${DAY}T23:59:59%2B08:00`)).statusCode).toBe(404);
    });
  });

  describe('track', () => {
    const window = (from: string, to: string) => `from=${encodeURIComponent(`${DAY}T${from}+08:00`)}&to=${encodeURIComponent(`${DAY}T${to}+08:00`)}`;

    it('returns the fixes in order; thins above 5,000 points keeping both ends', async () => {
      const r = await jinan.get(`/api/telematics/vehicles/${v.A1}/track?${window('00:00:00', '23:59:59')}`);
      expect(r.statusCode, r.body).toBe(200);
      const b = r.json();
      expect(b.total).toBe(12000);
      expect(b.downsampled).toBe(true);
      expect(b.points.length).toBeLessThanOrEqual(5001);
      expect(b.points.length).toBeGreaterThan(3900);
      const times = b.points.map((p: { at: number }) => p.at);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(times[0]).toBe(Date.parse(`${DAY}T06:00:00+08:00`) / 1000);
      expect(times.at(-1)).toBe(Date.parse(`${DAY}T06:00:00+08:00`) / 1000 + 11999 * 5);
      expect(b.points[0]).toEqual({ at: times[0], lat: 36.6, lon: 117, speed: 36, direction: 45, alarm: 0, acc: true, backfill: false });
    });

    it('does not thin a short window; gives the trips and the stops between them', async () => {
      const b = (await jinan.get(`/api/telematics/vehicles/${v.A1}/track?${window('06:00:00', '10:00:00')}`)).json();
      expect(b.downsampled).toBe(false);
      expect(b.total).toBe(4 * 720 + 1);
      expect(b.points).toHaveLength(b.total);
      expect(b.trips.map((x: { km: number; minutes: number; maxSpeed: number }) => [x.km, x.minutes, x.maxSpeed])).toEqual([[21.5, 40, 82.3], [12.25, 30, 82.3]]);
      expect(b.trips[0].start).toEqual({ lat: 36.6512, lon: 117.12 });
      // 07:40–09:00 between the trips, then 09:30 to the end of the window
      expect(b.stops.map((s: { minutes: number; lat: number }) => [s.minutes, s.lat])).toEqual([[80, 36.7], [30, 36.7]]);
    });

    it('refuses more than 24 hours and reversed windows', async () => {
      const long = await jinan.get(`/api/telematics/vehicles/${v.A1}/track?from=${encodeURIComponent(`${DAY}T00:00:00+08:00`)}&to=${encodeURIComponent('2026-03-11T00:00:01+08:00')}`);
      expect(long.statusCode).toBe(400);
      expect(long.json().message).toContain('24 小时');
      expect((await jinan.get(`/api/telematics/vehicles/${v.A1}/track?${window('10:00:00', '09:00:00')}`)).statusCode).toBe(400);
    });
  });

  describe('trips', () => {
    it('lists telematics trips by scope with filters, sort and paging', async () => {
      const all = (await province.get(`/api/telematics/trips?plate=ZT&from=${DAY}&to=${DAY}&sort=km&order=desc`)).json();
      expect(all.total).toBe(4);
      expect(all.items.map((x: { km: number }) => x.km)).toEqual([22, 21.5, 12.25, 9]);
      expect(all.items[0]).toMatchObject({ plate: '鲁AZT001', unitName: '测试济南监控单位', minutes: 45, maxSpeed: 82.3, dispatchId: null, points: 100 });
      const jn = (await jinan.get(`/api/telematics/trips?plate=ZT&from=${DAY}&to=${DAY}`)).json();
      expect(jn.items.map((x: { plate: string }) => x.plate)).not.toContain('鲁BZT001');
      expect(jn.total).toBe(3);
      const page2 = (await jinan.get(`/api/telematics/trips?plate=ZT&from=${DAY}&to=${DAY}&sort=startedAt&order=asc&page=2&pageSize=2`)).json();
      expect(page2.items.map((x: { km: number }) => x.km)).toEqual([22]);
      expect((await jinan.get(`/api/telematics/trips?vehicleId=${v.A1}&dispatch=linked`)).json().total).toBe(0);
      expect((await jinan.get(`/api/telematics/trips?vehicleId=${v.A1}&dispatch=unlinked`)).json().total).toBe(3);
      // the day before has none
      expect((await jinan.get(`/api/telematics/trips?plate=ZT&from=2026-03-09&to=2026-03-09`)).json().total).toBe(0);
      // sort keys are a whitelist
      expect((await jinan.get('/api/telematics/trips?sort=vehicle_id')).statusCode).toBe(400);
      expect((await staff.get('/api/telematics/trips')).statusCode).toBe(403);
    });

    it('exports to Excel with the same filters and writes tm_trip.export to the audit log', async () => {
      const r = await jinan.get(`/api/telematics/trips/export?plate=ZT&from=${DAY}&to=${DAY}&sort=startedAt&order=asc`);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.name).toBe('行程记录');
      expect(ws.rowCount).toBe(4);
      expect(ws.getRow(2).getCell(2).value).toBe('鲁AZT001');
      expect(ws.getRow(2).getCell(4).value).toBe('2026/3/10 07:00:00');
      expect(ws.getRow(2).getCell(7).value).toBe(21.5);
      const audit = await t.p.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'tm_trip.export').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.detail).rows).toBe(3);
      expect((await staff.get('/api/telematics/trips/export')).statusCode).toBe(403);
    });
  });

  describe('alerts centre', () => {
    it('lists one family of warnings through the warnings API (kinds, comma-separated)', async () => {
      const db = t.p.db;
      const unit = await db.selectFrom('org').select(['path', 'region_path']).where('id', '=', A).executeTakeFirstOrThrow();
      const raise = (kind: string, title: string) =>
        db
          .insertInto('warning')
          .values({ module: 'fleet', kind, subject_key: `vehicle:${v.A1}`, title, severity: 'medium', unit_id: A, unit_path: unit.path, region_path: unit.region_path, evidence: '{}' })
          .execute();
      await raise('fleet.off-hours', '鲁AZT001 非工作时间用车');
      await raise('fleet.speeding', '鲁AZT001 超速');
      await raise('fleet.licence-expired', '测试驾驶证过期');
      const r = await jinan.get(`/api/warnings?module=fleet&unitId=${A}&kinds=fleet.off-hours,fleet.speeding,fleet.idling`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().items.map((w: { kind: string }) => w.kind).sort()).toEqual(['fleet.off-hours', 'fleet.speeding']);
      expect((await jinan.get(`/api/warnings?unitId=${A}&kinds=fleet.off-hours;drop`)).statusCode).toBe(400);
      expect((await qingdao.get(`/api/warnings?unitId=${A}&kinds=fleet.off-hours`)).json().total).toBe(0);
    });
  });
});
