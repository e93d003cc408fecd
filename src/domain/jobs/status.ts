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

/**
 * SQL that stores EXPIRED on OPEN postings past their valid-through (they already read as EXPIRED: see
 * postingStatusAsRead), so that filters and orderings on the stored status agree, with an audit record each.
 */
export function postingSweepSql(today: string): string {
  return `with due as (
  select p.id, row_to_json(p) as before from job_posting p where p.status = 'OPEN' and p.valid_through < ${today}
),
changed as (
  update job_posting p set status = 'EXPIRED', updated_at = now() from due where p.id = due.id
  returning p.id, p.jurisdiction_id, due.before, row_to_json(p.*) as after
)
insert into audit_record (subject, role, action, entity_type, entity_key, jurisdiction_id, before, after, request_id)
select 'hub', 'SYSTEM', 'sweepJobPostingStatuses', 'JobPosting', changed.id, changed.jurisdiction_id, changed.before, changed.after,
  'sweep of ' || ${today}::text
from changed`;
}
