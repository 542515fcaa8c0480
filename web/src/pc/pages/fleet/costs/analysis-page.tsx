// 双费双率: 运行维护费与租赁费（含单公里费用、预算执行），使用率与三定点合规率, per unit, city or month, with each
// figure's definition next to it. The server reads only the monthly and daily rollups, so a province-year is fast.
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Segmented, Select, Space, Spin, Statistic, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined, InfoCircleOutlined } from '@ant-design/icons';
import type { EChartsOption } from 'echarts';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../../../api/client';
import { downloadExport } from '../../../../api/download';
import type { ApiQuery, ApiResponse } from '../../../../api/types';
import { EChart } from '../../../components/echart';

type Panel = ApiResponse<'/api/fleet/analysis'>;
type Figures = Panel['total'];
type GroupBy = 'unit' | 'region' | 'month';
type Utilisation = 'trip_days' | 'drive_hours' | 'annual_km';
type Sort = NonNullable<ApiQuery<'/api/fleet/analysis'>['sort']>;

const money = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${(n * 100).toFixed(1)}%`);
const times = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toFixed(2)} 倍`);

/** One KPI card: the figure, its definition in small text, and details in a tooltip. */
function Kpi({ title, value, suffix, definition, extra }: { title: string; value: string; suffix?: string; definition: string; extra?: string }) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic
        title={
          <Space size={4}>
            {title}
            <Tooltip title={definition}>
              <InfoCircleOutlined />
            </Tooltip>
          </Space>
        }
        value={value}
        suffix={suffix}
      />
      {extra && <Typography.Text type="secondary">{extra}</Typography.Text>}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }} ellipsis={{ rows: 2, tooltip: definition }}>
        {definition}
      </Typography.Paragraph>
    </Card>
  );
}

function Kpis({ panel }: { panel: Panel }) {
  const def = (k: string) => panel.figures.find((f) => f.key === k)?.definition ?? '';
  const name = (k: string) => panel.figures.find((f) => f.key === k)?.name ?? k;
  const t: Figures = panel.total;
  const cards = [
    { key: 'runningCost', title: '运行维护费', value: money(t.runningCost), suffix: '元', extra: `预算 ${money(t.budget)} 元，执行 ${pct(t.budgetRate)}` },
    { key: 'runningCostPerKm', title: '单公里运行维护费', value: money(t.runningCostPerKm), suffix: '元/公里', extra: `行驶 ${t.km.toLocaleString('zh-CN')} 公里` },
    { key: 'budgetRate', title: '预算执行率', value: pct(t.budgetRate), extra: `折算预算 ${money(t.budget)} 元` },
    { key: 'rentalCost', title: '租赁费', value: money(t.rentalCost), suffix: '元', extra: `${t.rentals} 单，${money(t.rentalCostPerKm)} 元/公里` },
    { key: 'rentalVsOwn', title: '租车与自有车费用比', value: times(t.rentalVsOwn), extra: `租车 ${money(t.rentalCostPerKm)} / 自有 ${money(t.runningCostPerKm)} 元/公里` },
    { key: 'utilisation', title: name('utilisation'), value: pct(t.utilisation), extra: `${t.vehicles} 辆在用车辆` },
    { key: 'compliance', title: '三定点合规率', value: pct(t.compliance), extra: `${t.designatedCount} / ${t.designatedBase} 笔` },
    { key: 'trackOverlap', title: '轨迹重叠率', value: pct(t.trackOverlap), extra: t.trackOverlap === null ? '期间内尚无 GPS 行程' : '明细见“轨迹重叠”' },
  ];
  return (
    <Row gutter={[12, 12]}>
      {cards.map((c) => (
        <Col key={c.key} xs={24} sm={12} lg={6}>
          <Kpi title={c.title} value={c.value} suffix={c.suffix} definition={def(c.key)} extra={c.extra} />
        </Col>
      ))}
    </Row>
  );
}

