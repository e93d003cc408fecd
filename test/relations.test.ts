/** Reading on a small data set made by hand: every value and relation is known, and so is the SQL it costs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmployersWithPostingsDocument, JobPostingDocument, NodeLookupDocument, PersonRecordDocument, VerifyCertificationDocument } from '../src/client/operations';
import { toGlobalId } from '../src/graphql/global-id';
import { freezeToday, startTestHub, unfreezeToday, type TestHub } from './kit';

let hub: TestHub;
const EMPLOYERS = 50;
const POSTINGS_EACH = 5;

beforeAll(async () => {
  // a day on which every status the data records is the one its dates give (PSS-1 is provisional to 2026-12-01)
  freezeToday('2026-11-01');
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5706494, 2020, '[]'), (2, 'TX', 'Texas', '48', 29145505, 2020, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 2, 'Texas Certification Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 2, 1, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (2, 2, 1, 'PSS', 'Peer Specialist Supervisor', 'SUPERVISOR', 'NONE', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id, birth_year, languages) values
    (1, 'Ana', 'Ortiz', 2, 1980, '{en,es}'), (2, 'Ben', 'Lee', 2, null, '{}')`);
  await hub.sql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, credential_number, status, issued_on, expires_on, full_certified_on) values
    (1, 1, 1, 2, 'MHPS-1', 'ACTIVE', '2025-01-15', '2027-01-15', '2025-01-15'),
    (2, 1, 2, 2, 'PSS-1', 'PROVISIONAL', '2026-06-01', '2026-12-01', null),
    (3, 2, 1, 2, 'MHPS-2', 'EXPIRED', '2020-03-01', '2022-03-01', '2020-03-01')`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city)
    select g, 1 + (g % 2), 'Employer ' || g, 'PEER_RUN_ORGANIZATION', 'Austin' from generate_series(1, ${EMPLOYERS}) g`);
  await hub.sql(`insert into service_program (id, employer_id, kind, name) select g, g, 'ACT', 'ACT team' from generate_series(1, ${EMPLOYERS}) g`);
  await hub.sql(`insert into job_posting (employer_id, program_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit, certification_requirement, status, date_posted)
    select e, e, 1 + (e % 2), 'Peer Specialist ' || e || '.' || n, 'Join us', 'PEER_SPECIALIST', 'FULL_TIME', 'Austin', 1800, 2200, 'HOUR', 'REQUIRED', 'OPEN', '2026-10-01'
    from generate_series(1, ${EMPLOYERS}) e, generate_series(1, ${POSTINGS_EACH}) n order by e, n`);
  await hub.sql(`insert into job_posting_accepted_credential_type (job_posting_id, credential_type_id) values (1, 1), (1, 2), (2, 1)`);
  await hub.sql(`insert into employment (person_id, employer_id, program_id, role, title, employment_type, started_on, hourly_wage_cents) values (1, 1, 1, 'PEER_SPECIALIST', 'Peer Specialist', 'FULL_TIME', '2025-02-01', 1950)`);
});

afterAll(async () => {
  await hub?.close();
  unfreezeToday();
});

describe('by id', () => {
  it('reads a person with every relation, each level in one statement', async () => {
    const result = await hub.run(PersonRecordDocument, { id: toGlobalId('PeerSpecialist', 1) });
    expect(result.errors).toBeUndefined();
    const person = result.data!.peerSpecialist!;
    expect(person).toMatchObject({ firstName: 'Ana', lastName: 'Ortiz', birthYear: 1980, languages: ['en', 'es'], synthetic: false, jurisdiction: { code: 'TX' } });
    expect(person.certifications.nodes.map((c) => [c.credentialNumber, c.status, c.credentialType.code, c.expiresOn])).toEqual([
      ['MHPS-1', 'ACTIVE', 'MHPS', '2027-01-15'],
      ['PSS-1', 'PROVISIONAL', 'PSS', '2026-12-01'],
    ]);
    expect(person.employments.nodes).toEqual([
      { role: 'PEER_SPECIALIST', title: 'Peer Specialist', startedOn: '2025-02-01', endedOn: null, hourlyWageCents: 1950, employer: { name: 'Employer 1' }, program: { kind: 'ACT' } },
    ]);
    // the person with every relation below it, three levels deep, in one statement
    expect(result.extensions?.sqlStatements).toBe(1);
  });

  it('answers null for an unknown id and for an id of another type', async () => {
    const unknown = await hub.run(PersonRecordDocument, { id: toGlobalId('PeerSpecialist', 999999) });
    expect(unknown.status).toBe(200);
    expect(unknown.data).toEqual({ peerSpecialist: null });
    const otherType = await hub.run(PersonRecordDocument, { id: toGlobalId('Employer', 1) });
    expect(otherType.data).toEqual({ peerSpecialist: null });
  });

  it('refuses an id that is not one of the hub with BAD_USER_INPUT', async () => {
    const result = await hub.run(PersonRecordDocument, { id: 'not-an-id' });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toContain('is not an id of this hub');
  });

  it('resolves any type through node(id)', async () => {
    const cert = await hub.run(NodeLookupDocument, { id: toGlobalId('Certification', 3) });
    expect(cert.data?.node).toEqual({ __typename: 'Certification', id: toGlobalId('Certification', 3), credentialNumber: 'MHPS-2', status: 'EXPIRED' });
    const employer = await hub.run(NodeLookupDocument, { id: toGlobalId('Employer', 7) });
    expect(employer.data?.node).toEqual({ __typename: 'Employer', id: toGlobalId('Employer', 7), name: 'Employer 7' });
    const missing = await hub.run(NodeLookupDocument, { id: toGlobalId('Employer', 7000) });
    expect(missing.data?.node).toBeNull();
  });

  it('offers a posting as schema.org JobPosting JSON-LD', async () => {
    const result = await hub.run(JobPostingDocument, { id: toGlobalId('JobPosting', 1) });
    expect(result.data?.jobPosting?.jsonLd).toEqual({
      '@context': 'https://schema.org/',
      '@type': 'JobPosting',
      identifier: { '@type': 'PropertyValue', name: 'Peer Workforce Hub', value: toGlobalId('JobPosting', 1) },
      title: 'Peer Specialist 1.1',
      description: 'Join us',
      datePosted: '2026-10-01',
      validThrough: null,
      employmentType: 'FULL_TIME',
      totalJobOpenings: 1,
      hiringOrganization: { '@type': 'Organization', name: 'Employer 1' },
      jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Austin', addressRegion: 'TX', addressCountry: 'US' } },
      baseSalary: { '@type': 'MonetaryAmount', currency: 'USD', value: { '@type': 'QuantitativeValue', minValue: 18, maxValue: 22, unitText: 'HOUR' } },
      // no applyUrl: not a direct application (and no applicationContact without a contact)
      directApply: false,
    });
  });

  it('reads a many-to-many relation', async () => {
    const result = await hub.run(JobPostingDocument, { id: toGlobalId('JobPosting', 1) });
    expect(result.data?.jobPosting?.acceptedCredentialTypes.map((c) => c.code)).toEqual(['MHPS', 'PSS']);
    expect(result.data?.jobPosting?.employer.name).toBe('Employer 1');
  });
});

describe('lists', () => {
  it('reads 50 employers with 5 postings each in one statement', async () => {
    const result = await hub.run(EmployersWithPostingsDocument, { first: EMPLOYERS, postings: POSTINGS_EACH });
    expect(result.errors).toBeUndefined();
    const employers = result.data!.employers.nodes;
    expect(employers).toHaveLength(EMPLOYERS);
    expect(employers.every((e) => e.jobPostings.nodes.length === POSTINGS_EACH)).toBe(true);
    expect(employers[4].jobPostings.nodes.map((p) => p.title)).toEqual([1, 2, 3, 4, 5].map((n) => `Peer Specialist 5.${n}`));
    expect(employers[0].jurisdiction.code).toBe('TX');
    expect(employers[1].jurisdiction.code).toBe('MN');
    // employers with their jurisdictions, programs and postings, all 50 in one statement
    expect(result.extensions?.sqlStatements).toBe(1);
  });

  it('pages nested lists per parent and says when more remain', async () => {
    const result = await hub.run(EmployersWithPostingsDocument, { first: 3, postings: 2 });
    const employers = result.data!.employers;
    expect(employers.pageInfo.hasNextPage).toBe(true);
    expect(employers.nodes.map((e) => e.jobPostings.nodes.length)).toEqual([2, 2, 2]);
    expect(employers.nodes.every((e) => e.jobPostings.pageInfo.hasNextPage)).toBe(true);
  });

  it('walks every row exactly once with first/after', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await hub.run(EmployersWithPostingsDocument, { first: 7, after, postings: 0 });
      expect(result.errors).toBeUndefined();
      seen.push(...result.data!.employers.nodes.map((e) => e.name));
      if (!result.data!.employers.pageInfo.hasNextPage) break;
      after = result.data!.employers.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(EMPLOYERS);
    expect(new Set(seen).size).toBe(EMPLOYERS);
  });

  it('answers first: 0 with no items but says whether any exist', async () => {
    const result = await hub.run(EmployersWithPostingsDocument, { first: 0 });
    expect(result.data!.employers).toEqual({ pageInfo: { hasNextPage: true, endCursor: null }, nodes: [] });
    const nested = await hub.run(EmployersWithPostingsDocument, { first: 2, postings: 0 });
    expect(nested.data!.employers.nodes.map((e) => [e.jobPostings.nodes.length, e.jobPostings.pageInfo.hasNextPage])).toEqual([[0, true], [0, true]]);
  });

  it('reads relations from both sides: the postings that accept a credential, the roles a credential qualifies', async () => {
    const result = await hub.query<{ credentialType: { jobPostings: { nodes: { title: string }[] } }; certification: { supervisorRoles: { nodes: unknown[] } } }>(
      `query($type: ID!, $cert: ID!) { credentialType(id: $type) { jobPostings(first: 10) { nodes { title } } } certification(id: $cert) { supervisorRoles { nodes { id } } } }`,
      { type: toGlobalId('CredentialType', 1), cert: toGlobalId('Certification', 2) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.credentialType.jobPostings.nodes.map((p) => p.title)).toEqual(['Peer Specialist 1.1', 'Peer Specialist 1.2']);
    expect(result.data!.certification.supervisorRoles.nodes).toEqual([]);
  });

  it('rejects a page size above the limit instead of capping it', async () => {
    const result = await hub.run(EmployersWithPostingsDocument, { first: 101 });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 100, value: 101 });
    const negative = await hub.run(EmployersWithPostingsDocument, { first: -1 });
    expect(negative.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a tampered cursor and a cursor of another connection', async () => {
    const tampered = await hub.run(EmployersWithPostingsDocument, { first: 5, after: 'xyz' });
    expect(tampered.status).toBe(400);
    expect(tampered.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const outOfRange = await hub.run(EmployersWithPostingsDocument, { first: 5, after: Buffer.from('["Employer",2147483648]').toString('base64url') });
    expect(outOfRange.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const postings = await hub.query<{ jobPostings: { pageInfo: { endCursor: string } } }>('{ jobPostings(first: 1) { pageInfo { endCursor } } }');
    const foreign = await hub.run(EmployersWithPostingsDocument, { first: 5, after: postings.data!.jobPostings.pageInfo.endCursor });
    expect(foreign.errors?.[0].message).toContain('not a cursor of this Employer connection');
  });
});

describe('verifyCertification', () => {
  it('answers the public licence lookup, in one statement', async () => {
    const result = await hub.run(VerifyCertificationDocument, { jurisdiction: 'tx', credentialNumber: ' MHPS-1 ' });
    expect(result.data?.verifyCertification).toEqual({
      jurisdiction: 'TX',
      credentialNumber: 'MHPS-1',
      holderName: 'Ana Ortiz',
      credential: 'MHPS',
      credentialName: 'Mental Health Peer Specialist',
      status: 'ACTIVE',
      issuedOn: '2025-01-15',
      expiresOn: '2027-01-15',
    });
    expect(result.extensions?.sqlStatements).toBe(1);
  });

  it('shows nothing more: no id, contact, birth year or links', async () => {
    const type = await hub.query<{ __type: { fields: { name: string }[] } }>('{ __type(name: "CertificationVerification") { fields { name } } }');
    expect(type.data!.__type.fields.map((f) => f.name).sort()).toEqual(
      ['credential', 'credentialName', 'credentialNumber', 'expiresOn', 'holderName', 'issuedOn', 'jurisdiction', 'status'],
    );
  });

  it('answers null for a number the jurisdiction did not issue, and 400 for a malformed jurisdiction', async () => {
    expect((await hub.run(VerifyCertificationDocument, { jurisdiction: 'MN', credentialNumber: 'MHPS-1' })).data).toEqual({ verifyCertification: null });
    const bad = await hub.run(VerifyCertificationDocument, { jurisdiction: 'Texas', credentialNumber: 'MHPS-1' });
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
