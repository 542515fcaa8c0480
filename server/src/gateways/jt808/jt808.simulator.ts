/**
 * JT/T 808 terminal simulator: N real TCP connections that register (0x0100), authenticate (0x0102) with the code the
 * platform returned, send heartbeats, and drive realistic days between real places in Shandong — trips in working
 * hours at 30–90 km/h with stops at lights, ACC off when parked, an odometer that only grows; some off-hours trips,
 * some pairs of cars driving the same route seconds apart, and some coverage gaps whose points are back-filled as a
 * 0x0704 type-1 batch. Positions wait for the platform's 0x8001 (counted, latency measured).
 *
 * Time: a simulated clock runs `timeScale` times faster than the wall clock (never ahead of the real now), and the
 * total send rate is capped at `rate` positions per second; when the cap or the acknowledgement window binds, the
 * simulated clock slows down rather than dropping points. Used by `steward simulate terminals`, tests and benches.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { mulberry32, Rng } from '../../seed/prng.js';
import { decodeFrame, encodeFrame, encodeSplitFrames, FrameSplitter, Jt808Error, type Jt808Frame } from './jt808.codec.js';
import {
  decodeGeneralReply,
  decodeRegisterReply,
  decodeTrackingCommand,
  encodeAuth,
  encodeGeneralReply,
  encodeLocation,
  encodeLocationBatch,
  encodePositionQueryReply,
  encodeRegister,
  MSG,
  REPLY,
  STATUS,
  type LocationInput,
} from './jt808.messages.js';
import { prefectureOf, SHANDONG_PLACES, type Place } from './jt808.places.js';

export interface SimTerminalSpec {
  /** terminal phone as bound in the archive (BCD digits, 11–20) */
  phone: string;
  plate: string;
  /** the vehicle's region (GB/T 2260); picks the home city. Without it a city is drawn. */
  regionCode?: string | null;
}

export interface SimulateOptions {
  host?: string;
  port: number;
  terminals: SimTerminalSpec[];
  /** cap on positions sent per wall-clock second, all terminals together (default: no cap) */
  rate?: number;
  /** wall-clock seconds to drive; without it, until `signal` aborts or `endAt` is reached */
  durationS?: number;
  /** simulated start (default: now, or earlier by durationS × (timeScale − 1) so that the run ends near now) */
  startAt?: Date;
  /** simulated end: stop when the simulated clock reaches it */
  endAt?: Date;
  /** simulated seconds per wall-clock second (default 1) */
  timeScale?: number;
  /** protocol of the terminals (default 2013; 'mixed' alternates) */
  version?: 2013 | 2019 | 'mixed';
  /** per car and day, the chance of an off-hours trip (evening or weekend) (default 0.1) */
  offHoursShare?: number;
  /** share of cars driving in pairs, the follower seconds behind the leader on the same route (default 0.1) */
  parallelShare?: number;
  /** per car and day, the chance of a coverage gap back-filled as 0x0704 type 1 (default 0.1) */
  backfillShare?: number;
  signal?: AbortSignal;
  /** called about once a second and at the end */
  onStats?: (s: SimStats) => void;
  seed?: number;
  /** simulated seconds between fixes while driving (default 10) and while parked (default 300) */
  drivingReportS?: number;
  parkedReportS?: number;
  /** wall-clock seconds of silence before a heartbeat (default 20) */
  heartbeatS?: number;
  /** an unacknowledged frame is given up after this many ms (default 30 000) */
  ackTimeoutMs?: number;
  /** frames awaiting 0x8001 per terminal before its clock waits (default 64) */
  maxInFlight?: number;
  /** simultaneous connection set-ups (default 200) */
  connectConcurrency?: number;
  /** reconnect (auth with the kept code) after the platform closes a connection (default true) */
  reconnect?: boolean;
  /** send large back-fills as split packets now and then (default true) */
  splitBackfill?: boolean;
}

