import { Migration } from '@mikro-orm/migrations';

/**
 * Distance search (src/graphql/near.ts): the ZIP code centroids, indexed by position for a radius's bounding box (the
 * reference data fills them at start, src/db/seed/load-postal-codes.ts), and a postal code on supervisors and
 * training events as postings and employers have; every located table's postal code indexed, which a radius query's
 * codes are matched through.
 */
export class Migration20261205100000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "postal_code_centroid" ("postal_code" varchar(5) not null, "latitude" double precision not null, "longitude" double precision not null, "state" varchar(2) not null, constraint "postal_code_centroid_pkey" primary key ("postal_code"));`);
    this.addSql(`create index "postal_code_centroid_position_index" on "postal_code_centroid" ("latitude", "longitude");`);

    this.addSql(`create index "employer_postal_code_index" on "employer" ("postal_code");`);

    this.addSql(`create index "job_posting_postal_code_index" on "job_posting" ("postal_code");`);

    this.addSql(`alter table "supervisor" add column "postal_code" varchar(10) null;`);
    this.addSql(`create index "supervisor_postal_code_index" on "supervisor" ("postal_code");`);

    this.addSql(`alter table "training_event" add column "postal_code" varchar(10) null;`);
    this.addSql(`create index "training_event_postal_code_index" on "training_event" ("postal_code");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "postal_code_centroid" cascade;`);

    this.addSql(`drop index "employer_postal_code_index";`);

    this.addSql(`drop index "job_posting_postal_code_index";`);

    this.addSql(`drop index "supervisor_postal_code_index";`);
    this.addSql(`alter table "supervisor" drop column "postal_code";`);

    this.addSql(`drop index "training_event_postal_code_index";`);
    this.addSql(`alter table "training_event" drop column "postal_code";`);
  }

}
