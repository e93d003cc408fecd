import { declarePublicRows } from '../../auth/visibility';
import { dayOf, declareDated, todayLiteral } from '../../graphql/dated';
import { todayUtc } from '../../graphql/scalars';
import { JobPostingStatus } from './enums';

/**
 * A posting past its valid-through reads as EXPIRED: the row may keep OPEN until the sweep stores EXPIRED, and every
 * read of the status (rows, filters, orderings, grouped aggregates, metrics) says EXPIRED once validThrough is before
 * today (UTC), so that no job is advertised a day late for want of a sweep.
 */
export function postingStatusSql(p: string, day: string): string {
  return `(case when ${p}."status" = 'OPEN' and ${p}."valid_through" < ${day} then 'EXPIRED' else ${p}."status" end)`;
}

/** SQL equivalent to `postingStatusSql(p, day) = status`, on the stored columns. */
export function postingStatusIsSql(p: string, day: string, status: string): string {
  switch (status) {
    case JobPostingStatus.OPEN:
      return `(${p}."status" = 'OPEN' and (${p}."valid_through" is null or ${p}."valid_through" >= ${day}))`;
    case JobPostingStatus.EXPIRED:
      return `(${p}."status" = 'EXPIRED' or (${p}."status" = 'OPEN' and ${p}."valid_through" < ${day}))`;
    default:
      if (!(Object.values(JobPostingStatus) as string[]).includes(status)) throw new Error(`not a job posting status: ${status}`);
      return `${p}."status" = '${status}'`;
  }
}

declareDated('JobPosting', 'status', { sql: postingStatusSql, is: postingStatusIsSql, values: Object.values(JobPostingStatus) });

/** The SQL condition that a job_posting row aliased `alias` is OPEN today: what anyone may read. */
export function liveOpenPostingSql(alias: string): string {
  return postingStatusIsSql(alias, todayLiteral(), JobPostingStatus.OPEN);
}

declarePublicRows('JobPosting', liveOpenPostingSql);

/** postingStatusSql in code: EXPIRED for an OPEN posting whose validThrough is before the day, else the stored status. */
export function postingStatusAsRead(status: string, validThrough: unknown, today = todayUtc()): JobPostingStatus {
  const through = dayOf(validThrough);
  if (status === JobPostingStatus.OPEN && through !== null && through < today) return JobPostingStatus.EXPIRED;
  return status as JobPostingStatus;
}

/**
 * SQL that stores EXPIRED on OPEN postings past their valid-through (they already read as EXPIRED), with an audit
 * record each.
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
