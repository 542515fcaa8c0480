// 申请用车: purpose, passengers, from → to and the time window; 先申请、后用车 (the window starts in the future),
// checked as the user types. One request key per opened form, so a double click files once.
import { PageContainer, ProForm, ProFormDateTimeRangePicker, ProFormDigit, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App, Card, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import { newRequestKey } from '../../system/account-requests/account-request-form';
import { windowProblem } from './dispatch-labels';

interface Values {
  purpose: string;
  passengers: number;
  origin: string;
  destination: string;
  window: [Dayjs, Dayjs];
}


export function RequestNewPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [requestKey] = useState(newRequestKey);

  const submit = async (v: Values) => {
    const r = await attempt(() =>
      unwrap(
        api.POST('/api/fleet/requests', {
          body: {
            requestKey,
            purpose: v.purpose.trim(),
            passengers: v.passengers,
            origin: v.origin.trim(),
            destination: v.destination.trim(),
            from: dayjs(v.window[0]).toISOString(),
            to: dayjs(v.window[1]).toISOString(),
          },
        }),
      ),
    );
    if (!r) return false;
    message.success(r.status === 'pending' ? '已提交，等待单位负责人审批' : '已提交');
    navigate(`/fleet/requests/${r.id}`, { replace: true });
    return true;
  };

  return (
    <PageContainer title="申请用车" onBack={() => navigate('/fleet/requests')} content="先申请、后用车。紧急情况先派车的，由公务用车管理员事后补录。">
      <Card style={{ maxWidth: 720 }}>
        <ProForm<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          validateTrigger={['onChange', 'onBlur']}
          submitter={{ searchConfig: { submitText: '提交申请' }, resetButtonProps: false }}
          initialValues={{ passengers: 1 }}
        >
          <ProFormTextArea
            name="purpose"
            label="用车事由"
            rules={[{ required: true, message: '请填写用车事由' }, { min: 2, max: 200, message: '2–200 个字' }]}
            fieldProps={{ rows: 2, showCount: true, maxLength: 200 }}
          />
          <ProFormDateTimeRangePicker
            name="window"
            label="用车时间"
            fieldProps={{ format: 'YYYY-MM-DD HH:mm', placeholder: ['开始时间', '结束时间'], showTime: { format: 'HH:mm', minuteStep: 5 }, disabledDate: (d: Dayjs) => d.isBefore(dayjs(), 'day') }}
            rules={[
              {
                required: true,
                validator: async (_, w: [Dayjs, Dayjs] | undefined) => {
                  const p = windowProblem(w);
                  if (p) throw new Error(p);
                },
              },
            ]}
          />
          <ProFormDigit name="passengers" label="乘车人数" min={1} max={50} fieldProps={{ precision: 0 }} rules={[{ required: true, message: '请填写乘车人数' }]} />
          <ProForm.Group>
            <ProFormText name="origin" label="出发地" width="md" rules={[{ required: true, message: '请填写出发地' }, { min: 2, max: 100, message: '2–100 个字' }]} />
            <ProFormText name="destination" label="目的地" width="md" rules={[{ required: true, message: '请填写目的地' }, { min: 2, max: 100, message: '2–100 个字' }]} />
          </ProForm.Group>
        </ProForm>
      </Card>
    </PageContainer>
  );
}
