// 资产卡片: the register of land, building and room cards, filtered and exported in the customer's column order.
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../../../api/client';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect, RegionTreeSelect } from '../../../components/tree-selects';
import { AssetFormModal } from './asset-form-modal';
import { acquisitionLabels, cardKindLabels, cardStatusEnum, formatMoney } from './asset-labels';

export function AssetsPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [creating, setCreating] = useState(false);
  const ref = useQuery({ queryKey: ['estate-asset-reference'], staleTime: 600_000, queryFn: () => unwrap(api.GET('/api/estate/assets/reference')) });
  const classEnum = Object.fromEntries((ref.data?.classes ?? []).map((c) => [c.code, { text: `${c.code} ${c.name}` }]));

  const columns: TableColumns<'/api/estate/assets'> = [
    {
      title: '卡片编号',
      dataIndex: 'cardNo',
      sorter: true,
      fixed: 'left',
      render: (_, r) => <Link to={`/estate/assets/${r.id}`}>{r.cardNo}</Link>,
    },
    { title: '资产名称', dataIndex: 'name', sorter: true, ellipsis: true, width: 200 },
    { title: '资产分类', dataIndex: 'classCode', valueType: 'select', valueEnum: classEnum, render: (_, r) => r.className },
    { title: '类别', dataIndex: 'kind', valueType: 'select', valueEnum: cardKindLabels },
    { title: '坐落院落', dataIndex: 'compoundName', hideInSearch: true, ellipsis: true, width: 180 },
    { title: '楼座', dataIndex: 'buildingName', hideInSearch: true },
    { title: '房间', dataIndex: 'roomNo', hideInSearch: true },
    {
      title: '使用单位',
      dataIndex: 'unitId',
      render: (_, r) => r.unitName,
      renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="请选择单位（含下级）" />,
    },
    { title: '地区', dataIndex: 'regionCode', hideInTable: true, renderFormItem: () => <RegionTreeSelect /> },
    { title: '取得方式', dataIndex: 'acquisitionMethod', hideInSearch: true, valueEnum: acquisitionLabels },
    { title: '取得日期', dataIndex: 'acquiredOn', hideInSearch: true, sorter: true },
    { title: '原值', dataIndex: 'originalValue', hideInSearch: true, sorter: true, align: 'right', render: (_, r) => formatMoney(r.originalValue) },
    { title: '累计折旧', dataIndex: 'accumulatedDepreciation', hideInSearch: true, align: 'right', render: (_, r) => formatMoney(r.accumulatedDepreciation) },
    { title: '净值', dataIndex: 'netValue', hideInSearch: true, sorter: true, align: 'right', render: (_, r) => formatMoney(r.netValue) },
    { title: '面积（㎡）', dataIndex: 'area', hideInSearch: true, sorter: true, align: 'right' },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: cardStatusEnum, sorter: true },
    {
      title: '操作',
      valueType: 'option',
      fixed: 'right',
      render: (_, r) => <Link to={`/estate/assets/${r.id}`}>详情</Link>,
    },
  ];

  return (
    <PageContainer title="资产卡片" content="土地、房屋及分户房间的资产卡片台账：原值、折旧、净值与全生命周期履历。">
      <ServerTable
        path="/api/estate/assets"
        columns={columns}
        actionRef={actionRef}
        exportPermission="estate:asset:export"
        exportName="资产卡片台账"
        onRow={(r) => ({ onDoubleClick: () => navigate(`/estate/assets/${r.id}`) })}
        create={{ permission: 'estate:asset:write', label: '登记卡片', onClick: () => setCreating(true) }}
      />
      {creating && (
        <AssetFormModal
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            message.success(`已登记资产卡片 ${c.card.cardNo}`);
            void actionRef.current?.reload();
            navigate(`/estate/assets/${c.card.id}`);
          }}
        />
      )}
    </PageContainer>
  );
}
