/**
 * Pairs of mutations of one row (or one event, one fund) sent at once: the shared suite that test/locking.test.ts runs
 * in one process (PGlite or PostgreSQL) and test/e2e/workflow-concurrency.test.ts over two hub processes on
 * PostgreSQL. Each scenario writes its rows for a number of rounds, sends both mutations of every round at the same
 * time (the first of a pair to one process, the second to the other), then checks what a user would: each answer is a
 * success or a documented refusal (never INTERNAL_SERVER_ERROR, never TRANSACTION_CONFLICT), and the rows stored agree
 * with the answers (statuses, seats, waiting list numbers, promotions, CE records, a fund's committed cents).
 */
import { expect } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id';
import { todayUtc } from '../src/graphql/scalars';
import { day } from './kit';

export interface Answer {
  status: number;
  data?: Record<string, any> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface Harness {
  /** Sends the operation as ADMIN through hub process `via` (0 or 1; a harness of one process ignores it). */
  send(via: number, query: string, variables: Record<string, unknown>): Promise<Answer>;
  /** Plain SQL against the test database, with `?` placeholders. */
  sql<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
}

interface Request {
  query: string;
  variables: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  /** Writes the rows of the rounds (keys from `base`, apart from every other scenario's) and returns each round's pair. */
  prepare(h: Harness, rounds: number, base: number): Promise<Array<[Request, Request]>>;
  /** Checks the answers of each round and the rows stored. */
  check(h: Harness, answers: Array<[Answer, Answer]>, base: number): Promise<void>;
}

const REGISTER = `mutation($input: RegisterForTrainingEventInput!) { registerForTrainingEvent(input: $input) { id status waitlistNumber } }`;
const CANCEL = `mutation($id: ID!) { cancelTrainingRegistration(id: $id) { id status } }`;
const COMPLETE = `mutation($input: CompleteTrainingRegistrationInput!) { completeTrainingRegistration(input: $input) { id status } }`;
const APPROVE_AID = `mutation($id: ID!, $cents: Int!) { approveAssistanceApplication(id: $id, awardedCents: $cents) { id status } }`;
const WITHDRAW_AID = `mutation($id: ID!) { withdrawAssistanceApplication(id: $id) { id status } }`;
const DENY_AID = `mutation($id: ID!, $reason: String!) { denyAssistanceApplication(id: $id, reason: $reason) { id status } }`;
const APPROVE_CERT = `mutation($id: ID!) { approveCertificationApplication(id: $id) { id status } }`;
const DENY_CERT = `mutation($id: ID!, $reasons: [String!]!) { denyCertificationApplication(id: $id, reasons: $reasons) { id status } }`;

const AWARD = 1000;

const registration = (key: number) => toGlobalId('TrainingRegistration', key);
const register = (eventKey: number, personKey: number): Request => ({
  query: REGISTER,
  variables: { input: { eventId: toGlobalId('TrainingEvent', eventKey), personId: toGlobalId('PeerSpecialist', personKey) } },
});
const cancel = (key: number): Request => ({ query: CANCEL, variables: { id: registration(key) } });
const complete = (key: number): Request => ({ query: COMPLETE, variables: { input: { registrationId: registration(key), score: 90 } } });

/** The reference rows every scenario uses: MN, its CPS credential and profile, a training organisation, people with an ACTIVE certification each. */
export async function preparePairs(h: Harness, people: number): Promise<void> {
  await h.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
  await h.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'MN Board', 'CERTIFICATION_BOARD', '[]')`);
  await h.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await h.sql(`insert into requirement_profile (credential_type_id, version, effective_from, training_hours, supervised_hours_required, provisional_validity_months,
      extensions_allowed, extension_months, validity_months, ce_hours_per_cycle, ethics_hours_per_cycle, grace_period_months, late_renewal_months,
      application_fee_cents, renewal_fee_cents, late_fee_cents, reinstatement_fee_cents, background_check_required, sources)
    values (1, 1, '2015-01-01', 40, 0, null, 0, null, 24, 0, 0, 6, 12, 0, 0, 0, 0, true, '[]')`);
  await h.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'Peer', 'Number ' || i, 1 from generate_series(1, ?::int) i`, [people]);
  // certification i is person i's, in force: completing a course with CE hours credits it
  await h.sql(
    `insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, credential_number, first_issued_on, issued_on, full_certified_on, expires_on)
     select i, i, 1, 1, 'ACTIVE', 'CPS-' || i, ?::date, ?::date, ?::date, ?::date from generate_series(1, ?::int) i`,
    [day(-100), day(-100), day(-100), day(600), people],
  );
  // rows the hub inserts itself take keys after these
  await h.sql(`select setval(pg_get_serial_sequence('certification', 'id'), ?)`, [people]);
  await h.sql(`insert into training_organization (id, name, jurisdiction_id, approved) values (1, 'North Star Training', 1, true)`);
}

