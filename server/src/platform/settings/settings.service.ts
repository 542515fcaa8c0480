import type { Db } from '../../db/connection.js';
import { SETTING_DEFS, type SettingValues } from './settings.catalog.js';
import { findAllSettings } from './settings.repository.js';

/** Cached view of the settings table; invalidated on every update through the API and every few seconds. */
export class SettingsService {
  private cache: { at: number; values: SettingValues } | undefined;
  constructor(private readonly db: Db, private readonly ttlMs = 5000) {}

  /**
   * Inside a transaction pass it as `db`: on the embedded database a read through another handle would wait for
   * the transaction that waits for it.
   */
  async get(db: Db = this.db): Promise<SettingValues> {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache.values;
    const rows = await findAllSettings(db);
    const values = Object.fromEntries(SETTING_DEFS.map((d) => [d.key, d.value])) as Record<string, unknown>;
    for (const r of rows) if (r.key in values) values[r.key] = r.value;
    this.cache = { at: Date.now(), values: values as SettingValues };
    return this.cache.values;
  }

  invalidate() {
    this.cache = undefined;
  }
}
