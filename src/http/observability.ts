/**
 * Observability of /graphql: one structured log line per request, and Prometheus metrics at GET /metrics (request
 * duration by operation, errors by code, SQL statements per request, database pool connections, process metrics).
 * The metrics live in a registry of the hub's own, not prom-client's global one, so that several hubs in one process
 * (the tests) count apart.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HubConfig } from '../config';
import type { Orm } from '../db/orm';
import { pooledClientOf, type ConnectionPool } from '../internals/knex-pool';
import { COMPILED_OPERATIONS_KEPT, type CompiledExecution } from '../graphql/compiled-execution';
import type { HubContext } from '../graphql/context';
import type { SqlRunner } from '../sql/runner';
import { errorCodes, type RequestSummary } from './request-summary';
import type { RequestTracer } from './tracing';
import { replicaMonitorOf } from '../sql/replicas';

/** What /metrics reads of the subscriptions' server. */
export interface LiveFigures {
  connections(): number;
  counts(): { subscriptions: number; groups: number };
  stats: { runs: number; sent: number };
}

/** Distinct operation names kept as label values; later names are counted under "other". */
export const OPERATION_LABELS_MAX = 200;
/** Longer names are counted under "other" too: a label value is stored with every series. */
const OPERATION_LABEL_MAX_LENGTH = 100;

/** Label of a request with no operation name. */
export const ANONYMOUS = 'anonymous';
/** Label of a request whose document did not parse or validate, or named no operation of it. */
export const INVALID = 'invalid';
/** Label of a request answered before GraphQL saw it: rate limited, a refused token, a bad body, a batch. */
export const REFUSED = 'refused';
/** Label of the names past OPERATION_LABELS_MAX. */
export const OTHER = 'other';

function poolOf(orm: Orm): ConnectionPool | undefined {
  try {
    return pooledClientOf(orm.em.getConnection()).pool ?? undefined;
  } catch {
    // the ORM was closed: no pool to report
    return undefined;
  }
}

let processRegistry: Registry | undefined;

/** CPU, memory, event loop and GC metrics: collected once per process (each collection starts its own monitors). */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'hub_' });
  }
  return processRegistry;
}


/** Loopback, whether written as IPv4, IPv6, or IPv4 mapped into IPv6. */
function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A gauge read when /metrics is scraped; `labelled` gives it a `kind` label. */
function gauge(name: string, help: string, read: (set: (value: number, kind?: string) => void) => void, labelled = false): Gauge {
  const metric: Gauge = new Gauge({
    name,
    help,
    labelNames: labelled ? ['kind'] : [],
    registers: [],
    collect() {
      read((value, kind) => (kind ? metric.set({ kind }, value) : metric.set(value)));
    },
  });
  return metric;
}

export class Observability {
  readonly registry: Registry;
  private readonly duration: Histogram<'operation'>;
  private readonly errors: Counter<'code'>;
  private readonly sqlStatements: Histogram;
  private readonly transactionRetries: Counter<'sqlstate'>;
  private readonly operationLabels = new Set<string>();
  /**
   * The HTTP request of each GraphQL context, for its logger and elapsed time. Keyed by the context's SqlRunner:
   * Apollo runs the operation on a shallow copy of the context object, which shares it.
   */
  private readonly exchanges = new WeakMap<SqlRunner, { request: FastifyRequest; reply: FastifyReply }>();
  /** Requests the Apollo plugin recorded; the others on /graphql were refused before Apollo ran. */
  private readonly recorded = new WeakSet<FastifyRequest>();
  /** Compared as hashes so that the comparison takes the same time whatever the length of the guess. */
  private readonly metricsTokenDigest?: Buffer;
  /** Set when traces are on (OTEL_EXPORTER_OTLP_ENDPOINT): each request is recorded as a span too. */
  private readonly tracer?: RequestTracer;

