import { openPGlite, openPostgres, type Database } from '../src/db/connection.js';
import { prepareDatabase, platformFor } from '../src/platform/bootstrap.js';
import { loadConfig } from '../src/platform/config.js';
import type { Platform } from '../src/platform/context.js';
import { updateSetting } from '../src/platform/settings/settings.repository.js';
import { seed } from '../src/seed/seed.js';

/** Fixed keys for tests only: the seeded template's encrypted fields are readable in every test file. */
export const TEST_SECRET = 'a1'.repeat(48);
export const TEST_KEYS = { dataKey: Buffer.from(TEST_SECRET, 'hex').subarray(0, 16), macKey: Buffer.from(TEST_SECRET, 'hex').subarray(16) };
export const PG_BASE = process.env.TEST_PG_BASE ?? 'postgres://postgres@127.0.0.1:5432';
/** The migrated, seeded database every test file copies. Parallel runs (say, two checkouts) give each its own name. */
export const TEMPLATE_DB = process.env.STEWARD_TEST_TEMPLATE ?? 'steward_test_template';
if (!/^[a-z][a-z0-9_]{2,62}$/.test(TEMPLATE_DB)) throw new Error(`STEWARD_TEST_TEMPLATE must be a plain database name, got ${TEMPLATE_DB}`);
export const PGLITE_TEMPLATE = '.tmp/pglite-template.tar.gz';
/** Cheap hashing in tests; the production default (≈200 ms) is measured by the login benchmark. */
export const TEST_ITERATIONS = 1000;

export function testConfig(demo = true) {
  return { ...loadConfig({}), demo, dataDir: '.tmp/test-data', databaseUrl: undefined };
}

/** Migrates and seeds the demo data set into an empty database: the template every test file starts from. */
export async function buildTemplate(database: Database) {
  await prepareDatabase(database);
  await updateSetting(database.db, 'security.password.pbkdf2_iterations', TEST_ITERATIONS, 0);
  const p: Platform = platformFor(database, testConfig(), TEST_KEYS);
  await seed(p, 'demo');
}

export { openPGlite, openPostgres };
