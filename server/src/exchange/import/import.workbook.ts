import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type CellError, type CellValue, cellText, type ImportColumn, type ImportKind, type SourceRow } from './import.kind.js';

/** Sheets of our own workbooks that never hold data. */
export const NOTE_SHEET = '说明';
export const ERROR_SHEET = '错误清单';
export const OPTION_SHEET = '选项';
export const ERROR_COLUMN = '错误说明';
const NON_DATA = new Set([NOTE_SHEET, ERROR_SHEET, OPTION_SHEET]);

/** Comments (notes) on bad cells stop after this many: beyond it the red fill and the 错误说明 column carry it. */
const MAX_NOTES = 5000;
const RED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** A problem with the file as a whole (not a workbook, wrong headers, too many rows): the batch fails with it. */
export class ImportFileError extends Error {}

const normHeader = (h: string) =>
  h
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/^\*|\*$/g, '');

const TYPE_NAMES: Record<ImportColumn['type'], string> = {
  text: '文本',
  integer: '整数',
  decimal: '数字',
  date: '日期',
  boolean: '是/否',
  enum: '下拉选择',
};

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** The template: a header row and an example row; a 说明 sheet with each column's rule; drop-downs for enumerations. */
export async function buildTemplate(kind: ImportKind, dynamic: Record<string, string[]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Steward';
  const ws = wb.addWorksheet(kind.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = kind.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(12, Math.min(40, c.header.length * 2 + 4)) }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  kind.columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.fill = HEAD_FILL;
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.note = `${c.required ? '必填' : '选填'}：${c.rule}`;
  });
  ws.addRow(kind.columns.map((c) => c.example));
  // Enumerations: a hidden sheet holds the lists, the data column refers to them (lists longer than 255 characters work too).
  const lists = kind.columns
    .map((c, i) => ({ c, i, options: c.options ?? dynamic[c.key] }))
    .filter((x) => (x.c.type === 'enum' || x.c.type === 'boolean' || dynamic[x.c.key]) && (x.c.type === 'boolean' || x.options?.length));
  if (lists.length) {
    const opt = wb.addWorksheet(OPTION_SHEET, { state: 'hidden' });
    lists.forEach((l, j) => {
      const values = l.c.type === 'boolean' ? ['是', '否'] : l.options!;
      const col = colLetter(j + 1);
      opt.getCell(`${col}1`).value = l.c.header;
      values.forEach((v, k) => {
        opt.getCell(`${col}${k + 2}`).value = v;
      });
      const ref = `${OPTION_SHEET}!$${col}$2:$${col}$${values.length + 1}`;
      const target = colLetter(l.i + 1);
      // exceljs accepts a range address for the whole column block
      (ws as unknown as { dataValidations: { add: (a: string, v: ExcelJS.DataValidation) => void } }).dataValidations.add(`${target}2:${target}200001`, {
        type: 'list',
        allowBlank: !l.c.required,
        formulae: [ref],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: '不在可选范围内',
        error: `请从下拉列表中选择${l.c.header}`,
      });
    });
  }
  const note = wb.addWorksheet(NOTE_SHEET);
  note.columns = [
    { header: '列名', width: 36 },
    { header: '是否必填', width: 10 },
    { header: '类型', width: 10 },
    { header: '填写规则', width: 80 },
    { header: '示例', width: 24 },
  ];
  note.getRow(1).font = { bold: true };
  for (const c of kind.columns) note.addRow([c.header, c.required ? '必填' : '选填', TYPE_NAMES[c.type], c.rule, cellText(c.example)]);
  note.addRow([]);
  for (const line of [
    `数据填在“${kind.sheet}”工作表，第 1 行为表头（请勿修改），从第 2 行起每行一条；示例行请删除或改为真实数据。`,
    '导入为“全部成功或全部不导入”：任何一处错误都不会写入数据，系统生成错误清单，修改后重新上传即可。',
    ...(kind.notes ?? []),
  ])
    note.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Plain value of a cell as exceljs reads it (rich text, formulas, hyperlinks and errors folded to text or number). */
