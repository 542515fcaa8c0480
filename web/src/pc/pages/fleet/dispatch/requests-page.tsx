// 用车申请: 我的申请 (what I filed) and 全部 (every request in my data scope), with export; 申请用车 opens the form.
import { PageContainer } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { usePermission } from '../../../me';
import { requestStatusEnum, windowText } from './dispatch-labels';

export function RequestsPage() {
  const navigate = useNavigate();
  const can = usePermission();
  const canFile = can('fleet:request:create');
  const [tab, setTab] = useState<'mine' | 'all'>(canFile ? 'mine' : 'all');

  const columns: TableColumns<'/api/fleet/requests'> = [
    { title: '编号', dataIndex: 'id', sorter: true, hideInSearch: true, width: 80, render: (_, r) => <Link to={`/fleet/requests/${r.id}`}>{r.id}</Link> },
    {
      title: '事由',
      dataIndex: 'purpose',
      hideInSearch: true,
      ellipsis: true,
      width: 220,
      render: (_, r) => (
        <>
          {r.emergency && (
            <Tag color={r.dispatch?.lateEntry ? 'red' : 'orange'} bordered={false}>
              {r.dispatch?.lateEntry ? '紧急·逾期补录' : '紧急'}
            </Tag>
          )}
          {r.purpose}
        </>
      ),
    },
    { title: '用车时间', dataIndex: 'startsAt', sorter: true, hideInSearch: true, render: (_, r) => windowText(r.startsAt, r.endsAt) },
    { title: '行程', key: 'route', hideInSearch: true, ellipsis: true, render: (_, r) => `${r.origin} → ${r.destination}` },
    { title: '人数', dataIndex: 'passengers', hideInSearch: true, width: 60 },
    { title: '用车单位', dataIndex: 'unitName', hideInSearch: true, ellipsis: true },
    { title: '申请人', dataIndex: 'requesterName', hideInSearch: true },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: requestStatusEnum },
    { title: '车辆', key: 'plate', hideInSearch: true, render: (_, r) => (r.dispatch && r.dispatch.status !== 'cancelled' ? r.dispatch.plate : '-') },
    { title: '驾驶员', key: 'driver', hideInSearch: true, render: (_, r) => (r.dispatch && r.dispatch.status !== 'cancelled' ? r.dispatch.driverName : '-') },
    {
      title: '紧急用车',
      dataIndex: 'emergency',
      valueType: 'select',
      hideInTable: true,
      valueEnum: { true: { text: '是' }, false: { text: '否' } },
    },
    { title: '操作', valueType: 'option', fixed: 'right', render: (_, r) => <Link to={`/fleet/requests/${r.id}`}>详情</Link> },
  ];

  return (
    <PageContainer
      title="用车申请"
      content="先申请、后用车：申请经本单位负责人审批后由公务用车管理员派车；行程结束后可以评价。"
      tabActiveKey={tab}
      onTabChange={(k) => setTab(k as 'mine' | 'all')}
      tabList={[...(canFile ? [{ key: 'mine', tab: '我的申请' }] : []), { key: 'all', tab: '全部' }]}
    >
      <ServerTable
        key={tab}
        path="/api/fleet/requests"
        columns={columns}
        params={tab === 'mine' ? { mine: true } : {}}
        exportPermission="fleet:request:read"
        exportName="用车申请"
        create={{ permission: 'fleet:request:create', label: '申请用车', onClick: () => navigate('/fleet/requests/new') }}
      />
    </PageContainer>
  );
}
