import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../server/src/seed/accounts.js';
import { isEmpty, seed } from '../server/src/seed/seed.js';
import { progressBar } from '../server/src/main.js';
import type { Benchmark } from './run.js';
import { benchApp, fmt, openBenchPlatform, stats, time } from './harness.js';

/**
 * The data-scoped, filtered, paged person list at province scale (~60,000 units, ~800,000 persons), through the
 * whole HTTP stack (session, scope, validation, count + page). Baseline: the same two statements as hand-written
 * SQL on the same connection, without the application around them.
 */
export const benchmark: Benchmark = {
  name: 'person-list',
  description: '全省规模人员列表（数据权限 + 筛选 + 分页）p50/p95，与等价手写 SQL 之比',
  async run() {
    const p = await openBenchPlatform();
    if (await isEmpty(p)) {
      console.log('数据库为空，先载入全省规模数据…');
      await seed(p, 'province', progressBar('全省规模'));
    }
    const counts = await sql<{ units: number; persons: number }>`select (select count(*)::int from org where kind = 'unit') as units, (select count(*)::int from person) as persons`.execute(p.db);
    console.log(`engine ${p.engine}: ${counts.rows[0]!.units} units, ${counts.rows[0]!.persons} persons`);
    if (counts.rows[0]!.persons < 500_000) console.log('注意：人员少于 50 万，不是全省规模；请在空库上运行 steward seed --scale province');
    const app = await benchApp(p);
    const cookie = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
      return `steward_sid=${res.cookies.find((c) => c.name === 'steward_sid')!.value}`;
    };
    const jinanRegion = '37.3701';
    const cases: { label: string; user: string; url: string; raw: () => Promise<unknown> }[] = [
      {
        label: 'province 全省, 姓"王", 按姓名排序, 第1页',
        user: 'province',
        url: '/api/persons?name=王&sort=name&order=asc&page=1&pageSize=20',
        raw: () =>
          Promise.all([
            sql`select count(*)::int from person p where p.name like '王%'`.execute(p.db),
            sql`select p.id, p.name, p.gender, p.id_no_mask, p.phone_mask, p.rank_code, k.name, p.unit_id, u.name, p.department_id, d.name, p.status, p.created_at
                from person p join org u on u.id = p.unit_id left join org d on d.id = p.department_id left join rank k on k.code = p.rank_code
                where p.name like '王%' order by p.name, p.id limit 20`.execute(p.db),
          ]),
      },
      {
        label: 'jinan 本市, 在职女性, 第5页',
        user: 'jinan',
        url: '/api/persons?status=active&gender=F&page=5&pageSize=20',
        raw: () =>
          Promise.all([
            sql`select count(*)::int from person p where p.region_path <@ ${jinanRegion}::ltree and p.status = 'active' and p.gender = 'F'`.execute(p.db),
            sql`select p.id, p.name, p.gender, p.id_no_mask, p.phone_mask, p.rank_code, k.name, p.unit_id, u.name, p.department_id, d.name, p.status, p.created_at
                from person p join org u on u.id = p.unit_id left join org d on d.id = p.department_id left join rank k on k.code = p.rank_code
                where p.region_path <@ ${jinanRegion}::ltree and p.status = 'active' and p.gender = 'F' order by p.id limit 20 offset 80`.execute(p.db),
          ]),
      },
      {
        label: 'jinan 本市, 姓"李", 按姓名排序, 第1页',
        user: 'jinan',
        url: '/api/persons?name=李&sort=name&page=1&pageSize=20',
        raw: () =>
          Promise.all([
            sql`select count(*)::int from person p where p.region_path <@ ${jinanRegion}::ltree and p.name like '李%'`.execute(p.db),
            sql`select p.id, p.name, p.gender, p.id_no_mask, p.phone_mask, p.rank_code, k.name, p.unit_id, u.name, p.department_id, d.name, p.status, p.created_at
                from person p join org u on u.id = p.unit_id left join org d on d.id = p.department_id left join rank k on k.code = p.rank_code
                where p.region_path <@ ${jinanRegion}::ltree and p.name like '李%' order by p.name, p.id limit 20`.execute(p.db),
          ]),
      },
      {
        label: 'unit 本单位, 第1页',
        user: 'unit',
        url: '/api/persons?page=1&pageSize=20',
        raw: async () => {
          const unitId = (await p.db.selectFrom('app_user').select('unit_id').where('username', '=', 'unit').executeTakeFirstOrThrow()).unit_id;
          return Promise.all([
            sql`select count(*)::int from person p where p.unit_id = ${unitId}`.execute(p.db),
            sql`select p.id, p.name, p.gender, p.id_no_mask, p.phone_mask, p.rank_code, k.name, p.unit_id, u.name, p.department_id, d.name, p.status, p.created_at
                from person p join org u on u.id = p.unit_id left join org d on d.id = p.department_id left join rank k on k.code = p.rank_code
                where p.unit_id = ${unitId} order by p.id limit 20`.execute(p.db),
          ]);
        },
      },
    ];
    const N = Number(process.env.BENCH_ITER ?? 40);
    for (const c of cases) {
      const ck = await cookie(c.user);
      const api: number[] = [];
      const raw: number[] = [];
      // warm up both, then interleave so machine noise hits both alike
      await app.inject({ url: c.url, headers: { cookie: ck } });
      await c.raw();
      let total = 0;
      for (let i = 0; i < N; i++) {
        const [ms, res] = await time(() => app.inject({ url: c.url, headers: { cookie: ck } }));
        if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.body}`);
        total = res.json().total;
        api.push(ms);
        raw.push((await time(c.raw))[0]);
      }
      const a = stats(api);
      const r = stats(raw);
      console.log(`${c.label} (total ${total})`);
      console.log(`  API  p50 ${fmt(a.p50)}  p95 ${fmt(a.p95)}   raw SQL p50 ${fmt(r.p50)}  p95 ${fmt(r.p95)}   ratio p50 ${(a.p50 / r.p50).toFixed(2)}×  p95 ${(a.p95 / r.p95).toFixed(2)}×`);
    }
    await app.close();
    await p.database.close();
  },
};
