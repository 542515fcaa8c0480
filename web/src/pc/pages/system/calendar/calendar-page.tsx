// 工作日历: the public holidays and swapped working days (调休) that decide what a working day is — a year at a glance,
// the list with export, and editing for administrators.
import { ModalForm, PageContainer, ProFormRadio, ProFormText, type ActionType } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Col, Form, Row, Select, Space, Statistic, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { actionsColumn } from '../../../components/row-actions';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { saveForm } from '../../../form-errors';
import { usePermission } from '../../../me';
import { monthGrid, type GridDay } from './calendar-grid';
import './calendar.css';

type DayRow = ApiResponse<'/api/calendar-days'>['items'][number];
interface DayForm {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  source?: string;
}

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];
const KIND_TEXT = { work: '工作日', weekend: '周末', holiday: '放假', workday: '调休上班' } as const;

function DayEditor({ initial, onClose, onSaved }: { initial: DayForm; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<DayForm>();
  const { message } = App.useApp();
  return (
    <ModalForm<DayForm>
      title={`设置 ${initial.day}`}
      open
      form={form}
      width={480}
      initialValues={initial}
      modalProps={{ onCancel: onClose, maskClosable: false }}
      onFinish={(v) =>
        saveForm(form, async () => {
          await unwrap(api.PUT('/api/calendar-days/{day}', { params: { path: { day: initial.day } }, body: { kind: v.kind, name: v.name.trim(), source: v.source?.trim() ?? '' } }));
          message.success('已保存');
          onSaved();
        })
      }
    >
      <ProFormRadio.Group
        name="kind"
        label="类型"
        options={[
          { value: 'holiday', label: '放假' },
          { value: 'workday', label: '调休上班（仅周六、周日）' },
        ]}
        rules={[{ required: true, message: '请选择类型' }]}
      />
      <ProFormText name="name" label="名称" placeholder="如：春节、国庆节调休上班" fieldProps={{ maxLength: 40 }} rules={[{ required: true, whitespace: true, message: '请填写名称' }]} />
      <ProFormText name="source" label="依据" placeholder="如：国务院办公厅关于2027年部分节假日安排的通知" fieldProps={{ maxLength: 200 }} />
    </ModalForm>
  );
}

function Month({ year, month, days, onPick }: { year: number; month: number; days: Map<string, { kind: 'holiday' | 'workday'; name: string }>; onPick?: (d: GridDay) => void }) {
  return (
    <div className="cal-month">
      <div className="cal-month-title">{month} 月</div>
      <div className="cal-grid">
        {WEEK.map((w) => (
          <div key={w} className="cal-head">
            {w}
          </div>
        ))}
        {monthGrid(year, month, days)
          .flat()
          .map((d, i) =>
            d ? (
              <Tooltip key={d.day} title={`${d.day} ${d.name ?? KIND_TEXT[d.kind]}`}>
                <button type="button" className={`cal-day cal-${d.kind}`} onClick={onPick ? () => onPick(d) : undefined} disabled={!onPick} aria-label={`${d.day} ${d.name ?? KIND_TEXT[d.kind]}`}>
                  {d.date}
                </button>
              </Tooltip>
            ) : (
              <div key={`pad-${i}`} />
            ),
          )}
      </div>
    </div>
  );
}

export function CalendarPage() {
  const can = usePermission();
  const writable = can('system:calendar:write');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const actionRef = useRef<ActionType>();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [editing, setEditing] = useState<DayForm | null>(null);

  const days = useQuery({
    queryKey: ['calendar-days', year],
    queryFn: () => unwrap(api.GET('/api/calendar-days', { params: { query: { year, pageSize: 200, sort: 'day' } } })),
  });
  const summary = useQuery({
    queryKey: ['calendar-summary', year],
    queryFn: () => unwrap(api.GET('/api/calendar-days/summary', { params: { query: { year } } })),
  });
  const exceptions = new Map((days.data?.items ?? []).map((d) => [d.day, { kind: d.kind as 'holiday' | 'workday', name: d.name }]));
  const refresh = () => {
    setEditing(null);
    void qc.invalidateQueries({ queryKey: ['calendar-days'] });
    void qc.invalidateQueries({ queryKey: ['calendar-summary'] });
    void actionRef.current?.reload();
  };
  const remove = (row: DayRow) =>
    attempt(async () => {
      await unwrap(api.DELETE('/api/calendar-days/{day}', { params: { path: { day: row.day } } }));
      message.success(`${row.day} 已恢复为普通日`);
      refresh();
    });
  const pick = (d: GridDay) => {
    const ex = exceptions.get(d.day);
    setEditing({ day: d.day, kind: ex?.kind ?? (d.kind === 'weekend' ? 'workday' : 'holiday'), name: ex?.name ?? '', source: '' });
  };

  const columns: TableColumns<'/api/calendar-days'> = [
    { title: '日期', dataIndex: 'day', sorter: true, hideInSearch: true },
    {
      title: '类型',
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: { holiday: { text: '放假', status: 'Error' }, workday: { text: '调休上班', status: 'Processing' } },
    },
    { title: '名称', dataIndex: 'name', hideInSearch: true },
    { title: '依据', dataIndex: 'source', hideInSearch: true, ellipsis: true, width: 320 },
    actionsColumn((row) => [
      { action: 'update', label: '编辑', onClick: () => setEditing({ day: row.day, kind: row.kind as 'holiday' | 'workday', name: row.name, source: row.source }) },
      { action: 'delete', label: '恢复普通日', danger: true, confirm: `确定将 ${row.day}（${row.name}）恢复为普通日吗？`, onClick: () => remove(row) },
    ]),
  ];

  return (
    <PageContainer
      title="工作日历"
      content="法定节假日与调休上班日。用车“非工作时间”判断、节假日封存、使用率等按此计算。国务院办公厅每年 11 月发布次年安排，请及时录入。"
      extra={
        <Select
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={Array.from({ length: 6 }, (_, i) => thisYear - 3 + i).map((y) => ({ value: y, label: `${y} 年` }))}
          aria-label="年份"
        />
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={24} style={{ marginBottom: 16 }}>
          <Col xs={8}>
            <Statistic title="全年工作日" value={summary.data?.workingDays ?? '-'} suffix="天" />
          </Col>
          <Col xs={8}>
            <Statistic title="放假" value={summary.data?.holidays ?? '-'} suffix="天" />
          </Col>
          <Col xs={8}>
            <Statistic title="调休上班" value={summary.data?.workdays ?? '-'} suffix="天" />
          </Col>
        </Row>
        {days.data && days.data.total === 0 && (
          <Typography.Paragraph type="warning">{year} 年尚未录入节假日安排，目前按周一至周五上班计算。{writable ? '点击日期即可设置。' : ''}</Typography.Paragraph>
        )}
        <Space size={16} wrap className="cal-legend">
          {(['work', 'weekend', 'holiday', 'workday'] as const).map((k) => (
            <span key={k}>
              <i className={`cal-swatch cal-${k}`} />
              {KIND_TEXT[k]}
            </span>
          ))}
        </Space>
        <div className="cal-year">
          {Array.from({ length: 12 }, (_, i) => (
            <Month key={i} year={year} month={i + 1} days={exceptions} onPick={writable ? pick : undefined} />
          ))}
        </div>
      </Card>
      <ServerTable
        path="/api/calendar-days"
        columns={columns}
        params={{ year }}
        actionRef={actionRef}
        exportPermission="system:calendar:read"
        exportName={`工作日历-${year}`}
        create={{ permission: 'system:calendar:write', label: '设置日期', onClick: () => setEditing({ day: `${year}-01-01`, kind: 'holiday', name: '', source: '' }) }}
      />
      {editing && <DayEditor initial={editing} onClose={() => setEditing(null)} onSaved={refresh} />}
    </PageContainer>
  );
}
