import { describe, expect, it } from 'vitest';
import { monthGrid, workingDaysOf } from './calendar-grid';

describe('monthGrid', () => {
  const ex = new Map([
    ['2026-01-01', { kind: 'holiday' as const, name: '元旦' }],
    ['2026-01-02', { kind: 'holiday' as const, name: '元旦' }],
    ['2026-01-03', { kind: 'holiday' as const, name: '元旦' }],
    ['2026-01-04', { kind: 'workday' as const, name: '元旦调休上班' }],
  ]);

  it('lays out January 2026 from Monday, marking holidays and the swapped Sunday', () => {
    const weeks = monthGrid(2026, 1, ex);
    expect(weeks[0]!.slice(0, 3)).toEqual([null, null, null]); // 1 Jan 2026 is a Thursday
    expect(weeks[0]![3]).toEqual({ day: '2026-01-01', date: 1, kind: 'holiday', name: '元旦' });
    expect(weeks[0]![6]).toMatchObject({ day: '2026-01-04', kind: 'workday' });
    expect(weeks[1]![5]).toMatchObject({ day: '2026-01-10', kind: 'weekend' });
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('counts working days with the same rule as the server', () => {
    expect(workingDaysOf(2027, new Map())).toBe(261);
    expect(workingDaysOf(2026, ex)).toBe(261 - 2 + 1);
  });
});
