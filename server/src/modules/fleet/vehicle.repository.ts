import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;
const day = (col: string) => sql<string>`to_char(${sql.ref(col)}, 'YYYY-MM-DD')`;

// ------------------------------------------------------------------ categories

export async function findCategories(db: Db) {
  return db.selectFrom('fleet_category').selectAll().orderBy('sort').execute();
}
export async function findCategory(db: Db, code: string) {
  return db.selectFrom('fleet_category').selectAll().where('code', '=', code).executeTakeFirst();
}
export type CategoryRow = NonNullable<Awaited<ReturnType<typeof findCategory>>>;

export async function updateCategory(
  tx: Db,
  code: string,
  v: { max_price: number | null; max_displacement_l: number | null; max_price_ne: number | null; source: string },
) {
  return tx.updateTable('fleet_category').set(v).where('code', '=', code).returningAll().executeTakeFirst();
}

// ------------------------------------------------------------------ vehicles

export interface VehicleFilter {
  plate?: string;
  unitId?: number;
  regionCode?: string;
  categoryCode?: string;
  energyType?: string;
  status?: string;
  terminal?: 'bound' | 'unbound';
}

export function vehicleListQuery(db: Db, scope: DataScope, f: VehicleFilter) {
  let q = db
    .selectFrom('fleet_vehicle as v')
    .innerJoin('org as o', 'o.id', 'v.unit_id')
    .innerJoin('fleet_category as c', 'c.code', 'v.category_code')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }));
  if (f.plate) q = q.where('v.plate', 'like', like(f.plate.toUpperCase()));
  if (f.unitId !== undefined) q = q.where(sql<boolean>`v.unit_path <@ (select u.path from org u where u.id = ${f.unitId})`);
  if (f.regionCode) q = q.where(sql<boolean>`v.region_path <@ region_code_path(${f.regionCode})`);
  if (f.categoryCode) q = q.where('v.category_code', '=', f.categoryCode);
  if (f.energyType) q = q.where('v.energy_type', '=', f.energyType);
  if (f.status) q = q.where('v.status', '=', f.status);
  if (f.terminal === 'bound') q = q.where('v.terminal_phone', 'is not', null);
  if (f.terminal === 'unbound') q = q.where('v.terminal_phone', 'is', null);
  return q;
}

export const selectVehicleColumns = <Q extends ReturnType<typeof vehicleListQuery>>(q: Q) =>
  q.select([
    'v.id',
    'v.plate',
    'v.vin',
    'v.brand',
    'v.model',
    'v.category_code',
    'c.name as category_name',
    'v.energy_type',
    'v.displacement_l',
    'v.price',
    day('v.acquired_on').as('acquired_on'),
    'v.acquisition_method',
    'v.unit_id',
    'o.name as unit_name',
    'o.region_code',
    'v.status',
    'v.odometer_km',
    'v.terminal_phone',
    day('v.terminal_installed_on').as('terminal_installed_on'),
    'v.seats',
    'v.created_at',
    'v.updated_at',
  ]);
export type VehicleRow = Awaited<ReturnType<ReturnType<typeof selectVehicleColumns>['executeTakeFirstOrThrow']>>;

export const VEHICLE_SORTS = {
  id: 'v.id',
  plate: 'v.plate',
  acquiredOn: 'v.acquired_on',
  price: 'v.price',
  odometerKm: 'v.odometer_km',
  status: 'v.status',
  unitName: 'o.name',
  updatedAt: 'v.updated_at',
};

export async function findVehicleInScope(db: Db, scope: DataScope, id: number): Promise<VehicleRow | undefined> {
  return selectVehicleColumns(vehicleListQuery(db, scope, {}).where('v.id', '=', id)).executeTakeFirst();
}