export interface LatencyStats {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SimStats {
  terminals: number;
  connected: number;
  registered: number;
  authenticated: number;
  registerFailed: number;
  authFailed: number;
  /** 0x0200 frames */
  locationsSent: number;
  /** 0x0704 batches (a split batch counts once) and the points in them */
  batchesSent: number;
  batchPointsSent: number;
  heartbeatsSent: number;
  framesSent: number;
  bytesSent: number;
  /** positions acknowledged with result 0 (live and batched) */
  acked: number;
  /** positions answered with a non-zero result */
  nacked: number;
  /** frames given up after ackTimeoutMs */
  ackTimeouts: number;
  latency: LatencyStats;
  disconnects: number;
  reconnects: number;
  positionQueries: number;
  trackingCommands: number;
  /** frames from the platform that did not decode */
  badFrames: number;
  /** trips planned for the simulated days touched (some may lie after the end of the run) */
  trips: number;
  offHoursTrips: number;
  backfillGaps: number;
  parallelPairs: [string, string][];
  simTime: Date;
  /** wall-clock seconds from the first position to the end of sending */
  elapsedS: number;
  /** positions sent / elapsedS */
  sentPerS: number;
  ackedPerS: number;
}

// ---------------------------------------------------------------- geometry

/** [latitude, longitude] in degrees */
export type LatLon = [number, number];
const R = 6_371_000;
const rad = (d: number) => (d * Math.PI) / 180;

export function distanceM(a: LatLon, b: LatLon): number {
  const dLat = rad(b[0] - a[0]);
  const dLon = rad(b[1] - a[1]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

function bearing(a: LatLon, b: LatLon): number {
  const y = Math.sin(rad(b[1] - a[1])) * Math.cos(rad(b[0]));
  const x = Math.cos(rad(a[0])) * Math.sin(rad(b[0])) - Math.sin(rad(a[0])) * Math.cos(rad(b[0])) * Math.cos(rad(b[1] - a[1]));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** The point `m` metres from p towards bearing `deg` (flat approximation, fine below ~50 km). */
function offset(p: LatLon, m: number, deg: number): LatLon {
  const dy = m * Math.cos(rad(deg));
  const dx = m * Math.sin(rad(deg));
  return [p[0] + dy / 110_540, p[1] + dx / (111_320 * Math.cos(rad(p[0])))];
}

interface Phase {
  /** seconds from departure */
  t0: number;
  t1: number;
  /** metres along the route */
  s0: number;
  s1: number;
  /** km/h while in the phase (0 at a light) */
  kmh: number;
}

/** A route and its motion, a pure function of the time since departure (so a follower can replay it). */
export interface TripPlan {
  from: string;
  to: string;
  pts: LatLon[];
  cum: number[];
  lengthM: number;
  durationS: number;
  phases: Phase[];
}

/** Straight-ish segments from a to b with waypoint jitter, cruising speeds and stops at lights. */
export function planTrip(a: LatLon, b: LatLon, rng: Rng, names: { from: string; to: string }): TripPlan {
  const direct = distanceM(a, b);
  const n = Math.max(2, Math.round(direct / 1500));
  const along = bearing(a, b);
  const sigma = Math.min(250, 0.03 * direct);
  const pts: LatLon[] = [a];
  let off = 0;
  for (let i = 1; i < n; i++) {
    off = off * 0.6 + (rng.next() * 2 - 1) * sigma;
    const base: LatLon = [a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n];
    pts.push(offset(base, off, along + 90));
  }
  pts.push(b);
  const cum = [0];
  for (let i = 1; i < pts.length; i++) cum.push(cum[i - 1]! + distanceM(pts[i - 1]!, pts[i]!));
  const lengthM = cum[cum.length - 1]!;
  const highway = direct > 25_000;
  const phases: Phase[] = [];
  let s = 0;
  let t = 0;
  while (s < lengthM) {
    const d = Math.min(lengthM - s, highway ? 3000 + rng.next() * 9000 : 400 + rng.next() * 1100);
    const kmh = highway ? 60 + rng.next() * 30 : 30 + rng.next() * 30;
    const dt = d / (kmh / 3.6);
    phases.push({ t0: t, t1: t + dt, s0: s, s1: s + d, kmh });
    s += d;
    t += dt;
    if (s < lengthM && rng.chance(highway ? 0.05 : 0.55)) {
      const stop = 15 + rng.next() * 45;
      phases.push({ t0: t, t1: t + stop, s0: s, s1: s, kmh: 0 });
      t += stop;
    }
  }
  return { ...names, pts, cum, lengthM, durationS: t, phases };
}

/** Where the car is `tau` seconds after departure: point, metres along, speed and heading. */
export function tripStateAt(trip: TripPlan, tau: number): { p: LatLon; s: number; kmh: number; dir: number } {
  const ph = trip.phases;
  let lo = 0;
  let hi = ph.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ph[mid]!.t1 <= tau) lo = mid + 1;
    else hi = mid;
  }
  const f = ph[lo]!;
  const s = Math.min(f.s1, f.s0 + Math.max(0, tau - f.t0) * (f.kmh / 3.6));
  // segment of the polyline
  let a = 0;
  let b = trip.cum.length - 1;
  while (a < b - 1) {
    const mid = (a + b) >> 1;
    if (trip.cum[mid]! <= s) a = mid;
    else b = mid;
  }
  const p0 = trip.pts[a]!;
  const p1 = trip.pts[b]!;
  const segLen = trip.cum[b]! - trip.cum[a]! || 1;
  const k = (s - trip.cum[a]!) / segLen;
  return { p: [p0[0] + (p1[0] - p0[0]) * k, p0[1] + (p1[1] - p0[1]) * k], s, kmh: f.kmh, dir: bearing(p0, p1) };
}

// ---------------------------------------------------------------- days

const DAY = 86_400_000;
const BJ = 8 * 3_600_000;
const beijingDayStart = (ms: number) => Math.floor((ms + BJ) / DAY) * DAY - BJ;
const H = 3_600_000;
const MIN = 60_000;

interface Drive {
  departAt: number;
  endAt: number;
  trip: TripPlan;
  offHours: boolean;
  /** coverage gap (absolute ms): fixes inside are stored and back-filled */
  gap?: { from: number; to: number };
}

interface DayPlan {
  day: number;
  drives: Drive[];
  /** odometer (m) at the start of the day */
  odoStartM: number;
  drivenM: number;
}

function hashSeed(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h ^= x >>> 0;
    h = Math.imul(h, 0x01000193);
    h ^= Math.floor(x / 4294967296);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function inBearing(deg: number, range: [number, number] | undefined): boolean {
  if (!range) return true;
  const [a, b] = range;
  return a <= b ? deg >= a && deg <= b : deg >= a || deg <= b;
}

// ---------------------------------------------------------------- latency histogram

class Latency {
  private readonly buckets = new Uint32Array(10_001);
  count = 0;
  private sum = 0;
  private max = 0;
  add(ms: number) {
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
    this.buckets[Math.min(10_000, Math.max(0, Math.round(ms)))]!++;
  }
  snapshot(): LatencyStats {
    const q = (p: number) => {
      if (!this.count) return 0;
      const want = Math.ceil(this.count * p);
      let n = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        n += this.buckets[i]!;
        if (n >= want) return i;
      }
      return this.max;
    };
    return { count: this.count, meanMs: this.count ? this.sum / this.count : 0, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), maxMs: this.max };
  }
}

// ---------------------------------------------------------------- a terminal

interface InFlight {
  serials: number[];
  points: number;
  sentAt: number;
  heartbeat: boolean;
}

interface Waiter {
  match: (f: Jt808Frame) => boolean;
  resolve: (f: Jt808Frame) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

type Counters = Omit<SimStats, 'latency' | 'parallelPairs' | 'simTime' | 'elapsedS' | 'sentPerS' | 'ackedPerS' | 'terminals' | 'connected'>;

class Terminal {
  readonly version: 2013 | 2019;
  home: LatLon;
  homePlace: Place;
  leader?: Terminal;
  leadDelayMs = 0;
  socket?: net.Socket;
  /** TCP connection up */
  tcpUp = false;
  ready = false;
  closedByUs = false;
  authCode?: string;
  nextAt = 0;
  /** heap position */
  hi = -1;
  private serialNo = 0;
  private splitter = new FrameSplitter();
  private waiters: Waiter[] = [];
  readonly inflight = new Map<number, InFlight>();
  inflightFrames = 0;
  backlog: LocationInput[] = [];
  out: Buffer[] = [];
  lastSentReal = 0;
  tracking?: { intervalS: number; until: number };
  private days = new Map<number, DayPlan>();
  readonly odoBaseM: number;
  readonly parkPhaseS: number;
  readonly rng: Rng;

