/**
 * JT/T 808 framing (2013 and 2019): escaping, XOR check, the stream splitter, the message header, split packets and
 * BCD fields. Message bodies are in jt808.messages.ts. Everything here is pure and synchronous; malformed input
 * throws `Jt808Error` (never another exception type) so a gateway can answer "bad message" and carry on.
 *
 * Frame on the wire: 7E | header | body | check | 7E, where check = XOR of header and body bytes, and after the
 * check is computed 7E → 7D 02 and 7D → 7D 01 inside the frame.
 */

export type Jt808ErrorCode =
  | 'JT808_CHECKSUM' // check byte does not match
  | 'JT808_LENGTH' // frame or body shorter/longer than its fields say
  | 'JT808_ESCAPE' // 7D not followed by 01 or 02
  | 'JT808_BCD' // a BCD field holds a nibble above 9 (or a phone is not digits)
  | 'JT808_TIME' // a BCD time that is not a real time (or outside 2000–2099 when encoding)
  | 'JT808_SPLIT' // split-packet total/index out of range
  | 'JT808_VALUE'; // a field value that cannot be encoded / decoded

export class Jt808Error extends Error {
  override readonly name = 'Jt808Error';
  constructor(
    readonly code: Jt808ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Body length is 10 bits. */
export const MAX_BODY = 0x3ff;
/** Longest unescaped frame (2019 header with split fields + body + check). */
export const MAX_FRAME = 2 + 2 + 1 + 10 + 2 + 4 + MAX_BODY + 1;

const ATTR_SPLIT = 0x2000;
const ATTR_V2019 = 0x4000;
const BEIJING_MS = 8 * 3600_000;

export interface Jt808Frame {
  msgId: number;
  /** BCD digits of the terminal phone; leading zeros of the 2019 20-digit field are cut to the 2013 width (12). */
  phone: string;
  serial: number;
  version: 2013 | 2019;
  /** 2019 only: the protocol-version byte (1 for JT/T 808-2019). */
  protocolVersion?: number;
  body: Buffer;
  /** Set on a packet of a split message (header bit 13): total packets and this packet's 1-based index. */
  split?: { total: number; index: number };
  /** Encryption bits 10–12 of the attributes when not zero (1 = RSA); the body is then passed on as is. */
  encryption?: number;
}

export interface Jt808Outgoing {
  msgId: number;
  phone: string;
  serial: number;
  body: Buffer;
  version?: 2013 | 2019;
  /** 2019 protocol-version byte, default 1. */
  protocolVersion?: number;
  split?: { total: number; index: number };
}

// ---------------------------------------------------------------- check, escape

/** XOR of buf[start, end). */
export function xorCheck(buf: Uint8Array, start = 0, end = buf.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= buf[i]!;
  return x;
}

/** 7E → 7D 02, 7D → 7D 01 (no delimiters added). */
export function escape(raw: Uint8Array): Buffer {
  let extra = 0;
  for (let i = 0; i < raw.length; i++) if (raw[i] === 0x7e || raw[i] === 0x7d) extra++;
  const out = Buffer.allocUnsafe(raw.length + extra);
  let o = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x7e) {
      out[o++] = 0x7d;
      out[o++] = 0x02;
    } else if (b === 0x7d) {
      out[o++] = 0x7d;
      out[o++] = 0x01;
    } else out[o++] = b;
  }
  return out;
}

/** Reverses `escape`; a 7D not followed by 01/02 throws JT808_ESCAPE. The input must not hold 7E. */
export function unescape(esc: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(esc.length);
  let o = 0;
  for (let i = 0; i < esc.length; i++) {
    const b = esc[i]!;
    if (b !== 0x7d) {
      out[o++] = b;
      continue;
    }
    const n = esc[++i];
    if (n === 0x01) out[o++] = 0x7d;
    else if (n === 0x02) out[o++] = 0x7e;
    else throw new Jt808Error('JT808_ESCAPE', `bad escape 7D ${n === undefined ? 'at end' : n.toString(16).padStart(2, '0')}`);
  }
  return out.subarray(0, o);
}

