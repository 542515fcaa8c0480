import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestFix, beijingDay, closePositionPipeline, PositionPipeline, positionPipeline } from '../src/modules/telematics/position.service.js';
import type { ClosedTrip, LivePoint } from '../src/modules/telematics/telematics.types.js';
import { detect, type DetectorParams, haversineM, type TrackPoint } from '../src/modules/telematics/trip.detector.js';
import { REDETECT_JOB } from '../src/modules/telematics/trip.jobs.js';
import type { JobContext } from '../src/platform/jobs/job.registry.js';
import { type Client, signIn, useTestApp } from './helpers.js';

const PARAMS: DetectorParams = { stopRadiusM: 200, stopSeconds: 180, gapSeconds: 3600, useAcc: true };
const ACC = 1;
const FIXED = 2;

type P = [number, number]; // 1e-6 degrees
const A: P = [36_651_200, 117_120_000]; // 济南
const B: P = [36_651_200, 117_232_000]; // ≈ 10 km east
const C: P = [36_696_200, 117_232_000]; // ≈ 5 km north of B

/** A hand-built track: stays and straight drives, one fix every `step` seconds. */
class Track {
  points: TrackPoint[] = [];
  constructor(
    public t: number,
    public at: P,
  ) {}
  stay(seconds: number, opts: { step?: number; acc?: boolean; jitterM?: number } = {}) {
    const step = opts.step ?? 10;
    for (let s = 0; s < seconds; s += step) {
      const j: P = opts.jitterM ? jitter(this.points.length, opts.jitterM) : [0, 0];
      this.push(this.at[0] + j[0], this.at[1] + j[1], 0, opts.acc ?? true);
      this.t += step * 1000;
    }
    return this;
  }
  drive(to: P, kmh: number, opts: { step?: number } = {}) {
    const step = opts.step ?? 10;
    const dist = haversineM(this.at[0], this.at[1], to[0], to[1]);
    const n = Math.max(1, Math.ceil(dist / ((kmh / 3.6) * step)));
    for (let i = 1; i <= n; i++) {
      this.t += step * 1000;
      this.push(Math.round(this.at[0] + ((to[0] - this.at[0]) * i) / n), Math.round(this.at[1] + ((to[1] - this.at[1]) * i) / n), kmh * 10, true);
    }
    this.at = to;
    this.t += step * 1000;
    return this;
  }
  gap(seconds: number) {
    this.t += seconds * 1000;
    return this;
  }
  push(lat: number, lon: number, speed: number, acc: boolean) {
    this.points.push({ t: this.t, lat, lon, speed, status: FIXED | (acc ? ACC : 0) });
  }
}

/** Deterministic jitter inside a circle of `m` metres (1e-6 degrees; 1e-6° lat ≈ 0.111 m). */
function jitter(i: number, m: number): P {
  const a = (i * 2.399963) % (2 * Math.PI);
  const r = (((i * 7919) % 100) / 100) * m;
  return [Math.round((r * Math.cos(a)) / 0.111), Math.round((r * Math.sin(a)) / 0.0893)];
}

const km = (a: P, b: P) => haversineM(a[0], a[1], b[0], b[1]) / 1000;

