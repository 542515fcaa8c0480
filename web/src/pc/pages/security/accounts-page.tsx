// 账号安全: the security administrator's view of every account — locks, failed attempts, second factor, password age.
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { App, Space, Tag } from 'antd';
import { useRef } from 'react';
import { api, attempt, unwrap } from '../../../api/client';
import type { ListItem } from '../../../api/types';
import { actionsColumn } from '../../components/row-actions';
import { ServerTable, type TableColumns } from '../../components/server-table';
import { formatDateTime } from '../../format';
import { labelOf, userStatusLabels } from '../../labels';

type AccountRow = ListItem<'/api/security/accounts'>;

const yesNo = { true: { text: '是' }, false: { text: '否' } };

export function AccountsPage() {
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();

  const unlock = (row: AccountRow) =>
    attempt(async () => {
      await unwrap(api.POST('/api/users/{id}/unlock', { params: { path: { id: row.id } } }));
      message.success(`已解锁：${row.username}`);
      void actionRef.current?.reload();
    });

  const columns: TableColumns<'/api/security/accounts'> = [
    { title: '用户名', dataIndex: 'username', sorter: true, fixed: 'left' },
    { title: '姓名', dataIndex: 'displayName', hideInSearch: true },
    { title: '所属单位', dataIndex: 'unitName', hideInSearch: true },
    { title: '角色', dataIndex: 'roleNames', hideInSearch: true },
    {
      title: '账号状态',
      dataIndex: 'status',
      hideInSearch: true,
      render: (_, row) => (
        <Space size={4}>
          <Tag color={row.status === 'active' ? 'green' : 'default'}>{labelOf(userStatusLabels, row.status)}</Tag>
          {row.mustChangePassword && <Tag color="orange">待改初始密码</Tag>}
        </Space>
      ),
    },
    {
      title: '锁定',
      dataIndex: 'locked',
      valueType: 'select',
      valueEnum: yesNo,
      render: (_, row) =>
        row.locked ? <Tag color="red">锁定至 {formatDateTime(row.lockedUntil)}</Tag> : '否',
    },
    { title: '连续失败', dataIndex: 'failedCount', hideInSearch: true, sorter: true, align: 'right' },
    {
      title: '动态口令',
      dataIndex: 'totpEnabled',
      valueType: 'select',
      valueEnum: yesNo,
      render: (_, row) => (row.totpEnabled ? <Tag color="green">已启用</Tag> : <Tag>未启用</Tag>),
    },
    {
      title: '密码修改时间',
      dataIndex: 'passwordChangedAt',
      valueType: 'dateTime',
      hideInSearch: true,
      sorter: true,
    },
    {
      title: '密码状态',
      dataIndex: 'passwordExpired',
      hideInSearch: true,
      render: (_, row) => (row.passwordExpired ? <Tag color="red">已过期</Tag> : <Tag color="green">有效</Tag>),
    },
    { title: '最近登录', dataIndex: 'lastLoginAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    actionsColumn((row) => [
      {
        action: 'unlock',
        label: '解锁',
        hidden: !row.locked,
        confirm: `确定解锁“${row.username}”吗？`,
        onClick: () => unlock(row),
      },
    ]),
  ];

  return (
    <PageContainer title="账号安全" subTitle="锁定、动态口令与密码期限">
      <ServerTable
        path="/api/security/accounts"
        exportPermission="security:account:read"
        exportName="账号安全"
        actionRef={actionRef}
        columns={columns}
      />
    </PageContainer>
  );
}
