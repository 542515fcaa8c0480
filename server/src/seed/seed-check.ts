/**
 * Self-check of the seed: fresh database → migrate → seedReference (twice) → seedOrgsAndPersons, then counts,
 * timings and a few invariants.
 *
 *   npx tsx server/src/seed/seed-check.ts                       # PGlite in memory, demo scale
 *   npx tsx server/src/seed/seed-check.ts --scale province --dir /tmp/steward-seed   # PGlite in a (new) folder
 *   npx tsx server/src/seed/seed-check.ts --postgres postgres://postgres@127.0.0.1:5432/
 *
 * With --postgres a scratch database is created next to the given one and dropped afterwards.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openPGlite, openPostgres, type Database } from '../db/connection.js';
import { migrate } from '../db/migrator.js';
import { sm4Decrypt, type CryptoKeys } from '../platform/crypto/crypto.service.js';
import { isValidIdNo, isValidUscc } from './codes.js';
import { seedOrgsAndPersons } from './demo.js';
import { seedReference } from './reference.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'demo' },
    postgres: { type: 'string' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const scale = values.scale === 'province' ? 'province' : 'demo';
const keys: CryptoKeys = { dataKey: Buffer.alloc(16, 1), macKey: Buffer.alloc(32, 2) };

function ms(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(2)} s`;
}

async function check(database: Database): Promise<void> {
  const db = database.db;
  let t = performance.now();
  await migrate(database);
  console.log(`migrate            ${ms(t)}`);
  t = performance.now();
  await seedReference(db);
  console.log(`seedReference      ${ms(t)}`);
  t = performance.now();
  await seedReference(db);
  console.log(`seedReference again ${ms(t)} (idempotent)`);

  t = performance.now();
  let lastShown = -1;
  const summary = await seedOrgsAndPersons(db, keys, {
    scale,
    onProgress(done, total, label) {
      const pct = Math.floor((done / total) * 10);
      if (pct !== lastShown) {
        lastShown = pct;
        console.log(`  ${String(pct * 10).padStart(3)}%  ${done}/${total}  ${label}  ${ms(t)}`);
      }
    },
  });
  console.log(`seedOrgsAndPersons ${ms(t)}`);
  const { cityBureauIds, countyBureauIds, departmentIds, ...rest } = summary;
  console.log('summary', {
    ...rest,
    cityBureaus: Object.keys(cityBureauIds).length,
    countyBureaus: Object.keys(countyBureauIds).length,
    departmentIds: departmentIds.length,
    jinanBureau: cityBureauIds['3701'],
  });

  const counts = await sql<{ what: string; n: number }>`
    select 'region ' || level as what, count(*)::int as n from region group by level
    union all select 'rank_level', count(*)::int from rank_level
    union all select 'rank', count(*)::int from rank
    union all select 'org ' || kind || ' ' || level, count(*)::int from org group by kind, level
    union all select 'person', count(*)::int from person
    union all select 'person without rank', count(*)::int from person where rank_code is null
    union all select 'person in a department', count(*)::int from person where department_id is not null
    order by 1`.execute(db);
  for (const r of counts.rows) console.log(`  ${r.what.padEnd(28)} ${r.n}`);

  // Invariants the trigger and the generator promise.
  const bad = await sql<{ what: string; n: number }>`
    select 'unit without credit code' as what, count(*)::int as n from org where kind = 'unit' and credit_code is null
    union all select 'department with a credit code', count(*)::int from org where kind = 'department' and credit_code is not null
    union all select 'path not ending in own id', count(*)::int from org where subpath(path, -1)::text <> 'n' || id
    union all select 'bureaus', count(*)::int from org where is_bureau
    union all select 'regions without bureau (county+)', count(*)::int from region r
      where r.level in ('province', 'city', 'county') and not exists (select 1 from org o where o.is_bureau and o.region_code = r.code)
    union all select 'person dept of another unit', count(*)::int from person p join org d on d.id = p.department_id where d.unit_id <> p.unit_id
    union all select 'next org id after max', (select (nextval(pg_get_serial_sequence('org', 'id')) > max(id))::int from org)`.execute(db);
  for (const r of bad.rows) console.log(`  check: ${r.what.padEnd(34)} ${r.n}`);

  const codes = await db.selectFrom('org').select('credit_code').where('kind', '=', 'unit').execute();
  const invalid = codes.filter((c) => !c.credit_code || !isValidUscc(c.credit_code)).length;
  console.log(`  check: invalid credit codes               ${invalid} of ${codes.length}`);

  const sample = await db
    .selectFrom('person as p')
    .innerJoin('org as u', 'u.id', 'p.unit_id')
    .leftJoin('org as d', 'd.id', 'p.department_id')
    .leftJoin('rank as r', 'r.code', 'p.rank_code')
    .select(['p.id', 'p.name', 'p.gender', 'p.id_no_enc', 'p.id_no_mask', 'p.phone_mask', 'u.name as unit', 'd.name as dept', 'r.name as rank'])
    .where('p.id', 'in', Object.values(summary.samplePersonIds))
    .execute();
  for (const s of sample) {
    const idNo = s.id_no_enc ? sm4Decrypt(keys.dataKey, s.id_no_enc) : '';
    const role = Object.entries(summary.samplePersonIds).find(([, id]) => id === s.id)?.[0];
    console.log(
      `  sample ${String(role).padEnd(9)} #${s.id} ${s.name} ${s.gender} ${s.id_no_mask} (${isValidIdNo(idNo) ? 'valid' : 'INVALID'}) ${s.phone_mask} ${s.unit} / ${s.dept ?? '-'} / ${s.rank ?? '工勤'}`,
    );
  }
}

async function main() {
  if (!values.postgres) {
    const t = performance.now();
    const database = await openPGlite(values.dir);
    console.log(`PGlite ${values.dir ?? 'in memory'}, scale ${scale} (open ${ms(t)})`);
    try {
      await check(database);
    } finally {
      await database.close();
    }
    return;
  }
  const adminUrl = new URL(values.postgres);
  const name = `steward_seed_check_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  console.log(`PostgreSQL ${url.toString()}, scale ${scale}`);
  const database = await openPostgres(url.toString());
  try {
    await check(database);
  } finally {
    await database.close();
    if (values.keep) console.log(`kept database ${name}`);
    else await admin.query(`drop database ${name}`);
    await admin.end();
  }
}

await main();
