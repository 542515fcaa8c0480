// 登录日志: every login attempt and logout, with its result.
import { PageContainer } from '@ant-design/pro-components';
import { Tooltip, Typography } from 'antd';
import { ServerTable, type Row, type TableColumns } from '../../components/server-table';
import { timeRangeColumn } from '../../date-range';
import { loginResultLabels } from '../../labels';

const SUCCESS_LIKE = new Set(['success', 'logout']);

const resultEnum = Object.fromEntries(
  Object.entries(loginResultLabels).map(([value, text]) => [
    value,
    { text, status: SUCCESS_LIKE.has(value) ? 'Success' : value === 'forced_logout' ? 'Warning' : 'Error' },
  ]),
);

const columns: TableColumns<'/api/login-log'> = [
  { title: '时间', dataIndex: 'at', valueType: 'dateTime', hideInSearch: true, sorter: true, defaultSortOrder: 'descend' },
  timeRangeColumn<Row<'/api/login-log'>>('时间范围'),
  { title: '用户名', dataIndex: 'username', sorter: true },
  { title: 'IP 地址', dataIndex: 'ip', hideInSearch: true },
  { title: '结果', dataIndex: 'result', valueEnum: resultEnum },
  { title: '说明', dataIndex: 'message', hideInSearch: true },
  {
    title: '浏览器',
    dataIndex: 'userAgent',
    hideInSearch: true,
    render: (_, row) => (
      <Tooltip title={row.userAgent}>
        <Typography.Text ellipsis style={{ maxWidth: 240 }}>
          {row.userAgent || '-'}
        </Typography.Text>
      </Tooltip>
    ),
  },
];

export function LoginLogPage() {
  return (
    <PageContainer title="登录日志">
      <ServerTable path="/api/login-log" exportPermission="security:login-log:export" exportName="登录日志" columns={columns} />
    </PageContainer>
  );
}
