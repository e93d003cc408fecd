import { Migration } from '@mikro-orm/migrations';

export class Migration20261203064746 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "job_posting_employer_id_index";`);

    this.addSql(`create index "job_posting_employer_status_index" on "job_posting" ("employer_id", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "job_posting_employer_status_index";`);

    this.addSql(`create index "job_posting_employer_id_index" on "job_posting" ("employer_id");`);
  }

}
