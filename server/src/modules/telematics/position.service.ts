import type { Db } from '../../db/connection.js';
import { evaluateClosedTrips, evaluateLivePoints } from './alert.service.js';
import type { Platform } from '../../platform/context.js';
import type { SettingValues } from '../../platform/settings/settings.catalog.js';
import {
  emptyPositionColumns,
  ensurePositionPartition,
  ensureTerminalRows,
  findFixesAfter,
  findIngestVehicles,
  findMotionStates,
  insertPositions,
  type LatestFix,
  queueRedetect,
  updateLatestFixes,
  upsertMotionStates,
} from './position.repository.js';
import type { ClosedTrip, LivePoint, TelematicsContext } from './telematics.types.js';
import { cloneState, type DetectedTrip, type DetectorParams, type DetectorState, detect, detectorParams, initialState, parseState, step } from './trip.detector.js';
import {
  deleteRedetectFrom,
  deleteTelematicsTripsFrom,
  findRedetectQueue,
  findTrackFrom,
  findTripAcross,
  insertTelematicsTrips,
  type TripRow,
} from './trip.repository.js';

/**
 * The ingest pipeline: decoded fixes from every connection (and the HTTP bulk ingest) are gathered into batches
 * (up to `maxDelayMs` or `maxRows`), and each batch is made durable in ONE transaction — positions (one INSERT …
 * SELECT FROM unnest, idempotent on (vehicle, fix time)), the online trip detector's closed trips and checkpoints,
 * the terminals' latest fix and the re-detection queue. Only then does each caller's promise resolve, so a terminal
 * is acknowledged after its data is stored. Batches run one at a time (the detector state of a vehicle advances in
 * order; PGlite has one connection anyway); the next batch gathers while one is written. After the commit the live
 * (non back-filled) points and the closed trips go to the alert hooks, in order, off the write path.
 */

/** One decoded fix, as the gateway or the HTTP ingest hands it over. */
export interface IngestFix {
  vehicleId: number;
  /** epoch milliseconds */
  fixMs: number;
  /** 1e-6 degrees, signed */
  lat: number;
  lon: number;
  /** metres */
  altitude: number;
  /** 0.1 km/h */
  speed: number;
  direction: number;
  alarm: number;
  status: number;
  /** 0.1 km */
  odometer?: number | null;
  /** 0.1 L */
  fuel?: number | null;
  /** from a 0x0704 back-fill batch: stored, detected, but never sent to the live hooks */
  backfill: boolean;
}

export type FixOutcome = 'stored' | 'duplicate' | 'rejected';

export interface IngestOutcome {
  stored: number;
  duplicate: number;
  rejected: number;
  /** per fix, in the order submitted */
  outcomes: FixOutcome[];
}

export interface SubmitOptions {
  /** runs inside the batch's transaction after the positions are written (an audit row, say) */
  inTx?: (tx: Db, outcome: IngestOutcome) => Promise<void>;
}

export interface PipelineHooks {
  livePoints?: (ctx: TelematicsContext, points: LivePoint[]) => Promise<void>;
  closedTrips?: (ctx: TelematicsContext, trips: ClosedTrip[]) => Promise<void>;
}

export interface PipelineOptions {
  maxRows?: number;
  maxDelayMs?: number;
  hooks?: PipelineHooks;
  log?: (msg: string, err?: unknown) => void;
}

/** Fixes older than this (or more than FUTURE_MS ahead of the clock) are refused: a bad clock would create partitions. */
export const MAX_AGE_DAYS = 31;
const FUTURE_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3600_000;
const VEHICLE_TTL_MS = 60_000;
/** A vehicle's latest fix is written at most this often (the live map's freshness); the newest is kept meanwhile. */
export const LATEST_EVERY_MS = 5_000;
/**
 * A vehicle's detector state is checkpointed at most this often, and whenever a trip closes; after a restart the
 * stored positions after the checkpoint are replayed, so nothing is lost in between.
 */
export const CHECKPOINT_EVERY_MS = 30_000;
/** Without any checkpoint, a restart replays at most this much of a vehicle's stored track. */
const REPLAY_WITHOUT_CHECKPOINT_MS = 2 * DAY_MS;

