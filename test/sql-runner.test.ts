/** SqlRunner: reads sent alone or together in one message; transactions of BEGIN, statements and COMMIT on one connection. */
import 'reflect-metadata';
import { Client } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openOrm, type Orm } from '../src/db/orm';
import { parameterized, StatementNames, usePreparedStatements } from '../src/sql/prepared';
import { SqlRunner } from '../src/sql/runner';
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

// on a PostgreSQL server, both as text and as named prepared statements (the extended protocol, pipelined)
const modes = process.env.TEST_DATABASE_URL && !process.env.TEST_DATABASE_POOLER ? ['text', 'prepared statements'] : ['text'];

describe.each(modes)('SqlRunner.rows, as %s', (mode) => {
  let db: TestDatabase;
  // one pooled connection: reads issued together find no connection for each, and leave as one message
  let busy: Orm;
  // connections to spare: reads issued together run side by side unless other reads are in flight
  let idle: Orm;
  let observer: Client;

  beforeAll(async () => {
    db = await startTestDatabase();
    busy = await openOrm(db.url, 1);
    idle = await openOrm(db.url, 4);
    if (mode === 'prepared statements') {
      usePreparedStatements(busy);
      usePreparedStatements(idle);
    }
    observer = new Client({ connectionString: db.url });
    await observer.connect();
  });

  afterAll(async () => {
    await observer?.end();
    await busy?.close(true);
    await idle?.close(true);
    await db?.close();
  });

  const txid = (runner: SqlRunner) => runner.rows<{ xid: string }>('select txid_current()::text as xid').then((rows) => rows[0].xid);

  it('sends the reads issued together as one message when the pool has no connection for each, each answered with its own rows', async () => {
    const runner = new SqlRunner(busy, []);
    const [first, second, third, sameTransaction] = await Promise.all([
      runner.rows<{ n: number; word: string }>('select ?::int as n, ? as word', [1, "it's"]),
      runner.rows<{ day: string; flags: number[] }>(`select '2026-12-03'::date::text as day, array[1, 2]::int[] as flags from generate_series(1, 2)`),
      runner.rows('select 1 as n where false'),
      Promise.all([txid(runner), txid(runner)]),
    ]);
    expect(first).toEqual([{ n: 1, word: "it's" }]);
    expect(second).toEqual([
      { day: '2026-12-03', flags: [1, 2] },
      { day: '2026-12-03', flags: [1, 2] },
    ]);
    expect(third).toEqual([]);
    // one message of the simple query protocol runs as one implicit transaction
    expect(sameTransaction[0]).toBe(sameTransaction[1]);
    // counted and recorded as statements all the same
    expect(runner.statements).toBe(5);
    expect(runner.recorded).toHaveLength(5);
  });

  it("parses a batch's values as a statement sent alone parses them (the connection's own parsers)", async () => {
    const sql = `select '2026-12-03'::date as day, '2026-12-03 10:11:12.123456+00'::timestamptz as at, '1 day'::interval as span,
      array['2026-12-03'::date] as days, 12.5::numeric as amount, 7::bigint as big, true as yes, '{"a": 1}'::jsonb as doc`;
    const alone = await new SqlRunner(busy).rows(sql);
    const runner = new SqlRunner(busy);
    const [batched, sameTransaction] = await Promise.all([runner.rows(sql), Promise.all([txid(runner), txid(runner)])]);
    expect(sameTransaction[0]).toBe(sameTransaction[1]);
    expect(batched).toEqual(alone);
    // dates and instants stay text, as MikroORM's connections read them
    expect(batched[0]).toMatchObject({ day: '2026-12-03', days: ['2026-12-03'], doc: { a: 1 } });
    expect(typeof batched[0].at).toBe('string');
  });

  it('answers each statement of a batch holding a syntax error on its own, and lets no trailing comment swallow a statement', async () => {
    const runner = new SqlRunner(busy);
    const [before, broken, commented, after] = await Promise.allSettled([
      runner.rows('select 1 as n'),
      runner.rows('select from from'),
      runner.rows('select 2 as n -- a comment ends this statement'),
      runner.rows('select 3 as n'),
    ]);
    expect(before).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
    expect(broken).toMatchObject({ status: 'rejected', reason: { code: '42601' } });
    expect(commented).toEqual({ status: 'fulfilled', value: [{ n: 2 }] });
    expect(after).toEqual({ status: 'fulfilled', value: [{ n: 3 }] });
  });

  it('runs the reads issued together on connections of their own when no other read is in flight', async () => {
    const runner = new SqlRunner(idle);
    const [a, b] = await Promise.all([txid(runner), txid(runner)]);
    expect(a).not.toBe(b);
  });

  it("sends the reads issued together as one message while another request's read holds a connection", async () => {
    const other = new SqlRunner(idle).rows('select pg_sleep(0.3)');
    // the other read has its connection once it has been sent
    await new Promise((resolve) => setTimeout(resolve, 50));
    const runner = new SqlRunner(idle);
    const [a, b] = await Promise.all([txid(runner), txid(runner)]);
    expect(a).toBe(b);
    await other;
  });

  it('fails only the statement PostgreSQL refuses in a batch, and sends again those after it', async () => {
    const runner = new SqlRunner(busy);
    const [before, refused, after, last] = await Promise.allSettled([
      runner.rows('select 1 as n'),
      runner.rows('select 1 / 0 as n'),
      runner.rows('select 2 as n'),
      runner.rows('select 3 as n'),
    ]);
    expect(before).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
    expect(after).toEqual({ status: 'fulfilled', value: [{ n: 2 }] });
    expect(last).toEqual({ status: 'fulfilled', value: [{ n: 3 }] });
    // the connection is clean for what comes next
    expect(await runner.rows('select 4 as n')).toEqual([{ n: 4 }]);
  });

  it('sends again the reads after one whose backend ended the session, on a new connection', async ({ skip }) => {
    // the embedded PGlite has one session for all connections: there is no backend of its own to end
    if (db.kind === 'embedded') skip();
    const runner = new SqlRunner(busy);
    const [ended, after] = await Promise.allSettled([
      runner.rows('select pg_terminate_backend(pg_backend_pid())'),
      runner.rows<{ pid: number }>('select pg_backend_pid() as pid'),
    ]);
    expect(ended).toMatchObject({ status: 'rejected', reason: { code: '57P01' } });
    expect(after).toMatchObject({ status: 'fulfilled', value: [{ pid: expect.any(Number) }] });
    const { pid } = (after as PromiseFulfilledResult<{ pid: number }[]>).value[0];
    const alive = await observer.query('select count(*)::int as count from pg_stat_activity where pid = $1', [pid]);
    expect(alive.rows[0].count).toBe(1);
  });
});

