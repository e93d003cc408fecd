/**
 * Supervised hours and continuing education: logging hours under a credentialed supervisor whose supervision of the
 * intern is accepted and in force over the period (test/supervision-requests.test.ts for asking and accepting),
 * signing them off, recording CE, who may do each, every refusal with its code and field, and the audit records each
 * change leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, asPeer, asSupervisor, day, expectError, startTestHub, type TestHub } from './kit';
import { Role } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/global-id';

let hub: TestHub;
const person = (key: number) => toGlobalId('PeerSpecialist', key);
const certification = (key: number) => toGlobalId('Certification', key);
const supervisor = (key: number) => toGlobalId('Supervisor', key);
const log = (key: number) => toGlobalId('SupervisedExperienceLog', key);
const employer = (key: number) => toGlobalId('Employer', key);
const program = (key: number) => toGlobalId('ServiceProgram', key);
const event = (key: number) => toGlobalId('TrainingEvent', key);

const LOG = `mutation($input: LogSupervisedHoursInput!) { logSupervisedHours(input: $input) {
  id status periodStart periodEnd directServiceHours supervisionHours submittedAt signedOffAt signOffNote person { id } certification { id } employer { id } program { id } } }`;
const APPROVE = `mutation($id: ID!, $note: String) { approveSupervisedHours(id: $id, note: $note) { id status signedOffAt signOffNote } }`;
const REJECT = `mutation($id: ID!, $note: String!) { rejectSupervisedHours(id: $id, note: $note) { id status signedOffAt signOffNote } }`;
const RECORD_CE = `mutation($input: RecordContinuingEducationInput!) { recordContinuingEducation(input: $input) {
  id title provider hours ethicsHours completedOn person { id } certification { id } trainingEvent { id } } }`;

type Logged = { logSupervisedHours: { id: string; status: string } & Record<string, unknown> };
type SignedOff = { approveSupervisedHours: Record<string, unknown> } & { rejectSupervisedHours: Record<string, unknown> };
type Recorded = { recordContinuingEducation: { id: string } & Record<string, unknown> };

/** A log of 7 days ending `end` days from today, 20 direct hours, under the supervisor; ADMIN unless headers say. */
function logHours(certificationKey: number, supervisorKey: number, extra: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const input = { certificationId: certification(certificationKey), supervisorId: supervisor(supervisorKey), periodStart: day(-7), periodEnd: day(-1), directServiceHours: 20, ...extra };
  return hub.query<Logged>(LOG, { input }, headers);
}

function recordCe(certificationKey: number, extra: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const input = { certificationId: certification(certificationKey), title: 'Trauma-informed care', provider: 'North Star Training', hours: 6, completedOn: day(-3), ...extra };
  return hub.query<Recorded>(RECORD_CE, { input }, headers);
}


async function logsOf(certificationKey: number) {
  return hub.sql<{ id: number; supervisor_id: number; status: string }>(`select id, supervisor_id, status from supervised_experience_log where certification_id = ? order by id`, [certificationKey]);
}

/*
 * Data: TX (1) with credential types 1 CPS (PEER) and 2 PSS (SUPERVISOR); NY (2) with 3 NYCPS (PEER) and 4 NYPSS (SUPERVISOR).
 * People 1..60 in TX. Employers 1 Alpha (program 1) and 2 Beta (program 2), both TX.
 * Intern certifications (TX CPS, PROVISIONAL, issued 200 days ago, expiring in 500 days): 1..10 of people 1..10, 37 of person 37,
 *   40..59 of people 40..59 (who all ask supervisor 7 at once).
 *   11 person 11 ACTIVE (first issued 700 days ago, this cycle 30 days ago); 12 person 12 PROVISIONAL issued 5 days ago;
 *   13 person 13 PROVISIONAL expired 40 days ago; 14 person 14 NY PROVISIONAL; 15 person 15 EXPIRED;
 *   20..23 people 20..23 DENIED, REVOKED, CLOSED, APPLIED.
 * Supervisor credentials (TX PSS unless said): 25..28 people 25..28 ACTIVE; 30 person 30 ACTIVE; 31 person 31 EXPIRED; 32 person 32 NY NYPSS ACTIVE;
 *   33 person 33 ACTIVE; 34 person 34 ACTIVE; 35 person 35 ACTIVE; 38 person 37 ACTIVE; 39 person 38 TX CPS (a peer credential) ACTIVE.
 * Supervisors: 1 person 30 (cert 30, employer 1, takes external supervisees, capacity 10); 2 person 31 (cert 31 expired);
 *   3 person 36 clinician (no credential); 4 person 33 (cert 33, capacity 1); 5 person 32 NY (cert 32);
 *   6 person 34 (cert 34, employer 2, no external supervisees); 7 person 35 (cert 35, capacity 1); 8 person 37 (cert 38), an intern too;
 *   9 person 38 (cert 39, a peer credential); 10..13 people 25..28 (certs 25..28, capacity 1).
 * Supervisions accepted 300 days ago, in force: people 1..10, 12 and 37 by supervisor 1; person 4 by supervisors 2, 3, 6 and 9; person 7 by 2.
 * Training: organisation 1, TX event 1 "Ethics in peer support".
 */
