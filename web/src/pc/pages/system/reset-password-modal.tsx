import { ModalForm, ProForm } from '@ant-design/pro-components';
import { Alert, App, Form } from 'antd';
import { api, unwrap } from '../../../api/client';
import { saveForm } from '../../form-errors';
import { passwordPolicyErrors } from '../../validators';
import { PasswordWithGenerator, type UserRow } from './user-form-modal';

export function ResetPasswordModal({ row, onClose }: { row: UserRow; onClose: () => void }) {
  const [form] = Form.useForm<{ newPassword: string }>();
  const { message } = App.useApp();
  return (
    <ModalForm<{ newPassword: string }>
      title={`重置密码：${row.displayName}（${row.username}）`}
      open
      form={form}
      width={520}
      modalProps={{ onCancel: onClose, maskClosable: false }}
      onFinish={(values) =>
        saveForm(form, async () => {
          await unwrap(
            api.POST('/api/users/{id}/reset-password', {
              params: { path: { id: row.id } },
              body: { newPassword: values.newPassword },
            }),
          );
          message.success('密码已重置，用户下次登录须修改密码');
          onClose();
        })
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="重置后该用户的在线会话将失效，下次登录须修改密码。请通过安全渠道告知新密码。"
      />
      <ProForm.Item
        name="newPassword"
        label="新密码"
        extra="至少8位（管理员12位），含大写字母、小写字母、数字、特殊字符中的至少3类，不含用户名。"
        rules={[
          { required: true, message: '请输入新密码' },
          {
            validator: async (_rule: unknown, value: string | undefined) => {
              const errors = value ? passwordPolicyErrors(value, { minLength: 8, username: row.username }) : [];
              if (errors.length) throw new Error(errors.join('；'));
            },
          },
        ]}
      >
        <PasswordWithGenerator />
      </ProForm.Item>
    </ModalForm>
  );
}
