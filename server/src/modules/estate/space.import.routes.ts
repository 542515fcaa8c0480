import type { FastifyInstance } from 'fastify';

export async function spaceImportRoutes(_app: FastifyInstance) {}
