// 轨迹回放: one car's path for one Beijing day on the map of Shandong, played back with a moving marker (play, pause,
// speed, seek), the speed-over-time chart following the marker (a click on it seeks), the stops between trips and the
// trips themselves. The server thins a day above 5,000 fixes evenly and says so.
import { CaretRightOutlined, PauseOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Select, Slider, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ECharts, EChartsOption } from 'echarts';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { EChart } from '../../../components/echart';
import { formatDateTime } from '../../../format';
import { useDebounced } from '../../../use-debounced';
import { displayPosition } from './gcj02';
import { MapFrame, SHANDONG_MAPS, shandongGeo } from './telematics-map';

type Track = ApiResponse<'/api/telematics/vehicles/{id}/track'>;
type Point = Track['points'][number];

const SPEEDS = [10, 30, 60, 120, 300, 600];
const TICK_MS = 100;
const hhmmss = (s: number) => dayjs(s * 1000).format('HH:mm:ss');

/** Index of the last fix at or before `t` (binary search; points are in time order). */
function indexAt(points: Point[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0 || t <= points[0]!.at) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]!.at <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Picks a car by plate among the cars with a terminal (the live list is the index of those). */
function VehiclePicker({ value, onChange }: { value: number | null; onChange: (id: number) => void }) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const found = useQuery({
    queryKey: ['telematics-pick', q],
    enabled: q.length >= 2,
    queryFn: () => unwrap(api.GET('/api/telematics/live', { params: { query: { q } }, lookup: true })),
  });
  const current = useQuery({
    queryKey: ['telematics-vehicle', value],
    enabled: value !== null,
    queryFn: () => unwrap(api.GET('/api/telematics/vehicles/{id}', { params: { path: { id: value! } }, lookup: true })),
  });
  const options = (found.data?.ids ?? []).slice(0, 30).map((id, i) => ({ value: id, label: found.data!.plates[i]! }));
  if (value !== null && current.data && !options.some((o) => o.value === value)) options.unshift({ value, label: current.data.plate });
  return (
    <Select
      showSearch
      style={{ width: 200 }}
      placeholder="输入车牌号（至少 2 位）"
      value={value ?? undefined}
      filterOption={false}
      onSearch={setText}
      onChange={onChange}
      options={options}
      loading={found.isFetching}
      notFoundContent={q.length >= 2 ? '没有匹配的车辆' : '请输入车牌号'}
      aria-label="车辆"
    />
  );
}

