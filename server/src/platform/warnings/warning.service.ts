import type { Db } from '../../db/connection.js';
import type { DataScope } from '../access/scope.js';
import { conflict, invalid, notFound } from '../errors.js';
import { findWarningInScope, updateWarningStatus, type WarningRow } from './warning.repository.js';

export type WarningAction = 'acknowledge' | 'resolve' | 'dismiss';

/** What a holder of warning:item:handle may do with a warning in this status. */
export function warningActions(status: string, canHandle: boolean): WarningAction[] {
  if (!canHandle) return [];
  if (status === 'open') return ['acknowledge', 'resolve', 'dismiss'];
  if (status === 'acknowledged') return ['resolve', 'dismiss'];
  return [];
}

const NEXT: Record<WarningAction, 'acknowledged' | 'resolved' | 'dismissed'> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  dismiss: 'dismissed',
};

/**
 * 确认 / 办结 / 忽略 one warning of the caller's scope. Outside the scope: 404; already closed: 409.
 * Dismissing needs a reason (忽略理由); a dismissed finding is not raised again by the rules for a year.
 */
export async function handleWarning(
  tx: Db,
  who: { userId: number; scope: DataScope },
  id: number,
  action: WarningAction,
  resolution?: string,
): Promise<{ before: WarningRow; status: string }> {
  const w = await findWarningInScope(tx, who.scope, id, true);
  if (!w) throw notFound('预警');
  if (w.status === 'resolved' || w.status === 'dismissed') throw conflict('该预警已关闭，不能再处理', 'WARNING_CLOSED');
  if (action === 'acknowledge' && w.status === 'acknowledged') throw conflict('该预警已确认', 'WARNING_ACKNOWLEDGED');
  const text = resolution?.trim() ?? '';
  if (action === 'dismiss' && text.length < 2) throw invalid('忽略预警须填写忽略理由', [{ field: 'resolution', message: '请填写忽略理由（至少 2 个字）' }]);
  const next = NEXT[action];
  await updateWarningStatus(tx, id, { status: next, closedBy: who.userId, resolution: text || null });
  return { before: w, status: next };
}
