/**
 * Workflows under concurrency over two hub processes on one PostgreSQL database (docs/locking.md): every pair of
 * mutations of one registration, event, fund application and certification application sent at once, many rounds,
 * ends in a success or a documented refusal (never INTERNAL_SERVER_ERROR, never a deadlock: no transaction was run
 * again); and 100 registrations at once for 7 seats get 7 places and waiting list numbers 1 to 93 in the order the
 * hub decided, and freed seats go to the first waiting. Real PostgreSQL only (the embedded PGlite is one process's
 * database and runs one transaction at a time): skipped unless TEST_DATABASE_URL is set.
 */
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { signToken } from '../../src/cli/token';
import { loadConfig } from '../../src/config';
import { toGlobalId } from '../../src/graphql/global-id';
import { todayUtc } from '../../src/graphql/scalars';
import { stopChild } from '../bench/load';
import { baseOf, outcome, PEOPLE, preparePairs, runPairs, SCENARIOS, type Answer, type Harness } from '../concurrency-pairs';
import type { TestDatabase } from '../kit';
import { startHubProcesses, startMigratedDatabase } from './hubs';

/** Rounds of each pair: 2 x 20 requests at once, as many as the 40 that deadlocked 13 times in issue #20. */
const ROUNDS = 20;
const SEATS = 7;
const REGISTRANTS = 100;

const REGISTER = `mutation($input: RegisterForTrainingEventInput!) { registerForTrainingEvent(input: $input) { id status waitlistNumber } }`;
const CANCEL = `mutation($id: ID!) { cancelTrainingRegistration(id: $id) { id status } }`;

