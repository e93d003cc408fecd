/**
 * The direct path (src/http/direct-answers.ts): a query text's first run goes through Apollo's pipeline, which runs
 * it compiled (COMPILE_AFTER_RUNS 1 here); its later runs are answered without the pipeline. The invariant: for every
 * published query, as every kind of caller, in development and in production, and with every Accept header the
 * direct path answers, the direct answer is Apollo's: the same status, headers and body byte for byte, the same log
 * line and metrics. Requests the direct path leaves to Apollo answer exactly as before, and an answer with errors
 * is Apollo's without the query running twice.
 */
import { Kind, print, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { loadConfig } from '../src/config';
import { hubSchema } from '../src/domain/schema';
import { compilabilityOf } from '../src/graphql/compiled-execution';
import { toGlobalId } from '../src/graphql/global-id';
import { documentHash } from '../src/client/trusted-documents';
import { CONTENT_TYPES } from '../src/http/direct-answers';
import { createHubServer, type HubServer } from '../src/http/server';
import { freezeToday, startTestHub, tokenFor, unfreezeToday, type TokenClaims, type TestHub } from './kit';
import { isSubscription, operationDocuments, operationVariables } from './operation-fixtures';

const ENV = { STATUS_SWEEP_HOURS: '0', RATE_LIMIT_MAX: '0', LOG_LEVEL: 'info', COMPILE_AFTER_RUNS: '1' };
const SECRET = 'the production secret of the direct path test, long enough';
const PRODUCTION = { ...ENV, NODE_ENV: 'production', JWT_SECRET: SECRET, RESPONSE_CACHE: 'false' };

const CALLERS: [string, TokenClaims | 'PUBLIC'][] = [
  ['an administrator', { role: Role.ADMIN }],
  ['an analyst of TX', { role: Role.STATE_ANALYST, jurisdictions: ['TX'] }],
  ['an employer', { role: Role.EMPLOYER, employerId: toGlobalId('Employer', 2) }],
  ['a peer', { role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 12) }],
  ['the public', 'PUBLIC'],
];

const lines: Record<string, unknown>[] = [];
const logStream = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };

let hub: TestHub;
let prod: HubServer;
const servers = () => ({ development: hub.server, production: prod });
type Mode = keyof ReturnType<typeof servers>;

async function headersOf(mode: Mode, caller: TokenClaims | 'PUBLIC'): Promise<Record<string, string>> {
  if (caller === 'PUBLIC') return {};
  return { authorization: `Bearer ${await tokenFor(caller, mode === 'production' ? PRODUCTION : {})}` };
}

/** What a client and an operator see of one request: the answer's status, headers and body, and its log line. */
interface Exchange {
  status: number;
  headers: [string, unknown][];
  body: string;
  line: Record<string, unknown> | undefined;
}

async function exchange(server: HubServer, payload: unknown, headers: Record<string, string | undefined>): Promise<Exchange> {
  const before = lines.length;
  const response = await server.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...headers }).filter(([, value]) => value !== undefined)) as Record<string, string>,
    payload: payload as object,
  });
  const { date: _date, 'x-request-id': requestId, ...rest } = response.headers;
  // the headers in the order they are sent, as a client reading the raw answer sees them
  const sent = Object.entries(rest);
  const logged = lines.slice(before).filter((line) => line.msg === 'graphql request');
  expect(logged).toHaveLength(1);
  // the same request id in the answer and the log line; the moment and duration differ between any two requests
  const { time: _time, durationMs, requestId: loggedId, reqId, ...line } = logged[0];
  expect([loggedId, reqId]).toEqual([requestId, requestId]);
  expect(durationMs).toEqual(expect.any(Number));
  return { status: response.statusCode, headers: sent, body: response.body, line };
}

/** Sends a request twice: the first through Apollo (which compiles it), the second as the direct path takes it. */
async function twice(server: HubServer, payload: unknown, headers: Record<string, string | undefined>) {
  const first = await exchange(server, payload, headers);
  const before = { direct: server.direct.count(), ...server.execution.counts() };
  const second = await exchange(server, payload, headers);
  const after = { direct: server.direct.count(), ...server.execution.counts() };
  return {
    first,
    second,
    runs: { direct: after.direct - before.direct, compiled: after.compiled - before.compiled, interpreted: after.interpreted - before.interpreted },
  };
}

const operationOf = (document: (typeof operationDocuments)[number][1]) =>
  document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;

beforeAll(async () => {
  freezeToday('2026-11-20');
  hub = await startTestHub({ seedScale: 1, env: ENV, logStream });
  prod = await createHubServer(loadConfig(PRODUCTION), hub.orm, { logStream });
}, 120_000);
afterAll(async () => {
  await prod?.close();
  await hub?.close();
  unfreezeToday();
});

