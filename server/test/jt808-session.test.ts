import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jt808Server, startJt808Gateway } from '../src/gateways/jt808/jt808.server.js';
import { decodeFrame, encodeFrame, encodeSplitFrames, FrameSplitter, type Jt808Frame } from '../src/gateways/jt808/jt808.codec.js';
import {
  decodeGeneralReply,
  decodeRegisterReply,
  decodeTrackingCommand,
  encodeAuth,
  encodeGeneralReply,
  encodeLocation,
  encodeLocationBatch,
  encodePositionQueryReply,
  encodeRegister,
  type LocationInput,
  MSG,
  STATUS,
} from '../src/gateways/jt808/jt808.messages.js';
import { closePositionPipeline } from '../src/modules/telematics/position.service.js';
import { type Client, signIn, useTestApp } from './helpers.js';

/** A scripted terminal: writes frames (whole, split or byte by byte) and reads the platform's answers. */
class Terminal {
  socket!: net.Socket;
  serial = 1;
  private readonly splitter = new FrameSplitter();
  private readonly inbox: Jt808Frame[] = [];
  private waiting: { match: (f: Jt808Frame) => boolean; resolve: (f: Jt808Frame) => void }[] = [];
  closed = false;

  constructor(
    readonly phone: string,
    readonly version: 2013 | 2019 = 2013,
  ) {}

