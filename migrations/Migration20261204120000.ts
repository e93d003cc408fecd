import { Migration } from '@mikro-orm/migrations';

/**
 * The status of a certification on any day follows from its dates (src/domain/credentials/lifecycle.ts): expiry,
 * the day it became full, and the last days of grace and of late renewal, which this migration stores on each row.
 * A row trigger fills those two from the requirement profile in force when the cycle began, on every insert and on
 * every change of the dates they follow from, whoever writes (the hub, the seed, an import, plain SQL); a change to
 * the profiles of a credential type fills them again for its certifications.
 *
 * The workforce tallies are keyed again by what the status on a day follows from, instead of the stored status.
 */

const DATED = `('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED')`;
const KEY = `"status", "expires_on", "issued_on", "first_issued_on", "full_on", "grace_ends_on", "late_renewal_ends_on", "jurisdiction_id", "credential_type_id", "renewed", "renewed_on_time"`;

/**
 * The tally changes of a set of certification rows, each with a sign: +1 for rows written, -1 for rows removed.
 * Groups whose changes cancel (an update that leaves the tallied columns alone) write nothing.
 */
function tallyChanges(signedRows: string): string[] {
  return [
    `insert into "certification_cycle_tally" as t (${KEY}, "certifications")
      select case when "status" in ${DATED} and "expires_on" is not null then 'DATED' else "status" end,
        coalesce("expires_on", '-infinity'), coalesce("issued_on", 'infinity'), coalesce("first_issued_on", 'infinity'),
        case when "full_certified_on" is null then 'infinity'::date when "full_certified_on" <= "first_issued_on" then '-infinity'::date else "full_certified_on" end,
        coalesce("grace_ends_on", '-infinity'), coalesce("late_renewal_ends_on", '-infinity'), "jurisdiction_id", "credential_type_id",
        "last_renewed_on" is not null, coalesce("last_renewed_on" <= "issued_on", false), sum(sign)
      from ${signedRows} c group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 having sum(sign) <> 0 order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
      on conflict (${KEY})
      do update set "certifications" = t."certifications" + excluded."certifications";`,
    `insert into "certification_issue_tally" as t ("first_issued_on", "jurisdiction_id", "credential_type_id", "certifications")
      select "first_issued_on", "jurisdiction_id", "credential_type_id", sum(sign)
      from ${signedRows} c where "first_issued_on" is not null group by 1, 2, 3 having sum(sign) <> 0 order by 1, 2, 3
      on conflict ("first_issued_on", "jurisdiction_id", "credential_type_id") do update set "certifications" = t."certifications" + excluded."certifications";`,
  ];
}

const WRITTEN = '(select *, 1 as sign from new_rows)';
const REMOVED = '(select *, -1 as sign from old_rows)';
const CHANGED = '(select *, 1 as sign from new_rows union all select *, -1 as sign from old_rows)';

const TALLY_TRIGGERS = ['insert', 'update', 'delete', 'truncate'];

export class Migration20261204120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "certification" add column "grace_ends_on" date null, add column "late_renewal_ends_on" date null;`);

    this.addSql(`create function "certification_dated_ends"() returns trigger language plpgsql as $$
declare
  profile record;
begin
  new."grace_ends_on" := null;
  new."late_renewal_ends_on" := null;
  if new."expires_on" is null then
    return new;
  end if;
  select p."grace_period_months", p."late_renewal_months" into profile from "requirement_profile" p
   where p."credential_type_id" = new."credential_type_id" and p."effective_from" <= coalesce(new."issued_on", new."first_issued_on", new."expires_on")
   order by p."effective_from" desc limit 1;
  if found then
    new."grace_ends_on" := (new."expires_on" + make_interval(months => profile."grace_period_months"))::date;
    new."late_renewal_ends_on" := (new."expires_on" + make_interval(months => profile."late_renewal_months"))::date;
  end if;
  return new;
end $$;`);
    this.addSql(`create trigger "certification_dated_ends" before insert or update of "expires_on", "issued_on", "first_issued_on", "credential_type_id", "grace_ends_on", "late_renewal_ends_on"
  on "certification" for each row execute function "certification_dated_ends"();`);

    // a profile added, changed or removed: the certifications of its credential type take their ends again
    this.addSql(`create function "requirement_profile_dated_ends"() returns trigger language plpgsql as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    update "certification" c set "grace_ends_on" = null where c."expires_on" is not null and c."credential_type_id" in (select "credential_type_id" from new_rows);
  end if;
  if tg_op in ('DELETE', 'UPDATE') then
    update "certification" c set "grace_ends_on" = null where c."expires_on" is not null and c."credential_type_id" in (select "credential_type_id" from old_rows);
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger "requirement_profile_dated_ends_insert" after insert on "requirement_profile" referencing new table as new_rows for each statement execute function "requirement_profile_dated_ends"();`);
    this.addSql(`create trigger "requirement_profile_dated_ends_update" after update on "requirement_profile" referencing old table as old_rows new table as new_rows for each statement execute function "requirement_profile_dated_ends"();`);
    this.addSql(`create trigger "requirement_profile_dated_ends_delete" after delete on "requirement_profile" referencing old table as old_rows for each statement execute function "requirement_profile_dated_ends"();`);

    // the tallies, keyed anew; their triggers are off while the rows already there take their ends
    for (const op of TALLY_TRIGGERS) this.addSql(`drop trigger "certification_tallies_${op}" on "certification";`);
    this.addSql(`drop function "certification_tallies"();`);
    this.addSql(`update "certification" set "grace_ends_on" = null where "expires_on" is not null;`);
    this.addSql(`drop table "certification_cycle_tally";`);
    this.addSql(`create table "certification_cycle_tally" ("status" text not null, "expires_on" date not null, "issued_on" date not null, "first_issued_on" date not null, "full_on" date not null, "grace_ends_on" date not null, "late_renewal_ends_on" date not null, "jurisdiction_id" int not null, "credential_type_id" int not null, "renewed" boolean not null, "renewed_on_time" boolean not null, "certifications" int not null, constraint "certification_cycle_tally_pkey" primary key (${KEY}));`);
    this.addSql(`create index "certification_cycle_tally_renewed_index" on "certification_cycle_tally" ("issued_on") where "renewed";`);
    this.addSql(`delete from "certification_issue_tally";`);
    this.addSql(`create function "certification_tallies"() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from "certification_cycle_tally";
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
    this.addSql(`create trigger "certification_tallies_insert" after insert on "certification" referencing new table as new_rows for each statement execute function "certification_tallies"();`);
    this.addSql(`create trigger "certification_tallies_update" after update on "certification" referencing old table as old_rows new table as new_rows for each statement execute function "certification_tallies"();`);
    this.addSql(`create trigger "certification_tallies_delete" after delete on "certification" referencing old table as old_rows for each statement execute function "certification_tallies"();`);
    this.addSql(`create trigger "certification_tallies_truncate" after truncate on "certification" for each statement execute function "certification_tallies"();`);
    for (const statement of tallyChanges('(select *, 1 as sign from "certification")')) this.addSql(statement);

    // the public lookups: by number whatever its case and spacing, and by the holder's last name
    this.addSql(`create index "certification_number_lookup_index" on "certification" ("jurisdiction_id", upper(regexp_replace("credential_number", '\\s+', '', 'g')));`);
    this.addSql(`create index "peer_specialist_last_name_lookup_index" on "peer_specialist" (lower("last_name"));`);
  }

  override async down(): Promise<void> {
    // the tallies before this migration were keyed by the stored status, which reads no longer keep exact
    throw new Error('Migration20261204120000 cannot be undone: restore a backup taken before it');
  }

}
