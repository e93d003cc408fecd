import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  GraphQLError,
  getNamedType,
  getVariableValues,
  isInputObjectType,
  typeFromAST,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { measureOperation } from './limits';

/**
 * How the HTTP path executes documents: graphql-jit compiles a query into JavaScript once, and its runs then skip
 * graphql-js's walk of the selection sets (a tenth of a read's CPU on the job board's search). Apollo takes a custom
 * executor through its gateway interface (its migration guide's place for one).
 *
 * A query is compiled at its `compileAfterRuns`th run (COMPILE_AFTER_RUNS, 2 by default; 0 never compiles): the
 * documents clients repeat are compiled, an analyst's one-off query costs no compilation (1 to 10 ms). graphql-jit
 * answers some documents otherwise than graphql-js (test/compiled-differential.test.ts found each), so these stay with
 * graphql-js:
 *   - mutations and subscriptions: a variable left out inside a literal input object reaches the resolver as null
 *     (an update would clear the field), and neither is a hot read;
 *   - documents with @include or @skip: graphql-jit hands resolvers the excluded copies of a field too (the planner
 *     then finds no plan for it), and a condition on a shared fragment's spread leaks to its other spreads;
 *   - aliases or variables named as Object.prototype's properties (`__proto__`, `constructor`);
 *   - operations with an input object variable: graphql-jit writes a parser inlined through every nested input type,
 *     and the hub's filter inputs (each type's filter names its relations' filters) grow it without bound (compiling
 *     CertificationBreakdown ran out of 3 GB);
 *   - documents expanding to more than MAX_COMPILED_SELECTIONS fields once their fragments are spread: compiling
 *     runs on the event loop, and its time grows with them;
 *   - a run that leaves out a variable used inside a literal input object or list (same null as above), or whose
 *     variables graphql-js refuses (its errors name the variable's definition, which Apollo answers 400).
 * Compiled runs skip Apollo's willResolveField hook (no plugin of the hub has one). An abstract type's resolveType
 * must not throw: graphql-jit calls it outside its error handling (test/compiled-execution.test.ts checks them).
 * One difference remains, in what is left undone rather than in the answer: when a non-null root field fails,
 * graphql-js answers at once, while a compiled query still runs the other root fields (their SQL too).
 * The compiled operations kept are bounded (COMPILED_OPERATIONS_KEPT, the least recently run dropped first, to be
 * compiled again only after COMPILE_AFTER_RUNS more runs): 25 to 90 kB each, so at most about 45 MB.
 */
export interface CompiledExecution {
  gateway: GatewayInterface;
  /**
   * A query document a client sent and Apollo ran compiled, looked up by its text and the operation name sent with it:
   * what the direct path (src/http/direct-answers.ts) answers without Apollo's pipeline. Undefined until the text
   * has run compiled, and again once its compiled operation is dropped.
   */
  repeated(query: string, operationName: string | undefined): RepeatedQuery | undefined;
  /**
   * Hands Apollo a result already computed for a context (the direct path's, when it holds errors): Apollo's pipeline
   * then formats, masks, logs and counts it without running the operation a second time.
   */
  answerWith(context: { sql: object }, result: ExecutionResult): void;
  /** How many runs went through compiled documents and through graphql-js, and how many compiled operations are kept. */
  counts(): { compiled: number; interpreted: number; kept: number };
}

/** How many compiled operations are kept: far more than the clients' published operations (about 30). */
export const COMPILED_OPERATIONS_KEPT = 500;

/** The most fields (fragments spread) a compiled document expands to: the largest published operation has about 60. */
export const MAX_COMPILED_SELECTIONS = 1_000;

/** A query already run compiled, as the direct path runs it again. */
export interface RepeatedQuery {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Apollo's hash of the text (SHA-256, hex): the key of the trusted documents. */
  queryHash: string;
  /**
   * Runs it compiled with these variables as the HTTP path would; resolves to undefined when this run must be
   * interpreted instead (variables graphql-js refuses, or that leave out one used inside a literal input).
   */
  run(context: unknown, variables: Record<string, unknown>): Promise<ExecutionResult | undefined>;
}

/** What is known of an operation once its document is read: whether it may be compiled, and its runs so far. */
export interface Compilability {
  compilable: boolean;
  /** Variables used inside literal input objects or lists, without a default: a run leaving one out is interpreted. */
  nestedVariables: string[];
  runs: number;
}

