// 用房申请: 调剂、置换、租用、维修、处置 and where each stands; the 维修优先级 tab ranks repair applications.
import { PageContainer } from '@ant-design/pro-components';
import { Dropdown, Button, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { usePermission } from '../../../me';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { applicationKindLabels, applicationStatusEnum, wearGradeLabels } from './asset-labels';

export function ApplicationsPage() {
  const navigate = useNavigate();
  const can = usePermission();
  const [tab, setTab] = useState<'all' | 'repairs'>('all');

  const common: TableColumns<'/api/estate/applications'> = [
    { title: '编号', dataIndex: 'id', sorter: true, hideInSearch: true, fixed: 'left', render: (_, r) => <Link to={`/estate/applications/${r.id}`}>{r.id}</Link> },
    { title: '类型', dataIndex: 'kind', valueType: 'select', valueEnum: applicationKindLabels },
    { title: '标题', dataIndex: 'title', hideInSearch: true, ellipsis: true, width: 260 },
    { title: '申请单位', dataIndex: 'unitId', render: (_, r) => r.unitName, renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="请选择单位" /> },
    { title: '资产', dataIndex: 'cardNo', hideInSearch: true, render: (_, r) => (r.cardId ? <Link to={`/estate/assets/${r.cardId}`}>{r.cardNo}</Link> : '-') },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: applicationStatusEnum },
    { title: '申请人', dataIndex: 'createdByName', hideInSearch: true },
    { title: '申请时间', dataIndex: 'createdAt', valueType: 'dateTime', sorter: true, hideInSearch: true },
    { title: '操作', valueType: 'option', fixed: 'right', render: (_, r) => <Link to={`/estate/applications/${r.id}`}>详情</Link> },
  ];
  const repairColumns: TableColumns<'/api/estate/repairs'> = [
    { title: '优先级', dataIndex: 'priority', sorter: true, hideInSearch: true, tooltip: '0–100：建成年代 30 + 完损等级 30 + 距上次维修年数 20 + 单位面积能耗 20' },
    ...(common.filter((c) => c.dataIndex !== 'kind') as TableColumns<'/api/estate/repairs'>),
    { title: '完损等级', key: 'wear', hideInSearch: true, render: (_, r) => wearGradeLabels[String(r.form.wearGrade) as keyof typeof wearGradeLabels] ?? '-' },
    { title: '预算（元）', key: 'budget', hideInSearch: true, align: 'right', render: (_, r) => Number(r.form.budget ?? 0).toLocaleString('zh-CN') },
  ];

  const create = (
    <Tooltip title={can('estate:application:create') ? undefined : '没有申请权限'}>
      <Dropdown
        disabled={!can('estate:application:create')}
        menu={{
          items: (['allocation', 'lease_in'] as const).map((k) => ({ key: k, label: `申请${applicationKindLabels[k]}` })),
          onClick: ({ key }) => navigate(`/estate/applications/new?kind=${key}`),
        }}
      >
        <Button type="primary" icon={<PlusOutlined />}>
          新建申请
        </Button>
      </Dropdown>
    </Tooltip>
  );

  return (
    <PageContainer
      title="用房申请"
      content="调剂、置换、租用、维修、处置申请经机关事务管理局审批；维修、处置获批后在此办理验收、执行与核销。置换、维修、处置请在资产卡片详情中发起。"
      extra={[create]}
      tabActiveKey={tab}
      onTabChange={(k) => setTab(k as 'all' | 'repairs')}
      tabList={[
        { key: 'all', tab: '全部申请' },
        { key: 'repairs', tab: '维修优先级' },
      ]}
    >
      {tab === 'all' ? (
        <ServerTable path="/api/estate/applications" columns={common} exportPermission="estate:application:read" exportName="用房申请" />
      ) : (
        <ServerTable path="/api/estate/repairs" columns={repairColumns} exportPermission="estate:application:read" exportName="维修优先级" />
      )}
    </PageContainer>
  );
}
