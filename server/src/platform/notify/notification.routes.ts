import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { type Static, Type } from 'typebox';
import { ErrorBody, iso } from '../http/schemas.js';
import { countUnread, markRead, NOTIFICATION_COLUMNS, notificationsOf, type Category, type NotificationRow } from './notification.repository.js';

const CategoryT = Type.Union(['todo', 'result', 'cc', 'urge', 'reminder', 'timeout', 'system'].map((c) => Type.Literal(c)));
const Message = Type.Object({
  id: Type.Integer(),
  category: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  objectType: Type.String(),
  objectId: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

function present(n: NotificationRow): Static<typeof Message> {
  return {
    id: n.id,
    category: n.category,
    title: n.title,
    body: n.body,
    link: n.link,
    objectType: n.object_type,
    objectId: n.object_id,
    readAt: iso(n.read_at),
    createdAt: iso(n.created_at)!,
  };
}

/** The caller's own in-app messages (bell, message centre). Everyone signed in has a mailbox: access 'self'. */
export async function notificationRoutes(app: FastifyInstance) {
  const { db } = app.platform;

  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['消息'],
        summary: '我的消息（分页，可只看未读）',
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          unread: Type.Optional(Type.Boolean()),
          category: Type.Optional(CategoryT),
        }),
        response: { 200: Type.Object({ items: Type.Array(Message), total: Type.Integer(), unread: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), '4xx': ErrorBody },
      },
      config: { access: 'self' },
    },
    async (req) => {
      const q = req.query as { page?: number; pageSize?: number; unread?: boolean; category?: Category };
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const base = notificationsOf(db, req.auth!.userId, q);
      const [total, items, unread] = await Promise.all([
        base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
        base.select(NOTIFICATION_COLUMNS).orderBy('n.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
        countUnread(db, req.auth!.userId),
      ]);
      return { items: (items as NotificationRow[]).map(present), total: total.n, unread, page, pageSize };
    },
  );

  app.get(
    '/api/notifications/unread-count',
    { schema: { tags: ['消息'], summary: '未读消息数（铃铛）', response: { 200: Type.Object({ unread: Type.Integer() }), '4xx': ErrorBody } }, config: { access: 'self' } },
    async (req) => ({ unread: await countUnread(db, req.auth!.userId) }),
  );

  app.post(
    '/api/notifications/read',
    {
      schema: {
        tags: ['消息'],
        summary: '标记已读（ids 为空表示全部）',
        body: Type.Object({ ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ updated: Type.Integer(), unread: Type.Integer() }), '4xx': ErrorBody },
      },
      config: { access: 'self', notAudited: '标记本人消息已读，不涉及业务或安全数据' },
    },
    async (req) => {
      const { ids } = req.body as { ids?: number[] };
      const updated = await markRead(db, req.auth!.userId, ids?.length ? ids : 'all');
      return { updated, unread: await countUnread(db, req.auth!.userId) };
    },
  );
}