  constructor(orm: Orm, config: Pick<HubConfig, 'metricsToken'>, tracer?: RequestTracer) {
    this.tracer = tracer;
    const own = new Registry();
    this.duration = new Histogram({
      name: 'hub_graphql_request_duration_seconds',
      help: 'Time from the arrival of a GraphQL request to its answer, by operation name (anonymous, invalid, refused, other past 200 names)',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [own],
    });
    this.errors = new Counter({
      name: 'hub_graphql_errors_total',
      help: 'Errors sent in GraphQL answers, by extensions.code',
      labelNames: ['code'],
      registers: [own],
    });
    this.sqlStatements = new Histogram({
      name: 'hub_graphql_sql_statements',
      help: 'SQL statements run per GraphQL request',
      buckets: [0, 1, 2, 3, 5, 8, 13, 21, 50, 100],
      registers: [own],
    });
    this.transactionRetries = new Counter({
      name: 'hub_transaction_retries_total',
      help: 'Mutation transactions PostgreSQL stopped and the hub ran again, by SQLSTATE (40P01 deadlock, 40001 serialization): above 0, a lock order is broken somewhere (docs/locking.md)',
      labelNames: ['sqlstate'],
      registers: [own],
    });
    const pool = new Gauge({
      name: 'hub_db_pool_connections',
      help: 'Database pool connections: in use, idle, and requests waiting for one',
      labelNames: ['state'],
      registers: [own],
      // read from the pool as Prometheus scrapes, rather than tracked as connections come and go
      collect() {
        const connections = poolOf(orm);
        pool.set({ state: 'in_use' }, connections?.numUsed() ?? 0);
        pool.set({ state: 'idle' }, connections?.numFree() ?? 0);
        pool.set({ state: 'waiting' }, connections?.numPendingAcquires() ?? 0);
      },
    });
    const replicaUp = new Gauge({
      name: 'hub_replica_up',
      help: 'Whether each read replica answered its last probe or read (1), or reads go around it to the primary (0)',
      labelNames: ['replica'],
      registers: [own],
      collect() {
        for (const state of replicaMonitorOf(orm)?.states() ?? []) replicaUp.set({ replica: state.name }, state.up ? 1 : 0);
      },
    });
    const replicaLag = new Gauge({
      name: 'hub_replica_lag_seconds',
      help: 'How far each read replica replays behind what it received, in seconds (0 when caught up), as last probed (REPLICA_CHECK_MS)',
      labelNames: ['replica'],
      registers: [own],
      collect() {
        for (const state of replicaMonitorOf(orm)?.states() ?? []) if (state.lagSeconds !== null) replicaLag.set({ replica: state.name }, state.lagSeconds);
      },
    });
    this.registry = Registry.merge([own, processMetrics()]);
    if (config.metricsToken) this.metricsTokenDigest = digest(config.metricsToken);
  }

  /** Gauges of the subscriptions' server, read as Prometheus scrapes (docs/live.md). */
  watchLive(live: LiveFigures): void {
    this.registerGauges([
      gauge('hub_live_connections', 'Open WebSocket connections of subscribers', (set) => set(live.connections())),
      gauge('hub_live_subscriptions', 'Subscribers served, and the distinct groups of document, variables and scope that run for them', (set) => {
        const counts = live.counts();
        set(counts.subscriptions, 'subscribers');
        set(counts.groups, 'groups');
      }, true),
      gauge('hub_live_runs', 'Runs of subscription documents since the start: one per change per group', (set) => set(live.stats.runs)),
      gauge('hub_live_messages', 'Answers handed to subscribers since the start', (set) => set(live.stats.sent)),
    ]);
  }

  /** How the HTTP path ran documents: compiled by graphql-jit or interpreted by graphql-js (src/graphql/compiled-execution.ts). */
  watchExecution(execution: Pick<CompiledExecution, 'counts'>, direct: { count(): number }): void {
    this.registerGauges([
      gauge('hub_graphql_executions', 'Documents run over HTTP since the start, compiled by graphql-jit or interpreted by graphql-js', (set) => {
        const counts = execution.counts();
        set(counts.compiled, 'compiled');
        set(counts.interpreted, 'interpreted');
      }, true),
      gauge('hub_graphql_compiled_operations', `Compiled operations kept in memory (at most ${COMPILED_OPERATIONS_KEPT})`, (set) => set(execution.counts().kept)),
      gauge('hub_graphql_direct_answers', "Queries answered without Apollo's request pipeline since the start (repeated, compiled, without errors)", (set) => set(direct.count())),
    ]);
  }

  private registerGauges(metrics: Gauge[]): void {
    for (const metric of metrics) this.registry.registerMetric(metric);
  }

  /** Ties a GraphQL context to its HTTP request; returns the context. */
  track(context: HubContext, request: FastifyRequest, reply: FastifyReply): HubContext {
    this.exchanges.set(context.sql, { request, reply });
    return context;
  }

