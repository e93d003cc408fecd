/**
 * The assistance workflow's mutations (src/domain/assistance/workflow.ts) through src/graphql/mutation.ts, on a data
 * set built by hand: who may make each change, the rules of each (dates, purposes, amounts, budget, statuses), what is
 * written (the rows, and exactly one audit record per changed row) and what is not (a refused change writes nothing),
 * who reads the audit records, and idempotency keys (replays, per caller, concurrent repeats).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/global-id';
import { as, changeKit, day, keyOf, startTestHub, type AuditRow, type GraphQLResponse, type TestHub } from './kit';

let hub: TestHub;

/* ------------------------------------------------------------------------------------------------------------------
 * The data set. Jurisdictions 1 MN, 2 TX. People 1 Ada (MN), 2 Ben (TX), 3 Cleo (MN). Funds, dates relative to today
 * (UTC, as the hub reads them):
 *   F1 MN  TRAINING, EXAM     budget 10,000  cap 4,000  opens today - 30, closes today (last day)
 *   F2 TX  APPLICATION_FEE, TRAINING  budget 50,000  no cap  opens today - 10, never closes
 *   F3 MN  TRAINING           closed: opens today - 60, closed yesterday
 *   F4 MN  TRAINING           not yet open: opens tomorrow
 *   F5 MN  TRAINING           budget 3,000  cap 2,500  opens today (first day)
 *   F6 MN  TRAINING, RENEWAL  budget 1,000,000  no cap  opens today - 100
 * ---------------------------------------------------------------------------------------------------------------- */
const TODAY = day(0);
const YEAR = Number(TODAY.slice(0, 4));

const fundId = (key: number) => toGlobalId('AssistanceFund', key);
const personId = (key: number) => toGlobalId('PeerSpecialist', key);
const [F1, F2, F3, F4, F5, F6] = [1, 2, 3, 4, 5, 6].map(fundId);
const [ADA, BEN, CLEO] = [1, 2, 3].map(personId);

