/**
 * The hub as a user starts it: the built server in a child process. Embedded mode seeds an empty database, keeps its
 * data across restarts, and a SIGTERM lets in-flight requests finish before the process exits cleanly. Neither the
 * first start nor a restart shows a stored status that today's date contradicts (the sweep off, so none can hide it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_SCALE } from '../../src/config';
import { LOG_FLUSH_MS } from '../../src/http/server';
import { fromRoot } from '../../src/paths';
import { ensureBuilt } from './build';
import { onLines } from '../lines';
import { Role } from '../../src/auth/viewer';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { REFERENCE_DATE } from '../../src/db/seed/synthetic';
import { CertificationStatus } from '../../src/domain/credentials/enums';
import { certificationStatusOn, DATED_STATUSES } from '../../src/domain/credentials/lifecycle';
import { postingStatusAsRead } from '../../src/domain/jobs/status';
import { fromGlobalId } from '../../src/graphql/global-id';
import { addDays, todayUtc } from '../../src/graphql/scalars';
import { startTestDatabase, tokenFor } from '../kit';
import { startScriptNodeOptions } from '../start-script';

interface RunningHub {
  child: ChildProcess;
  url: string;
  lines: string[];
  exited: Promise<number | null>;
}

function messages(lines: string[]): string[] {
  return lines.map((line) => {
    try {
      return String(JSON.parse(line).msg);
    } catch {
      return line;
    }
  });
}

async function startHub(env: NodeJS.ProcessEnv): Promise<RunningHub> {
  const baseEnv = { ...process.env };
  delete baseEnv.DATABASE_URL;
  delete baseEnv.NODE_ENV;
  // with npm start's node options, as a user starts it
  const child = spawn(process.execPath, [...startScriptNodeOptions(), fromRoot('dist/src/main.js')], {
    env: { ...baseEnv, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // on 'close', once its output is read to the end: the lines it wrote as it exited included
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${lines.join('\n')}`)), 150_000);
    const onLine = (line: string) => {
      lines.push(line);
      const ready = /ready at (http:\/\/\S+\/graphql)/.exec(line);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    onLines(child.stdout!, onLine);
    onLines(child.stderr!, onLine);
    void exited.then((code) => reject(new Error(`hub exited with ${code}:\n${lines.join('\n')}`)));
  });
  return { child, url, lines, exited };
}

/** The GraphQL requests sent to each hub's address: each must leave one log line. */
const posted = new Map<string, number>();

/** The request log lines a hub wrote to its standard output. */
const requestLines = (lines: string[]) => messages(lines).filter((message) => message === 'graphql request').length;

