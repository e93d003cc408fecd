/**
 * Query limits: what one request may ask of the hub, checked before any SQL runs.
 *
 * - size: the body in bytes (fastify bodyLimit) and the document in tokens (graphql's parser maxTokens);
 * - nesting of input values, in variables and written in the document, checked first once the operation is known,
 *   so that nothing recursive (coercion, filter translation, JSON.stringify) meets a deep value;
 * - one operation per request (a JSON array body is refused: src/http/request-refusals.ts);
 * - depth, aliases and cost of the operation, checked once it is parsed, validated and chosen (didResolveOperation,
 *   src/http/plugins/query-limits.ts);
 * - a statement that PostgreSQL cancels on its statement timeout is answered as QUERY_TIMEOUT.
 */
import type { ApolloServerOptions } from '@apollo/server';
import {
  GraphQLError,
  isListType,
  getNullableType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { fieldExtensionsEstimator, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { HubConfig } from '../config';
import { DEFAULT_PAGE_SIZE } from './connection';
import { notOverHttp } from './live';
import { ErrorCode } from '../errors';
import { classifyRequestError, sqlStateOf } from './request-errors';

export type QueryLimits = Pick<
  HubConfig,
  'maxQueryDepth' | 'maxQueryCost' | 'maxQueryAliases' | 'maxQueryTokens' | 'maxInputDepth' | 'maxRequestBytes' | 'statementTimeoutMs' | 'maxPageSize'
>;

/** A number as the limit errors write it: 1,000. */
export const formatCount = (n: number) => n.toLocaleString('en-US');

/** An over-limit request: HTTP 400, a stable code, the limit and the measured value. */
export function limitError(code: string, message: string, limit: number, value: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, limit, value, http: { status: 400 } } });
}

// ---- depth, aliases and size after fragments are spread, measured once per parsed document ----

/** Fields whose subtree is introspection: graphql-js's MaxIntrospectionDepthRule caps their cycles, and they read no table. */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

interface Measure {
  /** Deepest field nesting: `{ a { b } }` is 2. Introspection subtrees do not count. */
  depth: number;
  /** Fields and fragments once every fragment is spread: what the cost analysis walks. */
  selections: number;
}

interface DocumentMeasures {
  aliases: number;
  /** Deepest nesting of input objects and lists written in the document (arguments, defaults, directives). */
  inputDepth: number;
  operations: Map<OperationDefinitionNode, Measure>;
  fragments: Map<string, Measure>;
  fragmentNodes: Map<string, FragmentDefinitionNode>;
}

/** Apollo keeps parsed documents in its document store, so a repeated query is measured once. */
const measured = new WeakMap<DocumentNode, DocumentMeasures>();

function measuresOf(document: DocumentNode): DocumentMeasures {
  let measures = measured.get(document);
  if (measures) return measures;
  let aliases = 0;
  const fragmentNodes = new Map<string, FragmentDefinitionNode>();
  const countAliases = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD && selection.alias) aliases++;
      if (selection.kind !== Kind.FRAGMENT_SPREAD) countAliases(selection.selectionSet);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragmentNodes.set(definition.name.value, definition);
    if (definition.kind === Kind.FRAGMENT_DEFINITION || definition.kind === Kind.OPERATION_DEFINITION) countAliases(definition.selectionSet);
  }
  measures = { aliases, inputDepth: literalDepth(document), operations: new Map(), fragments: new Map(), fragmentNodes };
  measured.set(document, measures);
  return measures;
}