describe.each(['development', 'production'] as const)('in %s', (mode) => {
  const queries = operationDocuments.filter(([, document]) => !isSubscription(document) && operationOf(document).operation === 'query');

  describe.each(CALLERS)('as %s', (caller, claims) => {
    it.each(queries.map(([name, document]) => [name, document] as const))('%s: the direct answer is Apollo’s', async (name, document) => {
      const schema = await hubSchema();
      const server = servers()[mode];
      // a text of its own (a comment), so that its first run here is its first run at all; in production a caller
      // without a token may send only the published text itself, which no other test of this file sends there
      const text = mode === 'production' && claims === 'PUBLIC' ? print(document) : `${print(document)}\n# ${caller}`;
      const { first, second, runs } = await twice(server, { query: text, variables: operationVariables[name] }, await headersOf(mode, claims));
      expect(second).toEqual(first);
      const plan = compilabilityOf(schema, document, operationOf(document));
      const compilable = plan.compilable && plan.nestedVariables.every((variable) => Object.hasOwn(operationVariables[name], variable));
      const withErrors = (JSON.parse(first.body) as { errors?: unknown }).errors !== undefined;
      // answered directly when it runs compiled without errors; with errors, Apollo answers the one compiled run
      expect(runs).toEqual(compilable ? { direct: withErrors ? 0 : 1, compiled: 1, interpreted: 0 } : { direct: 0, compiled: 0, interpreted: 1 });
    });
  });
});

describe('a trusted document sent by its hash alone', () => {
  const queries = operationDocuments.filter(([, document]) => !isSubscription(document) && operationOf(document).operation === 'query');

  it.each(queries.map(([name, document]) => [name, document] as const))('%s: the direct answer is Apollo’s', async (name, document) => {
    const schema = await hubSchema();
    // development, where no other test of this file sends the published texts themselves
    const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(print(document)) } }, variables: operationVariables[name] };
    const { first, second, runs } = await twice(hub.server, persisted, await headersOf('development', { role: Role.ADMIN }));
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    const plan = compilabilityOf(schema, document, operationOf(document));
    const compilable = plan.compilable && plan.nestedVariables.every((variable) => Object.hasOwn(operationVariables[name], variable));
    expect(runs.direct).toBe(compilable ? 1 : 0);
  });
});

describe('what the direct path answers', () => {
  const EMPLOYERS = 'query Employers($jurisdiction: String!, $first: Int) { employers(first: $first, filter: { jurisdiction: { code: { eq: $jurisdiction } } }) { totalCount nodes { id name } } }';

  it.each([...CONTENT_TYPES.keys()].map((accept) => [accept ?? '(no Accept header)', accept] as const))(
    'Accept %s: the content type Apollo negotiates',
    async (_label, accept) => {
      const { first, second, runs } = await twice(hub.server, { query: `${EMPLOYERS} # ${accept}`, variables: { jurisdiction: 'MN', first: 3 } }, { accept });
      expect(first.status).toBe(200);
      expect(Object.fromEntries(first.headers)['content-type']).toBe(CONTENT_TYPES.get(accept));
      expect(second).toEqual(first);
      expect(runs.direct).toBe(1);
    },
  );

  it('a caller without a token gets the cache policy of the document, in production too', async () => {
    const { first, second, runs } = await twice(prod, { query: `${EMPLOYERS} # public`, variables: { jurisdiction: 'MN', first: 3 } }, {});
    // not a published text: a caller without a token is refused it in production, by Apollo each time
    expect(first.status).toBe(403);
    expect(second).toEqual(first);
    expect(runs.direct).toBe(0);
    const development = await twice(hub.server, { query: `${EMPLOYERS} # public`, variables: { jurisdiction: 'MN', first: 3 } }, {});
    expect(Object.fromEntries(development.first.headers)).toMatchObject({ 'cache-control': 'max-age=60, public', vary: 'authorization' });
    expect(development.second).toEqual(development.first);
    expect(development.runs.direct).toBe(1);
  });

  it('each operation of a document of several keeps its own cache policy', async () => {
    const query = 'query Places { jurisdictions { code } } query Kind { __typename } query Employers { employers(first: 1) { nodes { id } } }';
    const expected = { Places: 'max-age=300, public', Kind: 'no-store', Employers: 'max-age=60, public' };
    for (const [operationName, cacheControl] of Object.entries(expected)) {
      const { first, second, runs } = await twice(hub.server, { query, operationName }, {});
      expect(Object.fromEntries(first.headers)['cache-control']).toBe(cacheControl);
      expect(second).toEqual(first);
      expect(runs.direct).toBe(1);
    }
  });

  it('counts what it answers in /metrics as Apollo does, and how many it answered', async () => {
    const sample = async (pattern: RegExp) => {
      const metrics = (await hub.server.app.inject({ method: 'GET', url: '/metrics' })).body;
      return Number(pattern.exec(metrics)?.[1] ?? 0);
    };
    const requests = /^hub_graphql_request_duration_seconds_count\{operation="Employers"\} (\d+)$/m;
    const before = await sample(requests);
    const { runs } = await twice(hub.server, { query: `${EMPLOYERS} # metrics`, variables: { jurisdiction: 'TX', first: 2 } }, {});
    expect(runs.direct).toBe(1);
    expect((await sample(requests)) - before).toBe(2);
    const direct = await sample(/^hub_graphql_direct_answers (\d+)$/m);
    expect(direct).toBe(hub.server.direct.count());
    expect(direct).toBeGreaterThan(0);
  });

  it('a compiled run that throws instead of answering leaves the request to Apollo', async () => {
    const text = `${EMPLOYERS} # throws`;
    const variables = { jurisdiction: 'MN', first: 2 };
    const first = await exchange(hub.server, { query: text, variables }, {});
    const repeated = hub.server.execution.repeated(text, undefined)!;
    const run = repeated.run;
    repeated.run = () => Promise.reject(new Error('thrown by the compiled query'));
    try {
      const before = hub.server.direct.count();
      expect(await exchange(hub.server, { query: text, variables }, {})).toEqual(first);
      expect(hub.server.direct.count()).toBe(before);
    } finally {
      repeated.run = run;
    }
  });

  it('an answer with errors is Apollo’s, from the one compiled run', async () => {
    const { first, second, runs } = await twice(hub.server, { query: 'query Lookup($id: ID!) { node(id: $id) { id } }', variables: { id: 'not a global id' } }, {});
    expect(JSON.parse(first.body).errors[0].extensions.code).toBeDefined();
    expect(second).toEqual(first);
    expect(runs).toEqual({ direct: 0, compiled: 1, interpreted: 0 });
  });
});

