/**
 * Errors a request causes that reach Apollo's formatError without a code of their own, which Apollo would answer as
 * INTERNAL_SERVER_ERROR: each gets the code that says what the caller did. Real internal errors keep theirs (and
 * the hub's plugin logs them with the request id, before they are formatted).
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors';

/** The errors an error was made from: graphql's originalError, a cause, MikroORM's previous. */
function* chainOf(error: unknown): Generator<object> {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current); ) {
    seen.add(current);
    yield current;
    const next = current as { originalError?: unknown; cause?: unknown; previous?: unknown };
    current = next.originalError ?? next.cause ?? next.previous;
  }
}

/** The SQLSTATE of the PostgreSQL error behind an error, if one is. */
export function sqlStateOf(error: unknown): string | undefined {
  for (const link of chainOf(error)) {
    const { code, sqlState } = link as { code?: unknown; sqlState?: unknown };
    for (const state of [sqlState, code]) if (typeof state === 'string' && /^[0-9A-Z]{5}$/.test(state)) return state;
  }
  return undefined;
}

/**
 * Data exceptions PostgreSQL raises on a value it cannot read or hold: text that is not a number or a date, a number
 * or a date out of range, a character it cannot store. Each is a value the hub should have refused itself; this
 * answers them as the caller's mistake all the same.
 */
const VALUE_REFUSED = new Set(['22001', '22003', '22007', '22008', '22009', '22019', '22021', '22025', '22026', '2201B', '22P02', '22P05']);

function httpStatusOf(error: unknown): number | undefined {
  const status = error instanceof GraphQLError ? (error.extensions.http as { status?: unknown } | undefined)?.status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** An error Apollo answers with a 4xx: a refusal of the request, whatever its code. */
export function isClientError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500;
}

/** Apollo's messages for the persisted-query errors it sends without a code (HTTP 400). */
const PERSISTED_VERSION = 'Unsupported persisted query version';
const PERSISTED_HASH = 'provided sha does not match query';

/** The formatted error with the code the request earned; unchanged when it has one already. */
export function classifyRequestError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === ErrorCode.GRAPHQL_PARSE_FAILED && [...chainOf(error)].some((link) => link instanceof RangeError)) {
    // only when MAX_QUERY_TOKENS allows a document that nests past what the recursive parser can follow
    return {
      message: 'The document nests its fields or values too deep to be read. Nest fewer levels: see MAX_QUERY_DEPTH and MAX_INPUT_DEPTH.',
      extensions: { code },
    };
  }
  if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
  if (isClientError(error)) {
    if (formatted.message === PERSISTED_VERSION) {
      return {
        message: 'extensions.persistedQuery.version must be 1, the only version of persisted queries the hub knows.',
        extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED },
      };
    }
    if (formatted.message === PERSISTED_HASH) {
      return { message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 (hex) of the query sent with it.', extensions: { code: ErrorCode.BAD_REQUEST } };
    }
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_REQUEST } };
  }
  const state = sqlStateOf(error);
  if (state !== undefined && VALUE_REFUSED.has(state)) {
    return {
      message: 'A value of this request is outside what the database can read or hold: check the arguments and variables.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    };
  }
  return formatted;
}
