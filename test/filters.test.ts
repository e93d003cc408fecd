/**
 * Filters: one translator for every type. Each case is checked against the same question asked in plain SQL on
 * seeded data, and must select a non-trivial set of rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmployersOpenPostingsDocument, ExpiringCertificationsDocument, SearchOpenPostingsDocument } from '../src/client/operations';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { startTestHub, type TestHub } from './kit';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
});
afterAll(() => hub?.close());

const keys = (nodes: { id: string }[]) => nodes.map((n) => fromGlobalId(n.id).key);
const ids = async (sql: string, params: unknown[] = []) => (await hub.sql<{ id: number }>(sql, params)).map((r) => r.id);

/** Every key of a root connection under a filter, all pages read. */
async function allKeys(root: string, filter: unknown, orderBy?: unknown): Promise<number[]> {
  const result: number[] = [];
  let after: string | null = null;
  for (let page = 0; page < 200; page++) {
    const response: any = await hub.query(
      `query($filter: ${root[0].toUpperCase()}${root.slice(1, -1)}Filter, $after: String, $orderBy: [${root[0].toUpperCase()}${root.slice(1, -1)}OrderBy!]) {
        ${root}(first: 100, after: $after, filter: $filter, orderBy: $orderBy) { pageInfo { hasNextPage endCursor } nodes { id } } }`,
      { filter, after, orderBy },
    );
    expect(response.errors).toBeUndefined();
    result.push(...keys(response.data[root].nodes));
    if (!response.data[root].pageInfo.hasNextPage) break;
    after = response.data[root].pageInfo.endCursor;
  }
  return result;
}

describe('the questions of the three clients (schema/operations, typed documents)', () => {
  it('analyst: active MHPS certifications in Texas expiring before March, with each holder\'s current employer', async () => {
    const result = await hub.run(ExpiringCertificationsDocument, { jurisdiction: 'TX', credential: 'MHPS', status: 'ACTIVE', before: '2027-03-01', first: 100 });
    expect(result.errors).toBeUndefined();
    const expected = await ids(`select c.id from certification c join credential_type ct on ct.id = c.credential_type_id join jurisdiction j on j.id = c.jurisdiction_id
      where c.status = 'ACTIVE' and ct.code = 'MHPS' and j.code = 'TX' and c.expires_on < '2027-03-01' order by c.expires_on, c.id`);
    expect(expected.length).toBeGreaterThan(5);
    const page = result.data!.certifications;
    expect(keys(page.nodes)).toEqual(expected.slice(0, 100));
    expect(page.totalCount).toBe(expected.length);
    const current = await hub.sql<{ person_id: number; name: string }>(`select e.person_id, em.name from employment e join employer em on em.id = e.employer_id where e.ended_on is null order by e.id`);
    for (const node of page.nodes) {
      const names = current.filter((r) => r.person_id === fromGlobalId(node.person!.id).key).map((r) => r.name).slice(0, 5);
      expect(node.person!.employments.nodes.map((e) => e.employer.name)).toEqual(names);
    }
    // the certifications with people, current employments and employers in one statement, and the count
    expect(result.extensions?.sqlStatements).toBe(2);
  });

  it('job board: open postings in Minnesota in ACT or crisis programs paying at least $18 an hour, newest first', async () => {
    const expected = await ids(`select p.id from job_posting p join service_program sp on sp.id = p.program_id
      where p.status = 'OPEN' and p.jurisdiction_id = (select id from jurisdiction where code = 'MN') and sp.kind in ('ACT', 'MH_CRISIS', 'CRISIS_RESIDENTIAL')
        and p.pay_min_cents >= 1800 and p.pay_unit = 'HOUR' order by p.date_posted desc nulls first, p.id`);
    expect(expected.length).toBeGreaterThan(0);
    const got: number[] = [];
    let after: string | null | undefined;
    do {
      const result = await hub.run(SearchOpenPostingsDocument, { jurisdiction: 'MN', programs: ['ACT', 'MH_CRISIS', 'CRISIS_RESIDENTIAL'], minHourlyCents: 1800, first: 2, after });
      expect(result.errors).toBeUndefined();
      expect(result.data!.jobPostings.totalCount).toBe(expected.length);
      got.push(...keys(result.data!.jobPostings.nodes));
      after = result.data!.jobPostings.pageInfo.hasNextPage ? result.data!.jobPostings.pageInfo.endCursor : null;
    } while (after);
    expect(got).toEqual(expected);
  });

  it('dashboard: every employer of a state with its open-posting count', async () => {
    const result = await hub.run(EmployersOpenPostingsDocument, { jurisdiction: 'TX', first: 100 });
    expect(result.errors).toBeUndefined();
    const expected = await hub.sql<{ id: number; open: number }>(`select e.id, count(p.id) filter (where p.status = 'OPEN')::int as open
      from employer e left join job_posting p on p.employer_id = e.id where e.jurisdiction_id = (select id from jurisdiction where code = 'TX') group by e.id order by e.id`);
    expect(result.data!.employers.nodes.map((e) => [fromGlobalId(e.id).key, e.openPostings.totalCount])).toEqual(expected.map((r) => [r.id, r.open]));
    expect(result.data!.employers.totalCount).toBe(expected.length);
    expect(expected.some((r) => r.open > 0)).toBe(true);
    // employers with their open-posting counts, and their own count: no posting is read when only totalCount is asked for
    expect(result.extensions?.sqlStatements).toBe(2);
  });
});

