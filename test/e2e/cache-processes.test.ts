/**
 * "Several processes behave as one": the built hub twice, as child processes on one PostgreSQL database and one
 * Redis. A persisted query registered through one is answered by the other by its hash alone; an answer to a caller
 * without a token cached through one is served by the other without SQL, and a mutation through the first empties it
 * (the next answer shows the change). Needs a real PostgreSQL and Redis: skipped unless TEST_DATABASE_URL and
 * TEST_REDIS_URL are set.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { signToken } from '../../src/cli/token';
import { documentHash } from '../../src/client/trusted-documents';
import { loadConfig } from '../../src/config';
import { migrate, openOrm } from '../../src/db/orm';
import { toGlobalId } from '../../src/graphql/global-id';
import { ensureBuilt } from './build';
import { startHubProcesses } from './hubs';
import { stopChild } from '../bench/load';
import { startTestDatabase, type TestDatabase } from '../kit';

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: { sqlStatements?: number } };
}

async function post(url: URL, body: Record<string, unknown>, authorization?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

/** GET /graphql with the request's fields as query parameters, as a CDN or a browser would send it. */
async function get(url: URL, body: Record<string, unknown>): Promise<Answer> {
  const target = new URL(url);
  for (const [key, value] of Object.entries(body)) target.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await fetch(target);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

const OPEN_POSTINGS = '{ jobPostings(first: 10, orderBy: [{ field: ID }]) { totalCount nodes { title } } }';

describe.runIf(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL)('two hub processes on one PostgreSQL and one Redis', () => {
  const prefix = `peer-workforce-hub-e2e:${randomUUID()}:`;
  let db: TestDatabase | undefined;
  let redis: Redis | undefined;
  let admin: string;
  const hubs: { child: ChildProcess; url: URL }[] = [];

  beforeAll(async () => {
    ensureBuilt();
    redis = new Redis(process.env.TEST_REDIS_URL!);
    db = await startTestDatabase();
    const orm = await openOrm(db.url, 2);
    try {
      await migrate(orm);
    } finally {
      await orm.close(true);
    }
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    try {
      await sql.query(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
      await sql.query(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'North Star Peer Network', 'PEER_RUN_ORGANIZATION', 'Duluth')`);
      await sql.query(`insert into job_posting (id, employer_id, jurisdiction_id, title, description, role, employment_type, city, remote,
          pay_min_cents, pay_max_cents, pay_unit, certification_requirement, openings, date_posted, valid_through, status)
        select i, 1, 1, 'Posting ' || chr(64 + i), 'Peer support', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', false, 2000, 2400, 'HOUR', 'REQUIRED', 1,
          current_date - 10, current_date + 60, 'OPEN'
        from generate_series(1, 3) i`);
    } finally {
      await sql.end();
    }
    admin = `Bearer ${await signToken({ role: Role.ADMIN, subject: 'e2e-admin', jurisdictions: [], employerId: null, peerId: null, expiresIn: '1h' }, loadConfig({}))}`;

    await startHubProcesses(hubs, db.url, {
      RATE_LIMIT_MAX: '0',
      REDIS_URL: process.env.TEST_REDIS_URL,
      REDIS_CACHE_PREFIX: prefix,
      RESPONSE_CACHE: 'true',
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => stopChild(hub.child)));
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    await db?.close();
  }, 60_000);

  it('a persisted query registered through one process is answered by the other by its hash alone', async () => {
    expect(hubs).toHaveLength(2);
    const [a, b] = hubs;
    expect(a.url.port).not.toBe(b.url.port);
    const query = '{ employers(first: 5) { nodes { name city } } }';
    const persistedQuery = { version: 1, sha256Hash: documentHash(query) };

    const unknown = await get(b.url, { extensions: { persistedQuery } });
    expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await post(a.url, { query, extensions: { persistedQuery } }, admin);
    expect(registered.status).toBe(200);
    expect(registered.body.data!.employers.nodes).toEqual([{ name: 'North Star Peer Network', city: 'Duluth' }]);

    const byHash = await get(b.url, { extensions: { persistedQuery } });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data!.employers.nodes).toEqual([{ name: 'North Star Peer Network', city: 'Duluth' }]);
    expect(byHash.headers.get('cache-control')).toBe('max-age=60, public');
  });

  it('an answer cached through one process is served by the other, and a mutation through the first refreshes it', async () => {
    const [a, b] = hubs;
    const first = await get(b.url, { query: OPEN_POSTINGS });
    expect(first.status).toBe(200);
    expect(first.body.extensions?.sqlStatements).toBe(2);
    expect(first.body.data!.jobPostings.totalCount).toBe(3);
    expect(first.headers.get('cache-control')).toBe('max-age=30, public');

    // cached in Redis by B: A answers it without SQL
    const fromA = await get(a.url, { query: OPEN_POSTINGS });
    expect(fromA.body.extensions?.sqlStatements).toBe(0);
    expect(fromA.body.data).toEqual(first.body.data);
    expect(Number(fromA.headers.get('age'))).toBeGreaterThanOrEqual(0);
    expect((await get(b.url, { query: OPEN_POSTINGS })).body.extensions?.sqlStatements).toBe(0);

    const paused = await post(a.url, { query: 'mutation ($id: ID!) { pauseJobPosting(id: $id) { status } }', variables: { id: toGlobalId('JobPosting', 2) } }, admin);
    expect(paused.body.errors).toBeUndefined();
    expect(paused.body.data!.pauseJobPosting.status).toBe('PAUSED');

    const refreshed = await get(b.url, { query: OPEN_POSTINGS });
    expect(refreshed.body.extensions?.sqlStatements).toBe(2);
    expect(refreshed.body.data!.jobPostings.totalCount).toBe(2);
    expect(refreshed.body.data!.jobPostings.nodes).toEqual([{ title: 'Posting A' }, { title: 'Posting C' }]);
    // and cached again, for both
    expect((await get(a.url, { query: OPEN_POSTINGS })).body.data!.jobPostings.totalCount).toBe(2);
    expect((await get(a.url, { query: OPEN_POSTINGS })).body.extensions?.sqlStatements).toBe(0);
  });

  it('never gives the cached answer to a caller with a token', async () => {
    const [a] = hubs;
    const withToken = await post(a.url, { query: OPEN_POSTINGS }, admin);
    // the administrator also reads the PAUSED posting, from the database
    expect(withToken.body.extensions?.sqlStatements).toBe(2);
    expect(withToken.body.data!.jobPostings.totalCount).toBe(3);
    expect(withToken.headers.get('cache-control')).toBe('no-store');
  });
});
