import type { JobDef } from '../../platform/jobs/job.registry.js';

/** Scheduled jobs of the fleet module's costs part. */
export const FLEET_COSTS_JOBS: JobDef[] = [];
