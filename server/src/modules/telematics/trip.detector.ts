/**
 * Online trip and stop detection for one vehicle (DOMAIN.md → Official vehicles, trip detection), pure and
 * synchronous: the ingest pipeline feeds each vehicle's fixes in time order and keeps the state between batches
 * (tm_motion.state), the re-detection of a vehicle-day replays the stored positions through the same code.
 *
 * - A stop is staying within `stopRadiusM` for `stopSeconds`: the trip ends where the car arrived (the first fix of
 *   that stay) with the distance driven up to there.
 * - A trip starts when the car is `stopRadiusM` or more away from where it stood; it starts at the last fix before.
 * - A gap in the data longer than `gapSeconds` ends the open trip at the last fix before the gap.
 * - With `useAcc`, once the terminal has reported ACC on, ACC off ends the open trip at that fix and no trip starts
 *   while the ignition is off.
 * - Distance is the haversine sum between consecutive fixes; a fix implying more than 250 km/h is dropped as a jump
 *   (after three jumps in a row the track is taken to have moved: the trip is split there).
 */

/** 1e-6 degrees */
export interface TrackPoint {
  /** epoch milliseconds */
  t: number;
  lat: number;
  lon: number;
  /** 0.1 km/h */
  speed: number;
  /** JT/T 808 status DWORD: bit 0 ACC on */
  status: number;
}

export interface DetectorParams {
  stopRadiusM: number;
  stopSeconds: number;
  gapSeconds: number;
  useAcc: boolean;
}

/** A place and time on the track, as saved in the state. */
export interface Fix {
  t: number;
  lat: number;
  lon: number;
}

export interface OpenTrip {
  start: Fix;
  km: number;
  maxSpeed: number;
  points: number;
  /** first fix of the current stay within the stop radius, and the trip's figures at that fix */
  cand: Fix;
  candKm: number;
  candPoints: number;
  candMaxSpeed: number;
}

/** Saved in tm_motion.state (JSON): keep it plain data. */
export interface DetectorState {
  v: 1;
  /** newest fix consumed */
  last?: Fix;
  /** the terminal has reported ACC on at least once (so an ACC-off bit means something) */
  accSeen: boolean;
  /** consecutive fixes dropped as jumps */
  jumps: number;
  /** where the stopped car stands */
  anchor?: Fix;
  trip?: OpenTrip;
}

export interface DetectedTrip {
  startedAt: number;
  endedAt: number;
  startLat: number;
  startLon: number;
  endLat: number;
  endLon: number;
  /** kilometres, 2 decimals */
  km: number;
  /** 0.1 km/h */
  maxSpeed: number;
  points: number;
}

/** Fastest plausible car: faster implied movement between two fixes is a position jump. */
export const MAX_PLAUSIBLE_KMH = 250;
const JUMPS_BEFORE_RESET = 3;
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180 / 1e6;

