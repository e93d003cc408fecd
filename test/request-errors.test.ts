/**
 * The codes errors get when they reach Apollo's formatError without one: what a client reads in extensions.code for
 * refusals Apollo sends bare, and for a value PostgreSQL refused as data (which no request of the hostile suite
 * reaches any more, so it is checked here on the errors the driver raises).
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { classifyRequestError, isClientError, sqlStateOf } from '../src/graphql/request-errors';

/** As Apollo formats an error before formatError: its message, INTERNAL_SERVER_ERROR when it has no code, no http. */
function formatted(error: GraphQLError): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions;
  return { message: error.message, extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } };
}

/** An error of the pg driver, as a resolver's GraphQLError carries it (MikroORM wraps it once more on writes). */
function databaseError(code: string): GraphQLError {
  const pg = Object.assign(new Error('date/time field value out of range: "0000-01-01"'), { code });
  return new GraphQLError(pg.message, { originalError: Object.assign(new Error('wrapped'), { previous: pg }) });
}

describe('errors that arrive without a code', () => {
  it("Apollo's persisted query of another version: PERSISTED_QUERY_NOT_SUPPORTED, saying which version works", () => {
    const error = new GraphQLError('Unsupported persisted query version', { extensions: { http: { status: 400 } } });
    const answer = classifyRequestError(formatted(error), error);
    expect(answer.extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect(answer.message).toContain('version must be 1');
  });

  it("Apollo's hash that does not match its query, or any other bare 4xx: BAD_REQUEST", () => {
    const mismatch = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    expect(classifyRequestError(formatted(mismatch), mismatch)).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringContaining('SHA-256') });
    const other = new GraphQLError('Something Apollo refuses', { extensions: { http: { status: 405 } } });
    expect(classifyRequestError(formatted(other), other)).toEqual({ message: 'Something Apollo refuses', extensions: { code: 'BAD_REQUEST' } });
    expect(isClientError(other)).toBe(true);
  });

  it('a value PostgreSQL refuses as data: BAD_USER_INPUT, without the database message', () => {
    for (const state of ['22007', '22008', '22003', '22P02', '22021']) {
      const error = databaseError(state);
      expect(sqlStateOf(error)).toBe(state);
      const answer = classifyRequestError(formatted(error), error);
      expect(answer.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      expect(answer.message).not.toContain('0000');
    }
  });

  it('a fault of the hub stays INTERNAL_SERVER_ERROR: a division by zero, a unique violation, a plain bug', () => {
    for (const error of [databaseError('22012'), databaseError('23505'), new GraphQLError('x is undefined', { originalError: new TypeError('x is undefined') })]) {
      expect(classifyRequestError(formatted(error), error).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(isClientError(error)).toBe(false);
    }
  });

  it('an error with a code keeps it', () => {
    const error = new GraphQLError('no', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
    expect(classifyRequestError(formatted(error), error).extensions?.code).toBe('FORBIDDEN');
  });
});
