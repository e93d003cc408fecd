/**
 * "Killing the import at any moment leaves each batch fully written or not at all; running it again finishes the
 * job, and the final state equals a clean single run": the built `npm run import` as a child process, killed with
 * SIGKILL three times at growing counts (mid-batch or between batches, as the polling falls), run again to the end, and compared with a clean run into a second
 * database. Real PostgreSQL only (the embedded PGlite is one process's database): skipped unless TEST_DATABASE_URL
 * is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openOrm } from '../../src/db/orm';
import { JURISDICTION_ID } from '../../src/db/seed/reference';
import { fromRoot } from '../../src/paths';
import { ensureBuilt } from './build';
import { startTestDatabase, type TestDatabase } from '../kit';
import { writeWaRoster } from '../rosters';

const ROWS = 30_000;
const BATCH = 1000;
/** Kill once the database holds at least this many WA certifications. */
const KILL_AT = [2_000, 10_000, 21_000];
const CLI = fromRoot('dist/src/cli/import.js');

interface Target {
  db: TestDatabase;
  sql: Client;
}

async function prepare(): Promise<Target> {
  const db = await startTestDatabase();
  const orm = await openOrm(db.url, 2);
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  const { seed } = await import('../../src/db/seed/seed');
  await seed(db.url, { scale: 1 });
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  return { db, sql };
}

function startImport(url: string, path: string, rejects: string): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, '--format', 'wa-doh', '--file', path, '--batch-rows', String(BATCH), '--rejects', rejects], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exit };
}

const waCount = async (sql: Client) => (await sql.query<{ n: number }>('select count(*)::int as n from certification where jurisdiction_id = $1', [JURISDICTION_ID.WA])).rows[0].n;
const waPeople = async (sql: Client) => (await sql.query<{ n: number }>('select count(*)::int as n from peer_specialist where jurisdiction_id = $1', [JURISDICTION_ID.WA])).rows[0].n;
const importRuns = async (sql: Client) =>
  (await sql.query<{ id: number; status: string; inserted: number; updated: number; unchanged: number; rows_read: number }>(
    'select id, status, inserted, updated, unchanged, rows_read from import_run order by id',
  )).rows;

/** The WA data as a user sees it: every stored value but the keys and the clock times. */
async function waDump(sql: Client) {
  return (
    await sql.query(
      `select c.credential_number, c.credential_type_id, c.status, c.first_issued_on::text, c.issued_on::text, c.last_renewed_on::text,
         c.expires_on::text, c.full_certified_on::text, c.ce_due_on::text, c.action_taken, c.extensions_used, c.synthetic,
         c.source_name, c.source_file, c.source_row, c.source_checksum,
         p.first_name, p.middle_name, p.last_name, p.birth_year, p.city, p.synthetic as person_synthetic,
         p.source_name as person_source_name, p.source_file as person_source_file, p.source_row as person_source_row, p.source_checksum as person_source_checksum,
         (select count(*)::int from certification o where o.person_id = p.id) as person_certifications
       from certification c join peer_specialist p on p.id = c.person_id
       where c.jurisdiction_id = $1 order by c.credential_number`,
      [JURISDICTION_ID.WA],
    )
  ).rows;
}

describe.runIf(process.env.TEST_DATABASE_URL)('the import killed mid-run', () => {
  let crashed: Target | undefined;
  let clean: Target | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'hub-import-crash-'));
  const roster = join(dir, 'wa.csv');

  beforeAll(async () => {
    ensureBuilt(CLI);
    [crashed, clean] = await Promise.all([prepare(), prepare(), writeWaRoster(roster, ROWS)]);
  }, 180_000);

  afterAll(async () => {
    for (const target of [crashed, clean]) {
      await target?.sql.end();
      await target?.db.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('leaves whole batches after each SIGKILL, finishes on the next run, and ends equal to a clean single run', async () => {
    const { sql, db } = crashed!;
    // the clean single run goes on meanwhile, into its own database
    const single = startImport(clean!.db.url, roster, join(dir, 'rejects-clean.csv'));
    let previous = 0;
    for (const [k, threshold] of KILL_AT.entries()) {
      const { child, exit } = startImport(db.url, roster, join(dir, `rejects-${k}.csv`));
      // poll until the threshold, then kill at once: the child is mid-batch or between batches, never told
      let ended = false;
      void exit.then(() => (ended = true));
      while (!ended && (await waCount(sql)) < threshold) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(ended, `the import ended before ${threshold} rows: nothing was killed`).toBe(false);
      child.kill('SIGKILL');
      const { signal } = await exit;
      expect(signal).toBe('SIGKILL');

      const written = await waCount(sql);
      // each batch fully written or not at all, people with their certifications
      expect(written % BATCH, `${written} certifications after kill ${k + 1}`).toBe(0);
      expect(written).toBeGreaterThanOrEqual(threshold);
      expect(written).toBeLessThan(ROWS);
      expect(await waPeople(sql)).toBe(written);
      // the run records moved with the batches: what they say was inserted is what is there
      const runs = await importRuns(sql);
      expect(runs).toHaveLength(k + 1);
      expect(runs.at(-1)!.status).toBe('RUNNING');
      expect(runs.reduce((sum, r) => sum + r.inserted, 0)).toBe(written);
      expect(runs.at(-1)!.inserted + runs.at(-1)!.unchanged).toBe(runs.at(-1)!.rows_read);
      // the rerun found the earlier batches unchanged and marked the killed run
      if (k > 0) {
        expect(runs.at(-1)!.unchanged).toBe(previous);
        expect(runs.slice(0, -1).map((r) => r.status)).toEqual(Array(k).fill('INTERRUPTED'));
      }
      previous = written;
    }

    const last = startImport(db.url, roster, join(dir, 'rejects-final.csv'));
    const finished = await last.exit;
    expect({ code: finished.code, signal: finished.signal }, finished.stderr).toEqual({ code: 0, signal: null });
    const summary = JSON.parse(finished.stdout);
    expect(summary).toMatchObject({ rowsRead: ROWS, inserted: ROWS - previous, updated: 0, unchanged: previous, rejected: 0 });
    expect((await importRuns(sql)).map((r) => r.status)).toEqual(['INTERRUPTED', 'INTERRUPTED', 'INTERRUPTED', 'COMPLETED']);
    expect(await waCount(sql)).toBe(ROWS);
    expect(readFileSync(join(dir, 'rejects-final.csv'), 'utf8')).toBe('line,column,value,reason\n');

    const cleanRun = await single.exit;
    expect({ code: cleanRun.code, signal: cleanRun.signal }, cleanRun.stderr).toEqual({ code: 0, signal: null });
    expect(JSON.parse(cleanRun.stdout)).toMatchObject({ rowsRead: ROWS, inserted: ROWS, updated: 0, unchanged: 0, rejected: 0 });

    const [afterCrashes, afterClean] = await Promise.all([waDump(sql), waDump(clean!.sql)]);
    expect(afterCrashes).toHaveLength(ROWS);
    expect(afterCrashes[0].source_checksum).toBe(createHash('sha256').update(readFileSync(roster)).digest('hex'));
    // compared whole first (a difference shows a row), then row by row
    const differing = afterCrashes.filter((row, i) => JSON.stringify(row) !== JSON.stringify(afterClean[i]));
    expect(differing.slice(0, 3)).toEqual([]);
    expect(afterCrashes).toEqual(afterClean);
    expect(await waPeople(sql)).toBe(await waPeople(clean!.sql));
  }, 120_000);
});