  /**
   * Records a GraphQL answer about to be sent, for the request its context was tied to (track); the plugin that calls
   * it (src/http/plugins/request-metrics.ts) comes after error masking, so that the codes counted are the codes sent.
   */
  recordAnswer(context: HubContext, summary: RequestSummary): void {
    const exchange = this.exchanges.get(context.sql);
    if (exchange) this.record(exchange.request, exchange.reply, summary);
  }

  /**
   * onSend hook of /graphql: a request refused before Apollo ran (rate limit, refused token, bad body, batch) is
   * counted and logged too, from the JSON answer the hub built for it.
   */
  readonly refusedRequestHook: onSendHookHandler = (request, reply, payload, done) => {
    // in the callback style: it runs for every answer of /graphql, and an async hook costs each a promise
    if (!this.recorded.has(request)) this.recordRefusal(request, reply, payload);
    done(null, payload);
  };

  private recordRefusal(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
    if (request.method === 'OPTIONS' || typeof payload !== 'string') return;
    // the explorer page a browser gets at /graphql is no GraphQL answer
    if (!String(reply.getHeader('content-type') ?? '').includes('json')) return;
    let errors: GraphQLFormattedError[] | undefined;
    try {
      errors = (JSON.parse(payload) as { errors?: GraphQLFormattedError[] }).errors;
    } catch {
      errors = undefined;
    }
    this.record(request, reply, { operation: REFUSED, status: reply.statusCode, errorCodes: errorCodes(errors), sqlStatements: 0 });
  }

  /** GET /metrics in the Prometheus text format, for loopback callers or the METRICS_TOKEN bearer (see metricsRefusal). */
  registerMetricsRoute(app: FastifyInstance): void {
    app.get('/metrics', async (request, reply) => {
      const refusal = this.metricsRefusal(request);
      if (refusal) {
        if (refusal.status === 401) void reply.header('www-authenticate', 'Bearer realm="metrics"');
        return reply.status(refusal.status).send({ error: refusal.message });
      }
      return reply.type(this.registry.contentType).send(await this.registry.metrics());
    });
  }

  /**
   * Without METRICS_TOKEN, only a caller on this machine may read the metrics: the connection comes from loopback and
   * carries no forwarding header (a reverse proxy on the same machine connects from loopback on behalf of anyone).
   * With it, the caller must send it as a bearer token, wherever it connects from.
   */
  private metricsRefusal(request: FastifyRequest): { status: number; message: string } | undefined {
    if (!this.metricsTokenDigest) {
      const local = isLoopback(request.socket.remoteAddress) && !request.headers['x-forwarded-for'] && !request.headers.forwarded;
      return local ? undefined : { status: 403, message: 'Metrics are served to loopback only; set METRICS_TOKEN to scrape them from elsewhere' };
    }
    const [scheme, credentials] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'bearer' && credentials && timingSafeEqual(digest(credentials), this.metricsTokenDigest)) return undefined;
    return { status: 401, message: 'Metrics need the METRICS_TOKEN as a bearer token' };
  }

  private operationLabel(operation: string): string {
    if (operation === ANONYMOUS || operation === INVALID || operation === REFUSED || this.operationLabels.has(operation)) return operation;
    // names are any the callers write: bounded, so that the number of series is too
    if (this.operationLabels.size >= OPERATION_LABELS_MAX || operation.length > OPERATION_LABEL_MAX_LENGTH) return OTHER;
    this.operationLabels.add(operation);
    return operation;
  }

  private record(request: FastifyRequest, reply: FastifyReply, summary: RequestSummary): void {
    this.recorded.add(request);
    const durationMs = reply.elapsedTime;
    this.duration.observe({ operation: this.operationLabel(summary.operation) }, durationMs / 1000);
    for (const code of summary.errorCodes) this.errors.inc({ code });
    this.sqlStatements.observe(summary.sqlStatements);
    for (const sqlstate of summary.transactionRetries ?? []) this.transactionRetries.inc({ sqlstate });
    // replaces Fastify's request logging (turned off for throughput) on /graphql; LOG_LEVEL=warn silences it
    request.log.info(
      {
        requestId: request.id,
        operation: summary.operation,
        durationMs: Math.round(durationMs * 1000) / 1000,
        sqlStatements: summary.sqlStatements,
        status: summary.status,
        ...(summary.errorCodes.length > 0 ? { errorCodes: summary.errorCodes } : {}),
        ...(summary.transactionRetries?.length ? { transactionRetries: summary.transactionRetries } : {}),
        ...(summary.role ? { role: summary.role } : {}),
      },
      'graphql request',
    );
    this.tracer?.record(request, reply, summary);
  }
}
