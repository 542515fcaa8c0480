import { notify } from '../../platform/notify/notification.service.js';
import type { JobDef } from '../../platform/jobs/job.registry.js';
import { findFleetManagersFor, findUndispatchedStartingBefore } from './request.repository.js';

/** How long before an approved trip's start the fleet managers are urged to assign a car. */
export const UNDISPATCHED_LEAD_MINUTES = 60;

/**
 * Urges the fleet managers, once per request, about approved requests that start within the hour (or have started)
 * and still have no car. Returns how many requests were found.
 */
export async function urgeUndispatched(db: Parameters<typeof notify>[0], now = new Date()): Promise<number> {
  const due = await findUndispatchedStartingBefore(db, new Date(now.getTime() + UNDISPATCHED_LEAD_MINUTES * 60_000), now);
  for (const r of due) {
    const managers = await findFleetManagersFor(db, r.id);
    await notify(db, managers, {
      category: 'urge',
      title: `尚未派车：${r.purpose}`,
      body: `${r.origin} → ${r.destination}，${new Date(r.starts_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} 起，已审批通过但尚未派车`,
      link: '/fleet/board',
      objectType: 'fleet_request',
      objectId: String(r.id),
      dedupeKey: `fleet-request-undispatched-${r.id}`,
    });
  }
  return due.length;
}

/** Scheduled jobs of the fleet module's dispatch part. */
export const FLEET_DISPATCH_JOBS: JobDef[] = [
  {
    name: 'fleet.undispatched-reminder',
    title: '已批准未派车提醒（开始前 1 小时）',
    schedule: '*/10 * * * *',
    run: async ({ platform }) => ({ urged: await urgeUndispatched(platform.db) }),
  },
];
