// 定点服务商（三定点）: designated fuel stations, repair shops and insurers with their contracts; and the partner
// credentials (接入凭证) with which their systems report transactions. A new key is shown once, never again.
import {
  ModalForm,
  PageContainer,
  ProFormDateRangePicker,
  ProFormDigit,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  type ActionType,
} from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { formatDateTime } from '../../../format';
import { usePermission } from '../../../me';

type Provider = ApiResponse<'/api/fleet/providers'>['items'][number];
type Credential = ApiResponse<'/api/partners'>['items'][number];

const KINDS = [
  { value: 'fuel', label: '定点加油' },
  { value: 'repair', label: '定点维修' },
  { value: 'insurance', label: '定点保险' },
];
const CODE = /^[A-Z0-9][A-Z0-9-]{2,31}$/;

type ProviderKind = 'fuel' | 'repair' | 'insurance';

interface ProviderValues {
  kind: ProviderKind;
  code: string;
  name: string;
  creditCode?: string;
  regionCode: string;
  address?: string;
  lng?: number;
  lat?: number;
  contractNo?: string;
  contract?: [Dayjs, Dayjs];
  designated: boolean;
}

function ProviderForm({ editing, open, onClose, onSaved }: { editing?: Provider; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  return (
    <ModalForm<ProviderValues>
      title={editing ? `修改服务商：${editing.name}` : '新增定点服务商'}
      open={open}
      onOpenChange={(o) => !o && onClose()}
      width={600}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        editing
          ? {
              ...editing,
              kind: editing.kind as ProviderKind,
              creditCode: editing.creditCode ?? undefined,
              address: editing.address ?? undefined,
              lng: editing.lng ?? undefined,
              lat: editing.lat ?? undefined,
              contractNo: editing.contractNo ?? undefined,
              contract: editing.contractFrom && editing.contractTo ? [dayjs(editing.contractFrom), dayjs(editing.contractTo)] : undefined,
            }
          : { kind: 'fuel', designated: true }
      }
      onFinish={async (v) => {
        const body = {
          kind: v.kind,
          code: v.code.trim().toUpperCase(),
          name: v.name.trim(),
          creditCode: v.creditCode?.trim() || null,
          regionCode: v.regionCode.trim(),
          address: v.address?.trim() || null,
          lng: v.lng ?? null,
          lat: v.lat ?? null,
          contractNo: v.contractNo?.trim() || null,
          contractFrom: v.contract ? v.contract[0].format('YYYY-MM-DD') : null,
          contractTo: v.contract ? v.contract[1].format('YYYY-MM-DD') : null,
          designated: v.designated,
        };
        const r = await attempt(() =>
          unwrap(
            editing
              ? api.PUT('/api/fleet/providers/{id}', { params: { path: { id: editing.id } }, body })
              : api.POST('/api/fleet/providers', { body }),
          ),
        );
        if (!r) return false;
        message.success('已保存');
        onSaved();
        return true;
      }}
    >
      <ProFormSelect name="kind" label="类别" options={KINDS} rules={[{ required: true }]} />
      <ProFormText
        name="code"
        label="服务商编码"
        tooltip="与服务商接入凭证的接入编码一致；保存后不能修改"
        disabled={!!editing}
        rules={[{ required: true, message: '请填写编码' }, { validator: async (_, v?: string) => { if (v && !CODE.test(v.trim().toUpperCase())) throw new Error('大写字母、数字、连字符，3–32 位'); } }]}
      />
      <ProFormText name="name" label="名称" rules={[{ required: true, message: '请填写名称' }, { min: 2, max: 100 }]} />
      <ProFormText name="creditCode" label="统一社会信用代码" rules={[{ pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/, message: '须为 18 位统一社会信用代码' }]} />
      <ProFormText name="regionCode" label="所在地区（行政区划代码）" placeholder="如 3701、370102" rules={[{ required: true, message: '请填写行政区划代码' }, { pattern: /^\d{2,9}$/, message: '须为行政区划代码' }]} />
      <ProFormText name="address" label="地址" rules={[{ max: 200 }]} />
      <Space>
        <ProFormDigit name="lng" label="经度" min={73} max={136} fieldProps={{ precision: 6 }} />
        <ProFormDigit name="lat" label="纬度" min={3} max={54} fieldProps={{ precision: 6 }} />
      </Space>
      <ProFormText name="contractNo" label="定点合同编号" rules={[{ min: 2, max: 60 }]} />
      <ProFormDateRangePicker name="contract" label="定点合同期限" tooltip="合同期外发生的交易不计为定点交易" />
      <ProFormSwitch name="designated" label="定点" tooltip="取消定点后，新发生的交易计为非定点并生成预警" />
    </ModalForm>
  );
}