describe('trip detection on hand-built tracks', () => {
  const T0 = Date.parse('2026-11-20T01:00:00Z');

  it('finds two trips separated by a 5-minute stop, with their distances', () => {
    // 90 km/h with a fix every 10 s: 250 m between fixes
    const tr = new Track(T0, A).stay(300).drive(B, 90).stay(300).drive(C, 90).stay(300);
    const { trips } = detect(tr.points, PARAMS);
    expect(trips).toHaveLength(2);
    expect(trips[0]!.km).toBeCloseTo(km(A, B), 1);
    expect(trips[1]!.km).toBeCloseTo(km(B, C), 1);
    expect(trips[0]!.endedAt).toBeLessThan(trips[1]!.startedAt);
    expect([trips[0]!.startLat, trips[0]!.startLon]).toEqual(A);
    expect([trips[0]!.endLat, trips[0]!.endLon]).toEqual(B);
    expect(trips[0]!.maxSpeed).toBe(900);
    // denser fixes (60 km/h, 5 s: 83 m apart) give the same answer within the stop radius
    const dense = detect(new Track(T0, A).stay(300, { step: 5 }).drive(B, 60, { step: 5 }).stay(300, { step: 5 }).drive(C, 60, { step: 5 }).stay(300, { step: 5 }).points, PARAMS).trips;
    expect(dense).toHaveLength(2);
    expect(Math.abs(dense[0]!.km - km(A, B))).toBeLessThan(0.25);
    expect(Math.abs(dense[1]!.km - km(B, C))).toBeLessThan(0.25);
  });

  it('a stop shorter than the stop time does not split the trip', () => {
    const tr = new Track(T0, A).stay(60).drive(B, 90).stay(120).drive(C, 90).stay(300);
    const { trips } = detect(tr.points, PARAMS);
    expect(trips).toHaveLength(1);
    expect(trips[0]!.km).toBeCloseTo(km(A, B) + km(B, C), 1);
  });

  it('GPS jitter within 200 m of a parked car is no trip', () => {
    const tr = new Track(T0, A).stay(3600, { jitterM: 95 });
    expect(detect(tr.points, PARAMS).trips).toHaveLength(0);
  });

  it('a data gap over an hour splits the trip', () => {
    const tr = new Track(T0, A).stay(60).drive(B, 90).gap(2 * 3600).drive(C, 90).stay(300);
    const { trips } = detect(tr.points, PARAMS);
    expect(trips).toHaveLength(2);
    expect(trips[0]!.km).toBeCloseTo(km(A, B), 1);
    // the second trip starts at the first fix after the gap: the way from B to it is not counted
    expect(trips[1]!.km).toBeLessThan(km(B, C));
    expect(trips[1]!.km).toBeGreaterThan(km(B, C) - 0.3);
  });

  it('ignition off ends the trip at once (with use_acc), and not without it', () => {
    const tr = new Track(T0, A).stay(60).drive(B, 90).stay(60, { acc: false }).stay(60).drive(C, 90).stay(300);
    const withAcc = detect(tr.points, PARAMS).trips;
    expect(withAcc).toHaveLength(2);
    expect(withAcc[0]!.km).toBeCloseTo(km(A, B), 1);
    expect(detect(tr.points, { ...PARAMS, useAcc: false }).trips).toHaveLength(1);
  });

  it('drops a position jump (over 250 km/h) from the distance', () => {
    const tr = new Track(T0, A).stay(60).drive(B, 90).stay(300);
    const clean = detect(tr.points, PARAMS).trips[0]!.km;
    const mid = Math.floor(tr.points.length / 2);
    tr.points[mid] = { ...tr.points[mid]!, lat: tr.points[mid]!.lat + 500_000 }; // 55 km north for one fix
    const { trips } = detect(tr.points, PARAMS);
    expect(trips).toHaveLength(1);
    expect(Math.abs(trips[0]!.km - clean)).toBeLessThan(0.3);
  });
});