export function TracksPage() {
  const [search, setSearch] = useSearchParams();
  const vehicle = Number(search.get('vehicle')) || null;
  const day = search.get('day') && dayjs(search.get('day')).isValid() ? search.get('day')! : dayjs().format('YYYY-MM-DD');
  const setParams = (v: number | null, d: string) => setSearch(v ? { vehicle: String(v), day: d } : { day: d }, { replace: true });

  const track = useQuery({
    queryKey: ['telematics-track', vehicle, day],
    enabled: vehicle !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/telematics/vehicles/{id}/track', {
          params: {
            path: { id: vehicle! },
            query: { from: `${day}T00:00:00+08:00`, to: `${dayjs(day).add(1, 'day').format('YYYY-MM-DD')}T00:00:00+08:00` },
          },
        }),
      ),
  });
  const data = track.data;
  const points = useMemo(() => data?.points ?? [], [data]);
  const first = points[0]?.at ?? 0;
  const last = points.at(-1)?.at ?? 0;

  const [t, setT] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [rate, setRate] = useState(60);
  const [mapChart, setMapChart] = useState<ECharts | null>(null);
  const [speedChart, setSpeedChart] = useState<ECharts | null>(null);
  useEffect(() => {
    setT(first);
    setPlaying(false);
  }, [first, data]);

  // playback: simulated time advances rate × real time; stops at the end
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      const next = tRef.current + (rate * TICK_MS) / 1000;
      if (next >= last) {
        setT(last);
        setPlaying(false);
      } else setT(next);
    }, TICK_MS);
    return () => window.clearInterval(timer);
  }, [playing, rate, last]);

  const tileUrl = data?.basemap.tileUrl ?? '';
  const pos = (p: { lon: number; lat: number }) => displayPosition(p.lon, p.lat, tileUrl);
  const idx = indexAt(points, t);
  const here = points[idx];

  const mapOption = useMemo((): EChartsOption => {
    const path = points.map((p) => pos(p));
    const lons = path.map((p) => p[0]);
    const lats = path.map((p) => p[1]);
    const view = path.length
      ? { center: [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2], zoom: Math.max(1, Math.min(40, 3 / Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats), 0.05))) }
      : {};
    return {
      tooltip: { trigger: 'item' },
      geo: shandongGeo(data?.basemap, view),
      series: [
        { id: 'path', name: '轨迹', type: 'lines', coordinateSystem: 'geo', polyline: true, silent: true, lineStyle: { color: '#1677ff', width: 3, opacity: 0.85 }, data: path.length > 1 ? [{ coords: path }] : [] },
        {
          id: 'stops',
          name: '停车',
          type: 'scatter',
          coordinateSystem: 'geo',
          symbol: 'pin',
          symbolSize: 22,
          itemStyle: { color: '#faad14' },
          tooltip: { formatter: (p: { data?: { tip?: string } }) => p.data?.tip ?? '' },
          data: (data?.stops ?? []).filter((s) => s.lat !== null && s.lon !== null).map((s) => ({ value: pos({ lon: s.lon!, lat: s.lat! }), tip: `停车 ${s.minutes} 分钟<br/>${formatDateTime(s.startedAt)} 起` })),
        },
        {
          id: 'ends',
          name: '起终点',
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: 12,
          label: { show: true, formatter: '{b}', position: 'top', color: '#262626' },
          data: path.length ? [{ name: '起', value: path[0]!, itemStyle: { color: '#52c41a' } }, { name: '终', value: path.at(-1)!, itemStyle: { color: '#f5222d' } }] : [],
        },
        { id: 'marker', name: '当前位置', type: 'effectScatter', coordinateSystem: 'geo', symbolSize: 14, itemStyle: { color: '#722ed1' }, data: path.length ? [path[0]!] : [], z: 10 },
      ],
    } as EChartsOption;
    // pos depends on tileUrl only
  }, [points, data]);

  const speedOption = useMemo(
    (): EChartsOption => ({
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(1)} km/h` },
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      xAxis: { type: 'time', axisLabel: { formatter: '{HH}:{mm}' } },
      yAxis: { type: 'value', name: 'km/h', min: 0 },
      dataZoom: [{ type: 'inside' }],
      series: [
        {
          id: 'speed',
          name: '速度',
          type: 'line',
          showSymbol: false,
          sampling: 'lttb',
          areaStyle: { opacity: 0.15 },
          data: points.map((p) => [p.at * 1000, p.speed]),
          markLine: { symbol: 'none', silent: true, lineStyle: { color: '#722ed1' }, label: { show: false }, data: points.length ? [{ xAxis: first * 1000 }] : [] },
        },
      ],
    }),
    [points, first],
  );

  // the marker and the chart's cursor follow the playback without re-setting the whole path
  useEffect(() => {
    if (!here) return;
    mapChart?.setOption({ series: [{ id: 'marker', data: [pos(here)] }] }, { lazyUpdate: true });
    speedChart?.setOption({ series: [{ id: 'speed', markLine: { data: [{ xAxis: here.at * 1000 }] } }] }, { lazyUpdate: true });
  }, [here, mapChart, speedChart]);

  const stopColumns = [
    { title: '开始', dataIndex: 'startedAt', render: (v: string) => dayjs(v).format('HH:mm') },
    { title: '结束', dataIndex: 'endedAt', render: (v: string) => dayjs(v).format('HH:mm') },
    { title: '时长', dataIndex: 'minutes', render: (v: number) => `${v} 分钟` },
    { title: '位置', key: 'at', render: (_: unknown, s: Track['stops'][number]) => (s.lat !== null ? `${s.lon!.toFixed(5)}, ${s.lat.toFixed(5)}` : '-') },
  ];
  const tripColumns = [
    { title: '出发', dataIndex: 'startedAt', render: (v: string) => dayjs(v).format('HH:mm') },
    { title: '到达', dataIndex: 'endedAt', render: (v: string) => dayjs(v).format('HH:mm') },
    { title: '里程', dataIndex: 'km', render: (v: number) => `${v} 公里` },
    { title: '最高车速', dataIndex: 'maxSpeed', render: (v: number | null) => (v === null ? '-' : `${v} km/h`) },
    { title: '派车单', dataIndex: 'dispatchId', render: (v: number | null) => (v ? <Tag color="green">有</Tag> : <Tag color="orange">无</Tag>) },
  ];
  const seekTo = (iso: string) => {
    setPlaying(false);
    setT(Math.max(first, Math.min(last, dayjs(iso).unix())));
  };
  const km = (data?.trips ?? []).reduce((s, x) => s + x.km, 0);

  return (
    <PageContainer title="轨迹回放" subTitle="选择车辆和日期，回放当天轨迹；速度曲线与地图同步">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <VehiclePicker value={vehicle} onChange={(v) => setParams(v, day)} />
          <DatePicker
            value={dayjs(day)}
            allowClear={false}
            disabledDate={(d: Dayjs) => d.isAfter(dayjs(), 'day')}
            onChange={(d) => d && setParams(vehicle, d.format('YYYY-MM-DD'))}
            aria-label="日期"
          />
          {vehicle && (
            <>
              <Link to={`/fleet/vehicles/${vehicle}`}>车辆档案</Link>
              <Link to={`/fleet/trips?vehicleId=${vehicle}`}>行程记录</Link>
            </>
          )}
        </Space>
      </Card>
      {vehicle === null ? (
        <Card>
          <Empty description="请选择车辆（在实时监控中点击车辆也可进入轨迹回放）" />
        </Card>
      ) : (
        <>
          {data?.downsampled && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`当天共 ${data.total.toLocaleString('zh-CN')} 个定位点，已等间隔抽稀为 ${points.length.toLocaleString('zh-CN')} 个显示`} />}
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}><Card size="small"><Statistic title="定位点" value={data?.total ?? 0} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title="行程" value={data?.trips.length ?? 0} suffix="次" /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title="里程" value={km} precision={1} suffix="公里" /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title="停车" value={data?.stops.length ?? 0} suffix="次" /></Card></Col>
          </Row>
          <Card size="small" loading={track.isLoading} style={{ marginBottom: 12 }} bodyStyle={{ padding: 0 }}>
            {points.length === 0 ? (
              <Empty style={{ padding: 48 }} description="该车当天没有定位数据" />
            ) : (
              <>
                <MapFrame basemap={data?.basemap} chart={mapChart} height={520}>
                  <EChart option={mapOption} height={520} maps={SHANDONG_MAPS} merge onChart={setMapChart} ariaLabel="轨迹图" />
                </MapFrame>
                <div style={{ padding: '8px 12px' }}>
                  <Space wrap style={{ width: '100%' }}>
                    <Button
                      type="primary"
                      icon={playing ? <PauseOutlined /> : <CaretRightOutlined />}
                      onClick={() => {
                        if (!playing && t >= last) setT(first);
                        setPlaying(!playing);
                      }}
                      aria-label={playing ? '暂停' : '播放'}
                    >
                      {playing ? '暂停' : '播放'}
                    </Button>
                    <Select value={rate} onChange={setRate} style={{ width: 110 }} options={SPEEDS.map((s) => ({ value: s, label: `${s} 倍速` }))} aria-label="回放速度" />
                    <Typography.Text data-testid="playback-time">
                      {here ? `${hhmmss(here.at)}  ${here.speed.toFixed(1)} km/h` : '-'}
                    </Typography.Text>
                  </Space>
                  <Slider
                    min={first}
                    max={Math.max(last, first + 1)}
                    value={t}
                    step={1}
                    tooltip={{ formatter: (v) => (v ? hhmmss(v) : '') }}
                    onChange={(v) => {
                      setPlaying(false);
                      setT(v);
                    }}
                    aria-label="回放进度"
                  />
                </div>
              </>
            )}
          </Card>
          {points.length > 0 && (
            <Card size="small" title="速度曲线（点击跳转）" style={{ marginBottom: 12 }}>
              <EChart
                option={speedOption}
                height={220}
                merge
                onChart={setSpeedChart}
                ariaLabel="速度曲线"
                onItemClick={(p) => {
                  const v = (p.data as number[] | undefined)?.[0];
                  if (v) seekTo(new Date(v).toISOString());
                }}
              />
            </Card>
          )}
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={`停车（${data?.stops.length ?? 0}）`}>
                <Table size="small" rowKey="startedAt" pagination={false} columns={stopColumns} dataSource={data?.stops ?? []} onRow={(s) => ({ onClick: () => seekTo(s.startedAt), style: { cursor: 'pointer' } })} scroll={{ x: 'max-content' }} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={`行程（${data?.trips.length ?? 0}）`}>
                <Table size="small" rowKey="id" pagination={false} columns={tripColumns} dataSource={data?.trips ?? []} onRow={(x) => ({ onClick: () => seekTo(x.startedAt), style: { cursor: 'pointer' } })} scroll={{ x: 'max-content' }} />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </PageContainer>
  );
}
