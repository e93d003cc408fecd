/** SQL fragments carry their own bound values (src/sql/fragments.ts): written into one another, text and values stay in step. */
import { describe, expect, it } from 'vitest';
import { andAlso, bound, joinSql, raw, sql } from '../src/sql/fragments';

describe('sql fragments', () => {
  it('keeps the values of nested fragments in the order their placeholders appear', () => {
    const condition = joinSql([sql`a = ${bound(1)}`, raw('b is null'), sql`c in (${bound('x')}, ${bound('y')})`], ' and ');
    const statement = sql`select ${'t.id'} from ${'"t"'} t where ${condition} order by ${sql`rank(${bound('q')})`} limit ${bound(11)}`;
    expect(statement).toEqual({
      sql: `select t.id from "t" t where a = ? and b is null and c in (?, ?) order by rank(?) limit ?`,
      bindings: [1, 'x', 'y', 'q', 11],
    });
  });

  it('appends " and <condition>" only when there is one, to text or to a fragment', () => {
    expect(andAlso(null)).toBe('');
    expect(andAlso('x > 1')).toBe(' and x > 1');
    expect(sql`where true${andAlso(sql`x = ${bound(2)}`)}${andAlso(null)}`).toEqual({ sql: 'where true and x = ?', bindings: [2] });
  });
});
