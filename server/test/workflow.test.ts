import { beforeAll, describe, expect, it } from 'vitest';
import { nodeOutcome } from '../src/platform/workflow/workflow.engine.js';
import { displayValue } from '../src/platform/workflow/workflow.routes.js';
import type { ApprovalNode } from '../src/platform/workflow/definition.js';
import type { TaskRow } from '../src/platform/workflow/workflow.repository.js';
import { type Client, signIn, useTestApp } from './helpers.js';
import { approval, EXPENSE, installExpense, makeUsers, outcomeOf, publish, start, statusOf, tasksOf, usernameOf } from './workflow-fixtures.js';

describe('approval engine', () => {
  const t = useTestApp();
  let unitId: number;
  let starter: number;
  let u: number[]; // approvers
  const clients = new Map<number, Client>();
  const as = async (id: number) => {
    if (!clients.has(id)) clients.set(id, await signIn(t.app, await usernameOf(t.p, id)));
    return clients.get(id)!;
  };
  const taskOf = async (instanceId: number, userId: number) =>
    (await tasksOf(t.p, instanceId)).find((x) => x.assignee_id === userId && x.status === 'pending')?.id;

  beforeAll(async () => {
    await installExpense(t.p);
    const unit = await t.p.db
      .insertInto('org')
      .values({ kind: 'unit', name: '济南市审批测试中心', unit_type: 'institution', level: 'city', region_code: '3701', path: '', unit_id: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    unitId = unit.id;
    starter = (await makeUsers(t.p, unitId, 1))[0]!;
    u = await makeUsers(t.p, unitId, 5);
  });

  it('依次: approvers act one after another; the business record is written with the final approval', async () => {
    await publish(t.p, EXPENSE.code, [approval('seq', { kind: 'users', userIds: [u[0]!, u[1]!, u[2]!] }, { mode: 'sequential' })]);
    const i = await start(t.p, starter!);
    let tasks = await tasksOf(t.p, i.id);
    expect(tasks.map((x) => x.status)).toEqual(['pending', 'waiting', 'waiting']);
    // the second cannot act before the first
    const early = await (await as(u[1]!)).post(`/api/workflow/tasks/${tasks[1]!.id}/approve`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('TASK_NOT_READY');
    for (const [n, who] of [u[0]!, u[1]!, u[2]!].entries()) {
      const id = await taskOf(i.id, who);
      const r = await (await as(who)).post(`/api/workflow/tasks/${id}/approve`, { comment: `同意${n}` });
      expect(r.statusCode).toBe(200);
      expect(r.json().status).toBe(n < 2 ? 'running' : 'approved');
    }
    tasks = await tasksOf(t.p, i.id);
    expect(tasks.map((x) => x.status)).toEqual(['approved', 'approved', 'approved']);
    expect(await outcomeOf(t.p, i.key)).toBe('approved');
  });

  it('会签 with a pass ratio: 2 of 3 pass; two rejections fail the node', async () => {
    await publish(t.p, EXPENSE.code, [approval('all', { kind: 'users', userIds: [u[0]!, u[1]!, u[2]!] }, { mode: 'all', passRatio: 0.6 })]);
    const ok = await start(t.p, starter!);
    expect((await tasksOf(t.p, ok.id)).every((x) => x.status === 'pending')).toBe(true);
    await (await as(u[0]!)).post(`/api/workflow/tasks/${await taskOf(ok.id, u[0]!)}/reject`, { comment: '不同意' });
    expect(await statusOf(t.p, ok.id)).toBe('running');
    await (await as(u[1]!)).post(`/api/workflow/tasks/${await taskOf(ok.id, u[1]!)}/approve`, {});
    expect(await statusOf(t.p, ok.id)).toBe('running');
    await (await as(u[2]!)).post(`/api/workflow/tasks/${await taskOf(ok.id, u[2]!)}/approve`, {});
    expect(await statusOf(t.p, ok.id)).toBe('approved');

    const bad = await start(t.p, starter!);
    await (await as(u[0]!)).post(`/api/workflow/tasks/${await taskOf(bad.id, u[0]!)}/reject`, { comment: '不同意' });
    await (await as(u[1]!)).post(`/api/workflow/tasks/${await taskOf(bad.id, u[1]!)}/reject`, { comment: '不同意' });
    expect(await statusOf(t.p, bad.id)).toBe('rejected');
    expect(await outcomeOf(t.p, bad.key)).toBe('rejected');
    expect((await tasksOf(t.p, bad.id)).map((x) => x.status)).toEqual(['rejected', 'rejected', 'cancelled']);
  });

  it('或签: the first approval decides; the others are cancelled and get a conflict if they try', async () => {
    await publish(t.p, EXPENSE.code, [approval('any', { kind: 'users', userIds: [u[0]!, u[1]!] }, { mode: 'any' })]);
    const i = await start(t.p, starter!);
    const late = await taskOf(i.id, u[1]!);
    await (await as(u[0]!)).post(`/api/workflow/tasks/${await taskOf(i.id, u[0]!)}/approve`, {});
    expect(await statusOf(t.p, i.id)).toBe('approved');
    const r = await (await as(u[1]!)).post(`/api/workflow/tasks/${late}/approve`, {});
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('WF_FINISHED');
  });

  it('form values are shown as people read them', () => {
    const roles = [{ value: 'staff', label: '干部职工' }];
    expect(displayValue(null)).toBe('-');
    expect(displayValue('')).toBe('-');
    expect(displayValue(true)).toBe('是');
    expect(displayValue(12345)).toBe('12,345');
    expect(displayValue(['staff', 'unit_admin'], roles)).toBe('干部职工、unit_admin');
    expect(displayValue([])).toBe('-');
    expect(displayValue({ a: 1 })).toBe('a：1');
  });

  it('node outcome rules', () => {
    const node = (mode: ApprovalNode['mode'], passRatio?: number) => ({ mode, passRatio }) as ApprovalNode;
    const task = (slot: number, status: TaskRow['status'], origin: TaskRow['origin'] = 'assigned') => ({ slot, status, origin }) as TaskRow;
    expect(nodeOutcome(node('any'), [task(0, 'pending'), task(1, 'approved')])).toBe('approved');
    expect(nodeOutcome(node('any'), [task(0, 'rejected'), task(1, 'pending')])).toBe('rejected');
    expect(nodeOutcome(node('all'), [task(0, 'approved'), task(1, 'pending')])).toBe('open');
    expect(nodeOutcome(node('all', 0.5), [task(0, 'approved'), task(1, 'rejected')])).toBe('approved');
    expect(nodeOutcome(node('all', 0.5), [task(0, 'rejected'), task(1, 'rejected')])).toBe('rejected');
    // a transfer keeps the slot: the replacement decides
    expect(nodeOutcome(node('sequential'), [task(0, 'transferred'), task(0, 'approved'), task(1, 'approved')])).toBe('approved');
    // an approver added after must also approve
    expect(nodeOutcome(node('any'), [task(0, 'approved'), task(1, 'pending', 'added')])).toBe('open');
    expect(nodeOutcome(node('any'), [task(0, 'approved'), task(1, 'rejected', 'added')])).toBe('rejected');
  });

  it('copy-to and condition branches: big claims take the extra branch, the cc box shows it, reading marks it read', async () => {
    await publish(t.p, EXPENSE.code, [
      approval('first', { kind: 'users', userIds: [u[0]!] }),
      {
        id: 'cond',
        type: 'condition',
        name: '金额判断',
        branches: [
          { id: 'big', name: '大额', when: 'amount > 5000 && kind == "travel"', nodes: [approval('boss', { kind: 'users', userIds: [u[1]!] })] },
          { id: 'small', name: '其他', nodes: [] },
        ],
      },
      { id: 'cc', type: 'cc', name: '抄送财务', strategy: { kind: 'users', userIds: [u[3]!] } },
    ]);
    const big = await start(t.p, starter!, { amount: 8000, kind: 'travel' });
    const small = await start(t.p, starter!, { amount: 8000, kind: 'office' });
    for (const i of [big, small]) await (await as(u[0]!)).post(`/api/workflow/tasks/${await taskOf(i.id, u[0]!)}/approve`, {});
    expect(await statusOf(t.p, small.id)).toBe('approved');
    expect(await statusOf(t.p, big.id)).toBe('running');
    await (await as(u[1]!)).post(`/api/workflow/tasks/${await taskOf(big.id, u[1]!)}/approve`, {});
    expect(await statusOf(t.p, big.id)).toBe('approved');

    const cc = await as(u[3]!);
    const box = (await cc.get('/api/workflow/tasks?box=cc')).json();
    expect(box.items.map((x: { instanceId: number }) => x.instanceId)).toEqual(expect.arrayContaining([big.id, small.id]));
    const d = (await cc.get(`/api/workflow/instances/${big.id}`)).json();
    const cond = d.flow.find((n: { id: string }) => n.id === 'cond');
    expect(cond.branches.map((b: { taken: boolean }) => b.taken)).toEqual([true, false]);
    expect(d.flow.find((n: { id: string }) => n.id === 'cc').tasks[0].status).toBe('read');
    expect(d._actions).toEqual(['comment']);
  });

  it('parallel branches: both must pass; a rejection in one ends the instance', async () => {
    await publish(t.p, EXPENSE.code, [
      {
        id: 'par',
        type: 'parallel',
        name: '会办',
        branches: [
          { id: 'fin', name: '财务', nodes: [approval('f', { kind: 'users', userIds: [u[0]!] })] },
          { id: 'aud', name: '审计', nodes: [approval('g', { kind: 'users', userIds: [u[1]!] })] },
        ],
      },
      approval('last', { kind: 'users', userIds: [u[2]!] }),
    ]);
    const i = await start(t.p, starter!);
    expect((await tasksOf(t.p, i.id)).filter((x) => x.status === 'pending')).toHaveLength(2);
    await (await as(u[0]!)).post(`/api/workflow/tasks/${await taskOf(i.id, u[0]!)}/approve`, {});
    expect(await taskOf(i.id, u[2]!)).toBeUndefined();
    await (await as(u[1]!)).post(`/api/workflow/tasks/${await taskOf(i.id, u[1]!)}/approve`, {});
    expect(await taskOf(i.id, u[2]!)).toBeDefined();

    const j = await start(t.p, starter!);
    await (await as(u[1]!)).post(`/api/workflow/tasks/${await taskOf(j.id, u[1]!)}/reject`, { comment: '审计不通过' });
    expect(await statusOf(t.p, j.id)).toBe('rejected');
    expect((await tasksOf(t.p, j.id)).find((x) => x.assignee_id === u[0])!.status).toBe('cancelled');
  });

  it('a business handler that fails rolls the final approval back: record and approval never disagree', async () => {
    await publish(t.p, EXPENSE.code, [approval('only', { kind: 'users', userIds: [u[0]!] })]);
    const i = await start(t.p, starter!, { failOnApprove: true });
    const task = await taskOf(i.id, u[0]!);
    const r = await (await as(u[0]!)).post(`/api/workflow/tasks/${task}/approve`, {});
    expect(r.statusCode).toBe(500);
    expect(await statusOf(t.p, i.id)).toBe('running');
    expect(await taskOf(i.id, u[0]!)).toBe(task);
    expect(await outcomeOf(t.p, i.key)).toBeUndefined();
  });

  it('reject to the starter, return to an earlier node, transfer, delegate, add approvers before and after', async () => {
    await publish(t.p, EXPENSE.code, [approval('one', { kind: 'users', userIds: [u[0]!] }), approval('two', { kind: 'users', userIds: [u[1]!] })]);
    // reject needs a reason, then ends the instance
    const r0 = await start(t.p, starter!);
    const t0 = await taskOf(r0.id, u[0]!);
    expect((await (await as(u[0]!)).post(`/api/workflow/tasks/${t0}/reject`, { comment: '' })).statusCode).toBe(400);
    await (await as(u[0]!)).post(`/api/workflow/tasks/${t0}/reject`, { comment: '材料不全' });
    expect(await statusOf(t.p, r0.id)).toBe('rejected');

    // return: two sends it back to one, who approves again
    const i = await start(t.p, starter!);
    await (await as(u[0]!)).post(`/api/workflow/tasks/${await taskOf(i.id, u[0]!)}/approve`, {});
    const c1 = await as(u[1]!);
    const d = (await c1.get(`/api/workflow/instances/${i.id}`)).json();
    expect(d.returnTargets).toEqual([{ nodeId: 'one', name: '节点one' }]);
    expect(d._actions).toEqual(expect.arrayContaining(['approve', 'reject', 'return', 'transfer', 'delegate', 'add_before', 'add_after']));
    expect((await c1.post(`/api/workflow/tasks/${d.myTaskId}/reject`, { comment: '请补充', toNodeId: 'one' })).statusCode).toBe(200);
    expect(await statusOf(t.p, i.id)).toBe('running');
    const again = await taskOf(i.id, u[0]!);
    expect(again).toBeDefined();
    await (await as(u[0]!)).post(`/api/workflow/tasks/${again}/approve`, {});

    // transfer: u1 hands over to u2, who decides in the same position
    const tr = await c1.post(`/api/workflow/tasks/${await taskOf(i.id, u[1]!)}/transfer`, { userId: u[2], comment: '请代为审批' });
    expect(tr.statusCode).toBe(200);
    expect(await taskOf(i.id, u[1]!)).toBeUndefined();
    // delegate: u2 asks u3 for an opinion; the task comes back to u2
    const c2 = await as(u[2]!);
    await c2.post(`/api/workflow/tasks/${await taskOf(i.id, u[2]!)}/delegate`, { userId: u[3] });
    expect(await taskOf(i.id, u[2]!)).toBeUndefined();
    const c3 = await as(u[3]!);
    const helper = await taskOf(i.id, u[3]!);
    expect((await c3.get(`/api/workflow/instances/${i.id}`)).json()._actions).not.toContain('reject');
    expect((await c3.post(`/api/workflow/tasks/${helper}/reject`, { comment: 'x' })).statusCode).toBe(400);
    await c3.post(`/api/workflow/tasks/${helper}/approve`, { comment: '建议同意' });
    expect(await statusOf(t.p, i.id)).toBe('running');
    // add before: u4 must approve first, then u2 decides; add after: u2 approves, u0 must still approve
    const back = await taskOf(i.id, u[2]!);
    await c2.post(`/api/workflow/tasks/${back}/add-approvers`, { userIds: [u[4]], where: 'before' });
    expect(await taskOf(i.id, u[2]!)).toBeUndefined();
    await (await as(u[4]!)).post(`/api/workflow/tasks/${await taskOf(i.id, u[4]!)}/approve`, {});
    await c2.post(`/api/workflow/tasks/${await taskOf(i.id, u[2]!)}/add-approvers`, { userIds: [u[0]], where: 'after', comment: '我同意，请再看' });
    expect(await statusOf(t.p, i.id)).toBe('running');
    await (await as(u[0]!)).post(`/api/workflow/tasks/${await taskOf(i.id, u[0]!)}/approve`, {});
    expect(await statusOf(t.p, i.id)).toBe('approved');

    const timeline = (await c2.get(`/api/workflow/instances/${i.id}`)).json().timeline.map((a: { action: string }) => a.action);
    expect(timeline).toEqual(['start', 'approve', 'return', 'approve', 'transfer', 'delegate', 'resolve', 'add_before', 'approve', 'add_after', 'approve', 'finish']);
    const audit = await t.p.db.selectFrom('audit_log').select('action').where('object_type', '=', 'wf_instance').where('object_id', '=', String(i.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['wf.approve', 'wf.reject', 'wf.approve', 'wf.transfer', 'wf.delegate', 'wf.approve', 'wf.add_approvers', 'wf.approve', 'wf.add_approvers', 'wf.approve']);
  });

  it('withdraw only before anyone acted; cancel any time with a reason; urge at most once per interval', async () => {
    await publish(t.p, EXPENSE.code, [approval('one', { kind: 'users', userIds: [u[0]!] }), approval('two', { kind: 'users', userIds: [u[1]!] })]);
    const s = await as(starter!);
    const a = await start(t.p, starter!);
    expect((await s.get(`/api/workflow/instances/${a.id}`)).json()._actions).toEqual(expect.arrayContaining(['withdraw', 'urge', 'cancel']));
    expect((await s.post(`/api/workflow/instances/${a.id}/withdraw`, {})).statusCode).toBe(200);
    expect(await statusOf(t.p, a.id)).toBe('withdrawn');
    expect(await outcomeOf(t.p, a.key)).toBe('withdrawn');

    const b = await start(t.p, starter!);
    await (await as(u[0]!)).post(`/api/workflow/tasks/${await taskOf(b.id, u[0]!)}/approve`, {});
    const w = await s.post(`/api/workflow/instances/${b.id}/withdraw`, {});
    expect(w.statusCode).toBe(409);
    expect(w.json().code).toBe('WF_ALREADY_ACTED');
    const before = (await (await as(u[1]!)).get('/api/notifications/unread-count')).json().unread;
    expect((await s.post(`/api/workflow/instances/${b.id}/urge`, { comment: '请尽快' })).statusCode).toBe(200);
    const tooSoon = await s.post(`/api/workflow/instances/${b.id}/urge`, {});
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json().message).toContain('催办过于频繁');
    expect((await (await as(u[1]!)).get('/api/notifications/unread-count')).json().unread).toBe(before + 1);
    // someone else cannot cancel; the starter must give a reason
    expect((await (await as(u[1]!)).post(`/api/workflow/instances/${b.id}/cancel`, { comment: 'x' })).statusCode).toBe(404);
    expect((await s.post(`/api/workflow/instances/${b.id}/cancel`, { comment: '' })).statusCode).toBe(400);
    expect((await s.post(`/api/workflow/instances/${b.id}/cancel`, { comment: '不再需要' })).statusCode).toBe(200);
    expect(await outcomeOf(t.p, b.key)).toBe('cancelled');
    expect((await (await as(u[1]!)).post(`/api/workflow/tasks/${(await tasksOf(t.p, b.id)).at(-1)!.id}/approve`, {})).json().code).toBe('WF_FINISHED');
  });

  it('comments carry attachments that only those who see the instance can download', async () => {
    await publish(t.p, EXPENSE.code, [approval('one', { kind: 'users', userIds: [u[0]!] })]);
    const i = await start(t.p, starter!);
    const c = await as(u[0]!);
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const boundary = '----steward';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="发票.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await t.app.inject({ method: 'POST', url: '/api/files', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(up.statusCode).toBe(200);
    const file = up.json();
    // a file pretending to be a PDF is refused
    const fake = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n`), Buffer.from('MZ....'), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const bad = await t.app.inject({ method: 'POST', url: '/api/files', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: fake });
    expect(bad.statusCode).toBe(400);
    await c.post(`/api/workflow/tasks/${await taskOf(i.id, u[0]!)}/approve`, { comment: '见附件', fileIds: [file.id] });
    // the same file cannot be attached twice
    expect((await c.post(`/api/workflow/instances/${i.id}/comments`, { comment: '再附一次', fileIds: [file.id] })).statusCode).toBe(400);
    const d = (await (await as(starter!)).get(`/api/workflow/instances/${i.id}`)).json();
    const approved = d.timeline.find((a: { action: string }) => a.action === 'approve');
    expect(approved.files).toEqual([{ id: file.id, name: '发票.pdf', size: pdf.length }]);
    const dl = await (await as(starter!)).get(`/api/workflow/instances/${i.id}/files/${file.id}`);
    expect(dl.statusCode).toBe(200);
    expect(Buffer.from(dl.rawPayload).equals(pdf)).toBe(true);
    expect((await (await as(u[4]!)).get(`/api/workflow/instances/${i.id}/files/${file.id}`)).statusCode).toBe(404);
  });

  it('two approvers acting on the same moment: exactly one wins, the other gets a clear conflict', async () => {
    await publish(t.p, EXPENSE.code, [approval('any', { kind: 'users', userIds: [u[0]!, u[1]!] }, { mode: 'any' })]);
    for (let round = 0; round < 5; round++) {
      const i = await start(t.p, starter!);
      const [a, b] = [await taskOf(i.id, u[0]!), await taskOf(i.id, u[1]!)];
      const [c0, c1] = [await as(u[0]!), await as(u[1]!)];
      const res = await Promise.all([c0.post(`/api/workflow/tasks/${a}/approve`, {}), c1.post(`/api/workflow/tasks/${b}/reject`, { comment: '不同意' })]);
      const codes = res.map((r) => r.statusCode).sort();
      expect(codes).toEqual([200, 409]);
      const loser = res.find((r) => r.statusCode === 409)!.json();
      expect(['WF_FINISHED', 'TASK_HANDLED']).toContain(loser.code);
      expect(loser.message).toMatch(/请刷新/);
      expect(['approved', 'rejected']).toContain(await statusOf(t.p, i.id));
      // the same person double-clicking: one request wins
      const j = await start(t.p, starter!);
      const tj = await taskOf(j.id, u[0]!);
      const dbl = await Promise.all([c0.post(`/api/workflow/tasks/${tj}/approve`, {}), c0.post(`/api/workflow/tasks/${tj}/approve`, {})]);
      expect(dbl.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    }
  });

  it('batch approve handles each task on its own and reports failures', async () => {
    await publish(t.p, EXPENSE.code, [approval('one', { kind: 'users', userIds: [u[0]!] })]);
    const ids = [];
    for (let k = 0; k < 3; k++) ids.push((await start(t.p, starter!)).id);
    const tasks = await Promise.all(ids.map((i) => taskOf(i, u[0]!)));
    const c = await as(u[0]!);
    await c.post(`/api/workflow/tasks/${tasks[1]}/approve`, {});
    const r = (await c.post('/api/workflow/tasks/batch-approve', { taskIds: tasks, comment: '同意' })).json();
    expect(r).toMatchObject({ approved: 2, failed: 1 });
    expect(r.results[1]).toMatchObject({ ok: false, code: 'WF_FINISHED' });
  });

  it('running instances keep their version when a new one is published', async () => {
    await publish(t.p, EXPENSE.code, [approval('v1', { kind: 'users', userIds: [u[0]!] })]);
    const old = await start(t.p, starter!);
    const v = await publish(t.p, EXPENSE.code, [approval('v2a', { kind: 'users', userIds: [u[1]!] }), approval('v2b', { kind: 'users', userIds: [u[2]!] })]);
    const neu = await start(t.p, starter!);
    await (await as(u[0]!)).post(`/api/workflow/tasks/${await taskOf(old.id, u[0]!)}/approve`, {});
    expect(await statusOf(t.p, old.id)).toBe('approved');
    const d = (await (await as(starter!)).get(`/api/workflow/instances/${neu.id}`)).json();
    expect(d.version).toBe(v);
    expect(d.flow.map((n: { id: string }) => n.id)).toEqual(['v2a', 'v2b']);
    const oldD = (await (await as(starter!)).get(`/api/workflow/instances/${old.id}`)).json();
    expect(oldD.flow.map((n: { id: string }) => n.id)).toEqual(['v1']);
    expect(oldD.version).toBe(v - 1);
  });

  it('inbox boxes, filters and export; strangers see nothing', async () => {
    await publish(t.p, EXPENSE.code, [approval('one', { kind: 'users', userIds: [u[0]!] })]);
    const i = await start(t.p, starter!, {}, { title: '独一无二的报销单' });
    const c = await as(u[0]!);
    const pending = (await c.get('/api/workflow/tasks?box=pending&keyword=独一无二')).json();
    expect(pending.items).toHaveLength(1);
    expect(pending.items[0]).toMatchObject({ instanceId: i.id, title: '独一无二的报销单', taskStatus: 'pending', nodeName: '节点one', statusName: '审批中' });
    const mine = (await (await as(starter!)).get('/api/workflow/my-instances?keyword=独一无二')).json();
    expect(mine.items[0]).toMatchObject({ instanceId: i.id, nodeName: '节点one' });
    const xl = await c.get('/api/workflow/tasks/export?box=pending');
    expect(xl.statusCode).toBe(200);
    expect(xl.headers['content-type']).toContain('spreadsheetml');
    await c.post(`/api/workflow/tasks/${pending.items[0].taskId}/approve`, {});
    const done = (await c.get('/api/workflow/tasks?box=done&keyword=独一无二')).json();
    expect(done.items[0]).toMatchObject({ instanceId: i.id, taskStatus: 'approved', status: 'approved' });
    // a user with no part in it cannot read it
    expect((await (await as(u[4]!)).get(`/api/workflow/instances/${i.id}`)).statusCode).toBe(404);
    // someone else's task is not found, not forbidden
    expect((await (await as(u[4]!)).post(`/api/workflow/tasks/${pending.items[0].taskId}/approve`, {})).statusCode).toBe(404);
  });
});