function barOption(panel: Panel): EChartsOption {
  const groups = panel.groups.slice(0, 30);
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['运行维护费', '租赁费', '预算', '使用率', '合规率'] },
    grid: { left: 60, right: 60, bottom: 80 },
    xAxis: { type: 'category', data: groups.map((g) => g.name), axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0 } },
    yAxis: [
      { type: 'value', name: '元' },
      { type: 'value', name: '%', max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: '运行维护费', type: 'bar', data: groups.map((g) => g.runningCost) },
      { name: '租赁费', type: 'bar', data: groups.map((g) => g.rentalCost) },
      { name: '预算', type: 'bar', data: groups.map((g) => g.budget), itemStyle: { opacity: 0.35 } },
      { name: '使用率', type: 'line', yAxisIndex: 1, data: groups.map((g) => (g.utilisation === null ? null : +(g.utilisation * 100).toFixed(1))) },
      { name: '合规率', type: 'line', yAxisIndex: 1, data: groups.map((g) => (g.compliance === null ? null : +(g.compliance * 100).toFixed(1))) },
    ],
  };
}

function trendOption(panel: Panel): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['运行维护费', '租赁费', '使用率', '合规率'] },
    grid: { left: 60, right: 60 },
    xAxis: { type: 'category', data: panel.trend.map((m) => m.month) },
    yAxis: [
      { type: 'value', name: '元' },
      { type: 'value', name: '%', max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: '运行维护费', type: 'line', smooth: true, data: panel.trend.map((m) => m.runningCost) },
      { name: '租赁费', type: 'line', smooth: true, data: panel.trend.map((m) => m.rentalCost) },
      { name: '使用率', type: 'line', yAxisIndex: 1, data: panel.trend.map((m) => (m.utilisation === null ? null : +(m.utilisation * 100).toFixed(1))) },
      { name: '合规率', type: 'line', yAxisIndex: 1, data: panel.trend.map((m) => (m.compliance === null ? null : +(m.compliance * 100).toFixed(1))) },
    ],
  };
}

