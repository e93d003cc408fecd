import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the counts of the clients' reads (EXPLAIN ANALYZE on scale-50 data, generic plans as prepared
 * statements run them):
 * - a job board's count of open postings in a state: from a partial index of open postings by state, holding what the
 *   search filters on (0.94 ms and 850 buffers, a bitmap scan of pay_min_cents then a filter dropping 80% of rows,
 *   down to 0.28 ms read from the index alone);
 * - an analyst's count of a credential's certifications expiring before a day: a range of one credential type's
 *   expiry days (1.78 ms, 8,956 index entries of every credential, down to 0.93 ms and 4,401 entries), which is also
 *   the page's order.
 */
export class Migration20261205020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "job_posting_open_index" on "job_posting" ("jurisdiction_id", "date_posted", "id") include ("pay_min_cents", "pay_unit", "valid_through", "program_id") where "status" = 'OPEN';`,
    );
    this.addSql(
      `create index "certification_expiring_index" on "certification" ("credential_type_id", "expires_on", "id") include ("status", "full_certified_on", "jurisdiction_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "job_posting_open_index";`);
    this.addSql(`drop index "certification_expiring_index";`);
  }
}
