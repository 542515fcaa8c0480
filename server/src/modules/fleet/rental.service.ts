import type { Db } from '../../db/connection.js';
import { invalid } from '../../platform/errors.js';
import { findOrgInScope } from '../../platform/org/org.repository.js';
import { insertRental } from './rental.repository.js';
import { findRequestInScope } from './request.repository.js';
import type { Caller } from './request.service.js';

export interface RentalInput {
  unitId?: number;
  requestId?: number;
  company: string;
  orderNo: string;
  plate: string;
  startedAt: string;
  endedAt: string;
  km: number;
  cost: number;
}

/** 租车登记: a rental order (when own cars do not suffice), for the unit of its request or the one chosen. */
export async function registerRental(tx: Db, caller: Caller, input: RentalInput) {
  if (Date.parse(input.endedAt) <= Date.parse(input.startedAt)) throw invalid('还车时间须晚于取车时间', [{ field: 'endedAt', message: '须晚于取车时间' }]);
  let unitId = input.unitId ?? caller.unitId;
  if (input.requestId !== undefined) {
    const r = await findRequestInScope(tx, caller.scope, input.requestId);
    if (!r) throw invalid('关联的用车申请不存在或不在您的管理范围内', [{ field: 'requestId', message: '申请不存在' }]);
    unitId = input.unitId ?? r.unit_id;
  }
  const unit = await findOrgInScope(tx, caller.scope, unitId);
  if (!unit || unit.kind !== 'unit') throw invalid('用车单位不存在或不在您的管理范围内', [{ field: 'unitId', message: '请选择管理范围内的单位' }]);
  return insertRental(tx, {
    unit_id: unit.id,
    request_id: input.requestId ?? null,
    company: input.company.trim(),
    order_no: input.orderNo.trim(),
    plate: input.plate,
    started_at: input.startedAt,
    ended_at: input.endedAt,
    km: input.km,
    cost: input.cost,
    created_by: caller.userId,
  });
}
