/**
 * A refusal tells nothing a read would not. For every id argument of every mutation (at the top level, in its input,
 * in a list), and every role that may call it: naming a record the caller cannot read, or reads but may not change,
 * is answered exactly as naming no record at all (the same status, code, extensions and message, the id aside), and
 * writes nothing. The cases must cover every id argument of the schema: a new one fails here until it is added.
 * Every role a mutation's cases leave out must be refused it (FORBIDDEN), so that no role escapes the check; and the
 * answer for no record must name the argument, so that a case cannot pass by being refused for another reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { as, countRows, freezeToday, startTestHub, unfreezeToday, type GraphQLResponse, type TestHub } from './kit';
import { CLAIMS, gid, idArgumentsOfSchema, loadFixtures, MUTATIONS, none, TODAY } from './mutations';

let hub: TestHub;

/** The answer with the named id taken out of its message, for comparing two answers. */
function comparable(result: GraphQLResponse<unknown>, id: string) {
  const error = result.errors?.[0];
  return { status: result.status, data: result.data ?? null, message: error?.message.replaceAll(id, '<id>'), extensions: error?.extensions, errors: result.errors?.length };
}

beforeAll(async () => {
  freezeToday(TODAY);
  hub = await startTestHub({ seedScale: 1 });
  await loadFixtures(hub);
}, 240_000);

afterAll(async () => {
  await hub?.close();
  unfreezeToday();
});

describe('the cases cover the schema', () => {
  it('every id argument of every mutation has its case', () => {
    const covered = Object.entries(MUTATIONS).flatMap(([mutation, m]) => Object.keys(m.cases).map((argument) => `${mutation} ${argument}`));
    expect(covered.sort()).toEqual(idArgumentsOfSchema());
  });
});

describe.each(Object.entries(MUTATIONS))('%s', (mutation, m) => {
  const refusedRoles = Object.values(Role).filter((role) => role !== Role.ADMIN && !m.roles.includes(role));

  it(`is refused to ${refusedRoles.join(', ')} (FORBIDDEN), whatever it names`, async () => {
    for (const role of refusedRoles) {
      const result = await hub.query(m.document, m.refusedVariables(), await as(CLAIMS[role]()));
      expect(result.errors?.[0]?.extensions?.code, `${mutation} as ${role}`).toBe('FORBIDDEN');
    }
  });

  for (const [argument, c] of Object.entries(m.cases)) {
    if (c === null) continue;
    it(`${argument} (${c.role}): a record one may not change is answered as no record, and nothing is written`, async () => {
      const headers = await as(CLAIMS[c.role]());
      const audits = await countRows(hub, 'audit_record');
      const missing = none(c.type);
      const absent = await hub.query(m.document, c.variables(missing), headers);
      // the check is reached: the answer for no record names this argument
      expect(absent.status, JSON.stringify(absent.errors)).toBe(400);
      expect(absent.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(absent.errors?.[0]?.message).toMatch(c.refusedUnread ?? /there is no .* that you may change/);
      const others = c.others();
      if (c.everyRowReadable) {
        const read = await hub.query<Record<string, { totalCount: number }>>(`{ ${c.everyRowReadable} { totalCount } }`, {}, headers);
        const table = c.everyRowReadable.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`).replace(/s$/, '');
        const [{ n }] = await hub.sql<{ n: number }>(`select count(*)::int as n from ${table}`);
        expect(read.data![c.everyRowReadable].totalCount).toBe(n);
      } else {
        expect(others.length, 'the seeded data holds records the caller may not change').toBeGreaterThan(0);
      }
      for (const key of others) {
        const id = gid(c.type, key);
        const answer = await hub.query(m.document, c.variables(id), headers);
        expect(comparable(answer, id), `${mutation} ${argument} naming ${c.type} ${key}`).toEqual(comparable(absent, missing));
      }
      expect(await countRows(hub, 'audit_record')).toBe(audits);
    });
  }
});
