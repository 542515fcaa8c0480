import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { totpAt, totpStep } from '../src/platform/crypto/crypto.service.js';
import { Client, signIn, useTestApp } from './helpers.js';

describe('login, sessions and passwords', () => {
  const t = useTestApp();

  it('logs in with a session cookie that is httpOnly and SameSite', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jinan', password: 'Steward@2026' } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/steward_sid=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(res.json().csrfToken).toBeTruthy();
  });

  it('GET /api/me tells roles, permissions, scope and menus', async () => {
    const c = await signIn(t.app, 'jinan');
    const me = (await c.get('/api/me')).json();
    expect(me.user.username).toBe('jinan');
    expect(me.roles.map((r: { code: string }) => r.code)).toEqual(['region_manager']);
    expect(me.permissions).toContain('org:unit:read');
    expect(me.dataScope.description).toContain('济南');
    expect(me.menus.map((m: { key: string }) => m.key)).toContain('org');
    expect(me.menus.map((m: { key: string }) => m.key)).not.toContain('audit');
  });

  it('rejects a wrong password with a stable code and logs it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'qingdao', password: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(res.json().message).toContain('还可尝试 4 次');
    const log = await t.p.db.selectFrom('login_log').select(['result']).where('username', '=', 'qingdao').orderBy('id', 'desc').executeTakeFirst();
    expect(log?.result).toBe('bad_password');
    // reset for later tests
    await t.p.db.updateTable('app_user').set({ failed_count: 0 }).where('username', '=', 'qingdao').execute();
  });

  it('unknown users get the same answer as a wrong password', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'x' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('locks the account after 5 failures for 30 minutes, and the security admin can unlock it', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'driver', password: 'wrong' } });
      expect(r.statusCode).toBe(401);
    }
    const fifth = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'driver', password: 'wrong' } });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('AUTH_LOCKED');
    const right = await new Client(t.app).login('driver');
    expect(right.statusCode).toBe(423);
    const u = await t.p.db.selectFrom('app_user').select(['id', 'locked_until']).where('username', '=', 'driver').executeTakeFirstOrThrow();
    const minutes = (new Date(u.locked_until!).getTime() - Date.now()) / 60000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    const sec = await signIn(t.app, 'secadmin');
    const locked = (await sec.get('/api/security/accounts?locked=true')).json();
    const row = locked.items.find((a: { username: string }) => a.username === 'driver');
    expect(row).toMatchObject({ locked: true, failedCount: 5, _actions: ['unlock'] });
    expect((await sec.post(`/api/users/${u.id}/unlock`)).statusCode).toBe(200);
    expect((await sec.get('/api/security/accounts?locked=true')).json().items.map((a: { username: string }) => a.username)).not.toContain('driver');
    expect((await new Client(t.app).login('driver')).statusCode).toBe(200);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const c = await signIn(t.app, 'jinan');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_INVALID');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });

  it('ends idle sessions and sessions past their absolute lifetime', async () => {
    const c = await signIn(t.app, 'unit');
    await t.p.db.updateTable('session').set({ last_seen_at: sql`now() - interval '31 minutes'` }).where('ended_at', 'is', null).where('user_id', '=', sql<number>`(select id from app_user where username = 'unit')`).execute();
    const res = await c.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('SESSION_IDLE');
    // logging in again with a stale cookie still in the browser works
    const stale = await signIn(t.app, 'unit');
    await t.p.db.updateTable('session').set({ last_seen_at: sql`now() - interval '31 minutes'` }).where('ended_at', 'is', null).where('user_id', '=', sql<number>`(select id from app_user where username = 'unit')`).execute();
    const relogin = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: stale.cookie }, payload: { username: 'unit', password: 'Steward@2026' } });
    expect(relogin.statusCode).toBe(200);
    const c2 = await signIn(t.app, 'unit');
    await t.p.db.updateTable('session').set({ expires_at: sql`now() - interval '1 second'` }).where('ended_at', 'is', null).where('user_id', '=', sql<number>`(select id from app_user where username = 'unit')`).execute();
    expect((await c2.get('/api/me')).json().code).toBe('SESSION_EXPIRED');
  });

  it('administrators time out after 15 idle minutes', async () => {
    await signIn(t.app, 'auditor');
    const s = await t.p.db.selectFrom('session').select('idle_seconds').where('user_id', '=', sql<number>`(select id from app_user where username = 'auditor')`).executeTakeFirstOrThrow();
    expect(s.idle_seconds).toBe(15 * 60);
  });

  it('enforces the password policy and history on change', async () => {
    const c = await signIn(t.app, 'staff');
    const weak = await c.post('/api/me/password', { oldPassword: 'Steward@2026', newPassword: 'abc' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('PASSWORD_POLICY');
    const classes = await c.post('/api/me/password', { oldPassword: 'Steward@2026', newPassword: 'abcdefghij' });
    expect(classes.json().message).toContain('至少 3 类');
    const withName = await c.post('/api/me/password', { oldPassword: 'Steward@2026', newPassword: 'Staff-2026x' });
    expect(withName.json().message).toContain('用户名');
    const reuse = await c.post('/api/me/password', { oldPassword: 'Steward@2026', newPassword: 'Steward@2026' });
    expect(reuse.json().code).toBe('PASSWORD_REUSED');
    const wrongOld = await c.post('/api/me/password', { oldPassword: 'x', newPassword: 'Better#Pass9' });
    expect(wrongOld.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    const ok = await c.post('/api/me/password', { oldPassword: 'Steward@2026', newPassword: 'Better#Pass9' });
    expect(ok.statusCode).toBe(200);
    expect((await new Client(t.app).login('staff', 'Better#Pass9')).statusCode).toBe(200);
    const back = await c.post('/api/me/password', { oldPassword: 'Better#Pass9', newPassword: 'Steward@2026' });
    expect(back.json().code).toBe('PASSWORD_REUSED');
  });

  it('TOTP: setup, enable, then login requires the current code and refuses a replay', async () => {
    const c = await signIn(t.app, 'province');
    const setup = (await c.post('/api/me/totp/setup')).json();
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await c.post('/api/me/totp/enable', { code: '000000' })).statusCode).toBe(400);
    expect((await c.post('/api/me/totp/enable', { code: totpAt(setup.secret, totpStep()) })).statusCode).toBe(200);
    // Demo accounts skip the second factor in demo mode; take this one out of the demo set to see it asked.
    await t.p.db.updateTable('app_user').set({ is_demo: false, must_change_password: false }).where('username', '=', 'province').execute();
    const noCode = await new Client(t.app).login('province');
    expect(noCode.json().code).toBe('AUTH_TOTP_REQUIRED');
    const code = totpAt(setup.secret, totpStep());
    expect((await new Client(t.app).login('province', undefined, code)).statusCode).toBe(200);
    const replay = await new Client(t.app).login('province', undefined, code);
    expect(replay.json().code).toBe('AUTH_TOTP_INVALID');
  });

  it('new users must change the initial password before anything else', async () => {
    const admin = await signIn(t.app, 'jinan');
    const roles = (await admin.get('/api/roles?pageSize=50')).json().items as { id: number; code: string }[];
    const staffRole = roles.find((r) => r.code === 'staff')!;
    const unitId = (await admin.get('/api/me')).json().user.unitId;
    const created = await admin.post('/api/users', { username: 'newbie', displayName: '新同事', unitId, roleIds: [staffRole.id], initialPassword: 'Init#Pass2026' });
    expect(created.statusCode).toBe(200);
    const c = new Client(t.app);
    const login = await c.login('newbie', 'Init#Pass2026');
    expect(login.json().mustChangePassword).toBe(true);
    const blocked = await c.get('/api/persons');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/me/password', { oldPassword: 'Init#Pass2026', newPassword: 'Mine#Pass2026' })).statusCode).toBe(200);
    expect((await c.get('/api/persons')).statusCode).toBe(200);
  });

  it('security admin lists online sessions and forces a logout', async () => {
    const victim = await signIn(t.app, 'qingdao');
    const sec = await signIn(t.app, 'secadmin');
    const list = (await sec.get('/api/sessions?username=qingdao')).json();
    expect(list.total).toBeGreaterThan(0);
    const target = list.items[0];
    expect(target._actions).toContain('force-logout');
    expect((await sec.del(`/api/sessions/${target.id}`)).statusCode).toBe(200);
    const after = await victim.get('/api/me');
    // The victim had possibly more than one session; the newest one was ended.
    const remaining = (await sec.get('/api/sessions?username=qingdao')).json().total;
    expect(remaining).toBe(list.total - 1);
    expect([200, 401]).toContain(after.statusCode);
    const log = (await sec.get('/api/login-log?result=forced_logout')).json();
    expect(log.total).toBeGreaterThan(0);
  });
});

