import type { DataScope } from '../../platform/access/scope.js';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.js';
import { cancel, type Env, startInstance } from '../../platform/workflow/workflow.engine.js';
import type { Db } from '../../db/connection.js';
import { insertRequest, lockRequest, type RequestStatus, setFeedback, setRequestInstance, setRequestStatus } from './request.repository.js';
import { FLEET_REQUEST_TYPE } from './request.workflow.js';

export interface Caller {
  userId: number;
  unitId: number;
  personId: number | null;
  scope: DataScope;
  permissions: Set<string>;
}

export const REQUEST_STATUS_NAMES: Record<string, string> = {
  pending: '审批中',
  approved: '待派车',
  rejected: '未通过',
  cancelled: '已取消',
  dispatched: '已派车',
  completed: '已完成',
  no_show: '未按时用车',
};

export const DISPATCH_STATUS_NAMES: Record<string, string> = {
  assigned: '已派车',
  started: '已出车',
  finished: '已收车',
  cancelled: '已取消',
  no_show: '未按时用车',
};

/** A longest single use of a car: a week. */
const MAX_WINDOW_MS = 7 * 24 * 3600_000;

export interface Window {
  from: string;
  to: string;
}

/** The window is a real interval (to after from, at most a week); 先申请、后用车: ordinary requests start in the future. */
export function checkWindow(w: Window, opts: { future: boolean }) {
  const from = Date.parse(w.from);
  const to = Date.parse(w.to);
  if (Number.isNaN(from) || Number.isNaN(to)) throw invalid('用车时间格式不正确', [{ field: 'from', message: '时间格式不正确' }]);
  if (to <= from) throw invalid('结束时间须晚于开始时间', [{ field: 'to', message: '须晚于开始时间' }]);
  if (to - from > MAX_WINDOW_MS) throw invalid('单次用车不超过 7 天', [{ field: 'to', message: '单次用车不超过 7 天' }]);
  if (opts.future && from <= Date.now()) throw invalid('先申请、后用车：开始时间须晚于当前时间（紧急用车请联系车管员登记）', [{ field: 'from', message: '须晚于当前时间' }]);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export interface RequestInput extends Window {
  requestKey: string;
  purpose: string;
  passengers: number;
  origin: string;
  destination: string;
}

/**
 * Files a request and starts its approval in the caller's transaction (row and instance commit together). The
 * engine may decide at once (every node skipped): the handlers find the row already there.
 */
export async function fileRequest(env: Env, caller: Caller, input: RequestInput): Promise<number> {
  const w = checkWindow(input, { future: true });
  const row = await insertRequest(env.tx, {
    requester_id: caller.userId,
    person_id: caller.personId,
    unit_id: caller.unitId,
    purpose: input.purpose.trim(),
    passengers: input.passengers,
    origin: input.origin.trim(),
    destination: input.destination.trim(),
    from: w.from,
    to: w.to,
    emergency: false,
    status: 'pending',
    request_key: input.requestKey,
  });
  const hours = Math.round(((Date.parse(w.to) - Date.parse(w.from)) / 3600_000) * 10) / 10;
  const inst = await startInstance(env, {
    businessType: FLEET_REQUEST_TYPE,
    businessKey: String(row.id),
    title: `用车申请：${input.purpose.trim()}`.slice(0, 100),
    form: { passengers: input.passengers, hours, destination: input.destination.trim(), origin: input.origin.trim(), from: w.from, to: w.to },
    starterId: caller.userId,
    requestKey: `fleet-request-${input.requestKey}`.slice(0, 100),
  });
  await setRequestInstance(env.tx, row.id, inst.id);
  return row.id;
}

async function ownRequest(tx: Db, caller: Caller, id: number) {
  const r = await lockRequest(tx, id);
  if (!r || r.requester_id !== caller.userId) throw notFound('用车申请');
  return r;
}

/**
 * The requester cancels before a car is dispatched: a pending one ends its approval (the handler marks it
 * cancelled), an approved one is cancelled at once.
 */
export async function cancelRequest(env: Env, caller: Caller, id: number, reason: string) {
  const r = await ownRequest(env.tx, caller, id);
  const text = reason.trim();
  if (r.status === 'pending' && r.wf_instance_id !== null) {
    await cancel(env, caller.userId, Number(r.wf_instance_id), { comment: text });
    await setRequestStatus(env.tx, r.id, ['cancelled'], 'cancelled', { cancel_reason: text });
    return;
  }
  if (r.status !== 'approved')
    throw new AppError('REQUEST_STATE', r.status === 'dispatched' ? '已派车，请联系车管员取消派车后再取消申请' : `申请当前为“${REQUEST_STATUS_NAMES[r.status]}”，不能取消`, 409);
  await setRequestStatus(env.tx, r.id, ['approved'], 'cancelled', { cancel_reason: text });
}

/** 评价: 1–5 stars and a remark, once, after the trip is completed. */
export async function giveFeedback(tx: Db, caller: Caller, id: number, score: number, text: string) {
  const r = await ownRequest(tx, caller, id);
  if (r.status !== 'completed') throw conflict('行程完成后才能评价', 'REQUEST_STATE');
  if (!(await setFeedback(tx, r.id, score, text.trim()))) throw conflict('该申请已评价', 'FEEDBACK_GIVEN');
}

/** What the caller may do now with a request (the UI shows these buttons). */
export function requestActions(
  r: { requester_id: number; status: string; feedback_score: number | null; dispatch_status: string | null },
  caller: { userId: number; permissions: Set<string> },
): string[] {
  const out: string[] = [];
  const mine = r.requester_id === caller.userId && caller.permissions.has('fleet:request:create');
  const status = r.status as RequestStatus;
  if (mine && (status === 'pending' || status === 'approved')) out.push('cancel');
  if (mine && status === 'completed' && r.feedback_score === null) out.push('feedback');
  if (caller.permissions.has('fleet:dispatch:manage')) {
    if (status === 'approved') out.push('dispatch');
    if (status === 'dispatched' && r.dispatch_status === 'assigned') out.push('cancel_dispatch', 'no_show');
  }
  return out;
}
