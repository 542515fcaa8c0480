import { jt808Gateway } from '../../gateways/jt808/jt808.server.js';
import { encodeTrackingCommand, MSG } from '../../gateways/jt808/jt808.messages.js';
import type { Platform } from '../../platform/context.js';
import { type CommandStatus, finishCommand, setCommandSerial } from './command.repository.js';

export type CommandKind = 'locate' | 'track';

export interface CommandRequest {
  kind: CommandKind;
  /** track: seconds between reports (0 stops tracking) */
  intervalS?: number;
  /** track: how long the tracking lasts */
  durationS?: number;
  /** how long to wait for the terminal's answer (default 10 s) */
  waitS?: number;
}

export interface CommandAnswerView {
  /** locate: the position the terminal reported (degrees, km/h) */
  location?: { fixTime: string; lat: number; lon: number; speedKmh: number; direction: number; alarm: number; status: number; acc: boolean };
  /** track: the terminal's general reply result (0 ok, 1 fail, 2 bad message, 3 unsupported) */
  result?: number;
}

export const COMMAND_MESSAGE: Record<CommandKind, number> = { locate: MSG.POSITION_QUERY, track: MSG.TEMP_TRACKING };
export const DEFAULT_WAIT_S = 10;

/**
 * Sends a stored command (tm_command row `id`) to the vehicle's live terminal session and waits for the answer:
 * a position query is answered by 0x0201 (matched on the reply serial), temporary tracking by a 0x0001 general
 * reply. No live session → 'offline'; no answer in time → 'timeout'. The outcome is written to the row.
 */
export async function runCommand(p: Platform, id: number, vehicleId: number, req: CommandRequest): Promise<{ status: Exclude<CommandStatus, 'sent'>; serial: number | null; answer: CommandAnswerView | null; answeredAt: Date | null }> {
  const session = jt808Gateway(p)?.sessionOf(vehicleId);
  if (!session) {
    await finishCommand(p.db, id, 'offline', null);
    return { status: 'offline', serial: null, answer: null, answeredAt: null };
  }
  const msgId = COMMAND_MESSAGE[req.kind];
  const body = req.kind === 'track' ? encodeTrackingCommand({ intervalS: req.intervalS ?? 10, durationS: req.durationS ?? 600 }) : Buffer.alloc(0);
  const serial = session.nextSerial();
  await setCommandSerial(p.db, id, serial);
  const waiting = session.expectAnswer(serial, msgId, (req.waitS ?? DEFAULT_WAIT_S) * 1000);
  session.send(msgId, body, serial);
  const a = await waiting;
  let status: Exclude<CommandStatus, 'sent'>;
  let answer: CommandAnswerView | null = null;
  if (!a) status = 'timeout';
  else if (a.kind === 'location') {
    const l = a.location;
    status = 'answered';
    answer = {
      location: {
        fixTime: l.fixTime.toISOString(),
        lat: l.lat / 1e6,
        lon: l.lon / 1e6,
        speedKmh: l.speed / 10,
        direction: l.direction,
        alarm: l.alarm,
        status: l.status,
        acc: (l.status & 1) === 1,
      },
    };
  } else {
    status = a.result === 0 ? 'answered' : 'failed';
    answer = { result: a.result };
  }
  const row = await finishCommand(p.db, id, status, answer);
  return { status, serial, answer, answeredAt: row.answered_at ? new Date(row.answered_at) : null };
}
