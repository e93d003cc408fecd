import { fromRoot } from './paths';

/** Every environment variable the hub reads, parsed and typed in one place. */
export interface HubConfig {
  /** PostgreSQL server to use; when absent the hub runs an embedded PostgreSQL (PGlite). */
  databaseUrl?: string;
  /** Read replicas of databaseUrl (DATABASE_REPLICA_URLS): GraphQL queries read from them; empty: everything on databaseUrl. */
  replicaUrls: string[];
  /** How often the read replicas are probed (up, lag); 0: never (src/sql/replicas.ts). */
  replicaCheckMs: number;
  /** Folder that keeps the embedded database between restarts. */
  dataDir: string;
  host: string;
  port: number;
  production: boolean;
  /** Connections the hub keeps open to PostgreSQL. */
  poolMax: number;
  /** Seed sample data at start when the database holds no data. */
  /** What DATABASE_URL reaches: PostgreSQL itself, or a pooler in transaction mode (PgBouncer). */
  databasePooler: 'none' | 'transaction';
  /**
   * Send each read's statement shape as a named prepared statement, once per connection (src/sql/prepared.ts). On by
   * default on a PostgreSQL server reached directly; off on the embedded database and behind a pooler in transaction
   * mode, whose server connections change under the hub (PgBouncer 1.21+ keeps them with max_prepared_statements).
   */
  preparedStatements: boolean;
  /** Where roster imports connect when DATABASE_URL goes through a pooler in transaction mode. */
  importDatabaseUrl: string | undefined;
  /** Write the hub's reference data into the database at start (src/db/seed/load-reference.ts). */
  referenceData: boolean;
  seedOnEmpty: boolean;
  /** Scale of that sample data (1 is about 2,000 people). */
  seedScale: number;
  /** Largest page a connection serves; larger requests are rejected, not capped. */
  maxPageSize: number;
  /** Hours between sweeps that store the statuses dates bring, for the audit trail (no read depends on them); 0: never. */
  statusSweepHours: number;
  /** Days the hub keeps its events and settled webhook deliveries (EVENT_RETENTION_DAYS); pruned at each status sweep. */
  eventRetentionDays: number;
  /** Query limits, checked before any SQL runs (src/graphql/limits.ts). Deepest field nesting of an operation. */
  maxQueryDepth: number;
  /** Estimated cost: a connection costs its page size times what it selects. */
  maxQueryCost: number;
  maxQueryAliases: number;
  /** Lexical tokens of a document (graphql's parser maxTokens). */
  maxQueryTokens: number;
  /** Deepest nesting of input objects and lists in one argument or variable value, checked before anything walks it. */
  maxInputDepth: number;
  /** Largest request body (fastify bodyLimit). */
  maxRequestBytes: number;
  /** A request's headers must arrive within this many ms of its first byte (or of the connection's opening); else 408 (src/http/slow-clients.ts). */
  headersTimeoutMs: number;
  /** A request's body must arrive within this many ms of its headers; the roster import's may not pause longer than this instead. */
  bodyTimeoutMs: number;
  /** Largest roster the HTTP import accepts (streamed to a temporary file, not held in memory). */
  importMaxBytes: number;
  /** PostgreSQL statement_timeout of the hub's sessions, in ms; 0 leaves the server's own setting. */
  statementTimeoutMs: number;
  /** Requests to /graphql per caller (token subject, else IP) per window; 0 turns rate limiting off (src/http/rate-limit.ts). */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** Redis holding the rate-limit counters, shared by every hub process on it; unset: each process counts in memory. */
  redisUrl?: string;
  /** Prefix of the hub's counter keys in Redis, so that several deployments (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  /** Keep answers to callers without a token in the response cache (RESPONSE_CACHE; src/http/plugins/response-cache.ts). */
  responseCache: boolean;
  /** COMPILE_AFTER_RUNS: an operation's run at which graphql-jit compiles it, 0 for never (src/graphql/compiled-execution.ts). */
  compileAfterRuns: number;
  /** Prefix of the cache keys in Redis (responses, persisted queries, the data version), REDIS_CACHE_PREFIX. */
  cacheKeyPrefix: string;
  /** Which proxies' X-Forwarded-For to believe for the client IP (fastify's trustProxy); false: none. */
  trustProxy: boolean | number | string[];
  logLevel: string;
  /** Bearer token GET /metrics asks for; unset: /metrics answers loopback callers only (src/http/observability.ts). */
  metricsToken?: string;
  /** OpenTelemetry traces (src/http/tracing.ts); unset, the default: off, and the OpenTelemetry SDK is never loaded. */
  tracing?: TracingConfig;
  /** How bearer tokens are verified (JWT_*). */
  auth: AuthConfig;
  /** Subscriptions and the changes they hear of (docs/live.md). */
  live: LiveConfig;
  /** Webhook deliveries (src/domain/webhooks/dispatcher.ts, docs/webhooks.md). */
  webhooks: WebhookConfig;
}

