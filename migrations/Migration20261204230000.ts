import { Migration } from '@mikro-orm/migrations';

/**
 * A certification in a status that dates drive (PROVISIONAL, ACTIVE, IN_GRACE, LATE_RENEWAL, EXPIRED) must carry
 * its expiry: a filter on a status as read is then a range of expiry days with no second branch, which the expiry
 * index serves in expiry order and counts from alone (it now includes the columns the rule reads). A database
 * holding such a certification without an expiry is refused with the count, rather than left half-migrated.
 */
const DATED = `('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED')`;

export class Migration20261204230000 extends Migration {
  override async up(): Promise<void> {
    const [{ missing }] = await this.execute(`select count(*)::int as missing from "certification" where "status" in ${DATED} and "expires_on" is null`);
    if (missing > 0) {
      throw new Error(
        `${missing} certifications hold a status that dates drive but no expiry date (select id, status from certification where status in ${DATED} and expires_on is null): give each its expiresOn, or the status a decision set, then migrate again`,
      );
    }
    this.addSql(`alter table "certification" add constraint "certification_dated_expiry_check" check (status <> all (array['PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED']) or expires_on is not null);`);
    this.addSql(`drop index "certification_expires_on_index";`);
    this.addSql(`create index "certification_expires_on_index" on "certification" ("expires_on") include ("status", "full_certified_on", "jurisdiction_id", "credential_type_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "certification_expires_on_index";`);
    this.addSql(`create index "certification_expires_on_index" on "certification" ("expires_on");`);
    this.addSql(`alter table "certification" drop constraint "certification_dated_expiry_check";`);
  }
}
