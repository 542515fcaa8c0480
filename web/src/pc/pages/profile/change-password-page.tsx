// 修改密码, with the policy shown up front and checked as the user types; the server has the last word.
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { ME_QUERY_KEY, useCurrentUser } from '../../me';
import { PASSWORD_POLICY_HINTS, passwordPolicyErrors } from '../../validators';

interface PasswordValues {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

function Checklist({ password, username }: { password: string; username: string }) {
  const checks = [
    { label: '至少 8 位', ok: password.length >= 8 },
    {
      label: '大写、小写、数字、特殊字符中至少 3 类',
      ok: [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length >= 3,
    },
    { label: '不包含用户名', ok: password.length > 0 && !password.toLowerCase().includes(username.toLowerCase()) },
  ];
  return (
    <Space direction="vertical" size={2} style={{ marginBottom: 16 }}>
      {checks.map((c) => (
        <Typography.Text key={c.label} type={c.ok ? 'success' : 'secondary'}>
          {c.ok ? <CheckCircleFilled /> : <CloseCircleFilled />} {c.label}
        </Typography.Text>
      ))}
    </Space>
  );
}

export function ChangePasswordPage() {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const forced = me.mustChangePassword || me.passwordExpired;

  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: PasswordValues) => {
    setSubmitting(true);
    try {
      await unwrap(
        api.POST('/api/me/password', {
          body: { oldPassword: values.oldPassword, newPassword: values.newPassword },
          silent: true,
        }),
      );
    } catch (error) {
      if (!isApiError(error)) throw error;
      if (error.code === 'AUTH_INVALID_CREDENTIALS') form.setFields([{ name: 'oldPassword', errors: [error.message] }]);
      else if (error.code === 'PASSWORD_POLICY' || error.code === 'PASSWORD_REUSED')
        form.setFields([{ name: 'newPassword', errors: [error.message] }]);
      else void message.error(error.message);
      return;
    } finally {
      setSubmitting(false);
    }
    message.success('密码已修改');
    form.resetFields();
    await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    if (forced) navigate('/', { replace: true });
  };

  return (
    <PageContainer title="修改密码">
      <Card style={{ maxWidth: 640 }}>
        {me.mustChangePassword && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="首次登录或密码已被管理员重置，请先修改密码再继续使用。" />
        )}
        {!me.mustChangePassword && me.passwordExpired && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="密码已超过有效期，请修改后继续使用。" />
        )}
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 24 }}
          message="密码要求"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {PASSWORD_POLICY_HINTS.map((hint) => (
                <li key={hint}>{hint}</li>
              ))}
            </ul>
          }
        />
        <Form<PasswordValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} autoComplete="off">
          <Form.Item name="oldPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            rules={[
              { required: true, message: '请输入新密码' },
              {
                validator: async (_rule, value: string | undefined) => {
                  const errors = value ? passwordPolicyErrors(value, { minLength: 8, username: me.user.username }) : [];
                  if (errors.length) throw new Error(errors.join('；'));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Checklist password={newPassword} username={me.user.username} />
          <Form.Item
            name="confirm"
            label="确认新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={submitting}>
              确认修改
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </PageContainer>
  );
}
