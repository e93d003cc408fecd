import { Migration } from '@mikro-orm/migrations';

/**
 * A certification in a status that dates drive (PROVISIONAL, ACTIVE, IN_GRACE, LATE_RENEWAL, EXPIRED) must carry
 * its expiry: a filter on a status as read is then a range of expiry days with no second branch, which the expiry
 * index serves in expiry order and counts from alone (it now includes the columns the rule reads). A database
 * holding such a certification without an expiry is refused with the count, rather than left half-migrated.
 * Indexes for what the status as read asks: interns (not full on a day), the workforce tallies in force on a day,
 * and the coverage of the figures (which jurisdictions keep certifications by a day).
 */
const DATED = `('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED')`;

export class Migration20261204230000 extends Migration {
  override async up(): Promise<void> {
    const [{ missing }] = await this.execute(`select count(*)::int as missing from "certification" where "status" in ${DATED} and "expires_on" is null`);
    if (missing > 0) {
      throw new Error(
        `${missing} certification(s) hold a status that dates drive but no expiry date (select id, status from certification where status in ${DATED} and expires_on is null): give each its expiresOn, or the status a decision set, then migrate again`,
      );
    }
    // added unchecked, then checked under a lock that lets writes go on (a large table is read once)
    this.addSql(`alter table "certification" add constraint "certification_dated_expiry_check" check (status <> all (array['PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED']) or expires_on is not null) not valid;`);
    this.addSql(`alter table "certification" validate constraint "certification_dated_expiry_check";`);
    this.addSql(`drop index "certification_expires_on_index";`);
    this.addSql(`create index "certification_expires_on_index" on "certification" ("expires_on") include ("status", "full_certified_on", "jurisdiction_id", "credential_type_id");`);
    // PROVISIONAL as read (not full on the day, in force): a range of this expression, not a scan of the table
    this.addSql(`create index "certification_not_full_index" on "certification" ((coalesce("full_certified_on", 'infinity'::date))) include ("expires_on", "status", "first_issued_on", "jurisdiction_id", "credential_type_id", "id") where "status" in ${DATED};`);
    // the workforce figures' in force and expiring: read from this index alone
    this.addSql(`create index "certification_cycle_tally_in_force_index" on "certification_cycle_tally" ("status", "expires_on") include ("first_issued_on", "full_on", "jurisdiction_id", "credential_type_id", "certifications");`);
    // whether a jurisdiction keeps certifications by a day (the workforce figures' coverage): one probe each
    this.addSql(`create index "certification_issue_tally_jurisdiction_index" on "certification_issue_tally" ("jurisdiction_id", "credential_type_id", "first_issued_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "certification_issue_tally_jurisdiction_index";`);
    this.addSql(`drop index "certification_not_full_index";`);
    this.addSql(`drop index "certification_cycle_tally_in_force_index";`);
    this.addSql(`drop index "certification_expires_on_index";`);
    this.addSql(`create index "certification_expires_on_index" on "certification" ("expires_on");`);
    this.addSql(`alter table "certification" drop constraint "certification_dated_expiry_check";`);
  }
}
