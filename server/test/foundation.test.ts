import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openPGlite } from '../src/db/connection.js';
import { listMigrations } from '../src/db/migrator.js';
import {
  base32Encode,
  hashPassword,
  maskIdNo,
  maskPhone,
  sm4Decrypt,
  sm4Encrypt,
  totpAt,
  verifyPassword,
  verifyTotp,
} from '../src/platform/crypto/crypto.service.js';
import { canonicalJson } from '../src/platform/audit/audit.chain.js';
import { regionCodePath, regionWithin } from '../src/platform/access/scope.js';
import { checkPasswordPolicy } from '../src/platform/identity/password.policy.js';
import { SETTING_DEFS, type SettingValues } from '../src/platform/settings/settings.catalog.js';
import { openTestDatabase } from './helpers.js';

const defaults = Object.fromEntries(SETTING_DEFS.map((d) => [d.key, d.value])) as unknown as SettingValues;

describe('crypto', () => {
  it('SM4 round-trips and never repeats a ciphertext', () => {
    const key = Buffer.alloc(16, 9);
    const a = sm4Encrypt(key, '370102199001011234');
    const b = sm4Encrypt(key, '370102199001011234');
    expect(a.equals(b)).toBe(false);
    expect(sm4Decrypt(key, a)).toBe('370102199001011234');
    expect(() => sm4Decrypt(Buffer.alloc(16, 8), a)).toThrow();
  });

  it('PBKDF2-HMAC-SM3 verifies the right password only', async () => {
    const h = await hashPassword('Steward@2026', 1000);
    expect(h).toMatch(/^pbkdf2-sm3\$1000\$/);
    expect(await verifyPassword('Steward@2026', h)).toBe(true);
    expect(await verifyPassword('steward@2026', h)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('TOTP matches the RFC 6238 test vector and tolerates one step of drift', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(totpAt(secret, 1)).toBe('287082'); // T=59 s
    expect(totpAt(secret, Math.floor(1111111109 / 30))).toBe('081804');
    const now = 1111111109_000;
    expect(verifyTotp(secret, '081804', now)).not.toBeNull();
    expect(verifyTotp(secret, '081804', now + 30_000)).not.toBeNull();
    expect(verifyTotp(secret, '081804', now + 90_000)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', now)).toBeNull();
  });

  it('masks personal data', () => {
    expect(maskIdNo('37010219900101123X')).toBe('370102********123X');
    expect(maskPhone('13912345678')).toBe('139****5678');
  });
});

describe('rules', () => {
  it('password policy follows the 等保 defaults', () => {
    const check = (password: string, isAdmin = false) => checkPasswordPolicy(defaults, { password, username: 'zhangsan', isAdmin });
    expect(check('Ab1!')).toContain('至少 8 位');
    expect(check('abcdefgh1')).toContain('至少 3 类');
    expect(check('Abcdefg1')).toBeNull();
    expect(check('Abcdefg1', true)).toContain('至少 12 位');
    expect(check('Zhangsan#2026')).toContain('用户名');
  });

  it('audit hashing does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('region paths come from the code', () => {
    expect(regionCodePath('370102001')).toBe('37.3701.370102.370102001');
    expect(regionWithin('370102', ['37.3701'])).toBe(true);
    expect(regionWithin('370202', ['37.3701'])).toBe(false);
    expect(regionWithin('3701', ['37.37011'])).toBe(false);
  });
});

describe('database', () => {
  it('region_code_path in SQL agrees with the code', async () => {
    const { database, drop } = await openTestDatabase();
    const r = await sql<{ p: string }>`select region_code_path('370102001')::text as p`.execute(database.db);
    expect(r.rows[0]!.p).toBe(regionCodePath('370102001'));
    // the org tree keeps paths consistent when a subtree moves
    const [a, b] = await database.db.selectFrom('org').select(['id', 'path']).where('kind', '=', 'unit').where('parent_id', 'is', null).orderBy('id').limit(2).execute();
    const child = await database.db.selectFrom('org').select(['id']).where('parent_id', '=', a!.id).where('kind', '=', 'department').executeTakeFirstOrThrow();
    await database.db.updateTable('org').set({ parent_id: b!.id }).where('id', '=', a!.id).execute();
    const moved = await database.db.selectFrom('org').select(['path', 'depth']).where('id', '=', child.id).executeTakeFirstOrThrow();
    expect(moved.path.startsWith(`${b!.path}.`)).toBe(true);
    expect(moved.depth).toBe(2);
    await expect(database.db.updateTable('org').set({ parent_id: child.id }).where('id', '=', a!.id).execute()).rejects.toThrow();
    await drop();
  });

  it('migrations are date-prefixed and the migrator refuses an edited one', async () => {
    for (const m of listMigrations()) expect(m.name).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-/);
    const dir = mkdtempSync(path.join('.tmp', 'mig-'));
    writeFileSync(path.join(dir, '2026-01-01-0001-bad name.sql'), 'select 1');
    expect(() => listMigrations(dir)).toThrow(/file name/);
  });

  it('PGlite serialises concurrent transactions instead of interleaving them', async () => {
    const database = await openPGlite(undefined);
    await sql`create table t (n int)`.execute(database.db);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        database.db.transaction().execute(async (tx) => {
          const c = await sql<{ c: number }>`select count(*)::int as c from t`.execute(tx);
          await sql`insert into t values (${c.rows[0]!.c + i * 0})`.execute(tx);
        }),
      ),
    );
    const r = await sql<{ n: number }>`select n from t order by n`.execute(database.db);
    expect(r.rows.map((x) => x.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await database.close();
  });
});

describe('the embedded database folder', () => {
  it('is refused while another live process holds it, and taken over from a dead one', async () => {
    const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs');
    const { spawn } = await import('node:child_process');
    const os = await import('node:os');
    const path = await import('node:path');
    const { claimDataDir } = await import('../src/db/connection.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-lock-'));
    const other = spawn('sleep', ['30']);
    writeFileSync(path.join(dir, 'steward.pid'), String(other.pid));
    expect(() => claimDataDir(dir)).toThrow(/正被进程 \d+ 使用/);
    other.kill();
    await new Promise((r) => other.once('exit', r));
    const release = claimDataDir(dir);
    expect(existsSync(path.join(dir, 'steward.pid'))).toBe(true);
    release();
    expect(existsSync(path.join(dir, 'steward.pid'))).toBe(false);
  });
});
