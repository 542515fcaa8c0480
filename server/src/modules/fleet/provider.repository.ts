import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

export interface ProviderFilter {
  kind?: string;
  q?: string;
  regionCode?: string;
  designated?: boolean;
  active?: boolean;
}

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

/** Designated today: a designated provider whose contract covers today's Beijing date. */
const ACTIVE = sql<boolean>`(p.designated AND p.contract_from <= (now() AT TIME ZONE 'Asia/Shanghai')::date AND p.contract_to >= (now() AT TIME ZONE 'Asia/Shanghai')::date)`;

/** Providers are scoped by their region (a city bureau sees the providers of its city). */
export function providerListQuery(db: Db, scope: DataScope, f: ProviderFilter) {
  let q = db.selectFrom('fleet_provider as p').innerJoin('region as r', 'r.code', 'p.region_code').where((eb) => scopeFilter(eb, scope, { regionPath: 'p.region_path' }));
  if (f.kind) q = q.where('p.kind', '=', f.kind);
  if (f.q) q = q.where((eb) => eb.or([eb('p.code', 'like', like(f.q!.toUpperCase())), eb('p.name', 'like', like(f.q!))]));
  if (f.regionCode) q = q.where(sql<boolean>`p.region_path <@ region_code_path(${f.regionCode})`);
  if (f.designated !== undefined) q = q.where('p.designated', '=', f.designated);
  if (f.active !== undefined) q = q.where(f.active ? ACTIVE : sql<boolean>`NOT coalesce(${ACTIVE}, false)`);
  return q;
}

export const selectProviderColumns = <Q extends ReturnType<typeof providerListQuery>>(q: Q) =>
  q.select([
    'p.id',
    'p.kind',
    'p.code',
    'p.name',
    'p.credit_code',
    'p.region_code',
    'r.name as region_name',
    'p.address',
    'p.lng',
    'p.lat',
    'p.contract_no',
    sql<string | null>`to_char(p.contract_from, 'YYYY-MM-DD')`.as('contract_from'),
    sql<string | null>`to_char(p.contract_to, 'YYYY-MM-DD')`.as('contract_to'),
    'p.designated',
    sql<boolean>`coalesce(${ACTIVE}, false)`.as('active'),
    sql<boolean>`EXISTS (SELECT 1 FROM partner_credential c WHERE c.code = p.code AND c.enabled)`.as('has_credential'),
    'p.created_at',
  ]);

export type ProviderRow = Awaited<ReturnType<ReturnType<typeof selectProviderColumns>['executeTakeFirstOrThrow']>>;

export const PROVIDER_SORTS: Record<string, string> = { code: 'p.code', name: 'p.name', kind: 'p.kind', contractTo: 'p.contract_to', createdAt: 'p.created_at' };

export async function findProviderInScope(db: Db, scope: DataScope, id: number): Promise<ProviderRow | undefined> {
  return selectProviderColumns(providerListQuery(db, scope, {}).where('p.id', '=', id)).executeTakeFirst();
}

export async function findRegion(db: Db, code: string) {
  return db.selectFrom('region').select(['code', 'name', sql<string>`path::text`.as('path')]).where('code', '=', code).executeTakeFirst();
}

export interface ProviderValues {
  kind: string;
  code: string;
  name: string;
  credit_code: string | null;
  region_code: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  contract_no: string | null;
  contract_from: string | null;
  contract_to: string | null;
  designated: boolean;
}

export async function insertProvider(db: Db, v: ProviderValues) {
  return (await db.insertInto('fleet_provider').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateProvider(db: Db, id: number, v: ProviderValues) {
  await db.updateTable('fleet_provider').set(v).where('id', '=', id).execute();
}

/** Providers by their (partner) codes, with what decides whether a transaction was at a designated provider. */
export async function findProvidersByCodes(db: Db, codes: string[]) {
  if (!codes.length) return [];
  return db
    .selectFrom('fleet_provider')
    .select([
      'id',
      'code',
      'name',
      'kind',
      'designated',
      sql<string | null>`to_char(contract_from, 'YYYY-MM-DD')`.as('contract_from'),
      sql<string | null>`to_char(contract_to, 'YYYY-MM-DD')`.as('contract_to'),
    ])
    .where('code', 'in', codes)
    .execute();
}

export async function findProviderById(db: Db, id: number) {
  return db
    .selectFrom('fleet_provider')
    .select([
      'id',
      'code',
      'name',
      'kind',
      'designated',
      sql<string | null>`to_char(contract_from, 'YYYY-MM-DD')`.as('contract_from'),
      sql<string | null>`to_char(contract_to, 'YYYY-MM-DD')`.as('contract_to'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
