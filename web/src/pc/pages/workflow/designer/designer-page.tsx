// 流程设计 › one business type: edit the draft on the canvas, preview the path, save, publish, discard; versions.
import { ExclamationCircleOutlined, EyeOutlined, RollbackOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Popconfirm, Result, Skeleton, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useBlocker, useNavigate, useParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import { isApiError } from '../../../../api/errors';
import type { ApiResponse } from '../../../../api/types';
import { WorkflowUsersSelect } from '../../../components/workflow-user-select';
import { formatDateTime } from '../../../format';
import { labelOf } from '../../../labels';
import type { FormField } from './condition';
import { DEFINITIONS_QUERY_KEY, useDefinitionsQuery } from './definitions-query';
import { versionStatusLabels } from './designer-labels';
import { NodeCanvas } from './node-canvas';
import { NodeDrawer } from './node-drawer';
import { PreviewModal } from './preview-modal';
import { useRoles } from './strategy-fields';
import {
  addBranch,
  checkTree,
  collectIds,
  createNode,
  findNode,
  groupProblems,
  insertNode,
  isBranchNode,
  moveBranch,
  moveNode,
  normalizeTree,
  removeBranch,
  removeNode,
  replaceNode,
  type NodeKind,
  type Problem,
  type ProcessNode,
  type ProcessTree,
  type Slot,
} from './tree';

type Definition = ApiResponse<'/api/workflow/definitions/{type}'>;

/** The stored tree (typed `unknown[]` in responses; it was validated when saved). */
function treeOf(def: Definition): { tree: ProcessTree; from: 'draft' | 'current' | 'empty' } {
  const source = def.draft ?? def.current;
  if (!source) return { tree: { nodes: [] }, from: 'empty' };
  return { tree: source.tree as ProcessTree, from: def.draft ? 'draft' : 'current' };
}

export function DesignerPage() {
  const { type = '' } = useParams();
  const definition = useQuery({
    queryKey: ['wf-definition', type],
    queryFn: () => unwrap(api.GET('/api/workflow/definitions/{type}', { params: { path: { type } } })),
  });
  if (definition.isPending) {
    return (
      <PageContainer title="流程设计">
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  }
  if (definition.isError) {
    return (
      <PageContainer title="流程设计">
        <Result status="warning" title="无法加载流程" subTitle={definition.error.message} extra={<Button onClick={() => void definition.refetch()}>重试</Button>} />
      </PageContainer>
    );
  }
  const def = definition.data;
  // a new draft (saved, discarded, published) starts a fresh editor
  const editorKey = `${def.draft?.id ?? '-'}:${def.draft?.createdAt ?? '-'}:${def.current?.id ?? '-'}`;
  return <Editor key={editorKey} def={def} onChanged={() => definition.refetch()} />;
}

function Editor({ def, onChanged }: { def: Definition; onChanged: () => Promise<unknown> }) {
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const definitions = useDefinitionsQuery();
  const running = definitions.data?.find((d) => d.code === def.code)?.running ?? 0;
  const roles = useRoles();
  const fields = def.fields as FormField[];
  const readOnly = !def.canManage;

  const initial = useMemo(() => treeOf(def), [def]);
  const [tree, setTree] = useState<ProcessTree>(initial.tree);
  const [note, setNote] = useState(def.draft?.note ?? '');
  const [dirty, setDirty] = useState(false);
  const [checked, setChecked] = useState(false);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [editing, setEditing] = useState<{ nodeId: string; branchId?: string } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [busy, setBusy] = useState<'save' | 'publish' | 'discard' | null>(null);

  const localProblems = useMemo(() => (checked ? checkTree(tree) : []), [checked, tree]);
  const problems = useMemo(() => groupProblems(tree, [...serverProblems, ...localProblems]), [tree, serverProblems, localProblems]);

  const change = useCallback((next: ProcessTree, touched?: string) => {
    setTree(next);
    setDirty(true);
    if (touched) setServerProblems((list) => list.filter((p) => p.field !== touched && !p.field.startsWith(`${touched}/`)));
  }, []);

  // leaving with unsaved changes asks first (in-app navigation and closing the tab)
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: '有未保存的修改',
      content: '离开后，未保存的修改将丢失。确定离开吗？',
      okText: '离开',
      cancelText: '留下',
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const refresh = async () => {
    await Promise.all([onChanged(), queryClient.invalidateQueries({ queryKey: DEFINITIONS_QUERY_KEY })]);
  };

  /** Checks locally, then saves the draft; false when something is wrong (shown on the cards). */
  const saveDraft = async (): Promise<boolean> => {
    const normalized = normalizeTree(tree);
    const local = checkTree(normalized);
    setChecked(true);
    if (local.length) {
      message.error(`流程还有 ${local.length} 处需要完善：${local[0]!.message}`);
      return false;
    }
    try {
      await unwrap(api.PUT('/api/workflow/definitions/{type}/draft', { params: { path: { type: def.code } }, body: { tree: normalized, note: note.trim() || undefined } }));
      setServerProblems([]);
      setDirty(false);
      return true;
    } catch (error) {
      if (isApiError(error)) {
        setServerProblems(error.details);
        return false;
      }
      throw error;
    }
  };

  const onSave = async () => {
    setBusy('save');
    try {
      if (await saveDraft()) {
        message.success('草稿已保存');
        await refresh();
      }
    } finally {
      setBusy(null);
    }
  };

  const onPublish = async () => {
    setBusy('publish');
    try {
      if ((dirty || !def.draft) && !(await saveDraft())) return;
      modal.confirm({
        title: '发布新版本',
        icon: <ExclamationCircleOutlined />,
        content: (
          <>
            <p>发布后，新发起的“{def.name}”审批按新版本运行。</p>
            <p>
              进行中的 <b>{running}</b> 个审批仍按原版本运行。
            </p>
          </>
        ),
        okText: '发布',
        cancelText: '取消',
        onOk: async () => {
          const published = await attempt(() => unwrap(api.POST('/api/workflow/definitions/{type}/publish', { params: { path: { type: def.code } } })));
          if (published) {
            message.success(`已发布 V${published.version ?? ''}`);
            await refresh();
          }
        },
        onCancel: () => void refresh(),
      });
    } finally {
      setBusy(null);
    }
  };

  const onDiscard = async () => {
    if (!def.draft) {
      setTree(initial.tree);
      setDirty(false);
      setServerProblems([]);
      setChecked(false);
      return;
    }
    setBusy('discard');
    try {
      const ok = await attempt(() => unwrap(api.DELETE('/api/workflow/definitions/{type}/draft', { params: { path: { type: def.code } } })));
      if (ok) {
        setDirty(false);
        message.success('已放弃草稿');
        await refresh();
      }
    } finally {
      setBusy(null);
    }
  };

  const onInsert = (slot: Slot, index: number, kind: NodeKind) => {
    const node = createNode(kind, collectIds(tree.nodes));
    change({ ...tree, nodes: insertNode(tree.nodes, slot, index, node) });
    if (kind === 'approval' || kind === 'cc') setEditing({ nodeId: node.id });
  };

  const withBranchNode = (nodeId: string, update: (node: ProcessNode) => ProcessNode) => {
    const node = findNode(tree.nodes, nodeId);
    if (node) change({ ...tree, nodes: replaceNode(tree.nodes, update(node)) }, nodeId);
  };

  const editingNode = editing ? findNode(tree.nodes, editing.nodeId) : undefined;
  const versionText = def.current ? `V${def.current.version ?? ''}` : '未发布';

  const actions = readOnly
    ? [
        <Button key="preview" icon={<EyeOutlined />} onClick={() => setPreviewing(true)} disabled={!tree.nodes.length}>
          预览路径
        </Button>,
      ]
    : [
        <Button key="preview" icon={<EyeOutlined />} onClick={() => setPreviewing(true)} disabled={!tree.nodes.length}>
          预览路径
        </Button>,
        (def.draft || dirty) && (
          <Popconfirm
            key="discard"
            title={def.draft ? '放弃草稿？草稿中的修改将全部丢失，恢复为当前发布的版本。' : '放弃未保存的修改？'}
            okText="放弃"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            onConfirm={onDiscard}
          >
            <Button danger icon={<RollbackOutlined />} loading={busy === 'discard'}>
              {def.draft ? '放弃草稿' : '放弃修改'}
            </Button>
          </Popconfirm>
        ),
        <Button key="save" icon={<SaveOutlined />} loading={busy === 'save'} disabled={!dirty} onClick={() => void onSave()}>
          保存草稿
        </Button>,
        <Tooltip key="publish" title={!def.draft && !dirty ? '没有修改，无需发布' : undefined}>
          <Button type="primary" icon={<SendOutlined />} loading={busy === 'publish'} disabled={!def.draft && !dirty} onClick={() => void onPublish()}>
            发布新版本
          </Button>
        </Tooltip>,
      ];

  return (
    <PageContainer
      title={`流程设计：${def.name}`}
      onBack={() => navigate('/workflow/definitions')}
      tags={[
        <Tag key="v" color={def.current ? 'blue' : 'default'}>
          {versionText}
        </Tag>,
        ...(def.draft
          ? [
              <Tag key="d" color="orange">
                有草稿
              </Tag>,
            ]
          : []),
        ...(dirty
          ? [
              <Tag key="u" color="red">
                未保存
              </Tag>,
            ]
          : []),
      ]}
      extra={actions}
      content={
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label="业务类型代码">{def.code}</Descriptions.Item>
          <Descriptions.Item label="当前版本">
            {def.current ? `${versionText}（${formatDateTime(def.current.publishedAt)} ${def.current.publishedBy ?? ''} 发布）` : '未发布'}
          </Descriptions.Item>
          <Descriptions.Item label="正在编辑">
            {initial.from === 'draft' ? `草稿（${formatDateTime(def.draft?.createdAt)} 保存）` : initial.from === 'current' ? `基于 ${versionText}` : '新流程'}
          </Descriptions.Item>
          <Descriptions.Item label="进行中的审批">{running} 个</Descriptions.Item>
        </Descriptions>
      }
    >
      <Tabs
        items={[
          {
            key: 'design',
            label: '流程',
            children: (
              <Space direction="vertical" size={16} style={{ width: '100%' }}>
                {readOnly && <Alert type="info" showIcon message="您可以查看流程和预览路径；修改与发布需要“设计与发布审批流程”权限。" />}
                <Card size="small">
                  <Space wrap size={[24, 12]} style={{ width: '100%' }}>
                    <Space>
                      <Typography.Text>流程管理员</Typography.Text>
                      <Tooltip title="节点“找不到审批人时”选择“转交流程管理员”且未单独指定时，转交给这些人">
                        <ExclamationCircleOutlined style={{ color: '#8c8c8c' }} />
                      </Tooltip>
                      <div style={{ width: 360, maxWidth: '70vw' }}>
                        {readOnly ? (
                          <Typography.Text type="secondary">{tree.adminUserIds?.length ? `${tree.adminUserIds.length} 人` : '未设置'}</Typography.Text>
                        ) : (
                          <WorkflowUsersSelect
                            value={tree.adminUserIds ?? []}
                            max={20}
                            placeholder="可选，最多 20 人"
                            onChange={(adminUserIds) => change({ ...tree, adminUserIds })}
                          />
                        )}
                      </div>
                    </Space>
                    {!readOnly && (
                      <Space>
                        <Typography.Text>版本说明</Typography.Text>
                        <Input
                          style={{ width: 320, maxWidth: '70vw' }}
                          value={note}
                          maxLength={500}
                          placeholder="如：超过 3 个账号增加市局审批"
                          onChange={(e) => {
                            setNote(e.target.value);
                            setDirty(true);
                          }}
                        />
                      </Space>
                    )}
                  </Space>
                </Card>
                <NodeCanvas
                  nodes={tree.nodes}
                  readOnly={readOnly}
                  fields={fields}
                  roleName={roles.roleName}
                  problems={problems}
                  onInsert={onInsert}
                  onEdit={(nodeId, branchId) => setEditing({ nodeId, branchId })}
                  onRemove={(nodeId) => change({ ...tree, nodes: removeNode(tree.nodes, nodeId) }, nodeId)}
                  onMove={(nodeId, delta) => change({ ...tree, nodes: moveNode(tree.nodes, nodeId, delta) })}
                  onAddBranch={(nodeId) =>
                    withBranchNode(nodeId, (node) => (isBranchNode(node) ? addBranch(node, collectIds(tree.nodes)) : node))
                  }
                  onRemoveBranch={(nodeId, branchId) => withBranchNode(nodeId, (node) => (isBranchNode(node) ? removeBranch(node, branchId) : node))}
                  onMoveBranch={(nodeId, branchId, delta) =>
                    withBranchNode(nodeId, (node) => (node.type === 'condition' ? moveBranch(node, branchId, delta) : node))
                  }
                />
              </Space>
            ),
          },
          {
            key: 'versions',
            label: `版本历史（${def.versions.length}）`,
            children: (
              <Table
                rowKey="id"
                size="middle"
                dataSource={def.versions}
                pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 个版本` }}
                locale={{ emptyText: '尚未发布过版本' }}
                columns={[
                  { title: '版本', dataIndex: 'version', render: (v: number | null) => (v ? `V${v}` : '-'), sorter: (a, b) => (a.version ?? 0) - (b.version ?? 0), defaultSortOrder: 'descend' },
                  {
                    title: '状态',
                    dataIndex: 'status',
                    render: (s: string) => <Tag color={s === 'published' ? 'green' : 'default'}>{labelOf(versionStatusLabels, s)}</Tag>,
                  },
                  { title: '版本说明', dataIndex: 'note', render: (n: string) => n || '-' },
                  { title: '发布时间', dataIndex: 'publishedAt', render: (v: string | null) => formatDateTime(v) },
                  { title: '发布人', dataIndex: 'publishedBy', render: (v: string | null) => v ?? '-' },
                  { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
                ]}
              />
            ),
          },
        ]}
      />
      {editingNode && (
        <NodeDrawer
          key={editingNode.id}
          node={editingNode}
          branchId={editing?.branchId}
          tree={tree}
          fields={fields}
          roles={roles}
          readOnly={readOnly}
          onClose={() => setEditing(null)}
          onApply={(node) => {
            change({ ...tree, nodes: replaceNode(tree.nodes, node) }, node.id);
            setEditing(null);
          }}
        />
      )}
      {previewing && <PreviewModal type={def.code} tree={tree} fields={fields} onClose={() => setPreviewing(false)} />}
    </PageContainer>
  );
}
