/**
 * Caching as a client meets it: cache-control headers from the types a query reads; answers to callers without a
 * token served again from the response cache (no SQL), never to a caller with a token and never the other way round;
 * a mutation or a status sweep that changed rows empties the cache; persisted queries; an unreachable Redis; and,
 * with TEST_REDIS_URL, two hub servers sharing the cache and the persisted queries through Redis.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'graphql';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { documentHash } from '../src/client/trusted-documents';
import { loadConfig } from '../src/config';
import { fromRoot } from '../src/paths';
import { toGlobalId } from '../src/graphql/global-id';
import { hubSchema } from '../src/domain/schema';
import { dataChanged } from '../src/cache/data-version';
import { documentMaxAge } from '../src/http/plugins/cache-policy';
import { viewerFingerprint } from '../src/http/plugins/response-cache';
import { createHubServer, type HubServer } from '../src/http/server';
import { startStatusSweeps } from '../src/domain/status-sweep';
import { startTestHub, tokenFor, type TestHub } from './kit';

let hub: TestHub;
let admin: string;
let analystMn: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: { sqlStatements?: number } };
}

/** POST /graphql (or GET with `get`), with a token when given. */
async function ask(server: HubServer, body: Record<string, unknown>, options: { authorization?: string; get?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers = { ...(options.authorization ? { authorization: options.authorization } : {}), ...options.headers };
  const response = options.get
    ? await server.app.inject({
        method: 'GET',
        url: '/graphql',
        query: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
        headers,
      })
    : await server.app.inject({ method: 'POST', url: '/graphql', payload: body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

const OPEN_POSTINGS = '{ jobPostings(first: 5, orderBy: [{ field: ID }]) { totalCount nodes { title status employer { name } } } }';
const STATES = '{ jurisdictions { code name credentialTypes(first: 5) { nodes { code requirementProfiles(first: 2) { nodes { version } } } } } }';
const CERT_COUNTS = '{ certificationStats(groupBy: [JURISDICTION, STATUS]) { buckets { key { jurisdiction { code } status } count suppressed } } }';
const PEOPLE = '{ peerSpecialists(first: 5) { totalCount nodes { lastName email } } }';
const PAUSE = 'mutation ($id: ID!) { pauseJobPosting(id: $id) { status } }';
const PUBLISH = 'mutation ($id: ID!) { publishJobPosting(id: $id) { status } }';

/*
 * MN (1) and TX (2); credential types MN CPS (1), TX MHPS (2); MN: 3 ACTIVE certifications (withheld from PUBLIC, 3 for
 * an analyst of MN), TX: 12 ACTIVE (shown to all). Employer 1 in MN; postings: 3 OPEN (A, B, C), 1 CLOSED (D).
 */
async function insertDataSet() {
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values
    (1, 1, 'MN Certification Board', 'CERTIFICATION_BOARD', '[]'), (2, 2, 'TX Certification Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'), (2, 2, 2, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id, email) values (1, 'Ada', 'Larsen', 1, 'ada@example.org'), (2, 'Ben', 'Ortiz', 2, 'ben@example.org')`);
  const cert = `insert into certification (person_id, credential_type_id, jurisdiction_id, status, issued_on, expires_on, first_issued_on, full_certified_on)`;
  await hub.sql(`${cert} select 1, 1, 1, 'ACTIVE', current_date - 30, current_date + 700, current_date - 30, current_date - 30 from generate_series(1, 3)`);
  await hub.sql(`${cert} select 2, 2, 2, 'ACTIVE', current_date - 30, current_date + 700, current_date - 30, current_date - 30 from generate_series(1, 12)`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'North Star Peer Network', 'PEER_RUN_ORGANIZATION', 'Duluth')`);
  await hub.sql(`insert into job_posting (id, employer_id, jurisdiction_id, title, description, role, employment_type, city, remote,
      pay_min_cents, pay_max_cents, pay_unit, certification_requirement, openings, date_posted, valid_through, status, apply_email)
    select i, 1, 1, 'Posting ' || chr(64 + i), 'Peer support', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', false, 2000, 2400, 'HOUR', 'REQUIRED', 1,
      current_date - 10, current_date + 60, case when i = 4 then 'CLOSED' else 'OPEN' end, 'jobs@northstar.example.org'
    from generate_series(1, 4) i`);
}

beforeAll(async () => {
  hub = await startTestHub({ env: { RESPONSE_CACHE: 'true' } });
  await insertDataSet();
  admin = `Bearer ${await tokenFor({ role: Role.ADMIN })}`;
  analystMn = `Bearer ${await tokenFor({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] })}`;
  // the rows above were written behind the hub's back
  await dataChanged();
});

afterAll(() => hub?.close());

describe('cache hints', () => {
  it('give each query the smallest max-age of the types it selects, 0 for private types, introspection and mutations', async () => {
    const schema = await hubSchema();
    const maxAge = (source: string) => {
      const document = parse(source);
      return documentMaxAge(schema, document, document.definitions[0] as never);
    };
    expect(maxAge(STATES)).toBe(300);
    expect(maxAge('{ employers(first: 3) { nodes { name programs(first: 2) { nodes { name } } } } }')).toBe(60);
    expect(maxAge(OPEN_POSTINGS)).toBe(30);
    // a connection's totalCount alone counts as its records
    expect(maxAge('{ jobPostings { totalCount } }')).toBe(30);
    expect(maxAge('{ peerSpecialists { totalCount } }')).toBe(0);
    expect(maxAge(CERT_COUNTS)).toBe(60);
    expect(maxAge('{ workforceMetrics { totals { activeCertifications { value suppressed } } } }')).toBe(60);
    // a fragment counts as much as a field
    expect(maxAge('{ jurisdictions { code ...P } } fragment P on Jurisdiction { credentialTypes(first: 1) { nodes { code } } }')).toBe(300);
    expect(maxAge(PEOPLE)).toBe(0);
    expect(maxAge('{ employers(first: 3) { nodes { name employments(first: 2) { nodes { startedOn } } } } }')).toBe(0);
    expect(maxAge('{ viewer { role } }')).toBe(0);
    expect(maxAge(`{ node(id: "${toGlobalId('Employer', 1)}") { id } }`)).toBe(0);
    expect(maxAge('{ __schema { queryType { name } } }')).toBe(0);
    expect(maxAge('{ __typename }')).toBe(0);
    expect(maxAge(PAUSE)).toBe(0);
  });

  it('keep every operation the public dashboard page sends cacheable: a new type under one must be classified', async () => {
    const schema = await hubSchema();
    // the operations src/web/dashboard/main.tsx imports, found in schema/operations
    const page = readFileSync(fromRoot('src/web/dashboard/main.tsx'), 'utf8');
    const sent = [...page.matchAll(/\b(\w+)Document\b/g)].map((m) => m[1]);
    const files = ['dashboard', 'job-board', 'live'].flatMap((folder) => readdirSync(fromRoot('schema/operations', folder)).map((name) => join(fromRoot('schema/operations', folder), name)));
    const operations = new Map(files.map((file) => [basename(file, '.graphql'), file]));
    expect(new Set(sent)).toEqual(new Set(['DashboardJurisdictions', 'WorkforceDashboard', 'WorkforceTrend', 'PostingPay', 'LiveWorkforceDashboard']));
    // the live figures come over WebSocket, pushed rather than cached
    expect(readFileSync(operations.get('LiveWorkforceDashboard')!, 'utf8')).toMatch(/^subscription LiveWorkforceDashboard\b/m);
    for (const name of new Set(sent.filter((name) => name !== 'LiveWorkforceDashboard'))) {
      const document = parse(readFileSync(operations.get(name)!, 'utf8'));
      const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
      expect(documentMaxAge(schema, document, operation as never), name).toBeGreaterThan(0);
    }
  });

  it('send cache-control public with the max-age to callers without a token, GET or POST, and no-store to callers with one', async () => {
    const publicGet = await ask(hub.server, { query: STATES }, { get: true });
    expect(publicGet.status).toBe(200);
    expect(publicGet.headers['cache-control']).toBe('max-age=300, public');
    expect(publicGet.headers.vary).toContain('authorization');
    expect(publicGet.body.data.jurisdictions.map((j: { code: string }) => j.code)).toEqual(['MN', 'TX']);

    expect((await ask(hub.server, { query: OPEN_POSTINGS })).headers['cache-control']).toBe('max-age=30, public');
    expect((await ask(hub.server, { query: PEOPLE })).headers['cache-control']).toBe('no-store');
    expect((await ask(hub.server, { query: STATES }, { authorization: admin, get: true })).headers['cache-control']).toBe('no-store');
    expect((await ask(hub.server, { query: STATES }, { authorization: analystMn })).headers['cache-control']).toBe('no-store');
    // an error is never cacheable
    const bad = await ask(hub.server, { query: '{ jobPostings(first: 100000) { totalCount } }' });
    expect(bad.status).toBe(400);
    expect(bad.headers['cache-control']).toBe('no-store');
  });

  it('cost nothing per field: no plugin of the hub makes Apollo wrap the resolvers of the schema', async () => {
    for (const authorization of [undefined, admin]) {
      const answer = await ask(hub.server, { query: '{ employers(first: 2) { nodes { name jobPostings(first: 2) { nodes { title } } } } }' }, { authorization });
      expect(answer.status).toBe(200);
    }
    // Apollo marks the schema it has wrapped field by field for a plugin's willResolveField
    expect(Object.getOwnPropertySymbols(await hubSchema()).map((symbol) => symbol.description)).not.toContain('apolloServerPluginsEnabled');
  });
});

describe('the response cache', () => {
  it('answers a repeated query without a token from the cache: the same data, no SQL, with its age', async () => {
    const query = '{ employers(first: 5) { nodes { name city } } }';
    const first = await ask(hub.server, { query });
    expect(first.body.extensions?.sqlStatements).toBe(1);
    const second = await ask(hub.server, { query });
    expect(second.body.extensions?.sqlStatements).toBe(0);
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.data.employers.nodes).toEqual([{ name: 'North Star Peer Network', city: 'Duluth' }]);
    expect(second.headers['cache-control']).toBe('max-age=60, public');
    expect(Number(second.headers.age)).toBeGreaterThanOrEqual(0);
    // other variables, another operation: another entry
    const other = await ask(hub.server, { query: '{ employers(first: 4) { nodes { name city } } }' });
    expect(other.body.extensions?.sqlStatements).toBe(1);
  });

  it('keys on the variables', async () => {
    const query = 'query ($first: Int) { jobPostings(first: $first, orderBy: [{ field: ID }]) { nodes { title } } }';
    expect((await ask(hub.server, { query, variables: { first: 1 } })).body.data.jobPostings.nodes).toHaveLength(1);
    const two = await ask(hub.server, { query, variables: { first: 2 } });
    expect(two.body.extensions?.sqlStatements).toBe(1);
    expect(two.body.data.jobPostings.nodes).toHaveLength(2);
    expect((await ask(hub.server, { query, variables: { first: 2 } })).body.extensions?.sqlStatements).toBe(0);
  });

  it('never serves an answer cached for PUBLIC to an administrator or an analyst, whose answers differ', async () => {
    const publicAnswer = await ask(hub.server, { query: OPEN_POSTINGS });
    expect(publicAnswer.body.data.jobPostings.totalCount).toBe(3);
    expect((await ask(hub.server, { query: OPEN_POSTINGS })).body.extensions?.sqlStatements).toBe(0);
    // the administrator reads the CLOSED posting too, from the database, every time
    for (let i = 0; i < 2; i++) {
      const adminAnswer = await ask(hub.server, { query: OPEN_POSTINGS }, { authorization: admin });
      expect(adminAnswer.body.data.jobPostings.totalCount).toBe(4);
      expect(adminAnswer.body.extensions?.sqlStatements).toBe(2);
    }

    const publicCounts = await ask(hub.server, { query: CERT_COUNTS });
    // MN's 3 is withheld, and TX's 12 with it: the ACTIVE total (15) less 12 would give the 3 away (docs/disclosure.md)
    expect(publicCounts.body.data.certificationStats.buckets).toEqual([
      { key: { jurisdiction: null, status: null }, count: null, suppressed: true },
      { key: { jurisdiction: null, status: null }, count: null, suppressed: true },
    ]);
    expect((await ask(hub.server, { query: CERT_COUNTS })).body.extensions?.sqlStatements).toBe(0);
    const analystCounts = await ask(hub.server, { query: CERT_COUNTS }, { authorization: analystMn });
    expect(analystCounts.body.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(analystCounts.body.data.certificationStats.buckets[0]).toEqual({ key: { jurisdiction: { code: 'MN' }, status: 'ACTIVE' }, count: 3, suppressed: false });
  });

  it('never serves an answer given to a token to a caller without one', async () => {
    const query = '{ certificationStats(groupBy: [JURISDICTION]) { buckets { key { jurisdiction { code } } count suppressed } } }';
    // asked first, twice, by the analyst of MN, who sees MN's 3
    for (let i = 0; i < 2; i++) {
      const analyst = await ask(hub.server, { query }, { authorization: analystMn });
      expect(analyst.body.extensions?.sqlStatements).toBeGreaterThan(0);
      expect(analyst.body.data.certificationStats.buckets.map((b: { count: number | null }) => b.count)).toEqual([3, 12]);
    }
    const publicAnswer = await ask(hub.server, { query });
    expect(publicAnswer.body.extensions?.sqlStatements).toBeGreaterThan(0);
    // MN's 3 withheld, TX's 12 with it as its complement
    expect(publicAnswer.body.data.certificationStats.buckets.map((b: { count: number | null; suppressed: boolean }) => [b.count, b.suppressed])).toEqual([
      [null, true],
      [null, true],
    ]);
  });

  it('keys answers on who asks, as a fingerprint of role and scope', () => {
    const publicViewer = { role: Role.PUBLIC, subject: null, jurisdictions: [], employerId: null, peerId: null };
    const mn = { role: Role.STATE_ANALYST, subject: 'a', jurisdictions: ['TX', 'MN'], employerId: null, peerId: null };
    expect(viewerFingerprint(mn)).toBe(viewerFingerprint({ ...mn, jurisdictions: ['MN', 'TX'] }));
    expect(new Set([publicViewer, mn, { ...mn, jurisdictions: ['MN'] }, { ...mn, role: Role.FUND_REVIEWER }, { ...publicViewer, role: Role.ADMIN, subject: 'a' }].map(viewerFingerprint)).size).toBe(5);
  });

  it('is emptied by a mutation: the next answer is read again and shows the change', async () => {
    const before = await ask(hub.server, { query: OPEN_POSTINGS });
    expect(before.body.data.jobPostings.totalCount).toBe(3);
    expect((await ask(hub.server, { query: OPEN_POSTINGS })).body.extensions?.sqlStatements).toBe(0);

    const paused = await ask(hub.server, { query: PAUSE, variables: { id: toGlobalId('JobPosting', 1) } }, { authorization: admin });
    expect(paused.body.data.pauseJobPosting.status).toBe('PAUSED');
    expect(paused.headers['cache-control']).toBe('no-store');

    const after = await ask(hub.server, { query: OPEN_POSTINGS });
    expect(after.body.extensions?.sqlStatements).toBe(2);
    expect(after.body.data.jobPostings.totalCount).toBe(2);
    expect(after.body.data.jobPostings.nodes.map((n: { title: string }) => n.title)).toEqual(['Posting B', 'Posting C']);
    // unrelated entries went too: any write empties the cache
    expect((await ask(hub.server, { query: STATES })).body.extensions?.sqlStatements).toBeGreaterThan(0);

    await ask(hub.server, { query: PUBLISH, variables: { id: toGlobalId('JobPosting', 1) } }, { authorization: admin });
    expect((await ask(hub.server, { query: OPEN_POSTINGS })).body.data.jobPostings.totalCount).toBe(3);
  });

  it('is emptied by a status sweep that changed rows, and kept by one that changed none', async () => {
    const query = '{ jobPostings(first: 10) { totalCount } }';
    await ask(hub.server, { query });
    expect((await ask(hub.server, { query })).body.extensions?.sqlStatements).toBe(0);
    const sweep = async () => (await startStatusSweeps(hub.orm, { statusSweepHours: 24, eventRetentionDays: 30 }, () => undefined)).stop();

    await sweep();
    expect((await ask(hub.server, { query })).body.extensions?.sqlStatements).toBe(0);

    // an OPEN posting past its valid-through: the sweep stores it EXPIRED
    await hub.sql(`update job_posting set valid_through = current_date - 1, date_posted = current_date - 20 where id = 3`);
    await sweep();
    expect((await hub.sql<{ status: string }>(`select status from job_posting where id = 3`))[0].status).toBe('EXPIRED');
    const after = await ask(hub.server, { query });
    expect(after.body.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(after.body.data.jobPostings.totalCount).toBe(2);
  });

  it('is not read by a request asking for its SQL (x-hub-debug-sql)', async () => {
    const query = '{ jurisdictions { code } }';
    await ask(hub.server, { query });
    const debug = await ask(hub.server, { query }, { headers: { 'x-hub-debug-sql': '1' } });
    expect(debug.body.extensions?.sqlStatements).toBe(1);
    expect((debug.body.extensions as { sql?: string[] }).sql).toHaveLength(1);
  });

  it('is off with RESPONSE_CACHE=false, cache-control headers kept', async () => {
    const server = await createHubServer(loadConfig({ LOG_LEVEL: 'fatal', RATE_LIMIT_MAX: '0', RESPONSE_CACHE: 'false' }), hub.orm);
    try {
      for (let i = 0; i < 2; i++) {
        const answer = await ask(server, { query: STATES });
        expect(answer.body.extensions?.sqlStatements).toBeGreaterThan(0);
        expect(answer.headers['cache-control']).toBe('max-age=300, public');
      }
    } finally {
      await server.close();
    }
  });
});

describe('persisted queries', () => {
  it('a hash registered by a caller with a token answers by hash alone, cached for callers without one', async () => {
    const query = '{ credentialTypes(first: 5) { nodes { code name } } }';
    const sha256Hash = documentHash(query);
    const persisted = { version: 1, sha256Hash };
    expect((await ask(hub.server, { extensions: { persistedQuery: persisted } })).body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await ask(hub.server, { query, extensions: { persistedQuery: persisted } }, { authorization: admin });
    expect(registered.status).toBe(200);
    const byHash = await ask(hub.server, { extensions: { persistedQuery: persisted } }, { get: true });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data.credentialTypes.nodes.map((n: { code: string }) => n.code)).toEqual(['CPS', 'MHPS']);
    expect(byHash.headers['cache-control']).toBe('max-age=300, public');
    expect((await ask(hub.server, { extensions: { persistedQuery: persisted } }, { get: true })).body.extensions?.sqlStatements).toBe(0);
  });
});

describe('with an unreachable Redis', () => {
  it('answers as without a cache, keeps persisted queries in the process, and warns once', async () => {
    const lines: { level: number; msg: string }[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const server = await createHubServer(loadConfig({ LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', REDIS_URL: 'redis://user:secret@127.0.0.1:1' }), hub.orm, { logStream });
    try {
      for (let i = 0; i < 2; i++) {
        const answer = await ask(server, { query: STATES });
        expect(answer.status).toBe(200);
        expect(answer.body.data.jurisdictions).toHaveLength(2);
        expect(answer.body.extensions?.sqlStatements).toBeGreaterThan(0);
        expect(answer.headers['cache-control']).toBe('max-age=300, public');
      }
      const query = '{ certifyingBodies(first: 2) { nodes { name } } }';
      const persisted = { version: 1, sha256Hash: documentHash(query) };
      expect((await ask(server, { query, extensions: { persistedQuery: persisted } }, { authorization: admin })).status).toBe(200);
      const byHash = await ask(server, { extensions: { persistedQuery: persisted } });
      expect(byHash.status).toBe(200);
      expect(byHash.body.data.certifyingBodies.nodes).toHaveLength(2);
      // a mutation still answers though the version cannot move
      const paused = await ask(server, { query: PAUSE, variables: { id: toGlobalId('JobPosting', 2) } }, { authorization: admin });
      expect(paused.body.data.pauseJobPosting.status).toBe('PAUSED');
      await ask(server, { query: PUBLISH, variables: { id: toGlobalId('JobPosting', 2) } }, { authorization: admin });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const warnings = lines.filter((line) => line.msg.includes('caching: Redis'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0].level).toBe(40);
      expect(warnings[0].msg).toContain('redis://127.0.0.1:1');
      expect(warnings[0].msg).not.toContain('secret');
    } finally {
      await server.close();
    }
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('shared through Redis by two hub servers', () => {
  const prefix = `peer-workforce-hub-test:${randomUUID()}:`;
  let redis: Redis;
  let a: HubServer;
  let b: HubServer;

  beforeAll(async () => {
    redis = new Redis(process.env.TEST_REDIS_URL!);
    const config = loadConfig({ LOG_LEVEL: 'fatal', RATE_LIMIT_MAX: '0', REDIS_URL: process.env.TEST_REDIS_URL, REDIS_CACHE_PREFIX: prefix });
    [a, b] = [await createHubServer(config, hub.orm), await createHubServer(config, hub.orm)];
  });

  afterAll(async () => {
    await Promise.all([a, b].map((server) => server?.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('a persisted query registered through one answers by hash through the other', async () => {
    const query = `{ trainingOrganizations(first: 3) { totalCount } } # ${prefix}`;
    const persisted = { version: 1, sha256Hash: documentHash(query) };
    expect((await ask(b, { extensions: { persistedQuery: persisted } })).body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await ask(a, { query, extensions: { persistedQuery: persisted } }, { authorization: admin })).status).toBe(200);
    const byHash = await ask(b, { extensions: { persistedQuery: persisted } });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data.trainingOrganizations.totalCount).toBe(0);
    expect(await redis.exists(`${prefix}apq:${persisted.sha256Hash}`)).toBe(1);
  });

  it('an answer cached through one is served by the other, and a mutation through either empties it for both', async () => {
    const cached = await ask(a, { query: OPEN_POSTINGS });
    expect(cached.body.extensions?.sqlStatements).toBe(2);
    const served = await ask(b, { query: OPEN_POSTINGS });
    expect(served.body.extensions?.sqlStatements).toBe(0);
    expect(served.body.data).toEqual(cached.body.data);
    expect(served.body.data.jobPostings.totalCount).toBe(2);

    const version = await redis.get(`${prefix}data-version`);
    await ask(a, { query: PAUSE, variables: { id: toGlobalId('JobPosting', 1) } }, { authorization: admin });
    expect(await redis.get(`${prefix}data-version`)).not.toBe(version);
    const fresh = await ask(b, { query: OPEN_POSTINGS });
    expect(fresh.body.extensions?.sqlStatements).toBe(2);
    expect(fresh.body.data.jobPostings.totalCount).toBe(1);
    expect((await ask(a, { query: OPEN_POSTINGS })).body.extensions?.sqlStatements).toBe(0);
    await ask(b, { query: PUBLISH, variables: { id: toGlobalId('JobPosting', 1) } }, { authorization: admin });
  });
});
