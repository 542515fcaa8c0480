import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/platform/audit/audit.repository.js';
import { signIn, useTestApp } from './helpers.js';
import { TEMPLATE_DB } from './template.js';

describe('audit chain', () => {
  const t = useTestApp();

  it('writes an audit row with before/after in the same transaction as a change', async () => {
    const c = await signIn(t.app, 'jinan');
    const unit = (await c.get('/api/orgs?kind=unit&pageSize=1')).json().items[0];
    const res = await c.put(`/api/orgs/${unit.id}`, { kind: 'unit', name: `${unit.name}（更名）`, unitType: unit.unitType, level: unit.level, regionCode: unit.regionCode, parentId: unit.parentId, staffingQuota: unit.staffingQuota });
    expect(res.statusCode).toBe(200);
    const row = await t.p.db.selectFrom('audit_log').selectAll().where('action', '=', 'org.update').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(row.username).toBe('jinan');
    expect(row.object_id).toBe(String(unit.id));
    expect((row.before as { name: string }).name).toBe(unit.name);
    expect((row.after as { name: string }).name).toBe(`${unit.name}（更名）`);
    expect(row.result).toBe('success');
  });

  it('a refused change leaves no data behind but a failure row', async () => {
    const c = await signIn(t.app, 'jinan');
    const before = await sql<{ n: number }>`select count(*)::int as n from org`.execute(t.p.db);
    const res = await c.post('/api/orgs', { kind: 'unit', name: '越权单位', unitType: 'institution', level: 'city', regionCode: '3702' });
    expect(res.statusCode).toBe(403);
    const after = await sql<{ n: number }>`select count(*)::int as n from org`.execute(t.p.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const row = await t.p.db.selectFrom('audit_log').select(['action', 'result', 'detail']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'org.create', result: 'failure', detail: 'OUT_OF_SCOPE' });
  });

  it('logins, exports and views of personal data are audited', async () => {
    const c = await signIn(t.app, 'province');
    const res = await c.get('/api/persons/export?pageSize=5');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const id = (await c.get('/api/persons?pageSize=1')).json().items[0].id;
    const reveal = await c.post(`/api/persons/${id}/reveal`);
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json().idNo).toMatch(/^\d{17}[\dX]$/);
    const actions = (await t.p.db.selectFrom('audit_log').select('action').where('username', '=', 'province').execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'person.export', 'person.reveal']));
  });

  it('the auditor sees the log and the chain verifies clean', async () => {
    const a = await signIn(t.app, 'auditor');
    const v = (await a.get('/api/audit/verify')).json();
    expect(v.ok).toBe(true);
    expect(v.checked).toBeGreaterThan(3);
    const list = (await a.get('/api/audit?action=auth.login&pageSize=5')).json();
    expect(list.total).toBeGreaterThan(0);
    expect((await a.get('/api/audit/export')).statusCode).toBe(200);
  });

  it('editing one row directly in SQL breaks the chain at that row', async () => {
    const target = await t.p.db.selectFrom('audit_log').select('seq').orderBy('seq').offset(2).limit(1).executeTakeFirstOrThrow();
    await t.p.db.updateTable('audit_log').set({ username: 'mallory' }).where('seq', '=', target.seq).execute();
    const r = await verifyAuditChain(t.p.db, t.p.keys.macKey);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(Number(target.seq));
    expect(r.firstBroken?.reason).toContain('篡改');
  });

  it('deleting a row breaks the chain too', async () => {
    const { database, drop } = await (await import('./helpers.js')).openTestDatabase();
    const { appendAudit } = await import('../src/platform/audit/audit.repository.js');
    for (let i = 0; i < 3; i++)
      await database.db.transaction().execute((tx) =>
        appendAudit(tx, t.p.keys.macKey, { user_id: null, username: 'x', ip: '127.0.0.1', action: 'test', object_type: '', object_id: String(i), before: null, after: null, result: 'success', detail: '' }),
      );
    expect((await verifyAuditChain(database.db, t.p.keys.macKey)).ok).toBe(true);
    await database.db.deleteFrom('audit_log').where('object_id', '=', '1').where('action', '=', 'test').execute();
    const r = await verifyAuditChain(database.db, t.p.keys.macKey);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.reason).toContain('缺失');
    await drop();
  });
});

describe('steward audit verify (CLI)', () => {
  it.runIf(process.env.STEWARD_TEST_ENGINE === 'postgres')('reports the edited row and exits non-zero', async () => {
    const { TEST_SECRET, PG_BASE } = await import('./template.js');
    const name = `steward_t_${process.pid}_cli`;
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
    const url = `${PG_BASE}/${name}`;
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: url, STEWARD_SECRET: TEST_SECRET };
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(`insert into audit_log (seq, at, username, ip, action, result, prev_hash, hash)
      select 1, now(), 'x', '1', 'a', 'success', repeat('0', 64), 'bogus' where not exists (select 1 from audit_log)`);
    await db.query(`update audit_chain_head set last_seq = (select max(seq) from audit_log), last_hash = (select hash from audit_log order by seq desc limit 1)`);
    const out = await run('npx', ['steward', 'audit', 'verify'], { env }).catch((e: { stdout: string; code: number }) => e);
    expect((out as { code?: number }).code).toBe(1);
    expect((out as { stdout: string }).stdout).toContain('第 1 条');
    await db.end();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
});

describe('audit action names', () => {
  it('every action the code writes has a Chinese name', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const path = await import('node:path');
    const { AUDIT_ACTION_NAMES } = await import('../src/platform/audit/audit.actions.js');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk('server/src');
    const used = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:audited\(req, |action: )'([a-z_]+(?:\.[a-z_]+)+)'/g)) used.add(m[1]!);
      // a list's export writes `<objectType>.export` (registerList: exportPermission is followed by objectType)
      for (const m of text.matchAll(/exportPermission: '[^']+',\s*objectType: '([a-z_]+)'/g)) used.add(`${m[1]}.export`);
    }
    expect(used.size).toBeGreaterThan(15);
    for (const a of used) expect(AUDIT_ACTION_NAMES[a], a).toBeTruthy();
  });
});
