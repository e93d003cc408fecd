import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Role, type Viewer } from '../../auth/viewer';

/** Counts from 1 to this are withheld from callers without analyst rights (the usual public-health cell size). */
export const SMALL_CELL_MAX = 10;

/**
 * Who reads which aggregate figures unsuppressed: ADMIN everywhere, a STATE_ANALYST in the jurisdictions of their
 * token, everyone else nowhere. Aggregates count every matching row whoever asks; what protects people is that a
 * figure resting on 1 to 10 records is withheld unless the caller has analyst rights over every jurisdiction it
 * covers, and that a total is withheld when it would let a withheld figure be worked out.
 */
export class Disclosure {
  private readonly codes: ReadonlySet<string> | 'all';

  constructor(viewer: Viewer) {
    if (!viewer.jurisdictions.every((code) => /^[A-Z]{2}$/.test(code))) throw new Error('jurisdiction codes must be validated USPS codes');
    this.codes = viewer.role === Role.ADMIN ? 'all' : viewer.role === Role.STATE_ANALYST ? new Set(viewer.jurisdictions) : new Set();
  }

  /** The caller reads every figure unsuppressed. */
  get unrestricted(): boolean {
    return this.codes === 'all';
  }

  /** The caller has analyst rights over the jurisdiction (by USPS code). */
  covers(code: string): boolean {
    return this.codes === 'all' || this.codes.has(code);
  }

  /**
   * The caller has analyst rights over every jurisdiction a request touches: `codes` are the jurisdictions its filter
   * keeps to, null when it keeps to none (every jurisdiction). Such a request has the full power of the API; any other
   * is held to the published dimensions (see stats-sql.ts) and to complementary suppression.
   */
  coversEvery(codes: readonly string[] | null): boolean {
    if (this.codes === 'all') return true;
    return codes !== null && codes.length > 0 && codes.every((code) => this.covers(code));
  }

  /**
   * A boolean SQL aggregate: every row of the group lies in a jurisdiction the caller has analyst rights over, or is a
   * row the caller may read one by one (`readable`, the scope's condition on it; null: every row is). `jurisdictionId`
   * is an expression for the row's jurisdiction key. An empty group counts as covered.
   */
  coveredSql(jurisdictionId: string, readable: string | null = 'false'): string {
    if (this.codes === 'all' || readable === null) return 'true';
    const inCodes = this.codes.size
      ? `${jurisdictionId} in (select dj.id from "jurisdiction" dj where dj."code" in (${[...this.codes].map((code) => `'${code}'`).join(', ')}))`
      : 'false';
    // a row the caller may read one by one (an open posting, for anyone) reveals nothing a list does not
    return `coalesce(bool_and(${inCodes} or coalesce(${readable}, false)), true)`;
  }

  /** SQL: the published value of a count expression, null when withheld; `covered` is a coveredSql() expression. */
  static publishedCountSql(count: string, covered: string): string {
    return `case when ${covered} or ${count} = 0 or ${count} > ${SMALL_CELL_MAX} then ${count} end`;
  }
}

/** One cell of an answer: the values of its keys, and its published count (null: withheld). */
export interface Cell {
  keys: readonly unknown[];
  count: number | null;
  /** Every record of the cell is one the caller reads in full anyway (analyst rights, or readable one by one). */
  known: boolean;
}

/**
 * Complementary suppression. A margin of an answer is the total of the cells that share the values of some of its
 * keys (every proper subset of them, the empty one being the grand total): anyone can have it by grouping by fewer
 * keys. Where exactly one cell of a margin of two cells or more is withheld, subtracting the shown ones from the
 * margin would give it away; so the smallest shown cell of that margin is withheld too (one the caller does not
 * read in full anyway first, then the smallest count, then the first in key order), and the rule is applied again
 * until no margin has exactly one withheld cell. Returns the indexes of the cells it withholds.
 */
export function complementaryCells(cells: readonly Cell[]): Set<number> {
  const added = new Set<number>();
  if (cells.length < 2) return added;
  const width = cells[0].keys.length;
  const parts = cells.map((cell) => cell.keys.map((key) => JSON.stringify(key ?? null)));
  const margins: number[][] = [];
  // mask: the keys held fixed; the full mask would be the cells themselves
  for (let mask = 0; mask < (1 << width) - 1; mask++) {
    const byValues = new Map<string, number[]>();
    parts.forEach((values, i) => {
      const id = values.filter((_, k) => mask & (1 << k)).join('\u0000');
      const members = byValues.get(id);
      if (members) members.push(i);
      else byValues.set(id, [i]);
    });
    for (const members of byValues.values()) if (members.length >= 2) margins.push(members);
  }
  const withheld = cells.map((cell) => cell.count === null);
  const better = (a: number, b: number) =>
    Number(cells[a].known) - Number(cells[b].known) || cells[a].count! - cells[b].count! || a - b;
  for (let changed = true; changed; ) {
    changed = false;
    for (const members of margins) {
      if (members.filter((i) => withheld[i]).length !== 1) continue;
      const pick = members.filter((i) => !withheld[i]).sort(better)[0];
      withheld[pick] = true;
      added.add(pick);
      changed = true;
    }
  }
  return added;
}

/** A figure resting on `basis` records is withheld when the basis is a small cell the caller may not see. */
export function isSmallCell(basis: number, covered: boolean): boolean {
  return !covered && basis >= 1 && basis <= SMALL_CELL_MAX;
}

export interface Published<T> {
  value: T | null;
  suppressed: boolean;
}

export function published<T>(value: T | null, suppressed: boolean): Published<T> {
  return suppressed ? { value: null, suppressed: true } : { value, suppressed: false };
}

@ObjectType({
  description:
    'A count. Null with suppressed: true when it is 1 to 10 and the caller lacks analyst rights over a jurisdiction whose records it counts, or when it is a total that would let such a count be worked out.',
})
export class MetricCount {
  @Field(() => Int, { nullable: true })
  value!: number | null;

  @Field(() => Boolean, { description: 'True when the value is withheld under the small-count rule.' })
  suppressed!: boolean;
}

@ObjectType({
  description:
    'A figure computed from counts or records (a rate, a median, an amount). Null with suppressed: true when a count it rests on is withheld; null with suppressed: false when there is nothing to compute it from.',
})
export class MetricNumber {
  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Boolean, { description: 'True when the value is withheld under the small-count rule.' })
  suppressed!: boolean;
}
