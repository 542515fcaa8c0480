import { buildApp } from '../server/src/app.js';
import { openDatabase } from '../server/src/db/connection.js';
import { prepareDatabase, platformFor } from '../server/src/platform/bootstrap.js';
import { loadConfig, loadKeys } from '../server/src/platform/config.js';
import type { Platform } from '../server/src/platform/context.js';

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]!;
  return { n: s.length, p50: q(0.5), p95: q(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, r];
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** The platform the benchmarks run on: DATABASE_URL or the embedded database in STEWARD_DATA_DIR. */
export async function openBenchPlatform(): Promise<Platform> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await prepareDatabase(database);
  return platformFor(database, config, loadKeys(config));
}

export async function benchApp(p: Platform) {
  const app = await buildApp(p, { serveWeb: false });
  await app.ready();
  return app;
}
