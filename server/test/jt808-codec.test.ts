import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  encodeRawFrame,
  encodeSplitFrames,
  escape,
  FrameSplitter,
  Jt808Error,
  phoneKey,
  readBcdTime,
  SplitAssembler,
  unescape,
  type Jt808Frame,
} from '../src/gateways/jt808/jt808.codec.js';
import {
  ALARM,
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
  encodePositionQueryReply,
  encodeRegister,
  encodeRegisterReply,
  encodeTrackingCommand,
  MSG,
  STATUS,
  type LocationInput,
} from '../src/gateways/jt808/jt808.messages.js';

// ---------------------------------------------------------------- hand-built frames (independent of the encoder)

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const xor = (b: Buffer) => b.reduce((a, x) => a ^ x, 0);
/** Byte-by-byte: header + body, check appended, escaped by a second small routine, wrapped in 7E. */
function handFrame(headerAndBody: Buffer): Buffer {
  const raw = Buffer.concat([headerAndBody, Buffer.from([xor(headerAndBody)])]);
  const out: number[] = [0x7e];
  for (const b of raw) {
    if (b === 0x7e) out.push(0x7d, 0x02);
    else if (b === 0x7d) out.push(0x7d, 0x01);
    else out.push(b);
  }
  out.push(0x7e);
  return Buffer.from(out);
}
/** One frame through the splitter and the decoder. */
function decodeWire(wire: Buffer): Jt808Frame {
  const frames = new FrameSplitter().push(wire);
  expect(frames).toHaveLength(1);
  return decodeFrame(frames[0]!);
}
const pad = (s: string, n: number) => Buffer.concat([Buffer.from(s, 'latin1'), Buffer.alloc(n - s.length)]);
const word = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const dword = (n: number) => Buffer.from([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
/** 鲁A12345 in GBK: 鲁 = C2 B3 */
const PLATE_GBK = hex('c2b3 41 31 32 33 34 35');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Jt808Error);
    return (e as Jt808Error).code;
  }
  return undefined;
}

describe('JT/T 808 frames from DOMAIN.md', () => {
  it('decodes the heartbeat sample exactly and encodes it back byte for byte', () => {
    const wire = hex('7e000200000139123443290007717e');
    const f = decodeWire(wire);
    expect(f).toEqual({ msgId: MSG.HEARTBEAT, phone: '013912344329', serial: 7, version: 2013, body: Buffer.alloc(0) });
    expect(encodeFrame({ msgId: 0x0002, phone: '13912344329', serial: 7, body: Buffer.alloc(0) }).toString('hex')).toBe(wire.toString('hex'));
  });

  it('decodes the 2013 authentication sample with code AUTH123', () => {
    const wire = hex('7e01020007013912344329000841555448313233407e');
    const f = decodeWire(wire);
    expect(f.msgId).toBe(MSG.AUTH);
    expect(f.phone).toBe('013912344329');
    expect(f.serial).toBe(8);
    expect(f.version).toBe(2013);
    expect(decodeAuth(f.body, 2013)).toEqual({ code: 'AUTH123' });
    expect(encodeFrame({ msgId: MSG.AUTH, phone: '013912344329', serial: 8, body: encodeAuth({ code: 'AUTH123' }) }).toString('hex')).toBe(wire.toString('hex'));
  });

  it('treats phones with different zero padding alike', () => {
    expect(phoneKey('013912344329')).toBe(phoneKey('13912344329'));
    expect(phoneKey('00000000013912344329')).toBe('13912344329');
  });
});

