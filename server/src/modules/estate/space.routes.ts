import type { FastifyInstance } from 'fastify';

export async function spaceRoutes(_app: FastifyInstance) {}
