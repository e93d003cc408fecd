import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../errors';
import type { HubContext } from '../../graphql/context';

/** Errors the hub did not expect reach clients as a code and a request id, never as a message, stack or SQL. */
export function maskUnexpected(error: GraphQLFormattedError, requestId: string): GraphQLFormattedError {
  const code = error.extensions?.code;
  if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) return error;
  return {
    message: `Internal server error. Quote request id ${requestId} when reporting it.`,
    locations: error.locations,
    path: error.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
  };
}

export function errorMasking(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors) result.errors = result.errors.map((error) => maskUnexpected(error, contextValue.requestId));
        },
      };
    },
  };
}
