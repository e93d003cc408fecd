import type { GraphQLFormattedError, OperationTypeNode } from 'graphql';

/** What one GraphQL request was, for its metrics, its log line and its span. */
export interface RequestSummary {
  /** The operation's name, ANONYMOUS, INVALID or REFUSED. */
  operation: string;
  /** Once the operation was found in a valid document: its type, and its name when it has one. */
  operationType?: OperationTypeNode;
  operationName?: string;
  status: number;
  errorCodes: string[];
  sqlStatements: number;
  /** The SQLSTATE of each transaction run again after PostgreSQL stopped it (a deadlock, a serialization conflict). */
  transactionRetries?: readonly string[];
  role?: string;
}

/** The extensions.code of each error of an answer; UNKNOWN for an error without one. */
export function errorCodes(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  return (errors ?? []).map((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : 'UNKNOWN';
  });
}
