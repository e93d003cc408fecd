import { Migration } from '@mikro-orm/migrations';

export class Migration20261122220014 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "employer_search_index" on "employer" using gin (to_tsvector('english', "name"));`);

    this.addSql(`create index "job_posting_search_index" on "job_posting" using gin (to_tsvector('english', "title" || ' ' || "description"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "employer_search_index";`);

    this.addSql(`drop index "job_posting_search_index";`);
  }

}
