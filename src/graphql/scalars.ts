import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from '../errors';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * The days a Date or DateTime argument may name: those of working lives' records, as the roster import accepts them.
 * Beyond them no figure means anything, and the arithmetic the figures do on a day (a day after asOf, a year before)
 * must stay within the four-digit years that YYYY-MM-DD and PostgreSQL both read.
 */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2200-12-31';
const FIRST_INSTANT = Date.parse(`${FIRST_DAY}T00:00:00Z`);
const AFTER_LAST_INSTANT = Date.parse(`${LAST_DAY}T00:00:00Z`) + 86_400_000;

/** A value as an error message quotes it: JSON, cut short. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}

function parseDay(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDay(value)) {
    throw badInput(`Date must be a calendar day written YYYY-MM-DD, got ${quoted(value)}`);
  }
  if (value < FIRST_DAY || value > LAST_DAY) throw badInput(`Date must be a day from ${FIRST_DAY} to ${LAST_DAY}; got ${value}`);
  return value;
}

/** Today in UTC: the default day of the figures, and the day business rules compare dates against. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `day` plus or minus whole days, as YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A calendar day, kept as the string PostgreSQL's date type gives: no time, no zone. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: `A calendar day, written YYYY-MM-DD (ISO 8601), with no time of day and no time zone; as an argument, a day from ${FIRST_DAY} to ${LAST_DAY}.`,
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value);
  },
  parseValue: parseDay,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('Date must be a string written YYYY-MM-DD');
    return parseDay(ast.value);
  },
});

/** PostgreSQL writes timestamptz as "2026-01-02 03:04:05.678+00"; the instant it names, or NaN. */
export function timestampMillis(text: string): number {
  return Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
}

/** Clients get timestamps as ISO 8601 in UTC. */
function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const millis = timestampMillis(String(value));
  if (Number.isNaN(millis)) throw new Error(`not a timestamp: ${String(value)}`);
  return new Date(millis).toISOString();
}

function parseInstant(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw badInput(`DateTime must be ISO 8601 with a time zone, such as 2026-01-31T09:30:00Z; got ${quoted(value)}`);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badInput(`DateTime is not a real instant: ${value}`);
  if (date.getTime() < FIRST_INSTANT || date.getTime() >= AFTER_LAST_INSTANT) {
    throw badInput(`DateTime must fall on a day from ${FIRST_DAY} to ${LAST_DAY} (UTC); got ${value}`);
  }
  return date.toISOString();
}

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: `An instant, written in ISO 8601 with a time zone; the hub answers in UTC (2026-01-31T09:30:00.000Z). As an argument, an instant of a day (UTC) from ${FIRST_DAY} to ${LAST_DAY}.`,
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize: toIso,
  parseValue: parseInstant,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string');
    return parseInstant(ast.value);
  },
});
