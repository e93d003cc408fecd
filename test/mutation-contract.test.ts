/**
 * What every mutation guarantees, checked for every mutation of the schema on the seeded data (a mutation without
 * its case here fails the first test), so that the workflow tests need not check it again each:
 * - a refused call writes nothing: not a row of any table, no audit record, no idempotency key (its key stays free);
 * - a call that succeeds writes exactly one audit record per row it creates or changes, and none for anything else:
 *   the caller (subject, role), the mutation (action), the row (entity_type, entity_key), the request (request_id),
 *   the row before (null for a new one) and after, as stored; no other table changes (the tallies aside, which
 *   triggers derive); and the record it answers is one of those rows. Where the change is a transition, making it
 *   again is refused and writes nothing;
 * - a mutation that takes an idempotency key: the same call with the same key answers the same record and writes
 *   nothing (the key holds the caller, the mutation and the record), and the key sent with another mutation is
 *   answered 409 IDEMPOTENCY_KEY_REUSED and writes nothing.
 * The cases call each mutation as in test/mutation-refusals.test.ts (test/mutations.ts), on rows found afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { fromGlobalId } from '../src/graphql/global-id';
import { addDays } from '../src/graphql/scalars';
import { as, digests, freezeToday, jobPostingDraft, startTestHub, tableNames, unfreezeToday, type AuditRow, type TestHub, type TokenClaims } from './kit';
import { CLAIMS, gid, loadFixtures, MUTATIONS, mutationsOfSchema, none, TODAY, type Fixtures } from './mutations';

let hub: TestHub;
let f: Fixtures;
let tables: string[];

const ADMIN: TokenClaims = { role: Role.ADMIN };

/** A call of a mutation with the variables of its document (test/mutations.ts), by a caller (ADMIN unless said). */
interface Call {
  variables: Record<string, unknown>;
  claims?: TokenClaims;
}

interface ContractCase {
  /** The tables whose rows the mutation may create or change, each with its audit record; every other stays as it was. */
  writes: string[];
  /** A call that succeeds, on rows found (or made ready) now: the cases before it changed the data. */
  success: () => Promise<Call>;
  /** The code that answers the same call made again (a transition made already), where there is one. */
  again?: string;
  /** The id argument the refused call names no record in (default: the first of test/mutations.ts): one the mutation looks up inside its transaction. */
  refusedAt?: string;
}

/** The first row of a query; fails the test when there is none (the seeded data lacks what the case needs). */
async function first<T>(what: string, sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await hub.sql<T>(sql, params);
  expect(row, `the seeded data holds ${what}`).toBeDefined();
  return row;
}

const ASSISTANCE = ['assistance_application', 'assistance_fund'];
const CREDENTIALS = ['certification', 'certification_application'];
const POSTINGS = ['job_posting', 'job_posting_accepted_credential_type'];
const OPEN_APPLICATION = `a.status in ('SUBMITTED', 'UNDER_REVIEW')`;
/** What min(requested, cap) needs of a fund: it covers it, or not. */
const AWARD = `least(a.requested_cents, coalesce(fu.per_award_cap_cents, a.requested_cents))`;
const FUND_OF = `from assistance_application a join assistance_fund fu on fu.id = a.fund_id join jurisdiction j on j.id = fu.jurisdiction_id`;
const reviewerOf = (code: string): TokenClaims => ({ role: Role.FUND_REVIEWER, jurisdictions: [code] });
const employerOf = (key: number): TokenClaims => ({ role: Role.EMPLOYER, employerId: gid('Employer', key) });
const peerOf = (key: number): TokenClaims => ({ role: Role.PEER, peerId: gid('PeerSpecialist', key) });

/** A posting of a status the employer may change, with its employer. */
const posting = (where: string, params: unknown[] = [TODAY]) =>
  first<{ id: number; employer_id: number }>(`a posting where ${where}`, `select p.id, p.employer_id from job_posting p where ${where} order by p.id limit 1`, params);
const PUBLISHABLE = `p.status in ('DRAFT', 'PAUSED') and p.valid_through > ?::date and p.pay_min_cents <= p.pay_max_cents
  and (p.apply_url is not null or p.apply_email is not null)
  and (p.program_id is null or exists (select 1 from service_program sp where sp.id = p.program_id and sp.employer_id = p.employer_id and sp.active))`;
const OPEN_POSTING = `p.status = 'OPEN' and (p.valid_through is null or p.valid_through >= ?::date)`;

