import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { auditEvent, audited } from '../../platform/audit/audit.service.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { ErrorBody, iso, Nullable } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import type { ImportKind } from './import.kind.js';
import { type BatchRow, batchListQuery, findBatch, findFileContent, selectBatchListColumns } from './import.repository.js';
import { createBatch, MAX_IMPORT_ROWS, runBatch, STATUS_NAMES } from './import.service.js';
import { buildTemplate, readFirstErrors } from './import.workbook.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How many errors the batch detail shows (the error workbook has them all). */
export const FIRST_ERRORS = 20;

const Status = Type.Union(['queued', 'validating', 'committing', 'succeeded', 'failed'].map((s) => Type.Literal(s)));

const Batch = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String(),
  kindTitle: Type.String(),
  fileName: Nullable(Type.String()),
  status: Status,
  statusName: Type.String(),
  totalRows: Nullable(Type.Integer({ description: '数据行数（读完文件之前为空）' })),
  processedRows: Type.Integer({ description: '已处理行数（读取或校验）' }),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  errorCount: Type.Integer(),
  hasErrorFile: Type.Boolean(),
  message: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

const CellErrorSchema = Type.Object({ rowNo: Type.Integer(), column: Type.String(), message: Type.String() });
const BatchDetail = Type.Intersect([Batch, Type.Object({ errors: Type.Array(CellErrorSchema, { description: `前 ${FIRST_ERRORS} 处错误` }) })]);

const KindInfo = Type.Object({
  code: Type.String(),
  title: Type.String(),
  sheet: Type.String(),
  maxRows: Type.Integer(),
  columns: Type.Array(Type.Object({ header: Type.String(), required: Type.Boolean(), type: Type.String(), rule: Type.String(), example: Type.String() })),
});

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

function percent(b: Pick<BatchRow, 'status' | 'total_rows' | 'processed_rows'>) {
  if (b.status === 'succeeded') return 100;
  if (!b.total_rows) return 0;
  return Math.min(100, Math.floor((b.processed_rows * 100) / b.total_rows));
}

function present(b: Omit<BatchRow, 'file_id' | 'created_by'>, kinds: Map<string, ImportKind>): Static<typeof Batch> {
  return {
    id: b.id,
    kind: b.kind,
    kindTitle: kinds.get(b.kind)?.title ?? b.kind,
    fileName: b.file_name ?? null,
    status: b.status as Static<typeof Status>,
    statusName: STATUS_NAMES[b.status] ?? b.status,
    totalRows: b.total_rows,
    processedRows: b.processed_rows,
    percent: percent(b),
    errorCount: b.error_count,
    hasErrorFile: b.error_file_id !== null,
    message: b.message,
    createdAt: iso(b.created_at)!,
    startedAt: iso(b.started_at),
    finishedAt: iso(b.finished_at),
  };
}

