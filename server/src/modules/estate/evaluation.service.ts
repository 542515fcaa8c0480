import type { Db } from '../../db/connection.js';
import { chinaDay } from '../../platform/calendar/calendar.service.js';
import type { Platform } from '../../platform/context.js';
import { applyRules, findStandardVersionAt, type RuleRunResult } from './evaluation.repository.js';

export interface EvaluationResult extends RuleRunResult {
  asOf: string;
  standard: string;
  ms: number;
}

/**
 * Applies the office-space rules (over standard, rest rooms, second offices, overdue vacating, persons without an
 * office, use against design, units over their approved area, area consistency) and keeps the warnings in step.
 * `unitIds` limits the run to those units, which is how every change re-evaluates what it touched, in its own
 * transaction; without it the whole province is evaluated (the nightly job and the "立即复核" button).
 */
export async function evaluateOffices(
  p: Pick<Platform, 'db' | 'settings'>,
  opts: { asOf?: string; unitIds?: number[] },
  tx?: Db,
): Promise<EvaluationResult> {
  const t0 = performance.now();
  const run = async (db: Db) => {
    const asOf = opts.asOf ?? chinaDay(new Date());
    const version = await findStandardVersionAt(db, asOf);
    if (!version) return { findings: 0, raised: 0, closed: 0, asOf, standard: '' };
    const s = await p.settings.get(db);
    const res = await applyRules(db, {
      asOf,
      versionId: version.id,
      unitIds: opts.unitIds,
      vacateGraceDays: s['estate.vacate_grace_days'],
      secondOfficeGraceDays: s['estate.vacate_grace_days_second'],
      shortfallPct: s['estate.area_shortfall_pct'],
    });
    return { ...res, asOf, standard: version.name };
  };
  if (opts.unitIds && !opts.unitIds.length) return { findings: 0, raised: 0, closed: 0, asOf: opts.asOf ?? chinaDay(new Date()), standard: '', ms: 0 };
  const r = tx ? await run(tx) : await p.db.transaction().execute(run);
  return { ...r, ms: Math.round(performance.now() - t0) };
}