export interface LiveConfig {
  /**
   * Where the hub LISTENs for changes (LIVE_DATABASE_URL): DATABASE_URL itself, or with a pooler in transaction mode a
   * direct address of the primary (IMPORT_DATABASE_URL when LIVE_DATABASE_URL is unset); undefined: the hub reads
   * hub_event every pollMs instead (through a pooler with neither), or after its own writes (embedded database).
   */
  listenUrl: string | undefined;
  /** How often hub_event is read when the hub cannot LISTEN (LIVE_POLL_MS). */
  pollMs: number;
  /** Changes gathered before a live query runs again (LIVE_DEBOUNCE_MS). */
  debounceMs: number;
  maxSubscriptionsPerConnection: number;
  maxSubscriptionsPerCaller: number;
  /** Answers held for a slow subscriber before its subscription ends (LIVE_MAX_QUEUED). */
  maxQueued: number;
}

export interface WebhookConfig {
  /** How often this process looks for deliveries due (WEBHOOK_POLL_MS); 0: it sends none (other processes do). */
  pollMs: number;
  /** How long an attempt waits for the endpoint's answer (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Attempts before a delivery is FAILED (WEBHOOK_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** The wait after each failed attempt, in ms (WEBHOOK_RETRY_SCHEDULE); the last repeats. */
  retryScheduleMs: number[];
  /** Attempts in flight at once in this process (WEBHOOK_CONCURRENCY); a quarter of them at most to one endpoint. */
  concurrency: number;
}

/** As Standard Webhooks suggests: after the first attempt, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** WEBHOOK_RETRY_SCHEDULE: durations such as 5s or 30m, separated by commas, each from 1 ms to a day. */
function retrySchedule(env: NodeJS.ProcessEnv): number[] {
  const raw = env.WEBHOOK_RETRY_SCHEDULE?.trim() || DEFAULT_WEBHOOK_RETRY_SCHEDULE;
  const delays = raw.split(',').map((part) => {
    const match = /^(\d+)(ms|s|m|h)$/.exec(part.trim());
    const ms = match ? Number(match[1]) * DURATION_UNITS_MS[match[2]] : NaN;
    if (!(ms >= 1 && ms <= 86_400_000)) {
      throw new ConfigError(`WEBHOOK_RETRY_SCHEDULE must be durations such as 5s,5m,2h (units ms, s, m, h; each at most 24h), separated by commas; got "${raw}"`);
    }
    return ms;
  });
  if (delays.length > 100) throw new ConfigError(`WEBHOOK_RETRY_SCHEDULE holds at most 100 durations, got ${delays.length}`);
  return delays;
}

function webhookConfig(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): WebhookConfig {
  const retryScheduleMs = retrySchedule(env);
  return {
    // the embedded database has one writer, this process, which looks at once after each of its writes (the live
    // feed); its timer only finds retries falling due, and a statement of its own less often meets another's
    pollMs: integer(env, 'WEBHOOK_POLL_MS', databaseUrl ? 1000 : 10_000, 0, 3_600_000),
    timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 300_000),
    maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', retryScheduleMs.length + 1, 1, 1000),
    retryScheduleMs,
    concurrency: integer(env, 'WEBHOOK_CONCURRENCY', 10, 1, 1000),
  };
}

/**
 * The sample's size on a first start: 8,000 people, large enough that the public dashboard publishes its quarterly
 * trend (months of a smaller sample are mostly withheld as small counts), small enough to start in seconds.
 */
