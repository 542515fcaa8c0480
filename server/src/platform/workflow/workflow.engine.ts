import type { Db } from '../../db/connection.js';
import type { Platform } from '../context.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import { endOfWorkingDays } from '../calendar/calendar.service.js';
import { type NotificationInput, notify } from '../notify/notification.service.js';
import { resolveApprovers, resolveStrategy } from './approver.resolver.js';
import type { BusinessType, DecisionContext } from './business-type.js';
import type { ApprovalNode, ProcessNode, ProcessTree } from './definition.js';
import { findDefinitionById, findPublishedDefinition } from './definition.repository.js';
import { evaluateCondition } from './expression.js';
import {
  type ActionKind,
  anyoneActed,
  attachFiles,
  cancelOpenTasksOfRun,
  claimTask,
  closeOpenWork,
  findInstanceByRequestKey,
  findLiveRuns,
  findRun,
  findTasksOfRun,
  finishInstance,
  finishRun,
  insertAction,
  insertInstance,
  insertRun,
  insertTask,
  type InstanceRow,
  lockInstance,
  markUrged,
  maxSlot,
  pendingAssignees,
  redirectWaits,
  releaseWaiting,
  type RunRow,
  setTaskStatus,
  supersedeRunsFrom,
  type TaskRow,
  findTask,
} from './workflow.repository.js';

/**
 * The approval engine. Every function runs inside the caller's transaction: the action, the engine's state,
 * the business handler and (in the route) the audit row commit together or not at all.
 */
export interface Env {
  tx: Db;
  p: Platform;
}

const HOUR = 3600_000;

function businessType(p: Platform, code: string): BusinessType {
  const t = p.businessTypes.get(code);
  if (!t) throw new AppError('WF_UNKNOWN_TYPE', `未知的审批业务类型：${code}`, 400);
  return t;
}

async function treeOf(env: Env, inst: InstanceRow): Promise<ProcessTree> {
  const d = await findDefinitionById(env.tx, inst.definition_id);
  if (!d) throw new Error(`definition ${inst.definition_id} missing`);
  return d.tree;
}

function findNode(nodes: ProcessNode[], id: string): ProcessNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    if (n.type === 'condition' || n.type === 'parallel')
      for (const b of n.branches) {
        const f = findNode(b.nodes, id);
        if (f) return f;
      }
  }
  return undefined;
}

/** What a message about an instance points at: its page. */
export function aboutInstance(id: number) {
  return { link: `/workflow/instances/${id}`, objectType: 'wf_instance', objectId: String(id) };
}

async function tell(env: Env, userIds: number[], msg: NotificationInput) {
  await notify(env.tx, userIds, msg);
}

// ------------------------------------------------------------------ starting

export interface StartInput {
  businessType: string;
  businessKey: string;
  title: string;
  form: Record<string, unknown>;
  starterId: number;
  /** the same key from the same starter returns the instance already started */
  requestKey?: string;
  chosen?: Record<string, number[]>;
}

export async function startInstance(env: Env, input: StartInput): Promise<InstanceRow> {
  if (input.requestKey) {
    const prior = await findInstanceByRequestKey(env.tx, input.starterId, input.requestKey);
    if (prior) return prior;
  }
  const type = businessType(env.p, input.businessType);
  const def = await findPublishedDefinition(env.tx, type.code);
  if (!def) throw new AppError('WF_NO_DEFINITION', `“${type.name}”尚未发布审批流程`, 409);
  const starter = await env.tx.selectFrom('app_user').select(['id', 'unit_id']).where('id', '=', input.starterId).executeTakeFirst();
  if (!starter) throw notFound('发起人');
  const inst = await insertInstance(env.tx, {
    business_type: type.code,
    definition_id: def.id,
    business_key: input.businessKey,
    request_key: input.requestKey ?? null,
    title: input.title,
    form: input.form,
    chosen: input.chosen ?? {},
    starter_id: input.starterId,
    unit_id: starter.unit_id,
  });
  await insertAction(env.tx, { instance_id: inst.id, action: 'start', actor_id: input.starterId });
  await advance(env, inst, input.starterId);
  return inst;
}

// ------------------------------------------------------------------ walking the tree

type Walk = 'done' | 'waiting' | 'rejected';

/**
 * Walks the tree from the top, creating runs for nodes reached for the first time, until it meets open work,
 * a rejection or the end. Conditions are evaluated once (the form does not change while the instance runs).
 */
