// 调度看板: the day's dispatches as a timeline (hours 6–22) per car or per driver, bars coloured by status; beside it
// the approved requests waiting for a car, each with 派车 (a dialog of the free cars and drivers for its window);
// 紧急用车补录 records a dispatch that already happened.
import { ModalForm, PageContainer, ProFormDateTimeRangePicker, ProFormDigit, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Col, DatePicker, Empty, Input, List, Modal, Row, Segmented, Skeleton, Space, Table, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { barPlacement, DISPATCH_COLORS, FIRST_HOUR, LAST_HOUR, windowText } from './dispatch-labels';
import './board.css';

type FleetRequest = ApiResponse<'/api/fleet/requests/{id}'>;
type Board = ApiResponse<'/api/fleet/board'>;
type Bar = Board['vehicles'][number]['dispatches'][number];


function Track({ day, bars, onOpen }: { day: string; bars: Bar[]; onOpen: (b: Bar) => void }) {
  return (
    <div className="fleet-board-track">
      {bars.map((b) => {
        const at = barPlacement(day, b.startsAt, b.endsAt);
        if (!at) return null;
        return (
          <Tooltip key={b.id} title={`${windowText(b.startsAt, b.endsAt)} ${b.statusName}${b.emergency ? '（紧急）' : ''}：${b.label}`}>
            <div
              role="button"
              tabIndex={0}
              aria-label={`派车任务 ${b.label}`}
              className={`fleet-board-bar${b.emergency ? ' fleet-board-bar--emergency' : ''}`}
              style={{ left: `${at.left}%`, width: `${at.width}%`, background: DISPATCH_COLORS[b.status] ?? '#1677ff' }}
              onClick={() => onOpen(b)}
              onKeyDown={(e) => e.key === 'Enter' && onOpen(b)}
            >
              {b.label}
            </div>
          </Tooltip>
        );
      })}
    </div>
  );
}

/** 派车 dialog: the free cars and drivers for the request's window; one of each, then 确认派车. */
export function DispatchModal({ request, onClose, onDone }: { request: FleetRequest; onClose: () => void; onDone: (r: FleetRequest) => void }) {
  const [vehicleId, setVehicleId] = useState<number>();
  const [driverId, setDriverId] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [carFilter, setCarFilter] = useState('');
  const [driverFilter, setDriverFilter] = useState('');
  const free = useQuery({
    queryKey: ['fleet-availability', request.startsAt, request.endsAt, request.emergency],
    queryFn: () =>
      unwrap(api.GET('/api/fleet/availability', { params: { query: { from: request.startsAt, to: request.endsAt, ...(request.emergency ? { emergency: true } : {}) } } })),
  });
  const submit = async () => {
    if (!vehicleId || !driverId) return;
    setBusy(true);
    const next = await attempt(() => unwrap(api.POST('/api/fleet/requests/{id}/dispatch', { params: { path: { id: request.id } }, body: { vehicleId, driverId } })));
    setBusy(false);
    if (next) onDone(next);
    else void free.refetch();
  };
  return (
    <Modal
      open
      title={`派车：${request.purpose}`}
      width={860}
      onCancel={onClose}
      okText="确认派车"
      okButtonProps={{ disabled: !vehicleId || !driverId, loading: busy }}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <p>
        {windowText(request.startsAt, request.endsAt)}，{request.origin} → {request.destination}，{request.passengers} 人（{request.unitName}）
      </p>
      {free.isPending ? (
        <Skeleton active />
      ) : free.isError ? (
        <Alert type="error" message="无法加载空闲车辆与驾驶员" />
      ) : (
        <Row gutter={16}>
          <Col span={14}>
            <Table
              size="small"
              rowKey="id"
              title={() => (
                <Space>
                  空闲车辆（{free.data.vehicles.length}）
                  <Input.Search allowClear size="small" placeholder="车牌或车型" aria-label="筛选车辆" onChange={(e) => setCarFilter(e.target.value.trim())} />
                </Space>
              )}
              dataSource={free.data.vehicles.filter((v) => !carFilter || v.plate.includes(carFilter.toUpperCase()) || v.model.includes(carFilter))}
              pagination={{ pageSize: 8, size: 'small' }}
              rowSelection={{ type: 'radio', selectedRowKeys: vehicleId ? [vehicleId] : [], onChange: (keys) => setVehicleId(Number(keys[0])) }}
              onRow={(v) => ({ onClick: () => setVehicleId(v.id) })}
              columns={[
                { title: '车牌', dataIndex: 'plate' },
                { title: '车型', dataIndex: 'model', ellipsis: true },
                {
                  title: '座位',
                  dataIndex: 'seats',
                  render: (s: number) => (s - 1 < request.passengers ? <Tag color="red">{s}（不足）</Tag> : s),
                },
                { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'sealed' ? <Tag color="orange">封存</Tag> : '在用') },
              ]}
            />
          </Col>
          <Col span={10}>
            <Table
              size="small"
              rowKey="id"
              title={() => (
                <Space>
                  空闲驾驶员（{free.data.drivers.length}）
                  <Input.Search allowClear size="small" placeholder="姓名" aria-label="筛选驾驶员" onChange={(e) => setDriverFilter(e.target.value.trim())} />
                </Space>
              )}
              dataSource={free.data.drivers.filter((d) => !driverFilter || d.name.includes(driverFilter))}
              pagination={{ pageSize: 8, size: 'small' }}
              rowSelection={{ type: 'radio', selectedRowKeys: driverId ? [driverId] : [], onChange: (keys) => setDriverId(Number(keys[0])) }}
              onRow={(d) => ({ onClick: () => setDriverId(d.id) })}
              columns={[
                { title: '姓名', dataIndex: 'name' },
                { title: '准驾', dataIndex: 'licenceClass' },
                { title: '驾驶证有效期', dataIndex: 'licenceExpiresOn' },
              ]}
            />
          </Col>
        </Row>
      )}
    </Modal>
  );
}

