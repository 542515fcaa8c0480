import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import type { Platform } from '../../platform/context.js';
import { invalid, notFound } from '../../platform/errors.js';
import { upsertQuota } from './quota.repository.js';
import { findCategory, findUnitInScope } from './vehicle.repository.js';
import { evaluateFleet } from './vehicle.service.js';

/** Sets a unit's quota of a category and re-evaluates the unit (over-quota raised or closed in the same transaction). */
export async function setQuota(p: Pick<Platform, 'settings'>, tx: Db, scope: DataScope, unitId: number, code: string, quota: number, basis: string) {
  const unit = await findUnitInScope(tx, scope, unitId);
  if (!unit) throw notFound('单位');
  if (unit.kind !== 'unit') throw invalid('编制只能核定到单位（不能是内设机构）');
  if (!(await findCategory(tx, code))) throw notFound('车辆类别');
  const before = await upsertQuota(tx, { unit_id: unitId, category_code: code, quota, basis });
  await evaluateFleet(p, { unitIds: [unitId] }, tx);
  return before;
}
