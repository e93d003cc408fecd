/**
 * Job postings: an employer creates a draft, edits it, publishes it, pauses it and closes it as FILLED or CLOSED;
 * every input checked at its path, every transition refused with the status it found, who may do each, idempotent
 * creation, the audit record of every change, and an OPEN posting past its valid-through read as EXPIRED (and no
 * longer shown to the public).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, changeKit, day, expectError, jobPostingDraft, startTestHub, type GraphQLResponse, type TestHub } from './kit';
import { Role } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/global-id';
import { todayUtc } from '../src/graphql/scalars';

let hub: TestHub;
const TODAY = todayUtc();
const posting = (key: number) => toGlobalId('JobPosting', key);
const employer = (key: number) => toGlobalId('Employer', key);
const program = (key: number) => toGlobalId('ServiceProgram', key);
const credentialType = (key: number) => toGlobalId('CredentialType', key);

const FIELDS = `id status title description city postalCode remote payMinCents payMaxCents payUnit openings datePosted validThrough updatedAt
  employer { id } program { id } jurisdiction { code } acceptedCredentialTypes { id }`;
const CREATE = `mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateJobPostingInput!) { updateJobPosting(id: $id, input: $input) { ${FIELDS} } }`;
const PUBLISH = `mutation($id: ID!) { publishJobPosting(id: $id) { ${FIELDS} } }`;
const PAUSE = `mutation($id: ID!) { pauseJobPosting(id: $id) { ${FIELDS} } }`;
const CLOSE = `mutation($id: ID!, $outcome: JobPostingOutcome!) { closeJobPosting(id: $id, outcome: $outcome) { ${FIELDS} } }`;

interface Posting {
  id: string;
  status: string;
  title: string;
  description: string;
  city: string;
  postalCode: string | null;
  remote: boolean;
  payMinCents: number;
  payMaxCents: number;
  payUnit: string;
  openings: number;
  datePosted: string | null;
  validThrough: string | null;
  updatedAt: string;
  employer: { id: string };
  program: { id: string } | null;
  jurisdiction: { code: string };
  acceptedCredentialTypes: { id: string }[];
}

const EMPLOYER_1 = () => as({ role: Role.EMPLOYER, employerId: employer(1) });
const EMPLOYER_3 = () => as({ role: Role.EMPLOYER, employerId: employer(3) });

const expectBadInput = (result: GraphQLResponse<unknown>, argument: string) => expectError(result, 400, 'BAD_USER_INPUT', { argument });
const expectTransition = (result: GraphQLResponse<unknown>, currentStatus: string, allowedFrom: string[]) =>
  expectError(result, 409, 'INVALID_TRANSITION', { currentStatus, allowedFrom });

async function create(input: Record<string, unknown>, headers?: Record<string, string>) {
  return hub.query<{ createJobPostingDraft: Posting }>(CREATE, { input }, headers);
}
async function update(key: number, input: Record<string, unknown>, headers?: Record<string, string>) {
  return hub.query<{ updateJobPosting: Posting }>(UPDATE, { id: posting(key), input }, headers);
}
async function publish(key: number, headers?: Record<string, string>) {
  return hub.query<{ publishJobPosting: Posting }>(PUBLISH, { id: posting(key) }, headers);
}
async function pause(key: number, headers?: Record<string, string>) {
  return hub.query<{ pauseJobPosting: Posting }>(PAUSE, { id: posting(key) }, headers);
}
async function close(key: number, outcome: string, headers?: Record<string, string>) {
  return hub.query<{ closeJobPosting: Posting }>(CLOSE, { id: posting(key), outcome }, headers);
}

interface StoredPosting {
  id: number;
  employer_id: number;
  program_id: number | null;
  jurisdiction_id: number;
  status: string;
  title: string;
  postal_code: string | null;
  pay_min_cents: number;
  pay_max_cents: number;
  date_posted: string | null;
  valid_through: string | null;
  updated_at: string;
  accepted: number[];
}

async function stored(key: number): Promise<StoredPosting> {
  const [row] = await hub.sql<StoredPosting>(
    `select p.id, p.employer_id, p.program_id, p.jurisdiction_id, p.status, p.title, p.postal_code, p.pay_min_cents, p.pay_max_cents,
            to_char(p.date_posted, 'YYYY-MM-DD') as date_posted, to_char(p.valid_through, 'YYYY-MM-DD') as valid_through, p.updated_at::text as updated_at,
            array(select a.credential_type_id from job_posting_accepted_credential_type a where a.job_posting_id = p.id order by 1) as accepted
       from job_posting p where p.id = ?`,
    [key],
  );
  return row;
}

interface Audit {
  action: string;
  subject: string;
  role: string;
  entity_type: string;
  entity_key: number;
  jurisdiction_id: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

async function audits(key: number, action?: string): Promise<Audit[]> {
  return hub.sql<Audit>(
    `select action, subject, role, entity_type, entity_key, jurisdiction_id, before, after from audit_record
      where entity_type = 'JobPosting' and entity_key = ? ${action ? 'and action = ?' : ''} order by id`,
    action ? [key, action] : [key],
  );
}

const { count } = changeKit(() => hub);

/*
 * Data: MN (1) and TX (2); credential types 1 CPS and 2 CPSS of MN, 3 MHPS of TX. Employers 1 North Star (MN,
 * programs 1 and 4, and 5 no longer active), 2 Lone Star (TX, program 2), 3 Iron Range (MN, program 3). Postings, all of employer 1 but 104:
 *   101 OPEN valid through today + 30, posted today - 5      102 FILLED
 *   103 OPEN valid through yesterday (reads EXPIRED)           104 OPEN of employer 3, valid through today + 30
 *   105 DRAFT without validThrough                             106 PAUSED valid through today + 20, posted today - 10
 *   107 PAUSED valid through yesterday                         108 CLOSED
 *   109 OPEN valid through today + 10 (to pause)               110 DRAFT valid through today + 15 (to close)
 */
