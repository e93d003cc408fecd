/**
 * Job boards: open postings filtered on remote, postal code, supervision provided, internship hours, an accepted
 * credential, a pay range and the day posted, as anyone reads them; where to apply (applyUrl, applyEmail), checked
 * and required to publish; and the JSON-LD of an on-site and a remote posting against Google's JobPosting rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { SearchJobsDocument } from '../src/client/operations';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { as, changeKit, day, expectError, jobPostingDraft, startTestHub, type TestHub } from './kit';

let hub: TestHub;
const { ok, refused, count } = changeKit(() => hub);
const posting = (key: number) => toGlobalId('JobPosting', key);
const EMPLOYER_1 = () => as({ role: Role.EMPLOYER, employerId: toGlobalId('Employer', 1) });

/*
 * MN (1), TX (2); credential types 1 CPS (MN), 3 MHPS (TX). Employers 1 North Star (MN, with a website), 2 Lone Star
 * (TX). Postings:
 *   201 OPEN, on site in Duluth 55802, supervision, $18-22/h, posted 3 days ago, accepts CPS, apply URL
 *   202 OPEN, remote (MN), no supervision, $20-26/h, posted 20 days ago, accepts CPS, apply email only
 *   203 OPEN, Austin 78701 (TX), supervision and internship hours, $15-17/h, posted yesterday, accepts MHPS, both
 *   204 DRAFT without apply contact, valid through in 30 days          205 PAUSED in Duluth 55802
 *   206 OPEN, published before apply contacts were required: none
 */
