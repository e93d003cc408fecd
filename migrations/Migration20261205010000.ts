import { Migration } from '@mikro-orm/migrations';

/**
 * The workforce figures count the certifications in force, expiring and lapsed on a day from a tally keyed by status
 * and expiry alone (certification_expiry_tally: a few thousand groups in force where the cycle tally has tens of
 * thousands, since its first-issue and full days make nearly every group its own), corrected by the cycle tally's
 * groups first issued after the day or not full on it, each read from a partial index of its own. The certification
 * tallies' trigger keeps the new tally too. Whether a state has advertised by a day is one index probe, and the
 * renewals of a period are read from their index alone.
 */

const DATED = `('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED')`;
const CYCLE_KEY = `"status", "expires_on", "issued_on", "first_issued_on", "full_on", "grace_ends_on", "late_renewal_ends_on", "jurisdiction_id", "credential_type_id", "renewed", "renewed_on_time"`;
const STATUS = `case when "status" in ${DATED} and "expires_on" is not null then 'DATED' else "status" end`;

/** The tally changes of a set of certification rows, each with a sign: +1 for rows written, -1 for rows removed. */
function tallyChanges(signedRows: string): string[] {
  return [
    `insert into "certification_cycle_tally" as t (${CYCLE_KEY}, "certifications")
      select ${STATUS},
        coalesce("expires_on", '-infinity'), coalesce("issued_on", 'infinity'), coalesce("first_issued_on", 'infinity'),
        case when "full_certified_on" is null then 'infinity'::date when "full_certified_on" <= "first_issued_on" then '-infinity'::date else "full_certified_on" end,
        coalesce("grace_ends_on", '-infinity'), coalesce("late_renewal_ends_on", '-infinity'), "jurisdiction_id", "credential_type_id",
        "last_renewed_on" is not null, coalesce("last_renewed_on" <= "issued_on", false), sum(sign)
      from ${signedRows} c group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 having sum(sign) <> 0 order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
      on conflict (${CYCLE_KEY})
      do update set "certifications" = t."certifications" + excluded."certifications";`,
    `insert into "certification_expiry_tally" as t ("status", "expires_on", "jurisdiction_id", "credential_type_id", "certifications")
      select ${STATUS}, coalesce("expires_on", '-infinity'), "jurisdiction_id", "credential_type_id", sum(sign)
      from ${signedRows} c group by 1, 2, 3, 4 having sum(sign) <> 0 order by 1, 2, 3, 4
      on conflict ("status", "expires_on", "jurisdiction_id", "credential_type_id") do update set "certifications" = t."certifications" + excluded."certifications";`,
    `insert into "certification_issue_tally" as t ("first_issued_on", "jurisdiction_id", "credential_type_id", "certifications")
      select "first_issued_on", "jurisdiction_id", "credential_type_id", sum(sign)
      from ${signedRows} c where "first_issued_on" is not null group by 1, 2, 3 having sum(sign) <> 0 order by 1, 2, 3
      on conflict ("first_issued_on", "jurisdiction_id", "credential_type_id") do update set "certifications" = t."certifications" + excluded."certifications";`,
  ];
}

const WRITTEN = '(select *, 1 as sign from new_rows)';
const REMOVED = '(select *, -1 as sign from old_rows)';
const CHANGED = '(select *, 1 as sign from new_rows union all select *, -1 as sign from old_rows)';

export class Migration20261205010000 extends Migration {
  override async up(): Promise<void> {
    // no certification written between the fill and the new trigger: such a row would be missing from the new tally
    this.addSql(`lock table "certification" in share row exclusive mode;`);
    this.addSql(`create table "certification_expiry_tally" ("status" text not null, "expires_on" date not null, "jurisdiction_id" int not null, "credential_type_id" int not null, "certifications" int not null, constraint "certification_expiry_tally_pkey" primary key ("status", "expires_on", "jurisdiction_id", "credential_type_id"));`);
    this.addSql(`create or replace function "certification_tallies"() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from "certification_cycle_tally";
    delete from "certification_expiry_tally";
    delete from "certification_issue_tally";
    return null;
  end if;
  if tg_op = 'INSERT' then
    ${tallyChanges(WRITTEN).join('\n    ')}
  elsif tg_op = 'DELETE' then
    ${tallyChanges(REMOVED).join('\n    ')}
  else
    ${tallyChanges(CHANGED).join('\n    ')}
  end if;
  return null;
end $$;`);
    this.addSql(tallyChanges('(select *, 1 as sign from "certification")')[1]);
    this.addSql(`drop index "certification_cycle_tally_in_force_index";`);
    this.addSql(`create index "certification_cycle_tally_first_issued_index" on "certification_cycle_tally" ("first_issued_on") include ("expires_on", "jurisdiction_id", "credential_type_id", "certifications") where "status" = 'DATED';`);
    this.addSql(`create index "certification_cycle_tally_full_on_index" on "certification_cycle_tally" ("full_on") include ("expires_on", "first_issued_on", "jurisdiction_id", "credential_type_id", "certifications") where "status" = 'DATED';`);
    this.addSql(`create index "job_posting_jurisdiction_posted_index" on "job_posting" ("jurisdiction_id", "date_posted");`);
    // the renewals of a period, read from the index alone
    this.addSql(`drop index "certification_cycle_tally_renewed_index";`);
    this.addSql(`create index "certification_cycle_tally_renewed_index" on "certification_cycle_tally" ("issued_on") include ("jurisdiction_id", "credential_type_id", "renewed_on_time", "certifications") where "renewed";`);
  }

  override async down(): Promise<void> {
    this.addSql(`lock table "certification" in share row exclusive mode;`);
    this.addSql(`drop index "certification_cycle_tally_renewed_index";`);
    this.addSql(`create index "certification_cycle_tally_renewed_index" on "certification_cycle_tally" ("issued_on") where "renewed";`);
    this.addSql(`drop index "job_posting_jurisdiction_posted_index";`);
    this.addSql(`drop index "certification_cycle_tally_full_on_index";`);
    this.addSql(`drop index "certification_cycle_tally_first_issued_index";`);
    this.addSql(`create index "certification_cycle_tally_in_force_index" on "certification_cycle_tally" ("status", "expires_on") include ("first_issued_on", "full_on", "jurisdiction_id", "credential_type_id", "certifications");`);
    const [cycle, , issue] = tallyChanges(WRITTEN);
    const [cycleRemoved, , issueRemoved] = tallyChanges(REMOVED);
    const [cycleChanged, , issueChanged] = tallyChanges(CHANGED);
    this.addSql(`create or replace function "certification_tallies"() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from "certification_cycle_tally";
    delete from "certification_issue_tally";
    return null;
  end if;
  if tg_op = 'INSERT' then
    ${cycle}
    ${issue}
  elsif tg_op = 'DELETE' then
    ${cycleRemoved}
    ${issueRemoved}
  else
    ${cycleChanged}
    ${issueChanged}
  end if;
  return null;
end $$;`);
    this.addSql(`drop table "certification_expiry_tally";`);
  }
}
