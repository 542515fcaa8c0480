import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CryptoKeys } from './crypto/crypto.service.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Demo mode: demo accounts exist and are exempt from forced password change and TOTP. */
  demo: boolean;
  logLevel: string;
  webDist: string;
  /** Cookies carry the Secure flag (behind HTTPS). */
  secureCookies: boolean;
}

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new Error(`not a boolean: ${v}`);
}

/** Reads and validates the environment once at boot; bad values stop the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got ${env.PORT}`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must start with postgres://');
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
  return {
    host: env.HOST ?? '0.0.0.0',
    port,
    dataDir: path.resolve(env.STEWARD_DATA_DIR ?? 'data'),
    databaseUrl,
    demo: bool(env.STEWARD_DEMO, true),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: path.join(root, 'web', 'dist'),
    secureCookies: bool(env.STEWARD_SECURE_COOKIES, false),
  };
}

/**
 * Keys come from STEWARD_SECRET (64+ hex chars) or, failing that, from <dataDir>/secret.key, created on first
 * start with mode 0600. Never committed.
 */
export function loadKeys(cfg: Pick<Config, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): CryptoKeys {
  let hex = env.STEWARD_SECRET;
  if (!hex) {
    const file = path.join(cfg.dataDir, 'secret.key');
    if (!existsSync(file)) {
      mkdirSync(cfg.dataDir, { recursive: true });
      writeFileSync(file, randomBytes(48).toString('hex'), { mode: 0o600 });
    }
    hex = readFileSync(file, 'utf8').trim();
  }
  if (!/^[0-9a-f]{64,}$/i.test(hex)) throw new Error('STEWARD_SECRET must be at least 64 hex characters');
  const buf = Buffer.from(hex, 'hex');
  return { dataKey: buf.subarray(0, 16), macKey: buf.subarray(16) };
}
