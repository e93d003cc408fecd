/** Configuration: defaults a new user can rely on, and a clear refusal of a bad value. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { fromRoot } from '../src/paths';

describe('configuration', () => {
  it('defaults to the embedded database in .data, port 4000 on loopback, seeding when empty', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: undefined,
      replicaUrls: [],
      replicaCheckMs: 5000,
      dataDir: fromRoot('.data'),
      host: '127.0.0.1',
      port: 4000,
      production: false,
      poolMax: 4,
      databasePooler: 'none',
      preparedStatements: false,
      importDatabaseUrl: undefined,
      referenceData: true,
      seedOnEmpty: true,
      seedScale: 4,
      maxPageSize: 100,
      statusSweepHours: 6,
      maxQueryDepth: 12,
      maxQueryCost: 100_000,
      maxQueryAliases: 50,
      maxQueryTokens: 3000,
      maxInputDepth: 20,
      maxRequestBytes: 65536,
      importMaxBytes: 1024 ** 3,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 30_000,
      statementTimeoutMs: 10_000,
      trustProxy: false,
      rateLimitMax: 600,
      rateLimitWindowMs: 60_000,
      redisUrl: undefined,
      redisKeyPrefix: 'peer-workforce-hub:rate-limit:',
      responseCache: true,
      cacheKeyPrefix: 'peer-workforce-hub:cache:',
      compileAfterRuns: 2,
      metricsToken: undefined,
      logLevel: 'info',
      auth: expect.objectContaining({ algorithms: ['HS256'], developmentSecret: true, maxLifetimeSeconds: 86_400 }),
      eventRetentionDays: 30,
      live: { listenUrl: undefined, pollMs: 1000, debounceMs: 500, maxSubscriptionsPerConnection: 100, maxSubscriptionsPerCaller: 1000, maxQueued: 1000 },
      webhooks: { pollMs: 10_000, timeoutMs: 10_000, maxAttempts: 8, retryScheduleMs: [5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000], concurrency: 10 },
    });
  });

  it('listens for changes on DATABASE_URL, or on a direct address behind a pooler in transaction mode, else polls', () => {
    const url = 'postgresql://u@db:5432/hub';
    expect(loadConfig({ DATABASE_URL: url }).live.listenUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: url, DATABASE_POOLER: 'transaction' }).live.listenUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: url, DATABASE_POOLER: 'transaction', IMPORT_DATABASE_URL: 'postgresql://u@primary/hub' }).live.listenUrl).toBe('postgresql://u@primary/hub');
    expect(loadConfig({ DATABASE_URL: url, DATABASE_POOLER: 'transaction', LIVE_DATABASE_URL: 'postgresql://u@direct/hub' }).live.listenUrl).toBe('postgresql://u@direct/hub');
    expect(() => loadConfig({ LIVE_DATABASE_URL: url })).toThrow(/LIVE_DATABASE_URL needs DATABASE_URL/);
    expect(() => loadConfig({ LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: '0' })).toThrow(/LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION/);
  });

  it('takes the webhook schedule as durations with units, the attempts one more than its waits unless given', () => {
    expect(loadConfig({ WEBHOOK_RETRY_SCHEDULE: '200ms, 3s,1m,2h' }).webhooks).toMatchObject({ retryScheduleMs: [200, 3000, 60_000, 7_200_000], maxAttempts: 5 });
    expect(loadConfig({ WEBHOOK_RETRY_SCHEDULE: '1s', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_POLL_MS: '0' }).webhooks).toMatchObject({ retryScheduleMs: [1000], maxAttempts: 3, pollMs: 0 });
  });

  it('uses DATABASE_URL with a larger pool and no seeding unless asked', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u@db:5432/hub', PORT: '8080', HOST: '0.0.0.0', NODE_ENV: 'production', SEED_ON_EMPTY: 'yes' });
    expect(config).toMatchObject({ databaseUrl: 'postgresql://u@db:5432/hub', port: 8080, host: '0.0.0.0', production: true, poolMax: 10, seedOnEmpty: true });
    // other processes may write: webhook deliveries are looked for every second, not only after this process's writes
    expect(config.webhooks.pollMs).toBe(1000);
  });

  it('takes the slow-client limits and the longest token lifetime as given', () => {
    const config = loadConfig({ HEADERS_TIMEOUT_MS: '2500', BODY_TIMEOUT_MS: '120000', JWT_MAX_LIFETIME_SECONDS: '3600' });
    expect(config).toMatchObject({ headersTimeoutMs: 2500, bodyTimeoutMs: 120_000, auth: { maxLifetimeSeconds: 3600 } });
  });

  it('resolves a relative HUB_DATA_DIR from the project and keeps an absolute one', () => {
    expect(loadConfig({ HUB_DATA_DIR: 'var/db' }).dataDir).toBe(fromRoot('var/db'));
    expect(loadConfig({ HUB_DATA_DIR: '/srv/hub' }).dataDir).toBe('/srv/hub');
  });

  it.each([
    ['PORT', 'http', 'PORT must be an integer from 0 to 65535, got "http"'],
    ['PORT', '70000', 'PORT must be an integer from 0 to 65535, got "70000"'],
    ['MAX_PAGE_SIZE', '0', 'MAX_PAGE_SIZE must be an integer from 1 to 10000, got "0"'],
    ['COMPILE_AFTER_RUNS', 'twice', 'COMPILE_AFTER_RUNS must be an integer from 0 to 1000000, got "twice"'],
    ['SEED_ON_EMPTY', 'maybe', 'SEED_ON_EMPTY must be true or false, got "maybe"'],
    ['REFERENCE_DATA', 'maybe', 'REFERENCE_DATA must be true or false, got "maybe"'],
    ['DATABASE_POOLER', 'session', 'DATABASE_POOLER must be none or transaction, got "session"'],
    ['DATABASE_PREPARED_STATEMENTS', 'maybe', 'DATABASE_PREPARED_STATEMENTS must be true or false, got "maybe"'],
    ['DATABASE_PREPARED_STATEMENTS', 'true', 'DATABASE_PREPARED_STATEMENTS needs a DATABASE_URL: the embedded database runs every statement as text'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL must start with postgres:// or postgresql://'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"'],
    ['HEADERS_TIMEOUT_MS', '0', 'HEADERS_TIMEOUT_MS must be an integer from 100 to 600000, got "0"'],
    ['BODY_TIMEOUT_MS', '30s', 'BODY_TIMEOUT_MS must be an integer from 100 to 3600000, got "30s"'],
    ['WEBHOOK_RETRY_SCHEDULE', '5s,soon', 'WEBHOOK_RETRY_SCHEDULE must be durations such as 5s,5m,2h (units ms, s, m, h; each at most 24h), separated by commas; got "5s,soon"'],
    ['WEBHOOK_RETRY_SCHEDULE', '25h', 'WEBHOOK_RETRY_SCHEDULE must be durations such as 5s,5m,2h (units ms, s, m, h; each at most 24h), separated by commas; got "25h"'],
    ['WEBHOOK_TIMEOUT_MS', '50', 'WEBHOOK_TIMEOUT_MS must be an integer from 100 to 300000, got "50"'],
    ['JWT_MAX_LIFETIME_SECONDS', '59', 'JWT_MAX_LIFETIME_SECONDS must be an integer from 60 to 31622400, got "59"'],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

describe('prepared statements', () => {
  const server = 'postgresql://hub@db.example/hub';
  it('are on for a PostgreSQL server reached directly, off on the embedded database and behind a pooler in transaction mode', () => {
    expect(loadConfig({ DATABASE_URL: server }).preparedStatements).toBe(true);
    expect(loadConfig({}).preparedStatements).toBe(false);
    expect(loadConfig({ DATABASE_URL: server, DATABASE_POOLER: 'transaction' }).preparedStatements).toBe(false);
  });

  it('follow DATABASE_PREPARED_STATEMENTS when it is set: off anywhere, on behind a pooler that keeps them', () => {
    expect(loadConfig({ DATABASE_URL: server, DATABASE_PREPARED_STATEMENTS: 'false' }).preparedStatements).toBe(false);
    expect(loadConfig({ DATABASE_URL: server, DATABASE_POOLER: 'transaction', DATABASE_PREPARED_STATEMENTS: 'true' }).preparedStatements).toBe(true);
  });
});
