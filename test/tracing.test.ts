/**
 * Optional OpenTelemetry traces: off by default, with nothing of the SDK loaded; with an OTLP endpoint, one span per
 * /graphql request, received here by a small OTLP/HTTP receiver on loopback.
 */
import { createServer, type Server } from 'node:http';
import { register } from 'node:module';
import type { AddressInfo } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { createHubServer, type HubServer } from '../src/http/server';
import { startTestHub, type TestHub } from './kit';

/**
 * Every OpenTelemetry module Node resolves from here on, reported by a module resolution hook. Vitest loads packages
 * with Node's own import(), so a lazy import of the SDK shows up here; @opentelemetry/api alone does not count, as
 * prom-client loads it with or without tracing.
 */
const resolvedOtelModules: string[] = [];
const { port1: hookReports, port2: hookPort } = new MessageChannel();
hookReports.on('message', (url: string) => void resolvedOtelModules.push(url));
hookReports.unref();
const RESOLUTION_HOOK = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('/@opentelemetry/')) port.postMessage(result.url);
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(RESOLUTION_HOOK)}`, { data: { port: hookPort }, transferList: [hookPort] });
/** The SDK modules resolved so far, once the hook's last reports (sent from its own thread) had time to arrive. */
async function sdkModules(): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return resolvedOtelModules.filter((url) => !url.includes('/@opentelemetry/api/'));
}

/** OTLP/JSON, as far as these tests read it. */
interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number; message?: string };
}
interface OtlpTraces {
  resourceSpans: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans: { spans?: OtlpSpan[] }[] }[];
}

const SPAN_KIND_SERVER = 2;
const STATUS_CODE_ERROR = 2;

function valueOf(value: OtlpValue): unknown {
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.stringValue ?? value.boolValue ?? value.doubleValue;
}

function attributesOf(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

interface ReceivedSpan extends OtlpSpan {
  attrs: Record<string, unknown>;
  resource: Record<string, unknown>;
}

/** What an OTLP/HTTP receiver got: the path and content type of each export request, and the spans in them. */
interface Receiver {
  url: string;
  requests: { path: string; contentType: string }[];
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

/** Larger export requests are refused: the hub's batches of a few spans are far below it. */
const RECEIVER_MAX_BYTES = 1024 * 1024;

async function startReceiver(): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > RECEIVER_MAX_BYTES) {
        response.writeHead(413).end();
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      requests.push({ path: request.url ?? '', contentType: request.headers['content-type'] ?? '' });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces;
      for (const resourceSpans of body.resourceSpans) {
        const resource = attributesOf(resourceSpans.resource?.attributes);
        for (const scope of resourceSpans.scopeSpans) {
          for (const span of scope.spans ?? []) spans.push({ ...span, attrs: attributesOf(span.attributes), resource });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans,
    async close() {
      // the exporter keeps its connection alive
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const graphql = (server: HubServer, payload: object | string, headers: Record<string, string> = {}) =>
  server.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload });

let hub: TestHub;

beforeAll(async () => {
  // the kit's hub has no OTLP endpoint: tracing off
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (code, name, fips_code, population, population_year, sources) values ('MN', 'Minnesota', '27', 5706494, 2020, '[]')`);
});
afterAll(() => hub?.close());

