/**
 * Rate limiting of /graphql with @fastify/rate-limit: RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_MS per caller.
 * A caller is a verified token (its role and subject, whatever its IP), else the client IP. Counters live in memory,
 * or in Redis (REDIS_URL) so that several hub processes share them. Redis down: requests pass uncounted.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Redis } from 'ioredis';
import type { TokenVerifier } from '../auth/tokens';
import { Role, type Viewer } from '../auth/viewer';
import type { HubConfig } from '../config';
import { ErrorCode } from '../graphql/errors';

export type RateLimitConfig = Pick<HubConfig, 'rateLimitMax' | 'rateLimitWindowMs' | 'redisUrl' | 'redisKeyPrefix' | 'production'>;

/** The Viewer of a request, verified at most once: the limiter needs it for the key, the GraphQL context after it. */
export type RequestViewer = (request: FastifyRequest) => Promise<Viewer>;

export function requestViewer(verify: TokenVerifier): RequestViewer {
  // the rejection of a refused token is kept too, so that the context rethrows the same 401 without verifying again
  const viewers = new WeakMap<FastifyRequest, Promise<Viewer>>();
  return (request) => {
    let viewer = viewers.get(request);
    if (!viewer) {
      viewer = verify(request.headers.authorization);
      viewers.set(request, viewer);
    }
    return viewer;
  };
}

/** `sub:<role>:<subject>` for a verified token; `ip:<address>` without one or with a token the hub refuses. */
export async function rateLimitKey(request: FastifyRequest, viewerOf: RequestViewer): Promise<string> {
  try {
    const viewer = await viewerOf(request);
    if (viewer.role !== Role.PUBLIC && viewer.subject !== null) return `sub:${viewer.role}:${viewer.subject}`;
  } catch {
    // refused: counted by IP, so that guessing tokens is limited too; the context answers the 401
  }
  return `ip:${request.ip}`;
}

/** Thrown by the limiter for a request over the limit; the server's error handler sends its body with 429. */
export class RateLimited extends Error {
  readonly statusCode = 429;
  constructor(readonly body: object) {
    super('rate limited');
  }
}

function duration(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  return `${ms / 1000} seconds`;
}

export interface RateLimiter {
  /** The onRequest hook of /graphql; undefined when RATE_LIMIT_MAX is 0. */
  hook?: onRequestHookHandler;
  /** Closes the Redis client, if any. */
  close(): Promise<void>;
}

/** Where REDIS_URL points, without its credentials, for log lines. */
export function redisAddress(url: string): string {
  try {
    const { protocol, host, pathname } = new URL(url);
    return `${protocol}//${host}${pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}

export const REDIS_CONNECTION_NAME = 'peer-workforce-hub-rate-limit';

function connectRedis(app: FastifyInstance, url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    // names the hub's connections in CLIENT LIST
    connectionName: REDIS_CONNECTION_NAME,
    // while disconnected a command fails at once and the request passes (skipOnError) rather than waiting in a queue
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // a stalled Redis delays each request by at most this much
    commandTimeout: 500,
  });
  // ioredis reports every failed reconnection: warn once per outage
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    app.log.warn(`rate limiting: Redis at ${redisAddress(url)} is unreachable (${error.message}); requests pass without being counted until it is back`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    app.log.info(`rate limiting: Redis at ${redisAddress(url)} is reachable again`);
  });
  return redis;
}

/**
 * Registers @fastify/rate-limit on the app (for the routes given the hook only) and, with REDIS_URL, connects to Redis;
 * a Redis that cannot be reached is logged and does not stop the hub (ioredis keeps reconnecting).
 */
export async function createRateLimiter(app: FastifyInstance, config: RateLimitConfig, viewerOf: RequestViewer): Promise<RateLimiter> {
  if (config.rateLimitMax === 0) return { close: async () => undefined };
  const redis = config.redisUrl ? connectRedis(app, config.redisUrl) : undefined;
  // the error is reported by the error listener
  await redis?.connect().catch(() => undefined);
  await app.register(fastifyRateLimit, {
    global: false,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowMs,
    redis,
    nameSpace: config.redisKeyPrefix,
    skipOnError: true,
    keyGenerator: (request) => rateLimitKey(request, viewerOf),
    // CORS preflights carry no token: counting them would spend the IP's bucket of a browser's real requests
    allowList: (request) => request.method === 'OPTIONS',
    errorResponseBuilder: (request, context) => {
      // as the plugin computes its retry-after header
      const retryAfterSeconds = Math.ceil(context.ttl / 1000);
      const message =
        `Too many requests: the limit is ${context.max} requests per ${duration(config.rateLimitWindowMs)} for each token ` +
        `(for each IP address without one). Retry in ${retryAfterSeconds} s.`;
      return new RateLimited({
        errors: [{ message, extensions: { code: ErrorCode.RATE_LIMITED, limit: context.max, windowMs: config.rateLimitWindowMs, retryAfterSeconds, requestId: request.id } }],
        // refused before Apollo: no SQL ran, which outside production the answer says as every answer does
        ...(config.production ? {} : { extensions: { sqlStatements: 0 } }),
      });
    },
  });
  return {
    hook: app.rateLimit() as onRequestHookHandler,
    async close() {
      if (!redis) return;
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
