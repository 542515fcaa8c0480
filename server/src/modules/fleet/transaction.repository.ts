import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

export interface TransactionFilter {
  vehicleId?: number;
  plate?: string;
  unitId?: number;
  category?: string;
  providerId?: number;
  designated?: boolean;
  source?: string;
  from?: string;
  to?: string;
}

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

/** Transactions are scoped by their vehicle's unit and region. Dates are Beijing days. */
export function transactionListQuery(db: Db, scope: DataScope, f: TransactionFilter) {
  let q = db
    .selectFrom('fleet_transaction as t')
    .innerJoin('fleet_vehicle as v', 'v.id', 't.vehicle_id')
    .innerJoin('org as o', 'o.id', 'v.unit_id')
    .leftJoin('fleet_provider as p', 'p.id', 't.provider_id')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }));
  if (f.vehicleId !== undefined) q = q.where('t.vehicle_id', '=', f.vehicleId);
  if (f.plate) q = q.where('v.plate', 'like', like(f.plate.toUpperCase()));
  if (f.unitId !== undefined) q = q.where(sql<boolean>`v.unit_path <@ (select u.path from org u where u.id = ${f.unitId})`);
  if (f.category) q = q.where('t.category', '=', f.category);
  if (f.providerId !== undefined) q = q.where('t.provider_id', '=', f.providerId);
  if (f.designated !== undefined) q = q.where('t.designated', '=', f.designated);
  if (f.source) q = q.where('t.source', '=', f.source);
  if (f.from) q = q.where('t.occurred_at', '>=', sql<Date>`(${f.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.to) q = q.where('t.occurred_at', '<', sql<Date>`(${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  return q;
}

export const selectTransactionColumns = <Q extends ReturnType<typeof transactionListQuery>>(q: Q) =>
  q.select([
    't.id',
    't.vehicle_id',
    'v.plate',
    'v.unit_id',
    'o.name as unit_name',
    't.category',
    't.amount',
    't.occurred_at',
    't.source',
    't.partner_code',
    't.partner_tx_id',
    't.provider_id',
    'p.name as provider_name',
    't.designated',
    't.quantity',
    't.odometer_km',
    't.place',
    't.note',
    't.created_at',
  ]);

export type TransactionRow = Awaited<ReturnType<ReturnType<typeof selectTransactionColumns>['executeTakeFirstOrThrow']>>;

export const TRANSACTION_SORTS: Record<string, string> = { occurredAt: 't.occurred_at', amount: 't.amount', plate: 'v.plate', id: 't.id' };

export interface VehicleRef {
  id: number;
  plate: string;
  vin: string | null;
  unit_id: number;
  unit_path: string;
  region_path: string;
}

/** Vehicles by plate or VIN (partners see the whole fleet: a fuel-card company serves every unit). */
export async function findVehiclesByPlateOrVin(db: Db, plates: string[], vins: string[]): Promise<VehicleRef[]> {
  if (!plates.length && !vins.length) return [];
  return db
    .selectFrom('fleet_vehicle')
    .select(['id', 'plate', 'vin', 'unit_id', sql<string>`unit_path::text`.as('unit_path'), sql<string>`region_path::text`.as('region_path')])
    .where((eb) => eb.or([...(plates.length ? [eb('plate', 'in', plates)] : []), ...(vins.length ? [eb('vin', 'in', vins)] : [])]))
    .execute();
}

export async function findVehicleInScope(db: Db, scope: DataScope, id: number) {
  return db
    .selectFrom('fleet_vehicle as v')
    .innerJoin('org as o', 'o.id', 'v.unit_id')
    .select(['v.id', 'v.plate', 'v.vin', 'v.unit_id', 'o.name as unit_name'])
    .where('v.id', '=', id)
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'v.unit_path', regionPath: 'v.region_path', unitId: 'v.unit_id' }))
    .executeTakeFirst();
}

export interface NewTransaction {
  vehicle_id: number;
  category: string;
  amount: number;
  occurred_at: string;
  source: 'api' | 'excel' | 'manual';
  partner_code: string;
  partner_tx_id: string;
  provider_id: number | null;
  designated: boolean;
  quantity: number | null;
  odometer_km: number | null;
  place: string | null;
  note: string | null;
  created_by: number | null;
}

/** Inserts new transactions; already stored (partner_code, partner_tx_id) pairs are left alone. Returns the inserted. */
export async function insertTransactions(db: Db, rows: NewTransaction[]) {
  if (!rows.length) return [];
  return db
    .insertInto('fleet_transaction')
    .values(rows)
    .onConflict((oc) => oc.columns(['partner_code', 'partner_tx_id']).doNothing())
    .returning(['id', 'partner_tx_id', 'designated'])
    .execute();
}

/** The stored transactions of one partner by their ids (to answer resends). */
export async function findByPartnerTxIds(db: Db, partnerCode: string, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('fleet_transaction')
    .select(['id', 'partner_tx_id', 'vehicle_id', 'category', 'amount', 'occurred_at', 'designated'])
    .where('partner_code', '=', partnerCode)
    .where('partner_tx_id', 'in', ids)
    .execute();
}

export interface WarningInsert {
  subject_key: string;
  title: string;
  unit_id: number;
  link: string;
  evidence: string;
}

/** Raises fleet.non-designated findings; a still-open one for the same transaction is left as it is. */
export async function raiseNonDesignatedWarnings(db: Db, rows: WarningInsert[]) {
  if (!rows.length) return;
  await db
    .insertInto('warning')
    .values(rows.map((r) => ({ module: 'fleet', kind: 'fleet.non-designated', severity: 'medium', ...r })))
    .onConflict((oc) => oc.columns(['kind', 'subject_key']).where('status', 'in', ['open', 'acknowledged']).doNothing())
    .execute();
}

/** A vehicle's monthly costs per category in one year, from the monthly rollup. */
export async function findCostMonths(db: Db, vehicleId: number, year: number) {
  return db
    .selectFrom('fleet_cost_month')
    .select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'category', 'amount', 'tx_count', 'designated_count'])
    .where('vehicle_id', '=', vehicleId)
    .where('month', '>=', sql<Date>`make_date(${year}::int, 1, 1)`)
    .where('month', '<', sql<Date>`make_date(${year}::int + 1, 1, 1)`)
    .orderBy('month')
    .execute();
}
