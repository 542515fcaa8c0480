// 超标与违规: the estate findings (warnings of module estate) — charts by kind and by city, the list with filters and
// export, a detail drawer with the rule's evidence, and 确认 / 办结 / 忽略 for those allowed. Kind names come from the
// server (kindName on every row, /api/warnings/kinds for the filter).
import { ReloadOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Drawer, Empty, Input, Modal, Row, Space, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import { ServerTable, type Row as TableRow, type TableColumns } from '../../../components/server-table';
import { SEVERITY_COLORS, STATUS_COLORS, warningColumns } from '../../../components/warning-columns';
import { timeRangeColumn } from '../../../date-range';
import { formatDateTime } from '../../../format';
import { usePermission } from '../../../me';
import { EChart } from '../../../components/echart';

type Warning = TableRow<'/api/warnings'>;


/** Evidence keys shown with a Chinese label; the rest are listed as they are. */
const EVIDENCE_LABELS: Record<string, string> = {
  person: '人员',
  rank: '职级',
  postLabel: '对应标准职务',
  area: '使用面积（m²）',
  cap: '标准上限（m²）',
  over: '超出（m²）',
  room: '房间',
  restRoomArea: '休息室面积（m²）',
  occupants: '使用人数',
  designedUse: '设计用途',
  currentUse: '现用途',
  usableArea: '使用面积（m²）',
  unit: '单位',
  approved: '核定面积（m²）',
  basis: '核定依据',
  building: '楼座',
  roomsArea: '房间面积合计（m²）',
  status: '人员状态',
  statusSince: '状态起始日',
  graceDays: '期限（天）',
  since: '起始日',
  asOf: '复核日期',
};
const HIDDEN_EVIDENCE = new Set(['personId', 'roomId', 'unitId', 'buildingId', 'rooms', 'leader', 'orgLevel', 'shortfallPct']);

function evidenceValue(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function FindingDetail({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
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

  const evidence = Object.entries((w?.evidence ?? {}) as Record<string, unknown>).filter(([k]) => !HIDDEN_EVIDENCE.has(k));
  const rooms = (w?.evidence as { rooms?: { roomId: number; room: string; usableArea: number; restRoomArea: number; occupants: number }[] } | undefined)?.rooms;

  return (
    <Drawer open={id !== null} onClose={onClose} width={560} title={w ? `${w.kindName}（编号 ${w.id}）` : '预警详情'} loading={detail.isLoading}>
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
            <Descriptions.Item label="最近复核">{formatDateTime(w.lastSeenAt)}</Descriptions.Item>
            {w.closedAt && <Descriptions.Item label="关闭">{`${formatDateTime(w.closedAt)} ${w.closedByName ?? '（复核自动关闭）'}`}</Descriptions.Item>}
            {w.resolution && <Descriptions.Item label="处理说明">{w.resolution}</Descriptions.Item>}
            {w.link && (
              <Descriptions.Item label="查看">
                <Link to={w.link}>打开相关房产 / 人员</Link>
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
            {rooms && rooms.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {rooms.map((r) => (
                  <li key={r.roomId}>
                    <Link to={`/estate/space?roomId=${r.roomId}`}>{r.room}</Link>：{r.usableArea} m²
                    {r.restRoomArea > 0 ? `，附设休息室 ${r.restRoomArea} m²` : ''}
                    {r.occupants > 1 ? `，${r.occupants} 人合用` : ''}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {w._actions.length > 0 && (
            <Space wrap>
              {w._actions.includes('acknowledge') && (
                <Button loading={busy} onClick={() => void act('acknowledge')}>
                  确认（整改中）
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
        title={reasonFor === 'dismiss' ? '忽略预警' : '办结预警'}
        okText={reasonFor === 'dismiss' ? '忽略' : '办结'}
        okButtonProps={{ danger: reasonFor === 'dismiss', disabled: reasonFor === 'dismiss' && reason.trim().length < 2, loading: busy }}
        onCancel={() => setReasonFor(null)}
        onOk={() => void act(reasonFor!, reason.trim() || undefined)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {reasonFor === 'dismiss' ? '请填写忽略理由（必填）。忽略后一年内复核不再提示同一问题。' : '可填写整改情况。若问题仍存在，下次复核会重新提示。'}
        </Typography.Paragraph>
        <Input.TextArea
          rows={4}
          maxLength={500}
          showCount
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={reasonFor === 'dismiss' ? '忽略理由，如：经核实为历史遗留，已报批' : '整改情况'}
          aria-label={reasonFor === 'dismiss' ? '忽略理由' : '整改情况'}
        />
      </Modal>
    </Drawer>
  );
}

function SummaryCharts({ stamp }: { stamp: number }) {
  const summary = useQuery({
    queryKey: ['warning-summary', 'estate', stamp],
    queryFn: () => unwrap(api.GET('/api/warnings/summary', { params: { query: { module: 'estate' } } })),
  });
  const s = summary.data;
  const kindOption = useMemo(
    () =>
      s && {
        tooltip: { trigger: 'axis' as const },
        legend: { top: 0 },
        grid: { left: 110, right: 16, top: 30, bottom: 20 },
        xAxis: { type: 'value' as const, minInterval: 1 },
        yAxis: { type: 'category' as const, data: s.byKind.map((k) => k.kindName), inverse: true },
        series: [
          { name: '待处理', type: 'bar' as const, stack: 'a', data: s.byKind.map((k) => k.counts.open), itemStyle: { color: '#ff4d4f' } },
          { name: '已确认', type: 'bar' as const, stack: 'a', data: s.byKind.map((k) => k.counts.acknowledged), itemStyle: { color: '#faad14' } },
          { name: '已办结', type: 'bar' as const, stack: 'a', data: s.byKind.map((k) => k.counts.resolved), itemStyle: { color: '#52c41a' } },
          { name: '已忽略', type: 'bar' as const, stack: 'a', data: s.byKind.map((k) => k.counts.dismissed), itemStyle: { color: '#bfbfbf' } },
        ],
      },
    [s],
  );
  const cityOption = useMemo(
    () =>
      s && {
        tooltip: { trigger: 'axis' as const },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 30, bottom: 50 },
        xAxis: { type: 'category' as const, data: s.byCity.map((c) => c.cityName), axisLabel: { rotate: 30 } },
        yAxis: { type: 'value' as const, minInterval: 1 },
        series: [
          { name: '未关闭', type: 'bar' as const, data: s.byCity.map((c) => c.active), itemStyle: { color: '#1677ff' } },
          { name: '其中严重', type: 'bar' as const, data: s.byCity.map((c) => c.high), itemStyle: { color: '#ff4d4f' } },
        ],
      },
    [s],
  );
  return (
    <Row gutter={16} style={{ marginBottom: 16 }}>
      <Col xs={24} lg={14}>
        <Card size="small" title={`按类型（未关闭 ${s?.active ?? '-'} 条，累计 ${s?.total ?? '-'} 条）`} loading={summary.isLoading}>
          {kindOption && <EChart option={kindOption} height={280} ariaLabel="按类型统计的问题数" />}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title="按地市（未关闭）" loading={summary.isLoading}>
          {cityOption && s!.byCity.length > 0 ? (
            <EChart option={cityOption} height={280} ariaLabel="按地市统计的未关闭问题数" />
          ) : (
            <Empty description="没有未关闭的问题" />
          )}
        </Card>
      </Col>
    </Row>
  );
}

export function FindingsPage() {
  const { message } = App.useApp();
  const can = usePermission();
  const actionRef = useRef<ActionType>();
  const [search] = useSearchParams();
  const linkedKind = search.get('kind') ?? undefined;
  const linkedUnit = Number(search.get('unitId')) || undefined;
  const [openId, setOpenId] = useState<number | null>(null);
  const [stamp, setStamp] = useState(0);
  const [running, setRunning] = useState(false);
  const kinds = useQuery({
    queryKey: ['warning-kinds', 'estate'],
    staleTime: 10 * 60_000,
    queryFn: () => unwrap(api.GET('/api/warnings/kinds', { params: { query: { module: 'estate' } }, lookup: true })),
  });
  const refresh = () => {
    setStamp((x) => x + 1);
    void actionRef.current?.reload();
  };

  const evaluate = async () => {
    setRunning(true);
    const r = await attempt(() => unwrap(api.POST('/api/estate/evaluate')));
    setRunning(false);
    if (r) {
      message.success(`复核完成（${r.standard}）：发现 ${r.findings} 项，新增 ${r.raised} 项，关闭 ${r.closed} 项，用时 ${(r.ms / 1000).toFixed(1)} 秒`);
      refresh();
    }
  };

  const columns: TableColumns<'/api/warnings'> = [
    { title: '编号', dataIndex: 'id', width: 80, sorter: true, search: false },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 140,
      sorter: true,
      valueType: 'select',
      fieldProps: { options: (kinds.data?.kinds ?? []).map((k) => ({ value: k.code, label: k.name })) },
      render: (_, r) => r.kindName,
    },
    {
      title: '问题',
      dataIndex: 'q',
      ellipsis: true,
      width: 360,
      fieldProps: { placeholder: '标题包含' },
      render: (_, r) => <Typography.Link onClick={() => setOpenId(r.id)}>{r.title}</Typography.Link>,
    },
    ...warningColumns(kinds.data, '最近复核'),
    timeRangeColumn<Warning>('首次发现时间'),
    {
      title: '操作',
      valueType: 'option',
      width: 80,
      fixed: 'right',
      render: (_, r) => [
        <Typography.Link key="open" onClick={() => setOpenId(r.id)}>
          {r._actions.length ? '处理' : '详情'}
        </Typography.Link>,
      ],
    },
  ];

  return (
    <PageContainer
      title="超标与违规"
      subTitle="办公室超标、违规设置休息室、调离退休未腾退、擅自改变用途、单位超核定等问题，每晚自动复核"
      extra={
        can('estate:evaluate:run')
          ? [
              <Button key="eval" icon={<ReloadOutlined />} loading={running} onClick={() => void evaluate()}>
                立即复核
              </Button>,
            ]
          : []
      }
    >
      <SummaryCharts stamp={stamp} />
      <ServerTable
        path="/api/warnings"
        headerTitle="问题清单"
        columns={columns}
        params={{ module: 'estate', ...(linkedKind ? { kind: linkedKind } : {}), ...(linkedUnit ? { unitId: linkedUnit } : {}) }}
        actionRef={actionRef}
        exportPermission="warning:item:export"
        exportName="预警清单"
      />
      <FindingDetail id={openId} onClose={() => setOpenId(null)} onChanged={refresh} />
    </PageContainer>
  );
}
