/**
 * The stores behind caching of /graphql: where the response cache keeps answers, the persisted queries (APQ) and the
 * data version. With REDIS_URL they live in Redis, shared by every hub process on it; otherwise in this process's
 * memory. Redis unreachable: answers are computed as if nothing were cached, persisted queries are kept in this
 * process, and one warning is logged. The plugins that use them: src/http/plugins/cache-policy.ts, response-cache.ts.
 */
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';
import type { HubConfig } from '../config';
import { dataVersionKey, LocalDataVersion, RedisDataVersion, trackDataVersion, type DataVersion } from './data-version';
import { closeRedis, connectRedis, type RedisUse } from './redis';
import { RedisKeyValueCache } from './redis-key-value-cache';

export type CacheConfig = Pick<HubConfig, 'redisUrl' | 'cacheKeyPrefix'>;

/** Seconds a persisted query registered by a caller with a token stays in Redis after it is registered. */
const PERSISTED_QUERY_TTL = 7 * 24 * 3600;

export const CACHE_CONNECTION_NAME = 'peer-workforce-hub-cache';

export interface HubCaches {
  /** Where persisted queries registered by callers with a token go (PersistedDocuments keeps the trusted ones). */
  persistedQueries: KeyValueCache<string> | undefined;
  /** Where the response cache keeps answers (src/http/plugins/response-cache.ts). */
  responses: KeyValueCache<string>;
  dataVersion: DataVersion;
  close(): Promise<void>;
}

/**
 * The caches of one hub server. With REDIS_URL, connects to Redis (a Redis that cannot be reached is logged and does
 * not stop the hub; ioredis keeps reconnecting, and when it is back the data version moves, since writes made
 * meanwhile could not move it).
 */
export async function createHubCaches(config: CacheConfig, log: RedisUse['log']): Promise<HubCaches> {
  let dataVersion: DataVersion;
  let responses: KeyValueCache<string>;
  let persistedQueries: KeyValueCache<string> | undefined;
  let redis: Redis | undefined;
  if (config.redisUrl) {
    redis = connectRedis(config.redisUrl, {
      connectionName: CACHE_CONNECTION_NAME,
      purpose: 'caching',
      whileDown: 'answers are computed without the response cache and persisted queries are kept in this process until it is back',
      log,
      onBack: () => void dataVersion.bump(),
    });
    dataVersion = new RedisDataVersion(redis, dataVersionKey(config.cacheKeyPrefix));
    // entries always carry their max-age as ttl; the default is never used for them
    responses = new RedisKeyValueCache(redis, `${config.cacheKeyPrefix}response:`, 300);
    persistedQueries = new RedisKeyValueCache(redis, `${config.cacheKeyPrefix}`, PERSISTED_QUERY_TTL);
    // the error is reported by the error listener
    await redis.connect().catch(() => undefined);
  } else {
    dataVersion = new LocalDataVersion();
    responses = new InMemoryLRUCache<string>();
  }
  const untrack = trackDataVersion(dataVersion);

  return {
    persistedQueries,
    responses,
    dataVersion,
    async close() {
      untrack();
      if (redis) await closeRedis(redis);
    },
  };
}
