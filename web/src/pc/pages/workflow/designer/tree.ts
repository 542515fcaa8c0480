// The process tree the designer edits, and pure helpers over it: ids, insert / remove / move / replace nodes,
// branches, local checks before saving, and mapping the server's validation details back onto nodes.
// Every helper returns a new tree (React state) and leaves its input untouched.
import type { components } from '../../../../api/schema';

export type ProcessNode = components['schemas']['def-1'];
export type ApprovalNode = Extract<ProcessNode, { type: 'approval' }>;
export type CcNode = Extract<ProcessNode, { type: 'cc' }>;
export type ConditionNode = Extract<ProcessNode, { type: 'condition' }>;
export type ParallelNode = Extract<ProcessNode, { type: 'parallel' }>;
export type BranchNode = ConditionNode | ParallelNode;
export type ConditionBranch = ConditionNode['branches'][number];
export type ParallelBranch = ParallelNode['branches'][number];
export type Strategy = ApprovalNode['strategy'];
export type NodeKind = ProcessNode['type'];

export interface ProcessTree {
  nodes: ProcessNode[];
  adminUserIds?: number[];
}

/** Where a sequence of nodes lives: the top level (null) or one branch of a condition / parallel node. */
export type Slot = { nodeId: string; branchId: string } | null;

