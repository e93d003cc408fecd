import { todayUtc } from '../../graphql/scalars';
import { JobPostingStatus } from './enums';

/**
 * A posting past its valid-through reads as EXPIRED: the row keeps OPEN, and every read of the status says EXPIRED
 * once validThrough is before today (UTC), so that no job stops being advertised a day late for want of a sweep.
 * The day is UTC on both sides: todayUtc() in the resolvers, this expression in SQL.
 */
export const TODAY_UTC_SQL = `(now() at time zone 'UTC')::date`;

/** The SQL condition that a job_posting row aliased `alias` is OPEN and not past its valid-through: what anyone may read. */
export function liveOpenPostingSql(alias: string): string {
  return `(${alias}."status" = 'OPEN' and (${alias}."valid_through" is null or ${alias}."valid_through" >= ${TODAY_UTC_SQL}))`;
}

/** A date as the read path or row_to_json gives it (YYYY-MM-DD), or null. */
function dayOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** The status a posting reads as: EXPIRED for an OPEN one whose validThrough is before today (UTC), else the stored one. */
export function postingStatusAsRead(status: string, validThrough: unknown, today = todayUtc()): JobPostingStatus {
  const through = dayOf(validThrough);
  if (status === JobPostingStatus.OPEN && through !== null && through < today) return JobPostingStatus.EXPIRED;
  return status as JobPostingStatus;
}
