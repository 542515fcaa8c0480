import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/connection.js';

/**
 * The office-space rules in SQL, set-based so the whole province is evaluated in one pass.
 *
 * Per-person office area at a date: every office room (current use 办公室) a person occupies as primary office that
 * day, plus the rest rooms attached to it, shared between the room's occupants in proportion to their standard caps
 * (合用办公室按各人标准面积比例分摊: a shared room is over standard exactly when it exceeds the sum of its
 * occupants' caps). When an occupant's cap is unknown (no rank), the room is split equally.
 */
export interface RuleParams {
  asOf: string; // YYYY-MM-DD
  versionId: number;
  /** evaluate only these units (persons of these units, rooms they use); undefined = the whole province */
  unitIds?: number[];
  vacateGraceDays: number;
  secondOfficeGraceDays: number;
  shortfallPct: number;
}

export const ESTATE_RULE_KINDS = [
  'estate.over-standard',
  'estate.rest-room',
  'estate.multiple-offices',
  'estate.vacate-overdue',
  'estate.no-office',
  'estate.use-mismatch',
  'estate.unit-over-quota',
  'estate.area-mismatch',
] as const;

export async function findStandardVersionAt(db: Db, asOf: string) {
  return db
    .selectFrom('estate_standard_version')
    .select(['id', 'name', 'doc_no'])
    .where('effective_from', '<=', asOf as never)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const LEADER_LEVELS = sql`('l1','l2','l3','l4','l5','l6')`;

/** CTEs occ (occupancies in force with caps), office (office rooms with their occupants), share (per person). */
function shareCtes(p: RuleParams): RawBuilder<unknown> {
  const d = sql`${p.asOf}::date`;
  const roomFilter = p.unitIds
    ? sql`AND o.room_id IN (
        SELECT r.id FROM estate_room r WHERE r.unit_id = ANY(${p.unitIds}::int[])
        UNION
        SELECT o2.room_id FROM estate_occupancy o2 JOIN person p2 ON p2.id = o2.person_id
        WHERE p2.unit_id = ANY(${p.unitIds}::int[]) AND o2.during @> ${d})`
    : sql``;
  return sql`
  std AS (
    SELECT org_level, rank_level_code, max_area, rest_room_allowed, post_label
    FROM estate_office_standard WHERE version_id = ${p.versionId}
  ),
  occ AS (
    SELECT o.person_id, o.room_id, o.is_primary, lower(o.during) AS since,
           p.name AS person_name, p.status AS person_status, p.status_since, p.unit_id AS person_unit_id,
           u.level AS org_level, k.level_code, k.name AS rank_name, s.max_area AS cap, s.rest_room_allowed, s.post_label
    FROM estate_occupancy o
    JOIN person p ON p.id = o.person_id
    JOIN org u ON u.id = p.unit_id
    LEFT JOIN rank k ON k.code = p.rank_code
    LEFT JOIN std s ON s.org_level = u.level AND s.rank_level_code = k.level_code
    WHERE o.during @> ${d} ${roomFilter}
  ),
  rest AS (
    SELECT attached_to_room_id AS room_id, sum(usable_area) AS area
    FROM estate_room WHERE attached_to_room_id IS NOT NULL AND status <> 'disposed'
    GROUP BY attached_to_room_id
  ),
  office_occ AS (
    SELECT room_id, count(*) AS n, sum(cap) AS total_cap, bool_and(cap IS NOT NULL) AS caps_known,
           bool_and(coalesce(rest_room_allowed, false)) AS rest_ok
    FROM occ WHERE is_primary GROUP BY room_id
  ),
  office AS (
    SELECT a.room_id, a.n, a.total_cap, a.caps_known, a.rest_ok, r.unit_id, r.building_id, r.room_no,
           r.usable_area + coalesce(rest.area, 0) AS area, coalesce(rest.area, 0) AS rest_area
    FROM office_occ a
    JOIN estate_room r ON r.id = a.room_id
    LEFT JOIN rest ON rest.room_id = r.id
    WHERE r.current_use = 'office' AND r.status <> 'disposed'
  ),
  share AS (
    SELECT occ.person_id, min(occ.person_unit_id) AS unit_id, min(occ.cap) AS cap, bool_or(o.rest_area > 0) AS rest_room,
           round(sum(CASE WHEN o.caps_known THEN o.area * occ.cap / o.total_cap ELSE o.area / o.n END), 2) AS area
    FROM occ JOIN office o ON o.room_id = occ.room_id
    WHERE occ.is_primary
    GROUP BY occ.person_id
  )`;
}

/** The rooms behind each person's share, for people and evidence (only for the persons of `persons`). */
const shareRooms = (persons: RawBuilder<unknown>) => sql`
  SELECT occ.person_id,
         string_agg(b.name || ' ' || o.room_no || CASE WHEN o.n > 1 THEN '（' || o.n || '人合用）' ELSE '' END, '、' ORDER BY o.room_no) AS rooms,
         jsonb_agg(jsonb_build_object('roomId', o.room_id, 'room', b.name || ' ' || o.room_no, 'usableArea', o.area - o.rest_area,
           'restRoomArea', o.rest_area, 'occupants', o.n) ORDER BY o.room_no) AS room_list
  FROM occ JOIN office o ON o.room_id = occ.room_id JOIN estate_building b ON b.id = o.building_id
  WHERE occ.is_primary AND occ.person_id IN (${persons})
  GROUP BY occ.person_id`;

/** Every finding of the rules, as warning rows (kind, subject, title, severity, owning unit, link, evidence). */
export function findingsQuery(p: RuleParams): RawBuilder<unknown> {
  const d = sql`${p.asOf}::date`;
  const inUnits = (col: RawBuilder<unknown>) => (p.unitIds ? sql`AND ${col} = ANY(${p.unitIds}::int[])` : sql``);
  return sql`
  WITH ${shareCtes(p)},
  over AS (
    SELECT s.* FROM share s WHERE s.cap IS NOT NULL AND s.area > s.cap ${inUnits(sql`s.unit_id`)}
  ),
  over_rooms AS (${shareRooms(sql`SELECT person_id FROM over`)}),
  f AS (
    -- 1. office over the standard
    SELECT 'estate.over-standard' AS kind, 'person:' || s.person_id AS subject_key,
           CASE WHEN k.level_code IN ${LEADER_LEVELS} THEN '领导干部' ELSE '' END || pe.name || '（' || k.name || '）办公室使用面积 '
             || s.area || ' m²，超出标准 ' || s.cap || ' m²' AS title,
           CASE WHEN s.area > s.cap * 1.5 THEN 'high' ELSE 'medium' END AS severity,
           s.unit_id, '/estate/space?personId=' || s.person_id AS link,
           jsonb_build_object('personId', s.person_id, 'person', pe.name, 'rank', k.name, 'postLabel', st.post_label,
             'orgLevel', u.level, 'area', s.area, 'cap', s.cap, 'over', s.area - s.cap, 'leader', k.level_code IN ${LEADER_LEVELS},
             'rooms', orr.room_list, 'asOf', ${p.asOf}::text) AS evidence
    FROM over s
    JOIN person pe ON pe.id = s.person_id
    JOIN org u ON u.id = pe.unit_id
    JOIN rank k ON k.code = pe.rank_code
    JOIN std st ON st.org_level = u.level AND st.rank_level_code = k.level_code
    JOIN over_rooms orr ON orr.person_id = s.person_id
    UNION ALL
    -- 2. a rest room attached to the office of somebody not entitled to one
    SELECT 'estate.rest-room', 'room:' || o.room_id,
           b.name || ' ' || o.room_no || ' 附设休息室 ' || o.rest_area || ' m²，使用人不符合设置休息室的条件', 'medium',
           o.unit_id, '/estate/space?roomId=' || o.room_id,
           jsonb_build_object('roomId', o.room_id, 'room', b.name || ' ' || o.room_no, 'restRoomArea', o.rest_area, 'occupants', o.n, 'asOf', ${p.asOf}::text)
    FROM office o JOIN estate_building b ON b.id = o.building_id WHERE o.rest_area > 0 AND NOT (o.rest_ok AND o.n = 1) ${inUnits(sql`o.unit_id`)}
    UNION ALL
    -- 3. a second office (dual posts) kept past the grace period
    SELECT DISTINCT ON (occ.person_id) 'estate.multiple-offices', 'person:' || occ.person_id,
           occ.person_name || ' 在主办公室以外另占用办公室 ' || b.name || ' ' || r.room_no || '，已超过 ' || ${p.secondOfficeGraceDays}::int || ' 天', 'medium',
           occ.person_unit_id, '/estate/space?roomId=' || r.id,
           jsonb_build_object('personId', occ.person_id, 'person', occ.person_name, 'roomId', r.id, 'room', b.name || ' ' || r.room_no,
             'since', occ.since, 'graceDays', ${p.secondOfficeGraceDays}::int, 'asOf', ${p.asOf}::text)
    FROM occ JOIN estate_room r ON r.id = occ.room_id JOIN estate_building b ON b.id = r.building_id
    WHERE NOT occ.is_primary AND r.current_use = 'office' AND occ.since + ${p.secondOfficeGraceDays}::int < ${d} ${inUnits(sql`occ.person_unit_id`)}
    UNION ALL
    -- 4. transferred, retired or left, still holding a room past the grace period
    SELECT DISTINCT ON (occ.person_id) 'estate.vacate-overdue', 'person:' || occ.person_id,
           occ.person_name || CASE occ.person_status WHEN 'transferred' THEN '已调离' WHEN 'retired' THEN '已退休' ELSE '已离职' END
             || '，仍占用 ' || b.name || ' ' || r.room_no || '，超过腾退期限 ' || ${p.vacateGraceDays}::int || ' 天', 'high',
           occ.person_unit_id, '/estate/space?roomId=' || r.id,
           jsonb_build_object('personId', occ.person_id, 'person', occ.person_name, 'status', occ.person_status, 'statusSince', occ.status_since,
             'roomId', r.id, 'room', b.name || ' ' || r.room_no, 'graceDays', ${p.vacateGraceDays}::int, 'asOf', ${p.asOf}::text)
    FROM occ JOIN estate_room r ON r.id = occ.room_id JOIN estate_building b ON b.id = r.building_id
    WHERE occ.person_status <> 'active' AND occ.status_since + ${p.vacateGraceDays}::int < ${d} ${inUnits(sql`occ.person_unit_id`)}
    UNION ALL
    -- 5. active persons of a unit whose rooms are registered, without any office that day
    SELECT 'estate.no-office', 'person:' || pe.id, pe.name || ' 未安排办公室', 'low', pe.unit_id, '/org/persons',
           jsonb_build_object('personId', pe.id, 'person', pe.name, 'asOf', ${p.asOf}::text)
    FROM person pe
    WHERE pe.status = 'active' ${inUnits(sql`pe.unit_id`)}
      AND EXISTS (SELECT 1 FROM estate_room r WHERE r.unit_id = pe.unit_id AND r.current_use = 'office')
      AND NOT EXISTS (SELECT 1 FROM estate_occupancy o WHERE o.person_id = pe.id AND o.during @> ${d})
    UNION ALL
    -- 6. used against the designed use (use changed without approval)
    SELECT 'estate.use-mismatch', 'room:' || r.id,
           b.name || ' ' || r.room_no || ' 设计用途为' || dc.name || '，现用作' || cc.name, 'medium',
           coalesce(r.unit_id, c.owner_unit_id), '/estate/space?roomId=' || r.id,
           jsonb_build_object('roomId', r.id, 'room', b.name || ' ' || r.room_no, 'designedUse', dc.name, 'currentUse', cc.name, 'usableArea', r.usable_area)
    FROM estate_room r
    JOIN estate_building b ON b.id = r.building_id
    JOIN estate_compound c ON c.id = r.compound_id
    JOIN estate_use_class dc ON dc.code = r.designed_use
    JOIN estate_use_class cc ON cc.code = r.current_use
    WHERE r.status <> 'disposed' AND r.current_use <> r.designed_use ${inUnits(sql`coalesce(r.unit_id, c.owner_unit_id)`)}
    UNION ALL
    -- 7. a unit using more office area than approved (核定)
    SELECT 'estate.unit-over-quota', 'unit:' || q.unit_id,
           u.name || ' 办公室用房 ' || a.area || ' m²，超出核定面积 ' || q.approved_office_area || ' m²', 'high',
           q.unit_id, '/estate/units?unitId=' || q.unit_id,
           jsonb_build_object('unitId', q.unit_id, 'unit', u.name, 'area', a.area, 'approved', q.approved_office_area, 'basis', q.basis)
    FROM estate_unit_quota q
    JOIN org u ON u.id = q.unit_id
    JOIN LATERAL (
      SELECT coalesce(sum(r.usable_area), 0) AS area FROM estate_room r
      JOIN estate_use_class uc ON uc.code = r.current_use
      WHERE r.unit_id = q.unit_id AND uc.category = 'office' AND r.status <> 'disposed'
    ) a ON true
    WHERE a.area > q.approved_office_area ${inUnits(sql`q.unit_id`)}
    UNION ALL
    -- 8. rooms of a building that add up to more than the building, or to much less
    SELECT 'estate.area-mismatch', 'building:' || b.id,
           c.name || ' ' || b.name || ' 房间使用面积合计 ' || t.area || ' m²，' ||
             CASE WHEN t.area > b.usable_area THEN '超过' ELSE '远低于' END || '楼座使用面积 ' || b.usable_area || ' m²', 'low',
           c.owner_unit_id, '/estate/space?buildingId=' || b.id,
           jsonb_build_object('buildingId', b.id, 'building', b.name, 'roomsArea', t.area, 'usableArea', b.usable_area, 'shortfallPct', ${p.shortfallPct}::int)
    FROM estate_building b
    JOIN estate_compound c ON c.id = b.compound_id
    JOIN (SELECT building_id, sum(usable_area) AS area FROM estate_room WHERE status <> 'disposed' GROUP BY building_id) t ON t.building_id = b.id
    WHERE (t.area > b.usable_area OR t.area < b.usable_area * (100 - ${p.shortfallPct}::int) / 100) ${inUnits(sql`c.owner_unit_id`)}
  )`;
}

export interface RuleRunResult {
  findings: number;
  raised: number;
  closed: number;
}

/**
 * Raises or refreshes a warning per finding and closes the open ones no longer found (within the evaluated units).
 * A finding dismissed (忽略) by a person in the last year is not raised again. Runs in the caller's transaction.
 */
export async function applyRules(tx: Db, p: RuleParams): Promise<RuleRunResult> {
  // Province-wide runs hash and sort about a million rows; give this transaction memory instead of temp files.
  if (!p.unitIds) await sql`SET LOCAL work_mem = '256MB'`.execute(tx);
  // Its CTEs hide row counts from the planner, which then picks nested loops over hundreds of thousands of rows.
  if (!p.unitIds) await sql`SET LOCAL enable_nestloop = off`.execute(tx);
  // JIT compiling this statement costs seconds and saves less than that.
  await sql`SET LOCAL jit = off`.execute(tx);
  const unitFilter = p.unitIds ? sql`AND w.unit_id = ANY(${p.unitIds}::int[])` : sql``;
  // One statement: raise the new findings, refresh the changed ones (unchanged rows are not rewritten), close the
  // open warnings no longer found. The insert touches rows in f, the close rows not in f: the two never meet.
  const r = await sql<RuleRunResult>`
    ${findingsQuery(p)},
    ins AS (
      INSERT INTO warning (module, kind, subject_key, title, severity, unit_id, link, evidence)
      SELECT 'estate', f.kind, f.subject_key, f.title, f.severity, f.unit_id, f.link, f.evidence FROM f
      WHERE NOT EXISTS (
        SELECT 1 FROM warning w WHERE w.kind = f.kind AND w.subject_key = f.subject_key AND w.status = 'dismissed'
          AND w.closed_at > now() - interval '1 year')
      ON CONFLICT (kind, subject_key) WHERE status IN ('open', 'acknowledged')
      DO UPDATE SET title = excluded.title, severity = excluded.severity, unit_id = excluded.unit_id, link = excluded.link,
                    evidence = excluded.evidence, last_seen_at = now()
      WHERE (warning.title, warning.severity, warning.unit_id, warning.link, warning.evidence)
            IS DISTINCT FROM (excluded.title, excluded.severity, excluded.unit_id, excluded.link, excluded.evidence)
      RETURNING (xmax = 0) AS raised
    ),
    closed AS (
      UPDATE warning w SET status = 'resolved', closed_at = now(), resolution = '复核时已不存在'
      WHERE w.module = 'estate' AND w.kind = ANY(${[...ESTATE_RULE_KINDS]}::text[]) AND w.status IN ('open', 'acknowledged') ${unitFilter}
        AND NOT EXISTS (SELECT 1 FROM f WHERE f.kind = w.kind AND f.subject_key = w.subject_key)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM f)::int AS findings, (SELECT count(*) FROM ins WHERE raised)::int AS raised,
           (SELECT count(*) FROM closed)::int AS closed`.execute(tx);
  return r.rows[0] ?? { findings: 0, raised: 0, closed: 0 };
}

export interface PersonOfficeArea {
  personId: number;
  personName: string;
  rankName: string | null;
  rankLevel: string | null;
  unitId: number;
  rooms: string;
  area: number;
  cap: number | null;
  restRoom: boolean;
}

/** Each occupant's office area (share of primary offices incl. attached rest rooms) and cap, for the given units. */
export async function findPersonOfficeAreas(
  db: Db,
  o: { asOf: string; unitIds: number[]; versionId?: number; personIds?: number[] },
): Promise<PersonOfficeArea[]> {
  const versionId = o.versionId ?? (await findStandardVersionAt(db, o.asOf))?.id ?? 0;
  const p: RuleParams = { asOf: o.asOf, versionId, unitIds: o.unitIds, vacateGraceDays: 0, secondOfficeGraceDays: 0, shortfallPct: 0 };
  const persons = o.personIds ? sql`AND s.person_id = ANY(${o.personIds}::int[])` : sql``;
  const r = await sql<{
    person_id: number; person_name: string; rank_name: string | null; level_code: string | null; unit_id: number;
    rooms: string; area: string; cap: string | null; rest_room: boolean;
  }>`
    WITH ${shareCtes(p)},
    picked AS (SELECT s.* FROM share s WHERE s.unit_id = ANY(${o.unitIds}::int[]) ${persons}),
    picked_rooms AS (${shareRooms(sql`SELECT person_id FROM picked`)})
    SELECT s.person_id, pe.name AS person_name, k.name AS rank_name, k.level_code, s.unit_id, pr.rooms, s.area, s.cap, s.rest_room
    FROM picked s JOIN person pe ON pe.id = s.person_id LEFT JOIN rank k ON k.code = pe.rank_code
    JOIN picked_rooms pr ON pr.person_id = s.person_id
    ORDER BY k.level_code NULLS LAST, pe.name`.execute(db);
  return r.rows.map((x) => ({
    personId: x.person_id,
    personName: x.person_name,
    rankName: x.rank_name,
    rankLevel: x.level_code,
    unitId: x.unit_id,
    rooms: x.rooms,
    area: Number(x.area),
    cap: x.cap === null ? null : Number(x.cap),
    restRoom: x.rest_room,
  }));
}