  constructor(
    readonly spec: SimTerminalSpec,
    readonly index: number,
    readonly sim: Simulation,
  ) {
    const o = sim.opts;
    const wantV = o.version === 'mixed' ? (index % 2 ? 2019 : 2013) : (o.version ?? 2013);
    this.version = spec.phone.length > 12 ? 2019 : wantV;
    this.rng = new Rng(mulberry32(hashSeed(sim.seed, index)));
    const city = prefectureOf(spec.regionCode);
    const inCity = SHANDONG_PLACES.filter((p) => p.city === city && (p.kind === 'government' || p.kind === 'county' || p.kind === 'province'));
    this.homePlace = inCity.length ? this.rng.pick(inCity) : this.rng.pick(SHANDONG_PLACES.filter((p) => p.kind === 'government'));
    this.home = offset([this.homePlace.lat, this.homePlace.lon], 30 + this.rng.next() * 120, this.rng.next() * 360);
    this.odoBaseM = (5_000 + this.rng.next() * 195_000) * 1000;
    this.parkPhaseS = Math.floor(this.rng.next() * (o.parkedReportS ?? 300));
  }

  // ------------------------------------------------------------ plans

  private pickDestination(rng: Rng, from: Place): { p: LatLon; name: string } {
    const city = SHANDONG_PLACES.filter((p) => p.city === from.city && p !== from && distanceM([p.lat, p.lon], [from.lat, from.lon]) < 80_000);
    const r = rng.next();
    if (r < 0.08 && !from.coastal) {
      const far = SHANDONG_PLACES.filter(
        (p) => p.city !== from.city && !p.coastal && (p.kind === 'government' || p.kind === 'province') && distanceM([p.lat, p.lon], [from.lat, from.lon]) < 150_000,
      );
      if (far.length) {
        const p = rng.pick(far);
        return { p: offset([p.lat, p.lon], rng.next() * 100, rng.next() * 360), name: p.name };
      }
    }
    if (city.length && r < 0.7) {
      const p = rng.pick(city);
      return { p: offset([p.lat, p.lon], rng.next() * 100, rng.next() * 360), name: p.name };
    }
    // a site visit 2–10 km away, on the land side of a coastal place
    let deg = rng.next() * 360;
    for (let i = 0; i < 20 && !inBearing(deg, from.landward); i++) deg = rng.next() * 360;
    if (!inBearing(deg, from.landward)) deg = from.landward![0];
    return { p: offset(this.home, 2000 + rng.next() * 8000, deg), name: `${from.name}附近` };
  }

