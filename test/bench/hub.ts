/**
 * The hub under load, beside its ceiling: scale-50 data in the configured PostgreSQL (seeded when it holds less),
 * the built hub in production mode, and the key operations of the three clients (job board, analyst, dashboard,
 * workforceMetrics included) plus a mutation mix, driven by autocannon at 1, 16 and 64 connections. For each:
 * requests per second, median and p99 latency, SQL statements per request, the hub's peak resident memory, errors
 * and non-2xx answers; for the reads with a hand-written ceiling (test/bench/ceiling.ts: node:http + pg running the
 * hub's own SQL), the ceiling's figures and the hub-to-ceiling ratio, the two taking turns in BENCH_ROUNDS rounds.
 * Prints a table; saves test/bench/hub.json. BENCH_OPERATIONS (names, or their beginnings, comma-separated),
 * BENCH_CONNECTIONS, BENCH_SECONDS and BENCH_ROUNDS narrow a run down while investigating.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hub_bench50 npm run bench
 */
import type { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { print } from 'graphql';
import {
  EmployersOpenPostingsDocument,
  ExpiringCertificationsDocument,
  SearchOpenPostingsDocument,
  WorkforceDashboardDocument,
} from '../../src/client/operations';
import { toGlobalId } from '../../src/graphql/global-id';
import { fromRoot } from '../../src/paths';
import { startScriptNodeOptions } from '../start-script';
import { adminHeaders, ensureScale, withClient, machine, percentile, post, residentMb, startChild, startHub, statementsOf, stopChild } from './load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 40);
/**
 * The hub and its ceiling take turns, each run split in this many rounds (of SECONDS / ROUNDS, at least 2 s): a
 * slower moment of this shared machine then falls on both, where one run after the other put it on one side. A round
 * must stay long beside the slowest answer (the dashboard's p50 reaches 2.5 s at 64 connections): requests still in
 * flight when a round ends are not counted. Four rounds of 10 s: with two, single runs of the same build read the page
 * of employers anywhere from 0.74 to 0.91 of the prepared ceiling.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,16,64').split(',').map(Number);
/** Runs only the operations whose name starts with one of these (comma-separated); all of them when unset. */
const ONLY = process.env.BENCH_OPERATIONS?.split(',').map((name) => name.trim()).filter(Boolean);
const SCALE = 50;
/**
 * The targets: reads at 16 and 64 connections at least this share of the ceiling, and of the ceiling sending
 * prepared statements (the hub sends them too on a PostgreSQL server); p99 under 5x the median; memory.
 */
const TARGET_SHARE = 0.6;
const TARGET_PREPARED_SHARE = 0.8;
const TARGET_P99_OVER_MEDIAN = 5;
const TARGET_RSS_MB = 400;

interface LoadRequest {
  body: string;
  /** Rewrites the request as it is sent; `context` belongs to the connection sending it (autocannon's setupRequest). */
  setupRequest?: (request: { body: string }, context: Record<string, unknown>) => { body: string };
}

interface Operation {
  name: string;
  client: string;
  /** Route of the ceiling's handler, when it has one. */
  ceiling?: string;
  statements: number | null;
  requests: LoadRequest[];
}

/** As many drafts as the most connections: in the mutation mix each connection edits a posting of its own. */
const DRAFTS = Math.max(...CONNECTIONS);

/** Marks the postings the benchmark creates, which it deletes when it ends (and any an interrupted run left). */
const BENCH_DRAFT_DESCRIPTION = 'Created by npm run bench (test/bench/hub.ts), and deleted when the run ends.';

/**
 * The mutation mix creates tens of thousands of drafts a run: left in place, they would change what the next run
 * measures (an employer's postings to count, the pages to search).
 */
function deleteBenchDrafts(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => (await client.query('delete from job_posting where description = $1', [BENCH_DRAFT_DESCRIPTION])).rowCount ?? 0);
}

/**
 * Waits until no other session of the database runs a statement: when a run ends, the statements of the requests
 * still in flight (64 dashboards take seconds) go on in PostgreSQL, and would be charged to the next run.
 */
function databaseIdle(databaseUrl: string): Promise<void> {
  return withClient(databaseUrl, async (client) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const { rows } = await client.query<{ active: number }>(
        "select count(*)::int as active from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()",
      );
      if (rows[0].active === 0) return;
    }
    throw new Error('the database was still busy 60 s after a run ended');
  });
}