export interface Problem {
  /** a node id, `<nodeId>/<branchId>` for a branch, or 'nodes' for the whole tree (the server's convention) */
  field: string;
  message: string;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/** `n` + 6 random base-36 characters, e.g. "n4k2z9q". */
export function newId(random: () => number = Math.random): string {
  let s = 'n';
  for (let i = 0; i < 6; i++) s += Math.floor(random() * 36).toString(36);
  return s;
}

/** A fresh id that is not in `taken` (which it then joins). */
export function uniqueId(taken: Set<string>, random: () => number = Math.random): string {
  for (;;) {
    const id = newId(random);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

export function isBranchNode(node: ProcessNode): node is BranchNode {
  return node.type === 'condition' || node.type === 'parallel';
}

/** Every node and branch id of the tree. */
export function collectIds(nodes: readonly ProcessNode[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    into.add(node.id);
    if (isBranchNode(node))
      for (const b of node.branches) {
        into.add(b.id);
        collectIds(b.nodes, into);
      }
  }
  return into;
}

/** Every node, depth first. */
export function* walk(nodes: readonly ProcessNode[]): Generator<ProcessNode> {
  for (const node of nodes) {
    yield node;
    if (isBranchNode(node)) for (const b of node.branches) yield* walk(b.nodes);
  }
}

export function countNodes(nodes: readonly ProcessNode[]): number {
  let n = 0;
  for (const _ of walk(nodes)) n++;
  return n;
}

export function findNode(nodes: readonly ProcessNode[], id: string): ProcessNode | undefined {
  for (const node of walk(nodes)) if (node.id === id) return node;
  return undefined;
}

export const NODE_KIND_NAMES: Record<NodeKind, string> = {
  approval: '审批人',
  cc: '抄送人',
  condition: '条件分支',
  parallel: '并行分支',
};

export function newApproval(taken: Set<string>, name = '审批人'): ApprovalNode {
  return {
    id: uniqueId(taken),
    type: 'approval',
    name,
    strategy: { kind: 'users', userIds: [] },
    mode: 'any',
    noApprover: 'skip',
    selfApprove: 'skip',
  };
}

/** A new node of `kind` with sensible defaults; branch nodes come with two branches. */
export function createNode(kind: NodeKind, taken: Set<string>): ProcessNode {
  switch (kind) {
    case 'approval':
      return newApproval(taken);
    case 'cc':
      return { id: uniqueId(taken), type: 'cc', name: '抄送人', strategy: { kind: 'users', userIds: [] } };
    case 'condition':
      return {
        id: uniqueId(taken),
        type: 'condition',
        name: '条件分支',
        branches: [
          { id: uniqueId(taken), name: '条件1', nodes: [], when: '' },
          { id: uniqueId(taken), name: '其他情况', nodes: [] },
        ],
      };
    case 'parallel':
      return {
        id: uniqueId(taken),
        type: 'parallel',
        name: '并行分支',
        branches: [
          { id: uniqueId(taken), name: '分支1', nodes: [newApproval(taken)] },
          { id: uniqueId(taken), name: '分支2', nodes: [newApproval(taken)] },
        ],
      };
  }
}

/** A branch node with every branch's node list rewritten. */
function mapBranches(node: BranchNode, fn: (nodes: ProcessNode[], branchId: string) => ProcessNode[]): BranchNode {
  if (node.type === 'condition') return { ...node, branches: node.branches.map((b) => ({ ...b, nodes: fn(b.nodes, b.id) })) };
  return { ...node, branches: node.branches.map((b) => ({ ...b, nodes: fn(b.nodes, b.id) })) };
}

/** Rewrites the node list at `slot` (top level when null); lists elsewhere are kept as they are. */
function updateList(
  nodes: readonly ProcessNode[],
  slot: Slot,
  update: (list: ProcessNode[]) => ProcessNode[],
): ProcessNode[] {
  if (slot === null) return update([...nodes]);
  return nodes.map((node) => {
    if (!isBranchNode(node)) return node;
    if (node.id === slot.nodeId) return mapBranches(node, (list, branchId) => (branchId === slot.branchId ? update([...list]) : list));
    return mapBranches(node, (list) => updateList(list, slot, update));
  });
}

/** The node list at `slot`, or undefined when the slot does not exist. */
export function listAt(nodes: readonly ProcessNode[], slot: Slot): readonly ProcessNode[] | undefined {
  if (slot === null) return nodes;
  const owner = findNode(nodes, slot.nodeId);
  if (!owner || !isBranchNode(owner)) return undefined;
  return owner.branches.find((b) => b.id === slot.branchId)?.nodes;
}

/** Inserts `node` at `index` of the list at `slot` (clamped to the list). */
export function insertNode(nodes: readonly ProcessNode[], slot: Slot, index: number, node: ProcessNode): ProcessNode[] {
  return updateList(nodes, slot, (list) => {
    const at = Math.max(0, Math.min(index, list.length));
    list.splice(at, 0, node);
    return list;
  });
}

/** The slot holding node `id` and its index there. */
export function locate(nodes: readonly ProcessNode[], id: string, slot: Slot = null): { slot: Slot; index: number } | undefined {
  for (const [index, node] of nodes.entries()) {
    if (node.id === id) return { slot, index };
    if (isBranchNode(node))
      for (const b of node.branches) {
        const found = locate(b.nodes, id, { nodeId: node.id, branchId: b.id });
        if (found) return found;
      }
  }
  return undefined;
}

export function removeNode(nodes: readonly ProcessNode[], id: string): ProcessNode[] {
  const at = locate(nodes, id);
  if (!at) return [...nodes];
  return updateList(nodes, at.slot, (list) => list.filter((n) => n.id !== id));
}

/** Moves node `id` up (-1) or down (+1) within its own list; no-op at either end. */
export function moveNode(nodes: readonly ProcessNode[], id: string, delta: -1 | 1): ProcessNode[] {
  const at = locate(nodes, id);
  if (!at) return [...nodes];
  return updateList(nodes, at.slot, (list) => {
    const to = at.index + delta;
    if (to < 0 || to >= list.length) return list;
    const [node] = list.splice(at.index, 1);
    list.splice(to, 0, node!);
    return list;
  });
}

/** Puts `node` in place of the node with the same id. */
export function replaceNode(nodes: readonly ProcessNode[], node: ProcessNode): ProcessNode[] {
  const at = locate(nodes, node.id);
  if (!at) return [...nodes];
  return updateList(nodes, at.slot, (list) => list.map((n) => (n.id === node.id ? node : n)));
}

/** The default branch of a condition: the last one, when it has no condition. */
export function isDefaultBranch(node: ConditionNode, index: number): boolean {
  return index === node.branches.length - 1 && !node.branches[index]?.when;
}

/**
 * Adds a branch: to a condition before its default branch (which must stay last), to a parallel node at the end
 * with one approval node (a parallel branch may not be empty).
 */
export function addBranch(node: BranchNode, taken: Set<string>): BranchNode {
  if (node.type === 'parallel') {
    const n = node.branches.length + 1;
    return { ...node, branches: [...node.branches, { id: uniqueId(taken), name: `分支${n}`, nodes: [newApproval(taken)] }] };
  }
  const branches = [...node.branches];
  const hasDefault = isDefaultBranch(node, branches.length - 1);
  const at = hasDefault ? branches.length - 1 : branches.length;
  branches.splice(at, 0, { id: uniqueId(taken), name: `条件${at + 1}`, nodes: [], when: '' });
  return { ...node, branches };
}

/** Removes a branch unless only two are left (both kinds need at least two). */
export function removeBranch(node: BranchNode, branchId: string): BranchNode {
  if (node.branches.length <= 2) return node;
  if (node.type === 'condition') return { ...node, branches: node.branches.filter((b) => b.id !== branchId) };
  return { ...node, branches: node.branches.filter((b) => b.id !== branchId) };
}

/** Swaps a condition branch with its neighbour (priority order: the first branch whose condition holds wins). */
export function moveBranch(node: ConditionNode, branchId: string, delta: -1 | 1): ConditionNode {
  const i = node.branches.findIndex((b) => b.id === branchId);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= node.branches.length) return node;
  const branches = [...node.branches];
  [branches[i], branches[j]] = [branches[j]!, branches[i]!];
  return { ...node, branches };
}

/** Drops empty optional fields and fields that do not apply, so the tree is what the server accepts. */
export function normalizeNode(node: ProcessNode): ProcessNode {
  if (node.type === 'approval') {
    const out: ApprovalNode = {
      id: node.id,
      type: 'approval',
      name: node.name.trim(),
      strategy: normalizeStrategy(node.strategy),
      mode: node.mode,
      noApprover: node.noApprover,
      selfApprove: node.selfApprove,
    };
    if (node.mode === 'all' && node.passRatio !== undefined && node.passRatio !== null) out.passRatio = node.passRatio;
    if (node.noApprover === 'admin' && node.adminUserIds?.length) out.adminUserIds = node.adminUserIds;
    const workingDays = node.deadlineWorkingDays !== undefined && node.deadlineWorkingDays !== null;
    if (workingDays) out.deadlineWorkingDays = node.deadlineWorkingDays;
    if ((node.deadlineHours !== undefined && node.deadlineHours !== null) || workingDays) {
      if (!workingDays) out.deadlineHours = node.deadlineHours;
      if (node.remindBeforeHours !== undefined && node.remindBeforeHours !== null) out.remindBeforeHours = node.remindBeforeHours;
      if (node.timeoutAction) out.timeoutAction = node.timeoutAction;
    }
    return out;
  }
  if (node.type === 'cc') return { id: node.id, type: 'cc', name: node.name.trim(), strategy: normalizeStrategy(node.strategy) };
  if (node.type === 'condition')
    return {
      ...node,
      name: node.name.trim(),
      branches: node.branches.map((b) => {
        const when = b.when?.trim();
        return when
          ? { id: b.id, name: b.name.trim(), when, nodes: b.nodes.map(normalizeNode) }
          : { id: b.id, name: b.name.trim(), nodes: b.nodes.map(normalizeNode) };
      }),
    };
  return { ...node, name: node.name.trim(), branches: node.branches.map((b) => ({ ...b, name: b.name.trim(), nodes: b.nodes.map(normalizeNode) })) };
}

export function normalizeStrategy(s: Strategy): Strategy {
  switch (s.kind) {
    case 'users':
      return { kind: 'users', userIds: [...new Set(s.userIds)] };
    case 'role': {
      const out: Strategy = { kind: 'role', roleCodes: [...new Set(s.roleCodes)], at: s.at };
      if (s.at === 'bureau') {
        if (s.bureauLevel) out.bureauLevel = s.bureauLevel;
        if (s.nearest) out.nearest = true;
      }
      return out;
    }
    case 'dept_head':
      return { kind: 'dept_head', levels: s.levels };
    case 'starter_chosen':
      return s.max ? { kind: 'starter_chosen', max: s.max } : { kind: 'starter_chosen' };
  }
}

export function normalizeTree(tree: ProcessTree): ProcessTree {
  const out: ProcessTree = { nodes: tree.nodes.map(normalizeNode) };
  if (tree.adminUserIds?.length) out.adminUserIds = tree.adminUserIds;
  return out;
}

/** Problems of a strategy, in the words the drawer shows under the field. */
export function strategyProblem(s: Strategy): string | undefined {
  if (s.kind === 'users' && s.userIds.length === 0) return '请选择审批人员';
  if (s.kind === 'users' && s.userIds.length > 50) return '最多选择 50 人';
  if (s.kind === 'role' && s.roleCodes.length === 0) return '请选择角色';
  if (s.kind === 'role' && s.roleCodes.length > 10) return '最多选择 10 个角色';
  if (s.kind === 'dept_head' && !(Number.isInteger(s.levels) && s.levels >= 1 && s.levels <= 5)) return '层级须为 1 到 5';
  if (s.kind === 'starter_chosen' && s.max !== undefined && !(Number.isInteger(s.max) && s.max >= 1 && s.max <= 20)) return '人数上限须为 1 到 20';
  return undefined;
}

function nameProblem(name: string, what: string): string | undefined {
  const n = name.trim();
  if (!n) return `请填写${what}名称`;
  if (n.length > 40) return `${what}名称不超过40个字`;
  return undefined;
}

/**
 * The checks the schema and the server make that can be made here, so most mistakes show on the cards before
 * saving. Field names follow the server: a node id, or `<nodeId>/<branchId>` for a branch.
 */
export function checkNode(node: ProcessNode, tree: ProcessTree): Problem[] {
  const problems: Problem[] = [];
  const push = (message: string | undefined, field = node.id) => {
    if (message) problems.push({ field, message });
  };
  push(nameProblem(node.name, '节点'));
  if (!ID_PATTERN.test(node.id)) push('节点标识格式不正确');
  if (node.type === 'approval' || node.type === 'cc') push(strategyProblem(node.strategy));
  if (node.type === 'approval') {
    if (node.mode === 'all' && node.passRatio !== undefined && !(node.passRatio > 0 && node.passRatio <= 1)) push('通过比例须在 1% 到 100% 之间');
    if (node.noApprover === 'admin' && !node.adminUserIds?.length && !tree.adminUserIds?.length)
      push('找不到审批人时转交管理员，但未指定流程管理员');
    if (node.deadlineHours !== undefined && !(node.deadlineHours > 0 && node.deadlineHours <= 24 * 90)) push('办理时限须在 0 到 2160 小时之间');
    if (node.deadlineWorkingDays !== undefined && !(Number.isInteger(node.deadlineWorkingDays) && node.deadlineWorkingDays >= 1 && node.deadlineWorkingDays <= 60))
      push('办理时限须为 1 到 60 个工作日');
    if (node.remindBeforeHours !== undefined && node.deadlineHours !== undefined && node.remindBeforeHours >= node.deadlineHours)
      push('提前提醒的时间须小于办理时限');
  }
  if (isBranchNode(node)) {
    if (node.branches.length < 2) push('至少需要两个分支');
    if (node.branches.length > 10) push('最多 10 个分支');
    node.branches.forEach((b, i) => {
      const field = `${node.id}/${b.id}`;
      push(nameProblem(b.name, '分支'), field);
      if (node.type === 'condition' && !(b as ConditionBranch).when?.trim() && i !== node.branches.length - 1)
        push(`请设置“${b.name}”的条件（只有最后一个分支可以作为默认分支）`, field);
      if (node.type === 'parallel' && b.nodes.length === 0) push(`“${b.name}”中至少需要一个节点`, field);
      if (b.nodes.length > 50) push(`“${b.name}”中的节点过多（最多 50 个）`, field);
    });
  }
  return problems;
}

export function checkTree(tree: ProcessTree): Problem[] {
  const problems: Problem[] = [];
  if (tree.nodes.length === 0) problems.push({ field: 'nodes', message: '流程中至少需要一个节点' });
  const seen = new Set<string>();
  for (const node of walk(tree.nodes)) {
    if (seen.has(node.id)) problems.push({ field: node.id, message: `节点标识重复：${node.id}` });
    seen.add(node.id);
    problems.push(...checkNode(node, tree));
  }
  if (seen.size > 200) problems.push({ field: 'nodes', message: '流程节点过多（最多 200 个）' });
  return problems;
}

/**
 * The node (or `<nodeId>/<branchId>`) a server detail is about. Business checks name it directly; schema checks
 * give a path such as `tree.nodes.0.branches.1.nodes.2.strategy.userIds`, walked here to the deepest node.
 */
export function fieldTarget(tree: ProcessTree, field: string): string {
  if (field === 'nodes' || field.includes('/') || findNode(tree.nodes, field)) return field;
  const parts = field.split(/[./]/).filter((p) => p && p !== 'body');
  if (parts[0] === 'tree') parts.shift();
  let list: readonly ProcessNode[] = tree.nodes;
  let target = 'nodes';
  let i = 0;
  while (i < parts.length && parts[i] === 'nodes') {
    const node = list[Number(parts[i + 1])];
    if (!node) break;
    target = node.id;
    i += 2;
    if (parts[i] === 'branches' && isBranchNode(node)) {
      const branch = node.branches[Number(parts[i + 1])];
      if (!branch) break;
      target = `${node.id}/${branch.id}`;
      list = branch.nodes;
      i += 2;
    } else break;
  }
  return target;
}

/** Problems grouped by the node / branch they belong to. */
export function groupProblems(tree: ProcessTree, problems: readonly Problem[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of problems) {
    const key = fieldTarget(tree, p.field);
    const list = map.get(key) ?? [];
    if (!list.includes(p.message)) list.push(p.message);
    map.set(key, list);
  }
  return map;
}
