/**
 * Training registrations: seats and the waiting list (including 100 people registering at once for 20 seats), a
 * cancellation handing its seat to the first waitlisted, completion with score and CE hours credited to the
 * person's certification, who may do each, and the audit records each change leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, asPeer, expectError, startTestHub, type TestHub } from './kit';
import { Role } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/global-id';
import { addDays } from '../src/domain/metrics/inputs';
import { todayUtc } from '../src/graphql/scalars';

let hub: TestHub;
const TODAY = todayUtc();
const person = (key: number) => toGlobalId('PeerSpecialist', key);
const event = (key: number) => toGlobalId('TrainingEvent', key);
const registration = (key: number) => toGlobalId('TrainingRegistration', key);

const REGISTER = `mutation($input: RegisterForTrainingEventInput!) { registerForTrainingEvent(input: $input) { id status waitlistNumber person { id } event { id } } }`;
const CANCEL = `mutation($id: ID!) { cancelTrainingRegistration(id: $id) { id status } }`;
const COMPLETE = `mutation($input: CompleteTrainingRegistrationInput!) { completeTrainingRegistration(input: $input) { id status score passed completedOn } }`;

type Registered = { registerForTrainingEvent: { id: string; status: string; waitlistNumber: number | null } };

async function register(eventKey: number, personKey: number, headers?: Record<string, string>, extra: Record<string, unknown> = {}) {
  return hub.query<Registered>(REGISTER, { input: { eventId: event(eventKey), personId: person(personKey), ...extra } }, headers);
}

async function statuses(eventKey: number): Promise<Record<string, number>> {
  const rows = await hub.sql<{ status: string; n: number }>(`select status, count(*)::int as n from training_registration where event_id = ? group by status`, [eventKey]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/*
 * Data: MN (1); people 1..120 in MN; person 1 holds an ACTIVE MN CPS certification (id 1), person 2 an EXPIRED one.
 * Events of organisation 1: 1 "Core" 20 seats starting in 10 days (6 CE hours); 2 "Small" 2 seats in 10 days;
 * 3 already started (yesterday); 4 CANCELLED; 5 "Past" ended 5 days ago, 2 CE hours, with person 1 and 2 REGISTERED.
 */