// first in the file: the tests after it load the SDK into this process
describe('without an OTLP endpoint', () => {
  it('has no tracing configured', () => {
    expect(hub.config.tracing).toBeUndefined();
  });

  it('serves requests without loading any OpenTelemetry SDK module', async () => {
    const response = await graphql(hub.server, { query: 'query Places { jurisdictions { code } }' });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.jurisdictions).toEqual([{ code: 'MN' }]);
    expect(await sdkModules()).toEqual([]);
  });

  it('sends nothing with OTEL_SDK_DISABLED=true, even with an endpoint set', async () => {
    const receiver = await startReceiver();
    try {
      const config = loadConfig({ LOG_LEVEL: 'warn', RESPONSE_CACHE: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SDK_DISABLED: 'true' });
      expect(config.tracing).toBeUndefined();
      const server = await createHubServer(config, hub.orm);
      try {
        expect((await graphql(server, { query: 'query Places { jurisdictions { code } }' })).statusCode).toBe(200);
      } finally {
        await server.close();
      }
      expect(receiver.requests).toEqual([]);
      expect(await sdkModules()).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});

describe('with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
  const CALLER_SPAN_ID = '00f067aa0ba902b7';
  let receiver: Receiver;
  const sent: Record<string, LightMyRequestResponse> = {};
  const logLines: { level: number; msg: string }[] = [];
  let exportRequestsBeforeClose = 0;
  const spanOf = (name: string): ReceivedSpan => {
    const requestId = sent[name]!.headers['x-request-id'];
    const spans = receiver.spans.filter((span) => span.attrs['hub.request_id'] === requestId);
    expect(spans, `spans of ${name} (${requestId})`).toHaveLength(1);
    return spans[0]!;
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    const server = await createHubServer(
      loadConfig({ LOG_LEVEL: 'info', RESPONSE_CACHE: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'hub-under-test' }),
      hub.orm,
      { logStream: { write: (line) => void logLines.push(JSON.parse(line)) } },
    );
    try {
      sent.named = await graphql(server, { query: 'query Places { jurisdictions { code name } }' }, { 'x-request-id': 'trace-places-1' });
      sent.anonymous = await graphql(server, { query: '{ jurisdictions { code } }' });
      sent.traceparent = await graphql(server, { query: 'query Places { jurisdictions { code } }' }, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` });
      sent.refusedToken = await graphql(server, { query: 'query Places { jurisdictions { code } }' }, { authorization: 'Bearer not-a-token' });
      sent.refusedBody = await graphql(server, '{"query": ');
      // a statement that fails in the database: an error the hub did not expect
      await hub.sql('alter table jurisdiction rename to jurisdiction_away');
      try {
        sent.internal = await graphql(server, { query: 'query Places { jurisdictions { code } }' });
      } finally {
        await hub.sql('alter table jurisdiction_away rename to jurisdiction');
      }
    } finally {
      // the batch processor exports every 5 s: what arrives before close says nothing, all must arrive by its end
      exportRequestsBeforeClose = receiver.requests.length;
      await server.close();
    }
  });
  afterAll(() => receiver?.close());

  it('loads the SDK only now', async () => {
    // also shows that the resolution hook sees the lazy imports, so that the earlier empty lists mean something
    // (it reports from its own thread, hence the wait)
    expect((await sdkModules()).some((url) => url.includes('/@opentelemetry/sdk-trace-base/'))).toBe(true);
  });

  it('exports over OTLP/HTTP as JSON to <endpoint>/v1/traces, every span by the time the hub is closed', () => {
    expect(exportRequestsBeforeClose).toBe(0);
    expect(receiver.requests.length).toBeGreaterThan(0);
    for (const request of receiver.requests) expect(request).toEqual({ path: '/v1/traces', contentType: 'application/json' });
    expect(receiver.spans).toHaveLength(Object.keys(sent).length);
    expect(receiver.spans[0]!.resource).toMatchObject({ 'service.name': 'hub-under-test', 'telemetry.sdk.language': 'nodejs' });
    const tracingLines = logLines.filter((line) => line.msg.startsWith('tracing:'));
    expect(tracingLines).toEqual([{ ...tracingLines[0], level: 30, msg: `tracing: spans of /graphql requests go to ${receiver.url}/v1/traces as service hub-under-test` }]);
  });

  it('records a named query as a SERVER span "query <name>" with its request id, operation and SQL statements', () => {
    const response = sent.named!;
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('trace-places-1');
    const span = spanOf('named');
    expect(span.name).toBe('query Places');
    expect(span.kind).toBe(SPAN_KIND_SERVER);
    const sqlStatements = response.json().extensions.sqlStatements as number;
    expect(sqlStatements).toBeGreaterThan(0);
    expect(span.attrs).toEqual({
      'hub.request_id': 'trace-places-1',
      'hub.operation': 'Places',
      'hub.sql_statements': sqlStatements,
      'hub.viewer.role': 'PUBLIC',
      'graphql.operation.name': 'Places',
      'graphql.operation.type': 'query',
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });
    expect(span.status?.code ?? 0).not.toBe(STATUS_CODE_ERROR);
    expect(span.parentSpanId || undefined).toBeUndefined();
    // from the request's arrival to its answer: a positive duration, within the test's own time
    const durationNs = BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano);
    expect(durationNs > 0n).toBe(true);
    expect(durationNs < 60_000_000_000n).toBe(true);
  });

  it('names an unnamed operation by its type alone', () => {
    const span = spanOf('anonymous');
    expect(span.name).toBe('query');
    expect(span.attrs).toMatchObject({ 'hub.operation': 'anonymous', 'graphql.operation.type': 'query' });
    expect(span.attrs).not.toHaveProperty('graphql.operation.name');
  });

  it("joins the caller's trace given in a traceparent header", () => {
    const span = spanOf('traceparent');
    expect(span.traceId).toBe(TRACE_ID);
    expect(span.parentSpanId).toBe(CALLER_SPAN_ID);
    expect(span.spanId).not.toBe(CALLER_SPAN_ID);
    // the other requests each start a trace of their own
    expect(spanOf('named').traceId).not.toBe(TRACE_ID);
    expect(spanOf('named').traceId).not.toBe(spanOf('anonymous').traceId);
  });

  it('records requests refused before GraphQL ran, with their codes, not as failures', () => {
    const token = spanOf('refusedToken');
    expect(sent.refusedToken!.statusCode).toBe(401);
    expect(token.name).toBe('graphql refused');
    expect(token.attrs).toMatchObject({ 'hub.operation': 'refused', 'hub.sql_statements': 0, 'http.response.status_code': 401, 'hub.error_codes': ['UNAUTHENTICATED'] });
    expect(token.attrs).not.toHaveProperty('graphql.operation.type');
    expect(token.status?.code ?? 0).not.toBe(STATUS_CODE_ERROR);
    const body = spanOf('refusedBody');
    expect(sent.refusedBody!.statusCode).toBe(400);
    expect(body.attrs).toMatchObject({ 'hub.operation': 'refused', 'http.response.status_code': 400, 'hub.error_codes': ['BAD_REQUEST'] });
  });

  it('marks a request whose answer carries INTERNAL_SERVER_ERROR as an error', () => {
    const response = sent.internal!;
    expect(response.json().errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    const span = spanOf('internal');
    expect(span.name).toBe('query Places');
    expect(span.status).toMatchObject({ code: STATUS_CODE_ERROR, message: 'INTERNAL_SERVER_ERROR' });
    expect(span.attrs).toMatchObject({ 'hub.error_codes': ['INTERNAL_SERVER_ERROR'], 'error.type': 'INTERNAL_SERVER_ERROR' });
  });
});

describe('with a collector that is not there', () => {
  it('still closes within a few seconds, and says the last spans were not exported', async () => {
    const gone = await startReceiver();
    await gone.close();
    const logLines: { level: number; msg: string }[] = [];
    const server = await createHubServer(loadConfig({ LOG_LEVEL: 'warn', RESPONSE_CACHE: 'false', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${gone.url}/v1/traces` }), hub.orm, {
      logStream: { write: (line) => void logLines.push(JSON.parse(line)) },
    });
    expect((await graphql(server, { query: 'query Places { jurisdictions { code } }' })).statusCode).toBe(200);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(7000);
    expect(logLines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([expect.stringMatching(new RegExp(`^tracing: .*${gone.url}/v1/traces`))]);
  });
});

describe('the tracing configuration', () => {
  it('is off without an endpoint, and reads the standard OTEL_* names', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_SERVICE_NAME: 'x' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'peer-workforce-hub',
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/base/', OTEL_SERVICE_NAME: 'hub-east' }).tracing).toEqual({
      tracesUrl: 'https://otel.example/base/v1/traces',
      serviceName: 'hub-east',
    });
  });

  it('takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as the full URL, before the general endpoint', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/custom' };
    expect(loadConfig(env).tracing?.tracesUrl).toBe('http://traces:9999/custom');
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4317'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'grpc://collector:4317'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(`${name} must be an http:// or https:// URL (OTLP over HTTP)`);
  });

  it('refuses an OTEL_SDK_DISABLED that is not true or false', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'maybe' })).toThrow('OTEL_SDK_DISABLED must be true or false');
  });
});
