/**
 * Distance search benchmark: `near` radius queries (10, 50 and 200 miles around Austin, 78701) over scale-50 data in
 * the real PostgreSQL, ordered nearest first and ordered by another field (newest first), on open job postings, and
 * nearest first on the other located types. One client at a time against the built hub; prints p50 and p99 latency,
 * the statements each request ran and the rows it matched, and the EXPLAIN ANALYZE of the page statement of each
 * posting query; saves test/bench/near.json.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hub_bench50_near npm run bench:near
 * The database is seeded at scale 50 first when it holds less.
 */
import { writeFileSync } from 'node:fs';
import { fromRoot } from '../../src/paths';
import { adminHeaders, drive, ensureScale, machine, post, startHub, stopChild, withClient } from './load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SCALE = 50;
const CENTRE = '78701';

interface Case {
  name: string;
  list: string;
  miles: number;
  /** null: nearest first (the default with near). */
  orderBy: unknown[] | null;
  filter?: Record<string, unknown>;
}

const cases: Case[] = [];
for (const miles of [10, 50, 200]) {
  cases.push({ name: `jobPostings ${miles} mi, nearest first`, list: 'jobPostings', miles, orderBy: null, filter: { status: { eq: 'OPEN' } } });
  cases.push({ name: `jobPostings ${miles} mi, newest first`, list: 'jobPostings', miles, orderBy: [{ field: 'DATE_POSTED', direction: 'DESC' }], filter: { status: { eq: 'OPEN' } } });
}
for (const list of ['employers', 'supervisors', 'trainingEvents']) cases.push({ name: `${list} 50 mi, nearest first`, list, miles: 50, orderBy: null });

const NODE_FIELDS: Record<string, string> = {
  jobPostings: 'id title city postalCode distanceMiles payMinCents payMaxCents employer { name }',
  employers: 'id name city postalCode distanceMiles',
  supervisors: 'id postalCode distanceMiles capacity',
  trainingEvents: 'id title startsOn postalCode distanceMiles',
};

function bodyOf(c: Case): string {
  const query = `query($filter: ${c.list === 'jobPostings' ? 'JobPosting' : c.list === 'employers' ? 'Employer' : c.list === 'supervisors' ? 'Supervisor' : 'TrainingEvent'}Filter, $orderBy: [${
    c.list === 'jobPostings' ? 'JobPosting' : c.list === 'employers' ? 'Employer' : c.list === 'supervisors' ? 'Supervisor' : 'TrainingEvent'
  }OrderBy!]) { ${c.list}(first: 20, filter: $filter, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } nodes { ${NODE_FIELDS[c.list]} } } }`;
  return JSON.stringify({ query, variables: { filter: { ...c.filter, near: { postalCode: CENTRE, withinMiles: c.miles } }, orderBy: c.orderBy } });
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to a PostgreSQL database this benchmark may seed at scale 50');
  await ensureScale(databaseUrl, SCALE);
  // not production: the answers report their statements, and the SQL with x-hub-debug-sql
  const hub = await startHub({ NODE_ENV: 'development', SEED_ON_EMPTY: 'false', RATE_LIMIT_MAX: '0', RESPONSE_CACHE: 'false' });
  const headers = await adminHeaders();
  const results: Record<string, unknown>[] = [];
  const plans: Record<string, string> = {};
  const tables = await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ table: string; rows: number }>(
      `select relname as "table", n_live_tup::int as rows from pg_stat_user_tables where relname in ('job_posting', 'employer', 'supervisor', 'training_event', 'postal_code_centroid') order by relname`,
    );
    return Object.fromEntries(rows.map((r) => [r.table, r.rows]));
  });
  try {
    for (const c of cases) {
      const body = bodyOf(c);
      const answer = JSON.parse(await post(hub.url, body, { ...headers, 'x-hub-debug-sql': '1' }));
      if (answer.errors) throw new Error(`${c.name}: ${JSON.stringify(answer.errors)}`);
      const statements = answer.extensions.sqlStatements as number;
      const sqlTexts = answer.extensions.sql as string[];
      const sqlBindings = answer.extensions.sqlBindings as unknown[][];
      const matched = answer.data[c.list].totalCount as number;
      await drive(hub.url, body, 1, 1, hub.child.pid!, headers);
      const r = await drive(hub.url, body, 1, SECONDS, hub.child.pid!, headers);
      const pageIndex = sqlTexts.findIndex((text) => / limit \?/.test(text));
      // the page statement as the hub sends it, prepared: its values bound, its plan the one PostgreSQL keeps after
      // five runs (generic), explained
      let n = 0;
      const prepared = sqlTexts[pageIndex].replace(/\?/g, () => `$${++n}`);
      const values = sqlBindings[pageIndex];
      let executionMs: number | null = null;
      if (c.list === 'jobPostings') {
        const plan = await withClient(databaseUrl, async (client) => {
          await client.query(`prepare page as ${prepared}`);
          const literals = values.map((value) => (value === null ? 'null' : `'${String(value).replace(/'/g, "''")}'`)).join(', ');
          for (let run = 0; run < 6; run++) await client.query(`execute page(${literals})`);
          return (await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) execute page(${literals})`)).rows.map((row) => row['QUERY PLAN']).join('\n');
        });
        plans[c.name] = plan;
        executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
      }
      const row = {
        case: c.name,
        list: c.list,
        withinMiles: c.miles,
        order: c.orderBy ? 'DATE_POSTED DESC' : 'DISTANCE',
        matched,
        sqlStatements: statements,
        requests: r.requests,
        p50Ms: +r.p50.toFixed(2),
        p99Ms: +r.p99.toFixed(2),
        cpuMsPerRequest: +r.cpuMsPerRequest.toFixed(2),
        pageStatementExecutionMs: executionMs,
        errors: r.errors,
      };
      results.push(row);
      console.log(
        `${c.name.padEnd(36)} ${String(matched).padStart(6)} rows  p50 ${String(row.p50Ms).padStart(6)} ms  p99 ${String(row.p99Ms).padStart(6)} ms  ${statements} statements${executionMs !== null ? `  page statement ${executionMs} ms in PostgreSQL` : ''}  ${row.errors} errors`,
      );
    }
  } finally {
    await stopChild(hub.child);
  }
  for (const [name, plan] of Object.entries(plans)) console.log(`\nEXPLAIN ANALYZE, ${name}:\n${plan}`);
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    database: 'PostgreSQL 15 on the same machine, scale 50',
    tables,
    centre: CENTRE,
    seconds: SECONDS,
    connections: 1,
    note: 'one client at a time, the load generator on the same 2 cores as the server, as ADMIN (no scope conditions); each request reads a page of 20 and totalCount; plans are of the page statement',
    results,
    plans,
  };
  writeFileSync(fromRoot('test/bench/near.json'), JSON.stringify(report, null, 2) + '\n');
  console.log('saved test/bench/near.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
