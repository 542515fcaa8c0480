// 账号申请: requests for new accounts and their approval state; 新建申请 opens the form, a row opens the detail.
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { Space } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { LabelMap } from '../../../labels';
import { can } from '../../../components/row-actions';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { AccountRequestFormModal } from './account-request-form-modal';

export const accountRequestStatusLabels = {
  pending: '审批中',
  approved: '已开通',
  rejected: '未通过',
  cancelled: '已撤销',
} as const satisfies LabelMap;

export const accountRequestStatusEnum = {
  pending: { text: accountRequestStatusLabels.pending, status: 'Processing' },
  approved: { text: accountRequestStatusLabels.approved, status: 'Success' },
  rejected: { text: accountRequestStatusLabels.rejected, status: 'Error' },
  cancelled: { text: accountRequestStatusLabels.cancelled, status: 'Default' },
} as const;

export function AccountRequestsPage() {
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const [creating, setCreating] = useState(false);

  const columns: TableColumns<'/api/account-requests'> = [
    {
      title: '编号',
      dataIndex: 'id',
      hideInSearch: true,
      sorter: true,
      fixed: 'left',
      render: (_, row) => <Link to={`/system/account-requests/${row.id}`}>{row.id}</Link>,
    },
    {
      title: '申请单位',
      dataIndex: 'unitId',
      render: (_, row) => row.unitName,
      renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="请选择单位" />,
    },
    { title: '申请人', dataIndex: 'requestedByName', hideInSearch: true },
    { title: '账号数', dataIndex: 'itemCount', hideInSearch: true, align: 'right' },
    { title: '申请理由', dataIndex: 'reason', hideInSearch: true, ellipsis: true, width: 280 },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: accountRequestStatusEnum },
    { title: '申请时间', dataIndex: 'createdAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    { title: '办结时间', dataIndex: 'decidedAt', valueType: 'dateTime', hideInSearch: true },
    {
      title: '操作',
      valueType: 'option',
      fixed: 'right',
      render: (_, row) => (
        <Space size={12}>
          <Link to={`/system/account-requests/${row.id}`}>详情</Link>
          {can(row, 'reveal') && <Link to={`/system/account-requests/${row.id}?reveal=1`}>查看初始密码</Link>}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer title="账号申请" content="单位为新进人员申请系统账号，属地管理员审批通过后自动开通。">
      <ServerTable
        path="/api/account-requests"
        exportPermission="system:account-request:read"
        exportName="账号申请"
        actionRef={actionRef}
        columns={columns}
        onRow={(row) => ({ onDoubleClick: () => navigate(`/system/account-requests/${row.id}`) })}
        create={{ permission: 'system:account-request:create', label: '新建申请', onClick: () => setCreating(true) }}
      />
      {creating && (
        <AccountRequestFormModal
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            void actionRef.current?.reload();
            navigate(`/system/account-requests/${created.id}`);
          }}
        />
      )}
    </PageContainer>
  );
}
