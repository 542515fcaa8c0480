// 角色管理: roles with their permissions and data scope.
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { App, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../api/client';
import { actionsColumn } from '../../components/row-actions';
import { ServerTable, type TableColumns } from '../../components/server-table';
import { adminKindLabels, dataScopeLabels, labelOf, valueEnumOf } from '../../labels';
import { RoleFormModal, type RoleRow } from './role-form-modal';

export function RolesPage() {
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [editing, setEditing] = useState<{ row?: RoleRow } | null>(null);

  const remove = (row: RoleRow) =>
    attempt(async () => {
      await unwrap(api.DELETE('/api/roles/{id}', { params: { path: { id: row.id } } }));
      message.success(`已删除角色：${row.name}`);
      void actionRef.current?.reload();
    });

  const columns: TableColumns<'/api/roles'> = [
    {
      title: '角色名称',
      dataIndex: 'name',
      sorter: true,
      fixed: 'left',
      render: (_, row) => (
        <Space size={4}>
          {row.name}
          {row.builtin && <Tag color="blue">内置</Tag>}
        </Space>
      ),
    },
    { title: '编码', dataIndex: 'code', sorter: true, hideInSearch: true },
    { title: '说明', dataIndex: 'description', hideInSearch: true, ellipsis: true, width: 240 },
    { title: '数据范围', dataIndex: 'dataScope', valueEnum: valueEnumOf(dataScopeLabels), hideInSearch: true },
    {
      title: '管理员类型',
      dataIndex: 'adminKind',
      hideInSearch: true,
      render: (_, row) =>
        row.adminKind === 'none' ? labelOf(adminKindLabels, row.adminKind) : <Tag color="purple">{labelOf(adminKindLabels, row.adminKind)}</Tag>,
    },
    { title: '权限数', dataIndex: 'permissionCount', hideInSearch: true, align: 'right' },
    { title: '用户数', dataIndex: 'userCount', hideInSearch: true, align: 'right' },
    actionsColumn((row) => [
      { action: 'update', label: '编辑', onClick: () => setEditing({ row }) },
      {
        action: 'delete',
        label: '删除',
        danger: true,
        confirm:
          row.userCount > 0
            ? `角色“${row.name}”仍有 ${row.userCount} 个用户，删除后这些用户将失去该角色的权限。确定删除吗？`
            : `确定删除角色“${row.name}”吗？`,
        onClick: () => remove(row),
      },
    ]),
  ];

  return (
    <PageContainer title="角色管理" subTitle="功能权限 + 数据范围；系统、安全、审计三类管理员角色互相分离">
      <ServerTable
        path="/api/roles"
        exportPermission="system:role:read"
        exportName="角色"
        actionRef={actionRef}
        columns={columns}
        create={{ permission: 'system:role:write', label: '新建角色', onClick: () => setEditing({}) }}
      />
      {editing && (
        <RoleFormModal
          row={editing.row}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void actionRef.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
