// TOTP second factor: ask the server for a secret, show it (QR + text), confirm with a first code.
import { CheckCircleTwoTone } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, QRCode, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { api, attempt, unwrap } from '../../../api/client';
import { saveForm } from '../../form-errors';
import { ME_QUERY_KEY, type Me } from '../../me';

interface Setup {
  secret: string;
  otpauthUrl: string;
}

/** "JBSW Y3DP EHPK 3PXP" — easier to type from a phone screen. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})/g, '$1 ').trim();
}

export function TotpSetup({ me }: { me: Me }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ code: string }>();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [starting, setStarting] = useState(false);

  if (me.totpEnabled) {
    return (
      <Space>
        <CheckCircleTwoTone twoToneColor="#52c41a" />
        <span>已启用动态口令，登录时须输入验证器上的 6 位数字。</span>
      </Space>
    );
  }

  const start = async () => {
    setStarting(true);
    const result = await attempt(() => unwrap(api.POST('/api/me/totp/setup')));
    setStarting(false);
    if (result) setSetup(result);
  };

  const enable = (values: { code: string }) =>
    saveForm(form, async () => {
      await unwrap(api.POST('/api/me/totp/enable', { body: { code: values.code.trim() } }));
      message.success('动态口令已启用');
      setSetup(null);
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    });

  return (
    <div>
      {me.totpRequired && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="您的角色要求启用动态口令（双因素认证），请尽快完成设置。" />
      )}
      {!setup ? (
        <Button type="primary" loading={starting} onClick={() => void start()}>
          启用动态口令
        </Button>
      ) : (
        <Steps
          direction="vertical"
          size="small"
          current={1}
          items={[
            {
              title: '在手机验证器中添加账号',
              description: (
                <div style={{ paddingBlock: 8 }}>
                  <Typography.Paragraph type="secondary">
                    使用 Microsoft Authenticator、Google Authenticator、FreeOTP 等验证器扫描二维码，或手动输入密钥。
                  </Typography.Paragraph>
                  <Space align="start" wrap size="large">
                    <QRCode value={setup.otpauthUrl} size={160} bordered />
                    <div style={{ maxWidth: 420 }}>
                      <Typography.Text type="secondary">密钥</Typography.Text>
                      <Typography.Paragraph copyable={{ text: setup.secret }} code style={{ fontSize: 16 }}>
                        {groupSecret(setup.secret)}
                      </Typography.Paragraph>
                      <Typography.Text type="secondary">otpauth 地址</Typography.Text>
                      <Typography.Paragraph copyable style={{ wordBreak: 'break-all' }}>
                        {setup.otpauthUrl}
                      </Typography.Paragraph>
                    </div>
                  </Space>
                </div>
              ),
            },
            {
              title: '输入验证器显示的 6 位数字',
              description: (
                <Form form={form} layout="inline" onFinish={(values) => void enable(values)} style={{ paddingBlock: 8 }}>
                  <Form.Item
                    name="code"
                    rules={[
                      { required: true, message: '请输入动态口令' },
                      { pattern: /^\d{6}$/, message: '动态口令为6位数字' },
                    ]}
                  >
                    <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" placeholder="6位数字" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item>
                    <Space>
                      <Button type="primary" htmlType="submit">
                        确认启用
                      </Button>
                      <Button onClick={() => setSetup(null)}>取消</Button>
                    </Space>
                  </Form.Item>
                </Form>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
