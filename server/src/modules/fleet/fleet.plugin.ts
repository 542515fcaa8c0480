import type { FastifyInstance } from 'fastify';
import { fleetArchiveRoutes } from './fleet.archive.plugin.js';
import { fleetCostsRoutes } from './fleet.costs.plugin.js';
import { fleetDispatchRoutes } from './fleet.dispatch.plugin.js';

/** The official-vehicles module: archive (vehicles, quotas, drivers), dispatch (requests to trips), costs (providers, analysis). */
export async function fleetRoutes(app: FastifyInstance) {
  await app.register(fleetArchiveRoutes);
  await app.register(fleetDispatchRoutes);
  await app.register(fleetCostsRoutes);
}
