// The columns every list of platform warnings shares (office-space findings, the telematics alerts centre): severity
// and status as coloured tags with their filters, the responsible unit, first and last seen.
import { Tag } from 'antd';
import type { ApiResponse } from '../../api/types';
import type { TableColumns } from './server-table';

type Kinds = ApiResponse<'/api/warnings/kinds'> | undefined;
type Column = TableColumns<'/api/warnings'>[number];

export const SEVERITY_COLORS: Record<string, string> = { high: 'red', medium: 'orange', low: 'blue' };
export const STATUS_COLORS: Record<string, string> = { open: 'error', acknowledged: 'warning', resolved: 'success', dismissed: 'default' };

/** 严重程度, 责任单位, 状态 (default: not closed), 首次发现 and the last-seen column named `lastSeenTitle`. */
export function warningColumns(kinds: Kinds, lastSeenTitle: string): Column[] {
  return [
    {
      title: '严重程度',
      dataIndex: 'severity',
      width: 100,
      sorter: true,
      valueType: 'select',
      fieldProps: { options: (kinds?.severities ?? []).map((k) => ({ value: k.code, label: k.name })) },
      render: (_, r) => <Tag color={SEVERITY_COLORS[r.severity]}>{r.severityName}</Tag>,
    },
    { title: '责任单位', dataIndex: 'unitName', width: 200, ellipsis: true, search: false },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      sorter: true,
      valueType: 'select',
      initialValue: 'active',
      fieldProps: { options: [{ value: 'active', label: '未关闭（待处理+已确认）' }, ...(kinds?.statuses ?? []).map((k) => ({ value: k.code, label: k.name }))] },
      render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{r.statusName}</Tag>,
    },
    { title: '首次发现', dataIndex: 'firstSeenAt', valueType: 'dateTime', width: 170, sorter: true, search: false },
    { title: lastSeenTitle, dataIndex: 'lastSeenAt', valueType: 'dateTime', width: 170, sorter: true, search: false },
  ];
}