beforeAll(async () => {
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values
    (1, 1, 'MN Certification Board', 'CERTIFICATION_BOARD', '[]'), (2, 2, 'TX Certification Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (2, 1, 1, 'CPSS', 'Certified Peer Support Supervisor', 'SUPERVISOR', 'NONE', '[]'),
    (3, 2, 2, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'Ada', 'Larsen', 1)`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values
    (1, 1, 'North Star Peer Network', 'PEER_RUN_ORGANIZATION', 'Duluth'), (2, 2, 'Lone Star Recovery', 'COMMUNITY_MENTAL_HEALTH_CENTER', 'Austin'),
    (3, 1, 'Iron Range Crisis', 'CRISIS_PROVIDER', 'Virginia')`);
  await hub.sql(`insert into service_program (id, employer_id, kind, name) values
    (1, 1, 'ARMHS', 'Duluth ARMHS'), (2, 2, 'ACT', 'Austin ACT Team'), (3, 3, 'MH_CRISIS', 'Range Crisis Team'), (4, 1, 'WARMLINE', 'North Star Warmline')`);
  await hub.sql(`insert into service_program (id, employer_id, kind, name, active) values (5, 1, 'DROP_IN_CENTER', 'Old drop-in center', false)`);
  // every posting has where to apply (test/job-boards.test.ts tests postings without)
  const job = (id: number, employerKey: number, status: string, posted: string | null, through: string | null) =>
    hub.sql(
      `insert into job_posting (id, employer_id, program_id, jurisdiction_id, title, description, role, employment_type, city,
         pay_min_cents, pay_max_cents, pay_unit, certification_requirement, date_posted, valid_through, status, apply_url)
       values (?, ?, ?, 1, ?, 'Peer support', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 2000, 2400, 'HOUR', 'REQUIRED', ?::date, ?::date, ?, ?)`,
      [id, employerKey, employerKey === 1 ? 1 : 3, `Posting ${id}`, posted, through, status, `https://jobs.example.org/${id}`],
    );
  await job(101, 1, 'OPEN', day(-5), day(30));
  await job(102, 1, 'FILLED', day(-60), day(-10));
  await job(103, 1, 'OPEN', day(-40), day(-1));
  await job(104, 3, 'OPEN', day(-3), day(30));
  await job(105, 1, 'DRAFT', null, null);
  await job(106, 1, 'PAUSED', day(-10), day(20));
  await job(107, 1, 'PAUSED', day(-30), day(-1));
  await job(108, 1, 'CLOSED', day(-90), day(-50));
  await job(109, 1, 'OPEN', day(-2), day(10));
  await job(110, 1, 'DRAFT', null, day(15));
  await hub.sql(`insert into job_posting_accepted_credential_type (job_posting_id, credential_type_id) values (101, 1), (105, 1)`);
  await hub.sql(`select setval(pg_get_serial_sequence('job_posting', 'id'), 1000)`);
});
afterAll(() => hub?.close());