export function compiledExecution(schema: GraphQLSchema, options: { compileAfterRuns: number }): CompiledExecution {
  // kept as long as Apollo keeps the parsed document
  const compilabilities = new WeakMap<OperationDefinitionNode, Compilability>();
  // least recently run first; null: graphql-jit could not compile it, and it is not tried again
  const compiledOperations = new Map<OperationDefinitionNode, CompiledQuery | null>();
  let compiledRuns = 0;
  let interpretedRuns = 0;
  // the texts run compiled, by text then by the operation name sent (null: none); each entry's keys, to drop it
  const repeatedQueries = new Map<string, Map<string | null, RepeatedQuery>>();
  const repeatedKeys = new Map<OperationDefinitionNode, [string, string | null][]>();
  // results the direct path computed, which Apollo's pipeline answers: keyed by the request's SqlRunner, which
  // Apollo's shallow copy of the context shares
  const computed = new WeakMap<object, ExecutionResult>();

  /** The compiled run of an operation: undefined when it runs interpreted, a promise of its result otherwise. */
  function runCompiled(compiled: CompiledQuery, operation: OperationDefinitionNode, context: unknown, variables: Record<string, unknown>) {
    // graphql-js coerces the variables first either way: its refusals are the ones Apollo knows to answer 400
    if ('errors' in getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 })) return undefined;
    return (compiled.query(undefined, context, withDefaults(operation, variables)) as Promise<ExecutionResult> | ExecutionResult);
  }

  /** A compiled result as Apollo gets it; undefined when graphql-jit refused the variables graphql-js took. */
  function compiledResult(result: ExecutionResult): ExecutionResult | undefined {
    // variables graphql-js took and graphql-jit refused (no data at all): graphql-js answers them, as it would have
    if (result.data === undefined) return undefined;
    compiledRuns++;
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  }

  /** The operation run compiled, as Apollo gets its result; undefined when this run must be interpreted. */
  async function compiledRun(document: DocumentNode, operation: OperationDefinitionNode, context: unknown, variables: Record<string, unknown>) {
    const compiled = compiledFor(document, operation, variables);
    const run = compiled ? runCompiled(compiled, operation, context, variables) : undefined;
    return run && compiledResult(await run);
  }

  const executor: GatewayExecutor = async (request) => {
    const { document, context } = request;
    const runner = (context as { sql: object }).sql;
    const ready = computed.get(runner);
    if (ready) {
      computed.delete(runner);
      return ready;
    }
    const variables = request.request.variables ?? {};
    // the name the client asked for: request.operationName is the one Apollo resolved, null when none matched
    const operationName = request.request.operationName ?? undefined;
    // no operation: Apollo could not pick one (an unknown operationName), and graphql-js's execute answers why
    const operation = request.operation as OperationDefinitionNode | undefined;
    const result = operation && options.compileAfterRuns > 0 ? await compiledRun(document, operation, context, variables) : undefined;
    if (result) {
      // the text run: the one sent, or the one a persisted hash stands for
      if (request.source !== undefined) remember(request.source, request.request.operationName ?? null, document, operation!, request.queryHash);
      return result;
    }
    interpretedRuns++;
    return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
  };

  /** Keeps a text run compiled for the direct path, while its compiled operation is kept. */
  function remember(query: string, operationName: string | null, document: DocumentNode, operation: OperationDefinitionNode, queryHash: string): void {
    // dropped from the compiled operations while it ran: nothing would forget the entry
    if (!compiledOperations.has(operation)) return;
    let byName = repeatedQueries.get(query);
    if (byName?.has(operationName)) return;
    if (!byName) repeatedQueries.set(query, (byName = new Map()));
    byName.set(operationName, {
      document,
      operation,
      queryHash,
      run: (context, variables) => compiledRun(document, operation, context, variables),
    });
    const keys = repeatedKeys.get(operation) ?? [];
    keys.push([query, operationName]);
    repeatedKeys.set(operation, keys);
  }

  function forget(operation: OperationDefinitionNode): void {
    for (const [query, operationName] of repeatedKeys.get(operation) ?? []) {
      const byName = repeatedQueries.get(query);
      byName?.delete(operationName);
      if (byName?.size === 0) repeatedQueries.delete(query);
    }
    repeatedKeys.delete(operation);
  }

  function compiledFor(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): CompiledQuery | undefined {
    let known = compilabilities.get(operation);
    if (!known) compilabilities.set(operation, (known = compilabilityOf(schema, document, operation)));
    if (!known.compilable || known.nestedVariables.some((name) => !Object.hasOwn(variables, name))) return undefined;
    const kept = compiledOperations.get(operation);
    if (kept !== undefined) {
      // now the most recently run
      compiledOperations.delete(operation);
      compiledOperations.set(operation, kept);
      return kept ?? undefined;
    }
    if (++known.runs < options.compileAfterRuns) return undefined;
    const result = compileQuery(schema, document, operation.name?.value);
    // what graphql-jit cannot compile stays interpreted: graphql-js answers it as it always has
    const compiled = isCompiledQuery(result) ? result : null;
    if (compiledOperations.size >= COMPILED_OPERATIONS_KEPT) {
      const dropped = compiledOperations.keys().next().value!;
      compiledOperations.delete(dropped);
      const droppedCompilability = compilabilities.get(dropped);
      if (droppedCompilability) droppedCompilability.runs = 0;
      forget(dropped);
    }
    compiledOperations.set(operation, compiled);
    return compiled ?? undefined;
  }

  return {
    counts: () => ({ compiled: compiledRuns, interpreted: interpretedRuns, kept: compiledOperations.size }),
    repeated: (query, operationName) => repeatedQueries.get(query)?.get(operationName ?? null),
    answerWith: (context, result) => void computed.set(context.sql, result),
    gateway: {
      load: async () => ({ schema, executor }),
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: '' });
        return () => undefined;
      },
      stop: async () => undefined,
    },
  };
}

