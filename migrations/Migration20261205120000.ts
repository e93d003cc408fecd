import { Migration } from '@mikro-orm/migrations';

/**
 * Job boards and the training calendar: where to apply for a job (a URL or an email; publishing needs one, so postings
 * published from now on carry one, while rows already OPEN keep none until their employer adds it: a migration cannot
 * invent contacts), remote postings by day posted (postings by postal code come from Migration20261205100000), and the ethics hours of a training event's CE hours.
 */
export class Migration20261205120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "job_posting" add column "apply_url" varchar(2000) null, add column "apply_email" varchar(254) null;`);
    this.addSql(`create index "job_posting_remote_index" on "job_posting" ("date_posted") where "remote";`);
    this.addSql(`alter table "training_event" add column "ethics_hours" numeric(6,2) not null default 0;`);
    this.addSql(`alter table "training_event" add constraint "training_event_ethics_hours_check" check (ethics_hours >= 0 and ethics_hours <= ce_hours);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "training_event" drop constraint "training_event_ethics_hours_check";`);
    this.addSql(`alter table "training_event" drop column "ethics_hours";`);
    this.addSql(`drop index "job_posting_remote_index";`);
    this.addSql(`alter table "job_posting" drop column "apply_url", drop column "apply_email";`);
  }
}
