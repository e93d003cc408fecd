/**
 * The mutations of the schema, as the suites that hold for every one of them see them: the seeded records they are
 * called on (the fixtures), the roles that may call each, and every id argument with the records a caller may not
 * change. Shared by test/mutation-refusals.test.ts (a refusal tells nothing a read would not) and
 * test/mutation-contract.test.ts (what every mutation guarantees: a refusal writes nothing, an audit record per row
 * changed, idempotency keys). Both fail when the schema gains a mutation or an id argument they do not cover.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';
import { Role } from '../src/auth/viewer';
import { REFERENCE_DATE } from '../src/db/seed/synthetic';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { addDays } from '../src/graphql/scalars';
import { jobPostingDraft, type HubCalls, type TokenClaims } from './kit';

/** The day the seeded data is built around: the suites freeze today there. */
export const TODAY = REFERENCE_DATE;
/** A key no row of the seeded data has. */
export const NO_ROW = 2_000_000_000;

/** The seeded hub the fixtures are found on (loadFixtures). */
let hub: HubCalls;

/** The schema as emitted (schema/schema.graphql). */
function emittedSchema() {
  return buildSchema(readFileSync(join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));
}

/** Every mutation of the schema, by name, and whether it takes an idempotency key (input.idempotencyKey). */
export function mutationsOfSchema(): { name: string; idempotent: boolean }[] {
  return Object.values(emittedSchema().getMutationType()!.getFields())
    .map((field) => {
      const input = field.args.find((arg) => arg.name === 'input');
      const inputType = input && getNamedType(input.type);
      return { name: field.name, idempotent: !!inputType && isInputObjectType(inputType) && 'idempotencyKey' in inputType.getFields() };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every id argument of every mutation of the schema, as `mutation argument.path` (a list's element as [0]). */
export function idArgumentsOfSchema(): string[] {
  const schema = emittedSchema();
  const found: string[] = [];
  const walk = (mutation: string, path: string, type: GraphQLInputType, depth: number): void => {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) return walk(mutation, `${path}[0]`, inner.ofType, depth);
    const named = getNamedType(inner);
    if (named.name === 'ID') found.push(`${mutation} ${path}`);
    else if (isInputObjectType(named) && depth < 4) for (const field of Object.values(named.getFields())) walk(mutation, `${path}.${field.name}`, field.type, depth + 1);
  };
  for (const field of Object.values(schema.getMutationType()!.getFields())) for (const arg of field.args) walk(field.name, arg.name, arg.type, 0);
  return found.sort();
}

/** The seeded records the cases are built on, found by SQL and by the hub's own reads as ADMIN (statuses as read). */
export interface Fixtures {
  /** A PEER with a PROVISIONAL certification in force, issued at least 8 days ago. */
  intern: { person: number; certification: number; jurisdiction: number };
  /** A supervisor of the intern's state holding the state's supervisor credential in force, and an employer and program. */
  supervisor: { key: number; person: number };
  employer: { key: number; program: number | null; ownPosting: number; credentialType: number };
  fund: number;
  event: number;
  credentialType: number;
  /** Records the caller may not change, by kind. */
  otherPeople: number[];
  otherCertifications: number[];
  otherAssistanceApplications: number[];
  otherRegistrations: number[];
  applicationsOutsideMN: number[];
  logsOfOtherSupervisors: number[];
  /** Supervisions (requests among them) of supervisors other than the fixture's, and of people other than the intern. */
  supervisionsOfOtherSupervisors: number[];
  supervisionsOfOtherPeople: number[];
  postingsOfOtherEmployers: number[];
  otherEmployers: number[];
}

let f: Fixtures;

export interface Case {
  role: Role;
  /** The type of the record the argument names. */
  type: string;
  document: string;
  variables: (id: string) => Record<string, unknown>;
  /** Keys of records of the type the caller may not change (unreadable, or read but not theirs). */
  others: () => number[];
  /** Every record of the type is readable by the role: the root field that lists them all (checked against SQL). */
  everyRowReadable?: string;
  /**
   * The refusal the role gets for any id here, before any record is looked up (a PEER names no one but themselves):
   * the answer for no record must carry this message. Otherwise it must be the no-such-record refusal.
   */
  refusedUnread?: RegExp;
}

export interface MutationCases {
  /** Roles besides ADMIN that may call the mutation; every other is refused it. */
  roles: Role[];
  /** Variables naming no record, for the FORBIDDEN check. */
  refusedVariables: () => Record<string, unknown>;
  document: string;
  /** Per argument path; null where only ADMIN may call the mutation (ADMIN reads every record). */
  cases: Record<string, Omit<Case, 'document'> | null>;
}

export const gid = toGlobalId;
const peerClaims = () => ({ role: Role.PEER, peerId: gid('PeerSpecialist', f.intern.person) });
export const CLAIMS: Record<Role, () => TokenClaims | 'PUBLIC'> = {
  [Role.PUBLIC]: () => 'PUBLIC',
  [Role.PEER]: peerClaims,
  [Role.SUPERVISOR]: () => ({ role: Role.SUPERVISOR, peerId: gid('PeerSpecialist', f.supervisor.person) }),
  [Role.EMPLOYER]: () => ({ role: Role.EMPLOYER, employerId: gid('Employer', f.employer.key) }),
  [Role.FUND_REVIEWER]: () => ({ role: Role.FUND_REVIEWER, jurisdictions: ['MN'] }),
  [Role.STATE_ANALYST]: () => ({ role: Role.STATE_ANALYST, jurisdictions: ['MN', 'TX'] }),
  [Role.ADMIN]: () => ({ role: Role.ADMIN }),
};

export const none = (type: string) => gid(type, NO_ROW);
const byId = (field: string, extra = '', extraVariables = '') => `mutation($id: ID!${extraVariables}) { ${field}(id: $id${extra}) { id } }`;
const withInput = (field: string, inputType: string) => `mutation($input: ${inputType}!) { ${field}(input: $input) { id } }`;
const logInput = (over: Record<string, unknown>) => ({
  certificationId: gid('Certification', f.intern.certification),
  supervisorId: gid('Supervisor', f.supervisor.key),
  periodStart: addDays(TODAY, -7),
  periodEnd: addDays(TODAY, -1),
  directServiceHours: 10,
  ...over,
});
const ceInput = (over: Record<string, unknown>) => ({
  certificationId: gid('Certification', f.intern.certification),
  title: 'Ethics',
  provider: 'A trainer',
  hours: 2,
  completedOn: addDays(TODAY, -1),
  ...over,
});
const byFundReviewer = (field: string, extra = '', extraVariables = '', more: Record<string, unknown> = {}): MutationCases => ({
  roles: [Role.FUND_REVIEWER],
  document: byId(field, extra, extraVariables),
  refusedVariables: () => ({ id: none('AssistanceApplication'), ...more }),
  cases: { id: { role: Role.FUND_REVIEWER, type: 'AssistanceApplication', variables: (id) => ({ id, ...more }), others: () => f.applicationsOutsideMN } },
});
const byEmployer = (field: string, extra = '', extraVariables = '', more: Record<string, unknown> = {}): MutationCases => ({
  roles: [Role.EMPLOYER],
  document: byId(field, extra, extraVariables),
  refusedVariables: () => ({ id: none('JobPosting'), ...more }),
  cases: { id: { role: Role.EMPLOYER, type: 'JobPosting', variables: (id) => ({ id, ...more }), others: () => f.postingsOfOtherEmployers } },
});
const adminOnly = (document: string, refusedVariables: () => Record<string, unknown>, ...arguments_: string[]): MutationCases => ({
  roles: [],
  document,
  refusedVariables,
  // ADMIN reads every record: there is nothing it could be told of
  cases: Object.fromEntries(arguments_.map((argument) => [argument, null])),
});

export const MUTATIONS: Record<string, MutationCases> = {
  approveAssistanceApplication: byFundReviewer('approveAssistanceApplication', ', awardedCents: $awardedCents', ', $awardedCents: Int!', { awardedCents: 100 }),
  denyAssistanceApplication: byFundReviewer('denyAssistanceApplication', ', reason: $reason', ', $reason: String!', { reason: 'Not eligible' }),
  waitlistAssistanceApplication: byFundReviewer('waitlistAssistanceApplication'),
  disburseAssistanceApplication: byFundReviewer('disburseAssistanceApplication'),
  withdrawAssistanceApplication: {
    roles: [Role.PEER],
    document: byId('withdrawAssistanceApplication'),
    refusedVariables: () => ({ id: none('AssistanceApplication') }),
    cases: { id: { role: Role.PEER, type: 'AssistanceApplication', variables: (id) => ({ id }), others: () => f.otherAssistanceApplications } },
  },
  submitAssistanceApplication: {
    roles: [Role.PEER],
    document: withInput('submitAssistanceApplication', 'SubmitAssistanceApplicationInput'),
    refusedVariables: () => ({ input: { fundId: none('AssistanceFund'), purpose: 'TRAINING', requestedCents: 100 } }),
    cases: {
      'input.fundId': {
        role: Role.PEER, type: 'AssistanceFund', everyRowReadable: 'assistanceFunds', others: () => [],
        variables: (id) => ({ input: { fundId: id, purpose: 'TRAINING', requestedCents: 100 } }),
      },
      'input.applicantId': {
        role: Role.PEER, type: 'PeerSpecialist', others: () => f.otherPeople, refusedUnread: /a peer acts for themselves; leave it out/,
        variables: (id) => ({ input: { fundId: gid('AssistanceFund', f.fund), applicantId: id, purpose: 'TRAINING', requestedCents: 100 } }),
      },
    },
  },
  approveCertificationApplication: adminOnly(byId('approveCertificationApplication'), () => ({ id: none('CertificationApplication') }), 'id'),
  denyCertificationApplication: adminOnly(byId('denyCertificationApplication', ', reasons: ["incomplete"]'), () => ({ id: none('CertificationApplication') }), 'id'),
  upgradeProvisionalCertification: adminOnly(
    'mutation($id: ID!) { upgradeProvisionalCertification(certificationId: $id) { id } }', () => ({ id: none('Certification') }), 'certificationId',
  ),
  extendProvisionalCertification: adminOnly(
    'mutation($id: ID!) { extendProvisionalCertification(certificationId: $id) { id } }', () => ({ id: none('Certification') }), 'certificationId',
  ),
  completeTrainingRegistration: adminOnly(
    withInput('completeTrainingRegistration', 'CompleteTrainingRegistrationInput'), () => ({ input: { registrationId: none('TrainingRegistration') } }), 'input.registrationId',
  ),
  submitCertificationApplication: {
    roles: [Role.PEER],
    document: withInput('submitCertificationApplication', 'SubmitCertificationApplicationInput'),
    refusedVariables: () => ({ input: { kind: 'RENEWAL', certificationId: none('Certification') } }),
    cases: {
      'input.certificationId': {
        role: Role.PEER, type: 'Certification', others: () => f.otherCertifications, variables: (id) => ({ input: { kind: 'RENEWAL', certificationId: id } }),
      },
      'input.credentialTypeId': {
        role: Role.PEER, type: 'CredentialType', everyRowReadable: 'credentialTypes', others: () => [], variables: (id) => ({ input: { kind: 'INITIAL', credentialTypeId: id } }),
      },
      'input.personId': {
        role: Role.PEER, type: 'PeerSpecialist', others: () => f.otherPeople, refusedUnread: /a peer acts for themselves; leave it out/,
        variables: (id) => ({ input: { kind: 'INITIAL', credentialTypeId: gid('CredentialType', f.credentialType), personId: id } }),
      },
    },
  },
  logSupervisedHours: {
    roles: [Role.PEER],
    document: withInput('logSupervisedHours', 'LogSupervisedHoursInput'),
    refusedVariables: () => ({ input: logInput({ certificationId: none('Certification') }) }),
    cases: {
      'input.certificationId': { role: Role.PEER, type: 'Certification', others: () => f.otherCertifications, variables: (id) => ({ input: logInput({ certificationId: id }) }) },
      'input.supervisorId': {
        role: Role.PEER, type: 'Supervisor', everyRowReadable: 'supervisors', others: () => [], variables: (id) => ({ input: logInput({ supervisorId: id }) }),
      },
      'input.employerId': {
        role: Role.PEER, type: 'Employer', everyRowReadable: 'employers', others: () => [], variables: (id) => ({ input: logInput({ employerId: id }) }),
      },
      'input.programId': {
        role: Role.PEER, type: 'ServiceProgram', everyRowReadable: 'servicePrograms', others: () => [], variables: (id) => ({ input: logInput({ programId: id }) }),
      },
    },
  },
  approveSupervisedHours: {
    roles: [Role.SUPERVISOR],
    document: byId('approveSupervisedHours'),
    refusedVariables: () => ({ id: none('SupervisedExperienceLog') }),
    cases: { id: { role: Role.SUPERVISOR, type: 'SupervisedExperienceLog', variables: (id) => ({ id }), others: () => f.logsOfOtherSupervisors } },
  },
  rejectSupervisedHours: {
    roles: [Role.SUPERVISOR],
    document: byId('rejectSupervisedHours', ', note: "Not worked"'),
    refusedVariables: () => ({ id: none('SupervisedExperienceLog') }),
    cases: { id: { role: Role.SUPERVISOR, type: 'SupervisedExperienceLog', variables: (id) => ({ id }), others: () => f.logsOfOtherSupervisors } },
  },
  requestSupervision: {
    roles: [Role.PEER],
    document: withInput('requestSupervision', 'RequestSupervisionInput'),
    refusedVariables: () => ({ input: { supervisorId: none('Supervisor') } }),
    cases: {
      'input.supervisorId': {
        role: Role.PEER, type: 'Supervisor', everyRowReadable: 'supervisors', others: () => [], variables: (id) => ({ input: { supervisorId: id } }),
      },
      'input.personId': {
        role: Role.PEER, type: 'PeerSpecialist', others: () => f.otherPeople, refusedUnread: /a peer acts for themselves; leave it out/,
        variables: (id) => ({ input: { supervisorId: gid('Supervisor', f.supervisor.key), personId: id } }),
      },
    },
  },
  acceptSupervision: {
    roles: [Role.SUPERVISOR],
    document: byId('acceptSupervision'),
    refusedVariables: () => ({ id: none('Supervision') }),
    cases: { id: { role: Role.SUPERVISOR, type: 'Supervision', variables: (id) => ({ id }), others: () => f.supervisionsOfOtherSupervisors } },
  },
  declineSupervision: {
    roles: [Role.SUPERVISOR],
    document: byId('declineSupervision', ', note: "No place"'),
    refusedVariables: () => ({ id: none('Supervision') }),
    cases: { id: { role: Role.SUPERVISOR, type: 'Supervision', variables: (id) => ({ id }), others: () => f.supervisionsOfOtherSupervisors } },
  },
  withdrawSupervisionRequest: {
    roles: [Role.PEER],
    document: byId('withdrawSupervisionRequest'),
    refusedVariables: () => ({ id: none('Supervision') }),
    cases: { id: { role: Role.PEER, type: 'Supervision', variables: (id) => ({ id }), others: () => f.supervisionsOfOtherPeople } },
  },
  endSupervision: {
    roles: [Role.PEER, Role.SUPERVISOR],
    document: byId('endSupervision'),
    refusedVariables: () => ({ id: none('Supervision') }),
    cases: { id: { role: Role.PEER, type: 'Supervision', variables: (id) => ({ id }), others: () => f.supervisionsOfOtherPeople } },
  },
  recordContinuingEducation: {
    roles: [Role.PEER],
    document: withInput('recordContinuingEducation', 'RecordContinuingEducationInput'),
    refusedVariables: () => ({ input: ceInput({ certificationId: none('Certification') }) }),
    cases: {
      'input.certificationId': { role: Role.PEER, type: 'Certification', others: () => f.otherCertifications, variables: (id) => ({ input: ceInput({ certificationId: id }) }) },
      'input.trainingEventId': {
        role: Role.PEER, type: 'TrainingEvent', everyRowReadable: 'trainingEvents', others: () => [], variables: (id) => ({ input: ceInput({ trainingEventId: id }) }),
      },
    },
  },
  registerForTrainingEvent: {
    roles: [Role.PEER],
    document: withInput('registerForTrainingEvent', 'RegisterForTrainingEventInput'),
    refusedVariables: () => ({ input: { eventId: none('TrainingEvent') } }),
    cases: {
      'input.eventId': { role: Role.PEER, type: 'TrainingEvent', everyRowReadable: 'trainingEvents', others: () => [], variables: (id) => ({ input: { eventId: id } }) },
      'input.personId': {
        role: Role.PEER, type: 'PeerSpecialist', others: () => f.otherPeople, refusedUnread: /a peer acts for themselves; leave it out/,
        variables: (id) => ({ input: { eventId: gid('TrainingEvent', f.event), personId: id } }),
      },
    },
  },
  cancelTrainingRegistration: {
    roles: [Role.PEER],
    document: byId('cancelTrainingRegistration'),
    refusedVariables: () => ({ id: none('TrainingRegistration') }),
    cases: { id: { role: Role.PEER, type: 'TrainingRegistration', variables: (id) => ({ id }), others: () => f.otherRegistrations } },
  },
  publishJobPosting: byEmployer('publishJobPosting'),
  pauseJobPosting: byEmployer('pauseJobPosting'),
  closeJobPosting: byEmployer('closeJobPosting', ', outcome: CLOSED'),
  updateJobPosting: {
    roles: [Role.EMPLOYER],
    document: 'mutation($id: ID!, $input: UpdateJobPostingInput!) { updateJobPosting(id: $id, input: $input) { id } }',
    refusedVariables: () => ({ id: none('JobPosting'), input: { title: 'Peer specialist' } }),
    cases: {
      id: { role: Role.EMPLOYER, type: 'JobPosting', others: () => f.postingsOfOtherEmployers, variables: (id) => ({ id, input: { title: 'Peer specialist' } }) },
      'input.programId': {
        role: Role.EMPLOYER, type: 'ServiceProgram', everyRowReadable: 'servicePrograms', others: () => [],
        variables: (id) => ({ id: gid('JobPosting', f.employer.ownPosting), input: { programId: id } }),
      },
      'input.acceptedCredentialTypeIds[0]': {
        role: Role.EMPLOYER, type: 'CredentialType', everyRowReadable: 'credentialTypes', others: () => [],
        variables: (id) => ({ id: gid('JobPosting', f.employer.ownPosting), input: { acceptedCredentialTypeIds: [id] } }),
      },
    },
  },
  registerWebhookEndpoint: adminOnly(
    withInput('registerWebhookEndpoint', 'RegisterWebhookEndpointInput'),
    () => ({ input: { url: 'https://example.org/hooks/hub', eventTypes: ['JOB_POSTING_CLOSED'], jurisdictionId: none('Jurisdiction') } }),
    'input.jurisdictionId',
  ),
  updateWebhookEndpoint: adminOnly(
    'mutation($id: ID!, $input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $input) { id } }',
    () => ({ id: none('WebhookEndpoint'), input: { active: false } }),
    'id',
  ),
  rotateWebhookSecret: adminOnly(byId('rotateWebhookSecret'), () => ({ id: none('WebhookEndpoint') }), 'id'),
  redeliverWebhook: adminOnly('mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }', () => ({ id: none('WebhookDelivery') }), 'deliveryId'),
  createJobPostingDraft: {
    roles: [Role.EMPLOYER],
    document: withInput('createJobPostingDraft', 'CreateJobPostingDraftInput'),
    refusedVariables: () => ({ input: jobPostingDraft({ employerId: none('Employer') }) }),
    cases: {
      'input.employerId': {
        role: Role.EMPLOYER, type: 'Employer', others: () => f.otherEmployers, refusedUnread: /an employer posts for itself; leave employerId out/,
        variables: (id) => ({ input: jobPostingDraft({ employerId: id }) }),
      },
      'input.programId': {
        role: Role.EMPLOYER, type: 'ServiceProgram', everyRowReadable: 'servicePrograms', others: () => [], variables: (id) => ({ input: jobPostingDraft({ programId: id }) }),
      },
      'input.acceptedCredentialTypeIds[0]': {
        role: Role.EMPLOYER, type: 'CredentialType', everyRowReadable: 'credentialTypes', others: () => [],
        variables: (id) => ({ input: jobPostingDraft({ acceptedCredentialTypeIds: [id] }) }),
      },
    },
  },
};

const keys = async (sql: string, params: unknown[] = []) => (await hub.sql<{ id: number }>(sql, params)).map((r) => r.id);

/** Finds the fixtures on the seeded hub, for the cases to name (call it in beforeAll, once the hub is seeded). */
export async function loadFixtures(seeded: HubCalls): Promise<Fixtures> {
  hub = seeded;
  f = await findFixtures();
  return f;
}

async function findFixtures(): Promise<Fixtures> {
  const provisional = await hub.query<{ certifications: { nodes: { id: string; issuedOn: string; expiresOn: string; person: { id: string }; jurisdiction: { id: string } }[] } }>(
    `{ certifications(filter: { status: { eq: PROVISIONAL } }, first: 100) { nodes { id issuedOn expiresOn person { id } jurisdiction { id } } } }`,
  );
  let intern: Fixtures['intern'] | undefined;
  let supervisor: Fixtures['supervisor'] | undefined;
  for (const c of provisional.data!.certifications.nodes) {
    if (c.issuedOn > addDays(TODAY, -7) || c.expiresOn < TODAY) continue;
    const candidate = { person: fromGlobalId(c.person.id).key, certification: fromGlobalId(c.id).key, jurisdiction: fromGlobalId(c.jurisdiction.id).key };
    // a supervisor of the state with the supervisor credential in force (what logging hours checks before the employer)
    const [found] = await hub.sql<{ id: number; person_id: number }>(
      `select s.id, s.person_id from supervisor s join certification c on c.id = s.supervisor_certification_id join credential_type ct on ct.id = c.credential_type_id
       where s.jurisdiction_id = ? and s.person_id <> ? and ct.category = 'SUPERVISOR' and c.status = 'ACTIVE' and c.issued_on <= ? and c.expires_on > ?
         and exists (select 1 from supervised_experience_log l where l.supervisor_id = s.id and l.person_id <> ?)
       order by s.id limit 1`,
      [candidate.jurisdiction, candidate.person, TODAY, addDays(TODAY, 30), candidate.person],
    );
    if (found) {
      intern = candidate;
      supervisor = { key: found.id, person: found.person_id };
      break;
    }
  }
  if (!intern || !supervisor) throw new Error('the seeded data has no provisional intern with a credentialed supervisor of the state');
  const [employer] = await hub.sql<{ key: number; program: number | null; ownPosting: number; credentialType: number }>(
    `select p.employer_id as key, (select sp.id from service_program sp where sp.employer_id = p.employer_id and sp.active order by sp.id limit 1) as program, p.id as "ownPosting",
            (select ct.id from credential_type ct where ct.jurisdiction_id = p.jurisdiction_id order by ct.id limit 1) as "credentialType"
     from job_posting p where p.status in ('DRAFT', 'PAUSED') order by p.id limit 1`,
  );
  return {
    intern,
    supervisor,
    employer,
    fund: (await keys(`select id from assistance_fund order by id limit 1`))[0],
    event: (await keys(`select id from training_event where status = 'SCHEDULED' and starts_on > ? order by id limit 1`, [TODAY]))[0],
    credentialType: (await keys(`select id from credential_type where jurisdiction_id = ? order by id limit 1`, [intern.jurisdiction]))[0],
    otherPeople: await keys(`select id from peer_specialist where id <> ? order by id limit 3`, [intern.person]),
    otherCertifications: await keys(
      `(select id from certification where person_id <> ? and jurisdiction_id = ? order by id limit 2) union all (select id from certification where person_id <> ? and jurisdiction_id <> ? order by id limit 1)`,
      [intern.person, intern.jurisdiction, intern.person, intern.jurisdiction],
    ),
    otherAssistanceApplications: await keys(`select id from assistance_application where applicant_id <> ? order by id limit 3`, [intern.person]),
    otherRegistrations: await keys(`select id from training_registration where person_id <> ? order by id limit 3`, [intern.person]),
    applicationsOutsideMN: await keys(
      `select a.id from assistance_application a join assistance_fund f on f.id = a.fund_id join jurisdiction j on j.id = f.jurisdiction_id where j.code <> 'MN' order by a.id limit 3`,
    ),
    logsOfOtherSupervisors: await keys(
      `select l.id from supervised_experience_log l join supervisor s on s.id = l.supervisor_id where s.person_id <> ? and l.person_id <> ? and l.status = 'SUBMITTED' order by l.id limit 3`,
      [supervisor.person, supervisor.person],
    ),
    supervisionsOfOtherSupervisors: await keys(
      // one of each status, of other supervisors, none the supervisor's own request as an intern
      `select distinct on (status) id from supervision where supervisor_id <> ? and person_id <> ? order by status, id`,
      [supervisor.key, supervisor.person],
    ),
    supervisionsOfOtherPeople: await keys(`select distinct on (status) id from supervision where person_id <> ? order by status, id`, [intern.person]),
    postingsOfOtherEmployers: await keys(
      // one of each status: a draft nobody else reads, an open posting everyone reads, a closed one
      `select distinct on (status) id from job_posting where employer_id <> ? and status in ('DRAFT', 'OPEN', 'PAUSED', 'CLOSED') order by status, id`,
      [employer.key],
    ),
    otherEmployers: await keys(`select id from employer where id <> ? order by id limit 2`, [employer.key]),
  };
}
