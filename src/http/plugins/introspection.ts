import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { Role } from '../../auth/viewer';
import { ErrorCode } from '../../errors';
import type { HubContext } from '../../graphql/context';

/** Roles that may ask for the schema in production. */
const INTROSPECTING_ROLES = new Set<Role>([Role.STATE_ANALYST, Role.ADMIN]);

export function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

/** Production: only analysts and administrators may introspect the schema, checked once the operation is known. */
export function introspectionForAnalysts(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          if (!INTROSPECTING_ROLES.has(contextValue.viewer.role) && introspects(document)) {
            throw new GraphQLError('Introspection is open to state analysts and administrators in production.', {
              extensions: { code: ErrorCode.INTROSPECTION_FORBIDDEN, http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
