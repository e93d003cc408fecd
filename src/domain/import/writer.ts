import type { ClientBase } from 'pg';
import { dataChanged } from '../../cache/data-version';
import type { ImportField, RosterFormat } from './format';
import type { ImportRow } from './rows';

/** Where a batch's rows land first: bound as one array per column, so a batch never nears the parameter limit. */
const STAGE_COLUMNS: Array<[keyof ImportRow, string, string]> = [
  ['line', 'line', 'int'],
  ['credentialNumber', 'credential_number', 'text'],
  ['credentialTypeId', 'credential_type_id', 'int'],
  ['status', 'status', 'text'],
  ['firstIssuedOn', 'first_issued_on', 'date'],
  ['issuedOn', 'issued_on', 'date'],
  ['lastRenewedOn', 'last_renewed_on', 'date'],
  ['expiresOn', 'expires_on', 'date'],
  ['fullCertifiedOn', 'full_certified_on', 'date'],
  ['ceDueOn', 'ce_due_on', 'date'],
  ['actionTaken', 'action_taken', 'text'],
  ['firstName', 'first_name', 'text'],
  ['middleName', 'middle_name', 'text'],
  ['lastName', 'last_name', 'text'],
  ['birthYear', 'birth_year', 'smallint'],
  ['city', 'city', 'text'],
];

/** Certification columns an import writes, and the fields they come from (derived ones need both). */
const CERTIFICATION_COLUMNS: Array<[string, ImportField[]]> = [
  ['credential_type_id', []],
  ['status', []],
  ['first_issued_on', ['firstIssuedOn']],
  ['issued_on', ['issuedOn']],
  ['last_renewed_on', ['firstIssuedOn', 'issuedOn']],
  ['expires_on', ['expiresOn']],
  ['full_certified_on', ['firstIssuedOn', 'issuedOn']],
  ['ce_due_on', ['ceDueOn']],
  ['action_taken', ['actionTaken']],
];

const PERSON_COLUMNS: Array<[string, ImportField[]]> = [
  ['first_name', []],
  ['middle_name', []],
  ['last_name', []],
  ['birth_year', ['birthYear']],
  ['city', ['city']],
];

export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface RunTotals extends BatchCounts {
  rowsRead: number;
  rejected: number;
}

export interface Provenance {
  format: string;
  fileName: string;
  checksum: string;
  runId: number;
}

/**
 * Writes batches of roster rows on one connection, each as one transaction: the batch is fully written or not at
 * all. Upserts by (jurisdiction, credential number); a value is only written where it differs, so that importing
 * the same file again changes no row, provenance included.
 */
export class BatchWriter {
  private readonly certificationColumns: string[];
  private readonly personColumns: string[];
  /**
   * Temporary tables of this run: named after it, because the embedded PGlite serves every connection from one
   * session, where a second import's tables would otherwise be this one's.
   */
  private readonly stage: string;
  private readonly seen: string;

  constructor(
    private readonly client: ClientBase,
    format: RosterFormat,
    private readonly jurisdictionId: number,
    private readonly provenance: Provenance,
  ) {
    this.stage = `import_stage_${provenance.runId}`;
    this.seen = `import_seen_${provenance.runId}`;
    const mapped = new Set<ImportField>(Object.values(format.columns));
    // a single name column fills the middle name too
    if (mapped.has('fullName')) mapped.add('middleName');
    const kept = (columns: Array<[string, ImportField[]]>) => columns.filter(([, needs]) => needs.every((f) => mapped.has(f))).map(([c]) => c);
    this.certificationColumns = kept(CERTIFICATION_COLUMNS);
    this.personColumns = kept(PERSON_COLUMNS).filter((c) => c !== 'middle_name' || mapped.has('middleName'));
  }

