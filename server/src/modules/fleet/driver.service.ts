import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import type { Platform } from '../../platform/context.js';
import { invalid, notFound } from '../../platform/errors.js';
import { type DriverRow, findPersonInScope, insertDriver, updateDriver } from './driver.repository.js';
import { evaluateFleet } from './vehicle.service.js';

export interface DriverInput {
  personId: number;
  licenceNo: string;
  licenceClass: string;
  licenceExpiresOn: string;
}

/** Registers a person of the caller's scope as a driver of the person's unit; re-evaluates the licence findings. */
export async function createDriver(p: Pick<Platform, 'settings'>, tx: Db, scope: DataScope, b: DriverInput): Promise<number> {
  const person = await findPersonInScope(tx, scope, b.personId);
  if (!person) throw notFound('人员');
  if (person.status !== 'active') throw invalid('只能登记在职人员为驾驶员', [{ field: 'personId', message: '人员不在职' }]);
  const id = await insertDriver(tx, {
    person_id: person.id,
    unit_id: person.unit_id,
    licence_no: b.licenceNo,
    licence_class: b.licenceClass,
    licence_expires_on: b.licenceExpiresOn,
  });
  await evaluateFleet(p, { unitIds: [person.unit_id] }, tx);
  return id;
}

export async function editDriver(
  p: Pick<Platform, 'settings'>,
  tx: Db,
  cur: DriverRow,
  b: { licenceNo?: string; licenceClass?: string; licenceExpiresOn?: string; status?: string },
) {
  await updateDriver(tx, cur.id, {
    ...(b.licenceNo !== undefined ? { licence_no: b.licenceNo } : {}),
    ...(b.licenceClass !== undefined ? { licence_class: b.licenceClass } : {}),
    ...(b.licenceExpiresOn !== undefined ? { licence_expires_on: b.licenceExpiresOn } : {}),
    ...(b.status !== undefined ? { status: b.status } : {}),
  });
  await evaluateFleet(p, { unitIds: [cur.unit_id] }, tx);
}
