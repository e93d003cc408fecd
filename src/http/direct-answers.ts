import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { Role, type Viewer } from '../auth/viewer';
import type { TrustedDocuments } from '../client/trusted-documents';
import type { CompiledExecution, RepeatedQuery } from '../graphql/compiled-execution';
import type { HubContext } from '../graphql/context';
import { ANONYMOUS, type Observability } from './observability';
import { cachePolicyHeaders, documentMaxAge } from './plugins/cache-policy';
import { introspects } from './plugins/introspection';
import { mayRunInProduction } from './plugins/trusted-documents';
import type { CheckedOperation } from './plugins/query-limits';
import type { RequestViewer } from './tokens';

/**
 * The direct path of POST /graphql: a query a client repeats, once Apollo has run it compiled, is answered here
 * without Apollo's request pipeline, which cost about 200 us of CPU a request under load (a page of 50 employers took
 * about 780 us in all; `{ __typename }` 290 us through Apollo against 50 us for Fastify alone). It runs the same
 * steps the pipeline and the hub's plugins would for such a request, from the same functions: the viewer, the
 * limits, the compiled run, the cache policy, the log line and metrics. Whatever else goes to Apollo, unchanged:
 *   - any request the direct path does not know to answer exactly: not a POST of a JSON object of query, variables
 *     and operationName (or a trusted document's hash alone in place of the query), a text not yet run compiled, an
 *     Accept header not listed in CONTENT_TYPES, the development header x-hub-debug-sql, a refused token, a check
 *     that refuses (Apollo refuses it again, with its own answer), a caller without a token whom the response cache
 *     serves or who sends an untrusted document in production, a document that introspects;
 *   - an answer with errors: Apollo's pipeline gets the result computed here (CompiledExecution.answerWith) and
 *     formats, masks, logs and counts its errors as for any other request, without running the query again.
 * test/direct-answers.test.ts compares the two paths' answers, headers, log lines and metrics for every published
 * operation and kind of caller.
 */
export interface DirectAnswersOptions {
  execution: CompiledExecution;
  schema: GraphQLSchema;
  viewerOf: RequestViewer;
  /** The limits check Apollo's queryLimitsPlugin runs (src/http/plugins/query-limits.ts). */
  checkLimits(checked: CheckedOperation): void;
  trustedDocuments: TrustedDocuments;
  observability: Observability;
  /** A request's GraphQL context, as Apollo's context function builds it. */
  contextFor(request: FastifyRequest, reply: FastifyReply, viewer: Viewer): HubContext;
  production: boolean;
  /** Whether the response cache serves callers without a token (RESPONSE_CACHE): those go through Apollo. */
  responseCache: boolean;
}

export interface DirectAnswers {
  /** The answer's body, sent as is; undefined when Apollo must answer the request. */
  answer(request: FastifyRequest, reply: FastifyReply): Promise<string | undefined>;
  /** The context of a request the direct path ran and left to Apollo to answer (its result holds errors). */
  contextOf(request: FastifyRequest): HubContext | undefined;
  /** Requests answered directly since the start. */
  count(): number;
}

/**
 * The Accept headers answered directly, with the content type Apollo negotiates for each (the clients' usual ones);
 * test/direct-answers.test.ts checks each against Apollo's answer.
 */
export const CONTENT_TYPES: ReadonlyMap<string | undefined, string> = new Map([
  [undefined, 'application/json; charset=utf-8'],
  ['*/*', 'application/json; charset=utf-8'],
  ['application/json', 'application/json; charset=utf-8'],
  ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
  ['application/graphql-response+json, application/json', 'application/graphql-response+json; charset=utf-8'],
  ['application/graphql-response+json,application/json;q=0.9', 'application/graphql-response+json; charset=utf-8'],
  ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json; charset=utf-8'],
]);

const BODY_KEYS = new Set(['query', 'variables', 'operationName', 'extensions']);

interface PlainRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasKeys = (value: Record<string, unknown>, keys: string[]) => Object.keys(value).length === keys.length && keys.every((key) => Object.hasOwn(value, key));

/**
 * A body of query, variables and operationName, each of the type Apollo takes, or of a trusted document's hash alone
 * in place of its text (extensions.persistedQuery, as the published clients may send it); undefined for anything else.
 */