  private roundTrip(rng: Rng, departAt: number, dest: { p: LatLon; name: string }, offHours: boolean): Drive[] {
    const out = planTrip(this.home, dest.p, rng, { from: this.homePlace.name, to: dest.name });
    const back = planTrip(dest.p, this.home, rng, { from: dest.name, to: this.homePlace.name });
    const sec = (ms: number) => Math.ceil(ms / 1000) * 1000;
    const arrive = sec(departAt + out.durationS * 1000);
    const backAt = sec(arrive + (20 + rng.next() * 100) * MIN);
    return [
      { departAt: sec(departAt), endAt: arrive, trip: out, offHours },
      { departAt: backAt, endAt: sec(backAt + back.durationS * 1000), trip: back, offHours },
    ];
  }

  private makeDay(day: number): Drive[] {
    const o = this.sim.opts;
    const rng = new Rng(mulberry32(hashSeed(this.sim.seed, this.index, day / DAY)));
    const weekday = new Date(day + BJ).getUTCDay();
    const working = weekday >= 1 && weekday <= 5;
    const drives: Drive[] = [];
    if (working) {
      const k = rng.weighted([0, 1, 2, 3], [0.25, 0.45, 0.25, 0.05]);
      let t = day + 8.5 * H + rng.next() * 90 * MIN;
      for (let i = 0; i < k; i++) {
        const rt = this.roundTrip(rng, Math.round(t), this.pickDestination(rng, this.homePlace), false);
        if (rt[1]!.endAt > day + 18 * H) break;
        drives.push(...rt);
        t = rt[1]!.endAt + (15 + rng.next() * 75) * MIN;
      }
    }
    if (rng.chance(o.offHoursShare ?? 0.1)) {
      const depart = working ? day + 19 * H + rng.next() * 150 * MIN : day + 9 * H + rng.next() * 8 * H;
      const rt = this.roundTrip(rng, Math.round(depart), this.pickDestination(rng, this.homePlace), true);
      const clash = drives.some((d) => d.endAt > rt[0]!.departAt - 10 * MIN && d.departAt < rt[1]!.endAt + 10 * MIN);
      if (!clash && rt[1]!.endAt < day + 23.5 * H) drives.push(...rt);
    }
    drives.sort((a, b) => a.departAt - b.departAt);
    if (drives.length && rng.chance(o.backfillShare ?? 0.1)) {
      const d = rng.pick(drives);
      const dur = d.endAt - d.departAt;
      if (dur > 6 * MIN) {
        const from = d.departAt + Math.round(dur * (0.2 + rng.next() * 0.3));
        d.gap = { from, to: from + Math.round(Math.min(dur * 0.5, (5 + rng.next() * 10) * MIN)) };
      }
    }
    return drives;
  }

  plan(day: number): DayPlan {
    let p = this.days.get(day);
    if (p) return p;
    let drives: Drive[];
    if (this.leader) {
      // the follower replays the leader's day a few seconds behind, on the same routes
      drives = this.leader.plan(day).drives.map((d) => ({ ...d, departAt: d.departAt + this.leadDelayMs, endAt: d.endAt + this.leadDelayMs, gap: undefined }));
    } else drives = this.makeDay(day);
    const prev = this.days.get(day - DAY);
    const odoStartM = prev ? prev.odoStartM + prev.drivenM : this.odoBaseM;
    p = { day, drives, odoStartM, drivenM: drives.reduce((a, d) => a + d.trip.lengthM, 0) };
    this.days.set(day, p);
    for (const k of this.days.keys()) if (k < day - DAY) this.days.delete(k);
    const c = this.sim.counters;
    c.trips += drives.length;
    c.offHoursTrips += drives.filter((d) => d.offHours).length;
    c.backfillGaps += drives.filter((d) => d.gap).length;
    return p;
  }

  /** The fix at simulated time t, and whether it falls in a coverage gap. */
  fixAt(t: number): { loc: LocationInput; inGap: boolean; driving?: Drive } {
    const plan = this.plan(beijingDayStart(t));
    let odoM = plan.odoStartM;
    let place: LatLon = this.home;
    let driving: Drive | undefined;
    let kmh = 0;
    let dir = 0;
    for (const d of plan.drives) {
      if (d.departAt > t) break;
      if (t < d.endAt) {
        const st = tripStateAt(d.trip, (t - d.departAt) / 1000);
        driving = d;
        odoM += st.s;
        place = st.p;
        kmh = st.kmh ? st.kmh * (0.95 + this.rng.next() * 0.1) : 0;
        dir = st.dir;
        break;
      }
      odoM += d.trip.lengthM;
      place = d.trip.pts[d.trip.pts.length - 1]!;
    }
    // GPS noise of a few metres
    const p = offset(place, this.rng.next() * 4, this.rng.next() * 360);
    const odoKm = odoM / 1000;
    const fuelL = 55 - ((odoKm - this.odoBaseM / 1000) % 500) * 0.08;
    const loc: LocationInput = {
      alarm: 0,
      status: STATUS.FIXED | STATUS.GPS | STATUS.BEIDOU | (driving ? STATUS.ACC : 0),
      lat: Math.round(p[0] * 1e6),
      lon: Math.round(p[1] * 1e6),
      altitude: 30 + Math.round(this.rng.next() * 20),
      speed: Math.round(kmh * 10),
      direction: Math.round(dir) % 360,
      fixTime: new Date(Math.floor(t / 1000) * 1000),
      odometer: Math.floor(odoKm * 10),
      fuel: Math.max(0, Math.round(fuelL * 10)),
      signal: 15 + Math.floor(this.rng.next() * 17),
      satellites: 8 + Math.floor(this.rng.next() * 13),
    };
    const inGap = !!driving?.gap && t >= driving.gap.from && t < driving.gap.to;
    return { loc, inGap, driving };
  }

