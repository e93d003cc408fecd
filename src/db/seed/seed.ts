/**
 * Loads the reference data and the synthetic sample data into an empty (or synthetic-only) database, in one
 * transaction over one pg connection. Rows go in with one INSERT ... SELECT per batch of about 5,000 rows and one
 * parameter per column (unnest of typed arrays), far below PostgreSQL's 65,535-parameter limit. Tables with an array
 * column (unnest cannot take a 2-D array of ragged rows) go in as one JSON parameter through json_populate_recordset.
 */
import { Client } from 'pg';
import { quoteIdent } from '../../sql/identifiers';
import { referenceTables } from './reference';
import { SyntheticData, type Row } from './synthetic';

/** The hub's domain tables, in insertion order (each refers only to those before it). */
export const SEED_TABLES = [
  'jurisdiction',
  'certifying_body',
  'credential_type',
  'requirement_profile',
  'peer_specialist',
  'certification',
  'certification_application',
  'training_organization',
  'training_event',
  'training_registration',
  'continuing_education_record',
  'employer',
  'service_program',
  'employment',
  'supervisor',
  'supervision',
  'supervised_experience_log',
  'assistance_fund',
  'assistance_application',
  'job_posting',
  'job_posting_accepted_credential_type',
] as const;

export type SeedTable = (typeof SEED_TABLES)[number];

export interface SeedSummary {
  scale: number;
  /** Rows inserted per table. */
  rows: Record<string, number>;
  millis: number;
}

export interface SeedOptions {
  scale: number;
  /** Replace the data even when some rows are not synthetic. */
  force?: boolean;
  log?: (line: string) => void;
  /** How rows are sent: typed arrays through unnest (default) or one JSON document per batch. */
  insertMethod?: 'unnest' | 'json';
  batchSize?: number;
}

interface Column {
  name: string;
  /** Type name usable in a cast, such as int4, varchar, timestamptz. */
  type: string;
  isArray: boolean;
}


async function loadColumns(client: Client): Promise<Map<string, Map<string, Column>>> {
  const { rows } = await client.query<{ table: string; column: string; type: string; is_array: boolean }>(
    `select c.relname as "table", a.attname as "column", t.typname as "type", t.typcategory = 'A' as is_array
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
        and c.relname = any($1::text[])
      order by c.relname, a.attnum`,
    [[...SEED_TABLES]],
  );
  const tables = new Map<string, Map<string, Column>>();
  for (const r of rows) {
    if (!tables.has(r.table)) tables.set(r.table, new Map());
    tables.get(r.table)!.set(r.column, { name: r.column, type: r.type, isArray: r.is_array });
  }
  const missing = SEED_TABLES.filter((t) => !tables.has(t));
  if (missing.length) throw new Error(`cannot seed: the database lacks the tables ${missing.join(', ')} (are the migrations applied?)`);
  return tables;
}

async function insertBatch(client: Client, table: string, columns: Map<string, Column>, rows: Row[], method: 'unnest' | 'json'): Promise<void> {
  if (!rows.length) return;
  const names = Object.keys(rows[0]);
  const cols = names.map((name) => {
    const col = columns.get(name);
    if (!col) throw new Error(`table ${table} has no column ${name}`);
    return col;
  });
  const list = cols.map((c) => quoteIdent(c.name)).join(', ');
  if (method === 'json' || cols.some((c) => c.isArray)) {
    await client.query(
      `insert into ${quoteIdent(table)} (${list}) select ${list} from json_populate_recordset(null::${quoteIdent(table)}, $1::json)`,
      [JSON.stringify(rows)],
    );
    return;
  }
  const params = cols.map((c) => {
    const values = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i][c.name];
      values[i] = v === undefined ? null : c.type === 'jsonb' || c.type === 'json' ? (v === null ? null : JSON.stringify(v)) : v;
    }
    return values;
  });
  const casts = cols.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  await client.query(`insert into ${quoteIdent(table)} (${list}) select * from unnest(${casts})`, params);
}

/**
 * True when the database holds records of people (sample or real): reference data alone, which every start writes,
 * still counts as empty, so that SEED_ON_EMPTY seeds it.
 */
