/**
 * Reference data every installation needs: the regions of Shandong (GB/T 2260 + statistical township codes) and the
 * civil-service rank table (《公务员职务与职级并行规定》, 2019). Idempotent: safe to run on every start.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { seedOfficeStandard } from '../modules/estate/standard.catalog.js';

export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
}

interface RegionFile {
  source: string;
  licence: string;
  version: string;
  regions: [string, string][];
}

export const REGIONS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'shandong-regions.json');

const LEVEL_BY_LENGTH: Record<number, RegionLevel> = { 2: 'province', 4: 'city', 6: 'county', 9: 'township' };
const PARENT_LENGTH: Record<RegionLevel, number> = { province: 0, city: 2, county: 4, township: 6 };

let regionCache: RegionRow[] | undefined;

/** The regions of Shandong, sorted by code (parents before children). */
export function loadRegions(): RegionRow[] {
  if (regionCache) return regionCache;
  const file = JSON.parse(readFileSync(REGIONS_FILE, 'utf8')) as RegionFile;
  regionCache = file.regions.map(([code, name]) => {
    const level = LEVEL_BY_LENGTH[code.length];
    if (!level) throw new Error(`bad region code ${code} in ${REGIONS_FILE}`);
    const parentLength = PARENT_LENGTH[level];
    return { code, name, level, parent_code: parentLength ? code.slice(0, parentLength) : null };
  });
  return regionCache;
}

/** Levels of leading posts (领导职务层次), l1 highest. 办事员级 only carries the pre-2019 grade 办事员. */
export const RANK_LEVELS = [
  { code: 'l1', name: '省部级正职', sort: 1 },
  { code: 'l2', name: '省部级副职', sort: 2 },
  { code: 'l3', name: '厅局级正职', sort: 3 },
  { code: 'l4', name: '厅局级副职', sort: 4 },
  { code: 'l5', name: '县处级正职', sort: 5 },
  { code: 'l6', name: '县处级副职', sort: 6 },
  { code: 'l7', name: '乡科级正职', sort: 7 },
  { code: 'l8', name: '乡科级副职', sort: 8 },
  { code: 'l9', name: '科员级', sort: 9 },
  { code: 'l10', name: '办事员级', sort: 10 },
] as const;

export type RankLevelCode = (typeof RANK_LEVELS)[number]['code'];

/**
 * Ranks. Posts (领导职务) are one per level from 省部级正职 to 乡科级副职. Grades (综合管理类职级) follow the
 * correspondence of 《公务员职务与职级并行规定》: 一级巡视员 厅局级正职, 二级巡视员 厅局级副职, 一级/二级调研员
 * 县处级正职, 三级/四级调研员 县处级副职, 一级/二级主任科员 乡科级正职, 三级/四级主任科员 乡科级副职,
 * 一级/二级科员 科员级; 办事员 (the lowest non-leading post before 2019) 办事员级.
 */
export const RANKS = [
  { code: 'post_sheng_zheng', name: '省部级正职', level_code: 'l1', kind: 'post', sort: 10 },
  { code: 'post_sheng_fu', name: '省部级副职', level_code: 'l2', kind: 'post', sort: 20 },
  { code: 'post_ting_zheng', name: '厅局级正职', level_code: 'l3', kind: 'post', sort: 30 },
  { code: 'post_ting_fu', name: '厅局级副职', level_code: 'l4', kind: 'post', sort: 40 },
  { code: 'post_chu_zheng', name: '县处级正职', level_code: 'l5', kind: 'post', sort: 50 },
  { code: 'post_chu_fu', name: '县处级副职', level_code: 'l6', kind: 'post', sort: 60 },
  { code: 'post_ke_zheng', name: '乡科级正职', level_code: 'l7', kind: 'post', sort: 70 },
  { code: 'post_ke_fu', name: '乡科级副职', level_code: 'l8', kind: 'post', sort: 80 },
  { code: 'grade_xunshi_1', name: '一级巡视员', level_code: 'l3', kind: 'grade', sort: 110 },
  { code: 'grade_xunshi_2', name: '二级巡视员', level_code: 'l4', kind: 'grade', sort: 120 },
  { code: 'grade_diaoyan_1', name: '一级调研员', level_code: 'l5', kind: 'grade', sort: 130 },
  { code: 'grade_diaoyan_2', name: '二级调研员', level_code: 'l5', kind: 'grade', sort: 140 },
  { code: 'grade_diaoyan_3', name: '三级调研员', level_code: 'l6', kind: 'grade', sort: 150 },
  { code: 'grade_diaoyan_4', name: '四级调研员', level_code: 'l6', kind: 'grade', sort: 160 },
  { code: 'grade_zhuren_1', name: '一级主任科员', level_code: 'l7', kind: 'grade', sort: 170 },
  { code: 'grade_zhuren_2', name: '二级主任科员', level_code: 'l7', kind: 'grade', sort: 180 },
  { code: 'grade_zhuren_3', name: '三级主任科员', level_code: 'l8', kind: 'grade', sort: 190 },
  { code: 'grade_zhuren_4', name: '四级主任科员', level_code: 'l8', kind: 'grade', sort: 200 },
  { code: 'grade_keyuan_1', name: '一级科员', level_code: 'l9', kind: 'grade', sort: 210 },
  { code: 'grade_keyuan_2', name: '二级科员', level_code: 'l9', kind: 'grade', sort: 220 },
  { code: 'grade_banshi', name: '办事员', level_code: 'l10', kind: 'grade', sort: 230 },
] as const;

export type RankCode = (typeof RANKS)[number]['code'];

const REGION_BATCH = 1000;

/** Inserts or refreshes regions, rank levels and ranks, and inserts the office-area standard once. Parents precede children, so each batch satisfies the FK. */
export async function seedReference(db: Kysely<DB>): Promise<void> {
  const regions = loadRegions();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < regions.length; i += REGION_BATCH) {
      await trx
        .insertInto('region')
        .values(regions.slice(i, i + REGION_BATCH))
        .onConflict((oc) =>
          oc
            .column('code')
            .doUpdateSet({ name: (eb) => eb.ref('excluded.name') })
            .whereRef('region.name', 'is distinct from', 'excluded.name'),
        )
        .execute();
    }
    // Levels and ranks follow this file: names and order are refreshed on every run.
    await trx
      .insertInto('rank_level')
      .values(RANK_LEVELS.map((l) => ({ ...l })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ name: (eb) => eb.ref('excluded.name'), sort: (eb) => eb.ref('excluded.sort') }),
      )
      .execute();
    await trx
      .insertInto('rank')
      .values(RANKS.map((r) => ({ ...r })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({
          name: (eb) => eb.ref('excluded.name'),
          level_code: (eb) => eb.ref('excluded.level_code'),
          kind: (eb) => eb.ref('excluded.kind'),
          sort: (eb) => eb.ref('excluded.sort'),
        }),
      )
      .execute();
    await seedOfficeStandard(trx);
  });
}
