// 用房申请详情: the form values, status, the approval link, rooms claimed, and the execution steps
// (维修验收 / 处置执行 / 核销) when the application's `_actions` allow them.
import { AuditOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDatePicker, ProFormDigit, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Badge, Button, Card, Descriptions, Result, Skeleton, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import { formatDateTime } from '../../../format';
import { disposalFormLabels, formatMoney, wearGradeLabels } from './asset-labels';

const BADGE: Record<string, 'processing' | 'warning' | 'error' | 'default' | 'success'> = {
  pending: 'processing',
  approved: 'warning',
  rejected: 'error',
  cancelled: 'default',
  done: 'success',
};
const day = (v: Dayjs | string) => (typeof v === 'string' ? v : v.format('YYYY-MM-DD'));
const s = (v: unknown) => (v === null || v === undefined || v === '' ? '-' : String(v));
const money = (v: unknown) => (typeof v === 'number' ? formatMoney(v) : '-');

/** The kind-specific form values as label → text. */
function formItems(kind: string, f: Record<string, unknown>): [string, string][] {
  switch (kind) {
    case 'allocation':
      return f.source === 'idle_rooms'
        ? [['调剂来源', '闲置用房'], ['房间', ((f.rooms as string[] | undefined) ?? []).join('、')], ['使用面积', `${s(f.area)} ㎡`]]
        : [['调剂来源', '其他单位资产'], ['原使用单位', s(f.fromUnitName)]];
    case 'exchange':
      return [['置换对象', s(f.counterpartCardNo)], ['对方单位', s(f.counterpartUnitName)]];
    case 'lease_in':
      return [['出租方', s(f.lessor)], ['地址', s(f.address)], ['面积', `${s(f.area)} ㎡`], ['年租金', money(f.annualRent)], ['租期', `${s(f.termFrom)} 至 ${s(f.termTo)}`]];
    case 'repair':
      return [
        ['预算', money(f.budget)],
        ['完损等级', wearGradeLabels[f.wearGrade as keyof typeof wearGradeLabels] ?? '-'],
        ['建成年份', s(f.buildYear)],
        ['上次维修年份', s(f.lastRepairYear)],
        ['单位面积能耗', f.energyUse === null || f.energyUse === undefined ? '-' : `${String(f.energyUse)} kWh/㎡·年`],
        ['维修内容', s(f.scope)],
      ];
    case 'disposal':
      return [
        ['处置形式', disposalFormLabels[f.disposalForm as keyof typeof disposalFormLabels] ?? '-'],
        ['评估价值', money(f.appraisedValue)],
        ['原值', money(f.originalValue)],
        ['申请时净值', money(f.netValue)],
      ];
    default:
      return [];
  }
}

type Step = 'accept' | 'execute' | 'write_off';

export function ApplicationPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [step, setStep] = useState<Step | null>(null);
  const q = useQuery({
    queryKey: ['estate-application', id],
    enabled: Number.isInteger(id) && id > 0,
    queryFn: () => unwrap(api.GET('/api/estate/applications/{id}', { params: { path: { id } } })),
  });
  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title="申请不存在" />;
  if (q.isPending)
    return (
      <PageContainer title="用房申请">
        <Card>
          <Skeleton active />
        </Card>
      </PageContainer>
    );
  if (q.isError)
    return (
      <PageContainer title="用房申请" onBack={() => navigate('/estate/applications')}>
        <Result status="warning" title="无法加载申请" subTitle={q.error.message} extra={<Button onClick={() => void q.refetch()}>重试</Button>} />
      </PageContainer>
    );
  const { application: a, rooms } = q.data;
  const f = a.form;
  const done = (text: string) => {
    setStep(null);
    message.success(text);
    void q.refetch();
  };
  const acceptance = f.acceptance as Record<string, unknown> | undefined;
  const execution = f.execution as Record<string, unknown> | undefined;
  const writeOff = f.writeOff as Record<string, unknown> | undefined;

  return (
    <PageContainer
      title={`${a.kindName}申请 #${a.id}`}
      onBack={() => navigate('/estate/applications')}
      tags={[<Badge key="s" status={BADGE[a.status] ?? 'default'} text={a.statusName} />]}
      extra={[
        a.instanceId && (
          <Link key="wf" to={`/workflow/instances/${a.instanceId}`}>
            <Button icon={<AuditOutlined />}>查看审批</Button>
          </Link>
        ),
        a._actions.includes('accept') && (
          <Button key="accept" type="primary" onClick={() => setStep('accept')}>
            维修验收
          </Button>
        ),
        a._actions.includes('execute') && (
          <Button key="execute" type="primary" onClick={() => setStep('execute')}>
            登记处置执行
          </Button>
        ),
        a._actions.includes('write_off') && (
          <Button key="write_off" type="primary" danger onClick={() => setStep('write_off')}>
            核销
          </Button>
        ),
      ].filter(Boolean)}
    >
      <Card title="申请信息" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="标题" span={3}>
            {a.title}
          </Descriptions.Item>
          <Descriptions.Item label="申请单位">{a.unitName}</Descriptions.Item>
          <Descriptions.Item label="申请人">{a.createdByName}</Descriptions.Item>
          <Descriptions.Item label="资产">{a.cardId ? <Link to={`/estate/assets/${a.cardId}`}>{`${a.cardNo} ${a.cardName}`}</Link> : '-'}</Descriptions.Item>
          <Descriptions.Item label="申请时间">{formatDateTime(a.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="审批完成">{formatDateTime(a.decidedAt)}</Descriptions.Item>
          <Descriptions.Item label="办结时间">{formatDateTime(a.doneAt)}</Descriptions.Item>
          {a.priority !== null && <Descriptions.Item label="维修优先级">{a.priority}</Descriptions.Item>}
          {formItems(a.kind, f).map(([label, text]) => (
            <Descriptions.Item key={label} label={label}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>
            </Descriptions.Item>
          ))}
          <Descriptions.Item label="申请理由" span={3}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{a.reason}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {rooms.length > 0 && (
        <Card title={`申请的房间（${rooms.length} 间）`} style={{ marginBottom: 16 }}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={rooms}
            columns={[
              { title: '院落', dataIndex: 'compoundName' },
              { title: '楼座', dataIndex: 'buildingName' },
              { title: '房间', dataIndex: 'roomNo' },
              { title: '使用面积（㎡）', dataIndex: 'usableArea', align: 'right' },
              { title: '占用', dataIndex: 'open', render: (v: boolean) => (v ? <Tag color="processing">本申请占用中</Tag> : <Tag>已释放</Tag>) },
            ]}
          />
        </Card>
      )}
      {(acceptance || execution || writeOff) && (
        <Card title="执行情况">
          <Descriptions column={{ xs: 1, sm: 2, lg: 3 }}>
            {acceptance && (
              <>
                <Descriptions.Item label="验收日期">{s(acceptance.acceptedOn)}</Descriptions.Item>
                <Descriptions.Item label="实际费用">{money(acceptance.actualCost)}</Descriptions.Item>
                <Descriptions.Item label="施工单位">{s(acceptance.contractor)}</Descriptions.Item>
              </>
            )}
            {execution && (
              <>
                <Descriptions.Item label="执行日期">{s(execution.executedOn)}</Descriptions.Item>
                <Descriptions.Item label="接收方">{s(execution.counterparty)}</Descriptions.Item>
                <Descriptions.Item label="文号">{s(execution.documentNo)}</Descriptions.Item>
              </>
            )}
            {writeOff && (
              <>
                <Descriptions.Item label="核销日期">{s(writeOff.writtenOffOn)}</Descriptions.Item>
                <Descriptions.Item label="处置收入">{money(writeOff.proceeds)}</Descriptions.Item>
                <Descriptions.Item label="上缴国库凭证">{s(writeOff.remittanceNo)}</Descriptions.Item>
              </>
            )}
          </Descriptions>
        </Card>
      )}
      {step === 'accept' && (
        <ModalForm
          title="维修验收"
          open
          width={520}
          modalProps={{ onCancel: () => setStep(null), destroyOnClose: true }}
          onFinish={async (v: { actualCost: number; acceptedOn: Dayjs; contractor: string; note?: string }) => {
            const r = await attempt(() =>
              unwrap(api.POST('/api/estate/applications/{id}/accept', { params: { path: { id } }, body: { actualCost: v.actualCost, acceptedOn: day(v.acceptedOn), contractor: v.contractor.trim(), note: v.note } })),
            );
            if (r) done('已验收，资产恢复维修前状态');
            return !!r;
          }}
        >
          <ProFormDigit name="actualCost" label="实际费用（元）" min={0} fieldProps={{ precision: 2 }} rules={[{ required: true, message: '请填写实际费用' }]} />
          <ProFormDatePicker name="acceptedOn" label="验收日期" rules={[{ required: true, message: '请选择验收日期' }]} />
          <ProFormText name="contractor" label="施工单位" rules={[{ required: true, whitespace: true, message: '请填写施工单位' }, { min: 2, max: 100 }]} />
          <ProFormTextArea name="note" label="备注" rules={[{ max: 500 }]} />
        </ModalForm>
      )}
      {step === 'execute' && (
        <ModalForm
          title="登记处置执行"
          open
          width={520}
          modalProps={{ onCancel: () => setStep(null), destroyOnClose: true }}
          onFinish={async (v: { executedOn: Dayjs; counterparty?: string; documentNo?: string; note?: string }) => {
            const r = await attempt(() =>
              unwrap(api.POST('/api/estate/applications/{id}/execute', { params: { path: { id } }, body: { executedOn: day(v.executedOn), counterparty: v.counterparty, documentNo: v.documentNo, note: v.note } })),
            );
            if (r) done('已登记处置执行，请办理核销');
            return !!r;
          }}
        >
          <ProFormDatePicker name="executedOn" label="执行日期" rules={[{ required: true, message: '请选择执行日期' }]} />
          <ProFormText name="counterparty" label="接收方 / 买受方 / 受赠方" rules={[{ max: 100 }]} />
          <ProFormText name="documentNo" label="批复或合同文号" rules={[{ max: 100 }]} />
          <ProFormTextArea name="note" label="备注" rules={[{ max: 500 }]} />
        </ModalForm>
      )}
      {step === 'write_off' && (
        <ModalForm
          title="处置核销"
          open
          width={520}
          modalProps={{ onCancel: () => setStep(null), destroyOnClose: true }}
          onFinish={async (v: { writtenOffOn: Dayjs; proceeds: number; remittanceNo?: string; note?: string }) => {
            const r = await attempt(() =>
              unwrap(api.POST('/api/estate/applications/{id}/write-off', { params: { path: { id } }, body: { writtenOffOn: day(v.writtenOffOn), proceeds: v.proceeds, remittanceNo: v.remittanceNo, note: v.note } })),
            );
            if (r) done('已核销，资产卡片注销');
            return !!r;
          }}
        >
          <ProFormDatePicker name="writtenOffOn" label="核销日期" rules={[{ required: true, message: '请选择核销日期' }]} />
          <ProFormDigit name="proceeds" label="处置收入（元）" min={0} initialValue={0} fieldProps={{ precision: 2 }} rules={[{ required: true }]} />
          <ProFormText name="remittanceNo" label="上缴国库缴款凭证号" tooltip="有处置收入时必填" rules={[{ max: 60 }]} />
          <ProFormTextArea name="note" label="备注" rules={[{ max: 500 }]} />
        </ModalForm>
      )}
    </PageContainer>
  );
}
