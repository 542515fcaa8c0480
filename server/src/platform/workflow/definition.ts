import { type Static, type TSchema, Type } from 'typebox';
import { invalid, type ErrorDetail } from '../errors.js';
import { checkExpression } from './expression.js';

/**
 * A process definition is a JSON tree. The top level and every branch is a sequence of nodes, run in order:
 * - approval: approvers found by a strategy, acting 依次 (sequential), 会签 (all, optional pass ratio) or 或签 (any);
 * - cc: copy-to, nobody acts;
 * - condition: the first branch whose expression holds on the form (a branch without `when` is the default);
 * - parallel: every branch runs at once; the node passes when all pass, fails when one fails.
 */
const NodeId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: '节点标识，流程内唯一' });
const Name = Type.String({ minLength: 1, maxLength: 40 });

export const Strategy = Type.Union([
  Type.Object({ kind: Type.Literal('users'), userIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 50, uniqueItems: true }) }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('role'),
      roleCodes: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_-]{1,40}$' }), { minItems: 1, maxItems: 10, uniqueItems: true }),
      /** starter_unit: 发起人单位; supervising_unit: 主管单位; bureau: 机关事务管理局 of a region level */
      at: Type.Union([Type.Literal('starter_unit'), Type.Literal('supervising_unit'), Type.Literal('bureau')]),
      bureauLevel: Type.Optional(Type.Union([Type.Literal('own'), Type.Literal('county'), Type.Literal('city'), Type.Literal('province')])),
      /** bureau: climb to the next level up while nobody holds the role */
      nearest: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('dept_head'), levels: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('starter_chosen'), max: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) }, { additionalProperties: false }),
]);
export type Strategy = Static<typeof Strategy>;

const ApprovalNode = Type.Object(
  {
    id: NodeId,
    type: Type.Literal('approval'),
    name: Name,
    strategy: Strategy,
    mode: Type.Union([Type.Literal('sequential'), Type.Literal('all'), Type.Literal('any')]),
    /** 会签 pass ratio, 0 < r ≤ 1; 1 = everyone must approve */
    passRatio: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    noApprover: Type.Union([Type.Literal('skip'), Type.Literal('admin'), Type.Literal('refuse')]),
    adminUserIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20, uniqueItems: true })),
    selfApprove: Type.Union([Type.Literal('skip'), Type.Literal('keep')]),
    deadlineHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 * 90 })),
    /** or a deadline in working days (工作日, by the working calendar): the end of the Nth working day after today */
    deadlineWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    remindBeforeHours: Type.Optional(Type.Number({ minimum: 0, maximum: 24 * 90 })),
    timeoutAction: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('approve'), Type.Literal('reject')])),
  },
  { additionalProperties: false },
);
const CcNode = Type.Object({ id: NodeId, type: Type.Literal('cc'), name: Name, strategy: Strategy }, { additionalProperties: false });

