/**
 * The certification lifecycle, driven by each credential's requirement profile: the statuses that follow from
 * dates, one rule read the same on every path (certificationStatusOn in code, certificationStatusSql in SQL), and the
 * sweep that stores them for the audit trail.
 */
import { declareDated, sqlValues } from '../../graphql/dated';
import { todayUtc } from '../../graphql/scalars';
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

/** `day` moved by whole months, the day clamped to the month's last (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** What the status of a certification on a day is read from: its recorded status and its cycle's dates. */
export interface DatedCertification {
  status: Status;
  firstIssuedOn?: string | null;
  fullCertifiedOn: string | null;
  expiresOn: string | null;
  /** The last day of grace and of late renewal after expiresOn, from the profile in force when the cycle began. */
  graceEndsOn: string | null;
  lateRenewalEndsOn: string | null;
}

/**
 * The last days of grace and of late renewal of a cycle ending on `expiresOn` under a profile: what the database
 * stores in grace_ends_on and late_renewal_ends_on (migrations/Migration20261204120000.ts), written here for tests
 * and for rows not yet stored.
 */
export function datedEnds(expiresOn: string | null, profile: Pick<ProfileRow, 'grace_period_months' | 'late_renewal_months'> | null): { graceEndsOn: string | null; lateRenewalEndsOn: string | null } {
  if (expiresOn === null || profile === null) return { graceEndsOn: null, lateRenewalEndsOn: null };
  return { graceEndsOn: addMonths(expiresOn, profile.grace_period_months), lateRenewalEndsOn: addMonths(expiresOn, profile.late_renewal_months) };
}

/**
 * The status of a certification on a day: the one rule, of which certificationStatusSql is the SQL form (a test holds
 * them equal over every status and every day around each boundary). A full certification is ACTIVE to its expiry,
 * IN_GRACE to graceEndsOn, LATE_RENEWAL to lateRenewalEndsOn, then EXPIRED; a provisional one (not full on the day)
 * is PROVISIONAL to its expiry, then EXPIRED. Statuses set by decisions (APPLIED, DENIED, SUSPENDED, REVOKED,
 * RELINQUISHED, INACTIVE, CLOSED) read as recorded. A dated status always has an expiry in the database
 * (certification_dated_expiry_check); without one, as in a row not yet stored, it reads as recorded.
 */
export function certificationStatusOn(day: string, certification: DatedCertification): Status {
  const { status, fullCertifiedOn, expiresOn, graceEndsOn, lateRenewalEndsOn } = certification;
  if (!DATED_STATUSES.includes(status) || expiresOn === null) return status;
  const full = fullCertifiedOn !== null && fullCertifiedOn <= day;
  if (day <= expiresOn) return full ? Status.ACTIVE : Status.PROVISIONAL;
  if (full && graceEndsOn !== null && day <= graceEndsOn) return Status.IN_GRACE;
  if (full && lateRenewalEndsOn !== null && day <= lateRenewalEndsOn) return Status.LATE_RENEWAL;
  return Status.EXPIRED;
}

/** The columns of a stored certification row the rule reads (snake_case, as the database returns them). */
export interface CertificationDatesRow {
  status: Status;
  full_certified_on: string | null;
  expires_on: string | null;
  grace_ends_on: string | null;
  late_renewal_ends_on: string | null;
}

/** The status of a stored row on a day (today by default): what every read gives, whatever the sweep stored. */
export function certificationStatusOfRow(row: CertificationDatesRow, day = todayUtc()): Status {
  return certificationStatusOn(day, {
    status: row.status,
    fullCertifiedOn: row.full_certified_on,
    expiresOn: row.expires_on,
    graceEndsOn: row.grace_ends_on,
    lateRenewalEndsOn: row.late_renewal_ends_on,
  });
}

/** As certificationStatusOn, and null for a day before the certification was first issued (statusOn(date) of the API). */
export function statusOn(day: string, certification: DatedCertification): Status | null {
  const issued = certification.firstIssuedOn ?? null;
  if (DATED_STATUSES.includes(certification.status) && issued !== null && day < issued) return null;
  return certificationStatusOn(day, certification);
}

const DATED = sqlValues(DATED_STATUSES);

/** SQL: the status on `day` (an SQL date) of the certification row aliased `c`; certificationStatusOn in SQL. */
export function certificationStatusSql(c: string, day: string): string {
  const full = `${c}."full_certified_on" <= ${day}`;
  return `(case when ${c}."status" in ${DATED} and ${c}."expires_on" is not null then
    case when ${day} <= ${c}."expires_on" then case when ${full} then 'ACTIVE' else 'PROVISIONAL' end
      when ${full} and ${day} <= ${c}."grace_ends_on" then 'IN_GRACE'
      when ${full} and ${day} <= ${c}."late_renewal_ends_on" then 'LATE_RENEWAL'
      else 'EXPIRED' end
  else ${c}."status" end)`;
}

/**
 * SQL equivalent to `certificationStatusSql(c, day) = status` on every row the database may hold (a dated status
 * has an expiry: certification_dated_expiry_check), on the stored columns alone: a range of expiry days, which the
 * expiry index (that includes status and full_certified_on) serves in expiry order, with no second branch to merge.
 */
export function certificationStatusIsSql(c: string, day: string, status: string): string {
  const inForce = `${c}."status" in ${DATED} and ${c}."expires_on" >= ${day}`;
  const lapsed = `${c}."status" in ${DATED} and ${c}."expires_on" < ${day}`;
  const full = `${c}."full_certified_on" <= ${day}`;
  const inGrace = `${c}."grace_ends_on" >= ${day}`;
  const inLate = `${c}."late_renewal_ends_on" >= ${day}`;
  switch (status) {
    case Status.ACTIVE:
      return `(${inForce} and ${full})`;
    case Status.PROVISIONAL:
      // not full on the day, written as the expression certification_not_full_index keeps
      return `(${inForce} and coalesce(${c}."full_certified_on", 'infinity'::date) > ${day})`;
    case Status.IN_GRACE:
      return `(${lapsed} and ${full} and ${inGrace})`;
    case Status.LATE_RENEWAL:
      return `(${lapsed} and ${full} and not coalesce(${inGrace}, false) and ${inLate})`;
    case Status.EXPIRED:
      return `(${lapsed} and not (coalesce(${full}, false) and (coalesce(${inGrace}, false) or coalesce(${inLate}, false))))`;
    default:
      if (!(Object.values(Status) as string[]).includes(status)) throw new Error(`not a certification status: ${status}`);
      return `${c}."status" = '${status}'`;
  }
}

declareDated('Certification', 'status', {
  sql: certificationStatusSql,
  is: certificationStatusIsSql,
  values: Object.values(Status),
});

/**
 * SQL that stores every certification's status as read on `today` (a validated date literal) in one statement, and
 * writes an audit record of each change. Reads never depend on it (they read the status through
 * certificationStatusSql); it keeps the stored column, and the audit trail, in step with the dates.
 */
export function sweepSql(today: string): string {
  return `with due as (
  select c.id, c.jurisdiction_id, row_to_json(c) as before, ${certificationStatusSql('c', today)} as status
  from certification c
  where c.status in ${DATED} and c.expires_on is not null
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
