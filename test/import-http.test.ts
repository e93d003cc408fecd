/**
 * POST /import/<format>: the roster import over HTTP, for ADMIN only, with the CSV as the streamed request body;
 * answered with the summary and every rejected row.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { loadReferenceData } from '../src/db/seed/load-reference';
import { importDatabaseUrl, ImportUnavailable } from '../src/domain/import/run';
import { JURISDICTION_ID } from '../src/db/seed/reference';
import { as, startTestHub, type TestHub } from './kit';
import { WA_HEADER, csvLine, waRow } from './rosters';

let hub: TestHub;
let db: Client;
let admin: string;

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
  db = new Client({ connectionString: hub.db.url });
  await db.connect();
  admin = (await as({ role: Role.ADMIN })).authorization;
});
afterAll(async () => {
  await db?.end();
  await hub?.close();
});

const sql = async <T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> => (await db.query(text, params)).rows as T[];
const waCount = async () => (await sql<{ n: number }>('select count(*)::int as n from certification where jurisdiction_id = $1', [JURISDICTION_ID.WA]))[0].n;
const runCount = async () => (await sql<{ n: number }>('select count(*)::int as n from import_run'))[0].n;

const roster = (rows: number[], extra: string[] = []) => `\ufeff${[csvLine(WA_HEADER), ...rows.map((i) => csvLine(waRow(i))), ...extra].join('\r\n')}\r\n`;

function post(url: string, payload: string, authorization?: string, contentType = 'text/csv') {
  return hub.server.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
    payload,
  });
}

describe('POST /import/:format', () => {
  it('imports the body for an ADMIN and answers the summary and every reject, with line, column and reason', async () => {
    const csv = roster([1, 2, 3, 4], [csvLine(['CP-BAD', 'Certified Peer Specialist', 'Lapsed', '02/30/2024', '', '', '', '', 'Al', '', 'Bad', '1970'])]);
    const response = await post('/import/wa-doh?fileName=wa.csv', csv, admin);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(body.summary).toMatchObject({
      format: 'wa-doh',
      jurisdiction: 'WA',
      fileName: 'wa.csv',
      checksum: createHash('sha256').update(csv).digest('hex'),
      dryRun: false,
      rowsRead: 5,
      inserted: 4,
      updated: 0,
      unchanged: 0,
      rejected: 1,
    });
    expect(body.rejects).toEqual([
      { line: 6, column: 'Status', value: 'Lapsed', reason: expect.stringContaining('not a status of format wa-doh') },
      { line: 6, column: 'FirstIssueDate', value: '02/30/2024', reason: 'not a date written MM/DD/YYYY' },
    ]);
    expect(await sql(`select credential_number, status, source_name, source_file, source_row from certification where jurisdiction_id = $1 order by credential_number`, [JURISDICTION_ID.WA])).toEqual([
      { credential_number: waRow(1)[0], status: 'ACTIVE', source_name: 'wa-doh', source_file: 'wa.csv', source_row: 2 },
      { credential_number: waRow(2)[0], status: 'ACTIVE', source_name: 'wa-doh', source_file: 'wa.csv', source_row: 3 },
      { credential_number: waRow(3)[0], status: 'ACTIVE', source_name: 'wa-doh', source_file: 'wa.csv', source_row: 4 },
      { credential_number: waRow(4)[0], status: 'EXPIRED', source_name: 'wa-doh', source_file: 'wa.csv', source_row: 5 },
    ]);
    // who asked is on the run's record
    expect((await sql('select requested_by, status, file_name from import_run order by id desc limit 1'))[0]).toEqual({ requested_by: 'ADMIN:test-ADMIN', status: 'COMPLETED', file_name: 'wa.csv' });

    // the same body again: nothing changes
    const again = await post('/import/wa-doh?fileName=wa.csv', csv, admin);
    expect(again.json().summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, rejected: 1 });
  });

  it('refuses a caller with no token (401) and a STATE_ANALYST (403), writing nothing', async () => {
    const before = [await waCount(), await runCount()];
    const anonymous = await post('/import/wa-doh', roster([10]));
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const analyst = await post('/import/wa-doh', roster([10]), (await as({ role: Role.STATE_ANALYST, jurisdictions: ['WA'] })).authorization);
    expect(analyst.statusCode).toBe(403);
    expect(analyst.json().errors[0]).toMatchObject({ message: 'The roster import is for ADMIN; this token is STATE_ANALYST', extensions: { code: 'FORBIDDEN' } });
    expect([await waCount(), await runCount()]).toEqual(before);
  });

  it('answers 404 UNKNOWN_FORMAT with the formats there are', async () => {
    const response = await post('/import/ny-oasas', roster([10]), admin);
    expect(response.statusCode).toBe(404);
    expect(response.json().errors[0]).toMatchObject({ message: 'No import format "ny-oasas"', extensions: { code: 'UNKNOWN_FORMAT', formats: ['mn-dhs', 'tx-tcb', 'wa-doh'] } });
  });

  it('refuses a file whose header is not the format\'s with 422 FILE_REFUSED, writing nothing', async () => {
    const before = [await waCount(), await runCount()];
    const csv = `${csvLine([...WA_HEADER.slice(1), 'Email'])}\r\n${csvLine(waRow(20).slice(1).concat('a@b.c'))}\r\n`;
    const response = await post('/import/wa-doh', csv, admin);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].extensions.code).toBe('FILE_REFUSED');
    expect(response.json().errors[0].message).toContain('column "CredentialNumber" is missing');
    // and a body that is not UTF-8
    const latin1 = await hub.server.app.inject({
      method: 'POST',
      url: '/import/wa-doh',
      headers: { 'content-type': 'text/csv', authorization: admin },
      payload: Buffer.concat([Buffer.from(roster([21])), Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x0d, 0x0a])]),
    });
    expect(latin1.statusCode).toBe(422);
    expect(latin1.json().errors[0]).toMatchObject({ message: expect.stringMatching(/^the file is not UTF-8: byte \d+ \(line 3\) is 0xe9/), extensions: { code: 'FILE_REFUSED' } });
    expect([await waCount(), await runCount()]).toEqual(before);
  });

  it('with dryRun=true reports the counts and writes no row', async () => {
    const certifications = await sql('select * from certification order by id');
    const people = await sql('select * from peer_specialist order by id');
    const response = await post('/import/wa-doh?dryRun=true&fileName=dry.csv', roster([1, 2, 30, 31, 32]), admin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ summary: expect.objectContaining({ dryRun: true, rowsRead: 5, inserted: 3, updated: 0, unchanged: 2, rejected: 0 }), rejects: [] });
    expect(await sql('select * from certification order by id')).toEqual(certifications);
    expect(await sql('select * from peer_specialist order by id')).toEqual(people);
    expect((await sql('select dry_run, status, file_name, inserted from import_run order by id desc limit 1'))[0]).toEqual({ dry_run: true, status: 'COMPLETED', file_name: 'dry.csv', inserted: 3 });
  });

  it('refuses a body over IMPORT_MAX_BYTES with 413 REQUEST_TOO_LARGE, writing nothing', async () => {
    const small = await startTestHub({ env: { IMPORT_MAX_BYTES: '2048' } });
    try {
      const inject = (payload: string) =>
        small.server.app.inject({ method: 'POST', url: '/import/wa-doh', headers: { 'content-type': 'text/csv', authorization: admin }, payload });
      const big = roster(Array.from({ length: 40 }, (_, i) => i));
      expect(Buffer.byteLength(big)).toBeGreaterThan(2048);
      const response = await inject(big);
      expect(response.statusCode).toBe(413);
      expect(response.json().errors[0]).toMatchObject({ extensions: { code: 'REQUEST_TOO_LARGE', limit: 2048 } });
      expect(await small.sql('select count(*)::int as n from import_run')).toEqual([{ n: 0 }]);
      expect(await small.sql('select count(*)::int as n from certification')).toEqual([{ n: 0 }]);
      // under the limit the same hub imports (no reference data loaded: the jurisdiction is missing, refused whole)
      const fits = await inject(roster([1]));
      expect(fits.statusCode).toBe(422);
      expect(fits.json().errors[0].message).toContain('jurisdiction WA of format wa-doh is not in the hub');
    } finally {
      await small.close();
    }
  });

  it('an import empties the public response cache: the next public read shows the imported records', async () => {
    const cached = await startTestHub({ seedScale: 1, env: { RESPONSE_CACHE: 'true' } });
    try {
      const query = '{ workforceMetrics(filter: { jurisdictions: ["WA"], asOf: "2026-11-01" }) { totals { activeCertifications { value suppressed } } } }';
      const read = () =>
        cached.server.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query } }).then((r) => r.json());
      const before = await read();
      expect(before.data.workforceMetrics.totals.activeCertifications).toEqual({ value: 0, suppressed: false });
      // answered from the cache: no SQL
      expect((await read()).extensions.sqlStatements).toBe(0);
      // 12 active credentials in force on 2026-11-01
      const active = (n: number) => csvLine([`WAC-${n}`, 'Certified Peer Specialist', 'Active', '01/02/2026', '01/02/2026', '01/02/2028', '', '', 'Cache', '', `Reader${n}`, '1990']);
      const body = `${csvLine(WA_HEADER)}\r\n${Array.from({ length: 12 }, (_, i) => active(i)).join('\r\n')}\r\n`;
      const response = await cached.server.app.inject({ method: 'POST', url: '/import/wa-doh', headers: { 'content-type': 'text/csv', authorization: admin }, payload: body });
      expect(response.json().summary).toMatchObject({ inserted: 12 });
      const after = await read();
      expect(after.data.workforceMetrics.totals.activeCertifications).toEqual({ value: 12, suppressed: false });
      expect(after.extensions.sqlStatements).toBeGreaterThan(0);
    } finally {
      await cached.close();
    }
  });
});

describe('behind a pooler in transaction mode (DATABASE_POOLER=transaction)', () => {
  it('refuses an import without IMPORT_DATABASE_URL (503 IMPORT_UNAVAILABLE, nothing written)', async () => {
    const pooled = await startTestHub({ env: { DATABASE_POOLER: 'transaction' } });
    try {
      await loadReferenceData(pooled.db.url);
      const request = (hub: TestHub) =>
        hub.server.app.inject({ method: 'POST', url: '/import/wa-doh?fileName=wa.csv', headers: { 'content-type': 'text/csv', authorization: admin }, payload: roster([1, 2]) });
      const refused = await request(pooled);
      expect(refused.statusCode).toBe(503);
      expect(refused.json().errors[0]).toMatchObject({ extensions: { code: 'IMPORT_UNAVAILABLE' } });
      expect(refused.json().errors[0].message).toContain('IMPORT_DATABASE_URL');
      expect(await pooled.sql(`select count(*)::int as n from import_run`)).toEqual([{ n: 0 }]);
      expect(await pooled.sql(`select count(*)::int as n from certification`)).toEqual([{ n: 0 }]);
    } finally {
      await pooled.close();
    }
  });
});

describe('the connection an import holds', () => {
  it('is IMPORT_DATABASE_URL when set, else the hub\'s own unless that goes through a pooler in transaction mode', () => {
    const hubUrl = 'postgresql://hub@pgbouncer:6432/hub';
    const direct = 'postgresql://hub@db:5432/hub';
    expect(importDatabaseUrl({ databasePooler: 'none', importDatabaseUrl: undefined }, hubUrl)).toBe(hubUrl);
    expect(importDatabaseUrl({ databasePooler: 'transaction', importDatabaseUrl: direct }, hubUrl)).toBe(direct);
    expect(importDatabaseUrl({ databasePooler: 'none', importDatabaseUrl: direct }, hubUrl)).toBe(direct);
    expect(() => importDatabaseUrl({ databasePooler: 'transaction', importDatabaseUrl: undefined }, hubUrl)).toThrow(ImportUnavailable);
  });
});
