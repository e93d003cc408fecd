/**
 * Optional OpenTelemetry traces: one SERVER span per /graphql request, from its arrival to its answer, exported in
 * batches over OTLP/HTTP (JSON). Off unless an OTLP endpoint is configured (src/config.ts, TracingConfig); the SDK is
 * loaded here, on demand, so that a hub without tracing neither loads it nor pays anything for it per request.
 * No auto-instrumentation: patching http and pg would cost every request, traced or not.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Attributes } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TracingConfig } from '../config';
import { ErrorCode } from '../errors';
import type { RequestSummary } from './request-summary';

/**
 * GraphQL semantic conventions are still in the "incubating" entry point, which OpenTelemetry advises copying rather
 * than importing (its names may change between minor versions).
 */
const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';

/** The hub's own attributes. */
export const ATTR_REQUEST_ID = 'hub.request_id';
/** The operation as the log line and the metrics name it: its name, anonymous, invalid or refused. */
export const ATTR_OPERATION = 'hub.operation';
export const ATTR_SQL_STATEMENTS = 'hub.sql_statements';
export const ATTR_VIEWER_ROLE = 'hub.viewer.role';
export const ATTR_ERROR_CODES = 'hub.error_codes';

/** How long shutdown waits for the last spans to be exported: a collector that does not answer must not hold it. */
const SHUTDOWN_WAIT_MS = 5000;

export interface RequestTracer {
  /** Records the request's span, from the request's arrival to now, when its answer is about to be sent. */
  record(request: FastifyRequest, reply: FastifyReply, summary: RequestSummary): void;
  /** Exports the spans still queued, then stops. */
  shutdown(): Promise<void>;
}

export interface TracerLog {
  info(message: string): void;
  warn(message: string): void;
}

/** semconv: "{operation type} {operation name}", the type alone for an unnamed operation. */
function spanName(summary: RequestSummary): string {
  if (!summary.operationType) return `graphql ${summary.operation}`;
  return summary.operationName ? `${summary.operationType} ${summary.operationName}` : summary.operationType;
}

/** What marks the span as failed: an error the hub did not expect, or a 5xx answer. Refusals and bad input are not. */
function failure(summary: RequestSummary): string | undefined {
  if (summary.errorCodes.includes(ErrorCode.INTERNAL_SERVER_ERROR)) return ErrorCode.INTERNAL_SERVER_ERROR;
  if (summary.status >= 500) return String(summary.status);
  return undefined;
}

export async function startRequestTracer(config: TracingConfig, log: TracerLog): Promise<RequestTracer> {
  const [api, core, resources, sdk, semconv, otlp] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/semantic-conventions'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);

  // for the log: the URL without any credentials or query it may carry
  const { origin, pathname } = new URL(config.tracesUrl);
  const destination = origin + pathname;
  // the exporter reads the other OTEL_EXPORTER_OTLP_* settings (headers, timeout, compression) from the environment
  const exporter = new otlp.OTLPTraceExporter({ url: config.tracesUrl });
  // the SDK reports failed exports to its diagnostic logger, silent unless set; the hub's log says when export stops
  // working and when it works again, rather than once per batch
  let failing = false;
  const reportingExporter: SpanExporter = {
    export(spans, done) {
      exporter.export(spans, (result) => {
        if (result.code !== core.ExportResultCode.SUCCESS && !failing) {
          failing = true;
          log.warn(`tracing: spans could not be exported to ${destination}: ${result.error?.message ?? 'unknown error'}`);
        } else if (result.code === core.ExportResultCode.SUCCESS && failing) {
          failing = false;
          log.info(`tracing: spans are exported to ${destination} again`);
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
  };

  const resource = resources
    .defaultResource()
    // OTEL_RESOURCE_ATTRIBUTES (deployment.environment.name, service.namespace...)
    .merge(resources.detectResources({ detectors: [resources.envDetector] }))
    .merge(resources.resourceFromAttributes({ [semconv.ATTR_SERVICE_NAME]: config.serviceName }));
  // not registered as the global provider: the hub passes its tracer around, and several hubs in one process (the
  // tests) each keep their own
  const provider = new sdk.BasicTracerProvider({ resource, spanProcessors: [new sdk.BatchSpanProcessor(reportingExporter)] });
  const tracer = provider.getTracer('peer-workforce-hub');
  const propagator = new core.W3CTraceContextPropagator();

  log.info(`tracing: spans of /graphql requests go to ${destination} as service ${config.serviceName}`);
  return {
    record(request, reply, summary) {
      // epoch milliseconds on the monotonic clock, as the SDK measures; elapsedTime runs from the request's arrival
      const end = performance.timeOrigin + performance.now();
      // a caller's traceparent makes this span a child in the caller's trace
      const parent = propagator.extract(api.ROOT_CONTEXT, request.headers, api.defaultTextMapGetter);
      const attributes: Attributes = {
        [ATTR_REQUEST_ID]: request.id,
        [ATTR_OPERATION]: summary.operation,
        [ATTR_SQL_STATEMENTS]: summary.sqlStatements,
        [semconv.ATTR_HTTP_REQUEST_METHOD]: request.method,
        [semconv.ATTR_HTTP_ROUTE]: '/graphql',
        [semconv.ATTR_HTTP_RESPONSE_STATUS_CODE]: summary.status,
      };
      if (summary.operationType) attributes[ATTR_GRAPHQL_OPERATION_TYPE] = summary.operationType;
      if (summary.operationName) attributes[ATTR_GRAPHQL_OPERATION_NAME] = summary.operationName;
      if (summary.role) attributes[ATTR_VIEWER_ROLE] = summary.role;
      if (summary.errorCodes.length > 0) attributes[ATTR_ERROR_CODES] = summary.errorCodes;
      const failed = failure(summary);
      if (failed) attributes[semconv.ATTR_ERROR_TYPE] = failed;
      const span = tracer.startSpan(spanName(summary), { kind: api.SpanKind.SERVER, startTime: end - reply.elapsedTime, attributes }, parent);
      if (failed) span.setStatus({ code: api.SpanStatusCode.ERROR, message: failed });
      span.end(end);
    },
    async shutdown() {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<'waited'>((resolve) => {
        timer = setTimeout(() => resolve('waited'), SHUTDOWN_WAIT_MS).unref();
      });
      const flushed = provider.shutdown().then(
        () => undefined,
        (error: unknown) => log.warn(`tracing: the last spans could not be exported to ${destination}: ${error instanceof Error ? error.message : String(error)}`),
      );
      const outcome = await Promise.race([flushed.then(() => 'flushed' as const), waited]);
      clearTimeout(timer);
      if (outcome === 'waited') log.warn(`tracing: the last spans were not exported to ${destination} within ${SHUTDOWN_WAIT_MS} ms; stopping without them`);
    },
  };
}