export const DEFAULT_SEED_SCALE = 4;

/** Where and as what the hub exports its spans, from the standard OTEL_* variables. */
export interface TracingConfig {
  /** OTLP/HTTP URL the spans are POSTed to: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  tracesUrl: string;
  /** service.name of the spans: OTEL_SERVICE_NAME, default peer-workforce-hub. */
  serviceName: string;
}

export type TokenAlgorithm = 'HS256' | 'RS256' | 'ES256';

export interface AuthConfig {
  /** HS256 key: JWT_SECRET, or DEVELOPMENT_JWT_SECRET outside production when no JWT_* key source is set. */
  secret?: string;
  developmentSecret: boolean;
  /** JWKS of public keys (RS256, ES256): a file, or a URL fetched and cached by the hub. */
  jwksFile?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Follows from what is configured; empty when the hub accepts no tokens (production without a key source). */
  algorithms: TokenAlgorithm[];
  /** Longest lifetime (exp - iat) of a token the hub accepts, JWT_MAX_LIFETIME_SECONDS. */
  maxLifetimeSeconds: number;
}

/** JWT_MAX_LIFETIME_SECONDS by default: a day, the longest access token of the common identity providers' defaults. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 86_400;

/**
 * Signs and verifies tokens outside production when no JWT_* key source is set, so that `npm run token` works
 * out of the box. Public in this repository: never accepted in production.
 */
export const DEVELOPMENT_JWT_SECRET = 'peer-workforce-hub development secret: NOT FOR PRODUCTION';

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

function authConfig(env: NodeJS.ProcessEnv, production: boolean): AuthConfig {
  // the secret is used byte for byte, as the CLI signs with it: not trimmed
  const secret = env.JWT_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) throw new ConfigError(`JWT_SECRET must be at least 32 characters, got ${secret.length}`);
  if (secret === DEVELOPMENT_JWT_SECRET && production) throw new ConfigError('JWT_SECRET must not be the development secret in production');
  const jwksFile = env.JWT_JWKS_FILE?.trim() ? fromRoot(env.JWT_JWKS_FILE.trim()) : undefined;
  const jwksUrl = env.JWT_JWKS_URL?.trim() || undefined;
  if (jwksUrl && !isHttpUrl(jwksUrl)) throw new ConfigError(`JWT_JWKS_URL must be an http:// or https:// URL, got "${jwksUrl.slice(0, 100)}"`);
  if (jwksFile && jwksUrl) throw new ConfigError('JWT_JWKS_FILE and JWT_JWKS_URL are both set: set one of them');
  const development = !production && !secret && !jwksFile && !jwksUrl;
  const algorithms: TokenAlgorithm[] = [];
  if (secret || development) algorithms.push('HS256');
  if (jwksFile || jwksUrl) algorithms.push('RS256', 'ES256');
  return {
    secret: development ? DEVELOPMENT_JWT_SECRET : secret,
    developmentSecret: development,
    jwksFile,
    jwksUrl,
    issuer: env.JWT_ISSUER?.trim() || 'peer-workforce-hub',
    audience: env.JWT_AUDIENCE?.trim() || 'peer-workforce-hub',
    algorithms,
    // a token cannot be revoked, only outlived: a day bounds what a leaked one is worth (docs/security.md, "Tokens")
    maxLifetimeSeconds: integer(env, 'JWT_MAX_LIFETIME_SECONDS', DEFAULT_TOKEN_LIFETIME_SECONDS, 60, 366 * 86_400),
  };
}

/** METRICS_TOKEN: sent by the scraper in an Authorization header, so one word of visible ASCII, long enough not to be guessed. */
function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.METRICS_TOKEN?.trim() || undefined;
  if (token === undefined) return undefined;
  if (!/^[\x21-\x7e]+$/.test(token)) throw new ConfigError('METRICS_TOKEN must be visible ASCII characters without spaces');
  if (token.length < 16 || token.length > 1024) throw new ConfigError(`METRICS_TOKEN must be 16 to 1024 characters, got ${token.length}`);
  return token;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.host);
  } catch {
    return false;
  }
}