  /** The session's staging table; rows vanish at each commit or rollback. */
  async prepare(): Promise<void> {
    const columns = STAGE_COLUMNS.map(([, column, type]) => `${column} ${type}`).join(', ');
    await this.client.query(
      `create temp table ${this.stage} (${columns}, person_key text, certification_id int, person_id int) on commit delete rows`,
    );
    // the credential numbers this run has read, kept by PostgreSQL so that memory stays flat whatever the file's size
    await this.client.query(`create temp table ${this.seen} (credential_number text primary key, line int not null)`);
  }

  private writtenSinceAnalyze = 0;
  private analyzedAt = 0;

  /**
   * Refreshes the planner's statistics of the tables an import grows each time this run has doubled what they held
   * when last analysed: a plan chosen for a small table (a sequential scan per batch) made a million-row import
   * slow down as it went. log2(rows) analyses in all, each a sample of the table.
   */
  private async analyzeWhenGrown(written: number): Promise<void> {
    this.writtenSinceAnalyze += written;
    if (this.writtenSinceAnalyze < Math.max(this.analyzedAt, 5000)) return;
    await this.client.query('analyze certification, peer_specialist');
    this.analyzedAt += this.writtenSinceAnalyze;
    this.writtenSinceAnalyze = 0;
  }

  /** Drops the run's temporary tables (a session that ends drops them too). */
  async release(): Promise<void> {
    await this.client.query(`drop table if exists ${this.stage}, ${this.seen}`);
  }

  /**
   * Records the batch's credential numbers as read (outside the batch's transaction, so that a dry run remembers
   * them too); returns, for those an earlier batch already had, the line it had them on.
   */
  async claimNumbers(rows: readonly ImportRow[]): Promise<Map<string, number>> {
    const fresh = await this.client.query<{ credential_number: string }>(
      `insert into ${this.seen} select * from unnest($1::text[], $2::int[]) on conflict do nothing returning credential_number`,
      [rows.map((r) => r.credentialNumber), rows.map((r) => r.line)],
    );
    if (fresh.rows.length === rows.length) return new Map();
    const claimed = new Set(fresh.rows.map((r) => r.credential_number));
    const taken = rows.filter((r) => !claimed.has(r.credentialNumber)).map((r) => r.credentialNumber);
    const earlier = await this.client.query<{ credential_number: string; line: number }>(
      `select credential_number, line from ${this.seen} where credential_number = any($1::text[])`,
      [taken],
    );
    return new Map(earlier.rows.map((r) => [r.credential_number, r.line]));
  }

