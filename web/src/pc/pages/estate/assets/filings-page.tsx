// 领导干部办公用房备案: per year, every unit in scope with its filing state (未备案 / 草稿 / 已报送); a unit's filing
// opens in a drawer with the leaders' offices, 报送 (freezes the list) and the yearly public posting.
import { PageContainer, type ActionType, ModalForm, ProFormDateRangePicker, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, InputNumber, Popconfirm, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../../api/client';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect, RegionTreeSelect } from '../../../components/tree-selects';
import { formatDateTime } from '../../../format';

const statusEnum = {
  none: { text: '未备案', status: 'Error' },
  unsubmitted: { text: '未报送（含草稿）', status: 'Warning' },
  draft: { text: '草稿（未报送）', status: 'Warning' },
  submitted: { text: '已报送', status: 'Success' },
} as const;

function FilingDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const [posting, setPosting] = useState(false);
  const q = useQuery({ queryKey: ['estate-filing', id], queryFn: () => unwrap(api.GET('/api/estate/filings/{id}', { params: { path: { id } } })) });
  const f = q.data;
  const run = async (path: 'refresh' | 'submit', text: string) => {
    const r = await attempt(() => unwrap(api.POST(`/api/estate/filings/{id}/${path}`, { params: { path: { id } } })));
    if (r) {
      message.success(text);
      void q.refetch();
      onChanged();
    }
  };
  return (
    <Drawer open width={880} title={f ? `${f.unitName} ${f.year} 年度领导干部办公用房备案` : '备案'} onClose={onClose} loading={q.isPending}
      extra={
        f && (
          <Space>
            {f._actions.includes('refresh') && <Button onClick={() => void run('refresh', '已按当前用房重新生成')}>重新生成</Button>}
            {f._actions.includes('posting') && <Button onClick={() => setPosting(true)}>登记年度公示</Button>}
            {f._actions.includes('submit') && (
              <Popconfirm title="报送后清单冻结，不能再修改。确定报送？" onConfirm={() => run('submit', '已报送')}>
                <Button type="primary">报送</Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      {f && (
        <>
          <Alert
            type={f.live ? 'info' : 'success'}
            showIcon
            style={{ marginBottom: 16 }}
            message={f.live ? '草稿：清单按当前办公用房实时生成（县处级副职及以上领导干部）。' : `已于 ${formatDateTime(f.submittedAt)} 由 ${f.submittedByName ?? '-'} 报送，清单已冻结。`}
          />
          <Table
            rowKey="personId"
            size="small"
            pagination={false}
            dataSource={f.items}
            locale={{ emptyText: '本单位没有在用办公室的领导干部' }}
            columns={[
              { title: '姓名', dataIndex: 'personName' },
              { title: '职级', dataIndex: 'rankName', render: (v: string | null) => v ?? '-' },
              { title: '办公室', dataIndex: 'rooms' },
              { title: '使用面积（㎡）', dataIndex: 'area', align: 'right' },
              { title: '标准（㎡）', dataIndex: 'cap', align: 'right', render: (v: number | null) => v ?? '-' },
              { title: '休息室', dataIndex: 'restRoom', render: (v: boolean) => (v ? '有' : '无') },
              { title: '是否超标', dataIndex: 'overStandard', render: (v: boolean) => (v ? <Tag color="error">超标</Tag> : <Tag color="success">未超标</Tag>) },
            ]}
          />
          <Descriptions title="年度公示" style={{ marginTop: 24 }} column={2}>
            <Descriptions.Item label="公示时间">{f.postedFrom ? `${f.postedFrom} 至 ${f.postedTo ?? ''}` : '未登记'}</Descriptions.Item>
            <Descriptions.Item label="公示地点">{f.postingPlace ?? '-'}</Descriptions.Item>
            <Descriptions.Item label="公示结果" span={2}>
              {f.postingResult ?? '-'}
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
      {posting && f && (
        <ModalForm
          title="登记年度公示"
          open
          width={520}
          initialValues={{ place: f.postingPlace ?? undefined, result: f.postingResult ?? undefined }}
          modalProps={{ onCancel: () => setPosting(false), destroyOnClose: true }}
          onFinish={async (v: { range: [Dayjs, Dayjs]; place: string; result?: string }) => {
            const r = await attempt(() =>
              unwrap(
                api.POST('/api/estate/filings/{id}/posting', {
                  params: { path: { id } },
                  body: { postedFrom: v.range[0].format('YYYY-MM-DD'), postedTo: v.range[1].format('YYYY-MM-DD'), place: v.place.trim(), result: v.result?.trim() || null },
                }),
              ),
            );
            if (r) {
              setPosting(false);
              message.success('已登记年度公示');
              void q.refetch();
              onChanged();
            }
            return !!r;
          }}
        >
          <ProFormDateRangePicker name="range" label="公示起止日期" rules={[{ required: true, message: '请选择公示日期' }]} />
          <ProFormText name="place" label="公示地点" placeholder="如：机关大院公示栏、内网" rules={[{ required: true, whitespace: true, message: '请填写公示地点' }, { min: 2, max: 200 }]} />
          <ProFormTextArea name="result" label="公示结果" placeholder="如：公示期内无异议" rules={[{ max: 500 }]} />
        </ModalForm>
      )}
    </Drawer>
  );
}

export function FilingsPage() {
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [year, setYear] = useState(new Date().getFullYear());
  const [open, setOpen] = useState<number | null>(null);

  const create = async (unitId: number) => {
    const r = await attempt(() => unwrap(api.POST('/api/estate/filings', { body: { unitId, year } })));
    if (r) {
      message.success('已建立备案草稿');
      void actionRef.current?.reload();
      setOpen(r.id);
    }
  };

  const columns: TableColumns<'/api/estate/filings'> = [
    { title: '单位', dataIndex: 'unitId', sorter: true, render: (_, r) => r.unitName, renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="请选择单位（含下级）" /> },
    { title: '地区', dataIndex: 'regionCode', hideInTable: true, renderFormItem: () => <RegionTreeSelect /> },
    { title: '地区', dataIndex: 'regionName', hideInSearch: true },
    { title: '领导干部人数', dataIndex: 'leaderCount', hideInSearch: true, sorter: true, align: 'right' },
    { title: '只看有领导干部的单位', dataIndex: 'withLeaders', hideInTable: true, valueType: 'switch' },
    { title: '备案状态', dataIndex: 'status', valueType: 'select', valueEnum: statusEnum },
    { title: '报送时间', dataIndex: 'submittedAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    { title: '公示时间', key: 'posted', hideInSearch: true, render: (_, r) => (r.postedFrom ? `${r.postedFrom} 至 ${r.postedTo ?? ''}` : '-') },
    { title: '公示地点', dataIndex: 'postingPlace', hideInSearch: true },
    {
      title: '操作',
      valueType: 'option',
      fixed: 'right',
      render: (_, r) => (
        <Space size={12}>
          {r._actions.includes('create') && <a onClick={() => void create(r.unitId)}>建立备案</a>}
          {r.filingId !== null && <a onClick={() => setOpen(r.filingId)}>{r.status === 'draft' ? '填报' : '查看'}</a>}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title="领导干部办公用房备案"
      content="各单位每年报送县处级副职及以上领导干部的办公用房使用情况，并在单位内部公示。选择“未备案”查看尚未建立备案的单位。"
      extra={[
        <Space key="year">
          备案年度
          <InputNumber min={2014} max={new Date().getFullYear()} value={year} onChange={(v) => v && setYear(v)} aria-label="备案年度" />
        </Space>,
      ]}
    >
      <ServerTable path="/api/estate/filings" columns={columns} params={{ year }} actionRef={actionRef} exportPermission="estate:filing:read" exportName="领导干部办公用房备案" />
      {open !== null && <FilingDrawer id={open} onClose={() => setOpen(null)} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}
