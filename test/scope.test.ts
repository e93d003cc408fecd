/**
 * Who may read what: every role against every root connection, each count checked against the rows of the role's
 * grant counted in plain SQL; then every path by which a state analyst of MN could reach Texas data (nested fields,
 * node, nodes, totalCount, filters), and the personal fields each role is shown or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { liveOpenPostingSql } from '../src/domain/jobs/status';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { as, startTestHub, type TestHub, type TokenClaims } from './kit';

let hub: TestHub;
let peer: number;
let supervisor: number;
let employer: number;

const ROOTS = {
  assistanceFunds: 'assistance_fund',
  assistanceApplications: 'assistance_application',
  credentialTypes: 'credential_type',
  requirementProfiles: 'requirement_profile',
  certifications: 'certification',
  certificationApplications: 'certification_application',
  employers: 'employer',
  servicePrograms: 'service_program',
  employments: 'employment',
  jobPostings: 'job_posting',
  certifyingBodies: 'certifying_body',
  peerSpecialists: 'peer_specialist',
  supervisors: 'supervisor',
  supervisedExperienceLogs: 'supervised_experience_log',
  supervisions: 'supervision',
  trainingOrganizations: 'training_organization',
  trainingEvents: 'training_event',
  trainingRegistrations: 'training_registration',
  continuingEducationRecords: 'continuing_education_record',
} as const;
type Root = keyof typeof ROOTS;

const PUBLIC_ROOTS: Root[] = ['assistanceFunds', 'credentialTypes', 'requirementProfiles', 'employers', 'servicePrograms', 'certifyingBodies', 'trainingOrganizations', 'trainingEvents', 'supervisors'];
const MN = `(select id from jurisdiction where code = 'MN')`;

/** The rows each role may read, as plain SQL conditions on the table aliased t: the role table of docs/security.md. */
function grant(role: Role, root: Root): string {
  if (role === Role.ADMIN || PUBLIC_ROOTS.includes(root)) return 'true';
  const open = root === 'jobPostings' ? liveOpenPostingSql('t') : 'false';
  const own: Partial<Record<Root, string>> = {
    peerSpecialists: `t.id = ${peer}`,
    certifications: `t.person_id = ${peer}`,
    certificationApplications: `t.person_id = ${peer}`,
    employments: `t.person_id = ${peer}`,
    trainingRegistrations: `t.person_id = ${peer}`,
    continuingEducationRecords: `t.person_id = ${peer}`,
    supervisedExperienceLogs: `t.person_id = ${peer}`,
    supervisions: `t.person_id = ${peer}`,
    assistanceApplications: `t.applicant_id = ${peer}`,
  };
  switch (role) {
    case Role.PUBLIC:
      return open;
    case Role.PEER:
      return own[root] ?? open;
    case Role.SUPERVISOR: {
      const mine = `(select id from supervisor where person_id = ${supervisor})`;
      const self = (own[root] ?? open).replaceAll(String(peer), String(supervisor));
      if (root === 'supervisedExperienceLogs' || root === 'supervisions') return `(${self} or t.supervisor_id in ${mine})`;
      if (root === 'peerSpecialists') {
        return `(${self} or t.id in (select person_id from supervised_experience_log where supervisor_id in ${mine}) or t.id in (select person_id from supervision where supervisor_id in ${mine}))`;
      }
      return self;
    }
    case Role.EMPLOYER:
      if (root === 'jobPostings') return `(${open} or t.employer_id = ${employer})`;
      if (root === 'employments') return `t.employer_id = ${employer}`;
      if (root === 'peerSpecialists') return `t.id in (select person_id from employment where employer_id = ${employer} union select person_id from supervisor where employer_id = ${employer})`;
      return open;
    case Role.FUND_REVIEWER:
      if (root === 'assistanceApplications') return `t.fund_id in (select id from assistance_fund where jurisdiction_id in ${MN})`;
      if (root === 'peerSpecialists') return `t.id in (select applicant_id from assistance_application a join assistance_fund f on f.id = a.fund_id where f.jurisdiction_id in ${MN})`;
      return open;
    case Role.STATE_ANALYST: {
      const via: Partial<Record<Root, string>> = {
        employments: `t.employer_id in (select id from employer where jurisdiction_id in ${MN})`,
        supervisedExperienceLogs: `t.certification_id in (select id from certification where jurisdiction_id in ${MN})`,
        continuingEducationRecords: `t.certification_id in (select id from certification where jurisdiction_id in ${MN})`,
        assistanceApplications: `t.fund_id in (select id from assistance_fund where jurisdiction_id in ${MN})`,
        trainingRegistrations: `t.event_id in (select id from training_event where jurisdiction_id in ${MN})`,
      };
      // who asks whom for supervision is not an analyst's to read
      if (root === 'supervisions') return 'false';
      if (root === 'peerSpecialists') {
        return `(t.jurisdiction_id in ${MN} or t.id in (select person_id from certification where jurisdiction_id in ${MN})
          or t.id in (select person_id from certification_application where jurisdiction_id in ${MN})
          or t.id in (select e.person_id from employment e join employer em on em.id = e.employer_id where em.jurisdiction_id in ${MN}))`;
      }
      return `(${open} or ${via[root] ?? `t.jurisdiction_id in ${MN}`})`;
    }
  }
}

