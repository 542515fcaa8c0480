import { describe, expect, it } from 'vitest';
import {
  checkNode,
  addBranch,
  checkTree,
  collectIds,
  countNodes,
  createNode,
  fieldTarget,
  findNode,
  groupProblems,
  insertNode,
  isDefaultBranch,
  locate,
  moveBranch,
  moveNode,
  newId,
  normalizeNode,
  removeBranch,
  removeNode,
  replaceNode,
  uniqueId,
  type ApprovalNode,
  type ConditionNode,
  type ParallelNode,
  type ProcessNode,
  type ProcessTree,
} from './tree';

function approval(id: string, name = id): ApprovalNode {
  return { id, type: 'approval', name, strategy: { kind: 'dept_head', levels: 1 }, mode: 'any', noApprover: 'skip', selfApprove: 'skip' };
}

function sample(): ProcessNode[] {
  const condition: ConditionNode = {
    id: 'c1',
    type: 'condition',
    name: '按数量',
    branches: [
      { id: 'b1', name: '多', when: 'count > 3', nodes: [approval('a2')] },
      { id: 'b2', name: '其他', nodes: [] },
    ],
  };
  return [approval('a1'), condition, approval('a3')];
}

describe('node ids', () => {
  it('are "n" and six base-36 characters', () => {
    expect(newId()).toMatch(/^n[0-9a-z]{6}$/);
    expect(newId(() => 0)).toBe('n000000');
    expect(newId(() => 0.999)).toBe('nzzzzzz');
  });

  it('never repeat an id already taken', () => {
    const values = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    let i = 0;
    const random = () => values[i++] ?? 0.1;
    const taken = new Set(['n000000']);
    const id = uniqueId(taken, random);
    expect(id).toBe('ni' + 'iiiii');
    expect(taken.has(id)).toBe(true);
  });

  it('new nodes get ids unique across the tree, branches included', () => {
    const taken = collectIds(sample());
    const parallel = createNode('parallel', taken) as ParallelNode;
    const ids = [parallel.id, ...parallel.branches.flatMap((b) => [b.id, ...b.nodes.map((n) => n.id)])];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['a1', 'c1', 'b1', 'a2', 'b2', 'a3']) expect(ids).not.toContain(id);
  });

  it('a new condition has a branch to fill and a default branch last', () => {
    const c = createNode('condition', new Set()) as ConditionNode;
    expect(c.branches).toHaveLength(2);
    expect(isDefaultBranch(c, 1)).toBe(true);
    expect(isDefaultBranch(c, 0)).toBe(false);
  });
});