/**
 * Traces are on once an OTLP endpoint is set, unless OTEL_SDK_DISABLED=true. The names are the standard ones, so that
 * a deployment's usual OpenTelemetry settings apply; the SDK reads the rest itself (OTEL_EXPORTER_OTLP_HEADERS,
 * _TIMEOUT, _COMPRESSION, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER, OTEL_BSP_*).
 */
function tracingConfig(env: NodeJS.ProcessEnv): TracingConfig | undefined {
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if ((!tracesEndpoint && !endpoint) || bool(env, 'OTEL_SDK_DISABLED', false)) return undefined;
  // the signal's own endpoint is the full URL; the general one is a base that the signal's path goes under
  const tracesUrl = tracesEndpoint || `${endpoint!.replace(/\/+$/, '')}/v1/traces`;
  // the URL may carry credentials: the error names the variable, not its text
  if (!isHttpUrl(tracesUrl)) {
    throw new ConfigError(`${tracesEndpoint ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT'} must be an http:// or https:// URL (OTLP over HTTP)`);
  }
  return { tracesUrl, serviceName: env.OTEL_SERVICE_NAME?.trim() || 'peer-workforce-hub' };
}

/** DATABASE_REPLICA_URLS: comma-separated PostgreSQL URLs of read replicas of DATABASE_URL (the embedded database has none). */
function replicaUrls(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): string[] {
  const raw = env.DATABASE_REPLICA_URLS?.trim();
  if (!raw) return [];
  if (!databaseUrl) throw new ConfigError('DATABASE_REPLICA_URLS needs DATABASE_URL: the embedded database has no read replicas');
  return raw.split(',').map((part, index) => {
    const url = part.trim();
    // the URL may hold a password: errors name the entry, never its text
    let parsed = false;
    try {
      parsed = Boolean(new URL(url).host);
    } catch {
      // reported below
    }
    if (!/^postgres(ql)?:\/\//.test(url) || !parsed) {
      throw new ConfigError(`DATABASE_REPLICA_URLS: entry ${index + 1} must be a URL starting with postgres:// or postgresql://`);
    }
    return url;
  });
}

/** TRUST_PROXY: true, false, a number of proxy hops, or a comma-separated list of proxy addresses or CIDR ranges. */
function trustProxy(env: NodeJS.ProcessEnv): boolean | number | string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 32);
  const addresses = raw.split(',').map((part) => part.trim());
  if (!addresses.every((address) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(address))) {
    throw new ConfigError(`TRUST_PROXY must be true, false, a number of proxy hops, or proxy addresses or CIDR ranges separated by commas; got "${raw}"`);
  }
  return addresses;
}

function preparedStatements(env: NodeJS.ProcessEnv, databaseUrl: string | undefined, databasePooler: HubConfig['databasePooler']): boolean {
  const prepared = bool(env, 'DATABASE_PREPARED_STATEMENTS', databaseUrl !== undefined && databasePooler === 'none');
  if (prepared && !databaseUrl) {
    throw new ConfigError('DATABASE_PREPARED_STATEMENTS needs a DATABASE_URL: the embedded database runs every statement as text');
  }
  return prepared;
}

