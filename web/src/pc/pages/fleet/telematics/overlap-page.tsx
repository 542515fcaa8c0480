// 轨迹重叠: the trajectory-overlap rate (set-based on H3 cells × time buckets × heading) per unit, city or day for a
// period, with the redundant km and what they cost, the chart of the rate, and the pairs of cars that drove
// together (shared km, times, overlap of the shorter trip), each opening the track playback.
import { ReloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { EChart } from '../../../components/echart';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { formatDateTime } from '../../../format';
import { usePermission } from '../../../me';

type Report = ApiResponse<'/api/telematics/overlap'>;
type Group = Report['groups'][number];
type GroupBy = 'unit' | 'region' | 'day';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);
const km = (v: number) => v.toLocaleString('zh-CN', { maximumFractionDigits: 1 });
const yuan = (v: number) => v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function OverlapPage() {
  const { message } = App.useApp();
  const can = usePermission();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(7, 'day'), dayjs().subtract(1, 'day')]);
  const [groupBy, setGroupBy] = useState<GroupBy>('unit');
  const [computing, setComputing] = useState(false);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const report = useQuery({
    queryKey: ['overlap', from, to, groupBy],
    queryFn: () => unwrap(api.GET('/api/telematics/overlap', { params: { query: { from, to, groupBy } } })),
  });
  const r = report.data;
  const groups = useMemo(() => (r?.groups ?? []).filter((g) => g.totalKm > 0).slice(0, 40), [r]);

  const option = useMemo(
    (): EChartsOption => ({
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(2)}%` },
      grid: { left: 48, right: 16, top: 24, bottom: groupBy === 'day' ? 40 : 90 },
      xAxis: { type: 'category', data: groups.map((g) => g.name), axisLabel: { rotate: groupBy === 'day' ? 0 : 40, width: 110, overflow: 'truncate' } },
      yAxis: { type: 'value', name: '%', min: 0 },
      series: [{ name: '轨迹重叠率', type: groupBy === 'day' ? 'line' : 'bar', data: groups.map((g) => +(((g.rate ?? 0) * 100).toFixed(2))), itemStyle: { color: '#fa8c16' } }],
    }),
    [groups, groupBy],
  );

  const compute = async () => {
    setComputing(true);
    const res = await attempt(() => unwrap(api.POST('/api/telematics/overlap/compute', { body: { day: to } })));
    setComputing(false);
    if (res) {
      message.success(`${res.day} 已重算：${res.vehicles} 辆车、${res.trips} 段行程，重叠率 ${pct(res.rate)}，重叠车辆 ${res.pairs} 对`);
      void report.refetch();
    }
  };

  const groupColumns = [
    { title: groupBy === 'unit' ? '单位' : groupBy === 'region' ? '地市' : '日期', dataIndex: 'name', ellipsis: true },
    { title: '总车公里', dataIndex: 'totalKm', align: 'right' as const, sorter: (a: Group, b: Group) => a.totalKm - b.totalKm, render: km },
    { title: '冗余车公里', dataIndex: 'redundantKm', align: 'right' as const, sorter: (a: Group, b: Group) => a.redundantKm - b.redundantKm, render: km },
    { title: '重叠率', dataIndex: 'rate', align: 'right' as const, sorter: (a: Group, b: Group) => (a.rate ?? 0) - (b.rate ?? 0), render: pct },
    { title: '可避免费用（元）', dataIndex: 'avoidableCost', align: 'right' as const, sorter: (a: Group, b: Group) => a.avoidableCost - b.avoidableCost, render: yuan },
    { title: '车日', dataIndex: 'vehicleDays', align: 'right' as const },
  ];

  const pairColumns: TableColumns<'/api/telematics/overlap/pairs'> = [
    { title: '日期', dataIndex: 'day', sorter: true, search: false },
    { title: '车辆甲', dataIndex: 'plate', render: (_, p) => p.plateA, fieldProps: { placeholder: '车牌号（甲或乙）' } },
    { title: '车辆乙', dataIndex: 'plateB', search: false },
    { title: '单位（车辆甲）', dataIndex: 'unitName', ellipsis: true, search: false },
    { title: '同行里程(km)', dataIndex: 'sharedKm', sorter: true, align: 'right', search: false },
    { title: '重叠比例', dataIndex: 'overlap', sorter: true, align: 'right', search: false, render: (_, p) => pct(p.overlap) },
    { title: '同行时段', dataIndex: 'firstAt', search: false, render: (_, p) => `${formatDateTime(p.firstAt).slice(11, 16)}–${formatDateTime(p.lastAt).slice(11, 16)}` },
    { title: '操作', valueType: 'option', render: (_, p) => [<Link key="t" to={p.link}>轨迹</Link>] },
  ];

  return (
    <PageContainer
      title="轨迹重叠"
      subTitle="不同车辆同时同向同路行驶的里程占比：反映可合并的出行"
      extra={
        can('fleet:track:command')
          ? [
              <Button key="c" icon={<ReloadOutlined />} loading={computing} onClick={() => void compute()}>
                重算 {to}
              </Button>,
            ]
          : []
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <DatePicker.RangePicker value={range} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
          <Segmented<GroupBy> value={groupBy} onChange={setGroupBy} options={[{ value: 'unit', label: '按单位' }, { value: 'region', label: '按地市' }, { value: 'day', label: '按日期' }]} />
        </Space>
        {r && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
            {r.definition}
          </Typography.Paragraph>
        )}
      </Card>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}><Card size="small" loading={report.isLoading}><Statistic title="轨迹重叠率" value={pct(r?.total.rate ?? null)} /></Card></Col>
        <Col xs={12} md={6}><Card size="small" loading={report.isLoading}><Statistic title="冗余车公里" value={km(r?.total.redundantKm ?? 0)} suffix="公里" /></Card></Col>
        <Col xs={12} md={6}><Card size="small" loading={report.isLoading}><Statistic title="总车公里" value={km(r?.total.totalKm ?? 0)} suffix="公里" /></Card></Col>
        <Col xs={12} md={6}><Card size="small" loading={report.isLoading}><Statistic title="可避免费用" value={yuan(r?.total.avoidableCost ?? 0)} suffix="元" /></Card></Col>
      </Row>
      {r && r.total.totalKm === 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="所选期间还没有计算结果：每日凌晨自动计算前一天，也可点击“重算”。" />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title="重叠率">
            <EChart option={option} height={320} ariaLabel="轨迹重叠率图" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="明细">
            <Table size="small" rowKey="key" columns={groupColumns} dataSource={r?.groups ?? []} pagination={{ pageSize: 8, showSizeChanger: false }} scroll={{ x: 'max-content' }} />
          </Card>
        </Col>
      </Row>
      <ServerTable path="/api/telematics/overlap/pairs" headerTitle="重叠车辆" columns={pairColumns} params={{ from, to }} rowKey={(p) => `${p.day}-${p.vehicleA}-${p.vehicleB}`} exportPermission="fleet:overlap:read" exportName="重叠车辆" />
    </PageContainer>
  );
}
