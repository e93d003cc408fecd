/**
 * Roster import benchmark, against the real PostgreSQL:
 * - a 100,000-row wa-doh file: first import, re-import of the unchanged file, and an import of a revised file, each
 *   as `npm run import` runs it (a child process), beside a plain COPY of the same file into a staging table;
 * - a 1,000,000-row file imported with the child's resident memory sampled throughout.
 * Prints rows per second and peak memory; saves test/bench/import.json.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hub_bench_import npm run bench:import
 * The database gets the reference data (seed scale 1) when it has none; its Washington records are replaced.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { fromRoot } from '../../src/paths';
import { writeWaRoster, WA_HEADER } from '../rosters';
import { ensureScale, machine, residentMb, withClient } from './load';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const BIG_ROWS = Number(process.env.BENCH_IMPORT_BIG_ROWS ?? 1_000_000);
/** The issue's targets. */
const TARGET_SHARE_OF_COPY = 0.3;
const TARGET_RSS_MB = 300;

interface ChildRun {
  millis: number;
  peakRssMb: number;
  summary: { inserted: number; updated: number; unchanged: number; rejected: number; rowsRead: number };
}

/** Runs the import command as a user would, sampling its resident memory every 50 ms. */
function runImport(databaseUrl: string, file: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [fromRoot('dist/src/cli/import.js'), '--format', 'wa-doh', '--file', file], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let peak = 0;
    const sampler = setInterval(() => {
      try {
        const rss = residentMb(child.pid!);
        // an exiting process has no VmRSS line any more
        if (Number.isFinite(rss)) peak = Math.max(peak, rss);
      } catch {
        // the process has just ended
      }
    }, 50);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearInterval(sampler);
      const millis = performance.now() - started;
      if (code !== 0) return reject(new Error(`import exited ${code}: ${err.slice(-2000)}`));
      resolve({ millis, peakRssMb: peak, summary: JSON.parse(out) });
    });
  });
}

/** A plain COPY of the file into a staging table of text columns: the ceiling for moving these bytes into PostgreSQL. */
function copyBaseline(databaseUrl: string, file: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    await client.query('drop table if exists import_copy_baseline');
    await client.query(`create table import_copy_baseline (${WA_HEADER.map((h) => `"${h}" text`).join(', ')})`);
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom(`copy import_copy_baseline from stdin with (format csv, header true)`)));
    const millis = performance.now() - started;
    await client.query('drop table import_copy_baseline');
    return millis;
  });
}

function forgetWashington(databaseUrl: string): Promise<void> {
  return withClient(databaseUrl, async (client) => {
    const wa = `(select id from jurisdiction where code = 'WA')`;
    await client.query(`delete from certification where jurisdiction_id = ${wa}`);
    await client.query(`delete from peer_specialist where jurisdiction_id = ${wa}`);
    await client.query(`delete from import_run where jurisdiction_id = ${wa}`);
    await client.query('vacuum analyze certification, peer_specialist');
  });
}

const perSecond = (rows: number, millis: number) => Math.round(rows / (millis / 1000));

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to a PostgreSQL database whose Washington records this benchmark may replace');
  await ensureScale(databaseUrl, 1);
  const dir = mkdtempSync(join(tmpdir(), 'hub-import-bench-'));
  try {
    const file = join(dir, 'wa.csv');
    const revised = join(dir, 'wa-revised.csv');
    await writeWaRoster(file, ROWS);
    await writeWaRoster(revised, ROWS, 1);
    await forgetWashington(databaseUrl);

    const copyMillis = Math.min(await copyBaseline(databaseUrl, file), await copyBaseline(databaseUrl, file));
    const first = await runImport(databaseUrl, file);
    const again = await runImport(databaseUrl, file);
    const changed = await runImport(databaseUrl, revised);
    if (first.summary.inserted !== ROWS || again.summary.unchanged !== ROWS || changed.summary.updated === 0) {
      throw new Error(`unexpected counts: ${JSON.stringify({ first: first.summary, again: again.summary, changed: changed.summary })}`);
    }
    const copyRate = perSecond(ROWS, copyMillis);
    const runs = [
      { run: 'COPY into a staging table', millis: Math.round(copyMillis), rowsPerSecond: copyRate },
      ...[['first import', first], ['re-import, unchanged', again], ['import of a revised file', changed]].map(([run, r]) => {
        const result = r as ChildRun;
        return {
          run: run as string,
          millis: Math.round(result.millis),
          rowsPerSecond: perSecond(ROWS, result.millis),
          shareOfCopy: Number((perSecond(ROWS, result.millis) / copyRate).toFixed(2)),
          peakRssMb: result.peakRssMb,
          inserted: result.summary.inserted,
          updated: result.summary.updated,
          unchanged: result.summary.unchanged,
          rejected: result.summary.rejected,
        };
      }),
    ];
    console.table(runs);

    const big = join(dir, 'wa-big.csv');
    await writeWaRoster(big, BIG_ROWS);
    await forgetWashington(databaseUrl);
    const bigRun = await runImport(databaseUrl, big);
    const bigResult = {
      rows: BIG_ROWS,
      fileMb: Math.round(statSync(big).size / 2 ** 20),
      millis: Math.round(bigRun.millis),
      rowsPerSecond: perSecond(BIG_ROWS, bigRun.millis),
      peakRssMb: bigRun.peakRssMb,
      inserted: bigRun.summary.inserted,
    };
    console.table([bigResult]);

    const shareOfCopy = Number((perSecond(ROWS, first.millis) / copyRate).toFixed(2));
    const verdict = {
      firstImportShareOfCopy: shareOfCopy,
      firstImportAtLeast30PercentOfCopy: shareOfCopy >= TARGET_SHARE_OF_COPY,
      reimportFasterThanFirst: again.millis < first.millis,
      millionRowsUnder300Mb: bigRun.peakRssMb < TARGET_RSS_MB,
    };
    console.log(verdict);
    writeFileSync(
      fromRoot('test/bench/import.json'),
      `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), database: 'PostgreSQL (DATABASE_URL)', rows: ROWS, runs, millionRows: bigResult, verdict }, null, 2)}\n`,
    );
    await forgetWashington(databaseUrl);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
