import { Migration } from '@mikro-orm/migrations';

export class Migration20261123161910 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_key" ("subject" varchar(255) not null, "key" varchar(200) not null, "operation" varchar(255) not null, "result_type" varchar(255) null, "result_key" int null, "created_at" timestamptz not null default current_timestamp, constraint "idempotency_key_pkey" primary key ("subject", "key"));`);

    this.addSql(`create table "audit_record" ("id" serial primary key, "occurred_at" timestamptz not null default current_timestamp, "subject" varchar(255) not null, "role" varchar(255) not null, "action" varchar(255) not null, "entity_type" varchar(255) not null, "entity_key" int not null, "jurisdiction_id" int null, "before" jsonb null, "after" jsonb null, "request_id" varchar(255) not null);`);
    this.addSql(`create index "audit_record_occurred_at_index" on "audit_record" ("occurred_at");`);
    this.addSql(`create index "audit_record_subject_index" on "audit_record" ("subject");`);
    this.addSql(`create index "audit_record_action_index" on "audit_record" ("action");`);
    this.addSql(`create index "audit_record_jurisdiction_id_index" on "audit_record" ("jurisdiction_id");`);
    this.addSql(`create index "audit_record_entity_type_entity_key_index" on "audit_record" ("entity_type", "entity_key");`);

    this.addSql(`alter table "audit_record" add constraint "audit_record_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);

    this.addSql(`drop table if exists "audit_record" cascade;`);
  }

}