beforeAll(async () => {
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'TX', 'Texas', '48', 30000000, 2024, '[]'), (2, 'NY', 'New York', '36', 19500000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'TX Board', 'CERTIFICATION_BOARD', '[]'), (2, 2, 'NY Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (2, 1, 1, 'PSS', 'Peer Specialist Supervisor', 'SUPERVISOR', 'NONE', '[]'),
    (3, 2, 2, 'NYCPS', 'New York Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (4, 2, 2, 'NYPSS', 'New York Peer Supervisor', 'SUPERVISOR', 'NONE', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'P' || i, 'L' || i, 1 from generate_series(1, 60) i`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'Alpha', 'PEER_RUN_ORGANIZATION', 'Austin'), (2, 1, 'Beta', 'HOSPITAL', 'Dallas')`);
  await hub.sql(`insert into service_program (id, employer_id, kind, name) values (1, 1, 'WARMLINE', 'Alpha warmline'), (2, 2, 'INPATIENT', 'Beta inpatient')`);
  const cert = (id: number, personKey: number, type: number, jurisdiction: number, status: string, firstIssued: number | null, issued: number | null, expires: number | null) =>
    // an ACTIVE one became full on its first issue, so that it reads ACTIVE by the one status rule
    hub.sql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on, full_certified_on) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      id, personKey, type, jurisdiction, status, firstIssued === null ? null : day(firstIssued), issued === null ? null : day(issued), expires === null ? null : day(expires),
      status === 'ACTIVE' && firstIssued !== null ? day(firstIssued) : null,
    ]);
  for (const key of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 37]) await cert(key, key, 1, 1, 'PROVISIONAL', -200, -200, 500);
  for (let key = 40; key < 60; key++) await cert(key, key, 1, 1, 'PROVISIONAL', -200, -200, 500);
  await cert(11, 11, 1, 1, 'ACTIVE', -700, -30, 700);
  await cert(12, 12, 1, 1, 'PROVISIONAL', -5, -5, 500);
  await cert(13, 13, 1, 1, 'PROVISIONAL', -400, -400, -40);
  await cert(14, 14, 3, 2, 'PROVISIONAL', -200, -200, 500);
  await cert(15, 15, 1, 1, 'EXPIRED', -1000, -1000, -270);
  await cert(20, 20, 1, 1, 'DENIED', null, null, null);
  await cert(21, 21, 1, 1, 'REVOKED', -500, -500, 200);
  await cert(22, 22, 1, 1, 'CLOSED', -500, -500, 200);
  await cert(23, 23, 1, 1, 'APPLIED', null, null, null);
  for (const [key, personKey] of [[25, 25], [26, 26], [27, 27], [28, 28], [30, 30], [33, 33], [34, 34], [35, 35], [38, 37]]) await cert(key, personKey, 2, 1, 'ACTIVE', -300, -300, 400);
  await cert(31, 31, 2, 1, 'EXPIRED', -900, -900, -100);
  await cert(32, 32, 4, 2, 'ACTIVE', -300, -300, 400);
  await cert(39, 38, 1, 1, 'ACTIVE', -300, -300, 400);
  await hub.sql(`insert into supervisor (id, person_id, jurisdiction_id, employer_id, supervisor_certification_id, clinical_basis, accepts_external_supervisees, capacity) values
    (1, 30, 1, 1, 30, 'CERTIFIED_PEER_SUPERVISOR', true, 10),
    (2, 31, 1, null, 31, 'CERTIFIED_PEER_SUPERVISOR', false, 5),
    (3, 36, 1, null, null, 'LICENSED_CLINICIAN', false, 5),
    (4, 33, 1, null, 33, 'CERTIFIED_PEER_SUPERVISOR', false, 1),
    (5, 32, 2, null, 32, 'CERTIFIED_PEER_SUPERVISOR', false, 5),
    (6, 34, 1, 2, 34, 'CERTIFIED_PEER_SUPERVISOR', false, 5),
    (7, 35, 1, null, 35, 'CERTIFIED_PEER_SUPERVISOR', false, 1),
    (8, 37, 1, null, 38, 'CERTIFIED_PEER_SUPERVISOR', false, 5),
    (9, 38, 1, null, 39, 'CERTIFIED_PEER_SUPERVISOR', false, 5),
    (10, 25, 1, null, 25, 'CERTIFIED_PEER_SUPERVISOR', false, 1), (11, 26, 1, null, 26, 'CERTIFIED_PEER_SUPERVISOR', false, 1),
    (12, 27, 1, null, 27, 'CERTIFIED_PEER_SUPERVISOR', false, 1), (13, 28, 1, null, 28, 'CERTIFIED_PEER_SUPERVISOR', false, 1)`);
  await hub.sql(`insert into supervision (person_id, supervisor_id, status, requested_at, decided_at, starts_on)
    select person, supervisor, 'ACCEPTED', now(), now(), ?::date from (values (1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1), (8, 1), (9, 1), (10, 1), (12, 1), (37, 1),
      (4, 2), (4, 3), (4, 6), (4, 9), (7, 2)) v(person, supervisor)`, [day(-300)]);
  await hub.sql(`insert into training_organization (id, name, jurisdiction_id, approved) values (1, 'North Star Training', 1, true)`);
  await hub.sql(`insert into training_event (id, organization_id, jurisdiction_id, title, course_kind, format, status, starts_on, ends_on, contact_hours, ce_hours, price_cents, seats)
    values (1, 1, 1, 'Ethics in peer support', 'CEU', 'VIRTUAL_LIVE', 'COMPLETED', ?, ?, 6, 6, 0, 30)`, [day(-20), day(-20)]);
});
afterAll(() => hub?.close());

