import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import type { Platform } from '../../platform/context.js';

/**
 * What an import kind declares: its template columns, how the rows are checked against the database, and how the
 * checked rows are written. The import centre does the rest (reading the workbook, progress, the error workbook,
 * the batch record, the one transaction).
 */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'date' | 'boolean' | 'enum';

export interface ImportColumn {
  /** key of the parsed value in a row */
  key: string;
  /** Chinese header, exactly as in the template */
  header: string;
  required: boolean;
  type: ColumnType;
  /** enum: the allowed values (also the template's drop-down list) */
  options?: readonly string[];
  /** integer/decimal bounds (inclusive unless `positive`) */
  min?: number;
  max?: number;
  /** decimal: greater than zero */
  positive?: boolean;
  /** decimal: at most this many decimals */
  scale?: number;
  /** text: length bounds after trimming */
  minLength?: number;
  maxLength?: number;
  /** text: a shape to match, and what to say when it does not */
  pattern?: RegExp;
  patternHint?: string;
  /** text: upper-case the value before checking (codes) */
  upper?: boolean;
  example: string | number;
  /** the rule, one sentence, for the template's 说明 sheet */
  rule: string;
  width?: number;
}

/** A parsed cell: text, number, yes/no, a date as 'YYYY-MM-DD', or empty. */
export type CellValue = string | number | boolean | null;

/** One data row of the upload: its Excel row number, the raw cells in template order, the parsed values. */
export interface SourceRow {
  rowNo: number;
  raw: CellValue[];
  values: Record<string, CellValue>;
}

export interface CellError {
  rowNo: number;
  /** the column's header; '' when the message is about the row as a whole */
  column: string;
  message: string;
}

/** Reports a problem with a row: `column` is a column key (or null for the whole row). */
export type ReportError = (row: SourceRow, column: string | null, message: string) => void;

export interface ImportContext {
  platform: Platform;
  /** the importing user and their data scope, computed when the batch runs */
  userId: number;
  username: string;
  scope: DataScope;
  /** advances the progress by n validated rows (written to the batch now and then) */
  tick: (n: number) => Promise<void>;
}

export interface CommitResult {
  inserted: number;
  /** units whose data changed (for re-evaluation hooks) */
  unitIds?: number[];
}

export interface ImportKind<P = unknown> {
  /** 'module.thing', like 'estate.rooms' */
  code: string;
  title: string;
  /** the permission a user needs to import this kind */
  permission: string;
  /** name of the data sheet in the template */
  sheet: string;
  columns: ImportColumn[];
  /** extra lines for the 说明 sheet */
  notes?: string[];
  /** drop-down lists read from the database when the template is made (column key → values) */
  dynamicOptions?(db: Db): Promise<Record<string, string[]>>;
  /**
   * Checks every row: row-level rules, then what the rows refer to, read in bulk (no transaction held), then
   * duplicates inside the file and against the database. Reports each problem; returns what `commit` writes.
   */
  validate(ctx: ImportContext, rows: SourceRow[], report: ReportError): Promise<P>;
  /** Writes the plan inside the given transaction; called only when validation reported nothing. */
  commit(tx: Db, plan: P, ctx: ImportContext): Promise<CommitResult>;
  /** After a successful commit, outside the transaction (e.g. re-evaluation); failures are logged, not fatal. */
  afterCommit?(ctx: ImportContext, result: CommitResult): Promise<void>;
}

export function defineImportKind<P>(kind: ImportKind<P>): ImportKind<P> {
  if (!/^[a-z]+\.[a-z][a-z0-9-]*$/.test(kind.code)) throw new Error(`导入类型编码须为 'module.thing' 形式：${kind.code}`);
  const keys = new Set<string>();
  const headers = new Set<string>();
  for (const c of kind.columns) {
    if (keys.has(c.key) || headers.has(c.header)) throw new Error(`导入类型 ${kind.code} 的列重复：${c.header}`);
    keys.add(c.key);
    headers.add(c.header);
    if (c.type === 'enum' && !c.options?.length && !kind.dynamicOptions) throw new Error(`导入类型 ${kind.code} 的列 ${c.header} 缺少可选值`);
  }
  return kind;
}