describe('parameterized: a statement with ? placeholders as the extended protocol sends it', () => {
  it('numbers the placeholders, keeps escaped question marks and sends each value as pg binds it', () => {
    const names = new StatementNames();
    const at = new Date('2026-12-05T10:00:00Z');
    const statement = parameterized(`select ? as a, ? as b, '\\?' as mark, ? as c, ? as d, ? as e, ? as f`, ["it's", null, true, 12.5, { k: 'v' }, at], names)!;
    expect(statement.text).toBe(`select $1 as a, $2 as b, '?' as mark, $3 as c, $4 as d, $5 as e, $6 as f`);
    expect(statement.values.slice(0, 5)).toEqual(["it's", null, 'true', '12.5', '{"k":"v"}']);
    expect(new Date(statement.values[5] as string).getTime()).toBe(at.getTime());
    // a missing value is null, as formatQuery writes it
    expect(parameterized('select ? as a', [], names)!.values).toEqual([null]);
  });

  it('names a shape from its second run, whatever its values, and never gives a name to another text', () => {
    const names = new StatementNames(4);
    // run once: unnamed, so that PostgreSQL keeps no plan of a shape that may never come again
    expect(parameterized('select ? as n', [1], names)!.name).toBeUndefined();
    const a = parameterized('select ? as n', [2], names)!;
    expect(a.name).toMatch(/^hub\d+$/);
    expect(parameterized('select ? as n', [3], names)!.name).toBe(a.name);
    parameterized('select ? as m', [1], names);
    const b = parameterized('select ? as m', [1], names)!;
    expect(b.name).not.toBe(a.name);
    // past maxShapes every name is forgotten; a shape seen again gets a new name, not an old one of another text
    parameterized('select ? as k', [1], names);
    parameterized('select ? as j', [1], names);
    parameterized('select ? as i', [1], names);
    expect(parameterized('select ? as n', [1], names)!.name).toBeUndefined();
    const again = parameterized('select ? as n', [1], names)!;
    expect(again.name).toMatch(/^hub\d+$/);
    expect(new Set([a.name, b.name, again.name]).size).toBe(3);
  });

  it('leaves as text the statements whose values formatQuery writes as SQL: lists and identifiers', () => {
    const names = new StatementNames();
    expect(parameterized('select * from t where id in (?)', [[1, 2]], names)).toBeUndefined();
    expect(parameterized('select ?? from t', ['id'], names)).toBeUndefined();
    expect(names.size).toBe(0);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL && !process.env.TEST_DATABASE_POOLER)('SqlRunner with prepared statements', () => {
  let db: TestDatabase;
  let orm: Orm;

  beforeAll(async () => {
    db = await startTestDatabase();
    orm = await openOrm(db.url, 1);
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.close();
  });

  const preparedOnSession = async (runner: SqlRunner) =>
    (await runner.rows<{ name: string; statement: string }>(`select name, statement from pg_prepared_statements where name like 'hub%' order by name`)).map((row) => row.statement);

  it('prepares each shape once per connection, alone and in batches, and reuses it with other values', async () => {
    const names = usePreparedStatements(orm, new StatementNames());
    const runner = new SqlRunner(orm);
    // the first run of a shape is unnamed; from the second it is prepared
    expect(await runner.rows('select ?::int + 1 as n', [0])).toEqual([{ n: 1 }]);
    expect(await runner.rows('select ?::text as w', ['v'])).toEqual([{ w: 'v' }]);
    expect(await runner.rows('select ?::int + 1 as n', [1])).toEqual([{ n: 2 }]);
    // a batch (one connection, so the reads issued together leave as one pipeline) holding the same shape twice
    const batch = await Promise.all([runner.rows('select ?::int + 1 as n', [10]), runner.rows('select ?::int + 1 as n', [20]), runner.rows('select ?::text as w', ['x'])]);
    expect(batch).toEqual([[{ n: 11 }], [{ n: 21 }], [{ w: 'x' }]]);
    const prepared = await preparedOnSession(runner);
    expect(prepared).toEqual(expect.arrayContaining(['select $1::int + 1 as n', 'select $1::text as w']));
    // parsed once each: the session holds each text once
    expect(prepared.filter((text) => text === 'select $1::int + 1 as n')).toHaveLength(1);
    expect(names.size).toBe(2);
  });

  it('after a statement fails in a batch, the shapes it prepared run again without being prepared twice', async () => {
    usePreparedStatements(orm, new StatementNames());
    const runner = new SqlRunner(orm);
    const shapes = () => [runner.rows('select ?::int as n', [1]), runner.rows('select 1 / ?::int as n', [0]), runner.rows('select ?::int * 2 as n', [3])];
    // seen once already, so that the batches below prepare them
    await Promise.allSettled(shapes());
    const first = await Promise.allSettled(shapes());
    expect(first.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((first[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22012' });
    // "prepared statement already exists" (42P05) would fail these
    const second = await Promise.allSettled(shapes());
    expect(second.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((second[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22012' });
    expect(await Promise.all([runner.rows('select 1 / ?::int as n', [1]), runner.rows('select ?::int * 2 as n', [4])])).toEqual([[{ n: 1 }], [{ n: 8 }]]);
  });

  it('replaces a connection that holds as many prepared statements as it may, and answers all the same', async () => {
    usePreparedStatements(orm, new StatementNames(5000, 3));
    const runner = new SqlRunner(orm);
    const pid = async () => (await runner.rows<{ pid: number }>('select pg_backend_pid() as pid, ?::int as shape', [0]))[0].pid;
    await pid();
    const before = await pid();
    for (let shape = 1; shape <= 3; shape++) {
      for (let run = 0; run < 2; run++) expect(await runner.rows(`select ?::int as n${shape}`, [shape])).toEqual([{ [`n${shape}`]: shape }]);
    }
    // the fourth shape found the connection full: answered unnamed, and the connection was not lent again
    expect(await pid()).not.toBe(before);
    expect((await preparedOnSession(runner)).length).toBeLessThanOrEqual(3);
  });

  it('a transaction sends its statements prepared too, and rolls back as before', async () => {
    usePreparedStatements(orm, new StatementNames());
    const runner = new SqlRunner(orm);
    await runner.transaction((rows) => rows('create temporary table if not exists tx_probe (id int primary key)'));
    await expect(
      runner.transaction(async (rows) => {
        await rows('insert into tx_probe (id) values (?)', [1]);
        await rows('insert into tx_probe (id) values (?)', [1]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await runner.transaction((rows) => rows('insert into tx_probe (id) values (?)', [2]));
    expect(await runner.transaction((rows) => rows('select count(*)::int as count from tx_probe where id = ?', [1]))).toEqual([{ count: 0 }]);
    expect(await runner.transaction((rows) => rows('select count(*)::int as count from tx_probe where id = ?', [2]))).toEqual([{ count: 1 }]);
    expect(await preparedOnSession(runner)).toEqual(expect.arrayContaining(['insert into tx_probe (id) values ($1)']));
  });

  it('runs a prepared read again, prepared anew, when a migration has changed its table under it (a running hub)', async () => {
    usePreparedStatements(orm, new StatementNames());
    const runner = new SqlRunner(orm);
    await runner.transaction((rows) => rows('create table if not exists stale_probe (id int primary key)'));
    await runner.transaction((rows) => rows('insert into stale_probe (id) values (1), (2)'));
    const alone = () => runner.rows('select * from stale_probe where id = ?', [1]);
    const together = () => Promise.all([runner.rows('select * from stale_probe where id = ?', [1]), runner.rows('select * from stale_probe where id = ?', [2])]);
    // prepared, alone and in a batch on the one pooled connection
    await alone();
    expect(await alone()).toEqual([{ id: 1 }]);
    expect(await together()).toEqual([[{ id: 1 }], [{ id: 2 }]]);
    // another session adds a column: the session's plan of "select *" no longer fits (0A000 without the retry)
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query(`alter table stale_probe add column note text not null default 'added'`);
    } finally {
      await other.end();
    }
    expect(await alone()).toEqual([{ id: 1, note: 'added' }]);
    expect(await together()).toEqual([[{ id: 1, note: 'added' }], [{ id: 2, note: 'added' }]]);
  });
});
