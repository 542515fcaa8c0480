import type { FastifyInstance } from 'fastify';

export async function assetRoutes(_app: FastifyInstance) {}
