import { sql } from 'kysely';
import { findRoleIdsByCode } from '../server/src/platform/access/role.repository.js';
import type { Platform } from '../server/src/platform/context.js';
import { createAccount } from '../server/src/platform/identity/user.service.js';
import { defineBusinessType } from '../server/src/platform/workflow/business-type.js';
import { publishDraft, saveDraft, syncBusinessTypes } from '../server/src/platform/workflow/definition.repository.js';
import { approve, startInstance } from '../server/src/platform/workflow/workflow.engine.js';
import { progressBar } from '../server/src/main.js';
import { isEmpty, seed } from '../server/src/seed/seed.js';
import type { Benchmark } from './run.js';
import { benchApp, fmt, openBenchPlatform, stats, time } from './harness.js';

const INSTANCES = Number(process.env.BENCH_WF_INSTANCES ?? 10_000);
const INBOX = Number(process.env.BENCH_WF_INBOX ?? 5_000);
const PASSWORD = 'Bench#Steward2026';

/** A claim approved by two people in turn, then copied to a third: three runs, two tasks, a copy per instance. */
const BENCH_TYPE = defineBusinessType({
  code: 'bench.claim',
  name: '基准测试报销',
  module: 'bench',
  fields: [{ key: 'amount', label: '金额', type: 'number' }],
  defaultTree: { nodes: [] as never[] },
  onApproved: async () => {},
});

async function accounts(p: Platform, tag: string, n: number, unitId: number) {
  const role = (await findRoleIdsByCode(p.db)).get('staff')!;
  const ids: number[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      await p.db.transaction().execute(async (tx) => {
        const id = await createAccount(p, tx, { username: `bench${tag}u${i}`, displayName: `基准${i}`, unitId, roles: [role], createdBy: null, initialPassword: PASSWORD });
        await tx.updateTable('app_user').set({ must_change_password: false }).where('id', '=', id).execute();
        return id;
      }),
    );
  return ids;
}

/**
 * 10,000 instances started and driven to completion through the engine (each start and each approval its own
 * transaction, as the routes run them); then the inbox of an approver with 5,000 pending tasks through the whole
 * HTTP stack, against the same two statements as hand-written SQL.
 */
