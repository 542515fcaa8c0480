import type { FastifyInstance } from 'fastify';
import { importCentreRoutes } from '../../exchange/import/import.routes.js';
import { ESTATE_IMPORT_KINDS } from './space.import.js';

/** Excel imports of the office-space registers (院落、楼座、房间、使用人), through the import centre. */
export async function spaceImportRoutes(app: FastifyInstance) {
  await app.register(
    importCentreRoutes({ base: '/api/estate/imports', permission: 'estate:space:import', tag: '办公用房导入', kinds: ESTATE_IMPORT_KINDS }),
  );
}
