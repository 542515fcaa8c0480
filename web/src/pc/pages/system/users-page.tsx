// 用户管理: accounts, roles, lock state; create, edit, reset password, unlock, disable/enable.
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { App, Badge, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../api/client';
import { actionsColumn } from '../../components/row-actions';
import { ServerTable, type TableColumns } from '../../components/server-table';
import { OrgTreeSelect } from '../../components/tree-selects';
import { userStatusLabels } from '../../labels';
import { ResetPasswordModal } from './reset-password-modal';
import { UserFormModal, type UserRow } from './user-form-modal';

type Dialog = { kind: 'edit'; row?: UserRow } | { kind: 'reset'; row: UserRow };

export function UsersPage() {
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const reload = () => void actionRef.current?.reload();

  const unlock = (row: UserRow) =>
    attempt(async () => {
      await unwrap(api.POST('/api/users/{id}/unlock', { params: { path: { id: row.id } } }));
      message.success(`已解锁：${row.username}`);
      reload();
    });

  const setStatus = (row: UserRow, status: 'active' | 'disabled') =>
    attempt(async () => {
      await unwrap(
        api.PUT('/api/users/{id}', {
          params: { path: { id: row.id } },
          body: {
            displayName: row.displayName,
            unitId: row.unitId,
            personId: row.personId,
            roleIds: row.roles.map((r) => r.id),
            status,
          },
        }),
      );
      message.success(status === 'disabled' ? `已停用：${row.username}` : `已启用：${row.username}`);
      reload();
    });

  const columns: TableColumns<'/api/users'> = [
    { title: '用户名', dataIndex: 'username', sorter: true, fixed: 'left' },
    { title: '姓名', dataIndex: 'displayName' },
    {
      title: '所属单位',
      dataIndex: 'unitId',
      render: (_, row) => row.unitName,
      renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="请选择单位" />,
    },
    { title: '关联人员', dataIndex: 'personName', hideInSearch: true },
    {
      title: '角色',
      dataIndex: 'roles',
      hideInSearch: true,
      render: (_, row) =>
        row.roles.length ? (
          <Space size={[0, 4]} wrap>
            {row.roles.map((r) => (
              <Tag key={r.id}>{r.name}</Tag>
            ))}
          </Space>
        ) : (
          '-'
        ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      valueEnum: {
        active: { text: userStatusLabels.active, status: 'Success' },
        disabled: { text: userStatusLabels.disabled, status: 'Default' },
      },
      render: (dom, row) => (
        <Space size={4}>
          {dom}
          {row.locked && <Tag color="red">已锁定</Tag>}
        </Space>
      ),
    },
    {
      title: '动态口令',
      dataIndex: 'totpEnabled',
      hideInSearch: true,
      render: (_, row) => <Badge status={row.totpEnabled ? 'success' : 'default'} text={row.totpEnabled ? '已启用' : '未启用'} />,
    },
    { title: '最近登录', dataIndex: 'lastLoginAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    { title: '创建时间', dataIndex: 'createdAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    actionsColumn((row) => [
      { action: 'update', label: '编辑', onClick: () => setDialog({ kind: 'edit', row }) },
      { action: 'reset-password', label: '重置密码', onClick: () => setDialog({ kind: 'reset', row }) },
      {
        action: 'unlock',
        label: '解锁',
        hidden: !row.locked,
        confirm: `确定解锁“${row.username}”吗？`,
        onClick: () => unlock(row),
      },
      row.status === 'active'
        ? {
            action: 'update',
            label: '停用',
            danger: true,
            confirm: `停用后“${row.username}”将无法登录，在线会话立即失效。确定停用吗？`,
            onClick: () => setStatus(row, 'disabled'),
          }
        : {
            action: 'update',
            label: '启用',
            confirm: `确定启用“${row.username}”吗？`,
            onClick: () => setStatus(row, 'active'),
          },
    ]),
  ];

  return (
    <PageContainer title="用户管理">
      <ServerTable
        path="/api/users"
        exportPermission="system:user:export"
        exportName="用户"
        actionRef={actionRef}
        columns={columns}
        create={{ permission: 'system:user:create', label: '新建用户', onClick: () => setDialog({ kind: 'edit' }) }}
      />
      {dialog?.kind === 'edit' && (
        <UserFormModal
          row={dialog.row}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
      {dialog?.kind === 'reset' && <ResetPasswordModal row={dialog.row} onClose={() => setDialog(null)} />}
    </PageContainer>
  );
}
