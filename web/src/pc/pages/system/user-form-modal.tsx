// Create or edit a user account: unit, linked person, roles; an initial password when creating.
import { ModalForm, ProForm, ProFormDependency, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Col, Form, Input, Space } from 'antd';
import { api, unwrap } from '../../../api/client';
import type { ApiBody, ListItem } from '../../../api/types';
import { PersonSelect } from '../../components/person-select';
import { OrgTreeSelect } from '../../components/tree-selects';
import { saveForm } from '../../form-errors';
import { adminKindLabels, keyIn, labelOf, optionsOf, userStatusLabels } from '../../labels';
import { generatePassword } from '../../password';
import { passwordPolicyErrors } from '../../validators';

export type UserRow = ListItem<'/api/users'>;
type CreateBody = ApiBody<'/api/users', 'post'>;
type UpdateBody = ApiBody<'/api/users/{id}', 'put'>;

interface UserFormValues {
  username: string;
  displayName: string;
  unitId?: number | null;
  personId?: number | null;
  roleIds: number[];
  initialPassword?: string;
  status?: UpdateBody['status'];
}

/** Role options for user forms; administrator roles are marked because they need longer passwords and TOTP. */
export function useRoleOptions() {
  const roles = useQuery({
    queryKey: ['role-options'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/roles', { params: { query: { page: 1, pageSize: 100 } }, lookup: true }))).items,
  });
  const list = roles.data ?? [];
  return {
    loading: roles.isFetching,
    options: list.map((r) => ({
      value: r.id,
      label: r.adminKind === 'none' ? r.name : `${r.name}（${labelOf(adminKindLabels, r.adminKind)}）`,
    })),
    isAdmin: (ids: readonly number[]) => list.some((r) => ids.includes(r.id) && r.adminKind !== 'none'),
  };
}

export interface UserFormModalProps {
  row?: UserRow;
  onClose: () => void;
  onSaved: () => void;
}

export function UserFormModal({ row, onClose, onSaved }: UserFormModalProps) {
  const [form] = Form.useForm<UserFormValues>();
  const { message } = App.useApp();
  const roles = useRoleOptions();

  const initialValues: Partial<UserFormValues> = row
    ? {
        username: row.username,
        displayName: row.displayName,
        unitId: row.unitId,
        personId: row.personId,
        roleIds: row.roles.map((r) => r.id),
        status: keyIn(userStatusLabels, row.status),
      }
    : { roleIds: [] };

  const save = async (values: UserFormValues) => {
    if (values.unitId === undefined || values.unitId === null) throw new Error('unit is required by the form rules');
    if (row) {
      const body: UpdateBody = {
        displayName: values.displayName.trim(),
        unitId: values.unitId,
        personId: values.personId ?? null,
        roleIds: values.roleIds,
        status: values.status ?? keyIn(userStatusLabels, row.status) ?? 'active',
      };
      await unwrap(api.PUT('/api/users/{id}', { params: { path: { id: row.id } }, body }));
    } else {
      const body: CreateBody = {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        unitId: values.unitId,
        personId: values.personId ?? null,
        roleIds: values.roleIds,
        initialPassword: values.initialPassword ?? '',
      };
      await unwrap(api.POST('/api/users', { body }));
    }
    message.success(row ? '已保存' : '已新建用户，首次登录须修改初始密码');
    onSaved();
  };

  return (
    <ModalForm<UserFormValues>
      title={row ? `编辑用户：${row.username}` : '新建用户'}
      open
      form={form}
      width={640}
      grid
      rowProps={{ gutter: 16 }}
      colProps={{ xs: 24, sm: 12 }}
      initialValues={initialValues}
      modalProps={{ onCancel: onClose, maskClosable: false }}
      onValuesChange={(changed: Partial<UserFormValues>) => {
        if ('unitId' in changed) form.setFieldValue('personId', null);
      }}
      onFinish={(values) => saveForm(form, () => save(values))}
    >
      <ProFormText
        name="username"
        label="用户名"
        disabled={Boolean(row)}
        fieldProps={{ autoComplete: 'off' }}
        rules={[
          { required: true, message: '请输入用户名' },
          { pattern: /^[a-z][a-z0-9_.-]{2,31}$/, message: '以小写字母开头，3到32位小写字母、数字或 _ . -' },
        ]}
      />
      <ProFormText
        name="displayName"
        label="姓名"
        rules={[
          { required: true, whitespace: true, message: '请输入姓名' },
          { max: 50, message: '不超过50个字' },
        ]}
      />
      <Col xs={24} sm={12}>
          <ProForm.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
            <OrgTreeSelect selectableKind="unit" initialLabel={row?.unitName} placeholder="请选择单位" />
          </ProForm.Item>
      </Col>
      <ProFormDependency name={['unitId']}>
        {({ unitId }: Partial<UserFormValues>) => (
          <Col xs={24} sm={12}>
            <ProForm.Item name="personId" label="关联人员" tooltip="关联后“仅本人”数据权限按此人员计算">
              <PersonSelect
                unitId={unitId}
                disabled={!unitId}
                initialLabel={unitId === row?.unitId ? row?.personName : undefined}
                placeholder={unitId ? '输入姓名查找（可不选）' : '请先选择单位'}
              />
            </ProForm.Item>
          </Col>
        )}
      </ProFormDependency>
      <ProFormSelect
        name="roleIds"
        label="角色"
        colProps={{ span: 24 }}
        mode="multiple"
        fieldProps={{ options: roles.options, loading: roles.loading, optionFilterProp: 'label' }}
        rules={[
          {
            validator: async (_rule, ids: number[] | undefined) => {
              const admin = (ids ?? []).filter((id) => roles.isAdmin([id]));
              if (admin.length > 1) throw new Error('三员分立：一个用户只能担任一种管理员角色');
            },
          },
        ]}
        extra="系统管理员、安全管理员、审计管理员三类角色互斥，且须使用12位以上密码并启用动态口令。"
      />
      {row ? (
        <ProFormSelect name="status" label="状态" options={optionsOf(userStatusLabels)} />
      ) : (
        <ProFormDependency name={['username', 'roleIds']}>
          {({ username, roleIds }: Partial<UserFormValues>) => {
            const minLength = roles.isAdmin(roleIds ?? []) ? 12 : 8;
            return (
              <Col span={24}>
                <ProForm.Item
                  name="initialPassword"
                  label="初始密码"
                  extra={`至少${minLength}位，含大写字母、小写字母、数字、特殊字符中的至少3类，不含用户名；用户首次登录须修改。`}
                  rules={[
                    { required: true, message: '请输入初始密码' },
                    {
                      validator: async (_rule: unknown, value: string | undefined) => {
                        const errors = value ? passwordPolicyErrors(value, { minLength, username }) : [];
                        if (errors.length) throw new Error(errors.join('；'));
                      },
                    },
                  ]}
                >
                  <PasswordWithGenerator />
                </ProForm.Item>
              </Col>
            );
          }}
        </ProFormDependency>
      )}
    </ModalForm>
  );
}

/** A password input with a 生成 button; the generated password is shown so it can be handed over. */
export function PasswordWithGenerator({ value, onChange }: { value?: string; onChange?: (value: string) => void }) {
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input.Password
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoComplete="new-password"
        visibilityToggle
      />
      <Button onClick={() => onChange?.(generatePassword())}>随机生成</Button>
    </Space.Compact>
  );
}
