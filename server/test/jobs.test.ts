import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/connection.js';
import { platformFor } from '../src/platform/bootstrap.js';
import { allJobs, PLATFORM_JOBS } from '../src/platform/jobs/job.catalog.js';
import { defineJob, describeCron, nextSlot } from '../src/platform/jobs/job.registry.js';
import { enqueueJob, RECOVERED_ERROR, Scheduler, setJobEnabled, syncJobs } from '../src/platform/jobs/job.service.js';
import { ENGINE, signIn, useTestApp } from './helpers.js';
import { PG_BASE, TEST_KEYS, testConfig } from './template.js';

const calls: Record<string, number> = {};
const hit = (k: string) => {
  calls[k] = (calls[k] ?? 0) + 1;
};

/** Counts executions per run id; a second execution of the same run shows as n = 2. */
const count = defineJob({
  name: 'test.counter',
  title: '测试计数',
  maxAttempts: 1,
  run: async ({ platform, runId }) => {
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    await sql`insert into job_test_counter (run_id, n) values (${runId}, 1)
              on conflict (run_id) do update set n = job_test_counter.n + 1`.execute(platform.db);
  },
});

const JOBS = {
  cron: defineJob({ name: 'test.cron', title: '测试定时', schedule: '*/5 * * * *', run: async () => {
      hit('cron');
      return { ok: true };
    },
  }),
  cronOff: defineJob({ name: 'test.cron-off', title: '测试停用定时', schedule: '0 3 * * *', run: async () => hit('cronOff') }),
  echo: defineJob({ name: 'test.echo', title: '测试回显', run: async ({ payload }) => {
      hit('echo');
      return { payload };
    },
  }),
  flaky: defineJob({
    name: 'test.flaky',
    title: '测试重试',
    maxAttempts: 3,
    run: async ({ attempt }) => {
      hit('flaky');
      if (attempt < 3) throw new Error(`boom ${attempt}`);
      return { attempt };
    },
  }),
  broken: defineJob({ name: 'test.broken', title: '测试失败', maxAttempts: 2, run: async () => Promise.reject(new Error('坏了')) }),
  slow: defineJob({
    name: 'test.slow',
    title: '测试超时',
    timeoutSeconds: 1,
    maxAttempts: 2,
    run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
  }),
  stubborn: defineJob({ name: 'test.stubborn', title: '测试不理会超时', timeoutSeconds: 1, maxAttempts: 1, run: () => new Promise(() => {}) }),
  orphan: defineJob({ name: 'test.orphan', title: '测试回收', maxAttempts: 2, run: async () => hit('orphan') }),
  toggled: defineJob({ name: 'test.toggled', title: '测试启停', run: async () => hit('toggled') }),
  count,
  slot: defineJob({ name: 'test.slot-race', title: '测试抢占', schedule: '* * * * *', maxAttempts: 1, run: count.run }),
};

