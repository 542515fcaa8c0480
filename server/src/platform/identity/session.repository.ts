import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

export async function insertSession(
  db: Db,
  s: { id: string; userId: number; csrfToken: string; ip: string; userAgent: string; idleSeconds: number; expiresAt: Date },
) {
  await db
    .insertInto('session')
    .values({
      id: s.id,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      ip: s.ip,
      user_agent: s.userAgent.slice(0, 500),
      idle_seconds: s.idleSeconds,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findLiveSession(db: Db, id: string) {
  return db
    .selectFrom('session')
    .select(['id', 'user_id', 'csrf_token', 'last_seen_at', 'idle_seconds', 'expires_at', 'ended_at'])
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string) {
  await db.updateTable('session').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
}

export async function endSession(db: Db, id: string, reason: 'logout' | 'forced' | 'idle' | 'expired') {
  return db
    .updateTable('session')
    .set({ ended_at: new Date(), end_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .returning(['id', 'user_id'])
    .executeTakeFirst();
}

export async function endSessionsOfUser(db: Db, userId: number, reason: 'password_changed' | 'disabled' | 'forced', exceptId?: string) {
  let q = db
    .updateTable('session')
    .set({ ended_at: new Date(), end_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  await q.execute();
}

/** Sessions still alive now (not ended, not idle, not expired). */
export function liveSessionsQuery(db: Db) {
  return db
    .selectFrom('session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where(sql<boolean>`s.last_seen_at + make_interval(secs => s.idle_seconds) > now()`);
}
