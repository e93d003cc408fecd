/** Full-text search of job postings: title, description and employer name, through GIN indexes, best matches first. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../src/graphql/catalog';
import { Scope } from '../src/auth/scope';
import { PUBLIC_VIEWER } from '../src/auth/viewer';
import { FilterTranslator } from '../src/graphql/filter-sql';
import { fromGlobalId } from '../src/graphql/global-id';
import { registeredTypes } from '../src/graphql/relations';
import { startTestHub, type TestHub } from './kit';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
});
afterAll(() => hub?.close());

const MATCH = `(to_tsvector('english', p.title || ' ' || p.description) @@ websearch_to_tsquery('english', ?)
  or p.employer_id in (select e.id from employer e where to_tsvector('english', e.name) @@ websearch_to_tsquery('english', ?)))`;

async function search(text: string, variables: Record<string, unknown> = {}) {
  const result: any = await hub.query(
    `query($filter: JobPostingFilter, $orderBy: [JobPostingOrderBy!], $first: Int, $after: String, $last: Int, $before: String) {
      jobPostings(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id title } } }`,
    { filter: { search: text }, ...variables },
  );
  return result;
}

describe('search', () => {
  it('matches title, description and employer by word stems, best matches first', async () => {
    const expected = await hub.sql<{ id: number }>(
      `select p.id from job_posting p where ${MATCH}
        order by ts_rank(to_tsvector('english', p.title || ' ' || p.description), websearch_to_tsquery('english', ?)) desc, p.id limit 20`,
      ['crisis or warmline', 'crisis or warmline', 'crisis or warmline'],
    );
    expect(expected.length).toBeGreaterThan(0);
    const result = await search('crisis or warmline', { first: 20 });
    expect(result.errors).toBeUndefined();
    expect(result.data.jobPostings.nodes.map((n: { id: string }) => fromGlobalId(n.id).key)).toEqual(expected.map((r) => r.id));
  });

  it('matches the employer\'s name too', async () => {
    const [{ name }] = await hub.sql<{ name: string }>(`select name from employer where name like '%Cooperative%' or name like '%Residence%' order by id limit 1`);
    const word = name.split(' ')[0];
    const result = await search(word, { first: 100 });
    const [{ count }] = await hub.sql<{ count: number }>(`select count(*)::int as count from job_posting p where ${MATCH}`, [word, word]);
    expect(count).toBeGreaterThan(0);
    expect(result.data.jobPostings.totalCount).toBe(count);
  });

  it('pages by relevance forward and backward, each match exactly once', async () => {
    const text = 'peer specialist';
    const [{ count }] = await hub.sql<{ count: number }>(`select count(*)::int as count from job_posting p where ${MATCH}`, [text, text]);
    expect(count).toBeGreaterThan(20);
    const forward: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await search(text, { first: 7, after });
      forward.push(...page.data.jobPostings.nodes.map((n: { id: string }) => n.id));
      after = page.data.jobPostings.pageInfo.hasNextPage ? page.data.jobPostings.pageInfo.endCursor : null;
    } while (after);
    const backward: string[][] = [];
    let before: string | null = null;
    do {
      const page: any = await search(text, { last: 7, before });
      backward.unshift(page.data.jobPostings.nodes.map((n: { id: string }) => n.id));
      before = page.data.jobPostings.pageInfo.hasPreviousPage ? page.data.jobPostings.pageInfo.startCursor : null;
    } while (before);
    expect(forward).toHaveLength(count);
    expect(new Set(forward).size).toBe(count);
    expect(backward.flat()).toEqual(forward);
  });

  it('keeps a requested order instead of relevance', async () => {
    const result = await search('peer', { first: 50, orderBy: [{ field: 'DATE_POSTED', direction: 'DESC' }] });
    const expected = await hub.sql<{ id: number }>(`select p.id from job_posting p where ${MATCH} order by p.date_posted desc nulls first, p.id limit 50`, ['peer', 'peer']);
    expect(result.data.jobPostings.nodes.map((n: { id: string }) => fromGlobalId(n.id).key)).toEqual(expected.map((r) => r.id));
  });

  it('refuses an empty search, and relevance without a search', async () => {
    const empty = await search('   ', { first: 5 });
    expect(empty.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const relevance: any = await hub.query(`{ jobPostings(first: 5, orderBy: [{ field: RELEVANCE }]) { nodes { id } } }`);
    expect(relevance.status).toBe(400);
    expect(relevance.errors[0].message).toContain('RELEVANCE needs a filter with search');
  });

  it('reads the GIN indexes, not the tables, for the match', async () => {
    const catalog = new Catalog(hub.orm);
    const compiled = FilterTranslator.compile(catalog, new Map(registeredTypes().map((t) => [t.name, t])), new Scope(PUBLIC_VIEWER, catalog), 'JobPosting', { search: 'crisis' })!;
    const plan = await hub.orm.em.transactional(async (em) => {
      const connection = em.getConnection();
      const context = em.getTransactionContext();
      // with whole-table reads priced out (sequential and full-index scans), only an index whose expression matches
      // the query's can serve the match: PostgreSQL would otherwise pick whole-table reads on a small table
      for (const setting of ['enable_seqscan', 'enable_indexscan', 'enable_indexonlyscan']) {
        await connection.execute(`set local ${setting} = off`, [], 'run', context);
      }
      const rows = await connection.execute<{ 'QUERY PLAN': string }[]>(`explain select t.id from job_posting t where ${compiled.sql}`, compiled.bindings as never[], 'all', context);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('job_posting_search_index');
    expect(plan).toContain('employer_search_index');
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
