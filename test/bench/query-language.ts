/**
 * Query-language benchmark: three client operations on scale-50 data in the real PostgreSQL, served by the hub
 * (production mode) and by the hand-written ceiling (test/bench/ceiling.ts: node:http + pg, the same SQL, the same
 * JSON), at 1 and 16 concurrent clients. Prints both and their ratio; saves test/bench/query-language.json.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hub_bench50 npm run bench:query-language
 * The database is seeded at scale 50 first when it holds less.
 */
import { writeFileSync } from 'node:fs';
import { print } from 'graphql';
import { EmployersOpenPostingsDocument, ExpiringCertificationsDocument, SearchOpenPostingsDocument } from '../../src/client/operations';
import { fromRoot } from '../../src/paths';
import { adminHeaders, drive, ensureScale, machine, post, startChild, startHub, statementsOf, stopChild } from './load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

const SCALE = 50;

const operations = [
  {
    name: 'job board: SearchOpenPostings',
    route: '/SearchOpenPostings',
    document: SearchOpenPostingsDocument,
    variables: { jurisdiction: 'MN', programs: ['ACT', 'MH_CRISIS', 'CRISIS_RESIDENTIAL'], minHourlyCents: 1800, first: 20 },
  },
  {
    name: 'analyst: ExpiringCertifications',
    route: '/ExpiringCertifications',
    document: ExpiringCertificationsDocument,
    variables: { jurisdiction: 'TX', credential: 'MHPS', status: 'ACTIVE', before: '2027-03-01', first: 50 },
  },
  {
    name: 'dashboard: EmployersOpenPostings',
    route: '/EmployersOpenPostings',
    document: EmployersOpenPostingsDocument,
    variables: { jurisdiction: 'MN', first: 50 },
  },
];

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to a PostgreSQL database this benchmark may seed at scale 50');
  await ensureScale(databaseUrl, SCALE);
  // one token drives all the load: no rate limit
  const hub = await startHub({ SEED_ON_EMPTY: 'false', RATE_LIMIT_MAX: '0' });
  const admin = await adminHeaders();
  const ceiling = await startChild(fromRoot('dist/test/bench/ceiling.js'), { PORT: '0' }, /ceiling ready at (http:\/\/\S+)/);
  const results: Record<string, unknown>[] = [];
  try {
    for (const operation of operations) {
      const hubBody = JSON.stringify({ query: print(operation.document), variables: operation.variables });
      const ceilingBody = JSON.stringify({ variables: operation.variables });
      const ceilingUrl = new URL(operation.route, ceiling.url);
      const [fromHub, fromCeiling] = await Promise.all([post(hub.url, hubBody, admin), post(ceilingUrl, ceilingBody)]);
      if (fromHub !== fromCeiling) {
        let at = 0;
        while (fromHub[at] === fromCeiling[at]) at++;
        throw new Error(`${operation.name}: the hub and the ceiling answer differently at character ${at}\nhub:     ${fromHub.slice(at - 150, at + 150)}\nceiling: ${fromCeiling.slice(at - 150, at + 150)}`);
      }
      await drive(hub.url, hubBody, 4, 1, hub.child.pid!, admin);
      await drive(ceilingUrl, ceilingBody, 4, 1, ceiling.child.pid!);
      for (const connections of [1, 16]) {
        const h = await drive(hub.url, hubBody, connections, SECONDS, hub.child.pid!, admin);
        const c = await drive(ceilingUrl, ceilingBody, connections, SECONDS, ceiling.child.pid!);
        const row = {
          operation: operation.name,
          connections,
          sqlStatements: statementsOf(operation.route.slice(1)),
          responseBytes: fromHub.length,
          hub: { requestsPerSecond: Math.round(h.perSecond), p50Ms: +h.p50.toFixed(2), p99Ms: +h.p99.toFixed(2), cpuMsPerRequest: +h.cpuMsPerRequest.toFixed(2), errors: h.errors },
          ceiling: { requestsPerSecond: Math.round(c.perSecond), p50Ms: +c.p50.toFixed(2), p99Ms: +c.p99.toFixed(2), cpuMsPerRequest: +c.cpuMsPerRequest.toFixed(2), errors: c.errors },
          hubToCeiling: +(h.perSecond / c.perSecond).toFixed(2),
        };
        results.push(row);
        console.log(
          `${operation.name.padEnd(34)} c=${String(connections).padStart(2)}  hub ${String(row.hub.requestsPerSecond).padStart(5)} req/s p50 ${row.hub.p50Ms} p99 ${row.hub.p99Ms} ms cpu ${row.hub.cpuMsPerRequest} ms` +
            ` | ceiling ${String(row.ceiling.requestsPerSecond).padStart(5)} req/s p50 ${row.ceiling.p50Ms} p99 ${row.ceiling.p99Ms} ms cpu ${row.ceiling.cpuMsPerRequest} ms | ${row.hubToCeiling}x  (${row.sqlStatements} statements)`,
        );
      }
    }
  } finally {
    await stopChild(hub.child);
    await stopChild(ceiling.child);
  }
  const report = { date: new Date().toISOString(), machine: machine(), database: 'PostgreSQL 15 on the same machine, scale 50', seconds: SECONDS, note: 'load generator on the same 2 cores as the servers', results };
  writeFileSync(fromRoot('test/bench/query-language.json'), JSON.stringify(report, null, 2) + '\n');
  console.log('saved test/bench/query-language.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
