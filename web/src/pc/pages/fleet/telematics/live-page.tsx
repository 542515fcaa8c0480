// 实时监控: every car of the caller's scope that carries a Beidou terminal, on the map of Shandong, coloured by its
// state (行驶中 / 停车 / 报警 / 离线), refreshed every 5 seconds without losing the zoom. A click on a car opens its
// panel: terminal, latest fix, today's driving, and links to the track playback and the vehicle record. Filters by
// unit and plate; the state counts filter the map too. On a phone the panel stacks under the map.
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Col, Descriptions, Empty, Input, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import type { ECharts, EChartsOption } from 'echarts';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { EChart } from '../../../components/echart';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { formatDateTime } from '../../../format';
import { displayPosition } from './gcj02';
import { MapFrame, MOTION_COLORS, MOTION_LABELS, MOTION_ORDER, type MotionState, SHANDONG_MAPS, shandongGeo } from './telematics-map';

type Live = ApiResponse<'/api/telematics/live'>;

const REFRESH_MS = 5000;

/** One car of the live answer (the server sends columns). */
interface Car {
  i: number;
  id: number;
  plate: string;
  unit: string;
  state: MotionState;
  lat: number | null;
  lon: number | null;
  speed: number | null;
  direction: number | null;
  fixAt: number | null;
}

function carsOf(live: Live): Car[] {
  const units = new Map(live.units.map((u) => [u.id, u.name]));
  return live.ids.map((id, i) => ({
    i,
    id,
    plate: live.plates[i]!,
    unit: units.get(live.unitIds[i]!) ?? '',
    state: live.states[i]!,
    lat: live.lat[i] ?? null,
    lon: live.lon[i] ?? null,
    speed: live.speed[i] ?? null,
    direction: live.direction[i] ?? null,
    fixAt: live.fixAt[i] ?? null,
  }));
}

const COMMAND_STATUS: Record<string, string> = { answered: '终端已应答', failed: '终端答复失败', timeout: '终端超时未应答', offline: '终端不在线' };

function CarPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [sending, setSending] = useState<'locate' | 'track' | null>(null);
  const send = async (kind: 'locate' | 'track') => {
    setSending(kind);
    const r = await attempt(() => unwrap(api.POST('/api/telematics/vehicles/{id}/commands', { params: { path: { id } }, body: kind === 'track' ? { kind, intervalS: 10, durationS: 600 } : { kind } })));
    setSending(null);
    if (!r) return;
    const loc = r.answer?.location;
    const text = `${kind === 'locate' ? '位置查询' : '临时跟踪（10 秒一次，10 分钟）'}：${COMMAND_STATUS[r.status] ?? r.status}`;
    if (r.status === 'answered') message.success(loc ? `${text}，${loc.lon.toFixed(5)}, ${loc.lat.toFixed(5)}，${loc.speedKmh} km/h` : text);
    else message.warning(text);
    void qc.invalidateQueries({ queryKey: ['telematics-vehicle', id] });
  };
  const q = useQuery({
    queryKey: ['telematics-vehicle', id],
    refetchInterval: REFRESH_MS,
    queryFn: () => unwrap(api.GET('/api/telematics/vehicles/{id}', { params: { path: { id } } })),
  });
  const v = q.data;
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <Card
      size="small"
      title={v ? `${v.plate}（${v.brand} ${v.model}）` : '车辆'}
      extra={<Typography.Link onClick={onClose}>关闭</Typography.Link>}
      loading={q.isLoading}
      data-testid="car-panel"
    >
      {v && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={MOTION_COLORS[v.state]}>{v.stateName}</Tag>
            <Tag>{v.statusName}</Tag>
            {v.fix?.acc !== null && v.fix?.acc !== undefined && <Tag>{v.fix.acc ? 'ACC 开' : 'ACC 关'}</Tag>}
          </Space>
          <Descriptions column={1} size="small">
            <Descriptions.Item label="所属单位">{v.unitName}</Descriptions.Item>
            <Descriptions.Item label="定位时间">{v.fix ? formatDateTime(v.fix.at) : '尚无定位'}</Descriptions.Item>
            {v.fix && (
              <>
                <Descriptions.Item label="位置">{`${v.fix.lon.toFixed(6)}, ${v.fix.lat.toFixed(6)}（WGS-84）`}</Descriptions.Item>
                <Descriptions.Item label="速度 / 方向">{`${v.fix.speed.toFixed(1)} km/h / ${v.fix.direction}°`}</Descriptions.Item>
              </>
            )}
            <Descriptions.Item label="今日行驶">{`${v.today.km.toLocaleString('zh-CN')} 公里，${v.today.trips} 次，${v.today.minutes} 分钟`}</Descriptions.Item>
            <Descriptions.Item label="终端号">{v.terminal.phone}</Descriptions.Item>
            <Descriptions.Item label="终端">{[v.terminal.manufacturer, v.terminal.model, v.terminal.protocol ? `JT/T 808-${v.terminal.protocol}` : null].filter(Boolean).join(' ') || '-'}</Descriptions.Item>
            <Descriptions.Item label="最近通信">{formatDateTime(v.terminal.lastSeenAt)}</Descriptions.Item>
          </Descriptions>
          <Space wrap>
            <Link to={`/fleet/tracks?vehicle=${v.id}&day=${today}`}>
              <Button size="small" type="primary">
                轨迹回放
              </Button>
            </Link>
            <Link to={`/fleet/trips?vehicleId=${v.id}`}>
              <Button size="small">行程记录</Button>
            </Link>
            <Link to={`/fleet/vehicles/${v.id}`}>
              <Button size="small">车辆档案</Button>
            </Link>
          </Space>
          {v._actions.includes('command') && (
            <Space wrap>
              <Button size="small" loading={sending === 'locate'} disabled={sending !== null} onClick={() => void send('locate')}>
                位置查询
              </Button>
              <Button size="small" loading={sending === 'track'} disabled={sending !== null} onClick={() => void send('track')}>
                临时跟踪
              </Button>
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}

export function LivePage() {
  const [unitId, setUnitId] = useState<number | null>(null);
  const [plate, setPlate] = useState('');
  const [shown, setShown] = useState<MotionState[]>(MOTION_ORDER);
  const [selected, setSelected] = useState<number | null>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  const narrow = typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 767.98px)').matches;

  const live = useQuery({
    queryKey: ['telematics-live', unitId, plate],
    refetchInterval: REFRESH_MS,
    placeholderData: (prev) => prev,
    queryFn: () =>
      unwrap(api.GET('/api/telematics/live', { params: { query: { ...(unitId ? { unitId } : {}), ...(plate.trim() ? { q: plate.trim() } : {}) } } })),
  });
  const data = live.data;
  const cars = useMemo(() => (data ? carsOf(data) : []), [data]);
  const basemap = data?.basemap;

  const option = useMemo((): EChartsOption => {
    const tileUrl = basemap?.tileUrl ?? '';
    const byState = (s: MotionState) =>
      shown.includes(s)
        ? cars
            .filter((c) => c.state === s && c.lat !== null && c.lon !== null)
            .map((c) => ({ value: [...displayPosition(c.lon!, c.lat!, tileUrl), c.id], name: c.plate, car: c }))
        : [];
    const picked = cars.find((c) => c.id === selected && c.lat !== null);
    return {
      tooltip: {
        trigger: 'item',
        formatter: ((p: { data?: { car?: Car } }) => {
          const c = p.data?.car;
          if (!c) return '';
          return [`<b>${c.plate}</b> ${MOTION_LABELS[c.state]}`, c.unit, c.speed !== null ? `${c.speed.toFixed(1)} km/h` : '', c.fixAt ? formatDateTime(c.fixAt * 1000) : '']
            .filter(Boolean)
            .join('<br/>');
        }) as never,
      },
      geo: shandongGeo(basemap),
      series: [
        ...MOTION_ORDER.map((s) => ({
          id: s,
          name: MOTION_LABELS[s],
          type: 'scatter' as const,
          coordinateSystem: 'geo',
          symbolSize: s === 'offline' ? 5 : 7,
          large: cars.length > 5000,
          itemStyle: { color: MOTION_COLORS[s], opacity: s === 'offline' ? 0.6 : 0.9 },
          data: byState(s),
          z: s === 'alarm' ? 5 : s === 'moving' ? 4 : 3,
        })),
        {
          id: 'picked',
          name: '当前车辆',
          type: 'effectScatter' as const,
          coordinateSystem: 'geo',
          symbolSize: 14,
          itemStyle: { color: picked ? MOTION_COLORS[picked.state] : '#000' },
          data: picked ? [{ value: [...displayPosition(picked.lon!, picked.lat!, basemap?.tileUrl ?? ''), picked.id], name: picked.plate, car: picked }] : [],
          z: 6,
        },
      ],
    } as EChartsOption;
  }, [cars, shown, selected, basemap]);

  const counts = data?.counts ?? { moving: 0, parked: 0, offline: 0, alarm: 0 };
  const toggle = (s: MotionState) => setShown((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  const unplaced = cars.filter((c) => c.lat === null).length;
  const matches = plate.trim() ? cars.filter((c) => c.plate.includes(plate.trim().toUpperCase())).slice(0, 8) : [];

  return (
    <PageContainer title="实时监控" subTitle={`本范围内装有北斗终端的车辆，每 ${REFRESH_MS / 1000} 秒刷新`}>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {MOTION_ORDER.map((s) => (
          <Col xs={12} md={6} key={s}>
            <Card
              size="small"
              hoverable
              onClick={() => toggle(s)}
              style={{ opacity: shown.includes(s) ? 1 : 0.45, borderColor: shown.includes(s) ? MOTION_COLORS[s] : undefined }}
              data-testid={`count-${s}`}
            >
              <Statistic title={<Badge color={MOTION_COLORS[s]} text={MOTION_LABELS[s]} />} value={counts[s]} suffix="辆" />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <div style={{ width: narrow ? 300 : 280 }}>
            <OrgTreeSelect selectableKind="unit" placeholder="所属单位（含下级）" value={unitId} onChange={(v) => setUnitId(v)} allowClear />
          </div>
          <Input.Search placeholder="车牌号" allowClear style={{ width: 200 }} onSearch={(v) => setPlate(v)} aria-label="车牌号" />
          {matches.length > 0 && (
            <Select
              style={{ width: 200 }}
              placeholder="定位到车辆"
              options={matches.map((c) => ({ value: c.id, label: `${c.plate} ${MOTION_LABELS[c.state]}` }))}
              onChange={(id: number) => setSelected(id)}
            />
          )}
          <Typography.Text type="secondary">
            共 {data?.count ?? 0} 辆{unplaced ? `，其中 ${unplaced} 辆尚无定位` : ''}；更新于 {data ? dayjs(data.at).format('HH:mm:ss') : '-'}
          </Typography.Text>
        </Space>
      </Card>
      {live.isError && <Alert type="error" showIcon message="实时数据获取失败，稍后自动重试" style={{ marginBottom: 12 }} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={selected ? 16 : 24}>
          <Card size="small" bodyStyle={{ padding: 0 }}>
            {data && data.count === 0 ? (
              <Empty style={{ padding: 48 }} description="本范围内没有装有北斗终端的车辆。请在车辆档案中登记终端号。" />
            ) : (
              <MapFrame basemap={basemap} chart={chart} height={narrow ? 420 : 640}>
                <EChart
                  option={option}
                  height={narrow ? 420 : 640}
                  maps={SHANDONG_MAPS}
                  merge
                  onChart={setChart}
                  ariaLabel="车辆实时位置图"
                  onItemClick={(p) => {
                    const c = (p.data as { car?: Car } | undefined)?.car;
                    if (c) setSelected(c.id);
                  }}
                />
              </MapFrame>
            )}
          </Card>
        </Col>
        {selected !== null && (
          <Col xs={24} lg={8}>
            <CarPanel id={selected} onClose={() => setSelected(null)} />
          </Col>
        )}
      </Row>
    </PageContainer>
  );
}
