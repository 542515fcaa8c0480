import type { JobDef } from '../../platform/jobs/job.registry.js';

/** Scheduled jobs of the office-space module. */
export const ESTATE_JOBS: JobDef[] = [];
