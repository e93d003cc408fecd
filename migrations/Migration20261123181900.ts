import { Migration } from '@mikro-orm/migrations';

export class Migration20261123181900 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "import_run" ("id" serial primary key, "format" varchar(255) not null, "jurisdiction_id" int not null, "file_name" varchar(255) not null, "file_checksum" varchar(64) not null, "file_bytes" bigint not null, "dry_run" boolean not null, "status" text check ("status" in ('RUNNING', 'COMPLETED', 'FAILED', 'INTERRUPTED')) not null, "requested_by" varchar(255) not null, "started_at" timestamptz not null default current_timestamp, "finished_at" timestamptz null, "rows_read" int not null default 0, "inserted" int not null default 0, "updated" int not null default 0, "unchanged" int not null default 0, "rejected" int not null default 0, "error" text null);`);
    this.addSql(`create index "import_run_jurisdiction_id_index" on "import_run" ("jurisdiction_id");`);
    this.addSql(`create index "import_run_file_checksum_index" on "import_run" ("file_checksum");`);

    this.addSql(`alter table "import_run" add constraint "import_run_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);

    this.addSql(`alter table "peer_specialist" add column "source_name" varchar(255) null, add column "source_file" varchar(255) null, add column "source_row" int null, add column "source_checksum" varchar(64) null, add column "imported_at" timestamptz null;`);
    this.addSql(`create index "peer_specialist_match_index" on "peer_specialist" ("jurisdiction_id", lower("last_name"), lower("first_name"), "birth_year");`);

    this.addSql(`alter table "certification" add column "source_checksum" varchar(64) null, add column "imported_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "import_run" cascade;`);

    this.addSql(`alter table "certification" drop column "source_checksum", drop column "imported_at";`);

    this.addSql(`drop index "peer_specialist_match_index";`);
    this.addSql(`alter table "peer_specialist" drop column "source_name", drop column "source_file", drop column "source_row", drop column "source_checksum", drop column "imported_at";`);
  }

}
