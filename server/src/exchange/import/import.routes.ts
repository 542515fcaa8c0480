import type { FastifyInstance } from 'fastify';

export async function importRoutes(_app: FastifyInstance) {}
