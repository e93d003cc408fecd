/**
 * Columns whose value as read follows from stored dates and today: a certification's status, a posting's, a training
 * event's, a fund's. Each is declared once, as SQL over its row, and every read path (rows, filters, orderings,
 * grouped aggregates, metrics) reads it through that declaration, so that no path can show a value today's date
 * contradicts. The day is written into the SQL as a literal; statements that embed it are never reused past the
 * day they were compiled for (plans and cached answers are keyed by it).
 */
import { isCalendarDay, todayUtc } from './scalars';

/** A validated day as an SQL date literal. */
export function dayLiteral(day: string): string {
  if (!isCalendarDay(day)) throw new Error(`not a calendar day: ${day}`);
  return `date '${day}'`;
}

/** Today (UTC) as an SQL date literal: the day every status as read is judged on. */
export function todayLiteral(): string {
  return dayLiteral(todayUtc());
}

export interface DatedColumn {
  /** The value on `day` (an SQL date literal) of the row aliased `alias`. */
  sql(alias: string, day: string): string;
  /**
   * A condition equivalent to `sql(alias, day) = value`, written on the stored columns so that their indexes serve it.
   * `value` is one of the column's enum values (validated by the caller). Left out for a derived value that is no
   * status (a count, such as a supervisor's places free): a filter then compares `sql` itself.
   */
  is?(alias: string, day: string, value: string): string;
  /** The values the column may hold (a status's); empty for a derived value. */
  values: readonly string[];
  /**
   * Set for a value with no stored column at all, derived from other rows as of the day (a supervisor's places free,
   * the status of the credential they hold): the catalog adds it to the type's columns under this kind.
   */
  derived?: 'integer' | 'text';
}

const dated = new Map<string, Map<string, DatedColumn>>();

/** Declares the property of an entity (by class name) as read through `column`. */
export function declareDated(typeName: string, property: string, column: DatedColumn): void {
  const columns = dated.get(typeName) ?? new Map<string, DatedColumn>();
  columns.set(property, column);
  dated.set(typeName, columns);
}

export function datedColumn(typeName: string, property: string): DatedColumn | undefined {
  return dated.get(typeName)?.get(property);
}

/** The derived values declared for a type (those with no stored column), by property. */
export function derivedColumns(typeName: string): [string, DatedColumn][] {
  return [...(dated.get(typeName) ?? new Map<string, DatedColumn>()).entries()].filter(([, column]) => column.derived !== undefined);
}

/** The condition that the dated column is one of `values`, on the indexable form of each. */
export function datedIn(column: DatedColumn, alias: string, day: string, values: readonly string[]): string {
  const unknown = values.find((value) => !column.values.includes(value));
  if (unknown !== undefined) throw new Error(`not a value of the dated column: ${unknown}`);
  if (!values.length) return 'false';
  const is = column.is;
  if (!is) throw new Error('a derived value has no equality of its own: compare its sql');
  return values.length === 1 ? is(alias, day, values[0]) : `(${values.map((value) => `(${is(alias, day, value)})`).join(' or ')})`;
}

/** A date as the read path or row_to_json gives it (a Date or YYYY-MM-DD text) as YYYY-MM-DD, or null. */
export function dayOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** SQL list of quoted enum values: ('A', 'B'). */
export function sqlValues(values: readonly string[]): string {
  for (const value of values) if (!/^[A-Z_]+$/.test(value)) throw new Error(`not an enum value: ${value}`);
  return `(${values.map((value) => `'${value}'`).join(', ')})`;
}
