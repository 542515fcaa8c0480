import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, encodeRawFrame, encodeSplitFrames, FrameSplitter, Jt808Error, SplitAssembler } from '../src/gateways/jt808/jt808.codec.js';
import {
  decodeAuth,
  decodeGeneralReply,
  decodeLocation,
  decodeLocationBatch,
  decodePositionQueryReply,
  decodeRegister,
  decodeRegisterReply,
  decodeTrackingCommand,
  encodeAuth,
  encodeGeneralReply,
  encodeLocation,
  encodeLocationBatch,
  encodeRegister,
  MSG,
  type LocationInput,
} from '../src/gateways/jt808/jt808.messages.js';

/** xorshift32, seeded: the same cases on every run; a failure prints its seed and input. */
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const bytes = (n: number) => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = (next() * 256) | 0;
    return b;
  };
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { next, int, bytes, pick };
}
type Rnd = ReturnType<typeof prng>;

/** Runs fn; anything thrown must be a Jt808Error. */
function decodeOrJt808(fn: () => unknown, input: Buffer): 'ok' | 'error' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof Jt808Error)) throw new Error(`non-Jt808Error ${String(e)} for input ${input.toString('hex')}`, { cause: e });
    return 'error';
  }
}

const BODY_DECODERS: Record<number, (b: Buffer, v: 2013 | 2019) => unknown> = {
  [MSG.TERMINAL_REPLY]: (b) => decodeGeneralReply(b),
  [MSG.PLATFORM_REPLY]: (b) => decodeGeneralReply(b),
  [MSG.REGISTER]: (b, v) => decodeRegister(b, v),
  [MSG.REGISTER_REPLY]: (b) => decodeRegisterReply(b),
  [MSG.AUTH]: (b, v) => decodeAuth(b, v),
  [MSG.LOCATION]: (b) => decodeLocation(b),
  [MSG.LOCATION_BATCH]: (b) => decodeLocationBatch(b),
  [MSG.POSITION_QUERY_REPLY]: (b) => decodePositionQueryReply(b),
  [MSG.TEMP_TRACKING]: (b) => decodeTrackingCommand(b),
};

function randomLocation(r: Rnd): LocationInput {
  const l: LocationInput = {
    alarm: r.int(0, 0xffffffff),
    status: r.int(0, 0xffffffff),
    lat: r.int(-90_000_000, 90_000_000),
    lon: r.int(-180_000_000, 180_000_000),
    altitude: r.int(-32768, 32767),
    speed: r.int(0, 0xffff),
    direction: r.int(0, 359),
    fixTime: new Date(Date.UTC(2000, 0, 1) + r.int(0, 99 * 365 * 86400) * 1000),
    extras: Array.from({ length: r.int(0, 3) }, () => ({ id: r.pick([0x25, 0x2a, 0x2b, 0x7f, 0xe0, 0xe7, 0xff]), value: r.bytes(r.int(0, 20)) })),
  };
  if (r.next() < 0.7) l.odometer = r.int(0, 0xffffffff);
  if (r.next() < 0.5) l.fuel = r.int(0, 0xffff);
  if (r.next() < 0.5) l.signal = r.int(0, 255);
  if (r.next() < 0.5) l.satellites = r.int(0, 40);
  return l;
}

/** A valid uplink or downlink message with a random body of its kind. */
function randomMessage(r: Rnd): { msgId: number; phone: string; serial: number; body: Buffer; version: 2013 | 2019 } {
  const version = r.next() < 0.5 ? 2013 : 2019;
  const phone = String(r.int(0, 999_999_999)).padStart(12, '0');
  const serial = r.int(0, 0xffff);
  const kind = r.int(0, 6);
  let msgId: number;
  let body: Buffer;
  switch (kind) {
    case 0:
      msgId = MSG.HEARTBEAT;
      body = Buffer.alloc(0);
      break;
    case 1:
      msgId = MSG.LOCATION;
      body = encodeLocation(randomLocation(r));
      break;
    case 2:
      msgId = MSG.LOCATION_BATCH;
      body = encodeLocationBatch({ type: r.int(0, 1), locations: Array.from({ length: r.int(1, 8) }, () => randomLocation(r)) });
      break;
    case 3:
      msgId = MSG.REGISTER;
      body = encodeRegister({ province: 37, city: r.int(0, 0xffff), manufacturer: 'M1', model: '型号', terminalId: 'T1', plateColor: 1, plate: r.pick(['鲁A12345', '鲁B7E7D1', '鲁Q00001']) }, version);
      break;
    case 4:
      msgId = MSG.AUTH;
      body = encodeAuth({ code: r.bytes(8).toString('hex'), imei: '123456789012345', firmware: 'v1' }, version);
      break;
    case 5:
      msgId = MSG.TERMINAL_REPLY;
      body = encodeGeneralReply({ replySerial: r.int(0, 0xffff), replyId: r.int(0, 0xffff), result: r.int(0, 4) });
      break;
    default:
      msgId = r.int(0, 0xffff);
      body = r.bytes(r.int(0, 300)); // any id, any body (7E/7D included)
  }
  return { msgId, phone, serial, body, version };
}

