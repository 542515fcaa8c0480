// The designer canvas (DingTalk style): 发起人 → node cards with "+" between them → 流程结束. Condition and parallel
// nodes show their branches side by side, each branch a sequence of its own, edited the same way (recursively).
import {
  ApartmentOutlined,
  ArrowDownOutlined,
  ArrowLeftOutlined,
  ArrowRightOutlined,
  ArrowUpOutlined,
  AuditOutlined,
  BranchesOutlined,
  CloseOutlined,
  ExclamationCircleFilled,
  PlusOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Popconfirm, Tooltip, type MenuProps } from 'antd';
import { createContext, useContext, type KeyboardEvent, type ReactNode } from 'react';
import { describeCondition, parseExpression, type FormField } from './condition';
import { describeApprovalRules, describeStrategy } from './designer-labels';
import {
  NODE_KIND_NAMES,
  isDefaultBranch,
  type BranchNode,
  type NodeKind,
  type ProcessNode,
  type Slot,
} from './tree';
import './designer.css';

export interface CanvasActions {
  readOnly: boolean;
  fields: readonly FormField[];
  roleName: (code: string) => string;
  /** messages by node id or `<nodeId>/<branchId>` */
  problems: ReadonlyMap<string, readonly string[]>;
  onInsert: (slot: Slot, index: number, kind: NodeKind) => void;
  onEdit: (nodeId: string, branchId?: string) => void;
  onRemove: (nodeId: string) => void;
  onMove: (nodeId: string, delta: -1 | 1) => void;
  onAddBranch: (nodeId: string) => void;
  onRemoveBranch: (nodeId: string, branchId: string) => void;
  onMoveBranch: (nodeId: string, branchId: string, delta: -1 | 1) => void;
}

const CanvasContext = createContext<CanvasActions | null>(null);

function useCanvas(): CanvasActions {
  const ctx = useContext(CanvasContext);
  if (!ctx) throw new Error('designer canvas outside its provider');
  return ctx;
}

const ADD_ITEMS: MenuProps['items'] = [
  { key: 'approval', icon: <AuditOutlined style={{ color: '#e8873a' }} />, label: '审批人' },
  { key: 'cc', icon: <SendOutlined style={{ color: '#3296fa' }} />, label: '抄送人' },
  { key: 'condition', icon: <BranchesOutlined style={{ color: '#15a35a' }} />, label: '条件分支' },
  { key: 'parallel', icon: <ApartmentOutlined style={{ color: '#7b61c4' }} />, label: '并行分支' },
];

function AddButton({ slot, index }: { slot: Slot; index: number }) {
  const { readOnly, onInsert } = useCanvas();
  if (readOnly) return <div className="wd-line" style={{ height: 32 }} />;
  return (
    <div className="wd-add">
      <div className="wd-line" />
      <Dropdown
        trigger={['click']}
        menu={{ items: ADD_ITEMS, onClick: ({ key }) => onInsert(slot, index, key as NodeKind) }}
      >
        <Button className="wd-add-button" type="primary" shape="circle" size="small" icon={<PlusOutlined />} aria-label="添加节点" />
      </Dropdown>
      <div className="wd-line" />
    </div>
  );
}

function onActivate(handler: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      handler();
    }
  };
}

function Tools({ children }: { children: ReactNode }) {
  return (
    <span className="wd-card-tools" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      {children}
    </span>
  );
}

function ToolButton({ title, icon, onClick }: { title: string; icon: ReactNode; onClick: () => void }) {
  return (
    <Tooltip title={title}>
      <Button type="text" size="small" icon={icon} aria-label={title} onClick={onClick} />
    </Tooltip>
  );
}

function RemoveButton({ title, confirm, onConfirm }: { title: string; confirm: string; onConfirm: () => void }) {
  return (
    <Popconfirm title={confirm} okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={onConfirm}>
      <Tooltip title={title}>
        <Button type="text" size="small" icon={<CloseOutlined />} aria-label={title} />
      </Tooltip>
    </Popconfirm>
  );
}

function Errors({ messages }: { messages: readonly string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <ul className="wd-errors" role="alert">
      {messages.map((m) => (
        <li key={m}>
          <ExclamationCircleFilled /> {m}
        </li>
      ))}
    </ul>
  );
}

