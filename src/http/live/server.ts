/**
 * GraphQL subscriptions over WebSocket at /graphql with the graphql-ws protocol (subprotocol graphql-transport-ws),
 * on the fastify server's own HTTP server (docs/live.md). What a query meets over HTTP, a subscription meets here:
 * the token (in connection_init's payload), its scope and expiry, the document limits, the trusted documents in
 * production, the rate limit, and error codes and masking. Subscriptions alone are served over it: queries and
 * mutations go over HTTP. Each subscription joins the multiplexer's group of its document, variables and scope.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type FormattedExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { CloseCode, handleProtocols, makeServer, MessageType, type OperationResult, type SubscribePayload } from 'graphql-ws';
import { decodeJwt } from 'jose';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventFeed } from '../../cache/hub-events';
import { documentHash, type TrustedDocuments } from '../../client/trusted-documents';
import { PUBLIC_VIEWER, Role, type Viewer } from '../../auth/viewer';
import { Scope } from '../../auth/scope';
import type { HubConfig } from '../../config';
import { ErrorCode } from '../../errors';
import type { Catalog } from '../../graphql/catalog';
import type { HubContext } from '../../graphql/context';
import { countTokens, formatCount, formatLimitErrors, knownOperationTypesRule } from '../../graphql/limits';
import { liveSpecOf, typesRead, type LiveFieldSpec } from '../../graphql/live';
import { collectFields } from '../../internals/graphql-collect-fields';
import { maskUnexpected } from '../plugins/error-masking';
import { operationLimits } from '../plugins/query-limits';
import type { TokenVerifier } from '../tokens';
import { Multiplexer } from './multiplexer';

export interface LiveServerOptions {
  app: FastifyInstance;
  config: HubConfig;
  schema: GraphQLSchema;
  catalog: Catalog;
  feed: EventFeed;
  verifyToken: TokenVerifier;
  trustedDocuments: TrustedDocuments;
  contextFor(viewer: Viewer, requestId: string): HubContext;
}

export interface LiveServer {
  multiplexer: Multiplexer;
  /** Open sockets. */
  connections(): number;
  /** Closes every socket (1001, going away), then stops hearing of changes. */
  close(): Promise<void>;
}

/** What the hub knows of a socket once connection_init is accepted. */
interface Connection {
  viewer: Viewer;
  /** The rate limit's and the caps' key: the token's role and subject, else the client address. */
  caller: string;
  subscriptions: number;
  expiryTimer?: NodeJS.Timeout;
}

interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
  connection?: Connection;
}

/** Distinct subscription documents kept parsed and validated, each of at most DOCUMENT_KEPT_CHARACTERS. */
const DOCUMENTS_KEPT = 1000;
const DOCUMENT_KEPT_CHARACTERS = 16_384;

/** Answers waiting to be written to a socket past which the hub stops reading it (docs/live.md). */
const MAX_UNSENT_BYTES = 1024 * 1024;

