/**
 * Province-scale office space for the benchmarks: ~20,000 compounds, ~50,000 buildings, ~2,000,000 rooms and an
 * office for every active person (~800,000 occupancy records) over all 16 cities, their counties and townships.
 *
 * Set-based: every table is filled by a handful of INSERT … SELECT over generate_series and window functions, in one
 * transaction; pseudo-random choices come from hashint4 of row numbers, so a given database always gets the same
 * data. Ids are assigned up front (after the current maximum), so no statement has to look rows up again.
 *
 * What it produces: units grouped into compounds by region (a compound hosts ~3 neighbouring units, owned by the
 * first); buildings per compound in proportion to its staff; leaders (处级 and above) alone in offices sized to their
 * standard, the other staff 2–4 to a room by department; ~3 % of offices oversized (the over-standard findings),
 * ~3 % idle offices, service and plant rooms to the room target; approved areas for every unit with offices (~3 %
 * of them below their use); 0.2 % of occupants retired three months ago and still in their room.
 *
 * Idempotent: compounds coded 'GS-…' mark the data; a second run skips.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';

export interface ProvinceEstateOptions {
  compounds?: number;
  buildings?: number;
  rooms?: number;
  /** Minimum number of active persons to seat (extra persons are created when the seed has fewer). */
  occupancy?: number;
  log?: (message: string) => void;
}

export interface ProvinceEstateResult {
  skipped: boolean;
  compounds: number;
  buildings: number;
  floors: number;
  rooms: number;
  occupancies: number;
  personsAdded: number;
  ms: number;
}

export const SCALE_MARKER_PREFIX = 'GS-';

/** City seats (lng, lat), for coordinates around them. */
const CITY_CENTRES: [string, number, number][] = [
  ['3701', 117.12, 36.65], ['3702', 120.38, 36.07], ['3703', 118.05, 36.81], ['3704', 117.32, 34.81],
  ['3705', 118.67, 37.43], ['3706', 121.45, 37.46], ['3707', 119.16, 36.71], ['3708', 116.59, 35.41],
  ['3709', 117.09, 36.2], ['3710', 122.12, 37.51], ['3711', 119.53, 35.42], ['3713', 118.36, 35.1],
  ['3714', 116.36, 37.44], ['3715', 115.99, 36.46], ['3716', 117.97, 37.38], ['3717', 115.48, 35.23],
];
const ROADS = '人民路 解放路 建设路 文化路 和平路 胜利街 新华路 振兴路 府前街 政通路 泰山路 黄河路 长江路 青年路 东风街 中心大街 行政路 迎宾路'.split(' ');
const SURNAMES = '王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 韩 唐 冯 于 董 萧'.split(' ');
const GIVEN = '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 志强 海燕 文博 子涵 雨轩 浩然 欣怡 俊杰 思远'.split(' ');

