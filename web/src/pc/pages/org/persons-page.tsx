// 人员管理: persons with masked ID number and phone; "查看" reveals them (audited by the server).
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { App, Descriptions, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../api/client';
import { actionsColumn } from '../../components/row-actions';
import { ServerTable, type TableColumns } from '../../components/server-table';
import { OrgTreeSelect } from '../../components/tree-selects';
import { genderLabels, personStatusLabels, valueEnumOf } from '../../labels';
import { useRankOptions } from '../../ranks';
import { PersonFormModal, type PersonRow } from './person-form-modal';

export function PersonsPage() {
  const { message, modal } = App.useApp();
  const actionRef = useRef<ActionType>();
  const rankOptions = useRankOptions();
  const [editing, setEditing] = useState<{ row?: PersonRow } | null>(null);

  const reveal = (row: PersonRow) =>
    attempt(async () => {
      const data = await unwrap(api.POST('/api/persons/{id}/reveal', { params: { path: { id: row.id } } }));
      modal.info({
        title: `${row.name} 的完整信息`,
        width: 480,
        okText: '关闭',
        content: (
          <>
            <Descriptions column={1} size="small" bordered style={{ marginTop: 12 }}>
              <Descriptions.Item label="身份证号">
                <Typography.Text copyable={Boolean(data.idNo)}>{data.idNo ?? '未登记'}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="手机号">
                <Typography.Text copyable={Boolean(data.phone)}>{data.phone ?? '未登记'}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              本次查看已记入审计日志，请勿截屏或外传个人信息。
            </Typography.Paragraph>
          </>
        ),
      });
    });

  const remove = (row: PersonRow) =>
    attempt(async () => {
      await unwrap(api.DELETE('/api/persons/{id}', { params: { path: { id: row.id } } }));
      message.success(`已删除：${row.name}`);
      void actionRef.current?.reload();
    });

  const columns: TableColumns<'/api/persons'> = [
    { title: '姓名', dataIndex: 'name', sorter: true, fixed: 'left' },
    { title: '性别', dataIndex: 'gender', valueEnum: valueEnumOf(genderLabels) },
    { title: '身份证号', dataIndex: 'idNoMasked', hideInSearch: true },
    { title: '手机号', dataIndex: 'phoneMasked', hideInSearch: true },
    {
      title: '手机号',
      dataIndex: 'phone',
      hideInTable: true,
      fieldProps: { placeholder: '完整手机号，精确查找', maxLength: 11 },
      formItemProps: { rules: [{ pattern: /^1[3-9]\d{9}$/, message: '请输入完整的11位手机号' }] },
    },
    {
      title: '职级',
      dataIndex: 'rankCode',
      sorter: true,
      valueType: 'select',
      fieldProps: { options: rankOptions, showSearch: true, optionFilterProp: 'label' },
      render: (_, row) => row.rankName ?? '-',
    },
    {
      title: '所属单位',
      dataIndex: 'unitId',
      render: (_, row) => row.unitName,
      renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="请选择单位" />,
    },
    { title: '内设机构', dataIndex: 'departmentName', hideInSearch: true },
    { title: '状态', dataIndex: 'status', valueEnum: valueEnumOf(personStatusLabels) },
    { title: '创建时间', dataIndex: 'createdAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    actionsColumn((row) => [
      { action: 'reveal', label: '查看', hideWhenDenied: true, onClick: () => reveal(row) },
      { action: 'update', label: '编辑', onClick: () => setEditing({ row }) },
      {
        action: 'delete',
        label: '删除',
        danger: true,
        confirm: `确定删除“${row.name}”吗？`,
        onClick: () => remove(row),
      },
    ]),
  ];

  return (
    <PageContainer title="人员管理" subTitle="身份证号、手机号脱敏显示，查看完整信息将记入审计">
      <ServerTable
        path="/api/persons"
        exportPermission="org:person:export"
        exportName="人员"
        actionRef={actionRef}
        columns={columns}
        create={{ permission: 'org:person:create', onClick: () => setEditing({}) }}
      />
      {editing && (
        <PersonFormModal
          row={editing.row}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void actionRef.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