describe('createJobPostingDraft', () => {
  it('an employer starts a draft of its own: DRAFT, in its state, not yet posted, with the audit record', async () => {
    const result = await create(
      jobPostingDraft({ programId: program(1), postalCode: '55802', remote: true, openings: 2, validThrough: day(45), acceptedCredentialTypeIds: [credentialType(2), credentialType(1)] }),
      await EMPLOYER_1(),
    );
    expect(result.errors).toBeUndefined();
    const created = result.data!.createJobPostingDraft;
    expect(created).toMatchObject({
      status: 'DRAFT',
      title: 'Peer specialist',
      datePosted: null,
      validThrough: day(45),
      postalCode: '55802',
      remote: true,
      openings: 2,
      employer: { id: employer(1) },
      program: { id: program(1) },
      jurisdiction: { code: 'MN' },
    });
    expect(created.acceptedCredentialTypes.map((t) => t.id)).toEqual([credentialType(1), credentialType(2)]);
    const key = Number((await hub.sql<{ id: number }>(`select max(id) as id from job_posting`))[0].id);
    expect(created.id).toBe(posting(key));
    expect(await stored(key)).toMatchObject({ employer_id: 1, program_id: 1, jurisdiction_id: 1, status: 'DRAFT', date_posted: null, valid_through: day(45), accepted: [1, 2] });
    const [audit] = await audits(key);
    expect(audit).toMatchObject({ action: 'createJobPostingDraft', subject: 'test-EMPLOYER', role: 'EMPLOYER', entity_type: 'JobPosting', jurisdiction_id: 1, before: null });
    expect(audit.after).toMatchObject({ id: key, status: 'DRAFT', employer_id: 1, title: 'Peer specialist', accepted_credential_type_ids: [1, 2] });
  });

  it('trims text, leaves the defaults where a field is left out or null', async () => {
    const result = await create(jobPostingDraft({ title: '  Recovery coach  ', remote: null, openings: null, postalCode: null }), await EMPLOYER_1());
    expect(result.data!.createJobPostingDraft).toMatchObject({ title: 'Recovery coach', remote: false, openings: 1, postalCode: null, program: null, validThrough: null, acceptedCredentialTypes: [] });
  });

  it('an administrator names the employer, whose state the posting takes; without one it is refused', async () => {
    const result = await create(jobPostingDraft({ employerId: employer(2), programId: program(2), acceptedCredentialTypeIds: [credentialType(3)] }));
    expect(result.errors).toBeUndefined();
    expect(result.data!.createJobPostingDraft).toMatchObject({ status: 'DRAFT', employer: { id: employer(2) }, jurisdiction: { code: 'TX' } });
    const key = Number((await hub.sql<{ id: number }>(`select max(id) as id from job_posting`))[0].id);
    expect((await audits(key))[0]).toMatchObject({ role: 'ADMIN', subject: 'test-ADMIN', jurisdiction_id: 2 });
    expectBadInput(await create(jobPostingDraft()), 'input.employerId');
    expectBadInput(await create(jobPostingDraft({ employerId: employer(99) })), 'input.employerId');
    expectBadInput(await create(jobPostingDraft({ employerId: program(1) })), 'input.employerId');
  });

  it('refuses each bad field at its path, writing nothing', async () => {
    const before = await count('job_posting');
    const auditsBefore = await count('audit_record');
    const headers = await EMPLOYER_1();
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'input.title'],
      [{ title: '   ' }, 'input.title'],
      [{ title: 'x'.repeat(201) }, 'input.title'],
      [{ description: ' ' }, 'input.description'],
      [{ description: 'x'.repeat(20_001) }, 'input.description'],
      [{ city: '' }, 'input.city'],
      [{ city: 'x'.repeat(101) }, 'input.city'],
      [{ postalCode: 'ABCDE' }, 'input.postalCode'],
      [{ postalCode: '5580' }, 'input.postalCode'],
      [{ postalCode: '' }, 'input.postalCode'],
      [{ payMinCents: -1 }, 'input.payMinCents'],
      [{ payMaxCents: -5, payMinCents: -10 }, 'input.payMinCents'],
      [{ payMinCents: 2500, payMaxCents: 2400 }, 'input.payMaxCents'],
      [{ openings: 0 }, 'input.openings'],
      [{ openings: 1001 }, 'input.openings'],
      [{ validThrough: TODAY }, 'input.validThrough'],
      [{ validThrough: day(-3) }, 'input.validThrough'],
      [{ programId: program(2) }, 'input.programId'], // Lone Star's
      [{ programId: program(99) }, 'input.programId'],
      [{ programId: program(5) }, 'input.programId'], // no longer active
      [{ programId: employer(1) }, 'input.programId'],
      [{ programId: 'not-an-id' }, 'input.programId'],
      [{ acceptedCredentialTypeIds: [credentialType(1), credentialType(3)] }, 'input.acceptedCredentialTypeIds[1]'], // TX's
      [{ acceptedCredentialTypeIds: [credentialType(99)] }, 'input.acceptedCredentialTypeIds[0]'],
      [{ acceptedCredentialTypeIds: [credentialType(1), credentialType(1)] }, 'input.acceptedCredentialTypeIds[1]'],
      [{ acceptedCredentialTypeIds: [credentialType(1), program(1)] }, 'input.acceptedCredentialTypeIds[1]'],
      [{ acceptedCredentialTypeIds: Array.from({ length: 51 }, () => credentialType(1)) }, 'input.acceptedCredentialTypeIds'],
      [{ employerId: employer(3) }, 'input.employerId'], // an employer posts for itself
      [{ idempotencyKey: '' }, 'input.idempotencyKey'],
      [{ idempotencyKey: 'k'.repeat(201) }, 'input.idempotencyKey'],
    ];
    for (const [extra, argument] of cases) {
      const result = await create(jobPostingDraft(extra), headers);
      expect([argument, result.errors?.[0]?.extensions?.argument]).toEqual([argument, argument]);
      expectBadInput(result, argument);
    }
    // the same employer naming itself is fine
    expect((await create(jobPostingDraft({ employerId: employer(1), title: 'Named itself' }), headers)).data!.createJobPostingDraft.employer.id).toBe(employer(1));
    expect(await count('job_posting')).toBe(before + 1);
    expect(await count('audit_record')).toBe(auditsBefore + 1);
  });

  // the same key again, one call after the other (the same posting, nothing written): test/mutation-contract.test.ts
  it('the same idempotency key twice at once: one posting, the same id', async () => {
    const headers = await EMPLOYER_1();
    const [a, b] = await Promise.all([
      create(jobPostingDraft({ title: 'At once', idempotencyKey: 'posting-at-once' }), headers),
      create(jobPostingDraft({ title: 'At once', idempotencyKey: 'posting-at-once' }), headers),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data!.createJobPostingDraft.id).toBe(b.data!.createJobPostingDraft.id);
    expect(await count(`job_posting where title = 'At once'`)).toBe(1);
    expect(await count(`audit_record where action = 'createJobPostingDraft' and after->>'title' = 'At once'`)).toBe(1);
  });

  it('is for EMPLOYER and ADMIN only', async () => {
    for (const headers of [await as({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 1) }), await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] }), await as('PUBLIC')]) {
      expectError(await create(jobPostingDraft(), headers), 403, 'FORBIDDEN');
    }
  });
});

