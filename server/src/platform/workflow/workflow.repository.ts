import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { DB } from '../../db/types.js';
import { type DataScope, scopeFilter } from '../access/scope.js';

export type InstanceStatus = 'running' | 'approved' | 'rejected' | 'withdrawn' | 'cancelled';
export type RunStatus = 'active' | 'approved' | 'rejected' | 'skipped' | 'done' | 'cancelled' | 'superseded';
export type TaskStatus = 'waiting' | 'pending' | 'approved' | 'rejected' | 'transferred' | 'delegated' | 'cancelled' | 'done' | 'unread' | 'read';
export type ActionKind =
  | 'start' | 'approve' | 'reject' | 'return' | 'transfer' | 'delegate' | 'resolve' | 'add_before' | 'add_after'
  | 'withdraw' | 'cancel' | 'urge' | 'comment' | 'skip' | 'fallback' | 'cc' | 'remind' | 'timeout' | 'finish';

export interface InstanceRow {
  id: number;
  business_type: string;
  definition_id: number;
  business_key: string;
  title: string;
  form: Record<string, unknown>;
  chosen: Record<string, number[]>;
  starter_id: number;
  unit_id: number;
  status: InstanceStatus;
  started_at: Date;
  finished_at: Date | null;
  last_urged_at: Date | null;
}

