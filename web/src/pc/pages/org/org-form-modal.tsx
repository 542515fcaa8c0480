// Create or edit a unit (单位) or an internal department (内设机构).
import { PersonSelect } from '../../components/person-select';
import {
  ModalForm,
  ProForm,
  ProFormDependency,
  ProFormDigit,
  ProFormItem,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
} from '@ant-design/pro-components';
import { App, Col, Form } from 'antd';
import { api, unwrap } from '../../../api/client';
import type { ApiBody, ListItem } from '../../../api/types';
import { OrgTreeSelect, RegionTreeSelect } from '../../components/tree-selects';
import { saveForm } from '../../form-errors';
import { keyIn, levelLabels, optionsOf, orgKindLabels, unitTypeLabels } from '../../labels';
import { creditCodeError, ruleOf } from '../../validators';

export type OrgRow = ListItem<'/api/orgs'>;
type OrgBody = ApiBody<'/api/orgs', 'post'>;

interface OrgFormValues {
  kind: 'unit' | 'department';
  name: string;
  shortName?: string;
  creditCode?: string;
  unitType?: NonNullable<OrgBody['unitType']>;
  level?: OrgBody['level'];
  regionCode: string;
  parentId?: number | null;
  staffingQuota?: number | null;
  headPersonId?: number | null;
  sort?: number;
}

export interface OrgFormModalProps {
  /** The row being edited; absent when creating. */
  row?: OrgRow;
  /** Defaults for a new node (e.g. the node selected in the tree). */
  defaults?: Partial<OrgFormValues> & { parentName?: string; regionName?: string };
  onClose: () => void;
  onSaved: (saved: { id: number; parentId: number | null }) => void;
}

const blank = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

export function OrgFormModal({ row, defaults, onClose, onSaved }: OrgFormModalProps) {
  const [form] = Form.useForm<OrgFormValues>();
  const { message } = App.useApp();
  const initialValues: Partial<OrgFormValues> = row
    ? {
        kind: keyIn(orgKindLabels, row.kind) ?? 'unit',
        name: row.name,
        shortName: row.shortName ?? undefined,
        creditCode: row.creditCode ?? undefined,
        unitType: keyIn(unitTypeLabels, row.unitType),
        level: keyIn(levelLabels, row.level),
        regionCode: row.regionCode,
        parentId: row.parentId,
        staffingQuota: row.staffingQuota,
        headPersonId: row.headPersonId,
        sort: row.sort,
      }
    : { kind: 'unit', sort: 0, ...defaults };

  const save = async (values: OrgFormValues) => {
    const isUnit = values.kind === 'unit';
    const body: OrgBody = {
      kind: values.kind,
      name: values.name.trim(),
      shortName: blank(values.shortName),
      creditCode: isUnit ? blank(values.creditCode?.toUpperCase()) : null,
      unitType: isUnit ? (values.unitType ?? null) : null,
      level: values.level ?? 'province',
      regionCode: values.regionCode,
      parentId: values.parentId ?? null,
      staffingQuota: isUnit ? (values.staffingQuota ?? null) : null,
      headPersonId: values.headPersonId ?? null,
      sort: values.sort ?? 0,
    };
    const saved = row
      ? await unwrap(api.PUT('/api/orgs/{id}', { params: { path: { id: row.id } }, body }))
      : await unwrap(api.POST('/api/orgs', { body }));
    message.success(row ? '已保存' : '已新建');
    onSaved({ id: saved.id, parentId: saved.parentId });
  };

  return (
    <ModalForm<OrgFormValues>
      title={row ? `编辑：${row.name}` : '新建组织'}
      open
      form={form}
      width={640}
      grid
      rowProps={{ gutter: 16 }}
      colProps={{ xs: 24, sm: 12 }}
      initialValues={initialValues}
      modalProps={{ onCancel: onClose, maskClosable: false }}
      onFinish={(values) => saveForm(form, () => save(values))}
    >
      <ProFormRadio.Group
        name="kind"
        label="类型"
        colProps={{ span: 24 }}
        radioType="button"
        options={optionsOf(orgKindLabels)}
        rules={[{ required: true, message: '请选择类型' }]}
      />
      <ProFormText
        name="name"
        label="名称"
        rules={[
          { required: true, whitespace: true, message: '请输入名称' },
          { min: 2, max: 100, message: '名称为2到100个字' },
        ]}
      />
      <ProFormText name="shortName" label="简称" rules={[{ max: 40, message: '简称不超过40个字' }]} />
      <ProFormSelect
        name="level"
        label="级别"
        options={optionsOf(levelLabels)}
        rules={[{ required: true, message: '请选择级别' }]}
      />
      <Col xs={24} sm={12}>
        <ProForm.Item name="regionCode" label="行政区划" rules={[{ required: true, message: '请选择行政区划' }]}>
          <RegionTreeSelect initialLabel={row?.regionName ?? defaults?.regionName} />
        </ProForm.Item>
      </Col>
      <ProFormDependency name={['kind']}>
        {({ kind }: Partial<OrgFormValues>) => (
          <Col span={24}>
            <ProForm.Item
              name="parentId"
              label={kind === 'department' ? '所属单位/上级机构' : '主管单位'}
              rules={kind === 'department' ? [{ required: true, message: '内设机构须选择所属单位' }] : []}
              tooltip={kind === 'department' ? undefined : '无主管单位可不填'}
            >
              <OrgTreeSelect
                initialLabel={row?.parentName ?? defaults?.parentName}
                selectableKind={kind === 'unit' ? 'unit' : undefined}
              />
            </ProForm.Item>
          </Col>
        )}
      </ProFormDependency>
      <ProFormDependency name={['kind']}>
        {({ kind }: Partial<OrgFormValues>) =>
          kind === 'unit' ? (
            <>
              <ProFormSelect
                name="unitType"
                label="单位性质"
                options={optionsOf(unitTypeLabels)}
                rules={[{ required: true, message: '请选择单位性质' }]}
              />
              <ProFormText
                name="creditCode"
                label="统一社会信用代码"
                fieldProps={{ maxLength: 18, style: { textTransform: 'uppercase' } }}
                rules={[
                  ruleOf((v) => (/^[0-9A-HJ-NPQRTUWXY]{18}$/i.test(v.trim()) ? null : '统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）')),
                  ruleOf(creditCodeError, true),
                ]}
              />
              <ProFormDigit
                name="staffingQuota"
                label="编制数"
                min={0}
                max={100000}
                fieldProps={{ precision: 0 }}
              />
            </>
          ) : null
        }
      </ProFormDependency>
      {row && (
        <ProFormItem name="headPersonId" label="负责人" tooltip="审批流程“部门负责人”策略按此逐级查找；须为本单位在职人员">
          <PersonSelect unitId={row.unitId} initialLabel={row.headName} placeholder="可不选" />
        </ProFormItem>
      )}
      <ProFormDigit name="sort" label="排序" min={0} max={99999} fieldProps={{ precision: 0 }} tooltip="数字越小越靠前" />
    </ModalForm>
  );
}