function plainCell(v: unknown): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text?: unknown }[]; result?: unknown; text?: unknown; error?: unknown; formula?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((t) => (typeof t?.text === 'string' ? t.text : '')).join('');
    if ('result' in o || 'formula' in o) return plainCell(o.result);
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return typeof o.error === 'string' ? o.error : null;
  }
  return null;
}

export interface ReadOptions {
  maxRows: number;
  /** called with the number of data rows read so far, every few thousand rows */
  onProgress?: (rowsRead: number) => Promise<void>;
  /** give up when reading the workbook takes longer than this (damaged archives); default 120 s */
  idleMs?: number;
}

/**
 * Reads the data sheet with the streaming reader: checks the header row against the kind's columns, returns the
 * non-empty data rows with raw cells in template order (values are parsed later, by the centre).
 */
export async function readRows(content: Buffer, kind: ImportKind, opts: ReadOptions): Promise<SourceRow[]> {
  if (content.length < 22 || content[0] !== 0x50 || content[1] !== 0x4b || !hasEndOfCentralDirectory(content))
    throw new ImportFileError(UNREADABLE);
  // Not exceljs's streaming reader: it decodes each inflated chunk on its own, so a Chinese character split across two
  // chunks turns into U+FFFD and the cell is silently corrupted (any sheet over ~16 KB). The whole-workbook reader
  // decodes each part at once; the upload limit (10 MB) bounds what it holds in memory.
  const wb = new ExcelJS.Workbook();
  const loadMs = opts.idleMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      wb.xlsx.load(content as unknown as ArrayBuffer),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ImportFileError(UNREADABLE)), loadMs);
      }),
    ]);
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(UNREADABLE, { cause: err });
  } finally {
    clearTimeout(timer);
  }
  const ws = wb.worksheets.find((w) => !NON_DATA.has(w.name));
  if (!ws) throw new ImportFileError(`文件中没有数据工作表，请使用“${kind.title}”模板`);
  const head = ws.findRow(1);
  if (!head) throw new ImportFileError(`工作表“${ws.name}”是空的：第 1 行须为模板表头`);
  const map = matchHeaders(kind, (head.values as unknown[]) ?? []);
  const rows: SourceRow[] = [];
  const last = ws.rowCount;
  for (let n = 2; n <= last; n++) {
    const row = ws.findRow(n);
    if (!row) continue;
    const values = (row.values as unknown[]) ?? [];
    const raw = map.map((col) => plainCell(values[col]));
    if (raw.every((v) => v === null || (typeof v === 'string' && v.trim() === ''))) continue;
    if (rows.length >= opts.maxRows) throw new ImportFileError(`数据超过 ${opts.maxRows} 行的上限，请拆分为多个文件分批导入`);
    rows.push({ rowNo: n, raw: raw as CellValue[], values: {} });
    if (opts.onProgress && rows.length % 5000 === 0) await opts.onProgress(rows.length);
  }
  return rows;
}

const UNREADABLE = '文件无法读取：不是有效的 Excel（.xlsx）文件或文件已损坏，请用模板填写后另存为 .xlsx 再上传';

/** A whole zip archive ends with its central directory record (PK\x05\x06) in the last 64 KiB. */
function hasEndOfCentralDirectory(buf: Buffer): boolean {
  const from = Math.max(0, buf.length - 65_557);
  for (let i = buf.length - 22; i >= from; i--) if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 0x05 && buf[i + 3] === 0x06) return true;
  return false;
}