export async function hasData(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const present = await client.query<{ present: boolean }>(`select to_regclass('peer_specialist') is not null as present`);
    if (!present.rows[0].present) return false;
    const { rows } = await client.query<{ any: boolean }>('select exists (select 1 from peer_specialist) as any');
    return rows[0].any;
  } finally {
    await client.end();
  }
}

const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * Replaces the content of every domain table with the reference data and the synthetic data of the given scale.
 * Refuses when a table holds non-synthetic rows, unless force is set.
 */
export async function seed(databaseUrl: string, options: SeedOptions): Promise<SeedSummary> {
  const { scale, force = false, log = () => undefined, insertMethod = 'unnest', batchSize = 5000 } = options;
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a positive integer, got ${scale}`);
  const started = performance.now();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const rows: Record<string, number> = {};
  try {
    await client.query('begin');
    // sample data is no news: subscribers and webhooks hear of no row the seed writes (docs/live.md)
    await client.query(`set local hub.events = 'off'`);
    const columns = await loadColumns(client);

    const marked = SEED_TABLES.filter((t) => columns.get(t)!.has('synthetic'));
    const counts = await client.query<{ table: string; count: string }>(
      marked.map((t) => `select '${t}' as "table", count(*) as count from ${quoteIdent(t)} where not synthetic`).join(' union all '),
    );
    const real = counts.rows.filter((r) => Number(r.count) > 0);
    const realTotal = real.reduce((sum, r) => sum + Number(r.count), 0);
    if (realTotal > 0) {
      const detail = real.map((r) => `${r.table}: ${formatCount(Number(r.count))}`).join(', ');
      if (!force) {
        throw new Error(`refusing to seed: the database holds ${formatCount(realTotal)} non-synthetic rows (${detail}); seeding replaces every row: rerun with --force (options.force) to replace them anyway`);
      }
      log(`force: replacing ${formatCount(realTotal)} non-synthetic rows (${detail})`);
    }

    await client.query(`truncate table ${SEED_TABLES.map(quoteIdent).join(', ')} restart identity cascade`);
    // the events of the rows just replaced name keys the new rows reuse; event ids go on, never issued twice
    await client.query(`truncate table "hub_event" cascade`);

    const load = async (table: string, batches: Iterable<Row[]>) => {
      const tableColumns = columns.get(table);
      if (!tableColumns) throw new Error(`unknown table ${table}`);
      const t0 = performance.now();
      let count = 0;
      // the next batch is generated while the server inserts the previous one
      let inFlight: Promise<void> | undefined;
      try {
        for (const batch of batches) {
          await inFlight;
          inFlight = insertBatch(client, table, tableColumns, batch, insertMethod);
          count += batch.length;
        }
      } catch (error) {
        await inFlight?.catch(() => undefined);
        throw error;
      }
      await inFlight;
      const ms = performance.now() - t0;
      rows[table] = (rows[table] ?? 0) + count;
      const rate = ms > 0 ? Math.round((count / ms) * 1000) : count;
      log(`${table.padEnd(38)} ${formatCount(count).padStart(9)} rows ${formatCount(Math.round(ms)).padStart(7)} ms ${formatCount(rate).padStart(9)} rows/s`);
    };

    for (const { table, rows: reference } of referenceTables()) await load(table, [reference]);
    const data = new SyntheticData(scale, batchSize);
    for (const t of data.tables()) await load(t.table, t.batches());

    for (const table of SEED_TABLES) {
      if (!columns.get(table)!.has('id')) continue;
      await client.query(
        `select setval(pg_get_serial_sequence($1, 'id'), m) from (select max(id) as m from ${quoteIdent(table)}) s where m is not null`,
        [quoteIdent(table)],
      );
    }
    await client.query('commit');
    // the planner's statistics still describe the empty tables: without them a first query picks plans for 40 rows;
    // vacuum marks the new pages all-visible, so that the metrics' covering indexes answer without the table
    await client.query(`vacuum (analyze) ${SEED_TABLES.map(quoteIdent).join(', ')}`);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  for (const table of SEED_TABLES) rows[table] ??= 0;
  return { scale, rows, millis: Math.round(performance.now() - started) };
}
