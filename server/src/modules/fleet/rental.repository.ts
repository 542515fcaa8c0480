import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

export interface RentalFilter {
  unitId?: number;
  company?: string;
  from?: string;
  to?: string;
}

export function rentalListQuery(db: Db, scope: DataScope, f: RentalFilter) {
  let q = db
    .selectFrom('fleet_rental as x')
    .innerJoin('org as o', 'o.id', 'x.unit_id')
    .innerJoin('app_user as u', 'u.id', 'x.created_by')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'x.unit_path', regionPath: 'x.region_path', unitId: 'x.unit_id' }));
  if (f.unitId !== undefined) q = q.where(sql<boolean>`x.unit_path <@ (select y.path from org y where y.id = ${f.unitId})`);
  if (f.company) q = q.where('x.company', 'like', `%${f.company.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.from) q = q.where('x.ended_at', '>', new Date(f.from));
  if (f.to) q = q.where('x.started_at', '<', new Date(f.to));
  return q;
}

export const selectRentalColumns = <Q extends ReturnType<typeof rentalListQuery>>(q: Q) =>
  q.select([
    'x.id',
    'x.unit_id',
    'o.name as unit_name',
    'x.request_id',
    'x.company',
    'x.order_no',
    'x.plate',
    'x.started_at',
    'x.ended_at',
    'x.km',
    'x.cost',
    'u.display_name as created_by_name',
    'x.created_at',
  ]);
export type RentalRow = Awaited<ReturnType<ReturnType<typeof selectRentalColumns>['executeTakeFirstOrThrow']>>;

export const RENTAL_SORTS = { id: 'x.id', startedAt: 'x.started_at', cost: 'x.cost', km: 'x.km' };

export async function findRentalInScope(db: Db, scope: DataScope, id: number) {
  return selectRentalColumns(rentalListQuery(db, scope, {}).where('x.id', '=', id)).executeTakeFirst();
}

export interface RentalInsert {
  unit_id: number;
  request_id: number | null;
  company: string;
  order_no: string;
  plate: string;
  started_at: string;
  ended_at: string;
  km: number;
  cost: number;
  created_by: number;
}

export async function insertRental(tx: Db, v: RentalInsert) {
  return tx.insertInto('fleet_rental').values(v).returning('id').executeTakeFirstOrThrow();
}