describe('what the direct path leaves to Apollo, answered as before', () => {
  const query = 'query Employers($jurisdiction: String!, $first: Int) { employers(first: $first, filter: { jurisdiction: { code: { eq: $jurisdiction } } }) { totalCount } }';
  const variables = { jurisdiction: 'MN', first: 3 };
  const cases: [string, Mode, unknown, Record<string, string | undefined>, number][] = [
    ['the development header x-hub-debug-sql', 'development', { query: `${query} # sql`, variables }, { 'x-hub-debug-sql': '1' }, 200],
    ['a body with extensions', 'development', { query: `${query} # extensions`, variables, extensions: {} }, {}, 200],
    ['a text sent with its hash', 'development', { query: `${query} # with hash`, variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(`${query} # with hash`) } } }, {}, 200],
    ['a hash not registered', 'development', { variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(`${query} # unknown hash`) } } }, {}, 200],
    ['an Accept header not listed', 'development', { query: `${query} # accept`, variables }, { accept: 'application/json, text/plain;q=0.5' }, 200],
    ['an Accept header Apollo refuses', 'development', { query: `${query} # refused accept`, variables }, { accept: 'text/html' }, 406],
    ['variables graphql-js refuses', 'development', { query: `${query} # bad`, variables: { jurisdiction: 'MN', first: 'three' } }, {}, 400],
    ['a page over the limits', 'development', { query: `${query} # costly`, variables: { jurisdiction: 'MN', first: 100_000 } }, {}, 400],
    ['an operation name the document lacks', 'development', { query: `${query} # unknown`, variables, operationName: 'Other' }, {}, 400],
    ['a refused token', 'development', { query: `${query} # token`, variables }, { authorization: 'Bearer not.a.token' }, 401],
    ['an introspection query', 'development', { query: '{ __schema { queryType { name } } } # introspection' }, {}, 200],
    ['an introspection query by an employer in production', 'production', { query: '{ __schema { queryType { name } } } # employer' }, { employer: 'yes' }, 403],
  ];

  it.each(cases)('%s', async (_label, mode, payload, given, status) => {
    const { employer, ...headers } = given;
    if (employer) headers.authorization = `Bearer ${await tokenFor({ role: Role.EMPLOYER, employerId: toGlobalId('Employer', 2) }, PRODUCTION)}`;
    const { first, second, runs } = await twice(servers()[mode], payload, headers);
    expect(first.status).toBe(status);
    expect(second).toEqual(first);
    expect(runs.direct).toBe(0);
  });
});
