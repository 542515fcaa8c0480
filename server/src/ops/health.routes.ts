import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';

export const VERSION = '0.1.0';

export async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['运维'],
        summary: '健康检查',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]), version: Type.String(), time: Type.String() }),
          503: Type.Object({ status: Type.Literal('error'), database: Type.String(), version: Type.String(), time: Type.String() }),
        },
      },
      config: { access: 'public' },
    },
    async (_req, reply) => {
      const { db, engine } = app.platform;
      try {
        await sql`select 1`.execute(db);
        return { status: 'ok' as const, database: engine, version: VERSION, time: new Date().toISOString() };
      } catch {
        return reply.status(503).send({ status: 'error' as const, database: engine, version: VERSION, time: new Date().toISOString() });
      }
    },
  );
}