const FRAME_CASES = 12_000;
const BODY_CASES = 1_500;
const STREAMS = 200;

describe('fuzzing the JT/T 808 codec (seeded)', () => {
  it(`decodeFrame and the body decoders on ${FRAME_CASES} random, bit-flipped, truncated and extended frames`, () => {
    const r = prng(20261126);
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < FRAME_CASES; i++) {
      const msg = randomMessage(r);
      let buf = Buffer.from(encodeRawFrame(msg));
      switch (i % 5) {
        case 0: // bit flips
          for (let k = r.int(1, 3); k > 0; k--) buf[r.int(0, buf.length - 1)]! ^= 1 << r.int(0, 7);
          break;
        case 1: // truncation
          buf = buf.subarray(0, r.int(0, buf.length - 1));
          break;
        case 2: // extension
          buf = Buffer.concat([buf, r.bytes(r.int(1, 40))]);
          break;
        case 3: // pure noise, sometimes with a valid check appended
          buf = r.bytes(r.int(0, 1100));
          if (r.next() < 0.5 && buf.length > 0) buf[buf.length - 1] = buf.subarray(0, -1).reduce((a, x) => a ^ x, 0);
          break;
        default: // flipped header bits (attributes: length, split, version) with the check recomputed
          buf[r.int(0, 3)]! ^= 1 << r.int(0, 7);
          buf[buf.length - 1] = buf.subarray(0, -1).reduce((a, x) => a ^ x, 0);
      }
      const res = decodeOrJt808(() => {
        const f = decodeFrame(buf);
        const dec = BODY_DECODERS[f.msgId];
        if (dec) dec(f.body, f.version);
      }, buf);
      outcomes[res]++;
    }
    // both paths are exercised
    expect(outcomes.ok).toBeGreaterThan(FRAME_CASES / 20);
    expect(outcomes.error).toBeGreaterThan(FRAME_CASES / 2);
  });

  it(`every body decoder on ${BODY_CASES} random and mutated bodies each, both layouts`, () => {
    const r = prng(808);
    for (const [id, dec] of Object.entries(BODY_DECODERS)) {
      for (let i = 0; i < BODY_CASES; i++) {
        let body: Buffer;
        if (i % 2 === 0) body = r.bytes(r.int(0, 200));
        else {
          const m = randomMessage(r);
          body = Buffer.from(Number(id) === MSG.LOCATION_BATCH ? encodeLocationBatch({ type: 1, locations: [randomLocation(r), randomLocation(r)] }) : m.body);
          for (let k = r.int(0, 3); k > 0 && body.length; k--) body[r.int(0, body.length - 1)] = r.int(0, 255);
          if (r.next() < 0.3) body = body.subarray(0, r.int(0, body.length));
        }
        decodeOrJt808(() => dec(body, 2013), body);
        decodeOrJt808(() => dec(body, 2019), body);
      }
    }
  });

  it(`the splitter returns exactly the valid frames, in order, from ${STREAMS} randomly chunked streams with garbage`, () => {
    const r = prng(7);
    /** Garbage that can never pass for a frame: no 7E/7D, and its XOR is not 0 (a frame's XOR incl. check is 0). */
    const garbage = (n: number) => {
      const g = Buffer.from(Array.from({ length: n }, () => {
        const b = r.int(0, 253);
        return b >= 0x7d ? b + 2 : b;
      }));
      if (n > 0 && g.reduce((a, x) => a ^ x, 0) === 0) g[n - 1] = g[n - 1]! === 1 ? 2 : 1;
      return g;
    };
    let total = 0;
    let maxBuffered = 0;
    for (let s = 0; s < STREAMS; s++) {
      const expected: Buffer[] = [];
      const parts: Buffer[] = [];
      if (r.next() < 0.5) parts.push(garbage(r.int(1, 50))); // junk before the first 7E
      const n = r.int(1, 40);
      for (let i = 0; i < n; i++) {
        const msg = randomMessage(r);
        const raw = encodeRawFrame(msg);
        expected.push(raw);
        parts.push(encodeFrame(msg));
        const g = r.next();
        if (g < 0.15) parts.push(garbage(r.int(1, 300)));
        else if (g < 0.2) parts.push(garbage(r.int(4097, 9000))); // overflow: dropped, memory stays bounded
        else if (g < 0.3) parts.push(Buffer.from([0x7e, 0x7e]));
        else if (g < 0.35) parts.push(Buffer.concat([Buffer.from([0x7e]), garbage(r.int(0, 20)), Buffer.from([0x7d, 0x05]), garbage(r.int(0, 20)), Buffer.from([0x7e])])); // bad escape
        else if (g < 0.4) parts.push(Buffer.concat([garbage(r.int(1, 30)), Buffer.from([0x7e]), garbage(r.int(1, 30))]));
      }
      const stream = Buffer.concat(parts);
      const splitter = new FrameSplitter();
      const got: Buffer[] = [];
      for (let pos = 0; pos < stream.length; ) {
        const len = r.next() < 0.2 ? r.int(1, 3) : r.int(1, 3000);
        for (const f of splitter.push(stream.subarray(pos, pos + len))) {
          let ok = true;
          try {
            decodeFrame(f);
          } catch (e) {
            expect(e).toBeInstanceOf(Jt808Error);
            ok = false;
          }
          if (ok) got.push(f);
        }
        maxBuffered = Math.max(maxBuffered, splitter.buffered);
        pos += len;
      }
      expect(got.length, `stream ${s}`).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) expect(got[i]!.equals(expected[i]!), `stream ${s} frame ${i}`).toBe(true);
      total += got.length;
    }
    expect(total).toBeGreaterThan(STREAMS * 10);
    expect(maxBuffered).toBeLessThanOrEqual(4096);
  });

  it('the splitter survives pure noise with any density of 7E, and stays bounded', () => {
    const r = prng(99);
    for (let s = 0; s < 40; s++) {
      const splitter = new FrameSplitter();
      const density = r.pick([0, 0.001, 0.01, 0.1, 0.5]);
      for (let c = 0; c < 12; c++) {
        const chunk = r.bytes(r.int(1, 2000));
        for (let i = 0; i < chunk.length; i++) {
          const x = r.next();
          if (x < density) chunk[i] = 0x7e;
          else if (x < density + 0.02) chunk[i] = 0x7d;
        }
        for (const f of splitter.push(chunk)) decodeOrJt808(() => decodeFrame(f), f);
        expect(splitter.buffered).toBeLessThanOrEqual(4096);
      }
    }
  });

  it('split packets: random order, loss and duplicates never exceed the set limit, complete sets come out whole', () => {
    const r = prng(4242);
    const a = new SplitAssembler({ maxSets: 8, timeoutMs: 10_000 });
    let now = 0;
    let whole = 0;
    for (let m = 0; m < 500; m++) {
      const body = r.bytes(r.int(1, 4000));
      const frames = encodeSplitFrames({ msgId: MSG.LOCATION_BATCH, phone: String(r.int(1, 50)), serial: r.int(0, 0xffff), body, version: r.next() < 0.5 ? 2013 : 2019 }, r.int(50, 1023))
        .flatMap((w) => new FrameSplitter().push(w))
        .map(decodeFrame);
      if (frames.length > 1 && r.next() < 0.2) frames.splice(r.int(0, frames.length - 1), 1); // loss
      if (r.next() < 0.2) frames.push(frames[0]!); // duplicate
      for (let i = frames.length - 1; i > 0; i--) {
        const j = r.int(0, i);
        [frames[i], frames[j]] = [frames[j]!, frames[i]!];
      }
      let out: ReturnType<SplitAssembler['push']> = null;
      for (const f of frames) {
        const x = a.push(f, (now += r.int(0, 500)));
        if (x) out = x;
        expect(a.pending).toBeLessThanOrEqual(8);
      }
      if (out) {
        expect(out.body.equals(body)).toBe(true);
        whole++;
      }
    }
    expect(whole).toBeGreaterThan(300);
  });
});