  /**
   * Writes one batch. `keep` false rolls it back (a dry run): the counts are what a real run would have done.
   * Returns the counts and the lines it inserted or changed.
   */
  async write(rows: readonly ImportRow[], keep: boolean, runTotals: (batch: BatchCounts) => RunTotals): Promise<BatchCounts> {
    const c = this.client;
    const j = this.jurisdictionId;
    const { format, fileName, checksum, runId } = this.provenance;
    await c.query('begin');
    try {
      await c.query(
        `insert into ${this.stage} (${STAGE_COLUMNS.map(([, column]) => column).join(', ')}, person_key)
         select *, case when u.birth_year is null then 'line ' || u.line
                        else lower(u.last_name) || '|' || lower(u.first_name) || '|' || u.birth_year end
         from unnest(${STAGE_COLUMNS.map(([, , type], i) => `$${i + 1}::${type}[]`).join(', ')})
           as u(${STAGE_COLUMNS.map(([, column]) => column).join(', ')})`,
        STAGE_COLUMNS.map(([field]) => rows.map((row) => row[field])),
      );
      // a temporary table has no statistics until analysed: without them the joins below ran nested loops
      await c.query(`analyze ${this.stage}`);
      // rows whose credential number the hub holds: their certification and its person
      await c.query(
        `update ${this.stage} s set certification_id = c.id, person_id = c.person_id
         from certification c where c.jurisdiction_id = $1 and c.credential_number = s.credential_number`,
        [j],
      );
      // a new credential number of a person already known: the one person of the state with that name and birth year
      await c.query(
        `update ${this.stage} s set person_id = m.person_id
         from (select s2.line, min(p.id) as person_id
               from ${this.stage} s2
               join peer_specialist p on p.jurisdiction_id = $1 and lower(p.last_name) = lower(s2.last_name)
                 and lower(p.first_name) = lower(s2.first_name) and p.birth_year = s2.birth_year
               where s2.person_id is null and s2.birth_year is not null
               group by s2.line having count(*) = 1) m
         where s.line = m.line`,
        [j],
      );
      // everyone else is new: one person per name and birth year in the batch, one per row without a birth year
      await c.query(
        `with first_row as (
           select distinct on (person_key) line, person_key, first_name, middle_name, last_name, birth_year, city
           from ${this.stage} where person_id is null order by person_key, line),
         created as (
           insert into peer_specialist (first_name, middle_name, last_name, birth_year, city, jurisdiction_id, synthetic,
             source_name, source_file, source_row, source_checksum, imported_at)
           select first_name, middle_name, last_name, birth_year, city, $1, false, $2, $3, line, $4, now() from first_row
           returning id, source_row)
         update ${this.stage} s set person_id = created.id
         from created join first_row on first_row.line = created.source_row
         where s.person_id is null and s.person_key = first_row.person_key`,
        [j, format, fileName, checksum],
      );
      const changedPeople = await c.query<{ line: number }>(
        `update peer_specialist p set ${this.personColumns.map((col) => `${col} = s.${col}`).join(', ')},
           source_name = $1, source_file = $2, source_row = s.line, source_checksum = $3, imported_at = now()
         from ${this.stage} s
         where s.certification_id is not null and p.id = s.person_id
           -- a person holding several credentials takes their details from the row of the first one recorded:
           -- two rows that disagree would otherwise rewrite them back and forth on every import
           and s.certification_id = (select min(other.id) from certification other where other.person_id = p.id)
           and (${this.personColumns.map((col) => `p.${col}`).join(', ')}) is distinct from (${this.personColumns.map((col) => `s.${col}`).join(', ')})
         returning s.line`,
        [format, fileName, checksum],
      );
      const changedCertifications = await c.query<{ line: number }>(
        `update certification c set ${this.certificationColumns.map((col) => `${col} = s.${col}`).join(', ')},
           source_name = $1, source_file = $2, source_row = s.line, source_checksum = $3, imported_at = now(), updated_at = now()
         from ${this.stage} s
         where c.id = s.certification_id
           and (${this.certificationColumns.map((col) => `c.${col}`).join(', ')}) is distinct from (${this.certificationColumns.map((col) => `s.${col}`).join(', ')})
         returning s.line`,
        [format, fileName, checksum],
      );
      const inserted = await c.query(
        `insert into certification (person_id, jurisdiction_id, credential_number, ${this.certificationColumns.join(', ')}, synthetic,
           source_name, source_file, source_row, source_checksum, imported_at)
         select person_id, $1, credential_number, ${this.certificationColumns.map((col) => `s.${col}`).join(', ')}, false, $2, $3, line, $4, now()
         from ${this.stage} s where s.certification_id is null`,
        [j, format, fileName, checksum],
      );
      const updatedLines = new Set([...changedPeople.rows, ...changedCertifications.rows].map((r) => r.line));
      const counts = { inserted: inserted.rowCount ?? 0, updated: updatedLines.size, unchanged: rows.length - (inserted.rowCount ?? 0) - updatedLines.size };
      // the run's record moves with its batches: after a crash it tells what was written
      const totals = runTotals(counts);
      await c.query(
        `update import_run set rows_read = $2, inserted = $3, updated = $4, unchanged = $5, rejected = $6 where id = $1`,
        [runId, totals.rowsRead, totals.inserted, totals.updated, totals.unchanged, totals.rejected],
      );
      await c.query(keep ? 'commit' : 'rollback');
      if (keep && counts.inserted + counts.updated > 0) {
        // cached answers of this process (and, through Redis, of every hub) are out of date
        await dataChanged();
        await this.analyzeWhenGrown(counts.inserted);
      }
      return counts;
    } catch (error) {
      await c.query('rollback').catch(() => undefined);
      throw error;
    }
  }
}
