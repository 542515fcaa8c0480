// The days of a month laid out Monday-first, with each day's kind from the calendar's exceptions.

export type DayKind = 'work' | 'weekend' | 'holiday' | 'workday';

export interface GridDay {
  day: string; // YYYY-MM-DD
  date: number;
  kind: DayKind;
  name?: string;
}

/** Weeks of a month (Monday first); null pads the first and last week. */
export function monthGrid(year: number, month: number, exceptions: ReadonlyMap<string, { kind: 'holiday' | 'workday'; name: string }>): (GridDay | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (GridDay | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) {
    const day = `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const ex = exceptions.get(day);
    const dow = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
    const kind: DayKind = ex ? (ex.kind === 'holiday' ? 'holiday' : 'workday') : dow === 0 || dow === 6 ? 'weekend' : 'work';
    cells.push({ day, date: d, kind, ...(ex ? { name: ex.name } : {}) });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: (GridDay | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Working days of a year from the grid's rule (for a quick check against the server's count). */
export function workingDaysOf(year: number, exceptions: ReadonlyMap<string, { kind: 'holiday' | 'workday'; name: string }>): number {
  let n = 0;
  for (let m = 1; m <= 12; m++) for (const w of monthGrid(year, m, exceptions)) for (const d of w) if (d && (d.kind === 'work' || d.kind === 'workday')) n++;
  return n;
}
