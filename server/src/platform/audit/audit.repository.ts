import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type AuditRecord, chainHash } from './audit.chain.js';

export type AuditEntry = Omit<AuditRecord, 'seq' | 'at'>;

/** Plain JSON only (dates become ISO strings), so what is hashed is what jsonb gives back. */
function plain(v: unknown): unknown {
  return v === undefined || v === null ? null : JSON.parse(JSON.stringify(v));
}

/**
 * Appends one row to the chain inside the caller's transaction. The chain head row is locked, so writers
 * queue and sequence numbers stay gapless; the lock ends with the caller's transaction.
 */
export async function appendAudit(tx: Db, macKey: Buffer, entry: AuditEntry): Promise<number> {
  const head = await tx
    .selectFrom('audit_chain_head')
    .select(['last_seq', 'last_hash'])
    .where('id', '=', true)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const rec: AuditRecord = {
    ...entry,
    seq: Number(head.last_seq) + 1,
    at: new Date(),
    before: plain(entry.before),
    after: plain(entry.after),
  };
  const hash = chainHash(macKey, head.last_hash, rec);
  await tx
    .insertInto('audit_log')
    .values({
      ...rec,
      before: rec.before === null ? null : JSON.stringify(rec.before),
      after: rec.after === null ? null : JSON.stringify(rec.after),
      prev_hash: head.last_hash,
      hash,
    })
    .execute();
  await tx.updateTable('audit_chain_head').set({ last_seq: rec.seq, last_hash: hash }).where('id', '=', true).execute();
  return rec.seq;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

/** Walks the whole chain in order, in pages, and reports the first row that does not fit. */
export async function verifyAuditChain(db: Db, macKey: Buffer, pageSize = 5000): Promise<ChainReport> {
  const head = await db.selectFrom('audit_chain_head').select(['last_seq', 'last_hash']).executeTakeFirst();
  let prevHash = '0'.repeat(64);
  let expectSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'at', 'user_id', 'username', 'ip', 'action', 'object_type', 'object_id', 'before', 'after', 'result', 'detail', 'prev_hash', 'hash'])
      .where('seq', '>=', expectSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectSeq) return { ok: false, checked, firstBroken: { seq: expectSeq, reason: `第 ${expectSeq} 条记录缺失（已被删除）` } };
      if (r.prev_hash !== prevHash) return { ok: false, checked, firstBroken: { seq, reason: `第 ${seq} 条记录的前序哈希与上一条不符` } };
      const { prev_hash: _prev, hash, ...fields } = r;
      const rec: AuditRecord = { ...fields, seq, at: new Date(r.at), result: r.result as AuditRecord['result'] };
      if (chainHash(macKey, prevHash, rec) !== hash)
        return { ok: false, checked, firstBroken: { seq, reason: `第 ${seq} 条记录内容被篡改（哈希不符）` } };
      prevHash = r.hash;
      expectSeq = seq + 1;
      checked++;
    }
  }
  const lastSeq = Number(head?.last_seq ?? 0);
  if (lastSeq !== expectSeq - 1 || (lastSeq > 0 && head?.last_hash !== prevHash))
    return { ok: false, checked, firstBroken: { seq: expectSeq, reason: `链尾记录缺失：应有 ${lastSeq} 条，实有 ${expectSeq - 1} 条` } };
  return { ok: true, checked };
}

export interface AuditFilter {
  username?: string;
  action?: string;
  objectType?: string;
  result?: string;
  from?: string;
  to?: string;
}

export function auditQuery(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.username) q = q.where('username', '=', f.username);
  if (f.action) q = q.where('action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.result) q = q.where('result', '=', f.result);
  if (f.from) q = q.where('at', '>=', new Date(f.from));
  if (f.to) q = q.where('at', '<', new Date(f.to));
  return q;
}

export const AUDIT_COLUMNS = ['seq', 'at', 'username', 'ip', 'action', 'object_type', 'object_id', 'result', 'detail', 'before', 'after'] as const;

export async function countAuditRows(db: Db) {
  const r = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db);
  return r.rows[0]?.n ?? 0;
}