async function insertDataSet() {
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values
    (1, 1, 'MN Certification Board', 'CERTIFICATION_BOARD', '[]'), (2, 2, 'TX Certification Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (2, 2, 2, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'Ada', 'Larsen', 1), (2, 'Ben', 'Ortiz', 2), (3, 'Cleo', 'Berg', 1)`);
  await hub.sql(
    `insert into assistance_fund (id, jurisdiction_id, sponsor, name, purposes, fiscal_year, budget_cents, committed_cents, per_award_cap_cents, opens_on, closes_on) values
    (1, 1, 'PeerForce', 'MN Training Fund', '{TRAINING,EXAM}', ?, 10000, 0, 4000, ?, ?),
    (2, 2, 'PeerForce', 'TX Fee Fund', '{APPLICATION_FEE,TRAINING}', ?, 50000, 0, null, ?, null),
    (3, 1, 'PeerForce', 'MN Closed Fund', '{TRAINING}', ?, 10000, 0, null, ?, ?),
    (4, 1, 'PeerForce', 'MN Future Fund', '{TRAINING}', ?, 10000, 0, null, ?, ?),
    (5, 1, 'PeerForce', 'MN Small Fund', '{TRAINING}', ?, 3000, 0, 2500, ?, null),
    (6, 1, 'PeerForce', 'MN Renewal Fund', '{TRAINING,RENEWAL}', ?, 1000000, 0, null, ?, null)`,
    [YEAR, day(-30), TODAY, YEAR, day(-10), YEAR, day(-60), day(-1), YEAR, day(1), day(60), YEAR, TODAY, YEAR, day(-100)],
  );
}

/* ---------------------------------------------------------------------------------------------------------------- */

type Headers = Record<string, string>;

let ADMIN: Headers;
let PUBLIC: Headers;
let PEER_ADA: Headers;
let PEER_BEN: Headers;
let PEER_CLEO: Headers;
let REVIEWER_MN: Headers;
let REVIEWER_TX: Headers;
let ANALYST_MN: Headers;
let EMPLOYER: Headers;
let SUPERVISOR: Headers;

const APPLICATION = `id status purpose requestedCents awardedCents reviewer submittedAt decidedAt decisionReason disbursedAt
  applicant { id } fund { id committedCents remainingCents }`;
const SUBMIT = `mutation ($input: SubmitAssistanceApplicationInput!) { submitAssistanceApplication(input: $input) { ${APPLICATION} } }`;
const APPROVE = `mutation ($id: ID!, $cents: Int!) { approveAssistanceApplication(id: $id, awardedCents: $cents) { ${APPLICATION} } }`;
const DENY = `mutation ($id: ID!, $reason: String!) { denyAssistanceApplication(id: $id, reason: $reason) { ${APPLICATION} } }`;
const WAITLIST = `mutation ($id: ID!) { waitlistAssistanceApplication(id: $id) { ${APPLICATION} } }`;
const DISBURSE = `mutation ($id: ID!) { disburseAssistanceApplication(id: $id) { ${APPLICATION} } }`;
const WITHDRAW = `mutation ($id: ID!) { withdrawAssistanceApplication(id: $id) { ${APPLICATION} } }`;

const { ok, refused, audited, snapshot } = changeKit(() => hub);

/** Submitted as ADMIN for the person: an application to decide on. */
async function submitted(fund: string, applicant: string, purpose: string, requestedCents: number): Promise<string> {
  const application = await ok(SUBMIT, { input: { fundId: fund, applicantId: applicant, purpose, requestedCents } }, ADMIN);
  expect(application.status).toBe('SUBMITTED');
  return application.id as string;
}

async function fundRow(key: number) {
  const [row] = await hub.sql<{ budget_cents: number; committed_cents: number }>(`select budget_cents, committed_cents from assistance_fund where id = ?`, [key]);
  return row;
}

async function applicationRow(id: string) {
  const [row] = await hub.sql<Record<string, any>>(`select * from assistance_application where id = ?`, [keyOf(id)]);
  return row;
}

function expectRecent(value: unknown) {
  const at = new Date(value as string).getTime();
  expect(Number.isNaN(at)).toBe(false);
  expect(Math.abs(Date.now() - at)).toBeLessThan(120_000);
}

beforeAll(async () => {
  hub = await startTestHub();
  await insertDataSet();
  ADMIN = await as({ role: Role.ADMIN, subject: 'admin-ana' });
  PUBLIC = { authorization: '' };
  PEER_ADA = await as({ role: Role.PEER, peerId: ADA, subject: 'peer-ada' });
  PEER_BEN = await as({ role: Role.PEER, peerId: BEN, subject: 'peer-ben' });
  PEER_CLEO = await as({ role: Role.PEER, peerId: CLEO, subject: 'peer-cleo' });
  REVIEWER_MN = await as({ role: Role.FUND_REVIEWER, jurisdictions: ['MN'], subject: 'reviewer-mn' });
  REVIEWER_TX = await as({ role: Role.FUND_REVIEWER, jurisdictions: ['TX'], subject: 'reviewer-tx' });
  ANALYST_MN = await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'], subject: 'analyst-mn' });
  EMPLOYER = await as({ role: Role.EMPLOYER, employerId: toGlobalId('Employer', 1), subject: 'employer-1' });
  SUPERVISOR = await as({ role: Role.SUPERVISOR, peerId: CLEO, subject: 'supervisor-cleo' });
});
afterAll(() => hub?.close());

describe('submitAssistanceApplication', () => {
  // its one audit record (the caller, the action, the row created, its state): test/mutation-contract.test.ts
  it('a PEER applies for themselves: a SUBMITTED row with submitted_at', async () => {
    const application = await ok(SUBMIT, { input: { fundId: F1, purpose: 'TRAINING', requestedCents: 3000 } }, PEER_ADA);
    expect(application).toMatchObject({
      status: 'SUBMITTED',
      purpose: 'TRAINING',
      requestedCents: 3000,
      awardedCents: null,
      reviewer: null,
      decidedAt: null,
      decisionReason: null,
      disbursedAt: null,
      applicant: { id: ADA },
      fund: { id: F1, committedCents: 0, remainingCents: 10000 },
    });
    expectRecent(application.submittedAt);
    const row = await applicationRow(application.id);
    expect(row).toMatchObject({ fund_id: 1, applicant_id: 1, purpose: 'TRAINING', requested_cents: 3000, awarded_cents: null, status: 'SUBMITTED', reviewer: null, decided_at: null });
    expect(row.submitted_at).not.toBeNull();
    expectRecent(row.submitted_at);
    expect(new Date(application.submittedAt).getTime()).toBe(new Date(row.submitted_at).getTime());
    // a submission commits no money
    expect(await fundRow(1)).toEqual({ budget_cents: 10000, committed_cents: 0 });
  });

  it('a PEER may not apply for someone else: 400 on input.applicantId', async () => {
    await refused(SUBMIT, { input: { fundId: F1, applicantId: CLEO, purpose: 'TRAINING', requestedCents: 1000 } }, PEER_ADA, {
      status: 400,
      code: 'BAD_USER_INPUT',
      argument: 'input.applicantId',
    });
  });

  it('ADMIN applies for anyone, and must name the applicant', async () => {
    await refused(SUBMIT, { input: { fundId: F2, purpose: 'APPLICATION_FEE', requestedCents: 2500 } }, ADMIN, {
      status: 400,
      code: 'BAD_USER_INPUT',
      argument: 'input.applicantId',
    });
    await refused(SUBMIT, { input: { fundId: F2, applicantId: personId(999), purpose: 'APPLICATION_FEE', requestedCents: 2500 } }, ADMIN, {
      status: 400,
      code: 'BAD_USER_INPUT',
      argument: 'input.applicantId',
    });
    await refused(SUBMIT, { input: { fundId: F2, applicantId: F1, purpose: 'APPLICATION_FEE', requestedCents: 2500 } }, ADMIN, {
      status: 400,
      code: 'BAD_USER_INPUT',
      argument: 'input.applicantId',
    });

    const { result: application, audits } = await audited(() =>
      ok(SUBMIT, { input: { fundId: F2, applicantId: BEN, purpose: 'APPLICATION_FEE', requestedCents: 2500 } }, ADMIN),
    );
    expect(application).toMatchObject({ status: 'SUBMITTED', purpose: 'APPLICATION_FEE', requestedCents: 2500, applicant: { id: BEN }, fund: { id: F2 } });
    expect(await applicationRow(application.id)).toMatchObject({ fund_id: 2, applicant_id: 2, status: 'SUBMITTED', requested_cents: 2500 });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ subject: 'admin-ana', role: 'ADMIN', action: 'submitAssistanceApplication', entity_type: 'AssistanceApplication', jurisdiction_id: 2, before: null });
    expect(audits[0].after).toMatchObject({ id: keyOf(application.id), status: 'SUBMITTED', applicant_id: 2, fund_id: 2 });
  });

  it('other roles are refused with 403 FORBIDDEN, callers without a token too', async () => {
    const input = { fundId: F1, applicantId: ADA, purpose: 'TRAINING', requestedCents: 1000 };
    for (const headers of [REVIEWER_MN, ANALYST_MN, EMPLOYER, SUPERVISOR, PUBLIC]) {
      await refused(SUBMIT, { input }, headers, { status: 403, code: 'FORBIDDEN' });
    }
  });

  it('the purpose must be one the fund covers: 400 on input.purpose', async () => {
    await refused(SUBMIT, { input: { fundId: F1, purpose: 'RENEWAL', requestedCents: 1000 } }, PEER_ADA, {
      status: 400,
      code: 'BAD_USER_INPUT',
      argument: 'input.purpose',
      message: /covers TRAINING, EXAM, not RENEWAL/,
    });
  });

  it('the fund must take applications today: closed or not yet open is 409 CONFLICT; its first and last days are open', async () => {
    await refused(SUBMIT, { input: { fundId: F3, purpose: 'TRAINING', requestedCents: 1000 } }, PEER_ADA, { status: 409, code: 'CONFLICT' });
    await refused(SUBMIT, { input: { fundId: F4, purpose: 'TRAINING', requestedCents: 1000 } }, PEER_ADA, { status: 409, code: 'CONFLICT' });
    // F1 closes today, F5 opens today
    expect((await ok(SUBMIT, { input: { fundId: F1, purpose: 'EXAM', requestedCents: 500 } }, PEER_CLEO)).status).toBe('SUBMITTED');
    expect((await ok(SUBMIT, { input: { fundId: F5, purpose: 'TRAINING', requestedCents: 500 } }, PEER_CLEO)).status).toBe('SUBMITTED');
  });

  it('requestedCents must be above 0: 400 on input.requestedCents', async () => {
    for (const requestedCents of [0, -1, -5000]) {
      await refused(SUBMIT, { input: { fundId: F1, purpose: 'TRAINING', requestedCents } }, PEER_ADA, {
        status: 400,
        code: 'BAD_USER_INPUT',
        argument: 'input.requestedCents',
      });
    }
  });

  it('an unknown fund, the id of another type, or no id at all: 400 on input.fundId', async () => {
    for (const id of [fundId(999), personId(1), 'not-an-id!', 'Zm9v', '']) {
      await refused(SUBMIT, { input: { fundId: id, purpose: 'TRAINING', requestedCents: 1000 } }, PEER_ADA, {
        status: 400,
        code: 'BAD_USER_INPUT',
        argument: 'input.fundId',
      });
    }
  });
});

