/**
 * Caching of /graphql: cache hints (how long an answer stays fresh, from the types it reads), the response cache of
 * answers to callers without a token, and the store of persisted queries (APQ). With REDIS_URL the response cache,
 * the persisted queries and the data version (src/http/data-version.ts) live in Redis, shared by every hub process on
 * it; otherwise in this process's memory. Redis unreachable: answers are computed as if nothing were cached,
 * persisted queries are kept in this process, and one warning is logged.
 */
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { FastifyInstance } from 'fastify';
import {
  getNamedType,
  isCompositeType,
  isIntrospectionType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { Redis } from 'ioredis';
import { Role, type Viewer } from '../auth/viewer';
import type { HubConfig } from '../config';
import type { HubContext } from '../graphql/context';
import { todayUtc } from '../graphql/scalars';
import { dataVersionKey, LocalDataVersion, RedisDataVersion, trackDataVersion, type DataVersion } from './data-version';
import { redisAddress } from './rate-limit';

export type CacheConfig = Pick<HubConfig, 'redisUrl' | 'cacheKeyPrefix' | 'responseCache'>;

/**
 * Seconds an answer reading a type stays fresh: the cache hints. An answer's max-age is the smallest over every type
 * its document selects, at any depth; a type not listed (people, certifications, employments, applications, audit
 * records, the viewer, node/nodes) makes it 0, never cached. This is what `@cacheControl(maxAge: N)` on the types
 * would say; it is computed from the document before execution, once per document, so that resolving costs nothing
 * more (the root fields compile their whole selection to SQL, src/graphql/plan.ts).
 */
export const CACHE_HINTS: Readonly<Record<string, number>> = Object.freeze({
  // reference data: changes by migration or an administrator's edit
  Jurisdiction: 300,
  CertifyingBody: 300,
  CredentialType: 300,
  RequirementProfile: 300,
  FactSource: 300,
  // public records that change now and then
  Employer: 60,
  ServiceProgram: 60,
  TrainingOrganization: 60,
  TrainingEvent: 60,
  AssistanceFund: 60,
  // open postings come and go
  JobPosting: 30,
  // workforce figures and aggregates (small counts withheld for PUBLIC)
  WorkforceMetrics: 60,
  WorkforceTimeSeries: 60,
  CertificationStats: 60,
  JobPostingStats: 60,
});

/** Types that only carry what their parent field read (pages, buckets, figures): they take their parent's hint. */
const CARRIERS = new Set([
  'PageInfo',
  'CertificationBucket',
  'CertificationBucketKey',
  'CertificationStatsAvg',
  'CertificationStatsMax',
  'CertificationStatsMedian',
  'CertificationStatsMin',
  'CertificationStatsSum',
  'JobPostingBucket',
  'JobPostingBucketKey',
  'JobPostingStatsAvg',
  'JobPostingStatsMax',
  'JobPostingStatsMedian',
  'JobPostingStatsMin',
  'JobPostingStatsSum',
  'DateRange',
  'FundFigures',
  'JurisdictionSeries',
  'JurisdictionWorkforceFigures',
  'MetricCount',
  'MetricNumber',
  'MonthlyFigures',
  'WorkforceCoverage',
  'WorkforceFigures',
  'WorkforceTotals',
]);

function typeMaxAge(name: string): number | undefined {
  if (Object.hasOwn(CACHE_HINTS, name)) return CACHE_HINTS[name];
  if (CARRIERS.has(name)) return undefined;
  // the connection and edge of a type hold its records (and a totalCount of them, selected alone or not)
  const connection = /^(.+)(Connection|Edge)$/.exec(name);
  if (connection) return typeMaxAge(connection[1]);
  return 0;
}

/** The max-age of a query: the smallest hint of the types it selects (fragments included); 0 for other operations. */
export function documentMaxAge(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
  if (operation.operation !== 'query') return 0;
  let maxAge = Infinity;
  const typeInfo = new TypeInfo(schema);
  // every fragment of the document counts, used or not: a hint can only be lowered by it
  const definitions = document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION);
  visit(
    { kind: Kind.DOCUMENT, definitions },
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (!type) {
          maxAge = 0;
          return;
        }
        const named = getNamedType(type);
        if (!isCompositeType(named)) return;
        const age = isIntrospectionType(named) ? 0 : typeMaxAge(named.name);
        if (age !== undefined) maxAge = Math.min(maxAge, age);
      },
    }),
  );
  // a query of __typename alone
  return maxAge === Infinity ? 0 : maxAge;
}

/** Who asks, as part of a cache key: never PUBLIC's key for another role or scope, whatever the other checks say. */
export function viewerFingerprint(viewer: Viewer): string {
  return JSON.stringify([viewer.role, viewer.subject, [...viewer.jurisdictions].sort(), viewer.employerId, viewer.peerId]);
}

