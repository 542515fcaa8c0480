import { createServer, type Server, type Socket } from 'node:net';
import { type PositionPipeline, positionPipeline } from '../../modules/telematics/position.service.js';
import { markAllOffline, markOffline, touchTerminals } from '../../modules/telematics/terminal.repository.js';
import type { Platform } from '../../platform/context.js';
import { Jt808Session, type SessionHost } from './jt808.session.js';

export interface Jt808ServerOptions {
  /** 0 picks a free port (tests) */
  port: number;
  host?: string;
  /** default: the platform's shared pipeline */
  pipeline?: PositionPipeline;
  log?: (msg: string, err?: unknown) => void;
  /** how often last_seen_at / online are written for the terminals heard from (default 20 s) */
  touchEveryMs?: number;
}

/** The default TCP port of the JT/T 808 gateway (`STEWARD_JT808_PORT`). */
export const DEFAULT_JT808_PORT = 8808;

/** The port from the environment (STEWARD_JT808_PORT), default 8808; refuses anything but a port number. */
export function jt808PortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.STEWARD_JT808_PORT;
  if (v === undefined || v === '') return DEFAULT_JT808_PORT;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`STEWARD_JT808_PORT 须为 0–65535 的端口号：${v}`);
  return n;
}

/**
 * The JT/T 808 gateway: a TCP server whose connections are Jt808Sessions; one live session per vehicle (a new
 * authentication closes the older connection). Online flags: set at authentication, written in batches while
 * frames arrive, cleared when the connection closes or stays silent past `telematics.heartbeat_timeout_seconds`.
 */
export class Jt808Server implements SessionHost {
  readonly pipeline: PositionPipeline;
  readonly log: (msg: string, err?: unknown) => void;
  private readonly server: Server;
  private readonly sessions = new Set<Jt808Session>();
  private readonly byVehicle = new Map<number, Jt808Session>();
  private seenIds = new Set<number>();
  private touchTimer: NodeJS.Timeout | undefined;
  private idleTimeoutMs = 180_000;
  private closing = false;

  constructor(
    readonly p: Platform,
    private readonly opts: Jt808ServerOptions,
  ) {
    this.pipeline = opts.pipeline ?? positionPipeline(p);
    this.log = opts.log ?? ((msg, err) => console.error(msg, err ?? ''));
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => this.log('JT/T 808 网关错误', err));
  }

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    const settings = await this.p.settings.get();
    this.idleTimeoutMs = Math.max(5, settings['telematics.heartbeat_timeout_seconds']) * 1000;
    await markAllOffline(this.p.db);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.touchTimer = setInterval(() => void this.flushSeen(), this.opts.touchEveryMs ?? 20_000);
    this.touchTimer.unref();
    return this.port;
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : this.opts.port;
  }

  /** Connections open now (authenticated or not). */
  get connections(): number {
    return this.sessions.size;
  }

  /** The live, authenticated session of a vehicle. */
  sessionOf(vehicleId: number): Jt808Session | undefined {
    return this.byVehicle.get(vehicleId);
  }

  private accept(socket: Socket) {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.sessions.add(new Jt808Session(socket, this, this.idleTimeoutMs));
  }

  authenticated(s: Jt808Session) {
    const old = this.byVehicle.get(s.vehicleId!);
    this.byVehicle.set(s.vehicleId!, s);
    if (old && old !== s) old.close();
  }

  closed(s: Jt808Session) {
    this.sessions.delete(s);
    const vid = s.vehicleId;
    if (vid === undefined || this.byVehicle.get(vid) !== s) return;
    this.byVehicle.delete(vid);
    this.seenIds.delete(vid);
    if (!this.closing) markOffline(this.p.db, [vid]).catch((err: unknown) => this.log('终端离线状态写入失败', err));
  }

  seen(vehicleId: number) {
    this.seenIds.add(vehicleId);
  }

  private async flushSeen() {
    if (this.seenIds.size === 0) return;
    const ids = [...this.seenIds];
    this.seenIds = new Set();
    try {
      await touchTerminals(this.p.db, ids);
    } catch (err) {
      this.log('终端在线状态写入失败', err);
    }
  }

  /** Stops accepting, closes every connection, writes what is pending and marks the terminals offline. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.touchTimer) clearInterval(this.touchTimer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const vehicles = [...this.byVehicle.keys()];
    for (const s of this.sessions) s.close();
    await closed;
    await this.pipeline.drain();
    this.seenIds.clear();
    await markOffline(this.p.db, vehicles).catch((err: unknown) => this.log('终端离线状态写入失败', err));
    if (gateways.get(this.p) === this) gateways.delete(this.p);
  }
}

const gateways = new WeakMap<Platform, Jt808Server>();

/** Starts the platform's gateway (one per platform: platform commands find the terminals' sessions through it). */
export async function startJt808Gateway(p: Platform, opts: Jt808ServerOptions): Promise<Jt808Server> {
  const s = new Jt808Server(p, opts);
  await s.listen();
  gateways.set(p, s);
  return s;
}

/** The running gateway of the platform, if any. */
export function jt808Gateway(p: Platform): Jt808Server | undefined {
  return gateways.get(p);
}
