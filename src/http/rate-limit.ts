/**
 * Rate limiting of /graphql with @fastify/rate-limit: RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_MS per caller.
 * A caller is a verified token (its role and subject, whatever its IP), else the client IP. Counters live in memory,
 * or in Redis (REDIS_URL) so that several hub processes share them. Redis down: requests pass uncounted.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { closeRedis, connectRedis } from '../cache/redis';
import type { RequestViewer } from './tokens';
import { Role } from '../auth/viewer';
import type { HubConfig } from '../config';
import { ErrorCode } from '../errors';

export type RateLimitConfig = Pick<HubConfig, 'rateLimitMax' | 'rateLimitWindowMs' | 'redisUrl' | 'redisKeyPrefix' | 'production'>;

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

export const REDIS_CONNECTION_NAME = 'peer-workforce-hub-rate-limit';

/**
 * Registers @fastify/rate-limit on the app (for the routes given the hook only) and, with REDIS_URL, connects to Redis;
 * a Redis that cannot be reached is logged and does not stop the hub (ioredis keeps reconnecting).
 */
export async function createRateLimiter(app: FastifyInstance, config: RateLimitConfig, viewerOf: RequestViewer): Promise<RateLimiter> {
  if (config.rateLimitMax === 0) return { close: async () => undefined };
  const redis = config.redisUrl
    ? connectRedis(config.redisUrl, {
        connectionName: REDIS_CONNECTION_NAME,
        purpose: 'rate limiting',
        // the request passes (skipOnError) rather than wait
        whileDown: 'requests pass without being counted until it is back',
        log: app.log,
      })
    : undefined;
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
      if (redis) await closeRedis(redis);
    },
  };
}
