// 在线会话: who is signed in right now; 强制下线 ends a session at once.
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { App, Tag, Tooltip, Typography } from 'antd';
import { useRef } from 'react';
import { api, attempt, unwrap } from '../../../api/client';
import { actionsColumn } from '../../components/row-actions';
import { ServerTable, type TableColumns } from '../../components/server-table';
import type { ListItem } from '../../../api/types';

type SessionRow = ListItem<'/api/sessions'>;

export function SessionsPage() {
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();

  const forceLogout = (row: SessionRow) =>
    attempt(async () => {
      await unwrap(api.DELETE('/api/sessions/{id}', { params: { path: { id: row.id } } }));
      message.success(`已强制下线：${row.displayName}（${row.username}）`);
      void actionRef.current?.reload();
    });

  const columns: TableColumns<'/api/sessions'> = [
    {
      title: '用户名',
      dataIndex: 'username',
      sorter: true,
      fixed: 'left',
      render: (_, row) => (
        <>
          {row.username}
          {row.current && (
            <Tag color="green" style={{ marginInlineStart: 6 }}>
              当前会话
            </Tag>
          )}
        </>
      ),
    },
    { title: '姓名', dataIndex: 'displayName', hideInSearch: true },
    { title: 'IP 地址', dataIndex: 'ip', hideInSearch: true },
    {
      title: '浏览器',
      dataIndex: 'userAgent',
      hideInSearch: true,
      render: (_, row) => (
        <Tooltip title={row.userAgent}>
          <Typography.Text ellipsis style={{ maxWidth: 220 }}>
            {row.userAgent || '-'}
          </Typography.Text>
        </Tooltip>
      ),
    },
    { title: '登录时间', dataIndex: 'createdAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    { title: '最后活动', dataIndex: 'lastSeenAt', valueType: 'dateTime', hideInSearch: true, sorter: true, defaultSortOrder: 'descend' },
    { title: '到期时间', dataIndex: 'expiresAt', valueType: 'dateTime', hideInSearch: true },
    actionsColumn((row) => [
      {
        action: 'force-logout',
        label: '强制下线',
        danger: true,
        confirm: row.current
          ? '这是您当前的会话，强制下线后需要重新登录。确定吗？'
          : `确定将“${row.displayName}”强制下线吗？`,
        onClick: () => forceLogout(row),
      },
    ]),
  ];

  return (
    <PageContainer title="在线会话" subTitle="空闲超时与绝对有效期由安全策略决定">
      <ServerTable
        path="/api/sessions"
        exportPermission="security:session:read"
        exportName="在线会话"
        actionRef={actionRef}
        columns={columns}
      />
    </PageContainer>
  );
}
