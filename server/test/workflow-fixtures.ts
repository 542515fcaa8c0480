import { sql } from 'kysely';
import type { Platform } from '../src/platform/context.js';
import { findRoleIdsByCode } from '../src/platform/access/role.repository.js';
import { createAccount } from '../src/platform/identity/user.service.js';
import { defineBusinessType, type DecisionContext } from '../src/platform/workflow/business-type.js';
import type { ProcessNode, ProcessTree } from '../src/platform/workflow/definition.js';
import { publishDraft, saveDraft, syncBusinessTypes } from '../src/platform/workflow/definition.repository.js';
import { startInstance, type StartInput } from '../src/platform/workflow/workflow.engine.js';
import { DEMO_PASSWORD } from './helpers.js';

/**
 * A test business type: an expense claim whose handlers record the outcome in `test_biz`, in the deciding
 * transaction. A claim with form.failOnApprove makes the approved handler throw (to prove the rollback).
 */
export const EXPENSE = defineBusinessType({
  code: 'test.expense',
  name: '测试报销',
  module: 'test',
  fields: [
    { key: 'amount', label: '金额', type: 'number' },
    { key: 'kind', label: '类别', type: 'string' },
  ],
  defaultTree: { nodes: [{ id: 'a', type: 'approval', name: '审批', strategy: { kind: 'dept_head', levels: 1 }, mode: 'any', noApprover: 'skip', selfApprove: 'skip' }] },
  onApproved: (ctx) => record(ctx),
  onRejected: (ctx) => record(ctx),
  onCancelled: (ctx) => record(ctx),
});

async function record({ tx, instance, outcome }: DecisionContext) {
  if (outcome === 'approved' && instance.form.failOnApprove) throw new Error('business handler failed');
  await sql`insert into test_biz (key, outcome) values (${instance.businessKey}, ${outcome})`.execute(tx);
}

export async function installExpense(p: Platform) {
  await sql`create table if not exists test_biz (key text primary key, outcome text not null)`.execute(p.db);
  p.businessTypes.set(EXPENSE.code, EXPENSE);
  await syncBusinessTypes(p.db, [EXPENSE]);
}

export async function outcomeOf(p: Platform, key: string): Promise<string | undefined> {
  const r = await sql<{ outcome: string }>`select outcome from test_biz where key = ${key}`.execute(p.db);
  return r.rows[0]?.outcome;
}

/** Publishes a tree as the next version of a business type; returns the version. */
export async function publish(p: Platform, type: string, nodes: ProcessNode[], extra: Partial<ProcessTree> = {}) {
  return p.db.transaction().execute(async (tx) => {
    await saveDraft(tx, type, { nodes, ...extra }, '', 1);
    return (await publishDraft(tx, type, 1))!.version;
  });
}

let seq = 0;

/** Accounts in a unit with a role, able to act at once (no forced password change). Returns their ids by name. */
export async function makeUsers(p: Platform, unitId: number, count: number, role = 'staff'): Promise<number[]> {
  const roles = await findRoleIdsByCode(p.db);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    seq++;
    const username = `wf${process.pid % 1000}u${seq}`;
    const id = await p.db.transaction().execute((tx) =>
      createAccount(p, tx, { username, displayName: `测试${seq}`, unitId, roles: [roles.get(role)!], createdBy: null, initialPassword: DEMO_PASSWORD }),
    );
    await p.db.updateTable('app_user').set({ must_change_password: false }).where('id', '=', id).execute();
    ids.push(id);
  }
  return ids;
}

export async function usernameOf(p: Platform, id: number) {
  return (await p.db.selectFrom('app_user').select('username').where('id', '=', id).executeTakeFirstOrThrow()).username;
}

let key = 0;
export async function start(p: Platform, starterId: number, form: Record<string, unknown> = {}, extra: Partial<StartInput> = {}) {
  key++;
  const businessKey = `k${key}-${Math.random().toString(36).slice(2, 8)}`;
  const inst = await p.db.transaction().execute((tx) =>
    startInstance({ tx, p }, { businessType: EXPENSE.code, businessKey, title: `报销 ${businessKey}`, form, starterId, ...extra }),
  );
  return { id: inst.id, key: businessKey };
}

export async function tasksOf(p: Platform, instanceId: number) {
  return p.db.selectFrom('wf_task').select(['id', 'assignee_id', 'status', 'origin', 'kind', 'slot']).where('instance_id', '=', instanceId).orderBy('id').execute();
}

export async function statusOf(p: Platform, instanceId: number) {
  return (await p.db.selectFrom('wf_instance').select('status').where('id', '=', instanceId).executeTakeFirstOrThrow()).status;
}

export const approval = (id: string, strategy: ProcessNode & { type: 'approval' } extends { strategy: infer S } ? S : never, more: Partial<ProcessNode & { type: 'approval' }> = {}): ProcessNode => ({
  id,
  type: 'approval',
  name: `节点${id}`,
  strategy,
  mode: 'any',
  noApprover: 'skip',
  selfApprove: 'keep',
  ...more,
});

/** A person in a unit (and department) with an account of their own; returns both ids. */
export async function makePersonUser(p: Platform, unitId: number, departmentId: number | null, role = 'staff') {
  const person = await p.db
    .insertInto('person')
    .values({ name: `人员${++seq}`, gender: 'M', unit_id: unitId, department_id: departmentId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [userId] = await makeUsers(p, unitId, 1, role);
  await p.db.updateTable('app_user').set({ person_id: person.id }).where('id', '=', userId!).execute();
  return { personId: person.id, userId: userId! };
}

export async function makeOrg(p: Platform, v: { name: string; kind?: 'unit' | 'department'; parentId?: number | null; regionCode?: string; level?: 'province' | 'city' | 'county' | 'township' }) {
  const kind = v.kind ?? 'unit';
  const r = await p.db
    .insertInto('org')
    .values({
      kind,
      name: v.name,
      unit_type: kind === 'unit' ? 'institution' : null,
      level: v.level ?? 'city',
      region_code: v.regionCode ?? '3701',
      parent_id: v.parentId ?? null,
      path: '',
      unit_id: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