async function walk(env: Env, inst: InstanceRow, tree: ProcessTree, nodes: ProcessNode[], runs: Map<string, RunRow>): Promise<Walk> {
  for (const node of nodes) {
    let run = runs.get(node.id);
    switch (node.type) {
      case 'approval': {
        if (!run) {
          run = await openApproval(env, inst, tree, node);
          runs.set(node.id, run);
        }
        if (run.status === 'active') return 'waiting';
        if (run.status === 'rejected') return 'rejected';
        continue;
      }
      case 'cc': {
        if (!run) {
          run = await openCc(env, inst, node);
          runs.set(node.id, run);
        }
        continue;
      }
      case 'condition': {
        if (!run) {
          const chosen = node.branches.find((b) => !b.when || evaluateCondition(b.when, inst.form));
          if (!chosen) throw new AppError('WF_NO_BRANCH', `“${node.name}”没有符合条件的分支，请检查表单或联系流程管理员`, 409);
          run = await insertRun(env.tx, { instance_id: inst.id, node_id: node.id, node_type: 'condition', node_name: node.name, status: 'done', branch: chosen.id, note: chosen.name });
          runs.set(node.id, run);
        }
        const branch = node.branches.find((b) => b.id === run!.branch);
        const r = branch ? await walk(env, inst, tree, branch.nodes, runs) : 'done';
        if (r !== 'done') return r;
        continue;
      }
      case 'parallel': {
        if (!run) {
          run = await insertRun(env.tx, { instance_id: inst.id, node_id: node.id, node_type: 'parallel', node_name: node.name, status: 'active' });
          runs.set(node.id, run);
        }
        if (run.status === 'done') continue;
        if (run.status === 'rejected') return 'rejected';
        const results: Walk[] = [];
        for (const b of node.branches) results.push(await walk(env, inst, tree, b.nodes, runs));
        if (results.includes('rejected')) {
          await finishRun(env.tx, run.id, 'rejected');
          return 'rejected';
        }
        if (results.every((r) => r === 'done')) {
          await finishRun(env.tx, run.id, 'done');
          continue;
        }
        return 'waiting';
      }
    }
  }
  return 'done';
}

async function openApproval(env: Env, inst: InstanceRow, tree: ProcessTree, node: ApprovalNode): Promise<RunRow> {
  const res = await resolveApprovers(env.tx, tree, node, { starterId: inst.starter_id, chosen: inst.chosen, includeDemo: env.p.config.demo });
  if (res.outcome === 'skipped') {
    const run = await insertRun(env.tx, { instance_id: inst.id, node_id: node.id, node_type: 'approval', node_name: node.name, status: 'skipped', note: res.note });
    await insertAction(env.tx, { instance_id: inst.id, action: 'skip', actor_id: null, node_id: node.id, comment: res.note });
    return run;
  }
  const now = Date.now();
  const due = node.deadlineHours
    ? new Date(now + node.deadlineHours * HOUR)
    : node.deadlineWorkingDays
      ? await endOfWorkingDays(env.tx, new Date(now), node.deadlineWorkingDays)
      : null;
  const remind = due ? new Date(due.getTime() - (node.remindBeforeHours ?? 0) * HOUR) : null;
  const run = await insertRun(env.tx, { instance_id: inst.id, node_id: node.id, node_type: 'approval', node_name: node.name, status: 'active', note: res.note, due_at: due, timeout_action: node.timeoutAction ?? 'none' });
  if (res.note) await insertAction(env.tx, { instance_id: inst.id, action: res.note.includes('管理员') ? 'fallback' : 'skip', actor_id: null, node_id: node.id, comment: res.note });
  let prev: TaskRow | undefined;
  const notified: number[] = [];
  for (const [slot, userId] of res.userIds.entries()) {
    const sequentialWait = node.mode === 'sequential' && prev;
    prev = await insertTask(env.tx, {
      instance_id: inst.id,
      node_run_id: run.id,
      kind: 'approve',
      origin: 'assigned',
      slot,
      assignee_id: userId,
      status: sequentialWait ? 'waiting' : 'pending',
      waits_for: sequentialWait ? prev!.id : null,
      due_at: due,
      remind_at: remind,
    });
    if (!sequentialWait) notified.push(userId);
  }
  await tell(env, notified, todoMessage(inst, node.name));
  return run;
}

