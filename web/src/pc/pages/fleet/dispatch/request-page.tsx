// 用车申请详情: where the request stands (steps), the approval, the car and driver, the trip; the requester cancels
// or gives feedback, the fleet manager dispatches, cancels the dispatch or records a no-show — as `_actions` allow.
import { AuditOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormText } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Rate, Result, Skeleton, Space, Steps, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { formatDateTime } from '../../../format';
import { DISPATCH_TAG, requestStatusEnum, windowText } from './dispatch-labels';
import { DispatchModal } from './board-page';

type FleetRequest = ApiResponse<'/api/fleet/requests/{id}'>;

/** The request's progress as steps: 申请 → 审批 → 派车 → 出车 → 收车. */
function stepsOf(r: FleetRequest): { current: number; status: 'process' | 'finish' | 'error' | 'wait' } {
  const d = r.dispatch && r.dispatch.status !== 'cancelled' ? r.dispatch : null;
  switch (r.status) {
    case 'pending':
      return { current: 1, status: 'process' };
    case 'rejected':
      return { current: 1, status: 'error' };
    case 'cancelled':
      return { current: r.instanceId ? 1 : 2, status: 'error' };
    case 'approved':
      return { current: 2, status: 'process' };
    case 'no_show':
      return { current: 3, status: 'error' };
    case 'dispatched':
      return { current: d?.status === 'started' ? 4 : 3, status: 'process' };
    case 'completed':
      return { current: 4, status: 'finish' };
    default:
      return { current: 0, status: 'process' };
  }
}

