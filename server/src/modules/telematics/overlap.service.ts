import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import type { SettingValues } from '../../platform/settings/settings.catalog.js';
import { H3Grid } from './overlap.grid.js';
import {
  dayBounds,
  findDayTracks,
  findDayTrips,
  findGroupNames,
  findOverlapTotals,
  type OverlapPairRow,
  type OverlapUnitRow,
  replaceOverlapDay,
} from './overlap.repository.js';

/**
 * 轨迹重叠率, set-based (DOMAIN.md): every trip's track is densified so that consecutive samples lie at most half an
 * H3 edge apart; each sample falls on a key (H3 cell, time bucket, direction bucket). A key covered by k distinct
 * vehicles holds (k − 1) × its segment length of redundant driving, the segment length being the mean of the k
 * vehicles' lengths in it — so each vehicle carries (k − 1) ÷ k of its own length there. Overlap rate = Σ redundant km
 * ÷ Σ track km. Vehicles sharing ≥ m keys form the candidate pairs. There is no pairwise join of trips: keys are
 * grouped by hash partition, each partition with one Map.
 */
export interface OverlapParams {
  res: number;
  bucketMinutes: number;
  directionDegrees: number;
  pairMinKeys: number;
}

export const overlapParams = (s: SettingValues): OverlapParams => ({
  res: Number(s['telematics.overlap_h3_resolution']),
  bucketMinutes: Number(s['telematics.overlap_bucket_minutes']),
  directionDegrees: Number(s['telematics.overlap_direction_degrees']),
  pairMinKeys: Number(s['telematics.overlap_pair_min_keys']),
});

/** A segment longer than this in time or space is a gap in the data, not a drive: it is neither counted nor keyed. */
const GAP_SECONDS = 300;
const GAP_METRES = 5000;
/** Faster than this (m/s, 252 km/h) is a GPS jump. */
const MAX_SPEED = 70;
/** Shorter than this is GPS jitter of a standing car. */
const MIN_METRES = 1;
const PARTS = 61;
const CHUNK = 16384;

/** Growable column store of one partition's records, in chunks (no copying as it grows). */
class Records {
  keys: Float64Array[] = [];
  veh: Int32Array[] = [];
  trip: Int32Array[] = [];
  len: Float32Array[] = [];
  time: Int32Array[] = [];
  n = 0;
  push(key: number, v: number, trip: number, len: number, t: number) {
    const c = this.n >>> 14;
    const o = this.n & (CHUNK - 1);
    if (o === 0) {
      this.keys.push(new Float64Array(CHUNK));
      this.veh.push(new Int32Array(CHUNK));
      this.trip.push(new Int32Array(CHUNK));
      this.len.push(new Float32Array(CHUNK));
      this.time.push(new Int32Array(CHUNK));
    }
    this.keys[c]![o] = key;
    this.veh[c]![o] = v;
    this.trip[c]![o] = trip;
    this.len[c]![o] = len;
    this.time[c]![o] = t;
    this.n += 1;
  }
}

/** The (time, lat, lon) triples in fix-time order (the database returns them so in practice; checked, sorted if not). */
function byFixTime(b: Uint8Array): Uint8Array {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = Math.floor(b.length / 12);
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (dv.getInt32(i * 12) < dv.getInt32((i - 1) * 12)) sorted = false;
  if (sorted) return b;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => dv.getInt32(x * 12) - dv.getInt32(y * 12));
  const out = new Uint8Array(n * 12);
  order.forEach((from, to) => out.set(b.subarray(from * 12, from * 12 + 12), to * 12));
  return out;
}

export interface PairResult {
  a: number;
  b: number;
  keys: number;
  shared: number;
  first: number;
  last: number;
  tripA: number;
  tripB: number;
  multi: boolean;
}

/** The day's keys, vehicle by vehicle; then `finish()` for per-vehicle total / redundant metres and the pairs. */
export class OverlapAccumulator {
  readonly grid: H3Grid;
  private readonly parts: Records[] = Array.from({ length: PARTS }, () => new Records());
  private readonly step: number;
  private readonly bucketS: number;
  private readonly dirs: number;
  private readonly buckets: number;
  /** per vehicle index: metres of track, metres redundant */
  readonly total: number[] = [];
  readonly redundant: number[] = [];
  /** per trip index: metres of track */
  readonly tripM: number[] = [];
  samples = 0;
  points = 0;

