/**
 * JT/T 808 message bodies (2013 and 2019 layouts where they differ). Decoders take the body of a decoded frame and
 * throw `Jt808Error` on a body that is too short for its fixed fields; unknown or malformed additional items of a
 * location are kept aside (`extras`) or skipped, never fatal. Strings are GBK.
 */
import iconv from 'iconv-lite';
import { Jt808Error, readBcdTime, writeBcdTime } from './jt808.codec.js';

export const MSG = {
  TERMINAL_REPLY: 0x0001,
  HEARTBEAT: 0x0002,
  LOGOUT: 0x0003,
  REGISTER: 0x0100,
  AUTH: 0x0102,
  LOCATION: 0x0200,
  POSITION_QUERY_REPLY: 0x0201,
  LOCATION_BATCH: 0x0704,
  PLATFORM_REPLY: 0x8001,
  REGISTER_REPLY: 0x8100,
  POSITION_QUERY: 0x8201,
  TEMP_TRACKING: 0x8202,
} as const;

/** 0x8001 / 0x0001 result. */
export const REPLY = { OK: 0, FAIL: 1, BAD_MESSAGE: 2, UNSUPPORTED: 3, ALARM_CONFIRMED: 4 } as const;

/** 0x8100 result. */
export const REGISTER_RESULT = { OK: 0, VEHICLE_REGISTERED: 1, NO_VEHICLE: 2, TERMINAL_REGISTERED: 3, NO_TERMINAL: 4 } as const;

/** Status bits of 0x0200. */
export const STATUS = { ACC: 1 << 0, FIXED: 1 << 1, SOUTH: 1 << 2, WEST: 1 << 3, GPS: 1 << 18, BEIDOU: 1 << 19 } as const;

/** Alarm bits of 0x0200 (the ones the platform acts on). */
export const ALARM = { SOS: 1 << 0, OVERSPEED: 1 << 1, POWER_LOW: 1 << 7, POWER_CUT: 1 << 8 } as const;

// ---------------------------------------------------------------- GBK strings

/** GBK bytes → string, trailing NULs (fixed-width padding) removed. */
export function decodeGbk(buf: Uint8Array): string {
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0) end--;
  return iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, end), 'gbk');
}

export function encodeGbk(s: string): Buffer {
  return iconv.encode(s, 'gbk');
}

/** GBK bytes of `s` in a fixed field of `len` bytes, NUL-padded; too long throws JT808_VALUE. */
function fixedGbk(s: string, len: number, what: string): Buffer {
  const b = encodeGbk(s);
  if (b.length > len) throw new Jt808Error('JT808_VALUE', `${what} longer than ${len} bytes`);
  const out = Buffer.alloc(len);
  b.copy(out);
  return out;
}

function need(body: Buffer, len: number, what: string) {
  if (body.length < len) throw new Jt808Error('JT808_LENGTH', `${what}: body of ${body.length} bytes, needs ${len}`);
}

function u16(v: number, what: string) {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new Jt808Error('JT808_VALUE', `${what} ${v} is not a WORD`);
  return v;
}

function u32(v: number, what: string) {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Jt808Error('JT808_VALUE', `${what} ${v} is not a DWORD`);
  return v;
}

function u8(v: number, what: string) {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new Jt808Error('JT808_VALUE', `${what} ${v} is not a BYTE`);
  return v;
}

// ---------------------------------------------------------------- 0x0001 / 0x8001 general reply

export interface GeneralReply {
  replySerial: number;
  replyId: number;
  result: number;
}

export function encodeGeneralReply(r: GeneralReply): Buffer {
  const b = Buffer.allocUnsafe(5);
  b.writeUInt16BE(u16(r.replySerial, 'reply serial'), 0);
  b.writeUInt16BE(u16(r.replyId, 'reply id'), 2);
  b[4] = u8(r.result, 'result');
  return b;
}

export function decodeGeneralReply(body: Buffer): GeneralReply {
  need(body, 5, 'general reply');
  return { replySerial: body.readUInt16BE(0), replyId: body.readUInt16BE(2), result: body[4]! };
}

// ---------------------------------------------------------------- 0x0100 register / 0x8100 reply

