/** The Redis connections of a hub process: the rate limiter's counters and the caches share how they connect. */
import { Redis } from 'ioredis';

/** Where REDIS_URL points, without its credentials, for log lines. */
export function redisAddress(url: string): string {
  try {
    const { protocol, host, pathname } = new URL(url);
    return `${protocol}//${host}${pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}

export interface RedisUse {
  /** Names the hub's connection in CLIENT LIST. */
  connectionName: string;
  /** The use as log lines name it ("caching", "rate limiting"). */
  purpose: string;
  /** What the hub does while Redis cannot be reached, for the warning. */
  whileDown: string;
  log: { warn(message: string): void; info(message: string): void };
  /** Called when Redis is reachable again after an outage. */
  onBack?: () => void;
}

/**
 * A client that is not connected yet (call connect()). While disconnected a command fails at once rather than wait in
 * a queue, and a stalled Redis delays a command by at most half a second: every use treats a failure as Redis being
 * absent. ioredis reports every failed reconnection; the log gets one warning per outage.
 */
export function connectRedis(url: string, use: RedisUse): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: use.connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 500,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    use.log.warn(`${use.purpose}: Redis at ${redisAddress(url)} is unreachable (${error.message}); ${use.whileDown}`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    use.log.info(`${use.purpose}: Redis at ${redisAddress(url)} is reachable again`);
    use.onBack?.();
  });
  return redis;
}

/** Closes a client whatever its state: QUIT when connected, else at once. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
