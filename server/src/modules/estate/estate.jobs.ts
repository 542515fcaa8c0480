import { defineJob, type JobDef } from '../../platform/jobs/job.registry.js';
import { evaluateOffices } from './evaluation.service.js';

/** Scheduled jobs of the office-space module. */
export const ESTATE_JOBS: JobDef[] = [
  defineJob({
    name: 'estate.evaluate',
    title: '办公用房超标与违规使用复核（全省）',
    schedule: '30 2 * * *',
    timeoutSeconds: 1800,
    run: async ({ platform }) => evaluateOffices(platform, {}),
  }),
];
