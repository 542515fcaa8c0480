// 我的出车任务 (phone, drivers): today's tasks as cards with big 出车 / 收车 buttons and the odometer reading;
// 收车 may carry a note on anything unusual. Made for 375-px screens: nothing wider than the card.
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Input, InputNumber, Skeleton, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, attempt, unwrap } from '../../api/client';
import type { ApiResponse } from '../../api/types';
import { DISPATCH_TAG, windowText } from '../../pc/pages/fleet/dispatch/dispatch-labels';
import { MobileTopBar } from '../mobile-shell';

type Task = ApiResponse<'/api/fleet/driver/tasks'>['items'][number];

function TaskCard({ task, onChanged }: { task: Task; onChanged: () => void }) {
  const { message } = App.useApp();
  const least = task.status === 'started' ? Math.max(task.startOdometer ?? 0, task.vehicleOdometer) : task.vehicleOdometer;
  const [odometer, setOdometer] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const tooLow = odometer !== null && odometer < least;

  const act = async (what: 'start' | 'finish') => {
    if (odometer === null || tooLow) return;
    setBusy(true);
    const done = await attempt(() =>
      what === 'start'
        ? unwrap(api.POST('/api/fleet/driver/tasks/{id}/start', { params: { path: { id: task.id } }, body: { odometer } }))
        : unwrap(api.POST('/api/fleet/driver/tasks/{id}/finish', { params: { path: { id: task.id } }, body: { odometer, ...(note.trim() ? { note: note.trim() } : {}) } })),
    );
    setBusy(false);
    if (!done) return;
    message.success(what === 'start' ? '已出车' : `已收车，本次行驶 ${Math.round((odometer - (task.startOdometer ?? 0)) * 10) / 10} 公里`);
    setOdometer(null);
    setNote('');
    onChanged();
  };

  const live = task.status === 'assigned' || task.status === 'started';
  return (
    <div className="m-card" data-task={task.id}>
      <div className="m-item-title">
        {task.plate} <Tag color={DISPATCH_TAG[task.status]}>{task.statusName}</Tag>
        {task.emergency && <Tag color="orange">紧急</Tag>}
      </div>
      <dl className="m-facts">
        <dt>时间</dt>
        <dd>{windowText(task.startsAt, task.endsAt)}</dd>
        <dt>行程</dt>
        <dd>
          {task.origin} → {task.destination}
        </dd>
        <dt>事由</dt>
        <dd>{task.purpose}</dd>
        <dt>乘车</dt>
        <dd>
          {task.passengers} 人 · {task.unitName}
        </dd>
        <dt>车辆</dt>
        <dd>
          {task.vehicleModel} · 当前里程 {task.vehicleOdometer} 公里
        </dd>
        {task.startedAt && (
          <>
            <dt>出车</dt>
            <dd>
              {dayjs(task.startedAt).format('HH:mm')} · {task.startOdometer} 公里
            </dd>
          </>
        )}
        {task.finishedAt && (
          <>
            <dt>收车</dt>
            <dd>
              {dayjs(task.finishedAt).format('HH:mm')} · {task.endOdometer} 公里
            </dd>
          </>
        )}
      </dl>
      {live && (
        <div style={{ marginTop: 12, display: 'flex', flexDirection: 'column', gap: 8 }}>
          <InputNumber
            size="large"
            style={{ width: '100%' }}
            min={0}
            precision={1}
            inputMode="decimal"
            addonAfter="公里"
            placeholder={task.status === 'assigned' ? '出车里程表读数' : '收车里程表读数'}
            aria-label={task.status === 'assigned' ? '出车里程' : '收车里程'}
            value={odometer}
            status={tooLow ? 'error' : undefined}
            onChange={(v) => setOdometer(typeof v === 'number' ? v : null)}
          />
          {tooLow && <div style={{ color: '#ff4d4f', fontSize: 13 }}>里程不能小于 {least} 公里</div>}
          {task.status === 'started' && (
            <Input.TextArea rows={2} maxLength={500} placeholder="异常情况（可选）：故障、事故、绕行等" aria-label="异常情况" value={note} onChange={(e) => setNote(e.target.value)} />
          )}
          <Button
            type="primary"
            size="large"
            block
            style={{ height: 48, fontSize: 17 }}
            danger={task.status === 'started'}
            disabled={odometer === null || tooLow}
            loading={busy}
            onClick={() => void act(task.status === 'assigned' ? 'start' : 'finish')}
          >
            {task.status === 'assigned' ? '出车' : '收车'}
          </Button>
        </div>
      )}
      {task.note && !live && <div className="m-item-foot">{task.note}</div>}
    </div>
  );
}

export function DriverTasksPage() {
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['fleet-driver-tasks'], queryFn: () => unwrap(api.GET('/api/fleet/driver/tasks')) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['fleet-driver-tasks'] });
  return (
    <>
      <MobileTopBar title="我的出车任务" end={<Button type="text" icon={<ReloadOutlined />} aria-label="刷新" onClick={refresh} />} />
      <main className="m-body">
        {q.isPending ? (
          <div className="m-card">
            <Skeleton active />
          </div>
        ) : q.isError ? (
          <Empty description="无法加载出车任务" />
        ) : q.data.items.length === 0 ? (
          <Empty style={{ marginTop: 60 }} description={`今天（${q.data.day}）没有出车任务`} />
        ) : (
          q.data.items.map((t) => <TaskCard key={t.id} task={t} onChanged={refresh} />)
        )}
      </main>
    </>
  );
}
