/**
 * The typed client (src/client, exported as peer-workforce-hub/client): documents typed end to end, answers checked
 * against the database, and failures as HubRequestError with the hub's error codes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import {
  createHubClient,
  DashboardJurisdictionsDocument,
  HubRequestError,
  LiveOpenPostingsDocument,
  LiveWorkforceDashboardDocument,
  VerifyCertificationDocument,
  WorkforceDashboardDocument,
  type HubClient,
  type HubSubscriber,
  type LiveOpenPostingsSubscription,
  type LiveWorkforceDashboardSubscription,
  type PayUnit,
} from '../src/client';
import { fromRoot } from '../src/paths';
import WebSocket from 'ws';
import { startTestHub, tokenFor, type TestHub } from './kit';
import { pause, postJob } from './live';

let hub: TestHub;
let url: string;

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
  url = `${await hub.server.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
});
afterAll(() => hub?.close());

describe('createHubClient', () => {
  it('runs a typed document and returns its typed data', async () => {
    const client = createHubClient({ url });
    const { jurisdictions } = await client.request(DashboardJurisdictionsDocument);
    expectTypeOf(jurisdictions).toEqualTypeOf<{ code: string; name: string; population: number }[]>();
    const rows = await hub.sql<{ code: string; name: string; population: number }>('select code, name, population from jurisdiction order by code');
    expect(jurisdictions).toEqual(rows);
  });

  it('checks variables against the operation, and sends the token', async () => {
    const client = createHubClient({ url, token: await tokenFor({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] }) });
        // @ts-expect-error: asOf is a Date, written as YYYY-MM-DD
    const wrong = () => client.request(WorkforceDashboardDocument, { asOf: 20261101 });
    // @ts-expect-error: VerifyCertification cannot run without its variables
    const missing = () => client.request(VerifyCertificationDocument);
    expect([wrong, missing].map((call) => typeof call)).toEqual(['function', 'function']);
    const data = await client.request(WorkforceDashboardDocument, { jurisdictions: ['MN'], asOf: '2026-11-01' });
    expectTypeOf(data.workforceMetrics.totals.activeCertifications.value).toEqualTypeOf<number | null>();
    const [{ count }] = await hub.sql<{ count: number }>(`
      select count(*)::int as count from certification c join credential_type t on t.id = c.credential_type_id join jurisdiction j on j.id = c.jurisdiction_id
       where j.code = 'MN' and c.status in ('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED') and t.category in ('PEER', 'FAMILY', 'YOUTH')
         and c.first_issued_on <= '2026-11-01' and c.expires_on >= '2026-11-01' and c.full_certified_on <= '2026-11-01'`);
    expect(data.workforceMetrics.byJurisdiction.map((s) => [s.jurisdiction.code, s.activeCertifications])).toEqual([['MN', { value: count, suppressed: false }]]);
  });

  it('throws a HubRequestError carrying the codes and the HTTP status', async () => {
    const refused = createHubClient({ url, token: 'not-a-token' });
    const error = await refused.request(DashboardJurisdictionsDocument).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubRequestError);
    const failure = error as HubRequestError;
    expect([failure.status, failure.codes]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(failure.hasCode('UNAUTHENTICATED')).toBe(true);

    const tooLarge = createHubClient({ url }).request(WorkforceDashboardDocument, { period: { from: '2026-01-01', to: '2025-01-01' } });
    await expect(tooLarge).rejects.toMatchObject({ name: 'HubRequestError', status: 400, codes: ['BAD_USER_INPUT'] });
  });

  it('takes another fetch, and reads a token function before each request', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    const client: HubClient = createHubClient({
      url,
      token: () => token,
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get('authorization') ?? 'none');
        return fetch(input, init);
      },
    });
    await client.request(DashboardJurisdictionsDocument);
    token = await tokenFor({ role: Role.ADMIN });
    await client.request(DashboardJurisdictionsDocument);
    expect(seen).toEqual(['none', `Bearer ${token}`]);
  });
});

/** A subscriber that keeps what it hears, and waits (bounded) for a count of answers or for its end. */
function listener<T>() {
  const heard: T[] = [];
  let failure: HubRequestError<T> | undefined;
  let wake = () => {};
  const subscriber: HubSubscriber<T> = {
    next: (data) => {
      heard.push(data);
      wake();
    },
    error: (error) => {
      failure = error;
      wake();
    },
  };
  const until = async (done: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`waited ${ms} ms; heard ${JSON.stringify(heard)}, failure ${failure?.message}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  };
  return {
    subscriber,
    heard,
    failure: () => failure,
    answers: (count: number) => until(() => heard.length >= count).then(() => heard),
    failed: () => until(() => failure !== undefined).then(() => failure!),
  };
}

describe('createHubClient().subscribe', () => {
  // Node 20 has no global WebSocket: the one browsers have, from ws
  const webSocket = { webSocketImpl: WebSocket, retryAttempts: 0 };

  it('runs a typed subscription over WebSocket with the token: a live figure at once, and again as it changes', async () => {
    const client = createHubClient({ url, token: await tokenFor({ role: Role.ADMIN }), webSocket });
    const dashboard = listener<LiveWorkforceDashboardSubscription>();
    const stop = client.subscribe(LiveWorkforceDashboardDocument, dashboard.subscriber, { jurisdictions: ['TX'] });
    const [first] = await dashboard.answers(1);
    const { workforceMetrics: overHttp } = await client.request(WorkforceDashboardDocument, { jurisdictions: ['TX'] });
    expect(first.workforceMetrics).toEqual(overHttp);
    await postJob(hub, { jurisdiction: 'TX', title: 'Peer specialist, heard live' });
    const [, second] = await dashboard.answers(2);
    expect(second.workforceMetrics.totals.openJobPostings.value).toBe(first.workforceMetrics.totals.openJobPostings.value! + 1);
    stop();
    await client.dispose();
  });

  it('types the answers and the variables from the document', async () => {
    const client = createHubClient({ url, webSocket });
    const postings = listener<LiveOpenPostingsSubscription>();
    const stop = client.subscribe(LiveOpenPostingsDocument, postings.subscriber, { filter: { jurisdiction: { code: { eq: 'TX' } } } });
    // @ts-expect-error: the filter is a JobPostingFilter
    const wrong = () => client.subscribe(LiveOpenPostingsDocument, postings.subscriber, { filter: 'TX' });
    expect(typeof wrong).toBe('function');
    await pause(200);
    await postJob(hub, { jurisdiction: 'MN', title: 'Not in the saved search' });
    const id = await postJob(hub, { jurisdiction: 'TX', title: 'In the saved search' });
    const [heard] = await postings.answers(1);
    expectTypeOf(heard.jobPostingPublished.payUnit).toEqualTypeOf<PayUnit>();
    expect(heard.jobPostingPublished).toMatchObject({ id, title: 'In the saved search', jurisdiction: { code: 'TX' } });
    await pause(300);
    expect(postings.heard).toHaveLength(1);
    stop();
    await client.dispose();
  });

  it('ends with a HubRequestError: the refusal\'s codes, or the close code of a token refused', async () => {
    const client = createHubClient({ url, webSocket });
    const refused = listener<LiveOpenPostingsSubscription>();
    client.subscribe(LiveOpenPostingsDocument, refused.subscriber, { filter: { jurisdiction: { code: { eq: 5 as unknown as string } } } });
    const refusal = await refused.failed();
    expect(refusal).toBeInstanceOf(HubRequestError);
    expect([refusal.status, refusal.codes]).toEqual([0, ['BAD_USER_INPUT']]);
    await client.dispose();

    const badToken = createHubClient({ url, token: 'not-a-token', webSocket });
    const closed = listener<LiveOpenPostingsSubscription>();
    badToken.subscribe(LiveOpenPostingsDocument, closed.subscriber);
    const failure = await closed.failed();
    expect([failure.status, failure.codes]).toEqual([4401, ['SOCKET_CLOSED']]);
    expect(failure.message).toMatch(/closed \(4401\)/);
    await badToken.dispose();
  });
});

describe('peer-workforce-hub/client', () => {
  it('is what another program imports (built, from dist)', async () => {
    const program = `
      const { createHubClient, DashboardJurisdictionsDocument } = require('peer-workforce-hub/client');
      createHubClient({ url: process.argv[1] }).request(DashboardJurisdictionsDocument)
        .then((data) => console.log(JSON.stringify(data.jurisdictions.map((j) => j.code))));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', program, url], { cwd: fromRoot() });
    const rows = await hub.sql<{ code: string }>('select code from jurisdiction order by code');
    expect(JSON.parse(stdout)).toEqual(rows.map((row) => row.code));
  });
});
