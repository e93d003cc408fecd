import { Migration } from '@mikro-orm/migrations';

/**
 * Postal codes are kept as 5-digit ZIP codes, the form distance search and the postalCode filter compare: a posting
 * saved with a ZIP+4 code matched no `near` (postings accepted ZIP+4 before).
 */
export class Migration20261205140000 extends Migration {
  override async up(): Promise<void> {
    for (const table of ['job_posting', 'employer', 'supervisor', 'training_event']) {
      this.addSql(`update "${table}" set "postal_code" = left("postal_code", 5) where length("postal_code") > 5;`);
    }
  }

  override async down(): Promise<void> {
    // the +4 digits are not kept: nothing to restore
  }
}