describe('updateJobPosting', () => {
  it('changes only the fields given, clears the clearable ones, replaces the credential types, with the audit record', async () => {
    const before = await stored(105);
    const result = await update(105, { title: 'Peer specialist (nights)', payMaxCents: 2600, postalCode: null, programId: program(4), acceptedCredentialTypeIds: [credentialType(2)] }, await EMPLOYER_1());
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateJobPosting).toMatchObject({ status: 'DRAFT', title: 'Peer specialist (nights)', payMinCents: 2000, payMaxCents: 2600, postalCode: null, program: { id: program(4) } });
    expect(result.data!.updateJobPosting.acceptedCredentialTypes).toEqual([{ id: credentialType(2) }]);
    const after = await stored(105);
    expect(after).toMatchObject({ title: 'Peer specialist (nights)', pay_max_cents: 2600, program_id: 4, accepted: [2], status: 'DRAFT' });
    expect(after.updated_at > before.updated_at).toBe(true);
    const [audit] = await audits(105, 'updateJobPosting');
    expect(audit).toMatchObject({ role: 'EMPLOYER', jurisdiction_id: 1 });
    expect(audit.before).toMatchObject({ title: 'Posting 105', pay_max_cents: 2400, program_id: 1, accepted_credential_type_ids: [1] });
    expect(audit.after).toMatchObject({ title: 'Peer specialist (nights)', pay_max_cents: 2600, program_id: 4, accepted_credential_type_ids: [2] });

    // null clears the program and the credential types
    const cleared = await update(105, { programId: null, acceptedCredentialTypeIds: null });
    expect(cleared.data!.updateJobPosting).toMatchObject({ program: null, acceptedCredentialTypes: [] });
  });

  it('refuses an empty input, a cleared required field and bad values at their paths', async () => {
    const headers = await EMPLOYER_1();
    const before = await stored(110);
    expectBadInput(await update(110, {}, headers), 'input');
    expectBadInput(await update(110, { title: null }, headers), 'input.title');
    expectBadInput(await update(110, { payMinCents: null }, headers), 'input.payMinCents');
    expectBadInput(await update(110, { remote: null }, headers), 'input.remote');
    expectBadInput(await update(110, { title: ' ' }, headers), 'input.title');
    expectBadInput(await update(110, { openings: 5000 }, headers), 'input.openings');
    expectBadInput(await update(110, { postalCode: '1234567890' }, headers), 'input.postalCode');
    expectBadInput(await update(110, { validThrough: TODAY }, headers), 'input.validThrough');
    // against the stored pay: 2000..2400
    expectBadInput(await update(110, { payMinCents: 2500 }, headers), 'input.payMinCents');
    expectBadInput(await update(110, { payMaxCents: 1999 }, headers), 'input.payMaxCents');
    expectBadInput(await update(110, { programId: program(3) }, headers), 'input.programId');
    expectBadInput(await update(110, { acceptedCredentialTypeIds: [credentialType(3)] }, headers), 'input.acceptedCredentialTypeIds[0]');
    expect(await stored(110)).toEqual(before);
    expect(await audits(110, 'updateJobPosting')).toEqual([]);
  });

  it('an OPEN posting stays publishable: it keeps a validThrough after today', async () => {
    const headers = await EMPLOYER_1();
    expectBadInput(await update(101, { validThrough: null }, headers), 'input.validThrough');
    expectBadInput(await update(101, { validThrough: TODAY }, headers), 'input.validThrough');
    const moved = await update(101, { validThrough: day(40), openings: 3 }, headers);
    expect(moved.data!.updateJobPosting).toMatchObject({ status: 'OPEN', validThrough: day(40), openings: 3, datePosted: day(-5) });
    // its program wound down: a change must move it to another program (or none)
    await hub.sql(`update service_program set active = false where id = 1`);
    expectBadInput(await update(101, { openings: 2 }, headers), 'input.programId');
    expect((await update(101, { openings: 2, programId: program(4) }, headers)).data!.updateJobPosting).toMatchObject({ openings: 2, program: { id: program(4) } });
    await hub.sql(`update service_program set active = true where id = 1`);
    // naming a program no longer active is refused whatever the status
    expectBadInput(await update(110, { programId: program(5) }, headers), 'input.programId');
  });

  it('an EXPIRED posting (OPEN past its validThrough) is reopened by a validThrough after today, and by nothing else', async () => {
    const headers = await EMPLOYER_1();
    expectBadInput(await update(103, { title: 'Still here' }, headers), 'input.validThrough');
    const reopened = await update(103, { title: 'Still here', validThrough: day(14) }, headers);
    expect(reopened.data!.updateJobPosting).toMatchObject({ status: 'OPEN', title: 'Still here', validThrough: day(14) });
    // back as it was, for the tests of the EXPIRED read
    await hub.sql(`update job_posting set valid_through = ?::date, title = 'Posting 103' where id = 103`, [day(-1)]);
  });

  it('FILLED and CLOSED postings are final', async () => {
    expectTransition(await update(102, { title: 'x' }), 'FILLED', ['DRAFT', 'OPEN', 'PAUSED', 'EXPIRED']);
    expectTransition(await update(108, { title: 'x' }), 'CLOSED', ['DRAFT', 'OPEN', 'PAUSED', 'EXPIRED']);
  });
});

