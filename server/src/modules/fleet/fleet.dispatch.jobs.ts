import type { JobDef } from '../../platform/jobs/job.registry.js';

/** Scheduled jobs of the fleet module's dispatch part. */
export const FLEET_DISPATCH_JOBS: JobDef[] = [];