describe('operators', () => {
  it('text: contains and startsWith ignore case; wildcards in the text are taken literally', async () => {
    const [{ last_name: name }] = await hub.sql<{ last_name: string }>(`select last_name from peer_specialist order by id limit 1`);
    const part = name.slice(1, 4).toUpperCase();
    expect(await allKeys('peerSpecialists', { lastName: { contains: part } })).toEqual(await ids(`select id from peer_specialist where last_name ilike ? order by id`, [`%${part}%`]));
    expect(await allKeys('peerSpecialists', { lastName: { startsWith: name.slice(0, 2).toLowerCase() } })).toEqual(
      await ids(`select id from peer_specialist where last_name ilike ? order by id`, [`${name.slice(0, 2)}%`]),
    );
    expect(await allKeys('peerSpecialists', { lastName: { contains: '%' } })).toEqual([]);
  });

  it('comparisons, lists, isNull and ranges on dates, numbers and enums', async () => {
    expect(await allKeys('certifications', { expiresOn: { gte: '2026-01-01', lte: '2026-12-31' }, status: { notIn: ['ACTIVE'] } })).toEqual(
      await ids(`select id from certification where expires_on between '2026-01-01' and '2026-12-31' and status <> 'ACTIVE' order by id`),
    );
    expect(await allKeys('certifications', { expiresOn: { isNull: true } })).toEqual(await ids(`select id from certification where expires_on is null order by id`));
    expect(await allKeys('jobPostings', { payMaxCents: { gt: 2200 }, employmentType: { ne: 'FULL_TIME' } })).toEqual(
      await ids(`select id from job_posting where pay_max_cents > 2200 and employment_type <> 'FULL_TIME' order by id`),
    );
  });

  it('and, or, not', async () => {
    const filter = { or: [{ status: { eq: 'EXPIRED' } }, { and: [{ status: { eq: 'ACTIVE' } }, { not: { expiresOn: { gt: '2027-06-01' } } }] }] };
    const expected = await ids(`select id from certification where status = 'EXPIRED' or (status = 'ACTIVE' and not coalesce(expires_on > '2027-06-01', false)) order by id`);
    expect(expected.length).toBeGreaterThan(10);
    expect(await allKeys('certifications', filter)).toEqual(expected);
  });

  it('ids: in a list of global ids', async () => {
    const wanted = [3, 5, 8];
    expect(await allKeys('employers', { id: { in: wanted.map((k) => toGlobalId('Employer', k)) } })).toEqual(wanted);
  });
});

