// 报警中心: the telematics alerts (warnings of module fleet raised from positions and trips) — counts by kind, the
// list with filters and export, a drawer with the rule's evidence, links to the car's track at that time, and
// 确认 / 办结 / 忽略 for those allowed. Names of kinds and states come from the server.
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Drawer, Empty, Input, Modal, Space, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import dayjs from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import { EChart } from '../../../components/echart';
import { ServerTable, type Row as TableRow, type TableColumns } from '../../../components/server-table';
import { SEVERITY_COLORS, STATUS_COLORS, warningColumns } from '../../../components/warning-columns';
import { timeRangeColumn } from '../../../date-range';
import { formatDateTime } from '../../../format';

type Warning = TableRow<'/api/warnings'>;

/** The alerts that telematics raises (the other fleet warnings — licences, quotas — live in their own pages). */
const TELEMATICS_KINDS = [
  'fleet.off-hours',
  'fleet.geofence',
  'fleet.no-dispatch',
  'fleet.speeding',
  'fleet.idling',
  'fleet.power-cut',
  'fleet.sealed-moving',
  'fleet.offline',
] as const;


const EVIDENCE_LABELS: Record<string, string> = {
  plate: '车牌号',
  unit: '单位',
  startedAt: '开始时间',
  endedAt: '结束时间',
  at: '时间',
  fixTime: '定位时间',
  km: '里程（公里）',
  speed: '车速（km/h）',
  maxSpeed: '最高车速（km/h）',
  limit: '限速（km/h）',
  limitKmh: '限速（km/h）',
  seconds: '持续（秒）',
  minutes: '持续（分钟）',
  workStart: '工作时段开始',
  workEnd: '工作时段结束',
  holiday: '节假日',
  geofence: '电子围栏',
  rule: '规则',
  lat: '纬度',
  lon: '经度',
  lastSeenAt: '最近通信',
  status: '车辆状态',
  tripId: '行程编号',
  dispatchId: '派车单',
  trip: '行程',
  workingDay: '当日为工作日',
  outsideFrom: '非工作时间起',
  maxSpeedKmh: '最高车速（km/h）',
  start: '起点',
  end: '终点',
};

const evidenceValue = (v: unknown): string => {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // a point
    if (typeof o.lat === 'number' && typeof o.lon === 'number' && Object.keys(o).length === 2) return `${o.lon.toFixed(5)}, ${o.lat.toFixed(5)}`;
    // a trip: when, how far
    if (typeof o.startedAt === 'string' && typeof o.endedAt === 'string')
      return `${formatDateTime(o.startedAt)} – ${formatDateTime(o.endedAt).slice(11)}${typeof o.km === 'number' ? `，${o.km} 公里` : ''}${o.dispatchId ? `，派车单 ${String(o.dispatchId)}` : '，无派车单'}`;
    return Object.entries(o)
      .map(([k, x]) => `${EVIDENCE_LABELS[k] ?? k}：${evidenceValue(x)}`)
      .join('；');
  }
  return String(v);
};

/** The car of a warning (subject `vehicle:<id>`) and the day to open its track at. */
function trackLinkOf(w: { subjectKey: string; firstSeenAt: string; evidence?: Record<string, unknown> }): string | null {
  const m = /^vehicle:(\d+)/.exec(w.subjectKey);
  if (!m) return null;
  const trip = w.evidence?.trip as { startedAt?: string } | undefined;
  const at = (w.evidence?.startedAt ?? trip?.startedAt ?? w.evidence?.at ?? w.evidence?.fixTime ?? w.firstSeenAt) as string;
  return `/fleet/tracks?vehicle=${m[1]}&day=${dayjs(at).format('YYYY-MM-DD')}`;
}

