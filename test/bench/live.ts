/**
 * Subscriptions under load (docs/live.md): the built hub as `npm start` runs it, on a PostgreSQL database of its own
 * (created, migrated and dropped by this script), and many WebSocket subscribers in this process, all on loopback.
 * Scenarios: 1,000 and 10,000 subscribers of one saved search (jobPostingPublished, jurisdiction TX), the same spread
 * over 100 distinct saved searches, 1,000 signed-in peers each with their own token on one saved search, and 1,000
 * subscribers of the workforceMetrics live query. Postings are published by SQL inserts of OPEN postings (the
 * triggers write the same hub events as the mutations, and the hub's CPU is then the subscriptions' alone); a
 * delivery's latency runs from its event's hub_event.occurred_at (clock_timestamp() in the trigger, the end of the
 * transaction) to the moment its subscriber's socket reads the `next` message. Every expected delivery is counted:
 * a lost or unexpected message fails the run. Prints the figures; saves test/bench/live.json.
 *
 *   npm run bench:live                      the server of DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
 *   BENCH_LIVE_QUICK=1 npm run bench:live   small sizes, nothing saved
 * BENCH_LIVE_PER_SOCKET sets the subscriptions each socket holds (default 1: one socket per subscriber).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import WebSocket from 'ws';
import { Role } from '../../src/auth/viewer';
import { signToken } from '../../src/cli/token';
import { loadConfig } from '../../src/config';
import { fromGlobalId, toGlobalId } from '../../src/graphql/global-id';
import { fromRoot } from '../../src/paths';
import { adminHeaders, BENCH_JWT_SECRET, cpuMillis, machine, percentile, residentMb, startHub, stopChild, withClient } from './load';

const QUICK = ['1', 'true'].includes(process.env.BENCH_LIVE_QUICK ?? '');
/** Runs only the scenarios whose name contains one of these (comma-separated), nothing saved; all when unset. */
const ONLY = process.env.BENCH_LIVE_ONLY?.split(',').map((name) => name.trim()).filter(Boolean);
const selected = (name: string) => !ONLY || ONLY.some((part) => name.includes(part));
const SERVER_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PER_SOCKET = Number(process.env.BENCH_LIVE_PER_SOCKET ?? 1);
const SMALL = QUICK ? 200 : 1000;
const LARGE = QUICK ? 1000 : 10_000;
/** Postings published in the measured phase of each scenario. */
const POSTINGS = QUICK ? 10 : 40;
/** About 6 minutes on a quiet machine; the limit leaves room for a busy one. */
const RUN_LIMIT_MS = 15 * 60_000;
const DELIVERY_TIMEOUT_MS = 60_000;
const CONNECT_CONCURRENCY = 100;
/** Hasura's published figure (architecture/live-queries.md): 5,000 live queries on 1 CPU at 60% load, one new result per client per second. */
const HASURA = { liveQueriesPerCpu: 5000, cpuLoad: 0.6, resultsPerClientPerSecond: 1 };

const HUB_ENV: NodeJS.ProcessEnv = {
  SEED_ON_EMPTY: 'false',
  STATUS_SWEEP_HOURS: '0',
  // every subscriber is one caller (one token, or 127.0.0.1): the caps and the rate limit would refuse the benchmark
  RATE_LIMIT_MAX: '0',
  LIVE_MAX_SUBSCRIPTIONS_PER_CALLER: '1000000',
  LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: String(Math.max(100, PER_SOCKET)),
};

const PUBLISHED = 'subscription($filter: JobPostingFilter) { jobPostingPublished(filter: $filter) { id title city payMinCents jurisdiction { code } } }';
const METRICS = 'subscription { workforceMetrics { totals { openJobPostings { value suppressed } } } }';

/** Date.now()'s clock (PostgreSQL's too) read to a fraction of a millisecond: performance.timeOrigin may stand apart from it by milliseconds. */
const CLOCK_OFFSET = (() => {
  let offset = -Infinity;
  for (const start = Date.now(); Date.now() - start < 5; ) offset = Math.max(offset, Date.now() - performance.now());
  return offset;
})();
const now = () => CLOCK_OFFSET + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();

/** Waits for `promise`, failing with `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `done` every 20 ms until it holds, failing with `what` after `ms`. */
async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(20);
  }
}

// ---- the postings and the saved searches ----

