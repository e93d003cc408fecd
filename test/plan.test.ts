/**
 * Selections the planner must read as graphql-js executes them: aliases, fragments, directives, the same relation
 * under nodes and edges, bad arguments deep down, and variables that change between requests of one document.
 * Every answer is checked against the rows, and every query against its statement count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { startTestHub, type TestHub } from './kit';

let hub: TestHub;

type Posting = { id: string; title?: string; status?: string };
type Page = { totalCount?: number; nodes?: Posting[]; edges?: { cursor: string; node: Posting }[]; pageInfo?: { hasNextPage: boolean } };

beforeAll(async () => {
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5706494, 2020, '[]')`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) select g, 1, 'Employer ' || g, 'PEER_RUN_ORGANIZATION', 'Duluth' from generate_series(1, 3) g`);
  // employer g has 3 * g postings; every third one is closed
  await hub.sql(`insert into job_posting (employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit, certification_requirement, status, date_posted)
    select e, 1, 'Posting ' || e || '.' || n, 'Peer support', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 1800 + n, 2400, 'HOUR', 'REQUIRED',
           case when n % 3 = 0 then 'CLOSED' else 'OPEN' end, date '2026-10-01' + n
      from generate_series(1, 3) e, generate_series(1, 3 * e) n order by e, n`);
});
afterAll(() => hub?.close());

async function postingsOf(employer: number, status?: string): Promise<{ id: number; title: string }[]> {
  return hub.sql(`select id, title from job_posting where employer_id = ? ${status ? 'and status = ?' : ''} order by id`, status ? [employer, status] : [employer]);
}
const keys = (postings: Posting[]) => postings.map((p) => fromGlobalId(p.id).key);

describe('one statement for a selection however it is written', () => {
  it('aliases of one relation with different arguments under the same parent', async () => {
    const result = await hub.query<{ employers: { nodes: { open: Page; closed: Page; firstTwo: Page }[] } }>(`{
      employers(first: 3) { nodes {
        open: jobPostings(first: 50, filter: { status: { eq: OPEN } }) { totalCount nodes { id } }
        closed: jobPostings(first: 50, filter: { status: { eq: CLOSED } }) { totalCount nodes { id } }
        firstTwo: jobPostings(first: 2) { pageInfo { hasNextPage } nodes { id } }
      } } }`);
    expect(result.errors).toBeUndefined();
    for (const [index, employer] of result.data!.employers.nodes.entries()) {
      const open = (await postingsOf(index + 1, 'OPEN')).map((p) => p.id);
      const closed = (await postingsOf(index + 1, 'CLOSED')).map((p) => p.id);
      expect(keys(employer.open.nodes!)).toEqual(open);
      expect(employer.open.totalCount).toBe(open.length);
      expect(keys(employer.closed.nodes!)).toEqual(closed);
      expect(employer.closed.totalCount).toBe(closed.length);
      expect(keys(employer.firstTwo.nodes!)).toEqual((await postingsOf(index + 1)).slice(0, 2).map((p) => p.id));
      expect(employer.firstTwo.pageInfo!.hasNextPage).toBe(true);
    }
    expect(result.extensions?.sqlStatements).toBe(1);
  });

  it('nodes and edges of one connection, and the same relation below each with other arguments', async () => {
    const result = await hub.query<{ employers: { nodes: { id: string; jobPostings: Page }[]; edges: { cursor: string; node: { id: string; jobPostings: Page } }[] } }>(`{
      employers(first: 2) {
        nodes { id jobPostings(first: 1) { nodes { id } } }
        edges { cursor node { id jobPostings(last: 2) { nodes { id title } } } }
      } }`);
    expect(result.errors).toBeUndefined();
    const { nodes, edges } = result.data!.employers;
    for (const [index, employer] of nodes.entries()) {
      const all = await postingsOf(index + 1);
      expect(keys(employer.jobPostings.nodes!)).toEqual([all[0].id]);
      expect(edges[index].node.id).toBe(employer.id);
      expect(edges[index].node.jobPostings.nodes!.map((p) => p.title)).toEqual(all.slice(-2).map((p) => p.title));
    }
    expect(result.extensions?.sqlStatements).toBe(1);
  });

  it('named and inline fragments, a fragment spread in two places, @skip and @include', async () => {
    const query = `
      fragment Postings on Employer { jobPostings(first: 2, filter: { status: { eq: OPEN } }) { nodes { ...PostingFields } } }
      fragment PostingFields on JobPosting { id title }
      query Fragments($withCity: Boolean!, $skipName: Boolean!) {
        employers(first: 2) { nodes { ...Postings ... on Employer { city @include(if: $withCity) name @skip(if: $skipName) } } }
        employer(id: "${toGlobalId('Employer', 3)}") { ...Postings }
      }`;
    const result = await hub.query<{ employers: { nodes: { jobPostings: Page; city?: string; name?: string }[] }; employer: { jobPostings: Page } }>(query, { withCity: true, skipName: true });
    expect(result.errors).toBeUndefined();
    const first = result.data!.employers.nodes[0];
    expect(first.city).toBe('Duluth');
    expect(first).not.toHaveProperty('name');
    expect(first.jobPostings.nodes!.map((p) => p.title)).toEqual((await postingsOf(1, 'OPEN')).slice(0, 2).map((p) => p.title));
    expect(keys(result.data!.employer.jobPostings.nodes!)).toEqual((await postingsOf(3, 'OPEN')).slice(0, 2).map((p) => p.id));
    // one statement per root field
    expect(result.extensions?.sqlStatements).toBe(2);

    const flipped = await hub.query<{ employers: { nodes: { city?: string; name?: string }[] } }>(query, { withCity: false, skipName: false });
    expect(flipped.data!.employers.nodes[0]).toMatchObject({ name: 'Employer 1' });
    expect(flipped.data!.employers.nodes[0]).not.toHaveProperty('city');
  });

  it('nodes(ids) of several types: one statement per type, answers in the order asked', async () => {
    const ids = [toGlobalId('Employer', 2), toGlobalId('JobPosting', 1), toGlobalId('Employer', 1), toGlobalId('Employer', 99)];
    const result = await hub.query<{ nodes: ({ __typename: string; name?: string; title?: string; jobPostings?: Page } | null)[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Employer { name jobPostings(first: 1) { totalCount } } ... on JobPosting { title } } }`,
      { ids },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.nodes).toEqual([
      { __typename: 'Employer', name: 'Employer 2', jobPostings: { totalCount: 6 } },
      { __typename: 'JobPosting', title: 'Posting 1.1' },
      { __typename: 'Employer', name: 'Employer 1', jobPostings: { totalCount: 3 } },
      null,
    ]);
    expect(result.extensions?.sqlStatements).toBe(2);
  });

  it('a posting list with JSON-LD: employer and state come in the same statement', async () => {
    const result = await hub.query<{ jobPostings: { nodes: { jsonLd: { hiringOrganization: { name: string }; jobLocation: { address: { addressRegion: string } } } }[] } }>(
      `{ jobPostings(first: 10) { nodes { jsonLd } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.jobPostings.nodes).toHaveLength(10);
    expect(result.data!.jobPostings.nodes[0].jsonLd.hiringOrganization.name).toBe('Employer 1');
    expect(result.data!.jobPostings.nodes.every((n) => n.jsonLd.jobLocation.address.addressRegion === 'MN')).toBe(true);
    expect(result.extensions?.sqlStatements).toBe(1);

    // an alias that names another relation after the one JSON-LD reads does not stand in for it
    const aliased = await hub.query<{ jobPostings: { nodes: { employer: { code: string }; jsonLd: { hiringOrganization: { name: string } } }[] } }>(
      `{ jobPostings(first: 1) { nodes { employer: jurisdiction { code } jsonLd } } }`,
    );
    expect(aliased.data!.jobPostings.nodes[0]).toMatchObject({ employer: { code: 'MN' }, jsonLd: { hiringOrganization: { name: 'Employer 1' } } });
  });
});

describe('arguments', () => {
  it('a bad argument deep down fails that field, at its own path, as a 400', async () => {
    const result = await hub.query<{ employers: unknown }>(`{ employers(first: 2) { nodes { name jobPostings(first: 1000) { nodes { id } } } } }`);
    expect(result.status).toBe(400);
    expect(result.errors![0]).toMatchObject({ path: ['employers', 'nodes', 0, 'jobPostings'], extensions: { code: 'BAD_USER_INPUT', limit: 100, value: 1000 } });
    // nodes and their items are non-null, so the error reaches the root field, as the schema says
    expect(result.data).toBeNull();
  });

  it('one document with other variables in each request: nothing carries over from the last request', async () => {
    const query = `query($n: Int!, $status: JobPostingStatus!) { employers(first: 3) { nodes { jobPostings(first: $n, filter: { status: { eq: $status } }) { nodes { id status } } } } }`;
    const expectations: [number, string][] = [[1, 'OPEN'], [4, 'CLOSED'], [2, 'OPEN']];
    const answers = await Promise.all(expectations.map(([n, status]) => hub.query<{ employers: { nodes: { jobPostings: Page }[] } }>(query, { n, status })));
    for (const [index, [n, status]] of expectations.entries()) {
      for (const [e, employer] of answers[index].data!.employers.nodes.entries()) {
        expect(keys(employer.jobPostings.nodes!)).toEqual((await postingsOf(e + 1, status)).slice(0, n).map((p) => p.id));
      }
    }
  });
});
