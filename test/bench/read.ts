/**
 * Read benchmark: the built hub in a child process (NODE_ENV=production), the key read operations of each client
 * driven over keep-alive HTTP at several concurrencies. Prints requests/s, median and p99 latency, the hub's CPU
 * per request and its resident memory, and saves the figures to test/bench/read.json.
 *
 *   npm run build && node dist/test/bench/read.js            # against DATABASE_URL, or an embedded database
 *   BENCH_SECONDS=10 node dist/test/bench/read.js
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { CertificationsPageDocument, EmployersWithPostingsDocument, JobPostingsPageDocument, PersonRecordDocument } from '../../src/client/operations';
import { toGlobalId } from '../../src/graphql/global-id';
import { fromRoot } from '../../src/paths';
import { adminHeaders, drive, machine, residentMb, startHub, stopChild } from './load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);

const operations = {
  'dashboard: 50 employers x 5 postings + programs': { query: print(EmployersWithPostingsDocument), variables: { first: 50, postings: 5 } },
  'job board: 20 postings with employer, program, credentials': { query: print(JobPostingsPageDocument), variables: { first: 20 } },
  'analyst: 100 certifications with person, type, state': { query: print(CertificationsPageDocument), variables: { first: 100 } },
  'analyst: one person with every relation': { query: print(PersonRecordDocument), variables: { id: toGlobalId('PeerSpecialist', 1) } },
};

async function main() {
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'hub-bench-'));
  // one token drives all the load: no rate limit
  const { child: hub, url } = await startHub({ SEED_ON_EMPTY: 'true', RATE_LIMIT_MAX: '0', ...(dataDir ? { HUB_DATA_DIR: dataDir } : {}) });
  const admin = await adminHeaders();
  const results: Record<string, unknown>[] = [];
  try {
    for (const [name, operation] of Object.entries(operations)) {
      const body = JSON.stringify(operation);
      await drive(url, body, 4, 1, hub.pid!, admin); // warm up
      for (const connections of CONCURRENCY) {
        const run = await drive(url, body, connections, SECONDS, hub.pid!, admin);
        const cpuPerRequest = run.cpuMsPerRequest;
        const row = {
          operation: name,
          connections,
          requestsPerSecond: Math.round(run.perSecond),
          p50Ms: +run.p50.toFixed(2),
          p99Ms: +run.p99.toFixed(2),
          hubCpuMsPerRequest: +cpuPerRequest.toFixed(2),
          hubResidentMb: residentMb(hub.pid!),
          errors: run.errors,
        };
        results.push(row);
        console.log(`${name.padEnd(62)} c=${String(connections).padStart(2)}  ${String(row.requestsPerSecond).padStart(5)} req/s  p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms  cpu ${row.hubCpuMsPerRequest} ms/req  rss ${row.hubResidentMb} MB  errors ${row.errors}`);
      }
    }
  } finally {
    await stopChild(hub);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    database: process.env.DATABASE_URL ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PGlite',
    seconds: SECONDS,
    results,
  };
  const file = fromRoot(`test/bench/read${process.env.DATABASE_URL ? '' : '-embedded'}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`saved ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