export interface Register {
  /** GB/T 2260 province code (37 for Shandong) */
  province: number;
  city: number;
  /** manufacturer id: BYTE[5] in 2013, BYTE[11] in 2019 */
  manufacturer: string;
  /** terminal model: BYTE[20] in 2013, BYTE[30] in 2019 */
  model: string;
  /** terminal id: BYTE[7] in 2013, BYTE[30] in 2019 */
  terminalId: string;
  /** 0 = no plate (VIN in `plate`), 1 blue, 2 yellow, 3 black, 4 white, 9 other */
  plateColor: number;
  plate: string;
}

const REG_LAYOUT = { 2013: [5, 20, 7], 2019: [11, 30, 30] } as const;

export function decodeRegister(body: Buffer, version: 2013 | 2019): Register {
  const [m, t, id] = REG_LAYOUT[version];
  const fixed = 4 + m + t + id + 1;
  need(body, fixed, 'register');
  let off = 4;
  const manufacturer = decodeGbk(body.subarray(off, (off += m)));
  const model = decodeGbk(body.subarray(off, (off += t)));
  const terminalId = decodeGbk(body.subarray(off, (off += id)));
  return {
    province: body.readUInt16BE(0),
    city: body.readUInt16BE(2),
    manufacturer,
    model,
    terminalId,
    plateColor: body[off]!,
    plate: decodeGbk(body.subarray(off + 1)),
  };
}

export function encodeRegister(r: Register, version: 2013 | 2019 = 2013): Buffer {
  const [m, t, id] = REG_LAYOUT[version];
  const head = Buffer.allocUnsafe(4);
  head.writeUInt16BE(u16(r.province, 'province'), 0);
  head.writeUInt16BE(u16(r.city, 'city'), 2);
  return Buffer.concat([
    head,
    fixedGbk(r.manufacturer, m, 'manufacturer'),
    fixedGbk(r.model, t, 'model'),
    fixedGbk(r.terminalId, id, 'terminal id'),
    Buffer.from([u8(r.plateColor, 'plate colour')]),
    encodeGbk(r.plate),
  ]);
}

export interface RegisterReply {
  replySerial: number;
  result: number;
  /** only with result 0 */
  authCode?: string;
}

export function encodeRegisterReply(r: RegisterReply): Buffer {
  const head = Buffer.allocUnsafe(3);
  head.writeUInt16BE(u16(r.replySerial, 'reply serial'), 0);
  head[2] = u8(r.result, 'result');
  return r.result === 0 && r.authCode ? Buffer.concat([head, encodeGbk(r.authCode)]) : head;
}

export function decodeRegisterReply(body: Buffer): RegisterReply {
  need(body, 3, 'register reply');
  const out: RegisterReply = { replySerial: body.readUInt16BE(0), result: body[2]! };
  if (out.result === 0) out.authCode = decodeGbk(body.subarray(3));
  return out;
}

// ---------------------------------------------------------------- 0x0102 authenticate

export interface Auth {
  code: string;
  /** 2019 only */
  imei?: string;
  /** 2019 only */
  firmware?: string;
}

export function decodeAuth(body: Buffer, version: 2013 | 2019): Auth {
  if (version === 2013) return { code: decodeGbk(body) };
  need(body, 1, 'authenticate');
  const len = body[0]!;
  need(body, 1 + len + 15 + 20, 'authenticate');
  return {
    code: decodeGbk(body.subarray(1, 1 + len)),
    imei: decodeGbk(body.subarray(1 + len, 1 + len + 15)),
    firmware: decodeGbk(body.subarray(1 + len + 15, 1 + len + 35)),
  };
}

export function encodeAuth(a: Auth, version: 2013 | 2019 = 2013): Buffer {
  const code = encodeGbk(a.code);
  if (version === 2013) return code;
  if (code.length > 255) throw new Jt808Error('JT808_VALUE', 'auth code longer than 255 bytes');
  return Buffer.concat([Buffer.from([code.length]), code, fixedGbk(a.imei ?? '', 15, 'IMEI'), fixedGbk(a.firmware ?? '', 20, 'firmware')]);
}

// ---------------------------------------------------------------- 0x0200 location

export interface LocationItem {
  id: number;
  value: Buffer;
}