  /** The next report time after t. */
  nextAfter(t: number): number {
    // whole seconds (the BCD time has no more), and at least one second later
    return Math.max(t + 1000, Math.ceil(this.nextRaw(t) / 1000) * 1000);
  }

  private nextRaw(t: number): number {
    const o = this.sim.opts;
    const tr = this.tracking && t < this.tracking.until ? this.tracking.intervalS * 1000 : 0;
    const plan = this.plan(beijingDayStart(t));
    for (const d of plan.drives) {
      if (d.departAt > t) {
        const park = this.nextParkSlot(t, tr);
        return Math.min(park, d.departAt);
      }
      if (t < d.endAt) return Math.min(d.endAt, t + (tr || (o.drivingReportS ?? 10) * 1000));
    }
    return this.nextParkSlot(t, tr);
  }

  private nextParkSlot(t: number, trackingMs: number): number {
    if (trackingMs) return t + trackingMs;
    const step = (this.sim.opts.parkedReportS ?? 300) * 1000;
    const phase = this.parkPhaseS * 1000;
    return Math.floor((t - phase) / step) * step + phase + step;
  }

  // ------------------------------------------------------------ wire

  private nextSerial(): number {
    const s = this.serialNo;
    this.serialNo = (this.serialNo + 1) & 0xffff;
    return s;
  }

  private frame(msgId: number, body: Buffer, serial = this.nextSerial()): Buffer {
    return encodeFrame({ msgId, phone: this.spec.phone, serial, body, version: this.version });
  }

  private write(buf: Buffer) {
    this.out.push(buf);
    this.sim.dirty.add(this);
    this.sim.counters.framesSent++;
    this.sim.counters.bytesSent += buf.length;
  }

  flush() {
    if (!this.out.length) return;
    const buf = this.out.length === 1 ? this.out[0]! : Buffer.concat(this.out);
    this.out = [];
    if (this.socket && !this.socket.destroyed) this.socket.write(buf);
    this.lastSentReal = performance.now();
  }

  blocked(): boolean {
    return this.ready && (this.inflightFrames >= (this.sim.opts.maxInFlight ?? 64) || (this.socket?.writableLength ?? 0) > 1 << 20);
  }

  private track(serials: number[], points: number, heartbeat = false) {
    const f: InFlight = { serials, points, sentAt: performance.now(), heartbeat };
    for (const s of serials) this.inflight.set(s, f);
    this.inflightFrames++;
  }

  /** Sends (or stores) the fix due at t; returns the number of positions put on the wire. */
  report(t: number): number {
    const { loc, inGap } = this.fixAt(t);
    if (inGap || !this.ready) {
      if (this.backlog.length < 5000) this.backlog.push(loc);
      return 0;
    }
    let sent = this.flushBacklog();
    const serial = this.nextSerial();
    this.write(this.frame(MSG.LOCATION, encodeLocation(loc), serial));
    this.track([serial], 1);
    this.sim.counters.locationsSent++;
    sent++;
    return sent;
  }

  private flushBacklog(): number {
    if (!this.backlog.length) return 0;
    const points = this.backlog;
    this.backlog = [];
    const c = this.sim.counters;
    let i = 0;
    // half of the long back-fills (decided by the gap, not by timing) go as one batch in split packets
    const split = (hashSeed(this.sim.seed, this.index, points[0]!.fixTime.getTime() / 1000) & 1) === 0;
    if ((this.sim.opts.splitBackfill ?? true) && points.length > 30 && split) {
      // one large batch as split packets, as terminals do after a long gap
      const n = Math.min(points.length, 250);
      const body = encodeLocationBatch({ type: 1, locations: points.slice(0, n) });
      const first = this.serialNo;
      const frames = encodeSplitFrames({ msgId: MSG.LOCATION_BATCH, phone: this.spec.phone, serial: first, body, version: this.version });
      const serials = frames.map((_, k) => (first + k) & 0xffff);
      this.serialNo = (first + frames.length) & 0xffff;
      for (const f of frames) this.write(f);
      this.track(serials, n);
      c.batchesSent++;
      c.batchPointsSent += n;
      i = n;
    }
    while (i < points.length) {
      // as many entries as fit in one 1023-byte body
      let size = 3;
      let j = i;
      const bodies: Buffer[] = [];
      while (j < points.length) {
        const b = encodeLocation(points[j]!);
        if (size + 2 + b.length > 1023) break;
        size += 2 + b.length;
        bodies.push(b);
        j++;
      }
      const batch = encodeLocationBatch({ type: 1, locations: points.slice(i, j) });
      const serial = this.nextSerial();
      this.write(this.frame(MSG.LOCATION_BATCH, batch, serial));
      this.track([serial], j - i);
      c.batchesSent++;
      c.batchPointsSent += j - i;
      i = j;
    }
    return points.length;
  }