describe('register 0x0100 built from the standard', () => {
  it('2013: province, city, manufacturer[5], model[20], terminal id[7], colour, GBK plate 鲁A12345', () => {
    const body = Buffer.concat([word(37), word(102), pad('70111', 5), pad('BSJ-A6', 20), pad('T000001', 7), Buffer.from([1]), PLATE_GBK]);
    expect(body.length).toBe(45);
    const head = Buffer.concat([word(0x0100), word(body.length), hex('013912344329'), word(1)]);
    const f = decodeWire(handFrame(Buffer.concat([head, body])));
    expect(f).toMatchObject({ msgId: 0x0100, phone: '013912344329', serial: 1, version: 2013 });
    const r = decodeRegister(f.body, 2013);
    expect(r).toEqual({ province: 37, city: 102, manufacturer: '70111', model: 'BSJ-A6', terminalId: 'T000001', plateColor: 1, plate: '鲁A12345' });
    expect(encodeRegister(r, 2013).equals(body)).toBe(true);
  });

  it('2019: version flag bit 14, protocol version byte, BCD[10] phone, manufacturer[11], model[30], id[30]', () => {
    const body = Buffer.concat([word(37), word(100), pad('MANUF000011', 11), pad('JT808-2019-MODEL', 30), pad('TERMINAL-ID-0001', 30), Buffer.from([2]), PLATE_GBK]);
    const attr = 0x4000 | body.length;
    const head = Buffer.concat([word(0x0100), word(attr), Buffer.from([1]), hex('00000000013912344329'), word(0x1234)]);
    const f = decodeWire(handFrame(Buffer.concat([head, body])));
    expect(f).toMatchObject({ msgId: 0x0100, phone: '013912344329', serial: 0x1234, version: 2019, protocolVersion: 1 });
    const r = decodeRegister(f.body, 2019);
    expect(r).toEqual({ province: 37, city: 100, manufacturer: 'MANUF000011', model: 'JT808-2019-MODEL', terminalId: 'TERMINAL-ID-0001', plateColor: 2, plate: '鲁A12345' });
    // and back through our encoder, byte for byte
    const again = encodeFrame({ msgId: 0x0100, phone: '013912344329', serial: 0x1234, version: 2019, body: encodeRegister(r, 2019) });
    expect(again.equals(handFrame(Buffer.concat([head, body])))).toBe(true);
  });

  it('a register body shorter than its fixed fields is a JT808_LENGTH error', () => {
    expect(codeOf(() => decodeRegister(Buffer.alloc(36), 2013))).toBe('JT808_LENGTH');
    expect(codeOf(() => decodeRegister(Buffer.alloc(60), 2019))).toBe('JT808_LENGTH');
  });

  it('0x8100 reply with auth code, and refusals without one', () => {
    const body = Buffer.concat([word(1), Buffer.from([0]), Buffer.from('AC8F3E21')]);
    expect(decodeRegisterReply(body)).toEqual({ replySerial: 1, result: 0, authCode: 'AC8F3E21' });
    expect(encodeRegisterReply({ replySerial: 1, result: 0, authCode: 'AC8F3E21' }).equals(body)).toBe(true);
    expect(decodeRegisterReply(hex('0001 04'))).toEqual({ replySerial: 1, result: 4 });
    expect(encodeRegisterReply({ replySerial: 1, result: 4 }).toString('hex')).toBe('000104');
  });
});

describe('authenticate 0x0102', () => {
  it('2019: length, code, IMEI[15], firmware[20]', () => {
    const body = Buffer.concat([Buffer.from([8]), Buffer.from('AC8F3E21'), pad('861234567890123', 15), pad('V2.1.7', 20)]);
    expect(decodeAuth(body, 2019)).toEqual({ code: 'AC8F3E21', imei: '861234567890123', firmware: 'V2.1.7' });
    expect(encodeAuth({ code: 'AC8F3E21', imei: '861234567890123', firmware: 'V2.1.7' }, 2019).equals(body)).toBe(true);
    expect(codeOf(() => decodeAuth(body.subarray(0, 30), 2019))).toBe('JT808_LENGTH');
  });
});

