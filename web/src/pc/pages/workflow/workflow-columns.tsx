// Columns shared by the approval lists (我的审批 tabs, 流程监控) and small pieces of the approval pages.
import { timeRangeColumn } from '../../date-range';
import { useQuery } from '@tanstack/react-query';
import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../../api/client';
import type { ListItem } from '../../../api/types';
import type { TableColumns } from '../../components/server-table';
import { labelOf, valueEnumOf, workflowStatusLabels, workflowTaskStatusLabels } from '../../labels';

export type WorkflowRow = ListItem<'/api/workflow/tasks'>;

/** Which list: the four tabs of 我的审批 and the monitor. */
export type WorkflowListKind = 'pending' | 'done' | 'cc' | 'mine' | 'monitor';

export const WORKFLOW_STATUS_COLORS: Readonly<Record<string, string>> = {
  running: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
  cancelled: 'default',
};

export function WorkflowStatusTag({ status, statusName }: { status: string; statusName?: string }) {
  return (
    <Tag color={WORKFLOW_STATUS_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {statusName ?? labelOf(workflowStatusLabels, status)}
    </Tag>
  );
}

export function OverdueTag() {
  return (
    <Tag color="red" style={{ marginInlineEnd: 0 }}>
      超期
    </Tag>
  );
}

export function instancePath(instanceId: number): string {
  return `/workflow/instances/${instanceId}`;
}

/** A stable row key: one instance can appear once per task of mine. */
export function workflowRowKey(row: WorkflowRow): string {
  return `${row.instanceId}-${row.taskId ?? 0}`;
}

/**
 * Business-type options for the 类型 filter. The type list (`/api/workflow/definitions`) needs
 * workflow:definition:read; without it the types met in the lists so far are offered.
 */
export function useBusinessTypeOptions(seen: ReadonlyMap<string, string>): Array<{ label: string; value: string }> {
  const types = useQuery({
    queryKey: ['workflow', 'business-types'],
    staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/workflow/types', { lookup: true, silent: true })),
  });
  const all = new Map(seen);
  for (const t of types.data ?? []) all.set(t.code, t.name);
  return [...all].map(([value, label]) => ({ value, label }));
}

const dim = (text: string | null | undefined) => (text ? text : <Typography.Text type="secondary">-</Typography.Text>);

/** The columns of one approval list. */
export function workflowColumns(
  kind: WorkflowListKind,
  typeOptions: Array<{ label: string; value: string }>,
): TableColumns<'/api/workflow/tasks'> {
  const taskBased = kind === 'pending' || kind === 'done' || kind === 'cc';
  const columns: TableColumns<'/api/workflow/tasks'> = [
    {
      title: '关键字',
      dataIndex: 'keyword',
      hideInTable: true,
      fieldProps: { placeholder: '标题中的文字' },
    },
    {
      title: '标题',
      dataIndex: 'title',
      hideInSearch: true,
      fixed: 'left',
      render: (_, row) => (
        <Space size={6} wrap>
          <Link to={instancePath(row.instanceId)}>{row.title}</Link>
          {row.overdue && <OverdueTag />}
        </Space>
      ),
    },
    {
      title: '类型',
      dataIndex: 'businessType',
      valueType: 'select',
      fieldProps: { options: typeOptions, showSearch: true, optionFilterProp: 'label' },
      render: (_, row) => row.businessTypeName,
    },
    { title: '发起人', dataIndex: 'starterName', hideInSearch: true },
    { title: '发起单位', dataIndex: 'unitName', hideInSearch: true },
    {
      title: kind === 'pending' ? '所在节点' : kind === 'done' ? '办理节点' : '当前节点',
      dataIndex: 'nodeName',
      hideInSearch: true,
      render: (_, row) => dim(row.nodeName),
    },
    {
      title: '审批状态',
      dataIndex: 'status',
      valueEnum: valueEnumOf(workflowStatusLabels),
      // a pending task's approval is always running
      hideInSearch: kind === 'pending',
      hideInTable: kind === 'pending',
      render: (_, row) => <WorkflowStatusTag status={row.status} statusName={row.statusName} />,
    },
  ];
  if (kind === 'done' || kind === 'cc') {
    columns.push({
      title: kind === 'cc' ? '阅读' : '我的处理',
      dataIndex: 'taskStatus',
      hideInSearch: true,
      render: (_, row) => (row.taskStatus ? labelOf(workflowTaskStatusLabels, row.taskStatus) : '-'),
    });
  }
  columns.push({ title: '发起时间', dataIndex: 'startedAt', valueType: 'dateTime', hideInSearch: true, sorter: true });
  if (kind === 'pending' || kind === 'cc') {
    columns.push({ title: '收到时间', dataIndex: 'receivedAt', valueType: 'dateTime', hideInSearch: true });
  }
  if (kind === 'pending') {
    columns.push({
      title: '办理时限',
      dataIndex: 'dueAt',
      hideInSearch: true,
      sorter: true,
      render: (_, row) =>
        row.dueAt ? (
          <Typography.Text type={row.overdue ? 'danger' : undefined}>{dayjs(row.dueAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
        ) : (
          dim(null)
        ),
    });
  }
  if (kind === 'done') {
    columns.push({ title: '处理时间', dataIndex: 'actedAt', valueType: 'dateTime', hideInSearch: true });
  }
  if (!taskBased) {
    columns.push({ title: '办结时间', dataIndex: 'finishedAt', valueType: 'dateTime', hideInSearch: true, sorter: true });
  }
  columns.push(timeRangeColumn('发起时间') as TableColumns<'/api/workflow/tasks'>[number]);
  columns.push({
    title: '操作',
    valueType: 'option',
    fixed: 'right',
    width: 80,
    render: (_, row) => <Link to={instancePath(row.instanceId)}>{kind === 'pending' ? '办理' : '查看'}</Link>,
  });
  return columns;
}