// ---------------------------------------------------------------- stream splitter

export interface FrameSplitterOptions {
  /** Escaped bytes kept while waiting for a closing 7E; beyond this the pending bytes are dropped (default 4096). */
  maxPending?: number;
}

/**
 * Cuts a TCP byte stream into unescaped frames (header … check, without the 7E delimiters). Bytes before the first
 * 7E are dropped; after that every run of bytes between two 7E is a frame candidate ("7E7E" between frames and a
 * shared delimiter both work). A candidate with a bad escape is dropped and counted; candidates are not otherwise
 * checked here — `decodeFrame` does that. More than `maxPending` bytes without a 7E are dropped (bounded memory) and
 * the splitter waits for the next 7E.
 */
export class FrameSplitter {
  /** Candidates returned. */
  frames = 0;
  /** Candidates dropped for a bad escape or for overflowing `maxPending`. */
  dropped = 0;
  /** Bytes thrown away (before the first 7E, overflowed candidates). */
  discardedBytes = 0;

  private readonly maxPending: number;
  private pending: Buffer[] = [];
  private pendingLen = 0;
  /** false until a 7E is seen, and again after an overflow */
  private synced = false;

  constructor(opts: FrameSplitterOptions = {}) {
    this.maxPending = opts.maxPending ?? 4096;
  }

  /** Bytes currently held (for tests of the memory bound). */
  get buffered(): number {
    return this.pendingLen;
  }

  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const at = chunk.indexOf(0x7e, pos);
      if (!this.synced) {
        if (at < 0) {
          this.discardedBytes += chunk.length - pos;
          return out;
        }
        this.discardedBytes += at - pos;
        this.synced = true;
        pos = at + 1;
        continue;
      }
      if (at < 0) {
        this.hold(chunk.subarray(pos));
        return out;
      }
      if (at > pos || this.pendingLen > 0) {
        const tail = chunk.subarray(pos, at);
        let esc: Buffer;
        if (this.pendingLen === 0) esc = tail;
        else {
          this.pending.push(tail);
          esc = Buffer.concat(this.pending, this.pendingLen + tail.length);
          this.pending = [];
          this.pendingLen = 0;
        }
        if (esc.length > this.maxPending) {
          this.dropped++;
          this.discardedBytes += esc.length;
        } else {
          try {
            out.push(unescape(esc));
            this.frames++;
          } catch {
            this.dropped++;
            this.discardedBytes += esc.length;
          }
        }
      }
      pos = at + 1;
    }
    return out;
  }

  /** Forgets any partial frame (e.g. on reconnect). */
  reset(): void {
    this.pending = [];
    this.pendingLen = 0;
    this.synced = false;
  }

  private hold(part: Buffer) {
    if (this.pendingLen + part.length > this.maxPending) {
      this.dropped++;
      this.discardedBytes += this.pendingLen + part.length;
      this.pending = [];
      this.pendingLen = 0;
      this.synced = false; // wait for the next 7E
      return;
    }
    // copy: the caller may reuse its chunk
    this.pending.push(Buffer.from(part));
    this.pendingLen += part.length;
  }
}

// ---------------------------------------------------------------- BCD

/** BCD bytes → digit string; a nibble above 9 throws JT808_BCD. */
export function bcdToString(buf: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = start; i < start + len; i++) {
    const b = buf[i]!;
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) throw new Jt808Error('JT808_BCD', `not BCD: ${b.toString(16).padStart(2, '0')}`);
    s += String.fromCharCode(48 + hi, 48 + lo);
  }
  return s;
}

/** Digit string → BCD[len], left-padded with zeros; too many digits or a non-digit throws JT808_BCD. */
export function stringToBcd(digits: string, len: number): Buffer {
  if (!/^[0-9]*$/.test(digits) || digits.length > len * 2) throw new Jt808Error('JT808_BCD', `cannot write "${digits}" as BCD[${len}]`);
  const s = digits.padStart(len * 2, '0');
  const out = Buffer.allocUnsafe(len);
  for (let i = 0; i < len; i++) out[i] = ((s.charCodeAt(2 * i) - 48) << 4) | (s.charCodeAt(2 * i + 1) - 48);
  return out;
}

