import { Type } from 'typebox';
import type { Db } from '../../db/connection.js';
import type { AuthContext } from '../identity/auth.context.js';
import { resolveApprovers, resolveStrategy } from './approver.resolver.js';
import { findUserNames } from './approver.repository.js';
import { type ProcessNode, type ProcessTree, STRATEGY_NAMES, type Strategy } from './definition.js';
import { evaluateCondition } from './expression.js';
import { AppError } from '../errors.js';
import type { InstanceRow, RunRow, TaskRow } from './workflow.repository.js';

/** The flowchart: the definition tree with each node's state and people, as the detail page and the designer preview draw it. */
export const FlowTask = Type.Object({
  id: Type.Union([Type.Integer(), Type.Null()]),
  assigneeId: Type.Integer(),
  assigneeName: Type.String(),
  status: Type.String(),
  origin: Type.String(),
  actedAt: Type.Union([Type.String(), Type.Null()]),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
});
export const FlowNode = Type.Cyclic(
  {
    FlowNode: Type.Object({
      id: Type.String(),
      type: Type.String(),
      name: Type.String(),
      /** waiting (not reached yet) · active · approved · rejected · skipped · done · cancelled · not_taken · preview */
      state: Type.String(),
      note: Type.String(),
      mode: Type.Union([Type.String(), Type.Null()]),
      strategy: Type.String(),
      tasks: Type.Array(FlowTask),
      branches: Type.Array(
        Type.Object({ id: Type.String(), name: Type.String(), when: Type.Union([Type.String(), Type.Null()]), taken: Type.Boolean(), nodes: Type.Array(Type.Ref('FlowNode')) }),
      ),
    }),
  },
  'FlowNode',
);

export interface FlowTaskOut {
  id: number | null;
  assigneeId: number;
  assigneeName: string;
  status: string;
  origin: string;
  actedAt: string | null;
  dueAt: string | null;
  comment: string | null;
}
export interface FlowNodeOut {
  id: string;
  type: string;
  name: string;
  state: string;
  note: string;
  mode: string | null;
  strategy: string;
  tasks: FlowTaskOut[];
  branches: { id: string; name: string; when: string | null; taken: boolean; nodes: FlowNodeOut[] }[];
}

const MODE_NAMES = { sequential: '依次审批', all: '会签', any: '或签' } as const;
const LEVEL_NAMES = { own: '本级', county: '县级', city: '市级', province: '省级' } as const;

export function describeStrategy(s: Strategy, roleNames: Map<string, string>): string {
  switch (s.kind) {
    case 'users':
      return `${STRATEGY_NAMES.users}（${s.userIds.length} 人）`;
    case 'starter_chosen':
      return STRATEGY_NAMES.starter_chosen;
    case 'dept_head':
      return s.levels === 1 ? '发起人所在部门负责人' : `发起人所在部门起逐级向上 ${s.levels} 级负责人`;
    case 'role': {
      const roles = s.roleCodes.map((c) => roleNames.get(c) ?? c).join('、');
      const where =
        s.at === 'starter_unit' ? '发起人单位' : s.at === 'supervising_unit' ? '主管单位' : `${LEVEL_NAMES[s.bureauLevel ?? 'own']}机关事务管理局${s.nearest ? '（无人时逐级向上）' : ''}`;
      return `${where}的${roles}`;
    }
  }
}