const CITIES = ['Austin', 'Dallas', 'Houston', 'El Paso', 'Waco', 'Tyler', 'Laredo', 'Abilene', 'Amarillo', 'Lubbock', 'Odessa', 'Midland',
  'Killeen', 'Temple', 'Beaumont', 'Denton', 'Irving', 'Plano', 'Duluth', 'Saint Paul', 'Minneapolis', 'Rochester', 'Bloomington', 'Mankato',
  'Moorhead', 'Winona', 'Bemidji', 'Brainerd', 'Hibbing', 'Willmar', 'Owatonna', 'Austin MN', 'Northfield', 'Red Wing'];
const WORDS = ['crisis', 'warmline', 'recovery', 'outreach', 'housing', 'youth', 'forensic', 'veterans', 'family', 'bridge', 'respite',
  'clubhouse', 'wellness', 'navigator', 'inpatient', 'mobile', 'justice', 'transition', 'harbor', 'lantern', 'compass', 'anchor', 'beacon',
  'summit', 'meadow', 'prairie', 'riverside', 'lakeside', 'pinewood', 'cedar', 'willow', 'aspen', 'juniper'];
const PAY_STEPS = 33;
const payOf = (step: number) => 1500 + 25 * step;

interface Posting {
  state: 'TX' | 'MN';
  title: string;
  city: string;
  payMinCents: number;
}

/** The i-th posting: cities, words and pay cycle at different strides, states alternate. */
function postingOf(i: number): Posting {
  const state = i % 2 === 0 ? 'TX' : 'MN';
  return { state, title: `Peer specialist, ${WORDS[(i * 5) % WORDS.length]} team`, city: CITIES[i % CITIES.length], payMinCents: payOf((i * 7) % PAY_STEPS) };
}

interface Search {
  filter: Record<string, unknown>;
  matches(posting: Posting): boolean;
}

const TEXAS: Search = { filter: { jurisdiction: { code: { eq: 'TX' } } }, matches: (p) => p.state === 'TX' };

/** 100 saved searches: a city, a word (full-text search: each word's stem is its own, checked), or Texas at or above a pay. */
function distinctSearches(): Search[] {
  const searches: Search[] = [];
  for (const city of CITIES) searches.push({ filter: { city: { eq: city } }, matches: (p) => p.city === city });
  for (const word of WORDS) searches.push({ filter: { search: word }, matches: (p) => p.title.toLowerCase().includes(word) });
  for (let step = 0; searches.length < 100; step++) {
    const pay = payOf(step);
    searches.push({ filter: { jurisdiction: { code: { eq: 'TX' } }, payMinCents: { gte: pay } }, matches: (p) => p.state === 'TX' && p.payMinCents >= pay });
  }
  for (const word of WORDS) {
    const clash = [...WORDS.filter((w) => w !== word), ...CITIES.map((c) => c.toLowerCase()), 'peer specialist, ', ' team'].find((other) => other.includes(word));
    if (clash) throw new Error(`the word ${word} is part of ${clash}: its search would match more than computed`);
  }
  return searches;
}

// ---- the database ----

interface Database {
  name: string;
  url: string;
  employers: { TX: number; MN: number };
}

async function createDatabase(): Promise<Database> {
  const name = `hub_bench_live_${process.pid}`;
  await withClient(SERVER_URL, (client) => client.query(`create database ${name}`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), employers: { TX: 0, MN: 0 } };
}

async function dropDatabase(name: string): Promise<void> {
  await withClient(SERVER_URL, (client) => client.query(`drop database if exists ${name} with (force)`));
}

/** A few employers in each state, and some open postings for the dashboard's figures. */
async function writeData(db: Database): Promise<void> {
  await withClient(db.url, async (client) => {
    for (const [state, cities] of [['TX', ['Austin', 'Dallas', 'Houston']], ['MN', ['Duluth', 'Saint Paul', 'Minneapolis']]] as const) {
      const { rows } = await client.query<{ id: number }>(
        `insert into employer (jurisdiction_id, name, kind, city) select j.id, 'Benchmark ' || c || ' peer services', 'PEER_RUN_ORGANIZATION', c
         from jurisdiction j, unnest($2::text[]) c where j.code = $1 returning id`,
        [state, cities],
      );
      if (!rows.length) throw new Error(`no jurisdiction ${state}: the hub loads reference data at start`);
      db.employers[state] = rows[0].id;
    }
    await client.query(`insert into job_posting (employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents,
      pay_unit, certification_requirement, status, date_posted, valid_through)
      select e.id, e.jurisdiction_id, 'Peer specialist ' || g, 'Existing posting.', 'PEER_SPECIALIST', 'FULL_TIME', e.city, 1800, 2200, 'HOUR', 'PREFERRED', 'OPEN',
        current_date - 10, current_date + 60 from employer e, generate_series(1, 10) g`);
  });
}

