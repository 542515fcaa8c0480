import type { Db } from '../../db/connection.js';
import { findCalendarDays } from './calendar.repository.js';

/** YYYY-MM-DD of a date in China's time zone (the calendar is Beijing's, whatever the server's TZ). */
export function chinaDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Is this day worked, given the exceptions (holiday / swapped working day)? Monday to Friday otherwise. */
export function isWorkingDay(day: string, exceptions: ReadonlyMap<string, 'holiday' | 'workday'>): boolean {
  const kind = exceptions.get(day);
  if (kind) return kind === 'workday';
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The working days between two days (inclusive), in order. */
export async function workingDaysBetween(db: Db, from: string, to: string): Promise<string[]> {
  const exceptions = await findCalendarDays(db, from, to);
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    if (isWorkingDay(day, exceptions)) out.push(day);
  }
  return out;
}

/** The close of business (18:00 Beijing) of the Nth working day after the day of `from` — "N 个工作日内". */
export async function endOfWorkingDays(db: Db, from: Date, n: number): Promise<Date> {
  const start = new Date(`${chinaDay(from)}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() + 1);
  const end = new Date(start);
  end.setUTCDate(end.getUTCDate() + n * 3 + 40); // long holidays never hide more than this
  const days = await workingDaysBetween(db, start.toISOString().slice(0, 10), end.toISOString().slice(0, 10));
  const day = days[n - 1];
  if (!day) throw new Error(`no ${n} working days after ${chinaDay(from)}`);
  return new Date(`${day}T18:00:00+08:00`);
}