async function event(h: Harness, key: number, seats: number, past: boolean): Promise<void> {
  await h.sql(
    `insert into training_event (id, organization_id, jurisdiction_id, title, course_kind, format, status, starts_on, ends_on, contact_hours, ce_hours, price_cents, seats)
     values (?, 1, 1, ?, 'CORE', 'IN_PERSON', ?, ?, ?, 40, 6, 0, ?)`,
    [key, `Course ${key}`, past ? 'COMPLETED' : 'SCHEDULED', past ? day(-9) : day(10), past ? day(-5) : day(14), seats],
  );
}

async function registrationRow(h: Harness, eventKey: number, person: number, status: string, waitlistNumber: number | null = null): Promise<number> {
  const [{ id }] = await h.sql<{ id: number }>(
    `insert into training_registration (event_id, person_id, status, registered_at, waitlist_number) values (?, ?, ?, now() - interval '1 day', ?) returning id`,
    [eventKey, person, status, waitlistNumber],
  );
  return id;
}

/** The code of a refusal, or 'OK'. */
export function outcome(answer: Answer): string {
  if (answer.status === 200 && !answer.errors?.length) return 'OK';
  return String(answer.errors?.[0]?.extensions?.code ?? `HTTP ${answer.status}`);
}

/** One success and one refusal with the code, in either order; returns which of the two succeeded. */
function oneWins([first, second]: [Answer, Answer], refusal: string): 0 | 1 {
  const outcomes = [outcome(first), outcome(second)];
  expect(outcomes.slice().sort()).toEqual(['OK', refusal].sort());
  return outcomes[0] === 'OK' ? 0 : 1;
}

/** Every registration of the event that waits has a number; the seats are full whenever someone waits; returns the counts. */
async function seatsHold(h: Harness, eventKey: number): Promise<{ taken: number; waiting: number; seats: number }> {
  const [row] = await h.sql<{ taken: number; waiting: number; seats: number; numbered: number }>(
    `select count(*) filter (where r.status in ('REGISTERED', 'COMPLETED'))::int as taken, count(*) filter (where r.status = 'WAITLISTED')::int as waiting,
            count(*) filter (where r.status = 'WAITLISTED' and r.waitlist_number is not null)::int as numbered, e.seats
       from training_event e left join training_registration r on r.event_id = e.id where e.id = ? group by e.seats`,
    [eventKey],
  );
  expect(row.taken).toBeLessThanOrEqual(row.seats);
  if (row.waiting > 0) expect(row.taken).toBe(row.seats);
  expect(row.numbered).toBe(row.waiting);
  return row;
}

/** The waitlist numbers of the people promoted on the event, in the order the promotions were recorded. */
async function promotions(h: Harness, eventKey: number): Promise<number[]> {
  const rows = await h.sql<{ n: number }>(
    `select (a.after->>'waitlist_number')::int as n from audit_record a join training_registration r on r.id = a.entity_key
      where a.entity_type = 'TrainingRegistration' and r.event_id = ? and a.before->>'status' = 'WAITLISTED' and a.after->>'status' = 'REGISTERED' order by a.id`,
    [eventKey],
  );
  return rows.map((r) => r.n);
}

const ascending = (values: number[]) => values.every((value, i) => i === 0 || value > values[i - 1]);

