import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  GraphQLError,
  getNamedType,
  getVariableValues,
  isInputObjectType,
  typeFromAST,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * How the HTTP path executes documents: graphql-jit compiles a document into JavaScript once, and its runs then skip
 * graphql-js's walk of the selection sets (a tenth of a read's CPU on the job board's search). Apollo takes a custom
 * executor through its gateway interface (its migration guide's place for one).
 *
 * An operation is compiled at its `compileAfterRuns`th run (COMPILE_AFTER_RUNS, 2 by default; 0 never compiles): the
 * documents clients repeat are compiled, an analyst's one-off query costs no compilation (1 to 10 ms). Interpreted by
 * graphql-js instead:
 *   - operations with an input object variable: graphql-jit writes a parser inlined through every nested input type,
 *     and the hub's filter inputs (each type's filter names its relations' filters) grow it without bound (compiling
 *     CertificationBreakdown ran out of 3 GB);
 *   - subscriptions (served over WebSocket by graphql-js, src/http/live);
 *   - variables graphql-js refuses: its errors name the variable's definition, which Apollo answers 400 BAD_USER_INPUT.
 * The compiled operations kept are bounded (COMPILED_OPERATIONS_KEPT, the oldest dropped first): 25 to 90 kB each,
 * a caller repeating distinct documents cannot grow the process without bound.
 */
export interface CompiledExecution {
  gateway: GatewayInterface;
  /** How many runs went through compiled documents and through graphql-js (tests and the benchmark read them). */
  counts(): { compiled: number; interpreted: number; kept: number };
}

/** How many compiled operations are kept: far more than the clients' published operations (about 30). */
export const COMPILED_OPERATIONS_KEPT = 500;

export function compiledExecution(schema: GraphQLSchema, options: { compileAfterRuns: number }): CompiledExecution {
  // runs so far of operations not yet compiled, kept as long as Apollo keeps their document
  const runs = new WeakMap<OperationDefinitionNode, number>();
  // null: graphql-jit could not compile it, and it is not tried again
  const compiledOperations = new Map<OperationDefinitionNode, CompiledQuery | null>();
  let compiledRuns = 0;
  let interpretedRuns = 0;

  const executor: GatewayExecutor = async (request) => {
    const { document, context } = request;
    const variables = request.request.variables ?? {};
    // the name the client asked for: request.operationName is the one Apollo resolved, null when none matched
    const operationName = request.request.operationName ?? undefined;
    // no operation: Apollo could not pick one (an unknown operationName), and graphql-js's execute answers why
    const operation = request.operation as OperationDefinitionNode | undefined;
    const compiled = operation && options.compileAfterRuns > 0 && compilable(schema, operation) ? compiledFor(document, operation) : undefined;
    // graphql-js coerces the variables first either way: its refusals are the ones Apollo knows to answer 400
    if (operation && compiled && !('errors' in getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 }))) {
      const result = (await compiled.query(undefined, context, withDefaults(operation, variables))) as ExecutionResult;
      // variables graphql-js took and graphql-jit refused (no data at all): graphql-js answers them, as it would have
      if (result.data !== undefined) {
        compiledRuns++;
        return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
      }
    }
    interpretedRuns++;
    return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
  };

  function compiledFor(document: DocumentNode, operation: OperationDefinitionNode): CompiledQuery | undefined {
    const kept = compiledOperations.get(operation);
    if (kept !== undefined) return kept ?? undefined;
    const run = (runs.get(operation) ?? 0) + 1;
    runs.set(operation, run);
    if (run < options.compileAfterRuns) return undefined;
    const result = compileQuery(schema, document, operation.name?.value);
    // what graphql-jit cannot compile stays interpreted: graphql-js answers it as it always has
    const compiled = isCompiledQuery(result) ? result : null;
    if (compiledOperations.size >= COMPILED_OPERATIONS_KEPT) compiledOperations.delete(compiledOperations.keys().next().value!);
    compiledOperations.set(operation, compiled);
    return compiled ?? undefined;
  }

  return {
    counts: () => ({ compiled: compiledRuns, interpreted: interpretedRuns, kept: compiledOperations.size }),
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

/**
 * The variables with the defaults of those not given, written as a client would send them: graphql-jit refuses a
 * non-null variable left out even when the operation gives it a default (`$external: Boolean! = true`).
 */
function withDefaults(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  let filled: Record<string, unknown> | undefined;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.defaultValue && !(name in variables)) (filled ??= { ...variables })[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return filled ?? variables;
}

/**
 * A graphql-jit error as graphql-js would have located it: a GraphQLError of graphql-js with the original error, its
 * extensions (an object even when empty), path and locations. graphql-jit's own leaves extensions undefined when the
 * original has none, which the hub's error classification (and Apollo's) read.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const located = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined });
  if (error.locations) Object.defineProperty(located, 'locations', { value: error.locations, enumerable: true, configurable: true, writable: true });
  return located;
}

/** Whether graphql-jit is given the operation: a query or mutation none of whose variables is an input object. */
function compilable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  if (operation.operation === 'subscription') return false;
  return (operation.variableDefinitions ?? []).every((definition) => {
    const type = typeFromAST(schema, definition.type as never);
    return type !== undefined && !isInputObjectType(getNamedType(type));
  });
}
