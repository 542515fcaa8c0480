import { endStaleSessionsBatch, purgeFinishedRunsBatch, purgeUnattachedFilesBatch } from './job.repository.js';
import { defineJob, type JobDef } from './job.registry.js';
import { WORKFLOW_JOBS } from '../workflow/workflow.jobs.js';
import { ESTATE_JOBS } from '../../modules/estate/estate.jobs.js';
import { IMPORT_JOBS } from '../../exchange/import/import.jobs.js';
import { FLEET_JOBS } from '../../modules/fleet/fleet.jobs.js';
import { TELEMATICS_JOBS } from '../../modules/telematics/telematics.jobs.js';

const BATCH = 500;

/** The platform's own housekeeping. Each batch is its own short statement, so PGlite is never held for long. */
export const PLATFORM_JOBS: JobDef[] = [
  defineJob({
    name: 'platform.session-cleanup',
    title: '清理过期会话',
    schedule: '*/10 * * * *',
    timeoutSeconds: 120,
    run: async ({ platform, signal }) => {
      const total = { idle: 0, expired: 0 };
      for (;;) {
        signal.throwIfAborted();
        const n = await endStaleSessionsBatch(platform.db, BATCH);
        total.idle += n.idle;
        total.expired += n.expired;
        if (n.idle + n.expired < BATCH) return total;
      }
    },
  }),
  defineJob({
    name: 'platform.file-purge',
    title: '清理未关联的上传文件',
    schedule: '0 * * * *',
    timeoutSeconds: 600,
    run: async ({ platform, signal }) => {
      let deleted = 0;
      for (;;) {
        signal.throwIfAborted();
        const n = await purgeUnattachedFilesBatch(platform.db, 24, 100);
        deleted += n;
        if (n < 100) return { deleted };
      }
    },
  }),
  defineJob({
    name: 'platform.job-run-purge',
    title: '清理过期的任务运行记录',
    schedule: '30 3 * * *',
    timeoutSeconds: 600,
    run: async ({ platform, signal }) => {
      const days = (await platform.settings.get())['jobs.run_retention_days'];
      let deleted = 0;
      for (;;) {
        signal.throwIfAborted();
        const n = await purgeFinishedRunsBatch(platform.db, days, 1000);
        deleted += n;
        if (n < 1000) return { deleted, days };
      }
    },
  }),
];

/** Every job of the product, in one list (like the permission catalog); modules add their lists here. */
export function allJobs(): JobDef[] {
  return [...PLATFORM_JOBS, ...WORKFLOW_JOBS, ...IMPORT_JOBS, ...ESTATE_JOBS, ...FLEET_JOBS, ...TELEMATICS_JOBS];
}
