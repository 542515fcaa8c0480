import { Type } from 'typebox';
import { Actions } from '../../platform/http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间）' });

/** How a car shows on the map: 行驶中 / 停车 / 离线 / 报警. */
export const MOTION_STATES = ['moving', 'parked', 'offline', 'alarm'] as const;
const Motion = Type.Union([Type.Literal('moving'), Type.Literal('parked'), Type.Literal('offline'), Type.Literal('alarm')]);
export const MOTION_NAMES: Record<(typeof MOTION_STATES)[number], string> = { moving: '行驶中', parked: '停车', offline: '离线', alarm: '报警' };

export const Basemap = Type.Object(
  {
    tileUrl: Type.String({ description: '官方底图瓦片地址（{z}/{x}/{y}）；为空时只画行政区划边界' }),
    reviewNo: Type.String({ description: '审图号' }),
  },
  { description: '底图设置：配置了瓦片地址时，坐标按 GCJ-02 显示' },
);

// ------------------------------------------------------------------ live

export const LiveQuery = Type.Object({
  unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: '所属单位（含下级）' })),
  online: Type.Optional(Type.Boolean({ description: 'true 只看在线，false 只看离线' })),
  q: Type.Optional(Type.String({ maxLength: 10, description: '车牌号包含' })),
});

/** Column-wise, so that 40,000 cars stay a small answer: entry i of every array is the same car. */
export const Live = Type.Object({
  at: Type.String({ format: 'date-time', description: '服务器时间' }),
  count: Type.Integer(),
  ids: Type.Array(Type.Integer()),
  plates: Type.Array(Type.String()),
  unitIds: Type.Array(Type.Integer()),
  states: Type.Array(Motion, { description: 'moving 行驶中 / parked 停车 / offline 离线 / alarm 报警' }),
  lat: Type.Array(Nullable(Type.Number()), { description: '最新定位纬度（度，WGS-84 原始坐标）；未定位为 null' }),
  lon: Type.Array(Nullable(Type.Number())),
  speed: Type.Array(Nullable(Type.Number()), { description: '公里/小时' }),
  direction: Type.Array(Nullable(Type.Integer())),
  fixAt: Type.Array(Nullable(Type.Integer()), { description: '定位时间（Unix 秒）' }),
  units: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  counts: Type.Object({ moving: Type.Integer(), parked: Type.Integer(), offline: Type.Integer(), alarm: Type.Integer() }),
  basemap: Basemap,
});

// ------------------------------------------------------------------ one vehicle

export const Fix = Type.Object({
  at: Type.String({ format: 'date-time' }),
  lat: Type.Number({ description: '度，WGS-84' }),
  lon: Type.Number(),
  speed: Type.Number({ description: '公里/小时' }),
  direction: Type.Integer(),
  alarm: Type.Integer({ description: 'JT/T 808 报警标志' }),
  acc: Nullable(Type.Boolean()),
});

export const TrackedVehicle = Type.Object({
  id: Type.Integer(),
  plate: Type.String(),
  brand: Type.String(),
  model: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  state: Motion,
  stateName: Type.String(),
  online: Type.Boolean(),
  terminal: Type.Object({
    phone: Type.String(),
    protocol: Nullable(Type.String()),
    manufacturer: Nullable(Type.String()),
    model: Nullable(Type.String()),
    terminalId: Nullable(Type.String()),
    imei: Nullable(Type.String()),
    firmware: Nullable(Type.String()),
    registeredAt: Nullable(Type.String()),
    authenticatedAt: Nullable(Type.String()),
    lastSeenAt: Nullable(Type.String()),
  }),
  fix: Nullable(Fix),
  today: Type.Object({
    day: Type.String(),
    km: Type.Number(),
    trips: Type.Integer(),
    minutes: Type.Integer(),
  }),
  basemap: Basemap,
  _actions: Actions,
});

// ------------------------------------------------------------------ track

export const TRACK_MAX_HOURS = 24;
export const TRACK_MAX_POINTS = 5000;

export const TrackQuery = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time', description: `不超过起始时间后 ${TRACK_MAX_HOURS} 小时` }),
});

export const TrackPoint = Type.Object({
  at: Type.Integer({ description: '定位时间（Unix 秒）' }),
  lat: Type.Number(),
  lon: Type.Number(),
  speed: Type.Number({ description: '公里/小时' }),
  direction: Type.Integer(),
  alarm: Type.Integer(),
  acc: Type.Boolean(),
  backfill: Type.Boolean(),
});

export const TrackTrip = Type.Object({
  id: Type.Integer(),
  startedAt: Type.String(),
  endedAt: Type.String(),
  minutes: Type.Integer(),
  km: Type.Number(),
  maxSpeed: Nullable(Type.Number()),
  dispatchId: Nullable(Type.Integer()),
  start: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })),
  end: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })),
});

export const TrackStop = Type.Object({
  startedAt: Type.String(),
  endedAt: Type.String(),
  minutes: Type.Integer(),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
});

export const Track = Type.Object({
  vehicleId: Type.Integer(),
  plate: Type.String(),
  from: Type.String(),
  to: Type.String(),
  total: Type.Integer({ description: '时段内的定位点数' }),
  downsampled: Type.Boolean({ description: `超过 ${TRACK_MAX_POINTS} 点时等间隔抽稀` }),
  points: Type.Array(TrackPoint),
  trips: Type.Array(TrackTrip),
  stops: Type.Array(TrackStop, { description: '两段行程之间的停车（由行程推得）' }),
  basemap: Basemap,
});

// ------------------------------------------------------------------ trips list

export const TripFilters = {
  vehicleId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  plate: Type.Optional(Type.String({ maxLength: 10, description: '车牌号包含' })),
  unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: '所属单位（含下级）' })),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  dispatch: Type.Optional(Type.Union([Type.Literal('linked'), Type.Literal('unlinked')], { description: 'linked 有派车单 / unlinked 无派车单' })),
};

export const Trip = Type.Object({
  id: Type.Integer(),
  vehicleId: Type.Integer(),
  plate: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  startedAt: Type.String(),
  endedAt: Type.String(),
  minutes: Type.Integer(),
  km: Type.Number(),
  maxSpeed: Nullable(Type.Number({ description: '公里/小时' })),
  points: Nullable(Type.Integer()),
  start: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })),
  end: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })),
  dispatchId: Nullable(Type.Integer()),
});
