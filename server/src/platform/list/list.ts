import ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type SelectQueryBuilder, sql } from 'kysely';
import { type Static, type TObject, type TProperties, type TSchema, Type } from 'typebox';
import { auditEvent } from '../audit/audit.service.js';
import { ErrorBody } from '../http/schemas.js';

/**
 * The one way to serve a list: paged, sorted by a whitelisted field, filtered, and exportable to Excel
 * with the same filters. `GET <path>` answers {items,total,page,pageSize}; `GET <path>/export` an .xlsx.
 */
export interface PageRequest {
  limit: number;
  offset: number;
  orderBy: string; // a whitelisted column reference, never user input
  order: 'asc' | 'desc';
}

export const EXPORT_MAX_ROWS = 50_000;

export async function fetchPage<DB, TB extends keyof DB, O>(
  base: SelectQueryBuilder<DB, TB, object>,
  select: (qb: SelectQueryBuilder<DB, TB, object>) => SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  tieBreaker: string,
): Promise<{ items: O[]; total: number }> {
  const [count, items] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
    select(base)
      .orderBy(sql.ref(page.orderBy), page.order)
      .orderBy(sql.ref(tieBreaker))
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  return { items: items as O[], total: (count as { n: number } | undefined)?.n ?? 0 };
}

export interface ExportColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | Date | null | undefined;
}

export async function toXlsx<T>(sheetName: string, columns: ExportColumn<T>[], rows: T[], note?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Steward';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r) ?? ''));
  if (note) ws.addRow([note]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ListDef<F extends TProperties, I extends TSchema, R> {
  path: string;
  tag: string;
  summary: string;
  permission: string;
  exportPermission: string;
  objectType: string;
  filters: F;
  /** API sort field → column reference. */
  sorts: Record<string, string>;
  defaultSort: string;
  defaultOrder?: 'asc' | 'desc';
  item: I;
  fetch: (req: FastifyRequest, filter: Static<TObject<F>>, page: PageRequest) => Promise<{ items: R[]; total: number }>;
  present: (req: FastifyRequest, row: R) => Static<I>;
  sheet: string;
  columns: ExportColumn<R>[];
}

export function registerList<F extends TProperties, I extends TSchema, R>(app: FastifyInstance, def: ListDef<F, I, R>) {
  const sortKeys = Object.keys(def.sorts);
  const Query = Type.Object({
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    sort: Type.Optional(Type.Union(sortKeys.map((k) => Type.Literal(k)))),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    ...def.filters,
  });
  type Q = Static<TObject<F>> & { page?: number; pageSize?: number; sort?: string; order?: 'asc' | 'desc' };
  const orderOf = (q: Q) => ({
    orderBy: def.sorts[q.sort ?? def.defaultSort] ?? def.sorts[def.defaultSort]!,
    order: q.order ?? def.defaultOrder ?? 'asc',
  });
  app.get(
    def.path,
    {
      schema: {
        tags: [def.tag],
        summary: def.summary,
        querystring: Query,
        response: {
          200: Type.Object({ items: Type.Array(def.item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: def.permission },
    },
    async (req) => {
      const q = req.query as Q;
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const res = await def.fetch(req, q, { limit: pageSize, offset: (page - 1) * pageSize, ...orderOf(q) });
      return { items: res.items.map((r) => def.present(req, r)), total: res.total, page, pageSize };
    },
  );
  app.get(
    `${def.path}/export`,
    {
      schema: {
        tags: [def.tag],
        summary: `${def.summary}（导出Excel）`,
        querystring: Query,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorBody },
      },
      config: { permission: def.exportPermission },
    },
    async (req, reply) => {
      const q = req.query as Q;
      const res = await def.fetch(req, q, { limit: EXPORT_MAX_ROWS, offset: 0, ...orderOf(q) });
      const note = res.total > EXPORT_MAX_ROWS ? `共 ${res.total} 条，仅导出前 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围` : undefined;
      const buf = await toXlsx(def.sheet, def.columns, res.items, note);
      const { page: _p, pageSize: _s, ...filters } = q;
      await auditEvent(req, { action: `${def.objectType}.export`, object_type: def.objectType, object_id: '', detail: JSON.stringify({ filters, rows: res.items.length }) });
      const fname = encodeURIComponent(`${def.sheet}-${new Date().toISOString().slice(0, 10)}.xlsx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${fname}`)
        .send(buf);
    },
  );
}
