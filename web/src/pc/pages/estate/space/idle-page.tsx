// 闲置用房: idle rooms of the caller's scope and of the caller's city, which units may apply for (调剂).
// Select rooms and 申请调剂 opens the application form with them.
import { PageContainer } from '@ant-design/pro-components';
import { Button, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { usePermission } from '../../../me';

export function IdlePage() {
  const navigate = useNavigate();
  const can = usePermission();
  const [selected, setSelected] = useState<number[]>([]);
  const [selectedArea, setSelectedArea] = useState(0);

  const columns: TableColumns<'/api/estate/idle-rooms'> = [
    { title: '院落', dataIndex: 'compoundName', width: 200, ellipsis: true, sorter: true, search: false },
    { title: '院落名称或地址', dataIndex: 'q', hideInTable: true },
    { title: '楼座', dataIndex: 'buildingName', width: 120, search: false },
    { title: '楼层', dataIndex: 'floorName', width: 80, search: false },
    { title: '房间号', dataIndex: 'roomNo', width: 90, sorter: true, search: false },
    { title: '使用面积（m²）', dataIndex: 'usableArea', width: 120, sorter: true, search: false, align: 'right' },
    { title: '最小面积（m²）', dataIndex: 'minArea', valueType: 'digit', hideInTable: true, fieldProps: { min: 0, max: 5000 } },
    { title: '设计用途', dataIndex: 'designedUseName', width: 100, search: false },
    { title: '地址', dataIndex: 'address', width: 220, ellipsis: true, search: false },
    { title: '地区', dataIndex: 'regionName', width: 100, search: false },
    { title: '地区代码', dataIndex: 'regionCode', hideInTable: true, fieldProps: { placeholder: '如 3701（济南市）' } },
    { title: '产权单位', dataIndex: 'ownerName', width: 200, ellipsis: true, search: false },
    {
      title: '状态',
      dataIndex: 'claimed',
      width: 100,
      search: false,
      render: (_, r) => (r.claimed ? <Tag color="orange">已被申请</Tag> : <Tag color="green">可申请</Tag>),
    },
  ];

  const apply = () => navigate(`/estate/applications/new?kind=allocation&roomIds=${selected.join(',')}`);

  return (
    <PageContainer title="闲置用房" subTitle="本范围及本单位所在城市的闲置房间，可选择后申请调剂">
      <ServerTable
        path="/api/estate/idle-rooms"
        headerTitle="闲置房间"
        columns={columns}
        exportPermission="estate:space:export"
        exportName="闲置用房"
        rowSelection={{
          selectedRowKeys: selected,
          preserveSelectedRowKeys: true,
          getCheckboxProps: (r) => ({ disabled: r.claimed || !r._actions.includes('apply') }),
          onChange: (keys, rows) => {
            setSelected(keys.map(Number));
            setSelectedArea(rows.reduce((s, r) => s + (r ? Number(r.usableArea) : 0), 0));
          },
        }}
        tableAlertRender={() => (
          <Space>
            <span>已选 {selected.length} 间，合计 {selectedArea.toFixed(2)} m²</span>
            <Typography.Link onClick={() => { setSelected([]); setSelectedArea(0); }}>清空</Typography.Link>
          </Space>
        )}
        tableAlertOptionRender={() => (
          <Button type="primary" size="small" disabled={!selected.length || !can('estate:application:create')} onClick={apply}>
            申请调剂
          </Button>
        )}
      />
    </PageContainer>
  );
}
