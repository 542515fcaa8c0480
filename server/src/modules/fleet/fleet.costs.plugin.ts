import type { FastifyInstance } from 'fastify';

/** Routes of the fleet module's costs part (registered by fleet.plugin.ts). */
export async function fleetCostsRoutes(_app: FastifyInstance) {}