describe('location 0x0200 built from the standard', () => {
  // 2026-11-26 09:30:15 Beijing = 01:30:15 UTC; 济南 36.651200 N, 117.120000 E
  const base = Buffer.concat([
    dword(ALARM.OVERSPEED),
    dword(STATUS.ACC | STATUS.FIXED | STATUS.BEIDOU),
    dword(36_651_200),
    dword(117_120_000),
    word(45),
    word(623), // 62.3 km/h
    word(271),
    hex('261126 093015'),
  ]);
  const items = Buffer.concat([
    hex('01 04'), dword(1_234_567), // odometer 123456.7 km
    hex('02 02'), word(456), // fuel 45.6 L
    hex('25 04 00000001'), // extended signal (not interpreted → extras)
    hex('30 01 1f'), // signal 31
    hex('e1 03 aabbcc'), // vendor item
    hex('7f 00'), // unknown, empty
    hex('31 01 0c'), // 12 satellites
    hex('30 02 0102'), // a known id with the wrong length → extras, not fatal
  ]);

  it('decodes the base fields and the items, keeps unknown ones aside', () => {
    const body = Buffer.concat([base, items]);
    const head = Buffer.concat([word(0x0200), word(body.length), hex('013912344329'), word(9)]);
    const f = decodeWire(handFrame(Buffer.concat([head, body])));
    const l = decodeLocation(f.body);
    expect(l).toMatchObject({
      alarm: 2,
      status: STATUS.ACC | STATUS.FIXED | STATUS.BEIDOU,
      lat: 36_651_200,
      lon: 117_120_000,
      altitude: 45,
      speed: 623,
      direction: 271,
      odometer: 1_234_567,
      fuel: 456,
      signal: 31,
      satellites: 12,
    });
    expect(l.fixTime.toISOString()).toBe('2026-11-26T01:30:15.000Z');
    expect(l.extras.map((e) => [e.id, e.value.toString('hex')])).toEqual([
      [0x25, '00000001'],
      [0xe1, 'aabbcc'],
      [0x7f, ''],
      [0x30, '0102'],
    ]);
    // re-encoding gives the same bytes (items in our canonical order differ, so compare after decode)
    expect(decodeLocation(encodeLocation(l))).toEqual(l);
  });

  it('south and west flags give negative coordinates; a truncated last item ends the list', () => {
    const sw = Buffer.from(base);
    sw.writeUInt32BE(STATUS.FIXED | STATUS.SOUTH | STATUS.WEST, 4);
    const l = decodeLocation(Buffer.concat([sw, hex('01 04 0000'), /* truncated */]));
    expect(l.lat).toBe(-36_651_200);
    expect(l.lon).toBe(-117_120_000);
    expect(l.odometer).toBeUndefined();
    expect(l.extras).toEqual([]);
    const enc = encodeLocation({ ...l, extras: [] });
    expect(enc.readUInt32BE(4)).toBe(STATUS.FIXED | STATUS.SOUTH | STATUS.WEST);
    expect(enc.readUInt32BE(8)).toBe(36_651_200);
  });

  it('refuses a short body and an impossible time with Jt808Error', () => {
    expect(codeOf(() => decodeLocation(base.subarray(0, 27)))).toBe('JT808_LENGTH');
    const bad = Buffer.from(base);
    hex('261332 093015').copy(bad, 22); // 32 Nov… month 13
    expect(codeOf(() => decodeLocation(bad))).toBe('JT808_TIME');
    hex('2602 29 000000').copy(bad, 22); // 29 Feb 2026 does not exist
    expect(codeOf(() => decodeLocation(bad))).toBe('JT808_TIME');
    hex('2a0101 000000').copy(bad, 22); // not BCD
    expect(codeOf(() => decodeLocation(bad))).toBe('JT808_BCD');
    expect(readBcdTime(hex('240229 235959'), 0).toISOString()).toBe('2024-02-29T15:59:59.000Z');
  });

  it('0x0704 back-fill batch: count, type 1, entries with their length', () => {
    const e1 = Buffer.concat([base, hex('01 04'), dword(1000)]);
    const e2 = Buffer.from(base);
    hex('261126 093045').copy(e2, 22);
    const body = Buffer.concat([word(2), Buffer.from([1]), word(e1.length), e1, word(e2.length), e2]);
    const head = Buffer.concat([word(0x0704), word(body.length), hex('013912344329'), word(10)]);
    const f = decodeWire(handFrame(Buffer.concat([head, body])));
    const b = decodeLocationBatch(f.body);
    expect(b.type).toBe(1);
    expect(b.invalid).toBe(0);
    expect(b.locations.map((l) => [l.fixTime.toISOString(), l.odometer])).toEqual([
      ['2026-11-26T01:30:15.000Z', 1000],
      ['2026-11-26T01:30:45.000Z', undefined],
    ]);
    expect(encodeLocationBatch({ type: 1, locations: b.locations }).equals(body)).toBe(true);
    // an entry with a bad time is skipped and counted; a missing entry is a length error
    const badE = Buffer.from(e2);
    badE[23] = 0x13;
    const body2 = Buffer.concat([word(2), Buffer.from([1]), word(e1.length), e1, word(badE.length), badE]);
    expect(decodeLocationBatch(body2)).toMatchObject({ invalid: 1, locations: [{ odometer: 1000 }] });
    expect(codeOf(() => decodeLocationBatch(Buffer.concat([word(3), Buffer.from([1]), word(e1.length), e1])))).toBe('JT808_LENGTH');
  });

  it('0x8201 query has an empty body; 0x0201 answers with the reply serial and a location', () => {
    const body = Buffer.concat([word(0x55), base]);
    const r = decodePositionQueryReply(body);
    expect(r.replySerial).toBe(0x55);
    expect(r.location.lat).toBe(36_651_200);
    expect(encodePositionQueryReply(r).equals(body)).toBe(true);
    expect(decodeWire(encodeFrame({ msgId: MSG.POSITION_QUERY, phone: '013912344329', serial: 3, body: Buffer.alloc(0) })).body.length).toBe(0);
  });

  it('0x8202 temporary tracking: interval WORD, validity DWORD', () => {
    expect(encodeTrackingCommand({ intervalS: 5, durationS: 3600 }).toString('hex')).toBe('000500000e10');
    expect(decodeTrackingCommand(hex('000500000e10'))).toEqual({ intervalS: 5, durationS: 3600 });
  });
});