  constructor(
    private readonly p: OverlapParams,
    private readonly dayStartS: number,
  ) {
    this.grid = new H3Grid(p.res);
    this.step = this.grid.edgeM / 2;
    this.bucketS = p.bucketMinutes * 60;
    this.dirs = Math.max(1, Math.round(360 / p.directionDegrees));
    this.buckets = Math.ceil(86400 / this.bucketS) + 1;
  }

  /**
   * One vehicle's day: `pts` as (epoch s, lat, lon 1e-6) int32 big-endian triples by fix time; `trips` its trips by
   * start (epoch seconds, indices into the trip arrays). Only segments inside one trip count.
   */
  addVehicle(v: number, pts: Uint8Array | { t: Int32Array; lat: Int32Array; lon: Int32Array }, trips: { index: number; start: number; end: number }[]) {
    while (this.total.length <= v) {
      this.total.push(0);
      this.redundant.push(0);
    }
    for (const t of trips) while (this.tripM.length <= t.index) this.tripM.push(0);
    // PostgreSQL's driver hands bytea over as a Buffer, PGlite's as a plain Uint8Array
    const bytes = pts instanceof Uint8Array ? byFixTime(pts) : null;
    const n = bytes ? Math.floor(bytes.length / 12) : (pts as { t: Int32Array }).t.length;
    const dv = bytes ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
    const T = (i: number) => (dv ? dv.getInt32(i * 12) : (pts as { t: Int32Array }).t[i]!);
    const LA = (i: number) => (dv ? dv.getInt32(i * 12 + 4) : (pts as { lat: Int32Array }).lat[i]!);
    const LO = (i: number) => (dv ? dv.getInt32(i * 12 + 8) : (pts as { lon: Int32Array }).lon[i]!);
    this.points += n;
    let ti = 0;
    let prevTrip = -1;
    let pt = 0;
    let plat = 0;
    let plon = 0;
    // the open record (consecutive samples on one key merge into it)
    let rKey = -1;
    let rLen = 0;
    let rTime = 0;
    let rTrip = -1;
    const flush = () => {
      if (rKey >= 0) {
        const cell = Math.floor(rKey / (this.buckets * this.dirs));
        this.parts[cell % PARTS]!.push(rKey, v, rTrip, rLen, rTime);
      }
      rKey = -1;
    };
    let metres = 0;
    for (let i = 0; i < n; i++) {
      const t = T(i);
      const lat = LA(i) / 1e6;
      const lon = LO(i) / 1e6;
      while (ti < trips.length && trips[ti]!.end < t) ti++;
      const trip = ti < trips.length && trips[ti]!.start <= t ? trips[ti]!.index : -1;
      if (trip >= 0 && trip === prevTrip) {
        const dt = t - pt;
        const dy = (lat - plat) * 110_574;
        const dx = (lon - plon) * 111_320 * Math.cos(((lat + plat) / 2) * (Math.PI / 180));
        const d = Math.sqrt(dx * dx + dy * dy);
        if (dt > 0 && dt <= GAP_SECONDS && d >= MIN_METRES && d <= GAP_METRES && d / dt <= MAX_SPEED) {
          let bearing = (Math.atan2(dx, dy) * 180) / Math.PI;
          if (bearing < 0) bearing += 360;
          const dir = Math.floor(bearing / (360 / this.dirs)) % this.dirs;
          const k = Math.max(1, Math.ceil(d / this.step));
          const part = d / k;
          for (let s = 0; s < k; s++) {
            const f = (s + 0.5) / k;
            const cell = this.grid.key(plat + (lat - plat) * f, plon + (lon - plon) * f);
            const ts = Math.round(pt + dt * f) - this.dayStartS;
            const bucket = Math.min(this.buckets - 1, Math.max(0, Math.floor(ts / this.bucketS)));
            const key = (cell * this.buckets + bucket) * this.dirs + dir;
            if (key !== rKey || trip !== rTrip) {
              flush();
              rKey = key;
              rLen = 0;
              rTime = ts;
              rTrip = trip;
            }
            rLen += part;
          }
          this.samples += k;
          metres += d;
          this.tripM[trip]! += d;
        }
      } else flush();
      prevTrip = trip;
      pt = t;
      plat = lat;
      plon = lon;
    }
    flush();
    this.total[v]! += metres;
  }

