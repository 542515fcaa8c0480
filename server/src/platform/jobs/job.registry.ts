import { CronExpressionParser } from 'cron-parser';
import type { Platform } from '../context.js';

/** Cron schedules are read in the province's time zone, whatever the server's TZ. */
export const JOB_TIMEZONE = 'Asia/Shanghai';
export const DEFAULT_TIMEOUT_SECONDS = 300;
export const DEFAULT_MAX_ATTEMPTS = 3;

/** What a job handler gets: the platform, the run's payload, and a signal that fires at the timeout (or shutdown). */
export interface JobContext {
  platform: Platform;
  payload: unknown;
  signal: AbortSignal;
  runId: number;
  attempt: number;
  log: (msg: string) => void;
}

/** A job declared in code; mirrored into table `job` at boot (see job.catalog.ts for the list). */
export interface JobDef {
  /** 'module.thing', lower case: e.g. 'platform.session-cleanup'. */
  name: string;
  /** Chinese name shown to administrators. */
  title: string;
  /** 5-field cron (minute hour day-of-month month day-of-week), Asia/Shanghai; absent for queue-only jobs. */
  schedule?: string;
  /** Default 300. */
  timeoutSeconds?: number;
  /** Default 3. */
  maxAttempts?: number;
  /** Resolves with a JSON-able summary (stored as the run's result); throws to fail the attempt. */
  run: (ctx: JobContext) => Promise<unknown>;
}

const NAME_RE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

function parseCron(expr: string, currentDate?: Date) {
  return CronExpressionParser.parse(expr, { tz: JOB_TIMEZONE, ...(currentDate ? { currentDate } : {}) });
}

/** Throws unless `expr` is a valid 5-field cron expression. */
export function assertCron(expr: string): void {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`cron 表达式须为 5 段（分 时 日 月 周）：${expr}`);
  if (expr.includes('@') || /\bH\b/i.test(expr)) throw new Error(`cron 表达式不支持 H 与 @ 写法：${expr}`);
  try {
    parseCron(expr).next();
  } catch (err) {
    throw new Error(`cron 表达式无效：${expr}（${(err as Error).message}）`, { cause: err });
  }
}

/** Validates a job definition at definition time (bad names and crons fail at import, not at 2 a.m.). */
export function defineJob(def: JobDef): JobDef {
  if (!NAME_RE.test(def.name)) throw new Error(`任务名须为 'module.thing' 形式的小写名称：${def.name}`);
  if (!def.title.trim()) throw new Error(`任务 ${def.name} 缺少中文名称`);
  if (def.schedule !== undefined) assertCron(def.schedule);
  const timeout = def.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 86400) throw new Error(`任务 ${def.name} 的超时须为 1–86400 秒`);
  const attempts = def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) throw new Error(`任务 ${def.name} 的最大尝试次数须为 1–20`);
  return def;
}

/** The first slot of `expr` strictly after `after`. */
export function nextSlot(expr: string, after: Date): Date {
  return parseCron(expr, after).next().toDate();
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六', '日'];
const INT = /^\d+$/;
const pad = (n: string) => n.padStart(2, '0');

/** A Chinese reading of the common cron shapes ('每 10 分钟', '每天 02:00'); the cron text itself otherwise. */
export function describeCron(expr: string): string {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5) return expr;
  const [min, hour, dom, mon, dow] = f as [string, string, string, string, string];
  const everyDay = dom === '*' && mon === '*' && dow === '*';
  if (everyDay && hour === '*') {
    if (min === '*') return '每分钟';
    const step = /^\*\/(\d+)$/.exec(min);
    if (step) return `每 ${Number(step[1])} 分钟`;
    if (min === '0') return '每小时';
    if (INT.test(min)) return `每小时第 ${Number(min)} 分`;
    return expr;
  }
  if (!INT.test(min)) return expr;
  const hourStep = /^\*\/(\d+)$/.exec(hour);
  if (everyDay && hourStep) return `每 ${Number(hourStep[1])} 小时${min === '0' ? '' : `（第 ${Number(min)} 分）`}`;
  if (!INT.test(hour)) return expr;
  const time = `${pad(hour)}:${pad(min)}`;
  if (everyDay) return `每天 ${time}`;
  if (dom === '*' && mon === '*') {
    if (dow === '1-5') return `工作日 ${time}`;
    if (/^[0-7]$/.test(dow)) return `每周${WEEKDAYS[Number(dow)]} ${time}`;
    return expr;
  }
  if (mon === '*' && dow === '*') {
    if (INT.test(dom)) return `每月 ${Number(dom)} 日 ${time}`;
    if (dom === 'L') return `每月最后一天 ${time}`;
  }
  return expr;
}