/** The Beijing calendar day of an instant, 'YYYY-MM-DD'. */
export function beijingDay(ms: number): string {
  const n = Math.floor((ms + BEIJING_MS) / DAY_MS);
  let d = dayNames.get(n);
  if (d === undefined) {
    d = new Date(n * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size > 4096) dayNames.clear();
    dayNames.set(n, d);
  }
  return d;
}
const dayNames = new Map<number, string>();
/** The instant a Beijing day starts. */
export function beijingDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - BEIJING_MS;
}

const int32 = (n: number) => n | 0;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));
const optionalInt = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) || n < 0 || n > 0x7fffffff ? null : Math.round(n));

/** Brings a fix into the table's ranges, or says why it cannot be stored. */
export function sanitizeFix(f: IngestFix, now: number): IngestFix | undefined {
  if (!Number.isFinite(f.fixMs) || f.fixMs > now + FUTURE_MS || f.fixMs < now - MAX_AGE_DAYS * DAY_MS) return undefined;
  if (!Number.isFinite(f.lat) || !Number.isFinite(f.lon) || Math.abs(f.lat) > 90e6 || Math.abs(f.lon) > 180e6) return undefined;
  return {
    vehicleId: f.vehicleId,
    fixMs: Math.round(f.fixMs),
    lat: Math.round(f.lat),
    lon: Math.round(f.lon),
    altitude: clamp(f.altitude || 0, -32768, 32767),
    speed: clamp(f.speed || 0, 0, 32767),
    direction: clamp(f.direction || 0, 0, 360),
    alarm: int32(f.alarm || 0),
    status: int32(f.status || 0),
    odometer: optionalInt(f.odometer),
    fuel: optionalInt(f.fuel),
    backfill: !!f.backfill,
  };
}

interface Submission {
  fixes: (IngestFix | undefined)[];
  opts: SubmitOptions;
  resolve: (o: IngestOutcome) => void;
  reject: (e: unknown) => void;
}

interface VehicleInfo {
  unitId: number;
  hasTerminalRow: boolean;
  phone: string | null;
  at: number;
}

export interface PipelineStats {
  batches: number;
  stored: number;
  duplicate: number;
  rejected: number;
  trips: number;
  redetected: number;
  failures: number;
  /** total milliseconds spent writing batches */
  writeMs: number;
  /** milliseconds by phase (prepare, positions, detect, trips, states, terminals, commit) */
  phaseMs: Record<string, number>;
}

const key = (vehicleId: number, ms: number) => `${vehicleId}:${ms}`;

export class PositionPipeline {
  readonly maxRows: number;
  readonly maxDelayMs: number;
  readonly stats: PipelineStats = { batches: 0, stored: 0, duplicate: 0, rejected: 0, trips: 0, redetected: 0, failures: 0, writeMs: 0, phaseMs: {} };
  private pending: Submission[] = [];
  private pendingRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** serialises batches, re-detections and stale closes */
  private lock: Promise<unknown> = Promise.resolve();
  private hooksChain: Promise<void> = Promise.resolve();
  private hookBacklog = 0;
  private readonly states = new Map<number, DetectorState>();
  /** newest fix time stored per vehicle (fixes newer than it cannot be duplicates) */
  private readonly maxStored = new Map<number, number>();
  private readonly checkpointAt = new Map<number, number>();
  private readonly latestAt = new Map<number, number>();
  private readonly pendingLatest = new Map<number, LatestFix>();
  private latestTimer: NodeJS.Timeout | undefined;
  /** trips closed while replaying after a restart, inserted with the next batch */
  private replayed: { trip: DetectedTrip; vehicleId: number }[] = [];
  private readonly vehicles = new Map<number, VehicleInfo>();
  private readonly partitions = new Set<string>();
  private readonly hooks: PipelineHooks;
  private readonly log: (msg: string, err?: unknown) => void;
  private closed = false;

  constructor(
    private readonly p: Platform,
    opts: PipelineOptions = {},
  ) {
    this.maxRows = opts.maxRows ?? 5000;
    this.maxDelayMs = opts.maxDelayMs ?? 50;
    this.hooks = opts.hooks ?? {};
    this.log = opts.log ?? ((msg, err) => console.error(msg, err ?? ''));
    this.latestTimer = setInterval(() => {
      if (this.pendingLatest.size && !this.running) void this.exclusive(() => this.flushLatest(false)).catch((err: unknown) => this.log('最新位置写入失败', err));
    }, LATEST_EVERY_MS);
    this.latestTimer.unref();
  }