function todoMessage(inst: InstanceRow, nodeName: string): NotificationInput {
  return { category: 'todo', title: `待审批：${inst.title}`, body: `节点：${nodeName}`, ...aboutInstance(inst.id) };
}

async function openCc(env: Env, inst: InstanceRow, node: ProcessNode & { type: 'cc' }): Promise<RunRow> {
  const users = [...new Set(await resolveStrategy(env.tx, node.id, node.strategy, { starterId: inst.starter_id, chosen: inst.chosen, includeDemo: env.p.config.demo }))];
  const run = await insertRun(env.tx, { instance_id: inst.id, node_id: node.id, node_type: 'cc', node_name: node.name, status: 'done', note: users.length ? '' : '未找到抄送人' });
  for (const [slot, userId] of users.entries())
    await insertTask(env.tx, { instance_id: inst.id, node_run_id: run.id, kind: 'cc', origin: 'cc', slot, assignee_id: userId, status: 'unread' });
  if (users.length) {
    await insertAction(env.tx, { instance_id: inst.id, action: 'cc', actor_id: null, node_id: node.id, comment: `抄送 ${users.length} 人` });
    await tell(env, users, { category: 'cc', title: `抄送：${inst.title}`, body: '', ...aboutInstance(inst.id) });
  }
  return run;
}

/** Re-walks the tree after a change and ends the instance when the walk reaches the end or a rejection. */
async function advance(env: Env, inst: InstanceRow, actorId: number | null): Promise<void> {
  const tree = await treeOf(env, inst);
  const runs = new Map((await findLiveRuns(env.tx, inst.id)).map((r) => [r.node_id, r]));
  const r = await walk(env, inst, tree, tree.nodes, runs);
  if (r === 'done') await finish(env, inst, 'approved', actorId);
  else if (r === 'rejected') await finish(env, inst, 'rejected', actorId);
}

async function finish(env: Env, inst: InstanceRow, outcome: DecisionContext['outcome'], actorId: number | null) {
  await finishInstance(env.tx, inst.id, outcome);
  await closeOpenWork(env.tx, inst.id);
  await insertAction(env.tx, { instance_id: inst.id, action: 'finish', actor_id: null, comment: OUTCOME_NAMES[outcome] });
  const type = businessType(env.p, inst.business_type);
  const ctx: DecisionContext = {
    tx: env.tx,
    platform: env.p,
    instance: { id: inst.id, businessType: inst.business_type, businessKey: inst.business_key, form: inst.form, starterId: inst.starter_id, unitId: inst.unit_id },
    actorId,
    outcome,
  };
  if (outcome === 'approved') await type.onApproved?.(ctx);
  else if (outcome === 'rejected') await type.onRejected?.(ctx);
  else await type.onCancelled?.(ctx);
  if (outcome === 'approved' || outcome === 'rejected')
    await tell(env, [inst.starter_id], {
      category: 'result',
      title: `${OUTCOME_NAMES[outcome]}：${inst.title}`,
      body: '',
      ...aboutInstance(inst.id),
    });
}

export const OUTCOME_NAMES = { approved: '审批通过', rejected: '审批未通过', withdrawn: '已撤回', cancelled: '已取消' } as const;

// ------------------------------------------------------------------ deciding a node

/**
 * A node's outcome from its tasks. Base approvers (one per slot; a transfer keeps the slot) decide by mode:
 * 依次 all in order, 会签 at least ceil(ratio × n), 或签 the first. Approvers added by 加签 must all approve.
 */
export function nodeOutcome(node: ApprovalNode, tasks: TaskRow[]): 'approved' | 'rejected' | 'open' {
  const live = (origin: 'assigned' | 'added') => {
    const bySlot = new Map<number, TaskRow>();
    for (const t of tasks) if (t.origin === origin && t.status !== 'transferred' && t.status !== 'cancelled') bySlot.set(t.slot, t);
    return [...bySlot.values()];
  };
  const base = live('assigned');
  const added = live('added');
  const n = base.length;
  const a = base.filter((t) => t.status === 'approved').length;
  const r = base.filter((t) => t.status === 'rejected').length;
  const need = node.mode === 'any' ? 1 : node.mode === 'sequential' ? n : Math.max(1, Math.ceil((node.passRatio ?? 1) * n - 1e-9));
  const baseRejected = node.mode === 'all' ? r > n - need : r > 0;
  if (baseRejected || added.some((t) => t.status === 'rejected')) return 'rejected';
  if (a >= need && added.every((t) => t.status === 'approved')) return 'approved';
  return 'open';
}

