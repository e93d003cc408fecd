/**
 * The reference data alone (src/db/seed/load-reference.ts): into an empty database it adds every state, certifying
 * body, credential type and requirement profile with its sources; again, it changes nothing; a row that differs from
 * this version is updated in place and a missing one added; a reference id held by another thing is refused with
 * nothing written; the ids it writes are never handed out again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeReferenceLoad, loadReferenceData, ReferenceConflict } from '../src/db/seed/load-reference';
import { referenceTables } from '../src/db/seed/reference';
import { POSTAL_CODE_CENTROIDS } from '../src/db/seed/load-postal-codes';
import { startTestHub, type TestHub } from './kit';

let hub: TestHub;
const TABLES = referenceTables();
// with the ZIP code centroids of distance search (src/db/seed/load-postal-codes.ts)
const counts: Record<string, number> = { ...Object.fromEntries(TABLES.map(({ table, rows }) => [table, rows.length])), postal_code_centroid: POSTAL_CODE_CENTROIDS };
const none: Record<string, number> = { ...Object.fromEntries(TABLES.map(({ table }) => [table, 0])), postal_code_centroid: 0 };

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.close());

async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const { table } of TABLES) out[table] = await hub.sql(`select * from ${table} order by id`);
  return out;
}

describe('the reference data alone', () => {
  it('fills an empty database with every reference row and its sources, and no sample data', async () => {
    const load = await loadReferenceData(hub.db.url);
    expect(load).toEqual({ added: counts, updated: none });
    expect(await hub.sql(`select code from jurisdiction order by code`)).toEqual([{ code: 'MN' }, { code: 'TX' }, { code: 'WA' }]);
    const sources = await hub.sql<{ code: string; sources: { citation: string }[] }>(`select code, sources from credential_type order by id`);
    expect(sources.length).toBe(counts.credential_type);
    for (const type of sources) expect(type.sources.length, type.code).toBeGreaterThan(0);
    const profiles = await hub.sql<{ training_hours: string }>(`select training_hours from requirement_profile order by id`);
    expect(profiles.map((p) => Number(p.training_hours))).toEqual(TABLES.find((t) => t.table === 'requirement_profile')!.rows.map((r) => Number(r.training_hours)));
    expect(await hub.sql(`select count(*)::int as n from peer_specialist`)).toEqual([{ n: 0 }]);
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot();
    const load = await loadReferenceData(hub.db.url);
    expect(load).toEqual({ added: none, updated: none });
    expect(describeReferenceLoad(load)).toBe('up to date');
    expect(await snapshot()).toEqual(before);
  });

  it('updates a row that differs in place and adds a missing one, keeping the rest', async () => {
    const before = await snapshot();
    await hub.sql(`update credential_type set name = 'Renamed here' where id = 1`);
    const profile = (before.requirement_profile as { id: number }[]).at(-1)!.id;
    await hub.sql(`delete from requirement_profile where id = ?`, [profile]);
    const load = await loadReferenceData(hub.db.url);
    expect(load.added).toEqual({ ...none, requirement_profile: 1 });
    expect(load.updated).toEqual({ ...none, credential_type: 1 });
    expect(describeReferenceLoad(load)).toBe('added 1 requirement_profile; updated 1 credential_type');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a reference id held by another state, writing nothing', async () => {
    await hub.sql(`update credential_type set name = 'Renamed here' where id = 1`);
    await hub.sql(`update jurisdiction set code = 'OR' where id = 3`);
    const error = await loadReferenceData(hub.db.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReferenceConflict);
    expect((error as Error).message).toContain('jurisdiction: id 3 holds {"code": "OR"}, the reference data {"code": "WA"}');
    expect((error as Error).message).toContain('REFERENCE_DATA=false');
    expect(await hub.sql(`select name from credential_type where id = 1`)).toEqual([{ name: 'Renamed here' }]);
    await hub.sql(`update jurisdiction set code = 'WA' where id = 3`);
    expect((await loadReferenceData(hub.db.url)).updated.credential_type).toBe(1);
  });

  it('leaves the ids it wrote to itself: a row added afterwards takes the next id', async () => {
    const [{ id }] = await hub.sql<{ id: number }>(
      `insert into jurisdiction (code, name, fips_code, population, population_year, sources) values ('OR', 'Oregon', '41', 4240000, 2024, '[]') returning id`,
    );
    expect(id).toBe(counts.jurisdiction + 1);
    // and a row beyond the reference data is kept by the next load
    await loadReferenceData(hub.db.url);
    expect(await hub.sql(`select code from jurisdiction order by id`)).toEqual([{ code: 'MN' }, { code: 'TX' }, { code: 'WA' }, { code: 'OR' }]);
  });
});
