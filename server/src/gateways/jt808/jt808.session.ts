import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { IngestFix, PositionPipeline } from '../../modules/telematics/position.service.js';
import {
  findTerminalForAuth,
  findVehicleByTerminalPhone,
  markAuthenticated,
  saveRegistration,
} from '../../modules/telematics/terminal.repository.js';
import type { Platform } from '../../platform/context.js';
import { decodeFrame, encodeFrame, FrameSplitter, Jt808Error, type Jt808Frame, phoneKey, SplitAssembler } from './jt808.codec.js';
import {
  decodeAuth,
  decodeGeneralReply,
  decodeLocation,
  decodeLocationBatch,
  decodePositionQueryReply,
  decodeRegister,
  encodeGeneralReply,
  encodeRegisterReply,
  type Location,
  MSG,
  REGISTER_RESULT,
  REPLY,
} from './jt808.messages.js';

/** What a platform command got back from the terminal. */
export type CommandAnswer =
  | { kind: 'location'; replySerial: number; location: Location }
  | { kind: 'reply'; replySerial: number; replyId: number; result: number };

/** What a session needs from the server that holds it. */
export interface SessionHost {
  p: Platform;
  pipeline: PositionPipeline;
  /** called once the terminal is authenticated (the server keeps one live session per vehicle) */
  authenticated(s: Jt808Session): void;
  /** called when the connection is gone */
  closed(s: Jt808Session): void;
  /** the terminal was heard from (last_seen_at is written in batches) */
  seen(vehicleId: number): void;
  log(msg: string, err?: unknown): void;
}

/** Unacknowledged location frames a connection may have in the pipeline before it is paused. */
const MAX_IN_FLIGHT = 512;
const RESUME_BELOW = 128;

