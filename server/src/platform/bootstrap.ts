import { type Database, openDatabase } from '../db/connection.js';
import { migrate } from '../db/migrator.js';
import { seedReference } from '../seed/reference.js';
import { BUILTIN_ROLES } from './access/permission.catalog.js';
import { syncBuiltinRoles, syncPermissions } from './access/role.repository.js';
import type { Config } from './config.js';
import { loadKeys } from './config.js';
import type { Platform } from './context.js';
import { allJobs } from './jobs/job.catalog.js';
import { syncJobs } from './jobs/job.service.js';
import { insertDefaultSettings } from './settings/settings.repository.js';
import { SettingsService } from './settings/settings.service.js';
import type { CryptoKeys } from './crypto/crypto.service.js';
import { allBusinessTypes } from './workflow/business-type.catalog.js';
import { syncBusinessTypes } from './workflow/definition.repository.js';
import { syncCalendar } from './calendar/calendar.repository.js';

/** Schema migrations, then the catalogs kept in code (permissions, built-in roles, settings, jobs, regions, ranks). */
export async function prepareDatabase(database: Database, log: (m: string) => void = () => {}) {
  await migrate(database, log);
  const { db } = database;
  await db.transaction().execute(async (tx) => {
    await syncPermissions(tx);
    await syncBuiltinRoles(tx, BUILTIN_ROLES);
    await insertDefaultSettings(tx);
  });
  await syncJobs(db, allJobs());
  await seedReference(db);
  await syncBusinessTypes(db, allBusinessTypes());
  await syncCalendar(db);
}

export function platformFor(database: Database, config: Config, keys: CryptoKeys): Platform {
  return {
    database,
    db: database.db,
    engine: database.engine,
    config,
    keys,
    settings: new SettingsService(database.db),
    businessTypes: new Map(allBusinessTypes().map((t) => [t.code, t])),
  };
}

export async function openPlatform(config: Config, log: (m: string) => void = () => {}): Promise<Platform> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await prepareDatabase(database, log);
  return platformFor(database, config, loadKeys(config));
}
