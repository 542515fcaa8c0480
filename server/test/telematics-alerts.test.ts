import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_JOB } from '../src/modules/telematics/alert.jobs.js';
import { evaluateClosedTrips, evaluateLivePoints, offHoursAt } from '../src/modules/telematics/alert.service.js';
import { distanceM } from '../src/modules/telematics/geofence.geometry.js';
import { seedTelematicsDemo } from '../src/modules/telematics/telematics.demo.js';
import type { ClosedTrip, LivePoint, TelematicsContext } from '../src/modules/telematics/telematics.types.js';
import { type Client, signIn, useTestApp } from './helpers.js';

/**
 * 报警: each rule on hand-built points and trips — speeding (30 s yes, 20 s no), power cut, a sealed car moving,
 * geofences (polygon, circle, corridor, the province boundary), long idling, off-hours by the working calendar
 * (weekday evening, a holiday weekday, a swapped working Saturday), no dispatch, the offline job; a batch seen twice
 * raises nothing new, back-filled points nothing at all; fleet managers are told once; scope of the alert list.
 */
describe('telematics alerts', () => {
  const t = useTestApp();
  let province: Client, jinan: Client, qingdao: Client;
  let units: number[] = [];
  let qdUnit: number;
  let seq = 0;

  const ctx = async (now = new Date()): Promise<TelematicsContext> => ({ p: t.p, db: t.p.db, settings: await t.p.settings.get(), now });

  async function car(unitId: number, status = 'in_use', letter = 'A') {
    seq += 1;
    const v = await t.p.db
      .insertInto('fleet_vehicle')
      .values({
        plate: `鲁${letter}T${String(7000 + seq)}`,
        brand: '红旗',
        model: 'H5',
        category_code: 'general',
        energy_type: 'petrol',
        displacement_l: '1.8',
        price: '150000',
        acquired_on: '2022-01-01',
        acquisition_method: 'purchase',
        unit_id: unitId,
        status,
      })
      .returning(['id', 'unit_id'])
      .executeTakeFirstOrThrow();
    return v;
  }

  /** A point at `iso` (Beijing time when it has +08:00), lat/lon in degrees, speed km/h. */
  const pt = (
    v: { id: number; unit_id: number },
    iso: string,
    lat: number,
    lon: number,
    kmh: number,
    o: { alarm?: number; status?: number; backfill?: boolean } = {},
  ): LivePoint => ({
    vehicleId: v.id,
    unitId: v.unit_id,
    fixTime: new Date(iso),
    lat: Math.round(lat * 1e6),
    lon: Math.round(lon * 1e6),
    speed: Math.round(kmh * 10),
    direction: 90,
    alarm: o.alarm ?? 0,
    status: o.status ?? 3,
    backfill: o.backfill ?? false,
  });
  /** Points every `stepS` seconds from `startIso`, all at speed `kmh`, moving east slowly inside 济南. */
  const run = (v: { id: number; unit_id: number }, startIso: string, n: number, stepS: number, kmh: number, o: Parameters<typeof pt>[5] = {}) =>
    Array.from({ length: n }, (_, i) => pt(v, new Date(new Date(startIso).getTime() + i * stepS * 1000).toISOString(), 36.651, 117.12 + i * 0.0003, kmh, o));

  const warnings = (kind: string, vehicleId: number) =>
    t.p.db
      .selectFrom('warning')
      .select(['id', 'subject_key', 'title', 'severity', 'unit_id', 'link', 'evidence', 'status'])
      .where('kind', '=', kind)
      .where('subject_key', 'like', `vehicle:${vehicleId}:%`)
      .execute();

  beforeAll(async () => {
    province = await signIn(t.app, 'province');
    jinan = await signIn(t.app, 'jinan');
    qingdao = await signIn(t.app, 'qingdao');
    // units in 济南 (one per rule family, so that geofences of one do not touch the cars of another), one in 青岛
    const jn = await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', 'jinan').executeTakeFirstOrThrow();
    const qd = await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', 'qingdao').executeTakeFirstOrThrow();
    const path = async (id: number) => (await sql<{ p: string }>`select region_path::text as p from org where id = ${id}`.execute(t.p.db)).rows[0]!.p;
    const jnRegion = await path(jn.unit_id);
    const rows = await sql<{ id: number }>`
      select id from org where id = unit_id and region_path <@ ${jnRegion}::ltree and status = 'active' order by id limit 6`.execute(t.p.db);
    units = rows.rows.map((r) => r.id);
    expect(units.length).toBeGreaterThanOrEqual(5);
    qdUnit = qd.unit_id;
  });

  it('speeding: over the limit for 30 s raises one warning, for 20 s none; a second identical batch adds nothing', async () => {
    const fast = await car(units[0]!);
    const brief = await car(units[0]!);
    const batch = [
      ...run(fast, '2025-11-12T10:00:00+08:00', 4, 10, 130), // 0, 10, 20, 30 s over 120 km/h
      ...run(brief, '2025-11-12T10:00:00+08:00', 3, 10, 130), // 0, 10, 20 s
      ...run(brief, '2025-11-12T10:00:30+08:00', 2, 10, 80),
    ];
    const r = await evaluateLivePoints(await ctx(), batch);
    expect(r.kinds['fleet.speeding']).toBe(1);
    const [w] = await warnings('fleet.speeding', fast.id);
    expect(w?.subject_key).toBe(`vehicle:${fast.id}:speeding:20251112100000`);
    expect(w?.unit_id).toBe(units[0]);
    expect(w?.link).toBe(`/fleet/tracks?vehicle=${fast.id}&day=2025-11-12`);
    expect(w?.evidence).toMatchObject({ limitKmh: 120, seconds: 30, maxKmh: 130 });
    expect(await warnings('fleet.speeding', brief.id)).toHaveLength(0);
    // the same batch again, and the episode continuing in the next batch: still one warning
    const again = await evaluateLivePoints(await ctx(), batch);
    expect(again.raised).toBe(0);
    await evaluateLivePoints(await ctx(), run(fast, '2025-11-12T10:00:40+08:00', 3, 10, 140));
    expect(await warnings('fleet.speeding', fast.id)).toHaveLength(1);
    // an episode split across two batches is still found (20 s + 10 s)
    const split = await car(units[0]!);
    await evaluateLivePoints(await ctx(), run(split, '2025-11-12T11:00:00+08:00', 3, 10, 125));
    expect(await warnings('fleet.speeding', split.id)).toHaveLength(0);
    await evaluateLivePoints(await ctx(), run(split, '2025-11-12T11:00:30+08:00', 1, 10, 125));
    expect(await warnings('fleet.speeding', split.id)).toHaveLength(1);
  });

  it('power cut (alarm bit 8) raises a high warning; a back-filled cut raises nothing', async () => {
    const v = await car(units[0]!);
    const late = await car(units[0]!);
    await evaluateLivePoints(await ctx(), [
      ...run(v, '2025-11-12T09:00:00+08:00', 3, 30, 40, { alarm: 1 << 8 }),
      ...run(late, '2025-11-12T09:00:00+08:00', 3, 30, 40, { alarm: 1 << 8, backfill: true }),
    ]);
    const ws = await warnings('fleet.power-cut', v.id);
    expect(ws).toHaveLength(1);
    expect(ws[0]!.severity).toBe('high');
    expect(ws[0]!.title).toContain('断电');
    expect(await warnings('fleet.power-cut', late.id)).toHaveLength(0);
    // power back, then cut again: a second episode
    await evaluateLivePoints(await ctx(), [...run(v, '2025-11-12T09:10:00+08:00', 1, 30, 40), ...run(v, '2025-11-12T09:20:00+08:00', 1, 30, 40, { alarm: 1 << 8 })]);
    expect(await warnings('fleet.power-cut', v.id)).toHaveLength(2);
  });

  it('a sealed car moving raises fleet.sealed-moving; an in-use car does not', async () => {
    const sealed = await car(units[0]!, 'sealed');
    const used = await car(units[0]!);
    await evaluateLivePoints(await ctx(), [...run(sealed, '2025-10-02T14:00:00+08:00', 3, 30, 35), ...run(used, '2025-10-02T14:00:00+08:00', 3, 30, 35)]);
    const ws = await warnings('fleet.sealed-moving', sealed.id);
    expect(ws).toHaveLength(1);
    expect(ws[0]!.severity).toBe('high');
    expect(await warnings('fleet.sealed-moving', used.id)).toHaveLength(0);
  });

  it('long idling: ignition on and standing for 16 minutes raises, 10 minutes does not', async () => {
    const idle = await car(units[0]!);
    const short = await car(units[0]!);
    await evaluateLivePoints(await ctx(), [
      ...run(idle, '2025-11-12T15:00:00+08:00', 17, 60, 0, { status: 3 }).map((p) => ({ ...p, lon: 117_120_000 })),
      ...run(short, '2025-11-12T15:00:00+08:00', 11, 60, 0, { status: 3 }).map((p) => ({ ...p, lon: 117_120_000 })),
    ]);
    const ws = await warnings('fleet.idling', idle.id);
    expect(ws).toHaveLength(1);
    expect(ws[0]!.evidence).toMatchObject({ minMinutes: 15 });
    expect(await warnings('fleet.idling', short.id)).toHaveLength(0);
  });

  it('geofences: polygon keep-out, circle and corridor stay-inside, and the province boundary', async () => {
    expect(distanceM(117, 36.5, 117, 36.51)).toBeGreaterThan(1100);
    // polygon keep-out around a block of 济南, for units[1]
    const poly = await province.post('/api/telematics/geofences', {
      name: '测试禁入区',
      shape: 'polygon',
      geometry: [[117.0, 36.65], [117.02, 36.65], [117.02, 36.67], [117.0, 36.67]],
      rule: 'keep_out',
      unitId: units[1],
    });
    expect(poly.statusCode, poly.body).toBe(200);
    const circle = await province.post('/api/telematics/geofences', {
      name: '测试圆形区域',
      shape: 'circle',
      geometry: { lon: 117.1, lat: 36.6, radiusM: 1000 },
      rule: 'stay_inside',
      unitId: units[2],
    });
    expect(circle.statusCode, circle.body).toBe(200);
    const corridor = await province.post('/api/telematics/geofences', {
      name: '测试路线走廊',
      shape: 'corridor',
      geometry: { line: [[117.0, 36.5], [117.1, 36.5]], widthM: 200 },
      rule: 'stay_inside',
      unitId: units[3],
    });
    expect(corridor.statusCode, corridor.body).toBe(200);
    // validation and permission
    expect((await province.post('/api/telematics/geofences', { name: '两点', shape: 'polygon', geometry: [[117, 36], [117.1, 36.1]], rule: 'keep_out', unitId: units[1] })).statusCode).toBe(400);
    expect((await province.post('/api/telematics/geofences', { name: '太大', shape: 'circle', geometry: { lon: 117, lat: 36, radiusM: 500_000 }, rule: 'keep_out', unitId: units[1] })).statusCode).toBe(400);
    expect((await province.post('/api/telematics/geofences', { name: '县', shape: 'region', regionCode: '370102', rule: 'keep_out', unitId: units[1] })).statusCode).toBe(400);
    expect((await province.post('/api/telematics/geofences', { name: '测试禁入区', shape: 'circle', geometry: { lon: 117, lat: 36, radiusM: 500 }, rule: 'keep_out', unitId: units[1] })).statusCode).toBe(409);
    expect((await qingdao.post('/api/telematics/geofences', { name: '越权', shape: 'circle', geometry: { lon: 117, lat: 36, radiusM: 500 }, rule: 'keep_out', unitId: units[1] })).statusCode).toBe(404);
    const audit = await t.p.db.selectFrom('audit_log').select('action').where('action', '=', 'tm_geofence.create').execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
    const list = await jinan.get('/api/telematics/geofences?pageSize=50');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['测试禁入区', '测试圆形区域', '测试路线走廊']));
    expect((await qingdao.get('/api/telematics/geofences?pageSize=50')).json().items.map((g: { name: string }) => g.name)).not.toContain('测试禁入区');

    const polyId = poly.json().id as number;
    const intoPoly = await car(units[1]!);
    const besidePoly = await car(units[1]!);
    const inCircle = await car(units[2]!);
    const outCircle = await car(units[2]!);
    const onRoute = await car(units[3]!);
    const offRoute = await car(units[3]!);
    const T = '2025-11-12T10:00:00+08:00';
    const T2 = '2025-11-12T10:00:30+08:00';
    await evaluateLivePoints(await ctx(), [
      pt(intoPoly, T, 36.64, 117.01, 30),
      pt(intoPoly, T2, 36.66, 117.01, 30), // inside the keep-out block
      pt(besidePoly, T, 36.64, 117.01, 30),
      pt(besidePoly, T2, 36.64, 117.03, 30),
      pt(inCircle, T, 36.6045, 117.1, 30), // ≈ 500 m from the centre
      pt(outCircle, T, 36.618, 117.1, 30), // ≈ 2 km
      pt(onRoute, T, 36.5005, 117.05, 30), // ≈ 55 m off the line
      pt(offRoute, T, 36.51, 117.05, 30), // ≈ 1.1 km
    ]);
    const fenceWarnings = async (v: { id: number }) => warnings('fleet.geofence', v.id);
    const [w] = await fenceWarnings(intoPoly);
    expect(w?.subject_key).toBe(`vehicle:${intoPoly.id}:geofence:${polyId}:20251112100030`);
    expect(w?.severity).toBe('high');
    expect(w?.title).toContain('驶入');
    expect(await fenceWarnings(besidePoly)).toHaveLength(0);
    expect(await fenceWarnings(inCircle)).toHaveLength(0);
    expect(await fenceWarnings(outCircle)).toHaveLength(1);
    expect(await fenceWarnings(onRoute)).toHaveLength(0);
    expect(await fenceWarnings(offRoute)).toHaveLength(1);
    // staying out keeps the one warning; deactivating the fence stops new ones
    await evaluateLivePoints(await ctx(), [pt(outCircle, '2025-11-12T10:01:00+08:00', 36.62, 117.1, 30)]);
    expect(await fenceWarnings(outCircle)).toHaveLength(1);
    const off = await province.put(`/api/telematics/geofences/${circle.json().id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    await evaluateLivePoints(await ctx(), [pt(outCircle, '2025-11-12T10:02:00+08:00', 36.6, 117.1, 30), pt(outCircle, '2025-11-12T10:03:00+08:00', 36.63, 117.1, 30)]);
    expect(await fenceWarnings(outCircle)).toHaveLength(1);

    // the province boundary: a car in 北京 is outside 山东, one in 济南 inside
    const seeded = await seedTelematicsDemo(t.p.db);
    expect(seeded.geofenceId).not.toBeNull();
    expect((await seedTelematicsDemo(t.p.db)).geofenceId).toBe(seeded.geofenceId);
    const beijing = await car(units[4]!);
    const home = await car(units[4]!);
    await evaluateLivePoints(await ctx(new Date(Date.now() + 60_000)), [
      pt(beijing, '2025-11-12T12:00:00+08:00', 39.9042, 116.4074, 60),
      pt(home, '2025-11-12T12:00:00+08:00', 36.6512, 117.1201, 60),
    ]);
    const bj = await fenceWarnings(beijing);
    expect(bj).toHaveLength(1);
    expect(bj[0]!.subject_key).toContain(`:geofence:${seeded.geofenceId}:`);
    expect(bj[0]!.title).toContain('驶出');
    expect(await fenceWarnings(home)).toHaveLength(0);
  });

  it('off-hours by the working calendar, and trips without a dispatch', async () => {
    const v = await car(units[0]!);
    const trip = (id: number, from: string, to: string, dispatchId: number | null): ClosedTrip => ({
      id,
      vehicleId: v.id,
      unitId: v.unit_id,
      dispatchId,
      startedAt: new Date(from),
      endedAt: new Date(to),
      km: 12.5,
      startLat: 36_651_000,
      startLon: 117_120_000,
      endLat: 36_700_000,
      endLon: 117_200_000,
      maxSpeed: 650,
      points: 40,
    });
    const trips = [
      trip(9001, '2025-11-12T20:30:00+08:00', '2025-11-12T21:00:00+08:00', 1), // Wednesday evening
      trip(9002, '2025-10-01T10:00:00+08:00', '2025-10-01T11:00:00+08:00', 1), // 国庆节, a Wednesday
      trip(9003, '2025-09-28T10:00:00+08:00', '2025-09-28T11:00:00+08:00', 1), // Sunday worked in exchange
      trip(9004, '2025-11-13T10:00:00+08:00', '2025-11-13T11:00:00+08:00', null), // within hours, no dispatch
      trip(9005, '2025-11-13T19:30:00+08:00', '2025-11-13T20:15:00+08:00', 1), // runs past 20:00
    ];
    const r = await evaluateClosedTrips(await ctx(), trips);
    expect(r.kinds).toEqual({ 'fleet.off-hours': 3, 'fleet.no-dispatch': 1 });
    const off = await warnings('fleet.off-hours', v.id);
    const byKey = new Map(off.map((w) => [w.subject_key, w]));
    expect(byKey.get(`vehicle:${v.id}:trip:20251112203000`)?.severity).toBe('medium');
    expect(byKey.get(`vehicle:${v.id}:trip:20251001100000`)?.severity).toBe('high');
    expect(byKey.get(`vehicle:${v.id}:trip:20251001100000`)?.title).toContain('非工作日');
    expect(byKey.has(`vehicle:${v.id}:trip:20250928100000`)).toBe(false);
    expect(byKey.has(`vehicle:${v.id}:trip:20251113193000`)).toBe(true);
    const nd = await warnings('fleet.no-dispatch', v.id);
    expect(nd.map((w) => w.subject_key)).toEqual([`vehicle:${v.id}:trip:20251113100000`]);
    expect(nd[0]!.evidence).toMatchObject({ trip: { tripId: 9004, km: 12.5 } });
    // the same trips again: nothing new
    expect((await evaluateClosedTrips(await ctx(), trips)).raised).toBe(0);
    // the rule itself, without the database
    const h = (s: string) => new Date(s).getTime();
    expect(offHoursAt(h('2025-11-12T06:30:00+08:00'), h('2025-11-12T08:00:00+08:00'), 420, 1200, () => true)).toBe(h('2025-11-12T06:30:00+08:00'));
    expect(offHoursAt(h('2025-11-12T08:00:00+08:00'), h('2025-11-12T19:59:00+08:00'), 420, 1200, () => true)).toBeNull();
  });

  it('the offline job raises once per silence for in-use cars', async () => {
    const silent = await car(units[0]!);
    const recent = await car(units[0]!);
    const parked = await car(units[0]!, 'repair');
    const now = Date.now();
    for (const [v, minutesAgo, phone] of [[silent, 180, '13900000001'], [recent, 10, '13900000002'], [parked, 600, '13900000003']] as const) {
      await t.p.db
        .insertInto('tm_terminal')
        .values({ vehicle_id: v.id, phone, last_seen_at: new Date(now - minutesAgo * 60_000), online: false })
        .execute();
    }
    const run1 = (await OFFLINE_JOB.run({ platform: t.p, payload: null, signal: new AbortController().signal, runId: 0, attempt: 1, log: () => {} })) as { raised: number };
    expect(run1.raised).toBeGreaterThanOrEqual(1);
    expect(await warnings('fleet.offline', silent.id)).toHaveLength(1);
    expect(await warnings('fleet.offline', recent.id)).toHaveLength(0);
    expect(await warnings('fleet.offline', parked.id)).toHaveLength(0);
    await OFFLINE_JOB.run({ platform: t.p, payload: null, signal: new AbortController().signal, runId: 0, attempt: 1, log: () => {} });
    expect(await warnings('fleet.offline', silent.id)).toHaveLength(1);
  });

  it('fleet managers are told once per warning; a 济南 user does not see 青岛 alerts', async () => {
    const fleetUser = await t.p.db.selectFrom('app_user').select(['id', 'unit_id']).where('username', '=', 'fleet').executeTakeFirstOrThrow();
    const mine = await car(fleetUser.unit_id);
    await evaluateLivePoints(await ctx(), run(mine, '2025-11-14T09:00:00+08:00', 2, 30, 40, { alarm: 1 << 8 }));
    const [w] = await warnings('fleet.power-cut', mine.id);
    const notes = () =>
      t.p.db.selectFrom('notification').select('id').where('user_id', '=', fleetUser.id).where('object_type', '=', 'warning').where('object_id', '=', String(w!.id)).execute();
    expect(await notes()).toHaveLength(1);
    await evaluateLivePoints(await ctx(), run(mine, '2025-11-14T09:00:00+08:00', 2, 30, 40, { alarm: 1 << 8 }));
    expect(await notes()).toHaveLength(1);

    const qd = await car(qdUnit, 'in_use', 'B');
    await evaluateLivePoints(await ctx(), run(qd, '2025-11-14T09:00:00+08:00', 2, 30, 40, { alarm: 1 << 8 }).map((p) => ({ ...p, lat: 36_067_000, lon: 120_383_000 })));
    const [qw] = await warnings('fleet.power-cut', qd.id);
    expect(qw).toBeDefined();
    const seen = async (c: Client) => (await c.get('/api/warnings?module=fleet&kind=fleet.power-cut&pageSize=200')).json().items.map((x: { id: number }) => x.id);
    expect(await seen(qingdao)).toContain(qw!.id);
    expect(await seen(jinan)).not.toContain(qw!.id);
    expect(await seen(province)).toContain(qw!.id);
  });
});
