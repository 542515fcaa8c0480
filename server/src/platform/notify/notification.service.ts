import type { Db } from '../../db/connection.js';
import type { Platform } from '../context.js';
import { sm4Decrypt } from '../crypto/crypto.service.js';
import {
  type Category,
  findPendingDeliveries,
  findEnabledChannels,
  finishDelivery,
  insertDeliveries,
  insertNotifications,
} from './notification.repository.js';

export interface NotificationInput {
  category: Category;
  title: string;
  body?: string;
  /** a path inside the app */
  link?: string;
  objectType?: string;
  objectId?: string;
  /** the same key for the same user notifies once */
  dedupeKey?: string;
}

/** Categories worth a text message when outside channels are on: things someone must act on. */
const PUSHED: Category[] = ['todo', 'urge', 'reminder', 'timeout'];

/** In-app messages for these users, written in the caller's transaction; outside deliveries queue behind them. */
export async function notify(tx: Db, userIds: number[], m: NotificationInput): Promise<void> {
  const users = [...new Set(userIds)];
  if (!users.length) return;
  const ids = await insertNotifications(tx, users, {
    category: m.category,
    title: m.title.slice(0, 200),
    body: (m.body ?? '').slice(0, 2000),
    link: m.link ?? null,
    object_type: m.objectType ?? '',
    object_id: m.objectId ?? '',
    dedupe_key: m.dedupeKey ?? null,
  });
  if (PUSHED.includes(m.category)) await insertDeliveries(tx, ids, await findEnabledChannels(tx));
}

/** A message going out of the platform. */
export interface OutboundMessage {
  userId: number;
  username: string;
  /** the person's mobile number, decrypted only here, for the SMS adapter */
  phone: string | null;
  title: string;
  body: string;
  link: string | null;
}

/**
 * The slot for SMS and messaging-app gateways (政务短信平台, 政务微信/浙政钉-like apps). An adapter returns 'sent',
 * or 'skipped' when the person cannot be reached on that channel; throwing means "try again later".
 */
export interface DeliveryAdapter {
  channel: 'sms' | 'im';
  send(m: OutboundMessage): Promise<'sent' | 'skipped'>;
}

/** The default adapter: writes the message to the server log. Replace with a real gateway in deployment. */
export function logAdapter(channel: 'sms' | 'im', log: (line: string) => void): DeliveryAdapter {
  return {
    channel,
    send(m) {
      if (channel === 'sms' && !m.phone) return Promise.resolve('skipped');
      log(`[${channel}] → ${m.username}${m.phone ? ` (${m.phone.slice(0, 3)}****${m.phone.slice(-4)})` : ''}: ${m.title}`);
      return Promise.resolve('sent');
    },
  };
}

const MAX_ATTEMPTS = 5;

/**
 * Sends pending deliveries through the adapters. Runs as one scheduler job (one server at a time), so rows need no
 * lock; no transaction is held while a gateway answers. Returns how many were handled.
 */
export async function deliverPending(p: Platform, adapters: DeliveryAdapter[], batch = 100): Promise<number> {
  const byChannel = new Map(adapters.map((a) => [a.channel, a]));
  let handled = 0;
  let after = 0;
  for (;;) {
    const rows = await findPendingDeliveries(p.db, after, batch);
    for (const d of rows) {
      after = d.id;
      const adapter = byChannel.get(d.channel as 'sms' | 'im');
      if (!adapter) {
        await finishDelivery(p.db, d.id, 'skipped', '未配置该渠道的适配器');
        continue;
      }
      try {
        const phone = d.phone_enc ? sm4Decrypt(p.keys.dataKey, d.phone_enc) : null;
        const r = await adapter.send({ userId: d.user_id, username: d.username, phone, title: d.title, body: d.body, link: d.link });
        await finishDelivery(p.db, d.id, r, null);
      } catch (err) {
        await finishDelivery(p.db, d.id, d.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'pending', String((err as Error).message ?? err).slice(0, 500));
      }
    }
    handled += rows.length;
    if (rows.length < batch) return handled;
  }
}
