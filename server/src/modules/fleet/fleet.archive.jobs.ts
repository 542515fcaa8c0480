import { chinaDay } from '../../platform/calendar/calendar.service.js';
import { defineJob, type JobDef } from '../../platform/jobs/job.registry.js';
import { evaluateAndNotify, HOLIDAY_SEAL_JOB, runHolidaySeal } from './vehicle.service.js';

const dayOf = (payload: unknown): string | undefined => {
  const d = (payload as { day?: unknown } | null)?.day;
  return typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined;
};

/** Scheduled jobs of the fleet module's archive part. */
export const FLEET_ARCHIVE_JOBS: JobDef[] = [
  defineJob({
    name: 'fleet.evaluate',
    title: '公务用车超编、终端、保险年检与驾驶证到期复核（全省）并提醒',
    schedule: '45 2 * * *',
    timeoutSeconds: 1800,
    // payload { day: 'YYYY-MM-DD' } evaluates as of that day (manual runs)
    run: async ({ platform, payload }) => evaluateAndNotify(platform, dayOf(payload)),
  }),
  defineJob({
    name: HOLIDAY_SEAL_JOB,
    title: '节假日公务用车封存与节后启封',
    schedule: '0 18 * * *',
    timeoutSeconds: 600,
    // the result keeps the ids sealed, so that only those are restored after the holiday
    run: async ({ platform, payload }) =>
      platform.db.transaction().execute((tx) => runHolidaySeal(tx, dayOf(payload) ?? chinaDay(new Date()))),
  }),
];
