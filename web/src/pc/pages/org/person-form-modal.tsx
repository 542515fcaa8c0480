// Create or edit a person (干部职工). ID number and phone are stored encrypted and shown masked: when editing they
// are left blank and only sent when the user types a new value.
import {
  ModalForm,
  ProForm,
  ProFormDependency,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
} from '@ant-design/pro-components';
import { App, Col, Form } from 'antd';
import { api, unwrap } from '../../../api/client';
import type { ApiBody, ListItem } from '../../../api/types';
import { OrgTreeSelect } from '../../components/tree-selects';
import { saveForm } from '../../form-errors';
import { genderLabels, keyIn, optionsOf, personStatusLabels } from '../../labels';
import { useRankOptions } from '../../ranks';
import { genderFromIdNumber, idNumberError, mobileError, ruleOf } from '../../validators';

export type PersonRow = ListItem<'/api/persons'>;
type PersonBody = ApiBody<'/api/persons', 'post'>;

interface PersonFormValues {
  name: string;
  gender?: PersonBody['gender'];
  idNo?: string;
  phone?: string;
  rankCode?: string | null;
  unitId?: number | null;
  departmentId?: number | null;
  status?: NonNullable<PersonBody['status']>;
}

export interface PersonFormModalProps {
  row?: PersonRow;
  onClose: () => void;
  onSaved: () => void;
}

export function PersonFormModal({ row, onClose, onSaved }: PersonFormModalProps) {
  const [form] = Form.useForm<PersonFormValues>();
  const { message } = App.useApp();
  const rankOptions = useRankOptions();
  const editing = row !== undefined;

  const initialValues: Partial<PersonFormValues> = row
    ? {
        name: row.name,
        gender: keyIn(genderLabels, row.gender),
        rankCode: row.rankCode,
        unitId: row.unitId,
        departmentId: row.departmentId,
        status: keyIn(personStatusLabels, row.status),
      }
    : { gender: 'M', status: 'active' };

  const save = async (values: PersonFormValues) => {
    if (values.unitId === undefined || values.unitId === null) throw new Error('unit is required by the form rules');
    const idNo = values.idNo?.trim().toUpperCase();
    const phone = values.phone?.trim();
    const body: PersonBody = {
      name: values.name.trim(),
      gender: values.gender ?? 'M',
      rankCode: values.rankCode ?? null,
      unitId: values.unitId,
      departmentId: values.departmentId ?? null,
      status: values.status ?? 'active',
      ...(idNo ? { idNo } : {}),
      ...(phone ? { phone } : {}),
    };
    if (row) await unwrap(api.PUT('/api/persons/{id}', { params: { path: { id: row.id } }, body }));
    else await unwrap(api.POST('/api/persons', { body }));
    message.success(row ? '已保存' : '已新建');
    onSaved();
  };

  return (
    <ModalForm<PersonFormValues>
      title={row ? `编辑人员：${row.name}` : '新建人员'}
      open
      form={form}
      width={640}
      grid
      rowProps={{ gutter: 16 }}
      colProps={{ xs: 24, sm: 12 }}
      initialValues={initialValues}
      modalProps={{ onCancel: onClose, maskClosable: false }}
      onValuesChange={(changed: Partial<PersonFormValues>) => {
        // the ID number carries the gender; fill it in for the user
        if (changed.idNo) {
          const gender = genderFromIdNumber(changed.idNo);
          if (gender) form.setFieldValue('gender', gender);
        }
        if ('unitId' in changed) form.setFieldValue('departmentId', null);
      }}
      onFinish={(values) => saveForm(form, () => save(values))}
    >
      <ProFormText
        name="name"
        label="姓名"
        rules={[
          { required: true, whitespace: true, message: '请输入姓名' },
          { max: 50, message: '姓名不超过50个字' },
        ]}
      />
      <ProFormRadio.Group
        name="gender"
        label="性别"
        options={optionsOf(genderLabels)}
        rules={[{ required: true, message: '请选择性别' }]}
      />
      <ProFormText
        name="idNo"
        label="身份证号"
        placeholder={editing ? (row.idNoMasked ? `${row.idNoMasked}（留空不修改）` : '未登记，可补录') : '18位居民身份证号'}
        fieldProps={{ maxLength: 18, autoComplete: 'off' }}
        rules={[ruleOf(idNumberError)]}
      />
      <ProFormText
        name="phone"
        label="手机号"
        placeholder={editing ? (row.phoneMasked ? `${row.phoneMasked}（留空不修改）` : '未登记，可补录') : '11位手机号'}
        fieldProps={{ maxLength: 11, inputMode: 'numeric', autoComplete: 'off' }}
        rules={[ruleOf(mobileError)]}
      />
      <Col xs={24} sm={12}>
        <ProForm.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <OrgTreeSelect selectableKind="unit" initialLabel={row?.unitName} placeholder="请选择单位" />
        </ProForm.Item>
      </Col>
      <ProFormDependency name={['unitId']}>
        {({ unitId }: Partial<PersonFormValues>) => (
          <Col xs={24} sm={12}>
            <ProForm.Item name="departmentId" label="内设机构">
              <OrgTreeSelect
                key={unitId ?? 'none'}
                rootId={unitId ?? undefined}
                selectableKind="department"
                disabled={!unitId}
                initialLabel={unitId === row?.unitId ? row?.departmentName : undefined}
                placeholder={unitId ? '请选择内设机构（可不选）' : '请先选择单位'}
              />
            </ProForm.Item>
          </Col>
        )}
      </ProFormDependency>
      <ProFormSelect
        name="rankCode"
        label="职级"
        allowClear
        showSearch
        fieldProps={{ options: rankOptions, optionFilterProp: 'label' }}
        placeholder="请选择职级"
      />
      <ProFormSelect name="status" label="状态" options={optionsOf(personStatusLabels)} />
    </ModalForm>
  );
}