export interface RunRow {
  id: number;
  instance_id: number;
  node_id: string;
  node_type: 'approval' | 'cc' | 'condition' | 'parallel';
  node_name: string;
  status: RunStatus;
  branch: string | null;
  note: string;
  due_at: Date | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface TaskRow {
  id: number;
  instance_id: number;
  node_run_id: number;
  kind: 'approve' | 'cc' | 'delegate';
  origin: 'assigned' | 'added' | 'delegate' | 'cc';
  slot: number;
  assignee_id: number;
  status: TaskStatus;
  waits_for: number | null;
  parent_id: number | null;
  due_at: Date | null;
  remind_at: Date | null;
  created_at: Date;
  acted_at: Date | null;
  comment: string | null;
}

const INSTANCE_COLS = [
  'id', 'business_type', 'definition_id', 'business_key', 'title', 'form', 'chosen', 'starter_id', 'unit_id', 'status',
  'started_at', 'finished_at', 'last_urged_at',
] as const;

export async function insertInstance(
  tx: Db,
  v: { business_type: string; definition_id: number; business_key: string; request_key: string | null; title: string; form: unknown; chosen: unknown; starter_id: number; unit_id: number },
): Promise<InstanceRow> {
  const r = await tx
    .insertInto('wf_instance')
    .values({
      ...v,
      form: JSON.stringify(v.form),
      chosen: JSON.stringify(v.chosen),
      unit_path: sql`(select path from org where id = ${v.unit_id})`,
      region_path: sql`(select region_path from org where id = ${v.unit_id})`,
    })
    .returning(INSTANCE_COLS)
    .executeTakeFirstOrThrow();
  return r as InstanceRow;
}

export async function findInstanceByRequestKey(db: Db, starterId: number, requestKey: string): Promise<InstanceRow | undefined> {
  return (await db.selectFrom('wf_instance').select(INSTANCE_COLS).where('starter_id', '=', starterId).where('request_key', '=', requestKey).executeTakeFirst()) as
    | InstanceRow
    | undefined;
}

export async function findInstance(db: Db, id: number): Promise<InstanceRow | undefined> {
  return (await db.selectFrom('wf_instance').select(INSTANCE_COLS).where('id', '=', id).executeTakeFirst()) as InstanceRow | undefined;
}

/** Locks the instance: every action on one instance runs one after another. */
export async function lockInstance(tx: Db, id: number): Promise<InstanceRow | undefined> {
  return (await tx.selectFrom('wf_instance').select(INSTANCE_COLS).where('id', '=', id).forUpdate().executeTakeFirst()) as InstanceRow | undefined;
}

export async function finishInstance(tx: Db, id: number, status: Exclude<InstanceStatus, 'running'>) {
  await tx.updateTable('wf_instance').set({ status, finished_at: sql`now()` }).where('id', '=', id).where('status', '=', 'running').execute();
}

export async function markUrged(tx: Db, id: number) {
  await tx.updateTable('wf_instance').set({ last_urged_at: sql`now()` }).where('id', '=', id).execute();
}

// ------------------------------------------------------------------ node runs

export async function findLiveRuns(db: Db, instanceId: number): Promise<RunRow[]> {
  return (await db
    .selectFrom('wf_node_run')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('status', '<>', 'superseded')
    .orderBy('id')
    .execute()) as RunRow[];
}

export async function findRun(db: Db, id: number): Promise<RunRow | undefined> {
  return (await db.selectFrom('wf_node_run').selectAll().where('id', '=', id).executeTakeFirst()) as RunRow | undefined;
}

export async function insertRun(
  tx: Db,
  v: {
    instance_id: number;
    node_id: string;
    node_type: RunRow['node_type'];
    node_name: string;
    status: RunStatus;
    branch?: string | null;
    note?: string;
    due_at?: Date | null;
    timeout_action?: 'none' | 'approve' | 'reject';
  },
): Promise<RunRow> {
  const done = v.status !== 'active';
  return (await tx
    .insertInto('wf_node_run')
    .values({ ...v, finished_at: done ? sql`now()` : null })
    .returningAll()
    .executeTakeFirstOrThrow()) as RunRow;
}

export async function finishRun(tx: Db, id: number, status: Exclude<RunStatus, 'active'>) {
  await tx.updateTable('wf_node_run').set({ status, finished_at: sql`now()` }).where('id', '=', id).where('status', '=', 'active').execute();
}

/** A return to an earlier node: that run and every later one are superseded, their open tasks cancelled. */
export async function supersedeRunsFrom(tx: Db, instanceId: number, fromRunId: number) {
  await tx
    .updateTable('wf_task')
    .set({ status: 'cancelled' })
    .where('instance_id', '=', instanceId)
    .where('node_run_id', '>=', fromRunId)
    .where('status', 'in', ['waiting', 'pending', 'delegated'])
    .execute();
  await tx
    .updateTable('wf_node_run')
    .set({ status: 'superseded', finished_at: sql`coalesce(finished_at, now())` })
    .where('instance_id', '=', instanceId)
    .where('id', '>=', fromRunId)
    .where('status', '<>', 'superseded')
    .execute();
}

/** When the instance ends, whatever is still open closes. */
export async function closeOpenWork(tx: Db, instanceId: number) {
  await tx
    .updateTable('wf_task')
    .set({ status: 'cancelled' })
    .where('instance_id', '=', instanceId)
    .where('status', 'in', ['waiting', 'pending', 'delegated'])
    .execute();
  await tx.updateTable('wf_node_run').set({ status: 'cancelled', finished_at: sql`now()` }).where('instance_id', '=', instanceId).where('status', '=', 'active').execute();
}

// ------------------------------------------------------------------ tasks

export type NewTask = Pick<TaskRow, 'instance_id' | 'node_run_id' | 'kind' | 'origin' | 'slot' | 'assignee_id' | 'status'> &
  Partial<Pick<TaskRow, 'waits_for' | 'parent_id' | 'due_at' | 'remind_at'>>;

export async function insertTask(tx: Db, t: NewTask): Promise<TaskRow> {
  return (await tx.insertInto('wf_task').values(t).returningAll().executeTakeFirstOrThrow()) as TaskRow;
}

export async function findTask(db: Db, id: number): Promise<TaskRow | undefined> {
  return (await db.selectFrom('wf_task').selectAll().where('id', '=', id).executeTakeFirst()) as TaskRow | undefined;
}

export async function findTasksOfRun(db: Db, runId: number): Promise<TaskRow[]> {
  return (await db.selectFrom('wf_task').selectAll().where('node_run_id', '=', runId).orderBy('id').execute()) as TaskRow[];
}

export async function findTasksOfInstance(db: Db, instanceId: number): Promise<TaskRow[]> {
  return (await db.selectFrom('wf_task').selectAll().where('instance_id', '=', instanceId).orderBy('id').execute()) as TaskRow[];
}

/**
 * Takes a pending task for its assignee, in one statement: of two approvers acting at the same moment exactly
 * one gets the row back. The other sees `undefined` and is told the task was already handled.
 */
export async function claimTask(
  tx: Db,
  id: number,
  assigneeId: number | null,
  to: { status: TaskStatus; comment?: string | null; acted?: boolean },
): Promise<TaskRow | undefined> {
  return (await tx
    .updateTable('wf_task')
    .set({ status: to.status, comment: to.comment ?? null, acted_at: to.acted === false ? null : sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .$if(assigneeId !== null, (q) => q.where('assignee_id', '=', assigneeId!))
    .returningAll()
    .executeTakeFirst()) as TaskRow | undefined;
}

export async function setTaskStatus(tx: Db, id: number, status: TaskStatus, set: { waits_for?: number | null } = {}) {
  await tx.updateTable('wf_task').set({ status, ...set }).where('id', '=', id).execute();
}

/** Tasks that waited for this one (next in a sequence, the owner after 前加签 or 委派) become pending. */
export async function releaseWaiting(tx: Db, doneTaskId: number): Promise<TaskRow[]> {
  return (await tx
    .updateTable('wf_task')
    .set({ status: 'pending', waits_for: null })
    .where('waits_for', '=', doneTaskId)
    .where('status', 'in', ['waiting', 'delegated'])
    .returningAll()
    .execute()) as TaskRow[];
}

export async function redirectWaits(tx: Db, fromTaskId: number, toTaskId: number) {
  await tx.updateTable('wf_task').set({ waits_for: toTaskId }).where('waits_for', '=', fromTaskId).execute();
}

export async function cancelOpenTasksOfRun(tx: Db, runId: number) {
  await tx.updateTable('wf_task').set({ status: 'cancelled' }).where('node_run_id', '=', runId).where('status', 'in', ['waiting', 'pending', 'delegated']).execute();
}

export async function maxSlot(db: Db, runId: number): Promise<number> {
  const r = await db.selectFrom('wf_task').select(sql<number>`coalesce(max(slot), -1)`.as('m')).where('node_run_id', '=', runId).executeTakeFirstOrThrow();
  return r.m;
}

export async function markCcRead(tx: Db, instanceId: number, userId: number) {
  await tx.updateTable('wf_task').set({ status: 'read' }).where('instance_id', '=', instanceId).where('assignee_id', '=', userId).where('status', '=', 'unread').execute();
}

/** Has anyone but the system acted on the instance (approve, reject, transfer …)? Then it can no longer be withdrawn. */
export async function anyoneActed(db: Db, instanceId: number): Promise<boolean> {
  const r = await db
    .selectFrom('wf_action')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('actor_id', 'is not', null)
    .where('action', 'in', ['approve', 'reject', 'return', 'transfer', 'delegate', 'resolve', 'add_before', 'add_after'])
    .limit(1)
    .executeTakeFirst();
  return !!r;
}

export async function pendingAssignees(db: Db, instanceId: number): Promise<number[]> {
  const rows = await db.selectFrom('wf_task').select('assignee_id').distinct().where('instance_id', '=', instanceId).where('status', '=', 'pending').execute();
  return rows.map((r) => r.assignee_id);
}

export async function isParticipant(db: Db, instanceId: number, userId: number): Promise<boolean> {
  const r = await db.selectFrom('wf_task').select('id').where('instance_id', '=', instanceId).where('assignee_id', '=', userId).limit(1).executeTakeFirst();
  return !!r;
}

// ------------------------------------------------------------------ actions (timeline)

export async function insertAction(
  tx: Db,
  a: { instance_id: number; action: ActionKind; actor_id: number | null; task_id?: number | null; node_id?: string | null; target_id?: number | null; comment?: string },
): Promise<number> {
  const r = await tx.insertInto('wf_action').values({ ...a, comment: a.comment ?? '' }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Files become attached to an action; only the uploader's own, not yet attached files are accepted. */
export async function attachFiles(tx: Db, actionId: number, fileIds: string[], userId: number): Promise<number> {
  if (!fileIds.length) return 0;
  const ok = await tx
    .updateTable('file')
    .set({ attached_at: sql`now()` })
    .where('id', 'in', fileIds)
    .where('uploaded_by', '=', userId)
    .where('attached_at', 'is', null)
    .returning('id')
    .execute();
  if (ok.length) await tx.insertInto('wf_action_file').values(ok.map((f) => ({ action_id: actionId, file_id: f.id }))).execute();
  return ok.length;
}

export async function findTimeline(db: Db, instanceId: number) {
  return db
    .selectFrom('wf_action as a')
    .leftJoin('app_user as u', 'u.id', 'a.actor_id')
    .leftJoin('app_user as t', 't.id', 'a.target_id')
    .select([
      'a.id',
      'a.action',
      'a.node_id',
      'a.task_id',
      'a.comment',
      'a.created_at',
      'a.actor_id',
      'u.display_name as actor_name',
      't.display_name as target_name',
      sql<{ id: string; name: string; size: number }[]>`coalesce((select json_agg(json_build_object('id', f.id, 'name', f.name, 'size', f.size) order by f.name)
        from wf_action_file af join file f on f.id = af.file_id where af.action_id = a.id), '[]'::json)`.as('files'),
    ])
    .where('a.instance_id', '=', instanceId)
    .orderBy('a.id')
    .execute();
}

export async function fileOfInstance(db: Db, instanceId: number, fileId: string) {
  return db
    .selectFrom('wf_action_file as af')
    .innerJoin('wf_action as a', 'a.id', 'af.action_id')
    .innerJoin('file as f', 'f.id', 'af.file_id')
    .select(['f.id', 'f.name', 'f.mime', 'f.size', 'f.content'])
    .where('a.instance_id', '=', instanceId)
    .where('f.id', '=', fileId)
    .executeTakeFirst();
}

// ------------------------------------------------------------------ lists (inbox, done, started, cc, monitor)

export type Box = 'pending' | 'done' | 'started' | 'cc' | 'all';

export interface ListFilter {
  businessType?: string;
  keyword?: string;
  status?: InstanceStatus;
  from?: string;
  to?: string;
}

/** The base of every approval list: instances joined to their type and starter, narrowed by box and filters. */
export function instanceList(db: Db, box: Box, userId: number, scope: DataScope, f: ListFilter) {
  let q = db
    .selectFrom('wf_instance as i')
    .innerJoin('wf_business_type as bt', 'bt.code', 'i.business_type')
    .innerJoin('app_user as s', 's.id', 'i.starter_id')
    .innerJoin('org as o', 'o.id', 'i.unit_id');
  if (box === 'pending' || box === 'done' || box === 'cc') {
    const statuses: TaskStatus[] = box === 'pending' ? ['pending'] : box === 'cc' ? ['unread', 'read'] : ['approved', 'rejected', 'transferred', 'done'];
    q = q.innerJoin('wf_task as t', 't.instance_id', 'i.id').where('t.assignee_id', '=', userId).where('t.status', 'in', statuses) as typeof q;
  }
  return q
    .$if(box === 'started', (qb) => qb.where('i.starter_id', '=', userId))
    .$if(box === 'all', (qb) => qb.where((eb) => scopeFilter(eb as ExpressionBuilder<DB, 'wf_instance'>, scope, { orgPath: 'i.unit_path', regionPath: 'i.region_path', unitId: 'i.unit_id' })))
    .$if(!!f.businessType, (qb) => qb.where('i.business_type', '=', f.businessType!))
    .$if(!!f.keyword, (qb) => {
      const like = `%${f.keyword!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return qb.where((eb) => eb.or([eb('i.title', 'like', like), eb('s.display_name', 'like', like), eb('o.name', 'like', like)]));
    })
    .$if(!!f.status, (qb) => qb.where('i.status', '=', f.status!))
    .$if(!!f.from, (qb) => qb.where('i.started_at', '>=', new Date(f.from!)))
    .$if(!!f.to, (qb) => qb.where('i.started_at', '<', new Date(f.to!)));
}

// ------------------------------------------------------------------ deadlines

/** Pending tasks whose reminder time has come and who were not reminded yet. */
export async function findTasksToRemind(db: Db, limit: number) {
  return db
    .selectFrom('wf_task as t')
    .innerJoin('wf_instance as i', 'i.id', 't.instance_id')
    .innerJoin('wf_node_run as r', 'r.id', 't.node_run_id')
    .select(['t.id', 't.assignee_id', 't.due_at', 'i.id as instance_id', 'i.title', 'r.node_name'])
    .where('t.status', '=', 'pending')
    .where('t.reminded_at', 'is', null)
    .where('t.remind_at', '<=', sql<Date>`now()`)
    .orderBy('t.remind_at')
    .limit(limit)
    .execute();
}

export async function markReminded(tx: Db, taskId: number) {
  const r = await tx.updateTable('wf_task').set({ reminded_at: sql`now()` }).where('id', '=', taskId).where('reminded_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pending tasks past the deadline of a node that acts on its own when time runs out. */
export async function findOverdueTasks(db: Db, limit: number) {
  return (await db
    .selectFrom('wf_task as t')
    .innerJoin('wf_node_run as r', 'r.id', 't.node_run_id')
    .selectAll('t')
    .select('r.timeout_action')
    .where('t.status', '=', 'pending')
    .where('t.due_at', '<=', sql<Date>`now()`)
    .where('r.timeout_action', '<>', 'none')
    .orderBy('t.due_at')
    .limit(limit)
    .execute()) as (TaskRow & { timeout_action: 'approve' | 'reject' })[];
}

export async function instanceInScope(db: Db, scope: DataScope, id: number): Promise<boolean> {
  const r = await db
    .selectFrom('wf_instance as i')
    .select('i.id')
    .where('i.id', '=', id)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'i.unit_path', regionPath: 'i.region_path', unitId: 'i.unit_id' }))
    .executeTakeFirst();
  return !!r;
}

/** People one may hand a task to or add: active accounts in the caller's city (or province-level units), by name. */
export async function findPickableUsers(db: Db, callerUnitId: number, keyword: string, limit: number) {
  const esc = keyword.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .selectFrom('app_user as u')
    .innerJoin('org as o', 'o.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'u.username', 'o.name as unit_name'])
    .where('u.status', '=', 'active')
    .where(sql<boolean>`(o.region_path <@ (select subpath(c.region_path, 0, least(2, nlevel(c.region_path))) from org c where c.id = ${callerUnitId}) or o.level = 'province')`)
    .$if(!!keyword, (q) => q.where((eb) => eb.or([eb('u.display_name', 'like', `%${esc}%`), eb('u.username', 'like', `${esc}%`)])))
    .orderBy('u.display_name')
    .orderBy('u.id')
    .limit(limit)
    .execute();
}

/** Names of chosen people by id (a saved process names them), whatever their region: only names and units are shown. */
export async function findUsersByIds(db: Db, ids: number[]) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('org as o', 'o.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'u.username', 'o.name as unit_name'])
    .where('u.id', 'in', ids)
    .orderBy('u.id')
    .execute();
}
