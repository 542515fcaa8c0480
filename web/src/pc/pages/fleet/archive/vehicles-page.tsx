// 车辆档案: the register of official vehicles with filters (plate, unit subtree, region, category, energy, status,
// terminal bound or not), Excel export in the register's column order, and the 登记车辆 form.
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { App, Tag } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect, RegionTreeSelect } from '../../../components/tree-selects';
import { energyLabels, formatYuan, vehicleStatusEnum } from './fleet-labels';
import { useFleetCategories, VehicleFormModal } from './vehicle-form-modal';

export function VehiclesPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [creating, setCreating] = useState(false);
  const categories = useFleetCategories();
  const categoryEnum = Object.fromEntries((categories.data ?? []).map((c) => [c.code, { text: c.name }]));

  const columns: TableColumns<'/api/fleet/vehicles'> = [
    { title: '车牌号', dataIndex: 'plate', sorter: true, fixed: 'left', render: (_, r) => <Link to={`/fleet/vehicles/${r.id}`}>{r.plate}</Link> },
    { title: '品牌型号', dataIndex: 'model', hideInSearch: true, render: (_, r) => `${r.brand} ${r.model}` },
    { title: '车辆类别', dataIndex: 'categoryCode', valueType: 'select', valueEnum: categoryEnum, render: (_, r) => r.categoryName },
    { title: '能源类型', dataIndex: 'energyType', valueType: 'select', valueEnum: energyLabels, render: (_, r) => r.energyTypeName },
    { title: '排量(L)', dataIndex: 'displacementL', hideInSearch: true, align: 'right' },
    { title: '购置价格', dataIndex: 'price', hideInSearch: true, sorter: true, align: 'right', render: (_, r) => formatYuan(r.price) },
    { title: '取得日期', dataIndex: 'acquiredOn', hideInSearch: true, sorter: true },
    {
      title: '所属单位',
      dataIndex: 'unitId',
      sorter: false,
      ellipsis: true,
      width: 200,
      render: (_, r) => r.unitName,
      renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="请选择单位（含下级）" />,
    },
    { title: '地区', dataIndex: 'regionCode', hideInTable: true, renderFormItem: () => <RegionTreeSelect /> },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: vehicleStatusEnum, sorter: true },
    { title: '里程(km)', dataIndex: 'odometerKm', hideInSearch: true, sorter: true, align: 'right' },
    {
      title: '北斗终端',
      dataIndex: 'terminal',
      valueType: 'select',
      valueEnum: { bound: { text: '已安装' }, unbound: { text: '未安装' } },
      render: (_, r) => (r.terminalPhone ? <span title={`安装日期 ${r.terminalInstalledOn ?? '-'}`}>{r.terminalPhone}</span> : <Tag color="orange">未安装</Tag>),
    },
    { title: '操作', valueType: 'option', fixed: 'right', render: (_, r) => <Link to={`/fleet/vehicles/${r.id}`}>详情</Link> },
  ];

  return (
    <PageContainer title="车辆档案" content="公务用车实物台账：类别与配备标准、状态、北斗终端；详情含保险年检、用车记录、费用与预警。">
      <ServerTable
        path="/api/fleet/vehicles"
        columns={columns}
        actionRef={actionRef}
        scroll={{ x: 1500 }}
        exportPermission="fleet:vehicle:export"
        exportName="车辆档案台账"
        onRow={(r) => ({ onDoubleClick: () => navigate(`/fleet/vehicles/${r.id}`) })}
        create={{ permission: 'fleet:vehicle:write', label: '登记车辆', onClick: () => setCreating(true) }}
      />
      {creating && (
        <VehicleFormModal
          onClose={() => setCreating(false)}
          onSaved={(d) => {
            setCreating(false);
            message.success(`已登记车辆 ${d.vehicle.plate}`);
            void actionRef.current?.reload();
            navigate(`/fleet/vehicles/${d.vehicle.id}`);
          }}
        />
      )}
    </PageContainer>
  );
}