/** A webhook endpoint, paused (made so when there is none), so that no delivery goes out while a case runs. */
async function webhookEndpoint(): Promise<number> {
  const [found] = await hub.sql<{ id: number }>(`select id from webhook_endpoint order by id limit 1`);
  if (found) return found.id;
  const [made] = await hub.sql<{ id: number }>(
    `insert into webhook_endpoint (url, event_types, secret, created_by, active) values ('http://127.0.0.1:9/hooks/made', '{JOB_POSTING_CLOSED}', 'whsec_AAAA', 'test', false) returning id`,
  );
  return made.id;
}

/** A SUBMITTED certification application of a kind, not decided. */
const pendingCertificationApplication = (kind: string) =>
  first<{ id: number }>(`a submitted ${kind} application`, `select id from certification_application where status = 'SUBMITTED' and kind = ? order by id limit 1`, [kind]);

/** A PROVISIONAL certification in force today, with what the profile of its type asks. */
const PROVISIONAL_IN_FORCE = `c.status = 'PROVISIONAL' and c.issued_on <= ?::date and c.expires_on >= ?::date`;

/** A submitted log of supervised hours, with the person of its supervisor. */
const submittedLog = () =>
  first<{ id: number; supervisor_person: number }>(
    'a submitted log of supervised hours',
    `select l.id, s.person_id as supervisor_person from supervised_experience_log l join supervisor s on s.id = l.supervisor_id
      where l.status = 'SUBMITTED' and l.person_id <> s.person_id order by l.id limit 1`,
  );

