import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

/** A job definition as mirrored into table `job`. */
export interface JobRowInput {
  name: string;
  title: string;
  schedule: string | null;
  timeout_seconds: number;
  max_attempts: number;
}

export type RunTrigger = 'schedule' | 'queue' | 'manual';

// ---------------------------------------------------------------- definitions

export async function findJobSchedules(db: Db) {
  return db.selectFrom('job').select(['name', 'schedule']).execute();
}

/** Inserts or updates the definitions; `enabled` (the administrators' switch) is kept. */
export async function upsertJobs(db: Db, rows: JobRowInput[]) {
  if (!rows.length) return;
  await db
    .insertInto('job')
    .values(rows)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        title: eb.ref('excluded.title'),
        schedule: eb.ref('excluded.schedule'),
        timeout_seconds: eb.ref('excluded.timeout_seconds'),
        max_attempts: eb.ref('excluded.max_attempts'),
        updated_at: sql<Date>`now()`,
      })).where(sql<boolean>`(job.title, job.schedule, job.timeout_seconds, job.max_attempts)
          is distinct from (excluded.title, excluded.schedule, excluded.timeout_seconds, excluded.max_attempts)`),
    )
    .execute();
}

/** Jobs no longer in the code go, with their runs (ON DELETE CASCADE). */
export async function deleteJobsExcept(db: Db, names: string[]) {
  let q = db.deleteFrom('job');
  if (names.length) q = q.where('name', 'not in', names);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Cron slots not yet attempted, for jobs whose schedule changed or that were switched off: the next tick plans afresh. */
export async function deletePendingSlots(db: Db, names: string[]) {
  if (!names.length) return;
  await db
    .deleteFrom('job_run')
    .where('job_name', 'in', names)
    .where('trigger', '=', 'schedule')
    .where('status', '=', 'queued')
    .where('attempt', '=', 0)
    .execute();
}

export async function findJob(db: Db, name: string) {
  return db.selectFrom('job').select(['name', 'title', 'schedule', 'timeout_seconds', 'max_attempts', 'enabled']).where('name', '=', name).executeTakeFirst();
}

export async function updateJobEnabled(db: Db, name: string, enabled: boolean) {
  return db
    .updateTable('job')
    .set({ enabled, updated_at: sql<Date>`now()` })
    .where('name', '=', name)
    .returning(['name', 'enabled'])
    .executeTakeFirst();
}

// ---------------------------------------------------------------- queue

/**
 * One run row, unless (job_name, key) already exists: racing servers insert a cron slot or a deduplicated
 * delayed job once. Inserts nothing when the job is unknown. Returns the new id, or undefined.
 */
export async function insertRun(
  db: Db,
  r: { jobName: string; key: string; payload: unknown; trigger: RunTrigger; runAt?: Date; requestedBy?: number },
): Promise<number | undefined> {
  const res = await sql<{ id: number }>`
    insert into job_run (job_name, key, payload, trigger, run_at, max_attempts, requested_by)
    select j.name, ${r.key}::text, ${JSON.stringify(r.payload ?? {})}::jsonb, ${r.trigger}::text,
           coalesce(${r.runAt ?? null}::timestamptz, now()), j.max_attempts, ${r.requestedBy ?? null}::int
    from job j where j.name = ${r.jobName}
    on conflict (job_name, key) do nothing
    returning id`.execute(db);
  const id = res.rows[0]?.id;
  return id === undefined ? undefined : Number(id);
}

export async function findRunIdByKey(db: Db, jobName: string, key: string) {
  const r = await db.selectFrom('job_run').select('id').where('job_name', '=', jobName).where('key', '=', key).executeTakeFirst();
  return r ? Number(r.id) : undefined;
}

/** Enabled cron jobs among `names` with no slot waiting or running: the ones whose next slot must be planned. */
export async function findJobsWithoutSlot(db: Db, names: string[]) {
  if (!names.length) return [];
  return db
    .selectFrom('job as j')
    .select(['j.name', 'j.schedule'])
    .where('j.name', 'in', names)
    .where('j.schedule', 'is not', null)
    .where('j.enabled', '=', true)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('job_run as r')
            .select(sql`1`.as('one'))
            .whereRef('r.job_name', '=', 'j.name')
            .where('r.trigger', '=', 'schedule')
            .where('r.status', 'in', ['queued', 'running']),
        ),
      ),
    )
    .execute() as Promise<{ name: string; schedule: string }[]>;
}

