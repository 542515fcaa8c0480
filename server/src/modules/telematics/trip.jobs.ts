import { defineJob } from '../../platform/jobs/job.registry.js';
import { positionPipeline } from './position.service.js';

/**
 * Re-detects the trips of vehicle-days that received late or back-filled points (tm_redetect), from the stored
 * positions, through the ingest pipeline (so it never races the live detector). Idempotent.
 */
export const REDETECT_JOB = defineJob({
  name: 'telematics.redetect',
  title: '行程重新识别（迟到与补传定位）',
  schedule: '* * * * *',
  timeoutSeconds: 120,
  maxAttempts: 3,
  run: async (ctx) => positionPipeline(ctx.platform).redetectQueued(500),
});