const CONTRACT: Record<string, ContractCase> = {
  approveAssistanceApplication: {
    writes: ASSISTANCE,
    again: 'INVALID_TRANSITION',
    success: async () => {
      const a = await first<{ id: number; cents: number; code: string }>(
        'an open application its fund can cover',
        `select a.id, ${AWARD} as cents, j.code ${FUND_OF} where ${OPEN_APPLICATION} and fu.budget_cents - fu.committed_cents >= ${AWARD} order by a.id limit 1`,
      );
      return { variables: { id: gid('AssistanceApplication', a.id), awardedCents: a.cents }, claims: reviewerOf(a.code) };
    },
  },
  denyAssistanceApplication: {
    writes: ASSISTANCE,
    again: 'INVALID_TRANSITION',
    success: async () => {
      const a = await first<{ id: number; code: string }>('an open application', `select a.id, j.code ${FUND_OF} where ${OPEN_APPLICATION} order by a.id desc limit 1`);
      return { variables: { id: gid('AssistanceApplication', a.id), reason: 'Not eligible' }, claims: reviewerOf(a.code) };
    },
  },
  waitlistAssistanceApplication: {
    writes: ASSISTANCE,
    again: 'INVALID_TRANSITION',
    success: async () => {
      // an open application its fund cannot cover; where the seeded data has none, one asks a cent more than remains
      let [a] = await hub.sql<{ id: number; code: string }>(
        `select a.id, j.code ${FUND_OF} where ${OPEN_APPLICATION} and fu.budget_cents - fu.committed_cents < ${AWARD} order by a.id limit 1`,
      );
      if (!a) {
        a = await first<{ id: number; code: string }>(
          'an open application of a fund without a cap below what remains',
          `select a.id, j.code ${FUND_OF} where ${OPEN_APPLICATION} and (fu.per_award_cap_cents is null or fu.per_award_cap_cents > fu.budget_cents - fu.committed_cents) order by a.id limit 1`,
        );
        await hub.sql(`update assistance_application a set requested_cents = fu.budget_cents - fu.committed_cents + 1 from assistance_fund fu where fu.id = a.fund_id and a.id = ?`, [a.id]);
      }
      return { variables: { id: gid('AssistanceApplication', a.id) }, claims: reviewerOf(a.code) };
    },
  },
  disburseAssistanceApplication: {
    writes: ASSISTANCE,
    again: 'INVALID_TRANSITION',
    success: async () => {
      const a = await first<{ id: number; code: string }>('an approved application', `select a.id, j.code ${FUND_OF} where a.status = 'APPROVED' order by a.id limit 1`);
      return { variables: { id: gid('AssistanceApplication', a.id) }, claims: reviewerOf(a.code) };
    },
  },
  withdrawAssistanceApplication: {
    writes: ASSISTANCE,
    again: 'INVALID_TRANSITION',
    success: async () => {
      // an approved one: its award goes back to the fund (two rows changed)
      const a = await first<{ id: number; applicant_id: number }>('an approved application', `select id, applicant_id from assistance_application where status = 'APPROVED' order by id desc limit 1`);
      return { variables: { id: gid('AssistanceApplication', a.id) }, claims: peerOf(a.applicant_id) };
    },
  },
  submitAssistanceApplication: {
    writes: ASSISTANCE,
    success: async () => {
      const fund = await first<{ id: number; purpose: string }>(
        'a fund open today',
        `select id, purposes[1] as purpose from assistance_fund where opens_on <= ?::date and (closes_on is null or closes_on >= ?::date) order by id limit 1`,
        [TODAY, TODAY],
      );
      return { variables: { input: { fundId: gid('AssistanceFund', fund.id), purpose: fund.purpose, requestedCents: 100 } }, claims: peerOf(f.intern.person) };
    },
  },
  approveCertificationApplication: {
    writes: CREDENTIALS,
    again: 'INVALID_TRANSITION',
    success: async () => ({ variables: { id: gid('CertificationApplication', (await pendingCertificationApplication('INITIAL')).id) } }),
  },
  denyCertificationApplication: {
    writes: CREDENTIALS,
    again: 'INVALID_TRANSITION',
    success: async () => {
      const [pending] = await hub.sql<{ id: number }>(`select id from certification_application where status = 'SUBMITTED' and kind = 'INITIAL' order by id desc limit 1`);
      return { variables: { id: gid('CertificationApplication', (pending ?? (await pendingCertificationApplication('RENEWAL'))).id) } };
    },
  },
  upgradeProvisionalCertification: {
    writes: CREDENTIALS,
    again: 'INVALID_TRANSITION',
    success: async () => {
      const c = await first<{ id: number; missing: number }>(
        'a provisional certification in force',
        `select c.id, greatest(0, (select max(p.supervised_hours_required) from requirement_profile p where p.credential_type_id = c.credential_type_id)
            - coalesce((select sum(l.direct_service_hours) from supervised_experience_log l where l.certification_id = c.id and l.status = 'APPROVED'), 0))::float8 as missing
         from certification c where ${PROVISIONAL_IN_FORCE} order by 2, c.id limit 1`,
        [TODAY, TODAY],
      );
      if (c.missing > 0) {
        // made ready: the approved hours it lacks, signed off under the supervisor of its first log
        await hub.sql(
          `insert into supervised_experience_log (person_id, certification_id, supervisor_id, period_start, period_end, direct_service_hours, status, submitted_at, signed_off_at)
           select c.person_id, c.id, (select s.id from supervisor s where s.jurisdiction_id = c.jurisdiction_id and s.person_id <> c.person_id order by s.id limit 1),
             c.issued_on, c.issued_on + 30, ?, 'APPROVED', now(), now() from certification c where c.id = ?`,
          [c.missing, c.id],
        );
      }
      return { variables: { id: gid('Certification', c.id) } };
    },
  },
  extendProvisionalCertification: {
    writes: CREDENTIALS,
    success: async () => {
      const c = await first<{ id: number }>(
        'a provisional certification in force with an extension left',
        `select c.id from certification c where ${PROVISIONAL_IN_FORCE}
           and c.extensions_used < (select min(p.extensions_allowed) from requirement_profile p where p.credential_type_id = c.credential_type_id) order by c.id desc limit 1`,
        [TODAY, TODAY],
      );
      return { variables: { id: gid('Certification', c.id) } };
    },
  },
  completeTrainingRegistration: {
    writes: ['training_registration', 'continuing_education_record'],
    again: 'INVALID_TRANSITION',
    success: async () => {
      // made ready: a registration of an event that has ended, back to REGISTERED (the seeded ones are decided)
      const r = await first<{ id: number }>(
        'a decided registration of an ended event with CE hours',
        `select r.id from training_registration r join training_event e on e.id = r.event_id
          where r.status in ('COMPLETED', 'NO_SHOW') and e.ends_on < ?::date and e.ce_hours > 0 order by r.id limit 1`,
        [TODAY],
      );
      await hub.sql(`update training_registration set status = 'REGISTERED', completed_on = null, score = null, passed = null where id = ?`, [r.id]);
      await hub.sql(`delete from continuing_education_record where training_event_id = (select event_id from training_registration where id = ?)`, [r.id]);
      return { variables: { input: { registrationId: gid('TrainingRegistration', r.id), score: 90 } } };
    },
  },
  submitCertificationApplication: {
    writes: CREDENTIALS,
    success: async () => {
      const p = await first<{ person: number; type: number }>(
        'a person without a certification of a peer credential of their state',
        `select p.id as person, ct.id as type from peer_specialist p join credential_type ct on ct.jurisdiction_id = p.jurisdiction_id and ct.category = 'PEER'
          where not exists (select 1 from certification c where c.person_id = p.id and c.credential_type_id = ct.id) order by p.id limit 1`,
      );
      return { variables: { input: { kind: 'INITIAL', credentialTypeId: gid('CredentialType', p.type) } }, claims: peerOf(p.person) };
    },
  },
  logSupervisedHours: {
    writes: ['supervised_experience_log'],
    again: 'CONFLICT',
    success: async () => {
      const { certification, person, jurisdiction } = f.intern;
      // a day of the last month the intern's certification has no submitted or approved hours for
      const { free } = await first<{ free: string }>(
        'a day the intern logged no hours',
        `select d::date::text as free from generate_series(?::date - 1, ?::date - 30, '-1 day') d
          where d::date >= (select issued_on from certification where id = ?)
            and not exists (select 1 from supervised_experience_log l where l.certification_id = ? and l.status in ('SUBMITTED', 'APPROVED') and d::date between l.period_start and l.period_end)
          order by d desc limit 1`,
        [TODAY, TODAY, certification, certification],
      );
      // a supervisor of the state with the state's supervisor credential in force, whose supervision of the intern is in force (made so when not)
      const supervisor = await first<{ id: number }>(
        'a credentialed supervisor',
        `select s.id from supervisor s join certification c on c.id = s.supervisor_certification_id join credential_type ct on ct.id = c.credential_type_id
          where s.jurisdiction_id = ? and s.person_id <> ? and ct.category = 'SUPERVISOR' and c.status = 'ACTIVE' and c.issued_on <= ?::date and c.expires_on >= ?::date
          order by exists (select 1 from supervision v where v.supervisor_id = s.id and v.person_id = ? and v.status = 'ACCEPTED') desc, s.id limit 1`,
        [jurisdiction, person, TODAY, TODAY, person],
      );
      await hub.sql(
        `insert into supervision (person_id, supervisor_id, status, requested_at, decided_at, starts_on)
         select ?, ?, 'ACCEPTED', now(), now(), issued_on from certification where id = ?
           and not exists (select 1 from supervision v where v.person_id = ? and v.supervisor_id = ? and v.status = 'ACCEPTED' and v.ends_on is null)`,
        [person, supervisor.id, certification, person, supervisor.id],
      );
      const input = { certificationId: gid('Certification', certification), supervisorId: gid('Supervisor', supervisor.id), periodStart: free, periodEnd: free, directServiceHours: 6 };
      return { variables: { input }, claims: peerOf(person) };
    },
  },
  requestSupervision: {
    writes: ['supervision'],
    again: 'CONFLICT',
    success: async () => {
      const pair = await first<{ person: number; supervisor: number }>(
        'a person and a supervisor taking outside interns who has no request or supervision of theirs',
        `select p.id as person, s.id as supervisor from peer_specialist p join supervisor s on s.jurisdiction_id = p.jurisdiction_id and s.accepts_external_supervisees and s.person_id <> p.id
          where not exists (select 1 from supervision v where v.person_id = p.id and v.supervisor_id = s.id and v.status in ('REQUESTED', 'ACCEPTED')) order by p.id, s.id limit 1`,
      );
      return { variables: { input: { supervisorId: gid('Supervisor', pair.supervisor) } }, claims: peerOf(pair.person) };
    },
  },
  acceptSupervision: {
    writes: ['supervision'],
    again: 'INVALID_TRANSITION',
    success: async () => {
      const v = await first<{ id: number; supervisor: number; person: number }>(
        'a request waiting',
        `select v.id, v.supervisor_id as supervisor, s.person_id as person from supervision v join supervisor s on s.id = v.supervisor_id where v.status = 'REQUESTED' order by v.id limit 1`,
      );
      // a place free today (the seeded supervisor may be full)
      await hub.sql(`update supervisor set capacity = capacity + 1 where id = ?`, [v.supervisor]);
      return { variables: { id: gid('Supervision', v.id) }, claims: { role: Role.SUPERVISOR, peerId: gid('PeerSpecialist', v.person) } };
    },
  },
  declineSupervision: {
    writes: ['supervision'],
    again: 'INVALID_TRANSITION',
    success: async () => {
      const v = await first<{ id: number; person: number }>(
        'a request waiting',
        `select v.id, s.person_id as person from supervision v join supervisor s on s.id = v.supervisor_id where v.status = 'REQUESTED' order by v.id desc limit 1`,
      );
      return { variables: { id: gid('Supervision', v.id), note: 'No place' }, claims: { role: Role.SUPERVISOR, peerId: gid('PeerSpecialist', v.person) } };
    },
  },
  withdrawSupervisionRequest: {
    writes: ['supervision'],
    again: 'INVALID_TRANSITION',
    success: async () => {
      const v = await first<{ id: number; person: number }>('a request waiting', `select id, person_id as person from supervision where status = 'REQUESTED' order by id desc limit 1`);
      return { variables: { id: gid('Supervision', v.id) }, claims: peerOf(v.person) };
    },
  },
  endSupervision: {
    writes: ['supervision'],
    success: async () => {
      const v = await first<{ id: number; person: number }>('a supervision in force with no end', `select id, person_id as person from supervision where status = 'ACCEPTED' and ends_on is null order by id limit 1`);
      return { variables: { id: gid('Supervision', v.id) }, claims: peerOf(v.person) };
    },
  },
  approveSupervisedHours: {
    writes: ['supervised_experience_log'],
    again: 'INVALID_TRANSITION',
    success: async () => {
      const log = await submittedLog();
      return { variables: { id: gid('SupervisedExperienceLog', log.id) }, claims: { role: Role.SUPERVISOR, peerId: gid('PeerSpecialist', log.supervisor_person) } };
    },
  },
  rejectSupervisedHours: {
    writes: ['supervised_experience_log'],
    again: 'INVALID_TRANSITION',
    success: async () => ({ variables: { id: gid('SupervisedExperienceLog', (await submittedLog()).id) } }),
  },
  recordContinuingEducation: {
    writes: ['continuing_education_record'],
    success: async () => {
      const input = { certificationId: gid('Certification', f.intern.certification), title: 'Ethics', provider: 'A trainer', hours: 2, ethicsHours: 1, completedOn: addDays(TODAY, -1) };
      return { variables: { input }, claims: peerOf(f.intern.person) };
    },
  },
  registerForTrainingEvent: {
    writes: ['training_registration'],
    again: 'CONFLICT',
    success: async () => {
      const event = await first<{ id: number }>(
        'a scheduled event the intern is not registered for',
        `select e.id from training_event e where e.status = 'SCHEDULED' and e.starts_on > ?::date
           and not exists (select 1 from training_registration r where r.event_id = e.id and r.person_id = ?) order by e.id limit 1`,
        [TODAY, f.intern.person],
      );
      return { variables: { input: { eventId: gid('TrainingEvent', event.id) } }, claims: peerOf(f.intern.person) };
    },
  },
  cancelTrainingRegistration: {
    writes: ['training_registration'],
    again: 'INVALID_TRANSITION',
    success: async () => {
      // a seat of an event with a waiting list, so that the first waiting takes it (two rows changed)
      const r = await first<{ id: number; person_id: number }>(
        'a registration of a scheduled event',
        `select r.id, r.person_id from training_registration r join training_event e on e.id = r.event_id
          where r.status = 'REGISTERED' and e.status = 'SCHEDULED' and e.starts_on > ?::date
          order by exists (select 1 from training_registration w where w.event_id = e.id and w.status = 'WAITLISTED') desc, r.id limit 1`,
        [TODAY],
      );
      return { variables: { id: gid('TrainingRegistration', r.id) }, claims: peerOf(r.person_id) };
    },
  },
  publishJobPosting: {
    writes: POSTINGS,
    again: 'INVALID_TRANSITION',
    success: async () => {
      const p = await posting(PUBLISHABLE);
      return { variables: { id: gid('JobPosting', p.id) }, claims: employerOf(p.employer_id) };
    },
  },
  pauseJobPosting: {
    writes: POSTINGS,
    again: 'INVALID_TRANSITION',
    success: async () => {
      const p = await posting(OPEN_POSTING);
      return { variables: { id: gid('JobPosting', p.id) }, claims: employerOf(p.employer_id) };
    },
  },
  closeJobPosting: {
    writes: POSTINGS,
    again: 'INVALID_TRANSITION',
    success: async () => {
      const p = await posting(OPEN_POSTING);
      return { variables: { id: gid('JobPosting', p.id) }, claims: employerOf(p.employer_id) };
    },
  },
  updateJobPosting: {
    writes: POSTINGS,
    success: async () => {
      const p = await posting(`p.status = 'DRAFT'`, []);
      return { variables: { id: gid('JobPosting', p.id), input: { title: 'Peer specialist (evenings)' } }, claims: employerOf(p.employer_id) };
    },
  },
  createJobPostingDraft: {
    writes: POSTINGS,
    // an employer naming another employer is refused before the transaction begins
    refusedAt: 'input.programId',
    success: async () => ({ variables: { input: jobPostingDraft({ employerId: gid('Employer', f.employer.key) }) } }),
  },
  registerWebhookEndpoint: {
    writes: ['webhook_endpoint'],
    // an address nothing answers on, for events no later case makes
    success: async () => ({ variables: { input: { url: 'http://127.0.0.1:9/hooks/contract', eventTypes: ['JOB_POSTING_CLOSED'], description: 'Contract' } } }),
  },
  updateWebhookEndpoint: {
    writes: ['webhook_endpoint'],
    success: async () => ({ variables: { id: gid('WebhookEndpoint', await webhookEndpoint()), input: { active: false, description: 'Paused' } } }),
  },
  rotateWebhookSecret: {
    writes: ['webhook_endpoint'],
    success: async () => ({ variables: { id: gid('WebhookEndpoint', await webhookEndpoint()) } }),
  },
  redeliverWebhook: {
    writes: ['webhook_delivery'],
    again: 'INVALID_TRANSITION',
    success: async () => {
      // a FAILED delivery of a paused endpoint, with every endpoint paused: the dispatcher claims none while the case runs
      const endpoint = await webhookEndpoint();
      await hub.sql(`update webhook_endpoint set active = false`);
      const [{ id }] = await hub.sql<{ id: number }>(
        `with event as (insert into hub_event (type, entity_type, entity_key, data) values ('JOB_POSTING_CLOSED', 'JobPosting', 1, '{}') returning id)
         insert into webhook_delivery (endpoint_id, event_id, event_type, status, attempts, last_error) select ?, id, 'JOB_POSTING_CLOSED', 'FAILED', 8, 'answered HTTP 500' from event
         returning id`,
        [endpoint],
      );
      return { variables: { id: gid('WebhookDelivery', id) } };
    },
  },
};

