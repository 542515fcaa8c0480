import { mkdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { buildTemplate, openPGlite, openPostgres, PG_BASE, PGLITE_TEMPLATE, TEMPLATE_DB } from './template.js';

/**
 * Runs once per `vitest run`: migrates and seeds one template, which every test file then copies —
 * `CREATE DATABASE … TEMPLATE` on PostgreSQL, a data-directory dump on PGlite. No shared state between files.
 */
export async function setup() {
  const engine = process.env.STEWARD_TEST_ENGINE ?? 'pglite';
  const t = Date.now();
  if (engine === 'postgres') {
    const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
    await admin.connect();
    // Leftover per-file databases of an interrupted run.
    const old = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'steward\\_t\\_%' or datname = $1`, [TEMPLATE_DB]);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // A per-file database is named after its worker's pid: leave those of a run still going.
    for (const r of old.rows) {
      const pid = Number(/^steward_t_(\d+)_/.exec(r.datname)?.[1] ?? 0);
      if (pid && alive(pid)) continue;
      await admin.query(`drop database if exists "${r.datname}" with (force)`);
    }
    await admin.query(`create database ${TEMPLATE_DB}`);
    const database = await openPostgres(`${PG_BASE}/${TEMPLATE_DB}`);
    await buildTemplate(database);
    await database.close();
    await admin.end();
  } else {
    const database = await openPGlite(undefined);
    await buildTemplate(database);
    const dump = await database.pglite!.dumpDataDir('gzip');
    mkdirSync('.tmp', { recursive: true });
    writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
    await database.close();
  }
  console.log(`test template (${engine}) ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
