import { appendAudit } from '../audit/audit.repository.js';
import type { Platform } from '../context.js';
import { AppError } from '../errors.js';
import { defineJob, type JobDef } from '../jobs/job.registry.js';
import { logAdapter, deliverPending, notify } from '../notify/notification.service.js';
import { aboutInstance, timeoutTask } from './workflow.engine.js';
import { findOverdueTasks, findTasksToRemind, markReminded } from './workflow.repository.js';

const BATCH = 200;

/** Reminders before deadlines, then the automatic action of nodes whose deadline passed. Returns the counts. */
export async function runDeadlines(p: Platform, signal?: AbortSignal) {
  let reminded = 0;
  let timedOut = 0;
  let skipped = 0;
  for (;;) {
    signal?.throwIfAborted();
    const due = await findTasksToRemind(p.db, BATCH);
    for (const t of due)
      await p.db.transaction().execute(async (tx) => {
        if (!(await markReminded(tx, t.id))) return;
        const overdue = t.due_at && new Date(t.due_at).getTime() <= Date.now();
        await notify(tx, [t.assignee_id], {
          category: overdue ? 'timeout' : 'reminder',
          title: `${overdue ? '已超期' : '即将超期'}：${t.title}`,
          body: `节点：${t.node_name}${t.due_at ? `，办理时限 ${new Date(t.due_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}` : ''}`,
          ...aboutInstance(t.instance_id),
          dedupeKey: `remind:${t.id}`,
        });
        reminded++;
      });
    if (due.length < BATCH) break;
  }
  for (;;) {
    signal?.throwIfAborted();
    const overdue = await findOverdueTasks(p.db, BATCH);
    for (const t of overdue) {
      try {
        await p.db.transaction().execute(async (tx) => {
          await timeoutTask({ tx, p }, t, t.timeout_action);
          await appendAudit(tx, p.keys.macKey, {
            user_id: null,
            username: 'system',
            ip: '-',
            action: t.timeout_action === 'approve' ? 'wf.approve' : 'wf.reject',
            object_type: 'wf_instance',
            object_id: String(t.instance_id),
            before: null,
            after: { taskId: t.id },
            result: 'success',
            detail: '超过办理时限，系统自动处理',
          });
        });
        timedOut++;
      } catch (err) {
        // Someone acted at the same moment, or the next node cannot be resolved: leave it to people.
        if (!(err instanceof AppError)) throw err;
        skipped++;
      }
    }
    if (overdue.length < BATCH || skipped >= overdue.length) break;
  }
  return { reminded, timedOut, skipped };
}

export const WORKFLOW_JOBS: JobDef[] = [
  defineJob({
    name: 'workflow.deadlines',
    title: '审批时限提醒与超时自动处理',
    schedule: '* * * * *',
    timeoutSeconds: 50,
    run: ({ platform, signal }) => runDeadlines(platform, signal),
  }),
  defineJob({
    name: 'notification.deliver',
    title: '站外消息推送（短信、即时通讯）',
    schedule: '* * * * *',
    timeoutSeconds: 50,
    maxAttempts: 1,
    run: async ({ platform, log }) => ({ sent: await deliverPending(platform, [logAdapter('sms', log), logAdapter('im', log)]) }),
  }),
];
