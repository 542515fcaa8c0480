import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/connection.js';
import type { Platform } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { allJobs } from './job.catalog.js';
import {
  type ClaimedRun,
  claimDueRun,
  deleteJobsExcept,
  deletePendingSlots,
  findJob,
  findJobSchedules,
  findJobsWithoutSlot,
  findRunIdByKey,
  insertRun,
  markRunFailed,
  markRunSucceeded,
  recoverExpiredRuns,
  updateJobEnabled,
  upsertJobs,
} from './job.repository.js';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_SECONDS, type JobDef, nextSlot } from './job.registry.js';

/** Backoff of failed attempts: base · 2^(attempt−1) → 30 s, 60 s, 120 s … */
export const RETRY_BASE_SECONDS = 30;
/** The lease (locked_until) is the timeout plus this: the owning worker records a timeout before anybody recovers it. */
export const LEASE_GRACE_SECONDS = 10;
/** At most this many runs per tick, so one tick never monopolises a server. */
export const TICK_CAP = 50;
export const RECOVERED_ERROR = '超时或执行进程中断';
const STOP_GRACE_MS = 10_000;
const ERROR_MAX = 2000;

/**
 * Queues one run of a job. Idempotent by key: the same (job, key) is the same row (created=false), whatever
 * its state, so a caller may retry safely. Without a key a random one is used; manual runs get 'manual:<uuid>'.
 */
export async function enqueueJob(
  db: Db,
  name: string,
  opts: { key?: string; payload?: unknown; runAt?: Date; requestedBy?: number; trigger?: 'queue' | 'manual' } = {},
): Promise<{ id: number; created: boolean }> {
  const trigger = opts.trigger ?? 'queue';
  const key = opts.key ?? (trigger === 'manual' ? `manual:${randomUUID()}` : randomUUID());
  if (key.length < 1 || key.length > 200) throw invalid('任务去重键长度须为 1–200 个字符');
  if (opts.runAt && Number.isNaN(opts.runAt.getTime())) throw invalid('任务计划时间无效');
  const id = await insertRun(db, { jobName: name, key, payload: opts.payload ?? {}, trigger, runAt: opts.runAt, requestedBy: opts.requestedBy });
  if (id !== undefined) return { id, created: true };
  const existing = await findRunIdByKey(db, name, key);
  if (existing === undefined) throw notFound('定时任务');
  return { id: existing, created: false };
}

function toRow(d: JobDef) {
  return {
    name: d.name,
    title: d.title,
    schedule: d.schedule?.trim().replace(/\s+/g, ' ') ?? null,
    timeout_seconds: d.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    max_attempts: d.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}

/**
 * Mirrors the job definitions into table `job` (title, schedule, timeout, attempts; `enabled` is kept), deletes
 * jobs that left the code, and drops not-yet-attempted cron slots of jobs whose schedule changed.
 */
export async function syncJobs(db: Db, defs: JobDef[]) {
  const rows = defs.map(toRow).sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.name)) throw new Error(`任务重复定义：${r.name}`);
    seen.add(r.name);
  }
  await db.transaction().execute(async (tx) => {
    const before = new Map((await findJobSchedules(tx)).map((j) => [j.name, j.schedule]));
    await upsertJobs(tx, rows);
    await deleteJobsExcept(tx, rows.map((r) => r.name));
    const changed = rows.filter((r) => before.has(r.name) && before.get(r.name) !== r.schedule).map((r) => r.name);
    await deletePendingSlots(tx, changed);
  });
}

/** Switches a job on or off; switching off drops its planned cron slot (re-planned from now when switched on). */
export async function setJobEnabled(db: Db, name: string, enabled: boolean) {
  const before = await findJob(db, name);
  if (!before) throw notFound('定时任务');
  await updateJobEnabled(db, name, enabled);
  if (!enabled) await deletePendingSlots(db, [name]);
  return { before: { enabled: before.enabled }, after: { enabled } };
}

class JobTimeoutError extends Error {}

function errorText(err: unknown) {
  const msg = err instanceof Error ? err.message || err.name : String(err);
  return msg.slice(0, ERROR_MAX) || '未知错误';
}

/** Plain JSON of what a handler returned (undefined and non-JSON values become null). */
function jsonResult(v: unknown): unknown {
  try {
    return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as unknown);
  } catch {
    return null;
  }
}

/**
 * Runs due jobs. Any number of servers may run a Scheduler over one database: every run row is claimed by
 * one worker in a single UPDATE … FOR UPDATE SKIP LOCKED, results are written only by the worker holding
 * the attempt, and cron slots are rows with a unique key. Claimed runs execute one at a time per scheduler,
 * never inside a transaction.
 */
