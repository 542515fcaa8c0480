import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../access/scope.js';

export interface WarningFilter {
  module?: string;
  kind?: string;
  /** several kinds, comma-separated (a page that shows one family of a module's warnings) */
  kinds?: string;
  /** a status, or 'active' = open + acknowledged */
  status?: string;
  severity?: string;
  unitId?: number;
  q?: string;
  from?: string;
  to?: string;
}

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

/** The city part of a region path ('37.3701.370102' → '3701'); null for a province-level path. */
const CITY_CODE = sql<string | null>`CASE WHEN nlevel(w.region_path) >= 2 THEN subltree(w.region_path, 1, 2)::text END`;

export function warningListQuery(db: Db, scope: DataScope, f: WarningFilter) {
  let q = db
    .selectFrom('warning as w')
    .innerJoin('org as o', 'o.id', 'w.unit_id')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'w.unit_path', regionPath: 'w.region_path', unitId: 'w.unit_id' }));
  if (f.module) q = q.where('w.module', '=', f.module);
  if (f.kind) q = q.where('w.kind', '=', f.kind);
  if (f.kinds) q = q.where('w.kind', 'in', f.kinds.split(','));
  if (f.status === 'active') q = q.where('w.status', 'in', ['open', 'acknowledged']);
  else if (f.status) q = q.where('w.status', '=', f.status);
  if (f.severity) q = q.where('w.severity', '=', f.severity);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`w.unit_path <@ (select u.path from org u where u.id = ${f.unitId})`);
  if (f.q) q = q.where('w.title', 'like', like(f.q));
  if (f.from) q = q.where('w.first_seen_at', '>=', new Date(f.from));
  if (f.to) q = q.where('w.first_seen_at', '<=', new Date(f.to));
  return q;
}

export const selectWarningColumns = <Q extends ReturnType<typeof warningListQuery>>(q: Q) =>
  q.select([
    'w.id',
    'w.module',
    'w.kind',
    'w.subject_key',
    'w.title',
    'w.severity',
    sql<number>`CASE w.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`.as('severity_rank'),
    'w.unit_id',
    'o.name as unit_name',
    'w.link',
    'w.status',
    'w.first_seen_at',
    'w.last_seen_at',
    'w.closed_at',
    'w.resolution',
  ]);

export type WarningRow = Awaited<ReturnType<ReturnType<typeof selectWarningColumns>['executeTakeFirstOrThrow']>>;

/** One warning within the caller's scope, with its evidence and who closed it. */
export async function findWarningInScope(db: Db, scope: DataScope, id: number, forUpdate = false) {
  let q = selectWarningColumns(warningListQuery(db, scope, {}).where('w.id', '=', id))
    .leftJoin('app_user as cu', 'cu.id', 'w.closed_by')
    .select(['w.evidence', 'cu.display_name as closed_by_name', 'w.region_path']);
  if (forUpdate) q = q.forUpdate('w');
  return q.executeTakeFirst();
}

export async function updateWarningStatus(
  tx: Db,
  id: number,
  v: { status: 'acknowledged' | 'resolved' | 'dismissed'; closedBy?: number; resolution?: string | null },
) {
  const closing = v.status !== 'acknowledged';
  await tx
    .updateTable('warning')
    .set({
      status: v.status,
      ...(closing ? { closed_at: sql`now()`, closed_by: v.closedBy ?? null, resolution: v.resolution ?? null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Counts by kind × status, and by city (first two levels of the region path), within the caller's scope. */
export async function countWarnings(db: Db, scope: DataScope, f: { module?: string; from?: string; to?: string }) {
  const base = () => warningListQuery(db, scope, f);
  const [byKind, byCity] = await Promise.all([
    base()
      .select(['w.kind', 'w.status', sql<number>`count(*)::int`.as('n')])
      .groupBy(['w.kind', 'w.status'])
      .orderBy('w.kind')
      .orderBy('w.status')
      .execute(),
    db
      .with('c', () =>
        base()
          .where('w.status', 'in', ['open', 'acknowledged'])
          .select([CITY_CODE.as('city_code'), sql<number>`count(*)::int`.as('n'), sql<number>`(count(*) FILTER (WHERE w.severity = 'high'))::int`.as('high')])
          .groupBy(sql`1`),
      )
      .selectFrom('c')
      .leftJoin('region as r', 'r.code', 'c.city_code')
      .select(['c.city_code', 'r.name as city_name', 'c.n', 'c.high'])
      .orderBy('c.n', 'desc')
      .execute(),
  ]);
  return { byKind, byCity };
}
