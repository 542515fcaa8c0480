import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { H3Grid } from '../src/modules/telematics/overlap.grid.js';
import { findOverlapTotals } from '../src/modules/telematics/overlap.repository.js';
import { type Client, signIn, useTestApp } from './helpers.js';

/**
 * 轨迹重叠率 on hand-built tracks with known answers: two cars on the same 5 km road in the same minutes and direction
 * (redundant ≈ 5 km of 10, rate ≈ 50 %), opposite directions (0), two hours apart (0), one car alone (0), three cars
 * (2 × 5 km); the pair list, scope, avoidable cost; and the fast H3 lattice against h3-js itself.
 */
describe('telematics overlap', () => {
  const t = useTestApp();
  let province: Client, jinan: Client, qingdao: Client;
  let jnUnit: number, qdUnit: number;
  let a: number, b: number, c: number;
  let seq = 0;

  /** 5 km of road going east from 济南 (36.65 N, 117.00 E). */
  const ROAD_LAT = 36.65;
  const ROAD_LON = 117.0;
  const DLON_5KM = 5000 / (111_320 * Math.cos((ROAD_LAT * Math.PI) / 180));

  async function car(unitId: number, letter: string) {
    seq += 1;
    const v = await t.p.db
      .insertInto('fleet_vehicle')
      .values({
        plate: `鲁${letter}V${String(6000 + seq)}`,
        brand: '大众',
        model: '帕萨特',
        category_code: 'general',
        energy_type: 'petrol',
        displacement_l: '1.4',
        price: '180000',
        acquired_on: '2022-01-01',
        acquisition_method: 'purchase',
        unit_id: unitId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return v.id;
  }

  /**
   * A drive along the road at 36 km/h, a fix every 10 s (51 fixes, 500 s), as positions and one telematics trip.
   * `offsetM` moves it sideways (north) by metres, `reverse` drives west.
   */
  async function drive(vehicleId: number, startIso: string, o: { offsetM?: number; reverse?: boolean } = {}) {
    const start = new Date(startIso).getTime();
    const day = new Date(start + 8 * 3600_000).toISOString().slice(0, 10);
    await sql`select tm_position_partition(${day}::date)`.execute(t.p.db);
    const lat = ROAD_LAT + (o.offsetM ?? 0) / 110_574;
    const rows = Array.from({ length: 51 }, (_, i) => {
      const f = o.reverse ? 1 - i / 50 : i / 50;
      return {
        vehicle_id: vehicleId,
        fix_time: new Date(start + i * 10_000),
        lat: Math.round(lat * 1e6),
        lon: Math.round((ROAD_LON + f * DLON_5KM) * 1e6),
        altitude: 30,
        speed: 360,
        direction: o.reverse ? 270 : 90,
        alarm: 0,
        status: 3,
      };
    });
    await t.p.db.insertInto('tm_position').values(rows).execute();
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    await t.p.db
      .insertInto('fleet_trip')
      .values({
        vehicle_id: vehicleId,
        source: 'telematics',
        started_at: first.fix_time,
        ended_at: last.fix_time,
        km: '5.00',
        start_lat: first.lat,
        start_lon: first.lon,
        end_lat: last.lat,
        end_lon: last.lon,
        points: rows.length,
        max_speed: 360,
      })
      .execute();
  }

  const compute = async (day: string) => {
    const res = await province.post('/api/telematics/overlap/compute', { day });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { totalKm: number; redundantKm: number; rate: number | null; pairs: number; vehicles: number };
  };

  beforeAll(async () => {
    province = await signIn(t.app, 'province');
    jinan = await signIn(t.app, 'jinan');
    qingdao = await signIn(t.app, 'qingdao');
    jnUnit = (await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', 'jinan').executeTakeFirstOrThrow()).unit_id;
    qdUnit = (await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', 'qingdao').executeTakeFirstOrThrow()).unit_id;
    a = await car(jnUnit, 'A');
    b = await car(jnUnit, 'A');
    c = await car(qdUnit, 'B');
  });

  it('the fast lattice gives the H3 cell of h3-js', () => {
    const g = new H3Grid(10);
    const keyOf = new Map<string, number>();
    const cellOf = new Map<number, string>();
    let clash = 0;
    for (let i = 0; i < 20_000; i++) {
      const lat = 34.4 + ((i * 7919) % 10_000) / 10_000 * 3.9 + (i % 7) * 1e-5;
      const lon = 115 + ((i * 104_729) % 10_000) / 10_000 * 7.5 + (i % 5) * 1e-5;
      const k = g.key(lat, lon);
      const cell = latLngToCell(lat, lon, 10);
      expect(k).toBe(g.cellKey(cell));
      if ((keyOf.get(cell) ?? k) !== k || (cellOf.get(k) ?? cell) !== cell) clash++;
      keyOf.set(cell, k);
      cellOf.set(k, cell);
    }
    expect(clash).toBe(0);
    // along a road most points take the fast path
    const before = g.slow;
    for (let i = 0; i < 10_000; i++) g.key(36.65 + i * 1e-6, 117 + i * 3e-6);
    expect(g.slow - before).toBeLessThan(1500);
  });

  it('two cars on the same road, same minutes, same direction: redundant ≈ 5 km, rate ≈ 50 %', async () => {
    await drive(a, '2025-11-03T09:00:30+08:00');
    await drive(b, '2025-11-03T09:01:00+08:00', { offsetM: 3 });
    const r = await compute('2025-11-03');
    expect(r.vehicles).toBe(2);
    expect(r.totalKm).toBeCloseTo(10, 0);
    expect(r.redundantKm).toBeGreaterThan(4.5);
    expect(r.redundantKm).toBeLessThanOrEqual(5.05);
    expect(r.rate).toBeGreaterThan(0.45);
    expect(r.rate).toBeLessThanOrEqual(0.505);
    expect(r.pairs).toBe(1);
    const pairs = await jinan.get('/api/telematics/overlap/pairs?day=2025-11-03');
    expect(pairs.statusCode, pairs.body).toBe(200);
    const [p] = pairs.json().items;
    expect([p.vehicleA, p.vehicleB]).toEqual([Math.min(a, b), Math.max(a, b)]);
    expect(p.sharedKm).toBeGreaterThan(4.5);
    expect(p.overlap).toBeGreaterThan(0.9);
    expect(p.tripA).not.toBeNull();
    expect(new Date(p.firstAt).getTime()).toBeGreaterThanOrEqual(new Date('2025-11-03T09:00:30+08:00').getTime());
    expect(new Date(p.lastAt).getTime()).toBeLessThanOrEqual(new Date('2025-11-03T09:09:20+08:00').getTime());
    // computing again replaces the day
    await compute('2025-11-03');
    expect((await t.p.db.selectFrom('tm_overlap_pair').select('day').where('vehicle_a', '=', Math.min(a, b)).execute()).length).toBe(1);
  });

  it('opposite directions, two hours apart, or one car alone: nothing redundant', async () => {
    await drive(a, '2025-11-04T09:00:30+08:00');
    await drive(b, '2025-11-04T09:00:30+08:00', { reverse: true });
    const opposite = await compute('2025-11-04');
    expect(opposite.totalKm).toBeCloseTo(10, 0);
    expect(opposite.redundantKm).toBe(0);
    expect(opposite.pairs).toBe(0);

    await drive(a, '2025-11-05T09:00:30+08:00');
    await drive(b, '2025-11-05T11:00:30+08:00');
    const later = await compute('2025-11-05');
    expect(later.redundantKm).toBe(0);
    expect(later.rate).toBe(0);

    await drive(a, '2025-11-06T09:00:30+08:00');
    const alone = await compute('2025-11-06');
    expect(alone.vehicles).toBe(1);
    expect(alone.totalKm).toBeCloseTo(5, 0);
    expect(alone.redundantKm).toBe(0);

    // a day without trips: nothing, and no rows
    const none = await compute('2025-11-09');
    expect(none).toMatchObject({ vehicles: 0, totalKm: 0, rate: null });
  });

  it('three cars: redundant ≈ 2 × 5 km; pairs, scope and avoidable cost', async () => {
    await drive(a, '2025-11-07T09:00:30+08:00');
    await drive(b, '2025-11-07T09:00:40+08:00', { offsetM: 2 });
    await drive(c, '2025-11-07T09:00:50+08:00', { offsetM: -2 });
    const r = await compute('2025-11-07');
    expect(r.totalKm).toBeCloseTo(15, 0);
    expect(r.redundantKm).toBeGreaterThan(9);
    expect(r.redundantKm).toBeLessThanOrEqual(10.1);
    expect(r.pairs).toBe(3);
    const days = await t.p.db.selectFrom('tm_overlap_day').selectAll().where(sql<boolean>`day = '2025-11-07'::date`).orderBy('unit_id').execute();
    expect(days.map((d) => d.unit_id).sort()).toEqual([jnUnit, qdUnit].sort());
    const jnDay = days.find((d) => d.unit_id === jnUnit)!;
    expect(Number(jnDay.total_km)).toBeCloseTo(10, 0);
    expect(Number(jnDay.redundant_km)).toBeGreaterThan(6);
    expect(jnDay.vehicles).toBe(2);

    // a running cost for the 济南 unit's car in November: avoidable cost = redundant km × cost ÷ km of the unit's month
    await t.p.db.insertInto('fleet_cost_month').values({ vehicle_id: a, month: sql<Date>`'2025-11-01'::date`, category: 'fuel', amount: '900.00', tx_count: 3, designated_count: 3 }).execute();
    const unitMonth = await sql<{ cost: string; km: string }>`
      select (select sum(cm.amount) from fleet_cost_month cm join fleet_vehicle v on v.id = cm.vehicle_id where v.unit_id = ${jnUnit} and cm.month = '2025-11-01') as cost,
             (select sum(case when vd.gps_trips > 0 then vd.gps_km else vd.km end) from fleet_vehicle_day vd join fleet_vehicle v on v.id = vd.vehicle_id
               where v.unit_id = ${jnUnit} and vd.day >= '2025-11-01' and vd.day < '2025-12-01') as km`.execute(t.p.db);
    const perKm = Number(unitMonth.rows[0]!.cost) / Number(unitMonth.rows[0]!.km);

    const report = await jinan.get('/api/telematics/overlap?from=2025-11-01&to=2025-11-30&groupBy=unit');
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json();
    expect(body.groups.map((g: { key: string }) => g.key)).toEqual([String(jnUnit)]);
    const g = body.groups[0];
    const expectedRedundant = (await t.p.db.selectFrom('tm_overlap_day').select(sql<string>`sum(redundant_km)`.as('r')).where('unit_id', '=', jnUnit).executeTakeFirstOrThrow()).r;
    expect(g.redundantKm).toBeCloseTo(Number(expectedRedundant), 2);
    expect(g.rate).toBeCloseTo(g.redundantKm / g.totalKm, 3);
    expect(g.avoidableCost).toBeCloseTo(g.redundantKm * perKm, 0);
    expect(g.avoidableCost).toBeGreaterThan(0);
    expect(body.definition).toContain('冗余');

    const byDay = (await province.get('/api/telematics/overlap?from=2025-11-01&to=2025-11-30&groupBy=day')).json();
    expect(byDay.groups.map((x: { key: string }) => x.key)).toEqual(['2025-11-03', '2025-11-04', '2025-11-05', '2025-11-06', '2025-11-07']);
    const byRegion = (await province.get('/api/telematics/overlap?from=2025-11-01&to=2025-11-30&groupBy=region')).json();
    expect(byRegion.groups.map((x: { key: string }) => x.key).sort()).toEqual(['3701', '3702']);
    expect(byRegion.total.redundantKm).toBeCloseTo(byDay.total.redundantKm, 2);

    // the panel's figures, for the lead's 双费双率 slot
    const totals = await findOverlapTotals(t.p.db, { all: true, orgPaths: [], regionPaths: [], unitIds: [], personIds: [] }, '2025-11-01', '2025-11-30', 'month');
    expect(totals).toHaveLength(1);
    expect(totals[0]!.month).toBe('2025-11');

    // scope: 青岛 sees its own unit only, and no pair led by a 济南 car
    const qd = (await qingdao.get('/api/telematics/overlap?from=2025-11-01&to=2025-11-30&groupBy=unit')).json();
    expect(qd.groups.map((x: { key: string }) => x.key)).toEqual([String(qdUnit)]);
    const qdPairs = (await qingdao.get('/api/telematics/overlap/pairs?day=2025-11-07')).json();
    expect(qdPairs.total).toBe(0);
    const jnPairs = (await jinan.get('/api/telematics/overlap/pairs?day=2025-11-07&sort=sharedKm&order=desc')).json();
    expect(jnPairs.total).toBe(3);
    const xlsx = await jinan.get('/api/telematics/overlap/pairs/export?day=2025-11-07');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');

    // computing needs fleet:track:command; reading needs fleet:overlap:read
    const staff = await signIn(t.app, 'staff');
    expect((await staff.post('/api/telematics/overlap/compute', { day: '2025-11-07' })).statusCode).toBe(403);
    expect((await staff.get('/api/telematics/overlap?from=2025-11-01&to=2025-11-30')).statusCode).toBe(403);
    expect((await province.post('/api/telematics/overlap/compute', { day: '2099-01-01' })).statusCode).toBe(400);
    const audit = await t.p.db.selectFrom('audit_log').select('object_id').where('action', '=', 'tm_overlap.compute').execute();
    expect(audit.map((x) => x.object_id)).toContain('2025-11-07');
  });
});
