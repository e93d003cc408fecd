import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Viewer } from '../auth/viewer';
import pino from 'pino';
import { createHubCaches } from '../cache/hub-caches';
import type { HubConfig } from '../config';
import type { Orm } from '../db/orm';
import { hubSchema } from '../domain/schema';
import { startStatusSweeps } from '../domain/status-sweep';
import { nudge as nudgeWebhooks, startWebhookDispatcher } from '../domain/webhooks/dispatcher';
import { watchReplicas } from '../sql/replicas';
import { ErrorCode } from '../errors';
import { Catalog } from '../graphql/catalog';
import { compiledExecution, type CompiledExecution } from '../graphql/compiled-execution';
import { createContext, type HubContext } from '../graphql/context';
import { apolloLimitOptions } from '../graphql/limits';
import { registerImportRoute } from './import';
import { Observability } from './observability';
import { registerPages } from './pages';
import { loadTrustedDocuments, PersistedDocuments } from './persisted-documents';
import { cachePolicyPlugin } from './plugins/cache-policy';
import { errorLogging } from './plugins/error-logging';
import { errorMasking } from './plugins/error-masking';
import { introspectionForAnalysts } from './plugins/introspection';
import { mutationsOnPrimary } from './plugins/mutations-on-primary';
import { operationLimits, queryLimitsPlugin } from './plugins/query-limits';
import { requestMetrics } from './plugins/request-metrics';
import { responseCache } from './plugins/response-cache';
import { sqlStatementsExtension } from './plugins/sql-statements';
import { trustedDocumentsOnly } from './plugins/trusted-documents';
import { directAnswers, type DirectAnswers } from './direct-answers';
import { createRateLimiter, RateLimited } from './rate-limit';
import { refuseBatches, refuseSubscriptions, requestTooLarge } from './request-refusals';
import { bodyTimedOut, limitSlowClients, slowClientOptions } from './slow-clients';
import { createTokenVerifier, requestViewer } from './tokens';
import { startRequestTracer } from './tracing';
import { startEventFeed } from './live/feed';
import { startLiveServer, type LiveServer } from './live/server';

export interface HubServer {
  app: FastifyInstance;
  /** The subscriptions' server: its multiplexer's counts, for tests and /metrics. */
  live: LiveServer;
  /** How documents ran, compiled or interpreted: for tests and /metrics. */
  execution: CompiledExecution;
  /** The queries answered without Apollo's pipeline: for tests and /metrics. */
  direct: DirectAnswers;
  /**
   * Stops accepting, lets in-flight requests finish (connections still open after 10 s are cut), then stops Apollo.
   * The database is the caller's to close afterwards.
   */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface HubServerOptions {
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

let stdout: pino.DestinationStream | undefined;

/** Log lines gathered before standard output is written, between two LOG_FLUSH_MS beats. */
export const LOG_BUFFER_BYTES = 8192;
/** How often what is gathered is written anyway (sonic-boom's periodic flush; a beat, not a deadline per line). */
export const LOG_FLUSH_MS = 200;

/**
 * Standard output, written asynchronously and in blocks: a line per request written with a system call of its own
 * cost 5% of a cheap read's throughput, and a write per line as soon as the last one ended (each a round trip to
 * libuv's thread pool) still cost about 5% of the page of employers' (npm run bench). Lines are written once
 * LOG_BUFFER_BYTES of them are waiting, else at the next LOG_FLUSH_MS beat (the one after, when a write is under way
 * then). pino writes what is left when the process exits, an uncaught error included; a SIGKILL, or a crash of the
 * runtime itself (out of memory), loses what was waiting.
 */
function stdoutLog(): pino.DestinationStream {
  return (stdout ??= pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS }));
}