describe('job scheduler', () => {
  const t = useTestApp();

  beforeAll(async () => {
    await syncJobs(t.p.db, [...allJobs(), ...Object.values(JOBS)]);
    await sql`create table job_test_counter (run_id bigint primary key, n integer not null)`.execute(t.p.db);
  });

  const runsOf = (name: string) => t.p.db.selectFrom('job_run').selectAll().where('job_name', '=', name).orderBy('id').execute();
  const runById = (id: number) => t.p.db.selectFrom('job_run').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** Lets time pass for one run: its planned time moves into the past. */
  const makeDue = (id: number) => sql`update job_run set run_at = now() - interval '1 second' where id = ${id}`.execute(t.p.db);
  const secondsUntil = async (id: number) =>
    (await sql<{ s: number }>`select extract(epoch from run_at - now())::float8 as s from job_run where id = ${id}`.execute(t.p.db)).rows[0]!.s;

  it('defines jobs strictly and reads common crons in Chinese', () => {
    expect(() => defineJob({ name: 'NoModule', title: 'x', run: async () => null })).toThrow(/module\.thing/);
    expect(() => defineJob({ name: 'a.b', title: 'x', schedule: '61 * * * *', run: async () => null })).toThrow(/cron/);
    expect(() => defineJob({ name: 'a.b', title: 'x', schedule: '0 0 * * * *', run: async () => null })).toThrow(/5 段/);
    expect(() => defineJob({ name: 'a.b', title: 'x', maxAttempts: 0, run: async () => null })).toThrow();
    expect(describeCron('*/10 * * * *')).toBe('每 10 分钟');
    expect(describeCron('0 * * * *')).toBe('每小时');
    expect(describeCron('0 2 * * *')).toBe('每天 02:00');
    expect(describeCron('30 8 * * 1-5')).toBe('工作日 08:30');
    expect(describeCron('0 9 * * 1')).toBe('每周一 09:00');
    expect(describeCron('0 1 15 * *')).toBe('每月 15 日 01:00');
    expect(describeCron('5 4 * 1,7 *')).toBe('5 4 * 1,7 *');
    // Asia/Shanghai, whatever the server's TZ: 02:00 in Shanghai is 18:00 UTC the day before.
    expect(nextSlot('0 2 * * *', new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-01T18:00:00.000Z');
  });

  it('a cron slot runs once and the next slot is planned', async () => {
    const s = new Scheduler(t.p, { jobs: [JOBS.cron] });
    expect(await s.tick()).toBe(0);
    const [first, ...rest] = await runsOf('test.cron');
    expect(rest).toHaveLength(0);
    expect(first).toMatchObject({ trigger: 'schedule', status: 'queued', attempt: 0 });
    expect(first!.key).toBe(new Date(first!.run_at).toISOString());
    expect(new Date(first!.run_at).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(first!.run_at).getUTCMinutes() % 5).toBe(0);

    await makeDue(first!.id);
    // Two servers tick at once: the slot runs once, the next slot is inserted once.
    const ran = await Promise.all([s.tick(), new Scheduler(t.p, { jobs: [JOBS.cron] }).tick()]);
    expect(ran[0] + ran[1]).toBe(1);
    expect(calls.cron).toBe(1);
    const runs = await runsOf('test.cron');
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ id: first!.id, status: 'succeeded', attempt: 1, result: { ok: true }, locked_until: null, error: null });
    expect(runs[0]!.duration_ms).toBeGreaterThanOrEqual(0);
    expect(runs[1]).toMatchObject({ trigger: 'schedule', status: 'queued', key: nextSlot('*/5 * * * *', new Date(first!.key)).toISOString() });
    expect(await s.tick()).toBe(0);
    expect(calls.cron).toBe(1);
    expect(await runsOf('test.cron')).toHaveLength(2);
  });

  it('a delayed job does not run before its time', async () => {
    const s = new Scheduler(t.p, { jobs: [JOBS.echo] });
    const later = await enqueueJob(t.p.db, 'test.echo', { runAt: new Date(Date.now() + 3600_000), payload: { n: 1 } });
    expect(later.created).toBe(true);
    expect(await s.tick()).toBe(0);
    expect(calls.echo).toBeUndefined();
    const now = await enqueueJob(t.p.db, 'test.echo', { payload: { n: 2 } });
    expect(await s.tick()).toBe(1);
    expect(await runById(now.id)).toMatchObject({ status: 'succeeded', trigger: 'queue', result: { payload: { n: 2 } } });
    expect(await runById(later.id)).toMatchObject({ status: 'queued', attempt: 0 });
  });

  it('deduplicates by key and refuses unknown jobs', async () => {
    const a = await enqueueJob(t.p.db, 'test.echo', { key: 'doc-42', payload: { n: 3 }, runAt: new Date(Date.now() + 3600_000) });
    const b = await enqueueJob(t.p.db, 'test.echo', { key: 'doc-42', payload: { n: 4 } });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    expect((await runById(a.id)).payload).toEqual({ n: 3 });
    await expect(enqueueJob(t.p.db, 'test.nothing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(enqueueJob(t.p.db, 'test.echo', { key: '' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('retries with exponential backoff, then succeeds', async () => {
    const s = new Scheduler(t.p, { jobs: [JOBS.flaky] });
    const { id } = await enqueueJob(t.p.db, 'test.flaky');
    expect(await s.tick()).toBe(1);
    expect(await runById(id)).toMatchObject({ status: 'queued', attempt: 1, error: 'boom 1', locked_until: null, finished_at: null });
    const wait1 = await secondsUntil(id);
    expect(wait1).toBeGreaterThan(25);
    expect(wait1).toBeLessThanOrEqual(30);
    expect(await s.tick()).toBe(0); // not due yet
    await makeDue(id);
    expect(await s.tick()).toBe(1);
    expect(await runById(id)).toMatchObject({ status: 'queued', attempt: 2, error: 'boom 2' });
    const wait2 = await secondsUntil(id);
    expect(wait2).toBeGreaterThan(55);
    expect(wait2).toBeLessThanOrEqual(60);
    await makeDue(id);
    expect(await s.tick()).toBe(1);
    const done = await runById(id);
    expect(done).toMatchObject({ status: 'succeeded', attempt: 3, error: null, result: { attempt: 3 } });
    expect(done.finished_at).not.toBeNull();
    expect(calls.flaky).toBe(3);
  });

  it('fails for good once the attempts are used up', async () => {
    const s = new Scheduler(t.p, { jobs: [JOBS.broken] });
    const { id } = await enqueueJob(t.p.db, 'test.broken');
    expect(await s.tick()).toBe(1);
    expect(await runById(id)).toMatchObject({ status: 'queued', attempt: 1, error: '坏了' });
    await makeDue(id);
    expect(await s.tick()).toBe(1);
    const r = await runById(id);
    expect(r).toMatchObject({ status: 'failed', attempt: 2, max_attempts: 2, error: '坏了', locked_until: null });
    expect(r.finished_at).not.toBeNull();
    await makeDue(id);
    expect(await s.tick()).toBe(0);
  });

  it('aborts at the timeout, also a handler that ignores its signal', async () => {
    const s = new Scheduler(t.p, { jobs: [JOBS.slow, JOBS.stubborn] });
    const a = await enqueueJob(t.p.db, 'test.slow');
    const b = await enqueueJob(t.p.db, 'test.stubborn');
    const t0 = Date.now();
    expect(await s.tick()).toBe(2);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(6000);
    const ra = await runById(a.id);
    expect(ra).toMatchObject({ status: 'queued', attempt: 1 });
    expect(ra.error).toContain('超时');
    expect(ra.duration_ms).toBeGreaterThanOrEqual(900);
    const rb = await runById(b.id);
    expect(rb).toMatchObject({ status: 'failed', attempt: 1 });
    expect(rb.error).toContain('超时');
    await makeDue(a.id);
    expect(await s.tick()).toBe(1);
    expect(await runById(a.id)).toMatchObject({ status: 'failed', attempt: 2 });
  });

  it('recovers runs whose worker died (lease passed), leaves live ones alone', async () => {
    const s = new Scheduler(t.p, { jobs: [JOBS.orphan] });
    const a = await enqueueJob(t.p.db, 'test.orphan');
    const b = await enqueueJob(t.p.db, 'test.orphan');
    const c = await enqueueJob(t.p.db, 'test.orphan');
    const claim = (id: number, attempt: number, lease: string) =>
      sql`update job_run set status = 'running', worker = 'dead-host:1', attempt = ${attempt}, started_at = now() - interval '10 minutes',
          locked_until = now() + ${lease}::interval where id = ${id}`.execute(t.p.db);
    await claim(a.id, 1, '-1 minute'); // died on its first attempt → back in the queue
    await claim(b.id, 2, '-1 minute'); // died on its last attempt → failed
    await claim(c.id, 1, '1 hour'); // still within its lease → untouched
    expect(await s.tick()).toBe(0);
    const ra = await runById(a.id);
    expect(ra).toMatchObject({ status: 'queued', attempt: 1, error: RECOVERED_ERROR, locked_until: null });
    expect(await secondsUntil(a.id)).toBeGreaterThan(25);
    const rb = await runById(b.id);
    expect(rb).toMatchObject({ status: 'failed', attempt: 2, error: RECOVERED_ERROR });
    expect(rb.finished_at).not.toBeNull();
    expect(await runById(c.id)).toMatchObject({ status: 'running', worker: 'dead-host:1', error: null });
    expect(calls.orphan).toBeUndefined();
    await makeDue(a.id);
    expect(await s.tick()).toBe(1);
    expect(await runById(a.id)).toMatchObject({ status: 'succeeded', attempt: 2, error: null });
  });

  it('does not claim runs of a disabled job; switching a cron job off drops its planned slot', async () => {
    const s = new Scheduler(t.p, { jobs: [JOBS.toggled, JOBS.cronOff] });
    await setJobEnabled(t.p.db, 'test.toggled', false);
    const { id } = await enqueueJob(t.p.db, 'test.toggled');
    expect(await s.tick()).toBe(0);
    expect(await runById(id)).toMatchObject({ status: 'queued', attempt: 0 });
    await setJobEnabled(t.p.db, 'test.toggled', true);
    expect(await s.tick()).toBe(1);
    expect(calls.toggled).toBe(1);

    expect((await runsOf('test.cron-off')).map((r) => r.status)).toEqual(['queued']);
    await setJobEnabled(t.p.db, 'test.cron-off', false);
    expect(await s.tick()).toBe(0);
    expect(await runsOf('test.cron-off')).toHaveLength(0);
    await setJobEnabled(t.p.db, 'test.cron-off', true);
    await s.tick();
    expect((await runsOf('test.cron-off')).map((r) => r.status)).toEqual(['queued']);
  });

  it('two schedulers on one database run each of 30 runs once', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => enqueueJob(t.p.db, 'test.counter', { payload: { i } })));
    const a = new Scheduler(t.p, { jobs: [count] });
    const b = new Scheduler(t.p, { jobs: [count] });
    let total = 0;
    for (let round = 0; round < 5; round++) total += (await Promise.all([a.tick(), b.tick(), a.tick()])).reduce((x, y) => x + y, 0);
    expect(total).toBe(30);
    const rows = await t.p.db.selectFrom('job_run').select(['status', 'attempt']).where('id', 'in', ids.map((r) => r.id)).execute();
    expect(rows.every((r) => r.status === 'succeeded' && r.attempt === 1)).toBe(true);
    const c = await sql<{ runs: number; execs: number }>`select count(*)::int as runs, coalesce(sum(n), 0)::int as execs from job_test_counter
      where run_id in (${sql.join(ids.map((r) => r.id))})`.execute(t.p.db);
    expect(c.rows[0]).toEqual({ runs: 30, execs: 30 });
  });

  it.skipIf(ENGINE !== 'postgres')('exactly once: four servers on one PostgreSQL race over 200 runs and a cron slot', async () => {
    const { db } = t.p;
    const dbName = (await sql<{ n: string }>`select current_database() as n`.execute(db)).rows[0]!.n;
    const servers = await Promise.all([0, 1, 2, 3].map(() => openPostgres(`${PG_BASE}/${dbName}`, 3)));
    try {
      const schedulers = servers.map((d, i) => new Scheduler(platformFor(d, testConfig(), TEST_KEYS), { jobs: [count, JOBS.slot], workerId: `server-${i}` }));
      // A due cron slot: planned by one server, then its time comes.
      expect(await schedulers[0]!.tick()).toBe(0);
      const [slot] = await runsOf('test.slot-race');
      await makeDue(slot!.id);
      const ids = (await Promise.all(Array.from({ length: 200 }, (_, i) => enqueueJob(db, 'test.counter', { payload: { i } })))).map((r) => r.id);

      let total = 0;
      for (let round = 0; round < 10; round++) {
        const n = (await Promise.all(schedulers.map((s) => s.tick()))).reduce((x, y) => x + y, 0);
        total += n;
        if (n === 0) break;
      }
      expect(total).toBe(201);
      const c = await sql<{ runs: number; execs: number; most: number }>`
        select count(*)::int as runs, sum(n)::int as execs, max(n)::int as most from job_test_counter
        where run_id in (${sql.join([...ids, slot!.id])})`.execute(db);
      expect(c.rows[0]).toEqual({ runs: 201, execs: 201, most: 1 });
      const rows = await db.selectFrom('job_run').select(['status', 'attempt', 'worker']).where('id', 'in', ids).execute();
      expect(rows.every((r) => r.status === 'succeeded' && r.attempt === 1)).toBe(true);
      expect(new Set(rows.map((r) => r.worker)).size).toBeGreaterThan(1);
      const slots = await runsOf('test.slot-race');
      expect(slots.map((r) => r.status)).toEqual(['succeeded', 'queued']);
      expect(slots[1]!.key).toBe(nextSlot('* * * * *', new Date(slot!.key)).toISOString());
    } finally {
      await Promise.all(servers.map((d) => d.close()));
    }
  });

  it('platform.session-cleanup ends idle and expired sessions', async () => {
    const { db } = t.p;
    const user = await db.selectFrom('app_user').select('id').where('username', '=', 'staff').executeTakeFirstOrThrow();
    const mk = async (expiresInSec: number, lastSeenAgoSec: number) => {
      const id = randomUUID();
      await db
        .insertInto('session')
        .values({ id, user_id: user.id, csrf_token: 'x', ip: '127.0.0.1', idle_seconds: 1800, expires_at: new Date(Date.now() + expiresInSec * 1000), last_seen_at: new Date(Date.now() - lastSeenAgoSec * 1000) })
        .execute();
      return id;
    };
    const expired = await mk(-60, 10);
    const idle = await mk(3600, 3600);
    const live = await mk(3600, 10);
    const { id } = await enqueueJob(db, 'platform.session-cleanup', { trigger: 'manual' });
    expect(await new Scheduler(t.p, { jobs: PLATFORM_JOBS }).tick()).toBe(1);
    const run = await runById(id);
    expect(run.status).toBe('succeeded');
    expect((run.result as { idle: number }).idle).toBeGreaterThanOrEqual(1);
    expect((run.result as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    const ended = await db.selectFrom('session').select(['id', 'end_reason']).where('id', 'in', [expired, idle, live]).execute();
    expect(Object.fromEntries(ended.map((s) => [s.id, s.end_reason]))).toEqual({ [expired]: 'expired', [idle]: 'idle', [live]: null });
  });

  it('platform.file-purge deletes unattached uploads older than a day', async () => {
    const { db } = t.p;
    const user = await db.selectFrom('app_user').select('id').where('username', '=', 'staff').executeTakeFirstOrThrow();
    const mk = async (hoursAgo: number, attached: boolean) => {
      const id = randomUUID();
      const at = new Date(Date.now() - hoursAgo * 3600_000);
      await db
        .insertInto('file')
        .values({ id, name: 'a.txt', mime: 'text/plain', size: 1, sm3: 'a'.repeat(64), content: Buffer.from('x'), uploaded_by: user.id, created_at: at, attached_at: attached ? at : null })
        .execute();
      return id;
    };
    const old = await mk(25, false);
    const fresh = await mk(1, false);
    const kept = await mk(48, true);
    const { id } = await enqueueJob(db, 'platform.file-purge', { trigger: 'manual' });
    expect(await new Scheduler(t.p, { jobs: PLATFORM_JOBS }).tick()).toBe(1);
    expect(await runById(id)).toMatchObject({ status: 'succeeded', result: { deleted: 1 } });
    const left = await db.selectFrom('file').select('id').where('id', 'in', [old, fresh, kept]).execute();
    expect(left.map((f) => f.id).sort()).toEqual([fresh, kept].sort());
  });

  it('platform.job-run-purge keeps the run log to its retention', async () => {
    const { db } = t.p;
    const mk = async (daysAgo: number, status: 'succeeded' | 'queued') => {
      const at = new Date(Date.now() - daysAgo * 86400_000);
      const r = await db
        .insertInto('job_run')
        .values({ job_name: 'platform.file-purge', key: randomUUID(), trigger: 'queue', run_at: at, status, max_attempts: 1, attempt: status === 'queued' ? 0 : 1, finished_at: status === 'queued' ? null : at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    };
    const old = await mk(40, 'succeeded');
    const recent = await mk(3, 'succeeded');
    const waiting = await mk(40, 'queued');
    await db.updateTable('job').set({ enabled: false }).where('name', '=', 'platform.file-purge').execute(); // keep the old queued row unclaimed
    const { id } = await enqueueJob(db, 'platform.job-run-purge', { trigger: 'manual' });
    await new Scheduler(t.p, { jobs: PLATFORM_JOBS }).tick();
    expect(await runById(id)).toMatchObject({ status: 'succeeded', result: { deleted: 1, days: 30 } });
    const left = await db.selectFrom('job_run').select('id').where('id', 'in', [old, recent, waiting]).execute();
    expect(left.map((r) => r.id).sort()).toEqual([recent, waiting].sort());
    await db.updateTable('job').set({ enabled: true }).where('name', '=', 'platform.file-purge').execute();
  });

  it('routes: list, run now, enable/disable, run log and export; 403 without permission', async () => {
    const sys = await signIn(t.app, 'sysadmin');
    await new Scheduler(t.p).tick(); // plans the platform jobs' next slots
    const items = (await sys.get('/api/jobs')).json().items as { name: string; nextRunAt: string | null }[];
    const cleanup = items.find((j) => j.name === 'platform.session-cleanup');
    expect(cleanup).toMatchObject({ title: '清理过期会话', schedule: '*/10 * * * *', scheduleText: '每 10 分钟', enabled: true, timeoutSeconds: 120, maxAttempts: 3, running: 0 });
    expect(Date.parse(cleanup!.nextRunAt!)).toBeGreaterThan(Date.now());
    expect(cleanup).toMatchObject({ lastRun: { status: 'succeeded' } }); // the manual run above
    expect(items.find((j) => j.name === 'platform.file-purge')).toMatchObject({ scheduleText: '每小时' });
    expect(items.find((j) => j.name === 'test.echo')).toMatchObject({ schedule: null, scheduleText: '按需' });

    const res = await sys.post('/api/jobs/test.echo/run');
    expect(res.statusCode).toBe(200);
    const run = res.json();
    expect(run).toMatchObject({ jobName: 'test.echo', jobTitle: '测试回显', status: 'queued', trigger: 'manual', attempt: 0 });
    expect(run.key).toMatch(/^manual:[0-9a-f-]{36}$/);
    expect(typeof run.requestedBy).toBe('string');
    expect(await new Scheduler(t.p, { jobs: [JOBS.echo] }).tick()).toBe(1);
    const log = (await sys.get('/api/job-runs?jobName=test.echo&status=succeeded&sort=id&order=desc')).json();
    expect(log.items[0]).toMatchObject({ id: run.id, status: 'succeeded', attempt: 1 });
    expect(log.items[0].durationMs).toBeGreaterThanOrEqual(0);
    const echo = (await sys.get('/api/jobs')).json().items.find((j: { name: string }) => j.name === 'test.echo');
    expect(echo.lastRun).toMatchObject({ status: 'succeeded', error: null });
    expect(echo.queued).toBe(2); // the two future runs of the earlier tests
    expect((await sys.get('/api/job-runs?sort=durationMs&order=desc&pageSize=5')).statusCode).toBe(200);
    expect((await sys.get('/api/job-runs?sort=name')).statusCode).toBe(400);

    const xlsx = await sys.get('/api/job-runs/export?jobName=test.echo');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('编号');
    expect(ws.getRow(2).getCell(2).value).toBe('测试回显');

    const off = await sys.put('/api/jobs/test.echo', { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ name: 'test.echo', enabled: false, nextRunAt: null });
    expect((await sys.post('/api/jobs/test.echo/run')).json().code).toBe('VALIDATION');
    expect((await sys.put('/api/jobs/test.echo', { enabled: true })).json()).toMatchObject({ enabled: true });
    expect((await sys.post('/api/jobs/test.nothing/run')).statusCode).toBe(404);
    expect((await sys.put('/api/jobs/test.nothing', { enabled: true })).statusCode).toBe(404);
    expect((await sys.put('/api/jobs/test.echo', { enabled: true, extra: 1 })).statusCode).toBe(400);

    const audit = await t.p.db.selectFrom('audit_log').select(['action', 'object_id', 'result']).where('action', 'in', ['job.run', 'job.update', 'job_run.export']).orderBy('seq').execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'job.run', object_id: 'test.echo', result: 'success' },
        { action: 'job_run.export', object_id: '', result: 'success' },
        { action: 'job.update', object_id: 'test.echo', result: 'success' },
        { action: 'job.run', object_id: '', result: 'failure' },
      ]),
    );
    expect(t.app.unauditedMutations).toEqual([]);

    const staff = await signIn(t.app, 'staff');
    for (const [method, url] of [
      ['GET', '/api/jobs'],
      ['GET', '/api/job-runs'],
      ['GET', '/api/job-runs/export'],
      ['POST', '/api/jobs/test.echo/run'],
      ['PUT', '/api/jobs/test.echo'],
    ] as const)
      expect((await staff.req(method, url, method === 'PUT' ? { enabled: false } : method === 'POST' ? {} : undefined)).statusCode, url).toBe(403);
  });
});
