import type { Db } from '../../db/connection.js';
import { chinaDay } from '../../platform/calendar/calendar.service.js';
import { notify } from '../../platform/notify/notification.service.js';
import type { SettingValues } from '../../platform/settings/settings.catalog.js';
import { findFleetManagersOfUnits } from '../fleet/quota.repository.js';
import {
  type AlertInsert,
  findActiveGeofences,
  findOfflineTerminals,
  findVehiclesForAlerts,
  findWorkingDays,
  insertAlerts,
  findAlertStates,
  type RaisedAlert,
  saveAlertStates,
} from './alert.repository.js';
import { type CompiledShape, compileGeometry, type GeofenceGeometry, type LonLat } from './geofence.geometry.js';
import type { ClosedTrip, LivePoint, TelematicsContext } from './telematics.types.js';

/**
 * 报警: the telematics rules, each raising a warning (module fleet) owned by the car's unit, with evidence (positions,
 * times, speeds, limits), a link to the car's track of the day, and one message to the fleet managers over the unit.
 * Live rules run on committed live points per batch (back-filled points never raise alerts); trip rules on closed
 * trips; the offline rule is a job. A warning's subject names its episode (see insertAlerts), so a batch seen twice
 * or an episode running across batches raises one warning.
 */

// ------------------------------------------------------------------ state kept between batches

interface Episode {
  /** epoch ms of the first fix of the episode */
  since: number;
  /** epoch ms of the latest fix in it */
  last: number;
  raised: boolean;
  /** the worst value (speed, 0.1 km/h) and where it began */
  max: number;
  lat: number;
  lon: number;
}

interface AlertState {
  over?: Episode;
  idle?: Episode;
  cut?: number;
  low?: number;
  /** fence id → epoch ms since which the car breaks it */
  fences?: Record<string, number>;
}

/** An episode is broken by a gap longer than this between two fixes. */
const EPISODE_GAP_MS = 120_000;
const IDLE_GAP_MS = 300_000;
/** Moving, for the sealed-car rule: ≥ 5 km/h. */
const MOVING = 50;
const ALARM_POWER_CUT = 1 << 8;
const ALARM_POWER_LOW = 1 << 7;

const pad = (n: number) => String(n).padStart(2, '0');
/** 'YYYYMMDDhhmmss' in Beijing time, for subject keys. */
export function beijingStamp(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}
/** 'YYYY-MM-DD hh:mm:ss' in Beijing time, for titles. */
const beijingText = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const kmh = (speed: number) => Math.round(speed / 10);
const deg = (e6: number) => e6 / 1e6;
export const trackLink = (vehicleId: number, ms: number) => `/fleet/tracks?vehicle=${vehicleId}&day=${chinaDay(new Date(ms))}`;

const evidencePoint = (p: LivePoint) => ({
  time: p.fixTime.toISOString(),
  lat: deg(p.lat),
  lon: deg(p.lon),
  speedKmh: p.speed / 10,
  direction: p.direction,
  alarm: p.alarm,
  status: p.status,
});

// ------------------------------------------------------------------ geofences (compiled, cached briefly)

interface Fence {
  id: number;
  name: string;
  rule: 'stay_inside' | 'keep_out';
  /** 'unit': the cars of the unit and below; 'region': every car of the unit's region */
  appliesTo: string;
  unitPath: string;
  regionPath: string;
  shape: CompiledShape;
}

let fenceCache: { at: number; db: Db; fences: Fence[] } | null = null;
const FENCE_TTL_MS = 30_000;

/** Drops the compiled geofences (after a create or update), so the next batch reads them again. */
export function invalidateGeofenceCache() {
  fenceCache = null;
}

/** The stored geometry of a geofence row as a tagged shape. */
export function geometryOf(row: { shape: string; region_code: string | null; geometry: unknown }): GeofenceGeometry | null {
  const g = row.geometry as Record<string, unknown> | LonLat[] | null;
  if (row.shape === 'region' && row.region_code) return { kind: 'region', regionCode: row.region_code };
  if (row.shape === 'polygon' && Array.isArray(g)) return { kind: 'polygon', points: g };
  if (row.shape === 'circle' && g && !Array.isArray(g)) return { kind: 'circle', lon: Number(g.lon), lat: Number(g.lat), radiusM: Number(g.radiusM) };
  if (row.shape === 'corridor' && g && !Array.isArray(g)) return { kind: 'corridor', line: g.line as LonLat[], widthM: Number(g.widthM) };
  return null;
}

