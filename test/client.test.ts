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
  VerifyCertificationDocument,
  WorkforceDashboardDocument,
  type HubClient,
} from '../src/client';
import { fromRoot } from '../src/paths';
import { startTestHub, tokenFor, type TestHub } from './kit';

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