/** Great-circle distance in metres between two points in 1e-6 degrees. */
export function haversineM(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const dLat = (bLat - aLat) * RAD;
  const dLon = (bLon - aLon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * RAD) * Math.cos(bLat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

const dist = (a: Fix, b: Fix) => haversineM(a.lat, a.lon, b.lat, b.lon);
const fix = (p: TrackPoint): Fix => ({ t: p.t, lat: p.lat, lon: p.lon });
const round2 = (km: number) => Math.round(km * 100) / 100;

export function initialState(): DetectorState {
  return { v: 1, accSeen: false, jumps: 0 };
}

/** A copy to work on (the pipeline keeps the committed state until its batch is durable). */
export function cloneState(s: DetectorState): DetectorState {
  return {
    v: 1,
    accSeen: s.accSeen,
    jumps: s.jumps,
    ...(s.last ? { last: { ...s.last } } : {}),
    ...(s.anchor ? { anchor: { ...s.anchor } } : {}),
    ...(s.trip ? { trip: { ...s.trip, start: { ...s.trip.start }, cand: { ...s.trip.cand } } } : {}),
  };
}

/** Reads a saved state defensively (unknown shape → fresh state). */
export function parseState(json: unknown): DetectorState {
  const s = json as Partial<DetectorState> | null;
  if (!s || typeof s !== 'object' || s.v !== 1) return initialState();
  return cloneState({ v: 1, accSeen: !!s.accSeen, jumps: Number(s.jumps) || 0, last: s.last, anchor: s.anchor, trip: s.trip });
}

function close(trip: OpenTrip, end: Fix, km: number, points: number, maxSpeed: number): DetectedTrip | undefined {
  if (end.t <= trip.start.t) return undefined;
  return {
    startedAt: trip.start.t,
    endedAt: end.t,
    startLat: trip.start.lat,
    startLon: trip.start.lon,
    endLat: end.lat,
    endLon: end.lon,
    km: Math.min(4999.99, round2(km / 1000)),
    maxSpeed,
    points,
  };
}

const accOn = (p: TrackPoint) => (p.status & 1) === 1;

/**
 * Consumes one fix (strictly newer than the last one consumed; older or equal fixes are ignored — the caller
 * queues a re-detection for them). Mutates `s`; returns the trip this fix closed, if any. Distances inside the
 * state are in metres.
 */
export function step(s: DetectorState, p: TrackPoint, params: DetectorParams): DetectedTrip | undefined {
  if (p.lat === 0 && p.lon === 0) return undefined; // no fix yet: terminals report 0/0
  const last = s.last;
  if (last && p.t <= last.t) return undefined;
  const acc = accOn(p);
  if (acc) s.accSeen = true;
  const ignitionOff = params.useAcc && s.accSeen && !acc;
  const here = fix(p);

  if (!last) {
    s.last = here;
    s.anchor = here;
    return undefined;
  }

  // a gap splits: the open trip ended at the last fix before it
  if (p.t - last.t > params.gapSeconds * 1000) return restart(s, here);

  const d = dist(last, here);
  const dtS = (p.t - last.t) / 1000;
  if (d > params.stopRadiusM && d > (MAX_PLAUSIBLE_KMH / 3.6) * dtS) {
    s.jumps += 1;
    if (s.jumps < JUMPS_BEFORE_RESET) return undefined;
    return restart(s, here);
  }
  s.jumps = 0;

  const trip = s.trip;
  if (!trip) {
    const anchor = s.anchor ?? last;
    if (ignitionOff) {
      s.anchor = here;
    } else if (dist(anchor, here) >= params.stopRadiusM) {
      const start = last;
      s.trip = { start, km: d, maxSpeed: p.speed, points: 2, cand: here, candKm: d, candPoints: 2, candMaxSpeed: p.speed };
      s.anchor = undefined;
    }
    s.last = here;
    return undefined;
  }

  trip.km += d;
  trip.points += 1;
  if (p.speed > trip.maxSpeed) trip.maxSpeed = p.speed;
  s.last = here;

  if (ignitionOff) {
    s.trip = undefined;
    s.anchor = here;
    return close(trip, here, trip.km, trip.points, trip.maxSpeed);
  }
  if (dist(trip.cand, here) > params.stopRadiusM) {
    trip.cand = here;
    trip.candKm = trip.km;
    trip.candPoints = trip.points;
    trip.candMaxSpeed = trip.maxSpeed;
    return undefined;
  }
  if (p.t - trip.cand.t >= params.stopSeconds * 1000) {
    s.trip = undefined;
    s.anchor = trip.cand;
    return close(trip, trip.cand, trip.candKm, trip.candPoints, trip.candMaxSpeed);
  }
  return undefined;
}

/** Ends the open trip at the last fix and starts afresh at `here` (data gap, or the track moved). */
function restart(s: DetectorState, here: Fix): DetectedTrip | undefined {
  const trip = s.trip;
  const last = s.last!;
  s.trip = undefined;
  s.jumps = 0;
  s.last = here;
  s.anchor = here;
  return trip ? close(trip, last, trip.km, trip.points, trip.maxSpeed) : undefined;
}

/** Runs a whole track (sorted by time) from `state` (fresh by default); returns the closed trips and the end state. */
export function detect(points: readonly TrackPoint[], params: DetectorParams, state: DetectorState = initialState()) {
  const trips: DetectedTrip[] = [];
  for (const p of points) {
    const t = step(state, p, params);
    if (t) trips.push(t);
  }
  return { trips, state };
}

/** The detector's parameters from the settings record. */
export function detectorParams(settings: {
  'telematics.stop_radius_m': number;
  'telematics.stop_seconds': number;
  'telematics.gap_seconds': number;
  'telematics.use_acc': boolean;
}): DetectorParams {
  return {
    stopRadiusM: settings['telematics.stop_radius_m'],
    stopSeconds: settings['telematics.stop_seconds'],
    gapSeconds: settings['telematics.gap_seconds'],
    useAcc: settings['telematics.use_acc'],
  };
}
