import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

export interface StandardRowInput {
  orgLevel: string;
  rankLevelCode: string;
  postLabel: string;
  maxArea: number;
  restRoomAllowed: boolean;
}

export async function findStandardVersions(db: Db) {
  return db
    .selectFrom('estate_standard_version')
    .select(['id', 'name', 'doc_no', 'source', sql<string>`to_char(effective_from, 'YYYY-MM-DD')`.as('effective_from'), 'created_at'])
    .orderBy('effective_from', 'desc')
    .execute();
}

export async function findStandardRows(db: Db) {
  return db
    .selectFrom('estate_office_standard')
    .select(['version_id', 'org_level', 'rank_level_code', 'post_label', 'max_area', 'rest_room_allowed'])
    .execute();
}

export async function findRankLevels(db: Db) {
  return db.selectFrom('rank_level').select(['code', 'name']).orderBy('sort').execute();
}

export async function findVersionForUpdate(tx: Db, id: number) {
  return tx.selectFrom('estate_standard_version').select(['id', 'name', 'doc_no', 'source']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Replaces every row of one version (the matrix is edited as a whole). */
export async function replaceStandardRows(tx: Db, versionId: number, rows: StandardRowInput[]) {
  await tx.deleteFrom('estate_office_standard').where('version_id', '=', versionId).execute();
  if (!rows.length) return;
  await tx
    .insertInto('estate_office_standard')
    .values(rows.map((r) => ({
      version_id: versionId,
      org_level: r.orgLevel,
      rank_level_code: r.rankLevelCode,
      post_label: r.postLabel,
      max_area: r.maxArea,
      rest_room_allowed: r.restRoomAllowed,
    })))
    .execute();
}

export async function updateVersionHeader(tx: Db, id: number, v: { name?: string; doc_no?: string; source?: string }) {
  if (v.name === undefined && v.doc_no === undefined && v.source === undefined) return;
  await tx.updateTable('estate_standard_version').set(v).where('id', '=', id).execute();
}

export async function findVersionClash(db: Db, name: string, effectiveFrom: string, exceptId = 0) {
  return db
    .selectFrom('estate_standard_version')
    .select(['id', 'name', sql<string>`to_char(effective_from, 'YYYY-MM-DD')`.as('effective_from')])
    .where((eb) => eb.or([eb('name', '=', name), eb('effective_from', '=', effectiveFrom as never)]))
    .where('id', '<>', exceptId)
    .executeTakeFirst();
}

/** A new version with the rows of an existing one. */
export async function insertVersionCopy(
  tx: Db,
  v: { name: string; doc_no: string; effective_from: string; source: string },
  copyFrom: number,
): Promise<number> {
  const row = await tx.insertInto('estate_standard_version').values(v).returning('id').executeTakeFirstOrThrow();
  await sql`
    INSERT INTO estate_office_standard (version_id, org_level, rank_level_code, post_label, max_area, rest_room_allowed)
    SELECT ${row.id}, org_level, rank_level_code, post_label, max_area, rest_room_allowed
    FROM estate_office_standard WHERE version_id = ${copyFrom}`.execute(tx);
  return row.id;
}
