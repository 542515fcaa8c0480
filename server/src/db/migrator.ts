import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './connection.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const NAME = /^\d{4}-\d{2}-\d{2}-\d{4}-[a-z0-9-]+\.sql$/;
const LOCK_KEY = 0x5354_4557; // "STEW"

export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      if (!NAME.test(name)) throw new Error(`migration file name must look like 2026-11-26-0001-name.sql: ${name}`);
      const text = readFileSync(path.join(dir, name), 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

/**
 * Applies pending migrations in name order, each in its own transaction, under an advisory lock.
 * A changed checksum of an applied migration, or a migration missing from disk, stops everything.
 */
export async function migrate(database: Database, log: (m: string) => void = () => {}): Promise<string[]> {
  const files = listMigrations();
  return database.withLock(LOCK_KEY, async (run) => {
    await run(`create table if not exists schema_migration (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const applied = await sql<{ name: string; checksum: string }>`select name, checksum from schema_migration order by name`.execute(
      database.db,
    );
    const byName = new Map(files.map((f) => [f.name, f]));
    for (const row of applied.rows) {
      const file = byName.get(row.name);
      if (!file) throw new Error(`applied migration ${row.name} is missing from ${MIGRATIONS_DIR}`);
      if (file.checksum !== row.checksum)
        throw new Error(`applied migration ${row.name} was edited after it ran (checksum differs); add a new migration instead`);
    }
    const done = new Set(applied.rows.map((r) => r.name));
    const ran: string[] = [];
    for (const file of files) {
      if (done.has(file.name)) continue;
      log(`migrating ${file.name}`);
      const esc = file.checksum.replace(/'/g, "''");
      try {
        await run(`begin;\n${file.sql}\n;insert into schema_migration (name, checksum) values ('${file.name}', '${esc}');\ncommit;`);
      } catch (err) {
        await run('rollback').catch(() => {});
        throw new Error(`migration ${file.name} failed: ${(err as Error).message}`, { cause: err });
      }
      ran.push(file.name);
    }
    return ran;
  });
}
