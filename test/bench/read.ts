/**
 * Read benchmark: the built hub in a child process (NODE_ENV=production), the key read operations of each client
 * driven over keep-alive HTTP at several concurrencies. Prints requests/s, median and p99 latency, the hub's CPU
 * per request and its resident memory, and saves the figures to test/bench/read.json.
 *
 *   npm run build && node dist/test/bench/read.js            # against DATABASE_URL, or an embedded database
 *   BENCH_SECONDS=10 node dist/test/bench/read.js
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { CertificationsPageDocument, EmployersWithPostingsDocument, JobPostingsPageDocument, PersonRecordDocument } from '../../src/client/operations';
import { toGlobalId } from '../../src/graphql/global-id';
import { fromRoot } from '../../src/paths';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);

const operations = {
  'dashboard: 50 employers x 5 postings + programs': { query: print(EmployersWithPostingsDocument), variables: { first: 50, postings: 5 } },
  'job board: 20 postings with employer, program, credentials': { query: print(JobPostingsPageDocument), variables: { first: 20 } },
  'analyst: 100 certifications with person, type, state': { query: print(CertificationsPageDocument), variables: { first: 100 } },
  'analyst: one person with every relation': { query: print(PersonRecordDocument), variables: { id: toGlobalId('PeerSpecialist', 1) } },
};

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let size = 0;
      res.on('data', (chunk: Buffer) => (size += chunk.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(size) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** utime + stime of a process in milliseconds, from /proc. */
function cpuMillis(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function drive(url: URL, body: string, connections: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        try {
          await post(url, body);
          latencies.push(performance.now() - start);
        } catch {
          errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { requests: latencies.length, errors, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

async function main() {
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const hub = spawn(process.execPath, [fromRoot('dist/src/main.js')], {
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'info', SEED_ON_EMPTY: 'true', ...(dataDir ? { HUB_DATA_DIR: dataDir } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<URL>((resolve, reject) => {
    hub.stdout!.on('data', (chunk: Buffer) => {
      const match = /ready at (http:\/\/\S+\/graphql)/.exec(chunk.toString());
      if (match) resolve(new URL(match[1]));
    });
    hub.on('exit', (code) => reject(new Error(`hub exited with ${code}`)));
    setTimeout(() => reject(new Error('hub did not report ready within 180 s')), 180_000).unref();
  });
  const results: Record<string, unknown>[] = [];
  try {
    for (const [name, operation] of Object.entries(operations)) {
      const body = JSON.stringify(operation);
      await drive(url, body, 4, 1); // warm up
      for (const connections of CONCURRENCY) {
        const cpuBefore = cpuMillis(hub.pid!);
        const run = await drive(url, body, connections, SECONDS);
        const cpuPerRequest = (cpuMillis(hub.pid!) - cpuBefore) / Math.max(1, run.requests);
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
    hub.kill('SIGTERM');
    await new Promise((resolve) => hub.on('exit', resolve));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
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
