import { CompiledQuery, sql } from 'kysely';
import { progressBar } from '../server/src/main.js';
import { findFleetPanel, fleetPanelRawSql, type PanelParams } from '../server/src/modules/fleet/analysis.repository.js';
import { analyzeFleet, generateProvinceFleet } from '../server/src/modules/fleet/fleet.scale.js';
import { DEMO_PASSWORD } from '../server/src/seed/accounts.js';
import { isEmpty, seed } from '../server/src/seed/seed.js';
import type { Benchmark } from './run.js';
import { benchApp, fmt, openBenchPlatform, stats, time } from './harness.js';

const YEAR = 2025;
const RUNS = 30;

/**
 * Official vehicles at province scale (~40,000 cars, ~3,000,000 trips and ~10,000,000 cost transactions in a year):
 * the 双费双率 panel for the whole province for the year, grouped by unit, utilisation by days with a trip —
 * (a) the repository statement (it reads the unit-month rollup fleet_unit_month), (b) the whole HTTP stack as the province user, each 30 runs, p50/p95 (target p95
 * < 300 ms), against (c) the same aggregation as one plain SQL text measured in the same run.
 */
export const benchmark: Benchmark = {
  name: 'fleet',
  description: '全省规模公务用车：全省全年“双费双率”面板（按单位）p95（目标 < 300 ms），与手写 SQL 之比',
  async run() {
    const p = await openBenchPlatform();
    if (await isEmpty(p)) {
      console.log('数据库为空，先载入全省规模单位与人员…');
      await seed(p, 'province', progressBar('全省规模'));
    }
    const gen = await generateProvinceFleet(p.db, { year: YEAR, log: (m) => console.log(m) });
    // Fresh statistics and visibility maps, whether the data was just generated or left over from a previous run.
    const [analyzeMs] = await time(() => analyzeFleet(p.db));
    if (!gen.skipped) console.log(`vacuum analyze ${fmt(analyzeMs)}`);
    const counts = (
      await sql<{ vehicles: number; trips: number; days: number; transactions: number; months: number; units: number }>`
        select (select count(*)::int from fleet_vehicle) as vehicles, (select count(*)::int from fleet_trip) as trips,
               (select count(*)::int from fleet_vehicle_day) as days, (select count(*)::int from fleet_transaction) as transactions,
               (select count(*)::int from fleet_cost_month) as months, (select count(distinct unit_id)::int from fleet_vehicle) as units`.execute(p.db)
    ).rows[0]!;
    console.log(
      `engine ${p.engine}: ${counts.vehicles} vehicles in ${counts.units} units, ${counts.trips} trips (${counts.days} vehicle-days), ` +
        `${counts.transactions} transactions (${counts.months} vehicle-month-category rows)`,
    );

    const params: PanelParams = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, groupBy: 'unit', utilisation: 'trip_days' };
    const all = { all: true, orgPaths: [], regionPaths: [], unitIds: [], personIds: [] };
    const raw = fleetPanelRawSql(params);
    const rawQuery = CompiledQuery.raw(raw.text, raw.values);

    const app = await benchApp(p);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'province', password: DEMO_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`login province: ${login.body}`);
    const cookie = `steward_sid=${login.cookies.find((c) => c.name === 'steward_sid')!.value}`;
    const url = `/api/fleet/analysis?from=${params.from}&to=${params.to}&groupBy=unit&utilisation=trip_days`;

    // warm up all three, and check they agree on the size of the answer
    const repoRows = await findFleetPanel(p.db, all, params);
    const rawRows = (await p.db.executeQuery(rawQuery)).rows;
    const first = await app.inject({ url, headers: { cookie } });
    if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 300)}`);
    const body = first.json<{ groups?: unknown[] }>();
    console.log(`panel: ${repoRows.groups.length} groups and ${repoRows.months.length} months (raw SQL ${rawRows.length} rows), HTTP ${first.body.length} bytes, a page of ${body.groups?.length ?? '?'} groups`);
    for (let i = 0; i < 2; i++) {
      await findFleetPanel(p.db, all, params);
      await p.db.executeQuery(rawQuery);
      await app.inject({ url, headers: { cookie } });
    }

    const repo: number[] = [];
    const http: number[] = [];
    const base: number[] = [];
    // interleaved, so the three see the same cache and machine load
    for (let i = 0; i < RUNS; i++) {
      base.push((await time(() => p.db.executeQuery(rawQuery)))[0]);
      repo.push((await time(() => findFleetPanel(p.db, all, params)))[0]);
      const [ms, res] = await time(() => app.inject({ url, headers: { cookie } }));
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      http.push(ms);
      if (process.env.BENCH_VERBOSE) console.log(`  run ${i + 1}: raw ${fmt(base[i]!)}  repository ${fmt(repo[i]!)}  HTTP ${fmt(ms)}`);
    }
    const b = stats(base);
    const r = stats(repo);
    const h = stats(http);
    const ok = (s: { p95: number }) => (s.p95 < 300 ? '✓ p95 < 300 ms' : '✗ p95 ≥ 300 ms');
    console.log(`全省 ${YEAR} 年“双费双率”（按单位，使用率 = 出车日 ÷ 工作日），${RUNS} 次`);
    console.log(`  raw SQL      p50 ${fmt(b.p50)}  p95 ${fmt(b.p95)}`);
    console.log(`  repository   p50 ${fmt(r.p50)}  p95 ${fmt(r.p95)}   ratio p50 ${(r.p50 / b.p50).toFixed(2)}×  p95 ${(r.p95 / b.p95).toFixed(2)}×   ${ok(r)}`);
    console.log(`  HTTP (省局)  p50 ${fmt(h.p50)}  p95 ${fmt(h.p95)}   ratio p50 ${(h.p50 / b.p50).toFixed(2)}×  p95 ${(h.p95 / b.p95).toFixed(2)}×   ${ok(h)}`);
    await app.close();
    await p.database.close();
  },
};