/** Each fragment is measured once whatever the number of its spreads, so a fragment bomb costs linear time here. */
function measureSet(measures: DocumentMeasures, set: SelectionSetNode | undefined, visiting: Set<string>): Measure {
  let depth = 0;
  let selections = 0;
  for (const selection of set?.selections ?? []) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      const below = measureSet(measures, selection.selectionSet, visiting);
      inner = { depth: INTROSPECTION_ROOTS.has(selection.name.value) ? 0 : 1 + below.depth, selections: 1 + below.selections };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const below = measureSet(measures, selection.selectionSet, visiting);
      inner = { depth: below.depth, selections: 1 + below.selections };
    } else {
      const below = measureFragment(measures, selection.name.value, visiting);
      inner = { depth: below.depth, selections: 1 + below.selections };
    }
    depth = Math.max(depth, inner.depth);
    selections = Math.min(Number.MAX_SAFE_INTEGER, selections + inner.selections);
  }
  return { depth, selections };
}

function measureFragment(measures: DocumentMeasures, name: string, visiting: Set<string>): Measure {
  const known = measures.fragments.get(name);
  if (known) return known;
  const fragment = measures.fragmentNodes.get(name);
  // unknown or cyclic spreads fail validation before this runs; measure them as empty all the same
  if (!fragment || visiting.has(name)) return { depth: 0, selections: 0 };
  visiting.add(name);
  const measure = measureSet(measures, fragment.selectionSet, visiting);
  visiting.delete(name);
  measures.fragments.set(name, measure);
  return measure;
}

/** Depth and expanded size of one operation, and the aliases and input nesting of its whole document. */
export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode): Measure & { aliases: number; inputDepth: number } {
  const measures = measuresOf(document);
  let measure = measures.operations.get(operation);
  if (!measure) {
    measure = measureSet(measures, operation.selectionSet, new Set());
    measures.operations.set(operation, measure);
  }
  return { ...measure, aliases: measures.aliases, inputDepth: measures.inputDepth };
}

// ---- nesting of input values ----

/** Nesting of objects and arrays in a JSON value: `"x"` is 0, `["x"]` 1, `{ and: [{}] }` 3. Iterative: any depth. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    for (const inner of Array.isArray(current) ? current : Object.values(current)) {
      if (inner !== null && typeof inner === 'object') stack.push([inner, level]);
    }
  }
  return deepest;
}

/** The deepest input object or list written in a document, measured the way jsonDepth measures a variable. */
function literalDepth(document: DocumentNode): number {
  let depth = 0;
  let deepest = 0;
  // graphql's visit keeps its own stack: a deep literal cannot overflow it
  const nest = {
    enter() {
      deepest = Math.max(deepest, ++depth);
    },
    leave() {
      depth--;
    },
  };
  visit(document, { ObjectValue: nest, ListValue: nest });
  return deepest;
}

/** The first variable (or extension) nested deeper than the limit, and its depth; null when none is. */
export function tooDeepVariable(limit: number, variables: Record<string, unknown> | undefined, extensions: Record<string, unknown> | undefined): [string, number] | null {
  for (const [values, what] of [[variables, (name: string) => `Variable "$${name}"`], [extensions, (name: string) => `extensions.${name}`]] as const) {
    for (const [name, value] of Object.entries(values ?? {})) {
      const depth = jsonDepth(value);
      if (depth > limit) return [what(name), depth];
    }
  }
  return null;
}

export function inputTooDeep(limits: Pick<QueryLimits, 'maxInputDepth'>, what: string, depth: number): GraphQLError {
  return limitError(
    ErrorCode.INPUT_TOO_DEEP,
    `${what} nests input objects and lists ${formatCount(depth)} levels deep; the limit is ${limits.maxInputDepth}. Write the condition flatter: and, or and in take lists of any length.`,
    limits.maxInputDepth,
    depth,
  );
}

// ---- operations the schema has no root for ----

/**
 * Refuses an operation whose type the schema has no root for (a subscription: the hub serves none, over HTTP or
 * otherwise) as a validation error; graphql-js 16 would validate it and then fail at execution, an internal error.
 * graphql-js 17 has this rule as KnownOperationTypesRule.
 */
export function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (schema.getRootType(node.operation)) return;
      context.reportError(new GraphQLError(`The hub serves no ${node.operation} operations.`, { nodes: node }));
    },
  };
}