export interface Location {
  /** alarm DWORD, unsigned */
  alarm: number;
  /** status DWORD, unsigned; bits 2/3 (south/west) agree with the signs of lat/lon */
  status: number;
  /** 1e-6 degrees, signed (south negative) */
  lat: number;
  /** 1e-6 degrees, signed (west negative) */
  lon: number;
  /** metres; read as a signed 16-bit value (terminals below sea level send two's complement) */
  altitude: number;
  /** 0.1 km/h */
  speed: number;
  /** degrees 0–359 */
  direction: number;
  /** from the Beijing-time BCD field */
  fixTime: Date;
  /** item 0x01, 0.1 km */
  odometer?: number;
  /** item 0x02, 0.1 L */
  fuel?: number;
  /** item 0x30, wireless signal strength */
  signal?: number;
  /** item 0x31, GNSS satellites */
  satellites?: number;
  /** every other item (and known ids of a wrong length), in order: vendor items 0xE0–0xFF, 0x25, 0x2A … */
  extras: LocationItem[];
}

export type LocationInput = Omit<Location, 'extras'> & { extras?: LocationItem[] };

const LOC_BASE = 28;

export function decodeLocation(body: Buffer): Location {
  need(body, LOC_BASE, 'location');
  const status = body.readUInt32BE(4);
  const rawLat = body.readUInt32BE(8);
  const rawLon = body.readUInt32BE(12);
  const loc: Location = {
    alarm: body.readUInt32BE(0),
    status,
    lat: status & STATUS.SOUTH ? -rawLat : rawLat,
    lon: status & STATUS.WEST ? -rawLon : rawLon,
    altitude: body.readInt16BE(16),
    speed: body.readUInt16BE(18),
    direction: body.readUInt16BE(20),
    fixTime: readBcdTime(body, 22),
    extras: [],
  };
  let off = LOC_BASE;
  // items: id BYTE, length BYTE, value; a truncated last item ends the list (never fatal)
  while (off + 2 <= body.length) {
    const id = body[off]!;
    const len = body[off + 1]!;
    const v = off + 2;
    if (v + len > body.length) break;
    if (id === 0x01 && len === 4) loc.odometer = body.readUInt32BE(v);
    else if (id === 0x02 && len === 2) loc.fuel = body.readUInt16BE(v);
    else if (id === 0x30 && len === 1) loc.signal = body[v]!;
    else if (id === 0x31 && len === 1) loc.satellites = body[v]!;
    else loc.extras.push({ id, value: body.subarray(v, v + len) });
    off = v + len;
  }
  return loc;
}

export function encodeLocation(l: LocationInput): Buffer {
  const extras = l.extras ?? [];
  let itemsLen = 0;
  if (l.odometer !== undefined) itemsLen += 6;
  if (l.fuel !== undefined) itemsLen += 4;
  if (l.signal !== undefined) itemsLen += 3;
  if (l.satellites !== undefined) itemsLen += 3;
  for (const e of extras) {
    if (e.value.length > 255) throw new Jt808Error('JT808_VALUE', `item ${e.id} longer than 255 bytes`);
    itemsLen += 2 + e.value.length;
  }
  const b = Buffer.allocUnsafe(LOC_BASE + itemsLen);
  const lat = Math.abs(l.lat);
  const lon = Math.abs(l.lon);
  if (lat > 90_000_000 || lon > 180_000_000) throw new Jt808Error('JT808_VALUE', `position ${l.lat},${l.lon} out of range`);
  const status = ((u32(l.status, 'status') & ~(STATUS.SOUTH | STATUS.WEST)) | (l.lat < 0 ? STATUS.SOUTH : 0) | (l.lon < 0 ? STATUS.WEST : 0)) >>> 0;
  b.writeUInt32BE(u32(l.alarm, 'alarm'), 0);
  b.writeUInt32BE(status, 4);
  b.writeUInt32BE(u32(lat, 'latitude'), 8);
  b.writeUInt32BE(u32(lon, 'longitude'), 12);
  if (!Number.isInteger(l.altitude) || l.altitude < -32768 || l.altitude > 32767) throw new Jt808Error('JT808_VALUE', `altitude ${l.altitude}`);
  b.writeInt16BE(l.altitude, 16);
  b.writeUInt16BE(u16(l.speed, 'speed'), 18);
  b.writeUInt16BE(u16(l.direction, 'direction'), 20);
  writeBcdTime(b, 22, l.fixTime);
  let off = LOC_BASE;
  if (l.odometer !== undefined) {
    b[off] = 0x01;
    b[off + 1] = 4;
    b.writeUInt32BE(u32(l.odometer, 'odometer'), off + 2);
    off += 6;
  }
  if (l.fuel !== undefined) {
    b[off] = 0x02;
    b[off + 1] = 2;
    b.writeUInt16BE(u16(l.fuel, 'fuel'), off + 2);
    off += 4;
  }
  if (l.signal !== undefined) {
    b[off] = 0x30;
    b[off + 1] = 1;
    b[off + 2] = u8(l.signal, 'signal');
    off += 3;
  }
  if (l.satellites !== undefined) {
    b[off] = 0x31;
    b[off + 1] = 1;
    b[off + 2] = u8(l.satellites, 'satellites');
    off += 3;
  }
  for (const e of extras) {
    b[off] = u8(e.id, 'item id');
    b[off + 1] = e.value.length;
    e.value.copy(b, off + 2);
    off += 2 + e.value.length;
  }
  return b;
}

