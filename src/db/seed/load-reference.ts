/**
 * The hub's reference data (states, certifying bodies, credential types and their requirement profiles, each with
 * its sources: src/db/seed/reference.ts) written into a database by itself, without sample data: on every start
 * (REFERENCE_DATA) and by `npm run reference`. Rows missing are added, rows that differ from this version of the hub
 * are updated in place (a requirement profile's change then reaches the certifications of its credential type
 * through their triggers), rows that agree are left alone: running it again changes nothing. Rows are keyed by id;
 * a reference id held by another thing (another state code, another credential code) is refused, never overwritten.
 * Rows the database holds beyond the reference data are kept.
 */
import { Client } from 'pg';
import { quoteIdent } from '../../sql/identifiers';
import { referenceTables } from './reference';
import { loadPostalCodes } from './load-postal-codes';

/** What a reference row is, whatever its other columns say: a row of the same id must agree on these. */
const IDENTITY: Record<string, string[]> = {
  jurisdiction: ['code'],
  certifying_body: ['jurisdiction_id'],
  credential_type: ['jurisdiction_id', 'code'],
  requirement_profile: ['credential_type_id', 'effective_from'],
};

export interface ReferenceLoad {
  /** Rows added, per table. */
  added: Record<string, number>;
  /** Rows that differed and were updated in place, per table. */
  updated: Record<string, number>;
}

export class ReferenceConflict extends Error {}

export async function loadReferenceData(databaseUrl: string): Promise<ReferenceLoad> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const result: ReferenceLoad = { added: {}, updated: {} };
  try {
    await client.query('begin');
    for (const { table, rows } of referenceTables()) {
      const t = quoteIdent(table);
      const columns = Object.keys(rows[0]);
      const list = columns.map(quoteIdent).join(', ');
      const source = `json_populate_recordset(null::${t}, $1::json)`;
      const identity = IDENTITY[table];
      if (!identity) throw new Error(`reference table ${table} has no identity columns (IDENTITY, load-reference.ts)`);
      const clashes = await client.query<{ id: number; held: string; reference: string }>(
        `select r.id, jsonb_build_object(${identity.map((c) => `'${c}', t.${quoteIdent(c)}`).join(', ')})::text as held,
                jsonb_build_object(${identity.map((c) => `'${c}', r.${quoteIdent(c)}`).join(', ')})::text as reference
           from ${source} r join ${t} t on t.id = r.id
          where (${identity.map((c) => `t.${quoteIdent(c)}`).join(', ')}) is distinct from (${identity.map((c) => `r.${quoteIdent(c)}`).join(', ')})
          order by r.id`,
        [JSON.stringify(rows)],
      );
      if (clashes.rows.length) {
        const detail = clashes.rows.map((c) => `id ${c.id} holds ${c.held}, the reference data ${c.reference}`).join('; ');
        throw new ReferenceConflict(
          `${table}: ${detail}. The database keeps reference data of its own under the hub's ids: start with REFERENCE_DATA=false, or move those rows to other ids`,
        );
      }
      const changed = columns.filter((c) => c !== 'id');
      const { rows: written } = await client.query<{ added: boolean }>(
        `insert into ${t} as t (${list}) select ${list} from ${source}
         on conflict (id) do update set ${changed.map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`).join(', ')}
           where (${changed.map((c) => `t.${quoteIdent(c)}`).join(', ')}) is distinct from (${changed.map((c) => `excluded.${quoteIdent(c)}`).join(', ')})
         returning (xmax = 0) as added`,
        [JSON.stringify(rows)],
      );
      result.added[table] = written.filter((w) => w.added).length;
      result.updated[table] = written.length - result.added[table];
      // rows written with their ids: the sequence must not hand those ids out again
      await client.query(`select setval(pg_get_serial_sequence($1, 'id'), m) from (select max(id) as m from ${t}) s where m is not null`, [t]);
    }
    const postal = await loadPostalCodes(client);
    result.added.postal_code_centroid = postal.added;
    result.updated.postal_code_centroid = postal.updated + postal.removed;
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return result;
}

/** "added 3 jurisdiction, 6 credential_type; updated 1 requirement_profile", or "up to date". */
export function describeReferenceLoad(load: ReferenceLoad): string {
  const part = (counts: Record<string, number>) => Object.entries(counts).filter(([, n]) => n > 0).map(([table, n]) => `${n} ${table}`).join(', ');
  const added = part(load.added);
  const updated = part(load.updated);
  if (!added && !updated) return 'up to date';
  return [added && `added ${added}`, updated && `updated ${updated}`].filter(Boolean).join('; ');
}
