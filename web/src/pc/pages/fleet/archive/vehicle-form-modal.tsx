// 登记车辆 / 修改车辆档案: validates as the user types — plate pattern, VIN of 17 characters, and the price and engine
// caps of the chosen category (new-energy cars by their own cap). The plate letter against the unit's city and the
// caps are checked again by the server, whose field errors land on the fields.
import { ModalForm, ProFormDatePicker, ProFormDigit, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Form } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../../../api/client';
import { isApiError } from '../../../../api/errors';
import type { ApiBody, ApiResponse } from '../../../../api/types';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { acquisitionLabels, energyLabels, formatCap, NEW_ENERGY, NO_ENGINE, options, PLATE_RE, VIN_RE } from './fleet-labels';

type Body = ApiBody<'/api/fleet/vehicles', 'post'>;
type Detail = ApiResponse<'/api/fleet/vehicles/{id}'>;
type Vehicle = Detail['vehicle'];

interface Values extends Omit<Body, 'acquiredOn'> {
  acquiredOn: Dayjs | string;
}

export function useFleetCategories() {
  return useQuery({ queryKey: ['fleet-categories'], staleTime: 300_000, queryFn: () => unwrap(api.GET('/api/fleet/categories')) });
}

export function VehicleFormModal({ vehicle, onClose, onSaved }: { vehicle?: Vehicle; onClose: () => void; onSaved: (d: Detail) => void }) {
  const [form] = Form.useForm<Values>();
  const [serverError, setServerError] = useState<string | null>(null);
  const categories = useFleetCategories();
  const categoryCode = Form.useWatch('categoryCode', form);
  const energyType = Form.useWatch('energyType', form);
  const cat = categories.data?.find((c) => c.code === categoryCode);
  const newEnergy = !!energyType && NEW_ENERGY.includes(energyType);
  const priceCap = cat ? (newEnergy ? cat.maxPriceNe : cat.maxPrice) : null;
  const noEngine = !!energyType && NO_ENGINE.includes(energyType);

  const submit = async (v: Values) => {
    const body: Body = {
      plate: v.plate.trim().toUpperCase(),
      vin: v.vin?.trim() ? v.vin.trim().toUpperCase() : null,
      brand: v.brand.trim(),
      model: v.model.trim(),
      categoryCode: v.categoryCode,
      energyType: v.energyType,
      displacementL: noEngine ? null : (v.displacementL ?? null),
      price: v.price,
      acquiredOn: typeof v.acquiredOn === 'string' ? v.acquiredOn : v.acquiredOn.format('YYYY-MM-DD'),
      acquisitionMethod: v.acquisitionMethod,
      unitId: v.unitId,
      odometerKm: v.odometerKm ?? 0,
      seats: v.seats ?? 5,
    };
    try {
      const saved = vehicle
        ? await unwrap(api.PUT('/api/fleet/vehicles/{id}', { params: { path: { id: vehicle.id } }, body, silent: true }))
        : await unwrap(api.POST('/api/fleet/vehicles', { body, silent: true }));
      onSaved(saved);
      return true;
    } catch (e) {
      if (isApiError(e)) {
        if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof Values, errors: [d.message] })));
        setServerError(e.message);
      }
      return false;
    }
  };

  return (
    <ModalForm<Values>
      title={vehicle ? `修改车辆档案 ${vehicle.plate}` : '登记车辆'}
      open
      form={form}
      width={820}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={
        vehicle
          ? { ...vehicle, vin: vehicle.vin ?? undefined, displacementL: vehicle.displacementL ?? undefined }
          : { energyType: 'petrol', acquisitionMethod: 'purchase', categoryCode: 'general', seats: 5, odometerKm: 0 }
      }
      modalProps={{ onCancel: onClose, destroyOnClose: true, maskClosable: false }}
      submitter={{ searchConfig: { submitText: vehicle ? '保存' : '登记' } }}
      onValuesChange={() => serverError && setServerError(null)}
      onFinish={submit}
    >
      {serverError && <Alert type="error" showIcon message={serverError} style={{ marginBottom: 16, width: '100%' }} />}
      <ProFormText
        name="plate"
        label="车牌号"
        colProps={{ span: 12 }}
        placeholder="如 鲁A12345、鲁AD12345"
        fieldProps={{ maxLength: 8 }}
        extra="发牌机关代号须与所属单位所在市一致（济南 鲁A/鲁S，青岛 鲁B/鲁U …，省直单位 鲁A）"
        rules={[
          { required: true, message: '请输入车牌号' },
          {
            validator: (_: unknown, v?: string) =>
              !v || PLATE_RE.test(v.trim().toUpperCase()) ? Promise.resolve() : Promise.reject(new Error('格式：鲁 + 字母 + 5 位（新能源 6 位）字母或数字，不含 I、O')),
          },
        ]}
      />
      <ProFormText
        name="vin"
        label="车辆识别代号（VIN）"
        colProps={{ span: 12 }}
        fieldProps={{ maxLength: 17, showCount: true }}
        rules={[
          {
            validator: (_: unknown, v?: string) =>
              !v || VIN_RE.test(v.trim().toUpperCase()) ? Promise.resolve() : Promise.reject(new Error('17 位字母或数字，不含 I、O、Q')),
          },
        ]}
      />
      <ProFormText name="brand" label="品牌" colProps={{ span: 12 }} rules={[{ required: true, whitespace: true, message: '请输入品牌' }, { max: 40 }]} />
      <ProFormText name="model" label="型号" colProps={{ span: 12 }} rules={[{ required: true, whitespace: true, message: '请输入型号' }, { max: 60 }]} />
      <ProFormSelect
        name="categoryCode"
        label="车辆类别"
        colProps={{ span: 12 }}
        options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
        rules={[{ required: true, message: '请选择车辆类别' }]}
        extra={cat ? `价格上限：燃油 ${formatCap(cat.maxPrice)}，新能源 ${formatCap(cat.maxPriceNe)}；排量上限 ${cat.maxDisplacementL ?? '不限'}${cat.maxDisplacementL ? ' 升' : ''}` : undefined}
        fieldProps={{ onChange: () => void form.validateFields(['price', 'displacementL']).catch(() => undefined) }}
      />
      <ProFormSelect
        name="energyType"
        label="能源类型"
        colProps={{ span: 12 }}
        options={options(energyLabels)}
        rules={[{ required: true }]}
        fieldProps={{ onChange: () => void form.validateFields(['price', 'displacementL']).catch(() => undefined) }}
      />
      <ProFormDigit
        name="price"
        label="购置价格（元）"
        colProps={{ span: 12 }}
        min={0.01}
        fieldProps={{ precision: 2 }}
        extra={priceCap !== null && priceCap !== undefined ? `${cat?.name}${newEnergy ? '（新能源）' : ''}上限 ${formatCap(priceCap)}` : undefined}
        rules={[
          { required: true, message: '请输入购置价格' },
          {
            validator: (_: unknown, v?: number) =>
              v === undefined || v === null || priceCap === null || priceCap === undefined || v <= priceCap
                ? Promise.resolve()
                : Promise.reject(new Error(`超过${cat?.name}${newEnergy ? '（新能源）' : ''}上限 ${formatCap(priceCap)}`)),
          },
        ]}
      />
      {!noEngine && (
        <ProFormDigit
          name="displacementL"
          label="排量（L）"
          colProps={{ span: 12 }}
          min={0.1}
          max={9.99}
          fieldProps={{ precision: 2 }}
          rules={[
            { required: true, message: '请输入排量' },
            {
              validator: (_: unknown, v?: number) =>
                v === undefined || v === null || !cat?.maxDisplacementL || v <= cat.maxDisplacementL
                  ? Promise.resolve()
                  : Promise.reject(new Error(`超过${cat.name}排量上限 ${cat.maxDisplacementL} 升`)),
            },
          ]}
        />
      )}
      <ProFormDatePicker name="acquiredOn" label="取得日期" colProps={{ span: 12 }} fieldProps={{ style: { width: '100%' } }} rules={[{ required: true, message: '请选择取得日期' }]} />
      <ProFormSelect name="acquisitionMethod" label="取得方式" colProps={{ span: 12 }} options={options(acquisitionLabels)} rules={[{ required: true }]} />
      <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]} style={{ width: '50%', paddingInline: 8 }}>
        <OrgTreeSelect selectableKind="unit" placeholder="请选择单位" initialLabel={vehicle?.unitName} />
      </Form.Item>
      <ProFormDigit name="odometerKm" label="里程（km）" colProps={{ span: 12 }} min={0} fieldProps={{ precision: 1 }} />
      <ProFormDigit name="seats" label="座位数" colProps={{ span: 12 }} min={2} max={60} fieldProps={{ precision: 0 }} />
    </ModalForm>
  );
}