function bcdByte(b: number): number {
  const hi = b >> 4;
  const lo = b & 0x0f;
  if (hi > 9 || lo > 9) throw new Jt808Error('JT808_BCD', `not BCD: ${b.toString(16).padStart(2, '0')}`);
  return hi * 10 + lo;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** BCD[6] YYMMDDhhmmss in Beijing time (UTC+8) → Date. */
export function readBcdTime(buf: Uint8Array, off: number): Date {
  if (off + 6 > buf.length) throw new Jt808Error('JT808_LENGTH', 'BCD time truncated');
  const y = 2000 + bcdByte(buf[off]!);
  const mo = bcdByte(buf[off + 1]!);
  const d = bcdByte(buf[off + 2]!);
  const h = bcdByte(buf[off + 3]!);
  const mi = bcdByte(buf[off + 4]!);
  const s = bcdByte(buf[off + 5]!);
  const leap = y % 4 === 0; // 2000–2099
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && !leap ? 28 : DAYS[mo - 1]!) || h > 23 || mi > 59 || s > 59) {
    throw new Jt808Error('JT808_TIME', `not a time: ${bcdToString(buf, off, 6)}`);
  }
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_MS);
}

/** Date → BCD[6] YYMMDDhhmmss in Beijing time written at buf[off]; milliseconds are dropped. */
export function writeBcdTime(buf: Buffer, off: number, t: Date): void {
  const ms = t.getTime();
  if (!Number.isFinite(ms)) throw new Jt808Error('JT808_TIME', 'invalid date');
  const b = new Date(ms + BEIJING_MS);
  const y = b.getUTCFullYear();
  if (y < 2000 || y > 2099) throw new Jt808Error('JT808_TIME', `year ${y} outside 2000–2099`);
  const parts = [y - 2000, b.getUTCMonth() + 1, b.getUTCDate(), b.getUTCHours(), b.getUTCMinutes(), b.getUTCSeconds()];
  for (let i = 0; i < 6; i++) buf[off + i] = (Math.floor(parts[i]! / 10) << 4) | parts[i]! % 10;
}

// ---------------------------------------------------------------- phone

/** Canonical phone from BCD digits: leading zeros cut while longer than 12 digits (so 2013 and 2019 agree). */
export function canonicalPhone(digits: string): string {
  let i = 0;
  while (digits.length - i > 12 && digits.charCodeAt(i) === 48) i++;
  return digits.slice(i);
}

