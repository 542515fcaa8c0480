import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/seed/prng.js';
import { signIn, useTestApp } from './helpers.js';

const NASTY = ["'; drop table org; --", '\u0000', '💥', 'a'.repeat(5000), '../../etc/passwd', '<script>alert(1)</script>', '-1', '1e309', 'NaN', '370102199001011234'];

function junk(rnd: () => number, depth = 0): unknown {
  const k = Math.floor(rnd() * 9);
  switch (k) {
    case 0:
      return null;
    case 1:
      return rnd() < 0.5;
    case 2:
      return Math.floor((rnd() - 0.5) * 2 ** 40);
    case 3:
      return rnd() * 1e6;
    case 4:
    case 5:
      return NASTY[Math.floor(rnd() * NASTY.length)];
    case 6:
      return depth > 2 ? 'x' : Array.from({ length: Math.floor(rnd() * 4) }, () => junk(rnd, depth + 1));
    default: {
      if (depth > 2) return {};
      const keys = ['name', 'kind', 'unitType', 'level', 'regionCode', 'parentId', 'unitId', 'idNo', 'phone', 'gender', 'username', 'roleIds', 'permissions', 'dataScope', 'code', 'value', 'oldPassword', 'newPassword', 'scopeNodes'];
      return Object.fromEntries(keys.filter(() => rnd() < 0.4).map((key) => [key, junk(rnd, depth + 1)]));
    }
  }
}

/** Random and hostile input to every route: never a 500, always the error shape, nothing half-written. */
describe('fuzzing the API edge', () => {
  const t = useTestApp();

  it('every route answers junk with a 4xx and a stable code', async () => {
    const rnd = mulberry32(20261126);
    const clients = [await signIn(t.app, 'province'), await signIn(t.app, 'sysadmin'), await signIn(t.app, 'secadmin')];
    const routes = t.app.stewardRoutes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD' && r.url !== '/api/auth/logout');
    const orgsBefore = (await t.p.db.selectFrom('org').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    let checked = 0;
    for (const r of routes) {
      for (let i = 0; i < 12; i++) {
        const c = clients[i % clients.length]!;
        const id = [String(Math.floor(rnd() * 1e6)), '-1', 'abc', '1;select', '99999999999'][i % 5]!;
        const url = r.url.replace(':id', encodeURIComponent(id)).replace(':key', encodeURIComponent(id));
        const qs = new URLSearchParams({ page: String(junk(rnd)), pageSize: String(junk(rnd)), sort: String(junk(rnd)), name: String(junk(rnd)) }).toString();
        const res =
          r.method === 'GET'
            ? await c.get(`${url}?${qs}`)
            : await c.req(r.method as 'POST', url, r.method === 'DELETE' ? undefined : junk(rnd));
        expect(res.statusCode, `${r.method} ${url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json().code, `${r.method} ${url}`).toMatch(/^[A-Z_]+$/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
    const orgsAfter = (await t.p.db.selectFrom('org').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(orgsAfter)).toBe(Number(orgsBefore));
  });

  it('malformed JSON and wrong content types are refused cleanly', async () => {
    const c = await signIn(t.app, 'province');
    const bad = await t.app.inject({ method: 'POST', url: '/api/orgs', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' }, payload: '{"kind": "unit",' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_REQUEST');
    const xml = await t.app.inject({ method: 'POST', url: '/api/orgs', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(415);
  });
});

describe('fuzzing process definitions and uploads', () => {
  const t = useTestApp();

  it('mutated process trees are saved only when valid; never a 500', async () => {
    const rnd = mulberry32(314159);
    const sys = await signIn(t.app, 'sysadmin');
    const type = 'system.account-request';
    const current = (await sys.get(`/api/workflow/definitions/${type}`)).json().current.tree as Record<string, unknown>;
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const mutate = (v: unknown, depth: number): unknown => {
      if (rnd() < 0.15) return junk(rnd);
      if (Array.isArray(v)) {
        const out = v.map((x) => mutate(x, depth + 1));
        if (rnd() < 0.2) out.push(structuredClone(pick(v.length ? v : [{}])));
        if (rnd() < 0.1) out.pop();
        return out;
      }
      if (v && typeof v === 'object') {
        const o: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (rnd() > 0.05) o[k] = depth < 6 ? mutate(x, depth + 1) : x;
        if (rnd() < 0.1) o[pick(['when', 'branches', 'passRatio', 'strategy', 'nodes', 'evil'])] = junk(rnd);
        return o;
      }
      if (typeof v === 'string' && rnd() < 0.3) return pick(['amount > ', '((((', 'count(', '"', 'a'.repeat(3000), '__proto__.x == 1', v + v]);
      return v;
    };
    let saved = 0;
    for (let i = 0; i < 300; i++) {
      const tree = i % 3 === 0 ? current : mutate(current, 0);
      const res = await sys.put(`/api/workflow/definitions/${type}/draft`, { tree });
      expect([200, 400], res.body).toContain(res.statusCode);
      expect(res.json().code ?? 'OK').toMatch(/^[A-Z_]+$/);
      if (res.statusCode === 200) saved++;
      const prev = await sys.post(`/api/workflow/definitions/${type}/preview`, { tree, form: { count: Math.floor(rnd() * 5) } });
      expect([200, 400], prev.body).toContain(prev.statusCode);
    }
    expect(saved).toBeGreaterThan(0);
    await sys.del(`/api/workflow/definitions/${type}/draft`);
  });

  it('uploads: any name and any bytes are stored or refused with a message', async () => {
    const rnd = mulberry32(2718);
    const c = await signIn(t.app, 'unit');
    const names = ['a.pdf', 'x.PNG', '报告.docx', '../../etc/passwd', 'a.exe', '.pdf', 'noext', 'a.pdf\u0000.exe', '💥.txt', 'a'.repeat(300) + '.txt'];
    for (let i = 0; i < 60; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)));
      if (rnd() < 0.3) bytes.write('%PDF');
      const name = names[i % names.length]!;
      const boundary = 'fz' + i;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/"/g, '')}"\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/api/files', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
      expect([200, 400], res.body).toContain(res.statusCode);
      if (res.statusCode === 200) {
        expect(/[/\\]/.test(res.json().name) || res.json().name.includes(String.fromCharCode(0))).toBe(false);
        expect(res.json().size).toBe(bytes.length);
      }
    }
  });
});