  /** Groups every partition's records by key; per-vehicle redundant metres and the pairs sharing ≥ pairMinKeys keys. */
  finish(): PairResult[] {
    const pairs = new Map<number, PairResult>();
    const stride = Math.max(1, this.total.length);
    const vs: number[] = [];
    const ls: number[] = [];
    const ts: number[] = [];
    const trs: number[] = [];
    for (const part of this.parts) {
      const n = part.n;
      if (!n) continue;
      // an open-addressing table key → newest record, records chained through `next` (a Map of doubles is 10× slower)
      let cap = 1024;
      while (cap < n * 2) cap *= 2;
      const mask = cap - 1;
      const tabKey = new Float64Array(cap).fill(-1);
      const tabHead = new Int32Array(cap);
      const next = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const k = part.keys[i >>> 14]![i & (CHUNK - 1)]!;
        const lo = k >>> 0;
        const hi = Math.floor(k / 4294967296) | 0;
        let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77);
        h = (h ^ (h >>> 15)) & mask;
        while (tabKey[h] !== -1 && tabKey[h] !== k) h = (h + 1) & mask;
        if (tabKey[h] === k) next[i] = tabHead[h]!;
        else {
          tabKey[h] = k;
          next[i] = -1;
        }
        tabHead[h] = i;
      }
      for (let slot = 0; slot < cap; slot++) {
        if (tabKey[slot] === -1) continue;
        const h = tabHead[slot]!;
        if (next[h] === -1) continue; // one record: one vehicle
        vs.length = 0;
        ls.length = 0;
        ts.length = 0;
        trs.length = 0;
        for (let i = h; i !== -1; i = next[i]!) {
          const c = i >>> 14;
          const o = i & (CHUNK - 1);
          const v = part.veh[c]![o]!;
          const at = vs.indexOf(v);
          if (at >= 0) {
            ls[at]! += part.len[c]![o]!;
            ts[at] = Math.min(ts[at]!, part.time[c]![o]!);
          } else {
            vs.push(v);
            ls.push(part.len[c]![o]!);
            ts.push(part.time[c]![o]!);
            trs.push(part.trip[c]![o]!);
          }
        }
        const k = vs.length;
        if (k < 2) continue;
        for (let a = 0; a < k; a++) this.redundant[vs[a]!]! += (ls[a]! * (k - 1)) / k;
        for (let a = 0; a < k; a++) {
          for (let b = a + 1; b < k; b++) {
            const x = vs[a]! < vs[b]! ? a : b;
            const y = x === a ? b : a;
            // below 2^30 (a small integer for V8's Map) while the day has fewer than 32,768 vehicles
            const pk = vs[x]! * stride + vs[y]!;
            const shared = Math.min(ls[x]!, ls[y]!);
            const first = Math.min(ts[x]!, ts[y]!);
            const last = Math.max(ts[x]!, ts[y]!);
            const pr = pairs.get(pk);
            if (!pr) pairs.set(pk, { a: vs[x]!, b: vs[y]!, keys: 1, shared, first, last, tripA: trs[x]!, tripB: trs[y]!, multi: false });
            else {
              pr.keys += 1;
              pr.shared += shared;
              if (first < pr.first) {
                pr.first = first;
                // the trips of the earliest shared key name the pair
                if (pr.tripA !== trs[x] || pr.tripB !== trs[y]) pr.multi = true;
                pr.tripA = trs[x]!;
                pr.tripB = trs[y]!;
              } else if (pr.tripA !== trs[x] || pr.tripB !== trs[y]) pr.multi = true;
              if (last > pr.last) pr.last = last;
            }
          }
        }
      }
    }
    return [...pairs.values()].filter((p) => p.keys >= this.p.pairMinKeys);
  }
}

