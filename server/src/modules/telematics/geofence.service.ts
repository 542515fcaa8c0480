import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import { conflict, type ErrorDetail, invalid, notFound } from '../../platform/errors.js';
import { invalidateGeofenceCache } from './alert.service.js';
import { type LonLat, PROVINCE_CODE, regionShapes } from './geofence.geometry.js';
import { findGeofenceByName, findGeofenceInScope, findUnitInScope, insertGeofence, updateGeofence } from './geofence.repository.js';

export const GEOFENCE_SHAPE_NAMES: Record<string, string> = { region: '行政区域', polygon: '多边形', circle: '圆形', corridor: '路线走廊' };
export const GEOFENCE_APPLIES_NAMES: Record<string, string> = { unit: '本单位及下级单位车辆', region: '本单位所在地区全部车辆' };
export const GEOFENCE_RULE_NAMES: Record<string, string> = { stay_inside: '只准在区域内行驶', keep_out: '禁止驶入' };

export interface GeofenceInputT {
  name: string;
  shape: 'region' | 'polygon' | 'circle' | 'corridor';
  regionCode?: string | null;
  geometry?: unknown;
  rule: 'stay_inside' | 'keep_out';
  appliesTo?: 'unit' | 'region';
  unitId: number;
}

const fail = (message: string, field = 'geometry'): never => {
  const d: ErrorDetail[] = [{ field, message }];
  throw invalid(message, d);
};

const isPoint = (p: unknown): p is LonLat =>
  Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

/** Twice the signed area of a ring, in square degrees. */
const area2 = (pts: LonLat[]) => pts.reduce((a, p, i) => {
  const q = pts[(i + 1) % pts.length]!;
  return a + p[0] * q[1] - q[0] * p[1];
}, 0);

/** Checks and normalises a geometry for its shape (a closed polygon loses its repeated last vertex). */
export function validateGeometry(shape: string, g: unknown): unknown {
  if (shape === 'region') {
    if (g !== null && g !== undefined) fail('行政区域围栏不需要绘制图形');
    return null;
  }
  if (g === null || g === undefined) return fail('请绘制围栏图形');
  if (shape === 'polygon') {
    if (!Array.isArray(g) || !g.every(isPoint)) return fail('多边形须为 [经度, 纬度] 顶点列表');
    const pts = [...(g as LonLat[])];
    const [first, last] = [pts[0], pts[pts.length - 1]];
    if (pts.length > 3 && first && last && first[0] === last[0] && first[1] === last[1]) pts.pop();
    if (pts.length < 3) return fail('多边形至少需要 3 个顶点');
    if (Math.abs(area2(pts)) < 1e-10) return fail('多边形面积为零（顶点共线或重合）');
    return pts;
  }
  if (shape === 'circle') {
    const c = g as { lon?: unknown; lat?: unknown; radiusM?: unknown };
    if (Array.isArray(g) || typeof c.lon !== 'number' || typeof c.lat !== 'number' || typeof c.radiusM !== 'number') return fail('圆形围栏须包含圆心经纬度与半径');
    if (!isPoint([c.lon, c.lat])) return fail('圆心经纬度超出范围');
    if (c.radiusM < 50 || c.radiusM > 200_000) return fail('圆形围栏半径须在 50 米至 200 公里之间');
    return { lon: c.lon, lat: c.lat, radiusM: c.radiusM };
  }
  const c = g as { line?: unknown; widthM?: unknown };
  if (Array.isArray(g) || !Array.isArray(c.line) || !c.line.every(isPoint) || typeof c.widthM !== 'number') return fail('路线走廊须包含折线顶点与允许偏离距离');
  if (c.line.length < 2) return fail('路线走廊至少需要 2 个顶点');
  if (c.widthM < 20 || c.widthM > 5000) return fail('路线走廊允许偏离距离须在 20 米至 5 公里之间');
  return { line: c.line as LonLat[], widthM: c.widthM };
}

/** Creates a geofence for a unit in the caller's scope. */
export async function createGeofence(tx: Db, who: { userId: number; scope: DataScope }, b: GeofenceInputT): Promise<number> {
  const name = b.name.trim();
  if (name.length < 2) fail('围栏名称至少 2 个字', 'name');
  if (!(await findUnitInScope(tx, who.scope, b.unitId))) throw notFound('单位');
  let regionCode: string | null = null;
  if (b.shape === 'region') {
    regionCode = b.regionCode ?? null;
    if (!regionCode) fail('请选择行政区域', 'regionCode');
    if (!regionShapes().has(regionCode!)) fail(`行政区域 ${regionCode} 没有边界数据（支持全省 ${PROVINCE_CODE} 与各地市）`, 'regionCode');
  } else if (b.regionCode) fail('只有行政区域围栏可以选择区域', 'regionCode');
  const geometry = validateGeometry(b.shape, b.geometry);
  if (await findGeofenceByName(tx, b.unitId, name)) throw conflict('该单位已有同名围栏', 'GEOFENCE_NAME_TAKEN');
  const id = await insertGeofence(tx, { name, shape: b.shape, region_code: regionCode, geometry, rule: b.rule, applies_to: b.appliesTo ?? 'unit', unit_id: b.unitId, created_by: who.userId });
  invalidateGeofenceCache();
  return id;
}

/** Renames, changes the rule or the drawing, or deactivates (active = false) a geofence in the caller's scope. */
export async function editGeofence(
  tx: Db,
  who: { scope: DataScope },
  id: number,
  b: { name?: string; rule?: 'stay_inside' | 'keep_out'; appliesTo?: 'unit' | 'region'; active?: boolean; geometry?: unknown },
) {
  const before = await findGeofenceInScope(tx, who.scope, id, true);
  if (!before) throw notFound('电子围栏');
  const name = b.name?.trim();
  if (name !== undefined && name.length < 2) fail('围栏名称至少 2 个字', 'name');
  if (name && name !== before.name) {
    const other = await findGeofenceByName(tx, before.unit_id, name);
    if (other && other.id !== id) throw conflict('该单位已有同名围栏', 'GEOFENCE_NAME_TAKEN');
  }
  const geometry = b.geometry !== undefined ? validateGeometry(before.shape, b.geometry) : undefined;
  await updateGeofence(tx, id, { name, rule: b.rule, applies_to: b.appliesTo, active: b.active, geometry: before.shape === 'region' ? undefined : geometry });
  invalidateGeofenceCache();
  return before;
}