  /** Hands fixes to the pipeline; resolves once they are durably stored (or known duplicates), rejects if the write failed. */
  submit(fixes: IngestFix[], opts: SubmitOptions = {}): Promise<IngestOutcome> {
    if (this.closed) return Promise.reject(new Error('ingest pipeline closed'));
    const now = Date.now();
    return new Promise<IngestOutcome>((resolve, reject) => {
      this.pending.push({ fixes: fixes.map((f) => sanitizeFix(f, now)), opts, resolve, reject });
      this.pendingRows += fixes.length;
      this.schedule();
    });
  }

  /** Waits until everything submitted so far is written and its hooks have run. */
  async drain(): Promise<void> {
    while (this.pending.length || this.running) {
      if (this.pending.length && !this.running) this.kick();
      await this.running;
    }
    if (this.pendingLatest.size) await this.exclusive(() => this.flushLatest(true));
    await this.hooksChain;
  }

  /** Stops taking fixes, writes what is pending. */
  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.latestTimer) clearInterval(this.latestTimer);
  }

  /** Writes the vehicles' newest fixes held back by the throttle (all of them with `all`). */
  private async flushLatest(all: boolean) {
    const now = Date.now();
    const due = [...this.pendingLatest.values()].filter((l) => all || now - (this.latestAt.get(l.vehicleId) ?? 0) >= LATEST_EVERY_MS);
    if (!due.length) return;
    await updateLatestFixes(this.p.db, due);
    for (const l of due) {
      this.latestAt.set(l.vehicleId, now);
      if (this.pendingLatest.get(l.vehicleId) === l) this.pendingLatest.delete(l.vehicleId);
    }
  }

  private schedule() {
    if (this.running) return; // the running loop takes the pending submissions when it is done
    if (this.pendingRows >= this.maxRows) {
      this.kick();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.kick(), this.maxDelayMs);
      this.timer.unref?.();
    }
  }

  private kick() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.running || this.pending.length === 0) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.pending.length) this.schedule();
    });
  }

  private async loop() {
    // what gathered while a batch was written goes right away: under load the batches grow by themselves
    while (this.pending.length) {
      let n = 0;
      let rows = 0;
      while (n < this.pending.length && (n === 0 || rows + this.pending[n]!.fixes.length <= this.maxRows)) rows += this.pending[n++]!.fixes.length;
      const batch = this.pending.splice(0, n);
      this.pendingRows -= rows;
      // let the alert hooks catch up when they fall behind, instead of queueing without bound
      if (this.hookBacklog > 8) await this.hooksChain;
      await this.exclusive(() => this.writeBatch(batch));
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async settings(): Promise<SettingValues> {
    return this.p.settings.get(this.p.db);
  }

  private async loadVehicles(ids: number[]) {
    const now = Date.now();
    const missing = ids.filter((id) => {
      const v = this.vehicles.get(id);
      return !v || now - v.at > VEHICLE_TTL_MS;
    });
    if (missing.length) {
      for (const r of await findIngestVehicles(this.p.db, missing))
        this.vehicles.set(r.id, { unitId: r.unit_id, phone: r.terminal_phone, hasTerminalRow: r.terminal_row !== null, at: now });
    }
    const unknownStates = ids.filter((id) => !this.states.has(id));
    if (unknownStates.length) await this.restoreStates(unknownStates, now);
  }

  /**
   * Reads the detector checkpoints and replays the positions stored after them (a restart, or a state forgotten):
   * the state is then the one an uninterrupted detector would have.
   */
  private async restoreStates(ids: number[], now: number) {
    const params = detectorParams(await this.settings());
    const found = new Map<number, { state: DetectorState; lastMs: number }>();
    for (const r of await findMotionStates(this.p.db, ids)) found.set(r.vehicle_id, { state: parseState(r.state), lastMs: Number(r.last_ms) });
    const after = ids.map((id) => ({ vehicleId: id, afterMs: found.get(id)?.lastMs ?? now - REPLAY_WITHOUT_CHECKPOINT_MS }));
    for (const id of ids) {
      const f = found.get(id);
      this.states.set(id, f?.state ?? initialState());
      this.maxStored.set(id, f?.lastMs ?? -Infinity);
      if (f) this.checkpointAt.set(id, now);
    }
    for (const r of await findFixesAfter(this.p.db, after)) {
      const t = Number(r.t);
      const trip = step(this.states.get(r.vehicle_id)!, { t, lat: r.lat, lon: r.lon, speed: r.speed, status: r.status }, params);
      if (trip) this.replayed.push({ trip, vehicleId: r.vehicle_id });
      if (t > (this.maxStored.get(r.vehicle_id) ?? -Infinity)) this.maxStored.set(r.vehicle_id, t);
    }
  }

  private async ensurePartitions(days: Iterable<string>) {
    for (const d of days) {
      if (this.partitions.has(d)) continue;
      await ensurePositionPartition(this.p.db, d);
      this.partitions.add(d);
    }
  }

  private async writeBatch(batch: Submission[]): Promise<void> {
    try {
      await this.writeOnce(batch);
    } catch (err) {
      this.stats.failures += 1;
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // one caller's bad data must not fail everybody: write each submission on its own
      this.log(`定位数据批量写入失败，逐个重试（${batch.length} 份）`, err);
      for (const s of batch) {
        try {
          await this.writeOnce([s]);
        } catch (e) {
          s.reject(e);
        }
      }
    }
  }

  private phase(name: string, since: number): number {
    const now = performance.now();
    this.stats.phaseMs[name] = (this.stats.phaseMs[name] ?? 0) + (now - since);
    return now;
  }

  private async writeOnce(batch: Submission[]): Promise<void> {
    const t0 = performance.now();
    let tp = t0;
    const settings = await this.settings();
    const params = detectorParams(settings);

    // the batch's distinct fixes, per vehicle; repeats inside the batch are duplicates outright
    const outcomes: FixOutcome[][] = batch.map((s) => s.fixes.map((f) => (f ? 'duplicate' : 'rejected')));
    const seen = new Map<string, { s: number; i: number }>();
    const byVehicle = new Map<number, { f: IngestFix; s: number; i: number }[]>();
    const days = new Set<string>();
    batch.forEach((sub, s) =>
      sub.fixes.forEach((f, i) => {
        if (!f) return;
        const k = key(f.vehicleId, f.fixMs);
        if (seen.has(k)) return;
        seen.set(k, { s, i });
        let list = byVehicle.get(f.vehicleId);
        if (!list) byVehicle.set(f.vehicleId, (list = []));
        list.push({ f, s, i });
        days.add(beijingDay(f.fixMs));
      }),
    );
    const vehicleIds = [...byVehicle.keys()];
    await this.loadVehicles(vehicleIds);
    await this.ensurePartitions(days);

    // late fixes (not newer than what the detector consumed) are stored as back-fill and re-detected later
    // fixes newer than anything stored for the vehicle are new for sure: no need to ask which were inserted
    const fresh = emptyPositionColumns();
    const maybe = emptyPositionColumns();
    const freshKeys: string[] = [];
    const late = new Set<string>();
    for (const [vid, list] of byVehicle) {
      list.sort((a, b) => a.f.fixMs - b.f.fixMs);
      const lastMs = this.states.get(vid)?.last?.t ?? -Infinity;
      const newest = this.maxStored.get(vid) ?? -Infinity;
      for (const { f } of list) {
        const isLate = f.fixMs <= lastMs;
        if (isLate) late.add(key(vid, f.fixMs));
        const cols = f.fixMs > newest ? fresh : maybe;
        if (cols === fresh) freshKeys.push(key(vid, f.fixMs));
        cols.vehicleId.push(vid);
        cols.fixMs.push(f.fixMs);
        cols.lat.push(f.lat);
        cols.lon.push(f.lon);
        cols.altitude.push(f.altitude);
        cols.speed.push(f.speed);
        cols.direction.push(f.direction);
        cols.alarm.push(f.alarm);
        cols.status.push(f.status);
        cols.odometer.push(f.odometer ?? null);
        cols.fuel.push(f.fuel ?? null);
        cols.backfill.push(f.backfill || isLate);
      }
    }

    const working = new Map<number, DetectorState>();
    const closed: { trip: DetectedTrip; vehicleId: number }[] = [];
    const live: LivePoint[] = [];
    const redetect = new Map<string, { vehicleId: number; day: string }>();
    const latest: LatestFix[] = [];
    const newTerminalRows: number[] = [];
    const checkpoints: { vehicleId: number; lastMs: number; state: string }[] = [];
    const latestDue: LatestFix[] = [];
    const latestHeld: LatestFix[] = [];
    const nowMs = Date.now();
    const replayed = this.replayed;
    this.replayed = [];
    let closedRows: Awaited<ReturnType<typeof insertTelematicsTrips>> = [];

    tp = this.phase('prepare', tp);
    await this.p.db.transaction().execute(async (tx) => {
      const inserted = new Set<string>(freshKeys);
      await insertPositions(tx, fresh, false);
      for (const r of await insertPositions(tx, maybe, true)) inserted.add(key(r.vehicle_id, Number(r.ms)));
      tp = this.phase('positions', tp);

      for (const [vid, list] of byVehicle) {
        const info = this.vehicles.get(vid);
        let state: DetectorState | undefined;
        let newest: IngestFix | undefined;
        for (const { f, s, i } of list) {
          const k = key(vid, f.fixMs);
          if (!inserted.has(k)) continue;
          outcomes[s]![i] = 'stored';
          if (late.has(k)) {
            const day = beijingDay(f.fixMs);
            redetect.set(`${vid}:${day}`, { vehicleId: vid, day });
            continue;
          }
          state ??= cloneState(this.states.get(vid) ?? initialState());
          const trip = step(state, { t: f.fixMs, lat: f.lat, lon: f.lon, speed: f.speed, status: f.status }, params);
          if (trip) closed.push({ trip, vehicleId: vid });
          if (!(f.lat === 0 && f.lon === 0)) newest = f;
          if (!f.backfill && info)
            live.push({
              vehicleId: vid,
              unitId: info.unitId,
              fixTime: new Date(f.fixMs),
              lat: f.lat,
              lon: f.lon,
              speed: f.speed,
              direction: f.direction,
              alarm: f.alarm,
              status: f.status,
              ...(f.odometer != null ? { odometer: f.odometer } : {}),
              backfill: false,
            });
        }
        if (state) working.set(vid, state);
        if (newest) {
          latest.push({ vehicleId: vid, fixMs: newest.fixMs, lat: newest.lat, lon: newest.lon, speed: newest.speed, direction: newest.direction, alarm: newest.alarm, status: newest.status });
          if (info && !info.hasTerminalRow && info.phone) newTerminalRows.push(vid);
        }
      }

      tp = this.phase('detect', tp);
      closed.push(...replayed);
      closedRows = await insertTelematicsTrips(tx, closed.map((c) => tripRow(c.vehicleId, c.trip)));
      tp = this.phase('trips', tp);
      const closedBy = new Set(closed.map((c) => c.vehicleId));
      for (const [vid, st] of working) {
        const at = this.checkpointAt.get(vid);
        if (st.last && (at === undefined || closedBy.has(vid) || nowMs - at >= CHECKPOINT_EVERY_MS)) checkpoints.push({ vehicleId: vid, lastMs: st.last.t, state: JSON.stringify(st) });
      }
      await upsertMotionStates(tx, checkpoints);
      tp = this.phase('states', tp);
      await ensureTerminalRows(tx, newTerminalRows);
      for (const l of latest) {
        const held = this.pendingLatest.get(l.vehicleId);
        if (held && held.fixMs >= l.fixMs) continue;
        const at = this.latestAt.get(l.vehicleId);
        if (at === undefined || nowMs - at >= LATEST_EVERY_MS) latestDue.push(l);
        else latestHeld.push(l);
      }
      await updateLatestFixes(tx, latestDue);
      await queueRedetect(tx, [...redetect.values()]);
      for (let s = 0; s < batch.length; s++) {
        const fn = batch[s]!.opts.inTx;
        if (fn) await fn(tx, summarize(outcomes[s]!));
      }
      tp = this.phase('terminals', tp);
    });
    tp = this.phase('commit', tp);

    // durable: publish the new detector states, then answer the callers
    for (const [vid, st] of working) this.states.set(vid, st);
    for (const c of checkpoints) this.checkpointAt.set(c.vehicleId, nowMs);
    for (const l of latestDue) {
      this.latestAt.set(l.vehicleId, nowMs);
      this.pendingLatest.delete(l.vehicleId);
    }
    for (const l of latestHeld) this.pendingLatest.set(l.vehicleId, l);
    for (const [vid, list] of byVehicle) {
      const newest = list[list.length - 1]!.f.fixMs;
      if (newest > (this.maxStored.get(vid) ?? -Infinity)) this.maxStored.set(vid, newest);
    }
    for (const vid of newTerminalRows) {
      const info = this.vehicles.get(vid);
      if (info) info.hasTerminalRow = true;
    }
    batch.forEach((s, i) => s.resolve(summarize(outcomes[i]!)));
    const o = outcomes.flat();
    this.stats.batches += 1;
    this.stats.stored += o.filter((x) => x === 'stored').length;
    this.stats.duplicate += o.filter((x) => x === 'duplicate').length;
    this.stats.rejected += o.filter((x) => x === 'rejected').length;
    this.stats.trips += closedRows.length;
    this.stats.writeMs += performance.now() - t0;

    const trips = closedTrips(closedRows, closed, (vid) => this.vehicles.get(vid)?.unitId ?? 0);
    this.runHooks(settings, live, trips);
  }

  private runHooks(settings: SettingValues, live: LivePoint[], trips: ClosedTrip[]) {
    const { livePoints, closedTrips: onTrips } = this.hooks;
    if ((!livePoints || live.length === 0) && (!onTrips || trips.length === 0)) return;
    this.hookBacklog += 1;
    this.hooksChain = this.hooksChain.then(async () => {
      const ctx: TelematicsContext = { p: this.p, db: this.p.db, settings, now: new Date() };
      try {
        if (livePoints && live.length) await livePoints(ctx, live);
      } catch (err) {
        this.log('实时定位告警评估失败', err);
      }
      try {
        if (onTrips && trips.length) await onTrips(ctx, trips);
      } catch (err) {
        this.log('行程告警评估失败', err);
      }
      this.hookBacklog -= 1;
    });
  }

  /**
   * Re-detects the queued vehicle-days (late and back-filled points): for each vehicle, from the start of its
   * earliest queued day (or of the trip running across that moment), deletes its telematics trips, replays the
   * stored positions through the detector, inserts the trips again and replaces the live detector state — the same
   * trips as if every point had arrived in order. Idempotent. One short transaction per vehicle.
   */
  async redetectQueued(limit = 500): Promise<{ vehicles: number; trips: number }> {
    const queue = await findRedetectQueue(this.p.db, limit);
    const earliest = new Map<number, string>();
    for (const q of queue) {
      const d = earliest.get(q.vehicle_id);
      if (!d || q.day < d) earliest.set(q.vehicle_id, q.day);
    }
    let trips = 0;
    for (const [vid, day] of earliest) trips += await this.exclusive(() => this.redetectVehicle(vid, day));
    return { vehicles: earliest.size, trips };
  }

  private async redetectVehicle(vehicleId: number, day: string): Promise<number> {
    const settings = await this.settings();
    const params = detectorParams(settings);
    await this.loadVehicles([vehicleId]);
    const dayStart = beijingDayStart(day);
    const from = (await findTripAcross(this.p.db, vehicleId, dayStart)) ?? dayStart;
    const track = await findTrackFrom(this.p.db, vehicleId, from);
    const { trips: detected, state } = detect(track, params);
    let rows: Awaited<ReturnType<typeof insertTelematicsTrips>> = [];
    let before: { s: number; e: number }[] = [];
    await this.p.db.transaction().execute(async (tx) => {
      before = await deleteTelematicsTripsFrom(tx, vehicleId, from);
      rows = await insertTelematicsTrips(tx, detected.map((t) => tripRow(vehicleId, t)));
      if (state.last) await upsertMotionStates(tx, [{ vehicleId, lastMs: state.last.t, state: JSON.stringify(state) }]);
      await deleteRedetectFrom(tx, vehicleId, day);
    });
    if (state.last) this.states.set(vehicleId, state);
    this.stats.redetected += 1;
    // only trips that did not exist before are news for the alert hooks
    const known = new Set(before.map((b) => `${Number(b.s)}:${Number(b.e)}`));
    const fresh = detected.filter((t) => !known.has(`${t.startedAt}:${t.endedAt}`));
    const unitId = this.vehicles.get(vehicleId)?.unitId ?? 0;
    const all = closedTrips(rows, detected.map((trip) => ({ trip, vehicleId })), () => unitId);
    const freshStarts = new Set(fresh.map((t) => t.startedAt));
    this.runHooks(settings, [], all.filter((t) => freshStarts.has(t.startedAt.getTime())));
    return rows.length;
  }

  /** For tests and tools: the committed detector state of a vehicle. */
  detectorState(vehicleId: number): DetectorState | undefined {
    return this.states.get(vehicleId);
  }

  /** Forgets cached detector states and vehicles (they are read again from the database). */
  forget() {
    this.states.clear();
    this.vehicles.clear();
    this.maxStored.clear();
    this.checkpointAt.clear();
  }

  /** The detector's parameters now in force. */
  async params(): Promise<DetectorParams> {
    return detectorParams(await this.settings());
  }
}

function tripRow(vehicleId: number, t: DetectedTrip): TripRow {
  return {
    vehicleId,
    startedMs: t.startedAt,
    endedMs: t.endedAt,
    km: t.km,
    startLat: t.startLat,
    startLon: t.startLon,
    endLat: t.endLat,
    endLon: t.endLon,
    maxSpeed: t.maxSpeed,
    points: t.points,
  };
}

function closedTrips(
  rows: { id: number; vehicle_id: number; dispatch_id: number | null; ms: number }[],
  detected: { trip: DetectedTrip; vehicleId: number }[],
  unitOf: (vehicleId: number) => number,
): ClosedTrip[] {
  const byKey = new Map(detected.map((d) => [key(d.vehicleId, d.trip.startedAt), d.trip]));
  const out: ClosedTrip[] = [];
  for (const r of rows) {
    const t = byKey.get(key(r.vehicle_id, Number(r.ms)));
    if (!t) continue;
    out.push({
      id: Number(r.id),
      vehicleId: r.vehicle_id,
      unitId: unitOf(r.vehicle_id),
      dispatchId: r.dispatch_id,
      startedAt: new Date(t.startedAt),
      endedAt: new Date(t.endedAt),
      km: t.km,
      startLat: t.startLat,
      startLon: t.startLon,
      endLat: t.endLat,
      endLon: t.endLon,
      maxSpeed: t.maxSpeed,
      points: t.points,
    });
  }
  return out;
}

function summarize(outcomes: FixOutcome[]): IngestOutcome {
  let stored = 0;
  let duplicate = 0;
  let rejected = 0;
  for (const o of outcomes) {
    if (o === 'stored') stored++;
    else if (o === 'duplicate') duplicate++;
    else rejected++;
  }
  return { stored, duplicate, rejected, outcomes };
}

const pipelines = new WeakMap<Platform, PositionPipeline>();

/** The platform's one ingest pipeline (the gateway, the HTTP ingest and the re-detection job share it). */
export function positionPipeline(p: Platform, opts?: PipelineOptions): PositionPipeline {
  let pl = pipelines.get(p);
  if (!pl) {
    pl = new PositionPipeline(p, { hooks: defaultHooks(), ...opts });
    pipelines.set(p, pl);
  }
  return pl;
}

/** Closes and forgets the platform's pipeline (shutdown, tests). */
export async function closePositionPipeline(p: Platform): Promise<void> {
  const pl = pipelines.get(p);
  if (!pl) return;
  pipelines.delete(p);
  await pl.close();
}

/** The alerts: live (not back-filled) points and closed trips, after their batch committed. */
function defaultHooks(): PipelineHooks {
  return {
    livePoints: async (ctx, points) => {
      await evaluateLivePoints(ctx, points);
    },
    closedTrips: async (ctx, trips) => {
      await evaluateClosedTrips(ctx, trips);
    },
  };
}
