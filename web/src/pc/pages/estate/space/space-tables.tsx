// The two registers of the space browser: rooms (房间台账) and occupants (使用人台账), both server lists with
// filters and Excel export, limited to the compound or building selected in the tree.
import type { ActionType } from '@ant-design/pro-components';
import { Select, Space, Tag, Tooltip } from 'antd';
import type { MutableRefObject } from 'react';
import type { ApiQuery } from '../../../../api/types';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { personStatusLabels, valueEnumOf } from '../../../labels';
import { categoryLabels, findingLevel, floorLabel, formatArea, roomStatusLabels } from './space-colors';
import { classOptionsOf, useDicts } from './space-data';

export interface RoomTableProps {
  params: Partial<ApiQuery<'/api/estate/rooms'>>;
  title: string;
  onOpenRoom: (id: number) => void;
  actionRef?: MutableRefObject<ActionType | undefined>;
}

export function RoomTable({ params, title, onOpenRoom, actionRef }: RoomTableProps) {
  const dicts = useDicts();
  const columns: TableColumns<'/api/estate/rooms'> = [
    {
      title: '房间号',
      dataIndex: 'roomNo',
      sorter: true,
      fixed: 'left',
      render: (_, row) => <a onClick={() => onOpenRoom(row.id)}>{row.roomNo}</a>,
    },
    { title: '院落', dataIndex: 'compoundName', hideInSearch: true, ellipsis: true, width: 180 },
    { title: '楼座', dataIndex: 'buildingName', hideInSearch: true },
    {
      title: '楼层',
      dataIndex: 'floorNo',
      sorter: true,
      valueType: 'digit',
      render: (_, row) => floorLabel(row.floorNo),
    },
    {
      title: '使用面积（m²）',
      dataIndex: 'usableArea',
      sorter: true,
      align: 'right',
      hideInSearch: true,
      render: (_, row) => formatArea(row.usableArea),
    },
    { title: '设计用途', dataIndex: 'designedUseName', hideInSearch: true },
    {
      title: '现用途',
      dataIndex: 'currentUse',
      render: (_, row) => (
        <Space size={4}>
          {row.currentUseName}
          {row.currentUse !== row.designedUse && <Tag color="orange">改变用途</Tag>}
        </Space>
      ),
      renderFormItem: () => <Select allowClear showSearch optionFilterProp="label" options={classOptionsOf(dicts.data)} placeholder="请选择" />,
    },
    { title: '用房类别', dataIndex: 'category', valueEnum: valueEnumOf(categoryLabels) },
    {
      title: '使用单位',
      dataIndex: 'unitId',
      ellipsis: true,
      render: (_, row) => row.unitName ?? '-',
      renderFormItem: () => <OrgTreeSelect selectableKind="unit" />,
    },
    { title: '内设机构', dataIndex: 'departmentName', hideInSearch: true, render: (_, row) => row.departmentName ?? '-' },
    { title: '状态', dataIndex: 'status', valueEnum: valueEnumOf(roomStatusLabels) },
    {
      title: '使用人',
      dataIndex: 'occupants',
      hideInSearch: true,
      render: (_, row) => (row.occupants.length ? row.occupants.map((o) => o.name).join('、') : '-'),
    },
    {
      title: '预警',
      dataIndex: 'findingKinds',
      hideInSearch: true,
      render: (_, row) =>
        row.findingKinds.length === 0 ? (
          '-'
        ) : (
          <Tooltip title={row.findingNames.join('、')}>
            <Tag color={findingLevel(row.findingKinds) === 'severe' ? 'red' : 'orange'}>{row.findingKinds.length} 条</Tag>
          </Tooltip>
        ),
    },
    {
      title: '用途一致性',
      dataIndex: 'mismatch',
      hideInTable: true,
      valueEnum: { true: { text: '仅现用途与设计用途不一致' } },
    },
    {
      title: '操作',
      valueType: 'option',
      fixed: 'right',
      render: (_, row) => <a onClick={() => onOpenRoom(row.id)}>详情</a>,
    },
  ];
  return (
    <ServerTable
      path="/api/estate/rooms"
      headerTitle={title}
      params={params}
      columns={columns}
      actionRef={actionRef}
      exportPermission="estate:space:export"
      exportName="房间台账"
      locale={{ emptyText: '暂无房间，点击新增房间或从 Excel 导入' }}
    />
  );
}

export interface OccupancyTableProps {
  params: Partial<ApiQuery<'/api/estate/occupancies'>>;
  title: string;
  onOpenRoom: (id: number) => void;
  actionRef?: MutableRefObject<ActionType | undefined>;
}

export function OccupancyTable({ params, title, onOpenRoom, actionRef }: OccupancyTableProps) {
  const columns: TableColumns<'/api/estate/occupancies'> = [
    { title: '姓名', dataIndex: 'personName', sorter: true, fixed: 'left' },
    { title: '职级', dataIndex: 'rankName', hideInSearch: true, render: (_, row) => row.rankName ?? '-' },
    {
      title: '所在单位',
      dataIndex: 'unitId',
      ellipsis: true,
      render: (_, row) => row.personUnitName,
      renderFormItem: () => <OrgTreeSelect selectableKind="unit" />,
    },
    {
      title: '办公室',
      dataIndex: 'roomNo',
      sorter: true,
      hideInSearch: true,
      render: (_, row) => <a onClick={() => onOpenRoom(row.roomId)}>{row.room}</a>,
    },
    {
      title: '房间使用面积（m²）',
      dataIndex: 'usableArea',
      align: 'right',
      hideInSearch: true,
      render: (_, row) => formatArea(row.usableArea),
    },
    { title: '起始日期', dataIndex: 'from', sorter: true, hideInSearch: true },
    { title: '截止日期', dataIndex: 'to', hideInSearch: true, render: (_, row) => row.to ?? '至今' },
    { title: '主办公室', dataIndex: 'isPrimary', hideInSearch: true, render: (_, row) => (row.isPrimary ? '是' : '否') },
    {
      title: '使用状态',
      dataIndex: 'current',
      valueEnum: { true: { text: '仅当前在用' } },
      render: (_, row) => (row.current ? <Tag color="green">在用</Tag> : <Tag>已结束</Tag>),
    },
    {
      title: '人员状态',
      dataIndex: 'personStatus',
      hideInSearch: true,
      render: (_, row) =>
        row.personStatus === 'active' ? '在职' : <Tag color="orange">{personStatusLabels[row.personStatus as keyof typeof personStatusLabels] ?? row.personStatus}</Tag>,
    },
  ];
  return (
    <ServerTable
      path="/api/estate/occupancies"
      headerTitle={title}
      params={params}
      columns={columns}
      actionRef={actionRef}
      exportPermission="estate:space:export"
      exportName="使用人台账"
      locale={{ emptyText: '暂无使用人记录' }}
    />
  );
}
