import type { JobDef } from '../../platform/jobs/job.registry.js';
import { REDETECT_JOB } from './trip.jobs.js';
import { OFFLINE_JOB } from './alert.jobs.js';
import { OVERLAP_JOB } from './overlap.jobs.js';

/** Scheduled jobs of the telematics module (offline terminals, re-detection of late points, daily overlap). */
export const TELEMATICS_JOBS: JobDef[] = [REDETECT_JOB, OFFLINE_JOB, OVERLAP_JOB];