async function activeFences(db: Db, now: number): Promise<Fence[]> {
  if (fenceCache && fenceCache.db === db && now - fenceCache.at < FENCE_TTL_MS) return fenceCache.fences;
  const fences: Fence[] = [];
  for (const r of await findActiveGeofences(db)) {
    const g = geometryOf(r);
    const shape = g ? compileGeometry(g) : null;
    if (shape) fences.push({ id: r.id, name: r.name, rule: r.rule as Fence['rule'], appliesTo: r.applies_to, unitPath: r.unit_path, regionPath: r.region_path, shape });
  }
  fenceCache = { at: now, db, fences };
  return fences;
}

const under = (path: string, root: string) => root === '' || path === root || path.startsWith(`${root}.`);
const appliesTo = (f: Fence, car: { unit_path: string; region_path: string }) =>
  f.appliesTo === 'region' ? under(car.region_path, f.regionPath) : under(car.unit_path, f.unitPath);

// ------------------------------------------------------------------ plumbing

async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Inserts the alerts and tells the fleet managers over each new one's unit, once per warning. */
async function raise(tx: Db, rows: AlertInsert[]): Promise<RaisedAlert[]> {
  const raised = await insertAlerts(tx, rows);
  if (!raised.length) return raised;
  const managers = await findFleetManagersOfUnits(tx, [...new Set(raised.map((w) => w.unit_id))]);
  for (const w of raised) {
    const users = managers.get(w.unit_id) ?? [];
    if (!users.length) continue;
    await notify(tx, users, {
      category: 'reminder',
      title: w.title,
      body: '车辆定位报警，请核实处理。',
      link: w.link ?? undefined,
      objectType: 'warning',
      objectId: String(w.id),
      dedupeKey: `warning:${w.id}`,
    });
  }
  return raised;
}

export interface AlertRunResult {
  points: number;
  raised: number;
  kinds: Record<string, number>;
}

const summary = (points: number, raised: RaisedAlert[]): AlertRunResult => {
  const kinds: Record<string, number> = {};
  for (const w of raised) kinds[w.kind] = (kinds[w.kind] ?? 0) + 1;
  return { points, raised: raised.length, kinds };
};

// ------------------------------------------------------------------ live points

/**
 * The live rules on a batch of committed points: speeding (over the limit for at least N seconds), power cut or low
 * (alarm bits 8 and 7), a sealed (封存) car moving, breaking a geofence (outside a stay-inside area, inside a keep-out
 * area), long idling (ACC on, standing still for N minutes). Per batch: one read of the cars and their state, one
 * insert of the alerts when any, one upsert of the states that changed. Points not newer than a car's state are ignored (a batch seen
 * twice changes nothing), and so are back-filled points.
 */
