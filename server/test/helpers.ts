import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../src/app.js';
import { type Database, openPGlite, openPostgres } from '../src/db/connection.js';
import { platformFor } from '../src/platform/bootstrap.js';
import type { Platform } from '../src/platform/context.js';
import { DEMO_PASSWORD } from '../src/seed/accounts.js';
import { PG_BASE, PGLITE_TEMPLATE, TEMPLATE_DB, TEST_KEYS, testConfig } from './template.js';

export const ENGINE = (process.env.STEWARD_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';
export { DEMO_PASSWORD };

/** A fresh copy of the seeded template for this test file. */
export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (ENGINE === 'postgres') {
    const name = `steward_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
    await admin.connect();
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
    await admin.end();
    const database = await openPostgres(`${PG_BASE}/${name}`, 5);
    return {
      database,
      drop: async () => {
        await database.close();
        const a = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const database = await openPGlite(undefined, new Blob([readFileSync(PGLITE_TEMPLATE)]));
  return { database, drop: () => database.close() };
}

export interface TestCtx {
  app: FastifyInstance;
  p: Platform;
}

/** Per-file app on its own database; `demo` toggles demo mode. */
export function useTestApp(opts: { demo?: boolean } = {}): TestCtx {
  const ctx = {} as TestCtx;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const t = await openTestDatabase();
    drop = t.drop;
    ctx.p = platformFor(t.database, testConfig(opts.demo ?? true), TEST_KEYS);
    ctx.app = await buildApp(ctx.p, { serveWeb: false });
    await ctx.app.ready();
  });
  afterAll(async () => {
    await ctx.app?.close();
    await drop?.();
  });
  return ctx;
}

/** A signed-in client: carries the cookie and the CSRF token. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  async login(username: string, password = DEMO_PASSWORD, totpCode?: string) {
    const res = await this.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totpCode ? { totpCode } : {}) } });
    if (res.statusCode === 200) {
      const c = res.cookies.find((k) => k.name === 'steward_sid');
      this.cookie = `steward_sid=${c?.value}`;
      this.csrf = res.json().csrfToken;
    }
    return res;
  }

  req(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: { cookie: this.cookie, ...(method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}) },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  }
  get(url: string) {
    return this.req('GET', url);
  }
  post(url: string, payload?: unknown) {
    return this.req('POST', url, payload ?? {});
  }
  put(url: string, payload: unknown) {
    return this.req('PUT', url, payload);
  }
  del(url: string) {
    return this.req('DELETE', url);
  }
}

export async function signIn(app: FastifyInstance, username: string) {
  const c = new Client(app);
  const res = await c.login(username);
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
  return c;
}