export class Scheduler {
  private readonly jobs: Map<string, JobDef>;
  private readonly names: string[];
  private readonly workerId: string;
  private readonly pollMs: number;
  private readonly log: (msg: string, err?: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private current: Promise<number> | undefined;
  private active: AbortController | undefined;

  constructor(
    private readonly platform: Platform,
    opts: { workerId?: string; pollMs?: number; jobs?: JobDef[]; log?: (msg: string, err?: unknown) => void } = {},
  ) {
    const jobs = opts.jobs ?? allJobs();
    this.jobs = new Map(jobs.map((j) => [j.name, j]));
    this.names = [...this.jobs.keys()];
    this.workerId = (opts.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`).slice(0, 200);
    this.pollMs = opts.pollMs ?? 5000;
    this.log = opts.log ?? (() => {});
  }

  /** Polls every pollMs until stop(). */
  start(): void {
    this.stopped = false;
    const loop = async () => {
      this.timer = undefined;
      if (this.stopped) return;
      try {
        await this.tick();
      } catch (err) {
        this.log('定时任务调度出错', err);
      }
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.pollMs);
    };
    this.timer = setTimeout(() => void loop(), 0);
  }

  /** Stops polling and waits for the running handler; after 10 s its signal is aborted (the attempt counts as failed). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const running = this.current;
    if (!running) return;
    let grace: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'late'>((resolve) => {
      grace = setTimeout(() => resolve('late'), STOP_GRACE_MS);
    });
    const settled = running.then(
      () => 'done' as const,
      () => 'done' as const,
    );
    if ((await Promise.race([settled, timedOut])) === 'late') {
      this.active?.abort(new Error('服务停止，任务被中断'));
      await settled;
    }
    clearTimeout(grace);
  }

  /**
   * One pass: recover runs whose lease expired, plan the next cron slots, then claim and run due runs one by
   * one until none is due (or TICK_CAP). Returns how many ran. Calls on one instance are serialised.
   */
  tick(): Promise<number> {
    const prev = this.current ?? Promise.resolve(0);
    const next = prev.catch(() => 0).then(() => this.pass());
    this.current = next;
    void next.finally(() => {
      if (this.current === next) this.current = undefined;
    }).catch(() => {});
    return next;
  }

  private async pass(): Promise<number> {
    const { db } = this.platform;
    const recovered = await recoverExpiredRuns(db, RECOVERED_ERROR, RETRY_BASE_SECONDS);
    for (const r of recovered) this.log(`定时任务 ${r.job_name} #${r.id} 超时或执行进程中断（${r.worker ?? '-'}），已${r.status === 'queued' ? '重新排队' : '标记失败'}`);
    await this.planSlots();
    let ran = 0;
    while (ran < TICK_CAP && !this.stopped) {
      const run = await this.claim();
      if (!run) break;
      await this.execute(run);
      ran++;
    }
    return ran;
  }

  /** Inserts the next slot of every enabled cron job that has none waiting; racing servers insert it once. */
  private async planSlots() {
    const { db } = this.platform;
    const now = new Date();
    for (const j of await findJobsWithoutSlot(db, this.names)) {
      const at = nextSlot(j.schedule, now);
      await insertRun(db, { jobName: j.name, key: at.toISOString(), payload: {}, trigger: 'schedule', runAt: at });
    }
  }

  /** Claims one due run; for a cron slot, plans the slot after it in the same short transaction. */
  private async claim(): Promise<ClaimedRun | undefined> {
    return this.platform.db.transaction().execute(async (tx) => {
      const run = await claimDueRun(tx, this.workerId, this.names, LEASE_GRACE_SECONDS);
      if (run?.trigger === 'schedule' && run.schedule) {
        const nominal = new Date(run.key);
        const after = new Date(Math.max(Date.now(), Number.isNaN(nominal.getTime()) ? run.run_at.getTime() : nominal.getTime()));
        const at = nextSlot(run.schedule, after);
        await insertRun(tx, { jobName: run.job_name, key: at.toISOString(), payload: {}, trigger: 'schedule', runAt: at });
      }
      return run;
    });
  }

  private async execute(run: ClaimedRun) {
    const { db } = this.platform;
    const def = this.jobs.get(run.job_name)!;
    const controller = new AbortController();
    this.active = controller;
    const timer = setTimeout(
      () => controller.abort(new JobTimeoutError(`执行超时（超过 ${run.timeout_seconds} 秒）`)),
      run.timeout_seconds * 1000,
    );
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    aborted.catch(() => {});
    const prefix = `定时任务 ${run.job_name} #${run.id}`;
    const t0 = performance.now();
    let outcome: { ok: true; result: unknown } | { ok: false; err: unknown };
    try {
      // A handler that ignores its signal is left behind at the timeout; its late outcome is swallowed.
      const work = Promise.resolve().then(() =>
        def.run({
          platform: this.platform,
          payload: run.payload,
          signal: controller.signal,
          runId: run.id,
          attempt: run.attempt,
          log: (m) => this.log(`${prefix}: ${m}`),
        }),
      );
      work.catch(() => {});
      outcome = { ok: true, result: await Promise.race([work, aborted]) };
    } catch (err) {
      outcome = { ok: false, err };
    } finally {
      clearTimeout(timer);
      this.active = undefined;
    }
    const durationMs = Math.round(performance.now() - t0);
    const held = { id: run.id, worker: this.workerId, attempt: run.attempt, durationMs };
    if (outcome.ok) {
      if (!(await markRunSucceeded(db, { ...held, result: jsonResult(outcome.result) }))) this.log(`${prefix} 已被其他进程回收，本次结果未记录`);
      return;
    }
    const after = await markRunFailed(db, { ...held, error: errorText(outcome.err), retryBaseSeconds: RETRY_BASE_SECONDS });
    if (!after) this.log(`${prefix} 已被其他进程回收，本次结果未记录`, outcome.err);
    else
      this.log(
        `${prefix} 第 ${run.attempt} 次执行失败，${after.status === 'queued' ? `将于 ${new Date(after.run_at).toISOString()} 重试` : '不再重试'}`,
        outcome.err,
      );
  }
}