describe('logging supervised hours', () => {
  it('an intern logs a period under a credentialed supervisor: SUBMITTED, with its audit record', async () => {
    const result = await logHours(
      1,
      1,
      { periodStart: day(-30), periodEnd: day(-1), directServiceHours: 120.5, supervisionHours: 8, employerId: employer(1), programId: program(1) },
      await asPeer(1),
    );
    expect(result.errors).toBeUndefined();
    const logged = result.data!.logSupervisedHours;
    expect(logged).toMatchObject({
      status: 'SUBMITTED',
      periodStart: day(-30),
      periodEnd: day(-1),
      directServiceHours: 120.5,
      supervisionHours: 8,
      signedOffAt: null,
      signOffNote: null,
      person: { id: person(1) },
      certification: { id: certification(1) },
      employer: { id: employer(1) },
      program: { id: program(1) },
    });
    expect(Math.abs(Date.parse(logged.submittedAt as string) - Date.now())).toBeLessThan(60_000);
    const rows = await hub.sql(`select person_id, certification_id, supervisor_id, employer_id, program_id, period_start::text, period_end::text,
      direct_service_hours::float8 as direct, supervision_hours::float8 as supervision, status from supervised_experience_log where certification_id = 1`);
    expect(rows).toEqual([
      { person_id: 1, certification_id: 1, supervisor_id: 1, employer_id: 1, program_id: 1, period_start: day(-30), period_end: day(-1), direct: 120.5, supervision: 8, status: 'SUBMITTED' },
    ]);
    const audits = await hub.sql<{ role: string; entity_type: string; jurisdiction_id: number; before: unknown; after: { status: string; certification_id: number } }>(
      `select role, entity_type, jurisdiction_id, before, after from audit_record where action = 'logSupervisedHours'`,
    );
    expect(audits).toEqual([{ role: 'PEER', entity_type: 'SupervisedExperienceLog', jurisdiction_id: 1, before: null, after: expect.objectContaining({ status: 'SUBMITTED', certification_id: 1 }) }]);
  });

  it('a program alone names its employer; supervision hours default to 0', async () => {
    const result = await logHours(2, 1, { programId: program(2) });
    expect(result.data!.logSupervisedHours).toMatchObject({ status: 'SUBMITTED', supervisionHours: 0, employer: { id: employer(2) }, program: { id: program(2) } });
  });

  it('refuses a period reversed, in the future, over 31 days, or with more hours than it has', async () => {
    const cases: [Record<string, unknown>, string, Record<string, unknown>?][] = [
      [{ periodStart: day(-5), periodEnd: day(-6) }, 'input.periodEnd'],
      [{ periodStart: day(-5), periodEnd: day(1) }, 'input.periodEnd'],
      [{ periodStart: day(-32), periodEnd: day(-1) }, 'input.periodEnd', { limit: 31 }],
      [{ periodStart: day(-2), periodEnd: day(-1), directServiceHours: 48.01 }, 'input.directServiceHours', { limit: 48 }],
      [{ directServiceHours: -1 }, 'input.directServiceHours'],
      [{ supervisionHours: -0.5 }, 'input.supervisionHours'],
      [{ periodStart: day(-1), periodEnd: day(-1), supervisionHours: 25 }, 'input.supervisionHours', { limit: 24 }],
      [{ idempotencyKey: '' }, 'input.idempotencyKey'],
    ];
    for (const [extra, argument, more] of cases) expectError(await logHours(3, 1, extra), 400, 'BAD_USER_INPUT', { argument, ...more });
    // 31 days and 24 hours a day are the limits themselves
    expect((await logHours(3, 1, { periodStart: day(-31), periodEnd: day(-1), directServiceHours: 744 })).data!.logSupervisedHours.status).toBe('SUBMITTED');
    expect(await logsOf(3)).toHaveLength(1);
  });

  it('refuses a certification not provisional, or a period outside it', async () => {
    const active = await logHours(11, 1);
    expectError(active, 409, 'CONFLICT', { argument: 'input.certificationId', currentStatus: 'ACTIVE' });
    expectError(await logHours(15, 1), 409, 'CONFLICT', { currentStatus: 'EXPIRED' });
    // hours count only after the certification was issued (5 days ago), and only until it expires
    expectError(await logHours(12, 1, { periodStart: day(-7), periodEnd: day(-1) }), 400, 'BAD_USER_INPUT', { argument: 'input.periodStart' });
    // stored PROVISIONAL, expired 40 days ago: it reads EXPIRED today, whatever the sweep stored, and takes no hours
    expectError(await logHours(13, 1, { periodStart: day(-45), periodEnd: day(-39) }), 409, 'CONFLICT', { argument: 'input.certificationId', currentStatus: 'EXPIRED' });
    expect(await hub.sql(`select status from certification where id = 13`)).toEqual([{ status: 'PROVISIONAL' }]);
    expectError(await logHours(99, 1), 400, 'BAD_USER_INPUT', { argument: 'input.certificationId' });
    expectError(await hub.query(LOG, { input: { certificationId: supervisor(1), supervisorId: supervisor(1), periodStart: day(-7), periodEnd: day(-1), directServiceHours: 1 } }), 400, 'BAD_USER_INPUT', {
      argument: 'input.certificationId',
    });
    // the issue day itself counts
    expect((await logHours(12, 1, { periodStart: day(-5), periodEnd: day(-1) })).data!.logSupervisedHours.status).toBe('SUBMITTED');
  });

  it('refuses a supervisor of another state, without the state\'s supervisor credential in force, or themselves', async () => {
    expectError(await logHours(4, 99), 400, 'BAD_USER_INPUT', { argument: 'input.supervisorId' });
    expectError(await logHours(4, 5), 400, 'BAD_USER_INPUT', { argument: 'input.supervisorId' }); // NY supervisor, TX intern
    expectError(await logHours(14, 1), 400, 'BAD_USER_INPUT', { argument: 'input.supervisorId' }); // TX supervisor, NY intern
    const expired = await logHours(4, 2);
    expectError(expired, 409, 'CONFLICT', { argument: 'input.supervisorId' });
    expect(expired.errors![0].message).toContain('supervisor credential');
    expectError(await logHours(4, 3), 409, 'CONFLICT', { argument: 'input.supervisorId' }); // a clinician on their licence
    expectError(await logHours(4, 9), 409, 'CONFLICT', { argument: 'input.supervisorId' }); // holds a peer credential, not a supervisor's
    expectError(await logHours(37, 8), 400, 'BAD_USER_INPUT', { argument: 'input.supervisorId' }); // an intern supervising themselves
    // supervisor 10 holds the credential but never accepted person 4
    expectError(await logHours(4, 10), 409, 'CONFLICT', { argument: 'input.supervisorId' });
    expect((await logHours(4, 6, { employerId: employer(2) })).data!.logSupervisedHours.status).toBe('SUBMITTED');
    expectError(await logHours(4, 1, { periodStart: day(-20), periodEnd: day(-14), employerId: employer(1), programId: program(2) }), 400, 'BAD_USER_INPUT', { argument: 'input.programId' });
    expectError(await logHours(4, 1, { periodStart: day(-20), periodEnd: day(-14), employerId: employer(99) }), 400, 'BAD_USER_INPUT', { argument: 'input.employerId' });
    expectError(await logHours(4, 1, { periodStart: day(-20), periodEnd: day(-14), programId: program(99) }), 400, 'BAD_USER_INPUT', { argument: 'input.programId' });
    expect(await logsOf(4)).toHaveLength(1);
  });

  it('reads the supervisor\'s credential and the interns\' certifications by their dates, whatever the stored status says', async () => {
    // supervisor 1's credential (30) stored as lapsed, though its dates keep it in force: it is ACTIVE as read
    await hub.sql(`update certification set status = 'IN_GRACE' where id = 30`);
    try {
      expect((await logHours(8, 1, { periodStart: day(-120), periodEnd: day(-114) })).data!.logSupervisedHours.status).toBe('SUBMITTED');
    } finally {
      await hub.sql(`update certification set status = 'ACTIVE' where id = 30`);
    }
  });

  it('refuses a period overlapping another submitted or approved one of the certification', async () => {
    const overlapping = await logHours(1, 1, { periodStart: day(-35), periodEnd: day(-30) });
    expectError(overlapping, 409, 'CONFLICT', { argument: 'input.periodStart' });
    const [{ id }] = await logsOf(1);
    expect(overlapping.errors![0].extensions!.overlappingLogId).toBe(log(id));
    // the day before is free
    expect((await logHours(1, 1, { periodStart: day(-35), periodEnd: day(-31) }, await asPeer(1))).data!.logSupervisedHours.status).toBe('SUBMITTED');
  });

  it('hours are logged only under a supervision accepted and in force on every day of the period', async () => {
    // supervisor 4 never accepted person 5: hours logged before are no supervision
    await hub.sql(`insert into supervised_experience_log (person_id, certification_id, supervisor_id, period_start, period_end, direct_service_hours, status, submitted_at) values
      (5, 5, 4, ?, ?, 10, 'APPROVED', now())`, [day(-60), day(-50)]);
    const none = await logHours(5, 4, { periodStart: day(-14), periodEnd: day(-8) });
    expectError(none, 409, 'CONFLICT', { argument: 'input.supervisorId' });
    expect(none.errors![0].message).toContain('has no supervision of this intern accepted and in force');
    // supervisor 10 accepted person 6 from 10 days ago through 3 days ago
    await hub.sql(`insert into supervision (person_id, supervisor_id, status, requested_at, decided_at, starts_on, ends_on) values (6, 10, 'ACCEPTED', now(), now(), ?, ?)`, [day(-10), day(-3)]);
    expectError(await logHours(6, 10, { periodStart: day(-11), periodEnd: day(-5) }), 409, 'CONFLICT', { argument: 'input.supervisorId' }); // a day before it began
    expectError(await logHours(6, 10, { periodStart: day(-5), periodEnd: day(-2) }), 409, 'CONFLICT', { argument: 'input.supervisorId' }); // a day after it ended
    // its first and last days count
    expect((await logHours(6, 10, { periodStart: day(-10), periodEnd: day(-3) })).data!.logSupervisedHours.status).toBe('SUBMITTED');
    // a request waiting, a declined one, or a withdrawn one is no supervision
    for (const status of ['REQUESTED', 'DECLINED', 'WITHDRAWN']) {
      await hub.sql(`insert into supervision (person_id, supervisor_id, status, requested_at) values (9, 11, ?, now())`, [status]);
      expectError(await logHours(9, 11, { periodStart: day(-40), periodEnd: day(-34) }), 409, 'CONFLICT', { argument: 'input.supervisorId' });
      await hub.sql(`delete from supervision where person_id = 9 and supervisor_id = 11`);
    }
    expect(await logsOf(9)).toEqual([]);
  });

  it('a PEER gets one answer for a supervisor without the credential in force and for one who did not accept them, telling neither apart', async () => {
    // supervisor 2's credential expired (and accepted person 7); supervisor 4 never accepted person 7
    const lapsed = await logHours(7, 2, { periodStart: day(-90), periodEnd: day(-84) }, await asPeer(7));
    const full = await logHours(7, 4, { periodStart: day(-90), periodEnd: day(-84) }, await asPeer(7));
    expectError(lapsed, 409, 'CONFLICT', { argument: 'input.supervisorId' });
    const answer = (result: typeof lapsed, id: string) => ({ ...result.errors![0], message: result.errors![0].message.replace(id, '<id>'), locations: undefined, extensions: { ...result.errors![0].extensions, requestId: undefined } });
    expect(answer(full, supervisor(4))).toEqual(answer(lapsed, supervisor(2)));
    expect(await logsOf(7)).toEqual([]);
  });

  it('the same idempotency key twice gives one log', async () => {
    const headers = await asPeer(10);
    const [first, second] = await Promise.all([logHours(10, 1, { idempotencyKey: 'log-10' }, headers), logHours(10, 1, { idempotencyKey: 'log-10' }, headers)]);
    expect(first.errors).toBeUndefined();
    expect(second.data!.logSupervisedHours.id).toBe(first.data!.logSupervisedHours.id);
    expect(await logsOf(10)).toHaveLength(1);
    const [{ n }] = await hub.sql<{ n: number }>(`select count(*)::int as n from audit_record where action = 'logSupervisedHours' and (after->>'certification_id')::int = 10`);
    expect(n).toBe(1);
    // the key answers for the first log only: another period needs a new key
    const again = await logHours(10, 1, { idempotencyKey: 'log-10', periodStart: day(-20), periodEnd: day(-14) }, headers);
    expect(again.data!.logSupervisedHours.id).toBe(first.data!.logSupervisedHours.id);
  });

  it('a peer logs only for their own certification; other roles may not log', async () => {
    const other = await logHours(2, 1, { periodStart: day(-20), periodEnd: day(-14) }, await asPeer(3));
    expectError(other, 400, 'BAD_USER_INPUT', { argument: 'input.certificationId' });
    expect(other.errors![0].message).toContain('that you may change');
    for (const headers of [
      await as({ role: Role.EMPLOYER, employerId: employer(1) }),
      await asSupervisor(30),
      await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] }),
      await as({ role: Role.FUND_REVIEWER, jurisdictions: ['TX'] }),
      await as('PUBLIC'),
    ]) {
      expectError(await logHours(2, 1, { periodStart: day(-20), periodEnd: day(-14) }, headers), 403, 'FORBIDDEN');
    }
    expect(await logsOf(2)).toHaveLength(1);
  });
});

