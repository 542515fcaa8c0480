import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { healthRoutes, VERSION } from './ops/health.routes.js';
import { auditRoutes } from './platform/audit/audit.routes.js';
import type { Platform } from './platform/context.js';
import { authPlugin } from './platform/http/auth.plugin.js';
import { errorsPlugin } from './platform/http/errors.plugin.js';
import { authRoutes } from './platform/identity/auth.routes.js';
import { jobRoutes } from './platform/jobs/job.routes.js';
import { accountSecurityRoutes, securityRoutes } from './platform/identity/security.routes.js';
import { userRoutes } from './platform/identity/user.routes.js';
import { roleRoutes } from './platform/access/role.routes.js';
import { orgRoutes } from './platform/org/org.routes.js';
import { personRoutes } from './platform/org/person.routes.js';
import { regionRoutes } from './platform/org/region.routes.js';
import { fileRoutes } from './platform/files/file.routes.js';
import { calendarRoutes } from './platform/calendar/calendar.routes.js';
import { accountRequestRoutes } from './platform/identity/account-request.routes.js';
import { notificationRoutes } from './platform/notify/notification.routes.js';
import { definitionRoutes } from './platform/workflow/definition.routes.js';
import { workflowRoutes } from './platform/workflow/workflow.routes.js';
import { warningRoutes } from './platform/warnings/warning.routes.js';
import { importRoutes } from './exchange/import/import.routes.js';
import { estateRoutes } from './modules/estate/estate.plugin.js';
import { fleetRoutes } from './modules/fleet/fleet.plugin.js';
import { telematicsRoutes } from './modules/telematics/telematics.plugin.js';

export interface BuildOptions {
  logger?: boolean | object;
  serveWeb?: boolean;
}

/** Builds the Fastify app: external plugins → platform plugins → module routes. No listening here. */
export async function buildApp(platform: Platform, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  });
  app.decorate('platform', platform);
  // The docs UI and document are public (allow-listed).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config as object), access: 'public' };
  });
  // Every route with its access level, for the route-inventory test and the docs.
  const routes: { method: string; url: string; access?: string; permission?: string }[] = [];
  app.decorate('stewardRoutes', routes);
  app.addHook('onRoute', (r) => {
    const cfg = (r.config ?? {}) as { access?: string; permission?: string };
    for (const m of [r.method].flat()) routes.push({ method: m, url: r.url, access: cfg.access, permission: cfg.permission });
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Steward 机关事务数字化平台 API', version: VERSION, description: '所有接口均需登录并具备相应权限，另有说明的除外。错误统一为 {code, message, details?}。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'steward_sid' } } },
      security: [{ session: [] }],
    },
  });

  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'none' } });
  await app.register(errorsPlugin);
  await app.register(authPlugin);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(regionRoutes);
  await app.register(orgRoutes);
  await app.register(personRoutes);
  await app.register(userRoutes);
  await app.register(roleRoutes);
  await app.register(securityRoutes);
  await app.register(accountSecurityRoutes);
  await app.register(auditRoutes);
  await app.register(fileRoutes);
  await app.register(notificationRoutes);
  await app.register(workflowRoutes);
  await app.register(definitionRoutes);
  await app.register(accountRequestRoutes);
  await app.register(calendarRoutes);
  await app.register(jobRoutes);
  await app.register(warningRoutes);
  await app.register(importRoutes);
  await app.register(estateRoutes);
  await app.register(fleetRoutes);
  await app.register(telematicsRoutes);

  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());

  const dist = platform.config.webDist;
  const web = (opts.serveWeb ?? true) && existsSync(dist);
  if (web)
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      wildcard: false,
      // Hashed bundles never change; index.html is fetched fresh. Files are listed at start: after a rebuild, restart.
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  // Unknown API paths and missing files get a JSON 404; other GETs get the single-page app, which routes on the client.
  app.setNotFoundHandler((req, reply) => {
    const p = req.url.split('?')[0]!;
    if (web && req.method === 'GET' && !p.startsWith('/api/') && !p.startsWith('/assets/') && !/\.[a-z0-9]+$/i.test(p))
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.status(404).send({ code: 'NOT_FOUND', message: `接口或文件不存在：${req.method} ${p}` });
  });
  return app;
}
