// Edits one node in a side drawer: approval / copy-to settings, or the branches of a condition / parallel node.
// Works on a copy; 确定 puts it back into the tree, 取消 drops it.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Drawer, Form, Input, InputNumber, Radio, Select, Space, Tag, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { WorkflowUsersSelect } from '../../../components/workflow-user-select';
import { ConditionBuilder } from './condition-builder';
import type { FormField } from './condition';
import { modeHelp, modeLabels, noApproverLabels, selfApproveLabels, timeoutActionLabels } from './designer-labels';
import { StrategyFields, type RoleOptions } from './strategy-fields';
import {
  NODE_KIND_NAMES,
  addBranch,
  checkNode,
  collectIds,
  isDefaultBranch,
  moveBranch,
  normalizeNode,
  removeBranch,
  type ApprovalNode,
  type BranchNode,
  type CcNode,
  type ConditionNode,
  type ProcessNode,
  type ProcessTree,
} from './tree';

export interface NodeDrawerProps {
  node: ProcessNode;
  /** the branch clicked on the canvas, scrolled into view */
  branchId?: string;
  tree: ProcessTree;
  fields: readonly FormField[];
  roles: RoleOptions;
  readOnly: boolean;
  onApply: (node: ProcessNode) => void;
  onClose: () => void;
}

function nameHelp(name: string): string | undefined {
  if (!name.trim()) return '请填写名称';
  if (name.trim().length > 40) return '不超过40个字';
  return undefined;
}

function NameField({ value, onChange, readOnly, label = '节点名称' }: { value: string; onChange: (v: string) => void; readOnly: boolean; label?: string }) {
  const help = nameHelp(value);
  return (
    <Form.Item label={label} required validateStatus={help ? 'error' : undefined} help={help}>
      <Input value={value} maxLength={40} showCount disabled={readOnly} onChange={(e) => onChange(e.target.value)} />
    </Form.Item>
  );
}

