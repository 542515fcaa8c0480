import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

/** Rank levels of leading cadres whose offices are filed yearly (省部级正职 … 县处级副职). */
export const LEADER_LEVELS = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'];

export interface FilingFilter {
  year: number;
  status?: 'none' | 'draft' | 'submitted' | 'unsubmitted';
  unitId?: number;
  regionCode?: string;
  withLeaders?: boolean;
}

const LEADER_COUNT = sql<number>`(select count(*)::int from person p join rank k on k.code = p.rank_code
  where p.unit_id = o.id and p.status = 'active' and k.level_code = any(${LEADER_LEVELS}::text[]))`;

/** Units in scope, each with its filing of the year if any: the "未备案" view is the units without a submitted one. */
export function filingListQuery(db: Db, scope: DataScope, f: FilingFilter) {
  let q = db
    .selectFrom('org as o')
    .innerJoin('region as g', 'g.code', 'o.region_code')
    .leftJoin('estate_filing as f', (j) => j.onRef('f.unit_id', '=', 'o.id').on('f.year', '=', f.year))
    .where('o.kind', '=', 'unit')
    .where('o.status', '=', 'active')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.unit_id' }));
  if (f.status === 'none') q = q.where('f.id', 'is', null);
  else if (f.status === 'unsubmitted') q = q.where((eb) => eb.or([eb('f.id', 'is', null), eb('f.status', '=', 'draft')]));
  else if (f.status) q = q.where('f.status', '=', f.status);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`o.path <@ (select x.path from org x where x.id = ${f.unitId})`);
  if (f.regionCode) q = q.where(sql<boolean>`o.region_path <@ region_code_path(${f.regionCode})`);
  if (f.withLeaders) q = q.where(sql<boolean>`${LEADER_COUNT} > 0`);
  return q;
}

export const selectFilingListColumns = <Q extends ReturnType<typeof filingListQuery>>(q: Q) =>
  q.select([
    'o.id as unit_id',
    'o.name as unit_name',
    'g.name as region_name',
    'f.id as filing_id',
    'f.status',
    'f.submitted_at',
    sql<string | null>`to_char(f.posted_from, 'YYYY-MM-DD')`.as('posted_from'),
    sql<string | null>`to_char(f.posted_to, 'YYYY-MM-DD')`.as('posted_to'),
    'f.posting_place',
    LEADER_COUNT.as('leader_count'),
  ]);

export type FilingListRow = Awaited<ReturnType<ReturnType<typeof selectFilingListColumns>['executeTakeFirstOrThrow']>>;

export const FILING_SORTS = { unitName: 'o.name', unitId: 'o.id', submittedAt: 'f.submitted_at', leaderCount: 'leader_count' };

export async function findFilingInScope(db: Db, scope: DataScope, id: number) {
  return db
    .selectFrom('estate_filing as f')
    .innerJoin('org as o', 'o.id', 'f.unit_id')
    .leftJoin('app_user as u', 'u.id', 'f.submitted_by')
    .select([
      'f.id',
      'f.unit_id',
      'o.name as unit_name',
      'f.year',
      'f.status',
      'f.items',
      sql<string | null>`to_char(f.posted_from, 'YYYY-MM-DD')`.as('posted_from'),
      sql<string | null>`to_char(f.posted_to, 'YYYY-MM-DD')`.as('posted_to'),
      'f.posting_place',
      'f.posting_result',
      'u.display_name as submitted_by_name',
      'f.submitted_at',
      'f.created_at',
    ])
    .where('f.id', '=', id)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'f.unit_path', regionPath: 'f.region_path', unitId: 'f.unit_id' }))
    .executeTakeFirst();
}
export type FilingRow = NonNullable<Awaited<ReturnType<typeof findFilingInScope>>>;

export async function findFilingOf(db: Db, unitId: number, year: number) {
  return db.selectFrom('estate_filing').select(['id', 'status']).where('unit_id', '=', unitId).where('year', '=', year).executeTakeFirst();
}

export async function lockFiling(tx: Db, id: number) {
  return tx.selectFrom('estate_filing').select(['id', 'unit_id', 'year', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertFiling(tx: Db, unitId: number, year: number, items: unknown[]) {
  return tx
    .insertInto('estate_filing')
    .values({ unit_id: unitId, year, items: JSON.stringify(items) })
    .onConflict((oc) => oc.columns(['unit_id', 'year']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function submitFiling(tx: Db, id: number, items: unknown[], userId: number) {
  await tx
    .updateTable('estate_filing')
    .set({ status: 'submitted', items: JSON.stringify(items), submitted_by: userId, submitted_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function setFilingItems(tx: Db, id: number, items: unknown[]) {
  await tx.updateTable('estate_filing').set({ items: JSON.stringify(items) }).where('id', '=', id).where('status', '=', 'draft').execute();
}

export async function setFilingPosting(tx: Db, id: number, v: { posted_from: string; posted_to: string; posting_place: string; posting_result: string | null }) {
  await tx.updateTable('estate_filing').set(v).where('id', '=', id).execute();
}
