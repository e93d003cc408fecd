/**
 * Input meant to break the hub: SQL in every text operator and in search, odd unicode, huge and negative numbers,
 * impossible dates, forged ids and cursors. Each gets an answer (rows that match, or a 400 saying why), never a 500,
 * and the data is as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './kit';

let hub: TestHub;
let before: number;

const HOSTILE = [
  `'; drop table employer; --`,
  `" or 1=1 --`,
  `x' or '1'='1`,
  `%_\\`,
  `$1 ?? ? :x`,
  `🧑‍⚕️ peer`,
  `שלום עולם`,
  `zero\u200bwidth`,
  `e\u0301`,
  `nul\u0000byte`,
  `lone \ud800 surrogate`,
  'x'.repeat(5000),
];

const TEXT_OPERATORS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith'];

async function tableSizes(): Promise<number> {
  const [{ count }] = await hub.sql<{ count: number }>(`select (select count(*) from employer) + (select count(*) from job_posting) + (select count(*) from peer_specialist) as count`);
  return Number(count);
}

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
  before = await tableSizes();
});
afterAll(() => hub?.close());

function expectAnswered(result: { status: number; errors?: { extensions?: Record<string, unknown> }[] }) {
  expect(result.status).not.toBe(500);
  for (const error of result.errors ?? []) expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
}

describe('text', () => {
  it('every text operator takes every hostile string as a value, never as SQL', async () => {
    for (const operator of TEXT_OPERATORS) {
      for (const value of HOSTILE) {
        const result = await hub.query<{ employers: { totalCount: number } }>(
          `query($value: String!) { employers(filter: { name: { ${operator}: $value } }) { totalCount } }`,
          { value },
        );
        expectAnswered(result);
        if (value.includes('\u0000')) expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        else expect(result.data?.employers.totalCount).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('in and notIn lists, and text search, take them too', async () => {
    for (const value of HOSTILE) {
      const lists = await hub.query<{ a: { totalCount: number }; b: { totalCount: number } }>(
        `query($values: [String!]!) { a: employers(filter: { name: { in: $values } }) { totalCount } b: employers(filter: { city: { notIn: $values } }) { totalCount } }`,
        { values: [value, 'Duluth'] },
      );
      expectAnswered(lists);
      const search = await hub.query<{ jobPostings: { totalCount: number } }>(`query($text: String!) { jobPostings(filter: { search: $text }) { totalCount } }`, { text: value.slice(0, 200) });
      expectAnswered(search);
      const lookup = await hub.query(`query($number: String!) { verifyCertification(jurisdiction: "TX", credentialNumber: $number) { holderName } }`, { number: value.slice(0, 32) });
      expectAnswered(lookup);
      const state = await hub.query(`query($code: String!) { jurisdiction(code: $code) { name } }`, { code: value });
      expectAnswered(state);
    }
  });

  it('a NUL character is refused with a message, wherever it comes', async () => {
    const result = await hub.query(`{ jurisdiction(code: "M\\u0000N") { name } }`);
    expect(result.status).toBe(400);
    expect(result.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(result.errors![0].message).toContain('NUL');
  });

  it('leaves every table as it was', async () => {
    expect(await tableSizes()).toBe(before);
  });
});

describe('numbers, dates, ids and cursors', () => {
  const cases: [string, string][] = [
    ['a page beyond Int', `{ employers(first: 2147483648) { totalCount } }`],
    ['a negative page', `{ employers(first: -1) { totalCount } }`],
    ['a page of 1e308', `{ employers(first: 1e308) { totalCount } }`],
    ['an Int filter beyond Int', `{ jobPostings(filter: { payMinCents: { gte: 99999999999 } }) { totalCount } }`],
    ['a float for an Int', `{ jobPostings(filter: { payMinCents: { gte: 1.5 } }) { totalCount } }`],
    ['an impossible date', `{ certifications(filter: { expiresOn: { lt: "2026-02-30" } }) { totalCount } }`],
    ['a date with SQL', `{ certifications(filter: { expiresOn: { lt: "2026-01-01'; drop table certification; --" } }) { totalCount } }`],
    ['an instant with SQL', `{ peerSpecialists(filter: { createdAt: { lt: "2026-01-01T00:00:00Z' or 1=1" } }) { totalCount } }`],
    ['an id with SQL', `{ node(id: "'; drop table employer; --") { id } }`],
    ['an id of a huge key', `{ node(id: "${Buffer.from('Employer:99999999999').toString('base64url')}") { id } }`],
    ['a cursor with SQL', `{ employers(after: "${Buffer.from(`["Employer","id:ASC","1; drop table employer"]`).toString('base64url')}") { totalCount } }`],
    ['a cursor of a huge key', `{ employers(after: "${Buffer.from('["Employer","id:ASC",1e300]').toString('base64url')}") { nodes { id } } }`],
    ['an enum that is not one', `{ jobPostings(filter: { status: { eq: DROP } }) { totalCount } }`],
    ['an in-list of 1,001', `{ employers(filter: { name: { in: [${Array.from({ length: 1001 }, (_, i) => `"e${i}"`).join(',')}] } }) { totalCount } }`],
  ];

  for (const [name, query] of cases) {
    it(`${name}: a 400 saying why`, async () => {
      const result = await hub.query(query);
      expect(result.status).toBe(400);
      expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(result.errors![0].extensions!.code);
      expect(result.errors![0].message.length).toBeGreaterThan(10);
    });
  }

  it('leaves every table as it was', async () => {
    expect(await tableSizes()).toBe(before);
  });
});
