import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { badInput } from '../errors';
import { markUnfit, pooledClientOf, type PooledConnection, type PooledKnexClient } from '../internals/knex-pool';
import { protocolOf, replanned, STALE_PLAN, StatementBatch, type PendingStatement } from '../internals/pg-statement-batch';
import { parameterized, preparedStatementsOf, type StatementNames } from './prepared';
import { isUnreachable, replicaMonitorOf } from './replicas';

/** The ORM the hub runs on, opened by src/db/orm.ts over every entity; the runner borrows its pooled connections. */
export type Orm = MikroORM<PostgreSqlDriver>;

/**
 * Reads run as plain SQL returning plain rows (no entity hydration): the fast read path measured in STACK.md.
 * One runner per request, so that the statements a request costs can be counted and reported.
 *
 * With read replicas (DATABASE_REPLICA_URLS), rows() reads from one replica, picked by MikroORM once per request so
 * that a request sees one replica's state; transaction() runs on the primary, and so do the request's reads from the
 * moment it writes, or from the start when it is a mutation (usePrimary, called by src/http/plugins/mutations-on-primary.ts).
 */
export class SqlRunner {
  statements = 0;
  /** The SQLSTATE of each run of a transaction PostgreSQL stopped and the hub ran again (src/graphql/mutation.ts). */
  readonly transactionRetries: string[] = [];
  private reader?: ReturnType<Orm['em']['getConnection']>;
  private readonly names: StatementNames | undefined;

  /** @param recorded when given, receives the text of every statement (the development header x-hub-debug-sql). */
  constructor(private readonly orm: Orm, readonly recorded?: string[]) {
    this.names = preparedStatementsOf(orm);
    this.recordedBindings = recorded ? [] : undefined;
  }

  /** With `recorded`, the values each recorded statement bound, in the same order (extensions.sqlBindings). */
  readonly recordedBindings?: unknown[][];

  /** The rest of the request reads on the primary: a mutation, whose answer must show what it wrote. */
  usePrimary(): void {
    this.reader = this.orm.em.getConnection('write');
  }

  /**
   * Bindings are positional `?`; pass arrays as one bound PostgreSQL array literal, see intArray(). On a PostgreSQL
   * server the statement is sent as a named prepared statement (src/sql/prepared.ts); otherwise, and behind a pooler
   * in transaction mode, as the text MikroORM's execute() would send (values written in by the platform's
   * formatQuery, one message of the simple query protocol: the embedded PGlite's socket server interleaves the
   * messages of concurrent connections, so the several messages of a statement with bound parameters could mix with
   * another's). Either way on a pooled connection directly, without knex's query runner or MikroORM's logging of each
   * statement: about 27 us less CPU per statement (npm run bench:read-path, test/bench/read-path.json).
   *
   * The reads a request issues together (a page and its count; sibling fields' loaders) leave together, once the
   * resolvers running now have issued theirs: each on a connection of its own when no other read is in flight, so
   * that idle backends run them side by side; otherwise as one message on one connection (the database's cores are
   * shared already, and a message per statement would cost it a round trip and a wake-up each). See StatementBatch
   * and sideBySide().
   */
  rows<T = Record<string, unknown>>(sql: string, bindings: unknown[] = []): Promise<T[]> {
    this.count(sql, bindings);
    const statement = this.statementOf(sql, bindings);
    return new Promise<T[]>((resolve, reject) => {
      this.pending.push({ ...statement, resolve: resolve as (rows: unknown[]) => void, reject });
      // as DataLoader schedules its batches: after the promise jobs queued now, which may issue more reads
      if (this.pending.length === 1) void settled.then(() => process.nextTick(this.sendPending));
    });
  }

  private pending: PendingStatement[] = [];

