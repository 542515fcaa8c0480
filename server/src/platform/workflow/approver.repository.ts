import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/connection.js';

/** The facts about a starter that approver strategies need. */
export interface StarterFacts {
  userId: number;
  unitId: number;
  unitParentId: number | null;
  regionCode: string;
  departmentId: number | null;
}

export async function findStarterFacts(db: Db, userId: number): Promise<StarterFacts | undefined> {
  const r = await db
    .selectFrom('app_user as u')
    .innerJoin('org as o', 'o.id', 'u.unit_id')
    .leftJoin('person as p', 'p.id', 'u.person_id')
    .select(['u.id', 'u.unit_id', 'o.parent_id', 'o.region_code', 'p.department_id'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  return r && { userId: r.id, unitId: r.unit_id, unitParentId: r.parent_id, regionCode: r.region_code, departmentId: r.department_id };
}

/** Active users holding one of the roles in the unit, by id (demo accounts only while demo mode is on). */
export async function findUsersWithRolesInUnit(db: Db, unitId: number, roleCodes: string[], includeDemo: boolean): Promise<number[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('user_role as ur', 'ur.user_id', 'u.id')
    .innerJoin('role as r', 'r.id', 'ur.role_id')
    .select('u.id')
    .distinct()
    .where('u.unit_id', '=', unitId)
    .where('r.code', 'in', roleCodes)
    .where('u.status', '=', 'active')
    .$if(!includeDemo, (q) => q.where('u.is_demo', '=', false))
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}

export async function findBureauOfRegion(db: Db, regionCode: string): Promise<number | undefined> {
  const r = await db.selectFrom('org').select('id').where('region_code', '=', regionCode).where('is_bureau', '=', true).where('status', '=', 'active').executeTakeFirst();
  return r?.id;
}

/** The org node and its ancestors up to its unit, nearest first, with each node's head's user account. */
export async function findHeadsUpward(db: Db, orgId: number, levels: number, includeDemo: boolean): Promise<{ orgId: number; userId: number | null }[]> {
  const rows = await db
    .selectFrom('org as start')
    .innerJoin('org as o', (j) => j.on(sql<SqlBool>`o.path @> start.path`).on(sql<SqlBool>`o.unit_id = start.unit_id`))
    .leftJoin('app_user as u', (j) =>
      j
        .onRef('u.person_id', '=', 'o.head_person_id')
        .on('u.status', '=', 'active')
        .on((eb) => (includeDemo ? sql<SqlBool>`true` : eb('u.is_demo', '=', false))),
    )
    .select(['o.id', 'u.id as user_id', 'o.depth'])
    .where('start.id', '=', orgId)
    .orderBy('o.depth', 'desc')
    .limit(levels)
    .execute();
  return rows.map((r) => ({ orgId: r.id, userId: r.user_id }));
}

export async function findActiveUserIds(db: Db, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('app_user').select('id').where('id', 'in', ids).where('status', '=', 'active').execute();
  const ok = new Set(rows.map((r) => r.id));
  return ids.filter((id) => ok.has(id));
}

export async function findUserNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
