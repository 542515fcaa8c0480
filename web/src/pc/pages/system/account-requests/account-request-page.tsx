// 账号申请 › detail: the request, its state, the accounts (已开通 once approved), the approval, and for the requester
// the 查看初始密码 button (each reveal is audited).
import { AuditOutlined, CopyOutlined, KeyOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Descriptions, Modal, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { can } from '../../../components/row-actions';
import { formatDateTime } from '../../../format';
import { accountRequestStatusEnum } from './account-requests-page';

type Revealed = ApiResponse<'/api/account-requests/{id}/reveal', 'post'>;

const STATUS_BADGE: Record<string, 'processing' | 'success' | 'error' | 'default'> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
};

function CopyButton({ text, label }: { text: string; label: string }) {
  const { message } = App.useApp();
  return (
    <Button
      size="small"
      icon={<CopyOutlined />}
      aria-label={`复制${label}`}
      onClick={() =>
        void navigator.clipboard.writeText(text).then(
          () => message.success(`已复制${label}`),
          () => message.error('复制失败，请手动选择复制'),
        )
      }
    >
      复制
    </Button>
  );
}

function RevealModal({ accounts, onClose }: { accounts: Revealed; onClose: () => void }) {
  const all = accounts.map((a) => `${a.displayName}\t用户名：${a.username}\t初始密码：${a.initialPassword}`).join('\n');
  return (
    <Modal open title="新账号的初始密码" width={720} onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} destroyOnClose>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message="请将初始密码当面或通过安全渠道交给本人"
        description="初始密码仅供首次登录使用，首次登录时必须修改密码。请勿通过短信、微信群等方式明文转发；本次查看已记入审计日志。"
      />
      <Table
        rowKey="username"
        size="small"
        pagination={false}
        dataSource={accounts}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '姓名', dataIndex: 'displayName' },
          {
            title: '用户名',
            dataIndex: 'username',
            render: (v: string) => (
              <Space>
                <Typography.Text code>{v}</Typography.Text>
                <CopyButton text={v} label="用户名" />
              </Space>
            ),
          },
          {
            title: '初始密码',
            dataIndex: 'initialPassword',
            render: (v: string) =>
              v ? (
                <Space>
                  <Typography.Text code style={{ fontSize: 14 }}>
                    {v}
                  </Typography.Text>
                  <CopyButton text={v} label="初始密码" />
                </Space>
              ) : (
                <Typography.Text type="secondary">无（账号未开通）</Typography.Text>
              ),
          },
        ]}
      />
      {accounts.length > 1 && (
        <div style={{ marginTop: 12, textAlign: 'right' }}>
          <CopyButton text={all} label="全部账号和密码" />
        </div>
      )}
    </Modal>
  );
}

export function AccountRequestPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [revealing, setRevealing] = useState(false);
  const detail = useQuery({
    queryKey: ['account-request', id],
    enabled: Number.isInteger(id) && id > 0,
    queryFn: () => unwrap(api.GET('/api/account-requests/{id}', { params: { path: { id } } })),
  });

  const reveal = async () => {
    setRevealing(true);
    const accounts = await attempt(() => unwrap(api.POST('/api/account-requests/{id}/reveal', { params: { path: { id } } })));
    setRevealing(false);
    if (accounts) setRevealed(accounts);
  };

  // the list's 查看初始密码 link lands here with ?reveal=1: ask once, then drop the flag
  const askedOnce = useRef(false);
  const canReveal = detail.data ? can(detail.data.request, 'reveal') : false;
  useEffect(() => {
    if (askedOnce.current || search.get('reveal') !== '1' || !detail.data) return;
    askedOnce.current = true;
    setSearch({}, { replace: true });
    if (canReveal) void reveal();
  }, [detail.data, canReveal]);

  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title="账号申请不存在" />;
  if (detail.isPending)
    return (
      <PageContainer title="账号申请">
        <Card>
          <Skeleton active />
        </Card>
      </PageContainer>
    );
  if (detail.isError)
    return (
      <PageContainer title="账号申请" onBack={() => navigate('/system/account-requests')}>
        <Result status="warning" title="无法加载账号申请" subTitle={detail.error.message} extra={<Button onClick={() => void detail.refetch()}>重试</Button>} />
      </PageContainer>
    );

  const { request, items } = detail.data;
  const statusText = accountRequestStatusEnum[request.status as keyof typeof accountRequestStatusEnum]?.text ?? request.statusName;
  const opened = items.filter((i) => i.opened).length;

  return (
    <PageContainer
      title={`账号申请 #${request.id}`}
      onBack={() => navigate('/system/account-requests')}
      tags={[<Badge key="s" status={STATUS_BADGE[request.status] ?? 'default'} text={request.statusName || statusText} />]}
      extra={[
        request.instanceId && (
          <Link key="flow" to={`/workflow/instances/${request.instanceId}`}>
            <Button icon={<AuditOutlined />}>查看审批</Button>
          </Link>
        ),
        canReveal && (
          <Button key="reveal" type="primary" icon={<KeyOutlined />} loading={revealing} onClick={() => void reveal()}>
            查看初始密码
          </Button>
        ),
      ].filter(Boolean)}
    >
      {request.status === 'pending' && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message="申请正在审批中，审批通过后账号自动开通。" />
      )}
      {request.status === 'approved' && canReveal && (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} message={`账号已开通（${opened} 个）。点击“查看初始密码”获取各账号的初始密码，首次登录须修改。`} />
      )}
      {request.status === 'rejected' && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} message="申请未通过，可在审批记录中查看原因，修改后重新申请。" />
      )}
      <Card title="申请信息" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="申请单位">{request.unitName}</Descriptions.Item>
          <Descriptions.Item label="申请人">{request.requestedByName}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <Badge status={STATUS_BADGE[request.status] ?? 'default'} text={request.statusName || statusText} />
          </Descriptions.Item>
          <Descriptions.Item label="申请时间">{formatDateTime(request.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="办结时间">{formatDateTime(request.decidedAt)}</Descriptions.Item>
          <Descriptions.Item label="审批">
            {request.instanceId ? <Link to={`/workflow/instances/${request.instanceId}`}>审批详情 #{request.instanceId}</Link> : '-'}
          </Descriptions.Item>
          <Descriptions.Item label="申请理由" span={3}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{request.reason}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={`申请的账号（${items.length} 个）`}>
        <Table
          rowKey="username"
          size="middle"
          pagination={false}
          dataSource={items}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '序号', key: 'index', width: 64, render: (_, __, index) => index + 1 },
            { title: '用户名', dataIndex: 'username', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: '姓名', dataIndex: 'displayName' },
            { title: '关联人员', dataIndex: 'personName', render: (v: string | null) => v ?? '-' },
            { title: '角色', dataIndex: 'roleName' },
            {
              title: '开通状态',
              dataIndex: 'opened',
              render: (v: boolean) => (v ? <Tag color="success">已开通</Tag> : <Tag>{request.status === 'pending' ? '待审批' : '未开通'}</Tag>),
            },
          ]}
        />
      </Card>
      {revealed && <RevealModal accounts={revealed} onClose={() => setRevealed(null)} />}
    </PageContainer>
  );
}
