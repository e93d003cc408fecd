/**
 * "A process killed between commit and delivery loses nothing": a built hub on PostgreSQL publishes postings while a
 * slow receiver holds its first deliveries open, and is killed with SIGKILL, some deliveries in flight and the rest
 * waiting; a second hub started on the same database sends them all. The receiver gets every event at least once,
 * and every repeat carries the same webhook-id, the same body and a valid signature. Real PostgreSQL only (the
 * embedded PGlite is one process's database): skipped unless TEST_DATABASE_URL is set.
 */
import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { toGlobalId } from '../../src/graphql/global-id';
import { tokenFor, type TestDatabase } from '../kit';
import { startReceiver, verifyStandardWebhook, type Receiver } from '../webhook-receiver';
import { startLoggedHub, startMigratedDatabase, type HubProcess } from './hubs';

const POSTINGS = 12;
/** The receiver answers each request this late: the deliveries it holds are in flight when the hub is killed. */
const ANSWER_DELAY_MS = 1500;
const ENV = { WEBHOOK_POLL_MS: '100', WEBHOOK_TIMEOUT_MS: '3000', WEBHOOK_RETRY_SCHEDULE: '500ms', WEBHOOK_CONCURRENCY: '8' };

async function graphql<T>(hub: HubProcess, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const authorization = `Bearer ${await tokenFor({ role: Role.ADMIN })}`;
  const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
  const answer = (await response.json()) as { data?: T; errors?: unknown[] };
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!;
}

async function waitFor(what: string, done: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.runIf(process.env.TEST_DATABASE_URL)('webhooks when the hub is killed', () => {
  let db: TestDatabase | undefined;
  let sql: Client;
  let receiver: Receiver;
  const hubs: HubProcess[] = [];

  beforeAll(async () => {
    ({ db, sql } = await startMigratedDatabase());
    receiver = await startReceiver();
    receiver.answers.set('/hook', [{ status: 204, delayMs: ANSWER_DELAY_MS }]);
    await sql.query(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
    await sql.query(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'Alpha', 'PEER_RUN_ORGANIZATION', 'Duluth')`);
    await sql.query(
      `insert into job_posting (id, employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit,
         certification_requirement, status, valid_through, apply_url)
       select i, 1, 1, 'Peer specialist ' || i, 'Support adults in recovery.', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 2000, 2400, 'HOUR', 'REQUIRED', 'DRAFT',
         current_date + 60, 'https://example.org/apply' from generate_series(1, $1::int) i`,
      [POSTINGS],
    );
  }, 300_000);

  afterAll(async () => {
    for (const hub of hubs) hub.child.kill('SIGKILL');
    await receiver?.close();
    await sql?.end();
    await db?.close();
  }, 60_000);

  it('sends every event at least once after a SIGKILL, repeats with the same webhook-id and a valid signature', async () => {
    const first = await startLoggedHub({ DATABASE_URL: db!.url, REFERENCE_DATA: 'false', ...ENV });
    hubs.push(first);
    const { registerWebhookEndpoint: endpoint } = await graphql<{ registerWebhookEndpoint: { signingSecret: string } }>(
      first,
      `mutation($url: String!) { registerWebhookEndpoint(input: { url: $url, eventTypes: [JOB_POSTING_PUBLISHED] }) { signingSecret } }`,
      { url: receiver.url('/hook') },
    );
    for (let key = 1; key <= POSTINGS; key++) {
      await graphql(first, `mutation($id: ID!) { publishJobPosting(id: $id) { status } }`, { id: toGlobalId('JobPosting', key) });
    }
    // killed while the receiver holds its first deliveries unanswered, the others waiting their turn
    await waitFor('the first deliveries to arrive', () => receiver.received.length >= 2, 20_000);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const { rows: atKill } = await sql.query<{ status: string; n: number }>(`select status, count(*)::int as n from webhook_delivery group by status`);
    expect(atKill.find((r) => r.status === 'DELIVERED')?.n ?? 0, JSON.stringify(atKill)).toBeLessThan(POSTINGS);
    expect(receiver.received.length).toBeLessThan(POSTINGS);

    hubs.push(await startLoggedHub({ DATABASE_URL: db!.url, REFERENCE_DATA: 'false', ...ENV }));
    await waitFor(
      'every delivery DELIVERED',
      async () => (await sql.query(`select 1 from webhook_delivery where status <> 'DELIVERED'`)).rowCount === 0,
      60_000,
    );

    const { rows: events } = await sql.query<{ id: string }>(`select id::text from hub_event where type = 'JOB_POSTING_PUBLISHED' order by id`);
    expect(events).toHaveLength(POSTINGS);
    const byId = new Map<string, string[]>();
    for (const request of receiver.received) {
      expect(verifyStandardWebhook(endpoint.signingSecret, request.headers, request.body), request.headers['webhook-id']).toBe(true);
      byId.set(request.headers['webhook-id'], [...(byId.get(request.headers['webhook-id']) ?? []), request.body]);
    }
    expect([...byId.keys()].sort()).toEqual(events.map((e) => `evt_${e.id}`).sort());
    // those in flight at the kill came again, the same message
    const repeated = [...byId.values()].filter((bodies) => bodies.length > 1);
    expect(repeated.length).toBeGreaterThan(0);
    for (const bodies of repeated) expect(new Set(bodies).size).toBe(1);
  }, 180_000);
});
