/** Requests refused before Apollo runs: a batch of operations, a body over MAX_REQUEST_BYTES, a subscription. */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { getOperationAST, parse } from 'graphql';
import type { HubConfig } from '../config';
import { ErrorCode } from '../errors';
import { formatCount } from '../graphql/limits';
import { notOverHttp } from '../graphql/live';

/** Refused before Apollo runs: no SQL statement ran, which outside production the answer says as every answer does. */
function httpError(production: boolean, request: FastifyRequest, code: string, message: string, limit: number, value: number | null) {
  return {
    errors: [{ message, extensions: { code, limit, value, requestId: request.id } }],
    ...(production ? {} : { extensions: { sqlStatements: 0 } }),
  };
}

/**
 * A JSON array of operations (a batch) is refused with BATCH_NOT_ALLOWED: one operation per request keeps every
 * limit per request. Other arrays are malformed bodies, left to Apollo's BAD_REQUEST.
 */
export function refuseBatches(config: Pick<HubConfig, 'production'>) {
  // preHandlers in the callback style: they run before every request, and an async hook costs each a promise
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const body = request.body;
    if (request.method !== 'POST' || !Array.isArray(body) || body.length === 0) return done();
    if (!body.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) return done();
    const message = `The body is a batch (a JSON array) of ${body.length} operation${body.length === 1 ? '' : 's'}; the hub takes 1 operation per request, sent as a JSON object ({ "query": ... }).`;
    void reply.status(400).header('x-request-id', request.id).send(httpError(config.production, request, ErrorCode.BATCH_NOT_ALLOWED, message, 1, body.length));
  };
}

/**
 * Fastify refuses a body over bodyLimit (MAX_REQUEST_BYTES) before reading it when content-length says so, or as soon
 * as it passes the limit otherwise; the answer names the limit and the declared size (null when none was declared).
 */
export function requestTooLarge(error: { code?: string }, request: FastifyRequest, config: Pick<HubConfig, 'production' | 'maxRequestBytes'>): object | undefined {
  if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return undefined;
  const { maxRequestBytes } = config;
  const declared = Number(request.headers['content-length']);
  const size = Number.isInteger(declared) && declared > 0 ? declared : null;
  return httpError(
    config.production,
    request,
    ErrorCode.REQUEST_TOO_LARGE,
    `${size === null ? `The request body is over the limit of ${formatCount(maxRequestBytes)} bytes` : `The request body is ${formatCount(size)} bytes; the limit is ${formatCount(maxRequestBytes)} bytes`}. Send a shorter query, or fewer or shorter variables.`,
    maxRequestBytes,
    size,
  );
}

/**
 * A subscription sent over HTTP is refused with GRAPHQL_VALIDATION_FAILED before Apollo validates it: graphql-js's
 * single-field rule, which runs before the hub's own rules, throws (an internal error) on a root field under
 * `@include(if: $variable)`. Only a document holding the word `subscription` is parsed here; one that does not parse
 * is left to Apollo's answer.
 */
export function refuseSubscriptions(config: Pick<HubConfig, 'production' | 'maxQueryTokens'>) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (request.routeOptions.url !== '/graphql' || (request.method !== 'POST' && request.method !== 'GET')) return done();
    const fields = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | null;
    const source = fields && typeof fields === 'object' && !Array.isArray(fields) ? fields.query : undefined;
    if (typeof source !== 'string' || !source.includes('subscription')) return done();
    let operation;
    try {
      operation = getOperationAST(parse(source, { maxTokens: config.maxQueryTokens }), typeof fields!.operationName === 'string' ? fields!.operationName : null);
    } catch {
      return done();
    }
    if (operation?.operation !== 'subscription') return done();
    void reply.status(400).header('x-request-id', request.id).send({
      errors: [{ message: notOverHttp().message, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, requestId: request.id } }],
      ...(config.production ? {} : { extensions: { sqlStatements: 0 } }),
    });
  };
}
