import type { DataScope } from '../access/scope.js';
import { AppError, invalid } from '../errors.js';
import { findPersonInScope } from '../org/person.repository.js';
import { type Env, startInstance } from '../workflow/workflow.engine.js';
import { findRequestableRoles, findTakenUsernames, insertItems, insertRequest } from './account-request.repository.js';
import { ACCOUNT_REQUEST_TYPE } from './account-request.workflow.js';

export interface AccountRequestInput {
  reason: string;
  requestKey: string;
  items: { username: string; displayName: string; personId?: number | null; roleCode: string }[];
}

/**
 * Files a request for accounts in the requester's unit and starts its approval, in the caller's transaction.
 * Only business roles of the unit's own reach; usernames free of accounts and of other pending requests.
 */
export async function submitAccountRequest(env: Env, requester: { userId: number; unitId: number; scope: DataScope }, body: AccountRequestInput): Promise<number> {
  const { tx } = env;
  const names = body.items.map((i) => i.username);
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length) throw invalid(`用户名重复：${[...new Set(dup)].join('、')}`, [{ field: 'items', message: '用户名重复' }]);
  const roles = new Set((await findRequestableRoles(tx)).map((r) => r.code));
  const details = body.items.flatMap((it, i) => (roles.has(it.roleCode) ? [] : [{ field: `items.${i}.roleCode`, message: '不能申请该角色' }]));
  if (details.length) throw invalid('只能申请本单位范围内的业务角色', details);
  for (const [i, it] of body.items.entries())
    if (it.personId) {
      const person = await findPersonInScope(tx, requester.scope, it.personId);
      if (!person || person.unit_id !== requester.unitId) throw invalid('关联人员须是本单位人员', [{ field: `items.${i}.personId`, message: '关联人员须是本单位人员' }]);
    }
  const taken = await findTakenUsernames(tx, names);
  if (taken.length)
    throw new AppError(
      'USERNAME_TAKEN',
      `用户名已被占用或正在申请中：${taken.join('、')}`,
      409,
      names.flatMap((n, i) => (taken.includes(n) ? [{ field: `items.${i}.username`, message: '用户名已被占用或正在申请中' }] : [])),
    );
  const r = await insertRequest(tx, { unit_id: requester.unitId, requested_by: requester.userId, reason: body.reason.trim(), request_key: body.requestKey });
  await insertItems(
    tx,
    r.id,
    body.items.map((i) => ({ username: i.username, display_name: i.displayName.trim(), person_id: i.personId ?? null, role_code: i.roleCode })),
  );
  const unit = await tx.selectFrom('org').select(['level', 'name']).where('id', '=', requester.unitId).executeTakeFirstOrThrow();
  await startInstance(env, {
    businessType: ACCOUNT_REQUEST_TYPE,
    businessKey: String(r.id),
    title: `${unit.name}申请开设 ${body.items.length} 个账号`,
    form: { count: body.items.length, unitLevel: unit.level, roles: [...new Set(body.items.map((i) => i.roleCode))], reason: body.reason.trim() },
    starterId: requester.userId,
  });
  return r.id;
}
