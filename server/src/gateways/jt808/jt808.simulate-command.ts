/**
 * `steward simulate terminals --count N [--rate R] [--duration S] [--host H] [--port P] [--time-scale K]`: takes the
 * first N vehicles bound to a terminal from the archive and drives them against the JT/T 808 gateway.
 */
import net from 'node:net';
import { openPlatform } from '../../platform/bootstrap.js';
import { loadConfig } from '../../platform/config.js';
import type { Platform } from '../../platform/context.js';
import { jt808PortFromEnv } from './jt808.server.js';
import { simulateTerminals, type SimStats } from './jt808.simulator.js';
import { findVehiclesWithTerminal } from './jt808.terminal.repository.js';

const USAGE = '用法: steward simulate terminals --count N [--rate 每秒位置数] [--duration 秒] [--host 主机] [--port 端口] [--time-scale 倍速] [--version 2013|2019|mixed]';

function arg(rest: string[], name: string): string | undefined {
  const i = rest.indexOf(name);
  if (i < 0) return undefined;
  const v = rest[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} 需要一个值。${USAGE}`);
  return v;
}

function num(rest: string[], name: string, check: (n: number) => boolean): number | undefined {
  const v = arg(rest, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`${name} 的值无效：${v}`);
  return n;
}

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(2000, () => done(false));
  });

const beijing = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

function line(s: SimStats): string {
  const sent = s.locationsSent + s.batchPointsSent;
  return (
    `在线 ${s.connected}/${s.terminals}  已发送 ${sent}（补传 ${s.batchPointsSent}）  已确认 ${s.acked}` +
    `  ${s.sentPerS.toFixed(0)} 条/秒  确认延迟 p95 ${s.latency.p95Ms.toFixed(0)} ms  模拟时间 ${beijing(s.simTime)}`
  );
}

export async function runSimulateCommand(rest: string[], log: (m: string) => void): Promise<void> {
  if (rest[0] !== 'terminals') throw new Error(USAGE);
  const count = num(rest, '--count', (n) => Number.isInteger(n) && n > 0);
  if (count === undefined) throw new Error(`缺少 --count。${USAGE}`);
  const rate = num(rest, '--rate', (n) => n > 0);
  const durationS = num(rest, '--duration', (n) => n > 0);
  const timeScale = num(rest, '--time-scale', (n) => n >= 1);
  const port = num(rest, '--port', (n) => Number.isInteger(n) && n > 0 && n < 65536) ?? jt808PortFromEnv();
  const host = arg(rest, '--host') ?? '127.0.0.1';
  const v = arg(rest, '--version') ?? '2013';
  if (v !== '2013' && v !== '2019' && v !== 'mixed') throw new Error(`--version 只能是 2013、2019 或 mixed。${USAGE}`);
  const version = v === 'mixed' ? 'mixed' : v === '2019' ? 2019 : 2013;

  const config = loadConfig();
  if (!(await reachable(host, port))) throw new Error(`无法连接 JT/T 808 网关 ${host}:${port}，请先启动服务（steward start）或用 --host/--port 指定。`);
  if (!config.databaseUrl && ['127.0.0.1', 'localhost', '::1'].includes(host)) {
    // the embedded database is one process's: opening it beside a running server could damage it
    throw new Error('服务正在使用内嵌 PGlite 数据库，模拟器不能同时打开它。请用 PostgreSQL（设置 DATABASE_URL）运行服务后再模拟，或在测试、基准中以库的方式调用 simulateTerminals。');
  }
  const p = await openPlatform(config, log);
  let vehicles: Awaited<ReturnType<typeof findVehiclesWithTerminal>>;
  try {
    vehicles = await findVehiclesWithTerminal(p.db, count);
  } finally {
    await p.database.close();
  }
  if (!vehicles.length) throw new Error('车辆档案中没有绑定北斗终端的车辆，请先载入演示数据（steward seed）。');
  if (vehicles.length < count) log(`只有 ${vehicles.length} 辆车绑定了终端，按 ${vehicles.length} 辆模拟。`);

  const ctl = new AbortController();
  process.once('SIGINT', () => ctl.abort());
  process.once('SIGTERM', () => ctl.abort());
  log(`模拟 ${vehicles.length} 台终端 → ${host}:${port}${timeScale ? `，${timeScale} 倍速` : ''}${rate ? `，上限 ${rate} 条/秒` : ''}（Ctrl+C 结束）`);
  const stats = await simulateTerminals({
    host,
    port,
    terminals: vehicles.map((x) => ({ phone: x.terminal_phone!, plate: x.plate, regionCode: x.region_code })),
    rate,
    durationS,
    timeScale,
    version,
    signal: ctl.signal,
    onStats: (s) => process.stderr.write(`\r${line(s)}   `),
  });
  process.stderr.write('\n');
  log(
    `结束：注册 ${stats.registered}（失败 ${stats.registerFailed}），鉴权 ${stats.authenticated}（失败 ${stats.authFailed}），` +
      `位置 ${stats.locationsSent}，补传批次 ${stats.batchesSent}（${stats.batchPointsSent} 点），心跳 ${stats.heartbeatsSent}，` +
      `已确认 ${stats.acked}，未确认 ${stats.ackTimeouts}，行程 ${stats.trips}（非工作时间 ${stats.offHoursTrips}），并行车对 ${stats.parallelPairs.length}`,
  );
  if (stats.authenticated === 0) process.exitCode = 1;
}

/**
 * The demo's own traffic: `steward start` in demo mode drives `count` archive cars (STEWARD_SIMULATE, default 30, 0 to
 * turn off) in real time against its own gateway, so the live map, trips and alerts have something to show. Runs in
 * the server's process (the embedded database allows no second one); returns a stop function.
 */
export async function startDemoSimulation(p: Platform, port: number, count: number, log: (msg: string, err?: unknown) => void): Promise<() => Promise<void>> {
  const vehicles = await findVehiclesWithTerminal(p.db, count);
  if (!vehicles.length) return async () => {};
  const ctl = new AbortController();
  const run = simulateTerminals({
    host: '127.0.0.1',
    port,
    terminals: vehicles.map((x) => ({ phone: x.terminal_phone!, plate: x.plate, regionCode: x.region_code })),
    timeScale: 1,
    rate: 50,
    version: 'mixed',
    signal: ctl.signal,
  }).catch((err: unknown) => log('演示车辆模拟中止', err));
  log(`演示：${vehicles.length} 辆车的北斗终端正在模拟接入（STEWARD_SIMULATE=0 可关闭）`);
  return async () => {
    ctl.abort();
    await run;
  };
}
