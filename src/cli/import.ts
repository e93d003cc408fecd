/**
 * npm run import -- --format <name> --file <path> [--dry-run] [--rejects <path>] [--batch-rows N]
 *
 * Loads a state's roster export into the hub: DATABASE_URL, or the embedded database in HUB_DATA_DIR when it is
 * unset (stop the hub first). Exit code 0: every row imported; 3: done, some rows rejected (see the rejects file);
 * 2: bad arguments or a file refused whole; 1: an error.
 */
import { userInfo } from 'node:os';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { announceDataChanged } from '../cache/data-version';
import { FormatError, rosterFormat, rosterFormats } from '../domain/import/format';
import { progressReporter } from '../domain/import/progress';
import { RejectsFile } from '../domain/import/rejects';
import { FileRefused, ImportBusy, importDatabaseUrl, importRoster, ImportUnavailable } from '../domain/import/run';
import { runCommand } from './run';

const USAGE = `usage: npm run import -- --format <name> --file <path> [--dry-run] [--rejects <path>] [--batch-rows N]
  --format      one of: ${[...rosterFormats().keys()].join(', ')} (src/domain/import/formats)
  --file        the roster, CSV in UTF-8
  --dry-run     read and check everything, write nothing, report what would change
  --rejects     where to write the rejected rows (default: <file>.rejects.csv)
  --batch-rows  rows per transaction (default 5000)`;

export interface ImportArgs {
  format: string;
  file: string;
  dryRun: boolean;
  rejects?: string;
  batchRows?: number;
}

/** Parses the command line; null when it is not valid. */
export function parseImportArgs(argv: readonly string[]): ImportArgs | null {
  const values = new Map<string, string>();
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') {
      dryRun = true;
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (!['--format', '--file', '--rejects', '--batch-rows'].includes(name) || values.has(name)) return null;
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return null;
    values.set(name, value);
  }
  const format = values.get('--format');
  const file = values.get('--file');
  if (!format || !file) return null;
  const batch = values.get('--batch-rows');
  if (batch !== undefined && !(/^\d+$/.test(batch) && Number(batch) >= 1 && Number(batch) <= 50_000)) return null;
  return { format, file, dryRun, rejects: values.get('--rejects'), batchRows: batch === undefined ? undefined : Number(batch) };
}

async function main(argv: string[]): Promise<number> {
  const args = parseImportArgs(argv);
  if (!args) {
    console.error(USAGE);
    return 2;
  }
  let config;
  let format;
  try {
    config = loadConfig();
    format = rosterFormat(args.format);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof FormatError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const db = await openDatabase({ ...config, poolMax: 1 });
  const rejects = new RejectsFile(args.rejects ?? `${args.file}.rejects.csv`);
  const progress = progressReporter(process.stderr);
  try {
    const url = db.orm.config.get('clientUrl');
    if (!url) throw new Error('the database has no connection URL');
    console.error(`importing ${args.file} as ${format.name} (${format.title}) into ${db.location}${args.dryRun ? ': dry run, nothing is written' : ''}`);
    const summary = await importRoster({
      databaseUrl: importDatabaseUrl(config, url),
      format,
      path: args.file,
      dryRun: args.dryRun,
      batchRows: args.batchRows,
      requestedBy: `cli:${userInfo().username}`,
      onReject: (r) => rejects.add(r),
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    // the hubs answering from a cache shared in Redis learn that the data changed
    if (summary.inserted + summary.updated > 0) await announceDataChanged(config);
    console.log(JSON.stringify({ ...summary, rejectsFile: rejects.path }, null, 2));
    return summary.rejected > 0 ? 3 : 0;
  } catch (error) {
    progress.done();
    if (error instanceof FileRefused || error instanceof ImportBusy || error instanceof ImportUnavailable) {
      console.error(`refused: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await rejects.close();
    await db.close();
  }
}

if (require.main === module) runCommand(USAGE, main);
