import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { findOrgInScope } from '../../platform/org/org.repository.js';
import type { PersonOfficeArea } from './evaluation.repository.js';
import { findFilingOf, insertFiling, LEADER_LEVELS, lockFiling, setFilingItems, setFilingPosting, submitFiling } from './filing.repository.js';

/** One leader's office in a filing. */
export interface FilingItem {
  personId: number;
  personName: string;
  rankName: string | null;
  rankLevel: string | null;
  rooms: string;
  area: number;
  cap: number | null;
  restRoom: boolean;
  overStandard: boolean;
}

/** How the service reads offices: the evaluation's per-person areas (injected, so tests and jobs can pass another). */
export type FindPersonOfficeAreas = (db: Db, o: { asOf: string; unitIds: number[] }) => Promise<PersonOfficeArea[]>;

/** The date a year's filing describes: today for the current year, 31 December for a past one. */
export function asOfYear(year: number, today = new Date()): string {
  const y = today.getFullYear();
  if (year > y) throw invalid('不能填报未来年度的备案', [{ field: 'year', message: `年度不能晚于 ${y}` }]);
  if (year === y) return `${y}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return `${year}-12-31`;
}

/** The unit's leaders (rank levels l1–l6) with their offices as of the year's date. */
export async function buildFilingItems(db: Db, find: FindPersonOfficeAreas, unitId: number, year: number): Promise<FilingItem[]> {
  const rows = await find(db, { asOf: asOfYear(year), unitIds: [unitId] });
  return rows
    .filter((r) => r.rankLevel !== null && LEADER_LEVELS.includes(r.rankLevel))
    .map((r) => ({
      personId: r.personId,
      personName: r.personName,
      rankName: r.rankName,
      rankLevel: r.rankLevel,
      rooms: r.rooms,
      area: Math.round(r.area * 100) / 100,
      cap: r.cap,
      restRoom: r.restRoom,
      overStandard: r.cap !== null && r.area > r.cap + 1e-9,
    }));
}

interface Caller {
  userId: number;
  scope: DataScope;
}

/** Opens the year's draft for a unit (or returns the one already there). */
export async function openFiling(tx: Db, find: FindPersonOfficeAreas, caller: Caller, unitId: number, year: number): Promise<number> {
  const unit = await findOrgInScope(tx, caller.scope, unitId);
  if (!unit || unit.kind !== 'unit') throw notFound('单位');
  const prior = await findFilingOf(tx, unitId, year);
  if (prior) return prior.id;
  const items = await buildFilingItems(tx, find, unitId, year);
  const row = await insertFiling(tx, unitId, year, items);
  return row ? row.id : (await findFilingOf(tx, unitId, year))!.id;
}

/** Rebuilds a draft from the offices as they are now. */
export async function refreshFiling(tx: Db, find: FindPersonOfficeAreas, id: number) {
  const f = await lockFiling(tx, id);
  if (!f) throw notFound('备案');
  if (f.status !== 'draft') throw conflict('备案已报送，内容已冻结', 'FILING_SUBMITTED');
  const items = await buildFilingItems(tx, find, f.unit_id, f.year);
  await setFilingItems(tx, id, items);
  return items;
}

/** 报送: the snapshot of leaders, rooms, areas and caps freezes. */
export async function submitFilingNow(tx: Db, find: FindPersonOfficeAreas, caller: Caller, id: number) {
  const f = await lockFiling(tx, id);
  if (!f) throw notFound('备案');
  if (f.status !== 'draft') throw conflict('备案已报送，不能重复报送', 'FILING_SUBMITTED');
  const items = await buildFilingItems(tx, find, f.unit_id, f.year);
  await submitFiling(tx, id, items, caller.userId);
  return items;
}

export interface PostingInput {
  postedFrom: string;
  postedTo: string;
  place: string;
  result?: string | null;
}

/** 年度公示: when and where the use of offices was posted inside the unit, and what came of it. */
export async function recordPosting(tx: Db, id: number, input: PostingInput) {
  const f = await lockFiling(tx, id);
  if (!f) throw notFound('备案');
  if (input.postedTo < input.postedFrom) throw invalid('公示结束日期不能早于开始日期', [{ field: 'postedTo', message: '不能早于开始日期' }]);
  if (Number(input.postedFrom.slice(0, 4)) < f.year) throw invalid('公示日期应在备案年度内或之后', [{ field: 'postedFrom', message: `应不早于 ${f.year} 年` }]);
  await setFilingPosting(tx, id, { posted_from: input.postedFrom, posted_to: input.postedTo, posting_place: input.place.trim(), posting_result: input.result?.trim() || null });
}