export async function evaluateLivePoints(ctx: TelematicsContext, points: LivePoint[]): Promise<AlertRunResult> {
  const live = points.filter((p) => !p.backfill);
  if (!live.length) return { points: 0, raised: 0, kinds: {} };
  const s = ctx.settings;
  const limit = Number(s['telematics.speed_limit_kmh']) * 10;
  const speedingMs = Number(s['telematics.speeding_seconds']) * 1000;
  const idleMs = Number(s['telematics.idle_minutes']) * 60_000;
  const byVehicle = new Map<number, LivePoint[]>();
  for (const p of live) {
    const list = byVehicle.get(p.vehicleId);
    if (list) list.push(p);
    else byVehicle.set(p.vehicleId, [p]);
  }
  const fences = await activeFences(ctx.db, ctx.now.getTime());
  return inTransaction(ctx.db, async (tx) => {
    const cars = await findAlertStates(tx, [...byVehicle.keys()]);
    const alerts = new Map<string, AlertInsert>();
    const add = (a: AlertInsert) => {
      if (!alerts.has(`${a.kind}|${a.subject_key}`)) alerts.set(`${a.kind}|${a.subject_key}`, a);
    };
    const states: { vehicle_id: number; last_fix_at: string; state: AlertState }[] = [];
    let used = 0;
    for (const car of cars) {
      const lastFix = car.last_fix_at ? new Date(car.last_fix_at).getTime() : -Infinity;
      const pts = byVehicle
        .get(car.vehicle_id)!
        .filter((p) => p.fixTime.getTime() > lastFix)
        .sort((a, b) => a.fixTime.getTime() - b.fixTime.getTime());
      if (!pts.length) continue;
      used += pts.length;
      const before = JSON.stringify(car.state ?? {});
      const st = (car.state ?? {}) as AlertState;
      const fenceState: Record<string, number> = { ...(st.fences ?? {}) };
      const mine = fences.filter((f) => appliesTo(f, car));
      const v = car.vehicle_id;
      const base = { unit_id: car.unit_id };
      let prev = lastFix;
      for (const p of pts) {
        const t = p.fixTime.getTime();
        const link = trackLink(v, t);
        // speeding
        if (p.speed > limit) {
          if (!st.over || t - st.over.last > EPISODE_GAP_MS || t - prev > EPISODE_GAP_MS) st.over = { since: t, last: t, raised: false, max: p.speed, lat: p.lat, lon: p.lon };
          st.over.last = t;
          st.over.max = Math.max(st.over.max, p.speed);
          if (!st.over.raised && t - st.over.since >= speedingMs) {
            st.over.raised = true;
            const secs = Math.round((t - st.over.since) / 1000);
            add({
              ...base,
              kind: 'fleet.speeding',
              subject_key: `vehicle:${v}:speeding:${beijingStamp(st.over.since)}`,
              severity: st.over.max > limit * 1.5 ? 'high' : 'medium',
              title: `${car.plate} 超速行驶：${beijingText(st.over.since)} 起 ${kmh(st.over.max)} km/h，持续 ${secs} 秒（限速 ${limit / 10} km/h）`,
              link,
              evidence: { rule: 'speeding', limitKmh: limit / 10, minSeconds: speedingMs / 1000, since: new Date(st.over.since).toISOString(), seconds: secs, maxKmh: st.over.max / 10, start: { lat: deg(st.over.lat), lon: deg(st.over.lon) }, point: evidencePoint(p) },
            });
          }
        } else st.over = undefined;
        // long idling: ignition on, standing
        if ((p.status & 1) === 1 && p.speed === 0) {
          if (!st.idle || t - st.idle.last > IDLE_GAP_MS || t - prev > IDLE_GAP_MS) st.idle = { since: t, last: t, raised: false, max: 0, lat: p.lat, lon: p.lon };
          st.idle.last = t;
          if (!st.idle.raised && t - st.idle.since >= idleMs) {
            st.idle.raised = true;
            const mins = Math.round((t - st.idle.since) / 60_000);
            add({
              ...base,
              kind: 'fleet.idling',
              subject_key: `vehicle:${v}:idling:${beijingStamp(st.idle.since)}`,
              severity: 'low',
              title: `${car.plate} 长时间怠速：${beijingText(st.idle.since)} 起点火停车 ${mins} 分钟`,
              link,
              evidence: { rule: 'idling', minMinutes: idleMs / 60_000, since: new Date(st.idle.since).toISOString(), minutes: mins, point: evidencePoint(p) },
            });
          }
        } else st.idle = undefined;
        // power cut (bit 8) or main power low (bit 7)
        for (const [bit, field, sev, label, kindKey] of [
          [ALARM_POWER_CUT, 'cut', 'high', '终端主电源断电（疑似拆除）', 'power-cut'],
          [ALARM_POWER_LOW, 'low', 'low', '终端主电源欠压', 'power-low'],
        ] as const) {
          if (p.alarm & bit) {
            if (st[field] === undefined) {
              st[field] = t;
              add({
                ...base,
                kind: 'fleet.power-cut',
                subject_key: `vehicle:${v}:${kindKey}:${beijingStamp(t)}`,
                severity: sev,
                title: `${car.plate} ${label}：${beijingText(t)}`,
                link,
                evidence: { rule: kindKey, alarmBit: bit === ALARM_POWER_CUT ? 8 : 7, point: evidencePoint(p) },
              });
            }
          } else st[field] = undefined;
        }
        // a sealed car moving: one warning per car and day
        if (car.status === 'sealed' && p.speed >= MOVING) {
          add({
            ...base,
            kind: 'fleet.sealed-moving',
            subject_key: `vehicle:${v}:sealed-moving:${beijingStamp(t).slice(0, 8)}`,
            severity: 'high',
            title: `${car.plate} 封存期间移动：${beijingText(t)} 车速 ${kmh(p.speed)} km/h`,
            link,
            evidence: { rule: 'sealed-moving', vehicleStatus: 'sealed', minKmh: MOVING / 10, point: evidencePoint(p) },
          });
        }
        // geofences
        if (mine.length) {
          const lon = deg(p.lon);
          const lat = deg(p.lat);
          for (const f of mine) {
            const inside = f.shape.contains(lon, lat);
            const broken = f.rule === 'stay_inside' ? !inside : inside;
            const k = String(f.id);
            if (!broken) {
              delete fenceState[k];
              continue;
            }
            if (fenceState[k] !== undefined) continue;
            fenceState[k] = t;
            add({
              ...base,
              kind: 'fleet.geofence',
              subject_key: `vehicle:${v}:geofence:${f.id}:${beijingStamp(t)}`,
              severity: f.rule === 'keep_out' ? 'high' : 'medium',
              title: `${car.plate} ${f.rule === 'stay_inside' ? '驶出' : '驶入'}电子围栏“${f.name}”：${beijingText(t)}`,
              link,
              evidence: { rule: f.rule, geofenceId: f.id, geofenceName: f.name, point: evidencePoint(p) },
            });
          }
        }
        prev = t;
      }
      if (Object.keys(fenceState).length) st.fences = fenceState;
      else delete st.fences;
      for (const k of ['over', 'idle', 'cut', 'low'] as const) if (st[k] === undefined) delete st[k];
      // only a changed state is written; an unchanged one keeps its older last_fix_at, harmless since alerts are idempotent
      if (JSON.stringify(st) !== before) states.push({ vehicle_id: v, last_fix_at: new Date(prev).toISOString(), state: st });
    }
    const raised = await raise(tx, [...alerts.values()]);
    await saveAlertStates(tx, states);
    return summary(used, raised);
  });
}