/** Over HTTP: a subscription is refused as a validation error that says where subscriptions are served. */
export function subscriptionsOverWebSocketRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation !== 'subscription') return;
      context.reportError(new GraphQLError(notOverHttp().message, { nodes: node }));
    },
  };
}

// ---- cost ----

/**
 * A connection (a field with first/last) costs its page size times what it selects, plus one: the rows it may return
 * times their fields. `nodes(ids:)` costs the number of ids times its selection. A page above MAX_PAGE_SIZE counts as
 * MAX_PAGE_SIZE here, so that the resolver answers it with its own BAD_USER_INPUT.
 */
export function connectionEstimator(maxPageSize: number): ComplexityEstimator {
  const pageSize = (value: unknown) => (typeof value === 'number' ? Math.max(0, Math.min(value, maxPageSize)) : null);
  return ({ field, args, childComplexity }) => {
    if (field.args.some((arg) => arg.name === 'first') && field.args.some((arg) => arg.name === 'last')) {
      return (pageSize(args.first) ?? pageSize(args.last) ?? DEFAULT_PAGE_SIZE) * childComplexity + 1;
    }
    if (field.name === 'nodes' && Array.isArray(args.ids) && isListType(getNullableType(field.type))) {
      return args.ids.length * childComplexity;
    }
    return undefined;
  };
}

/** Fields that declare a type-graphql `complexity` first, then connections, then 1 per field. */
export function costEstimators(maxPageSize: number): ComplexityEstimator[] {
  return [fieldExtensionsEstimator(), connectionEstimator(maxPageSize), simpleEstimator({ defaultComplexity: 1 })];
}

/** Tokens the parser would read from a document, counted up to its first lexical error. */
export function countTokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) tokens++;
  } catch {
    // a syntax error: what was read so far
  }
  return tokens;
}

/** The SQLSTATE PostgreSQL sends for a statement cancelled by statement_timeout (query_canceled). */
const QUERY_CANCELED = '57014';

/**
 * Apollo's formatError: a parse failure past MAX_QUERY_TOKENS becomes QUERY_TOO_LARGE with the count (still HTTP 400),
 * and a statement cancelled by the statement timeout becomes QUERY_TIMEOUT with the limit, not an internal error;
 * other errors the request caused get their code from classifyRequestError.
 */
export function formatLimitErrors(limits: QueryLimits): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && error instanceof GraphQLError && error.source) {
      const tokens = countTokens(error.source.body);
      if (tokens > limits.maxQueryTokens) {
        return {
          message: `The document has ${formatCount(tokens)} tokens (names, values and punctuation); the limit is ${formatCount(limits.maxQueryTokens)}. Send a shorter query: select fewer fields, and pass long lists as variables.`,
          extensions: { code: ErrorCode.QUERY_TOO_LARGE, limit: limits.maxQueryTokens, value: tokens },
        };
      }
    }
    if (sqlStateOf(error) === QUERY_CANCELED) {
      return {
        message: `The database stopped a statement of this query after the statement timeout of ${formatCount(limits.statementTimeoutMs)} ms. Ask for smaller pages, fewer nested connections or a narrower filter.`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.QUERY_TIMEOUT, limit: limits.statementTimeoutMs },
      };
    }
    return classifyRequestError(formatted, error);
  };
}

/** The ApolloServer options that carry the limits, the operation types the hub serves, and the errors' codes. */
export function apolloLimitOptions(
  limits: QueryLimits,
): Pick<ApolloServerOptions<never>, 'parseOptions' | 'allowBatchedHttpRequests' | 'formatError' | 'validationRules'> {
  return {
    parseOptions: { maxTokens: limits.maxQueryTokens },
    allowBatchedHttpRequests: false,
    formatError: formatLimitErrors(limits),
    validationRules: [knownOperationTypesRule, subscriptionsOverWebSocketRule],
  };
}
