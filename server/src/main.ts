import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { openPGlite } from './db/connection.js';
import { migrate } from './db/migrator.js';
import { verifyAuditChain } from './platform/audit/audit.repository.js';
import { jt808PortFromEnv, startJt808Gateway } from './gateways/jt808/jt808.server.js';
import { closePositionPipeline } from './modules/telematics/position.service.js';
import { openPlatform, platformFor } from './platform/bootstrap.js';
import { loadConfig } from './platform/config.js';
import { Scheduler } from './platform/jobs/job.service.js';
import { isEmpty, seed, type Scale } from './seed/seed.js';

const HELP = `Steward 机关事务数字化平台

用法: npx steward <command>
  start                 启动服务（首次启动自动迁移并载入演示数据）
  migrate               执行数据库迁移与基础字典同步
  seed [--scale demo|province]   载入演示数据（province 为约 6 万单位、80 万人员）
  audit verify          校验审计链，报告第一条断开的记录
  bench [name…]         运行 bench/ 下的基准测试
  simulate terminals --count N [--rate R] [--duration S] [--host H] [--port P] [--time-scale K]
                        模拟 N 台北斗终端（取档案中前 N 辆绑定终端的车辆）经 TCP 接入 JT/T 808 网关：注册、鉴权、
                        心跳，在省内真实地点间行驶（含非工作时间用车、并行车辆、盲区补传）；R 为每秒位置上限，
                        S 为运行秒数，K 为模拟时钟倍速；端口默认 8808 或 STEWARD_JT808_PORT
  gen-openapi           生成 server/openapi.json

环境变量: PORT (3000), STEWARD_DATA_DIR (./data), DATABASE_URL (不设置时使用内嵌 PGlite), STEWARD_DEMO (1),
  STEWARD_JT808_PORT (8808), STEWARD_SIMULATE (演示模式下模拟接入的车辆数，默认 30，0 为关闭)`;

export function progressBar(label: string) {
  let last = 0;
  return (done: number, total: number, what: string) => {
    const now = Date.now();
    if (done < total && now - last < 200) return;
    last = now;
    const pct = total ? Math.min(1, done / total) : 1;
    const width = 30;
    const bar = '█'.repeat(Math.round(pct * width)).padEnd(width, '░');
    process.stderr.write(`\r${label} ${bar} ${(pct * 100).toFixed(0).padStart(3)}% ${what.padEnd(24).slice(0, 24)}`);
    if (done >= total) process.stderr.write('\n');
  };
}

const log = (m: string) => console.error(m);

async function start() {
  const config = loadConfig();
  const p = await openPlatform(config, log);
  if (config.demo && (await isEmpty(p))) {
    log('数据库为空，正在载入演示数据（首次启动约需一分钟）…');
    await seed(p, 'demo', progressBar('演示数据'));
  }
  const app = await buildApp(p, { logger: { level: config.logLevel } });
  const scheduler = new Scheduler(p, { log: (msg, err) => (err === undefined ? app.log.info(msg) : app.log.warn({ err }, msg)) });
  const gateway = await startJt808Gateway(p, { port: jt808PortFromEnv(), host: config.host, log: (msg, err) => (err === undefined ? app.log.info(msg) : app.log.warn({ err }, msg)) });
  const simulate = Number(process.env.STEWARD_SIMULATE ?? (config.demo ? 30 : 0));
  let stopSimulation = async () => {};
  const close = async () => {
    await stopSimulation();
    await scheduler.stop();
    await gateway.close();
    await closePositionPipeline(p);
    await app.close();
    await p.database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  await app.listen({ port: config.port, host: config.host });
  scheduler.start();
  if (Number.isInteger(simulate) && simulate > 0) {
    const { startDemoSimulation } = await import('./gateways/jt808/jt808.simulate-command.js');
    stopSimulation = await startDemoSimulation(p, gateway.port, simulate, (msg, err) => (err === undefined ? app.log.info(msg) : app.log.warn({ err }, msg)));
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  console.log(`\nSteward 已启动: http://localhost:${port}  （数据库: ${p.engine}${p.engine === 'pglite' ? `, ${config.dataDir}` : ''}）`);
  console.log(`API 文档: http://localhost:${port}/api/docs`);
  console.log(`JT/T 808 终端接入: TCP 端口 ${gateway.port}（STEWARD_JT808_PORT）`);
  if (config.demo) console.log('演示账号: sysadmin / secadmin / auditor / province / jinan / qingdao / unit / staff / driver，密码 Steward@2026');
}

export async function main(argv: string[]) {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'start':
      return start();
    case 'migrate': {
      const p = await openPlatform(loadConfig(), log);
      log('迁移完成');
      return p.database.close();
    }
    case 'seed': {
      const i = rest.indexOf('--scale');
      const scale = (i >= 0 ? rest[i + 1] : 'demo') as Scale;
      if (scale !== 'demo' && scale !== 'province') throw new Error('--scale 只能是 demo 或 province');
      const p = await openPlatform(loadConfig(), log);
      if (!(await isEmpty(p))) {
        log('数据库中已有单位数据，跳过。如需重新生成，请使用空数据库。');
      } else {
        const t = Date.now();
        const s = await seed(p, scale, progressBar(scale === 'demo' ? '演示数据' : '全省规模'));
        log(`完成：${s.units} 个单位，${s.persons} 名人员，用时 ${((Date.now() - t) / 1000).toFixed(1)} 秒`);
      }
      return p.database.close();
    }
    case 'audit': {
      if (rest[0] !== 'verify') throw new Error('用法: steward audit verify');
      const p = await openPlatform(loadConfig());
      const r = await verifyAuditChain(p.db, p.keys.macKey);
      await p.database.close();
      if (r.ok) console.log(`审计链完整：已校验 ${r.checked} 条记录`);
      else {
        console.log(`审计链断开：第 ${r.firstBroken!.seq} 条 — ${r.firstBroken!.reason}（此前 ${r.checked} 条完好）`);
        process.exitCode = 1;
      }
      return;
    }
    case 'simulate': {
      const { runSimulateCommand } = await import('./gateways/jt808/jt808.simulate-command.js');
      return runSimulateCommand(rest, log);
    }
    case 'bench': {
      const { runBenchmarks } = await import('../../bench/run.js');
      return runBenchmarks(rest);
    }
    case 'gen-openapi': {
      const database = await openPGlite(undefined);
      await migrate(database);
      const config = { ...loadConfig({}), demo: true };
      const app = await buildApp(platformFor(database, config, { dataKey: Buffer.alloc(16), macKey: Buffer.alloc(32) }), { serveWeb: false });
      await app.ready();
      const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi.json');
      writeFileSync(out, `${JSON.stringify(app.swagger(), null, 2)}\n`);
      await app.close();
      await database.close();
      log(`已生成 ${out}`);
      return;
    }
    default:
      console.log(HELP);
      if (cmd && cmd !== 'help' && cmd !== '--help') process.exitCode = 1;
  }
}
