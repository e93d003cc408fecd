/**
 * Caching of /graphql: cache hints (how long an answer stays fresh, from the types it reads), the response cache of
 * answers to callers without a token, and the store of persisted queries (APQ). With REDIS_URL the response cache,
 * the persisted queries and the data version (src/cache/data-version.ts) live in Redis, shared by every hub process on
 * it; otherwise in this process's memory. Redis unreachable: answers are computed as if nothing were cached,
 * persisted queries are kept in this process, and one warning is logged.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { HubConfig } from '../config';
import type { HubContext } from '../graphql/context';
import { dataVersionKey, LocalDataVersion, RedisDataVersion, trackDataVersion, type DataVersion } from '../cache/data-version';
import { closeRedis, connectRedis } from '../cache/redis';
import { RedisKeyValueCache } from '../cache/redis-key-value-cache';
import { cachePolicyPlugin } from './plugins/cache-policy';
import { responseCache } from './plugins/response-cache';

export type CacheConfig = Pick<HubConfig, 'redisUrl' | 'cacheKeyPrefix' | 'responseCache'>;

/** Seconds a persisted query registered by a caller with a token stays in Redis after it is registered. */
const PERSISTED_QUERY_TTL = 7 * 24 * 3600;

export const CACHE_CONNECTION_NAME = 'peer-workforce-hub-cache';

export interface HubCaches {
  /** Where persisted queries registered by callers with a token go (PersistedDocuments keeps the trusted ones). */
  persistedQueries: KeyValueCache<string> | undefined;
  /** The policy plugin (Apollo's own cache-control plugin disabled) and, unless RESPONSE_CACHE=false, the response cache. */
  plugins: ApolloServerPlugin<HubContext>[];
  dataVersion: DataVersion;
  close(): Promise<void>;
}

/**
 * The caches of one hub server. With REDIS_URL, connects to Redis (a Redis that cannot be reached is logged and does
 * not stop the hub; ioredis keeps reconnecting, and when it is back the data version moves, since writes made
 * meanwhile could not move it).
 */
export async function createHubCaches(app: FastifyInstance, config: CacheConfig): Promise<HubCaches> {
  let dataVersion: DataVersion;
  let responses: KeyValueCache<string>;
  let persistedQueries: KeyValueCache<string> | undefined;
  let redis: Redis | undefined;
  if (config.redisUrl) {
    redis = connectRedis(config.redisUrl, {
      connectionName: CACHE_CONNECTION_NAME,
      purpose: 'caching',
      whileDown: 'answers are computed without the response cache and persisted queries are kept in this process until it is back',
      log: app.log,
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

  const plugins: ApolloServerPlugin<HubContext>[] = [ApolloServerPluginCacheControlDisabled(), cachePolicyPlugin()];
  if (config.responseCache) plugins.push(responseCache(responses, dataVersion));
  return {
    persistedQueries,
    plugins,
    dataVersion,
    async close() {
      untrack();
      if (redis) await closeRedis(redis);
    },
  };
}
