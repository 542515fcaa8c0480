import type { FastifyInstance } from 'fastify';
import { allocationRoutes } from './allocation.routes.js';
import { applicationRoutes } from './application.routes.js';
import { assetRoutes } from './asset.routes.js';
import { filingRoutes } from './filing.routes.js';
import { spaceImportRoutes } from './space.import.routes.js';
import { spaceRoutes } from './space.routes.js';
import { standardRoutes } from './standard.routes.js';

/** The office-space module's routes, one plugin per role file. */
export async function estateRoutes(app: FastifyInstance) {
  await app.register(spaceRoutes);
  await app.register(standardRoutes);
  await app.register(allocationRoutes);
  await app.register(assetRoutes);
  await app.register(applicationRoutes);
  await app.register(filingRoutes);
  await app.register(spaceImportRoutes);
}