export interface ClaimedRun {
  id: number;
  job_name: string;
  key: string;
  payload: unknown;
  trigger: RunTrigger;
  run_at: Date;
  attempt: number;
  max_attempts: number;
  timeout_seconds: number;
  schedule: string | null;
}

/**
 * Takes the oldest due run of an enabled job among `names` for this worker. One statement: the inner
 * SELECT … FOR UPDATE SKIP LOCKED locks the row (others skip it; a claimer that saw it before the commit
 * re-checks `status = 'queued'` and drops it), the outer UPDATE makes it 'running' with a lease of
 * timeout + grace.
 */
export async function claimDueRun(db: Db, worker: string, names: string[], leaseGraceSeconds: number): Promise<ClaimedRun | undefined> {
  if (!names.length) return undefined;
  const res = await sql<ClaimedRun>`
    update job_run r
    set status = 'running', worker = ${worker}, attempt = r.attempt + 1, started_at = now(), finished_at = null,
        duration_ms = null, locked_until = now() + make_interval(secs => j.timeout_seconds + ${leaseGraceSeconds}::int)
    from job j
    where j.name = r.job_name
      and r.id = (
        select q.id from job_run q join job qj on qj.name = q.job_name
        where q.status = 'queued' and q.run_at <= now() and qj.enabled and q.job_name in (${sql.join(names)})
        order by q.run_at, q.id
        limit 1
        for update of q skip locked)
    returning r.id, r.job_name, r.key, r.payload, r.trigger, r.run_at, r.attempt, r.max_attempts, j.timeout_seconds, j.schedule`.execute(db);
  const row = res.rows[0];
  return row ? { ...row, id: Number(row.id), run_at: new Date(row.run_at) } : undefined;
}