function pooler(env: NodeJS.ProcessEnv): HubConfig['databasePooler'] {
  const value = env.DATABASE_POOLER?.trim() || 'none';
  if (value !== 'none' && value !== 'transaction') throw new ConfigError(`DATABASE_POOLER must be none or transaction, got "${value}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const logLevel = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LOG_LEVEL}"`);
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  const redisKeyPrefix = env.REDIS_KEY_PREFIX?.trim() || 'peer-workforce-hub:rate-limit:';
  if (redisKeyPrefix.length > 100) throw new ConfigError(`REDIS_KEY_PREFIX must be at most 100 characters, got ${redisKeyPrefix.length}`);
  const cacheKeyPrefix = env.REDIS_CACHE_PREFIX?.trim() || 'peer-workforce-hub:cache:';
  if (cacheKeyPrefix.length > 100) throw new ConfigError(`REDIS_CACHE_PREFIX must be at most 100 characters, got ${cacheKeyPrefix.length}`);
  return {
    databaseUrl,
    replicaUrls: replicaUrls(env, databaseUrl),
    replicaCheckMs: integer(env, 'REPLICA_CHECK_MS', 5000, 0, 600_000),
    dataDir: fromRoot(env.HUB_DATA_DIR?.trim() || '.data'),
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    production: env.NODE_ENV === 'production',
    // the embedded server answers one query at a time, so a small pool is enough there
    poolMax: integer(env, 'DB_POOL_MAX', databaseUrl ? 10 : 4, 1, 200),
    databasePooler: pooler(env),
    preparedStatements: preparedStatements(env, databaseUrl, pooler(env)),
    importDatabaseUrl: env.IMPORT_DATABASE_URL?.trim() || undefined,
    referenceData: bool(env, 'REFERENCE_DATA', true),
    seedOnEmpty: bool(env, 'SEED_ON_EMPTY', !databaseUrl),
    seedScale: integer(env, 'SEED_SCALE', DEFAULT_SEED_SCALE, 1, 1000),
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 10000),
    statusSweepHours: integer(env, 'STATUS_SWEEP_HOURS', 6, 0, 24 * 7),
    eventRetentionDays: integer(env, 'EVENT_RETENTION_DAYS', 30, 1, 3650),
    // defaults: the client operations of schema/operations pass with a wide margin (docs/security.md, "Query limits")
    maxQueryDepth: integer(env, 'MAX_QUERY_DEPTH', 12, 2, 100),
    maxQueryCost: integer(env, 'MAX_QUERY_COST', 100_000, 1, 100_000_000),
    maxQueryAliases: integer(env, 'MAX_QUERY_ALIASES', 50, 0, 10000),
    maxQueryTokens: integer(env, 'MAX_QUERY_TOKENS', 3000, 100, 1_000_000),
    // far beyond any real filter, far below what the recursive coercion and filter translation could overflow on
    maxInputDepth: integer(env, 'MAX_INPUT_DEPTH', 20, 4, 100),
    maxRequestBytes: integer(env, 'MAX_REQUEST_BYTES', 64 * 1024, 1024, 100 * 1024 * 1024),
    importMaxBytes: integer(env, 'IMPORT_MAX_BYTES', 1024 ** 3, 1024, 64 * 1024 ** 3),
    // headers come in one packet from any real client; 64 KiB of body (MAX_REQUEST_BYTES) in 30 s is 2 KiB/s
    headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    bodyTimeoutMs: integer(env, 'BODY_TIMEOUT_MS', 30_000, 100, 3_600_000),
    statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 10000, 0, 3_600_000),
    // 10 a second per token: a dashboard page or a job board's paging stays far below it, a runaway loop does not
    rateLimitMax: integer(env, 'RATE_LIMIT_MAX', 600, 0, 1_000_000),
    rateLimitWindowMs: integer(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
    redisUrl,
    redisKeyPrefix,
    responseCache: bool(env, 'RESPONSE_CACHE', true),
    compileAfterRuns: integer(env, 'COMPILE_AFTER_RUNS', 2, 0, 1_000_000),
    cacheKeyPrefix,
    trustProxy: trustProxy(env),
    logLevel,
    metricsToken: metricsToken(env),
    tracing: tracingConfig(env),
    auth: authConfig(env, env.NODE_ENV === 'production'),
    live: liveConfig(env, databaseUrl),
    webhooks: webhookConfig(env, databaseUrl),
  };
}

function liveConfig(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): LiveConfig {
  const given = env.LIVE_DATABASE_URL?.trim() || undefined;
  if (given && !databaseUrl) throw new ConfigError('LIVE_DATABASE_URL needs DATABASE_URL: the embedded database hears of its changes without it');
  const direct = pooler(env) === 'transaction' ? env.IMPORT_DATABASE_URL?.trim() || undefined : databaseUrl;
  return {
    listenUrl: given ?? direct,
    pollMs: integer(env, 'LIVE_POLL_MS', 1000, 50, 60_000),
    debounceMs: integer(env, 'LIVE_DEBOUNCE_MS', 500, 0, 60_000),
    maxSubscriptionsPerConnection: integer(env, 'LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION', 100, 1, 100_000),
    maxSubscriptionsPerCaller: integer(env, 'LIVE_MAX_SUBSCRIPTIONS_PER_CALLER', 1000, 1, 10_000_000),
    maxQueued: integer(env, 'LIVE_MAX_QUEUED', 1000, 1, 1_000_000),
  };
}
