/**
 * The roster import's reading layer, without a database: the CSV reader (line numbers, bad records, chunk
 * boundaries), the file scan (encoding, checksum), the format mappings and the row mapper's every reject reason.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { isCsvError, MAX_RECORD_CHARS, readCsv, type CsvError, type CsvRecord } from '../src/domain/import/csv';
import { checkFormat, FORMATS_DIR, FormatError, rosterFormat, rosterFormats } from '../src/domain/import/format';
import { HeaderError, rowMapper, type CredentialTypesByCode, type ImportRow, type Reject } from '../src/domain/import/rows';
import { FileRefused, scanFile } from '../src/domain/import/scan';
import { WA_HEADER, csvLine, waRow } from './rosters';
import { CertificationStatus } from '../src/domain/credentials/enums';

async function* chunksOf(parts: readonly string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

/** Everything readCsv yields for the text fed as the given pieces. */
async function read(...parts: string[]): Promise<Array<CsvRecord | CsvError>> {
  const out: Array<CsvRecord | CsvError> = [];
  for await (const item of readCsv(chunksOf(parts))) out.push(item);
  return out;
}

/** The text cut at the given positions. */
const splitAt = (text: string, cuts: number[]) => {
  const parts: string[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parts.push(text.slice(from, cut));
    from = cut;
  }
  parts.push(text.slice(from));
  return parts;
};

