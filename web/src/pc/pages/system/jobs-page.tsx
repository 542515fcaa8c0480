// 定时任务: every scheduled job (schedule, on/off, next and last run, queue), 立即运行, and the run log below.
// While a run is queued or running the page polls every 5 s, so the state and the log follow along.
import { ExclamationCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Badge, Button, Card, Popover, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../api/client';
import type { ApiResponse } from '../../../api/types';
import { ServerTable, type Row, type TableColumns } from '../../components/server-table';
import { timeRangeColumn } from '../../date-range';
import { formatDateTime } from '../../format';
import { labelOf } from '../../labels';
import { usePermission } from '../../me';
import { formatDuration, isJobBusy, jobRunStatusLabels, jobTriggerLabels } from './job-status';

type Job = ApiResponse<'/api/jobs'>['items'][number];
type RunRow = Row<'/api/job-runs'>;

const STATUS_COLORS: Record<string, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
};

const POLL_MS = 5_000;
/** Idle: refresh now and then so 下次运行 and 最近运行 stay current. */
const IDLE_POLL_MS = 60_000;

export function StatusTag({ status }: { status: string }) {
  return <Tag color={STATUS_COLORS[status]}>{labelOf(jobRunStatusLabels, status)}</Tag>;
}

function ErrorText({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <Tooltip title={<span style={{ whiteSpace: 'pre-wrap' }}>{error}</span>} overlayStyle={{ maxWidth: 480 }}>
      <ExclamationCircleOutlined style={{ color: '#ff4d4f', marginInlineStart: 4 }} aria-label={`错误：${error}`} />
    </Tooltip>
  );
}

/** Elapsed time of a running job, ticking every second. */
function Elapsed({ since }: { since: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  if (!since) return null;
  return <span>已运行 {formatDuration(Math.max(0, now - dayjs(since).valueOf()))}</span>;
}

function JobsTable({ jobs, loading, onChanged }: { jobs: Job[]; loading: boolean; onChanged: () => void }) {
  const { message } = App.useApp();
  const can = usePermission();
  const canRun = can('system:job:run');
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (job: Job) => {
    setBusy(`run:${job.name}`);
    const queued = await attempt(() => unwrap(api.POST('/api/jobs/{name}/run', { params: { path: { name: job.name } } })));
    setBusy(null);
    if (queued) {
      message.success(`已排入队列：${job.title}（运行编号 ${queued.id}）`);
      onChanged();
    }
  };

  const toggle = async (job: Job, enabled: boolean) => {
    setBusy(`toggle:${job.name}`);
    const saved = await attempt(() => unwrap(api.PUT('/api/jobs/{name}', { params: { path: { name: job.name } }, body: { enabled } })));
    setBusy(null);
    if (saved) {
      message.success(enabled ? `已启用：${job.title}` : `已停用：${job.title}（已排队的运行保留）`);
      onChanged();
    }
  };

  const denied = '需要“立即运行、启停定时任务”权限';

  return (
    <Table<Job>
      rowKey="name"
      size="middle"
      loading={loading}
      dataSource={jobs}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '暂无定时任务' }}
      columns={[
        {
          title: '任务',
          dataIndex: 'title',
          fixed: 'left',
          sorter: (a, b) => a.title.localeCompare(b.title, 'zh-CN'),
          render: (_, job) => (
            <div>
              <div>{job.title}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {job.name}
              </Typography.Text>
            </div>
          ),
        },
        {
          title: '执行周期',
          dataIndex: 'scheduleText',
          render: (_, job) => (job.schedule ? <Tooltip title={`cron：${job.schedule}`}>{job.scheduleText}</Tooltip> : job.scheduleText),
        },
        {
          title: '启用',
          dataIndex: 'enabled',
          filters: [
            { text: '已启用', value: true },
            { text: '已停用', value: false },
          ],
          onFilter: (value, job) => job.enabled === value,
          render: (_, job) => (
            <Tooltip title={canRun ? undefined : denied}>
              <Switch
                checked={job.enabled}
                checkedChildren="启用"
                unCheckedChildren="停用"
                disabled={!canRun}
                loading={busy === `toggle:${job.name}`}
                onChange={(checked) => void toggle(job, checked)}
                aria-label={`${job.title}：${job.enabled ? '已启用' : '已停用'}`}
              />
            </Tooltip>
          ),
        },
        {
          title: '下次运行',
          dataIndex: 'nextRunAt',
          sorter: (a, b) => (a.nextRunAt ?? '9').localeCompare(b.nextRunAt ?? '9'),
          render: (_, job) => (job.enabled ? formatDateTime(job.nextRunAt) : <Typography.Text type="secondary">已停用</Typography.Text>),
        },
        {
          title: '最近运行',
          dataIndex: 'lastRun',
          render: (_, job) =>
            job.lastRun ? (
              <Space size={4}>
                <StatusTag status={job.lastRun.status} />
                <span>{formatDateTime(job.lastRun.startedAt)}</span>
                <ErrorText error={job.lastRun.error} />
              </Space>
            ) : (
              <Typography.Text type="secondary">尚未运行</Typography.Text>
            ),
        },
        {
          title: '耗时',
          key: 'duration',
          render: (_, job) =>
            job.lastRun?.status === 'running' ? <Elapsed since={job.lastRun.startedAt} /> : formatDuration(job.lastRun?.durationMs),
        },
        {
          title: '排队 / 运行中',
          // a queued run in the future is the next scheduled one; it turns orange when due
          key: 'queue',
          render: (_, job) => (
            <Space size={12}>
              <Badge status={isJobBusy({ ...job, running: 0 }) ? 'warning' : 'default'} text={`${job.queued} 排队`} />
              <Badge status={job.running ? 'processing' : 'default'} text={`${job.running} 运行`} />
            </Space>
          ),
        },
        {
          title: '超时 / 重试',
          key: 'limits',
          render: (_, job) => `${formatDuration(job.timeoutSeconds * 1000)} / ${job.maxAttempts} 次`,
        },
        {
          title: '操作',
          key: 'actions',
          fixed: 'right',
          render: (_, job) => (
            <Tooltip title={!canRun ? denied : !job.enabled ? '任务已停用，请先启用' : undefined}>
              <Button
                type="link"
                size="small"
                icon={<PlayCircleOutlined />}
                disabled={!canRun || !job.enabled}
                loading={busy === `run:${job.name}`}
                onClick={() => void run(job)}
              >
                立即运行
              </Button>
            </Tooltip>
          ),
        },
      ]}
    />
  );
}