describe('approveAssistanceApplication', () => {
  let a: string; // Ada, 3,000 asked
  let b: string; // Cleo, 5,000 asked
  let c: string; // Ada, 4,000 asked
  beforeAll(async () => {
    // F1 holds the submissions of the tests above (nothing committed); these three are decided here
    a = await submitted(F1, ADA, 'TRAINING', 3000);
    b = await submitted(F1, CLEO, 'TRAINING', 5000);
    c = await submitted(F1, ADA, 'EXAM', 4000);
  });

  // one audit record of each row changed, with the caller, the action, the row before and after: test/mutation-contract.test.ts
  it('a FUND_REVIEWER of the state awards money: APPROVED, reviewer and decidedAt set, the fund committed, as the audit records say', async () => {
    const { result: application, audits } = await audited(() => ok(APPROVE, { id: a, cents: 2500 }, REVIEWER_MN));
    expect(application).toMatchObject({
      id: a,
      status: 'APPROVED',
      requestedCents: 3000,
      awardedCents: 2500,
      reviewer: 'reviewer-mn',
      decisionReason: null,
      disbursedAt: null,
      fund: { id: F1, committedCents: 2500, remainingCents: 7500 },
    });
    expectRecent(application.decidedAt);
    expect(await applicationRow(a)).toMatchObject({ status: 'APPROVED', awarded_cents: 2500, reviewer: 'reviewer-mn' });
    expect((await applicationRow(a)).decided_at).not.toBeNull();
    expect(await fundRow(1)).toEqual({ budget_cents: 10000, committed_cents: 2500 });

    const fund = audits.find((r) => r.entity_type === 'AssistanceFund')!;
    const app = audits.find((r) => r.entity_type === 'AssistanceApplication')!;
    expect([fund.before!.committed_cents, fund.after!.committed_cents]).toEqual([0, 2500]);
    expect([app.before!.status, app.after!.status, app.after!.awarded_cents, app.after!.reviewer]).toEqual(['SUBMITTED', 'APPROVED', 2500, 'reviewer-mn']);
  });

  it('at most what was asked and the per-award cap: 400 on awardedCents; 0 or less too', async () => {
    await refused(APPROVE, { id: b, cents: 5001 }, REVIEWER_MN, { status: 400, code: 'BAD_USER_INPUT', argument: 'awardedCents', message: /5000 cents asked for/ });
    await refused(APPROVE, { id: b, cents: 4001 }, REVIEWER_MN, { status: 400, code: 'BAD_USER_INPUT', argument: 'awardedCents', extensions: { limit: 4000 } });
    await refused(APPROVE, { id: b, cents: 0 }, REVIEWER_MN, { status: 400, code: 'BAD_USER_INPUT', argument: 'awardedCents' });
    await refused(APPROVE, { id: b, cents: -100 }, REVIEWER_MN, { status: 400, code: 'BAD_USER_INPUT', argument: 'awardedCents' });
    // exactly the cap is allowed
    const application = await ok(APPROVE, { id: b, cents: 4000 }, REVIEWER_MN);
    expect(application).toMatchObject({ status: 'APPROVED', awardedCents: 4000, fund: { committedCents: 6500, remainingCents: 3500 } });
    expect(await fundRow(1)).toEqual({ budget_cents: 10000, committed_cents: 6500 });
  });

  it('above what remains of the budget: 409 CONFLICT with remainingCents, nothing written; exactly what remains is awarded', async () => {
    await refused(APPROVE, { id: c, cents: 3501 }, REVIEWER_MN, { status: 409, code: 'CONFLICT', extensions: { remainingCents: 3500 } });
    expect(await applicationRow(c)).toMatchObject({ status: 'SUBMITTED', awarded_cents: null, reviewer: null, decided_at: null });
    expect(await fundRow(1)).toEqual({ budget_cents: 10000, committed_cents: 6500 });

    const application = await ok(APPROVE, { id: c, cents: 3500 }, REVIEWER_MN);
    expect(application).toMatchObject({ status: 'APPROVED', awardedCents: 3500, fund: { committedCents: 10000, remainingCents: 0 } });
    expect(await fundRow(1)).toEqual({ budget_cents: 10000, committed_cents: 10000 });
    // the fund is spent: any further award is refused
    const d = await submitted(F1, CLEO, 'TRAINING', 1000);
    await refused(APPROVE, { id: d, cents: 1 }, REVIEWER_MN, { status: 409, code: 'CONFLICT', extensions: { remainingCents: 0 } });
  });

  it('a FUND_REVIEWER of another state: 400 "no ... that you may change", the same answer as for an application that does not exist', async () => {
    const mn = await submitted(F6, ADA, 'TRAINING', 1000);
    const tx = await submitted(F2, BEN, 'TRAINING', 1000);
    const noSuch = /there is no assistance application .* that you may change/;
    await refused(APPROVE, { id: mn, cents: 500 }, REVIEWER_TX, { status: 400, code: 'BAD_USER_INPUT', argument: 'id', message: noSuch });
    await refused(APPROVE, { id: tx, cents: 500 }, REVIEWER_MN, { status: 400, code: 'BAD_USER_INPUT', argument: 'id', message: noSuch });
    await refused(APPROVE, { id: toGlobalId('AssistanceApplication', 99999), cents: 500 }, REVIEWER_MN, { status: 400, code: 'BAD_USER_INPUT', argument: 'id', message: noSuch });
    await refused(APPROVE, { id: F6, cents: 500 }, REVIEWER_MN, { status: 400, code: 'BAD_USER_INPUT', argument: 'id' });
    // each reviewer decides their own state's
    expect((await ok(APPROVE, { id: tx, cents: 500 }, REVIEWER_TX)).reviewer).toBe('reviewer-tx');
    expect((await ok(APPROVE, { id: mn, cents: 500 }, ADMIN)).reviewer).toBe('admin-ana');
  });

  it('roles other than FUND_REVIEWER and ADMIN: 403 FORBIDDEN', async () => {
    const id = await submitted(F6, ADA, 'TRAINING', 1000);
    for (const headers of [PEER_ADA, ANALYST_MN, EMPLOYER, SUPERVISOR, PUBLIC]) {
      await refused(APPROVE, { id, cents: 500 }, headers, { status: 403, code: 'FORBIDDEN' });
    }
  });

  it('a DENIED, DISBURSED, WITHDRAWN or APPROVED application: 409 INVALID_TRANSITION naming currentStatus and allowedFrom', async () => {
    for (const status of ['DENIED', 'DISBURSED', 'WITHDRAWN', 'APPROVED']) {
      const id = await submitted(F6, CLEO, 'RENEWAL', 2000);
      const awarded = status === 'DISBURSED' || status === 'APPROVED' ? 1000 : null;
      await hub.sql(`update assistance_application set status = ?, awarded_cents = ? where id = ?`, [status, awarded, keyOf(id)]);
      await refused(APPROVE, { id, cents: 500 }, REVIEWER_MN, {
        status: 409,
        code: 'INVALID_TRANSITION',
        message: new RegExp(`is ${status}; only SUBMITTED, UNDER_REVIEW or WAITLISTED applications can be approved`),
        extensions: { currentStatus: status, allowedFrom: ['SUBMITTED', 'UNDER_REVIEW', 'WAITLISTED'] },
      });
    }
  });
});