describe('audit coverage', () => {
  const t = useTestApp();

  it('every successful change in a typical session wrote its audit row', async () => {
    const c = await signIn(t.app, 'jinan');
    const unit = (await c.get('/api/orgs?kind=unit&pageSize=1')).json().items[0];
    const dept = (await c.post('/api/orgs', { kind: 'department', name: '临时科', parentId: unit.id })).json();
    await c.put(`/api/orgs/${dept.id}`, { kind: 'department', name: '临时科二', parentId: unit.id });
    const person = (await c.post('/api/persons', { name: '审计测', gender: 'F', unitId: unit.id, departmentId: dept.id })).json();
    await c.put(`/api/persons/${person.id}`, { name: '审计测二', gender: 'F', unitId: unit.id });
    await c.del(`/api/persons/${person.id}`);
    await c.del(`/api/orgs/${dept.id}`);
    await c.post('/api/me/totp/setup');
    await c.post('/api/auth/logout');
    expect(t.app.unauditedMutations).toEqual([]);
    const actions = (await t.p.db.selectFrom('audit_log').select('action').where('username', '=', 'jinan').execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['org.create', 'org.update', 'person.create', 'person.update', 'person.delete', 'org.revoke', 'user.totp.setup', 'auth.logout']));
  });
});

describe('outside demo mode', () => {
  const t = useTestApp({ demo: false });

  it('demo accounts do not exist', async () => {
    const res = await new Client(t.app).login('jinan');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('a password older than 90 days must be changed before anything else', async () => {
    await t.p.db.updateTable('app_user').set({ is_demo: false, must_change_password: false, password_changed_at: sql<Date>`now() - interval '91 days'` }).where('username', '=', 'unit').execute();
    const c = new Client(t.app);
    expect((await c.login('unit')).statusCode).toBe(200);
    expect((await c.get('/api/me')).json().passwordExpired).toBe(true);
    const blocked = await c.get('/api/persons');
    expect(blocked.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', message: '密码已过期，请先修改密码' });
    expect((await c.post('/api/me/password', { oldPassword: 'Steward@2026', newPassword: 'Fresh#Pass2026' })).statusCode).toBe(200);
    expect((await c.get('/api/persons')).statusCode).toBe(200);
  });

  it('an administrator must enrol a second factor before using anything else', async () => {
    await t.p.db.updateTable('app_user').set({ is_demo: false, must_change_password: false }).where('username', '=', 'auditor').execute();
    const c = new Client(t.app);
    expect((await c.login('auditor')).statusCode).toBe(200);
    const me = (await c.get('/api/me')).json();
    expect(me.totpRequired).toBe(true);
    const blocked = await c.get('/api/audit');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('TOTP_SETUP_REQUIRED');
    const setup = (await c.post('/api/me/totp/setup')).json();
    expect((await c.post('/api/me/totp/enable', { code: totpAt(setup.secret, totpStep()) })).statusCode).toBe(200);
    expect((await c.get('/api/audit')).statusCode).toBe(200);
  });
});
