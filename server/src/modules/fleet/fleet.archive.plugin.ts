import type { FastifyInstance } from 'fastify';

/** Routes of the fleet module's archive part (registered by fleet.plugin.ts). */
export async function fleetArchiveRoutes(_app: FastifyInstance) {}