export const benchmark: Benchmark = {
  name: 'workflow',
  description: `审批引擎：${INSTANCES} 个实例发起并办结；${INBOX} 条待办的审批人收件箱 p50/p95，与手写 SQL 之比`,
  async run() {
    const p = await openBenchPlatform();
    if (await isEmpty(p)) {
      console.log('数据库为空，先载入演示数据…');
      await seed(p, 'demo', progressBar('演示数据'));
    }
    p.businessTypes.set(BENCH_TYPE.code, BENCH_TYPE);
    await syncBusinessTypes(p.db, [BENCH_TYPE]);
    const unit = await p.db.selectFrom('org').select('id').where('kind', '=', 'unit').orderBy('id').executeTakeFirstOrThrow();
    const tag = Date.now().toString(36);
    const [starter, a, b, cc, inboxOwner, other] = await accounts(p, tag, 6, unit.id);
    await p.db.transaction().execute(async (tx) => {
      await saveDraft(
        tx,
        BENCH_TYPE.code,
        {
          nodes: [
            { id: 'check', type: 'approval', name: '审核', strategy: { kind: 'users', userIds: [a!, b!] }, mode: 'sequential', noApprover: 'skip', selfApprove: 'keep' },
            { id: 'big', type: 'condition', name: '金额', branches: [
              { id: 'y', name: '大额', when: 'amount > 100000', nodes: [{ id: 'boss', type: 'approval', name: '领导', strategy: { kind: 'users', userIds: [other!] }, mode: 'any', noApprover: 'skip', selfApprove: 'keep' }] },
              { id: 'n', name: '其他', nodes: [] },
            ] },
            { id: 'cc', type: 'cc', name: '抄送', strategy: { kind: 'users', userIds: [cc!] } },
          ],
        },
        'bench',
        starter!,
      );
      await publishDraft(tx, BENCH_TYPE.code, starter!);
    });
    console.log(`engine ${p.engine}`);

    // 1. start and drive to completion
    const env = { p, tx: p.db };
    const startMs: number[] = [];
    const approveMs: number[] = [];
    const bar = progressBar('发起并办结');
    const t0 = Date.now();
    for (let i = 0; i < INSTANCES; i++) {
      const [ms, inst] = await time(() =>
        p.db.transaction().execute((tx) =>
          startInstance({ ...env, tx }, { businessType: BENCH_TYPE.code, businessKey: `${tag}-${i}`, title: `基准报销 ${i}`, form: { amount: 100 + i }, starterId: starter! }),
        ),
      );
      startMs.push(ms);
      for (const who of [a!, b!]) {
        const task = await p.db.selectFrom('wf_task').select('id').where('instance_id', '=', inst.id).where('assignee_id', '=', who).where('status', '=', 'pending').executeTakeFirstOrThrow();
        const [ams] = await time(() => p.db.transaction().execute((tx) => approve({ ...env, tx }, who, task.id, { comment: '同意' })));
        approveMs.push(ams);
      }
      bar(i + 1, INSTANCES, `${i + 1}`);
    }
    const total = (Date.now() - t0) / 1000;
    const done = await sql<{ n: number }>`select count(*)::int as n from wf_instance where business_type = ${BENCH_TYPE.code} and status = 'approved' and business_key like ${`${tag}-%`}`.execute(p.db);
    const s1 = stats(startMs);
    const s2 = stats(approveMs);
    console.log(`${done.rows[0]!.n}/${INSTANCES} 个实例办结，用时 ${total.toFixed(1)} s（${(INSTANCES / total).toFixed(0)} 实例/s，含 ${INSTANCES * 2} 次审批）`);
    console.log(`  发起 p50 ${fmt(s1.p50)} p95 ${fmt(s1.p95)}；同意 p50 ${fmt(s2.p50)} p95 ${fmt(s2.p95)}`);

    // 2. an approver with many pending tasks
    const fill = progressBar('准备待办');
    for (let i = 0; i < INBOX; i++) {
      await p.db.transaction().execute(async (tx) => {
        const inst = await startInstance({ ...env, tx }, { businessType: BENCH_TYPE.code, businessKey: `${tag}-inbox-${i}`, title: `待办 ${i}`, form: { amount: 1 }, starterId: starter! });
        // hand the first step to the inbox owner
        await tx.updateTable('wf_task').set({ assignee_id: inboxOwner! }).where('instance_id', '=', inst.id).where('status', '=', 'pending').execute();
      });
      fill(i + 1, INBOX, `${i + 1}`);
    }
    await sql`analyze`.execute(p.db);
    const app = await benchApp(p);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `bench${tag}u4`, password: PASSWORD } });
    if (login.statusCode !== 200) throw new Error(login.body);
    const cookie = `steward_sid=${login.cookies.find((c) => c.name === 'steward_sid')!.value}`;
    const raw = (offset = 0) =>
      Promise.all([
        sql`select count(*)::int from wf_instance i join wf_business_type bt on bt.code = i.business_type join app_user s on s.id = i.starter_id join org o on o.id = i.unit_id
            join wf_task t on t.instance_id = i.id where t.assignee_id = ${inboxOwner!} and t.status = 'pending'`.execute(p.db),
        sql`select i.id, i.title, i.business_type, bt.name, s.display_name, o.name, i.status, i.started_at, i.finished_at, t.id, t.status, t.created_at, t.acted_at, t.due_at,
              (select r.node_name from wf_node_run r where r.id = t.node_run_id)
            from wf_instance i join wf_business_type bt on bt.code = i.business_type join app_user s on s.id = i.starter_id join org o on o.id = i.unit_id
            join wf_task t on t.instance_id = i.id where t.assignee_id = ${inboxOwner!} and t.status = 'pending' order by t.id desc limit 20 offset ${offset}`.execute(p.db),
      ]);
    const check = await app.inject({ url: '/api/workflow/tasks?box=pending&page=1&pageSize=20', headers: { cookie } });
    console.log(`收件箱共 ${check.json().total} 条待办`);
    const runs = 200;
    const api: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < 20; i++) {
      await raw();
      await app.inject({ url: '/api/workflow/tasks?box=pending&page=1&pageSize=20', headers: { cookie } });
    }
    for (let i = 0; i < runs; i++) {
      // interleaved so both see the same machine noise
      base.push((await time(() => raw((i % 5) * 20)))[0]);
      api.push((await time(() => app.inject({ url: `/api/workflow/tasks?box=pending&page=${1 + (i % 5)}&pageSize=20`, headers: { cookie } })))[0]);
    }
    const sa = stats(api);
    const sb = stats(base);
    console.log(`收件箱（第1–5页轮换，每页 20 条，各 ${runs} 次）：接口 p50 ${fmt(sa.p50)} p95 ${fmt(sa.p95)}；手写 SQL p50 ${fmt(sb.p50)} p95 ${fmt(sb.p95)}；p95 比值 ${(sa.p95 / sb.p95).toFixed(2)}×`);
    await app.close();
    await p.database.close();
  },
};
