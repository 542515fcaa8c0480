import type { FastifyInstance } from 'fastify';

export async function warningRoutes(_app: FastifyInstance) {}
