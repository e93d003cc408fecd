import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Role } from '../../auth/viewer';
import type { TrustedDocuments } from '../../client/trusted-documents';
import { ErrorCode } from '../../errors';
import type { HubContext } from '../../graphql/context';

/** Whether a caller may run a document in production: callers with a token any, callers without one the trusted. */
export function mayRunInProduction(trusted: TrustedDocuments, role: Role, queryHash: string): boolean {
  return role !== Role.PUBLIC || Object.hasOwn(trusted, queryHash);
}

/**
 * Production: callers without a token may send only the trusted documents (by text or by hash), checked once the
 * operation is known and before it runs.
 */
export function trustedDocumentsOnly(trusted: TrustedDocuments): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, queryHash }) {
          if (!mayRunInProduction(trusted, contextValue.viewer.role, queryHash)) {
            throw new GraphQLError(
              'Without a token this hub runs only its published operations (schema/operations); send one of them, or a token for other queries.',
              { extensions: { code: ErrorCode.UNTRUSTED_DOCUMENT, http: { status: 403 } } },
            );
          }
        },
      };
    },
  };
}