describe('escaping and the check byte', () => {
  it('escapes 7E and 7D in the body and in the check', () => {
    // 0x0001 terminal reply whose reply serial is 7E7D; the last body byte is chosen so that the check is 7E
    const head = Buffer.concat([word(0x0001), word(5), hex('013912344329'), word(0x20)]);
    const body = hex('7e7d 0200 00');
    body[4] = xor(Buffer.concat([head, body.subarray(0, 4)])) ^ 0x7e;
    const raw = Buffer.concat([head, body]);
    expect(xor(raw)).toBe(0x7e);
    const wire = handFrame(raw);
    expect(wire.toString('hex')).toContain('7d027d01');
    expect(wire.subarray(-3).toString('hex')).toBe('7d027e');
    expect(wire.subarray(1, -1).includes(0x7e)).toBe(false);
    const f = decodeWire(wire);
    expect(decodeGeneralReply(f.body)).toEqual({ replySerial: 0x7e7d, replyId: 0x0200, result: body[4] });
    expect(encodeFrame({ msgId: 1, phone: '013912344329', serial: 0x20, body }).equals(wire)).toBe(true);
    // a check of 7D
    body[4] ^= 0x7e ^ 0x7d;
    expect(handFrame(Buffer.concat([head, body])).subarray(-3).toString('hex')).toBe('7d017e');
    expect(decodeWire(handFrame(Buffer.concat([head, body]))).serial).toBe(0x20);
  });

  it('escape/unescape are inverse; a stray 7D is JT808_ESCAPE', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(unescape(escape(all)).equals(all)).toBe(true);
    expect(codeOf(() => unescape(hex('01 7d 03')))).toBe('JT808_ESCAPE');
    expect(codeOf(() => unescape(hex('01 7d')))).toBe('JT808_ESCAPE');
  });

  it('a wrong check is JT808_CHECKSUM, a wrong body length JT808_LENGTH', () => {
    const raw = Buffer.from(encodeRawFrame({ msgId: 2, phone: '013912344329', serial: 7, body: Buffer.alloc(0) }));
    raw[raw.length - 1]! ^= 1;
    expect(codeOf(() => decodeFrame(raw))).toBe('JT808_CHECKSUM');
    const long = Buffer.concat([word(0x0002), word(3), hex('013912344329'), word(7), hex('0102')]);
    expect(codeOf(() => decodeFrame(Buffer.concat([long, Buffer.from([xor(long)])])))).toBe('JT808_LENGTH');
    expect(codeOf(() => decodeFrame(hex('0002 0000 0139')))).toBe('JT808_LENGTH');
    const split0 = Buffer.concat([word(0x0200), word(0x2000), hex('013912344329'), word(7), word(2), word(3)]);
    expect(codeOf(() => decodeFrame(Buffer.concat([split0, Buffer.from([xor(split0)])])))).toBe('JT808_SPLIT');
  });
});

