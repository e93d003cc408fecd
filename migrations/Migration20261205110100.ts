import { Migration } from '@mikro-orm/migrations';

/** The languages a job posting is done in (issue 22, point 5): BCP 47 tags, checked, on a GIN index for the filter. */
export class Migration20261205110100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "job_posting" add column "languages" text[] not null default '{}';`);
    this.addSql(`create index "job_posting_languages_index" on "job_posting" using gin ("languages");`);
    this.addSql(`alter table "job_posting" add constraint job_posting_languages_check check(cardinality("languages") <= 12 and array_to_string("languages", ',') ~ '^([a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(,|\$))*\$');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "job_posting" drop constraint job_posting_languages_check;`);
    this.addSql(`drop index "job_posting_languages_index";`);
    this.addSql(`alter table "job_posting" drop column "languages";`);
  }

}