describe('publishJobPosting', () => {
  it('a draft needs a validThrough after today; published, it is OPEN and posted today', async () => {
    const headers = await EMPLOYER_1();
    const refused = await publish(105, headers);
    expectError(refused, 409, 'CONFLICT', { field: 'validThrough' });
    expect((await stored(105)).status).toBe('DRAFT');

    await update(105, { validThrough: day(30) }, headers);
    const result = await publish(105, headers);
    expect(result.errors).toBeUndefined();
    expect(result.data!.publishJobPosting).toMatchObject({ status: 'OPEN', datePosted: TODAY, validThrough: day(30) });
    expect(await stored(105)).toMatchObject({ status: 'OPEN', date_posted: TODAY });
    const [audit] = await audits(105, 'publishJobPosting');
    expect(audit.before).toMatchObject({ status: 'DRAFT', date_posted: null });
    expect(audit.after).toMatchObject({ status: 'OPEN', date_posted: TODAY });
    // anyone reads it now
    const seen = await hub.query<{ jobPosting: { status: string } | null }>(`query($id: ID!) { jobPosting(id: $id) { status } }`, { id: posting(105) }, await as('PUBLIC'));
    expect(seen.data!.jobPosting).toEqual({ status: 'OPEN' });
  });

  it('republishing a PAUSED posting keeps the day it was first posted', async () => {
    const result = await publish(106, await EMPLOYER_1());
    expect(result.data!.publishJobPosting).toMatchObject({ status: 'OPEN', datePosted: day(-10) });
    expect(await stored(106)).toMatchObject({ status: 'OPEN', date_posted: day(-10) });
  });

  it('a PAUSED posting past its validThrough is refused until moved; a program the employer no longer runs too', async () => {
    expectError(await publish(107), 409, 'CONFLICT', { field: 'validThrough' });
    expect((await stored(107)).status).toBe('PAUSED');
    // program 4 handed over to employer 3 (which the trigger allows: it checks job_posting's own changes)
    await hub.sql(`update job_posting set program_id = 4, valid_through = ?::date where id = 107`, [day(9)]);
    await hub.sql(`update service_program set employer_id = 3 where id = 4`);
    expectError(await publish(107), 409, 'CONFLICT', { field: 'programId' });
    await hub.sql(`update service_program set employer_id = 1 where id = 4`);
    expect((await publish(107)).data!.publishJobPosting.status).toBe('OPEN');
  });

  it('only DRAFT and PAUSED postings are published', async () => {
    expectTransition(await publish(101), 'OPEN', ['DRAFT', 'PAUSED']);
    expectTransition(await publish(102), 'FILLED', ['DRAFT', 'PAUSED']);
    expectTransition(await publish(103), 'EXPIRED', ['DRAFT', 'PAUSED']);
  });
});

