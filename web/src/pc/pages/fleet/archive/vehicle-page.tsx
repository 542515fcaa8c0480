// 车辆详情: tabs 基本信息, 保险与年检, 用车记录, 费用, 预警. Buttons follow the vehicle's `_actions`: 修改, 状态变更,
// 封存 / 启封, 绑定北斗终端, 登记保险, 登记年检.
import { EditOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDatePicker, ProFormDigit, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Badge, Button, Card, Descriptions, Empty, Popconfirm, Result, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { formatDateTime } from '../../../format';
import { costCategoryLabels, dispatchStatusLabels, formatCap, formatYuan, vehicleStatusEnum } from './fleet-labels';
import { VehicleFormModal } from './vehicle-form-modal';

type Detail = ApiResponse<'/api/fleet/vehicles/{id}'>;
const day = (v: Dayjs | string) => (typeof v === 'string' ? v : v.format('YYYY-MM-DD'));
const BADGE: Record<string, 'success' | 'default' | 'processing' | 'warning' | 'error'> = {
  in_use: 'success',
  repair: 'processing',
  sealed: 'default',
  pending_disposal: 'warning',
  disposed: 'error',
};
const SEVERITY_COLOR: Record<string, string> = { high: 'red', medium: 'orange', low: 'blue' };
const STATUS_NEXT: Record<string, string[]> = {
  in_use: ['repair', 'sealed', 'pending_disposal'],
  repair: ['in_use', 'pending_disposal'],
  sealed: ['in_use', 'pending_disposal'],
  pending_disposal: ['in_use', 'disposed'],
  disposed: [],
};

export function VehiclePage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [modal, setModal] = useState<null | 'edit' | 'status' | 'terminal' | 'insurance' | 'inspection'>(null);
  const q = useQuery({
    queryKey: ['fleet-vehicle', id],
    enabled: Number.isInteger(id) && id > 0,
    queryFn: () => unwrap(api.GET('/api/fleet/vehicles/{id}', { params: { path: { id } } })),
  });

  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title="车辆不存在" />;
  if (q.isPending)
    return (
      <PageContainer title="车辆详情">
        <Card>
          <Skeleton active />
        </Card>
      </PageContainer>
    );
  if (q.isError)
    return (
      <PageContainer title="车辆详情" onBack={() => navigate('/fleet/vehicles')}>
        <Result status="warning" title="无法加载车辆" subTitle={q.error.message} extra={<Button onClick={() => void q.refetch()}>重试</Button>} />
      </PageContainer>
    );

  const d = q.data;
  const v = d.vehicle;
  const can = (a: string) => v._actions.includes(a);
  const saved = (next: Detail | undefined, text: string) => {
    if (!next) return false;
    message.success(text);
    setModal(null);
    void q.refetch();
    return true;
  };
  const seal = async (which: 'seal' | 'unseal') => {
    const r = await attempt(() => unwrap(api.POST(`/api/fleet/vehicles/{id}/${which}`, { params: { path: { id } }, body: {} })));
    saved(r, which === 'seal' ? '已封存' : '已启封');
  };
  const costTotal = d.costs.reduce((s, c) => s + c.amount, 0);

  return (
    <PageContainer
      title={`${v.plate} ${v.brand} ${v.model}`}
      onBack={() => navigate('/fleet/vehicles')}
      tags={[<Badge key="s" status={BADGE[v.status] ?? 'default'} text={v.statusName} />, <Tag key="c">{v.categoryName}</Tag>]}
      extra={[
        can('seal') && (
          <Popconfirm key="seal" title="封存后不能派车，确认封存？" onConfirm={() => seal('seal')}>
            <Button icon={<LockOutlined />}>封存</Button>
          </Popconfirm>
        ),
        can('unseal') && (
          <Button key="unseal" icon={<UnlockOutlined />} onClick={() => void seal('unseal')}>
            启封
          </Button>
        ),
        can('status') && (
          <Button key="status" onClick={() => setModal('status')}>
            状态变更
          </Button>
        ),
        can('terminal') && (
          <Button key="terminal" onClick={() => setModal('terminal')}>
            {v.terminalPhone ? '更换北斗终端' : '绑定北斗终端'}
          </Button>
        ),
        can('update') && (
          <Button key="edit" type="primary" icon={<EditOutlined />} onClick={() => setModal('edit')}>
            修改
          </Button>
        ),
      ].filter(Boolean)}
    >
      <Tabs
        items={[
          {
            key: 'basic',
            label: '基本信息',
            children: (
              <Card>
                <Descriptions column={3} bordered size="small">
                  <Descriptions.Item label="车牌号">{v.plate}</Descriptions.Item>
                  <Descriptions.Item label="车辆识别代号">{v.vin ?? '-'}</Descriptions.Item>
                  <Descriptions.Item label="品牌型号">{`${v.brand} ${v.model}`}</Descriptions.Item>
                  <Descriptions.Item label="车辆类别">{v.categoryName}</Descriptions.Item>
                  <Descriptions.Item label="能源类型">{v.energyTypeName}</Descriptions.Item>
                  <Descriptions.Item label="排量">{v.displacementL === null ? '-' : `${v.displacementL} L`}</Descriptions.Item>
                  <Descriptions.Item label="购置价格">{formatYuan(v.price)}</Descriptions.Item>
                  <Descriptions.Item label="取得日期">{v.acquiredOn}</Descriptions.Item>
                  <Descriptions.Item label="取得方式">{v.acquisitionMethodName}</Descriptions.Item>
                  <Descriptions.Item label="所属单位" span={2}>
                    {v.unitName}
                  </Descriptions.Item>
                  <Descriptions.Item label="座位数">{v.seats}</Descriptions.Item>
                  <Descriptions.Item label="里程">{v.odometerKm.toLocaleString('zh-CN')} km</Descriptions.Item>
                  <Descriptions.Item label="北斗终端号">{v.terminalPhone ?? <Tag color="orange">未安装</Tag>}</Descriptions.Item>
                  <Descriptions.Item label="终端安装日期">{v.terminalInstalledOn ?? '-'}</Descriptions.Item>
                  <Descriptions.Item label="类别配备标准" span={3}>
                    燃油车 ≤ {formatCap(d.category.maxPrice)}，新能源 ≤ {formatCap(d.category.maxPriceNe)}，排量 ≤{' '}
                    {d.category.maxDisplacementL ? `${d.category.maxDisplacementL} 升` : '不限'}
                    <Typography.Text type="secondary">（依据：{d.category.source}）</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label="登记时间">{formatDateTime(v.createdAt)}</Descriptions.Item>
                  <Descriptions.Item label="更新时间" span={2}>
                    {formatDateTime(v.updatedAt)}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            ),
          },
          {
            key: 'insurance',
            label: '保险与年检',
            children: (
              <Space direction="vertical" style={{ width: '100%' }} size="middle">
                <Card title="保险" extra={can('insurance') && <Button onClick={() => setModal('insurance')}>登记保险</Button>}>
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={d.insurance}
                    columns={[
                      { title: '保险公司', dataIndex: 'insurer' },
                      { title: '保单号', dataIndex: 'policyNo' },
                      { title: '起始日期', dataIndex: 'startsOn' },
                      { title: '终止日期', dataIndex: 'endsOn' },
                      { title: '保费', dataIndex: 'premium', align: 'right', render: (x: number) => formatYuan(x) },
                    ]}
                  />
                </Card>
                <Card title="年检" extra={can('inspection') && <Button onClick={() => setModal('inspection')}>登记年检</Button>}>
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={d.inspections}
                    columns={[
                      { title: '检验日期', dataIndex: 'inspectedOn' },
                      { title: '有效期至', dataIndex: 'validUntil' },
                      { title: '检测站', dataIndex: 'station', render: (x: string | null) => x ?? '-' },
                    ]}
                  />
                </Card>
              </Space>
            ),
          },
          {
            key: 'use',
            label: '用车记录',
            children: (
              <Space direction="vertical" style={{ width: '100%' }} size="middle">
                <Card title="最近派车">
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={d.dispatches}
                    columns={[
                      { title: '事由', dataIndex: 'purpose' },
                      { title: '驾驶员', dataIndex: 'driverName' },
                      { title: '开始', dataIndex: 'startsAt', render: (x: string) => formatDateTime(x) },
                      { title: '结束', dataIndex: 'endsAt', render: (x: string) => formatDateTime(x) },
                      { title: '状态', dataIndex: 'status', render: (x: string) => dispatchStatusLabels[x] ?? x },
                    ]}
                  />
                </Card>
                <Card title="最近行程">
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={d.trips}
                    columns={[
                      { title: '来源', dataIndex: 'source', render: (x: string) => (x === 'dispatch' ? '派车单' : '北斗终端') },
                      { title: '开始', dataIndex: 'startedAt', render: (x: string) => formatDateTime(x) },
                      { title: '结束', dataIndex: 'endedAt', render: (x: string) => formatDateTime(x) },
                      { title: '里程(km)', dataIndex: 'km', align: 'right' },
                    ]}
                  />
                </Card>
              </Space>
            ),
          },
          {
            key: 'costs',
            label: '费用',
            children: (
              <Card title={`近 12 个月运行维护费合计 ${formatYuan(costTotal)}`}>
                <Table
                  rowKey={(r) => `${r.month}:${r.category}`}
                  size="small"
                  pagination={false}
                  dataSource={d.costs}
                  columns={[
                    { title: '月份', dataIndex: 'month', render: (x: string) => x.slice(0, 7) },
                    { title: '费用类别', dataIndex: 'category', render: (x: string) => costCategoryLabels[x] ?? x },
                    { title: '金额', dataIndex: 'amount', align: 'right', render: (x: number) => formatYuan(x) },
                    { title: '笔数', dataIndex: 'txCount', align: 'right' },
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'warnings',
            label: `预警${d.warnings.length ? `（${d.warnings.length}）` : ''}`,
            children: (
              <Card>
                {d.warnings.length ? (
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={d.warnings}
                    columns={[
                      { title: '类型', dataIndex: 'kindName' },
                      { title: '内容', dataIndex: 'title' },
                      { title: '级别', dataIndex: 'severity', render: (x: string) => <Tag color={SEVERITY_COLOR[x]}>{{ high: '严重', medium: '一般', low: '轻微' }[x] ?? x}</Tag> },
                      { title: '发现时间', dataIndex: 'firstSeenAt', render: (x: string) => formatDateTime(x) },
                    ]}
                  />
                ) : (
                  <Empty description="没有待处理的预警" />
                )}
              </Card>
            ),
          },
        ]}
      />

      {modal === 'edit' && <VehicleFormModal vehicle={v} onClose={() => setModal(null)} onSaved={(n) => saved(n, '已保存')} />}
      {modal === 'status' && (
        <ModalForm<{ status: 'in_use'; reason?: string }>
          title="状态变更"
          open
          width={480}
          modalProps={{ onCancel: () => setModal(null), destroyOnClose: true }}
          onFinish={async (x) =>
            saved(await attempt(() => unwrap(api.POST('/api/fleet/vehicles/{id}/status', { params: { path: { id } }, body: x }))), '状态已变更')
          }
        >
          <Typography.Paragraph type="secondary">已处置的车辆档案冻结，不能再变更。</Typography.Paragraph>
          <ProFormSelect
            name="status"
            label="新状态"
            options={(STATUS_NEXT[v.status] ?? []).map((s) => ({ value: s, label: vehicleStatusEnum[s as keyof typeof vehicleStatusEnum].text }))}
            rules={[{ required: true, message: '请选择状态' }]}
          />
          <ProFormText name="reason" label="原因" rules={[{ max: 200 }]} />
        </ModalForm>
      )}
      {modal === 'terminal' && (
        <ModalForm<{ terminalPhone: string; installedOn?: Dayjs | string }>
          title="绑定北斗终端"
          open
          width={480}
          initialValues={{ terminalPhone: v.terminalPhone ?? undefined, installedOn: v.terminalInstalledOn ?? undefined }}
          modalProps={{ onCancel: () => setModal(null), destroyOnClose: true }}
          onFinish={async (x) =>
            saved(
              await attempt(() =>
                unwrap(
                  api.PUT('/api/fleet/vehicles/{id}/terminal', {
                    params: { path: { id } },
                    body: { terminalPhone: x.terminalPhone.trim(), installedOn: x.installedOn ? day(x.installedOn) : null },
                  }),
                ),
              ),
              '已绑定北斗终端',
            )
          }
        >
          <ProFormText
            name="terminalPhone"
            label="终端号（终端手机号）"
            rules={[
              { required: true, message: '请输入终端号' },
              { pattern: /^[0-9]{11,20}$/, message: '11–20 位数字' },
            ]}
          />
          <ProFormDatePicker name="installedOn" label="安装日期" fieldProps={{ style: { width: '100%' } }} />
        </ModalForm>
      )}
      {modal === 'insurance' && (
        <ModalForm<{ insurer: string; policyNo: string; startsOn: Dayjs | string; endsOn: Dayjs | string; premium: number }>
          title="登记保险"
          open
          width={520}
          modalProps={{ onCancel: () => setModal(null), destroyOnClose: true }}
          onFinish={async (x) => {
            const r = await attempt(() =>
              unwrap(
                api.POST('/api/fleet/vehicles/{id}/insurance', {
                  params: { path: { id } },
                  body: { insurer: x.insurer.trim(), policyNo: x.policyNo.trim(), startsOn: day(x.startsOn), endsOn: day(x.endsOn), premium: x.premium },
                }),
              ),
            );
            if (!r) return false;
            message.success('已登记保险');
            setModal(null);
            void q.refetch();
            return true;
          }}
        >
          <ProFormText name="insurer" label="保险公司" rules={[{ required: true, whitespace: true }, { min: 2, max: 100 }]} />
          <ProFormText name="policyNo" label="保单号" rules={[{ required: true, whitespace: true }, { min: 4, max: 40 }]} />
          <ProFormDatePicker name="startsOn" label="起始日期" fieldProps={{ style: { width: '100%' } }} rules={[{ required: true }]} />
          <ProFormDatePicker name="endsOn" label="终止日期" fieldProps={{ style: { width: '100%' } }} rules={[{ required: true }]} />
          <ProFormDigit name="premium" label="保费（元）" min={0} fieldProps={{ precision: 2 }} rules={[{ required: true }]} />
        </ModalForm>
      )}
      {modal === 'inspection' && (
        <ModalForm<{ inspectedOn: Dayjs | string; validUntil: Dayjs | string; station?: string }>
          title="登记年检"
          open
          width={480}
          modalProps={{ onCancel: () => setModal(null), destroyOnClose: true }}
          onFinish={async (x) => {
            const r = await attempt(() =>
              unwrap(
                api.POST('/api/fleet/vehicles/{id}/inspections', {
                  params: { path: { id } },
                  body: { inspectedOn: day(x.inspectedOn), validUntil: day(x.validUntil), station: x.station?.trim() || null },
                }),
              ),
            );
            if (!r) return false;
            message.success('已登记年检');
            setModal(null);
            void q.refetch();
            return true;
          }}
        >
          <ProFormDatePicker name="inspectedOn" label="检验日期" fieldProps={{ style: { width: '100%' } }} rules={[{ required: true }]} />
          <ProFormDatePicker name="validUntil" label="有效期至" fieldProps={{ style: { width: '100%' } }} rules={[{ required: true }]} />
          <ProFormText name="station" label="检测站" rules={[{ max: 100 }]} />
        </ModalForm>
      )}
    </PageContainer>
  );
}
