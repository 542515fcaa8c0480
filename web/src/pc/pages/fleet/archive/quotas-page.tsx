// 车辆编制: units × categories with quota and actual cars (not disposed), over-quota in red, editable by quota writers;
// a second tab with the categories' caps and their sources (editable by the same users).
import { ModalForm, PageContainer, ProFormDigit, ProFormText } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Space, Table, Tabs, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, attempt, unwrap } from '../../../../api/client';
import { downloadExport } from '../../../../api/download';
import { usePermission } from '../../../me';
import { DownloadOutlined } from '@ant-design/icons';
import type { ApiResponse } from '../../../../api/types';
import { OrgTreeSelect, RegionTreeSelect } from '../../../components/tree-selects';
import { formatCap } from './fleet-labels';
import { useFleetCategories } from './vehicle-form-modal';

type QuotaRow = ApiResponse<'/api/fleet/quotas'>['items'][number];
type Category = ApiResponse<'/api/fleet/categories'>[number];

function QuotaTable() {
  const { message } = App.useApp();
  const categories = useFleetCategories();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [unitId, setUnitId] = useState<number | null>(null);
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const [overOnly, setOverOnly] = useState(false);
  const [editing, setEditing] = useState<{ row: QuotaRow; code: string } | null>(null);
  const [exporting, setExporting] = useState(false);
  const can = usePermission();
  const q = useQuery({
    queryKey: ['fleet-quotas', page, pageSize, unitId, regionCode, overOnly],
    queryFn: () =>
      unwrap(
        api.GET('/api/fleet/quotas', {
          params: { query: { page, pageSize, ...(unitId ? { unitId } : {}), ...(regionCode ? { regionCode } : {}), ...(overOnly ? { overOnly } : {}) } },
        }),
      ),
  });

  const columns: ColumnsType<QuotaRow> = [
    { title: '单位', dataIndex: 'unitName', fixed: 'left', width: 260 },
    ...(categories.data ?? []).map((c) => ({
      title: (
        <Tooltip title="编制 / 实有">
          {c.name}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            编制 / 实有
          </Typography.Text>
        </Tooltip>
      ),
      key: c.code,
      align: 'center' as const,
      render: (_: unknown, r: QuotaRow) => {
        const cell = r.cells.find((x) => x.categoryCode === c.code);
        if (!cell) return '-';
        const text = (
          <span style={cell.over ? { color: '#cf1322', fontWeight: 600 } : undefined}>
            {cell.quota ?? '—'} / {cell.actual}
          </span>
        );
        return (
          <Space size={4}>
            <Tooltip title={cell.basis ? `依据：${cell.basis}` : '未核定编制'}>{text}</Tooltip>
            {r._actions.includes('update') && (
              <Button type="link" size="small" onClick={() => setEditing({ row: r, code: c.code })}>
                核定
              </Button>
            )}
          </Space>
        );
      },
    })),
  ];

  const editCell = editing?.row.cells.find((x) => x.categoryCode === editing.code);
  const editCat = categories.data?.find((c) => c.code === editing?.code);

  return (
    <Card>
      <Space wrap style={{ marginBottom: 16 }}>
        <OrgTreeSelect selectableKind="unit" placeholder="单位（含下级）" style={{ width: 260 }} value={unitId} onChange={(v) => { setUnitId(v); setPage(1); }} />
        <RegionTreeSelect placeholder="地区" style={{ width: 200 }} value={regionCode} onChange={(v) => { setRegionCode(v); setPage(1); }} />
        <Checkbox checked={overOnly} onChange={(e) => { setOverOnly(e.target.checked); setPage(1); }}>
          只看超编单位
        </Checkbox>
        {can('fleet:vehicle:export') && (
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={() => {
              setExporting(true);
              void downloadExport('/api/fleet/quotas/export', { ...(unitId ? { unitId } : {}), ...(regionCode ? { regionCode } : {}), ...(overOnly ? { overOnly } : {}) }, '车辆编制').finally(() => setExporting(false));
            }}
          >
            导出Excel
          </Button>
        )}
      </Space>
      <Table<QuotaRow>
        rowKey="unitId"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        columns={columns}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize,
          total: q.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 个单位`,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
      />
      {editing && (
        <ModalForm<{ quota: number; basis: string }>
          title={`核定编制：${editing.row.unitName} · ${editCat?.name ?? editing.code}`}
          open
          width={480}
          initialValues={{ quota: editCell?.quota ?? undefined, basis: editCell?.basis ?? undefined }}
          modalProps={{ onCancel: () => setEditing(null), destroyOnClose: true }}
          onFinish={async (v) => {
            const r = await attempt(() =>
              unwrap(
                api.PUT('/api/fleet/quotas/{unitId}/{code}', {
                  params: { path: { unitId: editing.row.unitId, code: editing.code } },
                  body: { quota: v.quota, basis: v.basis.trim() },
                }),
              ),
            );
            if (!r) return false;
            message.success('已核定编制');
            setEditing(null);
            void q.refetch();
            return true;
          }}
        >
          <Typography.Paragraph type="secondary">现有 {editCell?.actual ?? 0} 辆（不含已处置）。超编时自动生成预警，核定后重新复核。</Typography.Paragraph>
          <ProFormDigit name="quota" label="编制数（辆）" min={0} max={10000} fieldProps={{ precision: 0 }} rules={[{ required: true, message: '请输入编制数' }]} />
          <ProFormText name="basis" label="核定依据" placeholder="文件名称、文号" rules={[{ required: true, whitespace: true, message: '请输入核定依据' }, { min: 2, max: 200 }]} />
        </ModalForm>
      )}
    </Card>
  );
}

function CategoryCaps() {
  const { message } = App.useApp();
  const categories = useFleetCategories();
  const [editing, setEditing] = useState<Category | null>(null);
  return (
    <Card>
      <Table<Category>
        rowKey="code"
        size="small"
        pagination={false}
        loading={categories.isFetching}
        dataSource={categories.data ?? []}
        columns={[
          { title: '车辆类别', dataIndex: 'name', width: 160 },
          { title: '价格上限（燃油）', dataIndex: 'maxPrice', width: 140, render: (x: number | null) => formatCap(x) },
          { title: '价格上限（新能源）', dataIndex: 'maxPriceNe', width: 150, render: (x: number | null) => formatCap(x) },
          { title: '排量上限', dataIndex: 'maxDisplacementL', width: 110, render: (x: number | null) => (x === null ? '不设上限' : `${x} 升`) },
          { title: '依据', dataIndex: 'source' },
          {
            title: '操作',
            key: 'op',
            width: 80,
            render: (_: unknown, c: Category) =>
              c._actions.includes('update') && (
                <Button type="link" size="small" onClick={() => setEditing(c)}>
                  修改
                </Button>
              ),
          },
        ]}
      />
      {editing && (
        <ModalForm<{ maxPrice?: number | null; maxPriceNe?: number | null; maxDisplacementL?: number | null; source: string }>
          title={`修改配备标准：${editing.name}`}
          open
          width={560}
          initialValues={{ maxPrice: editing.maxPrice, maxPriceNe: editing.maxPriceNe, maxDisplacementL: editing.maxDisplacementL, source: editing.source }}
          modalProps={{ onCancel: () => setEditing(null), destroyOnClose: true }}
          onFinish={async (v) => {
            const r = await attempt(() =>
              unwrap(
                api.PUT('/api/fleet/categories/{code}', {
                  params: { path: { code: editing.code } },
                  body: { maxPrice: v.maxPrice ?? null, maxPriceNe: v.maxPriceNe ?? null, maxDisplacementL: v.maxDisplacementL ?? null, source: v.source.trim() },
                }),
              ),
            );
            if (!r) return false;
            message.success('已修改配备标准');
            setEditing(null);
            void categories.refetch();
            return true;
          }}
        >
          <Typography.Paragraph type="secondary">留空表示不设上限。修改只影响今后的登记与变更，已登记车辆不受影响。</Typography.Paragraph>
          <ProFormDigit name="maxPrice" label="价格上限（燃油，元）" min={1} fieldProps={{ precision: 2 }} />
          <ProFormDigit name="maxPriceNe" label="价格上限（新能源，元）" min={1} fieldProps={{ precision: 2 }} />
          <ProFormDigit name="maxDisplacementL" label="排量上限（升）" min={0.1} max={99} fieldProps={{ precision: 2 }} />
          <ProFormText name="source" label="依据" rules={[{ required: true, whitespace: true, message: '请注明依据' }, { min: 2, max: 500 }]} />
        </ModalForm>
      )}
    </Card>
  );
}

export function QuotasPage() {
  return (
    <PageContainer title="车辆编制" content="各单位按类别核定的车辆编制与实有车辆（不含已处置），超编以红色标出；车型配备标准及其依据。">
      <Tabs
        items={[
          { key: 'quotas', label: '编制与实有', children: <QuotaTable /> },
          { key: 'caps', label: '配备标准', children: <CategoryCaps /> },
        ]}
      />
    </PageContainer>
  );
}