// ------------------------------------------------------------------ closed trips

/** Beijing minutes of the day for 'HH:MM'. */
const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Which part of a trip lies outside working time: the first Beijing instant outside, or null. */
export function offHoursAt(start: number, end: number, workStart: number, workEnd: number, working: (day: string) => boolean): number | null {
  // walk the trip day by day (trips are hours long; a gap of a day splits them anyway)
  let t = start;
  while (t < end) {
    const day = chinaDay(new Date(t));
    const dayStart = new Date(`${day}T00:00:00+08:00`).getTime();
    const nextDay = dayStart + 86_400_000;
    if (!working(day)) return t;
    const ws = dayStart + workStart * 60_000;
    const we = dayStart + workEnd * 60_000;
    if (t < ws) return t;
    if (t >= we) return t;
    // inside hours from t until we: outside again from we, if the trip lasts
    if (end > we) return we;
    t = Math.min(end, nextDay);
  }
  return null;
}

/**
 * The trip rules on closed telematics trips: off-hours use (a trip starting or running outside work_start–work_end on
 * a working day, or on any non-working day of the working calendar) and a trip with no dispatch.
 */
export async function evaluateClosedTrips(ctx: TelematicsContext, trips: ClosedTrip[]): Promise<AlertRunResult> {
  if (!trips.length) return { points: 0, raised: 0, kinds: {} };
  const s = ctx.settings;
  const ws = minutesOf(String(s['telematics.work_start']));
  const we = minutesOf(String(s['telematics.work_end']));
  const days = new Set<string>();
  for (const t of trips) for (let x = t.startedAt.getTime(); x <= t.endedAt.getTime() + 86_400_000; x += 86_400_000) days.add(chinaDay(new Date(Math.min(x, t.endedAt.getTime()))));
  return inTransaction(ctx.db, async (tx) => {
    const [working, cars] = await Promise.all([findWorkingDays(tx, [...days]), findVehiclesForAlerts(tx, [...new Set(trips.map((t) => t.vehicleId))])]);
    const plateOf = new Map(cars.map((c) => [c.vehicle_id, c]));
    const rows: AlertInsert[] = [];
    for (const t of trips) {
      const car = plateOf.get(t.vehicleId);
      if (!car) continue;
      const start = t.startedAt.getTime();
      const end = t.endedAt.getTime();
      const key = `vehicle:${t.vehicleId}:trip:${beijingStamp(start)}`;
      const period = `${beijingText(start)}–${beijingText(end).slice(11)}`;
      const ev = {
        tripId: t.id,
        startedAt: t.startedAt.toISOString(),
        endedAt: t.endedAt.toISOString(),
        km: t.km,
        maxSpeedKmh: t.maxSpeed / 10,
        start: { lat: deg(t.startLat), lon: deg(t.startLon) },
        end: { lat: deg(t.endLat), lon: deg(t.endLon) },
        dispatchId: t.dispatchId,
      };
      const link = trackLink(t.vehicleId, start);
      const off = offHoursAt(start, end, ws, we, (d) => working.get(d) ?? true);
      if (off !== null) {
        const day = chinaDay(new Date(off));
        const holiday = !(working.get(day) ?? true);
        rows.push({
          kind: 'fleet.off-hours',
          subject_key: key,
          severity: holiday ? 'high' : 'medium',
          unit_id: car.unit_id,
          title: `${car.plate} 非工作时间用车：${period}${holiday ? '（非工作日）' : ''}，${t.km} 公里`,
          link,
          evidence: { rule: 'off-hours', workStart: s['telematics.work_start'], workEnd: s['telematics.work_end'], workingDay: !holiday, outsideFrom: new Date(off).toISOString(), trip: ev },
        });
      }
      if (t.dispatchId === null) {
        rows.push({
          kind: 'fleet.no-dispatch',
          subject_key: key,
          severity: 'medium',
          unit_id: car.unit_id,
          title: `${car.plate} 非调度用车：${period} 行驶 ${t.km} 公里，无派车单`,
          link,
          evidence: { rule: 'no-dispatch', trip: ev },
        });
      }
    }
    return summary(trips.length, await raise(tx, rows));
  });
}

