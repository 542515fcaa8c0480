// 驾驶员: the register of drivers (person, unit, licence class and expiry, status) with export, registration and edits.
import { ModalForm, PageContainer, ProFormDatePicker, ProFormSelect, ProFormText, type ActionType } from '@ant-design/pro-components';
import { App, Button, Form, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiBody } from '../../../../api/types';
import { PersonSelect } from '../../../components/person-select';
import { type Row, ServerTable, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { driverStatusEnum, LICENCE_CLASSES } from './fleet-labels';

type DriverRow = Row<'/api/fleet/drivers'>;
type Create = ApiBody<'/api/fleet/drivers', 'post'>;
const day = (v: Dayjs | string) => (typeof v === 'string' ? v : v.format('YYYY-MM-DD'));
const classOptions = LICENCE_CLASSES.map((c) => ({ value: c, label: c }));

export function DriversPage() {
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<DriverRow | null>(null);

  const columns: TableColumns<'/api/fleet/drivers'> = [
    { title: '姓名', dataIndex: 'name', sorter: true, render: (_, r) => r.personName },
    {
      title: '所属单位',
      dataIndex: 'unitId',
      ellipsis: true,
      width: 220,
      render: (_, r) => r.unitName,
      renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="请选择单位（含下级）" />,
    },
    { title: '驾驶证号', dataIndex: 'licenceNo', hideInSearch: true },
    { title: '准驾车型', dataIndex: 'licenceClass', valueType: 'select', valueEnum: Object.fromEntries(LICENCE_CLASSES.map((c) => [c, { text: c }])) },
    {
      title: '有效期至',
      dataIndex: 'licenceExpiresOn',
      hideInSearch: true,
      sorter: true,
      render: (_, r) => {
        const days = dayjs(r.licenceExpiresOn).diff(dayjs(), 'day');
        return days < 0 ? <Tag color="red">{r.licenceExpiresOn} 已过期</Tag> : days <= 30 ? <Tag color="orange">{r.licenceExpiresOn}</Tag> : r.licenceExpiresOn;
      },
    },
    { title: '驾驶证到期（天内）', dataIndex: 'expiringWithinDays', hideInTable: true, valueType: 'digit' },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: driverStatusEnum, sorter: true },
    {
      title: '操作',
      valueType: 'option',
      render: (_, r) =>
        r._actions.includes('update') && (
          <Button type="link" size="small" onClick={() => setEditing(r)}>
            修改
          </Button>
        ),
    },
  ];

  const reload = () => void actionRef.current?.reload();

  return (
    <PageContainer title="驾驶员" content="公务用车驾驶员：准驾车型与驾驶证有效期，到期前自动提醒。">
      <ServerTable
        path="/api/fleet/drivers"
        columns={columns}
        actionRef={actionRef}
        exportPermission="fleet:vehicle:export"
        exportName="驾驶员台账"
        create={{ permission: 'fleet:vehicle:write', label: '登记驾驶员', onClick: () => setCreating(true) }}
      />
      {creating && <CreateModal onClose={() => setCreating(false)} onSaved={() => { setCreating(false); message.success('已登记驾驶员'); reload(); }} />}
      {editing && (
        <ModalForm<{ licenceNo: string; licenceClass: Create['licenceClass']; licenceExpiresOn: Dayjs | string; status: 'active' | 'suspended' | 'left' }>
          title={`修改驾驶员：${editing.personName}`}
          open
          width={480}
          initialValues={{ licenceNo: editing.licenceNo, licenceClass: editing.licenceClass, licenceExpiresOn: editing.licenceExpiresOn, status: editing.status }}
          modalProps={{ onCancel: () => setEditing(null), destroyOnClose: true }}
          onFinish={async (v) => {
            const r = await attempt(() =>
              unwrap(
                api.PUT('/api/fleet/drivers/{id}', {
                  params: { path: { id: editing.id } },
                  body: { licenceNo: v.licenceNo.trim().toUpperCase(), licenceClass: v.licenceClass, licenceExpiresOn: day(v.licenceExpiresOn), status: v.status },
                }),
              ),
            );
            if (!r) return false;
            message.success('已保存');
            setEditing(null);
            reload();
            return true;
          }}
        >
          <ProFormText name="licenceNo" label="驾驶证号" rules={[{ required: true }, { pattern: /^[0-9A-Za-z]{12,18}$/, message: '12–18 位数字或字母' }]} />
          <ProFormSelect name="licenceClass" label="准驾车型" options={classOptions} rules={[{ required: true }]} />
          <ProFormDatePicker name="licenceExpiresOn" label="有效期至" fieldProps={{ style: { width: '100%' } }} rules={[{ required: true }]} />
          <ProFormSelect
            name="status"
            label="状态"
            options={Object.entries(driverStatusEnum).map(([value, s]) => ({ value, label: s.text }))}
            rules={[{ required: true }]}
          />
        </ModalForm>
      )}
    </PageContainer>
  );
}

function CreateModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ personId: number; licenceNo: string; licenceClass: Create['licenceClass']; licenceExpiresOn: Dayjs | string }>();
  return (
    <ModalForm
      title="登记驾驶员"
      open
      form={form}
      width={480}
      modalProps={{ onCancel: onClose, destroyOnClose: true }}
      onFinish={async (v) => {
        const r = await attempt(() =>
          unwrap(
            api.POST('/api/fleet/drivers', {
              body: { personId: v.personId, licenceNo: v.licenceNo.trim().toUpperCase(), licenceClass: v.licenceClass, licenceExpiresOn: day(v.licenceExpiresOn) },
            }),
          ),
        );
        if (r) onSaved();
        return !!r;
      }}
    >
      <Form.Item name="personId" label="人员" rules={[{ required: true, message: '请选择人员' }]}>
        <PersonSelect placeholder="输入姓名搜索" />
      </Form.Item>
      <ProFormText name="licenceNo" label="驾驶证号" rules={[{ required: true }, { pattern: /^[0-9A-Za-z]{12,18}$/, message: '12–18 位数字或字母' }]} />
      <ProFormSelect name="licenceClass" label="准驾车型" options={classOptions} rules={[{ required: true }]} />
      <ProFormDatePicker name="licenceExpiresOn" label="有效期至" fieldProps={{ style: { width: '100%' } }} rules={[{ required: true }]} />
    </ModalForm>
  );
}
