import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { isClientError } from '../../graphql/request-errors';

/** Logs every error the hub did not expect, with its stack and the request id; the caller's own errors are not logged. */
export function errorLogging(): ApolloServerPlugin<HubContext> {
  return {
    // an error Apollo could not answer within the request (a hook that threw): its log line names the request too
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      requestContext.logger.error(`request ${requestContext.contextValue.requestId}: ${error.stack ?? error.message}`);
    },
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, logger }) {
          for (const error of errors) {
            // Apollo sends some refusals of a request without a code, with a 4xx: the caller's, not the hub's, errors
            if ((!error.extensions?.code || error.extensions.code === ErrorCode.INTERNAL_SERVER_ERROR) && !isClientError(error)) {
              logger.error(`request ${contextValue.requestId}: ${error.originalError?.stack ?? error.stack ?? error.message}`);
            }
          }
        },
      };
    },
  };
}
