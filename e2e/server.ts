import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts `steward start` as a newcomer would: fresh embedded database, demo data, built web app (`env`: extra variables; the demo simulation is off and the JT/T 808 port is any free one unless `env` says otherwise). */
export async function startSteward(env: Record<string, string> = {}): Promise<{ url: string; proc: ChildProcess; stop: () => Promise<void> }> {
  mkdirSync('.tmp', { recursive: true });
  const dataDir = mkdtempSync(path.resolve('.tmp', 'e2e-data-'));
  const port = await freePort();
  const proc = spawn(process.execPath, ['server/bin/steward.js', 'start'], {
    env: { ...process.env, PORT: String(port), STEWARD_DATA_DIR: dataDir, STEWARD_DEMO: '1', LOG_LEVEL: 'warn', DATABASE_URL: '', STEWARD_SIMULATE: '0', STEWARD_JT808_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout?.on('data', (d) => (output += String(d)));
  proc.stderr?.on('data', (d) => (output += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`steward exited early:\n${output}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`steward did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    proc,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

export async function login(page: Page, url: string, username: string, password = 'Steward@2026') {
  await page.goto(`${url}/login`);
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

export async function shot(page: Page, name: string) {
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: false });
}

/** One Steward and one Chromium for a test file, started before its tests and stopped after them. */
export function useStewardInBrowser(env: Record<string, string> | (() => Promise<Record<string, string>>) = {}): {
  server: Awaited<ReturnType<typeof startSteward>>;
  browser: Browser;
} {
  const ctx = {} as { server: Awaited<ReturnType<typeof startSteward>>; browser: Browser };
  beforeAll(async () => {
    ctx.server = await startSteward(typeof env === 'function' ? await env() : env);
    ctx.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/** The signed-in user as /api/me tells it. */
export interface Me {
  csrfToken: string;
  user: { unitId: number; unitName: string; personId: number | null };
}

/** A JSON call with the page's session (and its CSRF token), for set-up and checks beside what the test clicks. */
export async function api<T>(page: Page, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const me = (await (await page.request.get('/api/me')).json()) as Me;
  const res = await page.request.fetch(url, { method, headers: { 'x-csrf-token': me.csrfToken }, ...(body === undefined ? {} : { data: body }) });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}