const sendXlsx = (reply: FastifyReply, name: string, buf: Buffer) =>
  reply.header('content-type', XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`).send(buf);

export interface ImportArea {
  /** URL prefix, like '/api/estate/imports' */
  base: string;
  /** the permission of every route of the area (each kind may ask for its own on top) */
  permission: string;
  tag: string;
  kinds: ImportKind[];
}

/**
 * The import centre's routes for one business area: kinds, templates, start a batch, follow it, download its error
 * workbook, and the caller's history. Each module mounts it for its own kinds, under its own permission.
 */
export function importCentreRoutes(area: ImportArea) {
  const kinds = new Map(area.kinds.map((k) => [k.code, k]));
  const codes = [...kinds.keys()];
  const KindCode = Type.Union(codes.map((c) => Type.Literal(c)));
  return async (app: FastifyInstance) => {
    const { db } = app.platform;
    const tags = [area.tag];
    const kindFor = (req: FastifyRequest, code: string) => {
      const k = kinds.get(code);
      if (!k) throw invalid(`未知的导入类型：${code}`);
      if (!req.auth!.permissions.has(k.permission)) throw forbidden();
      return k;
    };

    app.get(
      `${area.base}/kinds`,
      {
        schema: { tags, summary: '可导入的数据类型与模板列', response: { 200: Type.Array(KindInfo), '4xx': ErrorBody } },
        config: { permission: area.permission },
      },
      async (req) =>
        area.kinds
          .filter((k) => req.auth!.permissions.has(k.permission))
          .map((k) => ({
            code: k.code,
            title: k.title,
            sheet: k.sheet,
            maxRows: MAX_IMPORT_ROWS,
            columns: k.columns.map((c) => ({ header: c.header, required: c.required, type: c.type, rule: c.rule, example: String(c.example) })),
          })),
    );

    app.get(
      `${area.base}/templates/:kind`,
      {
        schema: {
          tags,
          summary: '下载导入模板（.xlsx：表头、示例行、说明页、下拉选项）',
          params: Type.Object({ kind: KindCode }),
          produces: [XLSX],
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorBody },
        },
        config: { permission: area.permission },
      },
      async (req, reply) => {
        const k = kindFor(req, (req.params as { kind: string }).kind);
        const buf = await buildTemplate(k, (await k.dynamicOptions?.(db)) ?? {});
        return sendXlsx(reply, `${k.title}模板.xlsx`, buf);
      },
    );

    app.post(
      area.base,
      {
        schema: {
          tags,
          summary: '开始导入：对已上传（POST /api/files）的 .xlsx 建立导入批次；同一人同一文件同一类型只建一次',
          body: Type.Object({ kind: KindCode, fileId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
          response: { 200: Type.Intersect([Batch, Type.Object({ created: Type.Boolean() })]), '4xx': ErrorBody },
        },
        config: { permission: area.permission },
      },
      async (req) => {
        const body = req.body as { kind: string; fileId: string };
        const k = kindFor(req, body.kind);
        const userId = req.auth!.userId;
        const res = await audited(req, 'import.create', 'import_batch', async (tx) => {
          const r = await createBatch(tx, { userId, kind: k, fileId: body.fileId, ip: req.ip });
          return { result: r, objectId: r.id, after: { kind: k.code, fileId: body.fileId, created: r.created } };
        });
        if (res.created)
          setImmediate(() => {
            runBatch(app.platform, res.id, { ip: req.ip, log: (m, err) => app.log.warn({ err }, m) }).catch((err: unknown) =>
              app.log.error({ err }, '导入批次执行出错'),
            );
          });
        const b = await findBatch(db, res.id, userId);
        return { ...present(b!, kinds), created: res.created };
      },
    );

    registerList(app, {
      path: area.base,
      tag: area.tag,
      summary: '本人的导入记录',
      permission: area.permission,
      exportPermission: area.permission,
      objectType: 'import_batch',
      filters: { kind: Type.Optional(KindCode), status: Type.Optional(Status) },
      sorts: { createdAt: 'b.created_at', finishedAt: 'b.finished_at', status: 'b.status' },
      defaultSort: 'createdAt',
      defaultOrder: 'desc',
      item: Batch,
      fetch: (req, f, page) => fetchPage(batchListQuery(db, req.auth!.userId, codes, f), selectBatchListColumns, page, 'b.id'),
      present: (_req, row) => present(row, kinds),
      sheet: '导入记录',
      columns: [
        { header: '导入类型', width: 16, value: (r) => kinds.get(r.kind)?.title ?? r.kind },
        { header: '文件名', width: 30, value: (r) => r.file_name },
        { header: '状态', width: 10, value: (r) => STATUS_NAMES[r.status] ?? r.status },
        { header: '数据行数', width: 10, value: (r) => r.total_rows },
        { header: '错误数', width: 10, value: (r) => r.error_count },
        { header: '说明', width: 60, value: (r) => r.message },
        { header: '开始时间', width: 20, value: (r) => r.created_at },
        { header: '完成时间', width: 20, value: (r) => r.finished_at },
      ],
    });

    app.get(
      `${area.base}/:id`,
      {
        schema: { tags, summary: '导入批次的进度与结果（含前 20 处错误）', params: IdParams, response: { 200: BatchDetail, '4xx': ErrorBody } },
        config: { permission: area.permission },
      },
      async (req) => {
        const b = await findBatch(db, (req.params as { id: string }).id, req.auth!.userId);
        if (!b || !kinds.has(b.kind)) throw notFound('导入批次');
        let errors: { rowNo: number; column: string; message: string }[] = [];
        if (b.status === 'failed' && b.error_file_id) {
          const f = await findFileContent(db, b.error_file_id);
          if (f) errors = await readFirstErrors(f.content, FIRST_ERRORS).catch(() => []);
        }
        return { ...present(b, kinds), errors };
      },
    );

    app.get(
      `${area.base}/:id/errors`,
      {
        schema: {
          tags,
          summary: '下载错误清单（上传的数据加“错误说明”列，错误单元格标红并附批注）',
          params: IdParams,
          produces: [XLSX],
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorBody },
        },
        config: { permission: area.permission },
      },
      async (req, reply) => {
        const b = await findBatch(db, (req.params as { id: string }).id, req.auth!.userId);
        if (!b || !kinds.has(b.kind) || !b.error_file_id) throw notFound('错误清单');
        const f = await findFileContent(db, b.error_file_id);
        if (!f) throw notFound('错误清单');
        await auditEvent(req, { action: 'import.errors', object_type: 'import_batch', object_id: b.id, detail: f.name });
        return sendXlsx(reply, f.name, f.content);
      },
    );
  };
}

/**
 * The centre has no routes of its own: every route needs one named permission, so each business area mounts
 * importCentreRoutes for its kinds under its own prefix and permission (office space: space.import.routes.ts).
 */
export async function importRoutes(_app: FastifyInstance) {}