// ------------------------------------------------------------------ offline terminals (job)

/** Cars in use whose terminal has been silent longer than telematics.offline_minutes: one warning per silence. */
export async function raiseOfflineAlerts(db: Db, settings: SettingValues, now: Date): Promise<AlertRunResult> {
  const minutes = Number(settings['telematics.offline_minutes']);
  const cutoff = new Date(now.getTime() - minutes * 60_000);
  return inTransaction(db, async (tx) => {
    const rows: AlertInsert[] = (await findOfflineTerminals(tx, cutoff)).map((r) => {
      const seen = new Date(r.last_seen_at!).getTime();
      return {
        kind: 'fleet.offline',
        subject_key: `vehicle:${r.vehicle_id}:offline:${beijingStamp(seen)}`,
        severity: 'medium',
        unit_id: r.unit_id,
        title: `${r.plate} 终端长时间离线：${beijingText(seen)} 后无数据（超过 ${minutes} 分钟）`,
        link: trackLink(r.vehicle_id, seen),
        evidence: {
          rule: 'offline',
          offlineMinutes: minutes,
          phone: r.phone,
          lastSeenAt: new Date(seen).toISOString(),
          lastFix: r.last_fix_at ? { time: new Date(r.last_fix_at).toISOString(), lat: deg(r.last_lat ?? 0), lon: deg(r.last_lon ?? 0) } : null,
          checkedAt: now.toISOString(),
        },
      };
    });
    return summary(rows.length, await raise(tx, rows));
  });
}