/** Key to compare phones written with different zero padding ("13912344329", "013912344329", 20-digit 2019). */
export function phoneKey(phone: string): string {
  const s = phone.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

// ---------------------------------------------------------------- frame

/** Decodes one unescaped frame (as returned by FrameSplitter: header … check, no 7E). */
export function decodeFrame(buf: Buffer): Jt808Frame {
  if (buf.length < 13) throw new Jt808Error('JT808_LENGTH', `frame of ${buf.length} bytes is shorter than a header`);
  const last = buf.length - 1;
  const check = xorCheck(buf, 0, last);
  if (check !== buf[last]) throw new Jt808Error('JT808_CHECKSUM', `check ${buf[last]!.toString(16)} ≠ ${check.toString(16)}`);
  const msgId = buf.readUInt16BE(0);
  const attr = buf.readUInt16BE(2);
  const bodyLen = attr & MAX_BODY;
  const encryption = (attr >> 10) & 0x07;
  const isSplit = (attr & ATTR_SPLIT) !== 0;
  const v2019 = (attr & ATTR_V2019) !== 0;
  let off = 4;
  let protocolVersion: number | undefined;
  let phoneDigits: string;
  if (v2019) {
    if (buf.length < 4 + 1 + 10 + 2 + 1) throw new Jt808Error('JT808_LENGTH', 'frame shorter than a 2019 header');
    protocolVersion = buf[off++]!;
    phoneDigits = bcdToString(buf, off, 10);
    off += 10;
  } else {
    phoneDigits = bcdToString(buf, off, 6);
    off += 6;
  }
  const serial = buf.readUInt16BE(off);
  off += 2;
  let split: Jt808Frame['split'];
  if (isSplit) {
    if (off + 4 > last) throw new Jt808Error('JT808_LENGTH', 'split fields truncated');
    const total = buf.readUInt16BE(off);
    const index = buf.readUInt16BE(off + 2);
    off += 4;
    if (total < 1 || index < 1 || index > total) throw new Jt808Error('JT808_SPLIT', `split packet ${index}/${total}`);
    split = { total, index };
  }
  if (off + bodyLen !== last) throw new Jt808Error('JT808_LENGTH', `body length ${bodyLen} but ${last - off} bytes follow the header`);
  const frame: Jt808Frame = {
    msgId,
    phone: canonicalPhone(phoneDigits),
    serial,
    version: v2019 ? 2019 : 2013,
    body: buf.subarray(off, last),
  };
  if (protocolVersion !== undefined) frame.protocolVersion = protocolVersion;
  if (split) frame.split = split;
  if (encryption) frame.encryption = encryption;
  return frame;
}

/** Unescaped frame without delimiters (header … check). */
export function encodeRawFrame(msg: Jt808Outgoing): Buffer {
  const version = msg.version ?? 2013;
  const body = msg.body;
  if (body.length > MAX_BODY) throw new Jt808Error('JT808_LENGTH', `body of ${body.length} bytes exceeds ${MAX_BODY}; use encodeSplitFrames`);
  if (!Number.isInteger(msg.msgId) || msg.msgId < 0 || msg.msgId > 0xffff) throw new Jt808Error('JT808_VALUE', `message id ${msg.msgId}`);
  if (!Number.isInteger(msg.serial) || msg.serial < 0 || msg.serial > 0xffff) throw new Jt808Error('JT808_VALUE', `serial ${msg.serial}`);
  const phoneLen = version === 2019 ? 10 : 6;
  const headLen = 4 + (version === 2019 ? 1 : 0) + phoneLen + 2 + (msg.split ? 4 : 0);
  const out = Buffer.allocUnsafe(headLen + body.length + 1);
  let attr = body.length;
  if (msg.split) attr |= ATTR_SPLIT;
  if (version === 2019) attr |= ATTR_V2019;
  out.writeUInt16BE(msg.msgId, 0);
  out.writeUInt16BE(attr, 2);
  let off = 4;
  if (version === 2019) out[off++] = msg.protocolVersion ?? 1;
  stringToBcd(msg.phone, phoneLen).copy(out, off);
  off += phoneLen;
  out.writeUInt16BE(msg.serial, off);
  off += 2;
  if (msg.split) {
    const { total, index } = msg.split;
    if (!(total >= 1 && total <= 0xffff && index >= 1 && index <= total)) throw new Jt808Error('JT808_SPLIT', `split packet ${index}/${total}`);
    out.writeUInt16BE(total, off);
    out.writeUInt16BE(index, off + 2);
    off += 4;
  }
  body.copy(out, off);
  off += body.length;
  out[off] = xorCheck(out, 0, off);
  return out;
}

/** The frame as sent: 7E, escaped header+body+check, 7E. */
export function encodeFrame(msg: Jt808Outgoing): Buffer {
  const esc = escape(encodeRawFrame(msg));
  const out = Buffer.allocUnsafe(esc.length + 2);
  out[0] = 0x7e;
  esc.copy(out, 1);
  out[out.length - 1] = 0x7e;
  return out;
}

/**
 * A long body cut into split packets of at most `maxBody` bytes (serials msg.serial, +1, …), or one ordinary frame
 * when it fits.
 */
export function encodeSplitFrames(msg: Omit<Jt808Outgoing, 'split'>, maxBody = MAX_BODY): Buffer[] {
  if (msg.body.length <= maxBody) return [encodeFrame(msg)];
  const total = Math.ceil(msg.body.length / maxBody);
  if (total > 0xffff) throw new Jt808Error('JT808_LENGTH', 'body too long even for split packets');
  const out: Buffer[] = [];
  for (let i = 0; i < total; i++) {
    out.push(
      encodeFrame({
        ...msg,
        serial: (msg.serial + i) & 0xffff,
        body: msg.body.subarray(i * maxBody, Math.min(msg.body.length, (i + 1) * maxBody)),
        split: { total, index: i + 1 },
      }),
    );
  }
  return out;
}

// ---------------------------------------------------------------- split packets

export interface SplitAssemblerOptions {
  /** An incomplete set is dropped this long after its first packet (default 60 s). */
  timeoutMs?: number;
  /** At most this many incomplete sets are kept; the oldest is dropped beyond (default 16). */
  maxSets?: number;
  /** Sets announcing more packets than this are refused (default 256, i.e. ≈ 256 KiB). */
  maxTotal?: number;
}

interface PartialSet {
  first: Jt808Frame;
  firstSerial: number;
  parts: (Buffer | undefined)[];
  have: number;
  started: number;
}

/**
 * Reassembles split messages (header bit 13). Packets of one message share phone, message id and total, and carry
 * consecutive serials, so the set is keyed by (phone, msgId, total, serial − index + 1). Frames that are not split
 * pass through unchanged. A completed message comes back as one frame (serial of its first packet, no `split`).
 * Incomplete sets are dropped after `timeoutMs` or when more than `maxSets` are open (bounded memory).
 */
export class SplitAssembler {
  /** Incomplete sets dropped (timeout, limit) and refused sets. */
  dropped = 0;
  private readonly sets = new Map<string, PartialSet>();
  private readonly timeoutMs: number;
  private readonly maxSets: number;
  private readonly maxTotal: number;

  constructor(opts: SplitAssemblerOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.maxSets = opts.maxSets ?? 16;
    this.maxTotal = opts.maxTotal ?? 256;
  }

  /** Number of incomplete sets held. */
  get pending(): number {
    return this.sets.size;
  }

  /** Returns the frame when complete (or not split), otherwise null. */
  push(frame: Jt808Frame, now = Date.now()): Jt808Frame | null {
    this.sweep(now);
    const split = frame.split;
    if (!split) return frame;
    if (split.total === 1) {
      const { split: _s, ...rest } = frame;
      return rest;
    }
    if (split.total > this.maxTotal) {
      this.dropped++;
      return null;
    }
    const firstSerial = (frame.serial - split.index + 1) & 0xffff;
    const key = `${frame.phone}/${frame.msgId}/${split.total}/${firstSerial}`;
    let set = this.sets.get(key);
    if (!set) {
      while (this.sets.size >= this.maxSets) {
        const oldest = this.sets.keys().next().value as string;
        this.sets.delete(oldest);
        this.dropped++;
      }
      set = { first: frame, firstSerial, parts: new Array<Buffer | undefined>(split.total), have: 0, started: now };
      this.sets.set(key, set);
    }
    if (set.parts[split.index - 1] === undefined) set.have++;
    set.parts[split.index - 1] = Buffer.from(frame.body); // copy: bodies are views of the frame buffer
    if (split.index === 1) set.first = frame;
    if (set.have < split.total) return null;
    this.sets.delete(key);
    const { split: _s, ...head } = set.first;
    return { ...head, serial: set.firstSerial, body: Buffer.concat(set.parts as Buffer[]) };
  }

  /** Drops sets older than the timeout; returns how many were dropped. */
  sweep(now = Date.now()): number {
    let n = 0;
    for (const [key, set] of this.sets) {
      if (now - set.started < this.timeoutMs) continue;
      this.sets.delete(key);
      n++;
    }
    this.dropped += n;
    return n;
  }
}
