/**
 * The complementary suppression rule (Disclosure's complementaryCells) on tables small enough to check by hand, and
 * the restricted answer of the stats compiler: having, order and first after suppression, and the group limit.
 */
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { complementaryCells, type Cell } from '../src/domain/metrics/disclosure';
import { certificationStatsDeclaration } from '../src/domain/metrics/stats';
import { MAX_RESTRICTED_GROUPS, StatsOrder, statsStatement } from '../src/domain/metrics/stats-sql';

const cell = (keys: unknown[], count: number | null, known = false): Cell => ({ keys, count, known });

describe('complementaryCells', () => {
  it('one key: a single withheld cell takes the smallest shown one with it; two withheld need nothing more', () => {
    expect([...complementaryCells([cell(['A'], 40), cell(['B'], null), cell(['C'], 12), cell(['D'], 30)])]).toEqual([2]);
    expect([...complementaryCells([cell(['A'], 40), cell(['B'], null), cell(['C'], null)])]).toEqual([]);
    // nothing withheld, or a single cell: nothing to protect
    expect([...complementaryCells([cell(['A'], 40), cell(['B'], 12)])]).toEqual([]);
    expect([...complementaryCells([cell([], null)])]).toEqual([]);
  });

  it('prefers a cell the caller does not read in full anyway, then the smallest, then the first', () => {
    expect([...complementaryCells([cell(['A'], 11, true), cell(['B'], null), cell(['C'], 50)])]).toEqual([2]);
    expect([...complementaryCells([cell(['A'], 20), cell(['B'], null), cell(['C'], 20)])]).toEqual([0]);
  });

  it('two keys: suppression spreads until no row, column or total has exactly one withheld cell', () => {
    //        x    y    z
    //   a    5   30   40        a x is small
    //   b   25   35   45
    const cells = [cell(['a', 'x'], null), cell(['a', 'y'], 30), cell(['a', 'z'], 40), cell(['b', 'x'], 25), cell(['b', 'y'], 35), cell(['b', 'z'], 45)];
    const added = complementaryCells(cells);
    // a x alone in row a, in column x and in the total: a y (30), b x (25) and then b y (35) go with it, the
    // rectangle of four that no row, column or total can undo
    expect([...added].sort()).toEqual([1, 3, 4]);
    const withheld = cells.map((c, i) => c.count === null || added.has(i));
    for (const line of [[0, 1, 2], [3, 4, 5], [0, 3], [1, 4], [2, 5], [0, 1, 2, 3, 4, 5]]) {
      expect(line.filter((i) => withheld[i]).length).not.toBe(1);
    }
  });

  it('a cell alone in its row and column is still part of the grand total', () => {
    // a x is the only cell of row a and of column x; b y holds the rest: the total less b y would give a x
    expect([...complementaryCells([cell(['a', 'x'], null), cell(['b', 'y'], 50)])]).toEqual([1]);
  });
});

describe('the restricted answer of the stats compiler', () => {
  const statement = (having: Record<string, unknown> | null, orderBy = StatsOrder.KEYS, first = 10) =>
    statsStatement(certificationStatsDeclaration, {
      groupBy: ['STATUS'],
      filter: null,
      having: having as never,
      orderBy,
      first,
      measures: new Set(['sum.extensionsUsed']),
      covered: 'false',
      restricted: true,
    });
  // as the statement returns them: key order, small counts already null; PROVISIONAL (12) is the complement of APPLIED
  const rows = [
    { k0: 'ACTIVE', count: 40, known: false, m0: 7 },
    { k0: 'APPLIED', count: null, known: false, m0: null },
    { k0: 'EXPIRED', count: 30, known: false, m0: 3 },
    { k0: 'PROVISIONAL', count: 12, known: false, m0: 1 },
  ];
  const withheld = { key: { status: null }, count: null, suppressed: true, sum: { extensionsUsed: null }, avg: {}, min: {}, max: {}, median: {} };

  it('withholds the complement with its figures and key, after the shown buckets, whatever the order', () => {
    const answer = statement(null).answer(rows);
    expect(answer.buckets.map((b) => [b.key.status, b.count, b.sum.extensionsUsed])).toEqual([['ACTIVE', 40, 7], ['EXPIRED', 30, 3], [null, null, null], [null, null, null]]);
    expect(answer.buckets[3]).toEqual(withheld);
    const ascending = statement(null, StatsOrder.COUNT_ASC).answer(rows);
    expect(ascending.buckets.map((b) => b.count)).toEqual([30, 40, null, null]);
  });

  it('having acts on the published figures: a complement of 12 meets no comparison, only isNull and notIn', () => {
    expect(statement({ count: { gte: 12, lte: 35 } }).answer(rows).buckets.map((b) => b.count)).toEqual([30]);
    expect(statement({ count: { isNull: true } }).answer(rows).buckets).toEqual([withheld, withheld]);
    expect(statement({ count: { notIn: [40] } }).answer(rows).buckets.map((b) => b.count)).toEqual([30, null, null]);
    expect(statement({ sum: { extensionsUsed: { lt: 5 } } }).answer(rows).buckets.map((b) => b.key.status)).toEqual(['EXPIRED']);
  });

  it('first and hasMore count the published answer', () => {
    expect(statement(null, StatsOrder.KEYS, 3).answer(rows)).toMatchObject({ hasMore: true, buckets: [{ count: 40 }, { count: 30 }, { count: null }] });
    expect(statement(null, StatsOrder.KEYS, 4).answer(rows).hasMore).toBe(false);
  });

  it('asks the database for every group, and refuses more than it may weigh', () => {
    const { sql, bindings } = statement({ count: { gte: 12 } });
    expect(sql).not.toContain(' where ');
    expect(bindings).toEqual([MAX_RESTRICTED_GROUPS + 1]);
    const many = Array.from({ length: MAX_RESTRICTED_GROUPS + 1 }, (_, i) => ({ k0: `S${i}`, count: 20, known: false, m0: 0 }));
    expect(() => statement(null).answer(many)).toThrow(/more than 10,000 groups/);
  });
});
