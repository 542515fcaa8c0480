import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

/** Import batches and the files they read and write. */

export const BATCH_COLUMNS = [
  'b.id',
  'b.kind',
  'b.file_id',
  'b.status',
  'b.total_rows',
  'b.processed_rows',
  'b.error_count',
  'b.error_file_id',
  'b.message',
  'b.created_by',
  'b.created_at',
  'b.started_at',
  'b.finished_at',
] as const;

export async function findUploadedFile(db: Db, fileId: string, userId: number) {
  return db
    .selectFrom('file')
    .select(['id', 'name', 'size', 'mime'])
    .where('id', '=', fileId)
    .where('uploaded_by', '=', userId)
    .executeTakeFirst();
}

export async function findFileContent(db: Db, fileId: string) {
  return db.selectFrom('file').select(['name', 'content']).where('id', '=', fileId).executeTakeFirst();
}

/** Inserts the batch unless the same user already imports the same file as the same kind; returns whether it did. */
export async function insertBatch(db: Db, b: { id: string; kind: string; fileId: string; userId: number }): Promise<boolean> {
  const row = await db
    .insertInto('import_batch')
    .values({ id: b.id, kind: b.kind, file_id: b.fileId, created_by: b.userId })
    .onConflict((oc) => oc.columns(['created_by', 'file_id', 'kind']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function attachFile(db: Db, fileId: string) {
  await db.updateTable('file').set({ attached_at: sql`coalesce(attached_at, now())` }).where('id', '=', fileId).execute();
}

export async function findBatchByKey(db: Db, userId: number, fileId: string, kind: string) {
  return db
    .selectFrom('import_batch as b')
    .select(BATCH_COLUMNS)
    .where('b.created_by', '=', userId)
    .where('b.file_id', '=', fileId)
    .where('b.kind', '=', kind)
    .executeTakeFirst();
}

/** A batch of this user (batches are private to who started them). */
export async function findBatch(db: Db, id: string, userId?: number) {
  let q = db.selectFrom('import_batch as b').leftJoin('file as f', 'f.id', 'b.file_id').select([...BATCH_COLUMNS, 'f.name as file_name']).where('b.id', '=', id);
  if (userId !== undefined) q = q.where('b.created_by', '=', userId);
  return q.executeTakeFirst();
}

export type BatchRow = NonNullable<Awaited<ReturnType<typeof findBatch>>>;

/** The list query of one user's batches of some kinds (paged by the list helper). */
export function batchListQuery(db: Db, userId: number, kinds: string[], filter: { kind?: string; status?: string }) {
  let q = db
    .selectFrom('import_batch as b')
    .leftJoin('file as f', 'f.id', 'b.file_id')
    .where('b.created_by', '=', userId)
    .where('b.kind', 'in', kinds.length ? kinds : ['-']);
  if (filter.kind) q = q.where('b.kind', '=', filter.kind);
  if (filter.status) q = q.where('b.status', '=', filter.status);
  return q;
}

export const selectBatchListColumns = <Q extends ReturnType<typeof batchListQuery>>(q: Q) => q.select([...BATCH_COLUMNS, 'f.name as file_name']);

/** Takes a queued batch (one runner wins); undefined when somebody else has it or it has finished. */
export async function claimBatch(db: Db, id: string) {
  return db
    .updateTable('import_batch')
    .set({ status: 'validating', started_at: sql`now()`, processed_rows: 0 })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .returning(['id', 'kind', 'file_id', 'created_by'])
    .executeTakeFirst();
}

export async function updateProgress(db: Db, id: string, p: { status?: 'validating' | 'committing'; total?: number | null; processed: number }) {
  await db
    .updateTable('import_batch')
    .set({
      processed_rows: p.processed,
      ...(p.total !== undefined ? { total_rows: p.total } : {}),
      ...(p.status ? { status: p.status } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', ['validating', 'committing'])
    .execute();
}

export async function markSucceeded(db: Db, id: string, rows: number, message: string) {
  await db
    .updateTable('import_batch')
    .set({ status: 'succeeded', processed_rows: rows, total_rows: rows, error_count: 0, message, finished_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, id: string, f: { errorCount: number; errorFileId: string | null; message: string }) {
  await db
    .updateTable('import_batch')
    .set({ status: 'failed', error_count: f.errorCount, error_file_id: f.errorFileId, message: f.message.slice(0, 500), finished_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Batches left running by a process that went away (validating or committing for longer than `minutes`). */
export async function failStaleBatches(db: Db, minutes: number, message: string) {
  const rows = await db
    .updateTable('import_batch')
    .set({ status: 'failed', message, finished_at: sql`now()` })
    .where('status', 'in', ['validating', 'committing'])
    .where('started_at', '<', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .returning('id')
    .execute();
  return rows.length;
}

export async function findQueuedBatchIds(db: Db, olderThanSeconds: number) {
  const rows = await db
    .selectFrom('import_batch')
    .select('id')
    .where('status', '=', 'queued')
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .orderBy('created_at')
    .limit(20)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertGeneratedFile(db: Db, f: { id: string; name: string; mime: string; content: Buffer; sm3: string; userId: number }) {
  await db
    .insertInto('file')
    .values({ id: f.id, name: f.name, mime: f.mime, size: f.content.length, sm3: f.sm3, content: f.content, uploaded_by: f.userId, attached_at: sql`now()` })
    .execute();
}

export async function findUserName(db: Db, userId: number) {
  return (await db.selectFrom('app_user').select('username').where('id', '=', userId).executeTakeFirst())?.username;
}