describe('trips as positions arrive: storage, late points, daily figures, dispatches, HTTP ingest', () => {
  const t = useTestApp();
  let unitId: number;
  let vehicles: number[] = [];
  let province: Client;
  let day: string;
  /** two Beijing hours ago on a recent day, clear of midnight */
  let base: number;

  async function newVehicle(i: number, phone: string | null = null) {
    const r = await t.p.db
      .insertInto('fleet_vehicle')
      .values({ plate: `鲁AT9${String(100 + i)}`, brand: '红旗', model: 'H5', category_code: 'general', energy_type: 'petrol', displacement_l: '1.8', price: '150000', acquired_on: '2023-01-01', acquisition_method: 'purchase', unit_id: unitId, terminal_phone: phone, terminal_installed_on: phone ? '2023-01-10' : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  const fixesOf = (vehicleId: number, pts: TrackPoint[], backfill = false): IngestFix[] =>
    pts.map((p) => ({ vehicleId, fixMs: p.t, lat: p.lat, lon: p.lon, altitude: 30, speed: p.speed, direction: 90, alarm: 0, status: p.status, odometer: null, backfill }));

  const tripsOf = (vehicleId: number) =>
    t.p.db
      .selectFrom('fleet_trip')
      .select(['started_at', 'ended_at', 'km', 'dispatch_id', 'points', 'start_lat', 'end_lat', 'max_speed'])
      .where('vehicle_id', '=', vehicleId)
      .where('source', '=', 'telematics')
      .orderBy('started_at')
      .execute();

  const dayOf = (vehicleId: number) =>
    t.p.db.selectFrom('fleet_vehicle_day').select(['gps_km', 'gps_trips', 'gps_minutes', 'km', 'trips']).where('vehicle_id', '=', vehicleId).where('day', '=', sql<Date>`${day}::date`).executeTakeFirst();

  const track = () => new Track(base, A).stay(300).drive(B, 90).stay(300).drive(C, 90).stay(300);

  beforeAll(async () => {
    unitId = (await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', 'fleet').executeTakeFirstOrThrow()).unit_id;
    vehicles = [];
    for (let i = 0; i < 5; i++) vehicles.push(await newVehicle(i, i === 4 ? '14491234567' : null));
    // 02:00 Beijing, three days ago
    day = beijingDay(Date.now() - 3 * 86_400_000);
    base = Date.parse(`${day}T02:00:00+08:00`);
    province = await signIn(t.app, 'province');
  });
  afterAll(() => closePositionPipeline(t.p));

  it('stores trips as the fixes arrive and keeps the daily GPS figures equal to the trip sums', async () => {
    const v = vehicles[0]!;
    const pl = positionPipeline(t.p);
    const pts = track().points;
    // as a terminal would send them: a few fixes at a time, concurrently with nothing else
    for (let i = 0; i < pts.length; i += 7) await pl.submit(fixesOf(v, pts.slice(i, i + 7)));
    const trips = await tripsOf(v);
    expect(trips).toHaveLength(2);
    expect(Number(trips[0]!.km)).toBeCloseTo(km(A, B), 1);
    expect(Number(trips[1]!.km)).toBeCloseTo(km(B, C), 1);
    expect(trips[0]).toMatchObject({ start_lat: A[0], end_lat: B[0], max_speed: 900, dispatch_id: null });
    const d = (await dayOf(v))!;
    expect(Number(d.gps_km)).toBeCloseTo(trips.reduce((s, x) => s + Number(x.km), 0), 2);
    expect(d.gps_trips).toBe(2);
    const minutes = trips.reduce((s, x) => s + Math.ceil((new Date(x.ended_at).getTime() - new Date(x.started_at).getTime()) / 60_000), 0);
    expect(d.gps_minutes).toBe(minutes);
    expect(Number(d.km)).toBe(0); // the dispatch figures stay apart
    // the detector's state is checkpointed (at least whenever a trip closes)
    const m = await t.p.db.selectFrom('tm_motion').select(['last_fix_at']).where('vehicle_id', '=', v).executeTakeFirstOrThrow();
    expect(new Date(m.last_fix_at).getTime()).toBeGreaterThanOrEqual(new Date(trips[1]!.ended_at).getTime());
    // resending everything changes nothing
    const again = await pl.submit(fixesOf(v, pts));
    expect(again).toMatchObject({ stored: 0, duplicate: pts.length });
    expect(await tripsOf(v)).toHaveLength(2);
    expect(await t.p.db.selectFrom('tm_redetect').select('vehicle_id').where('vehicle_id', '=', v).execute()).toHaveLength(0);
  });

  it('after a restart the detector goes on from its checkpoint and the stored positions after it', async () => {
    const v = vehicles[0]!;
    const pl = positionPipeline(t.p);
    const last = (await t.p.db.selectFrom('tm_position').select(sql<number>`max(round(extract(epoch FROM fix_time) * 1000))::int8`.as('ms')).where('vehicle_id', '=', v).executeTakeFirstOrThrow()).ms;
    // a third drive: leave C, and mid-way the process "restarts" (the in-memory states are gone)
    const more = new Track(Number(last) + 10_000, C).drive(A, 90).stay(300).points;
    const half = Math.floor(more.length / 3);
    await pl.submit(fixesOf(v, more.slice(0, half)));
    pl.forget();
    await pl.submit(fixesOf(v, more.slice(half)));
    const trips = await tripsOf(v);
    expect(trips).toHaveLength(3);
    expect(Number(trips[2]!.km)).toBeCloseTo(km(C, A), 1);
  });

  it('a late stretch of fixes is re-detected into the same trips as in-order arrival', async () => {
    const v = vehicles[1]!;
    const pl = positionPipeline(t.p);
    const pts = track().points;
    // the arrival at B and most of the stop there arrive late (a coverage gap, back-filled afterwards)
    const from = 65;
    const to = 100;
    const early = [...pts.slice(0, from), ...pts.slice(to)];
    for (let i = 0; i < early.length; i += 10) await pl.submit(fixesOf(v, early.slice(i, i + 10)));
    const before = await tripsOf(v);
    await pl.submit(fixesOf(v, pts.slice(from, to), true));
    const stored = await t.p.db.selectFrom('tm_position').select(['backfill']).where('vehicle_id', '=', v).execute();
    expect(stored.filter((r) => r.backfill)).toHaveLength(to - from);
    expect(await t.p.db.selectFrom('tm_redetect').select('day').where('vehicle_id', '=', v).execute()).toHaveLength(1);

    const result = await REDETECT_JOB.run({ platform: t.p } as JobContext);
    expect(result).toMatchObject({ vehicles: 1 });
    const after = await tripsOf(v);
    const reference = (await tripsOf(vehicles[0]!)).slice(0, 2); // its first two trips: the same track
    const shape = (rows: typeof after) => rows.map((r) => [new Date(r.started_at).getTime(), new Date(r.ended_at).getTime(), Number(r.km)]);
    expect(shape(after)).toEqual(shape(reference));
    expect(shape(before)).not.toEqual(shape(reference)); // the gap had made the first drive look different
    const d = (await dayOf(v))!;
    expect(Number(d.gps_km)).toBeCloseTo(after.reduce((s, x) => s + Number(x.km), 0), 2);
    expect(d.gps_trips).toBe(after.length);
    expect(await t.p.db.selectFrom('tm_redetect').select('day').where('vehicle_id', '=', v).execute()).toHaveLength(0);
    // idempotent: queue the day again, same trips, same figures
    await t.p.db.insertInto('tm_redetect').values({ vehicle_id: v, day }).execute();
    await REDETECT_JOB.run({ platform: t.p } as JobContext);
    expect(shape(await tripsOf(v))).toEqual(shape(reference));
    expect((await dayOf(v))!.gps_trips).toBe(after.length);
    // and the live detector goes on from the re-detected state
    const more = new Track(pts.at(-1)!.t + 10_000, C).drive(A, 90).stay(300).points;
    await pl.submit(fixesOf(v, more));
    expect(await tripsOf(v)).toHaveLength(3);
  });

  it('links a trip to the dispatch of the car during which it ran', async () => {
    const v = vehicles[2]!;
    const fleetUser = await t.p.db.selectFrom('app_user').select(['id']).where('username', '=', 'fleet').executeTakeFirstOrThrow();
    const person = await t.p.db.selectFrom('person').select('id').where('id', 'not in', t.p.db.selectFrom('fleet_driver').select('person_id')).limit(1).executeTakeFirstOrThrow();
    const driver = await t.p.db
      .insertInto('fleet_driver')
      .values({ person_id: person.id, unit_id: unitId, licence_no: '370101199001019999', licence_class: 'C1', licence_expires_on: '2035-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pts = track().points;
    // the dispatch covers the first drive only
    const firstEnd = pts[0]!.t + 14 * 60_000;
    const during = sql<string>`tstzrange(to_timestamp(${pts[0]!.t / 1000}), to_timestamp(${firstEnd / 1000}))`;
    const req = await t.p.db
      .insertInto('fleet_request')
      .values({ requester_id: fleetUser.id, unit_id: unitId, purpose: '测试调度关联', passengers: 1, origin: '甲地', destination: '乙地', during, status: 'dispatched' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dispatch = await t.p.db
      .insertInto('fleet_dispatch')
      .values({ request_id: req.id, vehicle_id: v, driver_id: driver.id, during, status: 'assigned', dispatched_by: fleetUser.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seen: ClosedTrip[] = [];
    const live: LivePoint[] = [];
    // a pipeline of its own, to watch the hooks
    const pl = new PositionPipeline(t.p, {
      hooks: {
        livePoints: async (_ctx, p) => void live.push(...p),
        closedTrips: async (_ctx, c) => void seen.push(...c),
      },
    });
    await pl.submit(fixesOf(v, pts.slice(0, 20), true)); // back-filled: never live
    await pl.submit(fixesOf(v, pts.slice(20)));
    await pl.drain();
    const trips = await tripsOf(v);
    expect(trips.map((x) => x.dispatch_id)).toEqual([dispatch.id, null]);
    expect(seen.map((x) => x.dispatchId)).toEqual([dispatch.id, null]);
    expect(seen[0]).toMatchObject({ vehicleId: v, unitId, points: trips[0]!.points });
    expect(live).toHaveLength(pts.length - 20);
    expect(live.every((p) => !p.backfill && p.unitId === unitId)).toBe(true);
  });

  describe('HTTP bulk ingest', () => {
    let key: string;
    const URL = '/api/telematics/positions';
    const post = (payload: unknown, headers: Record<string, string> = { 'x-partner-code': 'PT-GPS', 'x-partner-key': key }) =>
      t.app.inject({ method: 'POST', url: URL, headers, payload: payload as object });

    beforeAll(async () => {
      const res = await province.post('/api/partners', { code: 'PT-GPS', name: '测试定位转发平台', scopes: ['telematics:positions'] });
      expect(res.statusCode, res.body).toBe(200);
      key = res.json().key;
    });

    it('takes positions by plate or terminal phone, idempotently, with trips and an audit row', async () => {
      const v = vehicles[3]!;
      const plate = (await t.p.db.selectFrom('fleet_vehicle').select('plate').where('id', '=', v).executeTakeFirstOrThrow()).plate;
      const pts = track().points;
      const items = pts.map((p) => ({ plate, fixTime: new Date(p.t).toISOString(), lat: p.lat / 1e6, lon: p.lon / 1e6, speed: p.speed / 10, direction: 90, acc: true }));
      const res = await post(items);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ stored: pts.length, duplicate: 0, rejected: 0, errors: [] });
      const trips = await tripsOf(v);
      expect(trips).toHaveLength(2);
      expect(Number(trips[0]!.km)).toBeCloseTo(km(A, B), 1);
      // resend: the same positions, nothing stored twice
      const again = await post(items);
      expect(again.json()).toEqual({ stored: 0, duplicate: pts.length, rejected: 0, errors: [] });
      expect(await tripsOf(v)).toHaveLength(2);
      const audit = await t.p.db.selectFrom('audit_log').select(['action', 'object_id', 'detail', 'result']).where('action', '=', 'tm_position.ingest').orderBy('seq').execute();
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ object_id: 'PT-GPS', result: 'success' });
      expect(JSON.parse(audit[1]!.detail)).toMatchObject({ stored: 0, duplicate: pts.length });

      // by terminal phone; the terminal's latest fix follows
      const byPhone = await post([{ terminalPhone: '14491234567', fixTime: new Date(Date.now() - 60_000).toISOString(), lat: 36.6, lon: 117.0, speed: 12.5, direction: 45, altitude: 50, odometerKm: 1234.5 }]);
      expect(byPhone.json()).toMatchObject({ stored: 1 });
      const term = await t.p.db.selectFrom('tm_terminal').select(['last_lat', 'last_lon', 'last_speed']).where('vehicle_id', '=', vehicles[4]!).executeTakeFirstOrThrow();
      expect(term).toEqual({ last_lat: 36_600_000, last_lon: 117_000_000, last_speed: 125 });
      const row = await t.p.db.selectFrom('tm_position').select(['odometer', 'altitude']).where('vehicle_id', '=', vehicles[4]!).executeTakeFirstOrThrow();
      expect(row).toEqual({ odometer: 12345, altitude: 50 });
    });

    it('refuses malformed batches whole and bad items one by one', async () => {
      const ok = { plate: '鲁AT9100', fixTime: new Date(Date.now() - 120_000).toISOString(), lat: 36.6, lon: 117.0, speed: 0, direction: 0 };
      expect((await post([{ ...ok, lat: 91 }])).statusCode).toBe(400);
      expect((await post([{ ...ok, fixTime: 'yesterday' }])).statusCode).toBe(400);
      expect((await post([{ ...ok, extra: 1 }])).statusCode).toBe(400);
      expect((await post([])).statusCode).toBe(400);
      expect((await post(Array.from({ length: 5001 }, () => ok))).statusCode).toBe(400);
      const res = await post([
        ok,
        { ...ok, plate: undefined },
        { ...ok, plate: '鲁AZZZZZ' },
        { ...ok, terminalPhone: '14491234567' },
        { ...ok, fixTime: '2020-01-01T00:00:00Z' },
      ]);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ stored: 1, duplicate: 0, rejected: 4 });
      expect(res.json().errors.map((e: { index: number; code: string }) => [e.index, e.code])).toEqual([
        [1, 'VEHICLE_REQUIRED'],
        [2, 'VEHICLE_UNKNOWN'],
        [3, 'VEHICLE_MISMATCH'],
        [4, 'FIX_TIME_OUT_OF_RANGE'],
      ]);
    });

    it('authenticates partners, and only with the positions scope', async () => {
      const item = [{ plate: '鲁AT9100', fixTime: new Date().toISOString(), lat: 36.6, lon: 117.0, speed: 0, direction: 0 }];
      expect((await post(item, {})).json().code).toBe('PARTNER_AUTH_REQUIRED');
      expect((await post(item, { 'x-partner-code': 'PT-GPS', 'x-partner-key': 'spk_wrong' })).json().code).toBe('PARTNER_INVALID');
      const other = await province.post('/api/partners', { code: 'PT-OIL2', name: '测试石油公司', scopes: ['fleet:transactions'] });
      expect((await post(item, { 'x-partner-code': 'PT-OIL2', 'x-partner-key': other.json().key })).json().code).toBe('PARTNER_SCOPE_DENIED');
      // a signed-in user is no partner
      expect((await province.post(URL, item)).statusCode).toBe(401);
    });
  });
});