/** Publishes a posting (an OPEN posting inserted: the trigger writes JOB_POSTING_PUBLISHED); its key. */
async function publish(client: Client, db: Database, posting: Posting): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `insert into job_posting (employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit,
       certification_requirement, status, date_posted, valid_through)
     select id, jurisdiction_id, $2, 'Published by npm run bench:live.', 'PEER_SPECIALIST', 'FULL_TIME', $3, $4, $4 + 400, 'HOUR', 'PREFERRED', 'OPEN',
       current_date, current_date + 60 from employer where id = $1 returning id`,
    [db.employers[posting.state], posting.title, posting.city, posting.payMinCents],
  );
  return rows[0].id;
}

/** When each posting's JOB_POSTING_PUBLISHED event was written (ms since the epoch). */
async function publishedAt(client: Client, keys: number[]): Promise<Map<number, number>> {
  const { rows } = await client.query<{ key: number; ms: number }>(
    `select entity_key as key, (extract(epoch from occurred_at) * 1000)::float8 as ms from hub_event where type = 'JOB_POSTING_PUBLISHED' and entity_key = any($1::int[])`,
    [keys],
  );
  return new Map(rows.map((r) => [r.key, r.ms]));
}

/** utime + stime of the database's backends serving others than `excluded` (the benchmark's own connections). */
async function databaseCpu(client: Client, db: Database, excluded: number[]): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> all($2::int[])', [db.name, excluded]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, cpuMillis(pid));
    } catch {
      // ended meanwhile
    }
  }
  return cpu;
}

const cpuBetween = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

// ---- the subscribers ----

interface Subscriber {
  socket: number;
  id: string;
  search: number;
  /** Posting keys (or live query answers) received, with when. */
  keys: number[];
  at: number[];
  answers: unknown[];
}

class Subscribers {
  readonly sockets: WebSocket[] = [];
  readonly all: Subscriber[] = [];
  readonly problems: string[] = [];
  private readonly byId = new Map<string, Subscriber>();

