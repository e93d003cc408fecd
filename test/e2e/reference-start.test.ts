/**
 * A state agency's first day: a new, empty database, the built hub started without sample data, then a roster
 * imported, with no other step: the start writes the reference data the import needs (states, credential types),
 * and no sample person. On the embedded database, and on PostgreSQL when TEST_DATABASE_URL is set. A second start
 * finds the reference data up to date.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { fromRoot } from '../../src/paths';
import { stopChild } from '../bench/load';
import { startTestDatabase, tokenFor, type TestDatabase } from '../kit';
import { WA_HEADER, csvLine, waRow } from '../rosters';
import { ensureBuilt } from './build';

const roster = `\ufeff${[csvLine(WA_HEADER), ...[1, 2, 3].map((i) => csvLine(waRow(i)))].join('\r\n')}\r\n`;
const children: ChildProcess[] = [];

/** Starts the built hub with `env`, keeping every line it logs (JSON, one per line) from the first. */
function start(env: NodeJS.ProcessEnv): Promise<{ url: URL; lines: string[] }> {
  const settings = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'development', JWT_SECRET: '', JWT_JWKS_FILE: '', JWT_JWKS_URL: '', REDIS_URL: '', SEED_ON_EMPTY: 'false', ...env };
  const child = spawn(process.execPath, [fromRoot('dist/src/main.js')], { env: { ...process.env, ...settings }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      const ready = lines.map((line) => /ready at (http:\/\/\S+\/graphql)/.exec(line)).find(Boolean);
      if (ready) resolve({ url: new URL(ready[1]), lines });
    });
    child.on('exit', (code) => reject(new Error(`the hub exited with ${code}: ${lines.join('\n')}`)));
  });
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