describe('pauseJobPosting', () => {
  it('an OPEN posting pauses, and no longer shows to the public', async () => {
    const result = await pause(109, await EMPLOYER_1());
    expect(result.errors).toBeUndefined();
    expect(result.data!.pauseJobPosting).toMatchObject({ status: 'PAUSED', datePosted: day(-2) });
    expect((await stored(109)).status).toBe('PAUSED');
    const [audit] = await audits(109, 'pauseJobPosting');
    expect([audit.before!.status, audit.after!.status]).toEqual(['OPEN', 'PAUSED']);
    const seen = await hub.query<{ jobPosting: unknown }>(`query($id: ID!) { jobPosting(id: $id) { id } }`, { id: posting(109) }, await as('PUBLIC'));
    expect(seen.data!.jobPosting).toBeNull();
  });

  it('only OPEN postings pause: not a draft, a paused one, nor one past its validThrough', async () => {
    expectTransition(await pause(110), 'DRAFT', ['OPEN']);
    expectTransition(await pause(109), 'PAUSED', ['OPEN']);
    expectTransition(await pause(103), 'EXPIRED', ['OPEN']);
    expectTransition(await pause(108), 'CLOSED', ['OPEN']);
  });
});

describe('closeJobPosting', () => {
  it('a draft can only be CLOSED', async () => {
    expectTransition(await close(110, 'FILLED'), 'DRAFT', ['OPEN', 'PAUSED', 'EXPIRED']);
    const result = await close(110, 'CLOSED', await EMPLOYER_1());
    expect(result.data!.closeJobPosting.status).toBe('CLOSED');
    const [audit] = await audits(110, 'closeJobPosting');
    expect([audit.before!.status, audit.after!.status]).toEqual(['DRAFT', 'CLOSED']);
  });

  it('OPEN, PAUSED and EXPIRED postings close as FILLED or CLOSED; closed ones are final', async () => {
    expect((await close(101, 'FILLED', await EMPLOYER_1())).data!.closeJobPosting.status).toBe('FILLED');
    expect((await close(109, 'CLOSED')).data!.closeJobPosting.status).toBe('CLOSED'); // PAUSED
    expect(await stored(101)).toMatchObject({ status: 'FILLED' });
    expect(await stored(109)).toMatchObject({ status: 'CLOSED' });
    expectTransition(await close(101, 'CLOSED'), 'FILLED', ['DRAFT', 'OPEN', 'PAUSED', 'EXPIRED']);
    expectTransition(await close(108, 'FILLED'), 'CLOSED', ['OPEN', 'PAUSED', 'EXPIRED']);
    expectError(await hub.query(CLOSE, { id: posting(101), outcome: 'EXPIRED' }), 400, 'BAD_USER_INPUT');
  });
});