function ResultCell({ run }: { run: RunRow }) {
  if (run.result === null || run.result === undefined) return <span>-</span>;
  const text = JSON.stringify(run.result, null, 2);
  const short = JSON.stringify(run.result);
  return (
    <Popover content={<pre className="steward-json">{text}</pre>} title="运行结果" trigger="click">
      <Typography.Link style={{ maxWidth: 200, display: 'inline-block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'bottom' }}>
        {short}
      </Typography.Link>
    </Popover>
  );
}

export function JobsPage() {
  const runsRef = useRef<ActionType>();
  const jobs = useQuery({
    queryKey: ['jobs'],
    queryFn: async () => (await unwrap(api.GET('/api/jobs'))).items,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.some((j) => isJobBusy(j)) ? POLL_MS : IDLE_POLL_MS),
  });
  const list = jobs.data ?? [];
  const active = list.some((j) => isJobBusy(j));

  // the run log follows the jobs while something is queued or running, and once more when it settles
  const wasActive = useRef(false);
  useEffect(() => {
    if (active || wasActive.current) void runsRef.current?.reload();
    wasActive.current = active;
  }, [jobs.dataUpdatedAt, active]);

  const columns: TableColumns<'/api/job-runs'> = [
    { title: '编号', dataIndex: 'id', hideInSearch: true, sorter: true, fixed: 'left', width: 80 },
    {
      title: '任务',
      dataIndex: 'jobName',
      valueType: 'select',
      fieldProps: { options: list.map((j) => ({ value: j.name, label: j.title })), showSearch: true, optionFilterProp: 'label' },
      render: (_, run) => (
        <Tooltip title={run.jobName}>
          <span>{run.jobTitle}</span>
        </Tooltip>
      ),
    },
    { title: '触发方式', dataIndex: 'trigger', hideInSearch: true, render: (_, run) => labelOf(jobTriggerLabels, run.trigger) },
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: {
        queued: { text: jobRunStatusLabels.queued, status: 'Default' },
        running: { text: jobRunStatusLabels.running, status: 'Processing' },
        succeeded: { text: jobRunStatusLabels.succeeded, status: 'Success' },
        failed: { text: jobRunStatusLabels.failed, status: 'Error' },
        cancelled: { text: jobRunStatusLabels.cancelled, status: 'Warning' },
      },
      render: (_, run) => (
        <Space size={4}>
          <StatusTag status={run.status} />
          {run.status === 'running' && <Elapsed since={run.startedAt} />}
          <ErrorText error={run.error} />
        </Space>
      ),
    },
    { title: '尝试', dataIndex: 'attempt', hideInSearch: true, render: (_, run) => `${run.attempt} / ${run.maxAttempts}` },
    { title: '计划时间', dataIndex: 'runAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    timeRangeColumn<RunRow>('计划时间'),
    { title: '开始时间', dataIndex: 'startedAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    { title: '结束时间', dataIndex: 'finishedAt', valueType: 'dateTime', hideInSearch: true },
    { title: '耗时', dataIndex: 'durationMs', hideInSearch: true, sorter: true, render: (_, run) => formatDuration(run.durationMs) },
    { title: '错误', dataIndex: 'error', hideInSearch: true, ellipsis: true, width: 240 },
    { title: '结果', dataIndex: 'result', hideInSearch: true, render: (_, run) => <ResultCell run={run} /> },
    { title: '执行节点', dataIndex: 'worker', hideInSearch: true },
    { title: '发起人', dataIndex: 'requestedBy', hideInSearch: true },
  ];

  return (
    <PageContainer
      title="定时任务"
      subTitle={active ? <Badge status="processing" text="有任务正在排队或运行，每 5 秒自动刷新" /> : undefined}
    >
      <Card title="任务" style={{ marginBottom: 16 }} styles={{ body: { padding: 0 } }}>
        <JobsTable jobs={list} loading={jobs.isPending} onChanged={() => void jobs.refetch()} />
      </Card>
      <ServerTable
        path="/api/job-runs"
        headerTitle="运行记录"
        actionRef={runsRef}
        exportPermission="system:job:read"
        exportName="任务运行记录"
        columns={columns}
      />
    </PageContainer>
  );
}
