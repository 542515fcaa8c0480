import type { FastifyInstance } from 'fastify';
import { dispatchRoutes } from './dispatch.routes.js';
import { rentalRoutes } from './rental.routes.js';
import { requestRoutes } from './request.routes.js';

/** Routes of the fleet module's dispatch part (registered by fleet.plugin.ts): requests, dispatch, the driver's tasks, rentals. */
export async function fleetDispatchRoutes(app: FastifyInstance) {
  await app.register(requestRoutes);
  await app.register(dispatchRoutes);
  await app.register(rentalRoutes);
}