  private readonly sendPending = (): void => {
    const statements = this.pending;
    this.pending = [];
    try {
      const primary = this.orm.em.getConnection('write');
      const replicas = replicaMonitorOf(this.orm);
      // a replica believed up (src/sql/replicas.ts), else the primary; MikroORM's random pick where none is watched
      this.reader ??= replicas ? (replicas.pick() ?? primary) : this.orm.em.getConnection('read');
      const reader = this.reader;
      const client = pooledClientOf(reader);
      // a replica that cannot be reached is marked down, and the reads go to the primary instead of failing
      const fallback =
        reader === primary
          ? undefined
          : () => {
              replicas?.markDown(reader);
              this.reader = primary;
              return pooledClientOf(primary);
            };
      if (statements.length === 1 || sideBySide(client, statements.length)) for (const statement of statements) void this.send(client, [statement], fallback);
      else void this.send(client, statements, fallback);
    } catch (error) {
      // outside any promise here: what throws (a pool closed under the request) must reach the reads, not the process
      for (const statement of statements) statement.reject(error);
    }
  };

  private async send(client: PooledKnexClient, statements: PendingStatement[], fallback?: () => PooledKnexClient): Promise<void> {
    let connection: PooledConnection;
    try {
      connection = await client.acquireConnection();
    } catch (error) {
      if (fallback && isUnreachable(error)) return this.send(fallback(), statements);
      for (const statement of statements) statement.reject(error);
      return;
    }
    let failure: unknown;
    try {
      if (statements.length === 1) {
        statements[0].resolve((await runOne(connection, statements[0], this.names)).rows);
      } else {
        if (this.names) forgetIfFull(connection, statements, this.names);
        failure = await new Promise<unknown>((done) => {
          const batch = new StatementBatch(statements, connection, (unrun, eachAlone) => {
            if (eachAlone) for (const statement of unrun) void this.send(client, [statement], fallback);
            else void this.send(client, unrun, fallback);
          });
          batch.callback = done;
          connection.query(batch);
        });
      }
    } catch (error) {
      failure = error;
      if (fallback && statements.length === 1 && isUnreachable(error)) {
        void this.send(fallback(), statements);
      } else if (statements.length === 1 && replanned(statements[0], error)) {
        // this connection is replaced (unfitForReuse); another prepares the statement for the table as it is now
        void this.send(client, statements, fallback);
      } else {
        // the ones settled already keep their answer
        for (const statement of statements) statement.reject(error);
      }
    } finally {
      // a backend ending its session closes the connection next, and an error raised by pg itself (a read timeout)
      // can leave it mid-answer: the pool must not lend it again
      if (failure !== undefined && unfitForReuse(failure)) markUnfit(connection, failure);
      void client.releaseConnection(connection);
    }
  }

  /**
   * Runs `work` in one transaction, on the primary: committed when it resolves, rolled back when it throws. Its
   * statements are counted and recorded like the reads, and sent the same way: BEGIN, the statements and COMMIT on one
   * pooled connection. Not through knex's transactions: each built a knex instance of its own (about 22 kB, a hundred
   * closures) that outlived the young generation, so that every scavenge copied megabytes and paused the requests it
   * caught (npm run bench: the mutation mix's p99).
   */
  async transaction<T>(work: (rows: TransactionRows) => Promise<T>): Promise<T> {
    this.usePrimary();
    const client = pooledClientOf(this.orm.em.getConnection('write'));
    const connection = await client.acquireConnection();
    try {
      await connection.query('begin');
      const result = await work(async <R>(sql: string, bindings: unknown[] = []) => {
        this.count(sql, bindings);
        return (await runOne(connection, this.statementOf(sql, bindings), this.names)).rows as R[];
      });
      await connection.query('commit');
      return result;
    } catch (error) {
      // after a failed COMMIT the transaction is over already, and ROLLBACK only warns
      await connection.query('rollback').catch((rollbackError: unknown) => {
        markUnfit(connection, rollbackError);
      });
      // its prepared plans no longer fit the tables: the mutation's retry runs on another connection
      if ((error as { code?: unknown }).code === STALE_PLAN) markUnfit(connection, error);
      throw error;
    } finally {
      void client.releaseConnection(connection);
    }
  }