const AUTH_CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A new auth code: 16 characters of [0-9A-Za-z] (tm_terminal's check), from a CSPRNG. */
export function newAuthCode(): string {
  const bytes = randomBytes(16);
  let s = '';
  for (const b of bytes) s += AUTH_CODE_CHARS[b % AUTH_CODE_CHARS.length];
  return s;
}

/** The fix the pipeline stores from a decoded location. */
export function locationFix(vehicleId: number, l: Location, backfill: boolean): IngestFix {
  return {
    vehicleId,
    fixMs: l.fixTime.getTime(),
    lat: l.lat,
    lon: l.lon,
    altitude: l.altitude,
    speed: l.speed,
    direction: l.direction,
    alarm: l.alarm,
    status: l.status,
    odometer: l.odometer ?? null,
    fuel: l.fuel ?? null,
    backfill,
  };
}

/**
 * One terminal connection: splits the stream into frames, reassembles split packets, and answers every uplink.
 * Before authentication only registration (0x0100) and authentication (0x0102) are accepted. Locations (0x0200)
 * and batches (0x0704) go to the ingest pipeline and are acknowledged (0x8001) only when their batch has
 * committed; a failed write is answered with result 1 so the terminal sends them again.
 */
export class Jt808Session {
  vehicleId: number | undefined;
  unitId: number | undefined;
  phone = '';
  version: 2013 | 2019 = 2013;
  protocolVersion: number | undefined;
  readonly remote: string;
  framesIn = 0;
  badFrames = 0;
  private readonly splitter = new FrameSplitter();
  private readonly assembler = new SplitAssembler();
  private chain: Promise<void> = Promise.resolve();
  private controlPending = 0;
  private corked = false;
  private serial = 0;
  private inFlight = 0;
  private paused = false;
  private ended = false;
  private readonly waiters = new Map<number, { msgId: number; resolve: (a: CommandAnswer | undefined) => void; timer: NodeJS.Timeout }>();

  constructor(
    readonly socket: Socket,
    private readonly host: SessionHost,
    idleTimeoutMs: number,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.setNoDelay(true);
    socket.setTimeout(idleTimeoutMs);
    socket.on('timeout', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => this.onClose());
  }

  get authenticated(): boolean {
    return this.vehicleId !== undefined;
  }

  /** Next platform serial (per connection, wraps at 0xFFFF). */
  nextSerial(): number {
    const s = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    return s;
  }

  /** Sends a platform message (the reply serial it will be answered with is `serial`). */
  send(msgId: number, body: Buffer, serial = this.nextSerial()): number {
    if (!this.ended && this.socket.writable) {
      // the acknowledgements of one committed batch leave in one write
      if (!this.corked) {
        this.corked = true;
        this.socket.cork();
        process.nextTick(() => {
          this.corked = false;
          this.socket.uncork();
        });
      }
      this.socket.write(encodeFrame({ msgId, phone: this.phone || '0', serial, body, version: this.version, ...(this.protocolVersion !== undefined ? { protocolVersion: this.protocolVersion } : {}) }));
    }
    return serial;
  }

  /** Waits for the terminal's answer to the platform message sent with `serial` (0x0201 or 0x0001), or undefined after `timeoutMs`. */
  expectAnswer(serial: number, msgId: number, timeoutMs: number): Promise<CommandAnswer | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(serial);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(serial, { msgId, resolve, timer });
    });
  }

  close() {
    this.socket.destroy();
  }

  private reply(frame: Jt808Frame, result: number) {
    this.send(MSG.PLATFORM_REPLY, encodeGeneralReply({ replySerial: frame.serial, replyId: frame.msgId, result }));
  }

  private onData(chunk: Buffer) {
    for (const raw of this.splitter.push(chunk)) {
      let frame: Jt808Frame;
      try {
        frame = decodeFrame(raw);
      } catch (err) {
        this.badFrames += 1;
        this.answerBadFrame(raw, err);
        continue;
      }
      this.framesIn += 1;
      const whole = this.assembler.push(frame);
      if (!whole) continue; // more packets of a split message to come
      const onError = (err: unknown) => this.host.log(`JT/T 808 报文处理失败（${this.remote}）`, err);
      // registration and authentication wait for the database: what follows them waits its turn; otherwise a
      // frame is handled at once (locations only hand their fixes to the pipeline)
      if (this.controlPending || whole.msgId === MSG.REGISTER || whole.msgId === MSG.AUTH) {
        this.controlPending += 1;
        this.chain = this.chain
          .then(() => this.handle(whole))
          .catch(onError)
          .finally(() => {
            this.controlPending -= 1;
          });
      } else this.handle(whole).catch(onError);
    }
  }

  /** A frame that did not decode: answer "bad message" when its header can still be read, otherwise drop it. */
  private answerBadFrame(raw: Buffer, err: unknown) {
    if (!(err instanceof Jt808Error) || raw.length < 13) return;
    try {
      const msgId = raw.readUInt16BE(0);
      const v2019 = (raw.readUInt16BE(2) & 0x4000) !== 0;
      const serial = raw.readUInt16BE(v2019 ? 15 : 10);
      if (!this.phone) return; // nobody to address yet
      this.send(MSG.PLATFORM_REPLY, encodeGeneralReply({ replySerial: serial, replyId: msgId, result: REPLY.BAD_MESSAGE }));
    } catch {
      // header unreadable: drop
    }
  }

  private async handle(frame: Jt808Frame): Promise<void> {
    if (this.ended) return;
    if (!this.phone) {
      this.phone = frame.phone;
      this.version = frame.version;
      if (frame.protocolVersion !== undefined) this.protocolVersion = frame.protocolVersion;
    }
    if (frame.encryption) return this.reply(frame, REPLY.UNSUPPORTED);
    try {
      switch (frame.msgId) {
        case MSG.REGISTER:
          return await this.onRegister(frame);
        case MSG.AUTH:
          return await this.onAuth(frame);
      }
      if (!this.authenticated) return this.reply(frame, REPLY.FAIL);
      this.host.seen(this.vehicleId!);
      switch (frame.msgId) {
        case MSG.HEARTBEAT:
          return this.reply(frame, REPLY.OK);
        case MSG.LOCATION:
          return this.ingest(frame, [decodeLocation(frame.body)], false);
        case MSG.LOCATION_BATCH: {
          const b = decodeLocationBatch(frame.body);
          if (b.locations.length === 0) return this.reply(frame, b.invalid ? REPLY.BAD_MESSAGE : REPLY.OK);
          return this.ingest(frame, b.locations, b.type === 1);
        }
        case MSG.POSITION_QUERY_REPLY: {
          const r = decodePositionQueryReply(frame.body);
          this.answer(r.replySerial, { kind: 'location', replySerial: r.replySerial, location: r.location });
          return this.ingest(frame, [r.location], false);
        }
        case MSG.TERMINAL_REPLY: {
          const r = decodeGeneralReply(frame.body);
          this.answer(r.replySerial, { kind: 'reply', ...r });
          return this.reply(frame, REPLY.OK);
        }
        case MSG.LOGOUT:
          this.reply(frame, REPLY.OK);
          this.socket.end();
          return;
        default:
          return this.reply(frame, REPLY.UNSUPPORTED);
      }
    } catch (err) {
      if (err instanceof Jt808Error) return this.reply(frame, REPLY.BAD_MESSAGE);
      throw err;
    }
  }

  private answer(replySerial: number, a: CommandAnswer) {
    const w = this.waiters.get(replySerial);
    if (!w) return;
    // a general reply names the message it answers; a 0x0201 answers a position query
    if (a.kind === 'reply' && a.replyId !== w.msgId) return;
    if (a.kind === 'location' && w.msgId !== MSG.POSITION_QUERY) return;
    clearTimeout(w.timer);
    this.waiters.delete(replySerial);
    w.resolve(a);
  }

  private async onRegister(frame: Jt808Frame) {
    const reply = (result: number, authCode?: string) => {
      this.send(MSG.REGISTER_REPLY, encodeRegisterReply({ replySerial: frame.serial, result, ...(authCode ? { authCode } : {}) }));
    };
    const reg = decodeRegister(frame.body, frame.version);
    const { db } = this.host.p;
    const vehicle = await findVehicleByTerminalPhone(db, phoneKey(frame.phone));
    if (!vehicle || !vehicle.terminal_phone) return reply(REGISTER_RESULT.NO_TERMINAL);
    // a plate given (colour ≠ 0) must be the bound car's
    const plate = reg.plate.replace(/\s/g, '');
    if (reg.plateColor !== 0 && plate && plate !== vehicle.plate) return reply(REGISTER_RESULT.NO_VEHICLE);
    const authCode = newAuthCode();
    await db.transaction().execute((tx) =>
      saveRegistration(tx, {
        vehicleId: vehicle.id,
        phone: vehicle.terminal_phone!,
        protocol: frame.version === 2019 ? '2019' : '2013',
        authCode,
        manufacturer: reg.manufacturer,
        model: reg.model,
        terminalId: reg.terminalId,
      }),
    );
    reply(REGISTER_RESULT.OK, authCode);
  }

  private async onAuth(frame: Jt808Frame) {
    const auth = decodeAuth(frame.body, frame.version);
    const { db } = this.host.p;
    const vehicle = await findVehicleByTerminalPhone(db, phoneKey(frame.phone));
    const terminal = vehicle ? await findTerminalForAuth(db, vehicle.id) : undefined;
    if (!vehicle || !terminal?.auth_code || terminal.auth_code !== auth.code.trim()) {
      this.reply(frame, REPLY.FAIL);
      this.socket.end();
      return;
    }
    await markAuthenticated(db, vehicle.id, {
      protocol: frame.version === 2019 ? '2019' : '2013',
      ...(auth.imei ? { imei: auth.imei } : {}),
      ...(auth.firmware ? { firmware: auth.firmware } : {}),
    });
    this.vehicleId = vehicle.id;
    this.unitId = vehicle.unit_id;
    this.phone = frame.phone;
    this.version = frame.version;
    this.host.authenticated(this);
    this.reply(frame, REPLY.OK);
  }

  /** Hands the fixes to the pipeline and acknowledges when they are durable (without holding up the next frames). */
  private ingest(frame: Jt808Frame, locations: Location[], backfill: boolean) {
    const fixes = locations.map((l) => locationFix(this.vehicleId!, l, backfill));
    this.inFlight += 1;
    if (this.inFlight >= MAX_IN_FLIGHT && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.host.pipeline.submit(fixes).then(
      (o) => this.acked(frame, o.rejected === fixes.length ? REPLY.BAD_MESSAGE : REPLY.OK),
      (err: unknown) => {
        this.host.log(`定位数据写入失败，已答复终端重发（车辆 ${this.vehicleId}）`, err);
        this.acked(frame, REPLY.FAIL);
      },
    );
  }

  private acked(frame: Jt808Frame, result: number) {
    this.inFlight -= 1;
    if (this.paused && this.inFlight < RESUME_BELOW) {
      this.paused = false;
      this.socket.resume();
    }
    this.reply(frame, result);
  }

  private onClose() {
    if (this.ended) return;
    this.ended = true;
    for (const w of this.waiters.values()) {
      clearTimeout(w.timer);
      w.resolve(undefined);
    }
    this.waiters.clear();
    this.host.closed(this);
  }
}