export const SCENARIOS: Scenario[] = [
  {
    // the pair of issue #20: completing inserts a CE record that refers to the event a cancellation holds
    name: 'complete + cancel of one registration',
    async prepare(h, rounds, base) {
      await event(h, base, rounds, true);
      const keys = [];
      for (let i = 0; i < rounds; i++) keys.push(await registrationRow(h, base, base + i, 'REGISTERED'));
      return keys.map((key) => [complete(key), cancel(key)]);
    },
    async check(h, answers, base) {
      let completed = 0;
      for (const [i, pair] of answers.entries()) {
        const winner = oneWins(pair, 'INVALID_TRANSITION');
        const key = await h.sql<{ id: number; status: string }>(`select id, status from training_registration where event_id = ? and person_id = ?`, [base, base + i]);
        expect(key[0].status).toBe(winner === 0 ? 'COMPLETED' : 'CANCELLED');
        if (winner === 0) completed++;
      }
      // one CE record per completion, none for a cancellation
      const [{ n }] = await h.sql<{ n: number }>(`select count(*)::int as n from continuing_education_record where training_event_id = ?`, [base]);
      expect(n).toBe(completed);
    },
  },
  {
    name: 'cancel + cancel of one registration (the seat goes to the first waiting, once)',
    async prepare(h, rounds, base) {
      await event(h, base, rounds, false);
      const keys = [];
      for (let i = 0; i < rounds; i++) keys.push(await registrationRow(h, base, base + i, 'REGISTERED'));
      for (let i = 0; i < rounds; i++) await registrationRow(h, base, base + rounds + i, 'WAITLISTED', i + 1);
      return keys.map((key) => [cancel(key), cancel(key)]);
    },
    async check(h, answers, base) {
      for (const pair of answers) oneWins(pair, 'INVALID_TRANSITION');
      const rounds = answers.length;
      const { taken, waiting } = await seatsHold(h, base);
      expect({ taken, waiting }).toEqual({ taken: rounds, waiting: 0 });
      // every waiting person promoted once, in the order of their numbers
      expect(await promotions(h, base)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    },
  },
  {
    name: 'complete + complete of one registration (one CE record)',
    async prepare(h, rounds, base) {
      await event(h, base, rounds, true);
      const keys = [];
      for (let i = 0; i < rounds; i++) keys.push(await registrationRow(h, base, base + i, 'REGISTERED'));
      return keys.map((key) => [complete(key), complete(key)]);
    },
    async check(h, answers, base) {
      for (const pair of answers) oneWins(pair, 'INVALID_TRANSITION');
      const [{ n, people }] = await h.sql<{ n: number; people: number }>(
        `select count(*)::int as n, count(distinct certification_id)::int as people from continuing_education_record where training_event_id = ?`,
        [base],
      );
      expect({ n, people }).toEqual({ n: answers.length, people: answers.length });
    },
  },
  {
    name: 'register + register of one person for one event',
    async prepare(h, rounds, base) {
      await event(h, base, Math.floor(rounds / 2), false);
      return Array.from({ length: rounds }, (_, i) => [register(base, base + i), register(base, base + i)] as [Request, Request]);
    },
    async check(h, answers, base) {
      for (const pair of answers) oneWins(pair, 'CONFLICT');
      const rounds = answers.length;
      const seats = Math.floor(rounds / 2);
      expect(await seatsHold(h, base)).toMatchObject({ taken: seats, waiting: rounds - seats });
      // the numbers 1..n, in the order the hub decided (its audit records)
      const numbers = await h.sql<{ n: number }>(
        `select r.waitlist_number as n from audit_record a join training_registration r on r.id = a.entity_key
          where a.entity_type = 'TrainingRegistration' and r.event_id = ? and r.status = 'WAITLISTED' order by a.id`,
        [base],
      );
      expect(numbers.map((r) => r.n)).toEqual(Array.from({ length: rounds - seats }, (_, i) => i + 1));
    },
  },
  {
    name: 'register + cancel on one full event with people waiting',
    async prepare(h, rounds, base) {
      await event(h, base, rounds, false);
      const keys = [];
      for (let i = 0; i < rounds; i++) keys.push(await registrationRow(h, base, base + i, 'REGISTERED'));
      await registrationRow(h, base, base + rounds, 'WAITLISTED', 1);
      await registrationRow(h, base, base + rounds + 1, 'WAITLISTED', 2);
      return keys.map((key, i) => [register(base, base + rounds + 2 + i), cancel(key)]);
    },
    async check(h, answers, base) {
      for (const pair of answers) expect(pair.map(outcome)).toEqual(['OK', 'OK']);
      const rounds = answers.length;
      expect(await seatsHold(h, base)).toMatchObject({ taken: rounds, waiting: 2 });
      // the two who waited first are in; those still waiting hold the highest numbers drawn
      expect(await h.sql(`select status from training_registration where event_id = ? and person_id in (?, ?)`, [base, base + rounds, base + rounds + 1])).toEqual([
        { status: 'REGISTERED' },
        { status: 'REGISTERED' },
      ]);
      const promoted = await promotions(h, base);
      expect(ascending(promoted)).toBe(true);
      const [{ lowest }] = await h.sql<{ lowest: number }>(`select min(waitlist_number)::int as lowest from training_registration where event_id = ? and status = 'WAITLISTED'`, [base]);
      expect(lowest).toBeGreaterThan(Math.max(...promoted));
    },
  },
  {
    name: 'register again + cancel of one cancelled registration',
    async prepare(h, rounds, base) {
      await event(h, base, rounds * 2, false);
      const keys = [];
      for (let i = 0; i < rounds; i++) keys.push(await registrationRow(h, base, base + i, 'CANCELLED'));
      return keys.map((key, i) => [register(base, base + i), cancel(key)]);
    },
    async check(h, answers, base) {
      for (const [i, [registered, cancelled]] of answers.entries()) {
        expect(outcome(registered)).toBe('OK');
        expect(['OK', 'INVALID_TRANSITION']).toContain(outcome(cancelled));
        const [{ status }] = await h.sql<{ status: string }>(`select status from training_registration where event_id = ? and person_id = ?`, [base, base + i]);
        expect(status).toBe(outcome(cancelled) === 'OK' ? 'CANCELLED' : 'REGISTERED');
      }
      await seatsHold(h, base);
    },
  },
  {
    name: 'complete + cancel of two registrations of one event',
    async prepare(h, rounds, base) {
      await event(h, base, rounds * 2, true);
      const pairs: Array<[Request, Request]> = [];
      for (let i = 0; i < rounds; i++) {
        const done = await registrationRow(h, base, base + 2 * i, 'REGISTERED');
        const gone = await registrationRow(h, base, base + 2 * i + 1, 'REGISTERED');
        pairs.push([complete(done), cancel(gone)]);
      }
      return pairs;
    },
    async check(h, answers, base) {
      for (const pair of answers) expect(pair.map(outcome)).toEqual(['OK', 'OK']);
      expect(await h.sql(`select status, count(*)::int as n from training_registration where event_id = ? group by status order by status`, [base])).toEqual([
        { status: 'CANCELLED', n: answers.length },
        { status: 'COMPLETED', n: answers.length },
      ]);
    },
  },
  {
    name: 'approve + withdraw of one assistance application',
    async prepare(h, rounds, base) {
      await fund(h, base);
      const keys = await applications(h, base, rounds);
      return keys.map((key) => [
        { query: APPROVE_AID, variables: { id: toGlobalId('AssistanceApplication', key), cents: AWARD } },
        { query: WITHDRAW_AID, variables: { id: toGlobalId('AssistanceApplication', key) } },
      ]);
    },
    async check(h, answers, base) {
      for (const [approved, withdrawn] of answers) {
        expect(outcome(withdrawn)).toBe('OK');
        expect(['OK', 'INVALID_TRANSITION']).toContain(outcome(approved));
      }
      // withdrawn either way, and every award given back
      expect(await h.sql(`select status, count(*)::int as n from assistance_application where fund_id = ? group by status`, [base])).toEqual([{ status: 'WITHDRAWN', n: answers.length }]);
      expect(await h.sql(`select committed_cents from assistance_fund where id = ?`, [base])).toEqual([{ committed_cents: 0 }]);
    },
  },
  {
    name: 'approve + deny of one assistance application',
    async prepare(h, rounds, base) {
      await fund(h, base);
      const keys = await applications(h, base, rounds);
      return keys.map((key) => [
        { query: APPROVE_AID, variables: { id: toGlobalId('AssistanceApplication', key), cents: AWARD } },
        { query: DENY_AID, variables: { id: toGlobalId('AssistanceApplication', key), reason: 'Not eligible this year' } },
      ]);
    },
    async check(h, answers, base) {
      const approved = answers.filter((pair) => oneWins(pair, 'INVALID_TRANSITION') === 0).length;
      const stored = await h.sql<{ status: string; n: number }>(`select status, count(*)::int as n from assistance_application where fund_id = ? group by status order by status`, [base]);
      expect(stored).toEqual([
        ...(approved ? [{ status: 'APPROVED', n: approved }] : []),
        ...(approved < answers.length ? [{ status: 'DENIED', n: answers.length - approved }] : []),
      ]);
      expect(await h.sql(`select committed_cents from assistance_fund where id = ?`, [base])).toEqual([{ committed_cents: approved * AWARD }]);
    },
  },
  {
    name: 'approve + deny of one certification application',
    async prepare(h, rounds, base) {
      const pairs: Array<[Request, Request]> = [];
      for (let i = 0; i < rounds; i++) {
        const [{ id: certification }] = await h.sql<{ id: number }>(
          `insert into certification (person_id, credential_type_id, jurisdiction_id, status) values (?, 1, 1, 'APPLIED') returning id`,
          [base + i],
        );
        const [{ id }] = await h.sql<{ id: number }>(
          `insert into certification_application (person_id, credential_type_id, jurisdiction_id, certification_id, kind, status, submitted_on, fee_cents)
           values (?, 1, 1, ?, 'INITIAL', 'SUBMITTED', ?, 0) returning id`,
          [base + i, certification, day(-3)],
        );
        const application = toGlobalId('CertificationApplication', id);
        pairs.push([
          { query: APPROVE_CERT, variables: { id: application } },
          { query: DENY_CERT, variables: { id: application, reasons: ['Training not completed'] } },
        ]);
      }
      return pairs;
    },
    async check(h, answers, base) {
      for (const [i, pair] of answers.entries()) {
        const winner = oneWins(pair, 'INVALID_TRANSITION');
        const [stored] = await h.sql<{ application: string; certification: string }>(
          `select a.status as application, c.status as certification from certification_application a join certification c on c.id = a.certification_id where a.person_id = ?`,
          [base + i],
        );
        expect(stored).toEqual(winner === 0 ? { application: 'APPROVED', certification: 'ACTIVE' } : { application: 'DENIED', certification: 'DENIED' });
      }
    },
  },
];

async function fund(h: Harness, key: number): Promise<void> {
  await h.sql(
    `insert into assistance_fund (id, jurisdiction_id, sponsor, name, purposes, fiscal_year, budget_cents, committed_cents, per_award_cap_cents, opens_on, closes_on)
     values (?, 1, 'PeerForce', ?, '{EXAM,TRAINING}', ?, 100000000, 0, null, ?, null)`,
    [key, `Fund ${key}`, Number(todayUtc().slice(0, 4)), day(-30)],
  );
}

async function applications(h: Harness, fundKey: number, count: number): Promise<number[]> {
  const rows = await h.sql<{ id: number }>(
    `insert into assistance_application (fund_id, applicant_id, purpose, requested_cents, status, submitted_at)
     select ?, ? + i, 'EXAM', ?, 'SUBMITTED', now() from generate_series(0, ? - 1) i returning id`,
    [fundKey, fundKey, AWARD, count],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Keys of scenario `index`: apart from every other's (people, events, funds), with room for 300 rounds. */
export function baseOf(index: number): number {
  return 1000 * (index + 1);
}

/** People the scenarios need: enough for the last one's keys. */
export const PEOPLE = baseOf(SCENARIOS.length) + 1000;

/**
 * Runs the scenario: all its pairs at once, the first of each to process `j % 2`, the second to the other; returns the
 * outcomes counted (for the test's report) after the checks.
 */
export async function runPairs(h: Harness, scenario: Scenario, index: number, rounds: number): Promise<Record<string, number>> {
  const base = baseOf(index);
  const pairs = await scenario.prepare(h, rounds, base);
  const answers = await Promise.all(
    pairs.map(async ([first, second], j) => {
      const [a, b] = await Promise.all([h.send(j % 2, first.query, first.variables), h.send((j + 1) % 2, second.query, second.variables)]);
      return [a, b] as [Answer, Answer];
    }),
  );
  const counted: Record<string, number> = {};
  for (const answer of answers.flat()) counted[outcome(answer)] = (counted[outcome(answer)] ?? 0) + 1;
  // a refusal is a documented one: never an internal error, never a transaction stopped three times
  expect(Object.keys(counted).filter((code) => !['OK', 'INVALID_TRANSITION', 'CONFLICT'].includes(code)), `${scenario.name}: ${JSON.stringify(counted)}`).toEqual([]);
  await scenario.check(h, answers, base);
  return counted;
}