function NodeCard({ node, index, count }: { node: Exclude<ProcessNode, BranchNode>; index: number; count: number }) {
  const { readOnly, roleName, problems, onEdit, onRemove, onMove } = useCanvas();
  const errors = problems.get(node.id);
  const strategy = describeStrategy(node.strategy, roleName);
  const placeholder = node.type === 'approval' ? '请设置审批人' : '请设置抄送人';
  return (
    <div
      className={`wd-card wd-card--${node.type}${errors?.length ? ' wd-card--error' : ''}`}
      role="button"
      tabIndex={0}
      data-node-id={node.id}
      aria-label={`${NODE_KIND_NAMES[node.type]}节点：${node.name}`}
      onClick={() => onEdit(node.id)}
      onKeyDown={onActivate(() => onEdit(node.id))}
    >
      <div className="wd-card-head">
        {node.type === 'approval' ? <AuditOutlined /> : <SendOutlined />}
        <span className="wd-card-title">{node.name || NODE_KIND_NAMES[node.type]}</span>
        {!readOnly && (
          <Tools>
            {index > 0 && <ToolButton title="上移" icon={<ArrowUpOutlined />} onClick={() => onMove(node.id, -1)} />}
            {index < count - 1 && <ToolButton title="下移" icon={<ArrowDownOutlined />} onClick={() => onMove(node.id, 1)} />}
            <RemoveButton title="删除节点" confirm={`删除“${node.name}”？`} onConfirm={() => onRemove(node.id)} />
          </Tools>
        )}
      </div>
      <div className="wd-card-body">
        {strategy ? (node.type === 'cc' ? `抄送：${strategy}` : strategy) : <span className="wd-placeholder">{placeholder}</span>}
        {node.type === 'approval' && <div className="wd-card-sub">{describeApprovalRules(node)}</div>}
      </div>
      <Errors messages={errors} />
    </div>
  );
}

function BranchCard({ node, index }: { node: BranchNode; index: number }) {
  const { readOnly, fields, problems, onEdit, onRemoveBranch, onMoveBranch } = useCanvas();
  const branch = node.branches[index]!;
  const key = `${node.id}/${branch.id}`;
  const errors = problems.get(key);
  const isCondition = node.type === 'condition';
  const isDefault = isCondition && isDefaultBranch(node, index);
  const when = isCondition ? node.branches[index]!.when : undefined;
  let summary: ReactNode;
  if (!isCondition) summary = '与其他分支同时进行';
  else if (isDefault) summary = '其他情况进入此分支';
  else if (!when?.trim()) summary = <span className="wd-placeholder">请设置条件</span>;
  else {
    const parsed = parseExpression(when, fields);
    summary = parsed && parsed.rules.length ? describeCondition(parsed, fields) : <code>{when}</code>;
  }
  const movable = isCondition && !isDefault;
  const lastMovable = isCondition && isDefaultBranch(node, node.branches.length - 1) ? node.branches.length - 2 : node.branches.length - 1;
  return (
    <div
      className={`wd-card wd-card--branch${isCondition ? '' : ' wd-card--parallel-branch'}${errors?.length ? ' wd-card--error' : ''}`}
      role="button"
      tabIndex={0}
      data-branch-id={branch.id}
      aria-label={`分支：${branch.name}`}
      onClick={() => onEdit(node.id, branch.id)}
      onKeyDown={onActivate(() => onEdit(node.id, branch.id))}
    >
      <div className="wd-card-head">
        <span className="wd-card-title">{branch.name}</span>
        {isCondition && <span style={{ color: '#8c8c8c', fontSize: 12 }}>{isDefault ? '默认' : `优先级 ${index + 1}`}</span>}
        {!readOnly && (
          <Tools>
            {movable && index > 0 && <ToolButton title="优先级提前" icon={<ArrowLeftOutlined />} onClick={() => onMoveBranch(node.id, branch.id, -1)} />}
            {movable && index < lastMovable && (
              <ToolButton title="优先级延后" icon={<ArrowRightOutlined />} onClick={() => onMoveBranch(node.id, branch.id, 1)} />
            )}
            {node.branches.length > 2 && (
              <RemoveButton title="删除分支" confirm={`删除分支“${branch.name}”及其中的节点？`} onConfirm={() => onRemoveBranch(node.id, branch.id)} />
            )}
          </Tools>
        )}
      </div>
      <div className="wd-card-body">{summary}</div>
      <Errors messages={errors} />
    </div>
  );
}

