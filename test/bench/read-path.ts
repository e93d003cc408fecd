/**
 * What one read statement costs the hub's process, by the path it takes to PostgreSQL: SqlRunner.rows (a pooled
 * connection, the text sent directly) against the ORM's execute() (knex's query runner and MikroORM's logging
 * around the same text). CPU microseconds per statement, 8 statements in flight, several rounds; saves
 * test/bench/read-path.json.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hub_bench50 npm run bench:read-path
 */
import { writeFileSync } from 'node:fs';
import { openOrm, type Orm } from '../../src/db/orm';
import { SqlRunner } from '../../src/sql/runner';
import { fromRoot } from '../../src/paths';
import { ensureScale, machine } from './load';

const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 10_000);
const IN_FLIGHT = 8;
const ROUNDS = 5;
// a page of one state's employers, as the hub's connections read them
const SQL = 'select "e"."id", "e"."name", "e"."city", "e"."kind" from "employer" as "e" where "e"."jurisdiction_id" = ? order by "e"."id" limit ?';
const BINDINGS = [1, 51];

type Read = (orm: Orm) => Promise<unknown>;
const paths: Record<string, Read> = {
  'SqlRunner.rows': (orm) => new SqlRunner(orm).rows(SQL, BINDINGS),
  "the ORM's execute()": (orm) => orm.em.getConnection('read').execute(SQL, BINDINGS, 'all'),
};

async function run(orm: Orm, read: Read, statements: number): Promise<number> {
  let started = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (started++ < statements) await read(orm);
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / statements;
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to a PostgreSQL database this benchmark may seed at scale 50');
  await ensureScale(databaseUrl, 50);
  const orm = await openOrm(databaseUrl, 10);
  const rounds: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((name) => [name, []]));
  try {
    for (const read of Object.values(paths)) await run(orm, read, 2000);
    // the paths take turns, so that a slower moment of the machine falls on both
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, read] of Object.entries(paths)) rounds[name].push(+(await run(orm, read, STATEMENTS)).toFixed(1));
    }
  } finally {
    await orm.close(true);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const results = Object.entries(rounds).map(([path, values]) => ({ path, cpuMicrosecondsPerStatement: median(values), rounds: values }));
  for (const result of results) console.log(`${result.path.padEnd(22)} ${result.cpuMicrosecondsPerStatement} us of CPU per statement (rounds: ${result.rounds.join(', ')})`);
  writeFileSync(
    fromRoot('test/bench/read-path.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), database: 'PostgreSQL (DATABASE_URL)', statements: STATEMENTS, inFlight: IN_FLIGHT, sql: SQL, results }, null, 2)}\n`,
  );
  console.log('saved test/bench/read-path.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
