// Shared by the live map and the track playback: the Shandong outline (web/src/pc/maps, echarts@4.9.0, Apache-2.0,
// 莱芜 merged into 济南), the colours of the car states, and the official base map from the settings — tiles drawn
// behind the transparent chart in Web Mercator (the geo component then projects in Mercator too, so the outline,
// the cars and the tiles agree), with the map-review number (审图号) in the corner.
import type { ECharts, EChartsOption } from 'echarts';
import { useEffect, useState, type ReactNode } from 'react';

export const SHANDONG_MAPS = { shandong: () => import('../../../maps/shandong.json').then((m) => m.default) };

export type MotionState = 'moving' | 'parked' | 'offline' | 'alarm';
export const MOTION_LABELS: Record<MotionState, string> = { moving: '行驶中', parked: '停车', offline: '离线', alarm: '报警' };
export const MOTION_COLORS: Record<MotionState, string> = { moving: '#52c41a', parked: '#1677ff', offline: '#8c8c8c', alarm: '#f5222d' };
export const MOTION_ORDER: MotionState[] = ['moving', 'parked', 'alarm', 'offline'];

export interface Basemap {
  tileUrl: string;
  reviewNo: string;
}

const RAD = Math.PI / 180;
const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2)) / RAD;
const mercLat = (y: number) => (2 * Math.atan(Math.exp(y * RAD)) - Math.PI / 2) / RAD;

/** The geo component over Shandong; in Web Mercator when a tile base map is shown. */
export function shandongGeo(basemap: Basemap | undefined, extra: Record<string, unknown> = {}): EChartsOption['geo'] {
  const tiles = !!basemap?.tileUrl;
  return {
    map: 'shandong',
    roam: true,
    layoutCenter: ['50%', '50%'],
    layoutSize: '96%',
    scaleLimit: { min: 0.8, max: 60 },
    label: { show: true, color: tiles ? '#434343' : '#8c8c8c', fontSize: 11 },
    itemStyle: { areaColor: tiles ? 'rgba(255,255,255,0)' : '#f5f7fa', borderColor: tiles ? '#1677ff' : '#bfbfbf' },
    emphasis: { disabled: true },
    select: { disabled: true },
    ...(tiles ? { projection: { project: (p: number[]) => [p[0]!, -mercY(p[1]!)], unproject: (p: number[]) => [p[0]!, mercLat(-p[1]!)] } } : {}),
    ...extra,
  } as EChartsOption['geo'];
}

interface Tile {
  key: string;
  url: string;
  left: number;
  top: number;
  size: number;
}

const tileX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
const tileY = (lat: number, z: number) => ((1 - Math.log(Math.tan(lat * RAD) + 1 / Math.cos(lat * RAD)) / Math.PI) / 2) * 2 ** z;
const tileLon = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const tileLat = (y: number, z: number) => Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z)))! / RAD;

function tileUrl(template: string, z: number, x: number, y: number) {
  return template
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{y}', String(y))
    .replaceAll('{s}', String((x + y) % 4));
}

/** The tiles that cover the chart's current view, positioned in the chart's pixels. */
function tilesFor(chart: ECharts, template: string): Tile[] {
  const w = chart.getWidth();
  const h = chart.getHeight();
  // The screen's corners in lon/lat, from two known points: with the Mercator projection the pixel is linear in
  // (lon, mercY(lat)). (convertFromPixel on a projected geo does not answer lon/lat in ECharts 6.)
  const p = chart.convertToPixel({ geoIndex: 0 }, [110, 30]) as number[] | undefined;
  const q = chart.convertToPixel({ geoIndex: 0 }, [125, 42]) as number[] | undefined;
  if (!p || !q) return [];
  const sx = (q[0]! - p[0]!) / 15;
  const sy = (q[1]! - p[1]!) / (mercY(42) - mercY(30));
  const at = (px: number, py: number) => [110 + (px - p[0]!) / sx, mercLat(mercY(30) + (py - p[1]!) / sy)];
  const a = at(0, 0);
  const b = at(w, h);
  if (!a || !b) return [];
  const [west, north] = [Math.max(-180, a[0]!), Math.min(85, a[1]!)];
  const [east, south] = [Math.min(180, b[0]!), Math.max(-85, b[1]!)];
  if (!(east > west) || !(north > south)) return [];
  // the zoom at which one tile is about 256 px wide on screen
  const z = Math.max(3, Math.min(18, Math.round(Math.log2(((w / (east - west)) * 360) / 256))));
  const out: Tile[] = [];
  const [x0, x1] = [Math.floor(tileX(west, z)), Math.floor(tileX(east, z))];
  const [y0, y1] = [Math.floor(tileY(north, z)), Math.floor(tileY(south, z))];
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > 200) return [];
  for (let x = x0; x <= x1; x++)
    for (let y = y0; y <= y1; y++) {
      const p = chart.convertToPixel({ geoIndex: 0 }, [tileLon(x, z), tileLat(y, z)]) as number[];
      const q = chart.convertToPixel({ geoIndex: 0 }, [tileLon(x + 1, z), tileLat(y + 1, z)]) as number[];
      out.push({ key: `${z}/${x}/${y}`, url: tileUrl(template, z, x, y), left: p[0]!, top: p[1]!, size: q[0]! - p[0]! });
    }
  return out;
}

/**
 * The frame of a map: base-map tiles behind the chart (when configured), the review number in the corner.
 * `chart` is the ECharts instance of the map inside (EChart's onChart).
 */
export function MapFrame({ basemap, chart, height, children }: { basemap: Basemap | undefined; chart: ECharts | null; height: number; children: ReactNode }) {
  const [tiles, setTiles] = useState<Tile[]>([]);
  const template = basemap?.tileUrl ?? '';
  useEffect(() => {
    if (!chart || !template) {
      setTiles([]);
      return;
    }
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setTiles(tilesFor(chart, template)));
    };
    update();
    chart.on('georoam', update);
    chart.on('finished', update);
    return () => {
      cancelAnimationFrame(frame);
      chart.off('georoam', update);
      chart.off('finished', update);
    };
  }, [chart, template]);
  return (
    <div style={{ position: 'relative', height, overflow: 'hidden', background: template ? '#e8eef3' : undefined }}>
      {tiles.length > 0 && (
        <div aria-hidden style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
          {tiles.map((t) => (
            <img key={t.key} src={t.url} alt="" style={{ position: 'absolute', left: t.left, top: t.top, width: t.size, height: t.size }} />
          ))}
        </div>
      )}
      <div style={{ position: 'relative' }}>{children}</div>
      <div
        style={{ position: 'absolute', right: 6, bottom: 4, fontSize: 11, color: '#595959', background: 'rgba(255,255,255,0.75)', padding: '0 4px', borderRadius: 2 }}
        data-testid="map-review-no"
      >
        {template ? (basemap?.reviewNo ? `审图号：${basemap.reviewNo}` : '底图未配置审图号') : '行政区划示意图，非正式地图'}
      </div>
    </div>
  );
}
