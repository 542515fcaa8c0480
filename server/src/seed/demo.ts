/**
 * Demo organisations and persons: the provincial bureau, city and county bureaus, the ~94 provincial departments
 * with their divisions and institutions, city, county and township units, and their staff with encrypted personal
 * data. Deterministic for a given random source (only the SM4 IVs differ between runs).
 *
 * Expects an empty org table and the reference data (seedReference) in place.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { seedEstateDemo } from '../modules/estate/estate.demo.js';
import { maskIdNo, maskPhone, protect, type CryptoKeys } from '../platform/crypto/crypto.service.js';
import { PersonFactory, type PlannedPerson } from './persons.js';
import { planOrgs, type PlannedOrg, type PlannedUnit, type Scale } from './plan.js';
import { DEFAULT_SEED, mulberry32, Rng } from './prng.js';
import { loadRegions } from './reference.js';

export interface SeedSummary {
  provinceBureauId: number;
  /** City code (4 digits) → id of the city's 机关事务管理局. */
  cityBureauIds: Record<string, number>;
  /** County code (6 digits) → id of the county's 机关事务服务中心. */
  countyBureauIds: Record<string, number>;
  /** The provincial first-level departments (省直部门), without the bureau itself. */
  departmentIds: number[];
  /** 山东省教育厅. */
  sampleDeptUnitId: number;
  samplePersonIds: {
    /** An ordinary staff member of 山东省教育厅 (基础教育处). */
    staff: number;
    /** A driver (工勤, no rank) of 山东省机关公务用车服务中心, the bureau's car service centre. */
    driver: number;
    /** A staff member of 山东省教育厅's 办公室, the unit's asset and vehicle administrator. */
    unitAdmin: number;
    /** Head of 办公室 of 济南市机关事务管理局. */
    jinan: number;
    /** Head of 办公室 of 青岛市机关事务管理局. */
    qingdao: number;
    /** Head of 办公室 of 山东省机关事务管理局. */
    province: number;
  };
  /** Units (kind 'unit'). */
  units: number;
  /** Internal departments (kind 'department'). */
  departments: number;
  persons: number;
}

export interface SeedOrgsOptions {
  scale: Scale;
  onProgress?: (done: number, total: number, label: string) => void;
  random?: () => number;
}

const ORG_COLUMNS = [
  'id', 'kind', 'name', 'short_name', 'credit_code', 'unit_type', 'level', 'region_code', 'parent_id', 'staffing_quota',
  'is_bureau', 'sort',
] as const;
const PERSON_COLUMNS = [
  'id', 'name', 'gender', 'id_no_enc', 'id_no_hash', 'id_no_mask', 'phone_enc', 'phone_hash', 'phone_mask', 'rank_code',
  'unit_id', 'department_id',
] as const;
// 12 columns: 4,000 rows = 48,000 bind parameters, below PostgreSQL's 65,535.
const ORG_BATCH = 2000;
const PERSON_BATCH = 4000;

const placeholderCache = new Map<string, string>();
function placeholders(rows: number, cols: number): string {
  const key = `${rows}x${cols}`;
  let text = placeholderCache.get(key);
  if (!text) {
    const parts: string[] = [];
    for (let r = 0; r < rows; r++) {
      const row: string[] = [];
      for (let c = 1; c <= cols; c++) row.push(`$${r * cols + c}`);
      parts.push(`(${row.join(',')})`);
    }
    text = parts.join(',');
    placeholderCache.set(key, text);
  }
  return text;
}

/** One multi-row INSERT in its own transaction. Table and columns are constants of this file. */
async function insertBatch(db: Kysely<DB>, table: 'org' | 'person', columns: readonly string[], rows: unknown[][]) {
  const params = rows.flat();
  const text = `insert into ${table} (${columns.join(', ')}) values ${placeholders(rows.length, columns.length)}`;
  await db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw(text, params));
  });
}

