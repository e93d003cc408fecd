import { FIRST_DAY, LAST_DAY } from '../../graphql/scalars';
import { CertificationStatus } from '../credentials/enums';
import { DATED_STATUSES } from '../credentials/lifecycle';
import { normalizeWord, type ImportField, type RosterFormat } from './format';

/** A roster row as the hub stores it. Dates are YYYY-MM-DD. */
export interface ImportRow {
  line: number;
  credentialNumber: string;
  credentialTypeId: number;
  status: CertificationStatus;
  firstIssuedOn: string | null;
  issuedOn: string | null;
  lastRenewedOn: string | null;
  expiresOn: string | null;
  fullCertifiedOn: string | null;
  ceDueOn: string | null;
  actionTaken: string | null;
  firstName: string;
  middleName: string | null;
  lastName: string;
  birthYear: number | null;
  city: string | null;
}

/** One reason a row was refused: its line, the source column (empty for the row as a whole), the value, why. */
export interface Reject {
  line: number;
  column: string;
  value: string;
  reason: string;
}

/** Credential types of the format's jurisdiction: code → id and whether it is a provisional credential. */
export type CredentialTypesByCode = Map<string, { id: number; provisional: boolean }>;

/** Statuses for which the holder has no full certification (yet). */
const NOT_FULL = new Set<CertificationStatus>([CertificationStatus.APPLIED, CertificationStatus.PROVISIONAL, CertificationStatus.DENIED]);

const MAX_TEXT = 255;
const MAX_CREDENTIAL_NUMBER = 32;

export class HeaderError extends Error {}

/**
 * Reads a header against the format: every column the format names must be there once, and no other column.
 * Returns a function that maps one record onto an ImportRow, or onto its rejects.
 */