describe('the stream splitter', () => {
  const hb = hex('7e000200000139123443290007717e');
  const auth = hex('7e01020007013912344329000841555448313233407e');

  it('several frames in a chunk, half a frame per chunk, 7E7E between frames, junk before the first 7E', () => {
    const s = new FrameSplitter();
    const stream = Buffer.concat([hex('0102'), hb, auth, hb]);
    const got: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 5) got.push(...s.push(stream.subarray(i, i + 5)));
    expect(got.map((f) => decodeFrame(f).msgId)).toEqual([2, 0x102, 2]);
    expect(s.buffered).toBe(0);
    expect(s.discardedBytes).toBe(2);
    // one byte at a time
    const s2 = new FrameSplitter();
    const got2 = [...stream].flatMap((b) => s2.push(Buffer.from([b])));
    expect(got2.map((f) => decodeFrame(f).serial)).toEqual([7, 8, 7]);
    // a shared delimiter between frames works too
    const shared = Buffer.concat([hb.subarray(0, -1), auth]);
    expect(new FrameSplitter().push(shared).map((f) => decodeFrame(f).msgId)).toEqual([2, 0x102]);
  });

  it('drops a candidate with a bad escape and keeps going', () => {
    const s = new FrameSplitter();
    const out = s.push(Buffer.concat([hex('7e 0102 7d 05 7e'), hb]));
    expect(out).toHaveLength(1);
    expect(s.dropped).toBe(1);
  });

  it('keeps memory bounded: more than 4 KiB without a 7E is dropped', () => {
    const s = new FrameSplitter();
    s.push(hex('7e'));
    for (let i = 0; i < 100; i++) {
      s.push(Buffer.alloc(1000, 0x11));
      expect(s.buffered).toBeLessThanOrEqual(4096);
    }
    expect(s.dropped).toBeGreaterThan(0);
    expect(s.push(hb).map((f) => decodeFrame(f).msgId)).toEqual([2]);
  });
});

describe('split packets', () => {
  const points: LocationInput[] = Array.from({ length: 60 }, (_, i) => ({
    alarm: 0,
    status: STATUS.ACC | STATUS.FIXED,
    lat: 36_600_000 + i * 100,
    lon: 117_000_000 + i * 100,
    altitude: 30,
    speed: 400,
    direction: 90,
    fixTime: new Date(Date.UTC(2026, 10, 26, 1, 0, i)),
    odometer: 5000 + i,
  }));
  const body = encodeLocationBatch({ type: 1, locations: points });

  it('a hand-built 3-packet message (bit 13, total, index) is reassembled in any order', () => {
    expect(body.length).toBeGreaterThan(2 * 1023);
    const cut = [body.subarray(0, 1000), body.subarray(1000, 2000), body.subarray(2000)];
    const wires = cut.map((part, i) =>
      handFrame(Buffer.concat([word(0x0704), word(0x2000 | part.length), hex('013912344329'), word(100 + i), word(3), word(i + 1), part])),
    );
    const a = new SplitAssembler();
    const frames = [wires[2]!, wires[0]!, wires[1]!].map(decodeWire);
    expect(frames[0]!.split).toEqual({ total: 3, index: 3 });
    expect(a.push(frames[0]!)).toBeNull();
    expect(a.push(frames[1]!)).toBeNull();
    const whole = a.push(frames[2]!)!;
    expect(whole.split).toBeUndefined();
    expect(whole.serial).toBe(100);
    expect(whole.body.equals(body)).toBe(true);
    expect(decodeLocationBatch(whole.body).locations).toHaveLength(60);
    expect(a.pending).toBe(0);
  });

  it('encodeSplitFrames cuts, the assembler joins; unsplit frames pass through', () => {
    const wires = encodeSplitFrames({ msgId: MSG.LOCATION_BATCH, phone: '013912344329', serial: 0xfffe, body, version: 2019 });
    expect(wires.length).toBe(Math.ceil(body.length / 1023));
    const a = new SplitAssembler();
    const out = wires.map((w) => a.push(decodeWire(w)));
    expect(out.slice(0, -1).every((x) => x === null)).toBe(true);
    expect(out.at(-1)!.body.equals(body)).toBe(true);
    expect(out.at(-1)!.serial).toBe(0xfffe); // serials wrap around 0xffff
    const hb = decodeWire(hex('7e000200000139123443290007717e'));
    expect(a.push(hb)).toBe(hb);
  });

  it('drops incomplete sets after the timeout and beyond the set limit', () => {
    const a = new SplitAssembler({ timeoutMs: 1000, maxSets: 2 });
    const part = (serial: number, index: number) => decodeFrame(encodeRawFrame({ msgId: 0x0704, phone: '1', serial, body: Buffer.from([index]), split: { total: 2, index } }));
    expect(a.push(part(1, 1), 0)).toBeNull();
    expect(a.pending).toBe(1);
    expect(a.push(part(2, 2), 1500)).toBeNull(); // the first set has timed out: the second packet opens a new set
    expect(a.dropped).toBe(1);
    expect(a.push(part(10, 1), 1600)).toBeNull();
    expect(a.push(part(20, 1), 1700)).toBeNull(); // third open set: the oldest is dropped
    expect(a.pending).toBe(2);
    expect(a.dropped).toBe(2);
    expect(a.push(part(21, 2), 1800)!.body.toString('hex')).toBe('0102');
    expect(a.sweep(10_000)).toBe(1);
    const refuse = new SplitAssembler({ maxTotal: 4 });
    expect(refuse.push(decodeFrame(encodeRawFrame({ msgId: 0x0704, phone: '1', serial: 1, body: Buffer.alloc(1), split: { total: 5, index: 1 } })))).toBeNull();
    expect(refuse.pending).toBe(0);
  });
});

