import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../paths';
import { CertificationStatus } from '../credentials/enums';
import { DATED_STATUSES } from '../credentials/lifecycle';

/** Where the formats live: one JSON mapping per source. Adding a source means adding a file here. */
export const FORMATS_DIR = fromRoot('src/domain/import/formats');

/** What a roster column can fill. */
export const IMPORT_FIELDS = [
  'credentialNumber', 'credentialType', 'status', 'firstIssuedOn', 'issuedOn', 'expiresOn', 'ceDueOn', 'actionTaken',
  'firstName', 'middleName', 'lastName', 'fullName', 'birthYear', 'city',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** How a single name column is written. */
export const FULL_NAME_ORDERS = ['LAST, FIRST MIDDLE'] as const;

/**
 * A source's roster layout, declared: its columns and what each fills, how it writes dates, its words for credential
 * types and statuses, and how it writes names. Words are matched ignoring case and repeated spaces.
 */
export interface RosterFormat {
  name: string;
  title: string;
  /** USPS code of the jurisdiction whose credentials the roster lists. */
  jurisdiction: string;
  /** Where the layout comes from, and what is assumed. */
  notes: string;
  /** Source column header → field. Every listed column must be in the file's header. */
  columns: Record<string, ImportField>;
  /** Columns the file carries that the hub does not keep. They must be in the header too; any other column refuses the file. */
  ignoredColumns: string[];
  dateFormat: DateFormat;
  /** Source word → the hub's credential type code in the jurisdiction, when a column names the credential. */
  credentialTypes?: Record<string, string>;
  /** The credential type code of every row, when the roster lists one credential. */
  credentialType?: string;
  /** Source word → unified status. */
  statuses: Record<string, CertificationStatus>;
  /** How fullName is written, when a single column holds the name. */
  fullNameOrder?: (typeof FULL_NAME_ORDERS)[number];
}

export class FormatError extends Error {}

/** Case and repeated spaces do not matter in the source's words. */
export const normalizeWord = (word: string) => word.trim().replace(/\s+/g, ' ').toUpperCase();

/** Checks a mapping file and returns it with its word tables normalised; throws FormatError naming what is wrong. */
export function checkFormat(raw: unknown, origin: string): RosterFormat {
  const fail = (message: string): never => {
    throw new FormatError(`${origin}: ${message}`);
  };
  if (!raw || typeof raw !== 'object') fail('not a JSON object');
  const format = raw as RosterFormat;
  for (const key of ['name', 'title', 'jurisdiction', 'notes', 'dateFormat'] as const) {
    if (typeof format[key] !== 'string' || !format[key]) fail(`"${key}" must be a non-empty string`);
  }
  if (!/^[a-z0-9-]+$/.test(format.name)) fail('"name" may hold only a-z, 0-9 and -');
  if (!(DATE_FORMATS as readonly string[]).includes(format.dateFormat)) fail(`"dateFormat" must be one of ${DATE_FORMATS.join(', ')}`);
  if (!format.columns || typeof format.columns !== 'object') fail('"columns" must map column headers to fields');
  const fields = Object.values(format.columns);
  for (const field of fields) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field)) fail(`unknown field "${field}"; fields are ${IMPORT_FIELDS.join(', ')}`);
  }
  if (new Set(fields).size !== fields.length) fail('two columns fill the same field');
  if (!Array.isArray(format.ignoredColumns)) fail('"ignoredColumns" must be a list (empty when none)');
  for (const field of ['credentialNumber', 'status'] as const) {
    if (!fields.includes(field)) fail(`no column fills "${field}"`);
  }
  const separateNames = fields.includes('firstName') && fields.includes('lastName');
  if (fields.includes('fullName') === separateNames) fail('names come either from fullName or from firstName and lastName');
  if (fields.includes('fullName') && !(FULL_NAME_ORDERS as readonly string[]).includes(format.fullNameOrder ?? '')) {
    fail(`"fullNameOrder" must be one of ${FULL_NAME_ORDERS.join(', ')}`);
  }
  if (fields.includes('credentialType') === Boolean(format.credentialType)) fail('the credential type comes either from a column (with "credentialTypes") or from "credentialType"');
  if (fields.includes('credentialType') && (!format.credentialTypes || !Object.keys(format.credentialTypes).length)) fail('"credentialTypes" must list the source\'s words');
  const statuses = Object.values(CertificationStatus) as string[];
  if (!format.statuses || !Object.keys(format.statuses).length) fail('"statuses" must list the source\'s words');
  for (const [word, status] of Object.entries(format.statuses)) {
    if (!statuses.includes(status)) fail(`status word "${word}" maps to "${status}", which is not one of ${statuses.join(', ')}`);
    // a status that dates drive is read from the expiry (src/domain/credentials/lifecycle.ts)
    if (DATED_STATUSES.includes(status as CertificationStatus) && !fields.includes('expiresOn')) fail(`status word "${word}" maps to ${status}, which needs a column that fills "expiresOn"`);
  }
  const normalize = (table: Record<string, string>) => Object.fromEntries(Object.entries(table).map(([word, value]) => [normalizeWord(word), value]));
  return {
    ...format,
    statuses: normalize(format.statuses) as Record<string, CertificationStatus>,
    credentialTypes: format.credentialTypes ? normalize(format.credentialTypes) : undefined,
  };
}

let cached: Map<string, RosterFormat> | undefined;

/** Every format of FORMATS_DIR, by name; a bad mapping file stops with its file name and the reason. */
export function rosterFormats(): Map<string, RosterFormat> {
  if (cached) return cached;
  const formats = new Map<string, RosterFormat>();
  for (const file of readdirSync(FORMATS_DIR).filter((f) => f.endsWith('.json')).sort()) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(FORMATS_DIR, file), 'utf8'));
    } catch (error) {
      throw new FormatError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    const format = checkFormat(raw, file);
    if (`${format.name}.json` !== file) throw new FormatError(`${file}: "name" must be the file name without .json`);
    formats.set(format.name, format);
  }
  cached = formats;
  return formats;
}

export function rosterFormat(name: string): RosterFormat {
  const format = rosterFormats().get(name);
  if (!format) throw new FormatError(`no import format "${name}"; formats: ${[...rosterFormats().keys()].join(', ')}`);
  return format;
}
