import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { DB } from '../../db/types.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

/** Room areas by use category, as SQL aggregates over estate_room r joined with estate_use_class uc. */
const areaOf = (category: string) => sql<string>`coalesce(sum(r.usable_area) FILTER (WHERE uc.category = ${category}), 0)`;

// ---------------------------------------------------------------- units: 核定 vs actual

export interface UnitFilter {
  unitId?: number;
  regionCode?: string;
  over?: boolean;
}

/**
 * One row per unit in scope that has rooms or a quota, with its office/service/equipment/ancillary areas (current
 * use, rooms not disposed), active persons, persons with an office today, and its quota.
 */
export function unitListQuery(db: Db, scope: DataScope, f: UnitFilter, today: string) {
  let q = db
    .selectFrom('org as o')
    .leftJoin('estate_unit_quota as q', 'q.unit_id', 'o.id')
    .leftJoin('region as rg', 'rg.code', 'o.region_code')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('estate_room as r')
          .innerJoin('estate_use_class as uc', 'uc.code', 'r.current_use')
          .select([
            sql<number>`count(*)::int`.as('room_count'),
            sql<string>`coalesce(sum(r.usable_area), 0)`.as('total_area'),
            areaOf('office').as('office_area'),
            areaOf('service').as('service_area'),
            areaOf('equipment').as('equipment_area'),
            areaOf('ancillary').as('ancillary_area'),
          ])
          .whereRef('r.unit_id', '=', 'o.id')
          .where('r.status', '<>', 'disposed')
          .as('ra'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('person as p')
          .select([
            sql<number>`count(*)::int`.as('persons'),
            sql<number>`(count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM estate_occupancy oc WHERE oc.person_id = p.id AND oc.during @> ${today}::date)))::int`.as('with_office'),
          ])
          .whereRef('p.unit_id', '=', 'o.id')
          .where('p.status', '=', 'active')
          .as('pa'),
      (join) => join.onTrue(),
    )
    .where('o.kind', '=', 'unit')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.id' }))
    .where((eb) => eb.or([eb('q.unit_id', 'is not', null), eb('ra.room_count', '>', 0)]));
  if (f.unitId !== undefined) q = q.where(sql<boolean>`o.path <@ (select u.path from org u where u.id = ${f.unitId})`);
  if (f.regionCode) q = q.where(sql<boolean>`o.region_path <@ region_code_path(${f.regionCode})`);
  if (f.over === true) q = q.where(sql<boolean>`q.unit_id IS NOT NULL AND ra.office_area > q.approved_office_area`);
  if (f.over === false) q = q.where(sql<boolean>`(q.unit_id IS NULL OR ra.office_area <= q.approved_office_area)`);
  return q;
}

export const selectUnitColumns = <Q extends ReturnType<typeof unitListQuery>>(q: Q) =>
  q.select([
    'o.id',
    'o.name',
    'o.level',
    'o.region_code',
    'rg.name as region_name',
    'o.staffing_quota',
    'q.approved_office_area',
    'q.approved_headcount',
    'q.basis',
    sql<string | null>`to_char(q.approved_on, 'YYYY-MM-DD')`.as('approved_on'),
    'ra.room_count',
    'ra.total_area',
    'ra.office_area',
    'ra.service_area',
    'ra.equipment_area',
    'ra.ancillary_area',
    'pa.persons',
    'pa.with_office',
    sql<string | null>`round(ra.office_area / nullif(pa.persons, 0), 2)`.as('per_capita'),
    sql<string | null>`CASE WHEN q.unit_id IS NOT NULL THEN ra.office_area - q.approved_office_area END`.as('excess'),
  ]);

export type UnitRow = Awaited<ReturnType<ReturnType<typeof selectUnitColumns>['executeTakeFirstOrThrow']>>;

/** One unit's room areas grouped by building and current use (index estate_room_unit_idx), names joined after grouping. */
export async function findUnitRoomAreas(db: Db, unitId: number) {
  return db
    .selectFrom(
      (eb) =>
        eb
          .selectFrom('estate_room as r')
          .select(['r.building_id', 'r.current_use', sql<number>`count(*)::int`.as('rooms'), sql<string>`sum(r.usable_area)`.as('area')])
          .where('r.unit_id', '=', unitId)
          .where('r.status', '<>', 'disposed')
          .groupBy(['r.building_id', 'r.current_use'])
          .as('g'),
    )
    .innerJoin('estate_use_class as uc', 'uc.code', 'g.current_use')
    .innerJoin('estate_building as b', 'b.id', 'g.building_id')
    .innerJoin('estate_compound as c', 'c.id', 'b.compound_id')
    .select(['g.building_id', 'b.name as building_name', 'c.id as compound_id', 'c.name as compound_name', 'g.current_use', 'uc.name as use_name', 'uc.category', 'uc.sort', 'g.rooms', 'g.area'])
    .execute();
}

