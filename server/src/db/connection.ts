import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './types.js';

export type Engine = 'pglite' | 'postgres';
export type Db = Kysely<DB>;

/** A database handle: the typed query builder plus a raw script runner for migrations. */
export interface Database {
  db: Db;
  engine: Engine;
  /** The in-process PGlite instance, when embedded (for dumps in tests). */
  pglite?: PGlite;
  /** Runs a multi-statement SQL script (no parameters) on one connection. */
  runScript(sql: string): Promise<void>;
  /** Runs fn holding a session-level advisory lock on one connection. */
  withLock<T>(key: number, fn: (run: (sql: string) => Promise<void>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 (counts, sequences) as numbers: our ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection closed by the server (restart, admin command) must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.error(`PostgreSQL 空闲连接断开：${err.message}`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    async runScript(sqlText) {
      await pool.query(sqlText);
    },
    async withLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        try {
          return await fn(async (s) => {
            await client.query(s);
          });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

export async function createPGlite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
  return PGlite.create({
    dataDir,
    loadDataDir,
    extensions: { ltree, pg_trgm, btree_gist },
    parsers: { 20: (v: string) => Number(v) },
  });
}

export async function openPGlite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  const pglite = await createPGlite(dataDir, loadDataDir);
  return wrapPGlite(pglite);
}

export function wrapPGlite(pglite: PGlite): Database {
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  // Scripts go through Kysely's connection queue so they never interleave with a transaction.
  const runOnQueue = (s: string) =>
    db.connection().execute(async () => {
      await pglite.exec(s);
    });
  return {
    db,
    engine: 'pglite',
    pglite,
    runScript: runOnQueue,
    // One in-process connection, and openDatabase refuses a data folder another live process holds (steward.pid),
    // so nobody else can migrate this folder at the same time: the lock is the process itself.
    async withLock(_key, fn) {
      return fn(runOnQueue);
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Claims the embedded database's folder for this process: PGlite does not stop a second process from opening the
 * same files, and two writers corrupt them. A pid file left by a process that died is taken over.
 */
export function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'steward.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid > 0 && pid !== process.pid && processAlive(pid))
        throw new Error(`数据目录 ${dataDir} 正被进程 ${pid} 使用（另一个 Steward 正在运行）。请先停止它，或用 STEWARD_DATA_DIR 指定其他目录。`, { cause: err });
      rmSync(file, { force: true });
    }
  }
  throw new Error(`无法锁定数据目录 ${dataDir}`);
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  const release = claimDataDir(opts.dataDir);
  try {
    const database = await openPGlite(path.join(opts.dataDir, 'pgdata'));
    const close = database.close.bind(database);
    return {
      ...database,
      async close() {
        await close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
