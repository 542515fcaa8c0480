import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { appendAudit } from '../../platform/audit/audit.repository.js';
import type { Platform } from '../../platform/context.js';
import { sm3Hex } from '../../platform/crypto/crypto.service.js';
import { invalid, notFound } from '../../platform/errors.js';
import { loadAuthContext } from '../../platform/identity/auth.context.js';
import { enqueueJob } from '../../platform/jobs/job.service.js';
import { type CellError, type ImportContext, type ImportKind, parseCell, type SourceRow } from './import.kind.js';
import { findImportKind } from './import.registry.js';
import {
  attachFile,
  claimBatch,
  findBatchByKey,
  findFileContent,
  findUploadedFile,
  insertBatch,
  insertGeneratedFile,
  markFailed,
  markSucceeded,
  updateProgress,
} from './import.repository.js';
import { buildErrorWorkbook, ImportFileError, readRows } from './import.workbook.js';

/** At most this many data rows per import (the upload limit bounds the file size). */
export const MAX_IMPORT_ROWS = 200_000;
/** The queue job that runs a batch when the in-process start did not (restart, another server). */
export const IMPORT_JOB = 'import.run';
/** Progress is written at most this often (rows). */
const PROGRESS_STEP = 5000;
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const STATUS_NAMES: Record<string, string> = {
  queued: '排队中',
  validating: '校验中',
  committing: '写入中',
  succeeded: '导入成功',
  failed: '导入失败',
};

/**
 * Creates the batch for (user, file, kind) inside the caller's transaction, or finds the one that exists (the same
 * file imported again by the same user as the same kind is the same batch). A new batch is queued as a job too.
 */
export async function createBatch(
  tx: Db,
  p: { userId: number; kind: ImportKind; fileId: string; ip: string },
): Promise<{ id: string; created: boolean }> {
  const file = await findUploadedFile(tx, p.fileId, p.userId);
  if (!file) throw notFound('上传的文件');
  if (!file.name.toLowerCase().endsWith('.xlsx')) throw invalid('请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）');
  const id = randomUUID();
  const created = await insertBatch(tx, { id, kind: p.kind.code, fileId: p.fileId, userId: p.userId });
  if (created) {
    await attachFile(tx, p.fileId);
    await enqueueJob(tx, IMPORT_JOB, { key: id, payload: { batchId: id, ip: p.ip } });
    return { id, created };
  }
  const existing = await findBatchByKey(tx, p.userId, p.fileId, p.kind.code);
  return { id: existing!.id, created: false };
}

export interface RunReport {
  status: 'skipped' | 'succeeded' | 'failed';
  rows: number;
  errors: number;
  readMs: number;
  validateMs: number;
  commitMs: number;
}

/** A message for a database error during commit: the constraint, in words a person can act on. */
function commitErrorMessage(err: unknown): string {
  const e = err as { code?: string; constraint?: string; detail?: string; message?: string };
  const what =
    e.code === '23505' ? '与已有数据重复' : e.code === '23P01' ? '使用期间与已有记录重叠' : e.code === '23503' ? '引用的数据不存在' : e.code === '23514' ? '数据不符合约束' : '数据库错误';
  const tail = [e.constraint, e.detail ?? e.message].filter(Boolean).join('：');
  return `写入数据库失败，已全部回滚，未导入任何数据（${what}${tail ? `：${tail}` : ''}）`.slice(0, 500);
}

/**
 * Runs one queued batch: read the workbook (streaming), parse each cell, let the kind check the rows against the
 * database (bulk reads, no transaction held), then either write an error workbook and fail, or commit everything in
 * one transaction together with the audit row and the batch's success. Only the runner that claims the batch runs it.
 */