function AlertDetail({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const detail = useQuery({
    queryKey: ['warning', id],
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/api/warnings/{id}', { params: { path: { id: id! } } })),
  });
  const [reasonFor, setReasonFor] = useState<'resolve' | 'dismiss' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const w = detail.data;

  const act = async (action: 'acknowledge' | 'resolve' | 'dismiss', resolution?: string) => {
    if (!w) return;
    setBusy(true);
    const path = { params: { path: { id: w.id } } };
    const done = await attempt(() =>
      action === 'acknowledge'
        ? unwrap(api.POST('/api/warnings/{id}/acknowledge', { ...path, body: {} }))
        : action === 'resolve'
          ? unwrap(api.POST('/api/warnings/{id}/resolve', { ...path, body: resolution ? { resolution } : {} }))
          : unwrap(api.POST('/api/warnings/{id}/dismiss', { ...path, body: { resolution: resolution ?? '' } })),
    );
    setBusy(false);
    if (done) {
      message.success(`${done.kindName}：${done.statusName}`);
      qc.setQueryData(['warning', w.id], done);
      setReasonFor(null);
      setReason('');
      onChanged();
    }
  };

  // the rule's code repeats the kind; ids are links, not evidence
  const evidence = Object.entries((w?.evidence ?? {}) as Record<string, unknown>).filter(([k]) => k !== 'rule' && (!/Id$/.test(k) || k === 'tripId' || k === 'dispatchId'));
  const track = w ? (w.link?.startsWith('/fleet/tracks') ? w.link : trackLinkOf({ subjectKey: w.subjectKey, firstSeenAt: w.firstSeenAt, evidence: w.evidence as Record<string, unknown> })) : null;

  return (
    <Drawer open={id !== null} onClose={onClose} width={520} title={w ? `${w.kindName}（编号 ${w.id}）` : '报警详情'} loading={detail.isLoading}>
      {w && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Paragraph strong>{w.title}</Typography.Paragraph>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLORS[w.status]}>{w.statusName}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="严重程度">
              <Tag color={SEVERITY_COLORS[w.severity]}>{w.severityName}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="责任单位">{w.unitName}</Descriptions.Item>
            <Descriptions.Item label="首次发现">{formatDateTime(w.firstSeenAt)}</Descriptions.Item>
            <Descriptions.Item label="最近发现">{formatDateTime(w.lastSeenAt)}</Descriptions.Item>
            {w.closedAt && <Descriptions.Item label="关闭">{`${formatDateTime(w.closedAt)} ${w.closedByName ?? '（自动关闭）'}`}</Descriptions.Item>}
            {w.resolution && <Descriptions.Item label="处理说明">{w.resolution}</Descriptions.Item>}
            {(track || w.link) && (
              <Descriptions.Item label="查看">
                <Space>
                  {track && <Link to={track}>轨迹回放</Link>}
                  {w.link && w.link !== track && <Link to={w.link}>相关记录</Link>}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Card size="small" title="依据">
            {evidence.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />
            ) : (
              <Descriptions column={1} size="small">
                {evidence.map(([k, v]) => (
                  <Descriptions.Item key={k} label={EVIDENCE_LABELS[k] ?? k}>
                    {evidenceValue(v)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
          </Card>
          {w._actions.length > 0 && (
            <Space wrap>
              {w._actions.includes('acknowledge') && (
                <Button loading={busy} onClick={() => void act('acknowledge')}>
                  确认（处理中）
                </Button>
              )}
              {w._actions.includes('resolve') && (
                <Button type="primary" loading={busy} onClick={() => setReasonFor('resolve')}>
                  办结
                </Button>
              )}
              {w._actions.includes('dismiss') && (
                <Button danger loading={busy} onClick={() => setReasonFor('dismiss')}>
                  忽略
                </Button>
              )}
            </Space>
          )}
        </Space>
      )}
      <Modal
        open={reasonFor !== null}
        title={reasonFor === 'dismiss' ? '忽略报警' : '办结报警'}
        okText={reasonFor === 'dismiss' ? '忽略' : '办结'}
        okButtonProps={{ danger: reasonFor === 'dismiss', disabled: reasonFor === 'dismiss' && reason.trim().length < 2, loading: busy }}
        onCancel={() => setReasonFor(null)}
        onOk={() => void act(reasonFor!, reason.trim() || undefined)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {reasonFor === 'dismiss' ? '请填写忽略理由（必填），如：经核实为执行紧急公务，已补办手续。' : '可填写核查与处理情况。'}
        </Typography.Paragraph>
        <Input.TextArea rows={4} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} aria-label={reasonFor === 'dismiss' ? '忽略理由' : '处理情况'} />
      </Modal>
    </Drawer>
  );
}

function KindChart({ stamp, onPick }: { stamp: number; onPick: (kind: string) => void }) {
  const summary = useQuery({
    queryKey: ['warning-summary', 'fleet', stamp],
    queryFn: () => unwrap(api.GET('/api/warnings/summary', { params: { query: { module: 'fleet' } } })),
  });
  const kinds = useMemo(() => (summary.data?.byKind ?? []).filter((k) => (TELEMATICS_KINDS as readonly string[]).includes(k.kind)), [summary.data]);
  const option = useMemo(
    (): EChartsOption => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 150, right: 16, top: 30, bottom: 20 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: kinds.map((k) => k.kindName), inverse: true },
      series: [
        { name: '待处理', type: 'bar', stack: 'a', data: kinds.map((k) => k.counts.open), itemStyle: { color: '#ff4d4f' } },
        { name: '已确认', type: 'bar', stack: 'a', data: kinds.map((k) => k.counts.acknowledged), itemStyle: { color: '#faad14' } },
        { name: '已办结', type: 'bar', stack: 'a', data: kinds.map((k) => k.counts.resolved), itemStyle: { color: '#52c41a' } },
        { name: '已忽略', type: 'bar', stack: 'a', data: kinds.map((k) => k.counts.dismissed), itemStyle: { color: '#bfbfbf' } },
      ],
    }),
    [kinds],
  );
  const active = kinds.reduce((s, k) => s + k.counts.open + k.counts.acknowledged, 0);
  return (
    <Card size="small" title={`按类型（未关闭 ${active} 条；点击条形筛选）`} loading={summary.isLoading} style={{ marginBottom: 16 }}>
      <EChart option={option} height={280} ariaLabel="按类型统计的报警数" onItemClick={(p) => kinds[p.dataIndex] && onPick(kinds[p.dataIndex]!.kind)} />
    </Card>
  );
}

export function AlertsPage() {
  const actionRef = useRef<ActionType>();
  const [search, setSearch] = useSearchParams();
  const kind = search.get('kind') ?? undefined;
  const [openId, setOpenId] = useState<number | null>(null);
  const [stamp, setStamp] = useState(0);
  const kinds = useQuery({
    queryKey: ['warning-kinds', 'fleet'],
    staleTime: 10 * 60_000,
    queryFn: () => unwrap(api.GET('/api/warnings/kinds', { params: { query: { module: 'fleet' } }, lookup: true })),
  });
  const refresh = () => {
    setStamp((x) => x + 1);
    void actionRef.current?.reload();
  };
  const kindOptions = (kinds.data?.kinds ?? []).filter((k) => (TELEMATICS_KINDS as readonly string[]).includes(k.code)).map((k) => ({ value: k.code, label: k.name }));

  const columns: TableColumns<'/api/warnings'> = [
    { title: '编号', dataIndex: 'id', width: 80, sorter: true, search: false },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 170,
      sorter: true,
      valueType: 'select',
      initialValue: kind,
      fieldProps: { options: kindOptions },
      render: (_, r) => r.kindName,
    },
    {
      title: '报警内容',
      dataIndex: 'q',
      ellipsis: true,
      width: 360,
      fieldProps: { placeholder: '标题包含（如车牌号）' },
      render: (_, r) => <Typography.Link onClick={() => setOpenId(r.id)}>{r.title}</Typography.Link>,
    },
    ...warningColumns(kinds.data, '最近发现'),
    timeRangeColumn<Warning>('首次发现时间'),
    {
      title: '操作',
      valueType: 'option',
      width: 130,
      fixed: 'right',
      render: (_, r) => {
        const track = r.link?.startsWith('/fleet/tracks') ? r.link : trackLinkOf(r);
        return [
          <Typography.Link key="open" onClick={() => setOpenId(r.id)}>
            {r._actions.length ? '处理' : '详情'}
          </Typography.Link>,
          ...(track ? [<Link key="track" to={track}>轨迹</Link>] : []),
        ];
      },
    },
  ];

  return (
    <PageContainer title="报警中心" subTitle="非工作时间用车、越界、无派车单出行、超速、长时间怠速、终端断电、封存车辆移动、终端离线">
      <KindChart
        stamp={stamp}
        onPick={(k) => {
          setSearch({ kind: k }, { replace: true });
          actionRef.current?.setPageInfo?.({ current: 1 });
        }}
      />
      <ServerTable
        key={kind ?? 'all'}
        path="/api/warnings"
        headerTitle="报警清单"
        columns={columns}
        params={{ module: 'fleet', kinds: TELEMATICS_KINDS.join(',') }}
        actionRef={actionRef}
        exportPermission="warning:item:export"
        exportName="报警清单"
      />
      <AlertDetail id={openId} onClose={() => setOpenId(null)} onChanged={refresh} />
    </PageContainer>
  );
}
