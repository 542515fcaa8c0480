import type { Database, Db, Engine } from '../db/connection.js';
import type { Config } from './config.js';
import type { CryptoKeys } from './crypto/crypto.service.js';
import type { SettingsService } from './settings/settings.service.js';

/** What every route and service may depend on; built once at boot and decorated on the Fastify instance. */
export interface Platform {
  database: Database;
  db: Db;
  engine: Engine;
  config: Config;
  keys: CryptoKeys;
  settings: SettingsService;
}