  connect(port: number): Promise<this> {
    return new Promise((resolve, reject) => {
      this.socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(this));
      this.socket.once('error', reject);
      this.socket.on('data', (chunk: Buffer) => {
        for (const raw of this.splitter.push(chunk)) {
          const f = decodeFrame(raw);
          const w = this.waiting.find((x) => x.match(f));
          if (w) {
            this.waiting = this.waiting.filter((x) => x !== w);
            w.resolve(f);
          } else this.inbox.push(f);
        }
      });
      this.socket.on('close', () => {
        this.closed = true;
      });
    });
  }

  frame(msgId: number, body: Buffer, serial = this.serial++) {
    return encodeFrame({ msgId, phone: this.phone, serial, body, version: this.version });
  }

  send(msgId: number, body: Buffer): number {
    const serial = this.serial++;
    this.socket.write(this.frame(msgId, body, serial));
    return serial;
  }

  next(match: (f: Jt808Frame) => boolean, timeoutMs = 5000): Promise<Jt808Frame> {
    const i = this.inbox.findIndex(match);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the platform')), timeoutMs);
      this.waiting.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  /** The 0x8001 answering our frame `serial`. */
  async replyTo(serial: number) {
    const f = await this.next((x) => x.msgId === MSG.PLATFORM_REPLY && decodeGeneralReply(x.body).replySerial === serial);
    return decodeGeneralReply(f.body);
  }

  async register(plate: string) {
    const serial = this.send(MSG.REGISTER, encodeRegister({ province: 37, city: 100, manufacturer: 'BDS01', model: 'ST-808', terminalId: 'T000001', plateColor: 1, plate }, this.version));
    const f = await this.next((x) => x.msgId === MSG.REGISTER_REPLY && decodeRegisterReply(x.body).replySerial === serial);
    return decodeRegisterReply(f.body);
  }

  async auth(code: string) {
    const serial = this.send(MSG.AUTH, encodeAuth({ code, imei: '860000000000001', firmware: 'V1.0' }, this.version));
    return this.replyTo(serial);
  }

  waitClosed(timeoutMs = 3000) {
    return new Promise<boolean>((resolve) => {
      if (this.closed) return resolve(true);
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  end() {
    this.socket.destroy();
  }
}

const JINAN = { lat: 36_651_200, lon: 117_120_000 };
/** A fix `secondsAgo` before now (whole seconds: the BCD time has no milliseconds). */
function loc(secondsAgo: number, extra: Partial<LocationInput> = {}): LocationInput {
  const t = Math.floor(Date.now() / 1000 - secondsAgo) * 1000;
  return { alarm: 0, status: STATUS.ACC | STATUS.FIXED, lat: JINAN.lat, lon: JINAN.lon, altitude: 30, speed: 0, direction: 90, fixTime: new Date(t), odometer: 123_456, ...extra };
}

describe('JT/T 808 gateway over real TCP', () => {
  const t = useTestApp();
  let gw: Jt808Server;
  let port: number;
  let fleet: Client;
  const V: { id: number; plate: string; phone: string }[] = [];

  beforeAll(async () => {
    const unit = await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', 'fleet').executeTakeFirstOrThrow();
    for (let i = 0; i < 4; i++) {
      const plate = `鲁AT80${10 + i}`;
      const phone = `1449000${1000 + i}`;
      const r = await t.p.db
        .insertInto('fleet_vehicle')
        .values({ plate, brand: '红旗', model: 'H5', category_code: 'general', energy_type: 'petrol', displacement_l: '1.8', price: '150000', acquired_on: '2023-01-01', acquisition_method: 'purchase', unit_id: unit.unit_id, terminal_phone: phone, terminal_installed_on: '2023-01-10' })
        .returning('id')
        .executeTakeFirstOrThrow();
      V.push({ id: r.id, plate, phone });
    }
    gw = await startJt808Gateway(t.p, { port: 0, host: '127.0.0.1', log: () => undefined });
    port = gw.port;
    fleet = await signIn(t.app, 'fleet');
  });
  afterAll(async () => {
    await gw?.close();
    await closePositionPipeline(t.p);
  });

  const rows = (vehicleId: number) =>
    t.p.db.selectFrom('tm_position').select(['fix_time', 'lat', 'lon', 'speed', 'backfill', 'odometer']).where('vehicle_id', '=', vehicleId).orderBy('fix_time').execute();

  async function online(v: (typeof V)[number], version: 2013 | 2019 = 2013) {
    const term = await new Terminal(v.phone, version).connect(port);
    const reg = await term.register(v.plate);
    expect(reg.result).toBe(0);
    expect((await term.auth(reg.authCode!)).result).toBe(0);
    return term;
  }

  it('refuses unknown terminals and cars that do not match, registers and authenticates bound ones', async () => {
    const stranger = await new Terminal('14499999999').connect(port);
    expect((await stranger.register('鲁AT8010')).result).toBe(4); // no such terminal
    stranger.end();

    const v = V[0]!;
    const term = await new Terminal(v.phone).connect(port);
    expect((await term.register('鲁AX0000')).result).toBe(2); // the plate is another car's
    // nothing but registration and authentication before authentication
    expect((await term.replyTo(term.send(MSG.HEARTBEAT, Buffer.alloc(0)))).result).toBe(1);
    const reg = await term.register(v.plate);
    expect(reg.result).toBe(0);
    expect(reg.authCode).toMatch(/^[0-9A-Za-z]{16}$/);
    const row = await t.p.db.selectFrom('tm_terminal').select(['auth_code', 'phone', 'manufacturer', 'terminal_model']).where('vehicle_id', '=', v.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ auth_code: reg.authCode, phone: v.phone, manufacturer: 'BDS01', terminal_model: 'ST-808' });

    // a wrong code is refused and the connection closed
    expect((await term.auth('WRONGCODE1')).result).toBe(1);
    expect(await term.waitClosed()).toBe(true);

    const again = await new Terminal(v.phone).connect(port);
    expect((await again.auth(reg.authCode!)).result).toBe(0);
    const st = await t.p.db.selectFrom('tm_terminal').select(['online', 'authenticated_at']).where('vehicle_id', '=', v.id).executeTakeFirstOrThrow();
    expect(st.online).toBe(true);
    expect(st.authenticated_at).not.toBeNull();
    expect((await again.replyTo(again.send(MSG.HEARTBEAT, Buffer.alloc(0)))).result).toBe(0);
    // an unknown message is unsupported (3); a bad checksum is a bad message (2)
    expect((await again.replyTo(again.send(0x0900, Buffer.from([1, 2, 3])))).result).toBe(3);
    const good = again.frame(MSG.HEARTBEAT, Buffer.alloc(0), 4242);
    const bad = Buffer.from(good);
    bad[bad.length - 2]! ^= 0x01; // flip the check byte
    again.socket.write(bad);
    expect((await again.replyTo(4242)).result).toBe(2);
    again.end();
    expect(await again.waitClosed()).toBe(true);
    // the connection closing takes the terminal offline
    await expect.poll(async () => (await t.p.db.selectFrom('tm_terminal').select('online').where('vehicle_id', '=', v.id).executeTakeFirstOrThrow()).online).toBe(false);
  });

  it('acknowledges a location only once it is stored, and a resend stores nothing twice', async () => {
    const v = V[1]!;
    const term = await online(v);
    const fix = loc(30, { speed: 456, lat: JINAN.lat + 1000 });
    const serial = term.send(MSG.LOCATION, encodeLocation(fix));
    const ack = await term.replyTo(serial);
    expect(ack).toEqual({ replySerial: serial, replyId: MSG.LOCATION, result: 0 });
    // the row is there when the acknowledgement arrives
    const stored = await rows(v.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ lat: fix.lat, lon: fix.lon, speed: 456, backfill: false, odometer: 123_456 });
    expect(new Date(stored[0]!.fix_time).getTime()).toBe(fix.fixTime.getTime());
    const latest = await t.p.db.selectFrom('tm_terminal').select(['last_fix_at', 'last_lat', 'last_speed']).where('vehicle_id', '=', v.id).executeTakeFirstOrThrow();
    expect(latest).toMatchObject({ last_lat: fix.lat, last_speed: 456 });

    // the same fix again (the terminal did not get our answer): acknowledged, not stored twice
    const again = term.send(MSG.LOCATION, encodeLocation(fix));
    expect((await term.replyTo(again)).result).toBe(0);
    expect(await rows(v.id)).toHaveLength(1);

    // an older fix arriving later does not move the latest position back
    const older = term.send(MSG.LOCATION, encodeLocation(loc(600, { lat: JINAN.lat - 5000 })));
    expect((await term.replyTo(older)).result).toBe(0);
    const after = await t.p.db.selectFrom('tm_terminal').select(['last_lat']).where('vehicle_id', '=', v.id).executeTakeFirstOrThrow();
    expect(after.last_lat).toBe(fix.lat);
    const late = (await rows(v.id)).find((r) => r.lat === JINAN.lat - 5000)!;
    expect(late.backfill).toBe(true); // late: stored as back-fill and queued for re-detection
    const queued = await t.p.db.selectFrom('tm_redetect').select('vehicle_id').where('vehicle_id', '=', v.id).execute();
    expect(queued).toHaveLength(1);
    term.end();
  });

  it('stores a 0x0704 back-fill batch (also as split packets) as back-fill, idempotently', async () => {
    const v = V[2]!;
    const term = await online(v, 2019);
    const batch = [loc(3600), loc(3590, { lon: JINAN.lon + 2000 }), loc(3580, { lon: JINAN.lon + 4000 })];
    const serial = term.send(MSG.LOCATION_BATCH, encodeLocationBatch({ type: 1, locations: batch }));
    expect((await term.replyTo(serial)).result).toBe(0);
    let stored = await rows(v.id);
    expect(stored).toHaveLength(3);
    expect(stored.every((r) => r.backfill)).toBe(true);
    // resend: acknowledged, nothing new
    expect((await term.replyTo(term.send(MSG.LOCATION_BATCH, encodeLocationBatch({ type: 1, locations: batch })))).result).toBe(0);
    expect(await rows(v.id)).toHaveLength(3);

    // a big back-fill in split packets: acknowledged under the first packet's serial
    const many = Array.from({ length: 60 }, (_, i) => loc(3000 - i * 10, { lat: JINAN.lat + i * 100 }));
    const first = term.serial;
    const frames = encodeSplitFrames({ msgId: MSG.LOCATION_BATCH, phone: v.phone, serial: first, body: encodeLocationBatch({ type: 1, locations: many }), version: 2019 }, 512);
    expect(frames.length).toBeGreaterThan(1);
    term.serial += frames.length;
    for (const f of frames) term.socket.write(f);
    expect((await term.replyTo(first)).result).toBe(0);
    stored = await rows(v.id);
    expect(stored).toHaveLength(63);
    term.end();
  });

  it('reassembles frames cut across TCP writes, and survives a disconnect in the middle of a frame', async () => {
    const v = V[3]!;
    const term = await online(v);
    const fix = loc(20, { speed: 300 });
    const bytes = term.frame(MSG.LOCATION, encodeLocation(fix), 777);
    for (let i = 0; i < bytes.length; i++) {
      term.socket.write(bytes.subarray(i, i + 1));
      if (i % 7 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    expect((await term.replyTo(777)).result).toBe(0);
    // two frames in one write, with 7E7E between them
    const a = term.frame(MSG.LOCATION, encodeLocation(loc(19)), 778);
    const b = term.frame(MSG.LOCATION, encodeLocation(loc(18)), 779);
    term.socket.write(Buffer.concat([a, b]));
    expect((await term.replyTo(778)).result).toBe(0);
    expect((await term.replyTo(779)).result).toBe(0);

    // half a frame, then the line drops
    const half = term.frame(MSG.LOCATION, encodeLocation(loc(17, { speed: 999 })), 780);
    term.socket.write(half.subarray(0, 20));
    term.end();
    await term.waitClosed();
    const code = (await t.p.db.selectFrom('tm_terminal').select('auth_code').where('vehicle_id', '=', v.id).executeTakeFirstOrThrow()).auth_code!;
    const back = await new Terminal(v.phone).connect(port);
    expect((await back.auth(code)).result).toBe(0);
    back.socket.write(back.frame(MSG.LOCATION, encodeLocation(loc(17, { speed: 999 })), 780));
    expect((await back.replyTo(780)).result).toBe(0);
    const stored = await rows(v.id);
    expect(stored.map((r) => r.speed)).toEqual([300, 0, 0, 999]);
    back.end();
  });

  it('sends position queries and temporary tracking to the live terminal and returns its answers', async () => {
    const v = V[1]!;
    const term = await online(v);
    // the terminal answers 0x8201 with 0x0201 and 0x8202 with 0x0001
    const answering = (async () => {
      const q = await term.next((f) => f.msgId === MSG.POSITION_QUERY);
      term.send(MSG.POSITION_QUERY_REPLY, encodePositionQueryReply({ replySerial: q.serial, location: loc(1, { speed: 321 }) }));
      const tr = await term.next((f) => f.msgId === MSG.TEMP_TRACKING);
      expect(decodeTrackingCommand(tr.body)).toEqual({ intervalS: 5, durationS: 120 });
      term.send(MSG.TERMINAL_REPLY, encodeGeneralReply({ replySerial: tr.serial, replyId: MSG.TEMP_TRACKING, result: 0 }));
    })();
    const locate = await fleet.post(`/api/telematics/vehicles/${v.id}/commands`, { kind: 'locate' });
    expect(locate.statusCode, locate.body).toBe(200);
    expect(locate.json()).toMatchObject({ status: 'answered', kind: 'locate', answer: { location: { speedKmh: 32.1, acc: true } } });
    const track = await fleet.post(`/api/telematics/vehicles/${v.id}/commands`, { kind: 'track', intervalS: 5, durationS: 120 });
    expect(track.json()).toMatchObject({ status: 'answered', answer: { result: 0 } });
    await answering;
    const cmds = await t.p.db.selectFrom('tm_command').select(['status', 'message_id', 'serial', 'answered_at']).where('vehicle_id', '=', v.id).orderBy('id').execute();
    expect(cmds.map((c) => [c.message_id, c.status])).toEqual([
      [0x8201, 'answered'],
      [0x8202, 'answered'],
    ]);
    const audit = await t.p.db.selectFrom('audit_log').select('action').where('action', '=', 'tm_command.send').execute();
    expect(audit).toHaveLength(2);

    // a terminal that does not answer: timeout; a car without a live session: offline
    const silent = await fleet.post(`/api/telematics/vehicles/${v.id}/commands`, { kind: 'locate', waitS: 1 });
    expect(silent.json().status).toBe('timeout');
    term.end();
    await term.waitClosed();
    await expect.poll(() => gw.sessionOf(v.id)).toBeUndefined();
    const off = await fleet.post(`/api/telematics/vehicles/${v.id}/commands`, { kind: 'locate' });
    expect(off.json()).toMatchObject({ status: 'offline', answer: null });
    // permission and scope
    const staff = await signIn(t.app, 'staff');
    expect((await staff.post(`/api/telematics/vehicles/${v.id}/commands`, { kind: 'locate' })).statusCode).toBe(403);
    expect((await fleet.post('/api/telematics/vehicles/999999/commands', { kind: 'locate' })).statusCode).toBe(404);
  });

  it('closes connections that stay silent past the heartbeat timeout', async () => {
    const v = V[0]!;
    await sql`UPDATE setting SET value = '5' WHERE key = 'telematics.heartbeat_timeout_seconds'`.execute(t.p.db);
    t.p.settings.invalidate();
    const gw2 = await startJt808Gateway(t.p, { port: 0, host: '127.0.0.1', log: () => undefined });
    try {
      const term = await new Terminal(v.phone).connect(gw2.port);
      const code = (await t.p.db.selectFrom('tm_terminal').select('auth_code').where('vehicle_id', '=', v.id).executeTakeFirstOrThrow()).auth_code!;
      expect((await term.auth(code)).result).toBe(0);
      expect(await term.waitClosed(8000)).toBe(true);
      await expect.poll(async () => (await t.p.db.selectFrom('tm_terminal').select('online').where('vehicle_id', '=', v.id).executeTakeFirstOrThrow()).online).toBe(false);
    } finally {
      await gw2.close();
      await sql`UPDATE setting SET value = '180' WHERE key = 'telematics.heartbeat_timeout_seconds'`.execute(t.p.db);
      t.p.settings.invalidate();
    }
  }, 15_000);
});
