import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/connection.js';
import { AppError } from '../errors.js';
import { type AuditEntry, appendAudit } from './audit.repository.js';

export interface AuditOutcome<T> {
  result: T;
  objectId?: string | number;
  before?: unknown;
  after?: unknown;
  detail?: string;
}

/** Who acted: the signed-in user, or the partner system (接入方) by its code, or '-' before sign-in. */
function actor(req: FastifyRequest) {
  const username = req.auth?.username ?? (req.partner ? `partner:${req.partner.code}` : '-');
  return { user_id: req.auth?.userId ?? null, username, ip: req.ip };
}

/** Writes one standalone audit row (login, export, view of personal data) in its own transaction. */
export async function auditEvent(
  req: FastifyRequest,
  e: Omit<AuditEntry, 'user_id' | 'username' | 'ip' | 'before' | 'after' | 'detail' | 'result'> &
    Partial<Pick<AuditEntry, 'before' | 'after' | 'detail' | 'result' | 'user_id' | 'username'>>,
  db: Db = req.server.platform.db,
) {
  const { macKey } = req.server.platform.keys;
  await db.transaction().execute((tx) =>
    appendAudit(tx, macKey, { before: null, after: null, detail: '', result: 'success', ...actor(req), ...e }),
  );
  req.audited = true;
}

/**
 * Runs a change in one transaction together with its audit row. If the change fails, the transaction rolls
 * back and a failure row is written on its own, so refused attempts are on the record too.
 */
export async function audited<T>(
  req: FastifyRequest,
  action: string,
  objectType: string,
  fn: (tx: Db) => Promise<AuditOutcome<T>>,
): Promise<T> {
  const { db, keys } = req.server.platform;
  try {
    const out = await db.transaction().execute(async (tx) => {
      const o = await fn(tx);
      await appendAudit(tx, keys.macKey, {
        ...actor(req),
        action,
        object_type: objectType,
        object_id: o.objectId === undefined ? '' : String(o.objectId),
        before: o.before ?? null,
        after: o.after ?? null,
        result: 'success',
        detail: o.detail ?? '',
      });
      return o.result;
    });
    req.audited = true;
    return out;
  } catch (err) {
    const code = err instanceof AppError ? err.code : ((err as { code?: string }).code ?? 'ERROR');
    await auditEvent(req, { action, object_type: objectType, object_id: '', result: 'failure', detail: String(code) }).catch(
      (e: unknown) => req.log.error({ err: e }, 'failed to audit a failure'),
    );
    throw err;
  }
}
