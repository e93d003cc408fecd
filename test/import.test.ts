/**
 * The roster import against a database: counts, stored values and provenance, idempotent re-import, exactly the
 * changed rows updated, people matched and not duplicated, row rejects, dry runs, files refused whole, the Texas and
 * Minnesota formats from hand-written files, the tallies, one import per jurisdiction at a time, and statuses a
 * roster states that its dates contradict read as of today, right after the import and on later days, with no sweep.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { rosterFormat } from '../src/domain/import/format';
import type { Reject } from '../src/domain/import/rows';
import { FileRefused, ImportBusy, importRoster, type ImportOptions, type ImportProgress } from '../src/domain/import/run';
import { CREDENTIAL_TYPE_ID, JURISDICTION_ID } from '../src/db/seed/reference';
import { toGlobalId } from '../src/graphql/global-id';
import { as, freezeToday, startTestHub, unfreezeToday, type TestHub } from './kit';
import { WA_HEADER, csvLine, waRow, writeWaRoster } from './rosters';
import { disagreement, TALLIES } from './tally-recount';

let hub: TestHub;
/** Plain pg, for $n parameters and the driver's own types (the kit's sql goes through the ORM). */
let db: Client;
const dir = mkdtempSync(join(tmpdir(), 'hub-import-test-'));

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
  db = new Client({ connectionString: hub.db.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Runs an import and keeps its rejects and progress reports. */
async function run(path: string, options: Partial<ImportOptions> & { format?: ImportOptions['format'] } = {}) {
  const rejects: Reject[] = [];
  const progress: ImportProgress[] = [];
  const summary = await importRoster({
    databaseUrl: hub.db.url,
    format: rosterFormat('wa-doh'),
    path,
    requestedBy: 'test',
    onReject: (r) => rejects.push(r),
    onProgress: (p) => progress.push(p),
    ...options,
  });
  return { summary, rejects, progress };
}

const sql = async <T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> => (await db.query(text, params)).rows as T[];

/** Every column of every row, imported_at and updated_at included: equal dumps mean nothing was written. */
const dumpCertifications = () => sql('select * from certification order by id');
const dumpPeople = () => sql('select * from peer_specialist order by id');
const count = async (from: string, params: unknown[] = []) => (await sql<{ n: number }>(`select count(*)::int as n from ${from}`, params))[0].n;

/** The stored certification of a credential number in a jurisdiction, dates as text, with its person. */
async function stored(credentialNumber: string, jurisdictionId: number = JURISDICTION_ID.WA) {
  const rows = await sql<Record<string, any>>(
    `select c.credential_number, c.credential_type_id, c.status, c.first_issued_on::text, c.issued_on::text, c.last_renewed_on::text,
       c.expires_on::text, c.full_certified_on::text, c.ce_due_on::text, c.action_taken, c.synthetic,
       c.source_name, c.source_file, c.source_row, c.source_checksum, c.imported_at, c.person_id,
       p.first_name, p.middle_name, p.last_name, p.birth_year, p.city, p.jurisdiction_id as person_jurisdiction_id, p.synthetic as person_synthetic,
       p.source_name as person_source_name, p.source_file as person_source_file, p.source_row as person_source_row,
       p.source_checksum as person_source_checksum, p.imported_at as person_imported_at
     from certification c join peer_specialist p on p.id = c.person_id
     where c.jurisdiction_id = $1 and c.credential_number = $2`,
    [jurisdictionId, credentialNumber],
  );
  expect(rows, credentialNumber).toHaveLength(1);
  return rows[0];
}

const usToIso = (us: string) => (us ? `${us.slice(6, 10)}-${us.slice(0, 2)}-${us.slice(3, 5)}` : null);
const WA_STATUSES: Record<string, string> = { Active: 'ACTIVE', Expired: 'EXPIRED', Inactive: 'INACTIVE', Retired: 'RELINQUISHED', Military: 'ACTIVE', Suspended: 'SUSPENDED' };

/** What row i of a generated wa-doh roster must be stored as. */
function expectedWa(i: number, revision = 0) {
  const f = waRow(i, revision);
  const trainee = f[1] === 'Certified Peer Specialist Trainee';
  const first = usToIso(f[3])!;
  const issued = usToIso(f[4])!;
  return {
    credential_number: f[0],
    credential_type_id: trainee ? CREDENTIAL_TYPE_ID.WA_CPS_TRAINEE : CREDENTIAL_TYPE_ID.WA_CPS,
    status: WA_STATUSES[f[2]],
    first_issued_on: first,
    issued_on: issued,
    last_renewed_on: issued > first ? issued : null,
    expires_on: usToIso(f[5]),
    // a trainee credential is provisional: no full certification
    full_certified_on: trainee ? null : first,
    ce_due_on: usToIso(f[7]),
    // text fields are trimmed and their runs of white space collapsed
    action_taken: f[6] ? f[6].replace(/\s+/g, ' ') : null,
    first_name: f[8],
    middle_name: f[9] || null,
    last_name: f[10],
    birth_year: Number(f[11]),
  };
}

/** Line where row i of a generated roster starts: rows 0 and 97 carry a two-line action. */
const waLine = (i: number) => i + 2 + (i > 0 ? 1 : 0) + (i > 97 ? 1 : 0);

async function expectTalliesCurrent() {
  for (const { tally, recount } of Object.values(TALLIES)) {
    expect(await disagreement(sql, tally, recount)).toEqual([]);
  }
}

const runs = () => sql<Record<string, any>>('select * from import_run order by id');

describe('a generated wa-doh roster', () => {
  const ROWS = 50;
  let first: string;

  it('is inserted whole on the first import, in batches, with values and provenance stored as read', async () => {
    first = join(dir, 'wa.csv');
    await writeWaRoster(first, ROWS);
    const peopleBefore = await count('peer_specialist');
    const { summary, rejects, progress } = await run(first, { batchRows: 7 });
    expect(rejects).toEqual([]);
    expect(summary).toMatchObject({
      format: 'wa-doh',
      jurisdiction: 'WA',
      fileName: 'wa.csv',
      checksum: sha256(first),
      dryRun: false,
      rowsRead: ROWS,
      inserted: ROWS,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    // 7 full batches of 7 and the last of 1
    expect(progress.map((p) => p.rowsRead)).toEqual([7, 14, 21, 28, 35, 42, 49, 50]);
    expect(await count('certification where jurisdiction_id = $1', [JURISDICTION_ID.WA])).toBe(ROWS);
    // every row a new person: no two generated rows share a name and birth year
    expect(await count('peer_specialist') - peopleBefore).toBe(ROWS);

    for (const i of [0, 1, 6, 7, 8, 9, 49]) {
      const row = await stored(waRow(i)[0]);
      expect(row, `row ${i}`).toMatchObject({
        ...expectedWa(i),
        synthetic: false,
        source_name: 'wa-doh',
        source_file: 'wa.csv',
        source_row: waLine(i),
        source_checksum: sha256(first),
        person_jurisdiction_id: JURISDICTION_ID.WA,
        person_synthetic: false,
        person_source_name: 'wa-doh',
        person_source_file: 'wa.csv',
        person_source_row: waLine(i),
        person_source_checksum: sha256(first),
        city: null,
      });
      expect(row.imported_at).toBeInstanceOf(Date);
      expect(row.person_imported_at).toBeInstanceOf(Date);
    }
    // spot checks of the mapping itself, written out
    expect(await stored('CP60000000')).toMatchObject({
      credential_type_id: CREDENTIAL_TYPE_ID.WA_CPS_TRAINEE, status: 'ACTIVE', first_issued_on: '2015-01-01', issued_on: '2016-12-31',
      last_renewed_on: '2016-12-31', expires_on: '2018-12-31', full_certified_on: null, action_taken: 'Probation, see order of 2024',
      first_name: 'Ana', middle_name: null, last_name: 'Anderson', birth_year: 1950, source_row: 2,
    });
    expect(await stored('CP60000006')).toMatchObject({
      status: 'RELINQUISHED', credential_type_id: CREDENTIAL_TYPE_ID.WA_CPS, first_issued_on: '2015-08-11', full_certified_on: '2015-08-11', issued_on: '2017-08-10', last_renewed_on: '2017-08-10', source_row: 9,
    });
    expect(await stored('CP60000008')).toMatchObject({ status: 'SUSPENDED', first_name: 'Imani', middle_name: 'M', last_name: 'Anderson', birth_year: 1958 });

    const [record] = (await runs()).filter((r) => r.id === summary.runId);
    expect(record).toMatchObject({
      format: 'wa-doh', jurisdiction_id: JURISDICTION_ID.WA, file_name: 'wa.csv', file_checksum: sha256(first), dry_run: false, status: 'COMPLETED',
      requested_by: 'test', rows_read: ROWS, inserted: ROWS, updated: 0, unchanged: 0, rejected: 0, error: null,
    });
    expect(Number(record.file_bytes)).toBe(readFileSync(first).length);
    expect(record.finished_at).toBeInstanceOf(Date);
    await expectTalliesCurrent();
  });

  it('changes nothing when the same file is imported again: every row unchanged, not one column rewritten', async () => {
    const certifications = await dumpCertifications();
    const people = await dumpPeople();
    const { summary } = await run(first, { batchRows: 7 });
    expect(summary).toMatchObject({ rowsRead: ROWS, inserted: 0, updated: 0, unchanged: ROWS, rejected: 0 });
    expect(await dumpCertifications()).toEqual(certifications);
    expect(await dumpPeople()).toEqual(people);
    expect((await runs()).at(-1)).toMatchObject({ id: summary.runId, status: 'COMPLETED', inserted: 0, updated: 0, unchanged: ROWS });
  });

  it('updates exactly the changed rows of an updated file, and leaves the rest untouched', async () => {
    const updatedFile = join(dir, 'wa-2.csv');
    await writeWaRoster(updatedFile, ROWS, 1);
    const before = await dumpCertifications();
    const peopleBefore = await dumpPeople();
    const { summary } = await run(updatedFile, { batchRows: 7 });
    // revision 1 renews rows 9, 19, 29, 39 and 49
    const changed = [9, 19, 29, 39, 49].map((i) => waRow(i)[0]);
    expect(summary).toMatchObject({ rowsRead: ROWS, inserted: 0, updated: changed.length, unchanged: ROWS - changed.length, rejected: 0 });
    const after = await dumpCertifications();
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    const rewritten = after.filter((row, k) => JSON.stringify(row) !== JSON.stringify(before[k])).map((r) => r.credential_number);
    expect(rewritten.sort()).toEqual(changed.sort());
    for (const i of [9, 19, 29, 39, 49]) {
      const row = await stored(waRow(i)[0]);
      expect(row).toMatchObject({ ...expectedWa(i, 1), status: 'ACTIVE', source_file: 'wa-2.csv', source_checksum: sha256(updatedFile), source_row: waLine(i) });
      const old = before.find((r) => r.credential_number === waRow(i)[0])!;
      expect(row.imported_at.getTime()).toBeGreaterThan(old.imported_at.getTime());
    }
    // the people did not change (same names): not one rewritten
    expect(await dumpPeople()).toEqual(peopleBefore);
    await expectTalliesCurrent();
  });

  it('a dry run reports what a real run then does, and writes nothing but its run record', async () => {
    // revision 2 over 60 rows: 10 new, rows 9..49 of revision 1 back to their first values, rows 8..48 renewed
    const next = join(dir, 'wa-3.csv');
    await writeWaRoster(next, 60, 2);
    const certifications = await dumpCertifications();
    const people = await dumpPeople();
    const runsBefore = (await runs()).length;
    const dry = await run(next, { batchRows: 7, dryRun: true });
    expect(dry.summary).toMatchObject({ dryRun: true, rowsRead: 60, inserted: 10, updated: 10, unchanged: 40, rejected: 0 });
    expect(await dumpCertifications()).toEqual(certifications);
    expect(await dumpPeople()).toEqual(people);
    const after = await runs();
    expect(after).toHaveLength(runsBefore + 1);
    expect(after.at(-1)).toMatchObject({ id: dry.summary.runId, dry_run: true, status: 'COMPLETED', rows_read: 60, inserted: 10, updated: 10, unchanged: 40 });

    const real = await run(next, { batchRows: 7 });
    expect(real.summary).toMatchObject({ dryRun: false, rowsRead: 60, inserted: 10, updated: 10, unchanged: 40, rejected: 0 });
    for (const i of [8, 9, 55, 59]) expect(await stored(waRow(i)[0])).toMatchObject(expectedWa(i, 2));
    await expectTalliesCurrent();
  });
});

describe('people', () => {
  const header = csvLine(WA_HEADER);
  const row = (number: string, type: string, first: string, middle: string, last: string, year: string) =>
    csvLine([number, type, 'Active', '03/01/2020', '03/01/2022', '03/01/2024', '', '03/01/2024', first, middle, last, year]);

  it('a second credential of the same name and birth year attaches to the same person', async () => {
    const a = file('people-a.csv', `${header}\n${row('WAP-1', 'Certified Peer Specialist', 'Rosalind', 'Q', 'Zephyr', '1980')}\n`);
    expect((await run(a)).summary).toMatchObject({ inserted: 1 });
    const people = await count('peer_specialist');
    // the name written in other case: still the same person
    const b = file('people-b.csv', `${header}\n${row('WAP-2', 'Certified Peer Specialist Trainee', 'ROSALIND', 'Q', 'zephyr', '1980')}\n`);
    expect((await run(b)).summary).toMatchObject({ inserted: 1, updated: 0 });
    expect(await count('peer_specialist')).toBe(people);
    expect((await stored('WAP-2')).person_id).toBe((await stored('WAP-1')).person_id);
    // another birth year is another person
    const c = file('people-c.csv', `${header}\n${row('WAP-3', 'Certified Peer Specialist', 'Rosalind', 'Q', 'Zephyr', '1981')}\n`);
    await run(c);
    expect(await count('peer_specialist')).toBe(people + 1);
    expect((await stored('WAP-3')).person_id).not.toBe((await stored('WAP-1')).person_id);
  });

  it('a renamed person on a known credential number updates that person; importing it again changes nothing', async () => {
    const { person_id: personId } = await stored('WAP-1');
    const people = await count('peer_specialist');
    const renamed = file('people-renamed.csv', `${header}\n${row('WAP-1', 'Certified Peer Specialist', 'Rosalind', 'Q', 'Zephyr-Moon', '1980')}\n`);
    const { summary } = await run(renamed);
    expect(summary).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await count('peer_specialist')).toBe(people);
    expect(await stored('WAP-1')).toMatchObject({ person_id: personId, last_name: 'Zephyr-Moon', person_source_file: 'people-renamed.csv', person_source_row: 2 });
    // the certification itself did not change
    expect(await stored('WAP-1')).toMatchObject({ source_file: 'people-a.csv' });
    const certifications = await dumpCertifications();
    const dump = await dumpPeople();
    expect((await run(renamed)).summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await dumpCertifications()).toEqual(certifications);
    expect(await dumpPeople()).toEqual(dump);
  });

  it('two credentials of one person in one file, the middle name on one row only: a re-import changes nothing', async () => {
    // WA lists each credential on its own row; the holder's middle name may be on one and not the other
    const both = file('people-both.csv', `${header}\n${row('WAM-1', 'Certified Peer Specialist', 'Kaito', 'J', 'Quillfeather', '1970')}\n${row('WAM-2', 'Certified Peer Specialist Trainee', 'Kaito', '', 'Quillfeather', '1970')}\n`);
    const people = await count('peer_specialist');
    expect((await run(both)).summary).toMatchObject({ inserted: 2 });
    expect(await count('peer_specialist')).toBe(people + 1);
    const certifications = await dumpCertifications();
    const dump = await dumpPeople();
    expect((await run(both)).summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await dumpPeople()).toEqual(dump);
    expect(await dumpCertifications()).toEqual(certifications);
  });
});

describe('rejected rows', () => {
  it('are reported with line, column and reason while the good rows are written', async () => {
    const good = (n: number) => csvLine([`WAR-${n}`, 'Certified Peer Specialist', 'Active', '01/02/2021', '01/02/2021', '01/02/2023', '', '', 'Good', '', `Row${n}`, '1990']);
    const text = [
      csvLine(WA_HEADER),
      good(1),
      csvLine(['WAR-2', 'Certified Peer Specialist', 'Active', '02/30/2024', '03/01/2024', '03/01/2026', '', '', 'Bad', '', 'Date', '1990']),
      csvLine(['WAR-3', 'Certified Peer Specialist', 'Lapsed', '01/02/2021', '01/02/2021', '01/02/2023', '', '', 'Bad', '', 'Status', '1990']),
      'WAR-4,Certified Peer Specialist,Active',
      good(5),
      'WAR-6,Certified Peer Specialist,Act"ive,01/02/2021,01/02/2021,01/02/2023,,,Bad,,Quote,1990',
      csvLine(['WAR-1', 'Certified Peer Specialist', 'Expired', '01/02/2021', '01/02/2021', '01/02/2023', '', '', 'Twice', '', 'Listed', '1990']),
      csvLine(['WAR-8', 'Nurse', 'Active', '01/02/2021', '01/02/2021', '01/02/2020', '', '', '', '', 'Many', '1850']),
      good(9),
    ].join('\r\n');
    const path = file('rejects.csv', `${text}\r\n`);
    const certificationsBefore = await count('certification');
    const { summary, rejects } = await run(path);
    expect(summary).toMatchObject({ rowsRead: 9, inserted: 3, updated: 0, unchanged: 0, rejected: 6 });
    expect(rejects).toEqual([
      { line: 3, column: 'FirstIssueDate', value: '02/30/2024', reason: 'not a date written MM/DD/YYYY' },
      { line: 4, column: 'Status', value: 'Lapsed', reason: expect.stringContaining('not a status of format wa-doh') },
      { line: 5, column: '', value: '', reason: 'the row has 3 fields where the header has 12' },
      { line: 7, column: '', value: '', reason: 'a quote inside unquoted field 3' },
      { line: 8, column: 'CredentialNumber', value: 'WAR-1', reason: 'the credential number is on line 2 already' },
      { line: 9, column: 'CredentialType', value: 'Nurse', reason: expect.stringContaining('not a credential type of format wa-doh') },
      { line: 9, column: 'FirstName', value: '', reason: 'the first name is empty' },
      { line: 9, column: 'BirthYear', value: '1850', reason: `not a year from 1900 to ${new Date().getUTCFullYear()}` },
      { line: 9, column: 'ExpirationDate', value: '2020-01-02', reason: 'the expiration date is before the issue date 2021-01-02' },
    ]);
    expect(await count('certification') - certificationsBefore).toBe(3);
    expect((await sql<{ n: string }>(`select credential_number as n from certification where credential_number like 'WAR-%' order by 1`)).map((r) => r.n)).toEqual(['WAR-1', 'WAR-5', 'WAR-9']);
    // the first of the two WAR-1 rows counts
    expect(await stored('WAR-1')).toMatchObject({ status: 'ACTIVE', first_name: 'Good', source_row: 2 });
    expect((await runs()).at(-1)).toMatchObject({ id: summary.runId, status: 'COMPLETED', rows_read: 9, inserted: 3, rejected: 6 });
  });
});

describe('a file not what its format says', () => {
  it('is refused whole before anything is written: a wrong header, a Latin-1 byte, UTF-16, an empty file', async () => {
    const certifications = await dumpCertifications();
    const people = await dumpPeople();
    const runsBefore = await runs();
    const wrongHeader = file('wrong-header.csv', `${csvLine([...WA_HEADER.slice(0, -1), 'Email'])}\r\n${csvLine(waRow(1000))}\r\n`);
    const refusal = await run(wrongHeader).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FileRefused);
    expect((refusal as Error).message).toContain('the header does not match format wa-doh: column "Email" is not in format wa-doh; column "BirthYear" is missing');

    const latin1 = file('latin1.csv', Buffer.concat([Buffer.from(`${csvLine(WA_HEADER)}\r\n${csvLine(waRow(1001))}\r\nCP1,Certified Peer Specialist,Active,,,,,,Jos`), Buffer.from([0xe9]), Buffer.from(',,Ruiz,1970\r\n')]));
    await expect(run(latin1)).rejects.toThrow(/^the file is not UTF-8: byte \d+ \(line 3\) is 0xe9/);
    const utf16 = file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${csvLine(WA_HEADER)}\r\n${csvLine(waRow(1002))}\r\n`, 'utf16le')]));
    await expect(run(utf16)).rejects.toThrow(FileRefused);
    await expect(run(file('empty.csv', ''))).rejects.toThrow(FileRefused);
    // a header alone is a file of no rows, not a refusal
    expect(await dumpCertifications()).toEqual(certifications);
    expect(await dumpPeople()).toEqual(people);
    expect(await runs()).toEqual(runsBefore);
  });
});

describe('the tx-tcb format', () => {
  // a BOM, CRLF, a quoted name with a comma, a quoted line break in an ignored column, an empty line, stray spaces
  const text =
    '\ufeffCertification Number,Name,Certification,Status,Original Issue Date,Issue Date,Expiration Date,Certifying Entity\r\n' +
    'TXI-0001,"Garcia, Maria Luisa",Mental Health Peer Specialist,Intern,01/15/2025,01/15/2025,07/15/2025,"Texas Certification Board,\r\nAustin"\r\n' +
    '\r\n' +
    '  TXI-0002 ,"Nguyen,  Bao",  rsps , grace   PERIOD ,3/1/2020, 03/01/2024 ,09/01/2026,TCB\r\n' +
    'TXI-0003,"O\'Brien, Sean Patrick Michael",PSS,Active,06/01/2019,06/01/2023,06/01/2025,TCB\r\n';

  it('reads LAST, FIRST MIDDLE names, Intern as PROVISIONAL and the credential words', async () => {
    const path = file('tx.csv', text);
    const people = await count('peer_specialist where jurisdiction_id = $1', [JURISDICTION_ID.TX]);
    const { summary, rejects } = await run(path, { format: rosterFormat('tx-tcb') });
    expect(rejects).toEqual([]);
    expect(summary).toMatchObject({ format: 'tx-tcb', jurisdiction: 'TX', rowsRead: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    const provenance = { synthetic: false, source_name: 'tx-tcb', source_file: 'tx.csv', source_checksum: sha256(path), person_jurisdiction_id: JURISDICTION_ID.TX };
    expect(await stored('TXI-0001', JURISDICTION_ID.TX)).toMatchObject({
      ...provenance, credential_type_id: CREDENTIAL_TYPE_ID.TX_MHPS, status: 'PROVISIONAL', first_issued_on: '2025-01-15', issued_on: '2025-01-15',
      last_renewed_on: null, expires_on: '2025-07-15', full_certified_on: null, ce_due_on: null, action_taken: null,
      last_name: 'Garcia', first_name: 'Maria', middle_name: 'Luisa', birth_year: null, source_row: 2, person_source_row: 2,
    });
    expect(await stored('TXI-0002', JURISDICTION_ID.TX)).toMatchObject({
      ...provenance, credential_type_id: CREDENTIAL_TYPE_ID.TX_RSPS, status: 'IN_GRACE', first_issued_on: '2020-03-01', issued_on: '2024-03-01',
      last_renewed_on: '2024-03-01', expires_on: '2026-09-01', full_certified_on: '2020-03-01', last_name: 'Nguyen', first_name: 'Bao', middle_name: null, source_row: 5,
    });
    expect(await stored('TXI-0003', JURISDICTION_ID.TX)).toMatchObject({
      ...provenance, credential_type_id: CREDENTIAL_TYPE_ID.TX_PSS, status: 'ACTIVE', last_name: "O'Brien", first_name: 'Sean', middle_name: 'Patrick Michael', source_row: 6,
    });
    // no birth year: a new person per new credential number
    expect(await count('peer_specialist where jurisdiction_id = $1', [JURISDICTION_ID.TX])).toBe(people + 3);
    expect((await runs()).at(-1)).toMatchObject({ id: summary.runId, format: 'tx-tcb', jurisdiction_id: JURISDICTION_ID.TX, status: 'COMPLETED', rows_read: 3, inserted: 3 });

    // again: people found through their credential numbers, nothing written
    const certifications = await dumpCertifications();
    const dump = await dumpPeople();
    expect((await run(path, { format: rosterFormat('tx-tcb') })).summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await dumpCertifications()).toEqual(certifications);
    expect(await dumpPeople()).toEqual(dump);
    await expectTalliesCurrent();
  });
});

describe('the mn-dhs format', () => {
  const text =
    '\ufeffCertificate Number,Last Name,First Name,Middle Name,Birth Year,City,Status,Original Certification Date,Certification Date,Expiration Date,CE Due Date,Action,Certification Level\r\n' +
    'MNI-0001,Vantongeren,Ingrid,Sofie,1984,"St. Paul",Certified,2019-04-01,2023-04-01,2025-04-01,2025-04-01,"Reinstated, after review\r\nof 2023",II\r\n' +
    '\r\n' +
    ' MNI-0002 , Halvorsrud ,  Lars , , 1961 ,  Saint  Cloud , pending ,,,, , ,I\r\n' +
    'MNI-0003,Vantongeren,Ingrid,,1984,Duluth,Withdrawn,2016-02-01,2018-02-01,2020-02-01,2020-02-01,,I\r\n';

  it('reads ISO dates, the fixed CPS type and city, and ignores the certification level', async () => {
    const path = file('mn.csv', text);
    const { summary, rejects } = await run(path, { format: rosterFormat('mn-dhs') });
    expect(rejects).toEqual([]);
    expect(summary).toMatchObject({ format: 'mn-dhs', jurisdiction: 'MN', rowsRead: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    const provenance = { synthetic: false, source_name: 'mn-dhs', source_file: 'mn.csv', source_checksum: sha256(path), credential_type_id: CREDENTIAL_TYPE_ID.MN_CPS, person_jurisdiction_id: JURISDICTION_ID.MN };
    const first = await stored('MNI-0001', JURISDICTION_ID.MN);
    expect(first).toMatchObject({
      ...provenance, status: 'ACTIVE', first_issued_on: '2019-04-01', issued_on: '2023-04-01', last_renewed_on: '2023-04-01', expires_on: '2025-04-01',
      full_certified_on: '2019-04-01', ce_due_on: '2025-04-01', action_taken: 'Reinstated, after review of 2023',
      last_name: 'Vantongeren', first_name: 'Ingrid', middle_name: 'Sofie', birth_year: 1984, city: 'St. Paul', source_row: 2, person_source_row: 2,
    });
    expect(await stored('MNI-0002', JURISDICTION_ID.MN)).toMatchObject({
      ...provenance, status: 'APPLIED', first_issued_on: null, issued_on: null, expires_on: null, full_certified_on: null, ce_due_on: null, action_taken: null,
      last_name: 'Halvorsrud', first_name: 'Lars', middle_name: null, birth_year: 1961, city: 'Saint Cloud', source_row: 5,
    });
    // same name and birth year further down the same file: the same person
    const third = await stored('MNI-0003', JURISDICTION_ID.MN);
    expect(third).toMatchObject({ ...provenance, status: 'RELINQUISHED', last_renewed_on: '2018-02-01', source_row: 6 });
    expect(third.person_id).toBe(first.person_id);
    expect((await runs()).at(-1)).toMatchObject({ id: summary.runId, format: 'mn-dhs', jurisdiction_id: JURISDICTION_ID.MN, status: 'COMPLETED', rows_read: 3, inserted: 3 });
    await expectTalliesCurrent();
  });

  it('changes nothing when the same Minnesota file is imported again', async () => {
    // Ingrid Vantongeren holds two certificates, listed with a different middle name and city: one person, two rows
    const certifications = await dumpCertifications();
    const people = await dumpPeople();
    expect((await run(join(dir, 'mn.csv'), { format: rosterFormat('mn-dhs') })).summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await dumpPeople()).toEqual(people);
    expect(await dumpCertifications()).toEqual(certifications);
  });
});

describe('one import per jurisdiction at a time', () => {
  it('two imports of one jurisdiction started at once in one process: one runs, the other is refused with ImportBusy', async () => {
    const path = join(dir, 'busy-twice.csv');
    await writeWaRoster(path, 3000);
    const outcomes = await Promise.allSettled([run(path, { batchRows: 100 }), run(path, { batchRows: 100 })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect(refused.reason).toBeInstanceOf(ImportBusy);
    expect((refused.reason as Error).message).toBe('another import of WA is running; try again when it ends');
  });

  // another process holding the lock: the embedded PGlite serves every connection from one session, where an
  // advisory lock never refuses its own holder (and no other process can reach that database)
  it.runIf(process.env.TEST_DATABASE_URL)('refuses a second import of the same jurisdiction with ImportBusy, writing nothing; another jurisdiction goes on', async () => {
    const holder = new Client({ connectionString: hub.db.url });
    await holder.connect();
    try {
      expect((await holder.query(`select pg_try_advisory_lock(hashtext('roster import'), $1) as ok`, [JURISDICTION_ID.WA])).rows).toEqual([{ ok: true }]);
      const path = join(dir, 'busy.csv');
      await writeWaRoster(path, 3);
      const runsBefore = await runs();
      const certifications = await dumpCertifications();
      const refusal = await run(path).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(ImportBusy);
      expect((refusal as Error).message).toBe('another import of WA is running; try again when it ends');
      expect(await runs()).toEqual(runsBefore);
      expect(await dumpCertifications()).toEqual(certifications);
      // Minnesota's lock is another
      expect((await run(file('mn-again.csv', readFileSync(join(dir, 'mn.csv'))), { format: rosterFormat('mn-dhs') })).summary).toMatchObject({ rowsRead: 3, rejected: 0 });
      await holder.query(`select pg_advisory_unlock(hashtext('roster import'), $1)`, [JURISDICTION_ID.WA]);
      expect((await run(path)).summary).toMatchObject({ rowsRead: 3, rejected: 0 });
    } finally {
      await holder.end();
    }
  });
});

describe('statuses a roster states that its dates contradict', () => {
  // Texas MHPS, RSPS and PSS: 6 months of grace and 12 of late renewal after expiry
  const text =
    'Certification Number,Name,Certification,Status,Original Issue Date,Issue Date,Expiration Date,Certifying Entity\r\n' +
    // ACTIVE, expired on 2026-12-01: in grace to 2027-06-01, late renewal to 2027-12-01
    'TXS-0001,"Doe, Ann",MHPS,Active,03/01/2020,12/01/2024,12/01/2026,TCB\r\n' +
    // EXPIRED, yet in force to 2027-06-01
    'TXS-0002,"Roe, Ben",MHPS,Expired,03/01/2021,06/01/2025,06/01/2027,TCB\r\n' +
    // an intern past the end of the provisional certification
    'TXS-0003,"Poe, Cy",MHPS,Intern,09/01/2026,09/01/2026,12/05/2026,TCB\r\n' +
    // in grace by the roster, past its late renewal (2026-01-01) by its dates
    'TXS-0004,"Loe, Di",MHPS,Grace Period,01/01/2019,01/01/2023,01/01/2025,TCB\r\n' +
    // what the roster says holds until 2027-02-01
    'TXS-0005,"Moe, Ed",RSPS,Active,02/01/2021,02/01/2025,02/01/2027,TCB\r\n' +
    // a decision: read as recorded whatever the dates
    'TXS-0006,"Noe, Fay",PSS,Suspended,02/01/2019,12/01/2023,12/01/2025,TCB\r\n';
  const NUMBERS = ['TXS-0001', 'TXS-0002', 'TXS-0003', 'TXS-0004', 'TXS-0005', 'TXS-0006'];
  const AS_STATED = ['ACTIVE', 'EXPIRED', 'PROVISIONAL', 'IN_GRACE', 'ACTIVE', 'SUSPENDED'];
  const STATUSES = ['APPLIED', 'PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED', 'SUSPENDED'];
  let ids: string[];

  afterAll(() => unfreezeToday());

  /** Each certification's status by id, by node(), through the list filtered on each status, in the stats, and looked up. */
  async function readings() {
    const admin = await as({ role: Role.ADMIN });
    const among = `id: { in: ${JSON.stringify(ids)} }`;
    const result = await hub.query<any>(
      `{ ${ids.map((id, k) => `byId${k}: certification(id: "${id}") { status } node${k}: node(id: "${id}") { ... on Certification { status } }
           lookup${k}: verifyCertification(jurisdiction: "TX", credentialNumber: "${NUMBERS[k]}") { status }`).join(' ')}
         ${STATUSES.map((s) => `${s}: certifications(filter: { ${among}, status: { eq: ${s} } }) { totalCount nodes { credentialNumber } }`).join(' ')}
         certificationStats(groupBy: [STATUS], filter: { ${among} }) { buckets { key { status } count } } }`,
      undefined,
      admin,
    );
    expect(result.errors).toBeUndefined();
    const d = result.data;
    const listed: Record<string, string> = {};
    for (const s of STATUSES) {
      expect(d[s].totalCount).toBe(d[s].nodes.length);
      for (const node of d[s].nodes) listed[node.credentialNumber] = listed[node.credentialNumber] ? `${listed[node.credentialNumber]}, ${s}` : s;
    }
    const stats = Object.fromEntries(d.certificationStats.buckets.map((b: any) => [b.key.status, b.count]));
    return {
      byId: ids.map((_, k) => d[`byId${k}`].status),
      node: ids.map((_, k) => d[`node${k}`].status),
      lookup: ids.map((_, k) => d[`lookup${k}`].status),
      listed: NUMBERS.map((n) => listed[n]),
      stats,
    };
  }

  const every = (statuses: string[]) => {
    const stats: Record<string, number> = {};
    for (const s of statuses) stats[s] = (stats[s] ?? 0) + 1;
    return { byId: statuses, node: statuses, lookup: statuses, listed: statuses, stats };
  };

  /** What the rows store: the roster's statuses, untouched by any sweep. */
  const storedStatuses = async () =>
    (await sql<{ status: string }>(`select status from certification where jurisdiction_id = $1 and credential_number = any($2) order by credential_number`, [JURISDICTION_ID.TX, NUMBERS])).map((r) => r.status);

  it('read as their dates say on the day of the import, though stored as the roster states them', async () => {
    freezeToday('2026-12-10');
    const { summary, rejects } = await run(file('tx-stale.csv', text), { format: rosterFormat('tx-tcb') });
    expect(rejects).toEqual([]);
    expect(summary).toMatchObject({ rowsRead: 6, inserted: 6, rejected: 0 });
    const rows = await sql<{ id: number; grace_ends_on: string; late_renewal_ends_on: string }>(
      `select id, grace_ends_on::text, late_renewal_ends_on::text from certification where jurisdiction_id = $1 and credential_number = any($2) order by credential_number`,
      [JURISDICTION_ID.TX, NUMBERS],
    );
    ids = rows.map((r) => toGlobalId('Certification', r.id));
    // the import stored the ends of grace and late renewal from the profile, as the trigger fills them
    expect(rows[0]).toMatchObject({ grace_ends_on: '2027-06-01', late_renewal_ends_on: '2027-12-01' });
    expect(await storedStatuses()).toEqual(AS_STATED);
    expect(await readings()).toEqual(every(['IN_GRACE', 'ACTIVE', 'EXPIRED', 'EXPIRED', 'ACTIVE', 'SUSPENDED']));
  });

  it('move on with the days, with no sweep between', async () => {
    // a day past TXS-0001's grace and past TXS-0002's and TXS-0005's expiry
    freezeToday('2027-06-02');
    expect(await readings()).toEqual(every(['LATE_RENEWAL', 'IN_GRACE', 'EXPIRED', 'EXPIRED', 'IN_GRACE', 'SUSPENDED']));
    // past TXS-0001's late renewal, past TXS-0002's and TXS-0005's grace
    freezeToday('2027-12-02');
    expect(await readings()).toEqual(every(['EXPIRED', 'LATE_RENEWAL', 'EXPIRED', 'EXPIRED', 'LATE_RENEWAL', 'SUSPENDED']));
    expect(await storedStatuses()).toEqual(AS_STATED);
    // importing the same file again on a later day writes nothing: the statuses as read stay the rule's
    expect((await run(join(dir, 'tx-stale.csv'), { format: rosterFormat('tx-tcb') })).summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 6 });
    expect(await readings()).toEqual(every(['EXPIRED', 'LATE_RENEWAL', 'EXPIRED', 'EXPIRED', 'LATE_RENEWAL', 'SUSPENDED']));
  });
});

describe('after every import above', () => {
  it('the tallies equal a recount, and each WA credential number is stored once', async () => {
    await expectTalliesCurrent();
    expect(await sql(`select credential_number from certification where jurisdiction_id = $1 group by 1 having count(*) > 1`, [JURISDICTION_ID.WA])).toEqual([]);
    // no run left RUNNING
    expect((await runs()).filter((r) => r.status !== 'COMPLETED')).toEqual([]);
  });
});
