import { fromRoot } from './paths';

/** Every environment variable the hub reads, parsed and typed in one place. */
export interface HubConfig {
  /** PostgreSQL server to use; when absent the hub runs an embedded PostgreSQL (PGlite). */
  databaseUrl?: string;
  /** Folder that keeps the embedded database between restarts. */
  dataDir: string;
  host: string;
  port: number;
  production: boolean;
  /** Connections the hub keeps open to PostgreSQL. */
  poolMax: number;
  /** Seed sample data at start when the database holds no data. */
  seedOnEmpty: boolean;
  /** Scale of that sample data (1 is about 2,000 people). */
  seedScale: number;
  /** Largest page a connection serves; larger requests are rejected, not capped. */
  maxPageSize: number;
  logLevel: string;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const logLevel = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LOG_LEVEL}"`);
  return {
    databaseUrl,
    dataDir: fromRoot(env.HUB_DATA_DIR?.trim() || '.data'),
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    production: env.NODE_ENV === 'production',
    // the embedded server answers one query at a time, so a small pool is enough there
    poolMax: integer(env, 'DB_POOL_MAX', databaseUrl ? 10 : 4, 1, 200),
    seedOnEmpty: bool(env, 'SEED_ON_EMPTY', !databaseUrl),
    seedScale: integer(env, 'SEED_SCALE', 1, 1, 1000),
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 10000),
    logLevel,
  };
}
