/**
 * Rate limiting as a client meets it: RATE_LIMIT_MAX requests per window per token (or per IP without one), then 429
 * RATE_LIMITED with retry-after before anything runs; /healthz is never limited; 0 turns it off; an unreachable
 * Redis lets requests through; with TEST_REDIS_URL, two hub processes on one Redis share one bucket.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { ConfigError, loadConfig } from '../src/config';
import { createRateLimiter, REDIS_CONNECTION_NAME } from '../src/http/rate-limit';
import { createHubServer, type HubServer } from '../src/http/server';
import { startTestHub, tokenFor, type TestHub } from './kit';

const VIEWER = '{ viewer { role subject } }';
const WINDOW_MS = 60_000;

let hub: TestHub;
let admin: string;

beforeAll(async () => {
  hub = await startTestHub({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: String(WINDOW_MS) } });
  admin = `Bearer ${await tokenFor({ role: Role.ADMIN })}`;
});

afterAll(() => hub?.close());

/** A POST /graphql from `ip`, with `authorization` when given. */
async function ask(server: HubServer, options: { authorization?: string; ip?: string } = {}) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: options.ip ?? '127.0.0.1',
    headers: { 'content-type': 'application/json', ...(options.authorization ? { authorization: options.authorization } : {}) },
    payload: { query: VIEWER },
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

type Answer = Awaited<ReturnType<typeof ask>>;

function expectLimited(answer: Answer, limit: number) {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
  expect(answer.headers['x-ratelimit-limit']).toBe(String(limit));
  expect(answer.headers['x-ratelimit-remaining']).toBe('0');
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit, windowMs: WINDOW_MS, retryAfterSeconds: retryAfter });
  expect(answer.body.errors[0].message).toContain(`the limit is ${limit} requests per minute`);
  // refused before Apollo: nothing ran
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.extensions).toEqual({ sqlStatements: 0 });
}

describe('rate limiting configuration', () => {
  it.each([
    ['RATE_LIMIT_MAX', '-1', 'RATE_LIMIT_MAX must be an integer from 0 to 1000000, got "-1"'],
    ['RATE_LIMIT_WINDOW_MS', '10', 'RATE_LIMIT_WINDOW_MS must be an integer from 1000 to 86400000, got "10"'],
    ['REDIS_URL', 'http://127.0.0.1:6379', 'REDIS_URL must start with redis:// or rediss://'],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reads the limit, window and Redis', () => {
    expect(loadConfig({ RATE_LIMIT_MAX: '0', RATE_LIMIT_WINDOW_MS: '1000', REDIS_URL: ' rediss://h:6380/2 ', REDIS_KEY_PREFIX: 'hub-a:' })).toMatchObject({
      rateLimitMax: 0,
      rateLimitWindowMs: 1000,
      redisUrl: 'rediss://h:6380/2',
      redisKeyPrefix: 'hub-a:',
    });
  });
});