async function decideNode(env: Env, inst: InstanceRow, run: RunRow, actorId: number | null) {
  const tree = await treeOf(env, inst);
  const node = findNode(tree.nodes, run.node_id);
  if (node?.type !== 'approval') return;
  const outcome = nodeOutcome(node, await findTasksOfRun(env.tx, run.id));
  if (outcome === 'open') return;
  await finishRun(env.tx, run.id, outcome);
  await cancelOpenTasksOfRun(env.tx, run.id);
  await advance(env, inst, actorId);
}

// ------------------------------------------------------------------ task actions

export interface ActInput {
  comment?: string;
  fileIds?: string[];
}

/** Locks the instance, then takes the task: the loser of a race gets TASK_HANDLED, a stranger gets 404. */
async function takeTask(
  env: Env,
  taskId: number,
  actorId: number | null,
  to: TaskRow['status'] | ((t: TaskRow) => TaskRow['status']),
  comment?: string,
  acted = true,
) {
  const peek = await findTask(env.tx, taskId);
  if (!peek || (actorId !== null && peek.assignee_id !== actorId)) throw notFound('待办');
  const inst = await lockInstance(env.tx, peek.instance_id);
  if (!inst) throw notFound('审批');
  if (inst.status !== 'running') throw conflict('该审批已结束，请刷新', 'WF_FINISHED');
  if (peek.status === 'waiting' || peek.status === 'delegated') throw conflict('尚未轮到您办理（等待前序审批人或被委派人）', 'TASK_NOT_READY');
  const status = typeof to === 'function' ? to(peek) : to;
  const task = await claimTask(env.tx, taskId, actorId, { status, comment: comment ?? null, acted });
  if (!task) throw conflict('该待办已被处理（可能他人已经办理），请刷新后查看', 'TASK_HANDLED');
  if (task.kind === 'cc') throw invalid('抄送不需要办理');
  const run = (await findRun(env.tx, task.node_run_id))!;
  return { inst, task, run };
}

async function record(env: Env, inst: InstanceRow, task: TaskRow | null, run: RunRow | null, action: ActionKind, actorId: number | null, input: ActInput, targetId?: number) {
  const id = await insertAction(env.tx, {
    instance_id: inst.id,
    task_id: task?.id ?? null,
    node_id: run?.node_id ?? null,
    action,
    actor_id: actorId,
    target_id: targetId ?? null,
    comment: input.comment?.trim() ?? '',
  });
  if (input.fileIds?.length && actorId !== null) {
    const n = await attachFiles(env.tx, id, input.fileIds, actorId);
    if (n !== input.fileIds.length) throw invalid('附件不存在、已被使用或不是您上传的');
  }
  return id;
}

async function notifyReleased(env: Env, inst: InstanceRow, run: RunRow, released: TaskRow[]) {
  if (!released.length) return;
  const tree = await treeOf(env, inst);
  await tell(env, released.map((t) => t.assignee_id), todoMessage(inst, findNode(tree.nodes, run.node_id)?.name ?? ''));
}

export async function approve(env: Env, actorId: number | null, taskId: number, input: ActInput = {}, action: ActionKind = 'approve') {
  const { inst, task, run } = await takeTask(env, taskId, actorId, (t) => (t.kind === 'delegate' ? 'done' : 'approved'), input.comment);
  if (task.kind === 'delegate') {
    // 委派: the helper's opinion goes back to the owner, who decides.
    await record(env, inst, task, run, 'resolve', actorId, input);
    const back = await releaseWaiting(env.tx, task.id);
    await notifyReleased(env, inst, run, back);
    return inst;
  }
  await record(env, inst, task, run, action, actorId, input);
  await notifyReleased(env, inst, run, await releaseWaiting(env.tx, task.id));
  await decideNode(env, inst, run, actorId);
  return inst;
}

