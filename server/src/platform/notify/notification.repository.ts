import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

export type Category = 'todo' | 'result' | 'cc' | 'urge' | 'reminder' | 'timeout' | 'system';

export interface NotificationRow {
  id: number;
  category: Category;
  title: string;
  body: string;
  link: string | null;
  object_type: string;
  object_id: string;
  read_at: Date | null;
  created_at: Date;
}

/** Inserts one message per user; a repeated dedupe key for the same user inserts nothing. Returns the new ids. */
export async function insertNotifications(
  tx: Db,
  userIds: number[],
  n: { category: Category; title: string; body: string; link: string | null; object_type: string; object_id: string; dedupe_key: string | null },
): Promise<number[]> {
  if (!userIds.length) return [];
  const rows = await tx
    .insertInto('notification')
    .values(userIds.map((user_id) => ({ user_id, ...n })))
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertDeliveries(tx: Db, notificationIds: number[], channels: ('sms' | 'im')[]) {
  if (!notificationIds.length || !channels.length) return;
  await tx
    .insertInto('notification_delivery')
    .values(notificationIds.flatMap((notification_id) => channels.map((channel) => ({ notification_id, channel }))))
    .onConflict((oc) => oc.columns(['notification_id', 'channel']).doNothing())
    .execute();
}

/** The outside channels switched on in settings. */
export async function findEnabledChannels(db: Db): Promise<('sms' | 'im')[]> {
  const rows = await db.selectFrom('setting').select(['key', 'value']).where('key', 'in', ['notify.sms_enabled', 'notify.im_enabled']).execute();
  return rows.filter((r) => r.value === true).map((r) => (r.key === 'notify.sms_enabled' ? 'sms' : 'im'));
}

export function notificationsOf(db: Db, userId: number, f: { unread?: boolean; category?: Category }) {
  return db
    .selectFrom('notification as n')
    .where('n.user_id', '=', userId)
    .$if(!!f.unread, (q) => q.where('n.read_at', 'is', null))
    .$if(!!f.category, (q) => q.where('n.category', '=', f.category!));
}

export const NOTIFICATION_COLUMNS = ['n.id', 'n.category', 'n.title', 'n.body', 'n.link', 'n.object_type', 'n.object_id', 'n.read_at', 'n.created_at'] as const;

export async function countUnread(db: Db, userId: number): Promise<number> {
  const r = await db.selectFrom('notification').select(sql<number>`count(*)::int`.as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return r.n;
}

export async function markRead(db: Db, userId: number, ids: number[] | 'all'): Promise<number> {
  const r = await db
    .updateTable('notification')
    .set({ read_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .$if(ids !== 'all', (q) => q.where('id', 'in', ids as number[]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The next pending deliveries after an id, with the message and the person's encrypted phone. */
export async function findPendingDeliveries(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('notification_delivery as d')
    .innerJoin('notification as n', 'n.id', 'd.notification_id')
    .innerJoin('app_user as u', 'u.id', 'n.user_id')
    .leftJoin('person as p', 'p.id', 'u.person_id')
    .select(['d.id', 'd.channel', 'd.attempts', 'n.title', 'n.body', 'n.link', 'u.id as user_id', 'u.username', 'p.phone_enc'])
    .where('d.status', '=', 'pending')
    .where('d.id', '>', afterId)
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

export async function finishDelivery(tx: Db, id: number, status: 'sent' | 'failed' | 'skipped' | 'pending', error: string | null) {
  await tx
    .updateTable('notification_delivery')
    .set({ status, error, attempts: sql`attempts + 1`, sent_at: status === 'sent' ? sql`now()` : null })
    .where('id', '=', id)
    .execute();
}