export interface OverlapDayResult {
  day: string;
  vehicles: number;
  trips: number;
  points: number;
  samples: number;
  totalKm: number;
  redundantKm: number;
  rate: number | null;
  pairs: number;
  units: number;
  ms: { read: number; keys: number; group: number; write: number };
}

const VEHICLES_PER_QUERY = 400;
const PREFETCH = 2;

/**
 * Computes one Beijing day: the day's telematics trips, their vehicles' positions streamed in chunks (the next chunk
 * is read while the current one is keyed), keys and pairs in memory, then the day's rows replaced in one transaction.
 */
export async function computeOverlapDay(db: Db, settings: SettingValues, day: string, write: (fn: (tx: Db) => Promise<void>) => Promise<void>): Promise<OverlapDayResult> {
  const p = overlapParams(settings);
  const t0 = performance.now();
  const trips = await findDayTrips(db, day);
  const vehicleIds: number[] = [];
  const vIndex = new Map<number, number>();
  const unitOf: number[] = [];
  const tripsOf: { index: number; start: number; end: number }[][] = [];
  for (const [i, t] of trips.entries()) {
    let v = vIndex.get(t.vehicle_id);
    if (v === undefined) {
      v = vehicleIds.length;
      vIndex.set(t.vehicle_id, v);
      vehicleIds.push(t.vehicle_id);
      unitOf.push(t.unit_id);
      tripsOf.push([]);
    }
    tripsOf[v]!.push({ index: i, start: t.start_s, end: t.end_s });
  }
  const acc = new OverlapAccumulator(p, Math.round(dayBounds(day).start.getTime() / 1000));
  let readMs = 0;
  let keyMs = 0;
  const fetchChunk = (from: number) => {
    const t = performance.now();
    return findDayTracks(db, day, vehicleIds.slice(from, from + VEHICLES_PER_QUERY)).then((rows) => {
      readMs += performance.now() - t;
      return rows;
    });
  };
  // two chunks in flight (two connections on PostgreSQL): the database packs the next ones while these are keyed
  const queue: Promise<{ vehicle_id: number; pts: Uint8Array }[]>[] = [];
  let nextFrom = 0;
  const refill = () => {
    while (queue.length < PREFETCH && nextFrom < vehicleIds.length) {
      queue.push(fetchChunk(nextFrom));
      nextFrom += VEHICLES_PER_QUERY;
    }
  };
  refill();
  while (queue.length) {
    const rows = await queue.shift()!;
    refill();
    const tk = performance.now();
    for (const r of rows) {
      const v = vIndex.get(r.vehicle_id)!;
      acc.addVehicle(v, r.pts, tripsOf[v]!);
    }
    keyMs += performance.now() - tk;
  }
  const tg = performance.now();
  const pairs = acc.finish();
  const groupMs = performance.now() - tg;

  // per unit
  const units = new Map<number, OverlapUnitRow>();
  for (let v = 0; v < vehicleIds.length; v++) {
    const m = acc.total[v] ?? 0;
    if (m <= 0) continue;
    const u = unitOf[v]!;
    let row = units.get(u);
    if (!row) units.set(u, (row = { unit_id: u, total_km: 0, redundant_km: 0, vehicles: 0 }));
    row.total_km += m / 1000;
    row.redundant_km += (acc.redundant[v] ?? 0) / 1000;
    row.vehicles += 1;
  }
  const dayStart = dayBounds(day).start.getTime();
  const at = (s: number) => new Date(dayStart + s * 1000).toISOString();
  const pairRows: OverlapPairRow[] = pairs.map((x) => {
    const shorter = x.multi ? Math.min(acc.total[x.a]!, acc.total[x.b]!) : Math.min(acc.tripM[x.tripA] ?? 0, acc.tripM[x.tripB] ?? 0);
    return {
      vehicle_a: vehicleIds[x.a]!,
      vehicle_b: vehicleIds[x.b]!,
      trip_a: x.multi ? null : trips[x.tripA]!.id,
      trip_b: x.multi ? null : trips[x.tripB]!.id,
      unit_id: unitOf[x.a]!,
      shared_keys: x.keys,
      shared_km: x.shared / 1000,
      overlap: shorter > 0 ? Math.min(1, x.shared / shorter) : 0,
      first_at: at(x.first),
      last_at: at(x.last),
    };
  });
  const tw = performance.now();
  await write((tx) => replaceOverlapDay(tx, day, [...units.values()], pairRows));
  const writeMs = performance.now() - tw;
  void t0;
  const totalKm = [...units.values()].reduce((a, u) => a + u.total_km, 0);
  const redundantKm = [...units.values()].reduce((a, u) => a + u.redundant_km, 0);
  return {
    day,
    vehicles: vehicleIds.length,
    trips: trips.length,
    points: acc.points,
    samples: acc.samples,
    totalKm: Math.round(totalKm * 100) / 100,
    redundantKm: Math.round(redundantKm * 100) / 100,
    rate: totalKm > 0 ? Math.round((redundantKm / totalKm) * 10000) / 10000 : null,
    pairs: pairRows.length,
    units: units.size,
    ms: { read: Math.round(readMs), keys: Math.round(keyMs), group: Math.round(groupMs), write: Math.round(writeMs) },
  };
}

