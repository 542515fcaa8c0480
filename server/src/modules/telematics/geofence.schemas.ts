import { Type } from 'typebox';
import { Actions } from '../../platform/http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const GEOFENCE_SHAPES = ['region', 'polygon', 'circle', 'corridor'] as const;
export const GEOFENCE_RULES = ['stay_inside', 'keep_out'] as const;
export const GEOFENCE_APPLIES = ['unit', 'region'] as const;
const AppliesTo = lit(GEOFENCE_APPLIES);

const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Point = Type.Tuple([Lon, Lat], { description: '[经度, 纬度]（WGS-84）' });

export const GeofenceGeometryInput = Type.Union([
  Type.Array(Point, { minItems: 3, maxItems: 500, description: '多边形顶点（polygon）' }),
  Type.Object({ lon: Lon, lat: Lat, radiusM: Type.Number({ minimum: 50, maximum: 200_000 }) }, { description: '圆形（circle）：圆心与半径（米）' }),
  Type.Object(
    { line: Type.Array(Point, { minItems: 2, maxItems: 500 }), widthM: Type.Number({ minimum: 20, maximum: 5000 }) },
    { description: '路线走廊（corridor）：折线与允许偏离距离（米）' },
  ),
]);

export const GeofenceInput = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 60 }),
  shape: lit(GEOFENCE_SHAPES),
  regionCode: Type.Optional(Nullable(Type.String({ pattern: '^37([0-9]{2})?$', description: '行政区域（region）：37 全省或地市代码，如 3701' }))),
  geometry: Type.Optional(Nullable(GeofenceGeometryInput)),
  rule: lit(GEOFENCE_RULES),
  appliesTo: Type.Optional(AppliesTo),
  unitId: Type.Integer({ minimum: 1, maximum: 2147483647, description: '适用单位（含下级单位车辆）' }),
});

export const GeofenceEdit = Type.Object({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 60 })),
  rule: Type.Optional(lit(GEOFENCE_RULES)),
  appliesTo: Type.Optional(AppliesTo),
  active: Type.Optional(Type.Boolean({ description: 'false = 停用' })),
  geometry: Type.Optional(Nullable(GeofenceGeometryInput)),
});

export const Geofence = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  shape: Type.String(),
  shapeName: Type.String(),
  regionCode: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
  geometry: Type.Unknown(),
  rule: Type.String(),
  ruleName: Type.String(),
  appliesTo: Type.String({ description: 'unit = 本单位及下级单位车辆；region = 本单位所在地区全部车辆' }),
  appliesToName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  active: Type.Boolean(),
  createdAt: Type.String(),
  _actions: Actions,
});

export const GeofenceFilters = {
  unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  shape: Type.Optional(lit(GEOFENCE_SHAPES)),
  rule: Type.Optional(lit(GEOFENCE_RULES)),
  active: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 60 })),
};
