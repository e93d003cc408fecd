/**
 * The hub behind PgBouncer in transaction mode (.ci/pgbouncer.sh; .ci/run sets TEST_DATABASE_POOLER=transaction and
 * points TEST_DATABASE_URL at PgBouncer, TEST_DIRECT_DATABASE_URL at PostgreSQL itself): a roster import, which
 * holds a session PgBouncer does not keep, is refused with the reason and nothing written; with IMPORT_DATABASE_URL
 * set to PostgreSQL itself it runs, while the hub's other reads go through PgBouncer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { loadReferenceData } from '../../src/db/seed/load-reference';
import { stopChild } from '../bench/load';
import { startTestDatabase, tokenFor, type TestDatabase } from '../kit';
import { WA_HEADER, csvLine, waRow } from '../rosters';
import { ensureBuilt } from './build';
import { startLoggedHub, type HubProcess } from './hubs';

const pooled = process.env.TEST_DATABASE_POOLER === 'transaction';
const roster = `\ufeff${[csvLine(WA_HEADER), ...[1, 2, 3].map((i) => csvLine(waRow(i)))].join('\r\n')}\r\n`;
const hubs: HubProcess[] = [];
let db: TestDatabase | undefined;

async function postRoster(hub: HubProcess) {
  const response = await fetch(new URL('/import/wa-doh?fileName=wa.csv', hub.url), {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${await tokenFor({ role: Role.ADMIN })}` },
    body: roster,
  });
  return { status: response.status, body: (await response.json()) as { summary?: Record<string, unknown>; errors?: { message: string; extensions: { code: string } }[] } };
}

beforeAll(() => ensureBuilt());
afterAll(async () => {
  for (const hub of hubs) await stopChild(hub.child);
  await db?.close();
});

describe.skipIf(!pooled)('behind PgBouncer in transaction mode', () => {
  it('refuses an import without IMPORT_DATABASE_URL, and runs it through PostgreSQL itself when set', { timeout: 180_000 }, async () => {
    const direct = process.env.TEST_DIRECT_DATABASE_URL;
    expect(direct, 'TEST_DIRECT_DATABASE_URL: PostgreSQL itself, beside TEST_DATABASE_URL through PgBouncer').toBeTruthy();
    db = await startTestDatabase();
    const directUrl = new URL(direct!);
    directUrl.pathname = new URL(db.url).pathname;

    const refusing = await startLoggedHub({ DATABASE_URL: db.url });
    hubs.push(refusing);
    const refused = await postRoster(refusing);
    expect(refused.status).toBe(503);
    expect(refused.body.errors![0].extensions.code).toBe('IMPORT_UNAVAILABLE');
    expect(refused.body.errors![0].message).toContain('IMPORT_DATABASE_URL');
    await loadReferenceData(directUrl.toString());

    const importing = await startLoggedHub({ DATABASE_URL: db.url, IMPORT_DATABASE_URL: directUrl.toString() });
    hubs.push(importing);
    const imported = await postRoster(importing);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.summary).toMatchObject({ jurisdiction: 'WA', inserted: 3, rejected: 0 });
    // read back through PgBouncer
    const read = await fetch(importing.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor({ role: Role.ADMIN })}` },
      body: JSON.stringify({ query: '{ certifications(filter: { jurisdiction: { code: { eq: "WA" } } }) { totalCount } }' }),
    });
    expect(((await read.json()) as { data: { certifications: { totalCount: number } } }).data.certifications.totalCount).toBe(3);
  });
});