/** Reject: a vote against (the node decides by its mode), or, with `toNodeId`, a return to an earlier node. */
export async function reject(env: Env, actorId: number | null, taskId: number, input: ActInput & { toNodeId?: string } = {}, action: ActionKind = 'reject') {
  if (!input.comment?.trim() && actorId !== null) throw invalid('请填写拒绝或退回的理由', [{ field: 'comment', message: '请填写理由' }]);
  const { inst, task, run } = await takeTask(env, taskId, actorId, 'rejected', input.comment);
  if (task.kind === 'delegate') throw invalid('委派的待办只能办理并返回意见，不能拒绝');
  if (input.toNodeId) {
    const target = (await findLiveRuns(env.tx, inst.id)).find((r) => r.node_id === input.toNodeId);
    if (!target || target.node_type !== 'approval' || target.status !== 'approved' || target.id >= run.id || target.instance_id !== inst.id)
      throw invalid('只能退回到已经审批通过的前序节点');
    await record(env, inst, task, run, 'return', actorId, input);
    await supersedeRunsFrom(env.tx, inst.id, target.id);
    await advance(env, inst, actorId);
    return inst;
  }
  await record(env, inst, task, run, action, actorId, input);
  await decideNode(env, inst, run, actorId);
  return inst;
}

async function assertUser(env: Env, userId: number) {
  const u = await env.tx.selectFrom('app_user').select(['id', 'status']).where('id', '=', userId).executeTakeFirst();
  if (!u || u.status !== 'active') throw invalid('所选人员不存在或已停用', [{ field: 'userId', message: '所选人员不存在或已停用' }]);
}

/** 转办: the task moves to someone else, who decides in the same position. */
export async function transfer(env: Env, actorId: number, taskId: number, toUserId: number, input: ActInput = {}, asManager = false) {
  if (toUserId === actorId) throw invalid('不能转办给自己');
  await assertUser(env, toUserId);
  const { inst, task, run } = await takeTask(env, taskId, asManager ? null : actorId, 'transferred', input.comment);
  const next = await insertTask(env.tx, {
    instance_id: inst.id,
    node_run_id: run.id,
    kind: task.kind,
    origin: task.origin,
    slot: task.slot,
    assignee_id: toUserId,
    status: 'pending',
    parent_id: task.id,
    due_at: task.due_at,
    remind_at: task.remind_at,
  });
  await redirectWaits(env.tx, task.id, next.id);
  await record(env, inst, task, run, 'transfer', actorId, input, toUserId);
  await notifyReleased(env, inst, run, [next]);
  return inst;
}

/** 委派: someone else gives an opinion; the task comes back to its owner to decide. */
export async function delegate(env: Env, actorId: number, taskId: number, toUserId: number, input: ActInput = {}) {
  if (toUserId === actorId) throw invalid('不能委派给自己');
  await assertUser(env, toUserId);
  const { inst, task, run } = await takeTask(env, taskId, actorId, 'delegated', input.comment, false);
  if (task.kind === 'delegate') throw invalid('委派的待办不能再委派');
  const helper = await insertTask(env.tx, {
    instance_id: inst.id,
    node_run_id: run.id,
    kind: 'delegate',
    origin: 'delegate',
    slot: task.slot,
    assignee_id: toUserId,
    status: 'pending',
    parent_id: task.id,
    due_at: task.due_at,
    remind_at: task.remind_at,
  });
  await setTaskStatus(env.tx, task.id, 'delegated', { waits_for: helper.id });
  await record(env, inst, task, run, 'delegate', actorId, input, toUserId);
  await notifyReleased(env, inst, run, [helper]);
  return inst;
}

/** 加签: before — the added approvers decide first, then the task returns; after — the task is approved and they follow. */
export async function addApprovers(env: Env, actorId: number, taskId: number, userIds: number[], where: 'before' | 'after', input: ActInput = {}) {
  const ids = [...new Set(userIds)].filter((id) => id !== actorId);
  if (!ids.length) throw invalid('请选择要加签的人员（不能是自己）', [{ field: 'userIds', message: '请选择人员' }]);
  for (const id of ids) await assertUser(env, id);
  const { inst, task, run } = await takeTask(env, taskId, actorId, where === 'before' ? 'waiting' : 'approved', input.comment, where === 'after');
  if (task.kind === 'delegate') throw invalid('委派的待办不能加签');
  let slot = (await maxSlot(env.tx, run.id)) + 1;
  let prev: TaskRow | undefined;
  const added: TaskRow[] = [];
  for (const userId of ids) {
    prev = await insertTask(env.tx, {
      instance_id: inst.id,
      node_run_id: run.id,
      kind: 'approve',
      origin: 'added',
      slot: slot++,
      assignee_id: userId,
      status: prev ? 'waiting' : 'pending',
      waits_for: prev?.id ?? null,
      parent_id: task.id,
      due_at: task.due_at,
      remind_at: task.remind_at,
    });
    added.push(prev);
  }
  if (where === 'before') await setTaskStatus(env.tx, task.id, 'waiting', { waits_for: prev!.id });
  for (const id of ids) await record(env, inst, task, run, where === 'before' ? 'add_before' : 'add_after', actorId, id === ids[0] ? input : {}, id);
  await notifyReleased(env, inst, run, added.slice(0, 1));
  if (where === 'after') await notifyReleased(env, inst, run, await releaseWaiting(env.tx, task.id));
  return inst;
}