  heartbeat() {
    const serial = this.nextSerial();
    this.write(this.frame(MSG.HEARTBEAT, Buffer.alloc(0), serial));
    this.track([serial], 0, true);
    this.sim.counters.heartbeatsSent++;
    this.flush();
  }

  expire(now: number, timeoutMs: number) {
    for (const f of this.inflight.values()) {
      if (now - f.sentAt < timeoutMs) continue;
      // all serials of the frame go at once, so each frame is met once here
      for (const x of f.serials) this.inflight.delete(x);
      this.inflightFrames--;
      if (!f.heartbeat) this.sim.counters.ackTimeouts++;
    }
  }

  private onFrame(f: Jt808Frame) {
    for (const w of this.waiters) {
      if (!w.match(f)) continue;
      clearTimeout(w.timer);
      this.waiters = this.waiters.filter((x) => x !== w);
      w.resolve(f);
      return;
    }
    const c = this.sim.counters;
    switch (f.msgId) {
      case MSG.PLATFORM_REPLY: {
        const r = decodeGeneralReply(f.body);
        const fl = this.inflight.get(r.replySerial);
        if (!fl) return;
        for (const s of fl.serials) this.inflight.delete(s);
        this.inflightFrames--;
        if (fl.heartbeat) return;
        this.sim.latency.add(performance.now() - fl.sentAt);
        if (r.result === REPLY.OK || r.result === REPLY.ALARM_CONFIRMED) c.acked += fl.points;
        else c.nacked += fl.points;
        return;
      }
      case MSG.POSITION_QUERY: {
        c.positionQueries++;
        const { loc } = this.fixAt(this.sim.clock);
        this.write(this.frame(MSG.POSITION_QUERY_REPLY, encodePositionQueryReply({ replySerial: f.serial, location: loc })));
        this.flush();
        return;
      }
      case MSG.TEMP_TRACKING: {
        c.trackingCommands++;
        const cmd = decodeTrackingCommand(f.body);
        this.tracking = cmd.intervalS > 0 ? { intervalS: cmd.intervalS, until: this.sim.clock + cmd.durationS * 1000 } : undefined;
        this.write(this.frame(MSG.TERMINAL_REPLY, encodeGeneralReply({ replySerial: f.serial, replyId: f.msgId, result: REPLY.OK })));
        this.flush();
        return;
      }
      default:
        if (f.msgId >= 0x8000 && f.msgId !== MSG.REGISTER_REPLY) {
          this.write(this.frame(MSG.TERMINAL_REPLY, encodeGeneralReply({ replySerial: f.serial, replyId: f.msgId, result: REPLY.UNSUPPORTED })));
          this.flush();
        }
    }
  }

  private waitFor(match: (f: Jt808Frame) => boolean, timeoutMs: number): Promise<Jt808Frame> {
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          reject(new Error('timeout'));
        }, timeoutMs),
      };
      this.waiters.push(w);
    });
  }

  private failWaiters(e: Error) {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(e);
    }
    this.waiters = [];
  }

  /** Connects, registers when it has no auth code, authenticates. Resolves true when ready. */
  async connect(): Promise<boolean> {
    const o = this.sim.opts;
    const c = this.sim.counters;
    const socket = net.connect({ host: o.host ?? '127.0.0.1', port: o.port });
    socket.setNoDelay(true);
    this.socket = socket;
    this.splitter = new FrameSplitter();
    socket.on('data', (chunk: Buffer) => {
      for (const raw of this.splitter.push(chunk)) {
        try {
          this.onFrame(decodeFrame(raw));
        } catch (e) {
          if (!(e instanceof Jt808Error)) throw e;
          c.badFrames++;
        }
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => this.onClose(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('close', () => reject(new Error('closed')));
      });
      this.tcpUp = true;
      this.sim.connected++;
      if (!this.authCode) {
        const serial = this.nextSerial();
        const regionCity = this.spec.regionCode && /^37\d{4}/.test(this.spec.regionCode) ? Number(this.spec.regionCode.slice(2, 6)) : 0;
        const body = encodeRegister(
          {
            province: 37,
            city: regionCity,
            manufacturer: this.version === 2019 ? 'STEWARDSIM' : 'STWRD',
            model: 'SIM-808',
            terminalId: this.spec.phone.slice(-7),
            plateColor: 1,
            plate: this.spec.plate,
          },
          this.version,
        );
        const reply = this.waitFor((f) => f.msgId === MSG.REGISTER_REPLY, 10_000);
        this.write(this.frame(MSG.REGISTER, body, serial));
        this.flush();
        const r = decodeRegisterReply((await reply).body);
        if (r.result !== 0 || !r.authCode) {
          c.registerFailed++;
          this.closedByUs = true;
          socket.destroy();
          return false;
        }
        this.authCode = r.authCode;
        c.registered++;
      }
      const serial = this.nextSerial();
      const ack = this.waitFor((f) => f.msgId === MSG.PLATFORM_REPLY && f.body.length >= 5 && f.body.readUInt16BE(2) === MSG.AUTH, 10_000);
      const imei = `86${this.spec.phone.replace(/^0+/, '')}`.padEnd(15, '0').slice(0, 15);
      this.write(this.frame(MSG.AUTH, encodeAuth({ code: this.authCode, imei, firmware: 'SIM-1.0' }, this.version), serial));
      this.flush();
      const r = decodeGeneralReply((await ack).body);
      if (r.result !== 0) {
        c.authFailed++;
        this.authCode = undefined; // register again next time
        this.closedByUs = true;
        socket.destroy();
        return false;
      }
      c.authenticated++;
      this.ready = true;
      this.lastSentReal = performance.now();
      return true;
    } catch {
      if (!socket.destroyed) {
        this.closedByUs = true;
        socket.destroy();
      }
      return false;
    }
  }

  private onClose(socket: net.Socket) {
    if (socket !== this.socket) return;
    this.failWaiters(new Error('closed'));
    if (this.tcpUp) this.sim.connected--;
    this.tcpUp = false;
    this.ready = false;
    // unacknowledged frames are lost with the connection
    const lost = new Set(this.inflight.values());
    this.inflight.clear();
    this.inflightFrames = 0;
    this.sim.counters.ackTimeouts += [...lost].filter((f) => !f.heartbeat).length;
    if (this.closedByUs || !this.sim.running) return;
    this.sim.counters.disconnects++;
    if (this.sim.opts.reconnect ?? true) {
      setTimeout(() => {
        if (!this.sim.running) return;
        this.closedByUs = false;
        void this.connect().then((ok) => {
          if (ok) this.sim.counters.reconnects++;
        });
      }, 2000 + this.rng.next() * 3000);
    }
  }

  close() {
    this.closedByUs = true;
    this.ready = false;
    this.socket?.end();
  }
}