  /** The statement as it is sent: parameterized and named when prepared statements are on, else its text. */
  private statementOf(sql: string, bindings: unknown[]): Pick<PendingStatement, 'text' | 'values' | 'name'> {
    return (this.names && parameterized(sql, bindings, this.names)) || { text: this.orm.em.getPlatform().formatQuery(sql, bindings) };
  }

  private count(sql: string, bindings: unknown[]): void {
    // PostgreSQL text cannot hold U+0000: refuse it here, where every bound value of every statement passes
    if (bindings.some((value) => typeof value === 'string' && value.includes('\u0000'))) {
      throw badInput('Text may not contain the NUL character (U+0000): PostgreSQL can neither store nor compare it');
    }
    this.statements++;
    this.recorded?.push(sql);
    this.recordedBindings?.push(bindings);
  }
}

/**
 * Whether reads issued together should run side by side: only when no other read holds a connection of the pool, and
 * it has an idle connection (or room to open one) for each. A request alone then gets the database's cores to itself;
 * with other reads in flight the cores are shared already, and separate messages would only add round trips.
 */
function sideBySide(client: PooledKnexClient, statements: number): boolean {
  const pool = client.pool;
  return pool.numUsed() === 0 && pool.numPendingAcquires() === 0 && pool.max - pool.numPendingCreates() >= statements;
}

const settled = Promise.resolve();

/** One statement on a connection: as text, or as its named prepared statement (pg records what it prepared). */
function runOne(connection: PooledConnection, statement: Pick<PendingStatement, 'text' | 'values' | 'name'>, names: StatementNames | undefined): Promise<{ rows: unknown[] }> {
  if (!statement.values) return connection.query(statement.text);
  if (names) forgetIfFull(connection, [statement], names);
  return connection.query({ name: statement.name, text: statement.text, values: statement.values });
}

/**
 * A connection that has prepared as many statements as it may keeps the ones it has, sends new shapes unnamed and is
 * replaced by a fresh connection when it is released, so that no PostgreSQL session holds more than maxPerConnection.
 */
function forgetIfFull(connection: PooledConnection, statements: Pick<PendingStatement, 'name'>[], names: StatementNames): void {
  const prepared = protocolOf(connection).parsedStatements;
  if (statements.every((statement) => !statement.name || prepared[statement.name] !== undefined)) return;
  if (Object.keys(prepared).length < names.maxPerConnection) return;
  for (const statement of statements) if (statement.name && prepared[statement.name] === undefined) statement.name = undefined;
  markUnfit(connection, `replaced: it holds the most prepared statements a connection may (${names.maxPerConnection})`);
}

/**
 * Whether a connection that failed with this error must not be lent again: PostgreSQL closes the session after the
 * SQLSTATE classes 57P (a terminated backend, a shutdown) and 08 (connection exceptions), read by code whatever the
 * language of its messages; an error without a code was raised by pg itself (a read timeout, a broken socket) and can
 * leave the connection mid-answer. A prepared plan that no longer fits its table (STALE_PLAN) fails on that session
 * until it is prepared again: a fresh connection prepares the statements anew.
 */
function unfitForReuse(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code !== 'string' || code.startsWith('57P') || code.startsWith('08') || code === STALE_PLAN;
}

/** The statements of one transaction: like SqlRunner.rows, inside it. */
export type TransactionRows = <T = Record<string, unknown>>(sql: string, bindings?: unknown[]) => Promise<T[]>;

/** A PostgreSQL array literal of integers: one bound parameter whatever the number of keys. */
export function intArray(keys: readonly number[]): string {
  return `{${keys.join(',')}}`;
}

/** A PostgreSQL array literal of text values, each quoted and escaped: one bound parameter. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export { quoteIdent } from './identifiers';
