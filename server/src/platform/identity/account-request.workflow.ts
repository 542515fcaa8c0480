import { randomInt } from 'node:crypto';
import { findRoleIdsByCode } from '../access/role.repository.js';
import { sm4Encrypt } from '../crypto/crypto.service.js';
import { conflict } from '../errors.js';
import { defineBusinessType, type DecisionContext } from '../workflow/business-type.js';
import { decideRequest, findItems, findTakenUsernames, lockRequest, setItemAccount } from './account-request.repository.js';
import { createAccount } from './user.service.js';

export const ACCOUNT_REQUEST_TYPE = 'system.account-request';

const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%&*+=?'];

/** A 14-character initial password with every character class, from the CSPRNG; no look-alike characters. */
export function generateInitialPassword(): string {
  const all = CLASSES.join('');
  const chars = CLASSES.map((c) => c[randomInt(c.length)]!);
  while (chars.length < 14) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** Approval opens the accounts, in the same transaction: either every account exists and the request is approved, or nothing. */
async function onApproved({ tx, platform, instance, actorId }: DecisionContext) {
  const id = Number(instance.businessKey);
  const req = await lockRequest(tx, id);
  if (!req || req.status !== 'pending') throw conflict('该账号申请已处理');
  const items = await findItems(tx, id);
  const taken = await findTakenUsernames(tx, items.map((i) => i.username), id);
  if (taken.length) throw conflict(`用户名已被占用：${taken.join('、')}，请拒绝后让申请单位修改`, 'USERNAME_TAKEN');
  const roles = await findRoleIdsByCode(tx);
  for (const item of items) {
    const role = roles.get(item.role_code)!;
    const password = generateInitialPassword();
    const userId = await createAccount(platform, tx, {
      username: item.username,
      displayName: item.display_name,
      unitId: req.unit_id,
      personId: item.person_id,
      roles: [role],
      createdBy: actorId,
      initialPassword: password,
    });
    await setItemAccount(tx, item.id, userId, sm4Encrypt(platform.keys.dataKey, password));
  }
  await decideRequest(tx, id, 'approved');
}

export const ACCOUNT_REQUEST = defineBusinessType({
  code: ACCOUNT_REQUEST_TYPE,
  name: '账号开设申请',
  module: 'platform',
  fields: [
    { key: 'count', label: '申请账号数', type: 'number' },
    { key: 'unitLevel', label: '单位层级', type: 'string', options: [
      { value: 'province', label: '省级' }, { value: 'city', label: '市级' }, { value: 'county', label: '县级' }, { value: 'township', label: '乡镇' },
    ] },
    { key: 'roles', label: '申请角色', type: 'array', options: [
      { value: 'staff', label: '干部职工' }, { value: 'driver', label: '驾驶员' }, { value: 'unit_admin', label: '单位管理员' },
    ] },
    { key: 'reason', label: '申请理由', type: 'string' },
  ],
  defaultTree: {
    nodes: [
      {
        id: 'region-admin',
        type: 'approval',
        name: '属地管理员审批',
        strategy: { kind: 'role', roleCodes: ['sysadmin', 'province_manager', 'region_manager'], at: 'bureau', bureauLevel: 'own', nearest: true },
        mode: 'any',
        noApprover: 'refuse',
        selfApprove: 'skip',
        deadlineWorkingDays: 3,
        remindBeforeHours: 4,
        timeoutAction: 'none',
      },
    ],
  },
  link: (key) => `/system/account-requests/${key}`,
  onApproved,
  onRejected: async ({ tx, instance }) => decideRequest(tx, Number(instance.businessKey), 'rejected'),
  onCancelled: async ({ tx, instance }) => decideRequest(tx, Number(instance.businessKey), 'cancelled'),
});