describe('signing off hours', () => {
  it('the supervisor approves submitted hours, with a note and an audit record', async () => {
    const [{ id }] = await logsOf(1);
    const result = await hub.query<SignedOff>(APPROVE, { id: log(id), note: '  Good month.  ' }, await asSupervisor(30));
    expect(result.errors).toBeUndefined();
    expect(result.data!.approveSupervisedHours).toMatchObject({ id: log(id), status: 'APPROVED', signOffNote: 'Good month.' });
    expect(Math.abs(Date.parse(result.data!.approveSupervisedHours.signedOffAt as string) - Date.now())).toBeLessThan(60_000);
    expect(await hub.sql(`select status, sign_off_note, signed_off_at is not null as signed from supervised_experience_log where id = ?`, [id])).toEqual([
      { status: 'APPROVED', sign_off_note: 'Good month.', signed: true },
    ]);
    const audits = await hub.sql<{ role: string; jurisdiction_id: number; before: { status: string }; after: { status: string } }>(
      `select role, jurisdiction_id, before, after from audit_record where action = 'approveSupervisedHours' and entity_key = ?`,
      [id],
    );
    expect(audits.map((a) => [a.role, a.jurisdiction_id, a.before.status, a.after.status])).toEqual([['SUPERVISOR', 1, 'SUBMITTED', 'APPROVED']]);
    // approved hours still block their period; a second sign-off is refused
    const again = await hub.query(APPROVE, { id: log(id) }, await asSupervisor(30));
    expectError(again, 409, 'INVALID_TRANSITION', { currentStatus: 'APPROVED', allowedFrom: ['SUBMITTED'] });
    expectError(await hub.query(REJECT, { id: log(id), note: 'No' }), 409, 'INVALID_TRANSITION', { currentStatus: 'APPROVED' });
    expectError(await logHours(1, 1, { periodStart: day(-10), periodEnd: day(-9) }), 409, 'CONFLICT', { argument: 'input.periodStart' });
  });

  it('rejected hours, with the reason, free their period to be logged again', async () => {
    const [{ id }] = await logsOf(2);
    expectError(await hub.query(REJECT, { id: log(id), note: '   ' }), 400, 'BAD_USER_INPUT', { argument: 'note' });
    expectError(await hub.query(REJECT, { id: log(id), note: 'x'.repeat(2001) }), 400, 'BAD_USER_INPUT', { argument: 'note', limit: 2000 });
    const result = await hub.query<SignedOff>(REJECT, { id: log(id), note: 'The hours exceed the shifts on record.' });
    expect(result.data!.rejectSupervisedHours).toMatchObject({ status: 'REJECTED', signOffNote: 'The hours exceed the shifts on record.' });
    const [{ jurisdiction_id: jurisdiction, role }] = await hub.sql<{ jurisdiction_id: number; role: string }>(
      `select jurisdiction_id, role from audit_record where action = 'rejectSupervisedHours' and entity_key = ?`,
      [id],
    );
    expect([jurisdiction, role]).toEqual([1, 'ADMIN']);
    expect((await logHours(2, 1)).data!.logSupervisedHours.status).toBe('SUBMITTED');
    expect((await logsOf(2)).map((l) => l.status)).toEqual(['REJECTED', 'SUBMITTED']);
  });

  it('a supervisor signs off only their own supervisees\' hours, never their own; other roles may not', async () => {
    const [, { id: submitted }] = await logsOf(2); // under supervisor 1 (person 30)
    expectError(await hub.query(APPROVE, { id: log(submitted) }, await asSupervisor(33)), 400, 'BAD_USER_INPUT', { argument: 'id' });
    expectError(await hub.query(REJECT, { id: log(submitted), note: 'No' }, await asSupervisor(33)), 400, 'BAD_USER_INPUT', { argument: 'id' });
    // person 37 is an intern under supervisor 1 and a supervisor (8) themselves
    const own = (await logHours(37, 1)).data!.logSupervisedHours.id;
    expectError(await hub.query(APPROVE, { id: own }, await asSupervisor(37)), 403, 'FORBIDDEN');
    for (const headers of [await asPeer(2), await asPeer(37), await as({ role: Role.EMPLOYER, employerId: employer(1) }), await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] }), await as('PUBLIC')]) {
      expectError(await hub.query(APPROVE, { id: log(submitted) }, headers), 403, 'FORBIDDEN');
      expectError(await hub.query(REJECT, { id: log(submitted), note: 'No' }, headers), 403, 'FORBIDDEN');
    }
    expectError(await hub.query(APPROVE, { id: log(9999) }), 400, 'BAD_USER_INPUT', { argument: 'id' });
    expectError(await hub.query(APPROVE, { id: certification(1) }), 400, 'BAD_USER_INPUT', { argument: 'id' });
    expect((await logsOf(2)).at(-1)!.status).toBe('SUBMITTED');
    expect((await logsOf(37)).map((l) => l.status)).toEqual(['SUBMITTED']);
    // the supervisor of the hours may (person 30)
    expect((await hub.query<SignedOff>(APPROVE, { id: own }, await asSupervisor(30))).data!.approveSupervisedHours.status).toBe('APPROVED');
  });
});

