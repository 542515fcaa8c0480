import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../server/src/platform/crypto/crypto.service.js';
import { DEMO_PASSWORD } from '../server/src/seed/accounts.js';
import { isEmpty, seed } from '../server/src/seed/seed.js';
import type { Benchmark } from './run.js';
import { benchApp, fmt, openBenchPlatform, stats, time } from './harness.js';

/**
 * Login throughput at the production password cost. Baseline: one bare PBKDF2-HMAC-SM3 verification with the
 * same iteration count — the floor every login pays by design.
 */
export const benchmark: Benchmark = {
  name: 'login',
  description: '登录吞吐（PBKDF2-HMAC-SM3，生产迭代次数）与裸哈希基线之比',
  async run() {
    const p = await openBenchPlatform();
    if (await isEmpty(p)) await seed(p, 'demo');
    const iterations = (await p.settings.get())['security.password.pbkdf2_iterations'];
    // Make sure the demo account hashes use the current cost.
    const hash = await hashPassword(DEMO_PASSWORD, iterations);
    await p.db.updateTable('app_user').set({ password_hash: hash, failed_count: 0, locked_until: null }).where('username', '=', 'jinan').execute();
    const app = await benchApp(p);
    const N = Number(process.env.BENCH_LOGINS ?? 20);
    const base: number[] = [];
    for (let i = 0; i < N; i++) base.push((await time(() => verifyPassword(DEMO_PASSWORD, hash)))[0]);
    const seq: number[] = [];
    for (let i = 0; i < N; i++) {
      const [ms, res] = await time(() => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jinan', password: DEMO_PASSWORD } }));
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      seq.push(ms);
    }
    const [wall] = await time(() =>
      Promise.all(
        Array.from({ length: N }, () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jinan', password: DEMO_PASSWORD }, remoteAddress: `10.0.${randomBytes(1)[0]}.1` })),
      ),
    );
    const b = stats(base);
    const s = stats(seq);
    console.log(`engine ${p.engine}, iterations ${iterations}, ${N} logins`);
    console.log(`baseline  bare PBKDF2-SM3 verify   p50 ${fmt(b.p50)}  p95 ${fmt(b.p95)}`);
    console.log(`login     POST /api/auth/login     p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  ratio p50 ${(s.p50 / b.p50).toFixed(2)}×`);
    console.log(`throughput sequential ${(1000 / s.mean).toFixed(1)}/s; ${N} logins all at once in ${fmt(wall)} = ${((N * 1000) / wall).toFixed(1)}/s`);
    await app.close();
    await p.database.close();
  },
};
