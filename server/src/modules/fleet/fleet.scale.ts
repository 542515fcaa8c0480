/**
 * Province-scale official vehicles for the benchmarks: ~40,000 cars over all units of the province (most at the car
 * service centres and bureaus, one or a few at larger units), their drivers, quotas, insurance and inspections,
 * ~500 designated providers, a year of trips (~3,000,000, as the telematics gateway would record them) and a year of
 * cost transactions (~10,000,000: fuel, tolls, parking, repairs, premiums, other), budgets and rentals for the year.
 *
 * Set-based: every table is filled by INSERT … SELECT over generate_series, in one transaction; pseudo-random choices
 * come from hashint4 of row numbers, so a given database always gets the same data. Ids of vehicles are assigned up
 * front (after the current maximum).
 *
 * The per-row triggers that keep fleet_vehicle_day (on fleet_trip) and fleet_cost_month (on fleet_transaction) in step
 * would make the bulk load many times slower: they are DISABLED for the load, the two roll-ups are filled by one
 * INSERT … SELECT … GROUP BY each over the rows just written, and the triggers are ENABLED again — all inside the same
 * transaction, so nobody ever sees the tables out of step (ALTER TABLE takes an exclusive lock until commit).
 *
 * What it plants: ~3 % of units over their quota (编制), one fuel station in 30 not designated, one repair shop in 10
 * whose contract ended on 30 June, ~0.3 % of cars over their category's price cap, ~2 % without a terminal.
 *
 * Idempotent: providers coded 'GSF-…' mark the data; a second run skips. Expects the province organisations and persons
 * (seed --scale province) and at least one user (rentals name who entered them).
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { FLEET_MODELS, type Model } from './fleet.demo.js';

export interface ProvinceFleetOptions {
  vehicles?: number;
  trips?: number;
  transactions?: number;
  year?: number;
  log?: (message: string) => void;
}

export interface ProvinceFleetResult {
  skipped: boolean;
  vehicles: number;
  drivers: number;
  providers: number;
  trips: number;
  vehicleDays: number;
  transactions: number;
  costMonths: number;
  rentals: number;
  ms: number;
}

export const FLEET_SCALE_MARKER = 'GSF-';

/** City seat (lng, lat) and plate letter. */
const CITIES: [string, number, number, string][] = [
  ['3701', 117.12, 36.65, 'A'], ['3702', 120.38, 36.07, 'B'], ['3703', 118.05, 36.81, 'C'], ['3704', 117.32, 34.81, 'D'],
  ['3705', 118.67, 37.43, 'E'], ['3706', 121.45, 37.46, 'F'], ['3707', 119.16, 36.71, 'G'], ['3708', 116.59, 35.41, 'H'],
  ['3709', 117.09, 36.2, 'J'], ['3710', 122.12, 37.51, 'K'], ['3711', 119.53, 35.42, 'L'], ['3713', 118.36, 35.1, 'Q'],
  ['3714', 116.36, 37.44, 'N'], ['3715', 115.99, 36.46, 'P'], ['3716', 117.97, 37.38, 'M'], ['3717', 115.48, 35.23, 'R'],
];
const FUEL_PER_CITY = 30;
const REPAIR_PER_CITY = 10;
const INSURERS = ['中国人民财产保险股份有限公司山东省分公司', '中国平安财产保险股份有限公司山东分公司', '中国太平洋财产保险股份有限公司山东分公司'];
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

