import type { FastifyInstance } from 'fastify';

/** Routes of the fleet module's dispatch part (registered by fleet.plugin.ts). */
export async function fleetDispatchRoutes(_app: FastifyInstance) {}
