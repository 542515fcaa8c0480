// 审批详情: header, form, flowchart, timeline, and the action bar with exactly the allowed actions.
import { LinkOutlined, MobileOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Button, Card, Col, Descriptions, Result, Row, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../../api/errors';
import { setPreferPc } from '../../../mobile/phone';
import { FlowChart } from '../../components/flow-chart';
import { formatDateTime } from '../../format';
import { ActionDialog, actionButtons, useInstanceDetail, type WorkflowAction } from './instance-actions';
import { FormValues, InstanceTimeline } from './instance-parts';
import { WorkflowStatusTag } from './workflow-columns';

export function InstancePage() {
  const params = useParams();
  const id = Number(params.id);
  const navigate = useNavigate();
  const location = useLocation();
  const detail = useInstanceDetail(id);
  const [dialog, setDialog] = useState<WorkflowAction | null>(null);

  if (!Number.isInteger(id) || id <= 0) {
    return <Result status="404" title="审批不存在" extra={<Link to="/workflow/inbox">返回我的审批</Link>} />;
  }
  if (detail.isPending) {
    return (
      <PageContainer title="审批详情">
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  }
  if (detail.isError) {
    const missing = isApiError(detail.error) && detail.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'warning'}
        title={missing ? '审批不存在或无权查看' : '无法加载审批'}
        subTitle={missing ? undefined : detail.error.message}
        extra={
          <Space>
            <Button onClick={() => navigate('/workflow/inbox')}>返回我的审批</Button>
            {!missing && (
              <Button type="primary" onClick={() => void detail.refetch()}>
                重试
              </Button>
            )}
          </Space>
        }
      />
    );
  }

  const d = detail.data;
  const buttons = actionButtons(d._actions, d.myTaskId, d.myTaskKind);
  const footer = buttons.map((b) => (
    <Button key={b.action} type={b.type === 'primary' ? 'primary' : 'default'} danger={b.type === 'danger'} onClick={() => setDialog(b.action)}>
      {b.label}
    </Button>
  ));

  return (
    <PageContainer
      title={d.title}
      tags={<WorkflowStatusTag status={d.status} statusName={d.statusName} />}
      onBack={() => (location.key !== 'default' ? navigate(-1) : navigate('/workflow/inbox'))}
      extra={[
        d.link ? (
          <Link key="biz" to={d.link}>
            <Button icon={<LinkOutlined />}>查看业务单据</Button>
          </Link>
        ) : null,
        <Button key="reload" icon={<ReloadOutlined />} loading={detail.isFetching} onClick={() => void detail.refetch()}>
          刷新
        </Button>,
        <Link key="m" to={`/m/workflow/instances/${d.id}`} onClick={() => setPreferPc(false)}>
          <Button icon={<MobileOutlined />}>手机版</Button>
        </Link>,
      ]}
      content={
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'type', label: '审批类型', children: d.businessTypeName },
            { key: 'starter', label: '发起人', children: d.starterName },
            { key: 'unit', label: '发起单位', children: d.unitName },
            { key: 'started', label: '发起时间', children: formatDateTime(d.startedAt) },
            { key: 'finished', label: '办结时间', children: formatDateTime(d.finishedAt) },
            { key: 'version', label: '流程版本', children: `第 ${d.version} 版` },
          ]}
        />
      }
      footer={footer.length ? footer : undefined}
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title="申请内容" size="small">
              <FormValues form={d.form} />
            </Card>
            <Card title="办理记录" size="small">
              <InstanceTimeline detail={d} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={14}>
          <Card title="审批流程" size="small">
            <FlowChart nodes={d.flow} />
          </Card>
        </Col>
      </Row>
      {dialog && <ActionDialog detail={d} action={dialog} onClose={() => setDialog(null)} />}
    </PageContainer>
  );
}