export function rowMapper(format: RosterFormat, header: string[], credentialTypes: CredentialTypesByCode, thisYear: number) {
  const names = header.map((h) => h.trim());
  const known = new Set([...Object.keys(format.columns), ...format.ignoredColumns]);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) problems.push(`column "${name}" appears twice`);
    seen.add(name);
    if (!known.has(name)) problems.push(`column "${name}" is not in format ${format.name}`);
  }
  for (const name of known) if (!seen.has(name)) problems.push(`column "${name}" is missing`);
  if (problems.length) throw new HeaderError(`the header does not match format ${format.name}: ${problems.join('; ')}. Expected columns: ${[...known].join(', ')}`);

  const index = new Map<ImportField, number>();
  const columnOf = new Map<ImportField, string>();
  for (const [column, field] of Object.entries(format.columns)) {
    index.set(field, names.indexOf(column));
    columnOf.set(field, column);
  }
  const width = names.length;
  const fixedType = format.credentialType ? credentialTypes.get(format.credentialType) : undefined;
  const parseDate = format.dateFormat === 'YYYY-MM-DD' ? isoDate : usDate;

  return (fields: string[], line: number): { row: ImportRow } | { rejects: Reject[] } => {
    if (fields.length !== width) {
      return { rejects: [{ line, column: '', value: '', reason: `the row has ${fields.length} fields where the header has ${width}` }] };
    }
    const rejects: Reject[] = [];
    const reject = (field: ImportField, value: string, reason: string) => rejects.push({ line, column: columnOf.get(field)!, value, reason });
    const raw = (field: ImportField) => {
      const at = index.get(field);
      return at === undefined ? undefined : fields[at];
    };
    /** Trimmed text with inner runs of spaces collapsed; null when empty or not in the format. */
    const text = (field: ImportField, max = MAX_TEXT): string | null => {
      const value = raw(field);
      if (value === undefined) return null;
      const clean = value.trim().replace(/\s+/g, ' ');
      if (!clean) return null;
      if (clean.includes('\u0000')) {
        reject(field, clean, 'contains the NUL character');
        return null;
      }
      if (clean.length > max) {
        reject(field, clean.slice(0, 40) + '…', `longer than ${max} characters`);
        return null;
      }
      return clean;
    };
    const date = (field: ImportField): string | null => {
      const value = text(field);
      if (value === null) return null;
      const parsed = parseDate(value);
      if (!parsed) reject(field, value, `not a date written ${format.dateFormat}`);
      return parsed;
    };

    const credentialNumber = text('credentialNumber', MAX_CREDENTIAL_NUMBER);
    if (credentialNumber === null && !rejects.length) reject('credentialNumber', '', 'the credential number is empty');

    let credentialType = fixedType;
    if (!fixedType) {
      const word = text('credentialType');
      const code = word === null ? undefined : format.credentialTypes?.[normalizeWord(word)];
      credentialType = code === undefined ? undefined : credentialTypes.get(code);
      if (word === null) reject('credentialType', '', 'the credential type is empty');
      else if (!credentialType) reject('credentialType', word, `not a credential type of format ${format.name}; it knows ${Object.keys(format.credentialTypes ?? {}).join(', ')}`);
    }

    const statusWord = text('status');
    const status = statusWord === null ? undefined : format.statuses[normalizeWord(statusWord)];
    if (statusWord === null) reject('status', '', 'the status is empty');
    else if (!status) reject('status', statusWord, `not a status of format ${format.name}; it knows ${Object.keys(format.statuses).join(', ')}`);

    let firstName: string | null;
    let middleName: string | null;
    let lastName: string | null;
    if (index.has('fullName')) {
      const full = text('fullName');
      const comma = full?.indexOf(',') ?? -1;
      const given = comma >= 0 ? full!.slice(comma + 1).trim().split(' ') : [];
      lastName = comma > 0 ? full!.slice(0, comma).trim() : null;
      firstName = given[0] || null;
      middleName = given.length > 1 ? given.slice(1).join(' ') : null;
      if (!lastName || !firstName) reject('fullName', full ?? '', 'the name must be written LAST, FIRST MIDDLE');
    } else {
      firstName = text('firstName');
      middleName = text('middleName');
      lastName = text('lastName');
      if (!firstName) reject('firstName', '', 'the first name is empty');
      if (!lastName) reject('lastName', '', 'the last name is empty');
    }

    let birthYear: number | null = null;
    const yearText = text('birthYear');
    if (yearText !== null) {
      birthYear = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
      if (!(birthYear >= 1900 && birthYear <= thisYear)) {
        reject('birthYear', yearText, `not a year from 1900 to ${thisYear}`);
        birthYear = null;
      }
    }

    const firstIssuedOn = date('firstIssuedOn');
    const issuedOn = date('issuedOn');
    const expiresOn = date('expiresOn');
    const ceDueOn = date('ceDueOn');
    if (firstIssuedOn && issuedOn && firstIssuedOn > issuedOn) reject('firstIssuedOn', firstIssuedOn, `the first issue date is after the current issue date ${issuedOn}`);
    if (issuedOn && expiresOn && expiresOn < issuedOn) reject('expiresOn', expiresOn, `the expiration date is before the issue date ${issuedOn}`);
    // its status follows from its dates from now on (src/domain/credentials/lifecycle.ts)
    if (status && DATED_STATUSES.includes(status) && expiresOn === null && !(raw('expiresOn') ?? '').trim()) {
      reject('expiresOn', '', `the expiration date is empty: a credential read as ${status} needs one`);
    }
    const actionTaken = text('actionTaken', 10_000);
    const city = text('city');
    const full = credentialType !== undefined && status !== undefined && !credentialType.provisional && !NOT_FULL.has(status);
    // a full credential is full from its first issue, or at least from its current one; with neither its status as
    // read would be PROVISIONAL
    if (full && DATED_STATUSES.includes(status!) && !firstIssuedOn && !issuedOn && !(raw('issuedOn') ?? '').trim() && !(raw('firstIssuedOn') ?? '').trim()) {
      reject(index.has('issuedOn') ? 'issuedOn' : 'firstIssuedOn', '', `the issue dates are empty: a credential read as ${status} needs one`);
    }

    if (rejects.length) return { rejects };
    return {
      row: {
        line,
        credentialNumber: credentialNumber!,
        credentialTypeId: credentialType!.id,
        status: status!,
        firstIssuedOn,
        issuedOn,
        // a current cycle that began after the first issue was a renewal
        lastRenewedOn: firstIssuedOn && issuedOn && issuedOn > firstIssuedOn ? issuedOn : null,
        expiresOn,
        fullCertifiedOn: full ? (firstIssuedOn ?? issuedOn) : null,
        ceDueOn,
        actionTaken,
        firstName: firstName!,
        middleName,
        lastName: lastName!,
        birthYear,
        city,
      },
    };
  };
}

/** A real day within the days the API accepts as arguments (FIRST_DAY to LAST_DAY), so that it can be asked about. */
function validDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return text >= FIRST_DAY && text <= LAST_DAY ? text : null;
}

function isoDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** MM/DD/YYYY, with or without the leading zeros. */
function usDate(value: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return m ? validDate(Number(m[3]), Number(m[1]), Number(m[2])) : null;
}