export const OVERLAP_DEFINITION =
  '轨迹重叠率 = 冗余车公里 ÷ 总车公里。每条 GPS 行程按不超过半个 H3 边长加密取样，落入（H3 网格、时间段、行驶方向）时空键；同一键内有 k 辆不同车辆时，冗余里程 = (k − 1) × 该键路段长度（取 k 辆车在键内里程的平均）。同一车辆不与自身比较。可避免费用 = 冗余里程 × 所属单位当月单公里运行维护费。';

export interface OverlapGroup {
  key: string;
  name: string;
  totalKm: number;
  redundantKm: number;
  rate: number | null;
  avoidableCost: number;
  vehicleDays: number;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** 轨迹重叠率 per unit, city or day for a period, in the caller's scope, with the total. */
export async function overlapReport(db: Db, scope: DataScope, q: { from: string; to: string; groupBy: 'unit' | 'region' | 'day' }) {
  const rows = await findOverlapTotals(db, scope, q.from, q.to, q.groupBy);
  const groups = new Map<string, OverlapGroup>();
  const total: OverlapGroup = { key: '', name: '合计', totalKm: 0, redundantKm: 0, rate: null, avoidableCost: 0, vehicleDays: 0 };
  for (const r of rows) {
    let g = groups.get(r.gkey);
    if (!g) groups.set(r.gkey, (g = { key: r.gkey, name: r.gkey, totalKm: 0, redundantKm: 0, rate: null, avoidableCost: 0, vehicleDays: 0 }));
    for (const x of [g, total]) {
      x.totalKm += Number(r.total_km);
      x.redundantKm += Number(r.redundant_km);
      x.avoidableCost += Number(r.avoidable_cost);
      x.vehicleDays += r.vehicle_days;
    }
  }
  const names = await findGroupNames(
    db,
    q.groupBy === 'unit' ? [...groups.keys()].map(Number) : [],
    q.groupBy === 'region' ? [...groups.keys()].filter(Boolean) : [],
  );
  const nameOf = new Map<string, string>([...names.units.map((u) => [String(u.id), u.name] as const), ...names.regions.map((r) => [r.code, r.name] as const)]);
  const finish = (g: OverlapGroup): OverlapGroup => ({
    ...g,
    name: q.groupBy === 'region' && g.key === '' && g !== total ? '省本级' : (nameOf.get(g.key) ?? g.name),
    totalKm: r2(g.totalKm),
    redundantKm: r2(g.redundantKm),
    avoidableCost: r2(g.avoidableCost),
    rate: g.totalKm > 0 ? Math.round((g.redundantKm / g.totalKm) * 10000) / 10000 : null,
  });
  const list = [...groups.values()].map(finish);
  if (q.groupBy !== 'day') list.sort((a, b) => b.redundantKm - a.redundantKm);
  return { from: q.from, to: q.to, groupBy: q.groupBy, definition: OVERLAP_DEFINITION, total: finish(total), groups: list };
}
