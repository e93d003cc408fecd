import { Migration } from '@mikro-orm/migrations';

export class Migration20261123153917 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "certification_first_issued_on_index";`);

    this.addSql(`alter table "certification" add column "full_certified_on" date null, add column "training_completed_on" date null;`);
    // certifications that exist became full on their approved upgrade, or on their first issue when issued full
    this.addSql(`update "certification" c set "full_certified_on" = coalesce(
      (select min(a."decided_on") from "certification_application" a where a."certification_id" = c."id" and a."kind" = 'UPGRADE' and a."status" = 'APPROVED'),
      case when c."status" not in ('APPLIED', 'DENIED', 'PROVISIONAL') then c."first_issued_on" end);`);
    this.addSql(`create index "certification_full_certified_index" on "certification" ("full_certified_on") include ("training_completed_on", "jurisdiction_id", "credential_type_id");`);
    this.addSql(`create index "certification_renewed_index" on "certification" ("issued_on") include ("last_renewed_on", "jurisdiction_id", "credential_type_id") where "last_renewed_on" is not null;`);
    this.addSql(`create index "certification_first_issued_index" on "certification" ("first_issued_on") include ("jurisdiction_id", "credential_type_id");`);
    this.addSql(`create index "certification_in_force_index" on "certification" ("status", "expires_on") include ("issued_on", "jurisdiction_id", "credential_type_id", "id");`);
    this.addSql(`alter table "certification" add constraint certification_milestones_check check((full_certified_on is null or first_issued_on is null or full_certified_on >= first_issued_on) and (training_completed_on is null or first_issued_on is null or training_completed_on <= first_issued_on));`);

    this.addSql(`drop index "assistance_application_fund_id_index";`);

    this.addSql(`create index "assistance_application_fund_index" on "assistance_application" ("fund_id") include ("status", "requested_cents", "awarded_cents", "submitted_at", "decided_at");`);

    this.addSql(`drop index "supervised_experience_log_certification_id_index";`);

    this.addSql(`create index "supervised_experience_log_certification_index" on "supervised_experience_log" ("certification_id") include ("supervisor_id", "period_start");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "assistance_application_fund_index";`);

    this.addSql(`create index "assistance_application_fund_id_index" on "assistance_application" ("fund_id");`);

    this.addSql(`drop index "certification_full_certified_index";`);
    this.addSql(`drop index "certification_renewed_index";`);
    this.addSql(`drop index "certification_first_issued_index";`);
    this.addSql(`drop index "certification_in_force_index";`);
    this.addSql(`alter table "certification" drop constraint certification_milestones_check;`);
    this.addSql(`alter table "certification" drop column "full_certified_on", drop column "training_completed_on";`);

    this.addSql(`create index "certification_first_issued_on_index" on "certification" ("first_issued_on");`);

    this.addSql(`drop index "supervised_experience_log_certification_index";`);

    this.addSql(`create index "supervised_experience_log_certification_id_index" on "supervised_experience_log" ("certification_id");`);
  }

}