describe('who may change a posting', () => {
  it('an employer changes only its own: another employer\'s, even one anyone may read, is no such posting', async () => {
    const headers = await EMPLOYER_1();
    const before = await stored(104);
    // posting 104 (employer 3) is OPEN: employer 1 reads it, as anyone does
    const read = await hub.query<{ jobPosting: { id: string } | null }>(`query($id: ID!) { jobPosting(id: $id) { id } }`, { id: posting(104) }, headers);
    expect(read.data!.jobPosting).toEqual({ id: posting(104) });
    for (const result of [await update(104, { title: 'Mine now' }, headers), await publish(104, headers), await pause(104, headers), await close(104, 'CLOSED', headers)]) {
      expectBadInput(result, 'id');
      expect(result.errors![0].message).toContain('that you may change');
    }
    expect(await stored(104)).toEqual(before);
    // its own employer may
    expect((await pause(104, await EMPLOYER_3())).data!.pauseJobPosting.status).toBe('PAUSED');
    // and then employer 1 cannot even read it: the same answer
    expectBadInput(await publish(104, headers), 'id');
  });

  it('an id of another type, or of no posting, is refused at id', async () => {
    expectBadInput(await publish(9999), 'id');
    expectBadInput(await hub.query(PUBLISH, { id: employer(1) }), 'id');
    expectBadInput(await hub.query(PUBLISH, { id: 'nonsense' }), 'id');
  });

  it('PEER, SUPERVISOR, FUND_REVIEWER, STATE_ANALYST and PUBLIC may not', async () => {
    const others = [
      await as({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 1) }),
      await as({ role: Role.SUPERVISOR, peerId: toGlobalId('PeerSpecialist', 1) }),
      await as({ role: Role.FUND_REVIEWER, jurisdictions: ['MN'] }),
      await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] }),
      await as('PUBLIC'),
    ];
    for (const headers of others) {
      expectError(await update(106, { title: 'x' }, headers), 403, 'FORBIDDEN');
      expectError(await publish(106, headers), 403, 'FORBIDDEN');
      expectError(await pause(106, headers), 403, 'FORBIDDEN');
      expectError(await close(106, 'CLOSED', headers), 403, 'FORBIDDEN');
    }
    expect((await stored(106)).status).toBe('OPEN');
  });
});

