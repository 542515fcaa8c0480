// 登记资产卡片: card number, class (by kind), where it stands (院落 → 楼座 → 房间), using unit, acquisition and value.
// The depreciation years come from the building's structure on the server; land has none.
import { ModalForm, ProFormDatePicker, ProFormDigit, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Form, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../../../api/client';
import { isApiError } from '../../../../api/errors';
import type { ApiBody, ApiResponse } from '../../../../api/types';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { acquisitionLabels, cardKindLabels, options } from './asset-labels';

type CreateBody = ApiBody<'/api/estate/assets', 'post'>;
type Created = ApiResponse<'/api/estate/assets', 'post'>;

interface Values {
  cardNo: string;
  kind: CreateBody['kind'];
  classCode: string;
  name: string;
  compoundId: number;
  buildingId?: number;
  roomId?: number;
  unitId: number;
  acquisitionMethod: CreateBody['acquisitionMethod'];
  acquiredOn: Dayjs | string;
  originalValue: number;
  area?: number;
  certNo?: string;
}

export function AssetFormModal({ onClose, onCreated }: { onClose: () => void; onCreated: (c: Created) => void }) {
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const compoundId = Form.useWatch('compoundId', form);
  const buildingId = Form.useWatch('buildingId', form);
  const [compoundQuery, setCompoundQuery] = useState('');
  const ref = useQuery({ queryKey: ['estate-asset-reference'], staleTime: 600_000, queryFn: () => unwrap(api.GET('/api/estate/assets/reference')) });
  const compounds = useQuery({
    queryKey: ['estate-compounds-pick', compoundQuery],
    queryFn: () => unwrap(api.GET('/api/estate/compounds', { params: { query: { name: compoundQuery || undefined, pageSize: 50 } } })),
  });
  const buildings = useQuery({
    queryKey: ['estate-buildings-pick', compoundId],
    enabled: !!compoundId,
    queryFn: () => unwrap(api.GET('/api/estate/buildings', { params: { query: { compoundId, pageSize: 200 } } })),
  });
  const rooms = useQuery({
    queryKey: ['estate-rooms-pick', buildingId],
    enabled: !!buildingId && kind === 'room',
    queryFn: () => unwrap(api.GET('/api/estate/rooms', { params: { query: { buildingId, pageSize: 200 } } })),
  });
  const structureOf = (id?: number) => buildings.data?.items.find((b) => b.id === id);
  const years = ref.data?.structures.find((s) => s.code === structureOf(buildingId)?.structureCode)?.depreciationYears;

  const submit = async (v: Values) => {
    const body: CreateBody = {
      cardNo: v.cardNo.trim(),
      kind: v.kind,
      classCode: v.classCode,
      name: v.name.trim(),
      compoundId: v.compoundId,
      buildingId: v.kind === 'land' ? null : (v.buildingId ?? null),
      roomId: v.kind === 'room' ? (v.roomId ?? null) : null,
      unitId: v.unitId,
      acquisitionMethod: v.acquisitionMethod,
      acquiredOn: typeof v.acquiredOn === 'string' ? v.acquiredOn : v.acquiredOn.format('YYYY-MM-DD'),
      originalValue: v.originalValue,
      area: v.area ?? null,
      certNo: v.certNo?.trim() || null,
    };
    try {
      onCreated(await unwrap(api.POST('/api/estate/assets', { body })));
      return true;
    } catch (e) {
      if (isApiError(e) && e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof Values, errors: [d.message] })));
      if (isApiError(e) && e.code === 'CARD_NO_TAKEN') form.setFields([{ name: 'cardNo', errors: ['卡片编号已被使用'] }]);
      return false;
    }
  };

  return (
    <ModalForm<Values>
      title="登记资产卡片"
      open
      form={form}
      width={820}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={{ kind: 'building', acquisitionMethod: 'build' }}
      modalProps={{ onCancel: onClose, destroyOnClose: true, maskClosable: false }}
      submitter={{ searchConfig: { submitText: '登记' } }}
      onFinish={submit}
    >
      <ProFormText
        name="cardNo"
        label="卡片编号"
        colProps={{ span: 12 }}
        placeholder="如 ZC-370100-0001"
        rules={[
          { required: true, message: '请输入卡片编号' },
          { pattern: /^[A-Za-z0-9][A-Za-z0-9-]{3,39}$/, message: '4–40 位字母、数字或 -' },
        ]}
      />
      <ProFormSelect
        name="kind"
        label="类别"
        colProps={{ span: 12 }}
        options={options(cardKindLabels)}
        rules={[{ required: true }]}
        fieldProps={{ onChange: () => form.setFieldsValue({ classCode: undefined, roomId: undefined }) }}
      />
      <ProFormSelect
        name="classCode"
        label="资产分类（GB/T 14885）"
        colProps={{ span: 12 }}
        options={(ref.data?.classes ?? []).filter((c) => c.kind === kind).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
        rules={[{ required: true, message: '请选择资产分类' }]}
      />
      <ProFormText name="name" label="资产名称" colProps={{ span: 12 }} rules={[{ required: true, whitespace: true, message: '请输入资产名称' }, { min: 2, max: 100, message: '2–100 个字' }]} />
      <ProFormSelect
        name="compoundId"
        label="坐落院落"
        colProps={{ span: 12 }}
        showSearch
        options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.regionName}）` }))}
        fieldProps={{
          filterOption: false,
          onSearch: setCompoundQuery,
          loading: compounds.isFetching,
          onChange: () => form.setFieldsValue({ buildingId: undefined, roomId: undefined }),
        }}
        rules={[{ required: true, message: '请选择院落' }]}
      />
      {kind !== 'land' && (
        <ProFormSelect
          name="buildingId"
          label="楼座"
          colProps={{ span: 12 }}
          options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: `${b.name}（${b.structureName}）` }))}
          fieldProps={{ loading: buildings.isFetching, onChange: () => form.setFieldsValue({ roomId: undefined }) }}
          extra={years ? `折旧年限按结构自动取 ${years} 年（财会〔2017〕4号）` : undefined}
          rules={[{ required: true, message: '请选择楼座' }]}
        />
      )}
      {kind === 'room' && (
        <ProFormSelect
          name="roomId"
          label="房间"
          colProps={{ span: 12 }}
          showSearch
          options={(rooms.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.floorNo}层 ${r.roomNo}（${r.usableArea}㎡）` }))}
          fieldProps={{ loading: rooms.isFetching }}
          rules={[{ required: true, message: '请选择房间' }]}
        />
      )}
      <Form.Item name="unitId" label="使用单位" rules={[{ required: true, message: '请选择使用单位' }]} style={{ width: '50%', paddingInline: 8 }}>
        <OrgTreeSelect selectableKind="unit" placeholder="请选择单位" />
      </Form.Item>
      <ProFormSelect name="acquisitionMethod" label="取得方式" colProps={{ span: 12 }} options={options(acquisitionLabels)} rules={[{ required: true }]} />
      <ProFormDatePicker name="acquiredOn" label="取得日期" colProps={{ span: 12 }} fieldProps={{ style: { width: '100%' } }} rules={[{ required: true, message: '请选择取得日期' }]} />
      <ProFormDigit name="originalValue" label="原值（元）" colProps={{ span: 12 }} min={0} fieldProps={{ precision: 2 }} rules={[{ required: true, message: '请输入原值' }]} />
      <ProFormDigit name="area" label="面积（㎡）" colProps={{ span: 12 }} min={0.01} fieldProps={{ precision: 2 }} />
      <ProFormText name="certNo" label="权证号" colProps={{ span: 12 }} rules={[{ max: 60, message: '不超过60个字' }]} />
      {kind === 'land' && (
        <Typography.Paragraph type="secondary" style={{ paddingInline: 8 }}>
          土地使用权不计提折旧，净值等于原值。
        </Typography.Paragraph>
      )}
    </ModalForm>
  );
}