describe('rate limiting, in memory', () => {
  it('lets a token make RATE_LIMIT_MAX requests, then answers 429 RATE_LIMITED with retry-after, whatever its IP', async () => {
    for (const remaining of ['2', '1', '0']) {
      const answer = await ask(hub.server, { authorization: admin });
      expect(answer.status).toBe(200);
      expect(answer.body.data.viewer.role).toBe('ADMIN');
      expect(answer.headers['x-ratelimit-limit']).toBe('3');
      expect(answer.headers['x-ratelimit-remaining']).toBe(remaining);
      expect(Number(answer.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    }
    expectLimited(await ask(hub.server, { authorization: admin }), 3);
    // one token is one bucket: another IP does not help, nor does a fresh token of the same role and subject
    expectLimited(await ask(hub.server, { authorization: admin, ip: '198.51.100.7' }), 3);
    expectLimited(await ask(hub.server, { authorization: `Bearer ${await tokenFor({ role: Role.ADMIN })}` }), 3);
  });

  it('counts another token apart', async () => {
    const analyst = `Bearer ${await tokenFor({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] })}`;
    const answer = await ask(hub.server, { authorization: analyst });
    expect(answer.status).toBe(200);
    expect(answer.body.data.viewer).toEqual({ role: 'STATE_ANALYST', subject: 'test-STATE_ANALYST' });
    expect(answer.headers['x-ratelimit-remaining']).toBe('2');
  });

  it('counts callers without a token by IP, each IP apart', async () => {
    for (let i = 0; i < 3; i++) expect((await ask(hub.server, { ip: '203.0.113.1' })).status).toBe(200);
    expectLimited(await ask(hub.server, { ip: '203.0.113.1' }), 3);
    const other = await ask(hub.server, { ip: '203.0.113.2' });
    expect(other.status).toBe(200);
    expect(other.body.data.viewer.role).toBe('PUBLIC');
  });

  it('counts a request with a refused token by its IP, so that guessing tokens is limited too', async () => {
    const ip = '203.0.113.3';
    for (let i = 0; i < 2; i++) {
      const refused = await ask(hub.server, { authorization: 'Bearer not.a-token.at-all', ip });
      expect(refused.status).toBe(401);
      expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(refused.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    expect((await ask(hub.server, { ip })).status).toBe(200);
    expectLimited(await ask(hub.server, { ip }), 3);
  });

  it('never limits /healthz', async () => {
    for (let i = 0; i < 6; i++) {
      const response = await hub.server.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.1' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('never limits with RATE_LIMIT_MAX=0', async () => {
    const server = await createHubServer(loadConfig({ LOG_LEVEL: 'fatal', RATE_LIMIT_MAX: '0' }), hub.orm);
    try {
      for (let i = 0; i < 6; i++) {
        const answer = await ask(server, { authorization: admin });
        expect(answer.status).toBe(200);
        expect(answer.headers['x-ratelimit-limit']).toBeUndefined();
      }
    } finally {
      await server.close();
    }
  });
});

describe('rate limiting with an unreachable Redis', () => {
  it('starts and lets requests through uncounted', async () => {
    // nothing listens on port 1: connections are refused at once
    const server = await createHubServer(loadConfig({ LOG_LEVEL: 'fatal', RATE_LIMIT_MAX: '2', REDIS_URL: 'redis://127.0.0.1:1' }), hub.orm);
    try {
      for (let i = 0; i < 4; i++) expect((await ask(server, { authorization: admin })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('warns once, not on every reconnection', async () => {
    const lines: { level: number; msg: string }[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const app = Fastify({ logger: { level: 'warn', stream } });
    const limiter = await createRateLimiter(
      app,
      { rateLimitMax: 2, rateLimitWindowMs: WINDOW_MS, redisUrl: 'redis://user:secret@127.0.0.1:1', redisKeyPrefix: 'unused:', production: false },
      async () => {
        throw new Error('not called');
      },
    );
    try {
      // ioredis retries after 50, 100, 150 ms...: several failed connections
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(lines).toHaveLength(1);
      expect(lines[0].level).toBe(40);
      expect(lines[0].msg).toContain('Redis at redis://127.0.0.1:1 is unreachable');
      expect(lines[0].msg).not.toContain('secret');
    } finally {
      await limiter.close();
      await app.close();
    }
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('rate limiting shared through Redis', () => {
  const prefix = `peer-workforce-hub-test:${randomUUID()}:`;
  let redis: Redis;
  let servers: HubServer[] = [];

  beforeAll(async () => {
    redis = new Redis(process.env.TEST_REDIS_URL!);
    const config = loadConfig({ LOG_LEVEL: 'fatal', RATE_LIMIT_MAX: '3', REDIS_URL: process.env.TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix });
    // two hub processes on one database and one Redis, as behind a load balancer
    servers = [await createHubServer(config, hub.orm), await createHubServer(config, hub.orm)];
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('counts the requests of one token across hubs in one bucket', async () => {
    const [a, b] = servers;
    const remaining = [];
    for (const server of [a, b, a]) {
      const answer = await ask(server, { authorization: admin });
      expect(answer.status).toBe(200);
      remaining.push(answer.headers['x-ratelimit-remaining']);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    expectLimited(await ask(b, { authorization: admin }), 3);
    expectLimited(await ask(a, { authorization: admin }), 3);
    // the counter lives under the run's prefix, keyed by role and subject
    expect(await redis.get(`${prefix}sub:ADMIN:test-ADMIN`)).toBe('5');
  });

  it('counts callers without a token by IP across hubs', async () => {
    const [a, b] = servers;
    for (const server of [a, b, b]) expect((await ask(server, { ip: '192.0.2.10' })).status).toBe(200);
    expectLimited(await ask(a, { ip: '192.0.2.10' }), 3);
    expect((await ask(a, { ip: '192.0.2.11' })).status).toBe(200);
  });

  it('closes its Redis connection when the server closes', async () => {
    const connections = async () => String(await redis.call('CLIENT', 'LIST')).split('\n').filter((line) => line.includes(`name=${REDIS_CONNECTION_NAME} `)).length;
    const before = await connections();
    expect(before).toBeGreaterThanOrEqual(2);
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
    expect(await connections()).toBe(before - 2);
  });
});

describe('behind a reverse proxy', () => {
  const asked = (server: HubServer, forwardedFor: string) =>
    server.app.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress: '10.0.0.5',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      payload: { query: VIEWER },
    });

  it('counts callers by the X-Forwarded-For address when TRUST_PROXY names the proxy', async () => {
    const config = loadConfig({ LOG_LEVEL: 'fatal', RATE_LIMIT_MAX: '2', TRUST_PROXY: '10.0.0.0/8' });
    const proxied = await createHubServer(config, hub.orm);
    try {
      const first = [await asked(proxied, '198.51.100.1'), await asked(proxied, '198.51.100.1'), await asked(proxied, '198.51.100.1')];
      expect(first.map((r) => r.statusCode)).toEqual([200, 200, 429]);
      // another client behind the same proxy has a bucket of its own
      expect((await asked(proxied, '198.51.100.2')).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('ignores X-Forwarded-For unless told to trust the proxy (a client could forge it)', async () => {
    const config = loadConfig({ LOG_LEVEL: 'fatal', RATE_LIMIT_MAX: '2' });
    const direct = await createHubServer(config, hub.orm);
    try {
      const answers = [await asked(direct, '198.51.100.1'), await asked(direct, '198.51.100.2'), await asked(direct, '198.51.100.3')];
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    } finally {
      await direct.close();
    }
  });

  it('refuses a TRUST_PROXY it cannot read, naming it', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'the proxy' })).toThrow(/TRUST_PROXY must be/);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16']);
  });
});