// ---------------------------------------------------------------- 0x0704 batch

export interface LocationBatch {
  /** 0 normal batch, 1 back-fill of points stored while out of coverage */
  type: number;
  locations: Location[];
  /** entries whose location body did not decode (skipped, the rest kept) */
  invalid: number;
}

export function decodeLocationBatch(body: Buffer): LocationBatch {
  need(body, 3, 'location batch');
  const count = body.readUInt16BE(0);
  const type = body[2]!;
  const locations: Location[] = [];
  let invalid = 0;
  let off = 3;
  for (let i = 0; i < count; i++) {
    if (off + 2 > body.length) throw new Jt808Error('JT808_LENGTH', `location batch: entry ${i + 1} of ${count} missing`);
    const len = body.readUInt16BE(off);
    off += 2;
    if (off + len > body.length) throw new Jt808Error('JT808_LENGTH', `location batch: entry ${i + 1} truncated`);
    try {
      locations.push(decodeLocation(body.subarray(off, off + len)));
    } catch (e) {
      if (!(e instanceof Jt808Error)) throw e;
      invalid++;
    }
    off += len;
  }
  return { type, locations, invalid };
}

export function encodeLocationBatch(b: { type: number; locations: LocationInput[] }): Buffer {
  if (b.locations.length > 0xffff) throw new Jt808Error('JT808_VALUE', 'too many locations in a batch');
  const parts: Buffer[] = [];
  const head = Buffer.allocUnsafe(3);
  head.writeUInt16BE(b.locations.length, 0);
  head[2] = u8(b.type, 'batch type');
  parts.push(head);
  for (const l of b.locations) {
    const body = encodeLocation(l);
    const len = Buffer.allocUnsafe(2);
    len.writeUInt16BE(body.length, 0);
    parts.push(len, body);
  }
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------- 0x8201 / 0x0201 position query

export interface PositionQueryReply {
  replySerial: number;
  location: Location;
}

export function decodePositionQueryReply(body: Buffer): PositionQueryReply {
  need(body, 2 + LOC_BASE, 'position query reply');
  return { replySerial: body.readUInt16BE(0), location: decodeLocation(body.subarray(2)) };
}

export function encodePositionQueryReply(r: { replySerial: number; location: LocationInput }): Buffer {
  const head = Buffer.allocUnsafe(2);
  head.writeUInt16BE(u16(r.replySerial, 'reply serial'), 0);
  return Buffer.concat([head, encodeLocation(r.location)]);
}

// ---------------------------------------------------------------- 0x8202 temporary tracking

export interface TrackingCommand {
  /** seconds between reports; 0 stops tracking */
  intervalS: number;
  /** validity in seconds */
  durationS: number;
}

export function encodeTrackingCommand(c: TrackingCommand): Buffer {
  const b = Buffer.allocUnsafe(6);
  b.writeUInt16BE(u16(c.intervalS, 'interval'), 0);
  b.writeUInt32BE(u32(c.durationS, 'validity'), 2);
  return b;
}

export function decodeTrackingCommand(body: Buffer): TrackingCommand {
  need(body, 2, 'temporary tracking');
  // interval 0 (stop) may come without the validity field
  return { intervalS: body.readUInt16BE(0), durationS: body.length >= 6 ? body.readUInt32BE(2) : 0 };
}
