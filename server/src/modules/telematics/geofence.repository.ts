import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

export const GEOFENCE_SORTS: Record<string, string> = { name: 'g.name', createdAt: 'g.created_at', unit: 'o.name', id: 'g.id' };

export function geofenceListQuery(db: Db, scope: DataScope, f: { unitId?: number; shape?: string; rule?: string; active?: boolean; q?: string }) {
  let q = db
    .selectFrom('tm_geofence as g')
    .innerJoin('org as o', 'o.id', 'g.unit_id')
    .leftJoin('region as r', 'r.code', 'g.region_code')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'g.unit_path', regionPath: 'g.region_path', unitId: 'g.unit_id' }));
  if (f.unitId !== undefined) q = q.where(sql<boolean>`g.unit_path <@ (select u.path from org u where u.id = ${f.unitId})`);
  if (f.shape) q = q.where('g.shape', '=', f.shape);
  if (f.rule) q = q.where('g.rule', '=', f.rule);
  if (f.active !== undefined) q = q.where('g.active', '=', f.active);
  if (f.q) q = q.where('g.name', 'like', `%${f.q.replace(/[%_\\]/g, '\\$&')}%`);
  return q;
}

export const selectGeofenceColumns = <Q extends ReturnType<typeof geofenceListQuery>>(q: Q) =>
  q.select(['g.id', 'g.name', 'g.shape', 'g.region_code', 'r.name as region_name', 'g.geometry', 'g.rule', 'g.applies_to', 'g.unit_id', 'o.name as unit_name', 'g.active', 'g.created_at']);

export type GeofenceListRow = Awaited<ReturnType<ReturnType<typeof selectGeofenceColumns>['execute']>>[number];

export async function findGeofenceInScope(db: Db, scope: DataScope, id: number, forUpdate = false) {
  let q = selectGeofenceColumns(geofenceListQuery(db, scope, {}).where('g.id', '=', id));
  if (forUpdate) q = q.forUpdate('g');
  return q.executeTakeFirst();
}

/** A unit within the caller's scope (a geofence can only be set for such a unit). */
export async function findUnitInScope(db: Db, scope: DataScope, unitId: number) {
  return db
    .selectFrom('org as o')
    .select(['o.id', 'o.name'])
    .where('o.id', '=', unitId)
    .where(sql<boolean>`o.id = o.unit_id`)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.id' }))
    .executeTakeFirst();
}

export async function findGeofenceByName(db: Db, unitId: number, name: string) {
  return db.selectFrom('tm_geofence').select('id').where('unit_id', '=', unitId).where('name', '=', name).executeTakeFirst();
}

export async function insertGeofence(
  db: Db,
  v: { name: string; shape: string; region_code: string | null; geometry: unknown; rule: string; applies_to: string; unit_id: number; created_by: number | null },
) {
  const r = await db
    .insertInto('tm_geofence')
    .values({ ...v, geometry: v.geometry === null ? null : JSON.stringify(v.geometry) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateGeofence(db: Db, id: number, v: { name?: string; rule?: string; applies_to?: string; active?: boolean; geometry?: unknown }) {
  const set: Record<string, unknown> = {};
  if (v.name !== undefined) set.name = v.name;
  if (v.rule !== undefined) set.rule = v.rule;
  if (v.active !== undefined) set.active = v.active;
  if (v.applies_to !== undefined) set.applies_to = v.applies_to;
  if (v.geometry !== undefined) set.geometry = JSON.stringify(v.geometry);
  if (!Object.keys(set).length) return;
  await db.updateTable('tm_geofence').set(set).where('id', '=', id).execute();
}

/** The province's authority for official cars: the top-level 机关事务管理局 of the province region (else the first root unit). */
export async function findProvinceRootUnit(db: Db) {
  return db
    .selectFrom('org')
    .select(['id', 'name'])
    .where(sql<boolean>`id = unit_id AND nlevel(path) = 1 AND nlevel(region_path) = 1 AND status = 'active'`)
    .orderBy(sql`(name LIKE '%机关事务管理局')`, 'desc')
    .orderBy('id')
    .executeTakeFirst();
}

export async function geofenceExists(db: Db, unitId: number, name: string) {
  return !!(await findGeofenceByName(db, unitId, name));
}