const int = (n: number) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${n}`);
  return String(n);
};
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A deterministic number in [0, 1) from an integer expression and a salt. */
const rnd = (expr: string, salt: number) => `((hashint4(((${expr})::int) # ${int(salt)}) & 2147483647)::numeric / 2147483648)`;

export async function generateProvinceFleet(db: Kysely<DB>, opts: ProvinceFleetOptions = {}): Promise<ProvinceFleetResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const V = opts.vehicles ?? 40_000;
  const T = opts.trips ?? 3_000_000;
  const X = Math.max(opts.transactions ?? 10_000_000, V);
  const Y = opts.year ?? 2025;
  const empty: ProvinceFleetResult = { skipped: true, vehicles: 0, drivers: 0, providers: 0, trips: 0, vehicleDays: 0, transactions: 0, costMonths: 0, rentals: 0, ms: 0 };

  const marker = await sql<{ n: number }>`select count(*)::int as n from fleet_provider where code like ${`${FLEET_SCALE_MARKER}%`}`.execute(db);
  if ((marker.rows[0]?.n ?? 0) > 0) {
    log(`全省规模公务用车数据已存在（${marker.rows[0]!.n} 家定点加油站），跳过生成`);
    return empty;
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
    log(`生成全省规模公务用车（${Y} 年）：${V.toLocaleString('zh-CN')} 辆车、${T.toLocaleString('zh-CN')} 条行程、${X.toLocaleString('zh-CN')} 笔费用`);

    const units = await one(`select count(*) from org where kind = 'unit' and status = 'active'`);
    if (units === 0) throw new Error('no units: seed organisations first');
    const creator = await one(`select coalesce(min(id), 0) from app_user`);
    await step('', `SET LOCAL work_mem = '256MB'`, `SET LOCAL synchronous_commit = off`);

    // ---------------------------------------------------------------- calendar and models
    await step('工作日', `
      CREATE TEMP TABLE gf_days ON COMMIT DROP AS
      SELECT array_agg(d::date ORDER BY d) AS days, count(*)::int AS n
      FROM generate_series(make_date(${int(Y)}, 1, 1), make_date(${int(Y)}, 12, 31), interval '1 day') d
      WHERE is_working_day(d::date)`);
    const models = Object.entries(FLEET_MODELS as Record<string, Model>).filter(([k]) => k !== 'CAMRY');
    const camry = (FLEET_MODELS as Record<string, Model>).CAMRY!;
    const modelRow = (i: number, m: Model) =>
      `(${i}, ${lit(m.brand)}, ${lit(m.model)}, ${lit(m.category)}, ${lit(m.energy)}, ${m.displacement ?? 'NULL'}::numeric, ${m.price}, ${m.seats}, ${m.consumption})`;
    await step('车型', `
      CREATE TEMP TABLE gf_model ON COMMIT DROP AS
      SELECT * FROM (VALUES ${[...models.map(([, m], i) => modelRow(i, m)), modelRow(models.length, camry)].join(',')})
        AS m(idx, brand, model, category, energy, displacement, price, seats, consumption)`);

    // ---------------------------------------------------------------- cars per unit: the car service centres and
    // bureaus hold most; other units one or a few in proportion to their staff; small units none.
    await step('各单位车辆数', `
      CREATE TEMP TABLE gf_unit ON COMMIT DROP AS
      WITH staff AS (SELECT unit_id, count(*)::int AS n FROM person WHERE status = 'active' GROUP BY unit_id),
      w AS (
        SELECT o.id, o.region_code, o.name,
               CASE WHEN o.name LIKE '%公务用车服务中心' THEN 400.0
                    WHEN o.is_bureau THEN 12.0
                    WHEN o.unit_type = 'party_gov' THEN 0.6 + coalesce(s.n, 0) / 30.0
                    WHEN coalesce(s.n, 0) >= 20 THEN coalesce(s.n, 0) / 150.0
                    ELSE 0 END AS w
        FROM org o LEFT JOIN staff s ON s.unit_id = o.id
        WHERE o.kind = 'unit' AND o.status = 'active'
      ),
      c AS (SELECT w.*, sum(w) OVER (ORDER BY id) AS hi, sum(w) OVER () AS total FROM w WHERE w > 0)
      SELECT id AS unit_id, region_code, name LIKE '%公务用车服务中心' AS centre,
             CASE WHEN length(region_code) = 2 THEN '3701' ELSE substr(region_code, 1, 4) END AS city,
             (floor(hi * ${int(V)} / total) - floor((hi - w) * ${int(V)} / total))::int AS cars
      FROM c`,
      `DELETE FROM gf_unit WHERE cars = 0`);
    const base = await one(`select coalesce(max(id), 0) from fleet_vehicle`);
    const letters = CITIES.map(([c, , , l]) => `(${lit(c)}, ${lit(l)})`).join(',');
    await step('车辆规划', `
      CREATE TEMP TABLE gf_v ON COMMIT DROP AS
      WITH v AS (
        SELECT (row_number() OVER (ORDER BY u.unit_id, k))::int AS g, u.unit_id, u.city, u.centre, k
        FROM gf_unit u CROSS JOIN LATERAL generate_series(1, u.cars) k
      )
      SELECT ${int(base)} + v.g AS id, v.g, v.unit_id, v.city, v.centre, l.letter,
             CASE WHEN ${rnd('v.g', 1)} < 0.003 THEN ${models.length} ELSE (hashint4(v.g # 2) & 2147483647) % ${models.length} END AS model_idx,
             make_date(${int(Y)} - 1 - (hashint4(v.g # 3) & 2147483647) % 10, 1 + (hashint4(v.g # 4) & 2147483647) % 12, 1 + (hashint4(v.g # 5) & 2147483647) % 28) AS acquired,
             -- how much a car is used: most moderately, some rarely, some every day
             round(0.15 + 1.7 * ${rnd('v.g', 6)} * ${rnd('v.g', 7)} + 0.4 * ${rnd('v.g', 8)}, 6) AS use_w,
             row_number() OVER (PARTITION BY l.letter ORDER BY v.g) AS seq
      FROM v JOIN (VALUES ${letters}) AS l(city, letter) ON l.city = v.city`,
      'ANALYZE gf_v');
    // Trips and costs per car in proportion to its use, summing exactly to the targets (exact numeric arithmetic).
    await step('行程与费用笔数', `
      CREATE TEMP TABLE gf_n ON COMMIT DROP AS
      WITH c AS (SELECT id, use_w, sum(use_w) OVER (ORDER BY id) AS hi, sum(use_w) OVER () AS total,
                        sum(0.4 + use_w) OVER (ORDER BY id) AS hi2, sum(0.4 + use_w) OVER () AS total2 FROM gf_v)
      SELECT id, (floor(hi * ${int(T)} / total) - floor((hi - use_w) * ${int(T)} / total))::int AS trips,
             (floor(hi2 * ${int(X - V)} / total2) - floor((hi2 - 0.4 - use_w) * ${int(X - V)} / total2))::int AS txs
      FROM c`,
      'ALTER TABLE gf_v ADD COLUMN trips int, ADD COLUMN txs int',
      'UPDATE gf_v v SET trips = n.trips, txs = n.txs FROM gf_n n WHERE n.id = v.id',
      'ANALYZE gf_v');

    // ---------------------------------------------------------------- providers
    const cityValues = CITIES.map(([c, lng, lat]) => `(${lit(c)}, ${lng}, ${lat})`).join(',');
    await step('定点服务商', `
      CREATE TEMP TABLE gf_p ON COMMIT DROP AS
      SELECT * FROM (
        SELECT c.city, 'fuel'::text AS kind, i AS idx,
               '${FLEET_SCALE_MARKER}' || c.city || '-' || lpad(i::text, 2, '0') AS code,
               coalesce(r.name, '') || (CASE WHEN i % 2 = 0 THEN '中国石化' ELSE '中国石油' END) || '第' || (i + 1) || '加油站' AS name,
               i <> ${FUEL_PER_CITY - 1} AS designated, date '${int(Y)}-01-01' AS c_from, date '${int(Y)}-12-31' AS c_to,
               round((c.lng + (${rnd('c.city::int * 100 + i', 11)} - 0.5) * 0.6)::numeric, 6) AS lng,
               round((c.lat + (${rnd('c.city::int * 100 + i', 12)} - 0.5) * 0.4)::numeric, 6) AS lat
        FROM (VALUES ${cityValues}) AS c(city, lng, lat) LEFT JOIN region r ON r.code = c.city
        CROSS JOIN generate_series(0, ${FUEL_PER_CITY - 1}) i
        UNION ALL
        SELECT c.city, 'repair', i, 'GSR-' || c.city || '-' || lpad(i::text, 2, '0'),
               coalesce(r.name, '') || '定点汽车维修厂' || (i + 1) || '号', true,
               date '${int(Y)}-01-01', CASE WHEN i = ${REPAIR_PER_CITY - 1} THEN date '${int(Y)}-06-30' ELSE date '${int(Y)}-12-31' END,
               round((c.lng + (${rnd('c.city::int * 100 + i', 13)} - 0.5) * 0.6)::numeric, 6),
               round((c.lat + (${rnd('c.city::int * 100 + i', 14)} - 0.5) * 0.4)::numeric, 6)
        FROM (VALUES ${cityValues}) AS c(city, lng, lat) LEFT JOIN region r ON r.code = c.city
        CROSS JOIN generate_series(0, ${REPAIR_PER_CITY - 1}) i
        UNION ALL
        SELECT NULL, 'insurance', i, 'GSI-' || lpad(i::text, 2, '0'), (${`ARRAY[${INSURERS.map(lit).join(',')}]`})[i + 1], true,
               date '${int(Y)}-01-01', date '${int(Y)}-12-31', NULL, NULL
        FROM generate_series(0, ${INSURERS.length - 1}) i
      ) p`, `
      INSERT INTO fleet_provider (kind, code, name, region_code, address, lng, lat, contract_no, contract_from, contract_to, designated)
      SELECT kind, code, name, coalesce(city, '37'), CASE WHEN city IS NOT NULL THEN name END, lng, lat,
             CASE WHEN designated THEN '定点协议〔${int(Y)}〕' || code END,
             CASE WHEN designated THEN c_from END, CASE WHEN designated THEN c_to END, designated
      FROM gf_p ORDER BY code`,
      'ALTER TABLE gf_p ADD COLUMN id int',
      'UPDATE gf_p p SET id = f.id FROM fleet_provider f WHERE f.code = p.code',
      'ANALYZE gf_p');

    // ---------------------------------------------------------------- vehicles, drivers, quotas, insurance, inspections
    await step('写入车辆', `
      INSERT INTO fleet_vehicle (id, plate, vin, brand, model, category_code, energy_type, displacement_l, price, acquired_on,
                                 acquisition_method, unit_id, status, odometer_km, terminal_phone, terminal_installed_on, seats)
      SELECT v.id,
             '鲁' || v.letter || substr('${PLATE_LETTERS}', 1 + ((v.seq / 10000) / 24)::int % 24, 1)
                  || substr('${PLATE_LETTERS}', 1 + (v.seq / 10000)::int % 24, 1) || lpad((v.seq % 10000)::text, 4, '0'),
             'LGS' || lpad(v.id::text, 14, '0'),
             m.brand, m.model, m.category, m.energy, m.displacement, m.price - ((hashint4(v.g # 21) & 2147483647) % 7) * 1000, v.acquired,
             CASE WHEN v.g % 10 = 0 THEN 'transfer_in' ELSE 'purchase' END, v.unit_id,
             CASE WHEN v.g % 100 = 1 THEN 'repair' WHEN v.g % 100 = 2 THEN 'sealed' WHEN v.g % 100 = 3 THEN 'pending_disposal' ELSE 'in_use' END,
             round(((make_date(${int(Y)}, 1, 1) - v.acquired) * (25 + 40 * ${rnd('v.g', 22)}))::numeric, 1),
             CASE WHEN v.g % 50 <> 7 THEN '09' || lpad(v.id::text, 10, '0') END,
             CASE WHEN v.g % 50 <> 7 THEN greatest(v.acquired + 5, date '2019-09-01') END,
             m.seats
      FROM gf_v v JOIN gf_model m ON m.idx = v.model_idx
      ORDER BY v.id`);
    await step('写入驾驶员', `
      INSERT INTO fleet_driver (person_id, unit_id, licence_no, licence_class, licence_expires_on)
      SELECT p.id, p.unit_id, '37' || lpad(p.id::text, 16, '0'),
             (ARRAY['A1','A2','B1','B2','C1'])[1 + (hashint4(p.id) & 2147483647) % 5],
             date '${int(Y) + 1}-01-01' + (hashint4(p.id # 31) & 2147483647) % 3000
      FROM (
        SELECT p.id, p.unit_id, row_number() OVER (PARTITION BY p.unit_id ORDER BY (p.rank_code IS NULL) DESC, p.id) AS rn
        FROM person p JOIN gf_unit u ON u.unit_id = p.unit_id
        WHERE p.status = 'active' AND NOT EXISTS (SELECT 1 FROM fleet_driver d WHERE d.person_id = p.id)
      ) p JOIN gf_unit u ON u.unit_id = p.unit_id
      WHERE p.rn <= ceil(u.cars * 0.6)`);
    await step('写入编制（约 3% 单位超编）', `
      INSERT INTO fleet_quota (unit_id, category_code, quota, basis)
      SELECT v.unit_id, m.category,
             CASE WHEN ${rnd('v.unit_id', 41)} < 0.03 THEN greatest(0, count(*) - 1) ELSE count(*) + (hashint4(v.unit_id) & 2147483647) % 3 END,
             '公务用车编制核定文件（全省规模测试数据）'
      FROM gf_v v JOIN gf_model m ON m.idx = v.model_idx
      GROUP BY v.unit_id, m.category
      ON CONFLICT (unit_id, category_code) DO NOTHING`);
    await step('写入保险与年检', `
      INSERT INTO fleet_insurance (vehicle_id, provider_id, insurer, policy_no, starts_on, ends_on, premium)
      SELECT v.id, p.id, p.name, 'GS${int(Y)}' || lpad(v.id::text, 10, '0'), d.day, d.day + 364, d.premium
      FROM gf_v v JOIN gf_p p ON p.kind = 'insurance' AND p.idx = v.g % ${INSURERS.length}
      CROSS JOIN LATERAL (SELECT make_date(${int(Y)}, 1, 1) + (hashint4(v.g # 51) & 2147483647) % 365 AS day,
                                 round((2800 + 4200 * ${rnd('v.g', 52)})::numeric, 2) AS premium) d`, `
      INSERT INTO fleet_inspection (vehicle_id, inspected_on, valid_until, station)
      SELECT v.id, d.day, d.day + CASE WHEN v.acquired < d.day - 6 * 365 THEN 365 ELSE 730 END, '机动车安全技术检验站'
      FROM gf_v v CROSS JOIN LATERAL (SELECT make_date(${int(Y)}, 1, 1) + (hashint4(v.g # 53) & 2147483647) % 365 AS day) d`);

    // ---------------------------------------------------------------- trips (trigger off, daily roll-up in one statement)
    await step('停用行程逐行汇总触发器', 'ALTER TABLE fleet_trip DISABLE TRIGGER fleet_vehicle_day_add');
    await step('停用单位月度汇总触发器', 'ALTER TABLE fleet_vehicle_day DISABLE TRIGGER fleet_unit_month_use', 'ALTER TABLE fleet_cost_month DISABLE TRIGGER fleet_unit_month_cost');
    // The k-th of n trips of a car falls on the working day (k − 1 + jitter) × days ÷ n, in one of three slots four
    // hours apart (07:30, 11:30, 15:30 plus up to an hour), 15–165 minutes at 18–47 km/h: a car's trips never overlap.
    await step('写入行程', `
      INSERT INTO fleet_trip (vehicle_id, source, started_at, ended_at, km)
      SELECT v.id, 'telematics', s.st, s.st + make_interval(mins => d.dur), round((d.dur * d.speed / 60.0)::numeric, 2)
      FROM gf_v v CROSS JOIN gf_days w
      CROSS JOIN LATERAL generate_series(1, v.trips) k
      CROSS JOIN LATERAL (SELECT hashint4(v.g * 1024 + k) & 2147483647 AS h) x
      CROSS JOIN LATERAL (SELECT w.days[1 + least(w.n - 1, floor((k - 1 + (x.h % 1000) / 1000.0) * w.n / v.trips))::int] AS day,
                                 15 + (x.h / 1000) % 151 AS dur, 18 + (x.h / 151000) % 30 AS speed) d
      CROSS JOIN LATERAL (SELECT ((d.day + time '07:30' + make_interval(mins => ((k % 3) * 240 + (x.h / 7) % 60)::int)) AT TIME ZONE 'Asia/Shanghai') AS st) s
      WHERE v.trips > 0`);
    await step('按车按日汇总（fleet_vehicle_day）', `
      INSERT INTO fleet_vehicle_day (vehicle_id, day, km, trips, drive_minutes, gps_km, gps_trips, gps_minutes)
      SELECT t.vehicle_id, (t.started_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, sum(t.km), count(*),
             sum(ceil(extract(epoch FROM t.ended_at - t.started_at) / 60))::int
      FROM fleet_trip t WHERE t.vehicle_id > ${int(base)}
      GROUP BY 1, 2
      ON CONFLICT (vehicle_id, day) DO UPDATE SET gps_km = fleet_vehicle_day.gps_km + excluded.gps_km,
        gps_trips = fleet_vehicle_day.gps_trips + excluded.gps_trips, gps_minutes = fleet_vehicle_day.gps_minutes + excluded.gps_minutes`);
    await step('恢复行程触发器', 'ALTER TABLE fleet_trip ENABLE TRIGGER fleet_vehicle_day_add');
    await step('更新里程表', `
      UPDATE fleet_vehicle f SET odometer_km = f.odometer_km + s.km
      FROM (SELECT vehicle_id, sum(km) AS km FROM fleet_vehicle_day WHERE vehicle_id > ${int(base)} GROUP BY 1) s
      WHERE f.id = s.vehicle_id`);

    // ---------------------------------------------------------------- transactions (trigger off, monthly roll-up in one statement)
    await step('停用费用逐笔汇总触发器', 'ALTER TABLE fleet_transaction DISABLE TRIGGER fleet_cost_month_add');
    // Per car: one premium at its insurer, the rest spread over the year — fuel (or charging) 43 %, tolls 25 %, parking
    // 20 %, repairs 5 %, other 7 % — at the providers of its city.
    await step('写入费用（保险）', `
      INSERT INTO fleet_transaction (vehicle_id, category, amount, occurred_at, source, partner_code, partner_tx_id, provider_id, designated)
      SELECT i.vehicle_id, 'insurance', i.premium, (i.starts_on - 1 + time '10:00') AT TIME ZONE 'Asia/Shanghai', 'api', p.code,
             'GS' || i.vehicle_id, p.id, true
      FROM fleet_insurance i JOIN gf_p p ON p.id = i.provider_id
      WHERE i.vehicle_id > ${int(base)}`);
    await step('写入费用（加油、通行、停车、维修、其他）', `
      INSERT INTO fleet_transaction (vehicle_id, category, amount, occurred_at, source, partner_code, partner_tx_id, provider_id, designated, quantity)
      SELECT v.id, c.category, a.amount, a.at, CASE WHEN c.category = 'repair' AND x.h % 3 = 0 THEN 'excel' ELSE 'api' END,
             coalesce(p.code, CASE c.category WHEN 'toll' THEN 'SDHS-ETC' WHEN 'parking' THEN 'PARKING' ELSE 'OTHER-GS' END),
             'GS' || v.id || '-' || k, p.id,
             coalesce(p.designated AND (a.at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN p.c_from AND p.c_to, false),
             CASE WHEN c.category = 'fuel' THEN round(a.amount / CASE WHEN m.energy = 'bev' THEN 1.15 ELSE 7.6 END, 2) END
      FROM gf_v v JOIN gf_model m ON m.idx = v.model_idx
      CROSS JOIN LATERAL generate_series(1, v.txs) k
      CROSS JOIN LATERAL (SELECT hashint4(v.g * 1024 + k # 77777) & 2147483647 AS h) x
      CROSS JOIN LATERAL (SELECT CASE WHEN x.h % 100 < 43 THEN 'fuel' WHEN x.h % 100 < 68 THEN 'toll' WHEN x.h % 100 < 88 THEN 'parking'
                                      WHEN x.h % 100 < 93 THEN 'repair' ELSE 'other' END AS category) c
      CROSS JOIN LATERAL (SELECT
          ((make_date(${int(Y)}, 1, 1) + least(364, floor((k - 1 + (x.h / 100) % 1000 / 1000.0) * 365 / v.txs))::int + time '07:00'
             + make_interval(mins => ((x.h / 100000) % 720)::int)) AT TIME ZONE 'Asia/Shanghai') AS at,
          round((CASE c.category
            WHEN 'fuel' THEN CASE WHEN m.energy = 'bev' THEN 40 + 80 * ((x.h / 7) % 1000) / 1000.0 ELSE 150 + 300 * ((x.h / 7) % 1000) / 1000.0 END
            WHEN 'toll' THEN 10 + 170 * ((x.h / 7) % 1000) / 1000.0 * ((x.h / 7) % 1000) / 1000.0
            WHEN 'parking' THEN 5 + (x.h / 7) % 36
            WHEN 'repair' THEN 200 + 4800 * power(((x.h / 7) % 1000) / 1000.0, 2)
            ELSE 20 + (x.h / 7) % 280 END)::numeric, 2) AS amount) a
      LEFT JOIN gf_p p ON p.city = v.city AND (
        (c.category = 'fuel' AND p.kind = 'fuel' AND p.idx = (x.h / 13) % ${FUEL_PER_CITY}) OR
        (c.category = 'repair' AND p.kind = 'repair' AND p.idx = (x.h / 13) % ${REPAIR_PER_CITY}))
      WHERE v.txs > 0`);
    await step('按车按月汇总（fleet_cost_month）', `
      INSERT INTO fleet_cost_month (vehicle_id, month, category, amount, tx_count, designated_count)
      SELECT t.vehicle_id, date_trunc('month', t.occurred_at AT TIME ZONE 'Asia/Shanghai')::date, t.category, sum(t.amount), count(*),
             count(*) FILTER (WHERE t.designated)
      FROM fleet_transaction t WHERE t.vehicle_id > ${int(base)}
      GROUP BY 1, 2, 3
      ON CONFLICT (vehicle_id, month, category) DO UPDATE SET amount = fleet_cost_month.amount + excluded.amount,
        tx_count = fleet_cost_month.tx_count + excluded.tx_count, designated_count = fleet_cost_month.designated_count + excluded.designated_count`);
    await step('恢复费用触发器', 'ALTER TABLE fleet_transaction ENABLE TRIGGER fleet_cost_month_add');
    await step('按单位按月汇总（fleet_unit_month）', `SELECT fleet_unit_month_add_rollups(${int(base)})`);
    await step('恢复单位月度汇总触发器', 'ALTER TABLE fleet_vehicle_day ENABLE TRIGGER fleet_unit_month_use', 'ALTER TABLE fleet_cost_month ENABLE TRIGGER fleet_unit_month_cost');

    // ---------------------------------------------------------------- budgets and rentals for the year
    await step('写入预算', `
      INSERT INTO fleet_budget (unit_id, year, running_cost, rental_cost)
      SELECT u.unit_id, ${int(Y)}, round(u.cars * (15000 + (hashint4(u.unit_id) & 2147483647) % 12000), -3),
             CASE WHEN u.centre THEN 50000 ELSE 0 END
      FROM gf_unit u
      ON CONFLICT (unit_id, year) DO NOTHING`);
    if (creator > 0) {
      await step('写入租车记录', `
        INSERT INTO fleet_rental (unit_id, company, order_no, plate, started_at, ended_at, km, cost, created_by)
        SELECT v.unit_id, coalesce(r.name, '山东') || '交运汽车租赁有限公司', 'GS-ZL-' || v.id,
               '鲁' || v.letter || 'Z' || lpad((v.seq % 10000)::text, 4, '0'),
               s.st, s.st + interval '9 hours', d.km, round(d.km * 3.2 + 300, 2), ${int(creator)}
        FROM gf_v v CROSS JOIN gf_days w LEFT JOIN region r ON r.code = v.city
        CROSS JOIN LATERAL (SELECT 50 + (hashint4(v.g # 61) & 2147483647) % 250 AS km) d
        CROSS JOIN LATERAL (SELECT (w.days[1 + (hashint4(v.g # 62) & 2147483647) % w.n] + time '08:00') AT TIME ZONE 'Asia/Shanghai' AS st) s
        WHERE v.g % 20 = 0`);
    }
    await step('同步序列', `SELECT setval(pg_get_serial_sequence('fleet_vehicle', 'id'), (SELECT max(id) FROM fleet_vehicle))`);

    const c = (await sql<Omit<ProvinceFleetResult, 'skipped' | 'ms'>>`
      select (select count(*)::int from gf_v) as vehicles,
             (select count(*)::int from fleet_driver d join gf_unit u on u.unit_id = d.unit_id) as drivers,
             (select count(*)::int from gf_p) as providers,
             (select count(*)::int from fleet_trip where vehicle_id > ${base}) as trips,
             (select count(*)::int from fleet_vehicle_day where vehicle_id > ${base}) as "vehicleDays",
             (select count(*)::int from fleet_transaction where vehicle_id > ${base}) as transactions,
             (select count(*)::int from fleet_cost_month where vehicle_id > ${base}) as "costMonths",
             (select count(*)::int from fleet_rental where order_no like 'GS-ZL-%') as rentals`.execute(tx)).rows[0]!;
    const ms = Math.round(performance.now() - t0);
    log(`完成：${c.vehicles} 辆车、${c.drivers} 名驾驶员、${c.providers} 家服务商、${c.trips} 条行程（${c.vehicleDays} 车日）、` +
      `${c.transactions} 笔费用（${c.costMonths} 车月类）、${c.rentals} 笔租车，用时 ${(ms / 1000).toFixed(1)} 秒`);
    return { skipped: false, ...c, ms };
  });
}

/** Fresh statistics and visibility maps after the bulk load (outside the generating transaction). */
export async function analyzeFleet(db: Kysely<DB>) {
  for (const t of ['fleet_vehicle', 'fleet_driver', 'fleet_provider', 'fleet_trip', 'fleet_vehicle_day', 'fleet_transaction', 'fleet_cost_month', 'fleet_unit_month', 'fleet_rental', 'fleet_budget', 'fleet_quota']) {
    await sql.raw(`vacuum analyze ${t}`).execute(db);
  }
}
