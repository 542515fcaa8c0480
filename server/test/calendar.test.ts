import { describe, expect, it } from 'vitest';
import { scheduleDays } from '../src/platform/calendar/calendar.catalog.js';
import { countWorkingDays, findCalendarDays } from '../src/platform/calendar/calendar.repository.js';
import { chinaDay, isWorkingDay, workingDaysBetween } from '../src/platform/calendar/calendar.service.js';
import type { ApprovalNode } from '../src/platform/workflow/definition.js';
import { signIn, useTestApp } from './helpers.js';

describe('working calendar', () => {
  const t = useTestApp();

  it('knows the 2026 schedule: a holiday on a weekday, a working Saturday, ordinary days', async () => {
    const ex = await findCalendarDays(t.p.db, '2026-01-01', '2026-12-31');
    expect(isWorkingDay('2026-01-01', ex)).toBe(false); // 元旦, a Thursday
    expect(isWorkingDay('2026-01-04', ex)).toBe(true); // a Sunday worked in exchange
    expect(isWorkingDay('2026-02-14', ex)).toBe(true); // a Saturday worked before 春节
    expect(isWorkingDay('2026-02-16', ex)).toBe(false); // 春节, a Monday
    expect(isWorkingDay('2026-03-07', ex)).toBe(false); // an ordinary Saturday
    expect(isWorkingDay('2026-03-10', ex)).toBe(true); // an ordinary Tuesday
    expect(isWorkingDay('2026-10-08', ex)).toBe(true); // the day after 国庆
  });

  it('counts 248 working days in 2026 and in 2025, the same in SQL and in code', async () => {
    for (const [year, expected] of [
      [2026, 248],
      [2025, 248],
    ] as const) {
      expect(await countWorkingDays(t.p.db, `${year}-01-01`, `${year}-12-31`)).toBe(expected);
      expect(await workingDaysBetween(t.p.db, `${year}-01-01`, `${year}-12-31`)).toHaveLength(expected);
    }
  });

  it('the schedules only swap weekend days to working days, and the database refuses a weekday "workday"', async () => {
    for (const d of scheduleDays().filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(new Date(`${d.day}T00:00:00Z`).getUTCDay());
    await expect(t.p.db.insertInto('calendar_day').values({ day: '2026-03-10', kind: 'workday', name: '错误' }).execute()).rejects.toThrow();
    expect(chinaDay(new Date('2026-01-31T17:00:00Z'))).toBe('2026-02-01');
  });

  it('administrators add a later year; others read; every change is audited; bad input is refused', async () => {
    const sys = await signIn(t.app, 'sysadmin');
    expect((await sys.put('/api/calendar-days/2027-01-01', { kind: 'holiday', name: '元旦', source: '国务院办公厅关于2027年部分节假日安排的通知' })).statusCode).toBe(200);
    const tue = await sys.put('/api/calendar-days/2027-03-09', { kind: 'workday', name: '错误' });
    expect(tue.statusCode).toBe(400);
    expect(tue.json().message).toContain('只能是周六或周日');
    expect((await sys.put('/api/calendar-days/2027-02-30', { kind: 'holiday', name: 'x' })).statusCode).toBe(400);
    const list = (await sys.get('/api/calendar-days?year=2027')).json();
    expect(list.items).toEqual([expect.objectContaining({ day: '2027-01-01', kind: 'holiday', kindName: '放假', name: '元旦', _actions: ['update', 'delete'] })]);
    const summary = (await sys.get('/api/calendar-days/summary?year=2026')).json();
    expect(summary).toEqual({ year: 2026, workingDays: 248, holidays: 33, workdays: 6 });
    const province = await signIn(t.app, 'province');
    expect((await province.get('/api/calendar-days?year=2026&kind=workday')).json().total).toBe(6);
    expect((await province.put('/api/calendar-days/2027-01-02', { kind: 'holiday', name: '元旦' })).statusCode).toBe(403);
    expect((await sys.get('/api/calendar-days/export?year=2026')).statusCode).toBe(200);
    expect((await sys.del('/api/calendar-days/2027-01-01')).statusCode).toBe(200);
    expect((await sys.del('/api/calendar-days/2027-01-01')).statusCode).toBe(404);
    const audit = await t.p.db.selectFrom('audit_log').select('action').where('object_type', '=', 'calendar').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['calendar.update', 'calendar.delete', 'calendar.export']));
  });
});

describe('deadlines in working days', () => {
  const t = useTestApp();

  it('"N 个工作日内" ends at 18:00 of the Nth working day, skipping 国庆 and counting a swapped Saturday', async () => {
    const { endOfWorkingDays } = await import('../src/platform/calendar/calendar.service.js');
    const at = (iso: string) => new Date(iso);
    // asked on Wed 30 Sep 2026 (Beijing): 1–7 Oct off, so the first working day is Thu 8 Oct
    expect((await endOfWorkingDays(t.p.db, at('2026-09-30T09:00:00+08:00'), 1)).toISOString()).toBe('2026-10-08T10:00:00.000Z');
    expect((await endOfWorkingDays(t.p.db, at('2026-09-30T09:00:00+08:00'), 2)).toISOString()).toBe('2026-10-09T10:00:00.000Z');
    // asked on Fri 9 Oct: Sat 10 Oct is worked in exchange
    expect((await endOfWorkingDays(t.p.db, at('2026-10-09T20:00:00+08:00'), 1)).toISOString()).toBe('2026-10-10T10:00:00.000Z');
    // late on Thursday evening UTC is already Friday in Beijing
    expect((await endOfWorkingDays(t.p.db, at('2026-03-12T17:00:00Z'), 1)).toISOString()).toBe('2026-03-16T10:00:00.000Z');
  });

  it('a node takes hours or working days, not both', async () => {
    const { validateTree } = await import('../src/platform/workflow/definition.js');
    const node: ApprovalNode = { id: 'a', type: 'approval', name: '审批', strategy: { kind: 'users', userIds: [1] }, mode: 'any', noApprover: 'skip', selfApprove: 'keep' };
    expect(() => validateTree({ nodes: [{ ...node, deadlineWorkingDays: 3, timeoutAction: 'approve' }] }, [])).not.toThrow();
    expect(() => validateTree({ nodes: [{ ...node, deadlineWorkingDays: 3, deadlineHours: 4 }] }, [])).toThrow(/只能选一种/);
  });
});