beforeAll(async () => {
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'MN Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'P' || i, 'L' || i, 1 from generate_series(1, 120) i`);
  await hub.sql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, issued_on, expires_on, first_issued_on) values
    (1, 1, 1, 1, 'ACTIVE', ?::date - 100, ?::date + 600, ?::date - 100), (2, 2, 1, 1, 'EXPIRED', ?::date - 1000, ?::date - 270, ?::date - 1000)`,
    [TODAY, TODAY, TODAY, TODAY, TODAY, TODAY]);
  await hub.sql(`insert into training_organization (id, name, jurisdiction_id, approved) values (1, 'North Star Training', 1, true)`);
  const eventRow = (id: number, title: string, starts: string, ends: string, seats: number, ce: number, status = 'SCHEDULED') =>
    hub.sql(`insert into training_event (id, organization_id, jurisdiction_id, title, course_kind, format, status, starts_on, ends_on, contact_hours, ce_hours, price_cents, seats)
      values (?, 1, 1, ?, 'CORE', 'IN_PERSON', ?, ?, ?, 40, ?, 0, ?)`, [id, title, status, starts, ends, ce, seats]);
  await eventRow(1, 'Core', addDays(TODAY, 10), addDays(TODAY, 14), 20, 6);
  await eventRow(2, 'Small', addDays(TODAY, 10), addDays(TODAY, 10), 2, 0);
  await eventRow(3, 'Started', addDays(TODAY, -1), addDays(TODAY, 3), 20, 0);
  await eventRow(4, 'Cancelled', addDays(TODAY, 10), addDays(TODAY, 11), 20, 0, 'CANCELLED');
  await eventRow(5, 'Past', addDays(TODAY, -9), addDays(TODAY, -5), 20, 2, 'COMPLETED');
  // one of its two CE hours is ethics
  await hub.sql(`update training_event set ethics_hours = 1 where id = 5`);
  await hub.sql(`insert into training_registration (id, event_id, person_id, status, registered_at) values (1, 5, 1, 'REGISTERED', now() - interval '20 days'), (2, 5, 2, 'REGISTERED', now() - interval '20 days')`);
  await hub.sql(`select setval(pg_get_serial_sequence('training_registration', 'id'), 10)`);
});
afterAll(() => hub?.close());

describe('registering', () => {
  it('100 people at once for 20 seats: exactly 20 registered, 80 waitlisted', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => register(1, i + 11)));
    expect(results.every((r) => r.status === 200 && !r.errors)).toBe(true);
    const answered = results.map((r) => r.data!.registerForTrainingEvent.status);
    expect(answered.filter((s) => s === 'REGISTERED')).toHaveLength(20);
    expect(answered.filter((s) => s === 'WAITLISTED')).toHaveLength(80);
    expect(await statuses(1)).toEqual({ REGISTERED: 20, WAITLISTED: 80 });
    const [{ n }] = await hub.sql<{ n: number }>(`select count(*)::int as n from audit_record where action = 'registerForTrainingEvent' and entity_type = 'TrainingRegistration'`);
    expect(n).toBe(100);
    // in the order the hub decided (its audit records): the seats, then waiting list numbers 1 to 80, each once
    const decided = await hub.sql<{ status: string; n: number | null }>(
      `select r.status, r.waitlist_number as n from audit_record a join training_registration r on r.id = a.entity_key
        where a.action = 'registerForTrainingEvent' and r.event_id = 1 order by a.id`,
    );
    expect(decided).toEqual([
      ...Array.from({ length: 20 }, () => ({ status: 'REGISTERED', n: null })),
      ...Array.from({ length: 80 }, (_, i) => ({ status: 'WAITLISTED', n: i + 1 })),
    ]);
    const answeredNumbers = results.map((r) => r.data!.registerForTrainingEvent.waitlistNumber).filter((x) => x !== null);
    expect(answeredNumbers.sort((a, b) => a! - b!)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('a peer registers themselves; another person, a started, cancelled or unknown event, a second registration are refused', async () => {
    const peer3 = await asPeer(3);
    const own = await hub.query<Registered>(REGISTER, { input: { eventId: event(2) } }, peer3);
    expect(own.data!.registerForTrainingEvent).toMatchObject({ status: 'REGISTERED', person: { id: person(3) } });
    expectError(await hub.query(REGISTER, { input: { eventId: event(2), personId: person(4) } }, peer3), 400, 'BAD_USER_INPUT');
    expectError(await hub.query(REGISTER, { input: { eventId: event(2) } }, peer3), 409, 'CONFLICT');
    expectError(await register(3, 5), 409, 'CONFLICT');
    expectError(await register(4, 5), 409, 'CONFLICT');
    expectError(await register(99, 5), 400, 'BAD_USER_INPUT');
    expectError(await hub.query(REGISTER, { input: { eventId: event(2) } }), 400, 'BAD_USER_INPUT'); // ADMIN must name the person
    for (const claims of [{ role: Role.EMPLOYER, employerId: toGlobalId('Employer', 1) }, { role: Role.STATE_ANALYST, jurisdictions: ['MN'] }]) {
      expectError(await register(2, 5, await as(claims)), 403, 'FORBIDDEN');
    }
    expectError(await register(2, 5, await as('PUBLIC')), 403, 'FORBIDDEN');
    expect(await statuses(2)).toEqual({ REGISTERED: 1 });
  });

  it('the same idempotency key twice gives one registration', async () => {
    const [first, second] = await Promise.all([register(2, 6, undefined, { idempotencyKey: 'reg-6' }), register(2, 6, undefined, { idempotencyKey: 'reg-6' })]);
    expect(first.data!.registerForTrainingEvent.id).toBe(second.data!.registerForTrainingEvent.id);
    expect(await statuses(2)).toEqual({ REGISTERED: 2 });
    // the seats are gone: the next person waits
    expect((await register(2, 7)).data!.registerForTrainingEvent.status).toBe('WAITLISTED');
    expect((await register(2, 8)).data!.registerForTrainingEvent.status).toBe('WAITLISTED');
  });
});

describe('cancelling', () => {
  it('a freed seat goes to the first waitlisted; leaving the waiting list frees none; a cancelled one can register again', async () => {
    const [{ id: peer3Registration }] = await hub.sql<{ id: number }>(`select id from training_registration where event_id = 2 and person_id = 3`);
    const cancelled = await hub.query<{ cancelTrainingRegistration: { status: string } }>(CANCEL, { id: registration(peer3Registration) }, await asPeer(3));
    expect(cancelled.data!.cancelTrainingRegistration.status).toBe('CANCELLED');
    const rows = await hub.sql<{ person_id: number; status: string }>(`select person_id, status from training_registration where event_id = 2 order by person_id`);
    expect(rows).toEqual([
      { person_id: 3, status: 'CANCELLED' },
      { person_id: 6, status: 'REGISTERED' },
      { person_id: 7, status: 'REGISTERED' }, // first on the waiting list
      { person_id: 8, status: 'WAITLISTED' },
    ]);
    // two audit records: the cancellation and the promotion
    const audits = await hub.sql<{ entity_key: number; before: { status: string }; after: { status: string } }>(
      `select entity_key, before, after from audit_record where action = 'cancelTrainingRegistration' order by id`,
    );
    expect(audits.map((a) => [a.before.status, a.after.status])).toEqual([['REGISTERED', 'CANCELLED'], ['WAITLISTED', 'REGISTERED']]);
    // person 8 leaves the waiting list: nobody moves
    const [{ id: waiting }] = await hub.sql<{ id: number }>(`select id from training_registration where event_id = 2 and person_id = 8`);
    await hub.query(CANCEL, { id: registration(waiting) });
    expect(await statuses(2)).toEqual({ REGISTERED: 2, CANCELLED: 2 });
    expectError(await hub.query(CANCEL, { id: registration(waiting) }), 409, 'INVALID_TRANSITION');
    // person 3 registers again: the event is full, so on the waiting list, in the same row
    const again = await hub.query<Registered>(REGISTER, { input: { eventId: event(2) } }, await asPeer(3));
    // at the end of the line: numbers 1 and 2 were drawn (7, seated; 8, gone), and are never drawn again
    expect(again.data!.registerForTrainingEvent).toMatchObject({ id: registration(peer3Registration), status: 'WAITLISTED', waitlistNumber: 3 });
  });

  it('a peer cannot cancel another person\'s registration, nor learn that it exists', async () => {
    const [{ id }] = await hub.sql<{ id: number }>(`select id from training_registration where event_id = 2 and person_id = 6`);
    const result = await hub.query(CANCEL, { id: registration(id) }, await asPeer(3));
    expectError(result, 400, 'BAD_USER_INPUT');
    expect(result.errors![0].message).toContain('that you may change');
  });
});

describe('completing', () => {
  it('records the score and credits the CE hours, ethics hours among them, to the certification in force', async () => {
    const result = await hub.query<{ completeTrainingRegistration: Record<string, unknown> }>(COMPLETE, { input: { registrationId: registration(1), score: 88.5 } });
    expect(result.data!.completeTrainingRegistration).toEqual({ id: registration(1), status: 'COMPLETED', score: 88.5, passed: true, completedOn: addDays(TODAY, -5) });
    const ce = await hub.sql(`select person_id, certification_id, training_event_id, title, provider, hours::float8 as hours, ethics_hours::float8 as ethics_hours, completed_on::text from continuing_education_record`);
    expect(ce).toEqual([{ person_id: 1, certification_id: 1, training_event_id: 5, title: 'Past', provider: 'North Star Training', hours: 2, ethics_hours: 1, completed_on: addDays(TODAY, -5) }]);
  });

  it('a failing score or a person without a certification in force earns no CE record', async () => {
    const failed = await hub.query<{ completeTrainingRegistration: { passed: boolean } }>(COMPLETE, { input: { registrationId: registration(2), score: 50 } });
    expect(failed.data!.completeTrainingRegistration.passed).toBe(false);
    expect(await hub.sql(`select id from continuing_education_record where person_id = 2`)).toEqual([]);
  });

  it('refuses a bad score, a date out of range, a registration not REGISTERED, and every role but ADMIN', async () => {
    await hub.sql(`insert into training_registration (id, event_id, person_id, status, registered_at) values (5, 5, 5, 'REGISTERED', now())`);
    expectError(await hub.query(COMPLETE, { input: { registrationId: registration(5), score: 101 } }), 400, 'BAD_USER_INPUT');
    expectError(await hub.query(COMPLETE, { input: { registrationId: registration(5), completedOn: addDays(TODAY, -30) } }), 400, 'BAD_USER_INPUT');
    expectError(await hub.query(COMPLETE, { input: { registrationId: registration(5), completedOn: addDays(TODAY, 1) } }), 400, 'BAD_USER_INPUT');
    const done = await hub.query(COMPLETE, { input: { registrationId: registration(1) } });
    expectError(done, 409, 'INVALID_TRANSITION');
    expect(done.errors![0].extensions).toMatchObject({ currentStatus: 'COMPLETED', allowedFrom: ['REGISTERED'] });
    expectError(await hub.query(COMPLETE, { input: { registrationId: registration(5) } }, await asPeer(5)), 403, 'FORBIDDEN');
    expect(await hub.sql(`select status from training_registration where id = 5`)).toEqual([{ status: 'REGISTERED' }]);
  });
});
