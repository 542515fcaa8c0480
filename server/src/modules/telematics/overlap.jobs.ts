import { chinaDay } from '../../platform/calendar/calendar.service.js';
import { defineJob } from '../../platform/jobs/job.registry.js';
import { computeOverlapDay } from './overlap.service.js';

/** Nightly: yesterday's trajectory-overlap rate (or the day in the payload {day}). */
export const OVERLAP_JOB = defineJob({
  name: 'telematics.overlap',
  title: '计算轨迹重叠率（前一日）',
  schedule: '30 2 * * *',
  timeoutSeconds: 1800,
  maxAttempts: 2,
  run: async ({ platform, payload }) => {
    const asked = (payload as { day?: unknown } | null)?.day;
    const day = typeof asked === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : chinaDay(new Date(Date.now() - 86_400_000));
    return computeOverlapDay(platform.db, await platform.settings.get(), day, (write) => platform.db.transaction().execute(write));
  },
});