/** Records success, if this worker still holds this attempt (a recovered run is not overwritten). */
export async function markRunSucceeded(db: Db, r: { id: number; worker: string; attempt: number; durationMs: number; result: unknown }) {
  const res = await db
    .updateTable('job_run')
    .set({
      status: 'succeeded',
      finished_at: sql<Date>`now()`,
      locked_until: null,
      duration_ms: r.durationMs,
      result: JSON.stringify(r.result ?? null),
      error: null,
    })
    .where('id', '=', r.id)
    .where('status', '=', 'running')
    .where('worker', '=', r.worker)
    .where('attempt', '=', r.attempt)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** attempt < max_attempts: back in the queue at now() + base·2^(attempt−1) (at most a day); else failed. */
const RETRY_SET = (baseSeconds: number, error: string) => sql`
    status = case when r.attempt < r.max_attempts then 'queued' else 'failed' end,
    run_at = case when r.attempt < r.max_attempts
                  then now() + make_interval(secs => least(86400, ${baseSeconds}::float8 * power(2::float8, (r.attempt - 1)::float8)))
                  else r.run_at end,
    finished_at = case when r.attempt < r.max_attempts then null else now() end,
    locked_until = null,
    result = null,
    error = ${error}`;

/** Records a failed or timed-out attempt, if this worker still holds it. Returns the new status. */
export async function markRunFailed(
  db: Db,
  r: { id: number; worker: string; attempt: number; durationMs: number; error: string; retryBaseSeconds: number },
): Promise<{ status: string; run_at: Date } | undefined> {
  const res = await sql<{ status: string; run_at: Date }>`
    update job_run r set ${RETRY_SET(r.retryBaseSeconds, r.error)}, duration_ms = ${r.durationMs}::int
    where r.id = ${r.id} and r.status = 'running' and r.worker = ${r.worker} and r.attempt = ${r.attempt}::int
    returning r.status, r.run_at`.execute(db);
  return res.rows[0];
}

/** Runs whose lease ran out (the worker died or hung): re-queued or failed like any failed attempt. */
export async function recoverExpiredRuns(db: Db, error: string, retryBaseSeconds: number, limit = 100) {
  const res = await sql<{ id: number; job_name: string; status: string; worker: string | null }>`
    update job_run r set ${RETRY_SET(retryBaseSeconds, error)}
    where r.id in (
      select e.id from job_run e
      where e.status = 'running' and e.locked_until < now()
      order by e.locked_until
      limit ${limit}::int
      for update skip locked)
    returning r.id, r.job_name, r.status, r.worker`.execute(db);
  return res.rows.map((x) => ({ ...x, id: Number(x.id) }));
}

// ---------------------------------------------------------------- reading

export async function listJobRows(db: Db) {
  return db
    .selectFrom('job')
    .select(['name', 'title', 'schedule', 'timeout_seconds', 'max_attempts', 'enabled', 'updated_at'])
    .orderBy('name')
    .execute();
}

/** Per job: waiting and running counts, and the earliest waiting run. */
export async function jobQueueStats(db: Db) {
  return db
    .selectFrom('job_run')
    .select([
      'job_name',
      sql<number>`count(*) filter (where status = 'queued')::int`.as('queued'),
      sql<number>`count(*) filter (where status = 'running')::int`.as('running'),
      sql<Date | null>`min(run_at) filter (where status = 'queued')`.as('next_run_at'),
    ])
    .where('status', 'in', ['queued', 'running'])
    .groupBy('job_name')
    .execute();
}

/** Per job: the most recently started run. */
export async function lastStartedRuns(db: Db) {
  return db
    .selectFrom('job_run')
    .distinctOn('job_name')
    .select(['job_name', 'status', 'started_at', 'finished_at', 'duration_ms', 'error'])
    .where('started_at', 'is not', null)
    .orderBy('job_name')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export interface JobRunFilter {
  jobName?: string;
  status?: string;
  from?: string;
  to?: string;
}

/** The run log; `from`/`to` bound the planned time (run_at). */
export function jobRunQuery(db: Db, f: JobRunFilter) {
  let q = db.selectFrom('job_run as r').innerJoin('job as j', 'j.name', 'r.job_name').leftJoin('app_user as u', 'u.id', 'r.requested_by');
  if (f.jobName) q = q.where('r.job_name', '=', f.jobName);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.from) q = q.where('r.run_at', '>=', new Date(f.from));
  if (f.to) q = q.where('r.run_at', '<', new Date(f.to));
  return q;
}

export const selectJobRunColumns = <Q extends ReturnType<typeof jobRunQuery>>(q: Q) =>
  q.select([
    'r.id', 'r.job_name', 'j.title as job_title', 'r.key', 'r.trigger', 'r.status', 'r.attempt', 'r.max_attempts', 'r.run_at',
    'r.started_at', 'r.finished_at', 'r.duration_ms', 'r.error', 'r.result', 'r.worker', 'r.created_at', 'u.display_name as requested_by_name',
  ]);

export type JobRunRow = Awaited<ReturnType<ReturnType<typeof selectJobRunColumns>['executeTakeFirstOrThrow']>>;

export async function findRunById(db: Db, id: number) {
  return selectJobRunColumns(jobRunQuery(db, {}).where('r.id', '=', id)).executeTakeFirst();
}

// ---------------------------------------------------------------- the platform's own jobs

/**
 * Ends, in batches, sessions past their absolute lifetime ('expired') or idle past their idle_seconds ('idle'),
 * judged as the auth plugin judges them (expiry first). Returns how many were ended.
 */
export async function endStaleSessionsBatch(db: Db, limit: number) {
  const res = await sql<{ end_reason: string }>`
    update session s
    set ended_at = now(), end_reason = case when s.expires_at <= now() then 'expired' else 'idle' end
    where s.id in (
      select x.id from session x
      where x.ended_at is null
        and (x.expires_at <= now() or x.last_seen_at + make_interval(secs => x.idle_seconds) <= now())
      limit ${limit}::int
      for update skip locked)
    returning s.end_reason`.execute(db);
  return { idle: res.rows.filter((r) => r.end_reason === 'idle').length, expired: res.rows.filter((r) => r.end_reason === 'expired').length };
}

/** Deletes, in batches, uploads never attached to anything and older than `olderThanHours`. Returns the count. */
export async function purgeUnattachedFilesBatch(db: Db, olderThanHours: number, limit: number) {
  const res = await sql`
    delete from file f
    where f.id in (
      select x.id from file x
      where x.attached_at is null
        and x.created_at < now() - make_interval(hours => ${olderThanHours}::int)
        and not exists (select 1 from wf_action_file a where a.file_id = x.id)
      limit ${limit}::int
      for update skip locked)`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

/** Finished runs older than the retention (the run log of every-minute jobs grows by thousands a day). */
export async function purgeFinishedRunsBatch(db: Db, olderThanDays: number, limit: number) {
  const res = await sql`
    delete from job_run r
    where r.id in (
      select x.id from job_run x
      where x.status in ('succeeded', 'failed', 'cancelled')
        and x.finished_at < now() - make_interval(days => ${olderThanDays}::int)
      limit ${limit}::int
      for update skip locked)`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
