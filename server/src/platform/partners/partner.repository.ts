import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

/** Partner credentials (接入凭证): only the key's SM3 hash is ever stored. */
export interface CredentialRow {
  id: number;
  code: string;
  name: string;
  scopes: string[];
  enabled: boolean;
  created_at: Date;
  last_used_at: Date | null;
  created_by_name: string | null;
}

export async function findCredentials(db: Db): Promise<CredentialRow[]> {
  return db
    .selectFrom('partner_credential as c')
    .leftJoin('app_user as u', 'u.id', 'c.created_by')
    .select(['c.id', 'c.code', 'c.name', 'c.scopes', 'c.enabled', 'c.created_at', 'c.last_used_at', 'u.username as created_by_name'])
    .orderBy('c.code')
    .execute();
}

export async function findCredentialById(db: Db, id: number) {
  return db.selectFrom('partner_credential').select(['id', 'code', 'name', 'scopes', 'enabled']).where('id', '=', id).executeTakeFirst();
}

/** The credential a partner presents, with its key hash (for the constant-time comparison only). */
export async function findCredentialForAuth(db: Db, code: string) {
  return db.selectFrom('partner_credential').select(['id', 'code', 'name', 'scopes', 'enabled', 'key_hash']).where('code', '=', code).executeTakeFirst();
}

export async function insertCredential(db: Db, c: { code: string; name: string; keyHash: string; scopes: string[]; createdBy: number }) {
  return db
    .insertInto('partner_credential')
    .values({ code: c.code, name: c.name, key_hash: c.keyHash, scopes: c.scopes, created_by: c.createdBy })
    .returning(['id', 'code', 'name', 'scopes', 'enabled'])
    .executeTakeFirstOrThrow();
}

export async function setCredentialEnabled(db: Db, id: number, enabled: boolean) {
  return db.updateTable('partner_credential').set({ enabled }).where('id', '=', id).returning(['id', 'code', 'enabled']).executeTakeFirst();
}

export async function replaceCredentialKey(db: Db, id: number, keyHash: string) {
  return db.updateTable('partner_credential').set({ key_hash: keyHash }).where('id', '=', id).returning(['id', 'code']).executeTakeFirst();
}

/** Marks a credential used (at most once a minute, to keep ingest writes few). */
export async function touchCredential(db: Db, id: number) {
  await db
    .updateTable('partner_credential')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}
