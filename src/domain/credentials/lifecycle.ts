/**
 * The certification lifecycle, driven by each credential's requirement profile: the statuses that follow from
 * dates (computed for any day by statusOn, and kept in the status column by the sweep), and the rules the
 * application workflow applies.
 */
import { postingSweepSql } from '../jobs/status';
import { CertificationStatus as Status } from './enums';

/** The requirement profile columns the lifecycle reads (snake_case, as the database returns them). */
export interface ProfileRow {
  id: number;
  credential_type_id: number;
  effective_from: string;
  training_hours: string;
  supervised_hours_required: string;
  provisional_validity_months: number | null;
  extensions_allowed: number;
  extension_months: number | null;
  validity_months: number;
  ce_hours_per_cycle: string;
  ethics_hours_per_cycle: string;
  grace_period_months: number;
  late_renewal_months: number;
  application_fee_cents: number;
  renewal_fee_cents: number;
  late_fee_cents: number;
  reinstatement_fee_cents: number;
  decision_due_days: number | null;
}

/** Statuses that follow from a cycle's dates; the others are decisions, read as recorded. */
export const DATED_STATUSES: readonly Status[] = [Status.PROVISIONAL, Status.ACTIVE, Status.IN_GRACE, Status.LATE_RENEWAL, Status.EXPIRED];

/** SQL: a date column moved by a number of months, clamped to the month's end as PostgreSQL's date arithmetic does. */
function addMonthsSql(date: string, months: string): string {
  return `(${date} + make_interval(months => ${months}))::date`;
}

/** `day` moved by whole months, the day clamped to the month's last (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The status of a certification on a day, from its recorded status, its current cycle and the profile in force
 * when the cycle began: a full certification is ACTIVE to its expiry, IN_GRACE for the profile's grace months
 * after it, LATE_RENEWAL until its late-renewal months have passed, then EXPIRED; a provisional one is
 * PROVISIONAL to its expiry, then EXPIRED. Statuses set by decisions (APPLIED, DENIED, SUSPENDED, REVOKED,
 * RELINQUISHED, INACTIVE, CLOSED) are read as recorded. Null before the certification was first issued.
 */
export function statusOn(
  day: string,
  certification: { status: Status; firstIssuedOn: string | null; fullCertifiedOn: string | null; expiresOn: string | null },
  profile: Pick<ProfileRow, 'grace_period_months' | 'late_renewal_months'> | null,
): Status | null {
  const { status, firstIssuedOn, fullCertifiedOn, expiresOn } = certification;
  if (!DATED_STATUSES.includes(status) || expiresOn === null) return status;
  if (firstIssuedOn !== null && day < firstIssuedOn) return null;
  // provisional until the day it became full, if it ever did
  const full = fullCertifiedOn !== null && day >= fullCertifiedOn;
  if (day <= expiresOn) return full ? Status.ACTIVE : Status.PROVISIONAL;
  if (!full || !profile) return Status.EXPIRED;
  if (day <= addMonths(expiresOn, profile.grace_period_months)) return Status.IN_GRACE;
  if (day <= addMonths(expiresOn, profile.late_renewal_months)) return Status.LATE_RENEWAL;
  return Status.EXPIRED;
}

/**
 * SQL that brings every dated status up to `today` (a validated date literal) in one statement, and writes an
 * audit record of each change; returns the changed rows' count. Safe to run by several processes at once: a
 * transaction-level advisory lock lets one of them do it.
 */
export function sweepSql(today: string): string {
  const inForceProfile = `(select p.* from requirement_profile p where p.credential_type_id = c.credential_type_id and p.effective_from <= coalesce(c.issued_on, ${today})
    order by p.effective_from desc limit 1)`;
  return `with due as (
  select c.id, c.jurisdiction_id, row_to_json(c) as before,
    case
      when c.status = 'PROVISIONAL' then 'EXPIRED'
      when ${today} <= ${addMonthsSql('c.expires_on', 'p.grace_period_months')} then 'IN_GRACE'
      when ${today} <= ${addMonthsSql('c.expires_on', 'p.late_renewal_months')} then 'LATE_RENEWAL'
      else 'EXPIRED'
    end as status
  from certification c cross join lateral ${inForceProfile} p
  where c.status in ('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL') and c.expires_on < ${today}
),
changed as (
  update certification c set status = due.status, updated_at = now() from due
  where c.id = due.id and c.status <> due.status
  returning c.id, due.jurisdiction_id, due.before, row_to_json(c.*) as after
)
insert into audit_record (subject, role, action, entity_type, entity_key, jurisdiction_id, before, after, request_id)
select 'hub', 'SYSTEM', 'sweepCertificationStatuses', 'Certification', changed.id, changed.jurisdiction_id, changed.before, changed.after,
  'sweep of ' || ${today}::text
from changed`;
}

/** A key of this hub's advisory locks: one process sweeps at a time. */
const SWEEP_LOCK = 0x5eed_5eed;

/**
 * Brings the dated statuses up to today, in one transaction that only one process at a time runs (others find the
 * lock taken and skip). Returns the number of certifications whose status changed, or null when skipped.
 */
export async function sweepCertificationStatuses(execute: (sql: string) => Promise<Record<string, unknown>[]>, today: string): Promise<number | null> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`not a day: ${today}`);
  const [{ locked }] = await execute(`select pg_try_advisory_xact_lock(${SWEEP_LOCK}) as locked`);
  if (!locked) return null;
  const changed = await execute(`${sweepSql(`date '${today}'`)} returning entity_key`);
  const expired = await execute(`${postingSweepSql(`date '${today}'`)} returning entity_key`);
  return changed.length + expired.length;
}
