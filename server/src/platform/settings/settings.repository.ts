import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { SETTING_DEFS } from './settings.catalog.js';

export async function insertDefaultSettings(db: Db): Promise<void> {
  await db
    .insertInto('setting')
    .values(
      SETTING_DEFS.map((d) => ({ key: d.key, value: JSON.stringify(d.value), description: d.description, source: d.source })),
    )
    .onConflict((oc) => oc.column('key').doUpdateSet({ description: sql`excluded.description`, source: sql`excluded.source` }))
    .execute();
}

export async function findAllSettings(db: Db) {
  return db.selectFrom('setting').select(['key', 'value', 'description', 'source', 'updated_at']).orderBy('key').execute();
}

export async function updateSetting(db: Db, key: string, value: unknown, userId: number) {
  return db
    .updateTable('setting')
    .set({ value: JSON.stringify(value), updated_at: new Date(), updated_by: userId })
    .where('key', '=', key)
    .returning(['key', 'value'])
    .executeTakeFirst();
}
