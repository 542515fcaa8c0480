import { describe, expect, it } from 'vitest';
import { signIn, useTestApp } from './helpers.js';

async function unitIn(t: ReturnType<typeof useTestApp>, regionPrefix: string) {
  const row = await t.p.db
    .selectFrom('org')
    .select(['id', 'name'])
    .where('kind', '=', 'unit')
    .where('region_code', 'like', `${regionPrefix}%`)
    .where('is_bureau', '=', false)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row;
}

describe('data scope', () => {
  const t = useTestApp();

  it('jinan sees only 济南 units in lists, tree and export', async () => {
    const c = await signIn(t.app, 'jinan');
    const list = (await c.get('/api/orgs?pageSize=200')).json();
    expect(list.total).toBeGreaterThan(5);
    for (const o of list.items) expect(o.regionCode.startsWith('3701'), `${o.name} ${o.regionCode}`).toBe(true);
    const tree = (await c.get('/api/orgs/tree')).json();
    expect(tree.items).toEqual([expect.objectContaining({ kind: 'region', regionCode: '3701', name: '济南市', id: null })]);
    const city = (await c.get('/api/orgs/tree?regionCode=3701')).json().items as { kind: string; regionCode: string; name: string }[];
    expect(city.some((n) => n.kind === 'unit' && n.name === '济南市机关事务管理局')).toBe(true);
    expect(city.some((n) => n.kind === 'region' && n.regionCode === '370102')).toBe(true);
    for (const o of city) expect(o.regionCode.startsWith('3701')).toBe(true);
    // asking for another city's region shows nothing
    expect((await c.get('/api/orgs/tree?regionCode=3702')).json().items).toEqual([]);
    const qd = await unitIn(t, '3702');
    const byName = (await c.get(`/api/orgs?name=${encodeURIComponent(qd.name)}`)).json();
    expect(byName.total).toBe(0);
  });

  it('jinan gets 404 for a 青岛 unit by id, and for its persons', async () => {
    const c = await signIn(t.app, 'jinan');
    const qd = await unitIn(t, '3702');
    const res = await c.get(`/api/orgs/${qd.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    const person = await t.p.db.selectFrom('person').select('id').where('unit_id', '=', qd.id).executeTakeFirstOrThrow();
    expect((await c.get(`/api/persons/${person.id}`)).statusCode).toBe(404);
    expect((await c.post(`/api/persons/${person.id}/reveal`)).statusCode).toBe(404);
    expect((await c.put(`/api/orgs/${qd.id}`, { kind: 'unit', name: '改名', unitType: 'party_gov', level: 'city', regionCode: '3702' })).statusCode).toBe(404);
    expect((await c.del(`/api/orgs/${qd.id}`)).statusCode).toBe(404);
    const persons = (await c.get(`/api/persons?unitId=${qd.id}`)).json();
    expect(persons.total).toBe(0);
    // and 青岛 sees it
    const q = await signIn(t.app, 'qingdao');
    expect((await q.get(`/api/orgs/${qd.id}`)).statusCode).toBe(200);
  });

  it('jinan cannot create a unit in 青岛 or move one there', async () => {
    const c = await signIn(t.app, 'jinan');
    const res = await c.post('/api/orgs', { kind: 'unit', name: '越权新建单位', unitType: 'institution', level: 'city', regionCode: '3702' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('OUT_OF_SCOPE');
    const jn = await unitIn(t, '3701');
    const mine = (await c.get(`/api/orgs/${jn.id}`)).json();
    const move = await c.put(`/api/orgs/${jn.id}`, { kind: 'unit', name: mine.name, unitType: mine.unitType, level: mine.level, regionCode: '370202' });
    expect(move.statusCode).toBe(403);
    const still = (await c.get(`/api/orgs/${jn.id}`)).json();
    expect(still.regionCode).toBe(mine.regionCode);
  });

  it('the province tree starts at 山东省, then provincial units and the 16 cities', async () => {
    const c = await signIn(t.app, 'province');
    expect((await c.get('/api/orgs/tree')).json().items).toEqual([expect.objectContaining({ kind: 'region', regionCode: '37', name: '山东省' })]);
    const top = (await c.get('/api/orgs/tree?regionCode=37')).json().items as { kind: string; name: string }[];
    expect(top.filter((n) => n.kind === 'region')).toHaveLength(16);
    expect(top.some((n) => n.kind === 'unit' && n.name === '山东省教育厅')).toBe(true);
  });

  it('the unit administrator sees only their own unit and its departments', async () => {
    const c = await signIn(t.app, 'unit');
    const me = (await c.get('/api/me')).json();
    const tree = (await c.get('/api/orgs/tree')).json().items;
    expect(tree).toEqual([expect.objectContaining({ kind: 'unit', id: me.user.unitId })]);
    const list = (await c.get('/api/orgs?pageSize=200')).json();
    expect(list.total).toBeGreaterThan(1);
    for (const o of list.items) expect(o.unitId).toBe(me.user.unitId);
    const persons = (await c.get('/api/persons?pageSize=200')).json();
    expect(persons.total).toBeGreaterThan(0);
    for (const p of persons.items) expect(p.unitId).toBe(me.user.unitId);
  });

  it('staff see only themselves', async () => {
    const c = await signIn(t.app, 'staff');
    const me = (await c.get('/api/me')).json();
    const persons = (await c.get('/api/persons')).json();
    expect(persons.total).toBe(1);
    expect(persons.items[0].id).toBe(me.user.personId);
    expect(persons.items[0].idNoMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });

  it('the three administrators see no business data', async () => {
    for (const u of ['secadmin', 'auditor']) {
      const c = await signIn(t.app, u);
      expect((await c.get('/api/persons')).statusCode, u).toBe(403);
      expect((await c.get('/api/orgs')).statusCode, u).toBe(403);
    }
    const sys = await signIn(t.app, 'sysadmin');
    expect((await sys.get('/api/persons')).statusCode).toBe(403);
    expect((await sys.get('/api/audit')).statusCode).toBe(403);
    const aud = await signIn(t.app, 'auditor');
    expect((await aud.get('/api/users')).statusCode).toBe(403);
  });

  it('persons follow their unit when it changes region', async () => {
    const prov = await signIn(t.app, 'province');
    const jn = await signIn(t.app, 'jinan');
    const unit = await t.p.db.selectFrom('org').select(['id']).where('kind', '=', 'unit').where('region_code', '=', '370102').where('is_bureau', '=', false)
      .where((eb) => eb.exists(eb.selectFrom('person').select('person.id').whereRef('person.unit_id', '=', 'org.id'))).orderBy('id').executeTakeFirstOrThrow();
    const before = (await jn.get(`/api/persons?unitId=${unit.id}`)).json().total;
    expect(before).toBeGreaterThan(0);
    const o = (await prov.get(`/api/orgs/${unit.id}`)).json();
    const moved = await prov.put(`/api/orgs/${unit.id}`, { kind: 'unit', name: o.name, unitType: o.unitType, level: o.level, regionCode: '370202', parentId: o.parentId, staffingQuota: o.staffingQuota });
    expect(moved.statusCode).toBe(200);
    expect((await jn.get(`/api/persons?unitId=${unit.id}`)).json().total).toBe(0);
    const qd = await signIn(t.app, 'qingdao');
    expect((await qd.get(`/api/persons?unitId=${unit.id}`)).json().total).toBe(before);
  });

  it('a role with an empty custom scope sees nothing, never everything', async () => {
    const { scopeFilter, EMPTY_SCOPE } = await import('../src/platform/access/scope.js');
    const rows = await t.p.db.selectFrom('org as o').select('o.id').where((eb) => scopeFilter(eb, EMPTY_SCOPE, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.unit_id' })).execute();
    expect(rows).toEqual([]);
  });
});

describe('grants stay within the granter', () => {
  const t = useTestApp();

  it('a role cannot receive permissions its creator lacks', async () => {
    const sys = await signIn(t.app, 'sysadmin');
    const res = await sys.post('/api/roles', { code: 'sneaky', name: '越权角色', dataScope: 'all', permissions: ['audit:log:read'] });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('audit:log:read');
    const ok = await sys.post('/api/roles', { code: 'viewer', name: '单位查看', dataScope: 'all', permissions: ['org:unit:read'] });
    expect(ok.statusCode).toBe(200);
  });

  it('custom scope nodes must lie inside the granter scope', async () => {
    // give jinan the role-writing permission through a custom role, then try to grant 青岛
    const sys = await signIn(t.app, 'sysadmin');
    const qd = await unitIn(t, '3702');
    const res = await sys.post('/api/roles', { code: 'qd-viewers', name: '青岛查看', dataScope: 'custom', permissions: ['org:unit:read'], scopeNodes: [{ regionCode: '3702' }, { orgId: qd.id }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().scopeNodes).toHaveLength(2);
    const empty = await sys.post('/api/roles', { code: 'none-nodes', name: '空自定义', dataScope: 'custom', permissions: ['org:unit:read'], scopeNodes: [] });
    expect(empty.statusCode).toBe(400);
  });

  it('nobody holds two of the three administrator roles', async () => {
    const sys = await signIn(t.app, 'sysadmin');
    const roles = (await sys.get('/api/roles?pageSize=50')).json().items as { id: number; code: string }[];
    const id = (c: string) => roles.find((r) => r.code === c)!.id;
    const unitId = (await sys.get('/api/me')).json().user.unitId;
    const res = await sys.post('/api/users', { username: 'double', displayName: '兼任', unitId, roleIds: [id('sysadmin'), id('auditor')], initialPassword: 'Long#Admin#Pass2026' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SEPARATION_OF_DUTIES');
    const auditorGrant = await sys.post('/api/users', { username: 'aud2', displayName: '审计员二', unitId, roleIds: [id('auditor')], initialPassword: 'Long#Admin#Pass2026' });
    expect(auditorGrant.statusCode).toBe(403);
    // and the database itself refuses the combination
    const sysUser = await t.p.db.selectFrom('app_user').select('id').where('username', '=', 'sysadmin').executeTakeFirstOrThrow();
    await expect(
      t.p.db.insertInto('user_role').values({ user_id: sysUser.id, role_id: id('auditor'), admin_kind: 'audit' }).execute(),
    ).rejects.toThrow();
    await expect(
      t.p.db.insertInto('user_role').values({ user_id: sysUser.id, role_id: id('auditor'), admin_kind: 'none' }).execute(),
    ).rejects.toThrow();
  });

  it('accounts are opened and kept only within the granter', async () => {
    const roles = async (c: Awaited<ReturnType<typeof signIn>>) =>
      Object.fromEntries(((await c.get('/api/roles?pageSize=50')).json().items as { id: number; code: string }[]).map((r) => [r.code, r.id]));
    const jn = await signIn(t.app, 'jinan');
    const r = await roles(jn);
    const jnUnit = await unitIn(t, '3701');
    const qdUnit = await unitIn(t, '3702');
    const ok = await jn.post('/api/users', { username: 'jn-county', displayName: '历下区管理员', unitId: jnUnit.id, roleIds: [r.region_manager], initialPassword: 'Init#Pass2026' });
    expect(ok.statusCode).toBe(200);
    const wide = await jn.post('/api/users', { username: 'jn-wide', displayName: '越权', unitId: jnUnit.id, roleIds: [r.province_manager], initialPassword: 'Init#Pass2026' });
    expect(wide.statusCode).toBe(403);
    const elsewhere = await jn.post('/api/users', { username: 'jn-qd', displayName: '越界', unitId: qdUnit.id, roleIds: [r.staff], initialPassword: 'Init#Pass2026' });
    expect(elsewhere.json().details[0].field).toBe('unitId');
    // the system administrator cannot hand out business roles it does not hold itself
    const sys = await signIn(t.app, 'sysadmin');
    const sysUnit = (await sys.get('/api/me')).json().user.unitId;
    const biz = await sys.post('/api/users', { username: 'sys-biz', displayName: '业务', unitId: sysUnit, roleIds: [r.province_manager], initialPassword: 'Init#Pass2026' });
    expect(biz.statusCode).toBe(403);
    expect(biz.json().message).toContain('org:person');
    // the provincial manager sees the system administrator's account but may not take it over
    const prov = await signIn(t.app, 'province');
    const admins = (await prov.get('/api/users?username=sysadmin')).json().items;
    expect(admins[0]._actions).not.toContain('reset-password');
    const takeover = await prov.post(`/api/users/${admins[0].id}/reset-password`, { newPassword: 'Taken#Over2026' });
    expect(takeover.statusCode).toBe(403);
    const own = (await prov.get('/api/users?username=jinan')).json().items[0];
    expect(own._actions).toEqual(expect.arrayContaining(['update', 'reset-password']));
  });
});
