import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateInitialPassword } from '../src/platform/identity/account-request.workflow.js';
import { Client, signIn, useTestApp } from './helpers.js';

describe('account requests: the first business type on the approval engine', () => {
  const t = useTestApp();

  const submit = (c: Client, items: unknown[], key = randomUUID()) => c.post('/api/account-requests', { reason: '新入职干部开通账号', requestKey: key, items });

  it('unit asks, the region administrator approves, the accounts exist and the new user can sign in', async () => {
    const unit = await signIn(t.app, 'unit');
    const roles = (await unit.get('/api/account-requests/roles')).json().map((r: { code: string }) => r.code);
    expect(roles).toEqual(expect.arrayContaining(['staff', 'driver', 'unit_admin']));
    expect(roles).not.toContain('sysadmin');
    expect(roles).not.toContain('region_manager');

    const key = randomUUID();
    const res = await submit(unit, [{ username: 'zhang.wei', displayName: '张伟', roleCode: 'staff' }, { username: 'li.na', displayName: '李娜', roleCode: 'driver' }], key);
    expect(res.statusCode).toBe(200);
    const req = res.json();
    expect(req).toMatchObject({ status: 'pending', itemCount: 2, unitName: '山东省教育厅' });
    // the same request key again: the same request, no second approval
    expect((await submit(unit, [{ username: 'other.name', displayName: '其他', roleCode: 'staff' }], key)).json().id).toBe(req.id);
    expect(await t.p.db.selectFrom('wf_instance').select('id').where('business_key', '=', String(req.id)).execute()).toHaveLength(1);

    // 山东省教育厅 is a province-level unit: its region's administrators are at the provincial bureau
    const province = await signIn(t.app, 'province');
    const inbox = (await province.get('/api/workflow/tasks?box=pending')).json();
    const item = inbox.items.find((x: { instanceId: number }) => x.instanceId === req.instanceId);
    expect(item).toMatchObject({ businessTypeName: '账号开设申请', nodeName: '属地管理员审批', starterName: '单位管理员' });
    const d = (await province.get(`/api/workflow/instances/${req.instanceId}`)).json();
    expect(d.form).toEqual(
      expect.arrayContaining([
        { key: 'count', label: '申请账号数', value: 2, display: '2' },
        { key: 'roles', label: '申请角色', value: ['staff', 'driver'], display: '干部职工、驾驶员' },
        { key: 'unitLevel', label: '单位层级', value: 'province', display: '省级' },
      ]),
    );
    expect(d.link).toBe(`/system/account-requests/${req.id}`);
    expect(d.flow[0].tasks.map((x: { assigneeName: string }) => x.assigneeName).sort()).toEqual(['省局业务管理员', '系统管理员'].sort());
    const bell = (await province.get('/api/notifications?unread=true')).json();
    expect(bell.items.some((n: { link: string }) => n.link === `/workflow/instances/${req.instanceId}`)).toBe(true);

    expect((await province.post(`/api/workflow/tasks/${item.taskId}/approve`, { comment: '同意开通' })).json().status).toBe('approved');
    const after = (await unit.get(`/api/account-requests/${req.id}`)).json();
    expect(after.request).toMatchObject({ status: 'approved', statusName: '已开通', _actions: ['reveal'] });
    expect(after.items.every((i: { opened: boolean }) => i.opened)).toBe(true);
    // the other approver's task is gone
    const sys = await signIn(t.app, 'sysadmin');
    expect((await sys.get('/api/workflow/tasks?box=pending')).json().items.some((x: { instanceId: number }) => x.instanceId === req.instanceId)).toBe(false);

    const pw = (await unit.post(`/api/account-requests/${req.id}/reveal`)).json();
    expect(pw.map((x: { username: string }) => x.username)).toEqual(['zhang.wei', 'li.na']);
    const newbie = new Client(t.app);
    const login = await newbie.login('zhang.wei', pw[0].initialPassword);
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    const roleOf = await t.p.db
      .selectFrom('app_user as u')
      .innerJoin('user_role as ur', 'ur.user_id', 'u.id')
      .innerJoin('role as r', 'r.id', 'ur.role_id')
      .select(['r.code', 'u.unit_id'])
      .where('u.username', '=', 'li.na')
      .executeTakeFirstOrThrow();
    expect(roleOf.code).toBe('driver');
    // someone else cannot read the passwords; the audit trail has the reveal
    expect((await province.post(`/api/account-requests/${req.id}/reveal`)).statusCode).toBe(403);
    const audit = await t.p.db.selectFrom('audit_log').select('action').where('object_type', '=', 'account_request').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['account_request.create', 'account_request.reveal']));
  });

  it('refuses bad requests with clear messages and writes nothing', async () => {
    const unit = await signIn(t.app, 'unit');
    const count = async () => (await t.p.db.selectFrom('account_request').select('id').execute()).length;
    const n = await count();
    const admin = await submit(unit, [{ username: 'boss.one', displayName: '某某', roleCode: 'sysadmin' }]);
    expect(admin.statusCode).toBe(400);
    expect(admin.json().message).toContain('只能申请本单位范围内的业务角色');
    const taken = await submit(unit, [{ username: 'jinan', displayName: '重名', roleCode: 'staff' }]);
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'USERNAME_TAKEN' });
    expect((await submit(unit, [{ username: 'Bad Name', displayName: 'x', roleCode: 'staff' }])).statusCode).toBe(400);
    const dup = await submit(unit, [
      { username: 'twin.a', displayName: '甲', roleCode: 'staff' },
      { username: 'twin.a', displayName: '乙', roleCode: 'staff' },
    ]);
    expect(dup.json().message).toContain('用户名重复');
    expect(await count()).toBe(n);
    // staff may not ask; Jinan's administrator cannot see a provincial unit's request
    expect((await submit(await signIn(t.app, 'staff'), [{ username: 'x.y.z', displayName: '某', roleCode: 'staff' }])).statusCode).toBe(403);
    const ok = (await submit(unit, [{ username: 'wang.fang', displayName: '王芳', roleCode: 'staff' }])).json();
    expect((await (await signIn(t.app, 'jinan')).get(`/api/account-requests/${ok.id}`)).statusCode).toBe(404);
    // a second request for the same name while the first waits is refused
    expect((await submit(unit, [{ username: 'wang.fang', displayName: '王芳', roleCode: 'staff' }])).statusCode).toBe(409);
  });

  it('rejection leaves no accounts; a name taken meanwhile makes the approval fail whole', async () => {
    const unit = await signIn(t.app, 'unit');
    const province = await signIn(t.app, 'province');
    const taskOf = async (instanceId: number) =>
      (await province.get('/api/workflow/tasks?box=pending')).json().items.find((x: { instanceId: number }) => x.instanceId === instanceId).taskId;
    const r1 = (await submit(unit, [{ username: 'zhao.lei', displayName: '赵磊', roleCode: 'staff' }])).json();
    await province.post(`/api/workflow/tasks/${await taskOf(r1.instanceId)}/reject`, { comment: '编制未落实' });
    expect((await unit.get(`/api/account-requests/${r1.id}`)).json().request.status).toBe('rejected');
    expect(await t.p.db.selectFrom('app_user').select('id').where('username', '=', 'zhao.lei').execute()).toHaveLength(0);

    const r2 = (await submit(unit, [{ username: 'sun.li', displayName: '孙丽', roleCode: 'staff' }])).json();
    const sys = await signIn(t.app, 'sysadmin');
    const unitId = (await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', 'unit').executeTakeFirstOrThrow()).unit_id;
    expect((await sys.post('/api/users', { username: 'sun.li', displayName: '孙丽', unitId, roleIds: [], initialPassword: 'Another#Pass2026' })).statusCode).toBe(200);
    const fail = await province.post(`/api/workflow/tasks/${await taskOf(r2.instanceId)}/approve`, {});
    expect(fail.statusCode).toBe(409);
    expect(fail.json()).toMatchObject({ code: 'USERNAME_TAKEN' });
    expect(fail.json().message).toContain('sun.li');
    expect((await unit.get(`/api/account-requests/${r2.id}`)).json().request.status).toBe('pending');
    expect(await taskOf(r2.instanceId)).toBeDefined();
  });

  it('initial passwords satisfy the policy and differ', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generateInitialPassword();
      expect(p).toHaveLength(14);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[@#%&*+=?]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
