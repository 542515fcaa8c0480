import type { JobDef } from '../../platform/jobs/job.registry.js';

/** Scheduled jobs of the fleet module's archive part. */
export const FLEET_ARCHIVE_JOBS: JobDef[] = [];