/**
 * Sets each query's cache policy before it runs: the document's max-age, scope PUBLIC, for callers without a token;
 * max-age 0 for callers with one (what they read depends on their token, and an HTTP cache must not keep it). Then
 * writes the cache-control header from it: `max-age=N, public` for a cacheable answer without errors, `no-store`
 * otherwise. This replaces Apollo's cache-control plugin, which is disabled: its per-field hook makes Apollo wrap
 * every resolver of the schema, a cost paid on every field of every request (removing it, with query costs and
 * tokens remembered, took a page of 50 employers from 1.8 to 1.1 ms of CPU under load).
 */
function cachePolicyPlugin(): ApolloServerPlugin<HubContext> {
  const maxAges = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, operationName, schema, overallCachePolicy }) {
          if (contextValue.viewer.role !== Role.PUBLIC || !operation) {
            overallCachePolicy.restrict({ maxAge: 0 });
            return;
          }
          let byOperation = maxAges.get(document);
          if (!byOperation) maxAges.set(document, (byOperation = new Map()));
          const name = operationName ?? '';
          let maxAge = byOperation.get(name);
          if (maxAge === undefined) byOperation.set(name, (maxAge = documentMaxAge(schema, document, operation)));
          overallCachePolicy.restrict({ maxAge, scope: 'PUBLIC' });
        },
        async willSendResponse({ response, overallCachePolicy }) {
          const cacheable = overallCachePolicy.policyIfCacheable();
          if (cacheable && response.body.kind === 'single' && !response.body.singleResult.errors) {
            response.http.headers.set('cache-control', `max-age=${cacheable.maxAge}, ${cacheable.scope.toLowerCase()}`);
            // a shared HTTP cache keeps an answer to a request without a token: it must not give it to one with a token
            response.http.headers.set('vary', 'authorization');
          } else {
            response.http.headers.set('cache-control', 'no-store');
          }
        },
      };
    },
  };
}

/**
 * A KeyValueCache in Redis under a prefix. A failed command is a miss (get) or nothing (set, delete): the caller
 * computes the answer as if nothing were cached.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Seconds an entry set without a ttl lives. */
    private readonly defaultTtl: number,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl ?? this.defaultTtl;
    try {
      if (ttl === null || ttl === undefined || ttl <= 0) await this.redis.set(this.prefix + key, value);
      else await this.redis.set(this.prefix + key, value, 'EX', Math.ceil(ttl));
    } catch {
      // not cached
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.redis.del(this.prefix + key)) > 0;
    } catch {
      return false;
    }
  }
}

/** Seconds a persisted query registered by a caller with a token stays in Redis after it is registered. */
const PERSISTED_QUERY_TTL = 7 * 24 * 3600;

export const CACHE_CONNECTION_NAME = 'peer-workforce-hub-cache';

function connectRedis(app: FastifyInstance, url: string, onBack: () => void): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: CACHE_CONNECTION_NAME,
    // while disconnected a command fails at once (a cache miss) rather than waiting in a queue
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 500,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    app.log.warn(
      `caching: Redis at ${redisAddress(url)} is unreachable (${error.message}); answers are computed without the response cache ` +
        'and persisted queries are kept in this process until it is back',
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    app.log.info(`caching: Redis at ${redisAddress(url)} is reachable again`);
    onBack();
  });
  return redis;
}

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
    redis = connectRedis(app, config.redisUrl, () => void dataVersion.bump());
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

  // the data version a request's cache key holds, read once per request, and only for callers without a token
  const versions = new WeakMap<HubContext, Promise<string | null>>();
  const versionOf = (context: HubContext) => {
    let version = versions.get(context);
    if (!version) versions.set(context, (version = dataVersion.current()));
    return version;
  };
  const cacheable = async ({ contextValue }: GraphQLRequestContext<HubContext>) =>
    // a request asking for its SQL (x-hub-debug-sql) must run it
    contextValue.viewer.role === Role.PUBLIC && !contextValue.sql.recorded && (await versionOf(contextValue)) !== null;

  const plugins: ApolloServerPlugin<HubContext>[] = [ApolloServerPluginCacheControlDisabled(), cachePolicyPlugin()];
  if (config.responseCache) {
    plugins.push(
      responseCachePlugin<HubContext>({
        cache: responses,
        // no per-session answers: callers with a token are never cached
        sessionId: async () => null,
        extraCacheKeyData: async ({ contextValue }) =>
          contextValue.viewer.role === Role.PUBLIC ? { viewer: viewerFingerprint(contextValue.viewer), dataVersion: await versionOf(contextValue), today: todayUtc() } : null,
        shouldReadFromCache: cacheable,
        shouldWriteToCache: cacheable,
      }),
    );
  }
  return {
    persistedQueries,
    plugins,
    dataVersion,
    async close() {
      untrack();
      if (!redis) return;
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