describe('denyAssistanceApplication', () => {
  // the audit record's caller, action, row before and after: test/mutation-contract.test.ts
  it('records the reason trimmed, the reviewer and decidedAt, and one audit record; the fund is untouched', async () => {
    const id = await submitted(F6, ADA, 'TRAINING', 1500);
    const fundBefore = await fundRow(6);
    const { result: application, audits } = await audited(() => ok(DENY, { id, reason: '  \n Not a covered course.\t ' }, REVIEWER_MN));
    expect(application).toMatchObject({ status: 'DENIED', decisionReason: 'Not a covered course.', reviewer: 'reviewer-mn', awardedCents: null });
    expectRecent(application.decidedAt);
    expect(await applicationRow(id)).toMatchObject({ status: 'DENIED', decision_reason: 'Not a covered course.', reviewer: 'reviewer-mn', awarded_cents: null });
    expect(await fundRow(6)).toEqual(fundBefore);
    expect(audits).toHaveLength(1);
    expect([audits[0].before!.status, audits[0].after!.status]).toEqual(['SUBMITTED', 'DENIED']);

    // a denied application is decided
    await refused(DENY, { id, reason: 'again' }, REVIEWER_MN, {
      status: 409,
      code: 'INVALID_TRANSITION',
      extensions: { currentStatus: 'DENIED', allowedFrom: ['SUBMITTED', 'UNDER_REVIEW', 'WAITLISTED'] },
    });
  });

  it('the reason is required, 1 to 2,000 characters once trimmed', async () => {
    const id = await submitted(F6, ADA, 'TRAINING', 1500);
    for (const reason of ['', '   ', '\n\t', 'x'.repeat(2001), ` ${'x'.repeat(2001)} `]) {
      await refused(DENY, { id, reason }, REVIEWER_MN, { status: 400, code: 'BAD_USER_INPUT', argument: 'reason' });
    }
    const reason = 'r'.repeat(2000);
    const application = await ok(DENY, { id, reason: `   ${reason}   ` }, REVIEWER_MN);
    expect(application.decisionReason).toBe(reason);
    expect((await applicationRow(id)).decision_reason).toBe(reason);
  });

  it('who may deny: not a PEER (403), not a reviewer of another state (400 no such), nor an APPROVED application (409)', async () => {
    const id = await submitted(F6, ADA, 'TRAINING', 1500);
    await refused(DENY, { id, reason: 'no' }, PEER_ADA, { status: 403, code: 'FORBIDDEN' });
    await refused(DENY, { id, reason: 'no' }, ANALYST_MN, { status: 403, code: 'FORBIDDEN' });
    await refused(DENY, { id, reason: 'no' }, REVIEWER_TX, { status: 400, code: 'BAD_USER_INPUT', argument: 'id', message: /that you may change/ });
    await ok(APPROVE, { id, cents: 1500 }, REVIEWER_MN);
    await refused(DENY, { id, reason: 'no' }, REVIEWER_MN, {
      status: 409,
      code: 'INVALID_TRANSITION',
      extensions: { currentStatus: 'APPROVED', allowedFrom: ['SUBMITTED', 'UNDER_REVIEW', 'WAITLISTED'] },
    });
  });
});