const CONDITIONAL_DIRECTIVES = new Set(['include', 'skip']);
const isPrototypeName = (name: string) => name in Object.prototype;

/** Whether graphql-jit answers the operation as graphql-js would (see CompiledExecution), and its nested variables. */
export function compilabilityOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Compilability {
  const compilability: Compilability = { compilable: operation.operation === 'query', nestedVariables: [], runs: 0 };
  if (measureOperation(document, operation).selections > MAX_COMPILED_SELECTIONS) compilability.compilable = false;
  const definitions = operation.variableDefinitions ?? [];
  for (const definition of definitions) {
    const type = typeFromAST(schema, definition.type);
    if (!type || isInputObjectType(getNamedType(type)) || isPrototypeName(definition.variable.name.value)) compilability.compilable = false;
  }
  const defaults = new Set(definitions.filter((d) => d.defaultValue).map((d) => d.variable.name.value));
  const nested = new Set<string>();
  let literalDepth = 0;
  // the whole document: the fragments an operation spreads are in it, and a few more do no harm
  visit(document, {
    Directive: (node) => void (CONDITIONAL_DIRECTIVES.has(node.name.value) && (compilability.compilable = false)),
    Field: (node) => void (node.alias && isPrototypeName(node.alias.value) && (compilability.compilable = false)),
    ObjectValue: { enter: () => void literalDepth++, leave: () => void literalDepth-- },
    ListValue: { enter: () => void literalDepth++, leave: () => void literalDepth-- },
    Variable: (node) => void (literalDepth > 0 && !defaults.has(node.name.value) && nested.add(node.name.value)),
  });
  compilability.nestedVariables = [...nested];
  return compilability;
}

/**
 * The variables with the defaults of those not given, written as a client would send them: graphql-jit refuses a
 * non-null variable left out even when the operation gives it a default (`$external: Boolean! = true`).
 */
function withDefaults(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  let filled: Record<string, unknown> | undefined;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.defaultValue && !Object.hasOwn(variables, name)) (filled ??= { ...variables })[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return filled ?? variables;
}

/**
 * A graphql-jit error as graphql-js would have located it: a GraphQLError of graphql-js with the original error, its
 * extensions (an object even when empty), path and locations. graphql-jit's own leaves extensions undefined when the
 * original has none, which the hub's error classification (and Apollo's) read.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  // graphql-jit's own errors (a scalar that cannot serialize, a null in a non-null field) have no original: the one
  // logged then carries graphql-jit's stack, which points at the code that found it
  const original = error.originalError ?? Object.assign(new Error(error.message), { stack: error.stack });
  const located = new GraphQLError(error.message, { path: error.path, originalError: original, extensions: error.extensions ?? undefined });
  if (error.locations) Object.defineProperty(located, 'locations', { value: error.locations, enumerable: true, configurable: true, writable: true });
  return located;
}
