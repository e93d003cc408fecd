/**
 * Signed webhooks (docs/webhooks.md): what a receiver gets (the Standard Webhooks headers, a signature an
 * independent check accepts and a tampered body fails), retries with growing waits and the same webhook-id until
 * WEBHOOK_MAX_ATTEMPTS, then FAILED with every attempt in the log, redelivery; the log through GraphQL for
 * administrators and for nobody else; and the outbox: the delivery is written in the transaction of the change,
 * whether a mutation, the status sweep or a roster import makes it, and a rolled-back change leaves none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { sweepCertificationStatuses } from '../src/domain/credentials/lifecycle';
import { rosterFormat } from '../src/domain/import/format';
import { importRoster } from '../src/domain/import/run';
import { loadReferenceData } from '../src/db/seed/load-reference';
import { CREDENTIAL_TYPE_ID, JURISDICTION_ID } from '../src/db/seed/reference';
import { toGlobalId } from '../src/graphql/global-id';
import { todayUtc } from '../src/graphql/scalars';
import { as, day, expectError, ok, startTestHub, type TestHub } from './kit';
import { writeWaRoster } from './rosters';
import { startReceiver, verifyStandardWebhook, type Receiver } from './webhook-receiver';

const TIMEOUT_MS = 400;
const SCHEDULE_MS = [200, 400, 800];
const MAX_ATTEMPTS = 4;

let hub: TestHub;
let receiver: Receiver;
const dir = mkdtempSync(join(tmpdir(), 'hub-webhooks-test-'));

const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) {
  id url eventTypes description active signingSecret createdBy jurisdiction { code } } }`;
const DELIVERY = `query($id: ID!) { webhookDelivery(id: $id) { id webhookId status attempts lastResponseStatus lastError nextAttemptAt deliveredAt eventType
  endpoint { url } attemptLog(orderBy: [{ field: ATTEMPTED_AT }]) { totalCount nodes { responseStatus error durationMs attemptedAt } } } }`;

const POSTING = 900;
const EMPLOYER = 900;

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function register(input: Record<string, unknown>): Promise<{ id: string; signingSecret: string }> {
  return (await ok(hub, REGISTER, { input })) as { id: string; signingSecret: string };
}

const deliveriesOf = (endpointId: string) =>
  hub.sql<{ id: number; event_id: string; status: string; attempts: number }>(
    `select d.id, d.event_id::text, d.status, d.attempts from webhook_delivery d where d.endpoint_id = ? order by d.id`,
    [Number(Buffer.from(endpointId, 'base64url').toString().split(':')[1])],
  );

beforeAll(async () => {
  receiver = await startReceiver();
  hub = await startTestHub({
    env: {
      WEBHOOK_POLL_MS: '50',
      WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      WEBHOOK_RETRY_SCHEDULE: SCHEDULE_MS.map((ms) => `${ms}ms`).join(','),
      WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    },
    // before the dispatcher polls: on the embedded server, statements of two connections must not interleave
    beforeStart: async (_sql, db) => void (await loadReferenceData(db.url)),
  });
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (?, ?, 'Alpha', 'PEER_RUN_ORGANIZATION', 'Duluth')`, [EMPLOYER, JURISDICTION_ID.MN]);
  await hub.sql(
    `insert into job_posting (id, employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit,
       certification_requirement, status, valid_through, apply_url)
     values (?, ?, ?, 'Peer specialist', 'Support adults in recovery.', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 2000, 2400, 'HOUR', 'REQUIRED', 'DRAFT', ?, 'https://example.org/apply')`,
    [POSTING, EMPLOYER, JURISDICTION_ID.MN, day(30)],
  );
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'P' || i, 'L' || i, ? from generate_series(900, 910) i`, [JURISDICTION_ID.TX]);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('registering an endpoint', () => {
  it('answers the signing secret once: whsec_ and 32 random bytes; no read, audit record or log shows it again', async () => {
    const made = await register({ url: receiver.url('/unused'), eventTypes: ['JOB_POSTING_CLOSED', 'JOB_POSTING_CLOSED'], description: ' Board sync ' });
    expect(made).toMatchObject({ url: receiver.url('/unused'), eventTypes: ['JOB_POSTING_CLOSED'], description: 'Board sync', active: true, createdBy: 'test-ADMIN', jurisdiction: null });
    expect(made.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(made.signingSecret.slice(6), 'base64')).toHaveLength(32);
    const read = await ok(hub, `query($id: ID!) { webhookEndpoint(id: $id) { signingSecret } }`, { id: made.id });
    expect(read).toEqual({ signingSecret: null });
    const listed = await ok(hub, `{ webhookEndpoints(first: 10) { nodes { id signingSecret } } }`, {});
    expect(listed.nodes.find((n: { id: string }) => n.id === made.id)).toEqual({ id: made.id, signingSecret: null });
    const [audit] = await hub.sql<{ after: Record<string, unknown>; jurisdiction_id: number | null }>(
      `select after, jurisdiction_id from audit_record where action = 'registerWebhookEndpoint' and entity_key = ?`,
      [Number(Buffer.from(made.id, 'base64url').toString().split(':')[1])],
    );
    expect(audit.after).not.toHaveProperty('secret');
    expect(JSON.stringify(audit)).not.toContain(made.signingSecret.slice(6));
    expect(audit.jurisdiction_id).toBeNull();

    const rotated = await ok(hub, `mutation($id: ID!) { rotateWebhookSecret(id: $id) { id signingSecret secretVersion } }`, { id: made.id });
    expect(rotated.signingSecret).toMatch(/^whsec_/);
    expect(rotated.secretVersion).toBe(2);
    expect(rotated.signingSecret).not.toBe(made.signingSecret);
    const [{ secret }] = await hub.sql<{ secret: string }>(`select secret from webhook_endpoint where url = ?`, [receiver.url('/unused')]);
    expect(secret).toBe(rotated.signingSecret);
  });

  it('refuses what is not an http or https address, an empty list of events, and a description over 500 characters, naming the argument', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://example.org/hook', eventTypes: ['JOB_POSTING_CLOSED'] }, 'input.url'],
      [{ url: 'not a url', eventTypes: ['JOB_POSTING_CLOSED'] }, 'input.url'],
      [{ url: 'https://user:pass@example.org/hook', eventTypes: ['JOB_POSTING_CLOSED'] }, 'input.url'],
      [{ url: `https://example.org/${'a'.repeat(2000)}`, eventTypes: ['JOB_POSTING_CLOSED'] }, 'input.url'],
      [{ url: 'https://example.org/hook', eventTypes: [] }, 'input.eventTypes'],
      [{ url: 'https://example.org/hook', eventTypes: ['JOB_POSTING_CLOSED'], description: 'x'.repeat(501) }, 'input.description'],
    ];
    const before = await hub.sql(`select count(*)::int as n from webhook_endpoint`);
    for (const [input, argument] of cases) expectError(await hub.query(REGISTER, { input }), 400, 'BAD_USER_INPUT', { argument });
    expect(await hub.sql(`select count(*)::int as n from webhook_endpoint`)).toEqual(before);
  });
});

describe('a delivery', () => {
  it('is POSTed with webhook-id, webhook-timestamp and a webhook-signature the Standard Webhooks check accepts, and a tampered body fails', async () => {
    const endpoint = await register({ url: receiver.url('/ok'), eventTypes: ['JOB_POSTING_PUBLISHED'], jurisdictionId: toGlobalId('Jurisdiction', JURISDICTION_ID.MN) });
    await ok(hub, `mutation($id: ID!) { publishJobPosting(id: $id) { status } }`, { id: toGlobalId('JobPosting', POSTING) });
    const [got] = await waitFor('the delivery', async () => receiver.received.filter((r) => r.path === '/ok'), (list) => list.length > 0);
    const [event] = await hub.sql<{ id: string; occurred_at: string }>(
      `select id::text, occurred_at from hub_event where type = 'JOB_POSTING_PUBLISHED' and entity_key = ?`,
      [POSTING],
    );
    expect(got.headers['webhook-id']).toBe(`evt_${event.id}`);
    expect(got.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(JSON.parse(got.body)).toEqual({
      type: 'JOB_POSTING_PUBLISHED',
      timestamp: new Date(event.occurred_at).toISOString(),
      data: { id: toGlobalId('JobPosting', POSTING), jurisdiction: 'MN', status: 'OPEN', previousStatus: 'DRAFT' },
    });
    expect(verifyStandardWebhook(endpoint.signingSecret, got.headers, got.body)).toBe(true);
    expect(verifyStandardWebhook(endpoint.signingSecret, got.headers, got.body.replace('"OPEN"', '"CLOSED"'))).toBe(false);
    expect(verifyStandardWebhook(endpoint.signingSecret, { ...got.headers, 'webhook-id': `evt_${Number(event.id) + 1}` }, got.body)).toBe(false);
    expect(verifyStandardWebhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, got.headers, got.body)).toBe(false);

    // the posting's JOB_POSTING_CHANGED event made no delivery for it: not one of its types
    const [delivery] = await waitFor('DELIVERED', () => deliveriesOf(endpoint.id), (rows) => rows[0]?.status === 'DELIVERED');
    expect(await deliveriesOf(endpoint.id)).toEqual([{ ...delivery, event_id: event.id, status: 'DELIVERED', attempts: 1 }]);
    const read = await ok(hub, DELIVERY, { id: toGlobalId('WebhookDelivery', delivery.id) });
    expect(read).toMatchObject({ webhookId: `evt_${event.id}`, status: 'DELIVERED', attempts: 1, lastResponseStatus: 204, lastError: null, nextAttemptAt: null, eventType: 'JOB_POSTING_PUBLISHED' });
    expect(read.deliveredAt).not.toBeNull();
    expect(read.attemptLog.nodes).toMatchObject([{ responseStatus: 204, error: null }]);
  });

  it('failing (500, then no answer) is retried with growing waits and the same webhook-id, then FAILED with every attempt in the log; redelivered, it arrives', async () => {
    receiver.answers.set('/fail', [500, 'hang']);
    const endpoint = await register({ url: receiver.url('/fail'), eventTypes: ['CERTIFICATION_STATUS_CHANGED'], jurisdictionId: toGlobalId('Jurisdiction', JURISDICTION_ID.TX) });
    await hub.sql(
      `insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on) values (900, 900, ?, ?, 'ACTIVE', ?, ?, ?)`,
      [CREDENTIAL_TYPE_ID.TX_MHPS, JURISDICTION_ID.TX, day(-10), day(-10), day(700)],
    );
    const [failed] = await waitFor('FAILED', () => deliveriesOf(endpoint.id), (rows) => rows[0]?.status === 'FAILED');
    expect(failed.attempts).toBe(MAX_ATTEMPTS);
    const tries = receiver.received.filter((r) => r.path === '/fail');
    expect(tries).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(tries.map((t) => t.headers['webhook-id']))).toEqual(new Set([`evt_${failed.event_id}`]));
    expect(new Set(tries.map((t) => t.body)).size).toBe(1);
    for (const t of tries) expect(verifyStandardWebhook(endpoint.signingSecret, t.headers, t.body)).toBe(true);
    // the wait after attempt n is the schedule's nth (plus up to 20% jitter), after the timeout of a hanging attempt
    const gaps = tries.slice(1).map((t, i) => t.at - tries[i].at);
    const least = SCHEDULE_MS.map((ms, i) => ms + (i === 0 ? 0 : TIMEOUT_MS));
    gaps.forEach((gap, i) => expect(gap, `wait after attempt ${i + 1}`).toBeGreaterThanOrEqual(least[i] - 5));
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    expect(gaps[2]).toBeGreaterThan(gaps[1]);

    const id = toGlobalId('WebhookDelivery', failed.id);
    const read = await ok(hub, DELIVERY, { id });
    expect(read).toMatchObject({ status: 'FAILED', attempts: MAX_ATTEMPTS, nextAttemptAt: null, deliveredAt: null, lastResponseStatus: null, lastError: `no answer within ${TIMEOUT_MS} ms` });
    expect(read.attemptLog.totalCount).toBe(MAX_ATTEMPTS);
    expect(read.attemptLog.nodes.map((a: { responseStatus: number | null; error: string }) => [a.responseStatus, a.error])).toEqual([
      [500, 'answered HTTP 500'],
      ...Array.from({ length: MAX_ATTEMPTS - 1 }, () => [null, `no answer within ${TIMEOUT_MS} ms`]),
    ]);
    for (const attempt of read.attemptLog.nodes.slice(1)) expect(attempt.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);

    receiver.answers.set('/fail', [200]);
    await ok(hub, `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id });
    // as the mutation left it (the dispatcher may claim it before the answer is read)
    const [audit] = await hub.sql<{ after: Record<string, unknown> }>(`select after from audit_record where action = 'redeliverWebhook' and entity_key = ?`, [failed.id]);
    expect(audit.after).toMatchObject({ status: 'PENDING', attempts: 0, delivered_at: null });
    await waitFor('DELIVERED', () => deliveriesOf(endpoint.id), (rows) => rows[0]?.status === 'DELIVERED');
    const all = receiver.received.filter((r) => r.path === '/fail');
    expect(all).toHaveLength(MAX_ATTEMPTS + 1);
    expect(all.at(-1)!.headers['webhook-id']).toBe(`evt_${failed.event_id}`);
  });

  it('to a paused endpoint waits, and goes when it is active again', async () => {
    const endpoint = await register({ url: receiver.url('/paused'), eventTypes: ['CERTIFICATION_STATUS_CHANGED'], jurisdictionId: toGlobalId('Jurisdiction', JURISDICTION_ID.TX) });
    receiver.answers.set('/paused', [{ status: 204, delayMs: 0 }]);
    const endpointKey = Number(Buffer.from(endpoint.id, 'base64url').toString().split(':')[1]);
    // paused in the transaction of the change, so that the dispatcher never sees it active with the delivery
    await hub.orm.em.getConnection().transactional(async (trx) => {
      const run = (text: string, params: unknown[]) => hub.orm.em.getConnection().execute(text, params as never[], 'all', trx);
      await run(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on) values (901, 901, ?, ?, 'ACTIVE', ?, ?, ?)`, [
        CREDENTIAL_TYPE_ID.TX_MHPS, JURISDICTION_ID.TX, day(-10), day(-10), day(700),
      ]);
      await run(`update webhook_endpoint set active = false where id = ?`, [endpointKey]);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received.filter((r) => r.path === '/paused')).toHaveLength(0);
    expect((await deliveriesOf(endpoint.id)).map((d) => d.status)).toEqual(['PENDING']);
    // a change while it is paused makes no delivery for it
    await hub.sql(`update certification set status = 'SUSPENDED' where id = 901`);
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
    await ok(hub, `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { active: true }) { active } }`, { id: endpoint.id });
    await waitFor('DELIVERED', () => deliveriesOf(endpoint.id), (rows) => rows[0]?.status === 'DELIVERED');
    expect(receiver.received.filter((r) => r.path === '/paused')).toHaveLength(1);
  });
});

describe('the delivery log through GraphQL', () => {
  const LOG = `query($filter: WebhookDeliveryFilter) { webhookDeliveries(first: 50, filter: $filter, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
    totalCount nodes { id webhookId status eventType endpoint { url } attemptLog { totalCount } } } }`;

  it('filters by endpoint, status and event type for ADMIN', async () => {
    const [{ id: failEndpoint }] = await hub.sql<{ id: number }>(`select id from webhook_endpoint where url = ?`, [receiver.url('/fail')]);
    const byEndpoint = await ok(hub, LOG, { filter: { endpoint: { id: { eq: toGlobalId('WebhookEndpoint', failEndpoint) } } } });
    const [{ n: ofEndpoint }] = await hub.sql<{ n: number }>(`select count(*)::int as n from webhook_delivery where endpoint_id = ?`, [failEndpoint]);
    expect(byEndpoint.totalCount).toBe(ofEndpoint);
    expect(byEndpoint.nodes.every((node: { endpoint: { url: string } }) => node.endpoint.url === receiver.url('/fail'))).toBe(true);
    // the one retried: its four failed attempts and the redelivery
    expect(byEndpoint.nodes.at(-1)).toMatchObject({ status: 'DELIVERED', eventType: 'CERTIFICATION_STATUS_CHANGED', attemptLog: { totalCount: MAX_ATTEMPTS + 1 } });
    const published = await ok(hub, LOG, { filter: { eventType: { eq: 'JOB_POSTING_PUBLISHED' }, status: { eq: 'DELIVERED' } } });
    expect(published.nodes.map((n: { endpoint: { url: string } }) => n.endpoint.url)).toEqual([receiver.url('/ok')]);
    const [{ n }] = await hub.sql<{ n: number }>(`select count(*)::int as n from webhook_delivery`);
    expect((await ok(hub, LOG, {})).totalCount).toBe(n);
    expect((await ok(hub, LOG, { filter: { status: { eq: 'FAILED' } } })).totalCount).toBe(0);
  });

  it.each([
    ['STATE_ANALYST', { role: Role.STATE_ANALYST, jurisdictions: ['MN', 'TX'] }],
    ['EMPLOYER', { role: Role.EMPLOYER, employerId: toGlobalId('Employer', EMPLOYER) }],
    ['PEER', { role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 900) }],
    ['PUBLIC', 'PUBLIC'],
  ] as const)('reads as nothing for %s, by list, by id and by node(), and its changes are FORBIDDEN', async (_role, claims) => {
    const headers = await as(claims as Parameters<typeof as>[0]);
    const [{ endpoint, delivery, attempt }] = await hub.sql<{ endpoint: number; delivery: number; attempt: number }>(
      `select (select min(id) from webhook_endpoint) as endpoint, (select min(id) from webhook_delivery) as delivery, (select min(id) from webhook_delivery_attempt) as attempt`,
    );
    const read = await hub.query<Record<string, unknown>>(
      `query($e: ID!, $d: ID!, $a: ID!) {
        webhookEndpoints { totalCount nodes { id } } webhookDeliveries { totalCount nodes { id } } webhookDeliveryAttempts { totalCount }
        webhookEndpoint(id: $e) { id } webhookDelivery(id: $d) { id } webhookDeliveryAttempt(id: $a) { id } node(id: $d) { id } nodes(ids: [$e, $a]) { id } }`,
      { e: toGlobalId('WebhookEndpoint', endpoint), d: toGlobalId('WebhookDelivery', delivery), a: toGlobalId('WebhookDeliveryAttempt', attempt) },
      headers,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({
      webhookEndpoints: { totalCount: 0, nodes: [] },
      webhookDeliveries: { totalCount: 0, nodes: [] },
      webhookDeliveryAttempts: { totalCount: 0 },
      webhookEndpoint: null,
      webhookDelivery: null,
      webhookDeliveryAttempt: null,
      node: null,
      nodes: [null, null],
    });
    const refused = await hub.query(`mutation { registerWebhookEndpoint(input: { url: "https://example.org/h", eventTypes: [JOB_POSTING_CLOSED] }) { id } }`, {}, headers);
    expectError(refused, 403, 'FORBIDDEN');
  });
});

describe('the outbox: a delivery is written in the transaction of the change', () => {
  /** The deliveries of events of the entity, each with whether its event was written by the transaction that last wrote the row. */
  const deliveriesWith = (table: string, entityType: string, key: number) =>
    hub.sql<{ type: string; same_transaction: boolean }>(
      `select distinct on (e.id) e.type, e.xmin = r.xmin as same_transaction from hub_event e join webhook_delivery d on d.event_id = e.id join "${table}" r on r.id = e.entity_key
        where e.entity_type = ? and e.entity_key = ? order by e.id`,
      [entityType, key],
    );

  it('by a mutation', async () => {
    await register({ url: receiver.url('/outbox'), eventTypes: ['JOB_POSTING_CLOSED', 'CERTIFICATION_STATUS_CHANGED'] });
    await ok(hub, `mutation($id: ID!) { closeJobPosting(id: $id, outcome: FILLED) { status } }`, { id: toGlobalId('JobPosting', POSTING) });
    expect(await deliveriesWith('job_posting', 'JobPosting', POSTING)).toEqual([
      { type: 'JOB_POSTING_PUBLISHED', same_transaction: false },
      { type: 'JOB_POSTING_CLOSED', same_transaction: true },
    ]);
  });

  it('by the status sweep', async () => {
    await hub.sql(
      `insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on) values (902, 902, ?, ?, 'ACTIVE', ?, ?, ?)`,
      [CREDENTIAL_TYPE_ID.TX_MHPS, JURISDICTION_ID.TX, day(-800), day(-800), day(-200)],
    );
    const connection = hub.orm.em.getConnection('write');
    const changed = await connection.transactional((trx) => sweepCertificationStatuses((sql) => connection.execute(sql, [], 'all', trx), todayUtc()));
    expect(changed).toBeGreaterThan(0);
    // its insert, then the sweep's change
    const rows = await deliveriesWith('certification', 'Certification', 902);
    expect(rows).toEqual([{ type: 'CERTIFICATION_STATUS_CHANGED', same_transaction: false }, { type: 'CERTIFICATION_STATUS_CHANGED', same_transaction: true }]);
  });

  it('by a roster import: one per imported certification, each in its batch\'s transaction', async () => {
    const path = join(dir, 'wa.csv');
    await writeWaRoster(path, 30);
    const summary = await importRoster({ databaseUrl: hub.db.url, format: rosterFormat('wa-doh'), path, requestedBy: 'test', onReject: () => undefined });
    expect(summary.inserted).toBeGreaterThan(0);
    const [counts] = await hub.sql<{ certifications: number; delivered: number; same: number }>(
      `select count(*)::int as certifications, count(d.id)::int as delivered, count(*) filter (where e.xmin = c.xmin)::int as same
         from certification c left join hub_event e on e.entity_type = 'Certification' and e.entity_key = c.id
         left join webhook_delivery d on d.event_id = e.id
        where c.jurisdiction_id = ?`,
      [JURISDICTION_ID.WA],
    );
    expect(counts.certifications).toBeGreaterThan(0);
    expect(counts).toEqual({ certifications: counts.certifications, delivered: counts.certifications, same: counts.certifications });
  });

  it('and a change rolled back leaves no event and no delivery', async () => {
    const connection = hub.orm.em.getConnection('write');
    const [{ before, wanting }] = await hub.sql<{ before: number; wanting: number }>(
      `select (select count(*)::int from webhook_delivery) as before, (select count(*)::int from webhook_endpoint
        where active and 'CERTIFICATION_STATUS_CHANGED' = any (event_types) and (jurisdiction_id is null or jurisdiction_id = ?)) as wanting`,
      [JURISDICTION_ID.TX],
    );
    expect(wanting).toBeGreaterThan(0);
    const status = await hub.sql(`select status from certification where id = 900`);
    const inside = await connection
      .transactional(async (trx) => {
        await connection.execute(`update certification set status = 'REVOKED' where id = 900 and status <> 'REVOKED'`, [], 'all', trx);
        const [{ n }] = await connection.execute<{ n: number }[]>(`select count(*)::int as n from webhook_delivery`, [], 'all', trx);
        throw Object.assign(new Error('rolled back'), { n });
      })
      .catch((error: { n: number }) => error.n);
    expect(inside).toBe(before + wanting);
    expect(await hub.sql(`select count(*)::int as n from webhook_delivery`)).toEqual([{ n: before }]);
    expect(await hub.sql(`select status from certification where id = 900`)).toEqual(status);
  });
});
