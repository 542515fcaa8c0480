import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { invalid, notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import type { SettingValues } from '../../platform/settings/settings.catalog.js';
import { VEHICLE_STATUS_NAMES } from '../fleet/vehicle.service.js';
import {
  findLiveVehicles,
  findTrackedVehicle,
  findTrackPoints,
  findTripsInWindow,
  findUnitNames,
  selectTripColumns,
  TRIP_SORTS,
  type TripRow,
  tripListQuery,
  type WindowTripRow,
} from './track.repository.js';
import {
  Live,
  LiveQuery,
  MOTION_NAMES,
  type MOTION_STATES,
  Track,
  TRACK_MAX_HOURS,
  TRACK_MAX_POINTS,
  TrackedVehicle,
  TrackQuery,
  Trip,
  TripFilters,
} from './track.schemas.js';

type Motion = (typeof MOTION_STATES)[number];

/** Alarm bits that paint a car red on the map: 0 SOS, 1 overspeed, 7 main power low, 8 main power cut. */
const ALARM_MASK = (1 << 0) | (1 << 1) | (1 << 7) | (1 << 8);
/** Below 5 km/h a car counts as standing. */
const MOVING_SPEED = 50;

const deg = (v: number | null) => (v === null ? null : v / 1e6);
const kmh = (v: number | null) => (v === null ? null : v / 10);
const point = (lat: number | null, lon: number | null) => (lat === null || lon === null ? null : { lat: lat / 1e6, lon: lon / 1e6 });
const minutesBetween = (a: Date, b: Date) => Math.ceil((b.getTime() - a.getTime()) / 60000);

export function motionOf(r: { online: boolean; last_lat: number | null; last_speed: number | null; last_alarm: number | null }): Motion {
  if (!r.online) return 'offline';
  if (r.last_alarm && r.last_alarm & ALARM_MASK) return 'alarm';
  return r.last_lat !== null && (r.last_speed ?? 0) >= MOVING_SPEED ? 'moving' : 'parked';
}

/** Beijing calendar day of a moment, YYYY-MM-DD. */
export const beijingDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const basemapOf = (s: SettingValues) => ({
  tileUrl: String(s['telematics.basemap_tile_url'] ?? ''),
  reviewNo: String(s['telematics.basemap_review_no'] ?? ''),
});

/** Between two consecutive trips the car stood where the first one ended; after the last one, until the window closes. */
export function stopsBetween(trips: WindowTripRow[], to: Date, now: Date) {
  const stops = [];
  for (let i = 0; i < trips.length; i++) {
    const a = trips[i]!;
    const next = trips[i + 1];
    const end = next ? next.started_at : new Date(Math.min(to.getTime(), now.getTime()));
    if (end.getTime() <= a.ended_at.getTime()) continue;
    stops.push({
      startedAt: iso(a.ended_at)!,
      endedAt: iso(end)!,
      minutes: minutesBetween(a.ended_at, end),
      lat: deg(a.end_lat),
      lon: deg(a.end_lon),
    });
  }
  return stops;
}

const presentTrip = (_req: FastifyRequest, r: TripRow): Static<typeof Trip> => ({
  id: r.id,
  vehicleId: r.vehicle_id,
  plate: r.plate,
  unitId: r.unit_id,
  unitName: r.unit_name,
  startedAt: iso(r.started_at)!,
  endedAt: iso(r.ended_at)!,
  minutes: r.minutes,
  km: Number(r.km),
  maxSpeed: kmh(r.max_speed),
  points: r.points,
  start: point(r.start_lat, r.start_lon),
  end: point(r.end_lat, r.end_lon),
  dispatchId: r.dispatch_id,
});

const bjTime = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** Read side of telematics: the live map, a vehicle's terminal and day, its track for a period, the trips register. */
export async function trackRoutes(app: FastifyInstance) {
  const { db, settings } = app.platform;
  const tag = '公务用车-车辆监控';
  const timeoutOf = (s: SettingValues) => Number(s['telematics.heartbeat_timeout_seconds'] ?? 180);

  app.get(
    '/api/telematics/live',
    {
      schema: { tags: [tag], summary: '实时监控：本范围内装有终端的车辆及最新定位（按列返回）', querystring: LiveQuery, response: { 200: Live, '4xx': ErrorBody } },
      config: { permission: 'fleet:track:read' },
    },
    async (req, reply) => {
      const q = req.query as Static<typeof LiveQuery>;
      const st = await settings.get();
      const rows = await findLiveVehicles(db, req.auth!.scope, q, timeoutOf(st));
      const out: Static<typeof Live> = {
        at: new Date().toISOString(),
        count: rows.length,
        ids: [],
        plates: [],
        unitIds: [],
        states: [],
        lat: [],
        lon: [],
        speed: [],
        direction: [],
        fixAt: [],
        units: [],
        counts: { moving: 0, parked: 0, offline: 0, alarm: 0 },
        basemap: basemapOf(st),
      };
      const units = new Set<number>();
      for (const r of rows) {
        const s = motionOf(r);
        out.ids.push(r.id);
        out.plates.push(r.plate);
        out.unitIds.push(r.unit_id);
        out.states.push(s);
        out.counts[s]++;
        out.lat.push(deg(r.last_lat));
        out.lon.push(deg(r.last_lon));
        out.speed.push(kmh(r.last_speed));
        out.direction.push(r.last_direction);
        out.fixAt.push(r.fix_s);
        units.add(r.unit_id);
      }
      out.units = await findUnitNames(db, [...units]);
      // tens of thousands of cars: JSON.stringify of plain arrays is several times faster than the schema serializer
      // (whose nullable items go through anyOf one by one); the shape is the schema's, built just above
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(out));
    },
  );

  app.get(
    '/api/telematics/vehicles/:id',
    {
      schema: { tags: [tag], summary: '车辆监控详情：终端、在线状态、最新定位与当日行驶', params: IdParam, response: { 200: TrackedVehicle, '4xx': ErrorBody } },
      config: { permission: 'fleet:track:read' },
    },
    async (req): Promise<Static<typeof TrackedVehicle>> => {
      const { id } = req.params as { id: number };
      const st = await settings.get();
      const today = beijingDay(new Date());
      const v = await findTrackedVehicle(db, req.auth!.scope, id, timeoutOf(st), today);
      if (!v) throw notFound('车辆或其北斗终端');
      const state = motionOf(v);
      return {
        id: v.id,
        plate: v.plate,
        brand: v.brand,
        model: v.model,
        status: v.status,
        statusName: VEHICLE_STATUS_NAMES[v.status] ?? v.status,
        unitId: v.unit_id,
        unitName: v.unit_name,
        state,
        stateName: MOTION_NAMES[state],
        online: v.online,
        terminal: {
          phone: v.terminal_phone!,
          protocol: v.protocol,
          manufacturer: v.manufacturer,
          model: v.terminal_model,
          terminalId: v.terminal_id,
          imei: v.imei,
          firmware: v.firmware,
          registeredAt: iso(v.registered_at),
          authenticatedAt: iso(v.authenticated_at),
          lastSeenAt: iso(v.last_seen_at),
        },
        fix:
          v.last_fix_at && v.last_lat !== null && v.last_lon !== null
            ? {
                at: iso(v.last_fix_at)!,
                lat: v.last_lat / 1e6,
                lon: v.last_lon / 1e6,
                speed: (v.last_speed ?? 0) / 10,
                direction: v.last_direction ?? 0,
                alarm: v.last_alarm ?? 0,
                acc: v.last_status === null ? null : (v.last_status & 1) === 1,
              }
            : null,
        today: { day: today, km: Number(v.gps_km), trips: v.gps_trips, minutes: v.gps_minutes },
        basemap: basemapOf(st),
        _actions: req.auth!.permissions.has('fleet:track:command') && v.online ? ['command'] : [],
      };
    },
  );

  app.get(
    '/api/telematics/vehicles/:id/track',
    {
      schema: {
        tags: [tag],
        summary: `轨迹回放：时段内的定位点（每次不超过 ${TRACK_MAX_HOURS} 小时，超过 ${TRACK_MAX_POINTS} 点抽稀）、行程与停车`,
        params: IdParam,
        querystring: TrackQuery,
        response: { 200: Track, '4xx': ErrorBody },
      },
      config: { permission: 'fleet:track:read' },
    },
    async (req): Promise<Static<typeof Track>> => {
      const { id } = req.params as { id: number };
      const q = req.query as Static<typeof TrackQuery>;
      const from = new Date(q.from);
      const to = new Date(q.to);
      if (!(to.getTime() > from.getTime())) throw invalid('结束时间须晚于开始时间', [{ field: 'to', message: '结束时间须晚于开始时间' }]);
      if (to.getTime() - from.getTime() > TRACK_MAX_HOURS * 3600_000)
        throw invalid(`每次最多查询 ${TRACK_MAX_HOURS} 小时的轨迹`, [{ field: 'to', message: `与开始时间相差不能超过 ${TRACK_MAX_HOURS} 小时` }]);
      const st = await settings.get();
      const v = await findTrackedVehicle(db, req.auth!.scope, id, timeoutOf(st), beijingDay(from));
      if (!v) throw notFound('车辆或其北斗终端');
      const [points, trips] = await Promise.all([findTrackPoints(db, id, from, to, TRACK_MAX_POINTS), findTripsInWindow(db, id, from, to)]);
      const total = points[0]?.total ?? 0;
      return {
        vehicleId: v.id,
        plate: v.plate,
        from: from.toISOString(),
        to: to.toISOString(),
        total,
        downsampled: total > points.length,
        points: points.map((p) => ({
          at: Math.floor(p.fix_time.getTime() / 1000),
          lat: p.lat / 1e6,
          lon: p.lon / 1e6,
          speed: p.speed / 10,
          direction: p.direction,
          alarm: p.alarm,
          acc: (p.status & 1) === 1,
          backfill: p.backfill,
        })),
        trips: trips.map((t) => ({
          id: t.id,
          startedAt: iso(t.started_at)!,
          endedAt: iso(t.ended_at)!,
          minutes: minutesBetween(t.started_at, t.ended_at),
          km: Number(t.km),
          maxSpeed: kmh(t.max_speed),
          dispatchId: t.dispatch_id,
          start: point(t.start_lat, t.start_lon),
          end: point(t.end_lat, t.end_lon),
        })),
        stops: stopsBetween(trips, to, new Date()),
        basemap: basemapOf(st),
      };
    },
  );

  registerList(app, {
    path: '/api/telematics/trips',
    tag,
    summary: '行程记录（由北斗定位自动识别的行程）',
    permission: 'fleet:track:read',
    exportPermission: 'fleet:track:read',
    objectType: 'tm_trip',
    filters: TripFilters,
    sorts: TRIP_SORTS,
    defaultSort: 'startedAt',
    defaultOrder: 'desc',
    item: Trip,
    fetch: (req, f, page) => fetchPage(tripListQuery(db, req.auth!.scope, f), selectTripColumns, page, 'tr.id'),
    present: presentTrip,
    sheet: '行程记录',
    columns: [
      { header: '行程编号', width: 10, value: (r) => r.id },
      { header: '车牌号', width: 12, value: (r) => r.plate },
      { header: '所属单位', width: 30, value: (r) => r.unit_name },
      { header: '出发时间', width: 20, value: (r) => bjTime(r.started_at) },
      { header: '到达时间', width: 20, value: (r) => bjTime(r.ended_at) },
      { header: '时长(分钟)', width: 10, value: (r) => r.minutes },
      { header: '里程(km)', width: 10, value: (r) => Number(r.km) },
      { header: '最高车速(km/h)', width: 14, value: (r) => kmh(r.max_speed) },
      { header: '起点纬度', value: (r) => deg(r.start_lat) },
      { header: '起点经度', value: (r) => deg(r.start_lon) },
      { header: '终点纬度', value: (r) => deg(r.end_lat) },
      { header: '终点经度', value: (r) => deg(r.end_lon) },
      { header: '派车单', width: 10, value: (r) => r.dispatch_id ?? '无' },
    ],
  });

}