/** The unit (if in scope) with its quota, persons and open findings by kind, in one statement. */
export async function findUnitHeader(db: Db, scope: DataScope, unitId: number, today: string) {
  return db
    .selectFrom('org as o')
    .leftJoin('estate_unit_quota as q', 'q.unit_id', 'o.id')
    .leftJoin('region as rg', 'rg.code', 'o.region_code')
    .select([
      'o.id',
      'o.name',
      'o.level',
      'o.region_code',
      'rg.name as region_name',
      'o.staffing_quota',
      'q.approved_office_area',
      'q.approved_headcount',
      'q.basis',
      sql<string | null>`to_char(q.approved_on, 'YYYY-MM-DD')`.as('approved_on'),
      'q.updated_at as quota_updated_at',
      sql<number>`(SELECT count(*) FROM person p WHERE p.unit_id = o.id AND p.status = 'active')::int`.as('persons'),
      sql<number>`(SELECT count(*) FROM person p WHERE p.unit_id = o.id AND p.status = 'active'
        AND EXISTS (SELECT 1 FROM estate_occupancy oc WHERE oc.person_id = p.id AND oc.during @> ${today}::date))::int`.as('with_office'),
      sql<Record<string, number>>`(SELECT coalesce(jsonb_object_agg(x.kind, x.n), '{}'::jsonb) FROM (
        SELECT w.kind, count(*)::int AS n FROM warning w
        WHERE w.unit_id = o.id AND w.status IN ('open', 'acknowledged') GROUP BY w.kind) x)`.as('findings'),
    ])
    .where('o.id', '=', unitId)
    .where('o.kind', '=', 'unit')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.id' }))
    .executeTakeFirst();
}

export async function findQuota(db: Db, unitId: number) {
  return db.selectFrom('estate_unit_quota').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
}

