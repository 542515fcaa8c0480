import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { invalid, notFound } from '../errors.js';
import { Actions, ErrorBody, iso, Ok } from '../http/schemas.js';
import { fetchPage, registerList } from '../list/list.js';
import {
  type CalendarDayRow,
  calendarQuery,
  countWorkingDays,
  deleteCalendarDay,
  findCalendarDay,
  selectCalendarColumns,
  upsertCalendarDay,
} from './calendar.repository.js';

const KIND_NAMES = { holiday: '放假', workday: '调休上班' } as const;
const DayParam = Type.Object({ day: Type.String({ format: 'date', description: 'YYYY-MM-DD' }) });

const CalendarDay = Type.Object({
  day: Type.String(),
  kind: Type.String(),
  kindName: Type.String(),
  name: Type.String(),
  source: Type.String(),
  updatedAt: Type.String(),
  _actions: Actions,
});

function present(req: FastifyRequest, r: CalendarDayRow): Static<typeof CalendarDay> {
  return {
    day: r.day,
    kind: r.kind,
    kindName: KIND_NAMES[r.kind],
    name: r.name,
    source: r.source,
    updatedAt: iso(r.updated_at)!,
    _actions: req.auth!.permissions.has('system:calendar:write') ? ['update', 'delete'] : [],
  };
}

/** 工作日历: the public holidays and swapped working days that decide what a working day is. */
export async function calendarRoutes(app: FastifyInstance) {
  const { db } = app.platform;

  registerList(app, {
    path: '/api/calendar-days',
    tag: '工作日历',
    summary: '节假日与调休上班日',
    permission: 'system:calendar:read',
    exportPermission: 'system:calendar:read',
    objectType: 'calendar',
    filters: {
      year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
      kind: Type.Optional(Type.Union([Type.Literal('holiday'), Type.Literal('workday')])),
    },
    sorts: { day: 'c.day' },
    defaultSort: 'day',
    item: CalendarDay,
    fetch: async (_req, f, page) => (await fetchPage(calendarQuery(db, f), selectCalendarColumns, page, 'c.day')) as { items: CalendarDayRow[]; total: number },
    present,
    sheet: '工作日历',
    columns: [
      { header: '日期', width: 14, value: (r) => r.day },
      { header: '类型', value: (r) => KIND_NAMES[r.kind] },
      { header: '名称', width: 20, value: (r) => r.name },
      { header: '依据', width: 44, value: (r) => r.source },
    ],
  });

  app.get(
    '/api/calendar-days/summary',
    {
      schema: {
        tags: ['工作日历'],
        summary: '一年的工作日数（含调休上班，扣除节假日）',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        response: { 200: Type.Object({ year: Type.Integer(), workingDays: Type.Integer(), holidays: Type.Integer(), workdays: Type.Integer() }), '4xx': ErrorBody },
      },
      config: { permission: 'system:calendar:read' },
    },
    async (req) => {
      const { year } = req.query as { year: number };
      const [workingDays, rows] = await Promise.all([
        countWorkingDays(db, `${year}-01-01`, `${year}-12-31`),
        selectCalendarColumns(calendarQuery(db, { year })).execute(),
      ]);
      return { year, workingDays, holidays: rows.filter((r) => r.kind === 'holiday').length, workdays: rows.filter((r) => r.kind === 'workday').length };
    },
  );

  app.put(
    '/api/calendar-days/:day',
    {
      schema: {
        tags: ['工作日历'],
        summary: '设置一天为放假或调休上班',
        params: DayParam,
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]),
            name: Type.String({ minLength: 1, maxLength: 40 }),
            source: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CalendarDay, '4xx': ErrorBody },
      },
      config: { permission: 'system:calendar:write' },
    },
    async (req) => {
      const { day } = req.params as { day: string };
      const body = req.body as { kind: 'holiday' | 'workday'; name: string; source?: string };
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (body.kind === 'workday' && dow !== 0 && dow !== 6)
        throw invalid('调休上班日只能是周六或周日（工作日本来就上班）', [{ field: 'kind', message: '调休上班日只能是周六或周日' }]);
      await audited(req, 'calendar.update', 'calendar', async (tx) => {
        const before = await findCalendarDay(tx, day);
        await upsertCalendarDay(tx, { day, kind: body.kind, name: body.name.trim(), source: body.source?.trim() ?? '', updated_by: req.auth!.userId });
        return { result: null, objectId: day, before, after: body };
      });
      return present(req, (await findCalendarDay(db, day))!);
    },
  );

  app.delete(
    '/api/calendar-days/:day',
    {
      schema: { tags: ['工作日历'], summary: '恢复为普通日（周一至周五上班）', params: DayParam, response: { 200: Ok, '4xx': ErrorBody } },
      config: { permission: 'system:calendar:write' },
    },
    async (req) => {
      const { day } = req.params as { day: string };
      await audited(req, 'calendar.delete', 'calendar', async (tx) => {
        const before = await findCalendarDay(tx, day);
        if (!(await deleteCalendarDay(tx, day))) throw notFound('该日期的节假日设置');
        return { result: null, objectId: day, before };
      });
      return { ok: true };
    },
  );
}
