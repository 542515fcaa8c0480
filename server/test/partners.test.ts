import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { sm3Hex } from '../src/platform/crypto/crypto.service.js';
import { type Client, signIn, useTestApp } from './helpers.js';

/** Partner credentials (接入凭证) and partner authentication of `access: 'partner'` routes. */
describe('partner credentials', () => {
  const t = useTestApp();
  let admin: Client;
  let staff: Client;
  const URL = '/api/fleet/partner/transactions';
  const batch = { items: [{ partner_tx_id: 'X', plate: '鲁A00000', category: 'fuel', amount: 1, occurred_at: '2025-01-01T00:00:00+08:00' }] };
  const call = (headers: Record<string, string>, payload: unknown = batch) => t.app.inject({ method: 'POST', url: URL, headers, payload: payload as object });

  beforeAll(async () => {
    admin = await signIn(t.app, 'province');
    staff = await signIn(t.app, 'staff');
  });

  it('creates a credential, returns the key once and stores only its SM3 hash', async () => {
    const res = await admin.post('/api/partners', { code: 'PT-OIL', name: '测试石油公司', scopes: ['fleet:transactions'] });
    expect(res.statusCode, res.body).toBe(200);
    const { credential, key } = res.json();
    expect(key).toMatch(/^spk_/);
    expect(credential).toMatchObject({ code: 'PT-OIL', enabled: true, scopes: ['fleet:transactions'], _actions: ['disable', 'rotate'] });
    const row = await t.p.db.selectFrom('partner_credential').select(['key_hash']).where('code', '=', 'PT-OIL').executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(sm3Hex(key));
    expect(JSON.stringify((await admin.get('/api/partners')).json())).not.toContain(key);
    const audit = await t.p.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'partner.create').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).not.toContain(key);
    // the same code twice
    const dup = await admin.post('/api/partners', { code: 'PT-OIL', name: '测试石油公司', scopes: ['fleet:transactions'] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('DUPLICATE');
    expect((await admin.post('/api/partners', { code: 'pt-oil', name: '测', scopes: [] })).statusCode).toBe(400);
  });

  it('authenticates partners by code and key, with stable 401 codes for every failure', async () => {
    const created = (await admin.post('/api/partners', { code: 'PT-AUTH', name: '认证测试', scopes: ['fleet:transactions'] })).json();
    const key: string = created.key;
    const ok = await call({ 'x-partner-code': 'PT-AUTH', 'x-partner-key': key });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items[0]).toMatchObject({ status: 'rejected', code: 'VEHICLE_NOT_FOUND' });

    const codeOf = async (h: Record<string, string>) => {
      const r = await call(h);
      expect(r.statusCode).toBe(401);
      return r.json().code;
    };
    expect(await codeOf({})).toBe('PARTNER_AUTH_REQUIRED');
    expect(await codeOf({ 'x-partner-code': 'PT-AUTH' })).toBe('PARTNER_AUTH_REQUIRED');
    expect(await codeOf({ 'x-partner-code': 'PT-AUTH', 'x-partner-key': `${key}x` })).toBe('PARTNER_INVALID');
    expect(await codeOf({ 'x-partner-code': 'PT-NOBODY', 'x-partner-key': key })).toBe('PARTNER_INVALID');
    // a signed-in user is not a partner, CSRF token or not
    const asUser = await t.app.inject({ method: 'POST', url: URL, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: batch });
    expect(asUser.statusCode).toBe(401);
    expect(asUser.json().code).toBe('PARTNER_AUTH_REQUIRED');

    // disabled → PARTNER_DISABLED (only once the key proved right), enabled again → works
    const dis = await admin.post(`/api/partners/${created.credential.id}/disable`);
    expect(dis.statusCode).toBe(200);
    expect(dis.json()).toMatchObject({ enabled: false, _actions: ['enable', 'rotate'] });
    expect(await codeOf({ 'x-partner-code': 'PT-AUTH', 'x-partner-key': key })).toBe('PARTNER_DISABLED');
    expect(await codeOf({ 'x-partner-code': 'PT-AUTH', 'x-partner-key': 'wrong' })).toBe('PARTNER_INVALID');
    expect((await admin.post(`/api/partners/${created.credential.id}/enable`)).statusCode).toBe(200);
    expect((await call({ 'x-partner-code': 'PT-AUTH', 'x-partner-key': key })).statusCode).toBe(200);

    // rotate: the old key stops working at once
    const rotated = await admin.post(`/api/partners/${created.credential.id}/rotate`);
    expect(rotated.statusCode).toBe(200);
    expect(await codeOf({ 'x-partner-code': 'PT-AUTH', 'x-partner-key': key })).toBe('PARTNER_INVALID');
    expect((await call({ 'x-partner-code': 'PT-AUTH', 'x-partner-key': rotated.json().key })).statusCode).toBe(200);

    // a credential without the route's scope
    await t.p.db
      .insertInto('partner_credential')
      .values({ code: 'PT-OTHER', name: '其他接口', key_hash: sm3Hex('other-key'), scopes: ['energy:readings'] })
      .execute();
    expect(await codeOf({ 'x-partner-code': 'PT-OTHER', 'x-partner-key': 'other-key' })).toBe('PARTNER_SCOPE_DENIED');

    // used credentials are marked
    const used = await t.p.db.selectFrom('partner_credential').select('last_used_at').where('code', '=', 'PT-AUTH').executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
    // each batch is on the audit record, by partner
    const n = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'fleet_transaction.ingest' and object_id = 'PT-AUTH'`.execute(t.p.db);
    expect(n.rows[0]!.n).toBe(3);
  });

  it('refuses credential management without fleet:provider:write (403) and unknown ids (404)', async () => {
    expect((await staff.get('/api/partners')).statusCode).toBe(403);
    expect((await staff.post('/api/partners', { code: 'PT-STAFF', name: '职工', scopes: ['fleet:transactions'] })).statusCode).toBe(403);
    expect((await admin.post('/api/partners/999999/disable')).statusCode).toBe(404);
  });

  it('lists credentials with their state', async () => {
    const res = await admin.get('/api/partners');
    expect(res.statusCode).toBe(200);
    const codes = res.json().items.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['PT-OIL', 'PT-AUTH', 'PT-OTHER']));
    expect(res.json().items.find((c: { code: string }) => c.code === 'PT-AUTH').lastUsedAt).not.toBeNull();
  });
});
