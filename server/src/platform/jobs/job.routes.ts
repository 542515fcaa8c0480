import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { Db } from '../../db/connection.js';
import { audited } from '../audit/audit.service.js';
import { invalid, notFound } from '../errors.js';
import { ErrorBody, iso } from '../http/schemas.js';
import { fetchPage, registerList } from '../list/list.js';
import { findJob, findRunById, jobQueueStats, jobRunQuery, type JobRunRow, lastStartedRuns, listJobRows, selectJobRunColumns } from './job.repository.js';
import { describeCron } from './job.registry.js';
import { enqueueJob, setJobEnabled } from './job.service.js';

const Str = Type.String();
const NullStr = Type.Union([Type.String(), Type.Null()]);
const NullInt = Type.Union([Type.Integer(), Type.Null()]);
const RunStatus = Type.Union(['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => Type.Literal(s)));

const STATUS_NAMES: Record<string, string> = { queued: '等待', running: '运行中', succeeded: '成功', failed: '失败', cancelled: '已取消' };
const TRIGGER_NAMES: Record<string, string> = { schedule: '定时', queue: '排队', manual: '手动' };

const Job = Type.Object({
  name: Str,
  title: Str,
  schedule: NullStr,
  scheduleText: Type.String({ description: '执行周期的中文说明（无法描述时为 cron 原文；仅排队触发的任务为“按需”）' }),
  enabled: Type.Boolean(),
  timeoutSeconds: Type.Integer(),
  maxAttempts: Type.Integer(),
  nextRunAt: NullStr,
  lastRun: Type.Union([
    Type.Object({ status: Str, startedAt: NullStr, finishedAt: NullStr, durationMs: NullInt, error: NullStr }),
    Type.Null(),
  ]),
  queued: Type.Integer(),
  running: Type.Integer(),
});

const JobRun = Type.Object({
  id: Type.Integer(),
  jobName: Str,
  jobTitle: Str,
  key: Str,
  trigger: Type.String({ description: 'schedule 定时 · queue 排队 · manual 手动' }),
  status: Type.String({ description: 'queued 等待 · running 运行中 · succeeded 成功 · failed 失败 · cancelled 已取消' }),
  attempt: Type.Integer(),
  maxAttempts: Type.Integer(),
  runAt: Str,
  startedAt: NullStr,
  finishedAt: NullStr,
  durationMs: NullInt,
  error: NullStr,
  result: Type.Unknown(),
  worker: NullStr,
  requestedBy: NullStr,
  createdAt: Str,
});

const NameParam = Type.Object({ name: Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$', maxLength: 100 }) });

function presentRun(r: JobRunRow): Static<typeof JobRun> {
  return {
    id: Number(r.id),
    jobName: r.job_name,
    jobTitle: r.job_title,
    key: r.key,
    trigger: r.trigger,
    status: r.status,
    attempt: r.attempt,
    maxAttempts: r.max_attempts,
    runAt: iso(r.run_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    durationMs: r.duration_ms,
    error: r.error,
    result: r.result,
    worker: r.worker,
    requestedBy: r.requested_by_name,
    createdAt: iso(r.created_at)!,
  };
}

async function listJobs(db: Db, only?: string): Promise<Static<typeof Job>[]> {
  const [jobs, stats, last] = await Promise.all([listJobRows(db), jobQueueStats(db), lastStartedRuns(db)]);
  const statOf = new Map(stats.map((s) => [s.job_name, s]));
  const lastOf = new Map(last.map((l) => [l.job_name, l]));
  return jobs
    .filter((j) => only === undefined || j.name === only)
    .map((j) => {
      const s = statOf.get(j.name);
      const l = lastOf.get(j.name);
      return {
        name: j.name,
        title: j.title,
        schedule: j.schedule,
        scheduleText: j.schedule ? describeCron(j.schedule) : '按需',
        enabled: j.enabled,
        timeoutSeconds: j.timeout_seconds,
        maxAttempts: j.max_attempts,
        nextRunAt: j.enabled ? iso(s?.next_run_at) : null,
        lastRun: l ? { status: l.status, startedAt: iso(l.started_at), finishedAt: iso(l.finished_at), durationMs: l.duration_ms, error: l.error } : null,
        queued: s?.queued ?? 0,
        running: s?.running ?? 0,
      };
    });
}

export async function jobRoutes(app: FastifyInstance) {
  const { db } = app.platform;

  app.get(
    '/api/jobs',
    {
      schema: { tags: ['定时任务'], summary: '定时任务列表（下次运行、最近一次运行、排队数）', response: { 200: Type.Object({ items: Type.Array(Job) }), '4xx': ErrorBody } },
      config: { permission: 'system:job:read' },
    },
    async () => ({ items: await listJobs(db) }),
  );

  app.post(
    '/api/jobs/:name/run',
    {
      schema: { tags: ['定时任务'], summary: '立即运行（排入队列，由调度器尽快执行）', params: NameParam, response: { 200: JobRun, '4xx': ErrorBody } },
      config: { permission: 'system:job:run' },
    },
    async (req) => {
      const { name } = req.params as Static<typeof NameParam>;
      const run = await audited(req, 'job.run', 'job', async (tx) => {
        const job = await findJob(tx, name);
        if (!job) throw notFound('定时任务');
        if (!job.enabled) throw invalid('任务已停用，请先启用再运行');
        const { id } = await enqueueJob(tx, name, { trigger: 'manual', requestedBy: req.auth!.userId });
        const row = (await findRunById(tx, id))!;
        return { result: row, objectId: name, detail: `run #${id}` };
      });
      return presentRun(run);
    },
  );

  app.put(
    '/api/jobs/:name',
    {
      schema: {
        tags: ['定时任务'],
        summary: '启用或停用任务（停用后不再执行，已排队的运行保留）',
        params: NameParam,
        body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Job, '4xx': ErrorBody },
      },
      config: { permission: 'system:job:run' },
    },
    async (req) => {
      const { name } = req.params as Static<typeof NameParam>;
      const { enabled } = req.body as { enabled: boolean };
      await audited(req, 'job.update', 'job', async (tx) => {
        const { before, after } = await setJobEnabled(tx, name, enabled);
        return { result: null, objectId: name, before, after };
      });
      const [job] = await listJobs(db, name);
      if (!job) throw notFound('定时任务');
      return job;
    },
  );

  registerList(app, {
    path: '/api/job-runs',
    tag: '定时任务',
    summary: '任务运行记录',
    permission: 'system:job:read',
    exportPermission: 'system:job:read',
    objectType: 'job_run',
    filters: {
      jobName: Type.Optional(Type.String({ maxLength: 100 })),
      status: Type.Optional(RunStatus),
      from: Type.Optional(Type.String({ format: 'date-time', description: '计划运行时间起（含）' })),
      to: Type.Optional(Type.String({ format: 'date-time', description: '计划运行时间止（不含）' })),
    },
    sorts: { id: 'r.id', runAt: 'r.run_at', startedAt: 'r.started_at', durationMs: 'r.duration_ms' },
    defaultSort: 'id',
    defaultOrder: 'desc',
    item: JobRun,
    fetch: (_req, f, page) => fetchPage(jobRunQuery(db, f), selectJobRunColumns, page, 'r.id'),
    present: (_req, r) => presentRun(r),
    sheet: '任务运行记录',
    columns: [
      { header: '编号', value: (r) => Number(r.id) },
      { header: '任务', width: 24, value: (r) => r.job_title },
      { header: '任务代码', width: 26, value: (r) => r.job_name },
      { header: '触发方式', value: (r) => TRIGGER_NAMES[r.trigger] ?? r.trigger },
      { header: '状态', value: (r) => STATUS_NAMES[r.status] ?? r.status },
      { header: '尝试次数', value: (r) => `${r.attempt}/${r.max_attempts}` },
      { header: '计划时间', width: 22, value: (r) => r.run_at },
      { header: '开始时间', width: 22, value: (r) => r.started_at },
      { header: '结束时间', width: 22, value: (r) => r.finished_at },
      { header: '耗时（毫秒）', value: (r) => r.duration_ms },
      { header: '错误', width: 40, value: (r) => r.error },
      { header: '执行节点', width: 24, value: (r) => r.worker },
      { header: '发起人', value: (r) => r.requested_by_name },
    ],
  });
}
