import { Migration } from '@mikro-orm/migrations';

export class Migration20261122215257 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "job_posting_pay_unit_index" on "job_posting" ("pay_unit");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "job_posting_pay_unit_index";`);
  }

}
