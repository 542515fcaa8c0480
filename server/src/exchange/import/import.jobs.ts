import { defineJob, type JobDef } from '../../platform/jobs/job.registry.js';
import { failStaleBatches, findQueuedBatchIds } from './import.repository.js';
import { IMPORT_JOB, runBatch } from './import.service.js';

/** A batch still validating or committing after this long belongs to a process that went away. */
const STALE_MINUTES = 120;

/** Jobs of the import centre. */
export const IMPORT_JOBS: JobDef[] = [
  defineJob({
    name: IMPORT_JOB,
    title: '执行 Excel 导入',
    timeoutSeconds: 3600,
    maxAttempts: 1,
    // The batch is usually started in-process right after it is created; then this run finds it taken and skips.
    run: async ({ platform, payload, log }) => {
      const { batchId, ip } = (payload ?? {}) as { batchId?: string; ip?: string };
      if (typeof batchId !== 'string') return { skipped: 'no batch' };
      return runBatch(platform, batchId, { ip, log: (m, err) => log(err ? `${m}: ${String(err)}` : m) });
    },
  }),
  defineJob({
    name: 'import.recover',
    title: '收尾中断的 Excel 导入',
    schedule: '*/15 * * * *',
    timeoutSeconds: 3600,
    run: async ({ platform, log }) => {
      const stale = await failStaleBatches(platform.db, STALE_MINUTES, '导入进程中断，未导入任何数据，请重新上传导入');
      // Batches queued long ago whose start was lost (their queue run failed or was purged): run them now.
      let ran = 0;
      for (const id of await findQueuedBatchIds(platform.db, 600)) {
        const r = await runBatch(platform, id, { log: (m, err) => log(err ? `${m}: ${String(err)}` : m) });
        if (r.status !== 'skipped') ran++;
      }
      return { stale, ran };
    },
  }),
];
