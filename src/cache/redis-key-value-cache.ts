import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';

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