describe('relations', () => {
  it('people with some, every or no certification expired', async () => {
    const some = await ids(`select p.id from peer_specialist p where exists (select 1 from certification c where c.person_id = p.id and c.status = 'EXPIRED') order by p.id`);
    const every = await ids(`select p.id from peer_specialist p where not exists (select 1 from certification c where c.person_id = p.id and c.status <> 'EXPIRED') order by p.id`);
    const none = await ids(`select p.id from peer_specialist p where not exists (select 1 from certification c where c.person_id = p.id and c.status = 'EXPIRED') order by p.id`);
    expect(some.length).toBeGreaterThan(10);
    expect(await allKeys('peerSpecialists', { certifications: { some: { status: { eq: 'EXPIRED' } } } })).toEqual(some);
    expect(await allKeys('peerSpecialists', { certifications: { every: { status: { eq: 'EXPIRED' } } } })).toEqual(every);
    expect(await allKeys('peerSpecialists', { certifications: { none: { status: { eq: 'EXPIRED' } } } })).toEqual(none);
    expect(await allKeys('peerSpecialists', { certifications: { none: {} } })).toEqual(
      await ids(`select p.id from peer_specialist p where not exists (select 1 from certification c where c.person_id = p.id) order by p.id`),
    );
  });

  it('certifications whose holder is employed in a given program kind', async () => {
    const filter = { person: { employments: { some: { program: { kind: { eq: 'ACT' } }, endedOn: { isNull: true } } } } };
    const expected = await ids(`select c.id from certification c where exists (select 1 from employment e join service_program sp on sp.id = e.program_id
      where e.person_id = c.person_id and sp.kind = 'ACT' and e.ended_on is null) order by c.id`);
    expect(expected.length).toBeGreaterThan(0);
    expect(await allKeys('certifications', filter)).toEqual(expected);
  });

  it('many-to-many from both sides', async () => {
    expect(await allKeys('jobPostings', { acceptedCredentialTypes: { some: { code: { eq: 'RSPS' } } } })).toEqual(
      await ids(`select p.id from job_posting p where exists (select 1 from job_posting_accepted_credential_type a join credential_type ct on ct.id = a.credential_type_id
        where a.job_posting_id = p.id and ct.code = 'RSPS') order by p.id`),
    );
    expect(await allKeys('credentialTypes', { jobPostings: { some: { status: { eq: 'OPEN' } } } })).toEqual(
      await ids(`select ct.id from credential_type ct where exists (select 1 from job_posting_accepted_credential_type a join job_posting p on p.id = a.job_posting_id
        where a.credential_type_id = ct.id and p.status = 'OPEN') order by ct.id`),
    );
  });
});

describe('refusals', () => {
  const cases: [string, unknown, RegExp][] = [
    ['an empty filter', {}, /"filter" is empty: leave it out/],
    ['a field with no operator', { status: {} }, /filter\.status has no condition/],
    ['an empty "and"', { and: [] }, /filter\.and needs at least one filter/],
    ['an empty "not"', { not: {} }, /filter\.not is empty/],
    ['a list quantifier with nothing in it', { person: { certifications: {} } }, /filter\.person\.certifications has no condition/],
    ['an id of another type', { id: { eq: toGlobalId('Employer', 1) } }, /is the id of a Employer, not of a Certification/],
    ['a list longer than 1,000', { status: { in: Array(1001).fill('ACTIVE') } }, /at most 1000 values/],
  ];
  for (const [name, filter, message] of cases) {
    it(`${name} is a 400 with a message, not everything`, async () => {
      const result = await hub.query(`query($filter: CertificationFilter) { certifications(first: 5, filter: $filter) { nodes { id } } }`, { filter });
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(message);
    });
  }
});