export async function createHubServer(config: HubConfig, orm: Orm, options: HubServerOptions = {}): Promise<HubServer> {
  const app = Fastify({
    logger: { level: config.logLevel, stream: options.logStream ?? stdoutLog() },
    // Fastify's two lines per request cost throughput; /graphql logs one line of its own (src/http/observability.ts),
    // and errors are logged where they happen
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // a request already sent when SIGTERM arrives is served, not refused: shutdown only stops new connections
    return503OnClosing: false,
    // a body over MAX_REQUEST_BYTES is refused from its content-length, before it is read
    bodyLimit: config.maxRequestBytes,
    // behind a reverse proxy, the client IP (for rate limits) comes from X-Forwarded-For, from trusted proxies only
    // (fastify takes a number of hops too, which its types leave out)
    trustProxy: config.trustProxy as boolean | string[],
    // stalled headers answer 408 and close (HEADERS_TIMEOUT_MS); so do stalled bodies, timed by limitSlowClients
    ...slowClientOptions(config),
  });
  limitSlowClients(app, config);

  // Requests Fastify itself refuses (bad JSON, unsupported content type, oversized body) still get a GraphQL-shaped answer.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const tooLarge = requestTooLarge(error, request, config);
    if (tooLarge) return void reply.status(400).header('x-request-id', request.id).send(tooLarge);
    const timedOut = bodyTimedOut(request);
    if (timedOut) return void reply.status(408).header('x-request-id', request.id).send(timedOut);
    if (error instanceof RateLimited) return void reply.status(429).header('x-request-id', request.id).send(error.body);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
    const message = status === 500 ? `Internal server error. Quote request id ${request.id} when reporting it.` : error.message;
    void reply.status(status).header('x-request-id', request.id).send({
      errors: [{ message, extensions: { code: status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_REQUEST, requestId: request.id } }],
    });
  });
  app.addHook('preHandler', refuseBatches(config));
  app.addHook('preHandler', refuseSubscriptions(config));

  const catalog = new Catalog(orm);
  // built before Apollo starts, so that a bad JWT_JWKS_FILE stops the hub at once
  const verifyToken = createTokenVerifier(config.auth, { log: (message) => app.log.error(message) });
  // verified once per request: the rate limiter keys on the viewer before the context function reads it
  const viewerOf = requestViewer(verifyToken);
  const rateLimiter = await createRateLimiter(app, config, viewerOf);
  // cache hints, the response cache and the shared persisted queries (docs/operations.md, "Caching")
  const caches = await createHubCaches(config, app.log);
  const trustedDocuments = loadTrustedDocuments();
  // only when an OTLP endpoint is set: otherwise the OpenTelemetry SDK is not even loaded
  const tracer = config.tracing ? await startRequestTracer(config.tracing, { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m) }) : undefined;
  // which replicas answer, and how far behind: reads go to those that do (src/sql/replicas.ts)
  const replicas = watchReplicas(orm, config.replicaCheckMs);
  const observability = new Observability(orm, config, tracer);
  const schema = await hubSchema();
  // documents clients repeat run compiled (graphql-jit) rather than walked by graphql-js at each request
  const execution = compiledExecution(schema, { compileAfterRuns: config.compileAfterRuns });
  // one limits check for Apollo's plugin and the direct path: it remembers the costs it worked out
  const checkLimits = operationLimits(config);
  const apollo = new ApolloServer<HubContext>({
    gateway: execution.gateway,
    includeStacktraceInErrorResponses: false,
    // the process owns its signals (src/main.ts) so that shutdown runs once, in order: HTTP, then the database
    stopOnTerminationSignals: false,
    // MAX_QUERY_TOKENS, no batches, and limit and timeout errors with their codes (src/graphql/limits.ts)
    ...apolloLimitOptions(config),
    csrfPrevention: config.production,
    // production: introspection only for analysts and administrators, and no field names suggested in errors
    introspection: true,
    hideSchemaDetailsFromClientErrors: config.production,
    // the trusted documents answer to their hash alone (extensions.persistedQuery)
    persistedQueries: { cache: new PersistedDocuments(trustedDocuments, caches.persistedQueries) },
    // a repeated query skips these (src/http/direct-answers.ts does their part for it): a plugin added here must be
    // done there too, or make the direct path leave its requests to Apollo
    plugins: [
      fastifyApolloDrainPlugin(app),
      // Apollo's cache-control plugin wraps every field: the cache policy is computed per document instead
      ApolloServerPluginCacheControlDisabled(),
      cachePolicyPlugin(),
      ...(config.responseCache ? [responseCache(caches.responses, caches.dataVersion)] : []),
      ApolloServerPluginLandingPageDisabled(),
      // the hub reports to no outside service, whatever APOLLO_KEY the environment holds (the direct path would not)
      ApolloServerPluginUsageReportingDisabled(),
      errorLogging(),
      mutationsOnPrimary(),
      errorMasking(),
      ...(config.production ? [] : [sqlStatementsExtension()]),
      queryLimitsPlugin(checkLimits),
      ...(config.production ? [trustedDocumentsOnly(trustedDocuments), introspectionForAnalysts()] : []),
      // after errorMasking, so that it counts the error codes as masked and sent
      requestMetrics(observability),
    ],
    logger: {
      debug: (m) => app.log.debug(m),
      info: (m) => app.log.info(m),
      warn: (m) => app.log.warn(m),
      error: (m) => app.log.error(m),
    },
  });
  await apollo.start();

  const contextOptions = { orm, catalog, maxPageSize: config.maxPageSize };
  const contextFor = (request: FastifyRequest, reply: FastifyReply, viewer: Viewer, debugSql = false): HubContext =>
    observability.track(createContext(contextOptions, request.id, viewer, debugSql), request, reply);
  // the queries clients repeat, answered without Apollo's request pipeline once they run compiled
  const direct = directAnswers({
    execution,
    schema,
    viewerOf,
    checkLimits,
    trustedDocuments,
    observability,
    contextFor,
    production: config.production,
    responseCache: config.responseCache,
  });
  const apolloHandler = fastifyApolloHandler(apollo, {
    context: async (request, reply) => {
      // a request the direct path ran, whose result (with errors) Apollo answers
      const ran = direct.contextOf(request);
      if (ran) return ran;
      // outside production, x-hub-debug-sql: 1 returns the SQL text a request ran (extensions.sql)
      const debugSql = !config.production && request.headers['x-hub-debug-sql'] === '1';
      // a refused token throws a GraphQLError whose extensions.http Apollo turns into the 401 and its www-authenticate
      return contextFor(request, reply, await viewerOf(request), debugSql);
    },
  });
  // the explorer and the dashboard (dist/web); a browser's GET /graphql gets the explorer
  await registerPages(app);
  app.route({
    url: '/graphql',
    // other methods too, so that Apollo answers them 405 with the methods it takes, as GraphQL (not a bare 404)
    method: ['GET', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'],
    // only /graphql is limited: /healthz and /readyz answer probes whatever the load
    ...(rateLimiter.hook ? { onRequest: rateLimiter.hook } : {}),
    onSend: observability.refusedRequestHook,
    async handler(request, reply) {
      // every answer names its request, refusals included (a refused token, an untrusted document)
      void reply.header('x-request-id', request.id);
      return (await direct.answer(request, reply)) ?? apolloHandler.call(this, request as Parameters<typeof apolloHandler>[0], reply as Parameters<typeof apolloHandler>[1]);
    },
  });

  registerImportRoute(app, { orm, viewerOf, maxBytes: config.importMaxBytes, database: config });

  app.get('/healthz', async () => ({ status: 'ok' }));
  // not rate limited either: a scraper polls it on its own schedule
  observability.registerMetricsRoute(app);

  app.get('/readyz', async (_request, reply) => {
    try {
      await orm.em.getConnection().execute('select 1');
      const pending = await orm.getMigrator().getPendingMigrations();
      // a replica down does not make the hub unready: its reads go to the primary
      const replicaStates = replicas.states();
      if (pending.length > 0) {
        return reply.status(503).send({ status: 'unavailable', database: 'up', pendingMigrations: pending.map((m) => m.name), replicas: replicaStates });
      }
      return { status: 'ready', database: 'up', pendingMigrations: [], replicas: replicaStates };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: 'down' });
    }
  });

  const sweeper = await startStatusSweeps(orm, config, (message) => app.log.info(message));
  const webhooks = startWebhookDispatcher(orm, config, (message) => app.log.info(message));

  // subscriptions over WebSocket at /graphql, and the changes they hear of (docs/live.md)
  const feed = await startEventFeed(orm, config, app.log);
  // an event announced may have deliveries due at once: no wait for the dispatcher's next turn
  feed.subscribe({ events: () => nudgeWebhooks(), dataChanged: () => undefined });
  const live = startLiveServer({
    app,
    config,
    schema,
    catalog,
    feed,
    verifyToken,
    trustedDocuments,
    contextFor: (viewer, requestId) => createContext(contextOptions, requestId, viewer),
  });
  observability.watchLive({ connections: live.connections, counts: () => live.multiplexer.counts(), stats: live.multiplexer.stats });
  observability.watchExecution(execution, direct);

  return {
    app,
    live,
    execution,
    direct,
    async close() {
      sweeper.stop();
      await live.close();
      await webhooks.stop();
      replicas.stop();
      // drains through fastifyApolloDrainPlugin: fastify stops accepting and waits for in-flight requests
      await apollo.stop();
      await rateLimiter.close();
      await caches.close();
      // last, once every request has been answered and recorded: exports the spans still queued
      await tracer?.shutdown();
    },
  };
}