describe.runIf(process.env.TEST_DATABASE_URL)('workflows under concurrency, two hub processes on one PostgreSQL database', () => {
  let db: TestDatabase | undefined;
  let sql: Client | undefined;
  let authorization = '';
  const hubs: { child: ChildProcess; url: URL }[] = [];

  const rows = async <T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> => {
    let n = 0;
    return (await sql!.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
  };
  const send = async (via: number, query: string, variables: Record<string, unknown>): Promise<Answer> => {
    const response = await fetch(hubs[via].url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
  };
  const harness: Harness = { send, sql: rows };

  beforeAll(async () => {
    ({ db, sql } = await startMigratedDatabase());
    await preparePairs(harness, PEOPLE);
    authorization = `Bearer ${await signToken({ role: Role.ADMIN, subject: 'e2e-admin', jurisdictions: [], employerId: null, peerId: null, expiresIn: '1h' }, loadConfig({}))}`;
    await startHubProcesses(hubs, db.url, { STATUS_SWEEP_HOURS: '0' });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => stopChild(hub.child)));
    await sql?.end();
    await db?.close();
  }, 60_000);

  SCENARIOS.forEach((scenario, index) => {
    it(`${scenario.name}: ${ROUNDS} rounds, ${2 * ROUNDS} requests at once over the two processes`, async () => {
      expect(hubs).toHaveLength(2);
      const counted = await runPairs(harness, scenario, index, ROUNDS);
      expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBe(2 * ROUNDS);
      console.info(`${scenario.name}: ${JSON.stringify(counted)}`);
    }, 60_000);
  });

  it(`${REGISTRANTS} registrations at once for ${SEATS} seats: ${SEATS} places, waiting list numbers 1 to ${REGISTRANTS - SEATS} in the order decided; freed seats go to the first waiting`, async () => {
    const event = baseOf(SCENARIOS.length);
    await rows(
      `insert into training_event (id, organization_id, jurisdiction_id, title, course_kind, format, status, starts_on, ends_on, contact_hours, ce_hours, price_cents, seats)
       values (?, 1, 1, 'Popular course', 'CORE', 'IN_PERSON', 'SCHEDULED', ?::date + 10, ?::date + 12, 40, 6, 0, ?)`,
      [event, todayUtc(), todayUtc(), SEATS],
    );
    const people = Array.from({ length: REGISTRANTS }, (_, i) => event + 1 + i);
    const answers = await Promise.all(
      people.map((person, i) => send(i % 2, REGISTER, { input: { eventId: toGlobalId('TrainingEvent', event), personId: toGlobalId('PeerSpecialist', person) } })),
    );
    expect(answers.map(outcome)).toEqual(Array(REGISTRANTS).fill('OK'));
    const placed = answers.map((answer) => answer.data!.registerForTrainingEvent as { id: string; status: string; waitlistNumber: number | null });
    expect(placed.filter((r) => r.status === 'REGISTERED').map((r) => r.waitlistNumber)).toEqual(Array(SEATS).fill(null));
    const waiting = placed.filter((r) => r.status === 'WAITLISTED');
    expect(waiting.map((r) => r.waitlistNumber).sort((a, b) => a! - b!)).toEqual(Array.from({ length: REGISTRANTS - SEATS }, (_, i) => i + 1));

    // the order decided is the order of the audit records, written under the event's lock: the seats first, then
    // the numbers 1, 2, 3... with no gap and none twice; registered_at (the time of the decision) follows it
    const decided = await rows<{ key: number; status: string; n: number | null; stored: number | null }>(
      `select a.entity_key as key, a.after->>'status' as status, (a.after->>'waitlist_number')::int as n, r.waitlist_number as stored
         from audit_record a join training_registration r on r.id = a.entity_key
        where a.action = 'registerForTrainingEvent' and r.event_id = ? order by a.id`,
      [event],
    );
    expect(decided.map((r) => [r.status, r.n])).toEqual([
      ...Array.from({ length: SEATS }, () => ['REGISTERED', null]),
      ...Array.from({ length: REGISTRANTS - SEATS }, (_, i) => ['WAITLISTED', i + 1]),
    ]);
    expect(decided.every((r) => r.stored === r.n)).toBe(true);
    for (const answer of waiting) expect(decided.find((r) => toGlobalId('TrainingRegistration', r.key) === answer.id)!.n).toBe(answer.waitlistNumber);
    expect(
      await rows(`select count(*)::int as out_of_order from (select registered_at < lag(registered_at) over (order by waitlist_number) as earlier
        from training_registration where event_id = ? and status = 'WAITLISTED') w where earlier`, [event]),
    ).toEqual([{ out_of_order: 0 }]);

    // five seats and two places in line given up at once: the first five still waiting (1, 3, 4, 5, 6) get the seats
    const byNumber = async (n: number) => (await rows<{ id: number }>(`select id from training_registration where event_id = ? and waitlist_number = ?`, [event, n]))[0].id;
    const seated = (await rows<{ id: number }>(`select id from training_registration where event_id = ? and status = 'REGISTERED' order by id`, [event])).map((r) => r.id);
    const leaving = [...seated.slice(0, 5), await byNumber(2), await byNumber(40)];
    const cancelled = await Promise.all(leaving.map((key, i) => send(i % 2, CANCEL, { id: toGlobalId('TrainingRegistration', key) })));
    expect(cancelled.map(outcome)).toEqual(Array(leaving.length).fill('OK'));
    const registered = await rows<{ n: number | null }>(`select waitlist_number as n from training_registration where event_id = ? and status = 'REGISTERED' order by n nulls first`, [event]);
    expect(registered.map((r) => r.n)).toEqual([null, null, 1, 3, 4, 5, 6]);
    const promoted = await rows<{ n: number }>(
      `select (a.after->>'waitlist_number')::int as n from audit_record a join training_registration r on r.id = a.entity_key
        where r.event_id = ? and a.before->>'status' = 'WAITLISTED' and a.after->>'status' = 'REGISTERED' order by a.id`,
      [event],
    );
    // each promotion took the first waiting at its moment: the numbers rise (2 among them if it was seated before it left)
    expect(promoted.map((r) => r.n).every((n, i, all) => i === 0 || n > all[i - 1])).toBe(true);
    expect(promoted.map((r) => r.n).filter((n) => n !== 2)).toEqual([1, 3, 4, 5, 6]);
    const stillWaiting = await rows<{ n: number }>(`select waitlist_number as n from training_registration where event_id = ? and status = 'WAITLISTED' order by n`, [event]);
    expect(stillWaiting.map((r) => r.n)).toEqual(Array.from({ length: REGISTRANTS - SEATS - 6 }, (_, i) => i + 7).filter((n) => n !== 40));

    // numbers are never drawn twice: the next person waits as number 94
    const late = await send(0, REGISTER, { input: { eventId: toGlobalId('TrainingEvent', event), personId: toGlobalId('PeerSpecialist', event + REGISTRANTS + 1) } });
    expect(late.data!.registerForTrainingEvent).toMatchObject({ status: 'WAITLISTED', waitlistNumber: REGISTRANTS - SEATS + 1 });
  }, 60_000);

  it('no transaction was stopped by PostgreSQL along the way: the lock order held, with nothing left for the retries to hide', async () => {
    for (const hub of hubs) {
      const metrics = await (await fetch(new URL('/metrics', hub.url))).text();
      expect(metrics).toContain('# TYPE hub_transaction_retries_total counter');
      expect(metrics.split('\n').filter((line) => line.startsWith('hub_transaction_retries_total'))).toEqual([]);
    }
  });
});
