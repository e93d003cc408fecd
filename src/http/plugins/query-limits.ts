import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { badInput, ErrorCode } from '../../errors';
import { DEFAULT_PAGE_SIZE } from '../../graphql/connection';
import { costEstimators, formatCount, inputTooDeep, limitError, measureOperation, tooDeepVariable, type QueryLimits } from '../../graphql/limits';
import { PerOperationCache } from '../../graphql/operation-cache';

export interface CheckedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode | undefined;
  variables: Record<string, unknown> | undefined;
  extensions: Record<string, unknown> | undefined;
  schema: GraphQLSchema;
}

/**
 * The check of an operation's depth, aliases and cost, throwing the limit's error: the HTTP path's (queryLimitsPlugin)
 * and the subscriptions' (src/http/live/) alike.
 */
export function operationLimits(limits: QueryLimits): (checked: CheckedOperation) => void {
  const estimators = costEstimators(limits.maxPageSize);
  // per parsed operation, the cost of the variables it was last sent with
  const costs = new PerOperationCache<number>(64);
  return ({ document, operation, variables, extensions, schema }) => {
    const request = { variables, extensions };
    // first, before anything walks the values recursively: graphql-js's coercion of variables and arguments,
    // the cost check's and the response cache's JSON of the variables (no hook before this one reads them)
    const deepVariable = tooDeepVariable(limits.maxInputDepth, request.variables, request.extensions);
    if (deepVariable) throw inputTooDeep(limits, ...deepVariable);
    if (!operation) return;
    const { depth, aliases, selections, inputDepth } = measureOperation(document, operation);
    if (inputDepth > limits.maxInputDepth) throw inputTooDeep(limits, 'An argument written in the query', inputDepth);
    if (depth > limits.maxQueryDepth) {
      throw limitError(
        ErrorCode.QUERY_TOO_DEEP,
        `The query nests fields ${depth} levels deep; the limit is ${limits.maxQueryDepth}. Select fewer nested levels, or read the deeper records in a second query (by their ids with nodes(ids:)).`,
        limits.maxQueryDepth,
        depth,
      );
    }
    if (aliases > limits.maxQueryAliases) {
      throw limitError(
        ErrorCode.TOO_MANY_ALIASES,
        `The document uses ${formatCount(aliases)} aliases; the limit is ${formatCount(limits.maxQueryAliases)}. Use fewer aliases: a list field with a filter (code: { in: [...] }) reads many records at once.`,
        limits.maxQueryAliases,
        aliases,
      );
    }
    // each field costs at least 1: a document whose fragments expand past the limit is refused without walking them all
    if (selections > limits.maxQueryCost) {
      throw limitError(
        ErrorCode.QUERY_TOO_COSTLY,
        `The query expands to ${formatCount(selections)} fields and fragments once its fragments are spread, so its cost exceeds the limit of ${formatCount(limits.maxQueryCost)}. Spread fewer fragments, or select fewer fields.`,
        limits.maxQueryCost,
        selections,
      );
    }
    // the cost depends on the operation and its variables alone: a client repeating a query is not walked again
    const cost = costs.get(operation, JSON.stringify(request.variables ?? {}), () => {
      try {
        return getComplexity({
          schema,
          query: document,
          variables: request.variables ?? {},
          operationName: operation.name?.value,
          estimators,
          maxQueryNodes: selections + 2,
        });
      } catch (error) {
        // variables that do not fit the operation: the same answer execution would give
        if (error instanceof GraphQLError) throw badInput(error.message);
        throw error;
      }
    });
    if (cost > limits.maxQueryCost) {
      throw limitError(
        ErrorCode.QUERY_TOO_COSTLY,
        `The query may cost up to ${formatCount(cost)}; the limit is ${formatCount(limits.maxQueryCost)}. A connection costs its page size (first or last, ${DEFAULT_PAGE_SIZE} when neither is given) times what it selects: ask for smaller pages, fewer nested connections or fewer fields, and page with after/before.`,
        limits.maxQueryCost,
        cost,
      );
    }
  };
}

/**
 * Refuses an operation over its depth, alias or cost limit before it executes (so before any SQL). `check` is the
 * HTTP path's one operationLimits, which the direct path runs too (src/http/direct-answers.ts).
 */
export function queryLimitsPlugin(check: (checked: CheckedOperation) => void): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          check({ document, operation, variables: request.variables, extensions: request.extensions, schema });
        },
      };
    },
  };
}