/**
 * The tables triggers derive from the changes: the tallies (from the certifications) and the hub's events (from the
 * changes subscribers and webhooks hear of, tested in test/webhooks.test.ts); no audit record of their own.
 */
const isTally = (table: string) => table.endsWith('_tally') || table === 'hub_event';

/** The type of a table's records: assistance_application, AssistanceApplication. */
const typeOf = (table: string) => table.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

/** The state of a record, which its audit record names (jurisdiction_id): a type without its query here fails the suite. */
const JURISDICTION_OF: Record<string, string> = {
  AssistanceApplication: `select f.jurisdiction_id as j from assistance_application a join assistance_fund f on f.id = a.fund_id where a.id = ?`,
  AssistanceFund: `select jurisdiction_id as j from assistance_fund where id = ?`,
  Certification: `select jurisdiction_id as j from certification where id = ?`,
  CertificationApplication: `select jurisdiction_id as j from certification_application where id = ?`,
  ContinuingEducationRecord: `select c.jurisdiction_id as j from continuing_education_record r join certification c on c.id = r.certification_id where r.id = ?`,
  JobPosting: `select jurisdiction_id as j from job_posting where id = ?`,
  SupervisedExperienceLog: `select c.jurisdiction_id as j from supervised_experience_log l join certification c on c.id = l.certification_id where l.id = ?`,
  Supervision: `select s.jurisdiction_id as j from supervision v join supervisor s on s.id = v.supervisor_id where v.id = ?`,
  TrainingRegistration: `select e.jurisdiction_id as j from training_registration r join training_event e on e.id = r.event_id where r.id = ?`,
  // administrators' records: of no state, so that no analyst reads them
  WebhookEndpoint: `select null::int as j from webhook_endpoint where id = ?`,
  WebhookDelivery: `select null::int as j from webhook_delivery where id = ?`,
};

