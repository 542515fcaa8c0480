import { sql } from 'kysely';
import type { Platform } from '../platform/context.js';
import { seedDemoAccounts } from './accounts.js';
import { seedOrgsAndPersons } from './demo.js';
import { EMPTY_SCOPE } from '../platform/access/scope.js';
import { submitAccountRequest } from '../platform/identity/account-request.service.js';
import { evaluateOffices } from '../modules/estate/evaluation.service.js';
import { seedFleetDemo } from '../modules/fleet/fleet.demo.js';
import { seedTelematicsDemo } from '../modules/telematics/telematics.demo.js';
import { evaluateAndNotify } from '../modules/fleet/vehicle.service.js';

export type Scale = 'demo' | 'province';

export async function isEmpty(p: Platform): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int as n from org`.execute(p.db);
  return (r.rows[0]?.n ?? 0) === 0;
}

/** Organisations, persons and the demo accounts. */
export async function seed(p: Platform, scale: Scale, onProgress?: (done: number, total: number, label: string) => void) {
  const s = await seedOrgsAndPersons(p.db, p.keys, { scale, onProgress });
  const iterations = (await p.settings.get())['security.password.pbkdf2_iterations'];
  const bureau = s.provinceBureauId;
  const jinan = s.cityBureauIds['3701'];
  const qingdao = s.cityBureauIds['3702'];
  if (!jinan || !qingdao) throw new Error('seed did not create the 济南 and 青岛 bureaus');
  const personUnit = async (personId: number) =>
    (await p.db.selectFrom('person').select('unit_id').where('id', '=', personId).executeTakeFirstOrThrow()).unit_id;
  const sp = s.samplePersonIds;
  await seedDemoAccounts(
    p.db,
    [
      { username: 'sysadmin', displayName: '系统管理员', role: 'sysadmin', unitId: bureau },
      { username: 'secadmin', displayName: '安全管理员', role: 'secadmin', unitId: bureau },
      { username: 'auditor', displayName: '安全审计员', role: 'auditor', unitId: bureau },
      { username: 'province', displayName: '省局业务管理员', role: 'province_manager', unitId: bureau, personId: sp.province },
      { username: 'jinan', displayName: '济南市局管理员', role: 'region_manager', unitId: jinan, personId: sp.jinan },
      { username: 'qingdao', displayName: '青岛市局管理员', role: 'region_manager', unitId: qingdao, personId: sp.qingdao },
      { username: 'unit', displayName: '单位管理员', role: 'unit_admin', unitId: s.sampleDeptUnitId, personId: sp.unitAdmin },
      { username: 'staff', displayName: '干部职工', role: 'staff', unitId: await personUnit(sp.staff), personId: sp.staff },
      { username: 'driver', displayName: '驾驶员', role: 'driver', unitId: await personUnit(sp.driver), personId: sp.driver },
      { username: 'fleet', displayName: '公务用车管理员', role: 'fleet_manager', unitId: await personUnit(sp.driver) },
    ],
    iterations,
  );
  // One request waiting for approval, so `province` and `sysadmin` find something in 审批中心 on first sign-in.
  const requester = await p.db.selectFrom('app_user').select(['id', 'unit_id']).where('username', '=', 'unit').executeTakeFirstOrThrow();
  await p.db.transaction().execute((tx) =>
    submitAccountRequest(
      { tx, p },
      { userId: requester.id, unitId: requester.unit_id, scope: EMPTY_SCOPE },
      {
        reason: '基础教育处新录用公务员 2 名，申请开通资产管理与用车申请账号',
        requestKey: 'demo-seed-account-request',
        items: [
          { username: 'liu.yang', displayName: '刘洋', roleCode: 'staff' },
          { username: 'chen.jing', displayName: '陈静', roleCode: 'staff' },
        ],
      },
    ),
  );
  // Official vehicles: after the accounts, since requests and dispatches name their users.
  if (scale === 'demo') await seedFleetDemo(p.db);
  // Telematics: the province boundary as the permitted area of every car (cars and their terminals are in the fleet demo).
  if (scale === 'demo') await seedTelematicsDemo(p.db);
  // The office-space rules run once, so the demo opens with its findings (超标与违规) already raised.
  if (scale === 'demo') await evaluateOffices(p, {});
  // …and so do the vehicle rules (over quota, missing terminals, expiring documents; the fleet managers are notified).
  if (scale === 'demo') await evaluateAndNotify(p);
  // Fresh statistics and visibility map after a bulk load, so the planner and index-only scans work from the start.
  await sql`vacuum analyze`.execute(p.db);
  return s;
}
