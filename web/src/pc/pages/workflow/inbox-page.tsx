// 我的审批: tabs 待办 / 已办 / 我发起的 / 抄送我的, each a server list; 待办 can be approved in a batch.
import { CheckOutlined, MobileOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Form, Input, List, Modal, Space, Tabs, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../api/client';
import { setPreferPc } from '../../../mobile/phone';
import type { ApiResponse } from '../../../api/types';
import { ServerTable, type Row } from '../../components/server-table';
import { usePendingCount, workflowKeys } from './instance-actions';
import {
  useBusinessTypeOptions,
  workflowColumns,
  workflowRowKey,
  type WorkflowListKind,
  type WorkflowRow,
} from './workflow-columns';

type InboxTab = Exclude<WorkflowListKind, 'monitor'>;
type BatchResult = ApiResponse<'/api/workflow/tasks/batch-approve', 'post'>;

const TABS: ReadonlyArray<{ key: InboxTab; label: string }> = [
  { key: 'pending', label: '待办' },
  { key: 'done', label: '已办' },
  { key: 'mine', label: '我发起的' },
  { key: 'cc', label: '抄送我的' },
];

function isInboxTab(value: string | null): value is InboxTab {
  return TABS.some((t) => t.key === value);
}

/** Collects the business types seen in the lists (for the 类型 filter when the type list is not readable). */
function useSeenTypes() {
  const [seen, setSeen] = useState<ReadonlyMap<string, string>>(new Map());
  const collect = <R extends WorkflowRow>(rows: R[]): R[] => {
    if (rows.some((r) => !seen.has(r.businessType))) {
      setSeen((prev) => {
        const next = new Map(prev);
        for (const r of rows) next.set(r.businessType, r.businessTypeName);
        return next;
      });
    }
    return rows;
  };
  return { seen, collect };
}

function BatchApproveDialog({
  rows,
  onClose,
  onDone,
}: {
  rows: WorkflowRow[];
  onClose: () => void;
  onDone: (result: BatchResult) => void;
}) {
  const [form] = Form.useForm<{ comment?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { comment } = await form.validateFields();
    setBusy(true);
    const result = await attempt(() =>
      unwrap(
        api.POST('/api/workflow/tasks/batch-approve', {
          body: { taskIds: rows.flatMap((r) => (r.taskId === null ? [] : [r.taskId])), comment: comment?.trim() || undefined },
        }),
      ),
    );
    setBusy(false);
    if (result) onDone(result);
  };
  return (
    <Modal
      open
      title={`批量同意（${rows.length} 项）`}
      okText="全部同意"
      cancelText="取消"
      okButtonProps={{ loading: busy }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        message="逐条办理，互不影响；已被他人处理或已结束的会列出原因。"
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical">
        <Form.Item name="comment" label="审批意见" rules={[{ max: 2000, message: '不超过2000字' }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder="选填，所有选中的待办使用同一意见" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function BatchResultDialog({ result, rows, onClose }: { result: BatchResult; rows: WorkflowRow[]; onClose: () => void }) {
  const titleOf = (taskId: number) => rows.find((r) => r.taskId === taskId)?.title ?? `待办 #${taskId}`;
  const failures = result.results.filter((r) => !r.ok);
  return (
    <Modal
      open
      title="批量同意结果"
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          知道了
        </Button>
      }
    >
      <Alert
        type={result.failed ? 'warning' : 'success'}
        showIcon
        message={`已同意 ${result.approved} 项${result.failed ? `，${result.failed} 项未能办理` : ''}`}
        style={{ marginBottom: failures.length ? 12 : 0 }}
      />
      {failures.length > 0 && (
        <List
          size="small"
          bordered
          dataSource={failures}
          renderItem={(f) => (
            <List.Item>
              <List.Item.Meta
                title={titleOf(f.taskId)}
                description={<Typography.Text type="danger">{f.message ?? f.code ?? '办理失败'}</Typography.Text>}
              />
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}

function PendingTable({ typeOptions, collect }: { typeOptions: Array<{ label: string; value: string }>; collect: <R extends WorkflowRow>(rows: R[]) => R[] }) {
  const actionRef = useRef<ActionType>();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<WorkflowRow[]>([]);
  const [dialog, setDialog] = useState<'batch' | { result: BatchResult; rows: WorkflowRow[] } | null>(null);

  return (
    <>
      <ServerTable
        path="/api/workflow/tasks"
        params={{ box: 'pending' }}
        columns={workflowColumns('pending', typeOptions)}
        rowKey={workflowRowKey}
        exportPermission="workflow:task:handle"
        exportName="待办审批"
        actionRef={actionRef}
        postData={collect}
        rowSelection={{
          selectedRowKeys: selected.map(workflowRowKey),
          onChange: (_keys, rows) => setSelected(rows.filter((r): r is Row<'/api/workflow/tasks'> => Boolean(r))),
          getCheckboxProps: (row) => ({ disabled: row.taskId === null }),
          preserveSelectedRowKeys: true,
        }}
        tableAlertRender={({ selectedRowKeys, onCleanSelected }) => (
          <Space size={16}>
            <span>已选 {selectedRowKeys.length} 项</span>
            <Button type="link" size="small" onClick={onCleanSelected} style={{ paddingInline: 0 }}>
              取消选择
            </Button>
          </Space>
        )}
        tableAlertOptionRender={() => (
          <Button type="primary" size="small" icon={<CheckOutlined />} onClick={() => setDialog('batch')}>
            批量同意
          </Button>
        )}
        locale={{ emptyText: '暂无待办，新的审批到达时会在这里出现' }}
      />
      {dialog === 'batch' && (
        <BatchApproveDialog
          rows={selected}
          onClose={() => setDialog(null)}
          onDone={(result) => {
            setDialog({ result, rows: selected });
            setSelected([]);
            void actionRef.current?.reload();
            void queryClient.invalidateQueries({ queryKey: workflowKeys.all });
          }}
        />
      )}
      {dialog !== null && dialog !== 'batch' && (
        <BatchResultDialog result={dialog.result} rows={dialog.rows} onClose={() => setDialog(null)} />
      )}
    </>
  );
}

export function InboxPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const wanted = searchParams.get('tab');
  const tab: InboxTab = isInboxTab(wanted) ? wanted : 'pending';
  const pendingCount = usePendingCount();
  const { seen, collect } = useSeenTypes();
  const typeOptions = useBusinessTypeOptions(seen);

  const table = (kind: InboxTab) => {
    if (kind === 'pending') return <PendingTable typeOptions={typeOptions} collect={collect} />;
    if (kind === 'mine') {
      return (
        <ServerTable
          path="/api/workflow/my-instances"
          columns={workflowColumns('mine', typeOptions)}
          rowKey={workflowRowKey}
          exportPermission="workflow:task:handle"
          exportName="我发起的审批"
          postData={collect}
          locale={{ emptyText: '您还没有发起过审批' }}
        />
      );
    }
    return (
      <ServerTable
        path="/api/workflow/tasks"
        params={{ box: kind }}
        columns={workflowColumns(kind, typeOptions)}
        rowKey={workflowRowKey}
        exportPermission="workflow:task:handle"
        exportName={kind === 'done' ? '已办审批' : '抄送我的审批'}
        postData={collect}
        locale={{ emptyText: kind === 'done' ? '暂无已办的审批' : '暂无抄送给您的审批' }}
      />
    );
  };

  return (
    <PageContainer
      title="我的审批"
      extra={[
        <Link key="m" to={tab === 'pending' ? '/m/workflow' : `/m/workflow?tab=${tab}`} onClick={() => setPreferPc(false)}>
          <Button icon={<MobileOutlined />}>手机版</Button>
        </Link>,
      ]}
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams(key === 'pending' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={TABS.map((t) => ({
          key: t.key,
          label:
            t.key === 'pending' ? (
              <Space size={6}>
                {t.label}
                <Badge count={pendingCount.data ?? 0} overflowCount={999} size="small" showZero={false} />
              </Space>
            ) : (
              t.label
            ),
          children: table(t.key),
        }))}
      />
    </PageContainer>
  );
}
