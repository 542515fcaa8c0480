import { describe, expect, it } from 'vitest';
import { useTestApp } from './helpers.js';

/** The explicit allow-list of routes that need no permission code. */
const PUBLIC = ['POST /api/auth/login', 'GET /api/health', 'GET /api/openapi.json'];
const SELF = [
  'POST /api/auth/logout',
  'GET /api/me',
  'POST /api/me/password',
  'POST /api/me/totp/setup',
  'POST /api/me/totp/enable',
  // one's own mailbox and uploads (an upload is bound to its use, where the use's permission applies, or purged)
  'GET /api/notifications',
  'GET /api/notifications/unread-count',
  'POST /api/notifications/read',
  'POST /api/files',
];
/** Partner APIs: no session, but a partner credential holding the scope the route declares (auth.plugin.ts). */
const PARTNER = ['POST /api/fleet/partner/transactions', 'POST /api/telematics/positions'];

describe('route inventory', () => {
  const t = useTestApp();

  function routes() {
    return t.app.stewardRoutes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
  }

  it('every API route needs authentication and a named permission, except the allow-list', () => {
    const rs = routes();
    expect(rs.length).toBeGreaterThan(30);
    for (const r of rs) {
      const key = `${r.method} ${r.url}`;
      if (r.url.startsWith('/api/docs')) {
        expect(r.access, key).toBe('public');
        continue;
      }
      if (PUBLIC.includes(key)) expect(r.access, key).toBe('public');
      else if (SELF.includes(key)) expect(r.access, key).toBe('self');
      else if (PARTNER.includes(key)) expect(r.access, key).toBe('partner');
      else {
        expect(r.access, key).toBeUndefined();
        expect(r.permission, key).toMatch(/^[a-z]+:[a-z-]+:[a-z-]+$/);
      }
    }
  });

  it('anonymous requests to every non-public route get 401', async () => {
    for (const r of routes()) {
      if (r.access === 'public') continue;
      const url = r.url.replace(/:id/g, '1').replace(/:key/g, 'x');
      const res = await t.app.inject({ method: r.method as 'GET', url, payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe(r.access === 'partner' ? 'PARTNER_AUTH_REQUIRED' : 'AUTH_REQUIRED');
    }
  });

  it('every permission named by a route exists in the catalog', async () => {
    const { PERMISSIONS } = await import('../src/platform/access/permission.catalog.js');
    const codes = new Set<string>(PERMISSIONS.map((p) => p.code));
    for (const r of routes()) if (r.permission) expect(codes.has(r.permission), r.permission).toBe(true);
  });

  it('the API docs are browsable without login', async () => {
    const ui = await t.app.inject({ url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    expect((await t.app.inject({ url: '/api/docs/static/swagger-initializer.js' })).statusCode).toBe(200);
    const doc = await t.app.inject({ url: '/api/openapi.json' });
    expect(doc.json().openapi).toBe('3.0.3');
    expect(Object.keys(doc.json().paths)).toContain('/api/persons');
  });

  it('health answers without login and names the engine', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: process.env.STEWARD_TEST_ENGINE ?? 'pglite' });
  });
});

describe('serving the web app', () => {
  it('answers client routes with index.html and missing assets with a 404', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { buildApp } = await import('../src/app.js');
    const { openTestDatabase } = await import('./helpers.js');
    const { platformFor } = await import('../src/platform/bootstrap.js');
    const { TEST_KEYS, testConfig } = await import('./template.js');
    const dist = mkdtempSync(path.resolve('.tmp', 'dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Steward</title>');
    writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    const { database, drop } = await openTestDatabase();
    const app = await buildApp(platformFor(database, { ...testConfig(), webDist: dist }, TEST_KEYS));
    const page = await app.inject({ url: '/org/units' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Steward</title>');
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await app.inject({ url: '/assets/app-1.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/assets/app-2.js' })).statusCode).toBe(404);
    // Unknown API paths do not reveal themselves to anonymous callers.
    expect((await app.inject({ url: '/api/nothing' })).json().code).toBe('AUTH_REQUIRED');
    await app.close();
    await drop();
  });
});
