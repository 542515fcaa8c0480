// The right-hand views of the space browser: a compound's summary with its buildings, and a building's floor grid.
import { EditOutlined, EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import type { ActionType } from '@ant-design/pro-components';
import { Button, Card, Descriptions, Empty, Skeleton, Space, Statistic, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { floorLabel, formatArea, type ColorMode } from './space-colors';
import { useCompound, useFloors, type Building, type Compound } from './space-data';
import { ColorModeSwitch, FloorGridView, Legend } from './space-floor-grid';
import { BuildingFormModal, CompoundFormModal, RoomFormModal } from './space-forms';

const area = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${formatArea(v)} m²`);

// ---------------------------------------------------------------------------------------------------- compound

export interface CompoundViewProps {
  compoundId: number;
  onSelectBuilding: (id: number) => void;
  /** After the compound or one of its buildings changed. */
  onChanged: (change: { compoundId: number; buildingId?: number }) => void;
}

export function CompoundView({ compoundId, onSelectBuilding, onChanged }: CompoundViewProps) {
  const compound = useCompound(compoundId);
  const actionRef = useRef<ActionType>();
  const [editing, setEditing] = useState(false);
  const [building, setBuilding] = useState<{ row?: Building } | null>(null);
  const c = compound.data;
  if (compound.isLoading) return <Skeleton active />;
  if (!c) return <Empty description="院落不存在或无权查看" />;
  const canUpdate = c._actions.includes('update');

  const columns: TableColumns<'/api/estate/buildings'> = [
    { title: '楼座编号', dataIndex: 'code', sorter: true },
    { title: '楼座名称', dataIndex: 'name', sorter: true, render: (_, row) => <a onClick={() => onSelectBuilding(row.id)}>{row.name}</a> },
    { title: '结构', dataIndex: 'structureName' },
    { title: '建成年份', dataIndex: 'buildYear', sorter: true, render: (_, row) => row.buildYear ?? '-' },
    { title: '层数', key: 'floors', render: (_, row) => `地上${row.floorsAbove}层${row.floorsBelow ? ` / 地下${row.floorsBelow}层` : ''}` },
    { title: '建筑面积', dataIndex: 'grossArea', sorter: true, align: 'right', render: (_, row) => area(row.grossArea) },
    { title: '使用面积', dataIndex: 'usableArea', align: 'right', render: (_, row) => area(row.usableArea) },
    { title: '已登记房间', dataIndex: 'rooms', align: 'right', render: (_, row) => `${row.rooms}间 / ${formatArea(row.roomsUsableArea)} m²` },
    {
      title: '操作',
      valueType: 'option',
      fixed: 'right',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => onSelectBuilding(row.id)}>
            楼层平面
          </Button>
          {row._actions.includes('update') && (
            <Button type="link" size="small" onClick={() => setBuilding({ row: row as Building })}>
              编辑
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space>
            <span>{c.name}</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {c.code}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space>
            {c.lng !== null && c.lat !== null && (
              <Link to={`/estate/map?compoundId=${c.id}`}>
                <EnvironmentOutlined /> 地图
              </Link>
            )}
            {canUpdate && (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                编辑院落
              </Button>
            )}
            {canUpdate && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setBuilding({})}>
                新增楼座
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="坐落地址">{c.address}</Descriptions.Item>
          <Descriptions.Item label="行政区划">{c.regionName}</Descriptions.Item>
          <Descriptions.Item label="产权单位">{c.ownerUnitName}</Descriptions.Item>
          <Descriptions.Item label="占地面积">{area(c.landArea)}</Descriptions.Item>
          <Descriptions.Item label="土地证号">{c.landCertNo ?? '-'}</Descriptions.Item>
          <Descriptions.Item label="经纬度">{c.lng !== null && c.lat !== null ? `${c.lng}, ${c.lat}` : '-'}</Descriptions.Item>
        </Descriptions>
        <Space size={48} style={{ marginTop: 8 }}>
          <Statistic title="楼座" value={c.buildings} suffix="栋" />
          <Statistic title="建筑面积" value={c.grossArea} precision={2} suffix="m²" />
        </Space>
      </Card>
      <ServerTable
        path="/api/estate/buildings"
        headerTitle="楼座"
        params={{ compoundId }}
        columns={columns}
        actionRef={actionRef}
        search={false}
        exportPermission="estate:space:export"
        exportName="楼座台账"
        locale={{ emptyText: canUpdate ? '暂无楼座，点击“新增楼座”或从 Excel 导入' : '暂无楼座' }}
      />
      {editing && (
        <CompoundFormModal
          row={c}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged({ compoundId });
          }}
        />
      )}
      {building && (
        <BuildingFormModal
          compound={c}
          row={building.row}
          onClose={() => setBuilding(null)}
          onSaved={(saved) => {
            setBuilding(null);
            void actionRef.current?.reload();
            onChanged({ compoundId, buildingId: saved.id });
          }}
        />
      )}
    </Space>
  );
}

// ---------------------------------------------------------------------------------------------------- building

export interface BuildingViewProps {
  buildingId: number;
  floorNo: number | null;
  roomId: number | null;
  onShowAllFloors: () => void;
  onOpenRoom: (id: number) => void;
  onChanged: (change: { compoundId: number; buildingId: number }) => void;
}

export function BuildingView({ buildingId, floorNo, roomId, onShowAllFloors, onOpenRoom, onChanged }: BuildingViewProps) {
  const grid = useFloors(buildingId);
  const [mode, setMode] = useState<ColorMode>('category');
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const g = grid.data;
  if (grid.isLoading) return <Skeleton active />;
  if (!g) return <Empty description="楼座不存在或无权查看" />;
  const b = g.building;
  const canUpdate = b._actions.includes('update');
  const offices = g.floors.flatMap((f) => f.rooms).filter((r) => r.currentUse === 'office');
  const compound: Pick<Compound, 'id' | 'name'> = { id: b.compoundId, name: b.compoundName };
  // a new room most likely belongs to the unit that already uses most rooms of the building
  const unitCounts = new Map<number, { id: number; name: string; n: number }>();
  for (const r of g.floors.flatMap((f) => f.rooms)) {
    if (r.unitId === null) continue;
    const u = unitCounts.get(r.unitId) ?? { id: r.unitId, name: r.unitName ?? '', n: 0 };
    unitCounts.set(r.unitId, { ...u, n: u.n + 1 });
  }
  const mainUnit = [...unitCounts.values()].sort((x, y) => y.n - x.n)[0] ?? null;

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span>{b.name}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {b.compoundName} · {b.structureName}
            {b.buildYear ? ` · ${b.buildYear}年建成` : ''} · 地上{b.floorsAbove}层{b.floorsBelow ? `/地下${b.floorsBelow}层` : ''}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space>
          {canUpdate && (
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
              编辑楼座
            </Button>
          )}
          {canUpdate && (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              新增房间
            </Button>
          )}
        </Space>
      }
    >
      <Space size={32} wrap style={{ marginBottom: 12 }}>
        <Statistic title="建筑面积" value={b.grossArea} precision={2} suffix="m²" valueStyle={{ fontSize: 18 }} />
        <Statistic title="使用面积" value={b.usableArea} precision={2} suffix="m²" valueStyle={{ fontSize: 18 }} />
        <Statistic title="已登记房间" value={b.rooms} suffix="间" valueStyle={{ fontSize: 18 }} />
        <Statistic title="房间使用面积合计" value={b.roomsUsableArea} precision={2} suffix="m²" valueStyle={{ fontSize: 18 }} />
      </Space>
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          flexWrap: 'wrap',
          gap: 8,
          padding: '8px 0',
          marginBottom: 8,
          borderTop: '1px solid #f0f0f0',
        }}
      >
        <Space wrap>
          <ColorModeSwitch value={mode} onChange={setMode} />
          {floorNo !== null && (
            <Typography.Text>
              仅显示{floorLabel(floorNo)}，<a onClick={onShowAllFloors}>显示全部楼层</a>
            </Typography.Text>
          )}
        </Space>
        <Legend mode={mode} />
      </div>
      <FloorGridView grid={g} mode={mode} floorNo={floorNo} activeRoomId={roomId} onOpenRoom={onOpenRoom} />
      {editing && (
        <BuildingFormModal
          compound={compound}
          row={b}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged({ compoundId: b.compoundId, buildingId });
          }}
        />
      )}
      {adding && (
        <RoomFormModal
          building={b}
          defaultUnit={mainUnit}
          floorNo={floorNo ?? undefined}
          offices={offices}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            onChanged({ compoundId: b.compoundId, buildingId });
          }}
        />
      )}
    </Card>
  );
}