function Fork({ node }: { node: BranchNode }) {
  const { readOnly, problems, onEdit, onAddBranch, onRemove } = useCanvas();
  const errors = problems.get(node.id);
  const last = node.branches.length - 1;
  return (
    <div className={`wd-fork${errors?.length ? ' wd-fork--error' : ''}`} data-node-id={node.id}>
      <div className="wd-fork-head">
        <Button
          size="small"
          icon={node.type === 'condition' ? <BranchesOutlined /> : <ApartmentOutlined />}
          onClick={() => onEdit(node.id)}
          aria-label={`${NODE_KIND_NAMES[node.type]}节点：${node.name}`}
        >
          {node.name}
        </Button>
        {!readOnly && (
          <>
            <Button size="small" icon={<PlusOutlined />} disabled={node.branches.length >= 10} onClick={() => onAddBranch(node.id)}>
              {node.type === 'condition' ? '添加条件' : '添加分支'}
            </Button>
            <Popconfirm
              title={`删除“${node.name}”及其所有分支？`}
              okText="删除"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() => onRemove(node.id)}
            >
              <Tooltip title="删除整个分支节点">
                <Button size="small" icon={<CloseOutlined />} aria-label="删除分支节点" />
              </Tooltip>
            </Popconfirm>
          </>
        )}
      </div>
      {errors?.length ? (
        <ul className="wd-fork-errors" role="alert">
          {errors.map((m) => (
            <li key={m}>
              <ExclamationCircleFilled /> {m}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="wd-branches" style={errors?.length ? { marginTop: 8 } : undefined}>
        {node.branches.map((branch, index) => (
          <div className="wd-branch" key={branch.id}>
            {index === 0 && (
              <>
                <span className="wd-mask wd-mask--top wd-mask--left" />
                <span className="wd-mask wd-mask--bottom wd-mask--left" />
              </>
            )}
            {index === last && (
              <>
                <span className="wd-mask wd-mask--top wd-mask--right" />
                <span className="wd-mask wd-mask--bottom wd-mask--right" />
              </>
            )}
            <div className="wd-seq">
              <BranchCard node={node} index={index} />
              <NodeSequence nodes={branch.nodes} slot={{ nodeId: node.id, branchId: branch.id }} />
              <div className="wd-branch-tail" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

/** One sequence of nodes (the top level or a branch) with "+" before, between and after them. */
export function NodeSequence({ nodes, slot }: { nodes: readonly ProcessNode[]; slot: Slot }) {
  return (
    <>
      {nodes.map((node, index) => (
        <div className="wd-seq" key={node.id} style={{ flex: '0 0 auto' }}>
          <AddButton slot={slot} index={index} />
          {node.type === 'condition' || node.type === 'parallel' ? (
            <Fork node={node} />
          ) : (
            <NodeCard node={node} index={index} count={nodes.length} />
          )}
        </div>
      ))}
      <AddButton slot={slot} index={nodes.length} />
    </>
  );
}

export interface NodeCanvasProps extends CanvasActions {
  nodes: readonly ProcessNode[];
}

export function NodeCanvas({ nodes, ...actions }: NodeCanvasProps) {
  const treeErrors = actions.problems.get('nodes');
  return (
    <CanvasContext.Provider value={actions}>
      <div className="wd-canvas" role="group" aria-label="流程设计画布">
        <div className="wd-seq" style={{ width: 'max-content', minWidth: '100%' }}>
          <div className="wd-terminal">发起人</div>
          <NodeSequence nodes={nodes} slot={null} />
          {treeErrors?.length ? (
            <div style={{ color: '#ff4d4f', fontSize: 12, margin: '4px 0' }} role="alert">
              <ExclamationCircleFilled /> {treeErrors.join('；')}
            </div>
          ) : null}
          <div className="wd-terminal wd-terminal--end">流程结束</div>
        </div>
      </div>
    </CanvasContext.Provider>
  );
}