async function jurisdictionOf(type: string, key: number): Promise<number | null> {
  expect(JURISDICTION_OF[type], `the query of a ${type}'s state`).toBeDefined();
  const [row] = await hub.sql<{ j: number | null }>(JURISDICTION_OF[type], [key]);
  return row?.j ?? null;
}

/** A row as its audit record holds it: its columns, a posting's accepted credential types (src/domain/jobs/workflow.ts), an endpoint without its secret. */
function rowSql(table: string): string {
  if (table === 'job_posting') {
    return `to_jsonb(r) || jsonb_build_object('accepted_credential_type_ids',
      (select coalesce(jsonb_agg(a.credential_type_id order by a.credential_type_id), '[]'::jsonb) from job_posting_accepted_credential_type a where a.job_posting_id = r.id))`;
  }
  // the signing secret: no audit record keeps it (src/domain/webhooks/workflow.ts)
  if (table === 'webhook_endpoint') return `to_jsonb(r) - 'secret'`;
  return 'to_jsonb(r)';
}

/** The rows of the tables (those with an id column), by table and id. */
async function rowsOf(names: string[]): Promise<Record<string, Map<number, unknown>>> {
  const out: Record<string, Map<number, unknown>> = {};
  for (const table of names) {
    const [{ keyed }] = await hub.sql<{ keyed: boolean }>(
      `select exists (select 1 from information_schema.columns where table_schema = current_schema() and table_name = ? and column_name = 'id') as keyed`,
      [table],
    );
    if (!keyed) continue;
    const rows = await hub.sql<{ id: number; row: unknown }>(`select r.id, ${rowSql(table)} as row from "${table}" r`);
    out[table] = new Map(rows.map((r) => [Number(r.id), r.row]));
  }
  return out;
}