// ---------------------------------------------------------------- cells

const BOOL_TRUE = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√']);
const BOOL_FALSE = new Set(['否', 'N', 'NO', 'FALSE', '0', '×']);

/** Excel serial day 0 is 1899-12-30 (with the 1900 leap-year bug folded in). */
function serialToDate(n: number): string | null {
  if (!Number.isFinite(n) || n < 1 || n > 2958465) return null;
  const ms = Math.round((n - 25569) * 86400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

function validYmd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return dt.toISOString().slice(0, 10);
}

function parseDate(v: string | number | Date): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : validYmd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  if (typeof v === 'number') return serialToDate(v);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(v.trim()) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v.trim());
  return m ? validYmd(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** Text of a cell as the user sees it (numbers without exponent or float noise). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v).trim();
}

const rangeText = (c: ImportColumn) =>
  c.min !== undefined && c.max !== undefined ? `须在 ${c.min}–${c.max} 之间` : c.min !== undefined ? `不能小于 ${c.min}` : `不能大于 ${c.max}`;

/**
 * Parses one raw cell by its column: the value, or the message for the cell. Raw values come from the workbook
 * reader (string, number, boolean, Date) and are never trusted.
 */
export function parseCell(c: ImportColumn, raw: unknown): { value: CellValue } | { error: string } {
  const isDate = raw instanceof Date;
  const text = cellText(raw);
  if (text === '') return c.required ? { error: '必填' } : { value: null };
  switch (c.type) {
    case 'text': {
      const t = c.upper ? text.toUpperCase() : text;
      if (c.minLength !== undefined && c.maxLength !== undefined && (t.length < c.minLength || t.length > c.maxLength))
        return { error: `长度须为 ${c.minLength}–${c.maxLength} 个字符` };
      if (c.maxLength !== undefined && t.length > c.maxLength) return { error: `不能超过 ${c.maxLength} 个字符` };
      if (c.pattern && !c.pattern.test(t)) return { error: c.patternHint ?? '格式不正确' };
      return { value: t };
    }
    case 'integer': {
      const n = typeof raw === 'number' ? raw : /^[+-]?\d+(\.0+)?$/.test(text.replace(/,/g, '')) ? Number(text.replace(/,/g, '')) : NaN;
      if (isDate || !Number.isSafeInteger(n)) return { error: '须为整数' };
      if ((c.min !== undefined && n < c.min) || (c.max !== undefined && n > c.max)) return { error: rangeText(c) };
      return { value: n };
    }
    case 'decimal': {
      const s = text.replace(/,/g, '');
      const n = typeof raw === 'number' ? raw : /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN;
      if (isDate || !Number.isFinite(n)) return { error: '须为数字' };
      if (c.positive && !(n > 0)) return { error: '须大于 0' };
      if ((c.min !== undefined && n < c.min) || (c.max !== undefined && n > c.max)) return { error: rangeText(c) };
      if (c.scale !== undefined && Math.abs(Math.round(n * 10 ** c.scale) - n * 10 ** c.scale) > 1e-6 * Math.max(1, Math.abs(n * 10 ** c.scale)))
        return { error: `最多 ${c.scale} 位小数` };
      return { value: c.scale !== undefined ? Number(n.toFixed(c.scale)) : n };
    }
    case 'date': {
      const d = parseDate(raw instanceof Date || typeof raw === 'number' ? raw : text);
      return d ? { value: d } : { error: '须为日期（如 2024-01-31）' };
    }
    case 'boolean': {
      const u = text.toUpperCase();
      if (BOOL_TRUE.has(u)) return { value: true };
      if (BOOL_FALSE.has(u)) return { value: false };
      return { error: '须填“是”或“否”' };
    }
    case 'enum': {
      if (c.options && !c.options.includes(text)) return { error: `须为以下之一：${c.options.join('、')}` };
      return { value: text };
    }
  }
}

/** Null-safe readers of parsed values, for kinds. */
export const str = (r: SourceRow, k: string) => (r.values[k] ?? null) as string | null;
export const num = (r: SourceRow, k: string) => (r.values[k] ?? null) as number | null;
export const bool = (r: SourceRow, k: string) => (r.values[k] ?? null) as boolean | null;
