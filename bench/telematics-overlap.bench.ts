import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { MAP_FILE } from '../server/src/modules/telematics/geofence.geometry.js';
import { computeOverlapDay } from '../server/src/modules/telematics/overlap.service.js';
import { isEmpty, seed } from '../server/src/seed/seed.js';
import type { Benchmark } from './run.js';
import { fmt, openBenchPlatform, time } from './harness.js';

const DAY = '2025-11-12';
const CARS = Number(process.env.BENCH_OVERLAP_CARS ?? 30_000);
/** plates of the generated cars: 鲁<city letter>W<5 digits> */
const MARK = 'W';

/**
 * 轨迹重叠率 for one province day (~30,000 cars, ~20 million positions; target < 60 s). The day is generated once
 * in SQL and kept: each unit has a home near its city's centre and three routes (8–42 km, straight, ±3 m of GPS
 * noise) to places around it; each car drives three trips (morning, midday, afternoon) on routes of its unit, starting
 * in one of eight quarter-hours of its slot, a fix every 10 s at 40 km/h — so cars of a unit share corridors and
 * sometimes the same quarter-hour. Then the whole computation is timed: trips and positions read, keys, grouping,
 * pairs, and the day's rows written.
 */
export const benchmark: Benchmark = {
  name: 'telematics-overlap',
  description: '全省一日轨迹重叠率（约 3 万辆车、2000 万个定位点；目标 < 60 秒）',
  async run() {
    const p = await openBenchPlatform();
    if (await isEmpty(p)) {
      console.log('数据库为空，先载入演示数据（单位与账号）…');
      await seed(p, 'demo');
    }
    await generateDay(p.db);
    const counts = (
      await sql<{ vehicles: number; trips: number; positions: number }>`
        SELECT (SELECT count(*)::int FROM fleet_vehicle WHERE plate LIKE ${`鲁_${MARK}%`}) AS vehicles,
               (SELECT count(*)::int FROM fleet_trip WHERE source = 'telematics' AND started_at >= ${`${DAY}T00:00:00+08:00`}::timestamptz
                  AND started_at < ${`${DAY}T00:00:00+08:00`}::timestamptz + interval '1 day') AS trips,
               (SELECT count(*)::int FROM tm_position WHERE fix_time >= ${`${DAY}T00:00:00+08:00`}::timestamptz
                  AND fix_time < ${`${DAY}T00:00:00+08:00`}::timestamptz + interval '1 day') AS positions`.execute(p.db)
    ).rows[0]!;
    console.log(`engine ${p.engine}: ${counts.vehicles} generated cars, ${counts.trips} trips, ${counts.positions} positions on ${DAY}`);
    const settings = await p.settings.get();
    for (let run = 1; run <= Number(process.env.BENCH_RUNS ?? 1); run++) {
      const cpu0 = process.cpuUsage();
      const [ms, r] = await time(() => computeOverlapDay(p.db, settings, DAY, (write) => p.db.transaction().execute(write)));
      const cpu = process.cpuUsage(cpu0);
      const load = (await import('node:os')).loadavg()[0]!.toFixed(2);
      console.log(
        `run ${run}: ${fmt(ms)} — ${r.vehicles} cars, ${r.trips} trips, ${r.points} points → ${r.samples} samples; ` +
          `total ${r.totalKm} km, redundant ${r.redundantKm} km, rate ${r.rate === null ? '-' : (r.rate * 100).toFixed(2)} %, ` +
          `${r.pairs} pairs, ${r.units} units; read ${r.ms.read} ms (overlapped with keys), keys ${r.ms.keys} ms, group ${r.ms.group} ms, write ${r.ms.write} ms; ` +
          `Node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, machine load ${load} on 2 cores; ${ms < 60_000 ? '✓ < 60 s' : '✗ ≥ 60 s'}`,
      );
    }
    const mem = process.memoryUsage();
    console.log(`memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, array buffers ${(mem.arrayBuffers / 2 ** 20).toFixed(0)} MiB`);
    await p.database.close();
  },
};

/** City centres ([lon, lat]) from the shipped map, by 4-digit code. */
function cityCentres(): [string, number, number][] {
  const fc = JSON.parse(readFileSync(MAP_FILE, 'utf8')) as { features: { properties: { code: string; cp: [number, number] } }[] };
  return fc.features.map((f) => [f.properties.code, f.properties.cp[0], f.properties.cp[1]]);
}

const LETTERS: Record<string, string> = {
  '3701': 'A', '3702': 'B', '3703': 'C', '3704': 'D', '3705': 'E', '3706': 'F', '3707': 'G', '3708': 'H',
  '3709': 'J', '3710': 'K', '3711': 'L', '3713': 'Q', '3714': 'N', '3715': 'P', '3716': 'M', '3717': 'R',
};

async function step(db: Parameters<typeof computeOverlapDay>[0], label: string, q: ReturnType<typeof sql>) {
  const [ms] = await time(() => q.execute(db));
  console.log(`  ${label}: ${fmt(ms)}`);
}