/** What a mutation's document answers: its one root field. */
type Answer = { status: number; data?: Record<string, { id: string } | null> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

async function call(mutation: string, c: Call, requestId: string, variables: Record<string, unknown> = c.variables): Promise<Answer> {
  const headers = { ...(await as(c.claims ?? ADMIN)), 'x-request-id': requestId };
  return (await hub.query(MUTATIONS[mutation].document, variables, headers)) as unknown as Answer;
}

/** The variables with an idempotency key in their input. */
const keyed = (variables: Record<string, unknown>, idempotencyKey: string) => ({ ...variables, input: { ...(variables.input as object), idempotencyKey } });

/** Asserts a refusal with the code that wrote nothing at all: every table as it was. */
async function expectRefusedWritingNothing(run: () => Promise<Answer>, code: string): Promise<Answer> {
  const before = await digests(hub, tables);
  const answer = await run();
  expect(answer.errors?.[0]?.extensions?.code, JSON.stringify(answer.errors)).toBe(code);
  expect(answer.data ?? null).toBeNull();
  expect(await digests(hub, tables)).toEqual(before);
  return answer;
}

/** The subject of a token of the claims (test/kit.ts tokenFor). */
const subjectOf = (claims: TokenClaims) => claims.subject ?? `test-${claims.role}`;

beforeAll(async () => {
  freezeToday(TODAY);
  hub = await startTestHub({ seedScale: 1 });
  f = await loadFixtures(hub);
  tables = await tableNames(hub);
}, 240_000);

afterAll(async () => {
  await hub?.close();
  unfreezeToday();
});

describe('the cases cover the schema', () => {
  it('every mutation of the schema has its case', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual(mutationsOfSchema().map((m) => m.name));
  });
});

