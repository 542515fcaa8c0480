// The floor grid of a building: one row per floor (top floor first), each room a tile sized by its usable area
// and coloured by use, status or findings, with the legend of the chosen colouring.
import { ExclamationCircleFilled, UserOutlined } from '@ant-design/icons';
import { Empty, Segmented, Space, Tooltip, Typography } from 'antd';
import type { CSSProperties, KeyboardEvent } from 'react';
import { Link } from 'react-router-dom';
import {
  categoryLabels,
  colorModeLabels,
  formatArea,
  roomStatusLabels,
  swatchOf,
  legendOf,
  tileWidth,
  type ColorMode,
} from './space-colors';
import type { FloorGrid, GridRoom } from './space-data';

export function ColorModeSwitch({ value, onChange }: { value: ColorMode; onChange: (mode: ColorMode) => void }) {
  return (
    <Segmented<ColorMode>
      size="small"
      value={value}
      onChange={onChange}
      options={(Object.keys(colorModeLabels) as ColorMode[]).map((mode) => ({ value: mode, label: colorModeLabels[mode] }))}
    />
  );
}

export function Legend({ mode }: { mode: ColorMode }) {
  return (
    <Space size={12} wrap aria-label="图例">
      {legendOf(mode).map((s) => (
        <Space key={s.key} size={4}>
          <span
            style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 3, background: s.background, border: `2px solid ${s.color}` }}
          />
          <Typography.Text style={{ fontSize: 12 }}>{s.label}</Typography.Text>
        </Space>
      ))}
    </Space>
  );
}

const labelOf = (map: Record<string, string>, key: string) => map[key] ?? key;

function RoomTip({ room }: { room: GridRoom }) {
  return (
    <div style={{ fontSize: 12, lineHeight: 1.7 }}>
      <div style={{ fontWeight: 600 }}>{room.roomNo}</div>
      <div>使用面积：{formatArea(room.usableArea)} m²{room.grossArea !== null ? `（建筑 ${formatArea(room.grossArea)} m²）` : ''}</div>
      <div>
        用途：{room.currentUseName}（{labelOf(categoryLabels, room.category)}）
        {room.currentUse !== room.designedUse ? `，设计为${room.designedUseName}` : ''}
      </div>
      <div>状态：{labelOf(roomStatusLabels, room.status)}</div>
      {room.unitName && <div>使用单位：{room.unitName}{room.departmentName ? ` · ${room.departmentName}` : ''}</div>}
      <div>使用人：{room.occupants.length ? room.occupants.map((o) => o.name).join('、') : '无'}</div>
      {room.findingKinds.length > 0 && <div>预警：{room.findingNames.join('、')}</div>}
    </div>
  );
}

function RoomTile({ room, mode, active, onOpen }: { room: GridRoom; mode: ColorMode; active: boolean; onOpen: (id: number) => void }) {
  const swatch = swatchOf(room, mode);
  const style: CSSProperties = {
    width: tileWidth(room.usableArea),
    minHeight: 74,
    padding: '6px 8px',
    borderRadius: 6,
    borderStyle: 'solid',
    borderWidth: '1px 1px 1px 4px',
    borderColor: swatch.color,
    background: swatch.background,
    cursor: 'pointer',
    boxShadow: active ? `0 0 0 2px ${swatch.color}` : undefined,
    display: 'flex',
    flexDirection: 'column',
    gap: 2,
    overflow: 'hidden',
    outlineColor: swatch.color,
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(room.id);
    }
  };
  const names = room.occupants.map((o) => o.name).join('、');
  return (
    <Tooltip title={<RoomTip room={room} />} mouseEnterDelay={0.4}>
      <div role="button" tabIndex={0} style={style} onClick={() => onOpen(room.id)} onKeyDown={onKey} data-room-id={room.id}>
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 4 }}>
          <Typography.Text strong ellipsis style={{ fontSize: 13 }}>
            {room.roomNo}
          </Typography.Text>
          {room.findingKinds.length > 0 && (
            <ExclamationCircleFilled style={{ color: swatchOf(room, 'finding').color, fontSize: 13 }} aria-label="有预警" />
          )}
        </div>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
          {formatArea(room.usableArea)} m² · {room.currentUseName}
        </Typography.Text>
        {names ? (
          <Typography.Text ellipsis style={{ fontSize: 12 }}>
            <UserOutlined style={{ marginRight: 4, color: '#8c8c8c' }} />
            {names}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {room.status === 'idle' ? '闲置' : '无使用人'}
          </Typography.Text>
        )}
      </div>
    </Tooltip>
  );
}

export interface FloorGridViewProps {
  grid: FloorGrid;
  mode: ColorMode;
  /** Only this floor (a floor node selected in the tree). */
  floorNo?: number | null;
  activeRoomId?: number | null;
  onOpenRoom: (id: number) => void;
}

export function FloorGridView({ grid, mode, floorNo, activeRoomId, onOpenRoom }: FloorGridViewProps) {
  const floors = [...grid.floors]
    .filter((f) => floorNo === null || floorNo === undefined || f.floorNo === floorNo)
    .sort((a, b) => b.floorNo - a.floorNo);
  if (floors.length === 0) {
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无房间，点击新增房间或从 Excel 导入">
        <Link to="/estate/imports">到导入导出中心导入房间</Link>
      </Empty>
    );
  }
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {floors.map((floor) => (
        <div
          key={floor.floorNo}
          style={{ display: 'flex', gap: 12, alignItems: 'stretch', borderBottom: '1px dashed #f0f0f0', paddingBottom: 8 }}
        >
          <div style={{ flex: '0 0 84px', paddingTop: 4 }}>
            <Typography.Text strong>{floor.label}</Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {floor.rooms.length}间 · {formatArea(floor.usableArea)} m²
              </Typography.Text>
            </div>
          </div>
          <div style={{ flex: '1 1 auto', display: 'flex', flexWrap: 'wrap', gap: 6, minWidth: 0 }}>
            {floor.rooms.map((room) => (
              <RoomTile key={room.id} room={room} mode={mode} active={room.id === activeRoomId} onOpen={onOpenRoom} />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
