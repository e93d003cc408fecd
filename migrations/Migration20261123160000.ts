import { Migration } from '@mikro-orm/migrations';

/**
 * The tally changes of a set of certification rows, each with a sign: +1 for rows written, -1 for rows removed.
 * Groups whose changes cancel (an update that leaves the tallied columns alone) write nothing.
 */
function tallyChanges(signedRows: string): string[] {
  return [
    `insert into "certification_cycle_tally" as t ("status", "expires_on", "issued_on", "jurisdiction_id", "credential_type_id", "renewed", "renewed_on_time", "certifications")
      select "status", coalesce("expires_on", '-infinity'), coalesce("issued_on", 'infinity'), "jurisdiction_id", "credential_type_id",
        "last_renewed_on" is not null, coalesce("last_renewed_on" <= "issued_on", false), sum(sign)
      from ${signedRows} c group by 1, 2, 3, 4, 5, 6, 7 having sum(sign) <> 0 order by 1, 2, 3, 4, 5, 6, 7
      on conflict ("status", "expires_on", "issued_on", "jurisdiction_id", "credential_type_id", "renewed", "renewed_on_time")
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

export class Migration20261123160000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "certification_cycle_tally" ("status" text not null, "expires_on" date not null, "issued_on" date not null, "jurisdiction_id" int not null, "credential_type_id" int not null, "renewed" boolean not null, "renewed_on_time" boolean not null, "certifications" int not null, constraint "certification_cycle_tally_pkey" primary key ("status", "expires_on", "issued_on", "jurisdiction_id", "credential_type_id", "renewed", "renewed_on_time"));`);

    this.addSql(`create table "certification_issue_tally" ("first_issued_on" date not null, "jurisdiction_id" int not null, "credential_type_id" int not null, "certifications" int not null, constraint "certification_issue_tally_pkey" primary key ("first_issued_on", "jurisdiction_id", "credential_type_id"));`);
    this.addSql(`create index "certification_cycle_tally_renewed_index" on "certification_cycle_tally" ("issued_on") where "renewed";`);

    // kept current in the writing statement's own transaction, one aggregate per statement however many rows it
    // writes; upserts in key order, so that concurrent writers lock tally rows in the same order
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
    // the certifications already there
    for (const statement of tallyChanges('(select *, 1 as sign from "certification")')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "certification_tallies_insert" on "certification";`);
    this.addSql(`drop trigger "certification_tallies_update" on "certification";`);
    this.addSql(`drop trigger "certification_tallies_delete" on "certification";`);
    this.addSql(`drop trigger "certification_tallies_truncate" on "certification";`);
    this.addSql(`drop function "certification_tallies"();`);
    this.addSql(`drop table if exists "certification_cycle_tally" cascade;`);

    this.addSql(`drop table if exists "certification_issue_tally" cascade;`);
  }

}