export async function roleNameMap(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('role').select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Annotates the instance's tree with its runs and tasks. Nodes not reached yet are 'waiting'; untaken branches 'not_taken'. */
export async function flowOfInstance(db: Db, tree: ProcessTree, runs: RunRow[], tasks: TaskRow[]): Promise<FlowNodeOut[]> {
  const live = new Map(runs.filter((r) => r.status !== 'superseded').map((r) => [r.node_id, r]));
  const names = await findUserNames(db, [...new Set(tasks.map((t) => t.assignee_id))]);
  const roles = await roleNameMap(db);
  const tasksOf = (runId: number) =>
    tasks
      .filter((t) => t.node_run_id === runId && t.status !== 'cancelled')
      .map((t) => ({
        id: t.id,
        assigneeId: t.assignee_id,
        assigneeName: names.get(t.assignee_id) ?? `#${t.assignee_id}`,
        status: t.status,
        origin: t.origin,
        actedAt: iso(t.acted_at),
        dueAt: iso(t.due_at),
        comment: t.comment,
      }));
  const build = (nodes: ProcessNode[], reachable: boolean): FlowNodeOut[] =>
    nodes.map((n) => {
      const run = reachable ? live.get(n.id) : undefined;
      const state = !reachable ? 'not_taken' : run ? run.status : 'waiting';
      const base: FlowNodeOut = {
        id: n.id,
        type: n.type,
        name: n.name,
        state,
        note: run?.note ?? '',
        mode: n.type === 'approval' ? MODE_NAMES[n.mode] + (n.mode === 'all' && n.passRatio && n.passRatio < 1 ? `（${Math.round(n.passRatio * 100)}% 通过）` : '') : null,
        strategy: n.type === 'approval' || n.type === 'cc' ? describeStrategy(n.strategy, roles) : '',
        tasks: run ? tasksOf(run.id) : [],
        branches: [],
      };
      if (n.type === 'condition')
        base.branches = n.branches.map((b) => {
          const taken = !!run && run.branch === b.id;
          return { id: b.id, name: b.name, when: b.when ?? null, taken, nodes: build(b.nodes, reachable && (taken || !run)) };
        });
      if (n.type === 'parallel') base.branches = n.branches.map((b) => ({ id: b.id, name: b.name, when: null, taken: true, nodes: build(b.nodes, reachable) }));
      return base;
    });
  return build(tree.nodes, true);
}

/** The path a form would take for a starter, with the approvers each node would get — without writing anything. */
export async function previewFlow(
  db: Db,
  tree: ProcessTree,
  form: Record<string, unknown>,
  starterId: number,
  includeDemo: boolean,
  chosen: Record<string, number[]> = {},
): Promise<FlowNodeOut[]> {
  const roles = await roleNameMap(db);
  const input = { starterId, chosen, includeDemo };
  const people = async (ids: number[], status: string): Promise<FlowTaskOut[]> => {
    const names = await findUserNames(db, ids);
    return ids.map((id) => ({ id: null, assigneeId: id, assigneeName: names.get(id) ?? `#${id}`, status, origin: 'assigned', actedAt: null, dueAt: null, comment: null }));
  };
  const build = async (nodes: ProcessNode[], reachable: boolean): Promise<FlowNodeOut[]> => {
    const out: FlowNodeOut[] = [];
    for (const n of nodes) {
      const base: FlowNodeOut = { id: n.id, type: n.type, name: n.name, state: reachable ? 'preview' : 'not_taken', note: '', mode: null, strategy: '', tasks: [], branches: [] };
      if (n.type === 'approval') {
        base.mode = MODE_NAMES[n.mode];
        base.strategy = describeStrategy(n.strategy, roles);
        if (reachable)
          try {
            const r = await resolveApprovers(db, tree, n, input);
            base.tasks = await people(r.userIds, 'preview');
            base.note = r.note;
            if (r.outcome === 'skipped') base.state = 'skipped';
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            base.state = 'error';
            base.note = e.message;
          }
      } else if (n.type === 'cc') {
        base.strategy = describeStrategy(n.strategy, roles);
        if (reachable) base.tasks = await people([...new Set(await resolveStrategy(db, n.id, n.strategy, input))], 'preview');
      } else if (n.type === 'condition') {
        let chosenBranch: string | undefined;
        for (const b of n.branches)
          if (!b.when || evaluateCondition(b.when, form)) {
            chosenBranch = b.id;
            break;
          }
        if (reachable && !chosenBranch) {
          base.state = 'error';
          base.note = '没有符合条件的分支';
        }
        for (const b of n.branches) {
          const taken = reachable && b.id === chosenBranch;
          base.branches.push({ id: b.id, name: b.name, when: b.when ?? null, taken, nodes: await build(b.nodes, taken) });
        }
      } else {
        for (const b of n.branches) base.branches.push({ id: b.id, name: b.name, when: null, taken: reachable, nodes: await build(b.nodes, reachable) });
      }
      out.push(base);
    }
    return out;
  };
  return build(tree.nodes, true);
}

/** What the caller may do on this instance now; the UI shows exactly these buttons. */
export function instanceActions(
  auth: AuthContext,
  inst: InstanceRow,
  myTask: TaskRow | undefined,
  opts: { anyoneActed: boolean; returnable: boolean; manager: boolean },
): string[] {
  const a: string[] = ['comment'];
  if (inst.status !== 'running') return a;
  if (myTask) {
    a.push('approve');
    if (myTask.kind !== 'delegate') {
      a.push('reject', 'transfer', 'delegate', 'add_before', 'add_after');
      if (opts.returnable) a.push('return');
    }
  }
  const starter = inst.starter_id === auth.userId;
  if (starter && !opts.anyoneActed) a.push('withdraw');
  if (starter) a.push('urge');
  if (starter || opts.manager) a.push('cancel');
  return a;
}
