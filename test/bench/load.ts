/** What the benchmarks share: children started and awaited, keep-alive HTTP load, and /proc readings of a process. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { Client } from 'pg';
import { Role } from '../../src/auth/viewer';
import { signToken } from '../../src/cli/token';
import { loadConfig } from '../../src/config';
import { fromRoot } from '../../src/paths';
import { onLines } from '../lines';
import { startScriptNodeOptions } from '../start-script';

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export function post(url: URL, body: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** utime + stime of a process in milliseconds, from /proc. */
export function cpuMillis(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
}

/** `connections` clients send `body` back to back for `seconds`; the server's CPU is read from /proc around it. */
export async function drive(url: URL, body: string, connections: number, seconds: number, serverPid: number, headers: Record<string, string> = {}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = cpuMillis(serverPid);
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        try {
          await post(url, body, headers);
          latencies.push(performance.now() - start);
        } catch {
          errors++;
        }
      }
    }),
  );
  const cpu = cpuMillis(serverPid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    cpuMsPerRequest: cpu / Math.max(1, latencies.length),
  };
}

/** The q-quantile of latencies sorted in ascending order (nearest rank); NaN when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : NaN;
}

/** Starts a node program and resolves with the URL it prints after `marker` (a regexp with one group). */
export function startChild(script: string, env: NodeJS.ProcessEnv, marker: RegExp, nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not report ready within 300 s`)), 300_000);
    timer.unref();
    onLines(child.stdout!, (line) => {
      const match = marker.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: new URL(match[1]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** The built hub as `npm start` runs it, in production mode unless `env` says otherwise; resolves once it is ready. */
export function startHub(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: URL }> {
  return startChild(
    fromRoot('dist/src/main.js'),
    { NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'info', JWT_SECRET: BENCH_JWT_SECRET, ...env },
    /ready at (http:\/\/\S+\/graphql)/,
    startScriptNodeOptions(),
  );
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export function machine() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

/** The secret the benchmarked hub verifies tokens with (it runs in production mode, where tokens need one). */
export const BENCH_JWT_SECRET = 'the benchmark signs its own tokens with this secret';

/**
 * The header of an administrator's token for the benchmarked hub: administrators read without scope conditions, so
 * the hub runs the SQL of test/__sql__, which the ceiling runs too.
 */
export async function adminHeaders(): Promise<Record<string, string>> {
  const args = { role: Role.ADMIN, jurisdictions: [], employerId: null, peerId: null, subject: 'bench', expiresIn: '2h' };
  return { authorization: `Bearer ${await signToken(args, loadConfig({ NODE_ENV: 'production', JWT_SECRET: BENCH_JWT_SECRET }))}` };
}

/** Runs `work` on a connection of its own to the benchmark's database, closed afterwards whatever happens. */
export async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Seeds the database at `scale` (with --force) when it holds fewer people than that scale has. */
export async function ensureScale(databaseUrl: string, scale: number): Promise<void> {
  const people = await withClient(databaseUrl, (client) =>
    client
      .query<{ count: number }>('select count(*)::int as count from peer_specialist')
      .then((r) => r.rows[0].count)
      .catch(() => 0),
  );
  if (people >= 2000 * scale) return;
  console.log(`seeding scale ${scale} (found ${people} people)`);
  const result = spawnSync(process.execPath, [fromRoot('dist/src/cli/seed.js'), '--scale', String(scale), '--force'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) throw new Error('seeding failed');
}

/** The statements an operation costs, from its SQL snapshot in test/__sql__ (written by test/sql-budget.test.ts). */
export function statementsOf(operation: string): number {
  return Number(/^-- (\d+) statements/.exec(readFileSync(fromRoot('test/__sql__', `${operation}.sql`), 'utf8'))![1]);
}
