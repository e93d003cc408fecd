/**
 * The data version: a token that changes after every committed write, part of every response-cache key (see
 * src/http/plugins/response-cache.ts), so that a write makes every cached response unreachable at once. In Redis
 * (REDIS_URL) it is shared by every hub process on it; otherwise each process keeps its own.
 *
 * Writers call dataChanged() after their transaction commits: mutate() (src/graphql/mutation.ts), the status sweep
 * when it changed rows (src/domain/status-sweep.ts), the roster import after each batch it writes. A process that
 * writes without a hub of its own (`npm run import`) calls announceDataChanged(config) instead.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { HubConfig } from '../config';

export interface DataVersion {
  /** The current version; null when it cannot be known (Redis unreachable): the cache must then be neither read nor written. */
  current(): Promise<string | null>;
  /** Moves to a new version; never throws. */
  bump(): Promise<void>;
}

/** Without Redis: a counter of this process. */
export class LocalDataVersion implements DataVersion {
  private version = 0;

  async current(): Promise<string> {
    return `local:${this.version}`;
  }

  async bump(): Promise<void> {
    this.version++;
  }
}

/** The Redis key of the version under a REDIS_CACHE_PREFIX. */
export function dataVersionKey(prefix: string): string {
  return `${prefix}data-version`;
}

/**
 * In Redis: a random token (SET, not INCR, so that a version lost with its key, to an eviction or a flush, is never
 * issued again while entries cached under it live). Reading it is one GET per request that may use the cache.
 */
export class RedisDataVersion implements DataVersion {
  /** A bump that failed: until one succeeds this process does not use the cache (its own write may be missing). */
  private pending = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async current(): Promise<string | null> {
    if (this.pending) {
      await this.bump();
      if (this.pending) return null;
    }
    try {
      const version = await this.redis.get(this.key);
      if (version !== null) return version;
      // first use, or the key was lost: any new token will do; whoever sets it first wins
      await this.redis.set(this.key, randomUUID(), 'NX');
      return await this.redis.get(this.key);
    } catch {
      return null;
    }
  }

  async bump(): Promise<void> {
    try {
      await this.redis.set(this.key, randomUUID());
      this.pending = false;
    } catch {
      this.pending = true;
    }
  }
}

/** The data versions of the hub servers of this process (usually one). */
const live = new Set<DataVersion>();

/** Registers a server's version with dataChanged(); returns its removal. */
export function trackDataVersion(version: DataVersion): () => void {
  live.add(version);
  return () => void live.delete(version);
}

/**
 * To call after a write to the database committed (never before: a response cached between the bump and the commit
 * would keep the old data under the new version). Moves the version of every hub server of this process, which with
 * REDIS_URL is the version every process shares. Never throws; resolves once the new version is in place.
 */
export async function dataChanged(): Promise<void> {
  for (const watcher of watchers) watcher();
  await Promise.all([...live].map((version) => version.bump()));
}

const watchers = new Set<() => void>();

/** Calls `watcher` after each write of this process commits (the live feed of the embedded database); returns its removal. */
export function onDataChanged(watcher: () => void): () => void {
  watchers.add(watcher);
  return () => void watchers.delete(watcher);
}

/**
 * dataChanged() for a process without a hub server (a command-line import): with REDIS_URL, moves the shared version
 * in Redis; without it there is nothing to tell (each hub process caches in its own memory, for at most the cache
 * hints' max-age). Never throws.
 */
export async function announceDataChanged(config: Pick<HubConfig, 'redisUrl' | 'cacheKeyPrefix'>): Promise<void> {
  await dataChanged();
  if (!config.redisUrl) return;
  const redis = new Redis(config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 500 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await new RedisDataVersion(redis, dataVersionKey(config.cacheKeyPrefix)).bump();
  } catch {
    // Redis unreachable: the cached responses expire on their own
  } finally {
    redis.disconnect();
  }
}