const draftInput = (n: number) => ({
  employerId: toGlobalId('Employer', 1 + (n % 20)),
  title: `Peer specialist (benchmark ${n})`,
  description: BENCH_DRAFT_DESCRIPTION,
  city: 'Saint Paul',
  employmentType: 'FULL_TIME',
  role: 'PEER_SPECIALIST',
  certificationRequirement: 'PREFERRED',
  payMinCents: 1800,
  payMaxCents: 2200,
  payUnit: 'HOUR',
});

const CREATE_DRAFT = 'mutation CreateDraft($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id status title } }';
const UPDATE_POSTING = 'mutation UpdatePosting($id: ID!, $input: UpdateJobPostingInput!) { updateJobPosting(id: $id, input: $input) { id title } }';

function operations(draftIds: string[]): Operation[] {
  let nextDraft = 0;
  const update = (id: string) => JSON.stringify({ query: UPDATE_POSTING, variables: { id, input: { title: 'Peer specialist, crisis team' } } });
  const read = (document: Parameters<typeof print>[0], variables: unknown) => [{ body: JSON.stringify({ query: print(document), variables }) }];
  return [
    {
      name: 'SearchOpenPostings',
      client: 'job board',
      ceiling: '/SearchOpenPostings',
      statements: statementsOf('SearchOpenPostings'),
      requests: read(SearchOpenPostingsDocument, { jurisdiction: 'MN', programs: ['ACT', 'MH_CRISIS', 'CRISIS_RESIDENTIAL'], minHourlyCents: 1800, first: 20 }),
    },
    {
      name: 'ExpiringCertifications',
      client: 'analyst',
      ceiling: '/ExpiringCertifications',
      statements: statementsOf('ExpiringCertifications'),
      requests: read(ExpiringCertificationsDocument, { jurisdiction: 'TX', credential: 'MHPS', status: 'ACTIVE', before: '2027-03-01', first: 50 }),
    },
    {
      name: 'EmployersOpenPostings',
      client: 'dashboard',
      ceiling: '/EmployersOpenPostings',
      statements: statementsOf('EmployersOpenPostings'),
      requests: read(EmployersOpenPostingsDocument, { jurisdiction: 'MN', first: 50 }),
    },
    {
      name: 'WorkforceDashboard',
      client: 'dashboard',
      ceiling: '/WorkforceDashboard',
      statements: statementsOf('WorkforceDashboard'),
      // the day the SQL snapshot the ceiling runs was recorded for
      requests: read(WorkforceDashboardDocument, { asOf: '2026-11-01' }),
    },
    {
      // as employers at their job boards: each connection creates drafts and edits a posting of its own (the update
      // writes the same title each time: a real write and audit record all the same); connections sharing one posting
      // would measure the queue on its row lock instead
      name: 'mutation mix: createJobPostingDraft + updateJobPosting',
      client: 'job board',
      statements: null,
      requests: [
        { body: JSON.stringify({ query: CREATE_DRAFT, variables: { input: draftInput(1) } }) },
        {
          body: update(draftIds[0]),
          setupRequest: (request, context) => {
            context.draft ??= draftIds[nextDraft++ % draftIds.length];
            return { ...request, body: update(context.draft as string) };
          },
        },
      ],
    },
  ];
}

interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/**
 * One round of load. The latencies are taken from each answer as autocannon times it (fractions of a millisecond):
 * its own percentiles come from a histogram of whole milliseconds, which would report an answer of 1.9 ms as 1 and
 * make a ratio of a p99 to a median under 2 ms mostly rounding.
 */
async function load(url: URL, requests: LoadRequest[], connections: number, seconds: number, headers: Record<string, string>) {
  const latenciesMs: number[] = [];
  const run = autocannon({
    url: url.toString(),
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: requests.map((r) => ({ method: 'POST', body: r.body, ...(r.setupRequest ? { setupRequest: r.setupRequest as never } : {}) })),
  });
  // the promise autocannon returns is its event emitter too; as its own histogram does, the latencies of 2xx answers
  (run as unknown as EventEmitter).on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
    if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTimeMs);
  });
  const result = await run;
  latenciesMs.sort((a, b) => a - b);
  return { ...result, p50Ms: percentile(latenciesMs, 0.5), p99Ms: percentile(latenciesMs, 0.99) };
}

type LoadResult = Awaited<ReturnType<typeof load>>;

const perSecond = (round: LoadResult) => round.requests.total / round.duration;

