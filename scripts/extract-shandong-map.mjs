// Extracts the Shandong city outlines from the echarts@4.9.0 package (map/json/province/shandong.json, Apache-2.0),
// decodes ECharts' compressed coordinates into plain GeoJSON, merges the former 莱芜市 (371200, part of 济南 since 2019)
// into 济南市, rounds to 3 decimals (about 100 m), drops repeated points, and writes web/src/pc/maps/shandong.json.
// Usage: npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz && node scripts/extract-shandong-map.mjs package/map/json/province/shandong.json
import { readFileSync, writeFileSync } from 'node:fs';

const src = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const scale = src.UTF8Scale ?? 1024;
const round = (v) => Math.round(v * 1e3) / 1e3;

function decodeRing(s, offsets) {
  const out = [];
  let [px, py] = offsets;
  for (let i = 0; i < s.length; i += 2) {
    let x = s.charCodeAt(i) - 64;
    let y = s.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += px;
    y += py;
    px = x;
    py = y;
    const pt = [round(x / scale), round(y / scale)];
    const last = out[out.length - 1];
    if (!last || last[0] !== pt[0] || last[1] !== pt[1]) out.push(pt);
  }
  return out;
}

const polygons = (f) => {
  const g = f.geometry;
  if (g.type === 'Polygon') return [g.coordinates.map((ring, i) => decodeRing(ring, g.encodeOffsets[i]))];
  return g.coordinates.map((poly, i) => poly.map((ring, j) => decodeRing(ring, g.encodeOffsets[i][j])));
};

const byId = new Map(src.features.map((f) => [f.id, f]));
const features = [];
for (const f of src.features) {
  if (f.id === '371200') continue; // merged into 济南 below
  let polys = polygons(f);
  if (f.id === '370100') polys = [...polys, ...polygons(byId.get('371200'))];
  features.push({
    type: 'Feature',
    id: f.id,
    properties: { name: f.properties.name, code: f.id.slice(0, 4), cp: f.properties.cp },
    geometry: polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys },
  });
}
writeFileSync(
  'web/src/pc/maps/shandong.json',
  JSON.stringify({
    type: 'FeatureCollection',
    source: 'echarts@4.9.0 map/json/province/shandong.json (Apache-2.0); 莱芜市 merged into 济南市 (国函〔2019〕1号)',
    features,
  }),
);
console.log(`${features.length} cities written`);