describe('waitlist, approval from the waiting list, disbursement and withdrawal (F5: budget 3,000, cap 2,500)', () => {
  let w0: string; // Ada 2,000
  let w1: string; // Cleo 2,000
  let w2: string; // Ada 1,000
  let w3: string; // Cleo 5,000 (above the cap: the smallest award is the cap)
  beforeAll(async () => {
    // one earlier submission of 500 (Cleo) sits on F5, not decided
    w0 = await submitted(F5, ADA, 'TRAINING', 2000);
    w1 = await submitted(F5, CLEO, 'TRAINING', 2000);
    w2 = await submitted(F5, ADA, 'TRAINING', 1000);
    w3 = await submitted(F5, CLEO, 'TRAINING', 5000);
  });

  it('waitlisting while the fund can still cover min(requested, cap) is 409 CONFLICT with remainingCents', async () => {
    await refused(WAITLIST, { id: w1 }, REVIEWER_MN, { status: 409, code: 'CONFLICT', extensions: { remainingCents: 3000 } });
    await refused(WAITLIST, { id: w3 }, REVIEWER_MN, { status: 409, code: 'CONFLICT', extensions: { remainingCents: 3000 } });
    await ok(APPROVE, { id: w0, cents: 2000 }, REVIEWER_MN);
    expect(await fundRow(5)).toEqual({ budget_cents: 3000, committed_cents: 2000 });
    // 1,000 left covers the 1,000 asked exactly
    await refused(WAITLIST, { id: w2 }, REVIEWER_MN, { status: 409, code: 'CONFLICT', extensions: { remainingCents: 1000 } });
  });

  // the audit record's caller, action, row before and after: test/mutation-contract.test.ts
  it('waitlists once the fund cannot cover it: WAITLISTED, one audit record, the fund untouched', async () => {
    const { result: application, audits } = await audited(() => ok(WAITLIST, { id: w1 }, REVIEWER_MN));
    expect(application).toMatchObject({ id: w1, status: 'WAITLISTED', reviewer: 'reviewer-mn', awardedCents: null, fund: { committedCents: 2000, remainingCents: 1000 } });
    expectRecent(application.decidedAt);
    expect(await applicationRow(w1)).toMatchObject({ status: 'WAITLISTED', reviewer: 'reviewer-mn', awarded_cents: null });
    expect(await fundRow(5)).toEqual({ budget_cents: 3000, committed_cents: 2000 });
    expect(audits).toHaveLength(1);
    expect([audits[0].before!.status, audits[0].after!.status]).toEqual(['SUBMITTED', 'WAITLISTED']);

    // min(5,000 asked, 2,500 cap) = 2,500 > 1,000
    expect((await ok(WAITLIST, { id: w3 }, ADMIN)).status).toBe('WAITLISTED');
    // only SUBMITTED or UNDER_REVIEW applications are waitlisted
    await refused(WAITLIST, { id: w1 }, REVIEWER_MN, {
      status: 409,
      code: 'INVALID_TRANSITION',
      extensions: { currentStatus: 'WAITLISTED', allowedFrom: ['SUBMITTED', 'UNDER_REVIEW'] },
    });
    await refused(WAITLIST, { id: w0 }, REVIEWER_MN, {
      status: 409,
      code: 'INVALID_TRANSITION',
      extensions: { currentStatus: 'APPROVED', allowedFrom: ['SUBMITTED', 'UNDER_REVIEW'] },
    });
    await refused(WAITLIST, { id: w2 }, PEER_ADA, { status: 403, code: 'FORBIDDEN' });
    await refused(WAITLIST, { id: w2 }, REVIEWER_TX, { status: 400, code: 'BAD_USER_INPUT', argument: 'id', message: /that you may change/ });
  });

  it('withdrawing an APPROVED application gives its award back to the fund (audit records of both rows)', async () => {
    // still not enough for the waitlisted 2,000
    await refused(APPROVE, { id: w1, cents: 2000 }, REVIEWER_MN, { status: 409, code: 'CONFLICT', extensions: { remainingCents: 1000 } });
    // another peer's application does not exist for Ben
    await refused(WITHDRAW, { id: w0 }, PEER_BEN, { status: 400, code: 'BAD_USER_INPUT', argument: 'id', message: /there is no assistance application .* that you may change/ });
    await refused(WITHDRAW, { id: w0 }, PEER_CLEO, { status: 400, code: 'BAD_USER_INPUT', argument: 'id', message: /that you may change/ });
    await refused(WITHDRAW, { id: w0 }, REVIEWER_MN, { status: 403, code: 'FORBIDDEN' });

    // the audit records' caller, action, rows before and after: test/mutation-contract.test.ts
    const { result: application, audits } = await audited(() => ok(WITHDRAW, { id: w0 }, PEER_ADA));
    expect(application).toMatchObject({ id: w0, status: 'WITHDRAWN', fund: { committedCents: 0, remainingCents: 3000 } });
    expect((await applicationRow(w0)).status).toBe('WITHDRAWN');
    expect(await fundRow(5)).toEqual({ budget_cents: 3000, committed_cents: 0 });
    expect(audits).toHaveLength(2);
    const fund = audits.find((r) => r.entity_type === 'AssistanceFund')!;
    const app = audits.find((r) => r.entity_type === 'AssistanceApplication')!;
    expect([fund.before!.committed_cents, fund.after!.committed_cents]).toEqual([2000, 0]);
    expect([app.before!.status, app.after!.status]).toEqual(['APPROVED', 'WITHDRAWN']);

    await refused(WITHDRAW, { id: w0 }, PEER_ADA, {
      status: 409,
      code: 'INVALID_TRANSITION',
      extensions: { currentStatus: 'WITHDRAWN', allowedFrom: ['SUBMITTED', 'UNDER_REVIEW', 'WAITLISTED', 'APPROVED'] },
    });
    await refused(APPROVE, { id: w0, cents: 1000 }, REVIEWER_MN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'WITHDRAWN' } });
  });

  it('a WAITLISTED application is approved once the money is there', async () => {
    const { result: application, audits } = await audited(() => ok(APPROVE, { id: w1, cents: 2000 }, REVIEWER_MN));
    expect(application).toMatchObject({ id: w1, status: 'APPROVED', awardedCents: 2000, reviewer: 'reviewer-mn', fund: { committedCents: 2000, remainingCents: 1000 } });
    expect(await fundRow(5)).toEqual({ budget_cents: 3000, committed_cents: 2000 });
    expect(audits.map((r) => [r.entity_type, r.before?.status ?? r.before?.committed_cents, r.after?.status ?? r.after?.committed_cents])).toEqual([
      ['AssistanceFund', 0, 2000],
      ['AssistanceApplication', 'WAITLISTED', 'APPROVED'],
    ]);
  });

  it('a WAITLISTED application may be denied', async () => {
    const application = await ok(DENY, { id: w3, reason: 'Budget exhausted for the year' }, REVIEWER_MN);
    expect(application).toMatchObject({ status: 'DENIED', decisionReason: 'Budget exhausted for the year' });
  });

  it('disburses APPROVED applications only: DISBURSED with disbursedAt, the committed money stays, one audit record', async () => {
    await refused(DISBURSE, { id: w2 }, REVIEWER_MN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'SUBMITTED', allowedFrom: ['APPROVED'] } });
    await refused(DISBURSE, { id: w3 }, REVIEWER_MN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'DENIED', allowedFrom: ['APPROVED'] } });
    await refused(DISBURSE, { id: w0 }, REVIEWER_MN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'WITHDRAWN', allowedFrom: ['APPROVED'] } });
    await refused(DISBURSE, { id: w1 }, PEER_CLEO, { status: 403, code: 'FORBIDDEN' });
    await refused(DISBURSE, { id: w1 }, REVIEWER_TX, { status: 400, code: 'BAD_USER_INPUT', argument: 'id' });

    // the audit record's caller, action, row before and after: test/mutation-contract.test.ts
    const { result: application, audits } = await audited(() => ok(DISBURSE, { id: w1 }, REVIEWER_MN));
    expect(application).toMatchObject({ id: w1, status: 'DISBURSED', awardedCents: 2000, reviewer: 'reviewer-mn', fund: { committedCents: 2000, remainingCents: 1000 } });
    expectRecent(application.disbursedAt);
    expect(await applicationRow(w1)).toMatchObject({ status: 'DISBURSED', awarded_cents: 2000 });
    expect((await applicationRow(w1)).disbursed_at).not.toBeNull();
    expect(await fundRow(5)).toEqual({ budget_cents: 3000, committed_cents: 2000 });
    expect(audits).toHaveLength(1);
    expect([audits[0].before!.status, audits[0].after!.status]).toEqual(['APPROVED', 'DISBURSED']);

    await refused(DISBURSE, { id: w1 }, REVIEWER_MN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'DISBURSED', allowedFrom: ['APPROVED'] } });
    await refused(WITHDRAW, { id: w1 }, PEER_CLEO, {
      status: 409,
      code: 'INVALID_TRANSITION',
      extensions: { currentStatus: 'DISBURSED', allowedFrom: ['SUBMITTED', 'UNDER_REVIEW', 'WAITLISTED', 'APPROVED'] },
    });
  });

  it('withdrawing a SUBMITTED application: WITHDRAWN, the fund untouched, one audit record; ADMIN may withdraw anyone\'s', async () => {
    const { result: application, audits } = await audited(() => ok(WITHDRAW, { id: w2 }, PEER_ADA));
    expect(application).toMatchObject({ id: w2, status: 'WITHDRAWN', awardedCents: null });
    expect(await fundRow(5)).toEqual({ budget_cents: 3000, committed_cents: 2000 });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ subject: 'peer-ada', role: 'PEER', action: 'withdrawAssistanceApplication', entity_key: keyOf(w2) });
    expect([audits[0].before!.status, audits[0].after!.status]).toEqual(['SUBMITTED', 'WITHDRAWN']);

    const other = await submitted(F6, CLEO, 'TRAINING', 700);
    const { audits: adminAudits } = await audited(async () => expect((await ok(WITHDRAW, { id: other }, ADMIN)).status).toBe('WITHDRAWN'));
    expect(adminAudits.map((r) => [r.subject, r.role, r.entity_type])).toEqual([['admin-ana', 'ADMIN', 'AssistanceApplication']]);
  });
});

