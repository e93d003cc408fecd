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
