// 社会租车: rental orders registered when the unit's own cars do not suffice (company, order no., plate, times, km,
// cost, the request it served); the list exports with its filters.
import { ModalForm, PageContainer, ProFormDateTimeRangePicker, ProFormDigit, ProFormText } from '@ant-design/pro-components';
import type { ActionType } from '@ant-design/pro-components';
import { App } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { formatDateTime } from '../../../format';

interface Values {
  company: string;
  orderNo: string;
  plate: string;
  window: [Dayjs, Dayjs];
  km: number;
  cost: number;
  requestId?: number;
}

const PLATE = /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}$/;

export function RentalsPage() {
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>(undefined);
  const [open, setOpen] = useState(false);

  const columns: TableColumns<'/api/fleet/rentals'> = [
    { title: '租车公司', dataIndex: 'company', ellipsis: true },
    { title: '订单号', dataIndex: 'orderNo', hideInSearch: true },
    { title: '车牌', dataIndex: 'plate', hideInSearch: true },
    { title: '取车时间', dataIndex: 'startedAt', sorter: true, hideInSearch: true, render: (_, r) => formatDateTime(r.startedAt) },
    { title: '还车时间', dataIndex: 'endedAt', hideInSearch: true, render: (_, r) => formatDateTime(r.endedAt) },
    { title: '里程（公里）', dataIndex: 'km', sorter: true, hideInSearch: true, align: 'right' },
    { title: '费用（元）', dataIndex: 'cost', sorter: true, hideInSearch: true, align: 'right', render: (_, r) => r.cost.toLocaleString('zh-CN', { minimumFractionDigits: 2 }) },
    { title: '用车单位', dataIndex: 'unitName', hideInSearch: true, ellipsis: true },
    { title: '关联申请', dataIndex: 'requestId', hideInSearch: true, render: (_, r) => (r.requestId ? <Link to={`/fleet/requests/${r.requestId}`}>#{r.requestId}</Link> : '-') },
    { title: '登记人', dataIndex: 'createdByName', hideInSearch: true },
  ];

  return (
    <PageContainer title="社会租车" content="本单位车辆不足时向社会租车，登记租车订单，费用计入公务用车费用分析。">
      <ServerTable
        path="/api/fleet/rentals"
        columns={columns}
        actionRef={actionRef}
        exportPermission="fleet:request:read"
        exportName="租车订单"
        create={{ permission: 'fleet:dispatch:manage', label: '登记租车', onClick: () => setOpen(true) }}
      />
      <ModalForm<Values>
        title="登记租车订单"
        open={open}
        onOpenChange={setOpen}
        width={560}
        modalProps={{ destroyOnHidden: true }}
        onFinish={async (v) => {
          const r = await attempt(() =>
            unwrap(
              api.POST('/api/fleet/rentals', {
                body: {
                  company: v.company.trim(),
                  orderNo: v.orderNo.trim(),
                  plate: v.plate.trim().toUpperCase(),
                  startedAt: dayjs(v.window[0]).toISOString(),
                  endedAt: dayjs(v.window[1]).toISOString(),
                  km: v.km,
                  cost: v.cost,
                  ...(v.requestId ? { requestId: v.requestId } : {}),
                },
              }),
            ),
          );
          if (!r) return false;
          message.success('已登记');
          void actionRef.current?.reload();
          return true;
        }}
      >
        <ProFormText name="company" label="租车公司" rules={[{ required: true, message: '请填写租车公司' }, { min: 2, max: 100 }]} />
        <ProFormText name="orderNo" label="订单号" rules={[{ required: true, message: '请填写订单号' }, { min: 2, max: 60 }]} />
        <ProFormText
          name="plate"
          label="车牌号"
          placeholder="如 鲁A12345"
          rules={[{ required: true, message: '请填写车牌号' }, { validator: async (_, v?: string) => { if (v && !PLATE.test(v.trim().toUpperCase())) throw new Error('车牌号格式不正确'); } }]}
        />
        <ProFormDateTimeRangePicker
          name="window"
          label="取车 / 还车时间"
          fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' } }}
          rules={[{ required: true, message: '请选择时间' }]}
        />
        <ProFormDigit name="km" label="里程（公里）" min={0} fieldProps={{ precision: 1 }} rules={[{ required: true, message: '请填写里程' }]} />
        <ProFormDigit name="cost" label="费用（元）" min={0} fieldProps={{ precision: 2 }} rules={[{ required: true, message: '请填写费用' }]} />
        <ProFormDigit name="requestId" label="关联用车申请编号（可选）" min={1} fieldProps={{ precision: 0 }} />
      </ModalForm>
    </PageContainer>
  );
}