describe('audit records', () => {
  // name the request that made the change (x-request-id): test/mutation-contract.test.ts, for every mutation

  it('ADMIN reads all of them through the API, as stored', async () => {
    const stored = await hub.sql<AuditRow & { id: number }>(`select id, subject, role, action, entity_type, entity_key, jurisdiction_id, before, after, request_id from audit_record order by id`);
    expect(stored.length).toBeGreaterThan(30);
    const nodes: Record<string, any>[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (;;) {
      const result: GraphQLResponse<any> = await hub.query(
        `query ($after: String) { auditRecords(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor }
           nodes { id subject role action entityType entityId before after requestId occurredAt jurisdiction { code } } } }`,
        { after },
        ADMIN,
      );
      expect(result.errors).toBeUndefined();
      const page = result.data.auditRecords;
      totalCount = page.totalCount;
      nodes.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(totalCount).toBe(stored.length);
    expect(nodes.map((n) => ({ ...n, occurredAt: undefined }))).toEqual(
      stored.map((r) => ({
        id: toGlobalId('AuditRecord', r.id),
        subject: r.subject,
        role: r.role,
        action: r.action,
        entityType: r.entity_type,
        entityId: toGlobalId(r.entity_type, r.entity_key),
        before: r.before,
        after: r.after,
        requestId: r.request_id,
        occurredAt: undefined,
        jurisdiction: r.jurisdiction_id === null ? null : { code: r.jurisdiction_id === 1 ? 'MN' : 'TX' },
      })),
    );
  });

  it('a STATE_ANALYST of MN reads MN\'s only', async () => {
    const [{ mn, tx }] = await hub.sql<{ mn: number; tx: number }>(
      `select count(*) filter (where jurisdiction_id = 1)::int as mn, count(*) filter (where jurisdiction_id = 2)::int as tx from audit_record`,
    );
    expect(mn).toBeGreaterThan(0);
    expect(tx).toBeGreaterThan(0);
    const result = await hub.query<any>(`{ auditRecords(first: 100) { totalCount nodes { jurisdiction { code } } } }`, undefined, ANALYST_MN);
    expect(result.errors).toBeUndefined();
    expect(result.data.auditRecords.totalCount).toBe(mn);
    expect(result.data.auditRecords.nodes.length).toBe(Math.min(mn, 100));
    expect(result.data.auditRecords.nodes.every((n: any) => n.jurisdiction?.code === 'MN')).toBe(true);
    const filtered = await hub.query<any>(`{ auditRecords(filter: { jurisdiction: { code: { eq: "TX" } } }) { totalCount } }`, undefined, ANALYST_MN);
    expect(filtered.errors).toBeUndefined();
    expect(filtered.data.auditRecords.totalCount).toBe(0);
  });

  it('PUBLIC, PEER, FUND_REVIEWER, EMPLOYER and SUPERVISOR read none (an empty connection), not even by id', async () => {
    const [{ id }] = await hub.sql<{ id: number }>(`select min(id)::int as id from audit_record where subject = 'peer-ada'`);
    for (const headers of [PUBLIC, PEER_ADA, REVIEWER_MN, EMPLOYER, SUPERVISOR]) {
      const result = await hub.query<any>(
        `query ($id: ID!) { auditRecords(first: 100) { totalCount nodes { id } } auditRecord(id: $id) { id } }`,
        { id: toGlobalId('AuditRecord', id) },
        headers,
      );
      expect(result.errors).toBeUndefined();
      expect(result.status).toBe(200);
      expect(result.data).toEqual({ auditRecords: { totalCount: 0, nodes: [] }, auditRecord: null });
    }
  });
});

describe('idempotency keys (submitAssistanceApplication)', () => {
  const input = (idempotencyKey: string, requestedCents = 1200) => ({ input: { fundId: F6, purpose: 'TRAINING', requestedCents, idempotencyKey } });

  async function counts() {
    const [row] = await hub.sql<{ applications: number; audits: number; keys: number }>(
      `select (select count(*)::int from assistance_application) as applications, (select count(*)::int from audit_record) as audits,
              (select count(*)::int from idempotency_key) as keys`,
    );
    return row;
  }

  // the same key twice answering the same application and writing nothing, the key holding the caller, the mutation
  // and the application: test/mutation-contract.test.ts, for every mutation that takes a key
  it('the same key with another input replays the first result (documented: the key, not the input, identifies the call)', async () => {
    const first = await ok(SUBMIT, input('retry-1'), PEER_CLEO);
    const before = await snapshot();
    const replay = await ok(SUBMIT, { input: { fundId: F1, purpose: 'EXAM', requestedCents: 99, idempotencyKey: 'retry-1' } }, PEER_CLEO);
    expect(replay).toMatchObject({ id: first.id, purpose: 'TRAINING', requestedCents: 1200, fund: { id: F6 } });
    expect(await snapshot()).toEqual(before);
  });

  it('keys are per caller: the same key from another subject makes a second application', async () => {
    const start = await counts();
    const cleo = await ok(SUBMIT, input('retry-1'), PEER_CLEO);
    const ada = await ok(SUBMIT, input('retry-1'), PEER_ADA);
    expect(ada.id).not.toBe(cleo.id);
    expect(ada.applicant.id).toBe(ADA);
    expect(cleo.applicant.id).toBe(CLEO);
    expect(await counts()).toEqual({ applications: start.applications + 1, audits: start.audits + 1, keys: start.keys + 1 });
    // ADMIN is another caller again
    const admin = await ok(SUBMIT, { input: { ...input('retry-1').input, applicantId: CLEO } }, ADMIN);
    expect([cleo.id, ada.id]).not.toContain(admin.id);
  });

  // a key the caller used for another mutation (409 IDEMPOTENCY_KEY_REUSED, nothing written): test/mutation-contract.test.ts

  it('concurrent repeats with one key: one row, every answer the same application', async () => {
    const start = await counts();
    const answers = await Promise.all(Array.from({ length: 5 }, () => hub.query<any>(SUBMIT, input('together', 1300), PEER_CLEO)));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.status).toBe(200);
    }
    const ids = new Set(answers.map((a) => a.data.submitAssistanceApplication.id));
    expect(ids.size).toBe(1);
    expect(await counts()).toEqual({ applications: start.applications + 1, audits: start.audits + 1, keys: start.keys + 1 });
    expect(await hub.sql(`select count(*)::int as n from assistance_application where applicant_id = 3 and requested_cents = 1300`)).toEqual([{ n: 1 }]);
  });

  it('a key is 1 to 200 characters: 400 on input.idempotencyKey otherwise', async () => {
    await refused(SUBMIT, input(''), PEER_CLEO, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.idempotencyKey' });
    await refused(SUBMIT, input('k'.repeat(201)), PEER_CLEO, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.idempotencyKey' });
    const start = await counts();
    const application = await ok(SUBMIT, input('k'.repeat(200)), PEER_CLEO);
    expect(application.status).toBe('SUBMITTED');
    expect(await counts()).toEqual({ applications: start.applications + 1, audits: start.audits + 1, keys: start.keys + 1 });
  });

  it('a refused call does not use up its key: the retry with the same key is made', async () => {
    await refused(SUBMIT, { input: { fundId: F3, purpose: 'TRAINING', requestedCents: 800, idempotencyKey: 'after-failure' } }, PEER_CLEO, { status: 409, code: 'CONFLICT' });
    expect(await hub.sql(`select key from idempotency_key where key = 'after-failure'`)).toEqual([]);
    const application = await ok(SUBMIT, { input: { fundId: F6, purpose: 'TRAINING', requestedCents: 800, idempotencyKey: 'after-failure' } }, PEER_CLEO);
    expect(application).toMatchObject({ status: 'SUBMITTED', requestedCents: 800, fund: { id: F6 } });
  });
});
