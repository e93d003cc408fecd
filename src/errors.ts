import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** Stable error codes of the API (extensions.code). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  // Apollo's own: a malformed document (400), one that does not fit the schema (400), an operationName the document
  // does not hold (400), a persisted-query hash the hub does not know (200: the client sends the text next), a
  // persisted-query version other than 1 (400)
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  // query limits (src/graphql/limits.ts): HTTP 400 with extensions.limit and extensions.value, before any SQL runs
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** An argument's or a variable's value nests input objects and lists deeper than MAX_INPUT_DEPTH. */
  INPUT_TOO_DEEP: 'INPUT_TOO_DEEP',
  /** More tokens than MAX_QUERY_TOKENS. */
  QUERY_TOO_LARGE: 'QUERY_TOO_LARGE',
  /** A body over MAX_REQUEST_BYTES. */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  /** Headers or body stalled past HEADERS_TIMEOUT_MS or BODY_TIMEOUT_MS (HTTP 408, extensions.limit); the connection is closed. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  BATCH_NOT_ALLOWED: 'BATCH_NOT_ALLOWED',
  /** A statement ran past STATEMENT_TIMEOUT_MS and PostgreSQL cancelled it (extensions.limit). */
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  /** The Authorization header or its token was refused (HTTP 401, with www-authenticate). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Production, no token: the operation is not one of the trusted documents (HTTP 403). */
  UNTRUSTED_DOCUMENT: 'UNTRUSTED_DOCUMENT',
  /** Production: introspection by a role other than STATE_ANALYST or ADMIN (HTTP 403). */
  INTROSPECTION_FORBIDDEN: 'INTROSPECTION_FORBIDDEN',
  /** More than RATE_LIMIT_MAX requests in the window (HTTP 429, retry-after, extensions.limit, windowMs, retryAfterSeconds). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The caller's role may not make this change (HTTP 403). */
  FORBIDDEN: 'FORBIDDEN',
  /** The record is not in a status this change applies to (HTTP 409, extensions.currentStatus and allowedFrom). */
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  /** A business rule refuses the change as the data stands (HTTP 409): a fund without the money, a full event. */
  CONFLICT: 'CONFLICT',
  /**
   * PostgreSQL stopped the mutation's transaction to break a deadlock or a serialization conflict with concurrent
   * changes, on every one of its runs (src/graphql/mutation.ts): nothing was written; send it again (HTTP 503,
   * retry-after, extensions.sqlState). The lock order (docs/locking.md) keeps the hub's own mutations from it.
   */
  TRANSACTION_CONFLICT: 'TRANSACTION_CONFLICT',
  /** An idempotency key already used by the caller for another mutation (HTTP 409). */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** Roster import: the file is not what its format says (header, encoding), refused before anything is written (HTTP 422). */
  FILE_REFUSED: 'FILE_REFUSED',
  /** Roster import: the hub reaches its database through a pooler in transaction mode and IMPORT_DATABASE_URL is unset (HTTP 503). */
  IMPORT_UNAVAILABLE: 'IMPORT_UNAVAILABLE',
  /** Subscriptions: more than LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION on one socket, or LIVE_MAX_SUBSCRIPTIONS_PER_CALLER in all (extensions.limit). */
  SUBSCRIPTION_LIMIT: 'SUBSCRIPTION_LIMIT',
  /** Subscriptions: a subscriber left LIVE_MAX_QUEUED answers unread; its subscription ends (extensions.limit). */
  SUBSCRIBER_TOO_SLOW: 'SUBSCRIBER_TOO_SLOW',
  /** Roster import: no such format (HTTP 404, extensions.formats). */
  UNKNOWN_FORMAT: 'UNKNOWN_FORMAT',
} as const;

/** A bad argument: the request is answered with HTTP 400 (Apollo reads and removes extensions.http). */
export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions, http: { status: 400 } } });
}

/** The caller's role may not make this change: HTTP 403. */
export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, ...extensions, http: { status: 403 } } });
}

/** The change does not apply to the record as it stands: HTTP 409 with the code given. */
export function conflict(message: string, code: string = ErrorCode.CONFLICT, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 409 } } });
}

/** A transaction PostgreSQL stopped every time it ran: HTTP 503 with retry-after, nothing written. */
export function transactionConflict(message: string, sqlState: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.TRANSACTION_CONFLICT, sqlState, http: { status: 503, headers: new HeaderMap([['retry-after', '1']]) } },
  });
}

/**
 * A change asked of a record in a status it does not apply to, naming the status and those it applies to:
 * "assistance application 12 is DENIED; only SUBMITTED, UNDER_REVIEW or WAITLISTED applications can be approved".
 */
export function invalidTransition(record: string, records: string, change: string, currentStatus: string, allowedFrom: readonly string[]): GraphQLError {
  const allowed = allowedFrom.length > 1 ? `${allowedFrom.slice(0, -1).join(', ')} or ${allowedFrom.at(-1)}` : allowedFrom[0];
  return conflict(`${record} is ${currentStatus}; only ${allowed} ${records} can be ${change}`, ErrorCode.INVALID_TRANSITION, { currentStatus, allowedFrom });
}