  /** Opens `count` subscribers of `query` in sockets of PER_SOCKET, subscriber i with the variables of search `searchOf(i)`. */
  static async open(url: string, count: number, query: string, variablesOf: (search: number) => Record<string, unknown>, searchOf: (i: number) => number, tokenOf: (socket: number) => string): Promise<Subscribers> {
    const subscribers = new Subscribers();
    const socketCount = Math.ceil(count / PER_SOCKET);
    let next = 0;
    const worker = async () => {
      while (next < socketCount) {
        const socket = next++;
        const members = Array.from({ length: Math.min(PER_SOCKET, count - socket * PER_SOCKET) }, (_, j) => socket * PER_SOCKET + j);
        await subscribers.connect(url, socket, tokenOf(socket));
        for (const i of members) {
          const subscriber: Subscriber = { socket, id: `s${i}`, search: searchOf(i), keys: [], at: [], answers: [] };
          subscribers.all.push(subscriber);
          subscribers.byId.set(`${socket}/${subscriber.id}`, subscriber);
          subscribers.sockets[socket].send(JSON.stringify({ id: subscriber.id, type: 'subscribe', payload: { query, variables: variablesOf(subscriber.search) } }));
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
    return subscribers;
  }

  private connect(url: string, index: number, token: string): Promise<void> {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    this.sockets[index] = socket;
    const acked = new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.on('close', (code, reason) => {
        reject(new Error(`socket ${index} closed: ${code} ${String(reason)}`));
        if (code !== 1000) this.problems.push(`socket ${index} closed: ${code} ${String(reason)}`);
      });
      socket.on('message', (data) => {
        const at = now();
        const message = JSON.parse(String(data)) as { id?: string; type: string; payload?: any };
        if (message.type === 'next') this.received(index, message.id!, message.payload, at);
        else if (message.type === 'connection_ack') resolve();
        else if (message.type === 'ping') socket.send('{"type":"pong"}');
        else if (message.type !== 'pong') this.problems.push(`socket ${index}: ${String(data).slice(0, 300)}`);
      });
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    });
    return within(acked, 30_000, `socket ${index}'s connection_ack`);
  }

  private received(socket: number, id: string, payload: { data?: Record<string, any>; errors?: unknown[] }, at: number): void {
    const subscriber = this.byId.get(`${socket}/${id}`);
    if (!subscriber || payload.errors) return void this.problems.push(`socket ${socket} ${id}: ${JSON.stringify(payload).slice(0, 300)}`);
    const posting = payload.data?.jobPostingPublished as { id: string } | undefined;
    if (posting) subscriber.keys.push(fromGlobalId(posting.id).key);
    else subscriber.answers.push(payload.data);
    subscriber.at.push(at);
  }

  deliveries(): number {
    return this.all.reduce((sum, s) => sum + s.at.length, 0);
  }

  /** Forgets what was received (after the warm-up). */
  reset(): void {
    for (const s of this.all) {
      s.keys = [];
      s.at = [];
      s.answers = [];
    }
  }

  async close(): Promise<void> {
    const closing = this.sockets.map((socket) => new Promise((resolve) => (socket.readyState === WebSocket.CLOSED ? resolve(null) : socket.once('close', resolve))));
    for (const socket of this.sockets) socket.close(1000);
    await within(Promise.all(closing), 30_000, 'closing the sockets');
  }
}

// ---- one scenario ----

interface Figures {
  scenario: string;
  subscribers: number;
  sockets: number;
  distinctSearches: number;
  postings: number;
  publishIntervalMs: number;
  deliveries: number;
  expectedDeliveries: number;
  lost: number;
  unexpected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  deliveriesPerSecond: number;
  subscribeSeconds: number;
  /** The hub's CPU per subscriber connecting and subscribing (connection_init, token, subscribe, parse, validate). */
  hubCpuMsPerSubscribe: number;
  hubCpuSeconds: number;
  databaseCpuSeconds: number;
  hubCpuMsPerThousandDeliveries: number;
  /** Deliveries one fully busy core of the hub would make at this scenario's mix of runs and sends. */
  deliveriesPerHubCpuSecond: number;
  hubCpuMsPerEvent: number;
  rssIdleMb: number;
  rssSubscribedMb: number;
  rssAfterMb: number;
  rssMbPerThousandSubscribers: number;
}

const state: { hub?: ChildProcess; db?: Database; subscribers?: Subscribers } = {};

/** The hub's CPU falls under 5% for half a second: what was sent to it is done. */
async function settle(pid: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = cpuMillis(pid);
  while (Date.now() < deadline) {
    await sleep(500);
    const cpu = cpuMillis(pid);
    if (cpu - last < 25) return;
    last = cpu;
  }
}

/** Runs `work` on a hub of its own, settled, and a connection to publish with; the sockets and the hub end after it. */
async function withScenarioHub<T>(db: Database, env: NodeJS.ProcessEnv, work: (hub: { pid: number; url: string }, writer: Client) => Promise<T>): Promise<T> {
  const started = await startHub({ ...HUB_ENV, DATABASE_URL: db.url, ...env });
  state.hub = started.child;
  const hub = { pid: started.child.pid!, url: started.url.toString().replace('http', 'ws') };
  await settle(hub.pid);
  const writer = new Client({ connectionString: db.url });
  try {
    await writer.connect();
    return await work(hub, writer);
  } finally {
    await writer.end();
    await state.subscribers?.close().catch(() => undefined);
    state.subscribers = undefined;
    await stopChild(started.child);
    state.hub = undefined;
  }
}

interface EventScenario {
  name: string;
  subscribers: number;
  searches: Search[];
  /** Each subscriber's token: one for all, or one per subscriber (its own scope). */
  tokenOf: (socket: number) => string;
  intervalMs: number;
}

function eventScenario(db: Database, s: EventScenario): Promise<Figures> {
  return withScenarioHub(db, {}, async (hub, writer) => {
    const rssIdleMb = residentMb(hub.pid);
    const started = now();
    const subscribeCpu0 = cpuMillis(hub.pid);
    const subscribers = (state.subscribers = await Subscribers.open(hub.url, s.subscribers, PUBLISHED, (search) => ({ filter: s.searches[search].filter }), (i) => i % s.searches.length, s.tokenOf));
    await settle(hub.pid);
    const subscribeSeconds = (now() - started) / 1000;
    const subscribeCpuMs = cpuMillis(hub.pid) - subscribeCpu0;
    const rssSubscribedMb = residentMb(hub.pid);

    // warm-up: postings until every search has matched one, each subscriber hearing of it; nothing measured
    const warmUp: Posting[] = [];
    for (let i = 1000; !s.searches.every((search) => warmUp.some((p) => search.matches(p))); i++) {
      if (warmUp.length === 500) throw new Error(`${s.name}: 500 postings do not meet every search`);
      warmUp.push(postingOf(i));
    }
    for (const posting of warmUp) {
      await publish(writer, db, posting);
      await sleep(20);
    }
    const warmExpected = subscribers.all.reduce((sum, sub) => sum + warmUp.filter((p) => s.searches[sub.search].matches(p)).length, 0);
    await until(() => subscribers.deliveries() >= warmExpected, DELIVERY_TIMEOUT_MS, `${s.name}: the warm-up's ${warmExpected} deliveries`).catch((error: Error) => {
      const short = s.searches.map((search, n) => ({ n, search, expected: warmUp.filter((p) => search.matches(p)).length }))
        .map((x) => ({ ...x, received: subscribers.all.filter((sub) => sub.search === x.n).reduce((sum, sub) => sum + sub.at.length, 0) / subscribers.all.filter((sub) => sub.search === x.n).length }))
        .filter((x) => x.received !== x.expected);
      throw new Error(`${error.message}; ${subscribers.deliveries()} came; searches short: ${JSON.stringify(short.slice(0, 5).map((x) => [x.search.filter, x.expected, x.received]))}; problems: ${subscribers.problems.slice(0, 3).join('; ')}`);
    });
    await settle(hub.pid);
    subscribers.reset();

    const writerPid = (await writer.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    const postings = Array.from({ length: POSTINGS }, (_, i) => postingOf(i));
    const expectedBySearch = s.searches.map((search) => postings.filter((p) => search.matches(p)).length);
    const expected = subscribers.all.reduce((sum, sub) => sum + expectedBySearch[sub.search], 0);
    const hubCpu0 = cpuMillis(hub.pid);
    const dbCpu0 = await databaseCpu(writer, db, [writerPid]);
    const keys: number[] = [];
    const keyPosting = new Map<number, Posting>();
    for (const posting of postings) {
      const key = await publish(writer, db, posting);
      keys.push(key);
      keyPosting.set(key, posting);
      await sleep(s.intervalMs);
    }
    await until(() => subscribers.deliveries() >= expected, DELIVERY_TIMEOUT_MS, `${s.name}: ${expected} deliveries`).catch((error: Error) => console.log(error.message));
    await settle(hub.pid);
    const hubCpuMs = cpuMillis(hub.pid) - hubCpu0;
    const dbCpuMs = cpuBetween(dbCpu0, await databaseCpu(writer, db, [writerPid]));
    const rssAfterMb = residentMb(hub.pid);

    const occurred = await publishedAt(writer, keys);
    const latencies: number[] = [];
    let lost = 0;
    let unexpected = 0;
    let delivered = 0;
    let lastDelivery = 0;
    for (const sub of subscribers.all) {
      const search = s.searches[sub.search];
      const seen = new Set<number>();
      sub.keys.forEach((key, n) => {
        const posting = keyPosting.get(key);
        if (!posting || !search.matches(posting) || seen.has(key)) return void unexpected++;
        seen.add(key);
        delivered++;
        latencies.push(sub.at[n] - occurred.get(key)!);
        lastDelivery = Math.max(lastDelivery, sub.at[n]);
      });
      lost += expectedBySearch[sub.search] - seen.size;
    }
    latencies.sort((a, b) => a - b);
    const firstCommit = Math.min(...occurred.values());
    const figures: Figures = {
      scenario: s.name,
      subscribers: s.subscribers,
      sockets: subscribers.sockets.length,
      distinctSearches: s.searches.length,
      postings: POSTINGS,
      publishIntervalMs: s.intervalMs,
      deliveries: delivered,
      expectedDeliveries: expected,
      lost,
      unexpected,
      p50Ms: +percentile(latencies, 0.5).toFixed(1),
      p99Ms: +percentile(latencies, 0.99).toFixed(1),
      maxMs: +(latencies.at(-1) ?? NaN).toFixed(1),
      deliveriesPerSecond: Math.round(delivered / ((lastDelivery - firstCommit) / 1000)),
      subscribeSeconds: +subscribeSeconds.toFixed(1),
      hubCpuMsPerSubscribe: +(subscribeCpuMs / s.subscribers).toFixed(2),
      hubCpuSeconds: +(hubCpuMs / 1000).toFixed(2),
      databaseCpuSeconds: +(dbCpuMs / 1000).toFixed(2),
      hubCpuMsPerThousandDeliveries: +((hubCpuMs / delivered) * 1000).toFixed(1),
      deliveriesPerHubCpuSecond: Math.round(delivered / (hubCpuMs / 1000)),
      hubCpuMsPerEvent: +(hubCpuMs / POSTINGS).toFixed(1),
      rssIdleMb,
      rssSubscribedMb,
      rssAfterMb,
      rssMbPerThousandSubscribers: +((rssSubscribedMb - rssIdleMb) / (s.subscribers / 1000)).toFixed(1),
    };
    if (subscribers.problems.length) throw new Error(`${s.name}: ${subscribers.problems.length} unexpected messages or closes, the first: ${subscribers.problems.slice(0, 3).join('; ')}`);
    console.log(
      `${s.name.padEnd(44)} ${String(figures.sockets).padStart(5)} sockets  ${String(delivered).padStart(6)}/${expected} delivered (lost ${lost}, unexpected ${unexpected})  ` +
        `p50 ${figures.p50Ms} p99 ${figures.p99Ms} max ${figures.maxMs} ms  ${figures.deliveriesPerSecond}/s  hub CPU ${figures.hubCpuSeconds} s ` +
        `(${figures.hubCpuMsPerThousandDeliveries} ms per 1,000 deliveries, ${figures.hubCpuMsPerEvent} ms per event)  ` +
        `PostgreSQL CPU ${figures.databaseCpuSeconds} s  RSS ${rssIdleMb} -> ${rssSubscribedMb} -> ${rssAfterMb} MB (${figures.rssMbPerThousandSubscribers} MB per 1,000)  subscribed in ${figures.subscribeSeconds} s (hub CPU ${figures.hubCpuMsPerSubscribe} ms each)`,
    );
    return figures;
  });
}

/** 1,000 subscribers of workforceMetrics while postings are published every CHANGE_MS for CHANGES_MS. */
function liveQueryScenario(db: Database, token: string) {
  const count = SMALL;
  const debounceMs = 500;
  const changeEveryMs = 50;
  const changesForMs = QUICK ? 2000 : 5000;
  return withScenarioHub(db, { LIVE_DEBOUNCE_MS: String(debounceMs) }, async (hub, writer) => {
    const subscribers = (state.subscribers = await Subscribers.open(hub.url, count, METRICS, () => ({}), () => 0, () => token));
    await until(() => subscribers.all.every((s) => s.answers.length === 1), DELIVERY_TIMEOUT_MS, 'the live query\'s first answers');
    await settle(hub.pid);
    subscribers.reset();
    const writerPid = (await writer.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    const hubCpu0 = cpuMillis(hub.pid);
    const dbCpu0 = await databaseCpu(writer, db, [writerPid]);
    let changes = 0;
    const start = now();
    while (now() - start < changesForMs) {
      await publish(writer, db, postingOf(changes++));
      await sleep(changeEveryMs);
    }
    const lastChange = now();
    // the last change's answer: within a debounce window and a run
    await sleep(debounceMs * 3);
    await settle(hub.pid);
    const hubCpuMs = cpuMillis(hub.pid) - hubCpu0;
    const dbCpuMs = cpuBetween(dbCpu0, await databaseCpu(writer, db, [writerPid]));
    const counts = subscribers.all.map((s) => s.answers.length);
    const finals = new Set(subscribers.all.map((s) => JSON.stringify(s.answers.at(-1))));
    const answers = Math.max(...counts);
    const lags = subscribers.all.map((s) => s.at.at(-1)! - lastChange).sort((a, b) => a - b);
    const figures = {
      scenario: `${count} subscribers of workforceMetrics (a live query)`,
      subscribers: count,
      changes,
      changesOverMs: Math.round(lastChange - start),
      debounceMs,
      answersPerSubscriber: answers,
      subscribersMissingAnswers: counts.filter((c) => c !== answers).length,
      distinctFinalAnswers: finals.size,
      lastChangeToLastAnswerP50Ms: +percentile(lags, 0.5).toFixed(1),
      lastChangeToLastAnswerMaxMs: +(lags.at(-1) ?? NaN).toFixed(1),
      hubCpuSeconds: +(hubCpuMs / 1000).toFixed(2),
      databaseCpuSeconds: +(dbCpuMs / 1000).toFixed(2),
      hubCpuMsPerRun: +(hubCpuMs / answers).toFixed(1),
    };
    if (subscribers.problems.length) throw new Error(`live query: ${subscribers.problems.slice(0, 3).join('; ')}`);
    console.log(
      `${figures.scenario}: ${changes} changes over ${figures.changesOverMs} ms (LIVE_DEBOUNCE_MS ${debounceMs}) -> ${answers} answers to each subscriber ` +
        `(${figures.subscribersMissingAnswers} with fewer, ${finals.size} distinct last answers), last change to last answer p50 ${figures.lastChangeToLastAnswerP50Ms} ` +
        `max ${figures.lastChangeToLastAnswerMaxMs} ms, hub CPU ${figures.hubCpuSeconds} s (${figures.hubCpuMsPerRun} ms per run and its ${count} sends), PostgreSQL CPU ${figures.databaseCpuSeconds} s`,
    );
    return figures;
  });
}

async function cleanUp(): Promise<void> {
  for (const socket of state.subscribers?.sockets ?? []) socket.terminate();
  if (state.hub && state.hub.exitCode === null) {
    const exited = new Promise((resolve) => state.hub!.once('exit', resolve));
    state.hub.kill('SIGTERM');
    await within(exited, 15_000, 'the hub stopping').catch(() => state.hub?.kill('SIGKILL'));
  }
  if (state.db) await dropDatabase(state.db.name).catch((error: Error) => console.error(`dropping ${state.db!.name}: ${error.message}`));
  state.db = undefined;
}

async function main() {
  const loadBefore = loadavg();
  console.log(`load average before: ${loadBefore}; ulimit -n ${readFileSync('/proc/self/limits', 'utf8').match(/Max open files\s+(\d+)/)?.[1]}`);
  console.log(`the hub's env beyond npm start's: ${Object.entries(HUB_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const db = (state.db = await createDatabase());
  console.log(`database ${db.name} on ${new URL(SERVER_URL).host}`);
  // the first start migrates and loads the reference data
  const setup = await startHub({ ...HUB_ENV, DATABASE_URL: db.url });
  state.hub = setup.child;
  await stopChild(setup.child);
  state.hub = undefined;
  await writeData(db);

  const admin = (await adminHeaders()).authorization.replace(/^Bearer /, '');
  const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: BENCH_JWT_SECRET });
  const peerTokens = await Promise.all(
    Array.from({ length: SMALL }, (_, i) =>
      signToken({ role: Role.PEER, jurisdictions: [], employerId: null, peerId: toGlobalId('PeerSpecialist', i + 1), subject: `bench-peer-${i + 1}`, expiresIn: '2h' }, config),
    ),
  );
  const distinct = distinctSearches();
  const scenarios: EventScenario[] = [
    { name: `${SMALL} subscribers, one saved search`, subscribers: SMALL, searches: [TEXAS], tokenOf: () => admin, intervalMs: 100 },
    { name: `${LARGE} subscribers, one saved search`, subscribers: LARGE, searches: [TEXAS], tokenOf: () => admin, intervalMs: QUICK ? 200 : 500 },
    { name: `${SMALL} subscribers, 100 saved searches`, subscribers: SMALL, searches: distinct, tokenOf: () => admin, intervalMs: 100 },
    { name: `${LARGE} subscribers, 100 saved searches`, subscribers: LARGE, searches: distinct, tokenOf: () => admin, intervalMs: QUICK ? 200 : 300 },
  ];
  const results: Figures[] = [];
  for (const scenario of scenarios.filter((s) => selected(s.name))) results.push(await eventScenario(db, scenario));
  // signed-in peers: the same saved search, each in a scope of their own (one socket each: a token per socket)
  const peers: EventScenario = { name: `${SMALL} peers, own tokens, one saved search`, subscribers: SMALL, searches: [TEXAS], tokenOf: (socket) => peerTokens[socket], intervalMs: QUICK ? 200 : 1000 };
  const perPeer = PER_SOCKET === 1 && selected(peers.name) ? [await eventScenario(db, peers)] : [];
  const liveQuery = selected('workforceMetrics') ? await liveQueryScenario(db, admin) : null;
  const loadAfter = loadavg();
  console.log(`load average after: ${loadAfter}; ${Math.round(process.uptime())} s in all`);

  const failures = [...results, ...perPeer].filter((r) => r.lost > 0 || r.unexpected > 0);
  if (liveQuery && (liveQuery.subscribersMissingAnswers > 0 || liveQuery.distinctFinalAnswers !== 1)) failures.push(liveQuery as never);
  if (failures.length) throw new Error(`messages lost or unexpected: ${failures.map((f) => f.scenario).join(', ')}`);
  if (ONLY) return console.log('not saved: BENCH_LIVE_ONLY ran part of the benchmark');
  const oneSearch = results.find((r) => r.subscribers === LARGE && r.distinctSearches === 1)!;
  const manySearches = results.find((r) => r.subscribers === LARGE && r.distinctSearches === 100)!;
  // Hasura's clients each got a new result every second: served at that rate, a subscriber costs one delivery a second
  const perCpu = (r: Figures, withDatabase: boolean) =>
    Math.floor((HASURA.cpuLoad * 1000) / (((r.hubCpuSeconds + (withDatabase ? r.databaseCpuSeconds : 0)) * 1000) / r.deliveries) / HASURA.resultsPerClientPerSecond);
  const comparison = {
    hasura: { ...HASURA, source: 'https://github.com/hasura/graphql-engine/blob/master/architecture/live-queries.md (1xCPU, 2 GB: 5,000 live queries, 60% CPU load average; 1 million rows updated per second, a new result to each client per second)' },
    assumptions:
      'a subscriber served at Hasura\'s rate receives one message a second; the hub\'s CPU per delivery is the measured CPU of the publishing phase over its deliveries (Node runs the hub on one thread); subscribers per CPU at 60% load = 0.6 CPU-second / (CPU-seconds per delivery x 1 delivery per second). Hasura\'s figure is its own process\'s CPU, PostgreSQL on a separate server; ours is given for the hub alone and for the hub and PostgreSQL together, both on this machine',
    subscribersPerCpuAt60PercentOneSearch: perCpu(oneSearch, false),
    subscribersPerCpuAt60PercentOneSearchWithDatabase: perCpu(oneSearch, true),
    subscribersPerCpuAt60Percent100Searches: perCpu(manySearches, false),
    subscribersPerCpuAt60Percent100SearchesWithDatabase: perCpu(manySearches, true),
    subscribersPerCpuAt60PercentPeersOwnScopes: perPeer[0] ? perCpu(perPeer[0], false) : null,
    subscribersPerCpuAt60PercentPeersOwnScopesWithDatabase: perPeer[0] ? perCpu(perPeer[0], true) : null,
  };
  console.log(comparison);
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    database: 'PostgreSQL on the same machine (127.0.0.1:5432), a database of its own, LISTEN on hub_event',
    durationSeconds: Math.round(process.uptime()),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    hubEnv: HUB_ENV,
    subscriptionsPerSocket: PER_SOCKET,
    publishing: 'SQL inserts of OPEN postings, one per transaction, at publishIntervalMs; commit time = hub_event.occurred_at; delivery = the subscriber socket reading the next message',
    subscribersAs: 'one ADMIN token for all (production mode: a subscriber without a token may send only published documents, and none is a subscription); the peers scenario: a PEER token per subscriber',
    results,
    perPeer,
    liveQuery,
    comparison,
  };
  if (QUICK) return console.log('not saved: BENCH_LIVE_QUICK ran smaller sizes');
  writeFileSync(fromRoot('test/bench/live.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('saved test/bench/live.json');
}

const watchdog = setTimeout(() => {
  console.error(`the benchmark ran past ${RUN_LIMIT_MS / 60_000} minutes: stopping`);
  void cleanUp().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(1)));

main()
  .then(async () => {
    await cleanUp();
    clearTimeout(watchdog);
  })
  .catch(async (error) => {
    console.error(error);
    await cleanUp();
    process.exit(1);
  });
