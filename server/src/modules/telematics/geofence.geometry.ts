import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Geofence shapes and the point tests behind the 区域违规 alert. Coordinates are [lon, lat] in degrees (WGS-84 as the
 * terminals report). Regions are the province and its cities from the shipped ECharts outline
 * (web/src/pc/maps/shandong.json, cities keyed by their 4-digit code); that outline is for orientation, so a point
 * within a few hundred metres of a city border may fall either side.
 */
export type LonLat = [number, number];
export type Ring = LonLat[];
/** rings: the outer ring then holes */
export type Polygon = Ring[];

export interface Bbox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface CompiledShape {
  bbox: Bbox;
  contains: (lon: number, lat: number) => boolean;
}

export type GeofenceGeometry =
  | { kind: 'region'; regionCode: string }
  | { kind: 'polygon'; points: LonLat[] }
  | { kind: 'circle'; lon: number; lat: number; radiusM: number }
  | { kind: 'corridor'; line: LonLat[]; widthM: number };

const M_PER_DEG_LAT = 110_574;
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

/** Great-circle distance in metres. */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

function ringContains(ring: Ring, lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const bboxOf = (pts: LonLat[]): Bbox => {
  const b = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const [x, y] of pts) {
    if (x < b.minLon) b.minLon = x;
    if (x > b.maxLon) b.maxLon = x;
    if (y < b.minLat) b.minLat = y;
    if (y > b.maxLat) b.maxLat = y;
  }
  return b;
};
const inBbox = (b: Bbox, lon: number, lat: number) => lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;

/** Several polygons (a multipolygon), each with its own bounding box checked first. */
export function compilePolygons(polys: Polygon[]): CompiledShape {
  const parts = polys.filter((p) => p[0] && p[0].length >= 3).map((p) => ({ bbox: bboxOf(p[0]!), rings: p }));
  const bbox = bboxOf(parts.flatMap((p) => [[p.bbox.minLon, p.bbox.minLat] as LonLat, [p.bbox.maxLon, p.bbox.maxLat] as LonLat]));
  return {
    bbox,
    contains: (lon, lat) => {
      if (!inBbox(bbox, lon, lat)) return false;
      for (const p of parts) {
        if (!inBbox(p.bbox, lon, lat)) continue;
        if (!ringContains(p.rings[0]!, lon, lat)) continue;
        if (p.rings.slice(1).some((h) => ringContains(h, lon, lat))) continue;
        return true;
      }
      return false;
    },
  };
}

/** Distance in metres from a point to a polyline (local plane around the point: fine for corridors of a few km). */
export function distanceToLineM(line: LonLat[], lon: number, lat: number): number {
  const kx = mPerDegLon(lat);
  let best = Infinity;
  for (let i = 0; i < line.length; i++) {
    const [ax, ay] = line[i]!;
    const x1 = (ax - lon) * kx;
    const y1 = (ay - lat) * M_PER_DEG_LAT;
    if (line.length === 1) return Math.hypot(x1, y1);
    if (i === 0) continue;
    const [bx, by] = line[i - 1]!;
    const x0 = (bx - lon) * kx;
    const y0 = (by - lat) * M_PER_DEG_LAT;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, -(x0 * dx + y0 * dy) / len2)) : 0;
    const d = Math.hypot(x0 + t * dx, y0 + t * dy);
    if (d < best) best = d;
  }
  return best;
}

// ------------------------------------------------------------------ regions from the shipped map

interface MapFeature {
  properties: { code: string; name: string };
  geometry: { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: Polygon[] };
}

/** The province code of the shipped map. */
export const PROVINCE_CODE = '37';
export const MAP_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../web/src/pc/maps/shandong.json');

let regions: Map<string, CompiledShape> | null = null;

/** The province ('37') and its cities ('3701' …) as compiled shapes, loaded once from the shipped map. */
export function regionShapes(): Map<string, CompiledShape> {
  if (regions) return regions;
  const fc = JSON.parse(readFileSync(MAP_FILE, 'utf8')) as { features: MapFeature[] };
  const out = new Map<string, CompiledShape>();
  const all: Polygon[] = [];
  for (const f of fc.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    all.push(...polys);
    out.set(f.properties.code, compilePolygons(polys));
  }
  const cities = [...out.values()];
  const bbox = bboxOf(cities.flatMap((c) => [[c.bbox.minLon, c.bbox.minLat] as LonLat, [c.bbox.maxLon, c.bbox.maxLat] as LonLat]));
  out.set(PROVINCE_CODE, { bbox, contains: (lon, lat) => inBbox(bbox, lon, lat) && cities.some((c) => c.contains(lon, lat)) });
  regions = out;
  return out;
}

/** The shape of a geofence; null for a region the shipped map does not have (a county, another province). */
export function compileGeometry(g: GeofenceGeometry): CompiledShape | null {
  if (g.kind === 'region') return regionShapes().get(g.regionCode) ?? null;
  if (g.kind === 'polygon') return compilePolygons([[g.points]]);
  if (g.kind === 'circle') {
    const dLat = g.radiusM / M_PER_DEG_LAT;
    const dLon = g.radiusM / Math.max(1, mPerDegLon(g.lat));
    return {
      bbox: { minLon: g.lon - dLon, maxLon: g.lon + dLon, minLat: g.lat - dLat, maxLat: g.lat + dLat },
      contains: (lon, lat) => distanceM(g.lon, g.lat, lon, lat) <= g.radiusM,
    };
  }
  const b = bboxOf(g.line);
  const dLat = g.widthM / M_PER_DEG_LAT;
  const dLon = g.widthM / Math.max(1, mPerDegLon((b.minLat + b.maxLat) / 2));
  const bbox = { minLon: b.minLon - dLon, maxLon: b.maxLon + dLon, minLat: b.minLat - dLat, maxLat: b.maxLat + dLat };
  return { bbox, contains: (lon, lat) => inBbox(bbox, lon, lat) && distanceToLineM(g.line, lon, lat) <= g.widthM };
}
