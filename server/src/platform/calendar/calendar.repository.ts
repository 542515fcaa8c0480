import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { scheduleDays } from './calendar.catalog.js';

export interface CalendarDayRow {
  day: string; // YYYY-MM-DD
  kind: 'holiday' | 'workday';
  name: string;
  source: string;
  updated_at: Date;
}

/** Inserts the published schedules' days that are not in the table yet; what an administrator changed stays. */
export async function syncCalendar(db: Db) {
  const rows = scheduleDays();
  if (!rows.length) return;
  await db
    .insertInto('calendar_day')
    .values(rows.map((r) => ({ ...r, day: sql<string>`${r.day}::date` })))
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
}

const dayText = sql<string>`to_char(c.day, 'YYYY-MM-DD')`;

export function calendarQuery(db: Db, f: { year?: number; kind?: 'holiday' | 'workday' }) {
  return db
    .selectFrom('calendar_day as c')
    .$if(!!f.year, (q) => q.where(sql<boolean>`extract(year from c.day) = ${f.year}`))
    .$if(!!f.kind, (q) => q.where('c.kind', '=', f.kind!));
}

export const selectCalendarColumns = <Q extends ReturnType<typeof calendarQuery>>(q: Q) =>
  q.select([dayText.as('day'), 'c.kind', 'c.name', 'c.source', 'c.updated_at']);

/** The exceptional days between two dates (inclusive), by day. */
export async function findCalendarDays(db: Db, from: string, to: string): Promise<Map<string, 'holiday' | 'workday'>> {
  const rows = await db
    .selectFrom('calendar_day as c')
    .select([dayText.as('day'), 'c.kind'])
    .where(sql<boolean>`c.day between ${from}::date and ${to}::date`)
    .execute();
  return new Map(rows.map((r) => [r.day, r.kind as 'holiday' | 'workday']));
}

export async function findCalendarDay(db: Db, day: string): Promise<CalendarDayRow | undefined> {
  return (await selectCalendarColumns(calendarQuery(db, {})).where(sql<boolean>`c.day = ${day}::date`).executeTakeFirst()) as CalendarDayRow | undefined;
}

export async function upsertCalendarDay(tx: Db, v: { day: string; kind: 'holiday' | 'workday'; name: string; source: string; updated_by: number }) {
  await tx
    .insertInto('calendar_day')
    .values({ ...v, day: sql<string>`${v.day}::date` })
    .onConflict((oc) =>
      oc.column('day').doUpdateSet({ kind: v.kind, name: v.name, source: v.source, updated_by: v.updated_by, updated_at: sql`now()` }),
    )
    .execute();
}

export async function deleteCalendarDay(tx: Db, day: string): Promise<boolean> {
  const r = await tx.deleteFrom('calendar_day').where(sql<boolean>`day = ${day}::date`).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Working days in a range, by the database's own rule (is_working_day), for checks and aggregations. */
export async function countWorkingDays(db: Db, from: string, to: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from generate_series(${from}::date, ${to}::date, interval '1 day') g(d) where is_working_day(g.d::date)`.execute(db);
  return r.rows[0]!.n;
}