/** A WebSocket close reason is at most 123 bytes. */
function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '')}...`;
}

/** A refusal of one subscribe message: sent as graphql-ws's error message for that id; the socket stays open. */
function refusal(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** Counts subscribe messages per caller in fixed windows: RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS, as over HTTP. */
class SubscribeRateLimit {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(private readonly max: number, private readonly windowMs: number) {}

  /** Seconds to wait when over the limit; 0 when the subscribe may go on. */
  take(caller: string): number {
    if (this.max === 0) return 0;
    const now = Date.now();
    const window = Math.floor(now / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const count = (this.counts.get(caller) ?? 0) + 1;
    this.counts.set(caller, count);
    return count > this.max ? Math.ceil(((window + 1) * this.windowMs - now) / 1000) : 0;
  }
}

export function startLiveServer(options: LiveServerOptions): LiveServer {
  const { app, config, schema, catalog, verifyToken, trustedDocuments } = options;
  const limits = config.live;
  const checkLimits = operationLimits(config);
  const formatError = formatLimitErrors(config);
  const rateLimit = new SubscribeRateLimit(config.rateLimitMax, config.rateLimitWindowMs);
  const perCaller = new Map<string, number>();

  const formatErrors = (errors: readonly GraphQLError[], requestId: string) =>
    errors.map((error) => {
      const masked = withoutHttp(maskUnexpected(formatError(error.toJSON(), error), requestId));
      if (masked.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
        app.log.error(`subscription ${requestId}: ${error.originalError?.stack ?? error.stack ?? error.message}`);
      }
      return masked;
    });

  const multiplexer = new Multiplexer({
    schema,
    contextFor: options.contextFor,
    formatErrors,
    debounceMs: limits.debounceMs,
    maxQueued: limits.maxQueued,
    log: app.log,
  });
  const unsubscribeFeed = options.feed.subscribe(multiplexer);

  const release = (connection: Connection) => {
    connection.subscriptions--;
    const left = (perCaller.get(connection.caller) ?? 1) - 1;
    if (left <= 0) perCaller.delete(connection.caller);
    else perCaller.set(connection.caller, left);
  };

  /** The document of a subscribe message: its text, or a trusted document's hash (extensions.persistedQuery). */
  const documentText = (payload: SubscribePayload): string | GraphQLError => {
    const persisted = (payload.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
    if (typeof payload.query === 'string' && payload.query.length > 0) return payload.query;
    if (persisted && typeof persisted.sha256Hash === 'string') {
      return Object.hasOwn(trustedDocuments, persisted.sha256Hash)
        ? trustedDocuments[persisted.sha256Hash]
        : refusal('No trusted document has this hash: send the document\'s text.', ErrorCode.PERSISTED_QUERY_NOT_FOUND);
    }
    return refusal('A subscribe message needs payload.query (the document) or extensions.persistedQuery.sha256Hash.', ErrorCode.BAD_REQUEST);
  };

  const parseDocument = (text: string): DocumentNode | GraphQLError => {
    const tokens = countTokens(text);
    if (tokens > config.maxQueryTokens) {
      return refusal(
        `The document has ${formatCount(tokens)} tokens (names, values and punctuation); the limit is ${formatCount(config.maxQueryTokens)}.`,
        ErrorCode.QUERY_TOO_LARGE,
        { limit: config.maxQueryTokens, value: tokens },
      );
    }
    try {
      return parse(text, { maxTokens: config.maxQueryTokens });
    } catch (error) {
      return refusal((error as Error).message, ErrorCode.GRAPHQL_PARSE_FAILED);
    }
  };

  /**
   * The scope part of a subscription's group key. An event field reads through the planner what its document selects
   * and its filter names: subscribers whose scope sets the same conditions on those types read the same (peers signed in
   * each with their own token share one run of a public saved search). A live query's resolver reads tables of its
   * own choosing: the whole scope.
   */
  const groupScopeKey = (viewer: Viewer, spec: LiveFieldSpec, document: DocumentNode, variables: Record<string, unknown>): string => {
    const scope = new Scope(viewer, catalog);
    if (spec.query) return scope.key;
    return scope.keyFor(typesRead(schema, document, variables, (name) => catalog.has(name)));
  };

  /**
   * Parsed and validated once per text: subscribers of one saved search share one document (and so its group's
   * plan), and a subscribe costs no parse. Bounded; the oldest text goes first.
   */
  const documents = new Map<string, DocumentNode>();
  const checkedDocument = (text: string): DocumentNode | GraphQLError | GraphQLError[] => {
    const known = documents.get(text);
    if (known) return known;
    const document = parseDocument(text);
    let checked: DocumentNode | GraphQLError | GraphQLError[] = document;
    if (!(document instanceof GraphQLError)) {
      let invalid: readonly GraphQLError[];
      try {
        invalid = validate(schema, document, [...specifiedRules, knownOperationTypesRule]);
      } catch (error) {
        // graphql-js's SingleFieldSubscriptionsRule throws on @skip or @include with a variable at the root
        invalid = [new GraphQLError(`The document cannot be validated: ${(error as Error).message}`)];
      }
      if (invalid.length) checked = invalid.map((error) => refusal(error.message, ErrorCode.GRAPHQL_VALIDATION_FAILED, { locations: error.locations }));
    }
    // refusals are not kept: a flood of distinct bad documents must not fill the map
    if (Array.isArray(checked) || checked instanceof GraphQLError || text.length > DOCUMENT_KEPT_CHARACTERS) return checked;
    if (documents.size >= DOCUMENTS_KEPT) documents.delete(documents.keys().next().value!);
    documents.set(text, checked);
    return checked;
  };

  const server = makeServer<Record<string, unknown> | undefined, Extra>({
    schema,
    connectionInitWaitTimeout: 10_000,

    async onConnect(ctx) {
      const params = ctx.connectionParams ?? {};
      const given = params.authorization ?? params.Authorization ?? (typeof params.token === 'string' ? `Bearer ${params.token}` : params.token ?? undefined);
      if (given !== undefined && typeof given !== 'string') {
        ctx.extra.socket.close(CloseCode.Unauthorized, 'connection_init payload.authorization must be a string, "Bearer <token>" (or token, the token)');
        return false;
      }
      let viewer: Viewer;
      try {
        viewer = given ? await verifyToken(given) : PUBLIC_VIEWER;
      } catch (error) {
        ctx.extra.socket.close(CloseCode.Unauthorized, closeReason((error as Error).message));
        return false;
      }
      const caller = viewer.role !== Role.PUBLIC && viewer.subject !== null ? `sub:${viewer.role}:${viewer.subject}` : `ip:${ctx.extra.request.socket.remoteAddress ?? ''}`;
      const connection: Connection = { viewer, caller, subscriptions: 0 };
      const expiry = tokenExpiry(given);
      if (expiry !== null) {
        // the subscription ends as the token does: a new connection brings a new token
        const timer = setTimeout(() => ctx.extra.socket.close(CloseCode.Unauthorized, 'The token expired: connect again with a new one.'), Math.max(0, expiry - Date.now()));
        timer.unref();
        connection.expiryTimer = timer;
      }
      ctx.extra.connection = connection;
      return true;
    },

    async onSubscribe(ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
      const connection = ctx.extra.connection!;
      const waitSeconds = rateLimit.take(connection.caller);
      if (waitSeconds > 0) {
        return [refusal(
          `Too many requests: the limit is ${config.rateLimitMax} per ${config.rateLimitWindowMs / 1000} seconds for each token (for each IP address without one), subscriptions included. Retry in ${waitSeconds} s.`,
          ErrorCode.RATE_LIMITED,
          { limit: config.rateLimitMax, windowMs: config.rateLimitWindowMs, retryAfterSeconds: waitSeconds },
        )];
      }
      if (connection.subscriptions >= limits.maxSubscriptionsPerConnection) {
        return [refusal(
          `This connection has ${connection.subscriptions} subscriptions, the most one connection may hold (LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION); complete one first.`,
          ErrorCode.SUBSCRIPTION_LIMIT,
          { limit: limits.maxSubscriptionsPerConnection },
        )];
      }
      if ((perCaller.get(connection.caller) ?? 0) >= limits.maxSubscriptionsPerCaller) {
        return [refusal(
          `This caller holds ${limits.maxSubscriptionsPerCaller} subscriptions over all their connections, the most allowed (LIVE_MAX_SUBSCRIPTIONS_PER_CALLER); complete some first.`,
          ErrorCode.SUBSCRIPTION_LIMIT,
          { limit: limits.maxSubscriptionsPerCaller },
        )];
      }
      const text = documentText(payload);
      if (text instanceof GraphQLError) return [text];
      if (config.production && connection.viewer.role === Role.PUBLIC && !Object.hasOwn(trustedDocuments, documentHash(text))) {
        return [refusal(
          'Without a token this hub runs only its published operations (schema/operations); send one of them, or a token for other subscriptions.',
          ErrorCode.UNTRUSTED_DOCUMENT,
        )];
      }
      const checked = checkedDocument(text);
      if (checked instanceof GraphQLError) return [checked];
      if (Array.isArray(checked)) return checked;
      const document = checked as DocumentNode;
      const operationName = typeof payload.operationName === 'string' ? payload.operationName : null;
      const operation = getOperationAST(document, operationName);
      if (!operation) return [refusal('The document holds no operation of that name, or several and no operationName.', ErrorCode.OPERATION_RESOLUTION_FAILURE)];
      if (operation.operation !== 'subscription') {
        return [refusal(`Over WebSocket the hub serves subscriptions; send this ${operation.operation} over HTTP (POST /graphql).`, ErrorCode.BAD_REQUEST)];
      }
      const variables = payload.variables && typeof payload.variables === 'object' && !Array.isArray(payload.variables) ? payload.variables : {};
      try {
        checkLimits({ document, operation, variables, extensions: payload.extensions ?? undefined, schema });
      } catch (error) {
        return [error as GraphQLError];
      }
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 20 });
      if (coerced.errors) return coerced.errors.map((error) => refusal(error.message, ErrorCode.BAD_USER_INPUT));
      const field = rootFieldOf(schema, document, operation, coerced.coerced);
      if (!field) return [refusal('A subscription selects one root field; @skip or @include left none.', ErrorCode.GRAPHQL_VALIDATION_FAILED)];
      const spec = liveSpecOf(field);
      if (!spec) return [refusal(`${field} is no subscription of this hub.`, ErrorCode.GRAPHQL_VALIDATION_FAILED)];
      connection.subscriptions++;
      perCaller.set(connection.caller, (perCaller.get(connection.caller) ?? 0) + 1);
      return {
        schema,
        document,
        operationName,
        variableValues: coerced.coerced,
        contextValue: { text, field, spec, viewer: connection.viewer, connection },
      };
    },

    subscribe(args) {
      const { text, field, spec, viewer, connection } = args.contextValue as { text: string; field: string; spec: ReturnType<typeof liveSpecOf> & object; viewer: Viewer; connection: Connection };
      // the caps count the subscription until its stream ends, whoever ends it; the answers are formatted already
      // (errors masked as over HTTP), which graphql-ws sends as they are
      return multiplexer.subscribe(
        {
          document: args.document,
          text,
          operationName: args.operationName ?? null,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
          field,
          spec,
          viewer,
          scopeKey: groupScopeKey(viewer, spec, args.document, (args.variableValues ?? {}) as Record<string, unknown>),
        },
        () => release(connection),
      ) as unknown as OperationResult;
    },

    // the multiplexer's answers are formatted already (errors classified and masked): sent as they are
    onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,

    onError(_ctx, _id, _payload, errors) {
      return formatErrors(errors, 'live');
    },

    onClose(ctx) {
      clearTimeout(ctx.extra.connection?.expiryTimer);
    },
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: config.maxRequestBytes, handleProtocols: (protocols) => handleProtocols(protocols) });
  sockets.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    socket.once('error', (error) => {
      app.log.warn(`subscription socket error: ${error.message}`);
      socket.close(CloseCode.BadRequest, closeReason(error.message));
    });
    // a peer that stops answering pings is cut, so that its subscriptions do not run for nobody
    let alive = true;
    socket.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return void socket.terminate();
      alive = false;
      socket.ping();
    }, 12_000);
    heartbeat.unref();
    const extra: Extra = { socket, request };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        // a write that fails means the peer is gone: the socket closes, and its subscriptions end with it
        send: (data) => new Promise<void>((resolve) => {
          if (socket.readyState !== socket.OPEN) return resolve();
          socket.send(data, () => {
            if (socket.isPaused && socket.bufferedAmount < MAX_UNSENT_BYTES) socket.resume();
            resolve();
          });
          // a peer that sends (pings, subscribes) and does not read its answers is not read until it does
          if (socket.bufferedAmount >= MAX_UNSENT_BYTES) socket.pause();
        }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            const text = String(data);
            if (isServerMessage(text)) return void socket.close(CloseCode.BadRequest, 'Invalid message received: a client does not send this type');
            handle(text).catch((error: Error) => {
              app.log.error(`subscription message failed: ${error.stack ?? error.message}`);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      clearInterval(heartbeat);
      void closed(code, String(reason));
    });
  });

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  };
  app.server.on('upgrade', upgrade);

  return {
    multiplexer,
    connections: () => sockets.clients.size,
    async close() {
      app.server.off('upgrade', upgrade);
      multiplexer.close();
      for (const socket of sockets.clients) socket.close(1001, 'The hub is shutting down: connect again.');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      unsubscribeFeed();
      await options.feed.close();
    },
  };
}

/** An error as sent over WebSocket: extensions.http is the HTTP path's status and headers, which Apollo removes there. */
function withoutHttp(error: GraphQLFormattedError): GraphQLFormattedError {
  if (!error.extensions || !('http' in error.extensions)) return error;
  const { http: _http, ...extensions } = error.extensions;
  return { ...error, extensions };
}

/**
 * A message of a type only the server sends (connection_ack, next, error): graphql-ws throws on it rather than
 * closing 4400 as it does for other messages it cannot take. Read only when the text names such a type.
 */
function isServerMessage(text: string): boolean {
  if (!/"(?:connection_ack|next|error)"/.test(text)) return false;
  try {
    const type = (JSON.parse(text) as { type?: unknown } | null)?.type;
    return type === MessageType.ConnectionAck || type === MessageType.Next || type === MessageType.Error;
  } catch {
    return false;
  }
}

/** The root field a subscription selects, through fragments and directives as execution sees it; null when none. */
function rootFieldOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): string | null {
  const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const fields = [...collectFields(schema, fragments, variables, schema.getSubscriptionType()!, operation.selectionSet).values()];
  return fields.length === 1 ? fields[0][0].name.value : null;
}

/** When the bearer token in `authorization` expires (ms), if it is a JWT with exp. */
function tokenExpiry(authorization: string | undefined): number | null {
  const token = authorization?.replace(/^Bearer\s+/i, '');
  if (!token) return null;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