/** The rounds of one side as one run: requests over the time they took, the median's median, the worst p99. */
function figuresOf(rounds: LoadResult[]): Figures {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  return {
    requestsPerSecond: Math.round(rounds.reduce((sum, r) => sum + r.requests.total, 0) / rounds.reduce((sum, r) => sum + r.duration, 0)),
    p50Ms: +median(rounds.map((r) => r.p50Ms)).toFixed(2),
    p99Ms: +Math.max(...rounds.map((r) => r.p99Ms)).toFixed(2),
    errors: rounds.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to a PostgreSQL database this benchmark may seed at scale 50');
  await ensureScale(databaseUrl, SCALE);
  const leftOver = await deleteBenchDrafts(databaseUrl);
  if (leftOver > 0) console.log(`deleted ${leftOver} postings an earlier run left`);
  // one token drives all the load: no rate limit; no sweep while measuring
  const hub = await startHub({ SEED_ON_EMPTY: 'false', RATE_LIMIT_MAX: '0', STATUS_SWEEP_HOURS: '0' });
  // after the hub's migrations and an earlier run's mutation mix: every run reads tables without dead rows, with
  // their visibility maps set (the counts read indexes alone) and fresh statistics
  await withClient(databaseUrl, (client) => client.query('vacuum (analyze)'));
  const ceiling = await startChild(fromRoot('dist/test/bench/ceiling.js'), { PORT: '0' }, /ceiling ready at (http:\/\/\S+)/);
  const preparedCeiling = await startChild(fromRoot('dist/test/bench/ceiling.js'), { PORT: '0', CEILING_PREPARED: 'true' }, /ceiling ready at (http:\/\/\S+)/);
  const admin = await adminHeaders();
  let peakRssMb = 0;
  const sampler = setInterval(() => {
    const rss = residentMb(hub.child.pid!);
    if (Number.isFinite(rss)) peakRssMb = Math.max(peakRssMb, rss);
  }, 200);
  const results: Record<string, unknown>[] = [];
  try {
    const draftIds: string[] = [];
    for (let n = 0; n < DRAFTS; n++) {
      const created = JSON.parse(await post(hub.url, JSON.stringify({ query: CREATE_DRAFT, variables: { input: draftInput(n) } }), admin));
      if (created.errors) throw new Error(`creating the benchmark's drafts: ${JSON.stringify(created.errors)}`);
      draftIds.push(created.data.createJobPostingDraft.id);
    }
    for (const operation of operations(draftIds).filter((o) => !ONLY || ONLY.some((name) => o.name.startsWith(name)))) {
      const first = JSON.parse(await post(hub.url, operation.requests[0].body, admin));
      if (first.errors) throw new Error(`${operation.name}: ${JSON.stringify(first.errors)}`);
      const ceilingUrl = operation.ceiling ? new URL(operation.ceiling, ceiling.url) : undefined;
      const preparedCeilingUrl = operation.ceiling ? new URL(operation.ceiling, preparedCeiling.url) : undefined;
      const ceilingRequests = operation.requests.map((r) => ({ body: JSON.stringify({ variables: JSON.parse(r.body).variables }) }));
      // a ceiling answering errors fast would make any hub look slow: its first answer must be a 200 with data
      for (const url of [ceilingUrl, preparedCeilingUrl]) {
        if (!url) continue;
        const answer = JSON.parse(await post(url, ceilingRequests[0].body).catch((error: Error) => JSON.stringify({ error: error.message })));
        if (!answer.data) throw new Error(`${operation.name}: the ceiling answered ${JSON.stringify(answer).slice(0, 200)}`);
      }
      await load(hub.url, operation.requests, 4, 2, admin);
      if (ceilingUrl) await load(ceilingUrl, ceilingRequests, 4, 2, {});
      if (preparedCeilingUrl) await load(preparedCeilingUrl, ceilingRequests, 4, 2, {});
      for (const connections of CONNECTIONS) {
        peakRssMb = residentMb(hub.child.pid!);
        const roundSeconds = Math.max(2, Math.round(SECONDS / ROUNDS));
        const hubRounds: LoadResult[] = [];
        const ceilingRounds: LoadResult[] = [];
        const preparedCeilingRounds: LoadResult[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          await databaseIdle(databaseUrl);
          hubRounds.push(await load(hub.url, operation.requests, connections, roundSeconds, admin));
          await databaseIdle(databaseUrl);
          if (ceilingUrl) ceilingRounds.push(await load(ceilingUrl, ceilingRequests, connections, roundSeconds, {}));
          await databaseIdle(databaseUrl);
          if (preparedCeilingUrl) preparedCeilingRounds.push(await load(preparedCeilingUrl, ceilingRequests, connections, roundSeconds, {}));
        }
        const h = figuresOf(hubRounds);
        const hubPeak = peakRssMb;
        const c = ceilingUrl ? figuresOf(ceilingRounds) : undefined;
        const p = preparedCeilingUrl ? figuresOf(preparedCeilingRounds) : undefined;
        const row = {
          operation: operation.name,
          client: operation.client,
          connections,
          sqlStatements: operation.statements,
          hub: { ...h, peakRssMb: hubPeak },
          ceiling: c ?? null,
          hubToCeiling: c ? +(h.requestsPerSecond / c.requestsPerSecond).toFixed(2) : null,
          preparedCeiling: p ?? null,
          hubToPreparedCeiling: p ? +(h.requestsPerSecond / p.requestsPerSecond).toFixed(2) : null,
          // each round's share beside the prepared ceiling's round that followed it: how much the machine moved
          hubToPreparedCeilingByRound: p ? hubRounds.map((round, i) => +(perSecond(round) / perSecond(preparedCeilingRounds[i])).toFixed(2)) : null,
          p99OverMedian: +(h.p99Ms / h.p50Ms).toFixed(1),
        };
        results.push(row);
        console.log(
          `${operation.name.padEnd(54)} c=${String(connections).padStart(2)}  hub ${String(h.requestsPerSecond).padStart(5)} req/s p50 ${h.p50Ms} p99 ${h.p99Ms} ms rss ${hubPeak} MB` +
            (c ? `  ceiling ${String(c.requestsPerSecond).padStart(5)} req/s p50 ${c.p50Ms} p99 ${c.p99Ms} errors ${c.errors} non-2xx ${c.non2xx}  ratio ${row.hubToCeiling}` : '') +
            (p ? `  prepared ceiling ${String(p.requestsPerSecond).padStart(5)} req/s p50 ${p.p50Ms} p99 ${p.p99Ms} errors ${p.errors} non-2xx ${p.non2xx}  ratio ${row.hubToPreparedCeiling} (rounds ${row.hubToPreparedCeilingByRound!.join(', ')})` : '') +
            `  errors ${h.errors} non-2xx ${h.non2xx}`,
        );
      }
    }
  } finally {
    clearInterval(sampler);
    await stopChild(hub.child);
    await stopChild(ceiling.child);
    await stopChild(preparedCeiling.child);
    console.log(`deleted the ${await deleteBenchDrafts(databaseUrl)} postings this run created`);
  }
  const reads = results.filter((r) => r.ceiling && (r.connections as number) >= 16);
  const verdict = {
    readsAtLeast60PercentOfCeilingAt16And64: reads.every((r) => (r.hubToCeiling as number) >= TARGET_SHARE),
    lowestShare: Math.min(...reads.map((r) => r.hubToCeiling as number)),
    readsAtLeast80PercentOfPreparedCeilingAt16And64: reads.every((r) => (r.hubToPreparedCeiling as number) >= TARGET_PREPARED_SHARE),
    lowestPreparedShare: Math.min(...reads.map((r) => r.hubToPreparedCeiling as number)),
    p99Under5xMedian: results.every((r) => (r.p99OverMedian as number) < TARGET_P99_OVER_MEDIAN),
    worstP99OverMedian: Math.max(...results.map((r) => r.p99OverMedian as number)),
    rssUnder400Mb: results.every((r) => (r.hub as { peakRssMb: number }).peakRssMb < TARGET_RSS_MB),
    peakRssMb: Math.max(...results.map((r) => (r.hub as { peakRssMb: number }).peakRssMb)),
    noErrorsNoNon2xx: results.every((r) => (r.hub as Figures).errors === 0 && (r.hub as Figures).non2xx === 0),
    ceilingWithoutErrors: results.every((r) => [r.ceiling, r.preparedCeiling].every((c) => !c || ((c as Figures).errors === 0 && (c as Figures).non2xx === 0))),
  };
  console.log(verdict);
  if (ONLY) return console.log('not saved: BENCH_OPERATIONS ran part of the benchmark');
  writeFileSync(
    fromRoot('test/bench/hub.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), hubNodeOptions: startScriptNodeOptions(), database: 'PostgreSQL (DATABASE_URL)', scale: SCALE, seconds: SECONDS, rounds: ROUNDS, results, verdict }, null, 2)}\n`,
  );
  console.log('saved test/bench/hub.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
