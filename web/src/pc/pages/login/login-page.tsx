// Login: username + password; a 6-digit 动态口令 appears when the server answers AUTH_TOTP_REQUIRED.
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { LoginForm, ProFormText } from '@ant-design/pro-components';
import { Alert, Form, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { safeRedirect, setCsrfToken } from '../../../api/session';
import type { ApiBody } from '../../../api/types';
import { applyFieldErrors } from '../../form-errors';
import { queryClient } from '../../query-client';

type LoginValues = ApiBody<'/api/auth/login', 'post'>;

export function LoginPage() {
  const [form] = Form.useForm<LoginValues>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Nothing of the previous session survives on the login page (the app layout is unmounted by now).
  useEffect(() => {
    setCsrfToken(null);
    queryClient.clear();
  }, []);

  const submit = async (values: LoginValues) => {
    setError(null);
    try {
      const body: LoginValues = {
        username: values.username.trim(),
        password: values.password,
        ...(needTotp && values.totpCode ? { totpCode: values.totpCode.trim() } : {}),
      };
      const result = await unwrap(api.POST('/api/auth/login', { body, silent: true }));
      setCsrfToken(result.csrfToken);
      queryClient.clear();
      if (result.mustChangePassword) navigate('/profile/password', { replace: true });
      else navigate(safeRedirect(searchParams.get('redirect')), { replace: true });
    } catch (e) {
      if (!isApiError(e)) {
        setError('网络连接失败，请检查网络后重试');
        return;
      }
      if (e.code === 'AUTH_TOTP_REQUIRED') {
        setNeedTotp(true);
        setError(null);
        return;
      }
      if (e.code === 'AUTH_TOTP_INVALID') {
        setNeedTotp(true);
        form.setFields([{ name: 'totpCode', errors: [e.message] }]);
        return;
      }
      if (applyFieldErrors(form, e)) return;
      setError(e.message);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #e8eef8 0%, #f6f8fc 55%, #ffffff 100%)',
        padding: '24px 12px',
        boxSizing: 'border-box',
      }}
    >
      <div
        style={{
          width: '100%',
          maxWidth: 440,
          background: '#fff',
          borderRadius: 12,
          boxShadow: '0 8px 32px rgba(29, 79, 145, 0.12)',
        }}
      >
        <LoginForm<LoginValues>
          form={form}
          logo={<img src="/favicon.svg" alt="" />}
          title="机关事务数字化平台"
          subTitle="Steward · 统一身份认证"
          submitter={{ searchConfig: { submitText: '登录' } }}
          onFinish={async (values) => {
            await submit(values);
            return true;
          }}
          containerStyle={{ background: 'transparent', paddingInline: 24 }}
          contentStyle={{ width: '100%', maxWidth: 360 }}
        >
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 24 }} />}
          {needTotp && !error && (
            <Alert type="info" showIcon message="该账号已启用动态口令，请输入验证器上的 6 位数字" style={{ marginBottom: 24 }} />
          )}
          <ProFormText
            name="username"
            fieldProps={{ size: 'large', prefix: <UserOutlined />, autoComplete: 'username', autoFocus: true }}
            placeholder="用户名"
            rules={[{ required: true, message: '请输入用户名' }]}
          />
          <ProFormText.Password
            name="password"
            fieldProps={{ size: 'large', prefix: <LockOutlined />, autoComplete: 'current-password' }}
            placeholder="密码"
            rules={[{ required: true, message: '请输入密码' }]}
          />
          {needTotp && (
            <ProFormText
              name="totpCode"
              fieldProps={{
                size: 'large',
                prefix: <SafetyOutlined />,
                maxLength: 6,
                inputMode: 'numeric',
                autoComplete: 'one-time-code',
                autoFocus: true,
              }}
              placeholder="动态口令（6位数字）"
              rules={[
                { required: true, message: '请输入动态口令' },
                { pattern: /^\d{6}$/, message: '动态口令为6位数字' },
              ]}
            />
          )}
        </LoginForm>
      </div>
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
        山东省机关事务管理局 · 机关事务数字化平台
      </Typography.Text>
    </div>
  );
}