describe('a posting past its valid-through reads as EXPIRED', () => {
  it('its status reads EXPIRED, whatever else is selected, by id, in a list and under its employer; the row keeps OPEN', async () => {
    expect((await stored(103)).status).toBe('OPEN');
    const byId = await hub.query<{ jobPosting: { status: string } }>(`query($id: ID!) { jobPosting(id: $id) { status } }`, { id: posting(103) });
    expect(byId.data!.jobPosting.status).toBe('EXPIRED');
    const listed = await hub.query<{ jobPostings: { nodes: { id: string; status: string }[] } }>(`{ jobPostings(first: 100) { nodes { id status } } }`);
    expect(listed.data!.jobPostings.nodes.find((p) => p.id === posting(103))!.status).toBe('EXPIRED');
    // an OPEN posting valid through today, or with no date, is still OPEN
    await hub.sql(`update job_posting set valid_through = ?::date where id = 106`, [TODAY]);
    const nested = await hub.query<{ employer: { jobPostings: { nodes: { id: string; status: string }[] } } }>(
      `query($id: ID!) { employer(id: $id) { jobPostings(first: 100) { nodes { id status } } } }`,
      { id: employer(1) },
    );
    const statuses = Object.fromEntries(nested.data!.employer.jobPostings.nodes.map((p) => [p.id, p.status]));
    expect(statuses[posting(103)]).toBe('EXPIRED');
    expect(statuses[posting(106)]).toBe('OPEN');
    // the employer reads its own expired posting
    const own = await hub.query<{ jobPosting: { status: string } | null }>(`query($id: ID!) { jobPosting(id: $id) { status } }`, { id: posting(103) }, await EMPLOYER_1());
    expect(own.data!.jobPosting).toEqual({ status: 'EXPIRED' });
  });

  it('the public does not see it, in a list, by id or in a count', async () => {
    const headers = await as('PUBLIC');
    const listed = await hub.query<{ jobPostings: { totalCount: number; nodes: { id: string; status: string }[] } }>(
      `{ jobPostings(first: 100) { totalCount nodes { id status } } }`,
      {},
      headers,
    );
    expect(listed.errors).toBeUndefined();
    const ids = listed.data!.jobPostings.nodes.map((p) => p.id);
    expect(ids).not.toContain(posting(103));
    expect(listed.data!.jobPostings.nodes.every((p) => p.status === 'OPEN')).toBe(true);
    const live = await hub.sql<{ id: number }>(`select id from job_posting where status = 'OPEN' and (valid_through is null or valid_through >= ?::date) order by id`, [TODAY]);
    expect(ids.sort()).toEqual(live.map((r) => posting(r.id)).sort());
    expect(listed.data!.jobPostings.totalCount).toBe(live.length);
    const byId = await hub.query<{ jobPosting: unknown }>(`query($id: ID!) { jobPosting(id: $id) { id } }`, { id: posting(103) }, headers);
    expect(byId.data!.jobPosting).toBeNull();
    const nested = await hub.query<{ employer: { jobPostings: { totalCount: number; nodes: { id: string }[] } } }>(
      `query($id: ID!) { employer(id: $id) { jobPostings(first: 100) { totalCount nodes { id } } } }`,
      { id: employer(1) },
      headers,
    );
    expect(nested.data!.employer.jobPostings.nodes.map((p) => p.id)).not.toContain(posting(103));
    const [{ n }] = await hub.sql<{ n: number }>(`select count(*)::int as n from job_posting where employer_id = 1 and status = 'OPEN' and (valid_through is null or valid_through >= ?::date)`, [TODAY]);
    expect(nested.data!.employer.jobPostings.totalCount).toBe(n);
  });
});
