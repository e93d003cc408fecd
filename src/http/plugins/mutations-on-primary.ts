import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../../graphql/context';

/** A mutation reads on the primary, its answer included, never on a read replica (docs/operations.md, "Read replicas"). */
export function mutationsOnPrimary(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (operation?.operation === 'mutation') contextValue.sql.usePrimary();
        },
      };
    },
  };
}
