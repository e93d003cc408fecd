import { Migration } from '@mikro-orm/migrations';

/**
 * The supervisor directory and the supervision an intern asks for (issue 22, find supervision): what a supervisor
 * publishes (display name, city, languages, the type of the supervisor credential held, which a trigger keeps from
 * the certification whoever writes), and the supervision table, whose accepted rows logging hours relies on. The
 * supervisors of existing data publish their name and their employer's city, and every intern with hours submitted
 * or approved under a supervisor is accepted by them from the first day logged, so that they go on logging.
 */
export class Migration20261205110000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "supervision" ("id" serial primary key, "synthetic" boolean not null default false, "person_id" int not null, "supervisor_id" int not null, "status" text check ("status" in ('REQUESTED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'ENDED')) not null, "message" text null, "requested_at" timestamptz not null, "decided_at" timestamptz null, "decision_note" text null, "starts_on" date null, "ends_on" date null, constraint supervision_accepted_check check ((status = 'ACCEPTED') = (starts_on is not null)), constraint supervision_period_check check (ends_on is null or (starts_on is not null and ends_on >= starts_on)));`);
    this.addSql(`create index "supervision_synthetic_index" on "supervision" ("synthetic");`);
    this.addSql(`create index "supervision_person_id_index" on "supervision" ("person_id");`);
    this.addSql(`create index "supervision_supervisor_id_index" on "supervision" ("supervisor_id");`);
    this.addSql(`create index "supervision_status_index" on "supervision" ("status");`);
    this.addSql(`create index "supervision_accepted_index" on "supervision" ("supervisor_id") include ("starts_on", "ends_on", "person_id") where "status" = 'ACCEPTED';`);
    this.addSql(`create unique index "supervision_requested_unique" on "supervision" ("person_id", "supervisor_id") where "status" = 'REQUESTED';`);

    this.addSql(`alter table "supervision" add constraint "supervision_person_id_foreign" foreign key ("person_id") references "peer_specialist" ("id") on update cascade;`);
    this.addSql(`alter table "supervision" add constraint "supervision_supervisor_id_foreign" foreign key ("supervisor_id") references "supervisor" ("id") on update cascade;`);

    this.addSql(`alter table "supervisor" add column "display_name" text null, add column "city" text null, add column "languages" text[] not null default '{}', add column "credential_type_id" int null;`);
    this.addSql(`alter table "supervisor" add constraint "supervisor_credential_type_id_foreign" foreign key ("credential_type_id") references "credential_type" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "supervisor_display_name_index" on "supervisor" ("display_name");`);
    this.addSql(`create index "supervisor_city_index" on "supervisor" ("city");`);
    this.addSql(`create index "supervisor_credential_type_id_index" on "supervisor" ("credential_type_id");`);
    this.addSql(`create index "supervisor_languages_index" on "supervisor" using gin ("languages");`);
    this.addSql(`alter table "supervisor" add constraint supervisor_languages_check check(cardinality("languages") <= 12 and array_to_string("languages", ',') ~ '^([a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(,|\$))*\$');`);

    this.addSql(`create or replace function supervisor_credential_type() returns trigger language plpgsql as $$
      begin
        new."credential_type_id" := (select c."credential_type_id" from "certification" c where c.id = new."supervisor_certification_id");
        return new;
      end $$;`);
    this.addSql(`create trigger "supervisor_credential_type" before insert or update of "supervisor_certification_id", "credential_type_id" on "supervisor"
      for each row execute function supervisor_credential_type();`);
    this.addSql(`update "supervisor" s set "credential_type_id" = c."credential_type_id" from "certification" c where c.id = s."supervisor_certification_id";`);
    this.addSql(`update "supervisor" s set "display_name" = p."first_name" || ' ' || p."last_name", "city" = (select e."city" from "employer" e where e.id = s."employer_id")
      from "peer_specialist" p where p.id = s."person_id";`);
    this.addSql(`insert into "supervision" ("synthetic", "person_id", "supervisor_id", "status", "requested_at", "decided_at", "starts_on")
      select bool_and(l."synthetic"), l."person_id", l."supervisor_id", 'ACCEPTED', min(l."submitted_at"), min(l."submitted_at"), min(l."period_start")
      from "supervised_experience_log" l where l."status" in ('SUBMITTED', 'APPROVED') group by l."person_id", l."supervisor_id" order by 2, 3;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "supervision" cascade;`);
    this.addSql(`drop trigger if exists "supervisor_credential_type" on "supervisor";`);
    this.addSql(`drop function if exists supervisor_credential_type();`);

    this.addSql(`alter table "supervisor" drop constraint "supervisor_credential_type_id_foreign";`);

    this.addSql(`drop index "supervisor_display_name_index";`);
    this.addSql(`drop index "supervisor_city_index";`);
    this.addSql(`drop index "supervisor_credential_type_id_index";`);
    this.addSql(`drop index "supervisor_languages_index";`);
    this.addSql(`alter table "supervisor" drop constraint supervisor_languages_check;`);
    this.addSql(`alter table "supervisor" drop column "display_name", drop column "city", drop column "languages", drop column "credential_type_id";`);
  }

}