/** The vehicle row locked for the rest of the transaction. */
export async function lockVehicle(tx: Db, id: number) {
  return tx.selectFrom('fleet_vehicle').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface VehicleValues {
  plate: string;
  vin: string | null;
  brand: string;
  model: string;
  category_code: string;
  energy_type: string;
  displacement_l: number | null;
  price: number;
  acquired_on: string;
  acquisition_method: string;
  unit_id: number;
  odometer_km: number;
  seats: number;
}

export async function insertVehicle(tx: Db, v: VehicleValues): Promise<number> {
  const r = await tx.insertInto('fleet_vehicle').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateVehicle(tx: Db, id: number, v: Partial<VehicleValues> & { status?: string; terminal_phone?: string | null; terminal_installed_on?: string | null }) {
  await tx
    .updateTable('fleet_vehicle')
    .set({ ...v, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** The unit of an org node (the node must be a unit) with its region, when inside the scope. */
export async function findUnitInScope(db: Db, scope: DataScope, unitId: number) {
  return db
    .selectFrom('org as o')
    .select(['o.id', 'o.name', 'o.kind', 'o.region_code', 'o.status'])
    .where('o.id', '=', unitId)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.unit_id' }))
    .executeTakeFirst();
}

// ------------------------------------------------------------------ insurance and inspections

export async function findInsurance(db: Db, vehicleId: number) {
  return db
    .selectFrom('fleet_insurance')
    .select(['id', 'vehicle_id', 'provider_id', 'insurer', 'policy_no', day('starts_on').as('starts_on'), day('ends_on').as('ends_on'), 'premium'])
    .where('vehicle_id', '=', vehicleId)
    .orderBy('starts_on', 'desc')
    .execute();
}
export async function insertInsurance(
  tx: Db,
  v: { vehicle_id: number; provider_id: number | null; insurer: string; policy_no: string; starts_on: string; ends_on: string; premium: number },
) {
  return (await tx.insertInto('fleet_insurance').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findInspections(db: Db, vehicleId: number) {
  return db
    .selectFrom('fleet_inspection')
    .select(['id', 'vehicle_id', day('inspected_on').as('inspected_on'), day('valid_until').as('valid_until'), 'station'])
    .where('vehicle_id', '=', vehicleId)
    .orderBy('inspected_on', 'desc')
    .execute();
}
export async function insertInspection(tx: Db, v: { vehicle_id: number; inspected_on: string; valid_until: string; station: string | null }) {
  return (await tx.insertInto('fleet_inspection').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

// ------------------------------------------------------------------ usage and costs (read-only; other parts write them)

export async function findRecentDispatches(db: Db, vehicleId: number, limit = 20) {
  const r = await sql<{ id: number; request_id: number; purpose: string; driver_name: string; starts_at: Date; ends_at: Date; status: string }>`
    SELECT d.id, d.request_id, r.purpose, p.name AS driver_name, lower(d.during) AS starts_at, upper(d.during) AS ends_at, d.status
    FROM fleet_dispatch d
    JOIN fleet_request r ON r.id = d.request_id
    JOIN fleet_driver dr ON dr.id = d.driver_id
    JOIN person p ON p.id = dr.person_id
    WHERE d.vehicle_id = ${vehicleId}
    ORDER BY lower(d.during) DESC LIMIT ${limit}`.execute(db);
  return r.rows;
}
export async function findRecentTrips(db: Db, vehicleId: number, limit = 20) {
  return db
    .selectFrom('fleet_trip')
    .select(['id', 'source', 'started_at', 'ended_at', 'km'])
    .where('vehicle_id', '=', vehicleId)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}
/** Costs of the last 12 months, per month and category. */
export async function findCostMonths(db: Db, vehicleId: number) {
  return db
    .selectFrom('fleet_cost_month')
    .select([day('month').as('month'), 'category', 'amount', 'tx_count'])
    .where('vehicle_id', '=', vehicleId)
    .where(sql<boolean>`month >= date_trunc('month', current_date) - interval '11 months'`)
    .orderBy('month', 'desc')
    .orderBy('category')
    .execute();
}
export async function findVehicleWarnings(db: Db, vehicleId: number) {
  return db
    .selectFrom('warning')
    .select(['id', 'kind', 'title', 'severity', 'status', 'first_seen_at'])
    .where('subject_key', '=', `vehicle:${vehicleId}`)
    .where('status', 'in', ['open', 'acknowledged'])
    .orderBy('id', 'desc')
    .execute();
}

// ------------------------------------------------------------------ holiday sealing (封存)

/** Seals the in-use vehicles of these categories; returns their ids. */
export async function sealInUse(tx: Db, categories: string[]): Promise<number[]> {
  const rows = await tx
    .updateTable('fleet_vehicle')
    .set({ status: 'sealed', updated_at: sql`now()` })
    .where('status', '=', 'in_use')
    .where('category_code', 'in', categories)
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Puts these vehicles back in use when they are still sealed; returns the ids restored. */
export async function unsealVehicles(tx: Db, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await tx
    .updateTable('fleet_vehicle')
    .set({ status: 'in_use', updated_at: sql`now()` })
    .where('status', '=', 'sealed')
    .where('id', 'in', ids)
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * Seals recorded by earlier runs of the holiday job (job_run.result.seal) whose holiday ended by `lastDay` and that
 * no later run restored yet.
 */
export async function findOpenSeals(db: Db, jobName: string, lastDay: string) {
  const r = await sql<{ id: string; vehicle_ids: number[]; until: string }>`
    SELECT s.id::text, ARRAY(SELECT jsonb_array_elements_text(s.result->'seal'->'vehicleIds')::int) AS vehicle_ids, s.result->'seal'->>'until' AS until
    FROM job_run s
    WHERE s.job_name = ${jobName} AND s.status = 'succeeded' AND jsonb_typeof(s.result->'seal') = 'object'
      AND (s.result->'seal'->>'until')::date <= ${lastDay}::date
      AND NOT EXISTS (
        SELECT 1 FROM job_run x
        WHERE x.job_name = ${jobName} AND x.status = 'succeeded' AND x.result->'restored' @> jsonb_build_array(jsonb_build_object('sealRunId', s.id)))
    ORDER BY s.id`.execute(db);
  return r.rows.map((x) => ({ runId: Number(x.id), vehicleIds: x.vehicle_ids, until: x.until }));
}
