import { Migration } from '@mikro-orm/migrations';

/**
 * The waiting list of a training event is ordered by a number drawn under the event's lock as each person is placed
 * there (1, 2, 3...), not by registered_at, which was the start of each transaction and so could put a later
 * decision first. People already waiting get their numbers in the order they had: registered_at, then id.
 */
export class Migration20261205000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "training_registration" add column "waitlist_number" int null;`);
    this.addSql(`update "training_registration" r set "waitlist_number" = w.n
      from (select id, row_number() over (partition by "event_id" order by "registered_at", id) as n from "training_registration" where "status" = 'WAITLISTED') w
      where w.id = r.id;`);
    this.addSql(`alter table "training_registration" add constraint "training_registration_waitlist_number_event_id_unique" unique ("waitlist_number", "event_id");`);
    this.addSql(
      `alter table "training_registration" add constraint "training_registration_waitlist_number_check" check ((waitlist_number is null and status <> 'WAITLISTED') or (waitlist_number is not null and waitlist_number > 0));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "training_registration" drop constraint "training_registration_waitlist_number_check";`);
    this.addSql(`alter table "training_registration" drop constraint "training_registration_waitlist_number_event_id_unique";`);
    this.addSql(`alter table "training_registration" drop column "waitlist_number";`);
  }
}