const KEYED = mutationsOfSchema().filter((m) => m.idempotent).map((m) => m.name);

describe.each(Object.entries(CONTRACT))('%s', (mutation, c) => {
  const idempotent = KEYED.includes(mutation);

  it('a refused call writes nothing: no row of any table, no audit record, no key', async () => {
    // naming no record in its first id argument, by a caller who may make the mutation (test/mutations.ts), so that the
    // refusal comes from inside its transaction; with a key where the mutation takes one: the key stays free
    const cases = Object.entries(MUTATIONS[mutation].cases);
    const [argument, idCase] = cases.find(([name]) => name === c.refusedAt) ?? cases[0];
    const claims = idCase ? (CLAIMS[idCase.role]() as TokenClaims) : ADMIN;
    const variables = idCase ? idCase.variables(none(idCase.type)) : MUTATIONS[mutation].refusedVariables();
    const answer = await expectRefusedWritingNothing(
      () => call(mutation, { variables, claims }, `contract-refused-${mutation}`, idempotent ? keyed(variables, `refused-${mutation}`) : variables),
      'BAD_USER_INPUT',
    );
    expect(answer.status).toBe(400);
    expect(answer.errors![0].extensions!.argument).toBe(argument);
  });

  it('a call that succeeds writes one audit record per row it changes, with the caller, the action, the row before and after', async () => {
    const success = await c.success();
    const claims = success.claims ?? ADMIN;
    const others = tables.filter((t) => !c.writes.includes(t) && t !== 'audit_record' && t !== 'idempotency_key' && !isTally(t));
    const requestId = `contract-${mutation}`;
    const before = await rowsOf(c.writes);
    const unchanged = await digests(hub, others);
    const [{ mark }] = await hub.sql<{ mark: number }>(`select coalesce(max(id), 0)::int as mark from audit_record`);

    const answer = await call(mutation, success, requestId);
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    expect(answer.status).toBe(200);

    const after = await rowsOf(c.writes);
    const expected: AuditRow[] = [];
    for (const [table, rows] of Object.entries(after)) {
      for (const [key, row] of rows) {
        const old = before[table].get(key) ?? null;
        if (JSON.stringify(old) === JSON.stringify(row)) continue;
        const type = typeOf(table);
        expected.push({
          subject: subjectOf(claims), role: claims.role, action: mutation, entity_type: type, entity_key: key, jurisdiction_id: await jurisdictionOf(type, key),
          before: old as AuditRow['before'], after: row as AuditRow['after'], request_id: requestId,
        });
      }
      for (const key of before[table].keys()) expect(rows.has(key), `${table} ${key} deleted`).toBe(true);
    }
    expect(expected.length, 'the call changed a row').toBeGreaterThan(0);
    const written = await hub.sql<AuditRow>(
      `select subject, role, action, entity_type, entity_key, jurisdiction_id, before, after, request_id from audit_record where id > ? order by id`,
      [mark],
    );
    const order = (a: { entity_type: string; entity_key: number }, b: { entity_type: string; entity_key: number }) => a.entity_type.localeCompare(b.entity_type) || a.entity_key - b.entity_key;
    expect(written.sort(order)).toEqual(expected.sort(order));
    expect(await digests(hub, others)).toEqual(unchanged);
    // the record answered is one of the rows written
    const answered = Object.values(answer.data!)[0]!;
    expect(expected.map((e) => gid(e.entity_type, e.entity_key))).toContain(answered.id);

    if (c.again) await expectRefusedWritingNothing(() => call(mutation, success, `${requestId}-again`), c.again);
  });

  if (idempotent) {
    it('the same key again answers the same record and writes nothing; the key sent with another mutation is IDEMPOTENCY_KEY_REUSED', async () => {
      const success = await c.success();
      const claims = success.claims ?? ADMIN;
      const key = `contract-${mutation}`;
      const made = await call(mutation, success, `${key}-1`, keyed(success.variables, key));
      expect(made.errors, JSON.stringify(made.errors)).toBeUndefined();
      const id = Object.values(made.data!)[0]!.id;
      // made once: one record of its type, the one answered (its audit record; (b) above: a row, a record)
      const records = await hub.sql(`select entity_key from audit_record where request_id = ? and entity_type = ?`, [`${key}-1`, fromGlobalId(id).typeName]);
      expect(records).toEqual([{ entity_key: fromGlobalId(id).key }]);
      expect(await hub.sql(`select subject, key, operation, result_type, result_key from idempotency_key where key = ?`, [key])).toEqual([
        { subject: subjectOf(claims), key, operation: mutation, result_type: fromGlobalId(id).typeName, result_key: fromGlobalId(id).key },
      ]);

      const before = await digests(hub, tables);
      const repeated = await call(mutation, success, `${key}-2`, keyed(success.variables, key));
      expect(repeated.errors).toBeUndefined();
      expect(repeated.data).toEqual(made.data);
      expect(await digests(hub, tables)).toEqual(before);

      // another mutation the same caller may make, sent with the key: refused, nothing written
      const other = KEYED.find((name) => name !== mutation && (claims.role === Role.ADMIN || MUTATIONS[name].roles.includes(claims.role)))!;
      expect(other, `another mutation with a key for ${claims.role}`).toBeDefined();
      const reused = await expectRefusedWritingNothing(
        () => call(other, { variables: {}, claims }, `${key}-3`, keyed(MUTATIONS[other].refusedVariables(), key)),
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(reused.status).toBe(409);
      expect(reused.errors![0].extensions).toMatchObject({ argument: 'input.idempotencyKey' });
      expect(reused.errors![0].message).toContain(`already used for ${mutation}`);
    });
  }
});

