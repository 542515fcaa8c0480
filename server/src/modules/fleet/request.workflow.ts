import { conflict } from '../../platform/errors.js';
import { notify } from '../../platform/notify/notification.service.js';
import { type BusinessType, type DecisionContext, defineBusinessType } from '../../platform/workflow/business-type.js';
import type { ProcessTree } from '../../platform/workflow/definition.js';
import { findFleetManagersFor, lockRequest, setRequestStatus } from './request.repository.js';

export const FLEET_REQUEST_TYPE = 'fleet.request';

/**
 * One approval by the leader of the requester's own unit (the unit administrator, role unit_admin). A unit without
 * one cannot file until a process manager publishes another process (找不到审批人 → refused with a clear message).
 */
const UNIT_LEADER_TREE: ProcessTree = {
  nodes: [
    {
      id: 'unit',
      type: 'approval',
      name: '单位负责人审批',
      strategy: { kind: 'role', roleCodes: ['unit_admin'], at: 'starter_unit' },
      mode: 'any',
      noApprover: 'refuse',
      selfApprove: 'skip',
      deadlineHours: 24,
      remindBeforeHours: 4,
      timeoutAction: 'none',
    },
  ],
};

async function pending(ctx: DecisionContext) {
  const r = await lockRequest(ctx.tx, Number(ctx.instance.businessKey));
  if (!r || r.status !== 'pending') throw conflict('该用车申请已处理', 'REQUEST_DECIDED');
  return r;
}

async function onApproved(ctx: DecisionContext) {
  const r = await pending(ctx);
  await setRequestStatus(ctx.tx, r.id, ['pending'], 'approved');
  const managers = await findFleetManagersFor(ctx.tx, r.id);
  await notify(ctx.tx, managers, {
    category: 'todo',
    title: `待派车：${r.purpose}`,
    body: `${r.origin} → ${r.destination}，${r.starts_at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} 起`,
    link: `/fleet/board`,
    objectType: 'fleet_request',
    objectId: String(r.id),
    dedupeKey: `fleet-request-approved-${r.id}`,
  });
}

async function onEnded(ctx: DecisionContext, status: 'rejected' | 'cancelled') {
  const r = await pending(ctx);
  await setRequestStatus(ctx.tx, r.id, ['pending'], status);
}

export const FLEET_REQUEST: BusinessType = defineBusinessType({
  code: FLEET_REQUEST_TYPE,
  name: '公务用车申请',
  module: 'fleet',
  fields: [
    { key: 'passengers', label: '乘车人数', type: 'number' },
    { key: 'hours', label: '用车时长（小时）', type: 'number' },
    { key: 'destination', label: '目的地', type: 'string' },
  ],
  defaultTree: UNIT_LEADER_TREE,
  link: (key) => `/fleet/requests/${key}`,
  onApproved,
  onRejected: (ctx) => onEnded(ctx, 'rejected'),
  onCancelled: (ctx) => onEnded(ctx, 'cancelled'),
});

/** Approval business types of the fleet module. */
export const FLEET_BUSINESS_TYPES: BusinessType[] = [FLEET_REQUEST];