function KeyNotice({ code, secret, onClose }: { code: string; secret: string | null; onClose: () => void }) {
  return (
    <Modal open={!!secret} title="接入密钥（仅显示一次）" onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }} okText="我已妥善保存">
      <Alert type="warning" showIcon message="关闭后将无法再次查看，请立即复制并通过安全渠道交给服务商。" style={{ marginBottom: 12 }} />
      <p>接入编码：<Typography.Text code>{code}</Typography.Text></p>
      <p>
        接入密钥：<Typography.Text code copyable>{secret}</Typography.Text>
      </p>
      <Typography.Paragraph type="secondary">
        调用方式：POST /api/fleet/partner/transactions，请求头 x-partner-code 与 x-partner-key；单批最多 1000 条，按交易流水号幂等。
      </Typography.Paragraph>
    </Modal>
  );
}

function Credentials() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['partners'], queryFn: () => unwrap(api.GET('/api/partners')) });
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ code: string; key: string } | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['partners'] });
  const act = async (c: Credential, action: 'disable' | 'enable' | 'rotate') => {
    const r = await attempt(() => unwrap(api.POST(`/api/partners/{id}/${action}` as '/api/partners/{id}/disable', { params: { path: { id: c.id } } })));
    if (!r) return;
    if (action === 'rotate') setShown({ code: c.code, key: (r as unknown as { key: string }).key });
    else message.success(action === 'disable' ? '已停用' : '已启用');
    refresh();
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setCreating(true)}>
          新建接入凭证
        </Button>
        <Typography.Text type="secondary">服务商系统凭接入编码和密钥报送交易；只保存密钥的 SM3 摘要。</Typography.Text>
      </Space>
      <Table<Credential>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: '接入编码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          { title: '可调用接口', dataIndex: 'scopeNames', render: (v: string[]) => v.join('；') },
          { title: '状态', dataIndex: 'enabled', render: (v: boolean) => (v ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          { title: '最近调用', dataIndex: 'lastUsedAt', render: (v: string | null) => formatDateTime(v) },
          { title: '创建', dataIndex: 'createdAt', render: (v: string, r) => `${formatDateTime(v)} ${r.createdByName ?? ''}` },
          {
            title: '操作',
            render: (_, r) => (
              <Space>
                {r._actions.includes('disable') && <a onClick={() => void act(r, 'disable')}>停用</a>}
                {r._actions.includes('enable') && <a onClick={() => void act(r, 'enable')}>启用</a>}
                {r._actions.includes('rotate') && (
                  <a onClick={() => Modal.confirm({ title: `重置 ${r.code} 的密钥？`, content: '旧密钥立即失效，服务商须改用新密钥。', onOk: () => act(r, 'rotate') })}>重置密钥</a>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ModalForm<{ code: string; name: string }>
        title="新建接入凭证"
        open={creating}
        onOpenChange={setCreating}
        width={480}
        modalProps={{ destroyOnHidden: true }}
        onFinish={async (v) => {
          const r = await attempt(() =>
            unwrap(api.POST('/api/partners', { body: { code: v.code.trim().toUpperCase(), name: v.name.trim(), scopes: ['fleet:transactions'] } })),
          );
          if (!r) return false;
          setShown({ code: r.credential.code, key: r.key });
          refresh();
          return true;
        }}
      >
        <ProFormText
          name="code"
          label="接入编码"
          tooltip="与定点服务商编码一致，交易据此关联服务商"
          rules={[{ required: true, message: '请填写接入编码' }, { validator: async (_, v?: string) => { if (v && !CODE.test(v.trim().toUpperCase())) throw new Error('大写字母、数字、连字符，3–32 位'); } }]}
        />
        <ProFormText name="name" label="名称" rules={[{ required: true, message: '请填写名称' }, { min: 2, max: 100 }]} />
      </ModalForm>
      <KeyNotice code={shown?.code ?? ''} secret={shown?.key ?? null} onClose={() => setShown(null)} />
    </>
  );
}

export function ProvidersPage() {
  const can = usePermission();
  const actionRef = useRef<ActionType>(undefined);
  const [editing, setEditing] = useState<Provider | undefined>();
  const [open, setOpen] = useState(false);

  const columns: TableColumns<'/api/fleet/providers'> = [
    { title: '编码', dataIndex: 'code', sorter: true, hideInSearch: true },
    { title: '编码或名称', dataIndex: 'q', hideInTable: true },
    { title: '名称', dataIndex: 'name', sorter: true, hideInSearch: true, ellipsis: true },
    { title: '类别', dataIndex: 'kind', valueType: 'select', fieldProps: { options: KINDS }, render: (_, r) => r.kindName },
    { title: '所在地区', dataIndex: 'regionName', hideInSearch: true },
    { title: '合同编号', dataIndex: 'contractNo', hideInSearch: true },
    {
      title: '合同期限',
      dataIndex: 'contractTo',
      sorter: true,
      hideInSearch: true,
      render: (_, r) => (r.contractFrom ? `${r.contractFrom} 至 ${r.contractTo}` : '-'),
    },
    {
      title: '定点',
      dataIndex: 'designated',
      valueType: 'select',
      fieldProps: { options: [{ value: true, label: '是' }, { value: false, label: '否' }] },
      render: (_, r) => (r.designated ? '是' : '否'),
    },
    {
      title: '当前有效',
      dataIndex: 'active',
      valueType: 'select',
      tooltip: '定点且今日在合同期内',
      fieldProps: { options: [{ value: true, label: '有效' }, { value: false, label: '无效' }] },
      render: (_, r) => (r.active ? <Tag color="green">有效</Tag> : <Tag>无效</Tag>),
    },
    { title: '接入凭证', dataIndex: 'hasCredential', hideInSearch: true, render: (_, r) => (r.hasCredential ? '已开通' : '-') },
    {
      title: '操作',
      valueType: 'option',
      render: (_, r) =>
        r._actions.includes('edit') ? (
          <a
            onClick={() => {
              setEditing(r);
              setOpen(true);
            }}
          >
            修改
          </a>
        ) : null,
    },
  ];

  const providers = (
    <ServerTable
      path="/api/fleet/providers"
      columns={columns}
      actionRef={actionRef}
      exportPermission="fleet:provider:read"
      exportName="定点服务商"
      create={{
        permission: 'fleet:provider:write',
        label: '新增服务商',
        onClick: () => {
          setEditing(undefined);
          setOpen(true);
        },
      }}
    />
  );

  return (
    <PageContainer title="定点服务商" content="定点加油、定点维修、定点保险（三定点）服务商及其定点合同；合同期外或非定点处发生的费用计为非定点并生成预警。">
      {can('fleet:provider:write') ? (
        <Tabs items={[{ key: 'providers', label: '服务商', children: providers }, { key: 'credentials', label: '接入凭证', children: <Credentials /> }]} />
      ) : (
        providers
      )}
      <ProviderForm editing={editing} open={open} onClose={() => setOpen(false)} onSaved={() => void actionRef.current?.reload()} />
    </PageContainer>
  );
}
