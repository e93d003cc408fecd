import { GraphQLError } from 'graphql';

/** Stable error codes of the API (extensions.code). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  // query limits (src/graphql/limits.ts): HTTP 400 with extensions.limit and extensions.value, before any SQL runs
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** More tokens than MAX_QUERY_TOKENS. */
  QUERY_TOO_LARGE: 'QUERY_TOO_LARGE',
  /** A body over MAX_REQUEST_BYTES. */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
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
} as const;

/** A bad argument: the request is answered with HTTP 400 (Apollo reads and removes extensions.http). */
export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions, http: { status: 400 } } });
}
