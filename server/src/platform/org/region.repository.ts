import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

export async function findRegionChildren(db: Db, parentCode: string | null) {
  let q = db
    .selectFrom('region as r')
    .select(['r.code', 'r.name', 'r.level', 'r.parent_code', sql<boolean>`exists (select 1 from region c where c.parent_code = r.code)`.as('has_children')]);
  q = parentCode === null ? q.where('r.parent_code', 'is', null) : q.where('r.parent_code', '=', parentCode);
  return q.orderBy('r.code').execute();
}

export async function findRegionByCode(db: Db, code: string) {
  return db.selectFrom('region').select(['code', 'name', 'level', 'parent_code', 'path']).where('code', '=', code).executeTakeFirst();
}

export async function searchRegions(db: Db, q: string, limit = 50) {
  return db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code'])
    .where((eb) => eb.or([eb('name', 'like', `%${q.replace(/[%_\\]/g, '\\$&')}%`), eb('code', 'like', `${q.replace(/\D/g, '')}%`)]))
    .orderBy('code')
    .limit(limit)
    .execute();
}
