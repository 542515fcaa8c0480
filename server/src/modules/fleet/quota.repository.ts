import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { type DataScope, scopeFilter } from '../../platform/access/scope.js';

// ------------------------------------------------------------------ quotas (编制) against the cars held

export interface QuotaFilter {
  unitId?: number;
  regionCode?: string;
  overOnly?: boolean;
}

/**
 * Units with a quota or a car, in scope: per unit and category the quota, its basis and the cars held (not disposed).
 * One row per unit; `cells` in category order.
 */
export async function findQuotaTable(db: Db, scope: DataScope, f: QuotaFilter, page: { limit: number; offset: number }) {
  let q = db
    .selectFrom('org as o')
    .where('o.kind', '=', 'unit')
    .where('o.status', '=', 'active')
    .where((eb) => scopeFilter(eb, scope, { orgPath: 'o.path', regionPath: 'o.region_path', unitId: 'o.unit_id' }))
    .where(sql<boolean>`(EXISTS (SELECT 1 FROM fleet_quota q WHERE q.unit_id = o.id)
      OR EXISTS (SELECT 1 FROM fleet_vehicle v WHERE v.unit_id = o.id AND v.status <> 'disposed'))`);
  if (f.unitId !== undefined) q = q.where(sql<boolean>`o.path <@ (SELECT u.path FROM org u WHERE u.id = ${f.unitId})`);
  if (f.regionCode) q = q.where(sql<boolean>`o.region_path <@ region_code_path(${f.regionCode})`);
  if (f.overOnly)
    q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM fleet_quota q WHERE q.unit_id = o.id AND q.quota <
      (SELECT count(*) FROM fleet_vehicle v WHERE v.unit_id = o.id AND v.category_code = q.category_code AND v.status <> 'disposed'))`);
  const [count, units] = await Promise.all([
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
    q.select(['o.id', 'o.name', 'o.region_code']).orderBy('o.path').limit(page.limit).offset(page.offset).execute(),
  ]);
  const ids = units.map((u) => u.id);
  const cells = ids.length
    ? (
        await sql<{ unit_id: number; code: string; quota: number | null; basis: string | null; actual: number }>`
      SELECT u.id AS unit_id, c.code, q.quota, q.basis,
             (SELECT count(*) FROM fleet_vehicle v WHERE v.unit_id = u.id AND v.category_code = c.code AND v.status <> 'disposed')::int AS actual
      FROM unnest(${ids}::int[]) AS u(id) CROSS JOIN fleet_category c
      LEFT JOIN fleet_quota q ON q.unit_id = u.id AND q.category_code = c.code
      ORDER BY c.sort`.execute(db)
      ).rows
    : [];
  return { units, cells, total: count?.n ?? 0 };
}

export async function upsertQuota(tx: Db, v: { unit_id: number; category_code: string; quota: number; basis: string }) {
  const before = await tx.selectFrom('fleet_quota').selectAll().where('unit_id', '=', v.unit_id).where('category_code', '=', v.category_code).executeTakeFirst();
  await tx
    .insertInto('fleet_quota')
    .values(v)
    .onConflict((oc) => oc.columns(['unit_id', 'category_code']).doUpdateSet({ quota: v.quota, basis: v.basis, updated_at: sql`now()` }))
    .execute();
  return before;
}

// ------------------------------------------------------------------ the fleet rules (findings), set-based

export const FLEET_RULE_KINDS = [
  'fleet.over-quota',
  'fleet.terminal-missing',
  'fleet.insurance-expiring',
  'fleet.insurance-expired',
  'fleet.inspection-expiring',
  'fleet.inspection-expired',
  'fleet.licence-expiring',
  'fleet.licence-expired',
] as const;
export const FLEET_EXPIRY_KINDS = FLEET_RULE_KINDS.filter((k) => k.endsWith('-expiring') || k.endsWith('-expired'));

export interface FleetRuleParams {
  asOf: string; // YYYY-MM-DD
  /** evaluate only these units; undefined = the whole province */
  unitIds?: number[];
  reminderDays: number;
  /** vehicles registered (created) before this day and still without a terminal are past the deadline */
  terminalRegisteredBefore: string;
  /** the deadline in working days (for the evidence) */
  terminalWorkingDays: number;
}

/** Every finding of the fleet rules, as warning rows (kind, subject, title, severity, owning unit, link, evidence). */
export function fleetFindingsQuery(p: FleetRuleParams): RawBuilder<unknown> {
  const d = sql`${p.asOf}::date`;
  const inUnits = (col: RawBuilder<unknown>) => (p.unitIds ? sql`AND ${col} = ANY(${p.unitIds}::int[])` : sql``);
  const n = sql`${p.reminderDays}::int`;
  return sql`
  WITH pol AS (
    SELECT i.vehicle_id, max(i.ends_on) AS ends_on FROM fleet_insurance i GROUP BY i.vehicle_id
  ),
  insp AS (
    SELECT i.vehicle_id, max(i.valid_until) AS valid_until FROM fleet_inspection i GROUP BY i.vehicle_id
  ),
  live AS (
    SELECT v.id, v.plate, v.unit_id, v.category_code, v.created_at, v.terminal_phone FROM fleet_vehicle v
    WHERE v.status <> 'disposed' ${inUnits(sql`v.unit_id`)}
  ),
  f AS (
    -- 1. a unit holding more cars of a category than its quota (编制)
    SELECT 'fleet.over-quota' AS kind, 'unit:' || q.unit_id || ':' || q.category_code AS subject_key,
           u.name || ' ' || c.name || ' 实有 ' || a.n || ' 辆，超出编制 ' || q.quota || ' 辆' AS title,
           'high' AS severity, q.unit_id, '/fleet/quotas?unitId=' || q.unit_id AS link,
           jsonb_build_object('unitId', q.unit_id, 'unit', u.name, 'category', c.name, 'quota', q.quota, 'actual', a.n, 'basis', q.basis) AS evidence
    FROM fleet_quota q
    JOIN org u ON u.id = q.unit_id
    JOIN fleet_category c ON c.code = q.category_code
    JOIN (SELECT unit_id, category_code, count(*)::int AS n FROM live GROUP BY unit_id, category_code) a
      ON a.unit_id = q.unit_id AND a.category_code = q.category_code
    WHERE a.n > q.quota ${inUnits(sql`q.unit_id`)}
    UNION ALL
    -- 2. no Beidou terminal past the installation deadline
    SELECT 'fleet.terminal-missing', 'vehicle:' || v.id,
           v.plate || ' 登记后超过 ' || ${p.terminalWorkingDays}::int || ' 个工作日未安装北斗终端', 'medium', v.unit_id, '/fleet/vehicles/' || v.id,
           jsonb_build_object('vehicleId', v.id, 'plate', v.plate, 'registeredOn', to_char(v.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
             'deadlineWorkingDays', ${p.terminalWorkingDays}::int, 'asOf', ${p.asOf}::text)
    FROM live v
    WHERE v.terminal_phone IS NULL AND (v.created_at AT TIME ZONE 'Asia/Shanghai')::date < ${p.terminalRegisteredBefore}::date
    UNION ALL
    -- 3. insurance (the latest policy) expired or about to (ends_on: the policy is valid until that day)
    SELECT CASE WHEN i.ends_on < ${d} THEN 'fleet.insurance-expired' ELSE 'fleet.insurance-expiring' END, 'vehicle:' || v.id,
           v.plate || CASE WHEN i.ends_on < ${d} THEN ' 保险已于 ' || to_char(i.ends_on, 'YYYY-MM-DD') || ' 到期'
                           ELSE ' 保险将于 ' || to_char(i.ends_on, 'YYYY-MM-DD') || ' 到期' END,
           CASE WHEN i.ends_on < ${d} THEN 'high' ELSE 'medium' END, v.unit_id, '/fleet/vehicles/' || v.id,
           jsonb_build_object('vehicleId', v.id, 'plate', v.plate, 'endsOn', to_char(i.ends_on, 'YYYY-MM-DD'), 'asOf', ${p.asOf}::text)
    FROM live v JOIN pol i ON i.vehicle_id = v.id
    WHERE i.ends_on < ${d} + ${n}
    UNION ALL
    -- 4. annual inspection (年检) expired or about to
    SELECT CASE WHEN i.valid_until < ${d} THEN 'fleet.inspection-expired' ELSE 'fleet.inspection-expiring' END, 'vehicle:' || v.id,
           v.plate || CASE WHEN i.valid_until < ${d} THEN ' 年检已于 ' || to_char(i.valid_until, 'YYYY-MM-DD') || ' 过期'
                           ELSE ' 年检有效期至 ' || to_char(i.valid_until, 'YYYY-MM-DD') || '，即将到期' END,
           CASE WHEN i.valid_until < ${d} THEN 'high' ELSE 'medium' END, v.unit_id, '/fleet/vehicles/' || v.id,
           jsonb_build_object('vehicleId', v.id, 'plate', v.plate, 'validUntil', to_char(i.valid_until, 'YYYY-MM-DD'), 'asOf', ${p.asOf}::text)
    FROM live v JOIN insp i ON i.vehicle_id = v.id
    WHERE i.valid_until < ${d} + ${n}
    UNION ALL
    -- 5. a driver's licence expired or about to
    SELECT CASE WHEN dr.licence_expires_on < ${d} THEN 'fleet.licence-expired' ELSE 'fleet.licence-expiring' END, 'driver:' || dr.id,
           pe.name || CASE WHEN dr.licence_expires_on < ${d} THEN ' 驾驶证已于 ' || to_char(dr.licence_expires_on, 'YYYY-MM-DD') || ' 过期'
                           ELSE ' 驾驶证将于 ' || to_char(dr.licence_expires_on, 'YYYY-MM-DD') || ' 到期' END,
           CASE WHEN dr.licence_expires_on < ${d} THEN 'high' ELSE 'medium' END, dr.unit_id, '/fleet/drivers?driverId=' || dr.id,
           jsonb_build_object('driverId', dr.id, 'person', pe.name, 'licenceClass', dr.licence_class,
             'expiresOn', to_char(dr.licence_expires_on, 'YYYY-MM-DD'), 'asOf', ${p.asOf}::text)
    FROM fleet_driver dr JOIN person pe ON pe.id = dr.person_id
    WHERE dr.status = 'active' AND dr.licence_expires_on < ${d} + ${n} ${inUnits(sql`dr.unit_id`)}
  )`;
}

export interface FleetRuleRunResult {
  findings: number;
  raised: number;
  closed: number;
  /** the warnings raised by this run (new, not refreshed) */
  raisedRows: { id: number; kind: string; title: string; unit_id: number; link: string | null }[];
}

/**
 * Raises or refreshes a warning per finding and closes the open fleet warnings no longer found (within the evaluated
 * units), the way the office-space rules do. A finding dismissed in the last year is not raised again.
 * Expiring and expired findings of one subject are two kinds: when a policy expires the 'expiring' warning closes and
 * the 'expired' one opens. Runs in the caller's transaction.
 */
export async function applyFleetRules(tx: Db, p: FleetRuleParams): Promise<FleetRuleRunResult> {
  await sql`SET LOCAL jit = off`.execute(tx);
  const unitFilter = p.unitIds ? sql`AND w.unit_id = ANY(${p.unitIds}::int[])` : sql``;
  const r = await sql<{ findings: number; raised: number; closed: number; raised_rows: FleetRuleRunResult['raisedRows'] | null }>`
    ${fleetFindingsQuery(p)},
    ins AS (
      INSERT INTO warning (module, kind, subject_key, title, severity, unit_id, link, evidence)
      SELECT 'fleet', f.kind, f.subject_key, f.title, f.severity, f.unit_id, f.link, f.evidence FROM f
      WHERE NOT EXISTS (
        SELECT 1 FROM warning w WHERE w.kind = f.kind AND w.subject_key = f.subject_key AND w.status = 'dismissed'
          AND w.closed_at > now() - interval '1 year')
      ON CONFLICT (kind, subject_key) WHERE status IN ('open', 'acknowledged')
      DO UPDATE SET title = excluded.title, severity = excluded.severity, unit_id = excluded.unit_id, link = excluded.link,
                    evidence = excluded.evidence, last_seen_at = now()
      WHERE (warning.title, warning.severity, warning.unit_id, warning.link, warning.evidence - 'asOf')
            IS DISTINCT FROM (excluded.title, excluded.severity, excluded.unit_id, excluded.link, excluded.evidence - 'asOf')
      RETURNING (xmax = 0) AS raised, id, kind, title, unit_id, link
    ),
    closed AS (
      UPDATE warning w SET status = 'resolved', closed_at = now(), resolution = '复核时已不存在'
      WHERE w.module = 'fleet' AND w.kind = ANY(${[...FLEET_RULE_KINDS]}::text[]) AND w.status IN ('open', 'acknowledged') ${unitFilter}
        AND NOT EXISTS (SELECT 1 FROM f WHERE f.kind = w.kind AND f.subject_key = w.subject_key)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM f)::int AS findings, (SELECT count(*) FROM ins WHERE raised)::int AS raised,
           (SELECT count(*) FROM closed)::int AS closed,
           (SELECT jsonb_agg(jsonb_build_object('id', id, 'kind', kind, 'title', title, 'unit_id', unit_id, 'link', link)) FROM ins WHERE raised) AS raised_rows`.execute(tx);
  const row = r.rows[0];
  return { findings: row?.findings ?? 0, raised: row?.raised ?? 0, closed: row?.closed ?? 0, raisedRows: row?.raised_rows ?? [] };
}

/** Active fleet managers (role fleet_manager) whose region covers the unit, per unit. */
export async function findFleetManagersOfUnits(db: Db, unitIds: number[]): Promise<Map<number, number[]>> {
  if (!unitIds.length) return new Map();
  const r = await sql<{ unit_id: number; user_ids: number[] }>`
    SELECT t.id AS unit_id, array_agg(DISTINCT u.id) AS user_ids
    FROM org t
    JOIN app_user u ON u.status = 'active'
    JOIN user_role ur ON ur.user_id = u.id
    JOIN role r ON r.id = ur.role_id AND r.code = 'fleet_manager'
    JOIN org mo ON mo.id = u.unit_id
    WHERE t.id = ANY(${unitIds}::int[]) AND (u.unit_id = t.id OR t.region_path <@ mo.region_path)
    GROUP BY t.id`.execute(db);
  return new Map(r.rows.map((x) => [x.unit_id, x.user_ids]));
}