// ---------------------------------------------------------------- heap of terminals by next report time

class TerminalHeap {
  private a: Terminal[] = [];
  get size() {
    return this.a.length;
  }
  peek(): Terminal | undefined {
    return this.a[0];
  }
  push(t: Terminal) {
    this.a.push(t);
    this.up(this.a.length - 1);
  }
  pop(): Terminal | undefined {
    const top = this.a[0];
    const last = this.a.pop();
    if (this.a.length && last) {
      this.a[0] = last;
      this.down(0);
    }
    return top;
  }
  private up(i: number) {
    const a = this.a;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.nextAt <= a[i]!.nextAt) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  private down(i: number) {
    const a = this.a;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l]!.nextAt < a[m]!.nextAt) m = l;
      if (r < a.length && a[r]!.nextAt < a[m]!.nextAt) m = r;
      if (m === i) return;
      [a[m], a[i]] = [a[i]!, a[m]!];
      i = m;
    }
  }
}

// ---------------------------------------------------------------- the run

class Simulation {
  readonly seed: number;
  readonly counters: Counters = {
    registered: 0,
    authenticated: 0,
    registerFailed: 0,
    authFailed: 0,
    locationsSent: 0,
    batchesSent: 0,
    batchPointsSent: 0,
    heartbeatsSent: 0,
    framesSent: 0,
    bytesSent: 0,
    acked: 0,
    nacked: 0,
    ackTimeouts: 0,
    disconnects: 0,
    reconnects: 0,
    positionQueries: 0,
    trackingCommands: 0,
    badFrames: 0,
    trips: 0,
    offHoursTrips: 0,
    backfillGaps: 0,
  };
  readonly latency = new Latency();
  readonly dirty = new Set<Terminal>();
  readonly terminals: Terminal[];
  readonly pairs: [string, string][] = [];
  connected = 0;
  running = true;
  clock: number;
  driveStartedReal = 0;
  /** when sending stopped (the wait for the last acknowledgements is not counted in the rates) */
  driveEndedReal = 0;
  sentPositions = 0;

  constructor(readonly opts: SimulateOptions) {
    this.seed = opts.seed ?? 808;
    const scale = opts.timeScale ?? 1;
    this.clock = opts.startAt ? opts.startAt.getTime() : Date.now() - (scale > 1 ? (opts.durationS ?? 3600) * (scale - 1) * 1000 : 0);
    this.terminals = opts.terminals.map((s, i) => new Terminal(s, i, this));
    // parallel pairs: a leader and a follower from the same city, the follower 5–40 s behind
    const rng = new Rng(mulberry32(hashSeed(this.seed, 0x5a5a)));
    const want = Math.floor((this.terminals.length * (opts.parallelShare ?? 0.1)) / 2);
    const free = new Set(this.terminals);
    for (const t of this.terminals) {
      if (this.pairs.length >= want) break;
      if (!free.has(t)) continue;
      free.delete(t);
      const mate = [...free].find((m) => m.homePlace.city === t.homePlace.city) ?? [...free][0];
      if (!mate) break;
      free.delete(mate);
      mate.leader = t;
      mate.leadDelayMs = Math.round(5 + rng.next() * 35) * 1000;
      // replaying the leader's trips needs the same home
      mate.homePlace = t.homePlace;
      mate.home = t.home;
      this.pairs.push([t.spec.phone, mate.spec.phone]);
    }
  }