/** One request on a connection of its own (no keep-alive socket that the server could see as idle). */
function post(url: string, query: string): Promise<{ status: number; body: any }> {
  posted.set(url, (posted.get(url) ?? 0) + 1);
  return new Promise((resolve, reject) => {
    // an administrator's development token: the sample reads people, which callers without a token may not
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` };
    const req = request(url, { method: 'POST', agent: false, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

const SAMPLE = '{ jurisdictions { code } peerSpecialists(first: 3) { nodes { id firstName lastName synthetic } } }';
const HEAVY = '{ certifications(first: 100) { nodes { credentialNumber person { lastName employments(first: 5) { nodes { title } } } credentialType { code } } } }';

let adminToken: string;

interface ReadCertification {
  id: string;
  status: CertificationStatus;
  fullCertifiedOn: string | null;
  expiresOn: string | null;
  graceEndsOn: string | null;
  lateRenewalEndsOn: string | null;
}
interface ReadPosting {
  id: string;
  status: string;
  validThrough: string | null;
}
interface StatusReadings {
  /** The day (UTC) the reads were made on: the same before and after them. */
  today: string;
  certifications: ReadCertification[];
  postings: ReadPosting[];
  certificationStats: Record<string, number>;
  postingStats: Record<string, number>;
}

async function allPages<T>(url: string, field: string, selection: string): Promise<T[]> {
  const rows: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await post(url, `{ ${field}(first: 100${after ? `, after: ${JSON.stringify(after)}` : ''}) { pageInfo { hasNextPage endCursor } nodes { ${selection} } } }`);
    expect(page.body.errors).toBeUndefined();
    const connection = page.body.data[field];
    rows.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) return rows;
    after = connection.pageInfo.endCursor;
  }
}

const buckets = (stats: { buckets: { key: { status: string }; count: number }[] }) => Object.fromEntries(stats.buckets.map((b) => [b.key.status, b.count]));

/** Every certification and posting with its status as read, and the stats by status, all on one day (UTC). */
async function readStatuses(url: string): Promise<StatusReadings> {
  // a read that straddles midnight compares against no single day: read again
  for (let attempt = 0; attempt < 2; attempt++) {
    const today = todayUtc();
    const certifications = await allPages<ReadCertification>(url, 'certifications', 'id status fullCertifiedOn expiresOn graceEndsOn lateRenewalEndsOn');
    const postings = await allPages<ReadPosting>(url, 'jobPostings', 'id status validThrough');
    const stats = await post(url, '{ certificationStats(groupBy: [STATUS]) { buckets { key { status } count } } jobPostingStats(groupBy: [STATUS]) { buckets { key { status } count } } }');
    expect(stats.body.errors).toBeUndefined();
    if (todayUtc() === today) {
      return { today, certifications, postings, certificationStats: buckets(stats.body.data.certificationStats), postingStats: buckets(stats.body.data.jobPostingStats) };
    }
  }
  throw new Error('the day changed twice during the reads');
}

const tally = (rows: { status: string }[]) => rows.reduce<Record<string, number>>((counts, row) => ((counts[row.status] = (counts[row.status] ?? 0) + 1), counts), {});

/**
 * What the reads show that their own dates contradict, on any day. A status that dates drive is read only from a dated
 * recorded status (decisions read as recorded), and then follows from the dates alone, whatever was recorded.
 */
function contradictions(readings: StatusReadings): string[] {
  const { today } = readings;
  const found: string[] = [];
  for (const row of readings.certifications) {
    if (!DATED_STATUSES.includes(row.status) || row.expiresOn === null) continue;
    const expected = certificationStatusOn(today, { ...row, status: CertificationStatus.ACTIVE });
    if (row.status !== expected) found.push(`certification ${row.id} reads ${row.status} on ${today}, its dates say ${expected}: ${JSON.stringify(row)}`);
  }
  for (const row of readings.postings) {
    if (row.status === 'OPEN' && row.validThrough !== null && row.validThrough < today) found.push(`posting ${row.id} reads OPEN on ${today}, valid through ${row.validThrough}`);
  }
  return found;
}

/** The readings hold on their day: no status their dates contradict, and the stats count what the lists list. */
function expectCurrent(readings: StatusReadings): void {
  // the sample has a few thousand certifications, all read
  expect(readings.certifications.length).toBeGreaterThan(1000);
  expect(readings.postings.length).toBeGreaterThan(10);
  expect(contradictions(readings)).toEqual([]);
  expect(readings.certificationStats).toEqual(tally(readings.certifications));
  expect(readings.postingStats).toEqual(tally(readings.postings));
}

/**
 * Compares the readings with the stored rows, read with SQL once the hub has stopped: each status read is the one rule
 * over the stored status and dates on the day it was read. Returns how many stored statuses the reads corrected.
 */
async function expectReadByTheRule(dataDir: string, readingsList: StatusReadings[]): Promise<number> {
  const embedded = await startEmbeddedPostgres({ dataDir });
  const client = new Client({ connectionString: embedded.url });
  await client.connect();
  try {
    const certifications = new Map<number, any>((await client.query(`select id, status, full_certified_on::text as "fullCertifiedOn", expires_on::text as "expiresOn",
        grace_ends_on::text as "graceEndsOn", late_renewal_ends_on::text as "lateRenewalEndsOn" from certification`)).rows.map((r) => [r.id, r]));
    const postings = new Map<number, any>((await client.query(`select id, status, valid_through::text as "validThrough" from job_posting`)).rows.map((r) => [r.id, r]));
    let corrected = 0;
    for (const readings of readingsList) {
      expect(readings.certifications).toHaveLength(certifications.size);
      expect(readings.postings).toHaveLength(postings.size);
      const wrong: string[] = [];
      for (const row of readings.certifications) {
        const stored = certifications.get(fromGlobalId(row.id).key);
        const expected = certificationStatusOn(readings.today, stored);
        if (row.status !== expected) wrong.push(`certification ${row.id} on ${readings.today}: read ${row.status}, the rule ${expected}, stored ${JSON.stringify(stored)}`);
        if (stored.status !== row.status) corrected++;
      }
      for (const row of readings.postings) {
        const stored = postings.get(fromGlobalId(row.id).key);
        const expected = postingStatusAsRead(stored.status, stored.validThrough, readings.today);
        if (row.status !== expected) wrong.push(`posting ${row.id} on ${readings.today}: read ${row.status}, the rule ${expected}, stored ${stored.status}`);
        if (stored.status !== row.status) corrected++;
      }
      expect(wrong).toEqual([]);
    }
    return corrected;
  } finally {
    await client.end();
    await embedded.stop();
  }
}

beforeAll(async () => {
  adminToken = await tokenFor({ role: Role.ADMIN });
  ensureBuilt();
});

describe('embedded mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // the sweep off: a stored status left behind by the sample's own day would show, were any read to use it
  const env = { HUB_DATA_DIR: dataDir, STATUS_SWEEP_HOURS: '0' };

  it('seeds an empty database, finishes in-flight requests on SIGTERM, and keeps its data across a restart, reading statuses as of today', { timeout: 180_000 }, async () => {
    const first = await startHub(env);
    const logged = messages(first.lines);
    expect(logged).toContain(`database: embedded PostgreSQL (PGlite) with data in ${dataDir}`);
    expect(logged.some((m) => m.startsWith(`the database is empty: seeding sample data at scale ${DEFAULT_SEED_SCALE}`))).toBe(true);

    // a second process on the same folder is turned away before it touches the data
    await expect(startHub(env)).rejects.toThrow(/is in use by process \d+: stop that process first/);

    const before = await post(first.url, SAMPLE);
    expect(before.status).toBe(200);
    expect(before.body.data.jurisdictions).toEqual([{ code: 'MN' }, { code: 'TX' }, { code: 'WA' }]);
    expect(before.body.data.peerSpecialists.nodes).toHaveLength(3);
    expect(before.body.data.peerSpecialists.nodes.every((p: { synthetic: boolean }) => p.synthetic)).toBe(true);
    // log lines are written to stdout in blocks, but one line alone still leaves at the next LOG_FLUSH_MS beat
    await expect.poll(() => requestLines(first.lines), { timeout: 20 * LOG_FLUSH_MS, interval: 20 }).toBe(1);
    const onFirstStart = await readStatuses(first.url);
    expectCurrent(onFirstStart);

    // requests in flight when SIGTERM arrives are answered, then the process exits 0
    const answeredAt: number[] = [];
    const inFlight = Array.from({ length: 8 }, () => post(first.url, HEAVY).then((answer) => (answeredAt.push(performance.now()), answer)));
    // a health check sent after them is answered only once the hub has read them: then they are in flight
    await fetch(first.url.replace('/graphql', '/healthz'));
    const signalledAt = performance.now();
    first.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    // some were still being worked on when the signal came, and were answered all the same
    expect(answeredAt.some((at) => at > signalledAt)).toBe(true);
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(answers.every((a) => a.body.data.certifications.nodes.length === 100)).toBe(true);
    expect(await first.exited).toBe(0);
    expect(messages(first.lines)).toContain('stopped');
    // the lines still waiting to be written when the process ended were written as it exited
    expect(requestLines(first.lines)).toBe(posted.get(first.url));

    const second = await startHub(env);
    let afterRestart: StatusReadings;
    try {
      expect(messages(second.lines).some((m) => m.includes('seeding'))).toBe(false);
      const after = await post(second.url, SAMPLE);
      expect(after.body.data).toEqual(before.body.data);
      afterRestart = await readStatuses(second.url);
      expectCurrent(afterRestart);
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }

    // exactly the rule over what is stored, decisions included; nothing swept, so the stored statuses are the sample's
    const corrected = await expectReadByTheRule(dataDir, [onFirstStart, afterRestart]);
    // a month past the sample's day, some of its stored statuses are stale: the reads above corrected them
    if (afterRestart.today >= addDays(REFERENCE_DATE, 30)) expect(corrected).toBeGreaterThan(0);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('server mode', () => {
  it('uses DATABASE_URL, says so, migrates it, writes the reference data and does not seed it unasked', async () => {
    const db = await startTestDatabase();
    try {
      const hub = await startHub({ DATABASE_URL: db.url });
      try {
        expect(messages(hub.lines)).toContain(`database: PostgreSQL at ${db.url}`);
        expect(messages(hub.lines).some((m) => m.startsWith('reference data: added 3 jurisdiction'))).toBe(true);
        const answer = await post(hub.url, '{ jurisdictions { code } peerSpecialists { totalCount } }');
        expect(answer.body.data).toEqual({ jurisdictions: [{ code: 'MN' }, { code: 'TX' }, { code: 'WA' }], peerSpecialists: { totalCount: 0 } });
        const ready = await fetch(hub.url.replace('/graphql', '/readyz'));
        expect(ready.status).toBe(200);
      } finally {
        hub.child.kill('SIGTERM');
        expect(await hub.exited).toBe(0);
      }
    } finally {
      await db.close();
    }
  });
});