export async function upsertQuota(
  tx: Db,
  v: { unit_id: number; approved_office_area: number; approved_headcount: number; basis: string; approved_on: string },
) {
  await tx
    .insertInto('estate_unit_quota')
    .values(v)
    .onConflict((oc) =>
      oc.column('unit_id').doUpdateSet({
        approved_office_area: v.approved_office_area,
        approved_headcount: v.approved_headcount,
        basis: v.basis,
        approved_on: v.approved_on,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

// ---------------------------------------------------------------- idle pool (闲置)

export interface IdleFilter {
  regionCode?: string;
  compoundId?: number;
  minArea?: number;
  q?: string;
}

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

/**
 * Idle rooms a caller may see: those of their scope (by the compound's owner or the room's region), and every idle
 * room in the city of the caller's own unit, so units can find space to apply for. A province-level unit (region
 * code of 2 digits) sits in the provincial capital, the city coded <province>01.
 */
export function idleRoomQuery(db: Db, scope: DataScope, callerUnitId: number, f: IdleFilter) {
  let q = db
    .selectFrom('estate_room as r')
    .innerJoin('estate_floor as f', 'f.id', 'r.floor_id')
    .innerJoin('estate_building as b', 'b.id', 'r.building_id')
    .innerJoin('estate_compound as c', 'c.id', 'r.compound_id')
    .innerJoin('estate_use_class as uc', 'uc.code', 'r.designed_use')
    .innerJoin('org as ow', 'ow.id', 'c.owner_unit_id')
    .leftJoin('region as rg', 'rg.code', 'c.region_code')
    .where('r.status', '=', 'idle')
    .where((eb: ExpressionBuilder<DB & { r: DB['estate_room']; c: DB['estate_compound'] }, 'r' | 'c'>) =>
      eb.or([
        scopeFilter(eb, scope, { orgPath: 'c.unit_path', regionPath: 'r.region_path', unitId: 'c.owner_unit_id' }),
        sql<boolean>`r.location_path <@ (SELECT region_code_path(CASE WHEN length(u.region_code) >= 4 THEN substr(u.region_code, 1, 4)
          ELSE u.region_code || '01' END) FROM org u WHERE u.id = ${callerUnitId})`,
      ]),
    );
  if (f.regionCode) q = q.where(sql<boolean>`r.location_path <@ region_code_path(${f.regionCode})`);
  if (f.compoundId !== undefined) q = q.where('r.compound_id', '=', f.compoundId);
  if (f.minArea !== undefined) q = q.where('r.usable_area', '>=', String(f.minArea));
  if (f.q) q = q.where((eb) => eb.or([eb('c.name', 'like', like(f.q!)), eb('c.address', 'like', like(f.q!))]));
  return q;
}

export const selectIdleColumns = <Q extends ReturnType<typeof idleRoomQuery>>(q: Q) =>
  q.select([
    'r.id',
    'r.compound_id',
    'c.name as compound_name',
    'r.building_id',
    'b.name as building_name',
    'f.floor_no',
    'r.room_no',
    'r.usable_area',
    'r.designed_use',
    'uc.name as designed_use_name',
    'c.address',
    'c.region_code',
    'rg.name as region_name',
    'ow.name as owner_name',
    sql<boolean>`EXISTS (SELECT 1 FROM estate_application_room ar WHERE ar.room_id = r.id AND ar.open)`.as('claimed'),
  ]);

export type IdleRow = Awaited<ReturnType<ReturnType<typeof selectIdleColumns>['executeTakeFirstOrThrow']>>;

// ---------------------------------------------------------------- compound map

export const MAP_MAX_POINTS = 20_000;

/** Compounds in scope with coordinates, their building and room counts, usable area and open findings. */
export async function findMapCompounds(db: Db, scope: DataScope, f: { regionCode?: string }) {
  let q = db
    .with('wf', (qc) =>
      qc
        .selectFrom('warning as w')
        .leftJoin('estate_room as wr', (j) => j.on(sql<boolean>`wr.id = coalesce((w.evidence->>'roomId')::int, (w.evidence->'rooms'->0->>'roomId')::int)`))
        .leftJoin('estate_building as wb', (j) => j.on(sql<boolean>`wb.id = (w.evidence->>'buildingId')::int`))
        .select([sql<number>`coalesce(wr.compound_id, wb.compound_id)`.as('compound_id'), sql<number>`count(*)::int`.as('n')])
        .where('w.module', '=', 'estate')
        .where('w.status', 'in', ['open', 'acknowledged'])
        .where((eb) => scopeFilter(eb, scope, { orgPath: 'w.unit_path', regionPath: 'w.region_path', unitId: 'w.unit_id' }))
        .groupBy(sql`1`),
    )
    .selectFrom('estate_compound as c')
    .innerJoin('org as o', 'o.id', 'c.owner_unit_id')
    .leftJoin('region as rg', 'rg.code', 'c.region_code')
    .leftJoin('wf', 'wf.compound_id', 'c.id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('estate_building as b')
          .select([sql<number>`count(*)::int`.as('buildings'), sql<string>`coalesce(sum(b.usable_area), 0)`.as('usable_area')])
          .whereRef('b.compound_id', '=', 'c.id')
          .as('ba'),
      (j) => j.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('estate_room as r')
          .select([sql<number>`count(*)::int`.as('rooms'), sql<number>`(count(*) FILTER (WHERE r.status = 'idle'))::int`.as('idle_rooms')])
          .whereRef('r.compound_id', '=', 'c.id')
          .where('r.status', '<>', 'disposed')
          .as('ra'),
      (j) => j.onTrue(),
    )
    .select([
      'c.id',
      'c.code',
      'c.name',
      'c.address',
      'c.lng',
      'c.lat',
      'c.region_code',
      'rg.name as region_name',
      'c.owner_unit_id',
      'o.name as owner_name',
      'ba.buildings',
      'ba.usable_area',
      'ra.rooms',
      'ra.idle_rooms',
      sql<number>`coalesce(wf.n, 0)::int`.as('findings'),
    ])
    .where('c.lng', 'is not', null)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'c.unit_path', regionPath: 'c.region_path', unitId: 'c.owner_unit_id' }));
  if (f.regionCode) q = q.where(sql<boolean>`c.location_path <@ region_code_path(${f.regionCode})`);
  return q.orderBy('c.id').limit(MAP_MAX_POINTS + 1).execute();
}
