/** The summary tables against a recount of certification: the check the tally and import tests share. */

export const CYCLES_RECOUNT = `
  select case when status in ('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED') and expires_on is not null then 'DATED' else status end as status,
    coalesce(expires_on, '-infinity') as expires_on, coalesce(issued_on, 'infinity') as issued_on, coalesce(first_issued_on, 'infinity') as first_issued_on,
    case when full_certified_on is null then 'infinity'::date when full_certified_on <= first_issued_on then '-infinity'::date else full_certified_on end as full_on,
    coalesce(grace_ends_on, '-infinity') as grace_ends_on, coalesce(late_renewal_ends_on, '-infinity') as late_renewal_ends_on, jurisdiction_id,
    credential_type_id, last_renewed_on is not null as renewed, coalesce(last_renewed_on <= issued_on, false) as renewed_on_time,
    count(*)::int as certifications
  from certification group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`;
export const CYCLES_TALLY = `
  select status, expires_on, issued_on, first_issued_on, full_on, grace_ends_on, late_renewal_ends_on, jurisdiction_id, credential_type_id, renewed,
    renewed_on_time, certifications
  from certification_cycle_tally where certifications <> 0`;
export const ISSUES_RECOUNT = `
  select first_issued_on, jurisdiction_id, credential_type_id, count(*)::int as certifications
  from certification where first_issued_on is not null group by 1, 2, 3`;
export const EXPIRIES_RECOUNT = `
  select case when status in ('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED') and expires_on is not null then 'DATED' else status end as status,
    coalesce(expires_on, '-infinity') as expires_on, jurisdiction_id, credential_type_id, count(*)::int as certifications
  from certification group by 1, 2, 3, 4`;
export const EXPIRIES_TALLY = `select status, expires_on, jurisdiction_id, credential_type_id, certifications from certification_expiry_tally where certifications <> 0`;
export const ISSUES_TALLY = `select first_issued_on, jurisdiction_id, credential_type_id, certifications from certification_issue_tally where certifications <> 0`;

/** Every summary table the triggers keep, with the recount it must equal: a tally added without its check fails here. */
export const TALLIES: Record<string, { tally: string; recount: string }> = {
  certification_cycle_tally: { tally: CYCLES_TALLY, recount: CYCLES_RECOUNT },
  certification_expiry_tally: { tally: EXPIRIES_TALLY, recount: EXPIRIES_RECOUNT },
  certification_issue_tally: { tally: ISSUES_TALLY, recount: ISSUES_RECOUNT },
};

/** Rows of the tally and of the recount that differ, both ways (empty when they agree). */
export async function disagreement(sql: (text: string) => Promise<unknown[]>, tally: string, recount: string): Promise<unknown[]> {
  return sql(`(${tally} except ${recount}) union all (${recount} except ${tally})`);
}