/** Identity sequences continue after the explicit ids the seed used. */
async function syncSequence(db: Kysely<DB>, table: 'org' | 'person') {
  await db.executeQuery(
    CompiledQuery.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 0) + 1 from ${table}), false)`),
  );
}

function orgRow(o: PlannedOrg): unknown[] {
  return [
    o.id, o.kind, o.name, o.shortName, o.creditCode, o.unitType, o.level, o.regionCode, o.parentId, o.staffingQuota,
    o.isBureau, o.sort,
  ];
}

function personRow(keys: CryptoKeys, p: PlannedPerson): unknown[] {
  const id = protect(keys, p.idNo, maskIdNo);
  const phone = protect(keys, p.phone, maskPhone);
  return [
    p.id, p.name, p.gender, id.enc, id.hash, id.mask, phone.enc, phone.hash, phone.mask, p.rankCode, p.unitId,
    p.departmentId,
  ];
}

async function maxId(db: Kysely<DB>, table: 'org' | 'person'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

export async function seedOrgsAndPersons(db: Kysely<DB>, keys: CryptoKeys, opts: SeedOrgsOptions): Promise<SeedSummary> {
  const rng = new Rng(opts.random ?? mulberry32(DEFAULT_SEED));
  const progress = opts.onProgress ?? (() => {});

  const province = await db.selectFrom('region').select('code').where('code', '=', '37').executeTakeFirst();
  if (!province) throw new Error('regions are missing: run seedReference first');
  const existing = await db.selectFrom('org').select('id').limit(1).executeTakeFirst();
  if (existing) throw new Error('the org table already holds organisations: the demo seed needs an empty database');

  const plan = planOrgs(rng, opts.scale, loadRegions(), (await maxId(db, 'org')) + 1);
  const total = plan.orgs.length + plan.persons;
  let done = 0;
  progress(0, total, '准备');

  try {
    // Organisations level by level: the path trigger needs each parent in place.
    const byDepth: PlannedOrg[][] = [];
    for (const o of plan.orgs) (byDepth[o.depth] ??= []).push(o);
    for (const [depth, orgs] of byDepth.entries()) {
      for (let i = 0; i < orgs.length; i += ORG_BATCH) {
        const slice = orgs.slice(i, i + ORG_BATCH);
        await insertBatch(db, 'org', ORG_COLUMNS, slice.map(orgRow));
        done += slice.length;
        progress(done, total, `写入机构（第 ${depth + 1} 层）`);
      }
    }
  } finally {
    await syncSequence(db, 'org');
  }

  const factory = new PersonFactory(rng, (await maxId(db, 'person')) + 1);
  const samples: Partial<SeedSummary['samplePersonIds']> = {};
  try {
    let rows: unknown[][] = [];
    // One batch may be written while the next one is generated and encrypted.
    let inflight: Promise<void> | undefined;
    const flush = async () => {
      if (!rows.length) return;
      const batch = rows;
      rows = [];
      const write = insertBatch(db, 'person', PERSON_COLUMNS, batch).then(() => {
        done += batch.length;
        progress(done, total, '写入人员');
      });
      // Attach a handler now so a failure is never unhandled; it is rethrown when awaited.
      write.catch(() => {});
      if (inflight) await inflight;
      inflight = write;
    };
    for (const unit of plan.units) {
      const staff = factory.staff(unit);
      pickSamples(unit, staff, samples);
      for (const p of staff) rows.push(personRow(keys, p));
      if (rows.length >= PERSON_BATCH) await flush();
    }
    await flush();
    if (inflight) await inflight;
  } finally {
    await syncSequence(db, 'person');
  }
  // Office space of a few compounds, for the demo only (the province scale gets its own generator, estate.scale.ts).
  if (opts.scale === 'demo') await seedEstateDemo(db);
  await db.executeQuery(CompiledQuery.raw('analyze org'));
  await db.executeQuery(CompiledQuery.raw('analyze person'));
  progress(total, total, '完成');

  return summarise(plan.units, plan.orgs, plan.persons, samples);
}

function pickSamples(unit: PlannedUnit, staff: PlannedPerson[], samples: Partial<SeedSummary['samplePersonIds']>) {
  const officeChief = () => staff.find((p) => p.role === 'chief' && p.departmentIndex === 0)?.id ?? staff[0]?.id;
  switch (unit.tag) {
    case 'provinceBureau':
      samples.province = officeChief();
      break;
    case 'cityBureau':
      if (unit.org.regionCode === '3701') samples.jinan = officeChief();
      if (unit.org.regionCode === '3702') samples.qingdao = officeChief();
      break;
    case 'carCentre':
      samples.driver = staff.find((p) => p.role === 'driver')?.id;
      break;
    case 'sampleDept': {
      const line = unit.departments.findIndex((d) => d.name === '基础教育处');
      samples.unitAdmin = staff.find((p) => p.role === 'staff' && p.departmentIndex === 0)?.id ?? officeChief();
      samples.staff =
        staff.find((p) => p.role === 'staff' && p.departmentIndex === line)?.id ?? staff.find((p) => p.role === 'staff')?.id;
      break;
    }
    default:
  }
}

function summarise(
  units: PlannedUnit[],
  orgs: PlannedOrg[],
  persons: number,
  samples: Partial<SeedSummary['samplePersonIds']>,
): SeedSummary {
  const one = (tag: PlannedUnit['tag']) => {
    const u = units.find((x) => x.tag === tag);
    if (!u) throw new Error(`seed plan has no ${tag}`);
    return u.org.id;
  };
  const byRegion = (tag: PlannedUnit['tag']) =>
    Object.fromEntries(units.filter((u) => u.tag === tag).map((u) => [u.org.regionCode, u.org.id]));
  const need = (k: keyof SeedSummary['samplePersonIds']) => {
    const id = samples[k];
    if (id === undefined) throw new Error(`seed found no sample person for ${k}`);
    return id;
  };
  return {
    provinceBureauId: one('provinceBureau'),
    cityBureauIds: byRegion('cityBureau'),
    countyBureauIds: byRegion('countyBureau'),
    departmentIds: units.filter((u) => u.tag === 'provincialDept' || u.tag === 'sampleDept').map((u) => u.org.id),
    sampleDeptUnitId: one('sampleDept'),
    samplePersonIds: {
      staff: need('staff'),
      driver: need('driver'),
      unitAdmin: need('unitAdmin'),
      jinan: need('jinan'),
      qingdao: need('qingdao'),
      province: need('province'),
    },
    units: units.length,
    departments: orgs.length - units.length,
    persons,
  };
}
