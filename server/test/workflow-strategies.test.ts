import { beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, Scheduler } from '../src/platform/jobs/job.service.js';
import { bureauRegions } from '../src/platform/workflow/approver.resolver.js';
import type { Strategy } from '../src/platform/workflow/definition.js';
import { WORKFLOW_JOBS } from '../src/platform/workflow/workflow.jobs.js';
import { signIn, useTestApp } from './helpers.js';
import { approval, EXPENSE, installExpense, makeOrg, makePersonUser, makeUsers, publish, start, statusOf, tasksOf, usernameOf } from './workflow-fixtures.js';

const userId = async (t: ReturnType<typeof useTestApp>, username: string) =>
  (await t.p.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

describe('approver strategies on the org tree', () => {
  const t = useTestApp();
  let parent: number;
  let child: number;
  let parentAdmin: number;
  let childStaff: number;
  let lixia: number;

  beforeAll(async () => {
    await installExpense(t.p);
    parent = await makeOrg(t.p, { name: '济南市策略测试局' });
    child = await makeOrg(t.p, { name: '济南市策略测试所', parentId: parent });
    parentAdmin = (await makeUsers(t.p, parent, 1, 'unit_admin'))[0]!;
    childStaff = (await makeUsers(t.p, child, 1))[0]!;
    lixia = await makeOrg(t.p, { name: '历下区策略测试站', regionCode: '370102', level: 'county' });
  });

  const assignees = async (id: number) => (await tasksOf(t.p, id)).filter((x) => x.status === 'pending').map((x) => x.assignee_id);

  it('a role in the starter unit, and in the supervising unit', async () => {
    const [childAdmin] = await makeUsers(t.p, child, 1, 'unit_admin');
    await publish(t.p, EXPENSE.code, [approval('own', { kind: 'role', roleCodes: ['unit_admin'], at: 'starter_unit' })]);
    expect(await assignees((await start(t.p, childStaff!)).id)).toEqual([childAdmin]);
    await publish(t.p, EXPENSE.code, [approval('sup', { kind: 'role', roleCodes: ['unit_admin'], at: 'supervising_unit' })]);
    expect(await assignees((await start(t.p, childStaff!)).id)).toEqual([parentAdmin]);
  });

  it('the bureau of the region: own level first, climbing while nobody holds the role', async () => {
    expect(bureauRegions('370102', 'own', true)).toEqual(['370102', '3701', '37']);
    expect(bureauRegions('370102', 'city', true)).toEqual(['3701', '37']);
    expect(bureauRegions('370102', 'province', false)).toEqual(['37']);
    expect(bureauRegions('37', 'county', true)).toEqual(['37']);
    expect(bureauRegions('370102001', 'county', false)).toEqual(['370102']);
    const [starter] = await makeUsers(t.p, lixia, 1);
    await publish(t.p, EXPENSE.code, [approval('b', { kind: 'role', roleCodes: ['region_manager'], at: 'bureau', bureauLevel: 'own', nearest: true })]);
    expect(await assignees((await start(t.p, starter!)).id)).toEqual([await userId(t, 'jinan')]);
    await publish(t.p, EXPENSE.code, [approval('b', { kind: 'role', roleCodes: ['province_manager'], at: 'bureau', bureauLevel: 'province' })]);
    expect(await assignees((await start(t.p, starter!)).id)).toEqual([await userId(t, 'province')]);
  });

  it('department heads up N levels, in order', async () => {
    const office = await makeOrg(t.p, { name: '办公室', kind: 'department', parentId: parent });
    const section = await makeOrg(t.p, { name: '文秘科', kind: 'department', parentId: office });
    const head1 = await makePersonUser(t.p, parent, section);
    const head2 = await makePersonUser(t.p, parent, office);
    const chief = await makePersonUser(t.p, parent, null);
    const clerk = await makePersonUser(t.p, parent, section);
    await t.p.db.updateTable('org').set({ head_person_id: head1.personId }).where('id', '=', section).execute();
    await t.p.db.updateTable('org').set({ head_person_id: head2.personId }).where('id', '=', office).execute();
    await t.p.db.updateTable('org').set({ head_person_id: chief.personId }).where('id', '=', parent).execute();
    await publish(t.p, EXPENSE.code, [approval('heads', { kind: 'dept_head', levels: 3 }, { mode: 'sequential' })]);
    const i = await start(t.p, clerk.userId);
    expect((await tasksOf(t.p, i.id)).map((x) => [x.assignee_id, x.status])).toEqual([
      [head1.userId, 'pending'],
      [head2.userId, 'waiting'],
      [chief.userId, 'waiting'],
    ]);
    // the section head starting: their own approval is skipped by the self rule
    await publish(t.p, EXPENSE.code, [approval('heads', { kind: 'dept_head', levels: 2 }, { mode: 'sequential', selfApprove: 'skip' })]);
    expect((await tasksOf(t.p, (await start(t.p, head1.userId)).id)).map((x) => x.assignee_id)).toEqual([head2.userId]);
  });

  it('starter-chosen approvers; named users; the self rule keep vs skip', async () => {
    const [a, b] = await makeUsers(t.p, parent, 2);
    await publish(t.p, EXPENSE.code, [approval('pick', { kind: 'starter_chosen', max: 1 })]);
    expect(await assignees((await start(t.p, childStaff!, {}, { chosen: { pick: [a!, b!] } })).id)).toEqual([a]);
    await publish(t.p, EXPENSE.code, [approval('n', { kind: 'users', userIds: [childStaff!, a!] }, { mode: 'all', selfApprove: 'keep' })]);
    expect(await assignees((await start(t.p, childStaff!)).id)).toEqual([childStaff, a]);
    await publish(t.p, EXPENSE.code, [approval('n', { kind: 'users', userIds: [childStaff!, a!] }, { mode: 'all', selfApprove: 'skip' })]);
    expect(await assignees((await start(t.p, childStaff!)).id)).toEqual([a]);
    // only the starter: skipped entirely, the instance passes on its own
    await publish(t.p, EXPENSE.code, [approval('n', { kind: 'users', userIds: [childStaff!] }, { selfApprove: 'skip' })]);
    expect(await statusOf(t.p, (await start(t.p, childStaff!)).id)).toBe('approved');
  });

  it('no approver found: skip, send to the process administrators, or refuse without writing anything', async () => {
    const [admin] = await makeUsers(t.p, parent, 1);
    const nobody: Strategy = { kind: 'role', roleCodes: ['driver'], at: 'starter_unit' };
    await publish(t.p, EXPENSE.code, [approval('x', nobody, { noApprover: 'skip' })]);
    expect(await statusOf(t.p, (await start(t.p, childStaff!)).id)).toBe('approved');
    await publish(t.p, EXPENSE.code, [approval('x', nobody, { noApprover: 'admin' })], { adminUserIds: [admin!] });
    const fb = await start(t.p, childStaff!);
    expect(await assignees(fb.id)).toEqual([admin]);
    const c = await signIn(t.app, await usernameOf(t.p, childStaff!));
    const d = (await c.get(`/api/workflow/instances/${fb.id}`)).json();
    expect(d.flow[0].note).toContain('转交流程管理员');
    await publish(t.p, EXPENSE.code, [approval('x', nobody, { noApprover: 'refuse' })]);
    const before = await t.p.db.selectFrom('wf_instance').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(start(t.p, childStaff!)).rejects.toMatchObject({ code: 'WF_NO_APPROVER' });
    const after = await t.p.db.selectFrom('wf_instance').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('deadlines through the scheduler: a reminder first, then the node acts on its own', async () => {
    const [a, b] = await makeUsers(t.p, parent, 2);
    await publish(t.p, EXPENSE.code, [
      approval('slow', { kind: 'users', userIds: [a!] }, { deadlineHours: 24, remindBeforeHours: 4, timeoutAction: 'approve' }),
      approval('next', { kind: 'users', userIds: [b!] }, { deadlineHours: 24, timeoutAction: 'reject' }),
    ]);
    const i = await start(t.p, childStaff!);
    const scheduler = new Scheduler(t.p, { jobs: WORKFLOW_JOBS, workerId: 'test' });
    const runDeadlines = async () => {
      await enqueueJob(t.p.db, 'workflow.deadlines', { trigger: 'manual', key: `manual:${Math.random()}` });
      await scheduler.tick();
    };
    await runDeadlines();
    expect(await statusOf(t.p, i.id)).toBe('running'); // nothing due yet
    await t.p.db.updateTable('wf_task').set({ remind_at: new Date(Date.now() - 1000) }).where('instance_id', '=', i.id).execute();
    await runDeadlines();
    const ca = await signIn(t.app, await usernameOf(t.p, a!));
    const msgs = (await ca.get('/api/notifications?category=reminder')).json();
    expect(msgs.items[0].title).toMatch(/即将超期/);
    await runDeadlines(); // reminded once only
    expect((await ca.get('/api/notifications?category=reminder')).json().total).toBe(1);
    await t.p.db.updateTable('wf_task').set({ due_at: new Date(Date.now() - 1000) }).where('instance_id', '=', i.id).where('status', '=', 'pending').execute();
    await runDeadlines();
    const tasks = await tasksOf(t.p, i.id);
    expect(tasks.map((x) => [x.assignee_id, x.status])).toEqual([
      [a, 'approved'],
      [b, 'pending'],
    ]);
    await t.p.db.updateTable('wf_task').set({ due_at: new Date(Date.now() - 1000) }).where('instance_id', '=', i.id).where('status', '=', 'pending').execute();
    await runDeadlines();
    expect(await statusOf(t.p, i.id)).toBe('rejected');
    const timeline = (await ca.get(`/api/workflow/instances/${i.id}`)).json().timeline.map((x: { action: string; actorName: string | null }) => [x.action, x.actorName]);
    expect(timeline).toContainEqual(['timeout', null]);
    const runs = await t.p.db.selectFrom('job_run').select(['status', 'result']).where('job_name', '=', 'workflow.deadlines').where('status', '=', 'succeeded').execute();
    expect(runs.length).toBeGreaterThanOrEqual(5);
  });

  it('the designer: validation in Chinese, preview without writing, publish, and only managers may change', async () => {
    const sys = await signIn(t.app, 'sysadmin');
    const bad = await sys.put(`/api/workflow/definitions/${EXPENSE.code}/draft`, {
      tree: {
        nodes: [
          approval('a', { kind: 'users', userIds: [parentAdmin!] }),
          { id: 'c', type: 'condition', name: '分支', branches: [{ id: 'x', name: '其他', nodes: [] }, { id: 'y', name: '大额', when: 'amount >> 5', nodes: [] }] },
          approval('a', { kind: 'users', userIds: [parentAdmin!] }),
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    const msgs = bad.json().details.map((d: { message: string }) => d.message);
    expect(msgs).toEqual(expect.arrayContaining(['节点标识重复：a', '“分支”：默认分支须放在最后']));
    expect(msgs.some((m: string) => m.includes('条件有误'))).toBe(true);
    const unknownField = await sys.put(`/api/workflow/definitions/${EXPENSE.code}/draft`, {
      tree: { nodes: [{ id: 'c', type: 'condition', name: '分支', branches: [{ id: 'y', name: '大额', when: 'price > 5', nodes: [] }, { id: 'x', name: '其他', nodes: [] }] }] },
    });
    expect(unknownField.json().message).toContain('未知字段：price');

    const tree = {
      nodes: [
        { id: 'c', type: 'condition', name: '金额', branches: [{ id: 'big', name: '大额', when: 'amount >= 1000', nodes: [approval('boss', { kind: 'users', userIds: [parentAdmin!] })] }, { id: 'else', name: '其他', nodes: [] }] },
      ],
    };
    expect((await sys.put(`/api/workflow/definitions/${EXPENSE.code}/draft`, { tree, note: '大额加审' })).statusCode).toBe(200);
    const before = await t.p.db.selectFrom('wf_node_run').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const preview = (await sys.post(`/api/workflow/definitions/${EXPENSE.code}/preview`, { tree, form: { amount: 5000 }, starterId: childStaff })).json();
    expect(preview[0].branches[0]).toMatchObject({ taken: true, nodes: [{ id: 'boss', state: 'preview', tasks: [{ assigneeId: parentAdmin }] }] });
    expect(preview[0].branches[1].taken).toBe(false);
    const after = await t.p.db.selectFrom('wf_node_run').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);

    const staff = await signIn(t.app, 'staff');
    expect((await staff.put(`/api/workflow/definitions/${EXPENSE.code}/draft`, { tree })).statusCode).toBe(403);
    const pub = await sys.post(`/api/workflow/definitions/${EXPENSE.code}/publish`);
    expect(pub.statusCode).toBe(200);
    const detail = (await sys.get(`/api/workflow/definitions/${EXPENSE.code}`)).json();
    expect(detail.draft).toBeNull();
    expect(detail.current).toMatchObject({ version: pub.json().version, note: '大额加审' });
    expect(detail.versions.length).toBeGreaterThan(1);
    expect((await sys.post(`/api/workflow/definitions/${EXPENSE.code}/publish`)).json().code).toBe('WF_NO_DRAFT');
    // a published version is immutable, even for the database
    await expect(
      t.p.db.updateTable('wf_definition').set({ tree: JSON.stringify({ nodes: [] }) }).where('id', '=', pub.json().id).execute(),
    ).rejects.toThrow();
  });

  it('monitoring is limited to the caller data scope: Jinan sees Jinan, not Qingdao', async () => {
    await publish(t.p, EXPENSE.code, [approval('a', { kind: 'users', userIds: [parentAdmin!] })]);
    const qd = await makeOrg(t.p, { name: '青岛市策略测试局', regionCode: '3702' });
    const [qdStaff] = await makeUsers(t.p, qd, 1);
    const jn = await start(t.p, childStaff!, {}, { title: '济南的监控单' });
    const q = await start(t.p, qdStaff!, {}, { title: '青岛的监控单' });
    const jinan = await signIn(t.app, 'jinan');
    const qingdao = await signIn(t.app, 'qingdao');
    const titles = async (c: Awaited<ReturnType<typeof signIn>>) =>
      (await c.get('/api/workflow/instances?keyword=监控单')).json().items.map((x: { title: string }) => x.title);
    expect(await titles(jinan)).toEqual(['济南的监控单']);
    expect(await titles(qingdao)).toEqual(['青岛的监控单']);
    expect((await jinan.get(`/api/workflow/instances/${q.id}`)).statusCode).toBe(404);
    expect((await jinan.get(`/api/workflow/instances/${jn.id}`)).statusCode).toBe(200);
    // a unit administrator sees their own unit only; staff cannot monitor at all
    expect((await (await signIn(t.app, 'staff')).get('/api/workflow/instances')).statusCode).toBe(403);
  });
});
