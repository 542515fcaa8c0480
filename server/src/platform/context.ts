import type { Database, Db, Engine } from '../db/connection.js';
import type { Config } from './config.js';
import type { CryptoKeys } from './crypto/crypto.service.js';
import type { SettingsService } from './settings/settings.service.js';
import type { BusinessType } from './workflow/business-type.js';

/** What every route and service may depend on; built once at boot and decorated on the Fastify instance. */
export interface Platform {
  database: Database;
  db: Db;
  engine: Engine;
  config: Config;
  keys: CryptoKeys;
  settings: SettingsService;
  /** every module's approval business types, by code (from the catalog; tests may add their own) */
  businessTypes: Map<string, BusinessType>;
}
