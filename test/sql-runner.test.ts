/** SqlRunner.transaction: BEGIN, the statements and COMMIT on one pooled connection, rolled back on any failure. */
import 'reflect-metadata';
import { Client } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openOrm, type Orm } from '../src/db/orm';
import { SqlRunner } from '../src/graphql/sql';
import { startTestDatabase, type TestDatabase } from './kit';

describe('SqlRunner.transaction', () => {
  let db: TestDatabase;
  let orm: Orm;
  // other sessions' view of the table, on a connection of its own
  let observer: Client;

  beforeAll(async () => {
    db = await startTestDatabase();
    // one pooled connection: each transaction gets the connection the one before it used
    orm = await openOrm(db.url, 1);
    observer = new Client({ connectionString: db.url });
    await observer.connect();
    await observer.query('create table probe (id int primary key, note text not null)');
  });

  afterAll(async () => {
    await observer?.end();
    await orm?.close(true);
    await db?.close();
  });

  beforeEach(async () => {
    await observer.query('truncate probe');
  });

  const stored = async () => (await observer.query<{ id: number; note: string }>('select id, note from probe order by id')).rows;
  const backendPid = async (rows: (sql: string) => Promise<{ pid: number }[]>) => (await rows('select pg_backend_pid() as pid'))[0].pid;

  it('commits what its work wrote, on one connection, and counts only the statements of the work', async () => {
    const runner = new SqlRunner(orm, []);
    const result = await runner.transaction(async (rows) => {
      await rows('insert into probe (id, note) values (?, ?)', [1, "it's one"]);
      // another session sees nothing before COMMIT: the statements run inside one transaction (the embedded PGlite's
      // socket server holds other connections' statements until the transaction ends, so it is asked on a server only)
      if (db.kind === 'server') expect(await stored()).toEqual([]);
      const [first, second] = await Promise.all([rows<{ xid: string }>('select txid_current() as xid'), rows<{ xid: string }>('select txid_current() as xid')]);
      expect(first[0].xid).toBe(second[0].xid);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await stored()).toEqual([{ id: 1, note: "it's one" }]);
    expect(runner.statements).toBe(3);
    expect(runner.recorded).toHaveLength(3);
  });

  it('rolls back when its work throws, and the connection serves the next transaction', async () => {
    const runner = new SqlRunner(orm);
    const refusal = new Error('refused after writing');
    await expect(
      runner.transaction(async (rows) => {
        await rows('insert into probe (id, note) values (?, ?)', [1, 'written, then undone']);
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await stored()).toEqual([]);
    await new SqlRunner(orm).transaction((rows) => rows('insert into probe (id, note) values (?, ?)', [2, 'kept']));
    expect(await stored()).toEqual([{ id: 2, note: 'kept' }]);
  });

  it("rolls back when a statement fails, with PostgreSQL's error code, and the next transaction starts clean", async () => {
    await observer.query(`insert into probe (id, note) values (1, 'there before')`);
    const runner = new SqlRunner(orm);
    await expect(
      runner.transaction(async (rows) => {
        await rows('insert into probe (id, note) values (?, ?)', [2, 'undone with the failure']);
        await rows('insert into probe (id, note) values (?, ?)', [1, 'a duplicate key']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await stored()).toEqual([{ id: 1, note: 'there before' }]);
    // no "current transaction is aborted": the failed transaction ended with the request
    const [state] = await new SqlRunner(orm).transaction((rows) => rows<{ count: number }>('select count(*)::int as count from probe'));
    expect(state.count).toBe(1);
  });

  it('rolls back when COMMIT fails (a deferred constraint)', async () => {
    await observer.query(`create table deferred_probe (id int, constraint one_each unique (id) deferrable initially deferred)`);
    try {
      await expect(
        new SqlRunner(orm).transaction(async (rows) => {
          await rows('insert into deferred_probe (id) values (1), (1)');
          await rows('insert into probe (id, note) values (?, ?)', [1, 'undone with the commit']);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect(await stored()).toEqual([]);
      expect((await observer.query('select count(*)::int as count from deferred_probe')).rows[0].count).toBe(0);
      await new SqlRunner(orm).transaction((rows) => rows('insert into probe (id, note) values (?, ?)', [3, 'after']));
      expect(await stored()).toEqual([{ id: 3, note: 'after' }]);
    } finally {
      await observer.query('drop table deferred_probe');
    }
  });

  it('does not lend again a connection that died inside a transaction', async ({ skip }) => {
    // the embedded PGlite has one session for all connections: there is no backend of its own to end
    if (db.kind === 'embedded') skip();
    let diedOn = 0;
    await expect(
      new SqlRunner(orm).transaction(async (rows) => {
        diedOn = await backendPid(rows);
        await observer.query('select pg_terminate_backend($1)', [diedOn]);
        await rows('insert into probe (id, note) values (?, ?)', [1, 'never stored']);
      }),
    ).rejects.toThrow();
    expect(await stored()).toEqual([]);
    // the pool's one connection was replaced: the next transaction runs on a new backend
    const next = await new SqlRunner(orm).transaction(async (rows) => {
      await rows('insert into probe (id, note) values (?, ?)', [2, 'stored on a new connection']);
      return backendPid(rows);
    });
    expect(next).not.toBe(diedOn);
    expect(await stored()).toEqual([{ id: 2, note: 'stored on a new connection' }]);
  });
});
