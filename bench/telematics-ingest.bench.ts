import { fork } from 'node:child_process';
import path from 'node:path';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { startJt808Gateway } from '../server/src/gateways/jt808/jt808.server.js';
import { progressBar } from '../server/src/main.js';
import { positionPipeline } from '../server/src/modules/telematics/position.service.js';
import { isEmpty, seed } from '../server/src/seed/seed.js';
import { openBenchPlatform } from './harness.js';
import type { Benchmark } from './run.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const COLS = 'vehicle_id, fix_time, lat, lon, altitude, speed, direction, alarm, status, odometer, fuel, backfill, received_at';

/**
 * Vehicle telematics ingest: N simulated Beidou terminals (the JT/T 808 simulator in a child process, real TCP)
 * against the gateway and the ingest pipeline in this process — every position acknowledged only after its batch
 * committed, with the online trip detector, the terminals' latest fix and the trips' daily figures maintained.
 * Reports sustained committed positions per second (target ≥ 20,000/s on this 2-core machine) and, as the baseline,
 * the same rows `COPY`-ed into the same table. Works on a database of its own: it empties the telematics tables
 * first (set BENCH_TERMINALS, BENCH_SECONDS, BENCH_TIME_SCALE to change the load).
 */
export const benchmark: Benchmark = {
  name: 'telematics-ingest',
  description: '北斗终端 JT/T 808 接入：持续入库速率（TCP → 提交 + 行程识别，目标 ≥ 20,000 条/秒），与同批数据 COPY 入库之比',
  async run() {
    const terminals = Number(process.env.BENCH_TERMINALS ?? 1500);
    const seconds = Number(process.env.BENCH_SECONDS ?? 60);
    const timeScale = Number(process.env.BENCH_TIME_SCALE ?? 2000);
    const p = await openBenchPlatform();
    if (p.engine !== 'postgres') console.log('（内嵌 PGlite：单连接，数字仅供参考；目标针对 PostgreSQL）');
    if (await isEmpty(p)) {
      console.log('数据库为空，先载入演示数据…');
      await seed(p, 'demo', progressBar('演示数据'));
    }
    const added = await ensureBenchVehicles(p.db, terminals);
    console.log(`terminals: ${terminals} vehicles with a terminal (${added} added for the bench)`);

    // a clean slate: the simulated clock of a new run overlaps the last run's
    await sql`TRUNCATE tm_position, tm_motion, tm_redetect`.execute(p.db);
    await sql`DELETE FROM fleet_trip WHERE source = 'telematics'`.execute(p.db);
    await sql`UPDATE tm_terminal SET last_fix_at = NULL, last_lat = NULL, last_lon = NULL, last_speed = NULL, last_direction = NULL, last_alarm = NULL, last_status = NULL`.execute(p.db);

    // BENCH_NO_ALERTS=1 measures storage and trips without the alert hooks (they run after each commit, same process)
    const noAlerts = process.env.BENCH_NO_ALERTS === '1';
    const pl = positionPipeline(p, { log: (m, e) => console.error(m, e ?? ''), ...(noAlerts ? { hooks: {} } : {}) });
    console.log(`alert hooks: ${noAlerts ? 'off' : 'on'}`);
    const gw = await startJt808Gateway(p, { port: 0, host: '127.0.0.1', pipeline: pl, log: (m, e) => console.error(m, e ?? '') });
    console.log(`gateway on :${gw.port}; simulator: ${terminals} terminals, ${seconds} s, ×${timeScale} simulated clock`);

    // the simulator in its own process, as terminals are
    const child = fork(path.join(dir, '../server/bin/steward.js'), ['simulate', 'terminals', '--count', String(terminals), '--duration', String(seconds), '--time-scale', String(timeScale), '--port', String(gw.port)], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: process.env,
    });
    let childErr = '';
    child.stderr!.on('data', (b: Buffer) => {
      childErr += b.toString();
      if (childErr.length > 200_000) childErr = childErr.slice(-100_000);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // per-second samples of committed positions, on the platform's side
    const samples: { t: number; stored: number; connections: number }[] = [];
    const t0 = performance.now();
    let done = false;
    void exited.then(() => {
      done = true;
    });
    while (!done) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.push({ t: (performance.now() - t0) / 1000, stored: pl.stats.stored, connections: gw.connections });
      const s = samples.at(-1)!;
      const prev = samples.at(-2);
      if (process.env.BENCH_VERBOSE && prev) console.log(`  t=${s.t.toFixed(0)}s  connections ${s.connections}  stored ${s.stored}  ${(s.stored - prev.stored).toFixed(0)}/s`);
    }
    await pl.drain();
    const code = await exited;
    const summary = childErr.split('\n').find((l) => l.includes('结束：'));
    if (summary) console.log(`simulator: ${summary.trim()}`);
    if (code !== 0) console.log(`simulator exited with ${code}: ${childErr.slice(-2000)}`);

    // the steady stretch: from the first second with positions (+5 s warm-up) to the last full second of sending
    const rates = samples.slice(1).map((s, i) => ({ t: s.t, rate: (s.stored - samples[i]!.stored) / (s.t - samples[i]!.t), stored: s.stored }));
    const firstBusy = rates.findIndex((r) => r.rate > 0);
    const lastBusy = rates.length - 1 - [...rates].reverse().findIndex((r) => r.rate > 0);
    const from = Math.min(firstBusy + 5, lastBusy);
    const to = Math.max(from, lastBusy - 2);
    const a = rates[from]!;
    const b = rates[to]!;
    const sustained = b.t > a.t ? (b.stored - a.stored) / (b.t - a.t) : 0;
    const window = rates.slice(from + 1, to + 1).map((r) => r.rate).sort((x, y) => x - y);
    const median = window.length ? window[Math.floor(window.length / 2)]! : 0;

    const [redetectMs, redetected] = await timed(() => pl.redetectQueued(100_000));
    const counts = (
      await sql<{ positions: number; backfill: number; trips: number; linked: number; motion: number; days: number; gps_km: string; trip_km: string; latest: number }>`
        SELECT (SELECT count(*)::int FROM tm_position) AS positions, (SELECT count(*)::int FROM tm_position WHERE backfill) AS backfill,
               (SELECT count(*)::int FROM fleet_trip WHERE source = 'telematics') AS trips,
               (SELECT count(*)::int FROM fleet_trip WHERE source = 'telematics' AND dispatch_id IS NOT NULL) AS linked,
               (SELECT count(*)::int FROM tm_motion) AS motion,
               (SELECT count(*)::int FROM fleet_vehicle_day WHERE gps_trips > 0) AS days,
               (SELECT coalesce(sum(gps_km), 0)::text FROM fleet_vehicle_day) AS gps_km,
               (SELECT coalesce(sum(km), 0)::text FROM fleet_trip WHERE source = 'telematics') AS trip_km,
               (SELECT count(*)::int FROM tm_terminal WHERE last_fix_at IS NOT NULL) AS latest`.execute(p.db)
    ).rows[0]!;
    const st = pl.stats;
    console.log(
      `committed: ${counts.positions} positions (${counts.backfill} back-fill/late), ${counts.trips} trips (${counts.linked} linked to a dispatch) ` +
        `on ${counts.days} vehicle-days, ${counts.motion} detector states, ${counts.latest} latest fixes; ` +
        `daily GPS km ${Number(counts.gps_km).toFixed(2)} = trip km ${Number(counts.trip_km).toFixed(2)}`,
    );
    console.log(
      `pipeline: ${st.batches} batches, ${(st.stored / Math.max(1, st.batches)).toFixed(0)} rows/batch, ${(st.writeMs / Math.max(1, st.batches)).toFixed(1)} ms/batch, ` +
        `${st.duplicate} duplicates, ${st.rejected} rejected, ${st.failures} failed batches; re-detection of ${redetected.vehicles} vehicles ${redetectMs.toFixed(0)} ms`,
    );
    console.log(`  ms per batch by phase: ${Object.entries(st.phaseMs).map(([k, v]) => `${k} ${(v / Math.max(1, st.batches)).toFixed(1)}`).join(', ')}`);
    console.log(`sustained: ${sustained.toFixed(0)} positions/s committed (median second ${median.toFixed(0)}/s, ${(b.t - a.t).toFixed(0)} s steady of ${samples.at(-1)?.t.toFixed(0)} s)`);

    await gw.close();

    // baseline: the same rows, COPY-ed into the same (emptied) table
    const url = process.env.DATABASE_URL;
    if (!url) {
      console.log('baseline: COPY needs PostgreSQL (DATABASE_URL)');
      await p.database.close();
      return;
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const chunks: Buffer[] = [];
      await streamPipeline(
        client.query(copyTo(`COPY (SELECT ${COLS} FROM tm_position) TO STDOUT`)),
        new Writable({
          write(chunk: Buffer, _enc, cb) {
            chunks.push(chunk);
            cb();
          },
        }),
      );
      await client.query('TRUNCATE tm_position');
      const t = performance.now();
      await streamPipeline(Readable.from(chunks), client.query(copyFrom(`COPY tm_position (${COLS}) FROM STDIN`)));
      const copyS = (performance.now() - t) / 1000;
      const n = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM tm_position')).rows[0]!.n;
      const copyRate = n / copyS;
      console.log(`baseline: COPY of the same ${n} rows into tm_position ${copyS.toFixed(2)} s = ${copyRate.toFixed(0)} rows/s`);
      console.log(`ratio: gateway → committed with trips ÷ raw COPY = ${(sustained / copyRate).toFixed(2)} (target: ≥ 20,000/s sustained)`);
    } finally {
      await client.end();
      await p.database.close();
    }
  },
};

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

