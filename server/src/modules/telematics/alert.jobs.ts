import { defineJob } from '../../platform/jobs/job.registry.js';
import { raiseOfflineAlerts } from './alert.service.js';

/** Every 5 minutes: cars in use whose terminal has been silent longer than telematics.offline_minutes. */
export const OFFLINE_JOB = defineJob({
  name: 'telematics.offline',
  title: '终端长时间离线报警',
  schedule: '*/5 * * * *',
  timeoutSeconds: 120,
  run: async ({ platform }) => raiseOfflineAlerts(platform.db, await platform.settings.get(), new Date()),
});
