import type { FastifyInstance } from 'fastify';
import { driverRoutes } from './driver.routes.js';
import { quotaRoutes } from './quota.routes.js';
import { vehicleRoutes } from './vehicle.routes.js';

/** Routes of the fleet module's archive part (registered by fleet.plugin.ts). */
export async function fleetArchiveRoutes(app: FastifyInstance) {
  await app.register(vehicleRoutes);
  await app.register(quotaRoutes);
  await app.register(driverRoutes);
}
