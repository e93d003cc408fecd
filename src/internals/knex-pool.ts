/**
 * The pool of pg connections under MikroORM: knex's client and its tarn pool, which neither MikroORM nor knex export a
 * type for. The hub's SQL borrows connections from it directly (src/sql/runner.ts) and the metrics read its counts
 * (src/http/observability.ts). Tested in test/sql-runner.test.ts and test/internals.test.ts.
 */
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { StatementBatch, TypeParsers } from './pg-statement-batch';

/** A pg connection of knex's pool; knex marks one that failed, and its pool then destroys it rather than lend it. */
export interface PooledConnection extends TypeParsers {
  query(text: string): Promise<{ rows: unknown[] }>;
  query(statement: { name?: string; text: string; values: readonly (string | Buffer | null)[] }): Promise<{ rows: unknown[] }>;
  query(batch: StatementBatch): StatementBatch;
  __knex__disposed?: unknown;
}

/** knex's tarn pool: its size and what it holds. */
export interface ConnectionPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingCreates(): number;
  numPendingAcquires(): number;
}

/** The part of knex's client the hub's SQL uses: its pool of pg connections, with their session settings. */
export interface PooledKnexClient {
  acquireConnection(): Promise<PooledConnection>;
  releaseConnection(connection: PooledConnection): Promise<void>;
  pool: ConnectionPool;
}

/** The knex client of one of MikroORM's connections (the primary's or a replica's). */
export function pooledClientOf(connection: unknown): PooledKnexClient {
  return (connection as PostgreSqlConnection).getKnex().client as unknown as PooledKnexClient;
}

/** Marks a connection the pool must destroy instead of lending it again (knex's own mark, read by its validation). */
export function markUnfit(connection: PooledConnection, reason: unknown): void {
  connection.__knex__disposed ??= reason;
}