export function RequestPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [dispatching, setDispatching] = useState(false);
  const [score, setScore] = useState(5);
  const [text, setText] = useState('');
  const key = ['fleet-request', id];
  const q = useQuery({
    queryKey: key,
    enabled: Number.isInteger(id) && id > 0,
    queryFn: () => unwrap(api.GET('/api/fleet/requests/{id}', { params: { path: { id } } })),
  });
  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title="申请不存在" />;
  if (q.isPending)
    return (
      <PageContainer title="用车申请">
        <Card>
          <Skeleton active />
        </Card>
      </PageContainer>
    );
  if (q.isError)
    return (
      <PageContainer title="用车申请" onBack={() => navigate('/fleet/requests')}>
        <Result status="404" title="申请不存在或无权查看" />
      </PageContainer>
    );
  const r = q.data;
  const refresh = (next: FleetRequest) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: ['fleet-board'] });
  };
  const actions = new Set(r._actions);
  const d = r.dispatch;
  const steps = stepsOf(r);
  const status = requestStatusEnum[r.status as keyof typeof requestStatusEnum];

  const sendFeedback = async () => {
    const next = await attempt(() => unwrap(api.POST('/api/fleet/requests/{id}/feedback', { params: { path: { id } }, body: { score, text: text.trim() } })));
    if (next) {
      message.success('感谢评价');
      refresh(next);
    }
  };

  const reasonModal = (title: string, trigger: React.ReactElement, run: (reason: string) => Promise<FleetRequest | undefined>, label = '原因') => (
    <ModalForm<{ reason: string }>
      title={title}
      trigger={trigger}
      width={420}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const next = await run(v.reason.trim());
        if (next) refresh(next);
        return Boolean(next);
      }}
    >
      <ProFormText name="reason" label={label} rules={[{ required: true, message: `请填写${label}` }, { min: 2, max: 200, message: '2–200 个字' }]} />
    </ModalForm>
  );

  const extra = [
    actions.has('dispatch') && (
      <Button key="dispatch" type="primary" onClick={() => setDispatching(true)}>
        派车
      </Button>
    ),
    actions.has('cancel') &&
      reasonModal('取消用车申请', <Button key="cancel">取消申请</Button>, (reason) =>
        attempt(() => unwrap(api.POST('/api/fleet/requests/{id}/cancel', { params: { path: { id } }, body: { reason } }))),
      ),
    actions.has('cancel_dispatch') &&
      d &&
      reasonModal('取消派车', <Button key="cancel-dispatch">取消派车</Button>, (reason) =>
        attempt(() => unwrap(api.POST('/api/fleet/dispatches/{id}/cancel', { params: { path: { id: d.id } }, body: { reason } }))),
      ),
    actions.has('no_show') &&
      d &&
      reasonModal(
        '登记未按时用车',
        <Button key="no-show" danger>
          未按时用车
        </Button>,
        (reason) => attempt(() => unwrap(api.POST('/api/fleet/dispatches/{id}/no-show', { params: { path: { id: d.id } }, body: { note: reason } }))),
        '情况说明',
      ),
  ].filter(Boolean);

  return (
    <PageContainer
      title={`用车申请 #${r.id}`}
      onBack={() => navigate('/fleet/requests')}
      tags={[
        <Tag key="s" color={status?.status === 'Error' ? 'red' : status?.status === 'Success' ? 'green' : status?.status === 'Warning' ? 'gold' : 'blue'}>
          {r.statusName}
        </Tag>,
        ...(r.emergency ? [<Tag key="e" color="orange">紧急用车</Tag>] : []),
        ...(d?.lateEntry ? [<Tag key="l" color="red">逾期补录</Tag>] : []),
      ]}
      extra={extra}
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Steps
            current={steps.current}
            status={steps.status}
            items={[{ title: '提交申请' }, { title: r.emergency ? '紧急用车（免审批）' : '单位审批' }, { title: '派车' }, { title: '出车' }, { title: '收车' }]}
          />
        </Card>
        {d?.lateEntry && <Alert type="error" showIcon message="逾期补录" description="该紧急用车超过规定时限才补录，已生成预警，请说明情况。" />}
        <Card title="申请信息">
          <Descriptions column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="用车事由" span={2}>
              {r.purpose}
            </Descriptions.Item>
            <Descriptions.Item label="用车时间">{windowText(r.startsAt, r.endsAt)}</Descriptions.Item>
            <Descriptions.Item label="乘车人数">{r.passengers}</Descriptions.Item>
            <Descriptions.Item label="出发地">{r.origin}</Descriptions.Item>
            <Descriptions.Item label="目的地">{r.destination}</Descriptions.Item>
            <Descriptions.Item label="用车单位">{r.unitName}</Descriptions.Item>
            <Descriptions.Item label="申请人">{r.requesterName}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{formatDateTime(r.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="审批">
              {r.instanceId ? (
                <Link to={`/workflow/instances/${r.instanceId}`}>
                  <AuditOutlined /> 查看审批流程
                </Link>
              ) : (
                '紧急用车，事后补录'
              )}
            </Descriptions.Item>
            {r.cancelReason && <Descriptions.Item label="取消原因">{r.cancelReason}</Descriptions.Item>}
          </Descriptions>
        </Card>
        {d && (
          <Card title="派车与行程">
            <Descriptions column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label="车辆">
                {d.plate}（{d.vehicleModel}）
              </Descriptions.Item>
              <Descriptions.Item label="驾驶员">{d.driverName}</Descriptions.Item>
              <Descriptions.Item label="任务状态">
                <Tag color={DISPATCH_TAG[d.status]}>{d.statusName}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="派车登记时间">{formatDateTime(d.recordedAt)}</Descriptions.Item>
              <Descriptions.Item label="出车">{d.startedAt ? `${formatDateTime(d.startedAt)}，里程 ${d.startOdometer} 公里` : '-'}</Descriptions.Item>
              <Descriptions.Item label="收车">{d.finishedAt ? `${formatDateTime(d.finishedAt)}，里程 ${d.endOdometer} 公里` : '-'}</Descriptions.Item>
              <Descriptions.Item label="行驶里程">{d.km === null ? '-' : `${d.km} 公里`}</Descriptions.Item>
              <Descriptions.Item label="情况说明">{d.note ?? '-'}</Descriptions.Item>
            </Descriptions>
          </Card>
        )}
        {(r.feedbackScore !== null || actions.has('feedback')) && (
          <Card title="用车评价">
            {r.feedbackScore !== null ? (
              <Space direction="vertical">
                <Rate disabled value={r.feedbackScore} />
                <span>{r.feedback || '（无文字评价）'}</span>
              </Space>
            ) : (
              <Form layout="vertical" style={{ maxWidth: 520 }} onFinish={() => void sendFeedback()}>
                <Form.Item label="满意度">
                  <Rate value={score} onChange={(v) => setScore(v || 1)} aria-label="满意度" />
                </Form.Item>
                <Form.Item label="评价">
                  <Input.TextArea rows={3} maxLength={500} showCount value={text} onChange={(e) => setText(e.target.value)} placeholder="驾驶员服务、车辆状况等" />
                </Form.Item>
                <Button type="primary" htmlType="submit">
                  提交评价
                </Button>
              </Form>
            )}
          </Card>
        )}
      </Space>
      {dispatching && (
        <DispatchModal
          request={r}
          onClose={() => setDispatching(false)}
          onDone={(next) => {
            setDispatching(false);
            refresh(next);
          }}
        />
      )}
    </PageContainer>
  );
}
