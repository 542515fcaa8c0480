// The approval flowchart, drawn with plain React + CSS: 发起 → nodes → 结束. Approval and copy-to nodes are cards with
// their people; condition and parallel nodes show their branches side by side (one under another when narrow).
// Used by the approval detail (PC and phone) and the process designer's preview.
import {
  ApartmentOutlined,
  AuditOutlined,
  BranchesOutlined,
  CheckCircleFilled,
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleFilled,
  EyeOutlined,
  MailOutlined,
  MinusCircleOutlined,
  SendOutlined,
  SwapOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { ApiResponse } from '../../api/types';
import './flow-chart.css';

/** One node of the flowchart, exactly as the server sends it (`flow` of the approval detail, the designer preview). */
export type FlowNode = ApiResponse<'/api/workflow/instances/{id}'>['flow'][number];
export type FlowTask = FlowNode['tasks'][number];
export type FlowBranch = FlowNode['branches'][number];

/** Node states in Chinese. */
export const STATE_LABELS: Readonly<Record<string, string>> = {
  waiting: '未开始',
  active: '进行中',
  approved: '已通过',
  rejected: '已拒绝',
  skipped: '已跳过',
  done: '已完成',
  cancelled: '已取消',
  not_taken: '未走此分支',
  preview: '预计',
  error: '异常',
  superseded: '已退回重办',
};

/** Task (person) states in Chinese. */
export const TASK_STATUS_LABELS: Readonly<Record<string, string>> = {
  pending: '待处理',
  waiting: '等待中',
  approved: '同意',
  rejected: '拒绝',
  transferred: '已转办',
  delegated: '已委派',
  done: '已办理',
  cancelled: '已取消',
  unread: '未读',
  read: '已读',
  preview: '预计审批人',
};

const ORIGIN_LABELS: Readonly<Record<string, string>> = { added: '加签', delegate: '委派' };

const NODE_TYPE_LABELS: Readonly<Record<string, string>> = {
  approval: '审批',
  cc: '抄送',
  condition: '条件分支',
  parallel: '并行分支',
};

type Tone = 'blue' | 'green' | 'red' | 'orange' | 'grey';

const TASK_LOOK: Readonly<Record<string, { tone: Tone; icon: ReactNode }>> = {
  pending: { tone: 'blue', icon: <ClockCircleOutlined /> },
  waiting: { tone: 'grey', icon: <MinusCircleOutlined /> },
  approved: { tone: 'green', icon: <CheckCircleFilled /> },
  rejected: { tone: 'red', icon: <CloseCircleFilled /> },
  transferred: { tone: 'orange', icon: <SwapOutlined /> },
  delegated: { tone: 'orange', icon: <UserSwitchOutlined /> },
  done: { tone: 'green', icon: <CheckCircleOutlined /> },
  cancelled: { tone: 'grey', icon: <MinusCircleOutlined /> },
  unread: { tone: 'grey', icon: <MailOutlined /> },
  read: { tone: 'green', icon: <EyeOutlined /> },
  preview: { tone: 'grey', icon: <UserOutlined /> },
};

const STATE_TAG_COLORS: Readonly<Record<string, string>> = {
  active: 'processing',
  approved: 'success',
  done: 'success',
  rejected: 'error',
  error: 'error',
  preview: 'blue',
};

function shortTime(value: string | null): string {
  if (!value) return '';
  const d = dayjs(value);
  if (!d.isValid()) return '';
  return d.year() === dayjs().year() ? d.format('MM-DD HH:mm') : d.format('YYYY-MM-DD HH:mm');
}

/** The label of a node state ("未开始", "已通过" …), the raw value when unknown. */
export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

function StateTag({ node }: { node: FlowNode }) {
  // a copy-to node that has run has "sent" its copies
  const text = node.type === 'cc' && node.state === 'done' ? '已抄送' : stateLabel(node.state);
  return (
    <Tag color={STATE_TAG_COLORS[node.state]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {text}
    </Tag>
  );
}

function Person({ task, nodeActive }: { task: FlowTask; nodeActive: boolean }) {
  const look = TASK_LOOK[task.status] ?? { tone: 'grey' as const, icon: <UserOutlined /> };
  const overdue = task.status === 'pending' && task.dueAt !== null && dayjs(task.dueAt).isBefore(dayjs());
  const origin = ORIGIN_LABELS[task.origin];
  return (
    <li className="wf-person" data-status={task.status}>
      <span className={`wf-tone-${look.tone}`} aria-hidden>
        {look.icon}
      </span>
      <span className="wf-person-name">{task.assigneeName}</span>
      {origin && <span className="wf-origin">{origin}</span>}
      <span className={`wf-person-status wf-tone-${look.tone}`}>{TASK_STATUS_LABELS[task.status] ?? task.status}</span>
      {task.actedAt && task.status !== 'pending' && <span className="wf-person-time">{shortTime(task.actedAt)}</span>}
      {nodeActive && task.status === 'pending' && task.dueAt && (
        <span className={overdue ? 'wf-person-time wf-tone-red' : 'wf-person-time'}>
          {overdue ? '已超期' : '时限'} {shortTime(task.dueAt)}
        </span>
      )}
      {task.comment && <span className="wf-person-comment">“{task.comment}”</span>}
    </li>
  );
}

function NodeCard({ node }: { node: FlowNode }) {
  const isCc = node.type === 'cc';
  const meta = [node.mode, node.strategy].filter(Boolean).join(' · ');
  return (
    <div
      className={`wf-card wf-card--${node.type} wf-card--${node.state}`}
      data-node-id={node.id}
      data-state={node.state}
      aria-label={`${NODE_TYPE_LABELS[node.type] ?? ''}节点：${node.name}，${stateLabel(node.state)}`}
    >
      <div className="wf-card-head">
        <span className={isCc ? 'wf-tone-grey' : 'wf-tone-blue'} aria-hidden>
          {isCc ? <SendOutlined /> : <AuditOutlined />}
        </span>
        <span className="wf-card-name">{node.name}</span>
        <StateTag node={node} />
      </div>
      {meta && <div className="wf-card-meta">{isCc ? `抄送：${meta}` : meta}</div>}
      {node.tasks.length > 0 && (
        <ul className="wf-people">
          {node.tasks.map((task, index) => (
            <Person key={`${task.id ?? 'p'}-${task.assigneeId}-${index}`} task={task} nodeActive={node.state === 'active'} />
          ))}
        </ul>
      )}
      {node.note && <div className="wf-card-note">{node.note}</div>}
    </div>
  );
}

/** Whether a branch is drawn dimmed: the fork has chosen and this branch was not it. */
export function isBranchDimmed(fork: FlowNode, branch: FlowBranch): boolean {
  if (branch.taken) return false;
  // not reached yet: nothing chosen; inside an untaken branch: the outer branch is already dimmed
  return fork.state !== 'waiting' && fork.state !== 'not_taken';
}

function Fork({ node }: { node: FlowNode }) {
  const parallel = node.type === 'parallel';
  return (
    <div className={`wf-fork wf-fork--${node.type}`} data-node-id={node.id} data-state={node.state}>
      <div className="wf-fork-head">
        <span aria-hidden>{parallel ? <ApartmentOutlined /> : <BranchesOutlined />}</span>
        <span>
          {NODE_TYPE_LABELS[node.type] ?? node.type}
          {node.name && node.name !== NODE_TYPE_LABELS[node.type] ? `：${node.name}` : ''}
        </span>
        {(node.state === 'error' || node.state === 'not_taken') && <StateTag node={node} />}
      </div>
      {node.state === 'error' && node.note && <div className="wf-fork-note">{node.note}</div>}
      <div className="wf-branches">
        {node.branches.map((branch) => {
          const dimmed = isBranchDimmed(node, branch);
          // a fork not reached yet has taken no branch, whatever the flags say
          const taken = branch.taken && node.state !== 'waiting' && node.state !== 'not_taken';
          const chosen = taken && !parallel;
          return (
            <div
              key={branch.id}
              className={`wf-branch${dimmed ? ' wf-branch--dimmed' : ''}${taken ? ' wf-branch--taken' : ''}`}
              data-branch-id={branch.id}
              aria-label={`分支：${branch.name}${dimmed ? '（未走）' : chosen ? '（已走）' : ''}`}
            >
              <div className="wf-branch-head">
                <span className="wf-branch-name">
                  {branch.name}
                  {chosen && <CheckCircleFilled className="wf-tone-green" style={{ marginInlineStart: 4 }} />}
                </span>
                {!parallel && (branch.when || !branch.name.includes('其他')) && (
                  <span className="wf-branch-when">{branch.when ? `当 ${branch.when}` : '其他情况'}</span>
                )}
              </div>
              {branch.nodes.length > 0 ? (
                <>
                  <div className="wf-line" />
                  <Sequence nodes={branch.nodes} />
                </>
              ) : (
                <div className="wf-branch-empty">（无审批，直接通过）</div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function Sequence({ nodes }: { nodes: FlowNode[] }) {
  return (
    <div className="wf-seq">
      {nodes.map((node, index) => (
        <div key={node.id} className="wf-seq" style={{ width: '100%' }}>
          {index > 0 && <div className="wf-line" />}
          {node.type === 'condition' || node.type === 'parallel' ? <Fork node={node} /> : <NodeCard node={node} />}
        </div>
      ))}
    </div>
  );
}

export interface FlowChartProps {
  nodes: FlowNode[];
}

export function FlowChart({ nodes }: FlowChartProps) {
  return (
    <div className="wf-chart" role="group" aria-label="审批流程图">
      <div className="wf-seq">
        <div className="wf-terminal wf-terminal--start">发起</div>
        <div className="wf-line" />
        {nodes.length > 0 ? <Sequence nodes={nodes} /> : <div className="wf-branch-empty">（没有审批节点）</div>}
        <div className="wf-line" />
        <div className="wf-terminal">结束</div>
      </div>
    </div>
  );
}
