// 车辆费用交易: the cost ledger of the fleet — from designated providers' systems (接口报送), Excel statements and
// manual entry. Transactions never change: a correction is a new entry. Filters, export in ledger column order,
// manual entry and the Excel import (through the import centre, all or nothing, with an error workbook).
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDateTimePicker, ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea, type ActionType } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Result, Space, Table, Tag, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import { downloadExport } from '../../../../api/download';
import type { ExportPath } from '../../../../api/types';
import { uploadFile, uploadProblem } from '../../../../api/upload';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { formatDateTime } from '../../../format';
import { usePermission } from '../../../me';

type Category = 'fuel' | 'repair' | 'insurance' | 'toll' | 'parking' | 'other';
const CATEGORIES: { value: Category; label: string }[] = [
  { value: 'fuel', label: '燃料费' },
  { value: 'repair', label: '维修保养费' },
  { value: 'insurance', label: '保险费' },
  { value: 'toll', label: '通行费' },
  { value: 'parking', label: '停车费' },
  { value: 'other', label: '其他' },
];
const SOURCES = [
  { value: 'api', label: '接口报送' },
  { value: 'excel', label: 'Excel导入' },
  { value: 'manual', label: '手工录入' },
];
const PLATE = /^鲁[A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$/;
const IMPORTS = '/api/fleet/imports';
const KIND = 'fleet.transactions';
const money = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

interface ManualValues {
  plate: string;
  category: Category;
  amount: number;
  occurredAt: Dayjs;
  providerId?: number;
  quantity?: number;
  odometerKm?: number;
  place?: string;
  note?: string;
}

function ManualEntry({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const providers = useQuery({
    queryKey: ['fleet-providers-all'],
    enabled: open,
    queryFn: () => unwrap(api.GET('/api/fleet/providers', { params: { query: { pageSize: 200 } } })),
  });
  return (
    <ModalForm<ManualValues>
      title="手工录入费用"
      open={open}
      onOpenChange={(o) => !o && onClose()}
      width={560}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const plate = v.plate.trim().toUpperCase();
        const found = await attempt(() => unwrap(api.GET('/api/fleet/vehicles', { params: { query: { plate, pageSize: 5 } } })));
        if (!found) return false;
        const vehicle = found.items.find((x) => x.plate === plate);
        if (!vehicle) {
          message.error(`未找到车辆 ${plate}，或不在您的数据范围内`);
          return false;
        }
        const r = await attempt(() =>
          unwrap(
            api.POST('/api/fleet/transactions', {
              body: {
                vehicleId: vehicle.id,
                category: v.category,
                amount: v.amount,
                occurredAt: v.occurredAt.toISOString(),
                providerId: v.providerId ?? null,
                quantity: v.quantity ?? null,
                odometerKm: v.odometerKm ?? null,
                place: v.place?.trim() || null,
                note: v.note?.trim() || null,
              },
            }),
          ),
        );
        if (!r) return false;
        message.success(r.designated ? '已录入（定点）' : '已录入（非定点，已生成预警）');
        onSaved();
        return true;
      }}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message="费用入库后不能修改或删除；录错时请另录一笔冲正记录并在备注中说明。" />
      <ProFormText
        name="plate"
        label="车牌号"
        placeholder="如 鲁A12345"
        rules={[{ required: true, message: '请填写车牌号' }, { validator: async (_, v?: string) => { if (v && !PLATE.test(v.trim().toUpperCase())) throw new Error('车牌号格式不正确'); } }]}
      />
      <ProFormSelect name="category" label="费用类别" options={CATEGORIES} rules={[{ required: true, message: '请选择类别' }]} />
      <ProFormDigit name="amount" label="金额（元）" min={0.01} max={9999999.99} fieldProps={{ precision: 2 }} rules={[{ required: true, message: '请填写金额' }]} />
      <ProFormDateTimePicker name="occurredAt" label="发生时间" fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' } }} rules={[{ required: true, message: '请选择时间' }]} />
      <ProFormSelect
        name="providerId"
        label="服务商"
        tooltip="在定点服务商且在合同期内发生的费用计为定点"
        showSearch
        allowClear
        options={(providers.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.kindName}${p.active ? '' : '，当前无效'}）` }))}
      />
      <ProFormDigit name="quantity" label="数量（升/千瓦时）" min={0.01} fieldProps={{ precision: 2 }} />
      <ProFormDigit name="odometerKm" label="里程表读数（公里）" min={0} fieldProps={{ precision: 1 }} />
      <ProFormText name="place" label="地点" rules={[{ max: 200 }]} />
      <ProFormTextArea name="note" label="备注" rules={[{ max: 200 }]} />
    </ModalForm>
  );
}

function ExcelImport({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const [batchId, setBatchId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const batch = useQuery({
    queryKey: ['fleet-import', batchId],
    enabled: !!batchId,
    queryFn: () => unwrap(api.GET('/api/fleet/imports/{id}', { params: { path: { id: batchId! } } })),
    refetchInterval: (q) => (q.state.data && ['succeeded', 'failed'].includes(q.state.data.status) ? false : 800),
  });
  const b = batch.data;
  const close = () => {
    if (b?.status === 'succeeded') onDone();
    setBatchId(undefined);
    onClose();
  };
  const download = (path: string, name: string) => void downloadExport(path as ExportPath, {}, name);
  return (
    <Modal open={open} title="Excel 导入费用交易" onCancel={close} footer={<Button onClick={close}>关闭</Button>} width={640} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">
          按模板填写：交易流水号与服务商编码一起唯一标识一笔交易，已入库的不会重复导入；任一行有误则整批不入库，可下载标红的错误清单修改后重传。
        </Typography.Paragraph>
        <Button icon={<DownloadOutlined />} onClick={() => download(`${IMPORTS}/templates/${KIND}`, '费用交易导入模板')}>
          下载模板
        </Button>
        {!batchId && (
          <Upload.Dragger
            accept=".xlsx"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(f) => {
              const problem = uploadProblem(f);
              if (problem) {
                Modal.error({ title: problem });
                return false;
              }
              setBusy(true);
              void attempt(async () => {
                const file = await uploadFile(f);
                const started = await unwrap(api.POST('/api/fleet/imports', { body: { kind: KIND, fileId: file.id } }));
                setBatchId(String(started.id));
              }).finally(() => setBusy(false));
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>点击或拖入填好的模板（.xlsx）</p>
          </Upload.Dragger>
        )}
        {b && !['succeeded', 'failed'].includes(b.status) && <Alert type="info" message={`正在校验和导入……已处理 ${b.processedRows ?? 0} / ${b.totalRows ?? '?'} 行`} />}
        {b?.status === 'succeeded' && <Result status="success" title="导入成功" subTitle={b.message ?? ''} />}
        {b?.status === 'failed' && (
          <>
            <Alert
              type="error"
              showIcon
              message={`校验未通过，共 ${b.errorCount} 处错误，未导入任何数据`}
              description={b.message}
              action={b.hasErrorFile ? <Button onClick={() => download(`${IMPORTS}/${b.id}/errors`, '错误清单')}>下载错误清单</Button> : undefined}
            />
            <Table
              size="small"
              pagination={false}
              rowKey={(e) => `${e.rowNo}-${e.column}-${e.message}`}
              dataSource={b.errors}
              columns={[
                { title: '行', dataIndex: 'rowNo', width: 60 },
                { title: '列', dataIndex: 'column', width: 120 },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
            <Button onClick={() => setBatchId(undefined)}>重新上传</Button>
          </>
        )}
      </Space>
    </Modal>
  );
}

export function TransactionsPage() {
  const can = usePermission();
  const [search] = useSearchParams();
  const vehicleId = Number(search.get('vehicleId')) || undefined;
  const actionRef = useRef<ActionType>(undefined);
  const [manual, setManual] = useState(false);
  const [importing, setImporting] = useState(false);

  const columns: TableColumns<'/api/fleet/transactions'> = [
    { title: '交易时间', dataIndex: 'occurredAt', sorter: true, hideInSearch: true, render: (_, r) => formatDateTime(r.occurredAt) },
    {
      title: '期间',
      dataIndex: 'range',
      valueType: 'dateRange',
      hideInTable: true,
      search: {
        transform: (value: unknown) => {
          const [from, to] = Array.isArray(value) ? (value as string[]) : [];
          return { from: from ? String(from).slice(0, 10) : undefined, to: to ? String(to).slice(0, 10) : undefined };
        },
      },
    },
    { title: '车牌号', dataIndex: 'plate', sorter: true, render: (_, r) => <Link to={`/fleet/vehicles/${r.vehicleId}`}>{r.plate}</Link> },
    { title: '使用单位', dataIndex: 'unitId', ellipsis: true, render: (_, r) => r.unitName, renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="单位（含下级）" /> },
    { title: '费用类别', dataIndex: 'category', valueType: 'select', fieldProps: { options: CATEGORIES }, render: (_, r) => r.categoryName },
    { title: '金额（元）', dataIndex: 'amount', sorter: true, hideInSearch: true, align: 'right', render: (_, r) => money(r.amount) },
    { title: '数量', dataIndex: 'quantity', hideInSearch: true, align: 'right', render: (_, r) => r.quantity ?? '-' },
    { title: '里程', dataIndex: 'odometerKm', hideInSearch: true, align: 'right', render: (_, r) => r.odometerKm ?? '-' },
    { title: '服务商', dataIndex: 'providerName', hideInSearch: true, ellipsis: true, render: (_, r) => r.providerName ?? '-' },
    {
      title: '定点',
      dataIndex: 'designated',
      valueType: 'select',
      tooltip: '在定点服务商且在定点合同期内发生',
      fieldProps: { options: [{ value: true, label: '定点' }, { value: false, label: '非定点' }] },
      render: (_, r) => (r.designated ? <Tag color="green">定点</Tag> : <Tag color="orange">非定点</Tag>),
    },
    { title: '地点', dataIndex: 'place', hideInSearch: true, ellipsis: true },
    { title: '来源', dataIndex: 'source', valueType: 'select', fieldProps: { options: SOURCES }, render: (_, r) => r.sourceName },
    { title: '交易流水号', dataIndex: 'partnerTxId', hideInSearch: true, ellipsis: true, copyable: true },
    { title: '备注', dataIndex: 'note', hideInSearch: true, ellipsis: true },
  ];

  return (
    <PageContainer
      title="车辆费用交易"
      content="定点服务商接口报送、Excel 导入与手工录入的车辆费用；交易入库后不可修改，更正请另录冲正记录。"
      extra={
        can('fleet:provider:write')
          ? [
              <Button key="import" onClick={() => setImporting(true)}>
                Excel导入
              </Button>,
            ]
          : []
      }
    >
      <ServerTable
        path="/api/fleet/transactions"
        columns={columns}
        actionRef={actionRef}
        params={vehicleId ? { vehicleId } : undefined}
        exportPermission="fleet:provider:read"
        exportName="车辆费用台账"
        create={{ permission: 'fleet:provider:write', label: '手工录入', onClick: () => setManual(true) }}
      />
      <ManualEntry open={manual} onClose={() => setManual(false)} onSaved={() => void actionRef.current?.reload()} />
      <ExcelImport open={importing} onClose={() => setImporting(false)} onDone={() => void actionRef.current?.reload()} />
    </PageContainer>
  );
}
