import { Field, InputType } from 'type-graphql';
import { badInput } from '../../errors';
import { DateScalar, isCalendarDay } from '../../graphql/scalars';
import { CredentialCategory } from '../credentials/enums';

/** Credentials of peers (not supervisor credentials), which workforce figures count by default. */
export const PEER_CATEGORIES: readonly CredentialCategory[] = [CredentialCategory.PEER, CredentialCategory.FAMILY, CredentialCategory.YOUTH];

const MAX_JURISDICTIONS = 60;

@InputType({ description: 'A range of calendar days, both ends included.' })
export class DateRangeInput {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;
}

export { addDays, todayUtc } from '../../graphql/scalars';

/** A validated calendar day as a SQL date literal (the value is YYYY-MM-DD, checked, so it cannot carry SQL). */
export function dateLiteral(day: string): string {
  if (!isCalendarDay(day)) throw new Error(`not a calendar day: ${day}`);
  return `date '${day}'`;
}

/** The instant a UTC calendar day begins, as SQL. */
export function dayStartUtc(day: string): string {
  return `(${dateLiteral(day)}::timestamp at time zone 'UTC')`;
}


/** `day` moved by whole years; the 29th of February becomes the 28th in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return new Date(Date.UTC(y + years, m - 1, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The jurisdictions asked for: USPS codes, upper-cased and without repeats; null when the caller asked for every one. */
export function jurisdictionCodes(codes: readonly string[] | null | undefined, argument: string): string[] | null {
  if (codes == null) return null;
  if (!codes.length) throw badInput(`${argument} is empty: leave it out for every jurisdiction`, { argument });
  if (codes.length > MAX_JURISDICTIONS) throw badInput(`${argument} may hold at most ${MAX_JURISDICTIONS} codes; got ${codes.length}`, { argument, limit: MAX_JURISDICTIONS, value: codes.length });
  const normalised = codes.map((code) => code.trim().toUpperCase());
  const bad = normalised.find((code) => !/^[A-Z]{2}$/.test(code));
  if (bad !== undefined) throw badInput(`${argument}: "${bad.slice(0, 20)}" is not a two-letter USPS code such as MN or TX`, { argument });
  return [...new Set(normalised)];
}

/** The credential categories asked for, or the peer categories by default. */
export function credentialCategories(categories: readonly CredentialCategory[] | null | undefined, argument: string): CredentialCategory[] {
  if (categories == null) return [...PEER_CATEGORIES];
  if (!categories.length) throw badInput(`${argument} is empty: leave it out for the peer credentials`, { argument });
  return [...new Set(categories)];
}

/** A SQL list of validated literals: codes and enum values only. */
export function sqlList(values: readonly string[]): string {
  if (!values.every((value) => /^[A-Z_]+$/.test(value))) throw new Error('only codes and enum values may be written into SQL');
  return values.map((value) => `'${value}'`).join(', ');
}

/** Checks that every asked-for jurisdiction exists; `found` are the codes the statement read. */
export function requireKnownJurisdictions(asked: readonly string[] | null, found: Iterable<string>, argument: string): void {
  if (!asked) return;
  const known = new Set(found);
  const unknown = asked.filter((code) => !known.has(code));
  if (unknown.length) throw badInput(`${argument}: no jurisdiction ${unknown.join(', ')} in the hub`, { argument });
}

export function requireRange(range: DateRangeInput, argument: string): void {
  if (range.from > range.to) throw badInput(`${argument}: from (${range.from}) is after to (${range.to})`, { argument });
}
