// Pure helpers of the 定时任务 page: labels, durations, and whether a job has something going on right now.
import type { LabelMap } from '../../labels';

export const jobRunStatusLabels = {
  queued: '等待',
  running: '运行中',
  succeeded: '成功',
  failed: '失败',
  cancelled: '已取消',
} as const satisfies LabelMap;

export const jobTriggerLabels = { schedule: '定时', queue: '排队', manual: '手动' } as const satisfies LabelMap;

/** "850 毫秒", "12.3 秒", "2 分 5 秒", "10 分钟", "1 小时 5 分". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)} 毫秒`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1).replace(/\.0$/, '') : Math.round(s)} 秒`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s % 60);
  if (m < 60) return rest ? `${m} 分 ${rest} 秒` : `${m} 分钟`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} 小时 ${m % 60} 分` : `${h} 小时`;
}

interface JobState {
  queued: number;
  running: number;
  nextRunAt: string | null;
}

/**
 * Whether a job is busy now: a run is running, or a queued run is due. Every enabled job keeps its next scheduled
 * run queued, so "queued" alone would always be true.
 */
export function isJobBusy(job: JobState, now = Date.now()): boolean {
  if (job.running > 0) return true;
  if (job.queued === 0 || !job.nextRunAt) return false;
  const due = Date.parse(job.nextRunAt);
  return Number.isFinite(due) && due <= now;
}