function claimsOf(role: Role): TokenClaims | 'PUBLIC' {
  switch (role) {
    case Role.PUBLIC:
      return 'PUBLIC';
    case Role.PEER:
      return { role, peerId: toGlobalId('PeerSpecialist', peer) };
    case Role.SUPERVISOR:
      return { role, peerId: toGlobalId('PeerSpecialist', supervisor) };
    case Role.EMPLOYER:
      return { role, employerId: toGlobalId('Employer', employer) };
    case Role.FUND_REVIEWER:
    case Role.STATE_ANALYST:
      return { role, jurisdictions: ['MN'] };
    default:
      return { role };
  }
}

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
  // people with records of every kind, so that each cell of the table counts something
  [{ peer }] = await hub.sql<{ peer: number }>(`
    select l.person_id as peer from supervised_experience_log l
     where exists (select 1 from assistance_application a where a.applicant_id = l.person_id)
       and exists (select 1 from employment e where e.person_id = l.person_id)
       and exists (select 1 from training_registration r where r.person_id = l.person_id)
     order by l.person_id limit 1`);
  [{ supervisor }] = await hub.sql<{ supervisor: number }>(`
    select s.person_id as supervisor from supervisor s join supervised_experience_log l on l.supervisor_id = s.id group by s.person_id order by count(*) desc, s.person_id limit 1`);
  [{ employer }] = await hub.sql<{ employer: number }>(`
    select p.employer_id as employer from job_posting p where p.status <> 'OPEN'
       and exists (select 1 from employment e where e.employer_id = p.employer_id)
       and exists (select 1 from supervisor s where s.employer_id = p.employer_id)
     group by p.employer_id order by p.employer_id limit 1`);
});
afterAll(() => hub?.close());

describe('the role table: what each role counts in each root connection', () => {
  for (const role of Object.values(Role)) {
    it(`${role}`, async () => {
      const query = `{ ${Object.keys(ROOTS).map((root) => `${root}(first: 0) { totalCount }`).join(' ')} }`;
      const result = await hub.query<Record<Root, { totalCount: number }>>(query, {}, await as(claimsOf(role)));
      expect(result.errors).toBeUndefined();
      const seen: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const [root, table] of Object.entries(ROOTS) as [Root, string][]) {
        seen[root] = result.data![root].totalCount;
        [{ count: expected[root] }] = await hub.sql<{ count: number }>(`select count(*)::int as count from ${table} t where ${grant(role, root)}`);
      }
      expect(seen).toEqual(expected);
      // every role but an administrator reads less than the whole of some table; every role reads the public ones whole
      const narrowed = [];
      for (const [root, table] of Object.entries(ROOTS) as [Root, string][]) {
        const [{ count }] = await hub.sql<{ count: number }>(`select count(*)::int as count from ${table}`);
        if (PUBLIC_ROOTS.includes(root)) expect(seen[root]).toBe(count);
        else if (seen[root] < count) narrowed.push(root);
      }
      expect(narrowed.length > 0).toBe(role !== Role.ADMIN);
    });
  }
});

