import { sql } from 'kysely';
import { progressBar } from '../server/src/main.js';
import { evaluateOffices } from '../server/src/modules/estate/evaluation.service.js';
import { analyzeEstate, generateProvinceEstate } from '../server/src/modules/estate/estate.scale.js';
import { DEMO_PASSWORD } from '../server/src/seed/accounts.js';
import { isEmpty, seed } from '../server/src/seed/seed.js';
import type { Benchmark } from './run.js';
import { benchApp, fmt, openBenchPlatform, stats, time } from './harness.js';

/**
 * Office space at province scale (~20,000 compounds, ~50,000 buildings, ~2,000,000 rooms, ~800,000 occupants):
 * (a) the full evaluation of the office-space rules over the province, three runs (target < 10 s each);
 * (b) one unit's space summary through the whole HTTP stack as the province user, p50/p95 over 200 random units
 *     (target p95 < 50 ms), against the same aggregation as one hand-written SQL statement.
 */
export const benchmark: Benchmark = {
  name: 'estate',
  description: '全省规模办公用房：全省超标复核 3 次（目标 < 10 秒）；单位用房概况 p95（目标 < 50 ms），与手写 SQL 之比',
  async run() {
    const p = await openBenchPlatform();
    if (await isEmpty(p)) {
      console.log('数据库为空，先载入全省规模单位与人员…');
      await seed(p, 'province', progressBar('全省规模'));
    }
    await generateProvinceEstate(p.db, { log: (m) => console.log(m) });
    // Fresh statistics and visibility maps, whether the data was just generated or left over from a previous run.
    await analyzeEstate(p.db);
    const counts = (
      await sql<{ compounds: number; buildings: number; rooms: number; occupancies: number; persons: number }>`
        select (select count(*)::int from estate_compound) as compounds, (select count(*)::int from estate_building) as buildings,
               (select count(*)::int from estate_room) as rooms, (select count(*)::int from estate_occupancy) as occupancies,
               (select count(*)::int from person) as persons`.execute(p.db)
    ).rows[0]!;
    console.log(
      `engine ${p.engine}: ${counts.compounds} compounds, ${counts.buildings} buildings, ${counts.rooms} rooms, ` +
        `${counts.occupancies} occupancies, ${counts.persons} persons`,
    );

    // (a) the whole province, three times: the first raises the warnings, the next ones refresh them.
    for (let i = 1; i <= 3; i++) {
      const [wall, r] = await time(() => evaluateOffices(p, {}));
      console.log(
        `全省复核 #${i}: ${fmt(r.ms)} (wall ${fmt(wall)})  findings ${r.findings}  raised ${r.raised}  closed ${r.closed}` +
          `  ${r.ms < 10_000 ? '✓ < 10 s' : '✗ ≥ 10 s'}`,
      );
    }
    const kinds = await sql<{ kind: string; n: number }>`
      select kind, count(*)::int as n from warning where module = 'estate' and status in ('open', 'acknowledged') group by kind order by kind`.execute(p.db);
    console.log(`  open findings by kind: ${kinds.rows.map((k) => `${k.kind} ${k.n}`).join(', ')}`);

    // (b) 200 units with rooms, picked the same way on every run.
    const units = (
      await sql<{ id: number }>`
        select unit_id as id from (select distinct unit_id from estate_room where unit_id is not null) u
        order by hashint4(unit_id), unit_id limit 200`.execute(p.db)
    ).rows.map((r) => r.id);
    const app = await benchApp(p);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'province', password: DEMO_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`login province: ${login.body}`);
    const cookie = `steward_sid=${login.cookies.find((c) => c.name === 'steward_sid')!.value}`;
    const today = new Date().toISOString().slice(0, 10);
    // The same aggregation by hand: usable area by use category of the unit's rooms, the unit's persons (and those
    // with an office today), and its approved area.
    const raw = (id: number) =>
      sql`
        select c.category, sum(r.usable_area) as area, count(*) as rooms,
               (select count(*) from person pe where pe.unit_id = ${id} and pe.status = 'active') as persons,
               (select count(distinct o.person_id) from estate_occupancy o join person pe on pe.id = o.person_id
                 where pe.unit_id = ${id} and o.during @> ${today}::date) as with_office,
               (select q.approved_office_area from estate_unit_quota q where q.unit_id = ${id}) as approved
        from estate_room r join estate_use_class c on c.code = r.current_use
        where r.unit_id = ${id} and r.status <> 'disposed'
        group by c.category`.execute(p.db);
    const url = (id: number) => `/api/estate/units/${id}/summary`;
    // warm up both
    for (const id of units.slice(0, 5)) {
      await app.inject({ url: url(id), headers: { cookie } });
      await raw(id);
    }
    const api: number[] = [];
    const base: number[] = [];
    for (const id of units) {
      const [ms, res] = await time(() => app.inject({ url: url(id), headers: { cookie } }));
      if (res.statusCode !== 200) throw new Error(`${url(id)}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      api.push(ms);
      base.push((await time(() => raw(id)))[0]);
    }
    const a = stats(api);
    const b = stats(base);
    console.log(`单位用房概况 (${units.length} units, province user)`);
    console.log(
      `  API  p50 ${fmt(a.p50)}  p95 ${fmt(a.p95)}   raw SQL p50 ${fmt(b.p50)}  p95 ${fmt(b.p95)}   ` +
        `ratio p50 ${(a.p50 / b.p50).toFixed(2)}×  p95 ${(a.p95 / b.p95).toFixed(2)}×   ${a.p95 < 50 ? '✓ p95 < 50 ms' : '✗ p95 ≥ 50 ms'}`,
    );
    await app.close();
    await p.database.close();
  },
};
