/**
 * Backups as docs/operations.md describes them: pg_dump of a hub's database in the custom format, pg_restore into a
 * new database, and the built hub started on the restored one answers exactly as on the original (figures from the
 * tallies included, so the triggers and tallies came back together). PostgreSQL only: run with TEST_DATABASE_URL;
 * there a missing pg_dump or pg_restore fails the test rather than skipping it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { seed } from '../../src/db/seed/seed';
import { stopChild } from '../bench/load';
import { startTestDatabase, tokenFor, type TestDatabase } from '../kit';
import { ensureBuilt } from './build';
import { startLoggedHub, type HubProcess } from './hubs';

const QUERIES = [
  '{ jurisdictions { code population } }',
  '{ certifications(first: 50, orderBy: [{ field: EXPIRES_ON, direction: ASC }]) { totalCount nodes { id credentialNumber status expiresOn person { lastName } } } }',
  '{ jobPostings(first: 20) { totalCount nodes { id title status employer { name } } } }',
  '{ workforceMetrics(filter: { asOf: "2026-11-01" }) { byJurisdiction { jurisdiction { code } activeCertifications { value } lapsed { value } internsAwaitingSupervisor { value } } } }',
  '{ auditRecords(first: 5) { totalCount } }',
];

const databases: TestDatabase[] = [];
const hubs: HubProcess[] = [];
const folder = mkdtempSync(join(tmpdir(), 'hub-backup-'));

async function answers(hub: HubProcess): Promise<unknown[]> {
  const authorization = `Bearer ${await tokenFor({ role: Role.ADMIN })}`;
  return Promise.all(
    QUERIES.map(async (query) => {
      const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query }) });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(body.errors, query).toBeUndefined();
      return body.data;
    }),
  );
}

beforeAll(() => ensureBuilt());
afterAll(async () => {
  for (const hub of hubs) await stopChild(hub.child);
  for (const db of databases) await db.close();
  rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('backup and restore', () => {
  it('pg_dump, pg_restore into a new database: the hub starts on it and answers the same', { timeout: 240_000 }, async () => {
    const original = await startTestDatabase();
    databases.push(original);
    const first = await startLoggedHub({ DATABASE_URL: original.url, STATUS_SWEEP_HOURS: '0' });
    hubs.push(first);
    await seed(original.url, { scale: 1 });
    const before = await answers(first);

    const dump = join(folder, 'hub.dump');
    execFileSync('pg_dump', ['--format=custom', '--file', dump, original.url], { stdio: 'inherit' });
    const restored = await startTestDatabase();
    databases.push(restored);
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', restored.url, dump], { stdio: 'inherit' });

    const second = await startLoggedHub({ DATABASE_URL: restored.url, STATUS_SWEEP_HOURS: '0' });
    hubs.push(second);
    // nothing to migrate, and the reference data came back whole (the sweeps are off: a sweep writes audit records)
    expect(second.lines.some((line) => line.includes('applied migrations'))).toBe(false);
    expect(second.lines.some((line) => line.includes('"reference data: up to date"'))).toBe(true);
    expect(await answers(second)).toEqual(before);

    // the triggers came back too: a certification written on the restored database reaches its figures' tally
    const client = new Client({ connectionString: restored.url });
    await client.connect();
    try {
      await client.query(`update certification set expires_on = expires_on + 1 where id = 1`);
      const { rows } = await client.query(
        `(select status, expires_on, jurisdiction_id, credential_type_id, certifications from certification_expiry_tally where certifications <> 0
          except select case when status in ('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED') and expires_on is not null then 'DATED' else status end,
            coalesce(expires_on, '-infinity'), jurisdiction_id, credential_type_id, count(*)::int from certification group by 1, 2, 3, 4)`,
      );
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
