// The room drawer: basic facts and editing, current occupants with their per-person area against the standard,
// assigning and ending a use, the occupancy history, open findings and attached rest rooms.
import { EditOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Empty, List, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { RowActions } from '../../../components/row-actions';
import { personStatusLabels } from '../../../labels';
import {
  categoryLabels,
  floorLabel,
  formatArea,
  isOver,
  roomStatusLabels,
  shareText,
  swatchOf,
} from './space-colors';
import { useFloors, useRoom, type RoomDetail } from './space-data';
import { AssignModal, EndModal, RoomFormModal } from './space-forms';

type Occupancy = RoomDetail['history'][number];
type Share = RoomDetail['shares'][number];

const severityLabels: Record<string, { text: string; color: string }> = {
  high: { text: '严重', color: 'red' },
  medium: { text: '一般', color: 'orange' },
  low: { text: '提示', color: 'gold' },
};

const findingStatusLabels: Record<string, string> = { open: '待处理', acknowledged: '处理中', resolved: '已办结', dismissed: '已忽略' };

function ShareCell({ share }: { share: Share | undefined }) {
  if (!share) return <span>-</span>;
  const over = isOver(share.area, share.cap);
  return (
    <Tooltip title={`计入面积的办公室：${share.rooms || '-'}（合用按标准比例分摊）`}>
      <Typography.Text type={over ? 'danger' : undefined} strong={over}>
        {shareText(share.area, share.cap)}
        {over && <Tag color="red" style={{ marginLeft: 6 }}>超标</Tag>}
      </Typography.Text>
    </Tooltip>
  );
}

export interface RoomDrawerProps {
  roomId: number;
  onClose: () => void;
  /** Opens another room (a rest room, the office a rest room belongs to). */
  onOpenRoom: (id: number) => void;
  /** After a change: refresh the grid, the tree and the lists. */
  onChanged: () => void;
}

export function RoomDrawer({ roomId, onClose, onOpenRoom, onChanged }: RoomDrawerProps) {
  const room = useRoom(roomId);
  const r = room.data;
  const floors = useFloors(r?.buildingId ?? null);
  const [editing, setEditing] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [ending, setEnding] = useState<Occupancy | null>(null);

  const changed = () => {
    void room.refetch();
    onChanged();
  };

  const canUpdate = r?._actions.includes('update') ?? false;
  const canAssign = r?._actions.includes('assign') ?? false;
  const current = r?.history.filter((o) => o.current) ?? [];
  const shareOf = (personId: number) => r?.shares.find((s) => s.personId === personId);
  const offices = (floors.data?.floors ?? []).flatMap((f) => f.rooms).filter((x) => x.currentUse === 'office');
  const attachedTo = r?.attachedToRoomId ? offices.find((o) => o.id === r.attachedToRoomId) : undefined;

  const currentColumns: ColumnsType<Occupancy> = [
    {
      title: '姓名',
      dataIndex: 'personName',
      render: (_, o) => (
        <Space size={4}>
          <span>{o.personName}</span>
          {!o.isPrimary && <Tag>非主办公室</Tag>}
          {o.to && <Tag color="blue">使用至 {o.to}</Tag>}
          {o.personStatus !== 'active' && <Tag color="orange">{personStatusLabels[o.personStatus as keyof typeof personStatusLabels] ?? o.personStatus}</Tag>}
        </Space>
      ),
    },
    { title: '职级', dataIndex: 'rankName', render: (v: string | null) => v ?? '-' },
    { title: '起始日期', dataIndex: 'from' },
    { title: '人均面积 / 标准', key: 'share', render: (_, o) => <ShareCell share={shareOf(o.personId)} /> },
    {
      title: '操作',
      key: 'actions',
      render: (_, o) => (
        <RowActions
          allowed={r?._actions}
          items={[{ action: canAssign ? 'assign' : 'update', label: '结束使用', hideWhenDenied: true, onClick: () => setEnding(o) }]}
        />
      ),
    },
  ];

  const historyColumns: ColumnsType<Occupancy> = [
    { title: '姓名', dataIndex: 'personName' },
    { title: '职级', dataIndex: 'rankName', render: (v: string | null) => v ?? '-' },
    { title: '起始日期', dataIndex: 'from' },
    { title: '截止日期', dataIndex: 'to', render: (v: string | null) => v ?? '至今' },
    { title: '主办公室', dataIndex: 'isPrimary', render: (v: boolean) => (v ? '是' : '否') },
    {
      title: '状态',
      key: 'state',
      render: (_, o) => (o.current ? <Tag color="green">在用</Tag> : <Tag>已结束</Tag>),
    },
    { title: '备注', dataIndex: 'note', render: (v: string | null) => v ?? '' },
  ];

  const title = r ? (
    <Space size={8} wrap>
      <span>
        {r.buildingName} {r.roomNo}
      </span>
      <Tag color={swatchOf(r, 'status').color}>{roomStatusLabels[r.status]}</Tag>
      <Tag color={swatchOf(r, 'category').color}>{r.currentUseName}</Tag>
    </Space>
  ) : (
    '房间'
  );

  return (
    <Drawer
      open
      width={760}
      title={title}
      onClose={onClose}
      destroyOnHidden
      extra={
        r && (
          <Space>
            {canUpdate && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                编辑
              </Button>
            )}
            {canAssign && (
              <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAssigning(true)}>
                分配使用人
              </Button>
            )}
          </Space>
        )
      }
    >
      {room.isLoading && <Skeleton active />}
      {room.isError && <Empty description="房间不存在或无权查看" />}
      {r && (
        <Space direction="vertical" size={20} style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="院落">{r.compoundName}</Descriptions.Item>
            <Descriptions.Item label="楼座">{r.buildingName}</Descriptions.Item>
            <Descriptions.Item label="楼层">{floorLabel(r.floorNo)}</Descriptions.Item>
            <Descriptions.Item label="房间号">{r.roomNo}</Descriptions.Item>
            <Descriptions.Item label="使用面积">{formatArea(r.usableArea)} m²</Descriptions.Item>
            <Descriptions.Item label="建筑面积">{r.grossArea === null ? '-' : `${formatArea(r.grossArea)} m²`}</Descriptions.Item>
            <Descriptions.Item label="设计用途">{r.designedUseName}</Descriptions.Item>
            <Descriptions.Item label="现用途">
              <Space size={4}>
                {r.currentUseName}
                {r.currentUse !== r.designedUse && <Tag color="orange">与设计用途不一致</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="用房类别">{categoryLabels[r.category as keyof typeof categoryLabels] ?? r.category}</Descriptions.Item>
            <Descriptions.Item label="状态">{roomStatusLabels[r.status]}</Descriptions.Item>
            <Descriptions.Item label="使用单位">{r.unitName ?? '-'}</Descriptions.Item>
            <Descriptions.Item label="内设机构">{r.departmentName ?? '-'}</Descriptions.Item>
            {r.attachedToRoomId !== null && (
              <Descriptions.Item label="所附办公室" span={2}>
                <a onClick={() => onOpenRoom(r.attachedToRoomId!)}>{attachedTo ? `${floorLabel(attachedTo.floorNo)} ${attachedTo.roomNo}` : `房间 #${r.attachedToRoomId}`}</a>
              </Descriptions.Item>
            )}
          </Descriptions>

          {r.findings.length > 0 && (
            <Alert
              type={r.findings.some((f) => f.severity === 'high') ? 'error' : 'warning'}
              showIcon
              message={`本房间及其使用人有 ${r.findings.length} 条未办结预警`}
              description={
                <List
                  size="small"
                  split={false}
                  dataSource={r.findings}
                  renderItem={(f) => (
                    <List.Item style={{ padding: '2px 0' }}>
                      <Space size={6} wrap>
                        <Tag color={severityLabels[f.severity]?.color}>{severityLabels[f.severity]?.text ?? f.severity}</Tag>
                        <Tag>{findingStatusLabels[f.status] ?? f.status}</Tag>
                        <Typography.Text type="secondary">{f.kindName}</Typography.Text>
                        <span>{f.title}</span>
                      </Space>
                    </List.Item>
                  )}
                  footer={<Link to="/estate/findings">到预警处置查看全部 →</Link>}
                />
              }
            />
          )}

          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              当前使用人
            </Typography.Title>
            <Table<Occupancy>
              size="small"
              rowKey="id"
              pagination={false}
              columns={currentColumns}
              dataSource={current}
              locale={{
                emptyText:
                  r.currentUse === 'office'
                    ? canAssign
                      ? '暂无使用人，点击右上角“分配使用人”'
                      : '暂无使用人'
                    : '非办公室用房，不登记使用人',
              }}
            />
            {r.shares.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 6, marginBottom: 0 }}>
                人均面积含本人全部主办公室（合用房间按标准比例分摊）与附设休息室；标准按发改投资〔2014〕2674号。
              </Typography.Paragraph>
            )}
          </div>

          {r.restRooms.length > 0 && (
            <div>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                附设休息室
              </Typography.Title>
              <Space wrap>
                {r.restRooms.map((x) => (
                  <Button key={x.id} size="small" onClick={() => onOpenRoom(x.id)}>
                    {x.roomNo}（{formatArea(x.usableArea)} m²）
                  </Button>
                ))}
              </Space>
            </div>
          )}

          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              使用历史
            </Typography.Title>
            <Table<Occupancy>
              size="small"
              rowKey="id"
              columns={historyColumns}
              dataSource={r.history}
              pagination={r.history.length > 10 ? { pageSize: 10, size: 'small' } : false}
              locale={{ emptyText: '暂无使用记录' }}
            />
          </div>
        </Space>
      )}
      {editing && r && (
        <RoomFormModal
          building={floors.data?.building ?? { id: r.buildingId, name: r.buildingName }}
          row={r}
          offices={offices}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            changed();
          }}
        />
      )}
      {assigning && r && (
        <AssignModal
          room={r}
          onClose={() => setAssigning(false)}
          onSaved={() => {
            setAssigning(false);
            changed();
          }}
        />
      )}
      {ending && r && (
        <EndModal
          occupancy={ending}
          roomNo={r.roomNo}
          onClose={() => setEnding(null)}
          onSaved={() => {
            setEnding(null);
            changed();
          }}
        />
      )}
    </Drawer>
  );
}
