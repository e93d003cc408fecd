/** One JSON log line per GraphQL request, and Prometheus metrics at GET /metrics for loopback or the METRICS_TOKEN. */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { createHubServer, type HubServer } from '../src/http/server';
import { OPERATION_LABELS_MAX } from '../src/http/observability';
import { startTestHub, type TestHub } from './kit';

const METRICS_TOKEN = 'scraper-token-of-the-test-suite';

let hub: TestHub;
const logLines: Record<string, unknown>[] = [];
const logStream = { write: (line: string) => void logLines.push(JSON.parse(line)) };

beforeAll(async () => {
  hub = await startTestHub({ env: { LOG_LEVEL: 'info' }, logStream });
  await hub.sql(`insert into jurisdiction (code, name, fips_code, population, population_year, sources) values ('MN', 'Minnesota', '27', 5706494, 2020, '[]')`);
});
afterAll(() => hub?.close());

const graphql = (payload: object | string, headers: Record<string, string> = {}) =>
  hub.server.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload });

/** The value of one sample of the Prometheus text, undefined when absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function metricsOf(server: HubServer, options: Partial<InjectOptions> = {}): Promise<LightMyRequestResponse> {
  return server.app.inject({ method: 'GET', url: '/metrics', ...options });
}

describe('after a few requests', () => {
  const sent: LightMyRequestResponse[] = [];
  let metrics: string;

  beforeAll(async () => {
    const linesBefore = logLines.length;
    sent.push(await graphql({ query: 'query Places { jurisdictions { code } }' }, { 'x-request-id': 'places-1' }));
    sent.push(await graphql({ query: 'query Places { jurisdictions { code name } }' }));
    sent.push(await graphql({ query: 'query Places { jurisdictions { code population } }' }));
    sent.push(await graphql({ query: '{ employers(first: 2) { nodes { name } } }' }));
    sent.push(await graphql({ query: 'query Broken { jurisdictions { nope } }' }));
    sent.push(await graphql({ query: 'query TooLarge { employers(first: 500) { nodes { name } } }' }));
    // refused by Fastify before Apollo sees it
    sent.push(await graphql('{"query": '));
    // refused by the context function, before the GraphQL pipeline runs
    sent.push(await graphql({ query: 'query Places { jurisdictions { code } }' }, { authorization: 'Bearer not-a-token' }));
    expect(logLines.length - linesBefore).toBeGreaterThanOrEqual(sent.length);
    const response = await metricsOf(hub.server);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    metrics = response.body;
  });

  it('count the documents run compiled and interpreted, and the compiled operations kept', () => {
    // the kit compiles at the first run: the four queries executed (three texts of Places, the employers) ran compiled
    expect(sample(metrics, 'hub_graphql_executions', 'kind="compiled"')).toBe(hub.server.execution.counts().compiled);
    expect(sample(metrics, 'hub_graphql_executions', 'kind="compiled"')).toBeGreaterThanOrEqual(4);
    expect(sample(metrics, 'hub_graphql_executions', 'kind="interpreted"')).toBe(hub.server.execution.counts().interpreted);
    expect(sample(metrics, 'hub_graphql_compiled_operations')).toBeGreaterThanOrEqual(4);
  });

  it('count each operation under its name, anonymous, invalid or refused', () => {
    expect(sent.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 400, 400, 400, 401]);
    const count = (operation: string) => sample(metrics, 'hub_graphql_request_duration_seconds_count', `operation="${operation}"`);
    expect(count('Places')).toBe(3);
    expect(count('anonymous')).toBe(1);
    expect(count('invalid')).toBe(1);
    expect(count('TooLarge')).toBe(1);
    expect(count('refused')).toBe(2);
    expect(count('Broken')).toBeUndefined();
    expect(sample(metrics, 'hub_graphql_request_duration_seconds_bucket', 'le="+Inf",operation="Places"')).toBe(3);
  });

  it('count errors by code', () => {
    expect(sample(metrics, 'hub_graphql_errors_total', 'code="GRAPHQL_VALIDATION_FAILED"')).toBe(1);
    expect(sample(metrics, 'hub_graphql_errors_total', 'code="BAD_USER_INPUT"')).toBe(1);
    expect(sample(metrics, 'hub_graphql_errors_total', 'code="BAD_REQUEST"')).toBe(1);
    expect(sample(metrics, 'hub_graphql_errors_total', 'code="UNAUTHENTICATED"')).toBe(1);
  });

  it('add up the SQL statements the answers reported', () => {
    const reported = sent.map((r) => (r.json().extensions?.sqlStatements as number | undefined) ?? 0);
    expect(reported.slice(0, 4).every((n) => n > 0)).toBe(true);
    expect(sample(metrics, 'hub_graphql_sql_statements_sum')).toBe(reported.reduce((a, b) => a + b, 0));
    expect(sample(metrics, 'hub_graphql_sql_statements_count')).toBe(sent.length);
  });

  it('show the pool connections and the process metrics', () => {
    for (const state of ['in_use', 'idle', 'waiting']) {
      expect(sample(metrics, 'hub_db_pool_connections', `state="${state}"`)).toBeGreaterThanOrEqual(0);
    }
    // the kit's pool holds at most 3 connections
    expect(sample(metrics, 'hub_db_pool_connections', 'state="idle"')).toBeLessThanOrEqual(3);
    expect(sample(metrics, 'hub_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(metrics).toContain('# TYPE hub_nodejs_eventloop_lag_seconds gauge');
  });

  it('log one JSON line per request, with its id, operation, duration, SQL statements and status', () => {
    const requestLines = logLines.filter((line) => line.msg === 'graphql request');
    expect(requestLines).toHaveLength(sent.length);
    const expected = ['Places', 'Places', 'Places', 'anonymous', 'invalid', 'TooLarge', 'refused', 'refused'];
    sent.forEach((response, i) => {
      const requestId = response.headers['x-request-id'];
      expect(requestId).toBeTruthy();
      const line = requestLines.find((l) => l.requestId === requestId);
      expect(line, `log line of ${requestId}`).toBeDefined();
      expect(line).toMatchObject({ level: 30, operation: expected[i], status: response.statusCode, sqlStatements: response.json().extensions?.sqlStatements ?? 0 });
      expect(line!.durationMs).toBeGreaterThan(0);
    });
    expect(requestLines.find((l) => l.requestId === 'places-1')).toMatchObject({ role: 'PUBLIC' });
    expect(requestLines.find((l) => l.operation === 'anonymous')).not.toHaveProperty('errorCodes');
    expect(requestLines.find((l) => l.operation === 'invalid')).toMatchObject({ errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });
    expect(requestLines.find((l) => l.operation === 'TooLarge')).toMatchObject({ errorCodes: ['BAD_USER_INPUT'], status: 400 });
    expect(requestLines.find((l) => l.operation === 'refused' && l.status === 400)).toMatchObject({ errorCodes: ['BAD_REQUEST'] });
    expect(requestLines.find((l) => l.operation === 'refused' && l.status === 401)).toMatchObject({ errorCodes: ['UNAUTHENTICATED'] });
  });

  it('log no line for /metrics, the health checks, or the explorer page', async () => {
    const before = logLines.length;
    await metricsOf(hub.server);
    await hub.server.app.inject({ method: 'GET', url: '/healthz' });
    await hub.server.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
    expect(logLines.length).toBe(before);
  });
});

describe('the operation label', () => {
  it(`keeps ${OPERATION_LABELS_MAX} names and counts the others as "other"`, async () => {
    const server = await createHubServer(loadConfig({ LOG_LEVEL: 'warn' }), hub.orm);
    try {
      for (let i = 0; i < OPERATION_LABELS_MAX + 5; i++) {
        await server.app.inject({ method: 'POST', url: '/graphql', payload: { query: `query Op${i} { __typename }` } });
      }
      await server.app.inject({ method: 'POST', url: '/graphql', payload: { query: 'query Op0 { __typename }' } });
      const metrics = (await metricsOf(server)).body;
      expect(sample(metrics, 'hub_graphql_request_duration_seconds_count', 'operation="Op0"')).toBe(2);
      expect(sample(metrics, 'hub_graphql_request_duration_seconds_count', `operation="Op${OPERATION_LABELS_MAX - 1}"`)).toBe(1);
      expect(sample(metrics, 'hub_graphql_request_duration_seconds_count', `operation="Op${OPERATION_LABELS_MAX}"`)).toBeUndefined();
      expect(sample(metrics, 'hub_graphql_request_duration_seconds_count', 'operation="other"')).toBe(5);
    } finally {
      await server.close();
    }
  });
});

describe('LOG_LEVEL=warn', () => {
  it('silences the request lines', async () => {
    const lines: string[] = [];
    const server = await createHubServer(loadConfig({ LOG_LEVEL: 'warn' }), hub.orm, { logStream: { write: (line) => void lines.push(line) } });
    try {
      const response = await server.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ jurisdictions { code } }' } });
      expect(response.statusCode).toBe(200);
      expect(lines).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('access to /metrics', () => {
  it('without METRICS_TOKEN: loopback only, and not through a proxy', async () => {
    expect((await metricsOf(hub.server, { remoteAddress: '::1' })).statusCode).toBe(200);
    expect((await metricsOf(hub.server, { remoteAddress: '::ffff:127.0.0.1' })).statusCode).toBe(200);
    const remote = await metricsOf(hub.server, { remoteAddress: '10.0.0.1' });
    expect(remote.statusCode).toBe(403);
    expect(remote.body).not.toContain('hub_');
    expect((await metricsOf(hub.server, { headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
    // no token is asked for, so none opens it from elsewhere
    expect((await metricsOf(hub.server, { remoteAddress: '10.0.0.1', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).statusCode).toBe(403);
  });

  it('with METRICS_TOKEN: the bearer token, from anywhere', async () => {
    const server = await createHubServer(loadConfig({ LOG_LEVEL: 'warn', METRICS_TOKEN }), hub.orm);
    try {
      const scraped = await metricsOf(server, { remoteAddress: '10.0.0.1', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(scraped.statusCode).toBe(200);
      expect(scraped.body).toContain('# TYPE hub_graphql_request_duration_seconds histogram');
      const wrong = await metricsOf(server, { remoteAddress: '10.0.0.1', headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(wrong.body).not.toContain('hub_');
      // loopback is no exception once a token is set
      expect((await metricsOf(server)).statusCode).toBe(401);
      expect((await metricsOf(server, { headers: { authorization: `Basic ${METRICS_TOKEN}` } })).statusCode).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('is not rate limited', async () => {
    const server = await createHubServer(loadConfig({ LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1' }), hub.orm);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await metricsOf(server)).statusCode);
      expect(statuses).toEqual([200, 200, 200]);
      // /graphql is, and its refusals are counted by code
      await server.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } });
      expect((await server.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } })).statusCode).toBe(429);
      const metrics = (await metricsOf(server)).body;
      expect(sample(metrics, 'hub_graphql_errors_total', 'code="RATE_LIMITED"')).toBe(1);
      expect(sample(metrics, 'hub_graphql_request_duration_seconds_count', 'operation="refused"')).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('METRICS_TOKEN is checked like the other settings', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: ` ${METRICS_TOKEN}\n` }).metricsToken).toBe(METRICS_TOKEN);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(new ConfigError('METRICS_TOKEN must be 16 to 1024 characters, got 5'));
    expect(() => loadConfig({ METRICS_TOKEN: 'two words of a token here' })).toThrow(ConfigError);
  });
});
