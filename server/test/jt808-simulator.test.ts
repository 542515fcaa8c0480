import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameSplitter, SplitAssembler, type Jt808Frame } from '../src/gateways/jt808/jt808.codec.js';
import {
  decodeAuth,
  decodeGeneralReply,
  decodeLocation,
  decodeLocationBatch,
  decodePositionQueryReply,
  decodeRegister,
  encodeGeneralReply,
  encodeRegisterReply,
  encodeTrackingCommand,
  MSG,
  STATUS,
  type Location,
} from '../src/gateways/jt808/jt808.messages.js';
import { distanceM, simulateTerminals, type SimTerminalSpec } from '../src/gateways/jt808/jt808.simulator.js';

interface Seen {
  frame: Jt808Frame;
  /** frames of a split message that the acceptor reassembled */
  splitPackets?: number;
}

/** A throwaway JT/T 808 acceptor: registers known phones, checks auth codes, acks everything (after ackDelayMs). */
async function acceptor(opts: { refuse?: Set<string>; ackDelayMs?: number; commands?: boolean } = {}) {
  const log = new Map<string, Seen[]>();
  const codes = new Map<string, string>();
  let badFrames = 0;
  let sockets = 0;
  const replies = { query: [] as number[], tracking: 0 };
  const server = net.createServer((socket) => {
    sockets++;
    const splitter = new FrameSplitter();
    const assembler = new SplitAssembler();
    let serial = 0;
    let locations = 0;
    const send = (phone: string, msgId: number, body: Buffer) => socket.write(encodeFrame({ msgId, phone, serial: serial++, body }));
    const ack = (f: Jt808Frame, result = 0) => {
      const go = () => !socket.destroyed && send(f.phone, MSG.PLATFORM_REPLY, encodeGeneralReply({ replySerial: f.serial, replyId: f.msgId, result }));
      if (opts.ackDelayMs) setTimeout(go, opts.ackDelayMs);
      else go();
    };
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      for (const raw of splitter.push(chunk)) {
        let part: Jt808Frame;
        try {
          part = decodeFrame(raw);
        } catch {
          badFrames++;
          continue;
        }
        const f = assembler.push(part);
        if (!f) continue;
        const list = log.get(f.phone) ?? [];
        log.set(f.phone, list);
        list.push({ frame: f, splitPackets: part.split?.total });
        switch (f.msgId) {
          case MSG.REGISTER: {
            const ok = !opts.refuse?.has(f.phone);
            const code = `C${f.phone.slice(-6)}X${list.length}`;
            if (ok) codes.set(f.phone, code);
            send(f.phone, MSG.REGISTER_REPLY, encodeRegisterReply({ replySerial: f.serial, result: ok ? 0 : 4, authCode: ok ? code : undefined }));
            break;
          }
          case MSG.AUTH:
            ack(f, decodeAuth(f.body, f.version).code === codes.get(f.phone) ? 0 : 1);
            break;
          case MSG.POSITION_QUERY_REPLY:
            replies.query.push(decodePositionQueryReply(f.body).replySerial);
            break;
          case MSG.TERMINAL_REPLY:
            if (decodeGeneralReply(f.body).replyId === MSG.TEMP_TRACKING) replies.tracking++;
            break;
          default:
            ack(f);
            if (f.msgId === MSG.LOCATION && ++locations === 5 && opts.commands) {
              send(f.phone, MSG.POSITION_QUERY, Buffer.alloc(0));
              send(f.phone, MSG.TEMP_TRACKING, encodeTrackingCommand({ intervalS: 5, durationS: 60 }));
            }
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    log,
    replies,
    get badFrames() {
      return badFrames;
    },
    get sockets() {
      return sockets;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function terminals(n: number): SimTerminalSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    phone: `0139000000${String(i).padStart(2, '0')}`,
    plate: `鲁${i % 2 ? 'B' : 'A'}1${String(i).padStart(4, '0')}`,
    regionCode: i % 3 === 2 ? '370202' : '370102',
  }));
}

/** Every position a terminal sent, live and back-filled, with where it came from. */
function positions(seen: Seen[]) {
  const out: { loc: Location; backfill: boolean; at: number }[] = [];
  seen.forEach((s, at) => {
    if (s.frame.msgId === MSG.LOCATION) out.push({ loc: decodeLocation(s.frame.body), backfill: false, at });
    if (s.frame.msgId === MSG.LOCATION_BATCH) for (const loc of decodeLocationBatch(s.frame.body).locations) out.push({ loc, backfill: true, at });
  });
  return out;
}

describe('JT/T 808 terminal simulator', () => {
  it('registers, authenticates and drives a working day with off-hours trips, parallel pairs and back-fill', async () => {
    const acc = await acceptor({ refuse: new Set(['013900000011']), ackDelayMs: 2, commands: true });
    closers.push(acc.close);
    const specs = terminals(12);
    // Monday 23 Nov 2026, 07:00 → 23:30 Beijing
    const stats = await simulateTerminals({
      port: acc.port,
      terminals: specs,
      rate: 50_000,
      startAt: new Date('2026-11-22T23:00:00Z'),
      endAt: new Date('2026-11-23T15:30:00Z'),
      timeScale: 30_000,
      version: 'mixed',
      offHoursShare: 1,
      parallelShare: 0.34,
      backfillShare: 1,
      seed: 7,
    });
    expect(acc.badFrames).toBe(0);
    expect(stats.registerFailed).toBe(1);
    expect(stats.authenticated).toBe(11);
    expect(stats.registered).toBe(11);

    // registration, then authentication with the issued code, then data — for every terminal
    for (const spec of specs) {
      const seen = acc.log.get(spec.phone)!;
      expect(seen[0]!.frame.msgId).toBe(MSG.REGISTER);
      const reg = decodeRegister(seen[0]!.frame.body, seen[0]!.frame.version);
      expect(reg.plate).toBe(spec.plate);
      if (spec.phone === '013900000011') {
        expect(seen).toHaveLength(1); // refused: never authenticates, never drives
        continue;
      }
      expect(seen[1]!.frame.msgId).toBe(MSG.AUTH);
      expect(seen.slice(2).every((s) => s.frame.msgId !== MSG.REGISTER && s.frame.msgId !== MSG.AUTH)).toBe(true);
      expect(seen[0]!.frame.version).toBe(specs.indexOf(spec) % 2 ? 2019 : 2013);
    }

    // everything sent was acknowledged and counted
    const sent = stats.locationsSent + stats.batchPointsSent;
    expect(sent).toBeGreaterThan(2000);
    expect(stats.acked).toBe(sent);
    expect(stats.nacked).toBe(0);
    expect(stats.ackTimeouts).toBe(0);
    expect(stats.latency.count).toBe(stats.locationsSent + stats.batchesSent);
    expect(stats.latency.p50Ms).toBeGreaterThanOrEqual(2);
    let received = 0;
    for (const seen of acc.log.values()) received += positions(seen).length;
    expect(received).toBe(sent);

    // realistic motion: plausible speeds, ACC on while moving, odometers that never go down, unique fix times
    let offHours = 0;
    for (const [phone, seen] of acc.log) {
      const ps = positions(seen).sort((a, b) => a.loc.fixTime.getTime() - b.loc.fixTime.getTime());
      if (!ps.length) continue;
      const times = new Set(ps.map((p) => p.loc.fixTime.getTime()));
      expect(times.size, phone).toBe(ps.length);
      for (let i = 0; i < ps.length; i++) {
        const l = ps[i]!.loc;
        expect(l.speed).toBeLessThanOrEqual(950);
        if (l.speed > 0) expect(l.status & STATUS.ACC).toBe(STATUS.ACC);
        expect(l.status & STATUS.FIXED).toBe(STATUS.FIXED);
        expect(l.lat).toBeGreaterThan(34_000_000);
        expect(l.lat).toBeLessThan(38_500_000);
        expect(l.lon).toBeGreaterThan(114_500_000);
        expect(l.lon).toBeLessThan(122_800_000);
        if (i) expect(l.odometer!).toBeGreaterThanOrEqual(ps[i - 1]!.loc.odometer!);
        const bjHour = (l.fixTime.getUTCHours() + 8) % 24;
        if (l.speed > 0 && bjHour >= 19) offHours++;
      }
      // the odometer grows by about the distance driven
      const driven = ps[ps.length - 1]!.loc.odometer! - ps[0]!.loc.odometer!;
      let path = 0;
      for (let i = 1; i < ps.length; i++) path += distanceM([ps[i - 1]!.loc.lat / 1e6, ps[i - 1]!.loc.lon / 1e6], [ps[i]!.loc.lat / 1e6, ps[i]!.loc.lon / 1e6]);
      if (driven > 50) expect(Math.abs(driven / 10 - path / 1000) / (driven / 10)).toBeLessThan(0.25);
    }
    expect(stats.offHoursTrips).toBeGreaterThan(0);
    expect(offHours).toBeGreaterThan(0);

    // back-fill: 0x0704 type 1 batches, their points older than the live point that follows them; some as split packets
    expect(stats.backfillGaps).toBeGreaterThan(0);
    expect(stats.batchesSent).toBeGreaterThan(0);
    let batches = 0;
    let splitBatches = 0;
    for (const seen of acc.log.values()) {
      seen.forEach((s, i) => {
        if (s.frame.msgId !== MSG.LOCATION_BATCH) return;
        batches++;
        if (s.splitPackets) splitBatches++;
        const b = decodeLocationBatch(s.frame.body);
        expect(b.type).toBe(1);
        const nextLive = seen.slice(i + 1).find((x) => x.frame.msgId === MSG.LOCATION);
        if (nextLive) {
          const t = decodeLocation(nextLive.frame.body).fixTime.getTime();
          expect(b.locations.every((l) => l.fixTime.getTime() < t)).toBe(true);
        }
      });
    }
    expect(batches).toBe(stats.batchesSent);
    expect(splitBatches).toBeGreaterThan(0);

    // parallel pairs: the follower drives the leader's route seconds later
    expect(stats.parallelPairs).toHaveLength(2);
    for (const [lead, follow] of stats.parallelPairs) {
      const a = positions(acc.log.get(lead)!).filter((p) => p.loc.speed > 0);
      const b = positions(acc.log.get(follow)!).map((p) => p.loc);
      expect(a.length).toBeGreaterThan(20);
      const near = a.filter(({ loc }) =>
        b.some((x) => {
          const dt = x.fixTime.getTime() - loc.fixTime.getTime();
          return dt >= 0 && dt <= 60_000 && distanceM([x.lat / 1e6, x.lon / 1e6], [loc.lat / 1e6, loc.lon / 1e6]) < 700;
        }),
      );
      expect(near.length / a.length).toBeGreaterThan(0.8);
    }

    // platform commands: 0x8201 answered by 0x0201 with the query's serial, 0x8202 acknowledged
    expect(stats.positionQueries).toBe(11);
    expect(acc.replies.query).toHaveLength(11);
    expect(stats.trackingCommands).toBe(11);
    expect(acc.replies.tracking).toBe(11);
  });

  it('holds the rate cap, sends heartbeats when idle, waits for acknowledgements and stops on abort', async () => {
    const acc = await acceptor({ ackDelayMs: 30 });
    closers.push(acc.close);
    const ctl = new AbortController();
    const seenStats: number[] = [];
    const started = Date.now();
    setTimeout(() => ctl.abort(), 2500);
    const stats = await simulateTerminals({
      port: acc.port,
      terminals: terminals(20),
      rate: 200,
      timeScale: 1_000_000,
      startAt: new Date('2026-11-24T00:00:00Z'),
      heartbeatS: 1,
      maxInFlight: 2,
      signal: ctl.signal,
      onStats: (s) => seenStats.push(s.acked),
    });
    const wall = (Date.now() - started) / 1000;
    const sent = stats.locationsSent + stats.batchPointsSent;
    expect(sent).toBeGreaterThan(150);
    expect(sent).toBeLessThanOrEqual(200 * stats.elapsedS + 200); // a starting burst of 100 and one back-fill batch over
    expect(stats.acked).toBe(sent); // the last acknowledgements were awaited before hanging up
    expect(stats.latency.p50Ms).toBeGreaterThanOrEqual(30);
    expect(wall).toBeLessThan(6);
    expect(seenStats.length).toBeGreaterThanOrEqual(2);
    expect(acc.sockets).toBe(20);

    // real time: parked cars are silent for minutes, so heartbeats keep the connections alive
    const acc2 = await acceptor();
    closers.push(acc2.close);
    const idle = await simulateTerminals({ port: acc2.port, terminals: terminals(3), durationS: 2.5, heartbeatS: 1, startAt: new Date('2026-11-24T18:00:00Z') });
    expect(idle.heartbeatsSent).toBeGreaterThanOrEqual(3);
    const hb = [...acc2.log.values()].flat().filter((s) => s.frame.msgId === MSG.HEARTBEAT);
    expect(hb.length).toBe(idle.heartbeatsSent);
  });
});
