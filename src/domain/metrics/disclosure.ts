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

/** Answers with at most this many withheld cells are also checked against the linear system of all their margins. */
export const LINEAR_CHECK_MAX = 100;

/** Every group of cells sharing the values of a proper subset of the keys (the grand total included), of two cells or more. */
export function marginsOf(cells: readonly { keys: readonly unknown[] }[]): number[][] {
  const margins: number[][] = [];
  if (!cells.length) return margins;
  const width = cells[0].keys.length;
  const parts = cells.map((cell) => cell.keys.map((key) => JSON.stringify(key ?? null)));
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
  return margins;
}

const PRIME = 67_108_859; // below 2^26: products stay exact in a double

/**
 * The cells among `unknown` whose value the margins fix exactly, were every margin known: e_j lies in the row space
 * of the margins restricted to the unknown cells (row echelon form modulo a prime, which for 0/1 rows of this size
 * gives the rank over the rationals).
 */
export function fixedByMargins(margins: readonly number[][], unknown: readonly number[]): number[] {
  const column = new Map(unknown.map((cell, j) => [cell, j]));
  const rows: number[][] = [];
  for (const margin of margins) {
    const row = new Array<number>(unknown.length).fill(0);
    let any = false;
    for (const cell of margin) {
      const j = column.get(cell);
      if (j !== undefined) (row[j] = 1), (any = true);
    }
    if (any) rows.push(row);
  }
  const inverse = (a: number) => {
    let [result, base, e] = [1n, BigInt(a), BigInt(PRIME - 2)];
    const p = BigInt(PRIME);
    while (e > 0n) {
      if (e & 1n) result = (result * base) % p;
      base = (base * base) % p;
      e >>= 1n;
    }
    return Number(result);
  };
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < unknown.length && r < rows.length; c++) {
    let p = r;
    while (p < rows.length && rows[p][c] === 0) p++;
    if (p === rows.length) continue;
    [rows[r], rows[p]] = [rows[p], rows[r]];
    const inv = inverse(rows[r][c]);
    const pivot = rows[r].map((v) => (v * inv) % PRIME);
    rows[r] = pivot;
    for (let i = 0; i < rows.length; i++) {
      const f = rows[i][c];
      if (i === r || f === 0) continue;
      const row = rows[i];
      for (let k = c; k < row.length; k++) if (pivot[k] !== 0) row[k] = (((row[k] - f * pivot[k]) % PRIME) + PRIME) % PRIME;
    }
    pivots.push(c);
    r++;
  }
  return pivots.filter((c, i) => rows[i].every((v, k) => k === c || v === 0)).map((c) => unknown[c]);
}

/**
 * Complementary suppression. A margin of an answer is the total of the cells that share the values of some of its
 * keys (every proper subset of them, the empty one being the grand total): anyone can have it by grouping by fewer
 * keys. Where exactly one cell of a margin of two cells or more is withheld, subtracting the shown ones from the
 * margin would give it away; so the smallest shown cell of that margin is withheld too (one the caller does not
 * read in full anyway first, then the smallest count, then the first in key order), and the rule is applied again
 * until no margin has exactly one withheld cell. Then, for an answer of at most LINEAR_CHECK_MAX withheld cells,
 * margins taken together: while a small count (withheld at first) is fixed by the system of every margin and some
 * margin holding it has a shown cell, the smallest shown cell of the smallest such margin is withheld, and the rule
 * runs again. Returns the indexes of the cells it withholds.
 */
export function complementaryCells(cells: readonly Cell[]): Set<number> {
  const added = new Set<number>();
  if (cells.length < 2) return added;
  const margins = marginsOf(cells);
  const withheld = cells.map((cell) => cell.count === null);
  const better = (a: number, b: number) =>
    Number(cells[a].known) - Number(cells[b].known) || cells[a].count! - cells[b].count! || a - b;
  const withhold = (members: number[]) => {
    const pick = members.filter((i) => !withheld[i]).sort(better)[0];
    withheld[pick] = true;
    added.add(pick);
  };
  const rule = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const members of margins) {
        if (members.filter((i) => withheld[i]).length !== 1) continue;
        withhold(members);
        changed = true;
      }
    }
  };
  rule();
  for (;;) {
    const unknown = cells.map((_, i) => i).filter((i) => withheld[i]);
    if (!unknown.length || unknown.length > LINEAR_CHECK_MAX) break;
    const exposed = fixedByMargins(margins, unknown).filter((i) => cells[i].count === null);
    let margin: number[] | undefined;
    for (const i of exposed) {
      margin = margins.filter((m) => m.includes(i) && m.some((j) => !withheld[j])).sort((a, b) => a.length - b.length)[0];
      if (margin) break;
    }
    if (!margin) break;
    withhold(margin);
    rule();
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