export async function runBatch(
  platform: Platform,
  batchId: string,
  opts: { ip?: string; log?: (msg: string, err?: unknown) => void } = {},
): Promise<RunReport> {
  const { db } = platform;
  const log = opts.log ?? (() => {});
  const report: RunReport = { status: 'skipped', rows: 0, errors: 0, readMs: 0, validateMs: 0, commitMs: 0 };
  const claimed = await claimBatch(db, batchId);
  if (!claimed) return report;
  const fail = async (message: string, errorCount = 1, errorFileId: string | null = null) => {
    await markFailed(db, batchId, { errorCount, errorFileId, message });
    report.status = 'failed';
    report.errors = errorCount;
    return report;
  };
  let t = performance.now();
  try {
    const kind = findImportKind(claimed.kind);
    if (!kind) return await fail(`未知的导入类型：${claimed.kind}`);
    const auth = await loadAuthContext(db, claimed.created_by, { id: '', csrfToken: '' }, {
      demo: platform.config.demo,
      maxPasswordAgeDays: 100_000,
      totpRequiredForAdmins: false,
    });
    if (!auth?.permissions.has(kind.permission)) return await fail('导入人的账号已停用或不再有导入权限');
    const file = await findFileContent(db, claimed.file_id);
    if (!file) return await fail('上传的文件已不存在，请重新上传');

    let rows: SourceRow[];
    try {
      rows = await readRows(file.content, kind, {
        maxRows: MAX_IMPORT_ROWS,
        onProgress: (n) => updateProgress(db, batchId, { processed: n, total: null }),
      });
    } catch (err) {
      if (err instanceof ImportFileError) return await fail(err.message);
      throw err;
    }
    if (!rows.length) return await fail('文件中没有数据行：请从第 2 行起填写数据');
    report.rows = rows.length;
    report.readMs = performance.now() - t;
    t = performance.now();
    await updateProgress(db, batchId, { total: rows.length, processed: 0 });

    const errors: CellError[] = [];
    const headerOf = new Map(kind.columns.map((c) => [c.key, c.header]));
    for (const r of rows)
      kind.columns.forEach((c, i) => {
        const res = parseCell(c, r.raw[i]);
        if ('error' in res) {
          r.values[c.key] = null;
          errors.push({ rowNo: r.rowNo, column: c.header, message: res.error });
        } else r.values[c.key] = res.value;
      });

    let processed = 0;
    let written = 0;
    const ctx: ImportContext = {
      platform,
      userId: auth.userId,
      username: auth.username,
      scope: auth.scope,
      tick: async (n) => {
        processed = Math.min(rows.length, processed + n);
        if (processed - written >= PROGRESS_STEP || processed === rows.length) {
          written = processed;
          await updateProgress(db, batchId, { processed });
        }
      },
    };
    const plan = await kind.validate(ctx, rows, (row, column, message) =>
      errors.push({ rowNo: row.rowNo, column: column ? (headerOf.get(column) ?? column) : '', message }),
    );
    report.validateMs = performance.now() - t;
    if (errors.length) {
      const content = await buildErrorWorkbook(kind, rows, errors);
      const errorFileId = randomUUID();
      const base = file.name.replace(/\.xlsx$/i, '');
      await insertGeneratedFile(db, { id: errorFileId, name: `${base}-错误清单.xlsx`.slice(-200), mime: XLSX_MIME, content, sm3: sm3Hex(content), userId: claimed.created_by });
      const badRows = new Set(errors.map((e) => e.rowNo)).size;
      await updateProgress(db, batchId, { processed: rows.length });
      return await fail(`校验未通过：${badRows} 行共 ${errors.length} 处错误，未导入任何数据。请下载错误清单，按“错误说明”修改后重新上传导入`, errors.length, errorFileId);
    }

    await updateProgress(db, batchId, { status: 'committing', processed: rows.length });
    t = performance.now();
    let result;
    try {
      result = await db.transaction().execute(async (tx) => {
        const r = await kind.commit(tx, plan, ctx);
        await appendAudit(tx, platform.keys.macKey, {
          user_id: auth.userId,
          username: auth.username,
          ip: opts.ip ?? '-',
          action: 'import.commit',
          object_type: 'import_batch',
          object_id: batchId,
          before: null,
          after: { kind: kind.code, rows: r.inserted, file: file.name },
          result: 'success',
          detail: kind.title,
        });
        await markSucceeded(tx, batchId, rows.length, `已导入 ${r.inserted} 条${kind.title.replace(/^导入/, '')}`);
        return r;
      });
    } catch (err) {
      log(`导入批次 ${batchId} 写入失败`, err);
      return await fail(commitErrorMessage(err));
    }
    report.commitMs = performance.now() - t;
    report.status = 'succeeded';
    if (kind.afterCommit) await kind.afterCommit(ctx, result).catch((err: unknown) => log(`导入批次 ${batchId} 的后续处理失败`, err));
    return report;
  } catch (err) {
    log(`导入批次 ${batchId} 出错`, err);
    return fail(`导入出错：${err instanceof Error ? err.message : String(err)}`.slice(0, 500));
  }
}