describe('a state analyst of MN asking for Texas data', () => {
  let analyst: Record<string, string>;
  let texas: { certification: number; person: number; employer: number };

  beforeAll(async () => {
    analyst = await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] });
    [texas] = await hub.sql<typeof texas>(`
      select c.id as certification, p.id as person, e.employer_id as employer
        from certification c join peer_specialist p on p.id = c.person_id join employment e on e.person_id = p.id
        join employer em on em.id = e.employer_id
       where c.jurisdiction_id = (select id from jurisdiction where code = 'TX') and p.jurisdiction_id = c.jurisdiction_id
         and em.jurisdiction_id = c.jurisdiction_id
       order by c.id limit 1`);
    expect(texas).toBeDefined();
  });

  it('node and nodes read a Texas record as null, exactly as an id that does not exist', async () => {
    const ids = [toGlobalId('Certification', texas.certification), toGlobalId('PeerSpecialist', texas.person), toGlobalId('Certification', 2_000_000)];
    const result = await hub.query<{ node: unknown; nodes: unknown[]; certification: unknown }>(
      `query($ids: [ID!]!, $one: ID!) { node(id: $one) { id } nodes(ids: $ids) { id } certification(id: $one) { id } }`,
      { ids, one: ids[0] },
      analyst,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null, nodes: [null, null, null], certification: null });
  });

  it('nested lists, their counts, and relations to a Texas person are empty or null', async () => {
    const result = await hub.query<any>(
      `query($employer: ID!) {
        jurisdiction(code: "TX") { code certifications(first: 5) { totalCount nodes { id } } residents(first: 5) { totalCount } }
        employer(id: $employer) { name employments(first: 5) { totalCount nodes { person { id } } } }
        credentialTypes(filter: { code: { eq: "MHPS" } }) { nodes { certifications(first: 1) { totalCount } } }
      }`,
      { employer: toGlobalId('Employer', texas.employer) },
      analyst,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.jurisdiction).toEqual({ code: 'TX', certifications: { totalCount: 0, nodes: [] }, residents: { totalCount: 0 } });
    expect(result.data.employer.name).toBeTruthy();
    expect(result.data.employer.employments).toEqual({ totalCount: 0, nodes: [] });
    expect(result.data.credentialTypes.nodes).toEqual([{ certifications: { totalCount: 0 } }]);
  });

  it('filters cannot probe a Texas record through a relation', async () => {
    const person = toGlobalId('PeerSpecialist', texas.person);
    const probes = [
      `{ employers(filter: { employments: { some: { person: { id: { eq: "${person}" } } } } }) { totalCount } }`,
      `{ jurisdictions { code } certifications(filter: { person: { id: { eq: "${person}" } } }) { totalCount } }`,
      `{ jobPostings(filter: { employer: { employments: { some: { person: { id: { eq: "${person}" } } } } } }) { totalCount } }`,
    ];
    const counts = [];
    for (const probe of probes) {
      const result = await hub.query<any>(probe, {}, analyst);
      expect(result.errors).toBeUndefined();
      counts.push(result.data.employers?.totalCount ?? result.data.certifications?.totalCount ?? result.data.jobPostings.totalCount);
    }
    expect(counts).toEqual([0, 0, 0]);
    // the same probes as an administrator find the person: the filters work, the scope is what hides them
    const admin = await hub.query<any>(probes[1]);
    expect(admin.data.certifications.totalCount).toBeGreaterThan(0);
  });

  it('reads the holder of a Minnesota credential who lives in Texas, with personal fields, and no other Texan', async () => {
    const [{ id: credential }] = await hub.sql<{ id: number }>(`select id from credential_type where code = 'CPS'`);
    const [{ id: crossing }] = await hub.sql<{ id: number }>(
      `insert into certification (person_id, credential_type_id, jurisdiction_id, credential_number, status, issued_on, expires_on)
       values (?, ?, (select id from jurisdiction where code = 'MN'), 'CPS-CROSS-1', 'ACTIVE', '2026-01-05', '2028-01-05') returning id`,
      [texas.person, credential],
    );
    try {
      const result = await hub.query<any>(
        `query($id: ID!) { certification(id: $id) { person { id email jurisdiction { code } } } }`,
        { id: toGlobalId('Certification', crossing) },
        analyst,
      );
      expect(result.errors).toBeUndefined();
      const [{ email }] = await hub.sql<{ email: string | null }>('select email from peer_specialist where id = ?', [texas.person]);
      expect(email).not.toBeNull();
      expect(result.data.certification).toEqual({ person: { id: toGlobalId('PeerSpecialist', texas.person), email, jurisdiction: { code: 'TX' } } });
      // their Texas certification stays out of reach
      const theirs = await hub.query<any>(`query($id: ID!) { certification(id: $id) { id } }`, { id: toGlobalId('Certification', texas.certification) }, analyst);
      expect(theirs.data.certification).toBeNull();
    } finally {
      await hub.sql(`delete from certification where credential_number = 'CPS-CROSS-1'`);
    }
  });

  it('reads Minnesota people with their personal fields', async () => {
    const result = await hub.query<any>(`{ peerSpecialists(first: 50) { nodes { jurisdiction { code } email birthYear } } }`, {}, analyst);
    const people = result.data.peerSpecialists.nodes;
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((p: any) => p.jurisdiction.code === 'MN')).toBe(true);
    expect(people.some((p: any) => p.email !== null && p.birthYear !== null)).toBe(true);
  });
});

