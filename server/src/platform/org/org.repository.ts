import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { DB } from '../../db/types.js';
import { type DataScope, scopeFilter } from '../access/scope.js';

type OrgEb = ExpressionBuilder<DB, 'org'>;
/** Scope predicate for rows of `org` aliased as o. */
export const orgInScope = (scope: DataScope) => (eb: ExpressionBuilder<DB, 'org' | never> | OrgEb) =>
  scopeFilter(eb as OrgEb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.unit_id' });

export interface OrgFilter {
  name?: string;
  kind?: string;
  level?: string;
  unitType?: string;
  regionCode?: string;
  ancestorId?: number;
  status?: string;
}

export const ORG_COLUMNS = [
  'o.id', 'o.kind', 'o.name', 'o.short_name', 'o.credit_code', 'o.unit_type', 'o.level', 'o.region_code', 'o.parent_id',
  'o.unit_id', 'o.staffing_quota', 'o.is_bureau', 'o.status', 'o.sort', 'o.created_at', 'o.updated_at', 'o.path',
  'o.head_person_id',
] as const;

export function orgListQuery(db: Db, scope: DataScope, f: OrgFilter) {
  let q = db
    .selectFrom('org as o')
    .innerJoin('region as r', 'r.code', 'o.region_code')
    .leftJoin('org as p', 'p.id', 'o.parent_id')
    .leftJoin('person as h', 'h.id', 'o.head_person_id')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.unit_id' }));
  if (f.name) q = q.where('o.name', 'like', `%${f.name.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.kind) q = q.where('o.kind', '=', f.kind);
  if (f.level) q = q.where('o.level', '=', f.level);
  if (f.unitType) q = q.where('o.unit_type', '=', f.unitType);
  if (f.regionCode) q = q.where(sql<boolean>`o.region_path <@ region_code_path(${f.regionCode})`);
  if (f.status !== 'any') q = q.where('o.status', '=', f.status ?? 'active');
  if (f.ancestorId !== undefined)
    q = q.where(sql<boolean>`o.path <@ (select a.path from org a where a.id = ${f.ancestorId})`).where('o.id', '<>', f.ancestorId);
  return q;
}

export const selectOrgListColumns = <Q extends ReturnType<typeof orgListQuery>>(q: Q) =>
  q.select([...ORG_COLUMNS, 'r.name as region_name', 'p.name as parent_name', 'h.name as head_name']);

export type OrgRow = Awaited<ReturnType<ReturnType<typeof selectOrgListColumns>['executeTakeFirstOrThrow']>>;

export async function findOrgInScope(db: Db, scope: DataScope, id: number) {
  return selectOrgListColumns(orgListQuery(db, scope, { status: 'any' }).where('o.id', '=', id)).executeTakeFirst();
}

/**
 * Children of a node for the lazy tree: the children of `parentId`; or the top visible units seated exactly in
 * `regionCode`; or (neither) the top visible nodes of the whole scope.
 */
export async function findOrgTreeChildren(db: Db, scope: DataScope, parentId: number | null, limit = 500, regionCode?: string) {
  let q = db
    .selectFrom('org as o')
    .select([
      'o.id', 'o.name', 'o.kind', 'o.level', 'o.region_code',
      sql<boolean>`exists (select 1 from org c where c.parent_id = o.id and c.status = 'active')`.as('has_children'),
    ])
    .where('o.status', '=', 'active')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.unit_id' }));
  if (parentId !== null) q = q.where('o.parent_id', '=', parentId);
  else {
    if (regionCode) q = q.where('o.region_code', '=', regionCode);
    q = q.where((eb) =>
      eb.or([
        eb('o.parent_id', 'is', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('org as p')
              .select('p.id')
              .whereRef('p.id', '=', 'o.parent_id')
              .where((eb2) => scopeFilter(eb2, scope, { orgPath: 'p.path', regionPath: 'p.region_path', unitId: 'p.unit_id' })),
          ),
        ),
      ]),
    );
  }
  return q
    .orderBy(sql`case o.level when 'province' then 0 when 'city' then 1 when 'county' then 2 else 3 end`)
    .orderBy('o.kind', 'desc')
    .orderBy('o.region_code')
    .orderBy('o.sort')
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

export interface OrgWrite {
  kind: 'unit' | 'department';
  name: string;
  short_name: string | null;
  credit_code: string | null;
  unit_type: string | null;
  level: string;
  region_code: string;
  parent_id: number | null;
  staffing_quota: number | null;
  head_person_id: number | null;
  sort: number;
}

export async function insertOrg(db: Db, v: OrgWrite) {
  // path and unit_id are computed by the org_set_path trigger; the placeholders never reach the table.
  return db.insertInto('org').values({ ...v, path: 'n0', unit_id: 0 }).returning('id').executeTakeFirstOrThrow();
}

export async function updateOrg(db: Db, id: number, v: OrgWrite) {
  await db.updateTable('org').set({ ...v, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function revokeOrg(db: Db, id: number) {
  await db.updateTable('org').set({ status: 'revoked', updated_at: new Date() }).where('id', '=', id).execute();
}

export async function countActiveDependants(db: Db, id: number) {
  const r = await sql<{ children: number; persons: number; users: number }>`
    select (select count(*)::int from org where parent_id = ${id} and status = 'active') as children,
           (select count(*)::int from person where (unit_id = ${id} or department_id = ${id}) and status = 'active') as persons,
           (select count(*)::int from app_user where unit_id = ${id} and status = 'active') as users`.execute(db);
  return r.rows[0]!;
}

export async function findOrgBasics(db: Db, id: number) {
  return db.selectFrom('org').select(['id', 'kind', 'unit_id', 'level', 'region_code', 'status', 'path']).where('id', '=', id).executeTakeFirst();
}

/** Regions below `parentCode` (or the given roots) that hold at least one visible active unit, for the tree. */
export async function findRegionsWithUnits(db: Db, scope: DataScope, where: { parentCode: string } | { codes: string[] }) {
  if ('codes' in where && !where.codes.length) return [];
  let q = db
    .selectFrom('region as r')
    .select(['r.code', 'r.name', 'r.level'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('org as o')
          .select('o.id')
          .where('o.status', '=', 'active')
          .where(sql<boolean>`o.region_path <@ r.path`)
          .where((eb2) => scopeFilter(eb2, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.unit_id' })),
      ),
    );
  q = 'codes' in where ? q.where('r.code', 'in', where.codes) : q.where('r.parent_code', '=', where.parentCode);
  return q.orderBy('r.code').execute();
}

/** Is the person an active member of the org node's unit (the only people who may head it)? */
export async function personBelongsToUnitOf(db: Db, personId: number, orgId: number): Promise<boolean> {
  const r = await db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.unit_id', 'p.unit_id')
    .select('p.id')
    .where('p.id', '=', personId)
    .where('o.id', '=', orgId)
    .where('p.status', '=', 'active')
    .executeTakeFirst();
  return !!r;
}