interface EmergencyValues {
  purpose: string;
  passengers: number;
  origin: string;
  destination: string;
  window: [Dayjs, Dayjs];
  vehicleId: number;
  driverId: number;
}

/** 紧急用车补录: car and driver chosen from those free in the window (sealed cars included). */
function EmergencyModal({ onDone }: { onDone: () => void }) {
  const { message } = App.useApp();
  const [window, setWindow] = useState<[Dayjs, Dayjs] | null>(null);
  const free = useQuery({
    queryKey: ['fleet-availability', window?.[0].toISOString(), window?.[1].toISOString(), true],
    enabled: Boolean(window && window[1].isAfter(window[0])),
    queryFn: () => unwrap(api.GET('/api/fleet/availability', { params: { query: { from: window![0].toISOString(), to: window![1].toISOString(), emergency: true } } })),
  });
  return (
    <ModalForm<EmergencyValues>
      title="紧急用车补录"
      width={560}
      trigger={<Button danger>紧急用车补录</Button>}
      modalProps={{ destroyOnHidden: true }}
      onValuesChange={(c: Partial<EmergencyValues>) => c.window && setWindow(c.window)}
      onFinish={async (v) => {
        const r = await attempt(() =>
          unwrap(
            api.POST('/api/fleet/dispatches/emergency', {
              body: {
                purpose: v.purpose.trim(),
                passengers: v.passengers,
                origin: v.origin.trim(),
                destination: v.destination.trim(),
                from: dayjs(v.window[0]).toISOString(),
                to: dayjs(v.window[1]).toISOString(),
                vehicleId: v.vehicleId,
                driverId: v.driverId,
              },
            }),
          ),
        );
        if (!r) return false;
        if (r.late) message.warning('已补录；超过规定时限，标记为逾期补录并生成预警');
        else message.success('已补录');
        onDone();
        return true;
      }}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message="紧急情况先派车、后补手续：请在用车开始后 24 小时内补录，超时标记为逾期补录。" />
      <ProFormText name="purpose" label="用车事由" rules={[{ required: true, message: '请填写事由' }, { min: 2, max: 200, message: '2–200 个字' }]} />
      <ProFormDateTimeRangePicker
        name="window"
        label="用车时间"
        fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' } }}
        rules={[
          { required: true, message: '请选择用车时间' },
          {
            validator: async (_, w: [Dayjs, Dayjs] | undefined) => {
              if (w && w[0].isAfter(dayjs())) throw new Error('补录的是已发生的用车，开始时间不能晚于现在');
              if (w && !w[1].isAfter(w[0])) throw new Error('结束时间须晚于开始时间');
            },
          },
        ]}
      />
      <ProFormDigit name="passengers" label="乘车人数" min={1} max={50} initialValue={1} fieldProps={{ precision: 0 }} rules={[{ required: true }]} />
      <ProFormText name="origin" label="出发地" rules={[{ required: true, message: '请填写出发地' }, { min: 2, max: 100 }]} />
      <ProFormText name="destination" label="目的地" rules={[{ required: true, message: '请填写目的地' }, { min: 2, max: 100 }]} />
      <ProFormSelect
        name="vehicleId"
        label="车辆"
        disabled={!free.data}
        placeholder={free.data ? '请选择车辆' : '请先选择用车时间'}
        options={(free.data?.vehicles ?? []).map((v) => ({ value: v.id, label: `${v.plate} ${v.model}${v.status === 'sealed' ? '（封存）' : ''}` }))}
        rules={[{ required: true, message: '请选择车辆' }]}
        showSearch
      />
      <ProFormSelect
        name="driverId"
        label="驾驶员"
        disabled={!free.data}
        placeholder={free.data ? '请选择驾驶员' : '请先选择用车时间'}
        options={(free.data?.drivers ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.licenceClass}）` }))}
        rules={[{ required: true, message: '请选择驾驶员' }]}
        showSearch
      />
    </ModalForm>
  );
}

export function BoardPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [day, setDay] = useState(() => dayjs().format('YYYY-MM-DD'));
  const [by, setBy] = useState<'vehicles' | 'drivers'>('vehicles');
  const [dispatching, setDispatching] = useState<FleetRequest | null>(null);
  const board = useQuery({ queryKey: ['fleet-board', day], queryFn: () => unwrap(api.GET('/api/fleet/board', { params: { query: { day } } })) });
  const waiting = useQuery({
    queryKey: ['fleet-board', 'waiting'],
    queryFn: () => unwrap(api.GET('/api/fleet/requests', { params: { query: { status: 'approved', sort: 'startsAt', order: 'asc', pageSize: 50 } } })),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['fleet-board'] });
  const open = (b: Bar) => navigate(`/fleet/requests/${b.requestId}`);
  const rows =
    by === 'vehicles'
      ? (board.data?.vehicles ?? []).map((v) => ({ key: v.id, title: v.plate, sub: `${v.model}${v.status === 'sealed' ? '·封存' : ''}`, bars: v.dispatches }))
      : (board.data?.drivers ?? []).map((d) => ({ key: d.id, title: d.name, sub: d.status === 'active' ? '在岗' : '不在岗', bars: d.dispatches }));

  return (
    <PageContainer
      title="调度看板"
      content="按车辆或驾驶员查看当日派车；右侧为审批通过、等待派车的申请。同一车辆或驾驶员同一时段只能有一项任务。"
      extra={[<EmergencyModal key="em" onDone={refresh} />]}
    >
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card
            title={
              <Space wrap>
                <Button onClick={() => setDay(dayjs(day).subtract(1, 'day').format('YYYY-MM-DD'))}>前一天</Button>
                <DatePicker allowClear={false} value={dayjs(day)} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} aria-label="日期" />
                <Button onClick={() => setDay(dayjs(day).add(1, 'day').format('YYYY-MM-DD'))}>后一天</Button>
                <Segmented
                  value={by}
                  onChange={(v) => setBy(v as 'vehicles' | 'drivers')}
                  options={[
                    { value: 'vehicles', label: '按车辆' },
                    { value: 'drivers', label: '按驾驶员' },
                  ]}
                />
              </Space>
            }
            extra={
              <Space size="small" wrap>
                {[
                  ['assigned', '已派车'],
                  ['started', '已出车'],
                  ['finished', '已收车'],
                  ['no_show', '未按时用车'],
                ].map(([s, t]) => (
                  <Badge key={s} color={DISPATCH_COLORS[s!]} text={t} />
                ))}
              </Space>
            }
          >
            {board.isPending ? (
              <Skeleton active />
            ) : rows.length === 0 ? (
              <Empty description="管理范围内没有车辆" />
            ) : (
              <div className="fleet-board" data-testid="fleet-board">
                <div className="fleet-board-grid">
                  <div className="fleet-board-row" style={{ minHeight: 24 }}>
                    <div className="fleet-board-label">{by === 'vehicles' ? '车辆' : '驾驶员'}</div>
                    <div className="fleet-board-hours">
                      {Array.from({ length: LAST_HOUR - FIRST_HOUR }, (_, i) => (
                        <span key={i}>{FIRST_HOUR + i}</span>
                      ))}
                    </div>
                  </div>
                  {rows.map((r) => (
                    <div className="fleet-board-row" key={r.key} data-row={r.title}>
                      <div className="fleet-board-label" title={`${r.title} ${r.sub}`}>
                        {r.title}
                        <small>{r.sub}</small>
                      </div>
                      <Track day={day} bars={r.bars} onOpen={open} />
                    </div>
                  ))}
                </div>
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card title={`待派车（${waiting.data?.total ?? 0}）`} styles={{ body: { padding: '0 12px' } }}>
            <List
              loading={waiting.isPending}
              dataSource={waiting.data?.items ?? []}
              locale={{ emptyText: '没有等待派车的申请' }}
              renderItem={(r) => (
                <List.Item
                  actions={[
                    <Button key="d" type="primary" size="small" onClick={() => setDispatching(r)}>
                      派车
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={<Link to={`/fleet/requests/${r.id}`}>{r.purpose}</Link>}
                    description={
                      <>
                        <div>{windowText(r.startsAt, r.endsAt)}</div>
                        <div>
                          {r.destination} · {r.passengers} 人 · {r.unitName}
                        </div>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      {dispatching && (
        <DispatchModal
          request={dispatching}
          onClose={() => setDispatching(null)}
          onDone={(next) => {
            setDispatching(null);
            setDay(dayjs(next.startsAt).format('YYYY-MM-DD'));
            refresh();
          }}
        />
      )}
    </PageContainer>
  );
}