/** The cars, their trips and positions of the day, generated once (kept between runs). */
async function generateDay(db: Parameters<typeof computeOverlapDay>[0]) {
  const have = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM fleet_vehicle WHERE plate LIKE ${`鲁_${MARK}%`}`.execute(db)).rows[0]!.n;
  if (have >= CARS) {
    console.log(`已有 ${have} 辆生成车辆及其 ${DAY} 的轨迹，跳过生成`);
    return;
  }
  console.log(`生成 ${CARS} 辆车及 ${DAY} 的行程与定位点…`);
  const centres = cityCentres();
  const cities = sql.raw(centres.map(([c, lon, lat]) => `('${c}', ${lon}, ${lat}, '${LETTERS[c] ?? 'A'}')`).join(', '));
  const t0 = performance.now();
  await step(db, 'cars', sql`
    WITH city(code, lon, lat, letter) AS (VALUES ${cities}),
    u AS (
      SELECT o.id, coalesce(c.letter, 'A') AS letter, row_number() OVER (ORDER BY o.id) - 1 AS k, count(*) OVER () AS n
      FROM org o LEFT JOIN city c ON c.code = CASE WHEN nlevel(o.region_path) >= 2 THEN subpath(o.region_path, 1, 1)::text END
      WHERE o.id = o.unit_id AND o.status = 'active'
    )
    INSERT INTO fleet_vehicle (plate, brand, model, category_code, energy_type, displacement_l, price, acquired_on, acquisition_method, unit_id)
    SELECT '鲁' || u.letter || ${MARK} || lpad(g::text, 5, '0'), '大众', '帕萨特', 'general', 'petrol', 1.4, 180000, '2022-01-01', 'purchase', u.id
    FROM generate_series(1, ${CARS}) g JOIN u ON u.k = (hashint4(g) & 2147483647) % u.n
    ON CONFLICT (plate) DO NOTHING`);
  // trips: per car three, on one of its unit's three routes, out or back, in one of eight quarter-hours of its slot
  await step(db, 'trips', sql`
    WITH city(code, lon, lat, letter) AS (VALUES ${cities}),
    v AS (
      SELECT v.id, v.unit_id, coalesce(c.lon, 117.0) AS clon, coalesce(c.lat, 36.67) AS clat
      FROM fleet_vehicle v JOIN org o ON o.id = v.unit_id
      LEFT JOIN city c ON c.code = CASE WHEN nlevel(o.region_path) >= 2 THEN subpath(o.region_path, 1, 1)::text END
      WHERE v.plate LIKE ${`鲁_${MARK}%`}
    ), t AS (
      SELECT v.id AS vehicle_id, k, r,
             -- the unit's home: within ±8 km of the city centre
             v.clon + ((hashint4(v.unit_id * 7 + 1) & 65535) / 65535.0 - 0.5) * 0.18 AS hlon,
             v.clat + ((hashint4(v.unit_id * 7 + 2) & 65535) / 65535.0 - 0.5) * 0.14 AS hlat,
             ((hashint4(v.unit_id * 31 + r) & 65535) / 65535.0) * 2 * pi() AS angle,
             8 + (hashint4(v.unit_id * 37 + r) & 65535) / 65535.0 * 34 AS km,
             (${`${DAY}T07:30:00+08:00`}::timestamptz + make_interval(mins => k * 240 + ((hashint4(v.id * 13 + k) & 65535) % 8) * 15,
               secs => (hashint4(v.id * 17 + k) & 65535) % 600)) AS st
      FROM v CROSS JOIN generate_series(0, 2) k
      CROSS JOIN LATERAL (SELECT (hashint4(v.id * 11 + k) & 65535) % 3 AS r) rr
    ), g AS (
      SELECT t.*, hlon + sin(angle) * km / (111.32 * cos(radians(hlat))) AS dlon, hlat + cos(angle) * km / 110.574 AS dlat,
             ceil(km / 40.0 * 360)::int AS fixes
      FROM t
    )
    INSERT INTO fleet_trip (vehicle_id, source, started_at, ended_at, km, start_lat, start_lon, end_lat, end_lon, points, max_speed)
    SELECT vehicle_id, 'telematics', st, st + make_interval(secs => fixes * 10), round(km::numeric, 2),
           round(CASE WHEN k = 1 THEN dlat ELSE hlat END * 1e6)::int, round(CASE WHEN k = 1 THEN dlon ELSE hlon END * 1e6)::int,
           round(CASE WHEN k = 1 THEN hlat ELSE dlat END * 1e6)::int, round(CASE WHEN k = 1 THEN hlon ELSE dlon END * 1e6)::int,
           fixes + 1, 400
    FROM g
    ON CONFLICT DO NOTHING`);
  await step(db, 'partition', sql`SELECT tm_position_partition(${DAY}::date)`);
  // positions: along each trip's straight line, a fix every 10 s, ±3 m of noise
  await step(db, 'positions', sql`
    INSERT INTO tm_position (vehicle_id, fix_time, lat, lon, altitude, speed, direction, alarm, status)
    SELECT t.vehicle_id, t.started_at + make_interval(secs => i * 10),
           round((t.start_lat + (t.end_lat - t.start_lat) * i::float8 / (t.points - 1)) + ((hashint8(t.id * 4096 + i) & 255) - 128) * 0.21)::int,
           round((t.start_lon + (t.end_lon - t.start_lon) * i::float8 / (t.points - 1)) + ((hashint8(t.id * 4096 + i + 2048) & 255) - 128) * 0.26)::int,
           40, 400, (round(degrees(atan2((t.end_lon - t.start_lon) * cos(radians(t.start_lat / 1e6)), (t.end_lat - t.start_lat))))::int + 360) % 360,
           0, 3
    FROM fleet_trip t JOIN fleet_vehicle v ON v.id = t.vehicle_id
    CROSS JOIN generate_series(0, t.points - 1) i
    WHERE v.plate LIKE ${`鲁_${MARK}%`} AND t.source = 'telematics'
      AND t.started_at >= ${`${DAY}T00:00:00+08:00`}::timestamptz AND t.started_at < ${`${DAY}T00:00:00+08:00`}::timestamptz + interval '1 day'
    ON CONFLICT DO NOTHING`);
  await step(db, 'analyze', sql`ANALYZE fleet_trip, fleet_vehicle, tm_position`);
  console.log(`生成完成：${fmt(performance.now() - t0)}`);
}