/** A deterministic pseudo-random sequence, so that a failing split can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const dir = mkdtempSync(join(tmpdir(), 'hub-csv-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
const fileOf = (bytes: Buffer | string) => {
  const path = join(dir, `f${fileCount++}.csv`);
  writeFileSync(path, bytes);
  return path;
};

describe('readCsv', () => {
  it('reads LF, CRLF and lone CR line ends alike, and drops a leading BOM', async () => {
    const expected = [
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '2', '3'], line: 2 },
      { fields: ['4', '', '6'], line: 3 },
    ];
    for (const end of ['\n', '\r\n', '\r']) {
      expect(await read(`a,b,c${end}1,2,3${end}4,,6${end}`)).toEqual(expected);
      expect(await read(`\ufeffa,b,c${end}1,2,3${end}4,,6`)).toEqual(expected);
    }
    // a BOM only at the very start is one: further on it is data
    expect(await read('\ufeffa\n\ufeffb\n')).toEqual([
      { fields: ['a'], line: 1 },
      { fields: ['\ufeffb'], line: 2 },
    ]);
  });

  it('reads quoted commas, doubled quotes and empty quoted fields', async () => {
    expect(await read('"Smith, Jr.","say ""hi""","",x\n')).toEqual([{ fields: ['Smith, Jr.', 'say "hi"', '', 'x'], line: 1 }]);
    expect(await read('"""",""""""\n')).toEqual([{ fields: ['"', '""'], line: 1 }]);
  });

  it('keeps quoted line breaks in the field and starts the next record on its true line', async () => {
    const text = 'h1,h2\r\n1,"two\r\nlines"\r\n2,"three\nmixed\rbreaks"\r\n3,"a\r\n\r\nblank line inside"\r\n4,end\r\n';
    expect(await read(text)).toEqual([
      { fields: ['h1', 'h2'], line: 1 },
      { fields: ['1', 'two\r\nlines'], line: 2 },
      { fields: ['2', 'three\nmixed\rbreaks'], line: 4 },
      { fields: ['3', 'a\r\n\r\nblank line inside'], line: 7 },
      { fields: ['4', 'end'], line: 10 },
    ]);
  });

  it('skips empty lines anywhere and keeps counting them', async () => {
    expect(await read('\n\r\nh\n\n\n1\r\n\r\n\r2\n\n')).toEqual([
      { fields: ['h'], line: 3 },
      { fields: ['1'], line: 6 },
      { fields: ['2'], line: 9 },
    ]);
    expect(await read('')).toEqual([]);
    expect(await read('\ufeff')).toEqual([]);
  });

  it('keeps stray spaces as data (the row mapper trims them)', async () => {
    expect(await read(' a , b ,"c "\n')).toEqual([{ fields: [' a ', ' b ', 'c '], line: 1 }]);
  });

  it('turns a bad quote into one error at its line and reads the records after it', async () => {
    expect(await read('h,i\nab"c,d\n"x"y,z\nok,1\n')).toEqual([
      { fields: ['h', 'i'], line: 1 },
      { line: 2, reason: 'a quote inside unquoted field 1' },
      { line: 3, reason: 'a character follows the closing quote of field 1' },
      { fields: ['ok', '1'], line: 4 },
    ]);
    // a record with two faults is still one error
    const two = await read('a"b,"c"d\nnext,1\n');
    expect(two.filter(isCsvError)).toHaveLength(1);
    expect(two[1]).toEqual({ fields: ['next', '1'], line: 2 });
  });

  it('reports a quote never closed at its own line and still reads the lines after it', async () => {
    expect(await read('h,i\n1,"open\n2,b\n3,c\n')).toEqual([
      { fields: ['h', 'i'], line: 1 },
      { line: 2, reason: 'a quoted field is never closed' },
      { fields: ['2', 'b'], line: 3 },
      { fields: ['3', 'c'], line: 4 },
    ]);
    // on the last line
    expect(await read('h\n"open')).toEqual([
      { fields: ['h'], line: 1 },
      { line: 2, reason: 'a quoted field is never closed' },
    ]);
  });

  it('reads the same whatever the chunk boundaries: the text cut at every position, and at many random sets of positions', async () => {
    const text =
      '\ufeffCredentialNumber,Name,Note\r\n' +
      'A1,"Smith, Jr., John","say ""hi""\r\nagain"\r\n' +
      '\r\n' +
      'A2,  Lee  ,"x\ry"\r' +
      'A3,bad"quote,z\n' +
      '"A4","Ito, Kai",""\n' +
      '\n' +
      'A5,"unclosed,\r\nA6,ok,1\r\n';
    const whole = await read(text);
    // the lone CR inside "x\ry" is a line break too: A2 takes lines 5 and 6
    expect(whole.filter(isCsvError).map((e) => e.line)).toEqual([7, 10]);
    expect(whole.filter((r) => !isCsvError(r)).map((r) => r.line)).toEqual([1, 2, 5, 8, 11]);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await read(...splitAt(text, [cut])), `cut at ${cut}`).toEqual(whole);
    }
    const next = random(20261123);
    for (let trial = 0; trial < 300; trial++) {
      const cuts = Array.from({ length: 1 + Math.floor(next() * 12) }, () => Math.floor(next() * (text.length + 1)));
      expect(await read(...splitAt(text, cuts)), `cuts at ${cuts.join(',')}`).toEqual(whole);
    }
    // one character at a time
    expect(await read(...text)).toEqual(whole);
  });

  it('reads a generated wa-doh roster identically in one piece and in 7-character pieces', async () => {
    const text = `\ufeff${csvLine(WA_HEADER)}\r\n${Array.from({ length: 200 }, (_, i) => csvLine(waRow(i))).join('\r\n')}\r\n`;
    const whole = await read(text);
    expect(whole).toHaveLength(201);
    expect(whole.some(isCsvError)).toBe(false);
    // rows 0 and 97 have an action over two lines: each pushes the rows after it one line further on
    expect(whole[1]).toEqual({ fields: waRow(0), line: 2 });
    expect(whole[2]).toEqual({ fields: waRow(1), line: 4 });
    expect(whole[98]).toEqual({ fields: waRow(97), line: 100 });
    expect(whole[99]).toEqual({ fields: waRow(98), line: 102 });
    expect(await read(...text.match(/[\s\S]{1,7}/g)!)).toEqual(whole);
  });

  it('refuses a record over MAX_RECORD_CHARS as one error at its line, and reads the next line as the next record', async () => {
    const long = 'x'.repeat(MAX_RECORD_CHARS + 10);
    const text = `h,i\n${long},y\nc,d\n`;
    const expected = [
      { fields: ['h', 'i'], line: 1 },
      { line: 2, reason: `a record over ${MAX_RECORD_CHARS} characters (an unclosed quote?)` },
      { fields: ['c', 'd'], line: 3 },
    ];
    expect(await read(text)).toEqual(expected);
    // an unclosed quote that swallows more than MAX_RECORD_CHARS of following lines
    const quoted = `h,i\n"open,y\n${'z,z\n'.repeat(MAX_RECORD_CHARS / 4 + 10)}`;
    const items = await read(...quoted.match(/[\s\S]{1,65536}/g)!);
    expect(items[1]).toEqual({ line: 2, reason: `a record over ${MAX_RECORD_CHARS} characters (an unclosed quote?)` });
    expect(items[2]).toEqual({ fields: ['z', 'z'], line: 3 });
  });

  it('reads an over-long line the same in chunks as whole: its tail is not a record of its own', async () => {
    // the import reads files in 256 KiB chunks; a line of twice the limit spans several of them
    const long = 'x'.repeat(2 * MAX_RECORD_CHARS);
    const text = `h,i\n${long},y\nc,d\n`;
    const expected = [
      { fields: ['h', 'i'], line: 1 },
      { line: 2, reason: `a record over ${MAX_RECORD_CHARS} characters (an unclosed quote?)` },
      { fields: ['c', 'd'], line: 3 },
    ];
    // fields shown by length: a failure prints no 2 MiB string
    const brief = (items: Array<CsvRecord | CsvError>) => items.map((r) => (isCsvError(r) ? r : { line: r.line, fields: r.fields.map((f) => (f.length > 40 ? `${f.length} characters` : f)) }));
    expect(brief(await read(text))).toEqual(expected);
    expect(brief(await read(...text.match(/[\s\S]{1,262144}/g)!))).toEqual(expected);
  });
});

describe('scanFile', () => {
  it('returns the SHA-256 of the bytes and their count', async () => {
    const bytes = Buffer.from(`\ufeff${csvLine(WA_HEADER)}\r\n${csvLine(waRow(1))}\r\n`, 'utf8');
    const scan = await scanFile(fileOf(bytes));
    expect(scan).toEqual({ checksum: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
    // over several 1 MiB reads
    const big = Buffer.from('é,ü,€,𝄞\n'.repeat(300_000), 'utf8');
    expect(await scanFile(fileOf(big))).toEqual({ checksum: createHash('sha256').update(big).digest('hex'), bytes: big.length });
  });

  it('refuses UTF-16, either byte order', async () => {
    for (const bom of [[0xff, 0xfe], [0xfe, 0xff]]) {
      const bytes = Buffer.concat([Buffer.from(bom), Buffer.from('a\u0000,\u0000b\u0000', 'latin1')]);
      await expect(scanFile(fileOf(bytes))).rejects.toThrow(new FileRefused('the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8 and import it again'));
    }
  });

  it('refuses a Latin-1 byte, naming its line and byte', async () => {
    const bytes = Buffer.concat([Buffer.from('h1,h2\r\nok,1\r\nJos', 'utf8'), Buffer.from([0xe9]), Buffer.from(',2\r\n', 'utf8')]);
    const error = await scanFile(fileOf(bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileRefused);
    expect((error as Error).message).toBe('the file is not UTF-8: byte 17 (line 3) is 0xe9; save it as UTF-8 and import it again');
    // far into the file, past the first 1 MiB read
    const far = Buffer.concat([Buffer.from('abc,def\n'.repeat(200_000), 'utf8'), Buffer.from([0x41, 0xe9, 0x0a])]);
    await expect(scanFile(fileOf(far))).rejects.toThrow(`byte ${1_600_002} (line 200001) is 0xe9`);
  });

  it('accepts a multi-byte character split across the 1 MiB read boundary, whatever its length and split', async () => {
    const MiB = 1 << 20;
    for (const char of ['é', '€', '𝄞']) {
      const width = Buffer.byteLength(char);
      for (let before = 1; before < width; before++) {
        // `before` bytes of the character fall in the first read, the rest in the second
        const bytes = Buffer.concat([Buffer.alloc(MiB - before, 0x61), Buffer.from(`${char}\n`, 'utf8')]);
        expect(bytes.subarray(MiB - before, MiB - before + width).toString('utf8')).toBe(char);
        const scan = await scanFile(fileOf(bytes));
        expect(scan.bytes).toBe(bytes.length);
      }
    }
  });

  it('refuses a file cut inside a multi-byte character, and an empty file', async () => {
    await expect(scanFile(fileOf(Buffer.concat([Buffer.from('a,b\n'), Buffer.from('€').subarray(0, 2)])))).rejects.toThrow(
      new FileRefused('the file is not UTF-8: it ends inside a multi-byte character (line 2)'),
    );
    await expect(scanFile(fileOf(Buffer.alloc(0)))).rejects.toThrow(new FileRefused('the file is empty: it has no header'));
  });
});

describe('formats', () => {
  const waRaw = () => JSON.parse(readFileSync(join(FORMATS_DIR, 'wa-doh.json'), 'utf8')) as Record<string, any>;

  it('loads every shipped mapping file', () => {
    const formats = rosterFormats();
    expect([...formats.keys()]).toEqual(['mn-dhs', 'tx-tcb', 'wa-doh']);
    expect([...formats.values()].map((f) => [f.name, f.jurisdiction, f.dateFormat])).toEqual([
      ['mn-dhs', 'MN', 'YYYY-MM-DD'],
      ['tx-tcb', 'TX', 'MM/DD/YYYY'],
      ['wa-doh', 'WA', 'MM/DD/YYYY'],
    ]);
    // words are kept normalised for matching
    expect(rosterFormat('tx-tcb').statuses['GRACE PERIOD']).toBe('IN_GRACE');
    expect(rosterFormat('wa-doh').credentialTypes!['CERTIFIED PEER SPECIALIST TRAINEE']).toBe('CPST');
    expect(() => rosterFormat('ny-oasas')).toThrow(new FormatError('no import format "ny-oasas"; formats: mn-dhs, tx-tcb, wa-doh'));
  });

  it('refuses a broken mapping with a message naming the fault', () => {
    const broken = (change: (raw: Record<string, any>) => void) => {
      const raw = waRaw();
      change(raw);
      return () => checkFormat(raw, 'broken.json');
    };
    expect(broken((r) => (r.columns.Zip = 'postalCode'))).toThrow(/^broken\.json: unknown field "postalCode"; fields are credentialNumber/);
    expect(broken((r) => (r.statuses.Lapsed = 'LAPSED'))).toThrow(/^broken\.json: status word "Lapsed" maps to "LAPSED", which is not one of APPLIED, /);
    expect(broken((r) => (r.columns.Name = 'fullName'))).toThrow(new FormatError('broken.json: names come either from fullName or from firstName and lastName'));
    expect(broken((r) => delete r.columns.Status)).toThrow(new FormatError('broken.json: no column fills "status"'));
    expect(broken((r) => (r.columns.Number2 = 'credentialNumber'))).toThrow(new FormatError('broken.json: two columns fill the same field'));
    expect(broken((r) => (r.dateFormat = 'DD.MM.YYYY'))).toThrow(new FormatError('broken.json: "dateFormat" must be one of YYYY-MM-DD, MM/DD/YYYY'));
    expect(broken((r) => (r.credentialType = 'CPS'))).toThrow(/either from a column \(with "credentialTypes"\) or from "credentialType"/);
    expect(broken((r) => (r.name = 'WA DOH'))).toThrow(new FormatError('broken.json: "name" may hold only a-z, 0-9 and -'));
  });

  it('takes a new source from one added mapping file', async () => {
    // the formats folder copied, plus one file: the loader finds it with no code change
    const formatsDir = mkdtempSync(join(tmpdir(), 'hub-formats-'));
    try {
      for (const file of readdirSync(FORMATS_DIR)) copyFileSync(join(FORMATS_DIR, file), join(formatsDir, file));
      const oregon = { ...waRaw(), name: 'or-oha', title: 'Oregon Health Authority', jurisdiction: 'OR' };
      writeFileSync(join(formatsDir, 'or-oha.json'), JSON.stringify(oregon));
      vi.resetModules();
      vi.doMock('../src/paths', async (original) => {
        const paths = await original<typeof import('../src/paths')>();
        return { ...paths, fromRoot: (...parts: string[]) => (parts.join('/') === 'src/domain/import/formats' ? formatsDir : paths.fromRoot(...parts)) };
      });
      const fresh = await import('../src/domain/import/format');
      expect([...fresh.rosterFormats().keys()]).toEqual(['mn-dhs', 'or-oha', 'tx-tcb', 'wa-doh']);
      expect(fresh.rosterFormat('or-oha').jurisdiction).toBe('OR');
      // a file whose name is not the format's name is refused
      writeFileSync(join(formatsDir, 'zz.json'), JSON.stringify(oregon));
      vi.resetModules();
      const again = await import('../src/domain/import/format');
      expect(() => again.rosterFormats()).toThrow(new FormatError('zz.json: "name" must be the file name without .json'));
    } finally {
      vi.doUnmock('../src/paths');
      vi.resetModules();
      rmSync(formatsDir, { recursive: true, force: true });
    }
  });
});

describe('rowMapper', () => {
  const WA_TYPES: CredentialTypesByCode = new Map([
    ['CPS', { id: 5, provisional: false }],
    ['CPST', { id: 6, provisional: true }],
  ]);
  const TX_TYPES: CredentialTypesByCode = new Map([
    ['MHPS', { id: 2, provisional: false }],
    ['RSPS', { id: 3, provisional: false }],
    ['PSS', { id: 4, provisional: false }],
  ]);
  const wa = rowMapper(rosterFormat('wa-doh'), WA_HEADER, WA_TYPES, 2026);
  const field = (name: string) => WA_HEADER.indexOf(name);
  /** A valid wa-doh row with some columns replaced. */
  const waFields = (changes: Record<string, string> = {}) => {
    const fields = ['CP1', 'Certified Peer Specialist', 'Active', '03/01/2020', '03/01/2022', '03/01/2024', '', '03/01/2024', 'Ana', 'Q', 'Lee', '1980'];
    for (const [column, value] of Object.entries(changes)) fields[field(column)] = value;
    return fields;
  };
  const rejectsOf = (changes: Record<string, string>) => {
    const result = wa(waFields(changes), 12);
    expect('rejects' in result, JSON.stringify(changes)).toBe(true);
    return (result as { rejects: Reject[] }).rejects;
  };

  it('maps a row: status word, dates, derived renewal and full certification, names', () => {
    expect(wa(waFields(), 12)).toEqual({
      row: {
        line: 12,
        credentialNumber: 'CP1',
        credentialTypeId: 5,
        status: CertificationStatus.ACTIVE,
        firstIssuedOn: '2020-03-01',
        issuedOn: '2022-03-01',
        lastRenewedOn: '2022-03-01',
        expiresOn: '2024-03-01',
        fullCertifiedOn: '2020-03-01',
        ceDueOn: '2024-03-01',
        actionTaken: null,
        firstName: 'Ana',
        middleName: 'Q',
        lastName: 'Lee',
        birthYear: 1980,
        city: null,
      } satisfies ImportRow,
    });
    // a trainee credential is provisional: no full certification; a first cycle is no renewal
    const trainee = wa(waFields({ CredentialType: 'Certified Peer Specialist Trainee', LastIssueDate: '03/01/2020', Status: 'Military' }), 3);
    expect(trainee).toMatchObject({ row: { credentialTypeId: 6, status: 'ACTIVE', fullCertifiedOn: null, lastRenewedOn: null } });
  });

  it('trims stray spaces, collapses inner runs and matches words ignoring case', () => {
    const result = wa(
      waFields({ CredentialNumber: '  CP9 ', CredentialType: ' certified   PEER specialist trainee ', Status: 'rEtIrEd ', FirstName: ' Mary  Kate ', MiddleName: '  ', LastName: "O'Brien ", BirthYear: ' 1975 ', FirstIssueDate: ' 3/1/2020 ' }),
      4,
    );
    expect(result).toMatchObject({
      row: { credentialNumber: 'CP9', credentialTypeId: 6, status: 'RELINQUISHED', firstName: 'Mary Kate', middleName: null, lastName: "O'Brien", birthYear: 1975, firstIssuedOn: '2020-03-01' },
    });
  });

  it('refuses a header with a missing, an extra or a repeated column, naming each', () => {
    const types = WA_TYPES;
    const format = rosterFormat('wa-doh');
    expect(() => rowMapper(format, WA_HEADER.filter((h) => h !== 'BirthYear'), types, 2026)).toThrow(HeaderError);
    expect(() => rowMapper(format, WA_HEADER.filter((h) => h !== 'BirthYear'), types, 2026)).toThrow('column "BirthYear" is missing');
    expect(() => rowMapper(format, [...WA_HEADER, 'Email'], types, 2026)).toThrow('column "Email" is not in format wa-doh');
    expect(() => rowMapper(format, [...WA_HEADER, 'Status'], types, 2026)).toThrow('column "Status" appears twice');
    // header names are trimmed; their order is free
    expect(() => rowMapper(format, [...WA_HEADER].reverse().map((h) => ` ${h} `), types, 2026)).not.toThrow();
    // an ignored column must be there too
    const mnHeader = [...Object.keys(rosterFormat('mn-dhs').columns)];
    expect(() => rowMapper(rosterFormat('mn-dhs'), mnHeader, new Map([['CPS', { id: 1, provisional: false }]]), 2026)).toThrow('column "Certification Level" is missing');
  });

  it('rejects a bad date, including a day the month does not have', () => {
    for (const value of ['02/30/2024', '13/01/2024', '2024-03-01', '3/1/24', 'soon', '02/29/2023']) {
      expect(rejectsOf({ ExpirationDate: value })).toEqual([{ line: 12, column: 'ExpirationDate', value, reason: 'not a date written MM/DD/YYYY' }]);
    }
    expect(wa(waFields({ ExpirationDate: '02/29/2024' }), 1)).toMatchObject({ row: { expiresOn: '2024-02-29' } });
    const mn = rowMapper(rosterFormat('mn-dhs'), [...Object.keys(rosterFormat('mn-dhs').columns), 'Certification Level'], new Map([['CPS', { id: 1, provisional: false }]]), 2026);
    const mnRow = (date: string) => ['MN1', 'Lee', 'Ana', '', '', '', 'Active', '2020-01-01', date, '2023-02-28', '', '', 'I'];
    expect(mn(mnRow('2021-02-30'), 2)).toEqual({ rejects: [{ line: 2, column: 'Certification Date', value: '2021-02-30', reason: 'not a date written YYYY-MM-DD' }] });
    expect(mn(mnRow('2021-02-28'), 2)).toMatchObject({ row: { issuedOn: '2021-02-28', lastRenewedOn: '2021-02-28' } });
  });

  it('rejects a status that dates drive without an expiration date, and takes a decision without one', () => {
    const mn = rowMapper(rosterFormat('mn-dhs'), [...Object.keys(rosterFormat('mn-dhs').columns), 'Certification Level'], new Map([['CPS', { id: 1, provisional: false }]]), 2026);
    const mnRow = (status: string, expires: string) => ['MN1', 'Lee', 'Ana', '', '', '', status, '2020-01-01', '2024-01-01', expires, '', '', 'I'];
    expect(mn(mnRow('Active', ''), 2)).toEqual({ rejects: [{ line: 2, column: 'Expiration Date', value: '', reason: 'the expiration date is empty: a credential read as ACTIVE needs one' }] });
    expect(mn(mnRow('Active', '2026-01-01'), 2)).toMatchObject({ row: { status: 'ACTIVE', expiresOn: '2026-01-01' } });
    const decided = Object.entries(rosterFormat('mn-dhs').statuses).find(([, status]) => status === 'SUSPENDED' || status === 'REVOKED')!;
    expect(mn(mnRow(decided[0], ''), 2)).toMatchObject({ row: { status: decided[1], expiresOn: null } });

    // a full credential is full from its first issue, or else from its current one, so that it reads ACTIVE, not
    // PROVISIONAL; with no issue date at all it is rejected
    const dated = (first: string, current: string) => ['MN1', 'Lee', 'Ana', '', '', '', 'Active', first, current, '2026-01-01', '', '', 'I'];
    expect(mn(dated('2020-01-01', '2024-01-01'), 2)).toMatchObject({ row: { firstIssuedOn: '2020-01-01', fullCertifiedOn: '2020-01-01' } });
    expect(mn(dated('', '2024-01-01'), 2)).toMatchObject({ row: { firstIssuedOn: null, fullCertifiedOn: '2024-01-01' } });
    expect(mn(dated('', ''), 2)).toEqual({ rejects: [{ line: 2, column: 'Certification Date', value: '', reason: 'the issue dates are empty: a credential read as ACTIVE needs one' }] });
  });

  it('rejects an unknown status, an unknown credential type and empty required fields', () => {
    expect(rejectsOf({ Status: 'Lapsed' })).toEqual([
      { line: 12, column: 'Status', value: 'Lapsed', reason: 'not a status of format wa-doh; it knows ACTIVE, EXPIRED, INACTIVE, SUSPENDED, REVOKED, RETIRED, DECEASED, MILITARY, UNLICENSED' },
    ]);
    expect(rejectsOf({ CredentialType: 'Nurse' })).toEqual([
      { line: 12, column: 'CredentialType', value: 'Nurse', reason: expect.stringMatching(/^not a credential type of format wa-doh; it knows CERTIFIED PEER SPECIALIST, /) },
    ]);
    expect(rejectsOf({ CredentialNumber: ' ', Status: '', CredentialType: '', FirstName: '', LastName: '  ' })).toEqual([
      { line: 12, column: 'CredentialNumber', value: '', reason: 'the credential number is empty' },
      { line: 12, column: 'CredentialType', value: '', reason: 'the credential type is empty' },
      { line: 12, column: 'Status', value: '', reason: 'the status is empty' },
      { line: 12, column: 'FirstName', value: '', reason: 'the first name is empty' },
      { line: 12, column: 'LastName', value: '', reason: 'the last name is empty' },
    ]);
  });

  it('rejects a birth year out of range, and one that is not a year', () => {
    for (const value of ['1899', '2027', '85', '19x0', '1980.0']) {
      expect(rejectsOf({ BirthYear: value })).toEqual([{ line: 12, column: 'BirthYear', value, reason: 'not a year from 1900 to 2026' }]);
    }
    expect(wa(waFields({ BirthYear: '1900' }), 1)).toMatchObject({ row: { birthYear: 1900 } });
    expect(wa(waFields({ BirthYear: '2026' }), 1)).toMatchObject({ row: { birthYear: 2026 } });
    expect(wa(waFields({ BirthYear: '' }), 1)).toMatchObject({ row: { birthYear: null } });
  });

  it('rejects a first issue after the current issue, and an expiry before the issue', () => {
    expect(rejectsOf({ FirstIssueDate: '03/02/2022' })).toEqual([
      { line: 12, column: 'FirstIssueDate', value: '2022-03-02', reason: 'the first issue date is after the current issue date 2022-03-01' },
    ]);
    expect(rejectsOf({ ExpirationDate: '02/28/2022' })).toEqual([
      { line: 12, column: 'ExpirationDate', value: '2022-02-28', reason: 'the expiration date is before the issue date 2022-03-01' },
    ]);
  });

  it('rejects a row with the wrong number of fields as a whole, and an over-long credential number', () => {
    expect(wa(waFields().slice(0, 11), 7)).toEqual({ rejects: [{ line: 7, column: '', value: '', reason: 'the row has 11 fields where the header has 12' }] });
    expect(wa([...waFields(), ''], 7)).toEqual({ rejects: [{ line: 7, column: '', value: '', reason: 'the row has 13 fields where the header has 12' }] });
    const long = `CP${'9'.repeat(31)}`;
    expect(rejectsOf({ CredentialNumber: long })).toEqual([{ line: 12, column: 'CredentialNumber', value: `${long.slice(0, 40)}…`, reason: 'longer than 32 characters' }]);
    expect(wa(waFields({ CredentialNumber: `CP${'9'.repeat(30)}` }), 1)).toMatchObject({ row: { credentialNumber: `CP${'9'.repeat(30)}` } });
  });

  it('reads LAST, FIRST MIDDLE names and rejects a name not written so', () => {
    const tx = rowMapper(rosterFormat('tx-tcb'), Object.keys(rosterFormat('tx-tcb').columns).concat('Certifying Entity'), TX_TYPES, 2026);
    const txRow = (name: string) => ['TX1', name, 'MHPS', 'Intern', '01/15/2025', '01/15/2025', '07/15/2025', 'TCB'];
    expect(tx(txRow('  Garcia ,  Maria   Luisa  Elena '), 2)).toMatchObject({ row: { lastName: 'Garcia', firstName: 'Maria', middleName: 'Luisa Elena', status: 'PROVISIONAL', fullCertifiedOn: null } });
    expect(tx(txRow('Smith Jones,Ann'), 2)).toMatchObject({ row: { lastName: 'Smith Jones', firstName: 'Ann', middleName: null } });
    for (const name of ['Ann Smith', 'Smith,', ', Ann', '']) {
      expect(tx(txRow(name), 3), name).toEqual({ rejects: [{ line: 3, column: 'Name', value: name.trim().replace(/\s+/g, ' '), reason: 'the name must be written LAST, FIRST MIDDLE' }] });
    }
  });
});
