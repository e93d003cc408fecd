/**
 * Live updates over processes (docs/live.md): subscribers of one hub process hear of a mutation made through
 * another, of the status sweep of a third as it starts, of a roster import posted to another, and of
 * `npm run import`, a process that is no hub at all. Real PostgreSQL only: skipped unless TEST_DATABASE_URL is set.
 * Through PgBouncer (TEST_DATABASE_POOLER) the hubs LISTEN on the direct address they import through.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { signToken } from '../../src/cli/token';
import { loadConfig } from '../../src/config';
import { loadReferenceData } from '../../src/db/seed/load-reference';
import { JURISDICTION_ID } from '../../src/db/seed/reference';
import { toGlobalId } from '../../src/graphql/global-id';
import { fromRoot } from '../../src/paths';
import { stopChild } from '../bench/load';
import type { TestDatabase } from '../kit';
import { LiveSocket } from '../live';
import { csvLine, WA_HEADER, waRow } from '../rosters';
import { startHubProcesses, startLoggedHub, startMigratedDatabase } from './hubs';

const PUBLISHED = `subscription { jobPostingPublished(filter: { jurisdiction: { code: { eq: "TX" } } }) { id title } }`;
const CERTIFICATIONS = `subscription($filter: CertificationFilter) { certificationStatusChanged(filter: $filter) { previousStatus certification { id status } } }`;
const CREATE = `mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id } }`;
const PUBLISH = `mutation($id: ID!) { publishJobPosting(id: $id) { id } }`;

describe.runIf(process.env.TEST_DATABASE_URL)('live updates over hub processes on one PostgreSQL database', () => {
  let db: TestDatabase | undefined;
  let sql: Client | undefined;
  const hubs: { child: ChildProcess; url: URL }[] = [];
  const others: ChildProcess[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'hub-live-'));
  const config = loadConfig({});
  const admin = async () => `Bearer ${await signToken({ role: Role.ADMIN, subject: 'e2e-admin', jurisdictions: [], employerId: null, peerId: null, expiresIn: '1h' }, config)}`;
  const wsUrl = (hub: { url: URL }) => hub.url.toString().replace(/^http/, 'ws');
  /** The test database reached directly, also through PgBouncer (TEST_DIRECT_DATABASE_URL): imports and LISTEN need it. */
  const directUrl = () => {
    const direct = process.env.TEST_DIRECT_DATABASE_URL;
    if (!direct) return db!.url;
    const url = new URL(db!.url);
    url.host = new URL(direct).host;
    return url.toString();
  };

  const send = async (via: number, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(hubs[via].url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: await admin() }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: Record<string, { id: string }>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return Object.values(body.data!)[0];
  };

  beforeAll(async () => {
    ({ db, sql } = await startMigratedDatabase());
    await loadReferenceData(db.url);
    await sql.query(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, $1, 'Lone Star', 'HOSPITAL', 'Austin')`, [JURISDICTION_ID.TX]);
    // through PgBouncer, the direct address serves imports and the LISTEN of live updates (docs/live.md)
    await startHubProcesses(hubs, db.url, { STATUS_SWEEP_HOURS: '0', ...(process.env.TEST_DIRECT_DATABASE_URL ? { IMPORT_DATABASE_URL: directUrl() } : {}) });
  }, 180_000);

  afterEach(() => LiveSocket.closeAll());

  afterAll(async () => {
    await Promise.all([...hubs, ...others.map((child) => ({ child }))].map((hub) => stopChild(hub.child)));
    await sql?.end();
    await db?.close();
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it('a posting published through one process reaches the saved search of a subscriber on the other', async () => {
    const board = await LiveSocket.connect(wsUrl(hubs[1]));
    board.subscribe('s', PUBLISHED);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { id } = await send(0, CREATE, {
      input: {
        employerId: toGlobalId('Employer', 1), title: 'Peer specialist', description: 'Support adults in recovery.', role: 'PEER_SPECIALIST',
        employmentType: 'FULL_TIME', city: 'Austin', payMinCents: 2000, payMaxCents: 2400, payUnit: 'HOUR', certificationRequirement: 'REQUIRED',
        applyUrl: 'https://jobs.example.org/1', validThrough: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
      },
    });
    await send(0, PUBLISH, { id });
    const [answer] = await board.nexts('s', 1, 10_000);
    expect(answer).toEqual({ data: { jobPostingPublished: { id, title: 'Peer specialist' } } });
  });

  it('the status sweep of a third process, as it starts, reaches an analyst on the first', async () => {
    await sql!.query(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (900, 'Ada', 'Lapsed', $1)`, [JURISDICTION_ID.TX]);
    // stored ACTIVE, expired by its dates well past any grace: the sweep stores the status the dates bring
    await sql!.query(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on)
      values (900, 900, 2, $1, 'ACTIVE', current_date - 1200, current_date - 1200, current_date - 400)`, [JURISDICTION_ID.TX]);
    const analyst = await LiveSocket.connect(wsUrl(hubs[0]), `Bearer ${await signToken({ role: Role.STATE_ANALYST, subject: 'e2e-analyst', jurisdictions: ['TX'], employerId: null, peerId: null, expiresIn: '1h' }, config)}`);
    analyst.subscribe('c', CERTIFICATIONS, { filter: { id: { eq: toGlobalId('Certification', 900) } } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sweeper = await startLoggedHub({ DATABASE_URL: db!.url, REFERENCE_DATA: 'false', STATUS_SWEEP_HOURS: '24' });
    others.push(sweeper.child);
    const [answer] = await analyst.nexts('c', 1, 15_000);
    const stored = await sql!.query<{ status: string }>('select status from certification where id = 900');
    expect(stored.rows[0].status).not.toBe('ACTIVE');
    expect(answer.data.certificationStatusChanged).toEqual({ previousStatus: 'ACTIVE', certification: { id: toGlobalId('Certification', 900), status: stored.rows[0].status } });
  });

  it('a roster import posted to one process, and npm run import (no hub at all), reach a subscriber on the other', async () => {
    const watcher = await LiveSocket.connect(wsUrl(hubs[1]), await admin());
    watcher.subscribe('wa', CERTIFICATIONS, { filter: { jurisdiction: { code: { eq: 'WA' } } } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const roster = (rows: number[]) => `${[csvLine(WA_HEADER), ...rows.map((i) => csvLine(waRow(i)))].join('\r\n')}\r\n`;
    const response = await fetch(new URL('/import/wa-doh', hubs[0].url), { method: 'POST', headers: { 'content-type': 'text/csv', authorization: await admin() }, body: roster([1, 2, 3]) });
    expect(response.status).toBe(200);
    const fromHub = await watcher.nexts('wa', 3, 15_000);
    expect(fromHub.every((answer) => answer.data.certificationStatusChanged.previousStatus === null)).toBe(true);
    // the command-line import: a process of its own, no hub, no Redis
    const file = join(folder, 'roster.csv');
    writeFileSync(file, roster([4, 5]));
    const command = spawnSync(process.execPath, [fromRoot('dist/src/cli/import.js'), '--format', 'wa-doh', '--file', file], {
      env: { ...process.env, DATABASE_URL: directUrl(), REDIS_URL: '', DATABASE_POOLER: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(command.status, command.stderr).toBe(0);
    const all = await watcher.nexts('wa', 5, 15_000);
    expect(new Set(all.map((answer) => answer.data.certificationStatusChanged.certification.id)).size).toBe(5);
  });
});
