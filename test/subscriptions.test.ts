/**
 * Subscriptions over WebSocket (graphql-transport-ws at /graphql): what each subscriber hears of a change, in its
 * scope and through its filter; one run per change for every subscriber of a document, variables and scope; live
 * queries that answer again only when the figures change; and the refusals, close codes and caps of bad input.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { as, day, jobPostingDraft, ok, startTestHub, tokenFor, type TestHub } from './kit';
import { LiveSocket, pause } from './live';
import { Role } from '../src/auth/viewer';
import { dataChanged } from '../src/cache/data-version';
import { toGlobalId } from '../src/graphql/global-id';
import { entities } from '../src/domain/entities';
import { SubscriberStream } from '../src/http/live/multiplexer';
import { pruneEvents } from '../src/domain/events/retention';

let hub: TestHub;
let url: string;
const employer = (key: number) => toGlobalId('Employer', key);

const CREATE = `mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id } }`;
const PUBLISH = `mutation($id: ID!) { publishJobPosting(id: $id) { id status } }`;
const CLOSE = `mutation($id: ID!) { closeJobPosting(id: $id, outcome: FILLED) { id status } }`;
const PUBLISHED = `subscription($filter: JobPostingFilter) { jobPostingPublished(filter: $filter) { id title status jurisdiction { code } } }`;
const CHANGED = `subscription($filter: JobPostingFilter) { jobPostingChanged(filter: $filter) { id title status } }`;
const CERTIFICATIONS = `subscription($filter: CertificationFilter) { certificationStatusChanged(filter: $filter) { previousStatus certification { id status jurisdiction { code } } } }`;
const METRICS = `subscription { workforceMetrics { totals { openJobPostings { value suppressed } } } }`;

/** Creates a posting of the employer (1: MN, 2: TX) as ADMIN, and publishes it unless told not to. */
async function post(employerKey: number, title: string, publish = true): Promise<string> {
  const created = await ok(hub, CREATE, { input: jobPostingDraft({ employerId: employer(employerKey), title, applyUrl: 'https://jobs.example.org/apply', validThrough: day(60) }) });
  const id = created.id as string;
  if (publish) await ok(hub, PUBLISH, { id });
  return id;
}

