// 个人中心: who I am, my roles and data scope, password and second factor.
import { PageContainer } from '@ant-design/pro-components';
import { Button, Card, Descriptions, Space, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { dataScopeLabels, labelOf } from '../../labels';
import { useCurrentUser } from '../../me';
import { TotpSetup } from './totp-setup';

export function ProfilePage() {
  const me = useCurrentUser();
  const navigate = useNavigate();
  return (
    <PageContainer title="个人中心">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card title="基本信息" size="small">
          <Descriptions column={{ xs: 1, sm: 2 }} size="small">
            <Descriptions.Item label="用户名">{me.user.username}</Descriptions.Item>
            <Descriptions.Item label="姓名">{me.user.displayName}</Descriptions.Item>
            <Descriptions.Item label="所属单位">{me.user.unitName}</Descriptions.Item>
            <Descriptions.Item label="关联人员">{me.user.personId ? '已关联' : '未关联'}</Descriptions.Item>
            <Descriptions.Item label="角色" span={2}>
              {me.roles.length ? (
                <Space size={[0, 4]} wrap>
                  {me.roles.map((r) => (
                    <Tag key={r.id} color="blue">
                      {r.name}（{labelOf(dataScopeLabels, r.dataScope)}）
                    </Tag>
                  ))}
                </Space>
              ) : (
                '未分配角色'
              )}
            </Descriptions.Item>
            <Descriptions.Item label="数据范围" span={2}>
              {me.dataScope.description}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card
          title="登录密码"
          size="small"
          extra={
            <Button type="link" onClick={() => navigate('/profile/password')}>
              修改密码
            </Button>
          }
        >
          {me.passwordExpired ? <Tag color="red">密码已过期，请立即修改</Tag> : '密码有效期 90 天，到期前请及时修改。'}
        </Card>
        <Card title="动态口令（双因素认证）" size="small">
          <TotpSetup me={me} />
        </Card>
      </Space>
    </PageContainer>
  );
}