beforeAll(async () => {
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values
    (1, 1, 'MN Board', 'CERTIFICATION_BOARD', '[]'), (2, 2, 'TX Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (3, 2, 2, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city, website) values
    (1, 1, 'North Star Peer Network', 'PEER_RUN_ORGANIZATION', 'Duluth', 'https://northstar.example.org'),
    (2, 2, 'Lone Star Recovery', 'COMMUNITY_MENTAL_HEALTH_CENTER', 'Austin', null)`);
  const job = (p: {
    id: number; employer: number; jurisdiction: number; status: string; city: string; postal: string | null; remote: boolean; supervision: boolean;
    internship: boolean; min: number; max: number; posted: string | null; through: string | null; url: string | null; email: string | null;
  }) =>
    hub.sql(
      `insert into job_posting (id, employer_id, jurisdiction_id, title, description, role, employment_type, city, postal_code, remote,
         supervision_provided, counts_toward_internship_hours, pay_min_cents, pay_max_cents, pay_unit, certification_requirement,
         date_posted, valid_through, status, apply_url, apply_email)
       values (?, ?, ?, ?, 'Peer support in a recovery team.', 'PEER_SPECIALIST', 'FULL_TIME', ?, ?, ?, ?, ?, ?, ?, 'HOUR', 'REQUIRED', ?::date, ?::date, ?, ?, ?)`,
      [p.id, p.employer, p.jurisdiction, `Posting ${p.id}`, p.city, p.postal, p.remote, p.supervision, p.internship, p.min, p.max, p.posted, p.through, p.status, p.url, p.email],
    );
  const base = { employer: 1, jurisdiction: 1, status: 'OPEN', city: 'Duluth', postal: '55802', remote: false, supervision: false, internship: false, through: day(30), url: null, email: null };
  await job({ ...base, id: 201, supervision: true, min: 1800, max: 2200, posted: day(-3), url: 'https://northstar.example.org/careers/201' });
  await job({ ...base, id: 202, postal: null, remote: true, min: 2000, max: 2600, posted: day(-20), email: 'jobs@northstar.example.org' });
  await job({ ...base, id: 203, employer: 2, jurisdiction: 2, city: 'Austin', postal: '78701', supervision: true, internship: true, min: 1500, max: 1700, posted: day(-1), url: 'https://lonestar.example.org/apply', email: 'hr@lonestar.example.org' });
  await job({ ...base, id: 204, status: 'DRAFT', min: 1800, max: 2000, posted: null });
  await job({ ...base, id: 205, status: 'PAUSED', min: 1800, max: 2000, posted: day(-9), url: 'https://northstar.example.org/careers/205' });
  await job({ ...base, id: 206, min: 1900, max: 2100, posted: day(-40) });
  await hub.sql(`insert into job_posting_accepted_credential_type (job_posting_id, credential_type_id) values (201, 1), (202, 1), (203, 3)`);
  await hub.sql(`select setval(pg_get_serial_sequence('job_posting', 'id'), 1000)`);
});
afterAll(() => hub?.close());

/** The keys of the postings the filter finds, as the caller reads them, by key. */
async function found(filter: Record<string, unknown>, headers?: Record<string, string>): Promise<number[]> {
  const page = await ok(`query($filter: JobPostingFilter) { jobPostings(first: 50, filter: $filter) { totalCount nodes { id } } }`, { filter }, headers ?? (await as('PUBLIC')));
  const keys = (page.nodes as { id: string }[]).map((n) => fromGlobalId(n.id).key).sort((a, b) => a - b);
  expect(page.totalCount).toBe(keys.length);
  return keys;
}

describe('job-board filters, as anyone reads them', () => {
  it('remote', async () => {
    expect(await found({ remote: { eq: true } })).toEqual([202]);
    expect(await found({ remote: { eq: false } })).toEqual([201, 203, 206]);
  });

  it('postal code: the open postings there (not the paused one, which the public does not see)', async () => {
    expect(await found({ postalCode: { eq: '55802' } })).toEqual([201, 206]);
    expect(await found({ postalCode: { in: ['55802', '78701'] } })).toEqual([201, 203, 206]);
    expect(await found({ postalCode: { eq: '55802' } }, {})).toEqual([201, 204, 205, 206]);
    expect(await found({ postalCode: { isNull: true } })).toEqual([202]);
  });

  it('supervision provided, and hours that count toward the internship', async () => {
    expect(await found({ supervisionProvided: { eq: true } })).toEqual([201, 203]);
    expect(await found({ countsTowardInternshipHours: { eq: true } })).toEqual([203]);
    expect(await found({ supervisionProvided: { eq: true }, countsTowardInternshipHours: { eq: false } })).toEqual([201]);
  });

  it('an accepted credential type, by code or by id', async () => {
    expect(await found({ acceptedCredentialTypes: { some: { code: { eq: 'MHPS' } } } })).toEqual([203]);
    expect(await found({ acceptedCredentialTypes: { some: { id: { eq: toGlobalId('CredentialType', 1) } } } })).toEqual([201, 202]);
    expect(await found({ acceptedCredentialTypes: { none: {} } })).toEqual([206]);
  });

  it('a pay range: postings whose pay overlaps $19 to $21 an hour', async () => {
    expect(await found({ payUnit: { eq: 'HOUR' }, payMaxCents: { gte: 1900 }, payMinCents: { lte: 2100 } })).toEqual([201, 202, 206]);
    expect(await found({ payMinCents: { gte: 2000 } })).toEqual([202]);
  });

  it('posted since a day', async () => {
    expect(await found({ datePosted: { gte: day(-5) } })).toEqual([201, 203]);
    expect(await found({ datePosted: { gte: day(-20) } })).toEqual([201, 202, 203]);
  });

  it('SearchJobs, the peer operation: every condition at once, newest first, in two statements', async () => {
    const result = await hub.run(
      SearchJobsDocument,
      { filter: { supervisionProvided: { eq: true }, remote: { eq: false }, datePosted: { gte: day(-7) }, payMaxCents: { gte: 1600 } }, first: 10 },
      await as('PUBLIC'),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.jobPostings.totalCount).toBe(2);
    expect(result.data!.jobPostings.nodes.map((n) => [n.id, n.datePosted, n.applyUrl, n.applyEmail])).toEqual([
      [posting(203), day(-1), 'https://lonestar.example.org/apply', 'hr@lonestar.example.org'],
      [posting(201), day(-3), 'https://northstar.example.org/careers/201', null],
    ]);
    expect(result.extensions!.sqlStatements).toBe(2);
  });

  it('a filter the field does not take is refused, naming it', async () => {
    const result = await hub.query(`{ jobPostings(filter: { remote: { gt: true } }) { totalCount } }`, {}, await as('PUBLIC'));
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expectError(await hub.query(`{ jobPostings(filter: { remote: {} }) { totalCount } }`, {}, await as('PUBLIC')), 400, 'BAD_USER_INPUT', { argument: 'filter.remote' });
  });
});

describe('where to apply', () => {
  const CREATE = `mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id status applyUrl applyEmail } }`;
  const UPDATE = `mutation($id: ID!, $input: UpdateJobPostingInput!) { updateJobPosting(id: $id, input: $input) { id status applyUrl applyEmail } }`;
  const PUBLISH = `mutation($id: ID!) { publishJobPosting(id: $id) { id status datePosted applyUrl applyEmail } }`;

  it('a draft may lack it; a valid URL and email are kept as given', async () => {
    const headers = await EMPLOYER_1();
    const draft = await ok(CREATE, { input: jobPostingDraft() }, headers);
    expect(draft).toMatchObject({ status: 'DRAFT', applyUrl: null, applyEmail: null });
    const both = await ok(CREATE, { input: jobPostingDraft({ applyUrl: ' https://northstar.example.org/jobs?id=7 ', applyEmail: 'jobs+peer@northstar.example.org' }) }, headers);
    expect(both).toMatchObject({ applyUrl: 'https://northstar.example.org/jobs?id=7', applyEmail: 'jobs+peer@northstar.example.org' });
    const [row] = await hub.sql<{ apply_url: string; apply_email: string }>(`select apply_url, apply_email from job_posting where id = ?`, [fromGlobalId(both.id).key]);
    expect(row).toEqual({ apply_url: 'https://northstar.example.org/jobs?id=7', apply_email: 'jobs+peer@northstar.example.org' });
  });

  it('an address that is not https or http, or not an address, is refused at its argument and nothing is written', async () => {
    const headers = await EMPLOYER_1();
    for (const applyUrl of ['ftp://northstar.example.org/jobs', 'javascript:alert(1)', 'northstar.example.org/jobs', 'https://', 'https://jobs here.example.org', 'https://user:secret@northstar.example.org/', 'https://localhost/jobs', `https://example.org/${'a'.repeat(2000)}`]) {
      await refused(CREATE, { input: jobPostingDraft({ applyUrl }) }, headers, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.applyUrl' });
    }
    for (const applyEmail of ['jobs', 'jobs@northstar', 'jobs at northstar.example.org', 'jo bs@northstar.example.org', '@northstar.example.org', `${'a'.repeat(65)}@example.org`]) {
      await refused(CREATE, { input: jobPostingDraft({ applyEmail }) }, headers, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.applyEmail' });
    }
    await refused(UPDATE, { id: posting(204), input: { applyUrl: 'mailto:jobs@northstar.example.org' } }, headers, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.applyUrl' });
  });

  it('publishing a posting without either is refused with BAD_USER_INPUT naming what is missing, and writes nothing', async () => {
    const headers = await EMPLOYER_1();
    const error = await refused(PUBLISH, { id: posting(204) }, headers, {
      status: 400,
      code: 'BAD_USER_INPUT',
      argument: 'id',
      message: /neither applyUrl nor applyEmail/,
      extensions: { field: 'applyUrl', missing: ['applyUrl', 'applyEmail'] },
    });
    expect(error.message).toContain(posting(204));
    expect(await count(`job_posting where id = 204 and status = 'DRAFT' and date_posted is null`)).toBe(1);

    // with an email, it is published
    await ok(UPDATE, { id: posting(204), input: { applyEmail: 'jobs@northstar.example.org' } }, headers);
    const published = await ok(PUBLISH, { id: posting(204) }, headers);
    expect(published).toMatchObject({ status: 'OPEN', datePosted: day(0), applyUrl: null, applyEmail: 'jobs@northstar.example.org' });
    expect(await count(`job_posting where id = 204 and status = 'OPEN'`)).toBe(1);
  });

  it('an OPEN posting keeps one: clearing the last is refused; one published before the rule gets one with its next change', async () => {
    const headers = await EMPLOYER_1();
    await refused(UPDATE, { id: posting(201), input: { applyUrl: null } }, headers, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.applyUrl', message: /keeps applyUrl or applyEmail/ });
    // switching from the URL to an email in one change is fine
    expect(await ok(UPDATE, { id: posting(201), input: { applyUrl: null, applyEmail: 'jobs@northstar.example.org' } }, headers)).toMatchObject({ applyUrl: null, applyEmail: 'jobs@northstar.example.org' });
    await ok(UPDATE, { id: posting(201), input: { applyUrl: 'https://northstar.example.org/careers/201', applyEmail: null } }, headers);

    await refused(UPDATE, { id: posting(206), input: { title: 'Peer specialist, evenings' } }, headers, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.applyUrl', message: /input.applyUrl is needed/ });
    expect(await ok(UPDATE, { id: posting(206), input: { title: 'Peer specialist, evenings', applyUrl: 'https://northstar.example.org/careers/206' } }, headers)).toMatchObject({
      status: 'OPEN',
      applyUrl: 'https://northstar.example.org/careers/206',
    });
    // a paused posting may be left without, and is then refused when published again
    await ok(UPDATE, { id: posting(205), input: { applyUrl: null } }, headers);
    await refused(PUBLISH, { id: posting(205) }, headers, { status: 400, code: 'BAD_USER_INPUT', argument: 'id', extensions: { missing: ['applyUrl', 'applyEmail'] } });
    await ok(UPDATE, { id: posting(205), input: { applyUrl: 'https://northstar.example.org/careers/205' } }, headers);
  });
});

/**
 * Google's job posting structured data (developers.google.com/search/docs/appearance/structured-data/job-posting):
 * what is missing or malformed of the required and recommended properties. Required: title, description,
 * datePosted, hiringOrganization, and jobLocation or (remote) jobLocationType TELECOMMUTE with
 * applicantLocationRequirements. Recommended: validThrough, employmentType, baseSalary, identifier, directApply.
 */
function googleJobPostingProblems(ld: Record<string, any>): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  const isDay = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v);
  need(ld['@context'] === 'https://schema.org/' && ld['@type'] === 'JobPosting', '@context/@type');
  need(typeof ld.title === 'string' && ld.title.length > 0, 'title');
  need(typeof ld.description === 'string' && ld.description.length > 0, 'description');
  need(isDay(ld.datePosted), 'datePosted');
  need(ld.hiringOrganization?.['@type'] === 'Organization' && typeof ld.hiringOrganization.name === 'string', 'hiringOrganization');
  if (ld.jobLocationType === 'TELECOMMUTE') {
    const requirements = [ld.applicantLocationRequirements].flat();
    need(requirements.length > 0 && requirements.every((r) => ['State', 'Country', 'City'].includes(r?.['@type']) && typeof r.name === 'string'), 'applicantLocationRequirements');
  } else {
    const address = ld.jobLocation?.address;
    need(ld.jobLocation?.['@type'] === 'Place' && address?.['@type'] === 'PostalAddress', 'jobLocation');
    need(typeof address?.addressLocality === 'string' && typeof address?.addressRegion === 'string' && address?.addressCountry === 'US', 'jobLocation.address');
  }
  need(isDay(ld.validThrough), 'validThrough');
  need(['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'TEMPORARY', 'INTERN', 'VOLUNTEER', 'PER_DIEM', 'OTHER'].includes(ld.employmentType), 'employmentType');
  const salary = ld.baseSalary;
  need(
    salary?.['@type'] === 'MonetaryAmount' && salary.currency === 'USD' && salary.value?.['@type'] === 'QuantitativeValue' &&
      typeof salary.value.minValue === 'number' && typeof salary.value.maxValue === 'number' && ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'].includes(salary.value.unitText),
    'baseSalary',
  );
  need(ld.identifier?.['@type'] === 'PropertyValue' && typeof ld.identifier.name === 'string' && typeof ld.identifier.value === 'string', 'identifier');
  need(typeof ld.directApply === 'boolean', 'directApply');
  return problems;
}

describe('JSON-LD', () => {
  const JSON_LD = `query($id: ID!) { jobPosting(id: $id) { jsonLd } }`;
  const jsonLd = async (key: number) => (await ok(JSON_LD, { id: posting(key) }, await as('PUBLIC'))).jsonLd as Record<string, any>;

  it('an on-site posting has every required and recommended property, its place, and applies directly at its URL', async () => {
    const ld = await jsonLd(201);
    expect(googleJobPostingProblems(ld)).toEqual([]);
    expect(ld).toMatchObject({
      title: 'Posting 201',
      description: 'Peer support in a recovery team.',
      datePosted: day(-3),
      validThrough: day(30),
      employmentType: 'FULL_TIME',
      identifier: { '@type': 'PropertyValue', name: 'Peer Workforce Hub', value: posting(201) },
      hiringOrganization: { '@type': 'Organization', name: 'North Star Peer Network', sameAs: 'https://northstar.example.org' },
      jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Duluth', addressRegion: 'MN', postalCode: '55802', addressCountry: 'US' } },
      baseSalary: { '@type': 'MonetaryAmount', currency: 'USD', value: { '@type': 'QuantitativeValue', minValue: 18, maxValue: 22, unitText: 'HOUR' } },
      directApply: true,
      applicationContact: { '@type': 'ContactPoint', url: 'https://northstar.example.org/careers/201' },
    });
    expect(ld).not.toHaveProperty('jobLocationType');
    expect(ld).not.toHaveProperty('applicantLocationRequirements');
  });

  it('a remote posting is TELECOMMUTE for applicants of its state, without a place; by email, it is not a direct application', async () => {
    const ld = await jsonLd(202);
    expect(googleJobPostingProblems(ld)).toEqual([]);
    expect(ld).toMatchObject({
      jobLocationType: 'TELECOMMUTE',
      applicantLocationRequirements: { '@type': 'State', name: 'Minnesota' },
      directApply: false,
      applicationContact: { '@type': 'ContactPoint', email: 'jobs@northstar.example.org' },
      baseSalary: { value: { minValue: 20, maxValue: 26 } },
    });
    expect(ld).not.toHaveProperty('jobLocation');
  });

  it('the checker catches what Google would: a remote posting without its state, an on-site one without its place', () => {
    const remote = { '@context': 'https://schema.org/', '@type': 'JobPosting', title: 't', description: 'd', datePosted: '2026-12-01', jobLocationType: 'TELECOMMUTE' };
    expect(googleJobPostingProblems(remote)).toEqual(expect.arrayContaining(['applicantLocationRequirements', 'hiringOrganization', 'directApply', 'baseSalary']));
    expect(googleJobPostingProblems({ ...remote, jobLocationType: undefined })).toContain('jobLocation');
  });
});
