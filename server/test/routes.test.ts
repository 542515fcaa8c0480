import { describe, expect, it } from 'vitest';
import { useTestApp } from './helpers.js';

/** The explicit allow-list of routes that need no permission code. */
const PUBLIC = ['POST /api/auth/login', 'GET /api/health', 'GET /api/openapi.json'];
const SELF = ['POST /api/auth/logout', 'GET /api/me', 'POST /api/me/password', 'POST /api/me/totp/setup', 'POST /api/me/totp/enable'];

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
      expect(res.json().code).toBe('AUTH_REQUIRED');
    }
  });

  it('every permission named by a route exists in the catalog', async () => {
    const { PERMISSIONS } = await import('../src/platform/access/permission.catalog.js');
    const codes = new Set<string>(PERMISSIONS.map((p) => p.code));
    for (const r of routes()) if (r.permission) expect(codes.has(r.permission), r.permission).toBe(true);
  });

  it('health answers without login and names the engine', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: process.env.STEWARD_TEST_ENGINE ?? 'pglite' });
  });
});