beforeAll(async () => {
  // LIVE_POLL_MS: through PgBouncer (no LISTEN) the hub reads hub_event on a timer
  hub = await startTestHub({ env: { LIVE_DEBOUNCE_MS: '50', LIVE_POLL_MS: '100' } });
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'MN Board', 'CERTIFICATION_BOARD', '[]'), (2, 2, 'TX Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'), (2, 2, 2, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'P' || i, 'L' || i, case when i <= 5 then 1 else 2 end from generate_series(1, 10) i`);
  await hub.sql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on)
    select i, i, case when i <= 5 then 1 else 2 end, case when i <= 5 then 1 else 2 end, 'ACTIVE', current_date - 100, current_date - 100, current_date + 600 from generate_series(1, 10) i`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'North Star', 'PEER_RUN_ORGANIZATION', 'Duluth'), (2, 2, 'Lone Star', 'HOSPITAL', 'Austin')`);
  const address = await hub.server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `${address.replace('http', 'ws')}/graphql`;
});
afterAll(() => hub?.close());
// sockets a failed test left open would hold groups the next test counts
afterEach(() => LiveSocket.closeAll());

describe('a job board\'s saved search', () => {
  it('hears of each posting published that meets its filter, as it reads to the public, and of no other', async () => {
    const board = await LiveSocket.connect(url);
    board.subscribe('tx', PUBLISHED, { filter: { jurisdiction: { code: { eq: 'TX' } } } });
    board.subscribe('all', PUBLISHED);
    await pause(100);
    const texas = await post(2, 'Peer specialist, Austin');
    const minnesota = await post(1, 'Peer specialist, Duluth');
    await post(2, 'Draft in Austin', false);
    const [first] = await board.nexts('tx', 1);
    expect(first).toEqual({ data: { jobPostingPublished: { id: texas, title: 'Peer specialist, Austin', status: 'OPEN', jurisdiction: { code: 'TX' } } } });
    const all = await board.nexts('all', 2);
    expect(all.map((answer) => answer.data.jobPostingPublished.id)).toEqual([texas, minnesota]);
    await pause(300);
    expect(board.of('tx', 'next')).toHaveLength(1);
    expect(board.of('all', 'next')).toHaveLength(2);
    board.close();
  });

  it('hears of changes to postings it may read: a draft reaches its employer and ADMIN, not the public', async () => {
    const publicBoard = await LiveSocket.connect(url);
    const owner = await LiveSocket.connect(url, (await as({ role: Role.EMPLOYER, employerId: employer(2) })).authorization);
    const other = await LiveSocket.connect(url, (await as({ role: Role.EMPLOYER, employerId: employer(1) })).authorization);
    for (const socket of [publicBoard, owner, other]) socket.subscribe('changed', CHANGED);
    await pause(100);
    const draft = await post(2, 'Draft of Lone Star', false);
    const [seen] = await owner.nexts('changed', 1);
    expect(seen.data.jobPostingChanged).toEqual({ id: draft, title: 'Draft of Lone Star', status: 'DRAFT' });
    await ok(hub, PUBLISH, { id: draft });
    // each change is read as the posting stands when it is sent: the test waits for one before making the next
    await owner.nexts('changed', 2);
    await ok(hub, CLOSE, { id: draft });
    expect((await owner.nexts('changed', 3)).map((answer) => answer.data.jobPostingChanged.status)).toEqual(['DRAFT', 'OPEN', 'FILLED']);
    await pause(300);
    // the public, and another employer, read a posting while it is public (OPEN), as over HTTP: not as a draft, not filled
    expect(publicBoard.of('changed', 'next').map((m) => m.payload.data.jobPostingChanged.status)).toEqual(['OPEN']);
    expect(other.of('changed', 'next').map((m) => m.payload.data.jobPostingChanged.status)).toEqual(['OPEN']);
    for (const socket of [publicBoard, owner, other]) socket.close();
  });

  it('shares one run among signed-in peers, each with a token of their own, whose scope reads the same postings', async () => {
    const { multiplexer } = hub.server.live;
    const before = multiplexer.counts();
    const peers = await Promise.all(
      [1, 2, 3, 6, 7].map(async (person) => LiveSocket.connect(url, (await as({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', person), subject: `peer-${person}` })).authorization)),
    );
    peers.forEach((peer) => peer.subscribe('s', PUBLISHED, { filter: { jurisdiction: { code: { eq: 'TX' } } } }));
    // their own certifications are another matter: each reads their own
    peers.forEach((peer) => peer.subscribe('c', CERTIFICATIONS));
    await pause(200);
    expect(multiplexer.counts()).toEqual({ subscriptions: before.subscriptions + 10, groups: before.groups + 1 + 5 });
    const runsBefore = multiplexer.stats.runs;
    const id = await post(2, 'Peer mentor, Austin');
    for (const peer of peers) expect((await peer.nexts('s', 1)).map((answer) => answer.data.jobPostingPublished.id)).toEqual([id]);
    expect(multiplexer.stats.runs - runsBefore).toBe(1);
  });

  it('is one run per change for every subscriber of the same document, variables and scope', async () => {
    const { multiplexer } = hub.server.live;
    const before = multiplexer.counts();
    const boards = await Promise.all(Array.from({ length: 40 }, () => LiveSocket.connect(url)));
    boards.forEach((board) => board.subscribe('s', PUBLISHED, { filter: { jurisdiction: { code: { eq: 'MN' } } } }));
    const analyst = await LiveSocket.connect(url, (await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] })).authorization);
    analyst.subscribe('s', PUBLISHED, { filter: { jurisdiction: { code: { eq: 'MN' } } } });
    await pause(200);
    expect(multiplexer.counts()).toEqual({ subscriptions: before.subscriptions + 41, groups: before.groups + 2 });
    const metrics = (await hub.server.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).body;
    expect(metrics).toContain(`hub_live_subscriptions{kind="subscribers"} ${before.subscriptions + 41}`);
    expect(metrics).toContain(`hub_live_subscriptions{kind="groups"} ${before.groups + 2}`);
    expect(metrics).toMatch(/hub_live_connections \d+/);
    const runsBefore = multiplexer.stats.runs;
    const id = await post(1, 'Peer recovery coach');
    await Promise.all([...boards, analyst].map((board) => board.nexts('s', 1)));
    for (const board of boards) expect(board.of('s', 'next').map((m) => m.payload.data.jobPostingPublished.id)).toEqual([id]);
    // the public's 40 shared one run, the analyst's scope another
    expect(multiplexer.stats.runs - runsBefore).toBe(2);
    [...boards, analyst].forEach((board) => board.close());
    await pause(200);
    expect(multiplexer.counts()).toEqual(before);
  });
});

describe('an analyst', () => {
  it('hears of certification status changes in their state, whoever writes them (here SQL, as an import or an operator would)', async () => {
    const mn = await LiveSocket.connect(url, (await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] })).authorization);
    const tx = await LiveSocket.connect(url, (await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] })).authorization);
    mn.subscribe('c', CERTIFICATIONS);
    tx.subscribe('c', CERTIFICATIONS, { filter: { status: { eq: 'SUSPENDED' } } });
    await pause(100);
    await hub.sql(`update certification set status = 'SUSPENDED' where id in (2, 7)`);
    await hub.sql(`update certification set expires_on = expires_on + 1 where id = 3`);
    // a writer outside a mutation tells this process after its commit, as the import and the sweep do
    await dataChanged();
    const [heard] = await mn.nexts('c', 1);
    expect(heard.data.certificationStatusChanged).toEqual({ previousStatus: 'ACTIVE', certification: { id: toGlobalId('Certification', 2), status: 'SUSPENDED', jurisdiction: { code: 'MN' } } });
    const [texas] = await tx.nexts('c', 1);
    expect(texas.data.certificationStatusChanged.certification.id).toBe(toGlobalId('Certification', 7));
    await pause(300);
    // no status changed on certification 3: no event
    expect(mn.of('c', 'next')).toHaveLength(1);
    mn.close();
    tx.close();
  });
});

describe('a live dashboard figure', () => {
  it('answers at once, again when the figure changes, and not when a change leaves it as it was', async () => {
    const dashboard = await LiveSocket.connect(url, (await as({ role: Role.ADMIN })).authorization);
    dashboard.subscribe('m', METRICS);
    const [first] = await dashboard.nexts('m', 1);
    const open = first.data.workforceMetrics.totals.openJobPostings.value as number;
    await post(1, 'Another opening');
    const answers = await dashboard.nexts('m', 2);
    expect(answers[1].data.workforceMetrics.totals.openJobPostings.value).toBe(open + 1);
    // a change that leaves the figure as it was: a new draft
    await post(1, 'A draft', false);
    await pause(400);
    expect(dashboard.of('m', 'next')).toHaveLength(2);
    dashboard.close();
  });
});

describe('a standard client', () => {
  it('subscribes with graphql-ws\'s own client, its token in connectionParams', async () => {
    const token = await tokenFor({ role: Role.EMPLOYER, employerId: employer(1) });
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const received: unknown[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const unsubscribe = client.subscribe<{ jobPostingChanged: { id: string; title: string; status: string } }>(
        { query: CHANGED },
        {
          next: (value) => {
            received.push(value.data?.jobPostingChanged);
            unsubscribe();
            resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await pause(200);
    const id = await post(1, 'From the typed client', false);
    await done;
    expect(received).toEqual([{ id, title: 'From the typed client', status: 'DRAFT' }]);
    await client.dispose();
  });
});

describe('bad input', () => {
  it('refuses a subscription the schema does not have, with a validation error, and keeps the socket', async () => {
    const socket = await LiveSocket.connect(url);
    socket.subscribe('1', 'subscription { noSuchThing { id } }');
    expect((await socket.errorOf('1'))[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    socket.subscribe('2', 'subscription { jobPostingPublished { id noSuchField } }');
    expect((await socket.errorOf('2'))[0].message).toMatch(/noSuchField/);
    socket.subscribe('3', 'subscription { jobPostingPublished { id ');
    expect((await socket.errorOf('3'))[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    socket.subscribe('4', 'query { jurisdictions { code } }');
    expect((await socket.errorOf('4'))[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/over HTTP/) });
    socket.subscribe('5', PUBLISHED, { filter: { jurisdiction: { code: { eq: 5 } } } });
    expect((await socket.errorOf('5'))[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect((await socket.errorOf('5'))[0].extensions).not.toHaveProperty('http');
    socket.send({ id: '6', type: 'subscribe', payload: { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } } });
    expect((await socket.errorOf('6'))[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    // still open and serving
    socket.subscribe('7', PUBLISHED);
    await pause(100);
    expect(socket.of('7', 'error')).toEqual([]);
    socket.close();
  });

  it('answers a live query whose arguments the resolver refuses with the same error as over HTTP, in a next message', async () => {
    const socket = await LiveSocket.connect(url);
    socket.subscribe('m', 'subscription { workforceMetrics(filter: { jurisdictions: ["ZZ"] }) { asOf } }');
    const [answer] = await socket.nexts('m', 1);
    const overHttp = await hub.query('{ workforceMetrics(filter: { jurisdictions: ["ZZ"] }) { asOf } }', {});
    expect(answer.errors[0]).toMatchObject({ message: overHttp.errors![0].message, extensions: { code: 'BAD_USER_INPUT' } });
    expect(answer.errors[0].extensions).not.toHaveProperty('http');
    socket.close();
  });

  it('closes with the protocol\'s codes: malformed message 4400, subscribe before init 4401, a reused id 4409, a second init 4429, no subprotocol 4406', async () => {
    const malformed = await LiveSocket.connect(url);
    malformed.send('{ not json');
    expect((await malformed.closed).code).toBe(4400);
    const noQuery = await LiveSocket.connect(url);
    noQuery.send({ id: '1', type: 'subscribe', payload: {} });
    expect((await noQuery.closed).code).toBe(4400);
    const early = await LiveSocket.open(url);
    early.subscribe('1', PUBLISHED);
    expect((await early.closed).code).toBe(4401);
    const twice = await LiveSocket.connect(url);
    twice.subscribe('same', PUBLISHED);
    twice.subscribe('same', PUBLISHED);
    expect((await twice.closed).code).toBe(4409);
    const reinit = await LiveSocket.connect(url);
    reinit.send({ type: 'connection_init', payload: {} });
    expect((await reinit.closed).code).toBe(4429);
    const noProtocol = await LiveSocket.open(url, '');
    expect((await noProtocol.closed).code).toBe(4406);
  });

  it('closes 4401 on a token it refuses, and when the token expires', async () => {
    const refused = await LiveSocket.open(url);
    refused.send({ type: 'connection_init', payload: { authorization: 'Bearer not-a-token' } });
    const closed = await refused.closed;
    expect(closed.code).toBe(4401);
    expect(closed.reason).not.toBe('');
    const shortLived = await tokenFor({ role: Role.ADMIN, expiresIn: '2s' });
    const expiring = await LiveSocket.connect(url, `Bearer ${shortLived}`);
    expiring.subscribe('m', METRICS);
    await expiring.nexts('m', 1);
    const ended = await expiring.closed;
    expect(ended).toEqual({ code: 4401, reason: 'The token expired: connect again with a new one.' });
  });

  it('answers a subscription sent over HTTP with where subscriptions are served', async () => {
    const answer = await hub.query(PUBLISHED, {});
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringMatching(/WebSocket at \/graphql/) });
  });
});

describe('what live updates rest on', () => {
  it('every data table announces its writes once per transaction (live queries re-run on them)', async () => {
    const tables = entities.map((entity) => hub.orm.getMetadata().get(entity.name).tableName).filter((table) => !['audit_record', 'import_run'].includes(table));
    const triggers = await hub.sql<{ table: string }>(`select c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname = c.relname || '_data_changed'`);
    expect(new Set(triggers.map((row) => row.table))).toEqual(new Set(tables));
  });

  it('keeps events and settled webhook deliveries EVENT_RETENTION_DAYS, and an event a pending delivery names whatever its age', async () => {
    await hub.sql(`insert into webhook_endpoint (id, url, event_types, secret, created_by, active) values (900, 'https://example.org/hook', '{JOB_POSTING_CHANGED}', 'whsec_x', 'test', false)`);
    await hub.sql(`insert into hub_event (id, occurred_at, type, entity_type, entity_key) values
      (900001, now() - interval '40 days', 'JOB_POSTING_CHANGED', 'JobPosting', 1), (900002, now() - interval '40 days', 'JOB_POSTING_CHANGED', 'JobPosting', 1),
      (900003, now() - interval '40 days', 'JOB_POSTING_CHANGED', 'JobPosting', 1), (900004, now() - interval '20 days', 'JOB_POSTING_CHANGED', 'JobPosting', 1)`);
    await hub.sql(`insert into webhook_delivery (id, endpoint_id, event_id, event_type, status, created_at) values
      (900001, 900, 900001, 'JOB_POSTING_CHANGED', 'DELIVERED', now() - interval '40 days'), (900002, 900, 900002, 'JOB_POSTING_CHANGED', 'PENDING', now() - interval '40 days'),
      (900004, 900, 900004, 'JOB_POSTING_CHANGED', 'FAILED', now() - interval '20 days')`);
    await hub.sql(`insert into webhook_delivery_attempt (delivery_id, attempted_at, response_status, duration_ms) values (900001, now() - interval '40 days', 200, 5)`);
    await pruneEvents((text) => hub.sql(text), 30);
    expect((await hub.sql<{ id: string }>(`select id::text from hub_event where id >= 900001 order by id`)).map((row) => row.id)).toEqual(['900002', '900004']);
    expect((await hub.sql<{ id: number }>(`select id from webhook_delivery where id >= 900001 order by id`)).map((row) => row.id)).toEqual([900002, 900004]);
    expect(await hub.sql(`select 1 from webhook_delivery_attempt where delivery_id = 900001`)).toEqual([]);
    await hub.sql(`delete from webhook_delivery where endpoint_id = 900`);
    await hub.sql(`delete from webhook_endpoint where id = 900`);
  });

  it('a subscriber that leaves LIVE_MAX_QUEUED answers unread gets SUBSCRIBER_TOO_SLOW, and its stream ends', async () => {
    let ended = 0;
    const stream = new SubscriberStream(3, () => ended++);
    for (let i = 0; i < 4; i++) stream.push({ data: { n: i } });
    expect(ended).toBe(1);
    expect((await stream.next()).value).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'SUBSCRIBER_TOO_SLOW', limit: 3 } })] });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    stream.push({ data: { n: 5 } });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});

describe('production', () => {
  it('takes from callers without a token only the published documents, as over HTTP', async () => {
    const production = await startTestHub({ env: { NODE_ENV: 'production', JWT_SECRET: 'a production secret of the test suite, long enough' } });
    try {
      const address = await production.server.app.listen({ port: 0, host: '127.0.0.1' });
      const socket = await LiveSocket.connect(`${address.replace('http', 'ws')}/graphql`);
      socket.subscribe('adhoc', PUBLISHED);
      expect((await socket.errorOf('adhoc'))[0]).toMatchObject({ extensions: { code: 'UNTRUSTED_DOCUMENT' } });
      socket.close();
    } finally {
      await production.close();
    }
  });
});

describe('caps', () => {
  let capped: TestHub;
  let cappedUrl: string;

  beforeAll(async () => {
    capped = await startTestHub({
      env: { LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3', LIVE_MAX_SUBSCRIPTIONS_PER_CALLER: '5', RATE_LIMIT_MAX: '30', MAX_QUERY_DEPTH: '3' },
    });
    cappedUrl = `${(await capped.server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/graphql`;
  });
  afterAll(() => capped?.close());

  it('holds LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION per socket and LIVE_MAX_SUBSCRIPTIONS_PER_CALLER over all of a caller\'s', async () => {
    const first = await LiveSocket.connect(cappedUrl);
    for (const id of ['a', 'b', 'c', 'd']) first.subscribe(id, PUBLISHED);
    expect((await first.errorOf('d'))[0]).toMatchObject({ extensions: { code: 'SUBSCRIPTION_LIMIT', limit: 3 } });
    first.complete('a');
    await pause(100);
    first.subscribe('e', PUBLISHED);
    await pause(100);
    expect(first.of('e', 'error')).toEqual([]);
    const second = await LiveSocket.connect(cappedUrl);
    for (const id of ['a', 'b', 'c']) second.subscribe(id, PUBLISHED);
    // 3 on the first socket, 2 here: the caller (this IP, no token) holds 5
    expect((await second.errorOf('c'))[0]).toMatchObject({ extensions: { code: 'SUBSCRIPTION_LIMIT', limit: 5 } });
    first.close();
    await pause(200);
    second.subscribe('d', PUBLISHED);
    await pause(100);
    expect(second.of('d', 'error')).toEqual([]);
    second.close();
  });

  it('refuses a document over the depth limit, and a flood of subscribe messages past the rate limit', async () => {
    const socket = await LiveSocket.connect(cappedUrl, (await as({ role: Role.ADMIN, subject: 'flooder' })).authorization);
    socket.subscribe('deep', 'subscription { jobPostingPublished { employer { jurisdiction { code } } } }');
    expect((await socket.errorOf('deep'))[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_DEEP', limit: 3 } });
    for (let i = 0; i < 100; i++) socket.subscribe(`f${i}`, 'subscription { jobPostingPublished { id } }');
    await socket.waitFor((m) => m.id === 'f99' && m.type === 'error');
    const codes = socket.messages.filter((m) => m.type === 'error' && m.id?.startsWith('f')).map((m) => m.payload[0].extensions.code);
    expect(codes.filter((code) => code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(70);
    expect(new Set(codes)).toEqual(new Set(['RATE_LIMITED', 'SUBSCRIPTION_LIMIT']));
    socket.close();
    // the hub still serves
    const after = await capped.query<{ jurisdictions: unknown[] }>('{ jurisdictions { code } }', {});
    expect(after.status).toBe(200);
  });
});
