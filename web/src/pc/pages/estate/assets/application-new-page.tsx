// 新建用房申请: one form per kind (?kind=allocation|exchange|lease_in|repair|disposal), the card from ?cardId=, and for
// an allocation the idle rooms picked on the idle-pool page (?roomIds=1,2,3). One request key per opened form.
import { PageContainer, ProForm, ProFormDateRangePicker, ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Card, Descriptions, Form, Result, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../../../api/client';
import { isApiError } from '../../../../api/errors';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { useCurrentUser } from '../../../me';
import { newRequestKey } from '../../system/account-requests/account-request-form';
import { type ApplicationKind, applicationKindLabels, disposalFormLabels, formatMoney, options, wearGradeLabels } from './asset-labels';

interface Values {
  reason: string;
  title?: string;
  unitId?: number;
  counterpartCardId?: number;
  lessor?: string;
  address?: string;
  area?: number;
  annualRent?: number;
  term?: [Dayjs, Dayjs];
  budget?: number;
  scope?: string;
  wearGrade?: string;
  lastRepairYear?: number;
  energyUse?: number;
  disposalForm?: string;
  appraisedValue?: number;
}

const KINDS: ApplicationKind[] = ['allocation', 'exchange', 'lease_in', 'repair', 'disposal'];

export function ApplicationNewPage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const [requestKey] = useState(newRequestKey);
  const kind = (search.get('kind') ?? '') as ApplicationKind;
  const cardId = Number(search.get('cardId')) || undefined;
  const roomIds = (search.get('roomIds') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const card = useQuery({
    queryKey: ['estate-asset', cardId],
    enabled: !!cardId,
    queryFn: () => unwrap(api.GET('/api/estate/assets/{id}', { params: { path: { id: cardId! } } })),
  });
  const [counterpartQuery, setCounterpartQuery] = useState('');
  const counterparts = useQuery({
    queryKey: ['estate-assets-pick', counterpartQuery],
    enabled: kind === 'exchange',
    queryFn: () => unwrap(api.GET('/api/estate/assets', { params: { query: { cardNo: counterpartQuery || undefined, pageSize: 50 } } })),
  });

  if (!KINDS.includes(kind)) return <Result status="404" title="未知的申请类型" extra={<Link to="/estate/applications">返回申请列表</Link>} />;
  const needsCard = kind === 'exchange' || kind === 'repair' || kind === 'disposal';
  if (needsCard && !cardId)
    return <Result status="info" title={`请从资产卡片详情发起${applicationKindLabels[kind]}申请`} extra={<Link to="/estate/assets">前往资产卡片</Link>} />;
  if (kind === 'allocation' && !cardId && !roomIds.length)
    return <Result status="info" title="请先在闲置用房中选择要申请调剂的房间" extra={<Link to="/estate/idle">前往闲置用房</Link>} />;

  const submit = async (v: Values) => {
    const base = { requestKey, reason: v.reason.trim(), ...(v.title?.trim() ? { title: v.title.trim() } : {}) };
    try {
      let created;
      switch (kind) {
        case 'allocation':
          created = await unwrap(api.POST('/api/estate/applications/allocation', { body: { ...base, unitId: v.unitId, ...(cardId ? { cardId } : { roomIds }) } }));
          break;
        case 'exchange':
          created = await unwrap(api.POST('/api/estate/applications/exchange', { body: { ...base, cardId: cardId!, counterpartCardId: v.counterpartCardId! } }));
          break;
        case 'lease_in':
          created = await unwrap(
            api.POST('/api/estate/applications/lease-in', {
              body: {
                ...base,
                unitId: v.unitId,
                lessor: v.lessor!.trim(),
                address: v.address!.trim(),
                area: v.area!,
                annualRent: v.annualRent!,
                termFrom: v.term![0].format('YYYY-MM-DD'),
                termTo: v.term![1].format('YYYY-MM-DD'),
              },
            }),
          );
          break;
        case 'repair':
          created = await unwrap(
            api.POST('/api/estate/applications/repair', {
              body: {
                ...base,
                cardId: cardId!,
                budget: v.budget!,
                scope: v.scope!.trim(),
                wearGrade: v.wearGrade as 'intact',
                lastRepairYear: v.lastRepairYear ?? null,
                energyUse: v.energyUse ?? null,
              },
            }),
          );
          break;
        case 'disposal':
          created = await unwrap(
            api.POST('/api/estate/applications/disposal', {
              body: { ...base, cardId: cardId!, disposalForm: v.disposalForm as 'scrap', appraisedValue: v.appraisedValue ?? null },
            }),
          );
          break;
      }
      message.success('申请已提交，等待审批');
      navigate(`/estate/applications/${created.application.id}`, { replace: true });
      return true;
    } catch (e) {
      if (isApiError(e) && e.details.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof Values, errors: [d.message] })));
      return false;
    }
  };

  const c = card.data?.card;
  const year = new Date().getFullYear();
  return (
    <PageContainer title={`申请${applicationKindLabels[kind]}`} onBack={() => navigate(-1)}>
      {c && (
        <Card title="资产" size="small" style={{ marginBottom: 16 }}>
          <Descriptions column={{ xs: 1, sm: 2, lg: 4 }} size="small">
            <Descriptions.Item label="卡片">
              <Link to={`/estate/assets/${c.id}`}>
                {c.cardNo} {c.name}
              </Link>
            </Descriptions.Item>
            <Descriptions.Item label="使用单位">{c.unitName}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag>{c.statusName}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="净值">{formatMoney(c.netValue)}</Descriptions.Item>
            {kind === 'repair' && <Descriptions.Item label="建成年份">{c.buildYear ?? '未登记'}</Descriptions.Item>}
          </Descriptions>
        </Card>
      )}
      {kind === 'allocation' && !cardId && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={`申请调剂闲置房间 ${roomIds.length} 间（房间编号 ${roomIds.join('、')}），提交后房间即被本申请占用，审批通过后划归申请单位。`} />
      )}
      {kind === 'disposal' && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="提交后资产转为“待处置”；审批未通过或撤回时恢复原状态。审批通过后需登记处置执行并核销，处置收入上缴国库。" />
      )}
      <Card>
        <ProForm<Values> form={form} layout="vertical" grid rowProps={{ gutter: 16 }} onFinish={submit} submitter={{ searchConfig: { submitText: '提交申请' }, resetButtonProps: false }}>
          {(kind === 'allocation' || kind === 'lease_in') && (
            <Form.Item name="unitId" label="申请单位" tooltip="不选则为本单位" style={{ width: '50%', paddingInline: 8 }}>
              <OrgTreeSelect selectableKind="unit" placeholder={`默认：${me.user.unitName}`} />
            </Form.Item>
          )}
          {kind === 'exchange' && (
            <ProFormSelect
              name="counterpartCardId"
              label="置换对象（其他单位的资产卡片）"
              colProps={{ span: 12 }}
              showSearch
              options={(counterparts.data?.items ?? []).filter((x) => x.id !== cardId && x.unitId !== c?.unitId).map((x) => ({ value: x.id, label: `${x.cardNo} ${x.name}（${x.unitName}）` }))}
              fieldProps={{ filterOption: false, onSearch: setCounterpartQuery, loading: counterparts.isFetching }}
              rules={[{ required: true, message: '请选择置换对象' }]}
            />
          )}
          {kind === 'lease_in' && (
            <>
              <ProFormText name="lessor" label="出租方" colProps={{ span: 12 }} rules={[{ required: true, whitespace: true, message: '请填写出租方' }, { min: 2, max: 100 }]} />
              <ProFormText name="address" label="房屋地址" colProps={{ span: 12 }} rules={[{ required: true, whitespace: true, message: '请填写地址' }, { min: 2, max: 200 }]} />
              <ProFormDigit name="area" label="租用面积（㎡）" colProps={{ span: 8 }} min={0.01} fieldProps={{ precision: 2 }} rules={[{ required: true, message: '请填写面积' }]} />
              <ProFormDigit name="annualRent" label="年租金（元）" colProps={{ span: 8 }} min={0} fieldProps={{ precision: 2 }} rules={[{ required: true, message: '请填写年租金' }]} />
              <ProFormDateRangePicker name="term" label="租期" colProps={{ span: 8 }} rules={[{ required: true, message: '请选择租期' }]} />
            </>
          )}
          {kind === 'repair' && (
            <>
              <ProFormDigit name="budget" label="预算（元）" colProps={{ span: 8 }} min={0} fieldProps={{ precision: 2 }} rules={[{ required: true, message: '请填写预算' }]} />
              <ProFormSelect name="wearGrade" label="完损等级" colProps={{ span: 8 }} options={options(wearGradeLabels)} rules={[{ required: true, message: '请选择完损等级' }]} />
              <ProFormDigit name="lastRepairYear" label="上次大中修年份" colProps={{ span: 8 }} min={1900} max={year} fieldProps={{ precision: 0 }} />
              <ProFormDigit name="energyUse" label="单位面积年能耗（kWh/㎡·年）" colProps={{ span: 8 }} min={0} fieldProps={{ precision: 1 }} />
              <ProFormTextArea name="scope" label="维修内容" colProps={{ span: 24 }} rules={[{ required: true, whitespace: true, message: '请填写维修内容' }, { min: 2, max: 1000 }]} />
            </>
          )}
          {kind === 'disposal' && (
            <>
              <ProFormSelect name="disposalForm" label="处置形式" colProps={{ span: 12 }} options={options(disposalFormLabels)} rules={[{ required: true, message: '请选择处置形式' }]} />
              <ProFormDigit name="appraisedValue" label="评估价值（元）" colProps={{ span: 12 }} min={0} fieldProps={{ precision: 2 }} />
            </>
          )}
          <ProFormText name="title" label="标题" colProps={{ span: 24 }} placeholder="可不填，系统自动生成" rules={[{ max: 100 }]} />
          <ProFormTextArea name="reason" label="申请理由" colProps={{ span: 24 }} rules={[{ required: true, whitespace: true, message: '请填写申请理由' }, { min: 2, max: 1000, message: '2–1000 个字' }]} />
        </ProForm>
      </Card>
    </PageContainer>
  );
}
