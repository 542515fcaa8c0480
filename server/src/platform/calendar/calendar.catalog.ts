/**
 * The public-holiday schedules as the State Council publishes them each November
 * (国务院办公厅关于 YYYY 年部分节假日安排的通知). Inserted on migrate when the day is not in the table yet, so
 * administrators' corrections win; later years are entered on the 工作日历 page.
 */
export interface HolidaySchedule {
  year: number;
  source: string;
  /** days off, each range inclusive */
  holidays: { name: string; from: string; to: string }[];
  /** weekend days worked in exchange */
  workdays: { name: string; day: string }[];
}

export const HOLIDAY_SCHEDULES: HolidaySchedule[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知',
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    workdays: [
      { name: '春节调休上班', day: '2025-01-26' },
      { name: '春节调休上班', day: '2025-02-08' },
      { name: '劳动节调休上班', day: '2025-04-27' },
      { name: '国庆节调休上班', day: '2025-09-28' },
      { name: '国庆节调休上班', day: '2025-10-11' },
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: [
      { name: '元旦调休上班', day: '2026-01-04' },
      { name: '春节调休上班', day: '2026-02-14' },
      { name: '春节调休上班', day: '2026-02-28' },
      { name: '劳动节调休上班', day: '2026-05-09' },
      { name: '中秋节调休上班', day: '2026-09-20' },
      { name: '国庆节调休上班', day: '2026-10-10' },
    ],
  },
];

/** Every exceptional day of the schedules, one row per day. */
export function scheduleDays(schedules = HOLIDAY_SCHEDULES): { day: string; kind: 'holiday' | 'workday'; name: string; source: string }[] {
  const out: { day: string; kind: 'holiday' | 'workday'; name: string; source: string }[] = [];
  for (const s of schedules) {
    for (const h of s.holidays)
      for (let d = new Date(`${h.from}T00:00:00Z`); d <= new Date(`${h.to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1))
        out.push({ day: d.toISOString().slice(0, 10), kind: 'holiday', name: h.name, source: s.source });
    for (const w of s.workdays) out.push({ day: w.day, kind: 'workday', name: w.name, source: s.source });
  }
  return out;
}
