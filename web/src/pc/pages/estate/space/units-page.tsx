// 单位用房汇总: each unit's approved (核定) office area and headcount against what it uses, with a detail drawer
// (area by use, by building, open findings, charts) and the 核定 form for holders of estate:quota:write.
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, Row, Space, Statistic, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ActionType } from '@ant-design/pro-components';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { EChart } from '../../../components/echart';

type Summary = ApiResponse<'/api/estate/units/{id}/summary'>;
const m2 = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} m²`);

function QuotaForm({ s, onSaved }: { s: Summary; onSaved: (next: Summary) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ approvedOfficeArea: number; approvedHeadcount: number; basis: string; approvedOn: Dayjs }>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    const r = await attempt(() =>
      unwrap(
        api.PUT('/api/estate/units/{id}/quota', {
          params: { path: { id: s.unit.id } },
          body: { approvedOfficeArea: v.approvedOfficeArea, approvedHeadcount: v.approvedHeadcount, basis: v.basis.trim(), approvedOn: v.approvedOn.format('YYYY-MM-DD') },
        }),
      ),
    );
    setSaving(false);
    if (r) {
      message.success(`已保存核定；复核该单位：发现 ${r.evaluation.findings} 项，新增 ${r.evaluation.raised} 项，关闭 ${r.evaluation.closed} 项`);
      onSaved(r.summary);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{
        approvedOfficeArea: s.quota?.approvedOfficeArea,
        approvedHeadcount: s.quota?.approvedHeadcount ?? s.unit.staffingQuota ?? undefined,
        basis: s.quota?.basis,
        approvedOn: s.quota ? dayjs(s.quota.approvedOn) : undefined,
      }}
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="approvedOfficeArea" label="核定办公室用房面积（m²）" rules={[{ required: true, message: '请填写核定面积' }, { type: 'number', min: 0, max: 10_000_000, message: '面积须在 0–10,000,000 之间' }]}>
            <InputNumber min={0} max={10_000_000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="approvedHeadcount" label="核定编制（人）" rules={[{ required: true, message: '请填写核定编制' }, { type: 'number', min: 0, max: 100_000, message: '编制须在 0–100,000 之间' }]}>
            <InputNumber min={0} max={100_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="basis" label="核定依据（文件）" rules={[{ required: true, whitespace: true, message: '请填写核定文件' }, { min: 2, max: 200, message: '2–200 个字' }]}>
            <Input maxLength={200} placeholder="如：鲁管发〔2025〕12号" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="approvedOn" label="核定日期" rules={[{ required: true, message: '请选择核定日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" loading={saving} onClick={() => void save()}>
        保存核定并复核
      </Button>
    </Form>
  );
}

function UnitDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['estate-unit-summary', id],
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/api/estate/units/{id}/summary', { params: { path: { id: id! } } })),
  });
  const s = q.data;
  const pie = useMemo(
    () =>
      s && {
        tooltip: { trigger: 'item' as const, formatter: '{b}：{c} m²（{d}%）' },
        legend: { type: 'scroll' as const, bottom: 0 },
        series: [
          {
            name: '用途类别',
            type: 'pie' as const,
            radius: ['0%', '38%'],
            label: { position: 'inner' as const, fontSize: 11 },
            data: s.byCategory.filter((c) => c.area > 0).map((c) => ({ name: c.name, value: c.area })),
          },
          {
            name: '现用途',
            type: 'pie' as const,
            radius: ['50%', '70%'],
            data: s.byUse.map((u) => ({ name: u.name, value: u.area })),
          },
        ],
      },
    [s],
  );
  const bar = useMemo(
    () =>
      s && {
        tooltip: { trigger: 'axis' as const },
        grid: { left: 60, right: 16, top: 20, bottom: 30 },
        xAxis: { type: 'category' as const, data: ['核定办公室用房', '实际办公室用房', '服务用房', '设备用房', '附属用房'] },
        yAxis: { type: 'value' as const, name: 'm²' },
        series: [
          {
            type: 'bar' as const,
            data: [
              { value: s.unit.approvedOfficeArea ?? 0, itemStyle: { color: '#8c8c8c' } },
              { value: s.unit.officeArea, itemStyle: { color: s.unit.over ? '#ff4d4f' : '#1677ff' } },
              s.unit.serviceArea,
              s.unit.equipmentArea,
              s.unit.ancillaryArea,
            ],
            label: { show: true, position: 'top' as const },
          },
        ],
      },
    [s],
  );
  return (
    <Drawer open={id !== null} onClose={onClose} width={760} title={s ? s.unit.name : '单位用房'} loading={q.isLoading}>
      {s && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={16}>
            <Col span={6}><Statistic title="办公室用房" value={s.unit.officeArea} suffix="m²" valueStyle={s.unit.over ? { color: '#cf1322' } : undefined} /></Col>
            <Col span={6}><Statistic title="核定面积" value={s.unit.approvedOfficeArea ?? '未核定'} suffix={s.unit.approvedOfficeArea === null ? undefined : 'm²'} /></Col>
            <Col span={6}><Statistic title="在职 / 已安排" value={`${s.unit.persons} / ${s.unit.personsWithOffice}`} suffix="人" /></Col>
            <Col span={6}><Statistic title="人均办公室" value={s.unit.perCapitaOfficeArea ?? '-'} suffix={s.unit.perCapitaOfficeArea === null ? undefined : 'm²'} /></Col>
          </Row>
          {s.unit.over && <Tag color="red">超出核定面积 {m2(s.unit.excessArea)}</Tag>}
          <Row gutter={16}>
            <Col span={12}>
              <Card size="small" title="面积构成（按用途）">
                {s.unit.roomCount ? <EChart option={pie!} height={260} ariaLabel="按用途的面积构成" /> : <Empty description="尚未登记房间" />}
              </Card>
            </Col>
            <Col span={12}>
              <Card size="small" title="实际与核定">
                <EChart option={bar!} height={260} ariaLabel="实际面积与核定面积对比" />
              </Card>
            </Col>
          </Row>
          <Card size="small" title="按楼座">
            <Table
              size="small"
              rowKey="buildingId"
              pagination={false}
              dataSource={s.byBuilding}
              columns={[
                { title: '院落', dataIndex: 'compoundName', render: (v: string, r) => <Link to={`/estate/space?compoundId=${r.compoundId}`}>{v}</Link> },
                { title: '楼座', dataIndex: 'buildingName', render: (v: string, r) => <Link to={`/estate/space?buildingId=${r.buildingId}`}>{v}</Link> },
                { title: '房间数', dataIndex: 'rooms', align: 'right' },
                { title: '办公室用房', dataIndex: 'officeArea', align: 'right', render: (v: number) => m2(v) },
                { title: '合计', dataIndex: 'area', align: 'right', render: (v: number) => m2(v) },
              ]}
            />
          </Card>
          <Card size="small" title={`未关闭的问题（${s.findingsTotal}）`}>
            {s.findings.length ? (
              <Space wrap>
                {s.findings.map((f) => (
                  <Link key={f.kind} to={`/estate/findings?kind=${f.kind}&unitId=${s.unit.id}`}>
                    <Tag color="orange">{f.kindName} {f.count}</Tag>
                  </Link>
                ))}
              </Space>
            ) : (
              <span>无</span>
            )}
          </Card>
          <Card size="small" title="核定">
            {s.quota ? (
              <Descriptions size="small" column={2}>
                <Descriptions.Item label="核定面积">{m2(s.quota.approvedOfficeArea)}</Descriptions.Item>
                <Descriptions.Item label="核定编制">{s.quota.approvedHeadcount} 人</Descriptions.Item>
                <Descriptions.Item label="核定依据">{s.quota.basis}</Descriptions.Item>
                <Descriptions.Item label="核定日期">{s.quota.approvedOn}</Descriptions.Item>
              </Descriptions>
            ) : (
              <p>尚未核定办公用房面积。</p>
            )}
            {s.unit._actions.includes('quota') && (
              <QuotaForm
                key={`${s.unit.id}-${s.quota?.approvedOn ?? ''}-${s.quota?.approvedOfficeArea ?? ''}`}
                s={s}
                onSaved={(next) => {
                  qc.setQueryData(['estate-unit-summary', id], next);
                  onChanged();
                }}
              />
            )}
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

export function UnitsPage() {
  const [params] = useSearchParams();
  const initial = Number(params.get('unitId')) || null;
  const [openId, setOpenId] = useState<number | null>(initial);
  const actionRef = useRef<ActionType>();

  const columns: TableColumns<'/api/estate/units'> = [
    { title: '单位', dataIndex: 'name', width: 220, ellipsis: true, sorter: true, search: false, fixed: 'left', render: (_, r) => <a onClick={() => setOpenId(r.id)}>{r.name}</a> },
    { title: '层级', dataIndex: 'levelName', width: 70, search: false },
    { title: '地区', dataIndex: 'regionName', width: 100, search: false },
    { title: '地区代码', dataIndex: 'regionCode', hideInTable: true, fieldProps: { placeholder: '如 3701（济南市）' } },
    { title: '核定面积（m²）', dataIndex: 'approvedOfficeArea', width: 120, align: 'right', sorter: true, search: false, render: (_, r) => r.approvedOfficeArea ?? '未核定' },
    { title: '核定编制', dataIndex: 'approvedHeadcount', width: 90, align: 'right', search: false, render: (_, r) => r.approvedHeadcount ?? '-' },
    { title: '办公室用房（m²）', dataIndex: 'officeArea', width: 130, align: 'right', sorter: true, search: false },
    { title: '服务用房（m²）', dataIndex: 'serviceArea', width: 120, align: 'right', search: false },
    { title: '设备用房（m²）', dataIndex: 'equipmentArea', width: 120, align: 'right', search: false },
    { title: '附属用房（m²）', dataIndex: 'ancillaryArea', width: 120, align: 'right', search: false },
    { title: '在职人员', dataIndex: 'persons', width: 90, align: 'right', sorter: true, search: false },
    { title: '已安排办公室', dataIndex: 'personsWithOffice', width: 110, align: 'right', search: false },
    { title: '人均办公室（m²）', dataIndex: 'perCapitaOfficeArea', width: 130, align: 'right', sorter: true, search: false, render: (_, r) => r.perCapitaOfficeArea ?? '-' },
    {
      title: '超核定',
      dataIndex: 'over',
      width: 120,
      valueType: 'select',
      fieldProps: { options: [{ value: 'true', label: '仅超核定' }, { value: 'false', label: '未超核定' }] },
      render: (_, r) => (r.over ? <Tag color="red">超 {r.excessArea} m²</Tag> : r.approvedOfficeArea === null ? <Tag>未核定</Tag> : <Tag color="green">未超</Tag>),
    },
    { title: '操作', valueType: 'option', width: 80, fixed: 'right', render: (_, r) => [<a key="open" onClick={() => setOpenId(r.id)}>{r._actions.includes('quota') ? '详情/核定' : '详情'}</a>] },
  ];

  return (
    <PageContainer title="单位用房汇总" subTitle="各单位核定办公用房面积、编制与实际使用对比（按房间现用途统计，不含已处置房间）">
      <ServerTable
        path="/api/estate/units"
        headerTitle="单位办公用房"
        columns={columns}
        actionRef={actionRef}
        exportPermission="estate:space:export"
        exportName="单位办公用房汇总"
      />
      <UnitDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => void actionRef.current?.reload()} />
    </PageContainer>
  );
}
