/** The HTTP surface: GraphQL over POST and GET, health and readiness, and clean answers to malformed requests. */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './kit';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (code, name, fips_code, population, population_year, sources) values ('MN', 'Minnesota', '27', 5706494, 2020, '[]')`);
});
afterAll(() => hub?.close());

const inject = (options: InjectOptions) => hub.server.app.inject(options);

function expectNoInternals(body: string) {
  expect(body).not.toMatch(/stacktrace|at .*\.(ts|js):\d+|node_modules|select |from "/i);
}

describe('GraphQL over HTTP', () => {
  it('answers POST with JSON', async () => {
    const response = await inject({ method: 'POST', url: '/graphql', payload: { query: '{ jurisdictions { code population } }' } });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual({ jurisdictions: [{ code: 'MN', population: 5706494 }] });
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('answers GET with the query in the URL', async () => {
    const response = await inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent('{ jurisdiction(code: "mn") { name fipsCode } }')}` });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual({ jurisdiction: { name: 'Minnesota', fipsCode: '27' } });
  });

  it('keeps a caller-supplied request id', async () => {
    const response = await inject({ method: 'POST', url: '/graphql', headers: { 'x-request-id': 'trace-123' }, payload: { query: '{ jurisdictions { code } }' } });
    expect(response.headers['x-request-id']).toBe('trace-123');
  });
});

describe('malformed requests get 400 and a stable code, never a 500 or a stack', () => {
  const cases: [string, InjectOptions, number, string][] = [
    ['broken JSON', { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": ' }, 400, 'BAD_REQUEST'],
    ['a body that is not an object', { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '[1, 2]' }, 400, 'BAD_REQUEST'],
    ['no query', { method: 'POST', url: '/graphql', payload: { variables: {} } }, 400, 'BAD_REQUEST'],
    ['a syntax error', { method: 'POST', url: '/graphql', payload: { query: '{ jurisdictions { code }' } }, 400, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { method: 'POST', url: '/graphql', payload: { query: '{ jurisdictions { nope } }' } }, 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable of the wrong type', { method: 'POST', url: '/graphql', payload: { query: 'query($n: Int) { employers(first: $n) { nodes { name } } }', variables: { n: 'many' } } }, 400, 'BAD_USER_INPUT'],
    ['an id that is no id of the hub', { method: 'POST', url: '/graphql', payload: { query: 'query($id: ID!) { peerSpecialist(id: $id) { id } }', variables: { id: 42 } } }, 400, 'BAD_USER_INPUT'],
    ['a page larger than the limit', { method: 'POST', url: '/graphql', payload: { query: '{ employers(first: 500) { nodes { name } } }' } }, 400, 'BAD_USER_INPUT'],
    ['a cursor past any key', { method: 'POST', url: '/graphql', payload: { query: `{ employers(first: 5, after: "${Buffer.from('["Employer",1e21]').toString('base64url')}") { nodes { name } } }` } }, 400, 'BAD_USER_INPUT'],
    ['an unsupported content type', { method: 'POST', url: '/graphql', headers: { 'content-type': 'text/xml' }, payload: '<query/>' }, 415, 'BAD_REQUEST'],
  ];

  for (const [name, request, status, code] of cases) {
    it(`${name}`, async () => {
      const response = await inject(request);
      expect(response.statusCode).toBe(status);
      expectNoInternals(response.body);
      if (code) expect(response.json().errors[0].extensions.code).toBe(code);
    });
  }
});

describe('health', () => {
  it('/healthz says the process is up', async () => {
    const response = await inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz says the database is reachable and migrated', async () => {
    const response = await inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: 'up', pendingMigrations: [], replicas: [] });
  });
});

describe('readiness before migrations', () => {
  it('/readyz answers 503 and names the pending migrations', async () => {
    const unmigrated = await startTestHub({ migrate: false });
    try {
      const ready = await unmigrated.server.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', database: 'up' });
      expect(ready.json().pendingMigrations.length).toBeGreaterThan(0);
    } finally {
      await unmigrated.close();
    }
  });
});

describe('when the database goes away', () => {
  it('reports not ready, and masks the failure behind a request id', async () => {
    const lost = await startTestHub({ env: { LOG_LEVEL: 'fatal' } });
    try {
      await lost.orm.close(true);
      const ready = await lost.server.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', database: 'down' });
      const response = await lost.server.app.inject({ method: 'POST', url: '/graphql', headers: { 'x-request-id': 'lost-1' }, payload: { query: '{ employers(first: 1) { nodes { name } } }' } });
      expectNoInternals(response.body);
      const error = response.json().errors[0];
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'lost-1' });
      expect(error.message).toBe('Internal server error. Quote request id lost-1 when reporting it.');
    } finally {
      await lost.server.close();
      await lost.db.close();
    }
  });
});