describe('tree editing', () => {
  it('inserts at the top level and inside a branch without touching the input', () => {
    const nodes = sample();
    const before = JSON.stringify(nodes);
    const top = insertNode(nodes, null, 1, approval('x'));
    expect(top.map((n) => n.id)).toEqual(['a1', 'x', 'c1', 'a3']);
    const inner = insertNode(nodes, { nodeId: 'c1', branchId: 'b2' }, 0, approval('y'));
    expect(locate(inner, 'y')).toEqual({ slot: { nodeId: 'c1', branchId: 'b2' }, index: 0 });
    const end = insertNode(nodes, { nodeId: 'c1', branchId: 'b1' }, 99, approval('z'));
    expect(locate(end, 'z')?.index).toBe(1);
    expect(JSON.stringify(nodes)).toBe(before);
  });

  it('removes nested nodes and whole branch nodes', () => {
    const nodes = sample();
    expect(findNode(removeNode(nodes, 'a2'), 'a2')).toBeUndefined();
    const without = removeNode(nodes, 'c1');
    expect(without.map((n) => n.id)).toEqual(['a1', 'a3']);
    expect(countNodes(nodes)).toBe(4);
    expect(countNodes(without)).toBe(2);
  });

  it('moves a node within its own list and stops at the ends', () => {
    const nodes = sample();
    expect(moveNode(nodes, 'a3', -1).map((n) => n.id)).toEqual(['a1', 'a3', 'c1']);
    expect(moveNode(nodes, 'a1', -1).map((n) => n.id)).toEqual(['a1', 'c1', 'a3']);
    expect(moveNode(nodes, 'a3', 1).map((n) => n.id)).toEqual(['a1', 'c1', 'a3']);
    const two = insertNode(nodes, { nodeId: 'c1', branchId: 'b1' }, 1, approval('a4'));
    const moved = moveNode(two, 'a4', -1);
    expect((findNode(moved, 'c1') as ConditionNode).branches[0]!.nodes.map((n) => n.id)).toEqual(['a4', 'a2']);
  });

  it('replaces a nested node by id', () => {
    const next = replaceNode(sample(), approval('a2', '新名称'));
    expect(findNode(next, 'a2')?.name).toBe('新名称');
  });

  it('adds condition branches before the default one, and parallel branches with a node', () => {
    const c = findNode(sample(), 'c1') as ConditionNode;
    const more = addBranch(c, collectIds(sample())) as ConditionNode;
    expect(more.branches.map((b) => b.name)).toEqual(['多', '条件2', '其他']);
    expect(isDefaultBranch(more, 2)).toBe(true);
    const p = createNode('parallel', new Set()) as ParallelNode;
    const p3 = addBranch(p, collectIds([p])) as ParallelNode;
    expect(p3.branches).toHaveLength(3);
    expect(p3.branches[2]!.nodes).toHaveLength(1);
  });

  it('keeps at least two branches and reorders condition branches', () => {
    const c = findNode(sample(), 'c1') as ConditionNode;
    expect(removeBranch(c, 'b1')).toBe(c);
    const three = addBranch(c, new Set(['c1', 'b1', 'b2'])) as ConditionNode;
    expect(removeBranch(three, 'b1').branches).toHaveLength(2);
    expect(moveBranch(c, 'b2', -1).branches.map((b) => b.id)).toEqual(['b2', 'b1']);
    expect(moveBranch(c, 'b1', -1)).toBe(c);
  });

  it('normalizes away fields that do not apply', () => {
    const n = normalizeNode({ ...approval('a'), mode: 'any', passRatio: 0.5, remindBeforeHours: 2, adminUserIds: [1] });
    expect(n).toEqual(approval('a'));
    const c = normalizeNode({ id: 'c', type: 'condition', name: ' 条件 ', branches: [{ id: 'x', name: 'x', when: ' count > 1 ', nodes: [] }, { id: 'y', name: 'y', when: '  ', nodes: [] }] });
    expect(c).toEqual({ id: 'c', type: 'condition', name: '条件', branches: [{ id: 'x', name: 'x', when: 'count > 1', nodes: [] }, { id: 'y', name: 'y', nodes: [] }] });
  });

  it('keeps a deadline in working days with its reminder and timeout action, and checks its range', () => {
    const n = normalizeNode({ ...approval('a'), deadlineWorkingDays: 3, remindBeforeHours: 4, timeoutAction: 'approve' });
    expect(n).toEqual({ ...approval('a'), deadlineWorkingDays: 3, remindBeforeHours: 4, timeoutAction: 'approve' });
    expect(checkNode({ ...approval('a'), deadlineWorkingDays: 0 }, { nodes: [] }).map((p) => p.message)).toContain('办理时限须为 1 到 60 个工作日');
  });
});

describe('checks and server details', () => {
  it('finds the problems the server would report, on the node or branch', () => {
    const taken = new Set<string>();
    const c = createNode('condition', taken) as ConditionNode;
    const a = createNode('approval', taken) as ApprovalNode;
    const tree: ProcessTree = { nodes: [{ ...a, noApprover: 'admin' }, c] };
    const problems = checkTree(tree);
    expect(problems).toContainEqual({ field: a.id, message: '请选择审批人员' });
    expect(problems).toContainEqual({ field: a.id, message: '找不到审批人时转交管理员，但未指定流程管理员' });
    expect(problems.some((p) => p.field === `${c.id}/${c.branches[0]!.id}`)).toBe(true);
    expect(checkTree({ nodes: [] })).toEqual([{ field: 'nodes', message: '流程中至少需要一个节点' }]);
    expect(checkTree({ nodes: sample() })).toEqual([]);
  });

  it('maps schema paths to the deepest node they name', () => {
    const tree: ProcessTree = { nodes: sample() };
    expect(fieldTarget(tree, 'a2')).toBe('a2');
    expect(fieldTarget(tree, 'c1/b1')).toBe('c1/b1');
    expect(fieldTarget(tree, 'tree.nodes.0.strategy.userIds')).toBe('a1');
    expect(fieldTarget(tree, 'tree.nodes.1.branches.0.nodes.0.name')).toBe('a2');
    expect(fieldTarget(tree, 'tree.nodes.1.branches.1.name')).toBe('c1/b2');
    expect(fieldTarget(tree, 'tree.nodes.9')).toBe('nodes');
    const grouped = groupProblems(tree, [
      { field: 'a2', message: '甲' },
      { field: 'tree.nodes.1.branches.0.nodes.0', message: '甲' },
      { field: 'tree.nodes.2.mode', message: '乙' },
    ]);
    expect(grouped.get('a2')).toEqual(['甲']);
    expect(grouped.get('a3')).toEqual(['乙']);
  });
});
