import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Client } from 'pg';
import type { HubConfig } from '../../config';
import { isCsvError, readCsv, type CsvError, type CsvRecord } from './csv';
import { type RosterFormat } from './format';
import { HeaderError, rowMapper, type CredentialTypesByCode, type ImportRow, type Reject } from './rows';
import { FileRefused, scanFile } from './scan';
import { BatchWriter, type RunTotals } from './writer';

export { FileRefused } from './scan';

/** Rows per transaction: 16 arrays bound whatever the size, far from PostgreSQL's 65,535 parameters. */
export const DEFAULT_BATCH_ROWS = 5000;

export interface ImportProgress extends RunTotals {
  bytesRead: number;
  totalBytes: number;
  millis: number;
}

export interface ImportOptions {
  /** PostgreSQL connection URL; the import holds one connection of its own. */
  databaseUrl: string;
  format: RosterFormat;
  /** The CSV file. */
  path: string;
  /** The name kept in the provenance (an upload's name); the file's base name by default. */
  fileName?: string;
  dryRun?: boolean;
  batchRows?: number;
  /** Who asked: kept on the run's record. */
  requestedBy: string;
  onReject?: (reject: Reject) => void;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportSummary extends RunTotals {
  runId: number;
  format: string;
  jurisdiction: string;
  fileName: string;
  checksum: string;
  dryRun: boolean;
  millis: number;
}

/** Refused because another import of the same jurisdiction holds its lock. */
export class ImportBusy extends Error {}

/** No connection an import can hold: the hub reaches its database through a pooler in transaction mode. */
export class ImportUnavailable extends Error {}

/**
 * The URL a roster import connects with. An import holds one connection for its whole length (a session advisory
 * lock, temporary tables), which a pooler in transaction mode does not keep: behind one, imports go to
 * IMPORT_DATABASE_URL (PostgreSQL itself, or a pool in session mode), and without it are refused.
 */
export function importDatabaseUrl(config: Pick<HubConfig, 'databasePooler' | 'importDatabaseUrl'>, hubUrl: string): string {
  if (config.importDatabaseUrl) return config.importDatabaseUrl;
  if (config.databasePooler === 'transaction') {
    throw new ImportUnavailable(
      'DATABASE_URL goes through a pooler in transaction mode (DATABASE_POOLER=transaction), which cannot keep an import\'s session: set IMPORT_DATABASE_URL to PostgreSQL itself or to a pool in session mode',
    );
  }
  return hubUrl;
}

/** Jurisdictions (USPS codes) this process is importing. */
const importing = new Set<string>();

/** Decoded text of a file, counting the bytes read for the progress report. */
async function* textOf(path: string, counter: { bytes: number }): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 18 }) as AsyncIterable<Buffer>) {
    counter.bytes += chunk.length;
    yield decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Imports a roster file: checks it whole (encoding, checksum, header) before writing anything, then upserts its
 * rows in batches, each its own transaction, and reports every rejected row. Running it again after a crash
 * finishes the job: batches already written are found unchanged.
 */
export async function importRoster(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { format } = options;
  const fileName = options.fileName ?? basename(options.path);
  // claimed before the first await, so that two imports started together in this process cannot both pass
  if (importing.has(format.jurisdiction)) throw new ImportBusy(`another import of ${format.jurisdiction} is running; try again when it ends`);
  importing.add(format.jurisdiction);
  try {
    return await runImport(options, started, fileName);
  } finally {
    importing.delete(format.jurisdiction);
  }
}

async function runImport(options: ImportOptions, started: number, fileName: string): Promise<ImportSummary> {
  const { format } = options;
  const scan = await scanFile(options.path);
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  let runId: number | undefined;
  let lockedJurisdiction: number | undefined;
  let writer: BatchWriter | undefined;
  try {
    const jurisdiction = await client.query<{ id: number }>('select id from jurisdiction where code = $1', [format.jurisdiction]);
    if (!jurisdiction.rows.length) {
      throw new FileRefused(`jurisdiction ${format.jurisdiction} of format ${format.name} is not in the hub: load the reference data first (npm run reference; the hub loads it at start unless REFERENCE_DATA=false)`);
    }
    const jurisdictionId = jurisdiction.rows[0].id;
    const types = await client.query<{ id: number; code: string; provisional: boolean }>(
      'select id, code, provisional from credential_type where jurisdiction_id = $1',
      [jurisdictionId],
    );
    const credentialTypes: CredentialTypesByCode = new Map(types.rows.map((t) => [t.code, { id: t.id, provisional: t.provisional }]));
    const missing = [...new Set([...(format.credentialType ? [format.credentialType] : []), ...Object.values(format.credentialTypes ?? {})])].filter((code) => !credentialTypes.has(code));
    if (missing.length) throw new FileRefused(`format ${format.name} names credential types ${format.jurisdiction} does not have: ${missing.join(', ')}`);

    const counter = { bytes: 0 };
    const records = readCsv(textOf(options.path, counter));
    const header = await records.next();
    if (header.done) throw new FileRefused('the file has no header');
    if (isCsvError(header.value)) throw new FileRefused(`the header (line ${header.value.line}) cannot be read: ${header.value.reason}`);
    let mapRow: ReturnType<typeof rowMapper>;
    try {
      mapRow = rowMapper(format, header.value.fields, credentialTypes, new Date().getUTCFullYear());
    } catch (error) {
      if (error instanceof HeaderError) throw new FileRefused(error.message);
      throw error;
    }

    // one import per jurisdiction at a time: across processes by an advisory lock, which goes with the connection
    // (a killed import frees it); within this process by a set, since the embedded PGlite serves every connection
    // from one session, where an advisory lock never refuses its own holder
    const locked = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock(hashtext('roster import'), $1) as ok`, [jurisdictionId]);
    if (!locked.rows[0].ok) throw new ImportBusy(`another import of ${format.jurisdiction} is running; try again when it ends`);
    lockedJurisdiction = jurisdictionId;
    // a run still marked running was cut off: its lock would be held otherwise
    await client.query(`update import_run set status = 'INTERRUPTED', finished_at = now() where jurisdiction_id = $1 and status = 'RUNNING'`, [jurisdictionId]);
    const run = await client.query<{ id: number }>(
      `insert into import_run (format, jurisdiction_id, file_name, file_checksum, file_bytes, dry_run, status, requested_by)
       values ($1, $2, $3, $4, $5, $6, 'RUNNING', $7) returning id`,
      [format.name, jurisdictionId, fileName, scan.checksum, scan.bytes, Boolean(options.dryRun), options.requestedBy],
    );
    runId = run.rows[0].id;
    writer = new BatchWriter(client, format, jurisdictionId, { format: format.name, fileName, checksum: scan.checksum, runId });
    await writer.prepare();
    const batchWriter = writer;

    const totals: RunTotals = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
    const batchSize = options.batchRows ?? DEFAULT_BATCH_ROWS;
    // a credential number twice in one file: the first row counts, the second is refused (within a batch found
    // here, across batches by PostgreSQL: see BatchWriter.claimNumbers)
    let firstLine = new Map<string, number>();
    let batch: ImportRow[] = [];
    let batchRejected = 0;
    const reject = (r: Reject) => options.onReject?.(r);
    const writeBatch = async (batchRows: ImportRow[], rejectedBefore: number) => {
      const seenEarlier = batchRows.length ? await batchWriter.claimNumbers(batchRows) : new Map<string, number>();
      const rows = seenEarlier.size ? batchRows.filter((row) => !seenEarlier.has(row.credentialNumber)) : batchRows;
      for (const row of seenEarlier.size ? batchRows : []) {
        const earlier = seenEarlier.get(row.credentialNumber);
        if (earlier !== undefined) reject({ line: row.line, column: columnOf(format, 'credentialNumber'), value: row.credentialNumber, reason: `the credential number is on line ${earlier} already` });
      }
      const rejected = rejectedBefore + batchRows.length - rows.length;
      const read = rows.length + rejected;
      const counts = rows.length
        ? await batchWriter.write(rows, !options.dryRun, (c) => ({
            rowsRead: totals.rowsRead + read,
            inserted: totals.inserted + c.inserted,
            updated: totals.updated + c.updated,
            unchanged: totals.unchanged + c.unchanged,
            rejected: totals.rejected + rejected,
          }))
        : { inserted: 0, updated: 0, unchanged: 0 };
      totals.rowsRead += read;
      totals.inserted += counts.inserted;
      totals.updated += counts.updated;
      totals.unchanged += counts.unchanged;
      totals.rejected += rejected;
      options.onProgress?.({ ...totals, bytesRead: counter.bytes, totalBytes: scan.bytes, millis: Date.now() - started });
    };
    // the next batch is read and checked while PostgreSQL writes the last one: the two cores work at once
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      await writing;
      writing = writeBatch(batch, batchRejected);
      // a failed write is reported by the next await of `writing`; until then it must not count as unhandled
      writing.catch(() => undefined);
      batch = [];
      batchRejected = 0;
      firstLine = new Map();
    };

    for await (const item of records as AsyncIterable<CsvRecord | CsvError>) {
      if (isCsvError(item)) {
        reject({ line: item.line, column: '', value: '', reason: item.reason });
        batchRejected++;
      } else {
        const mapped = mapRow(item.fields, item.line);
        if ('rejects' in mapped) {
          mapped.rejects.forEach(reject);
          batchRejected++;
        } else {
          const earlier = firstLine.get(mapped.row.credentialNumber);
          if (earlier !== undefined) {
            reject({ line: item.line, column: columnOf(format, 'credentialNumber'), value: mapped.row.credentialNumber, reason: `the credential number is on line ${earlier} already` });
            batchRejected++;
          } else {
            firstLine.set(mapped.row.credentialNumber, item.line);
            batch.push(mapped.row);
          }
        }
      }
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await writing;

    await client.query(
      `update import_run set status = 'COMPLETED', finished_at = now(), rows_read = $2, inserted = $3, updated = $4, unchanged = $5, rejected = $6 where id = $1`,
      [runId, totals.rowsRead, totals.inserted, totals.updated, totals.unchanged, totals.rejected],
    );
    return {
      runId,
      format: format.name,
      jurisdiction: format.jurisdiction,
      fileName,
      checksum: scan.checksum,
      dryRun: Boolean(options.dryRun),
      ...totals,
      millis: Date.now() - started,
    };
  } catch (error) {
    if (runId !== undefined) {
      await client
        .query(`update import_run set status = 'FAILED', finished_at = now(), error = $2 where id = $1`, [runId, (error as Error).message])
        .catch(() => undefined);
    }
    throw error;
  } finally {
    await writer?.release().catch(() => undefined);
    if (lockedJurisdiction !== undefined) {
      await client.query(`select pg_advisory_unlock(hashtext('roster import'), $1)`, [lockedJurisdiction]).catch(() => undefined);
    }
    await client.end().catch(() => undefined);
  }
}

function columnOf(format: RosterFormat, field: string): string {
  return Object.entries(format.columns).find(([, f]) => f === field)?.[0] ?? '';
}
