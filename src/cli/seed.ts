/**
 * npm run seed -- [--scale N] [--force]
 *
 * Replaces the data with the reference data and the synthetic sample data of scale N (1 is about 2,000 people).
 * Uses DATABASE_URL, or the embedded database in HUB_DATA_DIR when it is unset; applies pending migrations first.
 */
import { DEFAULT_SEED_SCALE } from '../config';
import { openDatabase } from '../db/database';
import { seed } from '../db/seed/seed';
import { commandConfig, runCommand } from './run';

const USAGE = `usage: node dist/src/cli/seed.js [--scale N] [--force]  (N an integer from 1 to 1000; default SEED_SCALE or ${DEFAULT_SEED_SCALE})`;

export interface SeedArgs {
  scale: number;
  force: boolean;
}

/** Parses the command line; null when it is not valid. */
export function parseSeedArgs(argv: readonly string[], defaultScale: number): SeedArgs | null {
  const args: SeedArgs = { scale: defaultScale, force: false };
  let scaleSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === '--force') {
      args.force = true;
      continue;
    } else if (arg === '--scale') {
      value = argv[++i];
    } else if (arg.startsWith('--scale=')) {
      value = arg.slice('--scale='.length);
    } else {
      return null;
    }
    if (scaleSeen || value === undefined || !/^\d+$/.test(value)) return null;
    const scale = Number(value);
    if (!Number.isSafeInteger(scale) || scale < 1 || scale > 1000) return null;
    args.scale = scale;
    scaleSeen = true;
  }
  return args;
}

async function main(argv: string[]): Promise<number> {
  const config = commandConfig();
  if (!config) return 2;
  const args = parseSeedArgs(argv, config.seedScale);
  if (!args) {
    console.error(USAGE);
    return 2;
  }
  const db = await openDatabase(config);
  try {
    console.log(`seeding scale ${args.scale} into ${db.location}`);
    if (db.appliedMigrations.length) console.log(`applied migrations: ${db.appliedMigrations.join(', ')}`);
    const url = db.orm.config.get('clientUrl');
    if (!url) throw new Error('the database has no connection URL');
    const summary = await seed(url, { scale: args.scale, force: args.force, log: (line) => console.log(line) });
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    console.log(`seeded scale ${summary.scale}: ${total.toLocaleString('en-US')} rows in ${(summary.millis / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await db.close();
  }
}

if (require.main === module) runCommand(USAGE, main);