  stats(): SimStats {
    const elapsedS = this.driveStartedReal ? ((this.driveEndedReal || performance.now()) - this.driveStartedReal) / 1000 : 0;
    const c = this.counters;
    const sent = c.locationsSent + c.batchPointsSent;
    return {
      terminals: this.terminals.length,
      connected: this.connected,
      ...c,
      latency: this.latency.snapshot(),
      parallelPairs: this.pairs,
      simTime: new Date(this.clock),
      elapsedS,
      sentPerS: elapsedS ? sent / elapsedS : 0,
      ackedPerS: elapsedS ? c.acked / elapsedS : 0,
    };
  }

  flushAll() {
    for (const t of this.dirty) t.flush();
    this.dirty.clear();
  }
}

/** Runs the simulation until durationS, endAt or the abort signal; resolves with the final statistics. */
export async function simulateTerminals(opts: SimulateOptions): Promise<SimStats> {
  const sim = new Simulation(opts);
  const o = opts;
  const emit = () => o.onStats?.(sim.stats());
  const aborted = () => o.signal?.aborted === true;

  // 1. connect, register, authenticate (bounded concurrency)
  const conc = o.connectConcurrency ?? 200;
  let next = 0;
  const statsTimer = setInterval(emit, 1000);
  try {
    await Promise.all(
      Array.from({ length: Math.min(conc, sim.terminals.length) }, async () => {
        while (next < sim.terminals.length && !aborted()) {
          const t = sim.terminals[next++]!;
          await t.connect();
        }
      }),
    );

    // 2. drive
    const heap = new TerminalHeap();
    for (const t of sim.terminals) {
      if (!t.ready) continue;
      t.nextAt = Math.ceil(sim.clock / 1000) * 1000; // every car reports where it is at once
      heap.push(t);
    }
    const scale = o.timeScale ?? 1;
    const rate = o.rate && o.rate > 0 ? o.rate : Infinity;
    const endAt = o.endAt?.getTime() ?? Infinity;
    const deadline = o.durationS !== undefined ? performance.now() + o.durationS * 1000 : Infinity;
    const capNow = sim.clock <= Date.now();
    const ackTimeout = o.ackTimeoutMs ?? 30_000;
    const hbMs = (o.heartbeatS ?? 20) * 1000;
    sim.driveStartedReal = performance.now();
    let lastReal = performance.now();
    let tokens = Math.min(rate, 100);
    let lastHousekeeping = 0;

    await new Promise<void>((resolve) => {
      const tick = () => {
        const real = performance.now();
        if (aborted() || real >= deadline || sim.clock >= endAt || heap.size === 0) {
          resolve();
          return;
        }
        const dt = real - lastReal;
        lastReal = real;
        if (rate !== Infinity) tokens = Math.min(tokens + (rate * dt) / 1000, Math.max(rate * 0.25, 20));
        let target = sim.clock + dt * scale;
        if (capNow) target = Math.min(target, Date.now());
        target = Math.min(target, endAt);
        let budget = 20_000;
        let stalledAt = Infinity;
        while (heap.size) {
          const t = heap.peek()!;
          if (t.nextAt > target) break;
          if ((rate !== Infinity && tokens < 1) || budget <= 0 || t.blocked()) {
            stalledAt = t.nextAt;
            break;
          }
          heap.pop();
          const n = t.report(t.nextAt);
          tokens -= n;
          budget -= Math.max(1, n);
          sim.sentPositions += n;
          t.nextAt = t.nextAfter(t.nextAt);
          heap.push(t);
        }
        sim.clock = Math.max(sim.clock, Math.min(target, stalledAt));
        sim.flushAll();
        if (real - lastHousekeeping > 1000) {
          lastHousekeeping = real;
          for (const t of sim.terminals) {
            t.expire(real, ackTimeout);
            if (t.ready && real - t.lastSentReal > hbMs) t.heartbeat();
          }
        }
        if (budget <= 0) setImmediate(tick);
        else setTimeout(tick, 10);
      };
      tick();
    });

    // 3. wait for the last acknowledgements, then hang up
    sim.driveEndedReal = performance.now();
    sim.flushAll();
    const waitUntil = performance.now() + Math.min(ackTimeout, 10_000);
    while (performance.now() < waitUntil && sim.terminals.some((t) => t.ready && [...t.inflight.values()].some((f) => !f.heartbeat))) {
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    clearInterval(statsTimer);
    sim.running = false;
    await Promise.all(
      sim.terminals.map(
        (t) =>
          new Promise<void>((resolve) => {
            const s = t.socket;
            if (!s || s.destroyed) return resolve();
            const timer = setTimeout(() => {
              s.destroy();
              resolve();
            }, 2000);
            s.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            t.close();
          }),
      ),
    );
  }
  const final = sim.stats();
  o.onStats?.(final);
  return final;
}