export function AnalysisPage() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs().startOf('month')]);
  const [groupBy, setGroupBy] = useState<GroupBy>('unit');
  const [utilisation, setUtilisation] = useState<Utilisation>('trip_days');
  const [paging, setPaging] = useState<{ page: number; pageSize: number; sort?: Sort; order?: 'asc' | 'desc' }>({ page: 1, pageSize: 20 });
  const filters = { from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM'), groupBy, utilisation };
  const query = { ...filters, ...paging };
  const [exporting, setExporting] = useState(false);
  const runExport = async () => {
    setExporting(true);
    try {
      await downloadExport('/api/fleet/analysis/export', { ...filters, sort: paging.sort, order: paging.order }, '双费双率');
    } finally {
      setExporting(false);
    }
  };
  const panel = useQuery({
    queryKey: ['fleet-analysis', query],
    queryFn: () => unwrap(api.GET('/api/fleet/analysis', { params: { query } })),
  });
  const data = panel.data;
  const bar = useMemo(() => (data ? barOption(data) : undefined), [data]);
  const trend = useMemo(() => (data ? trendOption(data) : undefined), [data]);
  const groupTitle = groupBy === 'unit' ? '单位' : groupBy === 'region' ? '地区' : '月份';

  return (
    <PageContainer
      title="双费双率分析"
      content="运行维护费、租赁费，使用率、三定点合规率；数据范围按您的权限。每项指标的口径见卡片下方说明。"
      extra={
        <Space wrap>
          <DatePicker.RangePicker
            picker="month"
            value={range}
            allowClear={false}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
            disabledDate={(d) => d.isAfter(dayjs().endOf('month'))}
          />
          <Segmented<GroupBy>
            value={groupBy}
            onChange={setGroupBy}
            options={[
              { value: 'unit', label: '按单位' },
              { value: 'region', label: '按地区' },
              { value: 'month', label: '按月份' },
            ]}
          />
          <Select<Utilisation>
            value={utilisation}
            onChange={setUtilisation}
            style={{ width: 190 }}
            options={[
              { value: 'trip_days', label: '使用率：出车天数' },
              { value: 'drive_hours', label: '使用率：行驶时长' },
              { value: 'annual_km', label: '使用率：年度里程' },
            ]}
          />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void runExport()}>
            导出Excel
          </Button>
        </Space>
      }
    >
      {panel.isError && <Alert type="error" showIcon message="加载失败，请稍后重试" />}
      <Spin spinning={panel.isFetching}>
        {!data ? (
          <Card>
            <Empty description="正在加载" />
          </Card>
        ) : (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              统计期间 {data.from} 至 {data.to}，工作日 {data.workingDays} 天（按工作日历，含调休上班日）。
            </Typography.Text>
            <Kpis panel={data} />
            {data.groups.length === 0 ? (
              <Card>
                <Empty description="该期间内没有车辆费用或行驶数据" />
              </Card>
            ) : (
              <>
                <Card size="small" title={`按${groupTitle}对比${data.groupCount > 30 ? `（共 ${data.groupCount} 个，本页前 30 个）` : ''}`}>
                  {bar && <EChart option={bar} height={360} ariaLabel={`按${groupTitle}的费用与比率柱状图`} />}
                </Card>
                {groupBy !== 'month' && (
                  <Card size="small" title="月度趋势">
                    {trend && <EChart option={trend} height={300} ariaLabel="月度趋势折线图" />}
                  </Card>
                )}
                <Card size="small" title="明细">
                  <Table
                    size="small"
                    rowKey="key"
                    scroll={{ x: 'max-content' }}
                    pagination={{
                      current: paging.page,
                      pageSize: paging.pageSize,
                      total: data.groupCount,
                      hideOnSinglePage: true,
                      showSizeChanger: true,
                      showTotal: (n) => `共 ${n} 个${groupTitle}`,
                    }}
                    onChange={(pg, _f, sorter) => {
                      const one = Array.isArray(sorter) ? sorter[0] : sorter;
                      const field = one?.order ? (one.field as Sort) : undefined;
                      const order = one?.order === 'ascend' ? 'asc' : one?.order === 'descend' ? 'desc' : undefined;
                      const resorted = field !== paging.sort || order !== paging.order;
                      setPaging({ page: resorted ? 1 : (pg.current ?? 1), pageSize: pg.pageSize ?? 20, sort: field, order });
                    }}
                    dataSource={data.groups}
                    columns={[
                      { title: groupTitle, dataIndex: 'name', fixed: 'left' },
                      { title: '在用车辆', dataIndex: 'vehicles', align: 'right' },
                      { title: '运行维护费（元）', dataIndex: 'runningCost', align: 'right', render: money, sorter: true },
                      { title: '元/公里', dataIndex: 'runningCostPerKm', align: 'right', render: money, sorter: true },
                      { title: '预算执行率', dataIndex: 'budgetRate', align: 'right', render: pct, sorter: true },
                      { title: '租赁费（元）', dataIndex: 'rentalCost', align: 'right', render: money },
                      { title: '租车元/公里', dataIndex: 'rentalCostPerKm', align: 'right', render: money },
                      { title: '租车/自有', dataIndex: 'rentalVsOwn', align: 'right', render: times },
                      { title: '使用率', dataIndex: 'utilisation', align: 'right', render: pct, sorter: true },
                      { title: '三定点合规率', dataIndex: 'compliance', align: 'right', render: pct, sorter: true },
                      { title: '轨迹重叠率', dataIndex: 'trackOverlap', align: 'right', render: pct },
                    ]}
                  />
                </Card>
              </>
            )}
          </Space>
        )}
      </Spin>
    </PageContainer>
  );
}