/** Makes sure at least `n` vehicles in use have a terminal bound (鲁BM0001… with phones 1450000xxxx). */
async function ensureBenchVehicles(db: Awaited<ReturnType<typeof openBenchPlatform>>['db'], n: number): Promise<number> {
  const have = (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM fleet_vehicle WHERE terminal_phone IS NOT NULL AND status NOT IN ('disposed', 'pending_disposal')`.execute(db)
  ).rows[0]!.n;
  if (have >= n) return 0;
  const units = (await sql<{ id: number }>`SELECT id FROM org WHERE id = unit_id ORDER BY id LIMIT 200`.execute(db)).rows.map((r) => r.id);
  if (!units.length) throw new Error('no units to put the bench vehicles in');
  // bench cars 鲁BM0001 … up to n of them (those already there are kept)
  const idx = Array.from({ length: Math.min(9999, n) }, (_, i) => i + 1);
  const r = await sql`
    INSERT INTO fleet_vehicle (plate, brand, model, category_code, energy_type, displacement_l, price, acquired_on, acquisition_method, unit_id, terminal_phone, terminal_installed_on)
    SELECT '鲁BM' || lpad(i::text, 4, '0'), '红旗', 'H5', 'general', 'petrol', 1.8, 150000, DATE '2023-01-01', 'purchase',
           (${units}::int[])[1 + i % ${units.length}], '1450000' || lpad(i::text, 4, '0'), DATE '2023-01-10'
    FROM unnest(${idx}::int[]) AS u(i)
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