function plainRequest(body: unknown, trusted: TrustedDocuments): PlainRequest | undefined {
  if (!isRecord(body)) return undefined;
  for (const key in body) if (!BODY_KEYS.has(key)) return undefined;
  const { variables, operationName, extensions } = body;
  let { query } = body;
  if (extensions !== undefined) {
    const persisted = isRecord(extensions) && hasKeys(extensions, ['persistedQuery']) ? extensions.persistedQuery : undefined;
    if (!isRecord(persisted) || !hasKeys(persisted, ['version', 'sha256Hash']) || persisted.version !== 1) return undefined;
    const hash = persisted.sha256Hash;
    // a text sent with its hash is registered by Apollo: only a hash alone is answered here
    if ((query !== undefined && query !== null) || typeof hash !== 'string' || !Object.hasOwn(trusted, hash)) return undefined;
    query = trusted[hash];
  }
  if (typeof query !== 'string' || query === '') return undefined;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  return { query, variables: variables ?? undefined, operationName: operationName ?? undefined };
}

/** What the direct path works out once per operation (of a document: its max-age depends on the operation). */
interface OperationFacts {
  introspects: boolean;
  maxAge: number;
}

export function directAnswers(options: DirectAnswersOptions): DirectAnswers {
  const { execution, schema, observability } = options;
  const facts = new WeakMap<OperationDefinitionNode, OperationFacts>();
  const leftToApollo = new WeakMap<FastifyRequest, HubContext>();
  let answered = 0;

  const factsOf = (repeated: RepeatedQuery): OperationFacts => {
    let known = facts.get(repeated.operation);
    if (!known) {
      known = { introspects: introspects(repeated.document), maxAge: documentMaxAge(schema, repeated.document, repeated.operation) };
      facts.set(repeated.operation, known);
    }
    return known;
  };

  /** Whether Apollo's pipeline would let this caller run this document (the checks of its didResolveOperation). */
  const allowed = (repeated: RepeatedQuery, known: OperationFacts, viewer: Viewer, variables: Record<string, unknown> | undefined): boolean => {
    if (viewer.role === Role.PUBLIC && options.responseCache) return false;
    if (options.production && !mayRunInProduction(options.trustedDocuments, viewer.role, repeated.queryHash)) return false;
    // introspection stays with Apollo (in production, analysts' and administrators' alone)
    if (known.introspects) return false;
    try {
      options.checkLimits({ document: repeated.document, operation: repeated.operation, variables, extensions: undefined, schema });
      return true;
    } catch {
      return false;
    }
  };

  return {
    async answer(request, reply) {
      if (request.method !== 'POST') return undefined;
      const plain = plainRequest(request.body, options.trustedDocuments);
      if (!plain) return undefined;
      const repeated = execution.repeated(plain.query, plain.operationName);
      if (!repeated) return undefined;
      const contentType = CONTENT_TYPES.get(request.headers.accept);
      if (!contentType || (!options.production && request.headers['x-hub-debug-sql'] !== undefined)) return undefined;
      let viewer: Viewer;
      try {
        viewer = await options.viewerOf(request);
      } catch {
        return undefined;
      }
      const known = factsOf(repeated);
      if (!allowed(repeated, known, viewer, plain.variables)) return undefined;
      const context = options.contextFor(request, reply, viewer);
      let result;
      try {
        result = await repeated.run(context, plain.variables ?? {});
      } catch {
        // what graphql-jit throws rather than answers (it should not: test/compiled-execution.test.ts): Apollo runs
        // the request again and answers it as it answers any failure
        return undefined;
      }
      if (!result) return undefined;
      if (result.errors) {
        execution.answerWith(context, result);
        leftToApollo.set(request, context);
        return undefined;
      }
      answered++;
      const operationName = repeated.operation.name?.value;
      const sqlStatements = context.sql.statements;
      observability.recordAnswer(context, {
        operation: operationName ?? ANONYMOUS,
        operationType: repeated.operation.operation,
        operationName,
        status: 200,
        errorCodes: [],
        sqlStatements,
        transactionRetries: context.sql.transactionRetries,
        role: viewer.role,
      });
      // in Apollo's order: the cache policy's headers, then the content type
      for (const [name, value] of cachePolicyHeaders(viewer.role === Role.PUBLIC && known.maxAge > 0 ? known.maxAge : 0)) void reply.header(name, value);
      void reply.header('content-type', contentType);
      // as Apollo writes an answer: data, then the development extension of the SQL statements run
      return `${JSON.stringify(options.production ? { data: result.data } : { data: result.data, extensions: { sqlStatements } })}\n`;
    },
    contextOf: (request) => leftToApollo.get(request),
    count: () => answered,
  };
}
