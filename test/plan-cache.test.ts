/**
 * Plans shared between requests: the requests that send one parsed operation with the same variables in the same
 * scope reuse what the first planned and compiled; other variables or another scope get plans of their own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Role } from '../src/auth/viewer';
import { SelectCompiler } from '../src/graphql/select-sql';
import { as, startTestHub, type TestHub } from './kit';

let hub: TestHub;
const CERTIFICATIONS = 'query Certifications($first: Int, $after: String) { certifications(first: $first, after: $after) { totalCount pageInfo { endCursor } nodes { id } } }';
type Answer = { certifications: { totalCount: number; pageInfo: { endCursor: string | null }; nodes: { id: string }[] } };

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
});
afterAll(() => hub?.close());
afterEach(() => vi.restoreAllMocks());

const countIn = async (code: string | null) =>
  (
    await hub.sql<{ count: number }>(
      `select count(*)::int as count from certification${code ? ` where jurisdiction_id = (select id from jurisdiction where code = ?)` : ''}`,
      code ? [code] : [],
    )
  )[0].count;

describe('plans shared between requests', () => {
  it('never cross scopes: one document with the same variables, sent in turn by viewers of different scopes', async () => {
    const viewers = {
      MN: await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] }),
      TX: await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] }),
      ADMIN: await as({ role: Role.ADMIN }),
      PUBLIC: await as('PUBLIC'),
    };
    const expected = { MN: await countIn('MN'), TX: await countIn('TX'), ADMIN: await countIn(null), PUBLIC: 0 };
    expect(new Set(Object.values(expected)).size).toBe(4);
    for (const round of [1, 2]) {
      for (const [name, headers] of Object.entries(viewers)) {
        const answer = await hub.query<Answer>(CERTIFICATIONS, { first: 2 }, headers);
        expect(answer.errors, `${name}, round ${round}`).toBeUndefined();
        expect(answer.data!.certifications.totalCount, `${name}, round ${round}`).toBe(expected[name as keyof typeof expected]);
      }
    }
  });

  it('are planned and compiled once for one operation, variables and scope, and again for other variables', async () => {
    const compile = vi.spyOn(SelectCompiler, 'list');
    const headers = await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] });
    // a document of its own, so that no other test planned it before
    const query = `${CERTIFICATIONS} # compiled once`;
    const first = await hub.query<Answer>(query, { first: 3 }, headers);
    const again = await hub.query<Answer>(query, { first: 3 }, headers);
    expect(again.data).toEqual(first.data);
    expect(compile).toHaveBeenCalledTimes(1);

    // the next page (other variables) is planned for itself, and follows the first
    const next = await hub.query<Answer>(query, { first: 3, after: first.data!.certifications.pageInfo.endCursor }, headers);
    expect(compile).toHaveBeenCalledTimes(2);
    const ids = [...first.data!.certifications.nodes, ...next.data!.certifications.nodes].map((node) => node.id);
    const both = await hub.query<Answer>(query, { first: 6 }, headers);
    expect(both.data!.certifications.nodes.map((node) => node.id)).toEqual(ids);
    expect(compile).toHaveBeenCalledTimes(3);
  });
});