// Branch nodes nest; TypeBox's Cyclic keeps the OpenAPI document finite.
export const ProcessNode = Type.Cyclic(
  {
    Node: Type.Union([
      ApprovalNode,
      CcNode,
      Type.Object(
        {
          id: NodeId,
          type: Type.Literal('condition'),
          name: Name,
          branches: Type.Array(
            Type.Object(
              { id: NodeId, name: Name, when: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })), nodes: Type.Array(Type.Ref('Node'), { maxItems: 50 }) },
              { additionalProperties: false },
            ),
            { minItems: 2, maxItems: 10 },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          id: NodeId,
          type: Type.Literal('parallel'),
          name: Name,
          branches: Type.Array(
            Type.Object({ id: NodeId, name: Name, nodes: Type.Array(Type.Ref('Node'), { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
            { minItems: 2, maxItems: 10 },
          ),
        },
        { additionalProperties: false },
      ),
    ]),
  },
  'Node',
);

export type ApprovalNode = Static<typeof ApprovalNode>;
export type CcNode = Static<typeof CcNode>;
export interface ConditionBranch {
  id: string;
  name: string;
  when?: string;
  nodes: ProcessNode[];
}
export interface ConditionNode {
  id: string;
  type: 'condition';
  name: string;
  branches: ConditionBranch[];
}
export interface ParallelNode {
  id: string;
  type: 'parallel';
  name: string;
  branches: { id: string; name: string; nodes: ProcessNode[] }[];
}
export type ProcessNode = ApprovalNode | CcNode | ConditionNode | ParallelNode;

export const ProcessTree: TSchema = Type.Object(
  {
    nodes: Type.Array(ProcessNode, { minItems: 1, maxItems: 50 }),
    /** process administrators: where "send to an administrator" goes when a node names none */
    adminUserIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export interface ProcessTree {
  nodes: ProcessNode[];
  adminUserIds?: number[];
}

/** A form field a condition may test, declared by the business type. */
export interface FormField {
  key: string;
  label: string;
  type: 'number' | 'string' | 'boolean' | 'array';
  options?: { value: string; label: string }[];
}

/** Every node of the tree, depth first, with the path of branch ids that leads to it. */
export function* walkNodes(nodes: ProcessNode[], path: string[] = []): Generator<{ node: ProcessNode; path: string[] }> {
  for (const node of nodes) {
    yield { node, path };
    if (node.type === 'condition' || node.type === 'parallel')
      for (const b of node.branches) yield* walkNodes(b.nodes, [...path, `${node.id}/${b.id}`]);
  }
}

/**
 * Rules a schema cannot say: unique ids, one default branch placed last, expressions that parse and name known
 * fields, a pass ratio only for 会签, an approval somewhere on every path is not required (copy-only flows are fine).
 */
export function validateTree(tree: ProcessTree, fields: FormField[]): void {
  const errors: ErrorDetail[] = [];
  const ids = new Set<string>();
  const known = fields.map((f) => f.key);
  let count = 0;
  for (const { node } of walkNodes(tree.nodes)) {
    count++;
    if (ids.has(node.id)) errors.push({ field: node.id, message: `节点标识重复：${node.id}` });
    ids.add(node.id);
    if (node.type === 'approval') {
      if (node.passRatio !== undefined && node.mode !== 'all') errors.push({ field: node.id, message: `“${node.name}”：通过比例只适用于会签` });
      if (node.noApprover === 'admin' && !node.adminUserIds?.length && !tree.adminUserIds?.length)
        errors.push({ field: node.id, message: `“${node.name}”：找不到审批人时转交管理员，但未指定流程管理员` });
      const hasDeadline = node.deadlineHours !== undefined || node.deadlineWorkingDays !== undefined;
      if (node.deadlineHours !== undefined && node.deadlineWorkingDays !== undefined)
        errors.push({ field: node.id, message: `“${node.name}”：办理时限按小时或按工作日，只能选一种` });
      if (node.remindBeforeHours !== undefined && !hasDeadline)
        errors.push({ field: node.id, message: `“${node.name}”：设置提醒须先设置办理时限` });
      if (node.timeoutAction && node.timeoutAction !== 'none' && !hasDeadline)
        errors.push({ field: node.id, message: `“${node.name}”：超时自动处理须先设置办理时限` });
      if (node.strategy.kind === 'role' && node.strategy.at !== 'bureau' && node.strategy.bureauLevel)
        errors.push({ field: node.id, message: `“${node.name}”：只有“机关事务管理局”策略可选层级` });
    }
    if (node.type === 'condition') {
      const defaults = node.branches.filter((b) => !b.when);
      if (defaults.length > 1) errors.push({ field: node.id, message: `“${node.name}”：只能有一个默认分支` });
      if (defaults.length === 1 && node.branches[node.branches.length - 1]!.when)
        errors.push({ field: node.id, message: `“${node.name}”：默认分支须放在最后` });
      for (const b of node.branches) {
        if (ids.has(`${node.id}/${b.id}`)) errors.push({ field: node.id, message: `“${node.name}”：分支标识重复` });
        ids.add(`${node.id}/${b.id}`);
        if (!b.when) continue;
        const r = checkExpression(b.when, known);
        if (!r.ok) errors.push({ field: `${node.id}/${b.id}`, message: `“${node.name}/${b.name}”条件有误：${r.message}` });
      }
    }
  }
  if (count > 200) errors.push({ field: 'nodes', message: '流程节点过多（最多 200 个）' });
  if (errors.length) throw invalid(errors[0]!.message, errors);
}

export const STRATEGY_NAMES: Record<Strategy['kind'], string> = {
  users: '指定成员',
  role: '角色',
  dept_head: '部门负责人',
  starter_chosen: '发起人自选',
};
