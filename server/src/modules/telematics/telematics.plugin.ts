import type { FastifyInstance } from 'fastify';
import { trackRoutes } from './track.routes.js';
import { ingestRoutes } from './ingest.routes.js';
import { commandRoutes } from './command.routes.js';
import { geofenceRoutes } from './geofence.routes.js';
import { overlapRoutes } from './overlap.routes.js';

/** The telematics module: positions from Beidou terminals (JT/T 808), trips, alerts, geofences and track overlap. */
export async function telematicsRoutes(app: FastifyInstance) {
  // each part registers its routes here (one line per part)
  void app;
  await app.register(trackRoutes);
  await app.register(ingestRoutes);
  await app.register(commandRoutes);
  await app.register(geofenceRoutes);
  await app.register(overlapRoutes);
}