// ------------------------------------------------------------------ starter actions

async function lockOwn(env: Env, instanceId: number, actorId: number, asManager: boolean) {
  const inst = await lockInstance(env.tx, instanceId);
  if (!inst || (!asManager && inst.starter_id !== actorId)) throw notFound('审批');
  if (inst.status !== 'running') throw conflict('该审批已结束，请刷新', 'WF_FINISHED');
  return inst;
}

/** 撤回: the starter takes it back while nobody has acted yet. */
export async function withdraw(env: Env, actorId: number, instanceId: number, input: ActInput = {}) {
  const inst = await lockOwn(env, instanceId, actorId, false);
  if (await anyoneActed(env.tx, inst.id)) throw conflict('已有审批人处理，不能撤回；如需终止请使用“取消”', 'WF_ALREADY_ACTED');
  await record(env, inst, null, null, 'withdraw', actorId, input);
  const pending = await pendingAssignees(env.tx, inst.id);
  await finish(env, inst, 'withdrawn', actorId);
  await tell(env, pending, { category: 'result', title: `已撤回：${inst.title}`, body: '', ...aboutInstance(inst.id) });
  return inst;
}

/** 取消: the starter (or a process manager) ends a running approval at any point. */
export async function cancel(env: Env, actorId: number, instanceId: number, input: ActInput = {}, asManager = false) {
  const inst = await lockOwn(env, instanceId, actorId, asManager);
  if (!input.comment?.trim()) throw invalid('请填写取消原因', [{ field: 'comment', message: '请填写取消原因' }]);
  await record(env, inst, null, null, 'cancel', actorId, input);
  const pending = await pendingAssignees(env.tx, inst.id);
  await finish(env, inst, 'cancelled', actorId);
  await tell(env, [...pending, inst.starter_id].filter((u) => u !== actorId), {
    category: 'result',
    title: `已取消：${inst.title}`,
    body: input.comment.trim(),
    ...aboutInstance(inst.id),
  });
  return inst;
}

/** 催办: reminds everyone with a pending task; at most once per interval. */
export async function urge(env: Env, actorId: number, instanceId: number, minIntervalMinutes: number, input: ActInput = {}) {
  const inst = await lockOwn(env, instanceId, actorId, false);
  if (inst.last_urged_at && Date.now() - new Date(inst.last_urged_at).getTime() < minIntervalMinutes * 60_000)
    throw new AppError('WF_URGE_TOO_OFTEN', `催办过于频繁，请 ${minIntervalMinutes} 分钟后再试`, 429);
  const users = await pendingAssignees(env.tx, inst.id);
  await markUrged(env.tx, inst.id);
  await record(env, inst, null, null, 'urge', actorId, input);
  await tell(env, users, {
    category: 'urge',
    title: `催办：${inst.title}`,
    body: input.comment?.trim() || '发起人提醒您尽快审批',
    ...aboutInstance(inst.id),
    dedupeKey: `urge:${inst.id}:${Date.now()}`,
  });
  return users.length;
}

export async function comment(env: Env, actorId: number, instanceId: number, input: ActInput) {
  const inst = await lockInstance(env.tx, instanceId);
  if (!inst) throw notFound('审批');
  if (!input.comment?.trim() && !input.fileIds?.length) throw invalid('请填写评论内容或添加附件', [{ field: 'comment', message: '请填写评论' }]);
  await record(env, inst, null, null, 'comment', actorId, input);
  return inst;
}

// ------------------------------------------------------------------ deadlines (run by the scheduler)

/** The timeout action of a node, taken by the system on one overdue task. */
export async function timeoutTask(env: Env, task: TaskRow, action: 'approve' | 'reject') {
  const comment = action === 'approve' ? '超过办理时限，系统自动同意' : '超过办理时限，系统自动拒绝';
  if (action === 'approve') return approve(env, null, task.id, { comment }, 'timeout');
  return reject(env, null, task.id, { comment }, 'timeout');
}

export { findNode, advance };
