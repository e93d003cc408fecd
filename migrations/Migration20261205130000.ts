import { Migration } from '@mikro-orm/migrations';

/** Supervisions are ordered by when they were asked for and when they start: each order reads an index. */
export class Migration20261205130000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "supervision_requested_at_index" on "supervision" ("requested_at");`);
    this.addSql(`create index "supervision_starts_on_index" on "supervision" ("starts_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "supervision_requested_at_index";`);
    this.addSql(`drop index "supervision_starts_on_index";`);
  }
}