describe('recording continuing education', () => {
  it('a holder records CE toward their certification, with its audit record', async () => {
    const result = await recordCe(11, { title: ' Trauma-informed care ', hours: 6.25, ethicsHours: 2 }, await asPeer(11));
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordContinuingEducation).toMatchObject({
      title: 'Trauma-informed care',
      provider: 'North Star Training',
      hours: 6.25,
      ethicsHours: 2,
      completedOn: day(-3),
      person: { id: person(11) },
      certification: { id: certification(11) },
      trainingEvent: null,
    });
    const rows = await hub.sql(`select person_id, certification_id, training_event_id, title, provider, hours::float8 as hours, ethics_hours::float8 as ethics, completed_on::text from continuing_education_record`);
    expect(rows).toEqual([{ person_id: 11, certification_id: 11, training_event_id: null, title: 'Trauma-informed care', provider: 'North Star Training', hours: 6.25, ethics: 2, completed_on: day(-3) }]);
    const audits = await hub.sql<{ role: string; entity_type: string; jurisdiction_id: number; before: unknown }>(
      `select role, entity_type, jurisdiction_id, before from audit_record where action = 'recordContinuingEducation'`,
    );
    expect(audits).toEqual([{ role: 'PEER', entity_type: 'ContinuingEducationRecord', jurisdiction_id: 1, before: null }]);
  });

  it('a training event is credited once per certification; provisional and lapsed certifications take CE', async () => {
    const first = await recordCe(11, { trainingEventId: event(1), completedOn: day(-20), idempotencyKey: 'ce-11-event-1' });
    expect(first.data!.recordContinuingEducation.trainingEvent).toEqual({ id: event(1) });
    const repeat = await recordCe(11, { trainingEventId: event(1), completedOn: day(-20), idempotencyKey: 'ce-11-event-1' });
    expect(repeat.data!.recordContinuingEducation.id).toBe(first.data!.recordContinuingEducation.id);
    expectError(await recordCe(11, { trainingEventId: event(1), completedOn: day(-20) }), 409, 'CONFLICT', { argument: 'input.trainingEventId' });
    expectError(await recordCe(11, { trainingEventId: event(99) }), 400, 'BAD_USER_INPUT', { argument: 'input.trainingEventId' });
    expect((await recordCe(1, {}, await asPeer(1))).errors).toBeUndefined(); // PROVISIONAL
    expect((await recordCe(15, { completedOn: day(-300) })).errors).toBeUndefined(); // EXPIRED: renewable with the CE
    const [{ n }] = await hub.sql<{ n: number }>(`select count(*)::int as n from continuing_education_record`);
    expect(n).toBe(4);
  });

  it('refuses hours out of range, a day in the future or before the first issue, and empty or long text', async () => {
    const cases: [Record<string, unknown>, string, Record<string, unknown>?][] = [
      [{ hours: 0 }, 'input.hours'],
      [{ hours: -2 }, 'input.hours'],
      [{ hours: 100.5 }, 'input.hours', { limit: 100 }],
      [{ hours: 3, ethicsHours: 3.5 }, 'input.ethicsHours'],
      [{ ethicsHours: -1 }, 'input.ethicsHours'],
      [{ completedOn: day(1) }, 'input.completedOn'],
      [{ completedOn: day(-701) }, 'input.completedOn'], // first issued 700 days ago (this cycle began 30 days ago)
      [{ title: '   ' }, 'input.title'],
      [{ provider: 'p'.repeat(201) }, 'input.provider', { limit: 200 }],
      [{ certificationId: employer(1) }, 'input.certificationId'],
      [{ certificationId: certification(999) }, 'input.certificationId'],
    ];
    for (const [extra, argument, more] of cases) expectError(await recordCe(11, extra), 400, 'BAD_USER_INPUT', { argument, ...more });
    // 100 hours, all ethics, on the day of first issue, are the limits themselves
    expect((await recordCe(11, { hours: 100, ethicsHours: 100, completedOn: day(-700), title: 't'.repeat(200) })).errors).toBeUndefined();
  });

  it('refuses a certification DENIED, REVOKED, CLOSED or only applied for', async () => {
    for (const [key, status] of [[20, 'DENIED'], [21, 'REVOKED'], [22, 'CLOSED'], [23, 'APPLIED']] as const) {
      expectError(await recordCe(key, { completedOn: day(-3) }), 409, 'CONFLICT', { argument: 'input.certificationId', currentStatus: status });
    }
    expect(await hub.sql(`select id from continuing_education_record where certification_id between 20 and 23`)).toEqual([]);
  });

  it('a peer records only toward their own certification; other roles may not', async () => {
    const before = await hub.sql(`select count(*)::int as n from continuing_education_record`);
    const other = await recordCe(11, {}, await asPeer(1));
    expectError(other, 400, 'BAD_USER_INPUT', { argument: 'input.certificationId' });
    expect(other.errors![0].message).toContain('that you may change');
    for (const headers of [await as({ role: Role.EMPLOYER, employerId: employer(1) }), await asSupervisor(30), await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] }), await as('PUBLIC')]) {
      expectError(await recordCe(11, {}, headers), 403, 'FORBIDDEN');
    }
    expect(await hub.sql(`select count(*)::int as n from continuing_education_record`)).toEqual(before);
  });
});
