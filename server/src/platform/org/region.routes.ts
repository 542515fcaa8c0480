import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ErrorBody } from '../http/schemas.js';
import { findRegionChildren, searchRegions } from './region.repository.js';

const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  hasChildren: Type.Boolean(),
});

/** Regions are public reference data (GB/T 2260) for every signed-in user holding the read permission. */
export async function regionRoutes(app: FastifyInstance) {
  const { db } = app.platform;
  app.get(
    '/api/regions',
    {
      schema: {
        tags: ['行政区划'],
        summary: '下级行政区划（不传 parentCode 时为省）',
        querystring: Type.Object({
          parentCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })),
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Region) }), '4xx': ErrorBody },
      },
      config: { permission: 'system:region:read' },
    },
    async (req) => {
      const { parentCode, q } = req.query as { parentCode?: string; q?: string };
      if (q) {
        const rows = await searchRegions(db, q);
        return { items: rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code, hasChildren: r.level !== 'township' })) };
      }
      const rows = await findRegionChildren(db, parentCode ?? null);
      return { items: rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code, hasChildren: r.has_children })) };
    },
  );
}