describe('round trips', () => {
  const loc: LocationInput = {
    alarm: ALARM.POWER_CUT | ALARM.SOS,
    status: (STATUS.ACC | STATUS.FIXED | STATUS.GPS | STATUS.BEIDOU | 0x80000000) >>> 0,
    lat: 37_463_800,
    lon: 121_447_900,
    altitude: -3,
    speed: 0xffff,
    direction: 359,
    fixTime: new Date('2099-12-31T15:59:59Z'),
    odometer: 0xffffffff,
    fuel: 0,
    signal: 255,
    satellites: 0,
    extras: [{ id: 0xff, value: Buffer.alloc(255, 0x7e) }],
  };

  it('every message through encodeFrame → splitter → decodeFrame → body decoder, 2013 and 2019', () => {
    for (const version of [2013, 2019] as const) {
      const phone = version === 2019 ? '12345678901234567890' : '123456789012';
      const send = (msgId: number, body: Buffer, serial = 1) => {
        const f = decodeWire(encodeFrame({ msgId, phone, serial, body, version }));
        expect(f).toMatchObject({ msgId, phone, serial, version });
        return f.body;
      };
      const reg = { province: 37, city: 200, manufacturer: 'ABCDE', model: '型号X', terminalId: 'ID1', plateColor: 1, plate: '鲁B7D7E8' };
      expect(decodeRegister(send(MSG.REGISTER, encodeRegister(reg, version)), version)).toEqual(reg);
      const auth = version === 2019 ? { code: 'CODE0001', imei: '123456789012345', firmware: '固件1.0' } : { code: 'CODE0001' };
      expect(decodeAuth(send(MSG.AUTH, encodeAuth(auth, version)), version)).toEqual(auth);
      expect(decodeGeneralReply(send(MSG.PLATFORM_REPLY, encodeGeneralReply({ replySerial: 0xffff, replyId: 0x0704, result: 4 })))).toEqual({
        replySerial: 0xffff,
        replyId: 0x0704,
        result: 4,
      });
      const back = decodeLocation(send(MSG.LOCATION, encodeLocation(loc), 0xffff));
      expect(back).toEqual({ ...loc, extras: loc.extras });
      const batch = decodeLocationBatch(send(MSG.LOCATION_BATCH, encodeLocationBatch({ type: 0, locations: [loc, { ...loc, lat: -1, lon: -2, extras: [] }] })));
      expect(batch.locations[1]).toMatchObject({ lat: -1, lon: -2 });
      expect(batch.type).toBe(0);
      expect(decodeTrackingCommand(send(MSG.TEMP_TRACKING, encodeTrackingCommand({ intervalS: 0xffff, durationS: 0xffffffff })))).toEqual({
        intervalS: 0xffff,
        durationS: 0xffffffff,
      });
    }
  });

  it('refuses what cannot be encoded with Jt808Error', () => {
    expect(codeOf(() => encodeFrame({ msgId: 2, phone: '1234567890123', serial: 1, body: Buffer.alloc(0) }))).toBe('JT808_BCD');
    expect(codeOf(() => encodeFrame({ msgId: 2, phone: '139x', serial: 1, body: Buffer.alloc(0) }))).toBe('JT808_BCD');
    expect(codeOf(() => encodeFrame({ msgId: 2, phone: '1', serial: 1, body: Buffer.alloc(1024) }))).toBe('JT808_LENGTH');
    expect(codeOf(() => encodeLocation({ ...loc, fixTime: new Date('1999-12-31T00:00:00Z') }))).toBe('JT808_TIME');
    expect(codeOf(() => encodeLocation({ ...loc, speed: 70000 }))).toBe('JT808_VALUE');
    expect(codeOf(() => encodeRegister({ province: 37, city: 1, manufacturer: '123456', model: '', terminalId: '', plateColor: 1, plate: '' }, 2013))).toBe('JT808_VALUE');
  });
});