const int = (n: number) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${n}`);
  return String(n);
};
const textArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;
/** A deterministic number in [0, 1) from an integer expression and a salt. */
const rnd = (expr: string, salt: number) => `((hashint4(((${expr})::int) # ${int(salt)}) & 2147483647)::numeric / 2147483648)`;

export async function generateProvinceEstate(db: Kysely<DB>, opts: ProvinceEstateOptions = {}): Promise<ProvinceEstateResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const C = opts.compounds ?? 20_000;
  const B = Math.max(opts.buildings ?? 50_000, C);
  const R = opts.rooms ?? 2_000_000;
  const P = opts.occupancy ?? 800_000;

  const marker = await sql<{ n: number }>`select count(*)::int as n from estate_compound where code like ${`${SCALE_MARKER_PREFIX}%`}`.execute(db);
  if ((marker.rows[0]?.n ?? 0) > 0) {
    log(`全省规模办公用房数据已存在（${marker.rows[0]!.n} 个院落），跳过生成`);
    return { skipped: true, compounds: 0, buildings: 0, floors: 0, rooms: 0, occupancies: 0, personsAdded: 0, ms: 0 };
  }

  return db.transaction().execute(async (tx) => {
    let t = performance.now();
    // One statement per query (PGlite's extended protocol takes one); the row count reported is the last one's.
    const step = async (label: string, ...texts: string[]) => {
      let rows: bigint | undefined;
      for (const text of texts) rows = (await sql.raw(text).execute(tx)).numAffectedRows;
      const now = performance.now();
      if (label) log(`  ${label}${rows !== undefined ? `：${Number(rows).toLocaleString('zh-CN')} 行` : ''}（${((now - t) / 1000).toFixed(1)} 秒）`);
      t = now;
    };
    const one = async (text: string) => Number(Object.values((await sql.raw(text).execute(tx)).rows[0] as Record<string, unknown>)[0] ?? 0);
    log(`生成全省规模办公用房：${C.toLocaleString('zh-CN')} 院落、${B.toLocaleString('zh-CN')} 楼座、${R.toLocaleString('zh-CN')} 房间，至少 ${P.toLocaleString('zh-CN')} 人入驻`);

    const version = await one(`select id from estate_standard_version order by effective_from desc limit 1`);
    if (!version) throw new Error('estate standard missing: run the reference seed first');
    const unitsCount = await one(`select count(*) from org where kind = 'unit' and status = 'active'`);
    if (unitsCount === 0) throw new Error('no units: seed organisations first');

    // ---------------------------------------------------------------- persons, if the seed has too few
    const active = await one(`select count(*) from person where status = 'active'`);
    const missing = Math.max(0, P - active);
    if (missing > 0) {
      await step(`补充人员 ${missing}`, `
        WITH u AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS rn FROM org WHERE kind = 'unit' AND status = 'active')
        INSERT INTO person (name, gender, rank_code, unit_id)
        SELECT (${textArray(SURNAMES)})[1 + (h % ${SURNAMES.length})] || (${textArray(GIVEN)})[1 + ((h / 31) % ${GIVEN.length})],
               CASE WHEN h % 2 = 0 THEN 'M' ELSE 'F' END,
               CASE WHEN h % 1000 < 15 THEN 'post_chu_zheng' WHEN h % 1000 < 45 THEN 'post_chu_fu'
                    WHEN h % 1000 < 120 THEN 'post_ke_zheng' WHEN h % 1000 < 220 THEN 'post_ke_fu'
                    WHEN h % 1000 < 500 THEN 'grade_zhuren_2' WHEN h % 1000 < 750 THEN 'grade_zhuren_4'
                    ELSE 'grade_keyuan_1' END,
               u.id
        FROM generate_series(1, ${int(missing)}) g
        CROSS JOIN LATERAL (SELECT (hashint4(g) & 2147483647) AS h) x
        JOIN u ON u.rn = g % ${int(unitsCount)}`);
    }

    // ---------------------------------------------------------------- persons → office groups
    await step('人员与标准', `
      CREATE TEMP TABLE gs_p ON COMMIT DROP AS
      SELECT p.id AS person_id, p.unit_id, p.department_id,
             coalesce(least(s.max_area, CASE WHEN u.level = 'province' THEN 54 ELSE 24 END), 9)::numeric AS size,
             coalesce(k.level_code IN ('l1','l2','l3','l4','l5','l6'), false) AS single
      FROM person p
      JOIN org u ON u.id = p.unit_id
      LEFT JOIN rank k ON k.code = p.rank_code
      LEFT JOIN estate_office_standard s ON s.version_id = ${int(version)} AND s.org_level = u.level AND s.rank_level_code = k.level_code
      WHERE p.status = 'active' AND NOT EXISTS (SELECT 1 FROM estate_occupancy o WHERE o.person_id = p.id)`);
    await step('分组（处级以上单人，其余 2–4 人合用）', `
      CREATE TEMP TABLE gs_member ON COMMIT DROP AS
      SELECT person_id, unit_id, department_id, size,
             CASE WHEN single THEN 's' || person_id
                  ELSE unit_id || '-' || coalesce(department_id, 0) || '-' || size || '-' ||
                       ((row_number() OVER (PARTITION BY unit_id, department_id, size, single ORDER BY person_id) - 1) / (2 + (hashint4(unit_id) & 2147483647) % 3))
             END AS grp
      FROM gs_p`);
    await step('办公室', `
      CREATE TEMP TABLE gs_office ON COMMIT DROP AS
      WITH g AS (
        SELECT grp, min(unit_id) AS unit_id, min(department_id) AS department_id, count(*)::int AS n, sum(size) AS caps, min(person_id) AS first_person
        FROM gs_member GROUP BY grp
      )
      SELECT row_number() OVER (ORDER BY unit_id, department_id, first_person)::int AS office_no, grp, unit_id, department_id, n, caps,
             greatest(6, round(caps * CASE WHEN ${rnd('first_person', 11)} < 0.03 THEN 1.25 + 0.5 * ${rnd('first_person', 12)}
                                         ELSE 0.86 + 0.13 * ${rnd('first_person', 13)} END, 1)) AS area
      FROM g`);
    await step('索引', 'CREATE INDEX ON gs_member (grp)', 'CREATE INDEX ON gs_office (grp)', 'ANALYZE gs_member', 'ANALYZE gs_office');

    // ---------------------------------------------------------------- units → compounds
    await step('院落分组', `
      CREATE TEMP TABLE gs_unit ON COMMIT DROP AS
      SELECT u.id AS unit_id, u.name, u.region_code, u.path,
             ntile(${int(C)}) OVER (ORDER BY u.region_code, u.path)::int AS cno
      FROM org u WHERE u.kind = 'unit' AND u.status = 'active'`);
    const centres = CITY_CENTRES.map(([c, lng, lat]) => `('${c}', ${lng}, ${lat})`).join(',');
    await step('院落', `
      CREATE TEMP TABLE gs_compound ON COMMIT DROP AS
      WITH owner AS (
        SELECT DISTINCT ON (cno) cno, unit_id, name, region_code FROM gs_unit ORDER BY cno, path
      ),
      districts AS (
        SELECT parent_code AS city, array_agg(code ORDER BY code) AS codes FROM region WHERE level = 'county' GROUP BY parent_code
      ),
      placed AS (
        SELECT o.*, CASE
                 WHEN length(o.region_code) = 2 THEN (ARRAY['370102','370103','370104','370105','370112'])[1 + o.cno % 5]
                 WHEN length(o.region_code) = 4 THEN coalesce(d.codes[1 + o.cno % least(4, cardinality(d.codes))], o.region_code)
                 ELSE o.region_code END AS region
        FROM owner o LEFT JOIN districts d ON d.city = o.region_code
      ),
      stats AS (SELECT u.cno, count(f.*)::int AS offices FROM gs_unit u LEFT JOIN gs_office f ON f.unit_id = u.unit_id GROUP BY u.cno)
      SELECT p.cno, p.unit_id AS owner_unit_id, p.name AS owner_name, p.region, s.offices,
             (SELECT max(id) FROM estate_compound) AS base
      FROM placed p JOIN stats s ON s.cno = p.cno`);
    const offices = await one(`select count(*) from gs_office`);
    // Buildings in proportion to the offices; every compound has one at least.
    await step('楼座分配', `
      CREATE TEMP TABLE gs_building ON COMMIT DROP AS
      WITH c AS (
        SELECT cno, offices, 1 + floor(offices::float8 * ${int(B - C)} / ${int(Math.max(1, offices))} + ${rnd('cno', 21)})::int AS nb FROM gs_compound
      )
      SELECT c.cno, b.bno, c.nb, (row_number() OVER (ORDER BY c.cno, b.bno))::int AS bseq
      FROM c CROSS JOIN LATERAL generate_series(1, c.nb) AS b(bno)`);
    await step('办公室落楼', `
      CREATE TEMP TABLE gs_office_b ON COMMIT DROP AS
      WITH o AS (
        SELECT f.office_no, u.cno, (row_number() OVER (PARTITION BY u.cno ORDER BY f.office_no) - 1)::int AS j,
               count(*) OVER (PARTITION BY u.cno) AS n
        FROM gs_office f JOIN gs_unit u ON u.unit_id = f.unit_id
      )
      SELECT o.office_no, b.bseq FROM o JOIN gs_building b ON b.cno = o.cno AND b.bno = 1 + (o.j * b.nb / o.n)`);
    const buildings = await one(`select count(*) from gs_building`);
    await step('楼座房间数与层数', `
      CREATE TEMP TABLE gs_bplan ON COMMIT DROP AS
      WITH k AS (SELECT bseq, count(*)::int AS offices FROM gs_office_b GROUP BY bseq),
      b AS (
        SELECT b.bseq, b.cno, b.bno, coalesce(k.offices, 0) AS offices,
               floor(coalesce(k.offices, 0) * 0.03 + ${rnd('b.bseq', 31)})::int AS idle
        FROM gs_building b LEFT JOIN k ON k.bseq = b.bseq
      ),
      tot AS (SELECT sum(offices + idle)::float8 AS used, sum(offices)::float8 AS offices FROM b)
      SELECT b.*, s.service, s.service + b.offices + b.idle AS total,
             greatest(1, least(40, ceil((s.service + b.offices + b.idle)::float8 / (16 + (hashint4(b.bseq) & 2147483647) % 20))))::int AS floors
      FROM b CROSS JOIN tot
      CROSS JOIN LATERAL (SELECT 6 + greatest(0, floor((${int(R)} - tot.used - 6 * ${int(buildings)}) * b.offices / greatest(tot.offices, 1) + ${rnd('b.bseq', 32)}))::int AS service) s`);
    await step('', 'ALTER TABLE gs_bplan ADD COLUMN below int', `UPDATE gs_bplan SET below = CASE WHEN floors >= 4 AND ${rnd('bseq', 33)} < 0.7 THEN 1 ELSE 0 END`, 'ANALYZE gs_bplan');

    // ---------------------------------------------------------------- rooms (in a temp table first, with their floor)
    const pattern = ['toilet', 'toilet', 'tea', 'meeting', 'storage', 'archive', 'toilet', 'printing', 'reception', 'duty', 'computer', 'mail'];
    await step('房间规划', `
      CREATE TEMP TABLE gs_room ON COMMIT DROP AS
      WITH items AS (
        SELECT ob.bseq, 1 AS kind, f.office_no AS idx, f.office_no AS office_no, f.area, 'office'::text AS use, f.unit_id, f.department_id,
               (row_number() OVER (PARTITION BY ob.bseq ORDER BY f.office_no) - 0.5) / count(*) OVER (PARTITION BY ob.bseq) AS frac
        FROM gs_office_b ob JOIN gs_office f ON f.office_no = ob.office_no
        UNION ALL
        SELECT b.bseq, 2, i, NULL, round((12 + 12 * ${rnd('b.bseq * 64 + i', 41)})::numeric, 1), 'office', NULL, NULL, (i - 0.5) / b.idle
        FROM gs_bplan b CROSS JOIN LATERAL generate_series(1, b.idle) i
        UNION ALL
        SELECT b.bseq, 3, s, NULL, 0, CASE
                 WHEN s = 1 THEN 'power' WHEN s = 2 THEN 'pump' WHEN s = 3 THEN 'hvac' WHEN s = 4 THEN 'network'
                 WHEN s = 5 THEN CASE WHEN b.bno = 1 THEN 'canteen' ELSE 'lift_room' END
                 WHEN s = 6 THEN CASE WHEN b.bno = 1 THEN 'guard' ELSE 'storage' END
                 ELSE (${textArray(pattern)})[1 + (s - 7) % ${pattern.length}] END,
               NULL, NULL, (s - 0.5) / b.service
        FROM gs_bplan b CROSS JOIN LATERAL generate_series(1, b.service) s
      )
      SELECT i.*, c.owner_unit_id,
             CASE WHEN i.kind = 3 AND i.idx <= 4 AND b.below = 1 THEN -1
                  ELSE 1 + ((row_number() OVER (PARTITION BY i.bseq ORDER BY i.frac, i.kind, i.idx) - 1) * b.floors / b.total)::int END AS floor_no
      FROM items i JOIN gs_bplan b ON b.bseq = i.bseq JOIN gs_compound c ON c.cno = b.cno`);
    const r = rnd('bseq * 128 + idx', 42);
    await step('服务用房面积', `
      UPDATE gs_room SET area = round((CASE use
          WHEN 'toilet' THEN 16 + 6 * ${r} WHEN 'tea' THEN 8 + 4 * ${r} WHEN 'meeting' THEN 40 + 60 * ${r} WHEN 'storage' THEN 15 + 15 * ${r}
          WHEN 'archive' THEN 20 + 25 * ${r} WHEN 'printing' THEN 12 + 6 * ${r} WHEN 'reception' THEN 30 + 20 * ${r} WHEN 'duty' THEN 12 + 6 * ${r}
          WHEN 'computer' THEN 20 + 20 * ${r} WHEN 'mail' THEN 12 + 4 * ${r} WHEN 'network' THEN 20 + 20 * ${r} WHEN 'power' THEN 60 + 60 * ${r}
          WHEN 'pump' THEN 40 + 40 * ${r} WHEN 'hvac' THEN 60 + 60 * ${r} WHEN 'lift_room' THEN 20 + 10 * ${r} WHEN 'canteen' THEN 200 + 300 * ${r}
          WHEN 'guard' THEN 12 + 12 * ${r} ELSE 20 END)::numeric, 1)
      WHERE kind = 3`);

    // ---------------------------------------------------------------- write: compounds, buildings, floors, rooms
    await step('写入院落', `
      INSERT INTO estate_compound (id, code, name, address, region_code, owner_unit_id, lng, lat, land_area, land_cert_no)
      SELECT coalesce(c.base, 0) + c.cno, '${SCALE_MARKER_PREFIX}' || c.region || '-' || lpad(c.cno::text, 5, '0'),
             left(c.owner_name || '办公区', 100),
             '山东省' || coalesce(ct.name, '') || coalesce(co.name, '') || coalesce(tw.name, '') ||
               (${textArray(ROADS)})[1 + (hashint4(c.cno) & 2147483647) % ${ROADS.length}] || (1 + (hashint4(c.cno + 7) & 2147483647) % 300) || '号',
             c.region, c.owner_unit_id,
             round((cc.lng + (${rnd('c.cno', 51)} - 0.5) * 0.7)::numeric, 6),
             round((cc.lat + (${rnd('c.cno', 52)} - 0.5) * 0.5)::numeric, 6),
             round((2000 + c.offices * (40 + 40 * ${rnd('c.cno', 53)}))::numeric, 2),
             '鲁（' || (2016 + c.cno % 8) || '）' || coalesce(ct.name, '') || '不动产权第' || lpad((c.cno * 37 % 10000000)::text, 7, '0') || '号'
      FROM gs_compound c
      JOIN (VALUES ${centres}) AS cc(city, lng, lat) ON cc.city = substr(c.region, 1, 4)
      LEFT JOIN region ct ON ct.code = substr(c.region, 1, 4)
      LEFT JOIN region co ON co.code = substr(c.region, 1, 6) AND length(c.region) >= 6
      LEFT JOIN region tw ON tw.code = c.region AND length(c.region) = 9`);

    await step('写入楼座', `
      CREATE TEMP TABLE gs_bid ON COMMIT DROP AS
      SELECT b.bseq, (SELECT coalesce(max(id), 0) FROM estate_building) + b.bseq AS id, coalesce(c.base, 0) + c.cno AS compound_id
      FROM gs_bplan b JOIN gs_compound c ON c.cno = b.cno`, `
      INSERT INTO estate_building (id, compound_id, code, name, structure_code, build_year, floors_above, floors_below, gross_area, usable_area, cert_no, book_value)
      SELECT i.id, i.compound_id, b.bno::text, CASE WHEN b.bno = 1 THEN '办公楼' ELSE b.bno || '号楼' END,
             CASE WHEN y.year < 1985 THEN (CASE WHEN b.bseq % 5 = 0 THEN 'brick_wood' ELSE 'brick_concrete' END)
                  WHEN y.year < 2000 THEN (CASE WHEN b.bseq % 3 = 0 THEN 'brick_concrete' ELSE 'rc' END)
                  WHEN b.bseq % 11 = 0 THEN 'steel' WHEN b.bseq % 97 = 0 THEN 'simple' ELSE 'rc' END,
             y.year, b.floors, b.below, a.gross, a.usable,
             '鲁（' || (2016 + b.bseq % 8) || '）不动产权第' || lpad((b.bseq * 53 % 10000000)::text, 7, '0') || '号',
             round(a.gross * (1800 + 2600 * ${rnd('b.bseq', 61)})::numeric, 2)
      FROM gs_bplan b JOIN gs_bid i ON i.bseq = b.bseq
      CROSS JOIN LATERAL (SELECT 1965 + floor(58 * sqrt(${rnd('b.bseq', 62)}))::int AS year) y
      JOIN (SELECT bseq, sum(area) AS rooms FROM gs_room GROUP BY bseq) s ON s.bseq = b.bseq
      CROSS JOIN LATERAL (SELECT round(s.rooms / (0.8 + 0.1 * ${rnd('b.bseq', 63)}), 2) AS usable) u
      CROSS JOIN LATERAL (SELECT u.usable AS usable, round(u.usable / (0.7 + 0.06 * ${rnd('b.bseq', 64)}), 2) AS gross) a`);

    await step('写入楼层', `
      CREATE TEMP TABLE gs_floor ON COMMIT DROP AS
      SELECT (SELECT coalesce(max(id), 0) FROM estate_floor) + row_number() OVER (ORDER BY b.bseq, f.floor_no) AS id, b.bseq, f.floor_no
      FROM gs_bplan b CROSS JOIN LATERAL (SELECT -1 AS floor_no WHERE b.below = 1 UNION ALL SELECT generate_series(1, b.floors)) f`,
      'CREATE UNIQUE INDEX ON gs_floor (bseq, floor_no)', 'ANALYZE gs_floor', `
      INSERT INTO estate_floor (id, building_id, floor_no)
      SELECT f.id, i.id, f.floor_no FROM gs_floor f JOIN gs_bid i ON i.bseq = f.bseq ORDER BY f.id`);

    await step('写入房间', `
      CREATE TEMP TABLE gs_room_id ON COMMIT DROP AS
      SELECT (SELECT coalesce(max(id), 0) FROM estate_room) + row_number() OVER (ORDER BY r.bseq, r.floor_no, r.frac, r.kind, r.idx) AS id,
             r.bseq, r.kind, r.idx, r.office_no, r.floor_no,
             row_number() OVER (PARTITION BY r.bseq, r.floor_no ORDER BY r.frac, r.kind, r.idx) AS seq
      FROM gs_room r`, `
      INSERT INTO estate_room (id, floor_id, building_id, compound_id, room_no, gross_area, usable_area, designed_use, current_use,
                               unit_id, department_id, status)
      SELECT ri.id, f.id, i.id, i.compound_id,
             CASE WHEN r.floor_no < 0 THEN 'B1' ELSE r.floor_no::text END || CASE WHEN ri.seq < 100 THEN lpad(ri.seq::text, 2, '0') ELSE '-' || ri.seq END,
             round(r.area * 1.12, 2), r.area, r.use, r.use,
             CASE r.kind WHEN 1 THEN r.unit_id WHEN 2 THEN NULL ELSE r.owner_unit_id END,
             CASE WHEN r.kind = 1 THEN r.department_id END,
             CASE WHEN r.kind = 2 THEN 'idle' ELSE 'in_use' END
      FROM gs_room r
      JOIN gs_room_id ri ON ri.bseq = r.bseq AND ri.kind = r.kind AND ri.idx = r.idx
      JOIN gs_floor f ON f.bseq = r.bseq AND f.floor_no = r.floor_no
      JOIN gs_bid i ON i.bseq = r.bseq
      ORDER BY ri.id`);

    // ---------------------------------------------------------------- occupancy, retirements, quotas
    await step('写入入驻记录', `
      INSERT INTO estate_occupancy (room_id, person_id, during)
      SELECT ri.id, m.person_id,
             daterange(greatest(make_date(b.build_year + 1, 1, 1), date '2010-01-01' + (hashint4(m.person_id) & 2147483647) % 5400), NULL)
      FROM gs_member m JOIN gs_office f ON f.grp = m.grp JOIN gs_room_id ri ON ri.kind = 1 AND ri.office_no = f.office_no
      JOIN gs_bid i ON i.bseq = ri.bseq JOIN estate_building b ON b.id = i.id
      ORDER BY ri.id`);
    await step('退休未腾退（0.2%）', `
      UPDATE person SET status = 'retired', status_since = current_date - 90
      WHERE id IN (SELECT person_id FROM gs_member WHERE ${rnd('person_id', 71)} < 0.002)`);
    await step('单位核定面积', `
      INSERT INTO estate_unit_quota (unit_id, approved_office_area, approved_headcount, basis, approved_on)
      SELECT f.unit_id,
             CASE WHEN ${rnd('f.unit_id', 81)} < 0.03 THEN floor(sum(f.area) * 0.85) ELSE ceil(greatest(sum(f.caps), sum(f.area)) * (1.05 + 0.15 * ${rnd('f.unit_id', 82)})) END,
             coalesce(min(u.staffing_quota), sum(f.n)::int), '办公用房核定文件（全省规模测试数据）', date '2019-06-30' + (f.unit_id % 700)
      FROM gs_office f JOIN org u ON u.id = f.unit_id
      GROUP BY f.unit_id
      ON CONFLICT (unit_id) DO NOTHING`);
    await step(
      '同步序列',
      ...['estate_compound', 'estate_building', 'estate_floor', 'estate_room'].map(
        (table) => `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
      ),
    );
    const counts = (await sql<{ compounds: number; buildings: number; floors: number; rooms: number; occupancies: number }>`
      select (select count(*)::int from estate_compound where code like ${`${SCALE_MARKER_PREFIX}%`}) as compounds,
             (select count(*)::int from gs_bid) as buildings, (select count(*)::int from gs_floor) as floors,
             (select count(*)::int from gs_room) as rooms, (select count(*)::int from gs_member) as occupancies`.execute(tx)).rows[0]!;
    const ms = Math.round(performance.now() - t0);
    log(`完成：${counts.compounds} 院落、${counts.buildings} 楼座、${counts.floors} 楼层、${counts.rooms} 房间、${counts.occupancies} 条入驻，用时 ${(ms / 1000).toFixed(1)} 秒`);
    return { skipped: false, ...counts, personsAdded: missing, ms };
  });
}

/** Fresh statistics and visibility maps after the bulk load (outside the generating transaction). */
export async function analyzeEstate(db: Kysely<DB>) {
  for (const t of ['estate_compound', 'estate_building', 'estate_floor', 'estate_room', 'estate_occupancy', 'estate_unit_quota', 'person']) {
    await sql.raw(`vacuum analyze ${t}`).execute(db);
  }
}
