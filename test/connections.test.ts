/**
 * Cursor connections: any order over indexed fields, forward and backward, ties and nulls included, never skipping
 * or repeating an item; totalCount only when selected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyed } from '../src/domain/base';
import { entities } from '../src/domain/entities';
import { Catalog } from '../src/graphql/catalog';
import { sortableProperties } from '../src/graphql/ordering';
import { fromGlobalId } from '../src/graphql/global-id';
import { startTestHub, type GraphQLResponse, type TestHub } from './kit';

let hub: TestHub;
const POSTINGS = 57;

interface Page {
  jobPostings: {
    totalCount?: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    nodes: { id: string; payMinCents: number; datePosted: string | null }[];
  };
}

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: [JobPostingOrderBy!]) {
  jobPostings(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id payMinCents datePosted }
  }
}`;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5706494, 2020, '[]')`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'A', 'HOSPITAL', 'Duluth'), (2, 1, 'B', 'HOSPITAL', 'Ely')`);
  // three pay levels, a quarter of the dates missing, many exact ties on both
  await hub.sql(`insert into job_posting (employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit, certification_requirement, status, date_posted)
    select 1 + g % 2, 1, 'Job ' || g, 'D', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 1800 + (g % 3) * 100, 2400, 'HOUR', 'REQUIRED', 'OPEN',
           case when g % 4 = 0 then null else date '2026-10-01' + (g % 5) end
      from generate_series(1, ${POSTINGS}) g`);
});
afterAll(() => hub?.close());

async function expectedOrder(orderSql: string): Promise<number[]> {
  return (await hub.sql<{ id: number }>(`select id from job_posting order by ${orderSql}`)).map((r) => r.id);
}

async function walk(direction: 'forward' | 'backward', size: number, orderBy?: unknown): Promise<number[]> {
  const seen: number[][] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const variables: Record<string, unknown> = direction === 'forward' ? { first: size, after: cursor, orderBy } : { last: size, before: cursor, orderBy };
    const result: GraphQLResponse<Page> = await hub.query<Page>(PAGE, variables);
    expect(result.errors).toBeUndefined();
    const page: Page['jobPostings'] = result.data!.jobPostings;
    const keys = page.nodes.map((n) => fromGlobalId(n.id).key);
    if (direction === 'forward') seen.push(keys);
    else seen.unshift(keys);
    const more = direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
    if (!more) break;
    cursor = direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor;
  }
  return seen.flat();
}

describe('ordering and paging', () => {
  const orders: [string, unknown, string][] = [
    ['the default order', undefined, 'id'],
    ['a descending field with ties', [{ field: 'PAY_MIN_CENTS', direction: 'DESC' }], 'pay_min_cents desc, id'],
    ['a nullable field with ties', [{ field: 'DATE_POSTED' }], 'date_posted asc nulls last, id'],
    ['a nullable field descending, then another', [{ field: 'DATE_POSTED', direction: 'DESC' }, { field: 'PAY_MIN_CENTS' }], 'date_posted desc nulls first, pay_min_cents, id'],
    ['mixed directions', [{ field: 'PAY_MIN_CENTS' }, { field: 'DATE_POSTED', direction: 'DESC' }], 'pay_min_cents, date_posted desc nulls first, id'],
  ];
  for (const [name, orderBy, sql] of orders) {
    it(`${name}: every item exactly once, forward and backward, in PostgreSQL's order`, async () => {
      const expected = await expectedOrder(sql);
      expect(expected).toHaveLength(POSTINGS);
      expect(await walk('forward', 5, orderBy)).toEqual(expected);
      expect(await walk('backward', 5, orderBy)).toEqual(expected);
      expect(await walk('forward', 13, orderBy)).toEqual(expected);
    });
  }

  it('last alone reads the end of the order and says that items precede', async () => {
    const result = await hub.query<Page>(PAGE, { last: 3, orderBy: [{ field: 'PAY_MIN_CENTS', direction: 'DESC' }] });
    const expected = (await expectedOrder('pay_min_cents desc, id')).slice(-3);
    expect(result.data!.jobPostings.nodes.map((n) => fromGlobalId(n.id).key)).toEqual(expected);
    expect(result.data!.jobPostings.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('refuses a cursor from another order, and first with last', async () => {
    const byPay = await hub.query<Page>(PAGE, { first: 2, orderBy: [{ field: 'PAY_MIN_CENTS' }] });
    const other = await hub.query<Page>(PAGE, { first: 2, after: byPay.data!.jobPostings.pageInfo.endCursor });
    expect(other.status).toBe(400);
    expect(other.errors?.[0].message).toContain('cursor of another order');
    const both = await hub.query<Page>(PAGE, { first: 2, last: 2 });
    expect(both.status).toBe(400);
    expect(both.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a tampered cursor value without reaching the database', async () => {
    const forged = Buffer.from(JSON.stringify(['JobPosting', 'datePosted:ASC,id:ASC', 'not a date', 3])).toString('base64url');
    const result = await hub.query<Page>(PAGE, { first: 2, after: forged, orderBy: [{ field: 'DATE_POSTED' }] });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('nested connections', () => {
  it('order and page each parent\'s items, backward too, in one statement for all parents', async () => {
    const result = await hub.query<{ employers: { nodes: { jobPostings: { nodes: { id: string }[]; pageInfo: { hasPreviousPage: boolean } } }[] } }>(
      `{ employers(first: 2) { nodes { jobPostings(last: 4, orderBy: [{ field: PAY_MIN_CENTS, direction: DESC }, { field: DATE_POSTED }]) { pageInfo { hasPreviousPage } nodes { id } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    for (const [index, employer] of result.data!.employers.nodes.entries()) {
      const expected = (await hub.sql<{ id: number }>(`select id from job_posting where employer_id = ? order by pay_min_cents desc, date_posted asc nulls last, id`, [index + 1])).map((r) => r.id);
      expect(employer.jobPostings.nodes.map((n) => fromGlobalId(n.id).key)).toEqual(expected.slice(-4));
      expect(employer.jobPostings.pageInfo.hasPreviousPage).toBe(true);
    }
    // the employers with each one's page of postings, cut per employer inside the same statement
    expect(result.extensions!.sqlStatements).toBe(1);
  });
});

describe('totalCount', () => {
  it('counts the whole connection at the root and per parent, one statement each, only when selected', async () => {
    const without = await hub.query(`{ employers(first: 2) { nodes { jobPostings(first: 1) { nodes { id } } } } }`);
    const withCounts = await hub.query<{ employers: { totalCount: number; nodes: { jobPostings: { totalCount: number } }[] } }>(
      `{ employers(first: 2) { totalCount nodes { jobPostings(first: 1) { totalCount nodes { id } } } } }`,
    );
    expect(withCounts.data!.employers.totalCount).toBe(2);
    expect(withCounts.data!.employers.nodes.map((e) => e.jobPostings.totalCount)).toEqual([28, 29]);
    // the root count is a statement of its own; the per-employer counts ride in the page's statement
    expect(without.extensions!.sqlStatements).toBe(1);
    expect(withCounts.extensions!.sqlStatements).toBe(2);
  });
});

describe('sortable fields', () => {
  it('each have an index that starts with their column', async () => {
    const catalog = new Catalog(hub.orm);
    const missing: string[] = [];
    for (const entity of entities.filter((e) => e.prototype instanceof Keyed)) {
      const shape = catalog.get(entity.name);
      for (const property of sortableProperties(entity)) {
        const column = shape.columns.get(property)?.column;
        const [{ indexed }] = await hub.sql<{ indexed: boolean }>(
          `select exists (select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
             where i.indrelid = ?::regclass and a.attname = ?) as indexed`,
          [shape.table, column],
        );
        if (!indexed) missing.push(`${entity.name}.${property}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
