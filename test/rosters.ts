/**
 * Roster files for the import tests and benchmark: deterministic rows of the wa-doh layout, written as a source
 * would (CRLF, a BOM, quoted fields where needed).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const WA_HEADER = [
  'CredentialNumber', 'CredentialType', 'Status', 'FirstIssueDate', 'LastIssueDate', 'ExpirationDate', 'ActionTaken',
  'CEDueDate', 'FirstName', 'MiddleName', 'LastName', 'BirthYear',
];

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Esperanza', 'Fatima', 'Gus', 'Hiroshi', 'Imani', 'José', 'Kai', 'Lena', "Mary-Kate", 'Nguyen', 'Olu', 'Priya'];
const LAST = ['Anderson', 'Begay', "O'Brien", 'García', 'Hansen', 'Ito', 'Johnson', 'Kowalski', 'Lee', 'Martínez', 'Nakamura', 'Okafor', 'Peterson', 'Quinn', 'Smith, Jr.', 'Tran'];
const STATUSES = ['Active', 'Active', 'Active', 'Active', 'Expired', 'Inactive', 'Retired', 'Military', 'Suspended'];

const us = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const iso = (days: number) => new Date(Date.UTC(2015, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);

/** The fields of row i (0-based) of a wa-doh roster; `revision` changes every 10th row's status and dates. */
export function waRow(i: number, revision = 0): string[] {
  const first = iso((i * 37) % 3000);
  const renewed = (i + revision) % 10 === 0 && revision > 0;
  const last = iso(((i * 37) % 3000) + (i % 3 === 0 ? 730 : 0) + (renewed ? 730 : 0));
  const expires = iso(((i * 37) % 3000) + (i % 3 === 0 ? 1460 : 730) + (renewed ? 730 : 0));
  const status = renewed ? 'Active' : STATUSES[i % STATUSES.length];
  return [
    `CP${String(60_000_000 + i)}`,
    i % 7 === 0 ? 'Certified Peer Specialist Trainee' : 'Certified Peer Specialist',
    status,
    us(first),
    us(last),
    us(expires),
    i % 97 === 0 ? 'Probation, see order\nof 2024' : '',
    us(expires),
    FIRST[i % FIRST.length],
    i % 5 === 0 ? '' : 'M',
    `${LAST[(i >> 4) % LAST.length]}${i >> 8 ? ` ${i >> 8}` : ''}`,
    String(1950 + (i % 50)),
  ];
}

export const csvLine = (fields: readonly string[]) =>
  fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');

/** Writes a wa-doh roster of `rows` rows to `path` (UTF-8 with a BOM, CRLF). */
export async function writeWaRoster(path: string, rows: number, revision = 0): Promise<void> {
  const out = createWriteStream(path);
  out.write(`\ufeff${csvLine(WA_HEADER)}\r\n`);
  for (let i = 0; i < rows; i++) {
    if (!out.write(`${csvLine(waRow(i, revision))}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