function ApprovalFields({ node, onChange, roles, readOnly, hasTreeAdmins }: { node: ApprovalNode; onChange: (n: ApprovalNode) => void; roles: RoleOptions; readOnly: boolean; hasTreeAdmins: boolean }) {
  const remindProblem =
    node.remindBeforeHours !== undefined && node.deadlineHours !== undefined && node.remindBeforeHours >= node.deadlineHours
      ? '提前提醒的时间须小于办理时限'
      : undefined;
  return (
    <>
      <StrategyFields who="审批人" value={node.strategy} onChange={(strategy) => onChange({ ...node, strategy })} roles={roles} readOnly={readOnly} />
      <Form.Item label="多人审批方式" extra={modeHelp[node.mode]}>
        <Radio.Group
          value={node.mode}
          disabled={readOnly}
          onChange={(e) => {
            const mode = e.target.value as ApprovalNode['mode'];
            const { passRatio: _drop, ...rest } = node;
            onChange(mode === 'all' ? { ...node, mode } : { ...rest, mode });
          }}
          options={Object.entries(modeLabels).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      {node.mode === 'all' && (
        <Form.Item label="通过比例" extra="同意人数达到该比例即通过；不填则须全部同意">
          <InputNumber
            min={1}
            max={100}
            precision={0}
            addonAfter="%"
            placeholder="100"
            disabled={readOnly}
            value={node.passRatio === undefined ? null : Math.round(node.passRatio * 100)}
            onChange={(v) => {
              const { passRatio: _drop, ...rest } = node;
              onChange(typeof v === 'number' ? { ...node, passRatio: v / 100 } : rest);
            }}
          />
        </Form.Item>
      )}
      <Form.Item
        label="找不到审批人时"
        validateStatus={node.noApprover === 'admin' && !node.adminUserIds?.length && !hasTreeAdmins ? 'error' : undefined}
        help={
          node.noApprover === 'admin' && !node.adminUserIds?.length && !hasTreeAdmins
            ? '请在下方指定管理员，或在“流程管理员”中设置'
            : undefined
        }
      >
        <Radio.Group
          value={node.noApprover}
          disabled={readOnly}
          onChange={(e) => onChange({ ...node, noApprover: e.target.value as ApprovalNode['noApprover'] })}
          options={Object.entries(noApproverLabels).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      {node.noApprover === 'admin' && (
        <Form.Item label="转交给" extra="不指定时转交流程管理员">
          {readOnly ? (
            <span>{node.adminUserIds?.length ? `${node.adminUserIds.length} 人` : '流程管理员'}</span>
          ) : (
            <WorkflowUsersSelect value={node.adminUserIds ?? []} max={20} onChange={(adminUserIds) => onChange({ ...node, adminUserIds })} />
          )}
        </Form.Item>
      )}
      <Form.Item label="审批人是发起人时">
        <Radio.Group
          value={node.selfApprove}
          disabled={readOnly}
          onChange={(e) => onChange({ ...node, selfApprove: e.target.value as ApprovalNode['selfApprove'] })}
          options={Object.entries(selfApproveLabels).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      <Form.Item label="办理时限" extra="超过时限未处理视为超时；按工作日计时以“工作日历”为准，截至第 N 个工作日 18:00；不填则不限">
        <Space.Compact>
          <Select
            style={{ width: 116 }}
            disabled={readOnly}
            value={node.deadlineWorkingDays !== undefined ? 'days' : 'hours'}
            options={[
              { value: 'hours', label: '按小时' },
              { value: 'days', label: '按工作日' },
            ]}
            onChange={(unit: 'hours' | 'days') => {
              const { deadlineHours: h, deadlineWorkingDays: d, ...rest } = node;
              // the unit sticks with a value: an hours deadline becomes whole days and back
              if (unit === 'days') onChange({ ...rest, deadlineWorkingDays: h !== undefined ? Math.max(1, Math.min(60, Math.ceil(h / 24))) : 3 });
              else onChange({ ...rest, deadlineHours: d !== undefined ? d * 24 : 72 });
            }}
          />
          <InputNumber
            min={node.deadlineWorkingDays !== undefined ? 1 : 0.5}
            max={node.deadlineWorkingDays !== undefined ? 60 : 2160}
            step={1}
            precision={node.deadlineWorkingDays !== undefined ? 0 : undefined}
            addonAfter={node.deadlineWorkingDays !== undefined ? '个工作日' : '小时'}
            placeholder="不限"
            disabled={readOnly}
            value={node.deadlineWorkingDays ?? node.deadlineHours ?? null}
            onChange={(v) => {
              const { deadlineHours: _a, deadlineWorkingDays: _d, remindBeforeHours: _b, timeoutAction: _c, ...rest } = node;
              if (typeof v !== 'number') onChange(rest);
              else if (node.deadlineWorkingDays !== undefined) onChange({ ...node, deadlineWorkingDays: v });
              else onChange({ ...node, deadlineHours: v });
            }}
          />
        </Space.Compact>
      </Form.Item>
      {(node.deadlineHours !== undefined || node.deadlineWorkingDays !== undefined) && (
        <>
          <Form.Item label="到期前提醒" validateStatus={remindProblem ? 'error' : undefined} help={remindProblem ?? '到期前多少小时提醒审批人；不填则不提醒'}>
            <InputNumber
              min={0}
              max={2160}
              addonAfter="小时"
              placeholder="不提醒"
              disabled={readOnly}
              value={node.remindBeforeHours ?? null}
              onChange={(v) => {
                const { remindBeforeHours: _drop, ...rest } = node;
                onChange(typeof v === 'number' ? { ...node, remindBeforeHours: v } : rest);
              }}
            />
          </Form.Item>
          <Form.Item label="超时后">
            <Select
              style={{ width: 160 }}
              value={node.timeoutAction ?? 'none'}
              disabled={readOnly}
              options={Object.entries(timeoutActionLabels).map(([value, label]) => ({ value, label }))}
              onChange={(timeoutAction: NonNullable<ApprovalNode['timeoutAction']>) => onChange({ ...node, timeoutAction })}
            />
          </Form.Item>
        </>
      )}
    </>
  );
}

function BranchFields({
  node,
  onChange,
  fields,
  readOnly,
  focusId,
  onIncomplete,
  takenIds,
}: {
  node: BranchNode;
  takenIds: () => Set<string>;
  onChange: (n: BranchNode) => void;
  fields: readonly FormField[];
  readOnly: boolean;
  focusId?: string;
  onIncomplete: (branchId: string, incomplete: boolean) => void;
}) {
  const refs = useRef(new Map<string, HTMLDivElement>());
  useEffect(() => {
    if (focusId) refs.current.get(focusId)?.scrollIntoView({ block: 'nearest' });
  }, [focusId]);
  const isCondition = node.type === 'condition';
  const last = node.branches.length - 1;
  const hasDefault = isCondition && isDefaultBranch(node, last);

  const setBranch = (index: number, patch: { name?: string; when?: string | undefined }) => {
    if (node.type === 'condition') {
      onChange({
        ...node,
        branches: node.branches.map((b, i) => {
          if (i !== index) return b;
          const next = { ...b, ...patch };
          if ('when' in patch && patch.when === undefined) delete next.when;
          return next;
        }),
      });
    } else onChange({ ...node, branches: node.branches.map((b, i) => (i === index ? { ...b, name: patch.name ?? b.name } : b)) });
  };

  return (
    <>
      <Form.Item label={isCondition ? '条件分支（按优先级从上到下判断，进入第一个满足条件的分支）' : '并行分支（同时进行，全部通过才通过）'}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {node.branches.map((branch, index) => {
            const isDefault = isCondition && isDefaultBranch(node, index);
            const help = nameHelp(branch.name);
            const when = isCondition ? (branch as ConditionNode['branches'][number]).when : undefined;
            return (
              <div key={branch.id} ref={(el) => void (el ? refs.current.set(branch.id, el) : refs.current.delete(branch.id))}>
                <Card
                  size="small"
                  style={branch.id === focusId ? { borderColor: '#1d4f91' } : undefined}
                  title={
                    <Space>
                      {isCondition && <Tag color={isDefault ? 'default' : 'green'}>{isDefault ? '默认' : `优先级 ${index + 1}`}</Tag>}
                      <span>{branch.name || '未命名分支'}</span>
                    </Space>
                  }
                  extra={
                    !readOnly && (
                      <Space size={0}>
                        {isCondition && !isDefault && index > 0 && (
                          <Tooltip title="优先级提前">
                            <Button type="text" size="small" icon={<ArrowUpOutlined />} onClick={() => onChange(moveBranch(node, branch.id, -1))} />
                          </Tooltip>
                        )}
                        {isCondition && !isDefault && index < (hasDefault ? last - 1 : last) && (
                          <Tooltip title="优先级延后">
                            <Button type="text" size="small" icon={<ArrowDownOutlined />} onClick={() => onChange(moveBranch(node, branch.id, 1))} />
                          </Tooltip>
                        )}
                        <Tooltip title={node.branches.length <= 2 ? '至少保留两个分支' : '删除分支（其中的节点一并删除）'}>
                          <Button
                            type="text"
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            disabled={node.branches.length <= 2}
                            onClick={() => {
                              onIncomplete(branch.id, false);
                              onChange(removeBranch(node, branch.id));
                            }}
                          />
                        </Tooltip>
                      </Space>
                    )
                  }
                >
                  <Form.Item label="分支名称" required validateStatus={help ? 'error' : undefined} help={help} style={{ marginBottom: 8 }}>
                    <Input value={branch.name} maxLength={40} disabled={readOnly} onChange={(e) => setBranch(index, { name: e.target.value })} />
                  </Form.Item>
                  {isCondition && index === last && (
                    <Checkbox
                      checked={isDefault}
                      disabled={readOnly}
                      style={{ marginBottom: 8 }}
                      onChange={(e) => {
                        onIncomplete(branch.id, false);
                        setBranch(index, { when: e.target.checked ? undefined : '' });
                      }}
                    >
                      作为默认分支（以上条件都不满足时进入）
                    </Checkbox>
                  )}
                  {isCondition && !isDefault && (
                    <Form.Item
                      label="条件"
                      required
                      style={{ marginBottom: 0 }}
                      validateStatus={!when?.trim() ? 'error' : undefined}
                      help={!when?.trim() ? '请设置条件' : undefined}
                    >
                      <ConditionBuilder
                        key={`${branch.id}-${isDefault ? 'd' : 'c'}`}
                        value={when}
                        fields={fields}
                        readOnly={readOnly}
                        onChange={(expression, incomplete) => {
                          onIncomplete(branch.id, incomplete);
                          setBranch(index, { when: expression });
                        }}
                      />
                    </Form.Item>
                  )}
                  {!isCondition && <div style={{ color: '#8c8c8c', fontSize: 12 }}>分支中的节点请在画布上添加和编辑（{branch.nodes.length} 个节点）</div>}
                </Card>
              </div>
            );
          })}
          {!readOnly && (
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              disabled={node.branches.length >= 10}
              onClick={() => onChange(addBranch(node, takenIds()))}
            >
              {isCondition ? '添加条件分支' : '添加并行分支'}
            </Button>
          )}
        </Space>
      </Form.Item>
    </>
  );
}

export function NodeDrawer({ node, branchId, tree, fields, roles, readOnly, onApply, onClose }: NodeDrawerProps) {
  const [draft, setDraft] = useState<ProcessNode>(node);
  const [incomplete, setIncomplete] = useState<ReadonlySet<string>>(new Set());
  const problems = checkNode(draft, tree);
  const markIncomplete = (id: string, value: boolean) =>
    setIncomplete((prev) => {
      if (prev.has(id) === value) return prev;
      const next = new Set(prev);
      if (value) next.add(id);
      else next.delete(id);
      return next;
    });

  // ids for new branches: unique across the tree and this node's unsaved branches
  const takenIds = () => collectIds([draft], collectIds(tree.nodes));

  return (
    <Drawer
      open
      width={560}
      title={`${readOnly ? '查看' : '设置'}${NODE_KIND_NAMES[node.type]}`}
      onClose={onClose}
      destroyOnClose
      footer={
        readOnly ? (
          <Button onClick={onClose}>关闭</Button>
        ) : (
          <Space>
            <Tooltip title={incomplete.size ? '有未填完的条件' : undefined}>
              <Button type="primary" disabled={incomplete.size > 0} onClick={() => onApply(normalizeNode(draft))}>
                确定
              </Button>
            </Tooltip>
            <Button onClick={onClose}>取消</Button>
          </Space>
        )
      }
    >
      <Form layout="vertical" component="div">
        {problems.length > 0 && !readOnly && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message="还需完善"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p) => (
                  <li key={p.field + p.message}>{p.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <NameField value={draft.name} readOnly={readOnly} onChange={(name) => setDraft({ ...draft, name } as ProcessNode)} />
        {draft.type === 'approval' && (
          <ApprovalFields node={draft} onChange={setDraft} roles={roles} readOnly={readOnly} hasTreeAdmins={Boolean(tree.adminUserIds?.length)} />
        )}
        {draft.type === 'cc' && (
          <StrategyFields
            who="抄送人"
            value={draft.strategy}
            roles={roles}
            readOnly={readOnly}
            onChange={(strategy) => setDraft({ ...(draft as CcNode), strategy })}
          />
        )}
        {(draft.type === 'condition' || draft.type === 'parallel') && (
          <BranchFields node={draft} onChange={setDraft} takenIds={takenIds} fields={fields} readOnly={readOnly} focusId={branchId} onIncomplete={markIncomplete} />
        )}
      </Form>
    </Drawer>
  );
}