describe('personal fields', () => {
  const personal = `{ peerSpecialists(first: 100) { nodes { id firstName lastName middleName email phone birthYear postalCode } } }`;
  const hidden = (p: any) => p.middleName === null && p.email === null && p.phone === null && p.birthYear === null && p.postalCode === null;

  it('an employer sees its staff by name only', async () => {
    const result = await hub.query<any>(personal, {}, await as(claimsOf(Role.EMPLOYER)));
    const people = result.data.peerSpecialists.nodes;
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((p: any) => p.firstName && p.lastName && hidden(p))).toBe(true);
  });

  it('a supervisor sees their own details, and their supervisees by name only', async () => {
    const result = await hub.query<any>(personal, {}, await as(claimsOf(Role.SUPERVISOR)));
    const people = result.data.peerSpecialists.nodes;
    const self = people.find((p: any) => fromGlobalId(p.id).key === supervisor);
    const [row] = await hub.sql<{ email: string | null }>('select email from peer_specialist where id = ?', [supervisor]);
    expect(self.email).toBe(row.email);
    const others = people.filter((p: any) => fromGlobalId(p.id).key !== supervisor);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every(hidden)).toBe(true);
  });

  it('a fund reviewer sees applicants by name only; a peer sees their own details', async () => {
    const reviewer = await hub.query<any>(personal, {}, await as(claimsOf(Role.FUND_REVIEWER)));
    expect(reviewer.data.peerSpecialists.nodes.length).toBeGreaterThan(0);
    expect(reviewer.data.peerSpecialists.nodes.every(hidden)).toBe(true);
    const own = await hub.query<any>(personal, {}, await as(claimsOf(Role.PEER)));
    const [row] = await hub.sql<{ birth_year: number | null }>('select birth_year from peer_specialist where id = ?', [peer]);
    expect(own.data.peerSpecialists.nodes).toHaveLength(1);
    expect(own.data.peerSpecialists.nodes[0].birthYear).toBe(row.birth_year);
  });

  it('callers without a token read no person at all, and public data in full', async () => {
    const result = await hub.query<any>(`{ peerSpecialists(first: 5) { totalCount } jobPostings(first: 1) { totalCount } verifyCertification(jurisdiction: "TX", credentialNumber: "MHPS-000001") { holderName } }`, {}, { authorization: '' });
    expect(result.data.peerSpecialists.totalCount).toBe(0);
    expect(result.data.jobPostings.totalCount).toBeGreaterThan(0);
    // the public licence lookup shows the holder's name, as the state registries do
    expect(result.data.verifyCertification?.holderName ?? null).not.toBeUndefined();
  });
});
