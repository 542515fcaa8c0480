import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * Per-person office usable-area caps of 党政机关办公用房建设标准 (发改投资〔2014〕2674号, 第十三条), by the level of the
 * person's unit and the level of the person's rank (rank_level l1…l10). The 1999 table is not used.
 * 乡级 is set by each province, in principle not above 县级副职 (24 m²): the default applies the 县级 cap of the same rank
 * (待省级核定). Rest rooms: only 省级正职/副职 may have one attached to the office, its area counted in the cap (verify).
 */
export const STANDARD_2014 = {
  name: '党政机关办公用房建设标准（2014）',
  docNo: '发改投资〔2014〕2674号',
  effectiveFrom: '2014-12-31',
  source:
    '国家发展改革委、住房城乡建设部 发改投资〔2014〕2674号 第十三条；乡级由省规定，原则上不超过县级副职，默认按县级同职级（待省级核定）；休息室仅省级正副职（待核对）',
  rows: [
    ['province', 'l1', '正职', 54, true], ['province', 'l2', '副职', 42, true],
    ['province', 'l3', '正厅（局）级', 30, false], ['province', 'l4', '副厅（局）级', 24, false],
    ['province', 'l5', '正处级', 18, false], ['province', 'l6', '副处级', 12, false],
    ['province', 'l7', '处级以下', 9, false], ['province', 'l8', '处级以下', 9, false],
    ['province', 'l9', '处级以下', 9, false], ['province', 'l10', '处级以下', 9, false],
    ['city', 'l3', '正职', 42, false], ['city', 'l4', '副职', 30, false],
    ['city', 'l5', '正局（处）级', 24, false], ['city', 'l6', '副局（处）级', 18, false],
    ['city', 'l7', '局（处）级以下', 9, false], ['city', 'l8', '局（处）级以下', 9, false],
    ['city', 'l9', '局（处）级以下', 9, false], ['city', 'l10', '局（处）级以下', 9, false],
    ['county', 'l5', '正职', 30, false], ['county', 'l6', '副职', 24, false],
    ['county', 'l7', '正科级', 18, false], ['county', 'l8', '副科级', 12, false],
    ['county', 'l9', '科级以下', 9, false], ['county', 'l10', '科级以下', 9, false],
    ['township', 'l7', '正职', 18, false], ['township', 'l8', '副职', 12, false],
    ['township', 'l9', '其他人员', 9, false], ['township', 'l10', '其他人员', 9, false],
  ] as const,
};

/** Inserts the 2014 standard once. Administrators edit it (or add versions) afterwards; this never overwrites them. */
export async function seedOfficeStandard(db: Kysely<DB>): Promise<void> {
  const exists = await db.selectFrom('estate_standard_version').select('id').where('doc_no', '=', STANDARD_2014.docNo).executeTakeFirst();
  if (exists) return;
  const v = await db
    .insertInto('estate_standard_version')
    .values({ name: STANDARD_2014.name, doc_no: STANDARD_2014.docNo, effective_from: STANDARD_2014.effectiveFrom, source: STANDARD_2014.source })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('estate_office_standard')
    .values(STANDARD_2014.rows.map(([org_level, rank_level_code, post_label, max_area, rest_room_allowed]) => ({
      version_id: v.id, org_level, rank_level_code, post_label, max_area, rest_room_allowed,
    })))
    .execute();
}
