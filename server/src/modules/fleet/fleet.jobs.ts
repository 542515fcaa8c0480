import type { JobDef } from '../../platform/jobs/job.registry.js';
import { FLEET_ARCHIVE_JOBS } from './fleet.archive.jobs.js';
import { FLEET_COSTS_JOBS } from './fleet.costs.jobs.js';
import { FLEET_DISPATCH_JOBS } from './fleet.dispatch.jobs.js';

/** Scheduled jobs of the official-vehicles module. */
export const FLEET_JOBS: JobDef[] = [...FLEET_ARCHIVE_JOBS, ...FLEET_DISPATCH_JOBS, ...FLEET_COSTS_JOBS];
