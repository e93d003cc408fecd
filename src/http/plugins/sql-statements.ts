import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../../graphql/context';

/**
 * Outside production, each answer says how many SQL statements the request cost (extensions.sqlStatements: the number
 * a reviewer checks for N+1) and, when asked with x-hub-debug-sql, their text (extensions.sql) and the values each
 * bound (extensions.sqlBindings).
 */
export function sqlStatementsExtension(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, sqlStatements: contextValue.sql.statements };
          if (contextValue.sql.recorded) {
            result.extensions.sql = contextValue.sql.recorded;
            result.extensions.sqlBindings = contextValue.sql.recordedBindings;
          }
        },
      };
    },
  };
}
