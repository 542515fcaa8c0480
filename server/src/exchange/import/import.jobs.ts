import type { JobDef } from '../../platform/jobs/job.registry.js';

/** Jobs of the import centre. */
export const IMPORT_JOBS: JobDef[] = [];
