import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../access/scope.js';

export interface AccountRequestItem {
  id: number;
  username: string;
  display_name: string;
  person_id: number | null;
  person_name: string | null;
  role_code: string;
  role_name: string;
  user_id: number | null;
}

export async function findRequestByKey(db: Db, requestedBy: number, key: string) {
  return db.selectFrom('account_request').select('id').where('requested_by', '=', requestedBy).where('request_key', '=', key).executeTakeFirst();
}

export async function insertRequest(tx: Db, v: { unit_id: number; requested_by: number; reason: string; request_key: string }) {
  return tx
    .insertInto('account_request')
    .values({
      ...v,
      unit_path: sql`(select path from org where id = ${v.unit_id})`,
      region_path: sql`(select region_path from org where id = ${v.unit_id})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertItems(tx: Db, requestId: number, items: { username: string; display_name: string; person_id: number | null; role_code: string }[]) {
  await tx.insertInto('account_request_item').values(items.map((i) => ({ ...i, request_id: requestId }))).execute();
}

/** Usernames already taken by an account or asked for in another request still awaiting approval. */
export async function findTakenUsernames(db: Db, usernames: string[], exceptRequestId = 0): Promise<string[]> {
  if (!usernames.length) return [];
  const users = await db.selectFrom('app_user').select('username').where('username', 'in', usernames).execute();
  const pending = await db
    .selectFrom('account_request_item as i')
    .innerJoin('account_request as r', 'r.id', 'i.request_id')
    .select('i.username')
    .where('i.username', 'in', usernames)
    .where('r.status', '=', 'pending')
    .where('r.id', '<>', exceptRequestId)
    .execute();
  return [...new Set([...users, ...pending].map((r) => r.username))];
}

/** Roles a unit may ask for: not one of the three administrators, and seeing no more than the unit's own data. */
export async function findRequestableRoles(db: Db) {
  return db
    .selectFrom('role')
    .select(['id', 'code', 'name', 'admin_kind', 'data_scope'])
    .where('admin_kind', '=', 'none')
    .where('data_scope', 'in', ['self', 'own_unit'])
    .orderBy('id')
    .execute();
}

export function requestListQuery(db: Db, scope: DataScope, f: { status?: string; unitId?: number }) {
  return db
    .selectFrom('account_request as r')
    .innerJoin('org as o', 'o.id', 'r.unit_id')
    .innerJoin('app_user as u', 'u.id', 'r.requested_by')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'r.unit_path', regionPath: 'r.region_path', unitId: 'r.unit_id' }))
    .$if(!!f.status, (q) => q.where('r.status', '=', f.status as 'pending'))
    .$if(!!f.unitId, (q) => q.where('r.unit_id', '=', f.unitId!));
}

export const selectRequestColumns = <Q extends ReturnType<typeof requestListQuery>>(q: Q) =>
  q.select([
    'r.id',
    'r.unit_id',
    'o.name as unit_name',
    'r.requested_by',
    'u.display_name as requested_by_name',
    'r.reason',
    'r.status',
    'r.created_at',
    'r.decided_at',
    sql<number>`(select count(*)::int from account_request_item i where i.request_id = r.id)`.as('item_count'),
    sql<number | null>`(select max(w.id) from wf_instance w where w.business_type = 'system.account-request' and w.business_key = r.id::text)`.as('instance_id'),
  ]);

export type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequestColumns>['executeTakeFirstOrThrow']>>;

export async function findRequestInScope(db: Db, scope: DataScope, id: number): Promise<RequestRow | undefined> {
  return selectRequestColumns(requestListQuery(db, scope, {}).where('r.id', '=', id)).executeTakeFirst();
}

export async function findItems(db: Db, requestId: number): Promise<AccountRequestItem[]> {
  return db
    .selectFrom('account_request_item as i')
    .innerJoin('role as ro', 'ro.code', 'i.role_code')
    .leftJoin('person as p', 'p.id', 'i.person_id')
    .select(['i.id', 'i.username', 'i.display_name', 'i.person_id', 'p.name as person_name', 'i.role_code', 'ro.name as role_name', 'i.user_id'])
    .where('i.request_id', '=', requestId)
    .orderBy('i.id')
    .execute();
}

export async function findItemsWithPasswords(db: Db, requestId: number) {
  return db.selectFrom('account_request_item').select(['id', 'username', 'display_name', 'password_enc']).where('request_id', '=', requestId).orderBy('id').execute();
}

export async function lockRequest(tx: Db, id: number) {
  return tx.selectFrom('account_request').select(['id', 'unit_id', 'status', 'requested_by']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function decideRequest(tx: Db, id: number, status: 'approved' | 'rejected' | 'cancelled') {
  await tx.updateTable('account_request').set({ status, decided_at: sql`now()` }).where('id', '=', id).where('status', '=', 'pending').execute();
}

export async function setItemAccount(tx: Db, itemId: number, userId: number, passwordEnc: Buffer) {
  await tx.updateTable('account_request_item').set({ user_id: userId, password_enc: passwordEnc }).where('id', '=', itemId).execute();
}
