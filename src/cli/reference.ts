/**
 * npm run reference
 *
 * Writes the hub's reference data (states, certifying bodies, credential types, requirement profiles) into the
 * database, without sample data: missing rows are added, rows that differ from this version are updated in place.
 * The hub does the same at every start unless REFERENCE_DATA=false. Uses DATABASE_URL, or the embedded database in
 * HUB_DATA_DIR when it is unset; applies pending migrations first.
 */
import { openDatabase } from '../db/database';
import { describeReferenceLoad, loadReferenceData } from '../db/seed/load-reference';
import { commandConfig, runCommand } from './run';

const USAGE = 'usage: node dist/src/cli/reference.js  (loads the reference data into DATABASE_URL, or the embedded database)';

async function main(argv: string[]): Promise<number> {
  if (argv.length) {
    console.error(USAGE);
    return 2;
  }
  const config = commandConfig();
  if (!config) return 2;
  const db = await openDatabase(config);
  try {
    if (db.appliedMigrations.length) console.log(`applied migrations: ${db.appliedMigrations.join(', ')}`);
    const url = db.orm.config.get('clientUrl');
    if (!url) throw new Error('the database has no connection URL');
    console.log(`reference data in ${db.location}: ${describeReferenceLoad(await loadReferenceData(url))}`);
    return 0;
  } finally {
    await db.close();
  }
}

if (require.main === module) runCommand(USAGE, main);
