import type { FastifyInstance } from 'fastify';
import { partnerRoutes } from '../../platform/partners/partner.routes.js';
import { analysisRoutes } from './analysis.routes.js';
import { providerRoutes } from './provider.routes.js';
import { transactionRoutes } from './transaction.routes.js';

/** Routes of the fleet module's costs part (registered by fleet.plugin.ts): providers, transactions, the panel. */
export async function fleetCostsRoutes(app: FastifyInstance) {
  // partner credentials are a platform feature; their first (and so far only) users are the fleet providers
  await app.register(partnerRoutes);
  await app.register(providerRoutes);
  await app.register(transactionRoutes);
  await app.register(analysisRoutes);
}