/** Maps the header row to the template's columns; a clear message when they do not match. */
function matchHeaders(kind: ImportKind, values: unknown[]): number[] {
  const byHeader = new Map<string, number>();
  const extra: string[] = [];
  for (let col = 1; col < values.length; col++) {
    const h = normHeader(cellText(plainCell(values[col])));
    if (!h || h === ERROR_COLUMN) continue;
    if (byHeader.has(h)) throw new ImportFileError(`表头中“${h}”出现了两次，请使用“${kind.title}”模板`);
    byHeader.set(h, col);
  }
  const wanted = new Set(kind.columns.map((c) => normHeader(c.header)));
  for (const h of byHeader.keys()) if (!wanted.has(h)) extra.push(h);
  const missing = kind.columns.filter((c) => !byHeader.has(normHeader(c.header))).map((c) => c.header);
  if (missing.length || extra.length) {
    const parts = [
      missing.length ? `缺少列：${missing.join('、')}` : '',
      extra.length ? `多出列：${extra.slice(0, 10).join('、')}${extra.length > 10 ? ' 等' : ''}` : '',
    ].filter(Boolean);
    throw new ImportFileError(`表头与“${kind.title}”模板不一致（${parts.join('；')}），请下载最新模板填写`);
  }
  return kind.columns.map((c) => byHeader.get(normHeader(c.header))!);
}

/**
 * The error workbook: sheet 错误清单 (row, column, message) first, then the uploaded rows in the template's columns
 * with a 错误说明 column, bad cells in red with a comment. Fixing the data sheet and uploading it again works: the
 * reader skips 错误清单 and ignores the 错误说明 column.
 */
export async function buildErrorWorkbook(kind: ImportKind, rows: SourceRow[], errors: CellError[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Steward';
  const sorted = [...errors].sort((a, b) => a.rowNo - b.rowNo);
  const list = wb.addWorksheet(ERROR_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = [
    { header: '行号', width: 8 },
    { header: '列名', width: 30 },
    { header: '错误说明', width: 80 },
  ];
  list.getRow(1).font = { bold: true };
  list.getRow(1).commit();
  for (const e of sorted) list.addRow([e.rowNo, e.column || '（整行）', e.message]).commit();
  list.commit();

  const byRow = new Map<number, CellError[]>();
  for (const e of sorted) {
    const l = byRow.get(e.rowNo);
    if (l) l.push(e);
    else byRow.set(e.rowNo, [e]);
  }
  const colOf = new Map(kind.columns.map((c, i) => [c.header, i + 1]));
  const data = wb.addWorksheet(kind.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = [...kind.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(12, Math.min(40, c.header.length * 2 + 4)) })), { header: ERROR_COLUMN, width: 60 }];
  const head = data.getRow(1);
  head.font = { bold: true };
  head.getCell(kind.columns.length + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  head.commit();
  let notes = 0;
  for (const r of rows) {
    const errs = byRow.get(r.rowNo);
    const row = data.getRow(r.rowNo);
    r.raw.forEach((v, i) => {
      row.getCell(i + 1).value = v;
    });
    if (errs) {
      row.getCell(kind.columns.length + 1).value = errs.map((e) => (e.column ? `${e.column}：${e.message}` : e.message)).join('；');
      for (const e of errs) {
        const col = colOf.get(e.column);
        if (!col) continue;
        const cell = row.getCell(col);
        cell.fill = RED_FILL;
        if (notes < MAX_NOTES) {
          cell.note = e.message;
          notes++;
        }
      }
    }
    row.commit();
  }
  data.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/**
 * The first `n` errors of an error workbook (its 错误清单 sheet comes first, so this reads little). The streaming
 * reader's chunk-boundary decoding fault (see readRows) cannot reach the first rows: they sit in the first 16 KB.
 */
export async function readFirstErrors(content: Buffer, n: number): Promise<CellError[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([content]), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const out: CellError[] = [];
  for await (const ws of reader) {
    if ((ws as unknown as { name?: string }).name !== ERROR_SHEET) continue;
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      if (row.number === 1) continue;
      const v = (row.values as unknown[]) ?? [];
      const column = cellText(plainCell(v[2]));
      out.push({ rowNo: Number(plainCell(v[1])) || 0, column: column === '（整行）' ? '' : column, message: cellText(plainCell(v[3])) });
      if (out.length >= n) break;
    }
    break;
  }
  return out;
}
