import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { HubContext } from '../../graphql/context';
import { ANONYMOUS, INVALID, type Observability } from '../observability';
import { errorCodes } from '../request-summary';

/**
 * Each request's log line, metrics and span, recorded as its answer is about to be sent. It must come after the plugin
 * that masks unexpected errors, so that the codes counted are the codes sent (willSendResponse hooks run in the order
 * of the plugins).
 */
export function requestMetrics(observability: Observability): ApolloServerPlugin<HubContext> {
  // one listener for every request, and no per-field hooks: the cost stays out of the resolvers
  const listener: GraphQLRequestListener<HubContext> = {
    willSendResponse: async ({ contextValue, operation, response }) => {
      const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
      observability.recordAnswer(contextValue, {
        // set once the document parsed and validated and the operation asked for was found in it
        operation: operation ? (operation.name?.value ?? ANONYMOUS) : INVALID,
        operationType: operation?.operation,
        operationName: operation?.name?.value,
        status: response.http.status ?? 200,
        errorCodes: errorCodes(result.errors),
        sqlStatements: contextValue.sql.statements,
        transactionRetries: contextValue.sql.transactionRetries,
        role: contextValue.viewer.role,
      });
    },
  };
  return { requestDidStart: async () => listener };
}
