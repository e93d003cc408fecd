/**
 * A state agency's first day: a new, empty database, the built hub started without sample data, then a roster
 * imported, with no other step: the start writes the reference data the import needs (states, credential types),
 * and no sample person. On the embedded database, and on PostgreSQL when TEST_DATABASE_URL is set. A second start
 * finds the reference data up to date.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { stopChild } from '../bench/load';
import { startTestDatabase, tokenFor, type TestDatabase } from '../kit';
import { WA_HEADER, csvLine, waRow } from '../rosters';
import { ensureBuilt } from './build';
import { startLoggedHub } from './hubs';

const roster = `\ufeff${[csvLine(WA_HEADER), ...[1, 2, 3].map((i) => csvLine(waRow(i)))].join('\r\n')}\r\n`;
const children: ChildProcess[] = [];

async function start(env: NodeJS.ProcessEnv): Promise<{ url: URL; lines: string[] }> {
  const hub = await startLoggedHub(env);
  children.push(hub.child);
  return hub;
}

async function firstDay(env: NodeJS.ProcessEnv): Promise<void> {
  const first = await start(env);
  const admin = `Bearer ${await tokenFor({ role: Role.ADMIN })}`;
  const response = await fetch(new URL('/import/wa-doh?fileName=wa.csv', first.url), {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: admin },
    body: roster,
  });
  const body = (await response.json()) as { summary: Record<string, unknown> };
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(body.summary).toMatchObject({ format: 'wa-doh', jurisdiction: 'WA', rowsRead: 3, inserted: 3, rejected: 0 });

  const read = await fetch(first.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: admin },
    body: JSON.stringify({ query: '{ jurisdictions { code } credentialTypes { totalCount } peerSpecialists { totalCount nodes { synthetic } } }' }),
  });
  const data = ((await read.json()) as { data: any }).data;
  expect(data.jurisdictions).toEqual([{ code: 'MN' }, { code: 'TX' }, { code: 'WA' }]);
  expect(data.credentialTypes.totalCount).toBeGreaterThan(0);
  // the roster's three people, and no sample person
  expect(data.peerSpecialists.totalCount).toBe(3);
  expect(data.peerSpecialists.nodes.every((p: { synthetic: boolean }) => !p.synthetic)).toBe(true);
  await stopChild(children.pop()!);

  const second = await start(env);
  expect(second.lines.some((line) => line.includes('"reference data: up to date"'))).toBe(true);
  await stopChild(children.pop()!);
}

beforeAll(() => ensureBuilt());
afterAll(async () => {
  for (const child of children) await stopChild(child);
});

describe('start, then import, on a new database', () => {
  it('embedded', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-reference-'));
    try {
      await firstDay({ HUB_DATA_DIR: dataDir, DATABASE_URL: '' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL', { timeout: 180_000 }, async () => {
    let db: TestDatabase | undefined;
    try {
      db = await startTestDatabase();
      await firstDay({ DATABASE_URL: db.url });
    } finally {
      await db?.close();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('hubs started together on a new database', () => {
  it('migrate it once: the others wait, then find nothing pending', { timeout: 180_000 }, async () => {
    const db = await startTestDatabase();
    try {
      const started = await Promise.all([start({ DATABASE_URL: db.url }), start({ DATABASE_URL: db.url }), start({ DATABASE_URL: db.url })]);
      const migrated = started.filter((hub) => hub.lines.some((line) => line.includes('applied migrations')));
      expect(migrated).toHaveLength(1);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string; times: number }>(`select name, count(*)::int as times from mikro_orm_migrations group by name having count(*) > 1`);
        expect(rows).toEqual([]);
        const { rows: [{ jurisdictions }] } = await client.query<{ jurisdictions: number }>(`select count(*)::int as jurisdictions from jurisdiction`);
        expect(jurisdictions).toBe(3);
      } finally {
        await client.end();
      }
      while (children.length) await stopChild(children.pop()!);
    } finally {
      await db.close();
    }
  });
});
