/**
 * Deterministic synthetic sample data. A fixed seed and a fixed reference date make the same scale yield the same
 * rows, ids included. Scale 1 is about 2,000 people (about 40% MN, 60% TX); every count grows linearly with scale.
 *
 * The generator first builds a compact plan in memory (typed or plain arrays of ids, statuses and day numbers,
 * plus the small tables: employers, programs, training organisations and events, supervisors, funds), then
 * streams each large table as batches of snake_case rows. The plan never holds whole rows of the large tables.
 * Every table stream reads only the plan, so the streams are independent of each other and of the order in which
 * they are consumed.
 */
import {
  CREDENTIAL_TYPE_ID, JURISDICTION_ID, credentialTypeFor, profileFor, type RequirementProfileRef,
} from './reference';

export const SEED = 0x5eed_2026;
/** Every date is relative to this day, never to "today", so that the data does not change from run to run. */
export const REFERENCE_DATE = '2026-11-01';
export const PEOPLE_PER_SCALE = 2000;
export const SOURCE_NAME = 'synthetic sample data';

export type Row = Record<string, unknown>;

export interface SyntheticTable {
  table: string;
  /** Yields the table's rows in id order, in batches of at most batchSize rows. */
  batches(): Generator<Row[]>;
}

// ---------------------------------------------------------------------------------------------------------------
// random numbers and days

/** FNV-1a over the parts, for seeding one stream per table. */
export function hashSeed(...parts: Array<string | number>): number {
  const text = parts.join('|');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, and good enough for sample data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer from lo to hi, both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: ArrayLike<T>): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** A multiple of 0.5 from lo to hi. */
  halfHours(lo: number, hi: number): number {
    return this.int(lo * 2, hi * 2) / 2;
  }
}

const DAY_MS = 86_400_000;
const NONE = -1;

export function dayOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Adds calendar months, clamping to the last day of a shorter month. */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY_MS;
}

const R = dayOf(REFERENCE_DATE);
/** Timestamps fall on days up to this one: every event happened before the reference date began (00:00 UTC). */
const LAST = R - 1;
const isoOrNull = (day: number) => (day === NONE ? null : isoOf(day));
/** A UTC timestamp on a day, at a second of that day. */
const stamp = (day: number, second: number) => new Date(day * DAY_MS + second * 1000).toISOString().replace('.000Z', 'Z');
const officeSecond = (rng: Rng) => rng.int(13 * 3600, 23 * 3600); // 8:00 to 18:00 in Texas and Minnesota
const hours = (n: number) => n.toFixed(2);

function* batched(rows: Iterable<Row>, size: number): Generator<Row[]> {
  let batch: Row[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

// ---------------------------------------------------------------------------------------------------------------
// vocabularies

type Jur = 1 | 2;
const MN = JURISDICTION_ID.MN as Jur;
const TX = JURISDICTION_ID.TX as Jur;
const { MN_CPS, TX_MHPS, TX_RSPS, TX_PSS } = CREDENTIAL_TYPE_ID;

export const CERTIFICATION_STATUSES = [
  'APPLIED', 'PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED', 'INACTIVE', 'SUSPENDED', 'REVOKED',
  'RELINQUISHED', 'DENIED', 'CLOSED',
] as const;
type CertStatus = (typeof CERTIFICATION_STATUSES)[number];

// MN's profile has no provisional period and (unverified) no grace or late-renewal period, so MN certifications
// go from ACTIVE straight to EXPIRED; TX has all of them.
const MN_STATUS: ReadonlyArray<readonly [CertStatus, number]> = [
  ['APPLIED', 4], ['ACTIVE', 56], ['EXPIRED', 20], ['INACTIVE', 5], ['SUSPENDED', 1.5], ['REVOKED', 1],
  ['RELINQUISHED', 4], ['DENIED', 3], ['CLOSED', 3.5],
];
const TX_STATUS: ReadonlyArray<readonly [CertStatus, number]> = [
  ['APPLIED', 5], ['PROVISIONAL', 12], ['ACTIVE', 44], ['IN_GRACE', 5], ['LATE_RENEWAL', 4], ['EXPIRED', 16],
  ['INACTIVE', 3], ['SUSPENDED', 1.5], ['REVOKED', 1], ['RELINQUISHED', 3], ['DENIED', 3], ['CLOSED', 2.5],
];
const SECOND_CREDENTIAL_STATUS: ReadonlyArray<readonly [CertStatus, number]> = [['ACTIVE', 7], ['APPLIED', 2], ['EXPIRED', 1]];
const PSS_STATUS: ReadonlyArray<readonly [CertStatus, number]> = [['ACTIVE', 85], ['IN_GRACE', 5], ['EXPIRED', 5], ['INACTIVE', 5]];

const ACTIONS: Partial<Record<CertStatus, readonly string[]>> = {
  INACTIVE: ['Inactive at the holder\'s request', 'Inactive: military service'],
  SUSPENDED: ['Suspended pending review of a complaint'],
  REVOKED: ['Revoked for a violation of the code of ethics'],
  RELINQUISHED: ['Voluntarily relinquished by the holder'],
  CLOSED: ['Closed: holder deceased', 'Closed: duplicate record merged', 'Closed: moved out of state'],
};

const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Charles', 'Lisa',
  'Daniel', 'Nancy', 'Matthew', 'Sandra', 'Anthony', 'Ashley', 'Mark', 'Kimberly', 'Jose', 'Maria', 'Juan', 'Ana',
  'Luis', 'Carmen', 'Carlos', 'Rosa', 'Miguel', 'Guadalupe', 'Jorge', 'Alejandra', 'Ahmed', 'Hodan', 'Abdi', 'Fadumo',
  'Mohamed', 'Amina', 'Xiong', 'Mai', 'Tou', 'Pa', 'Nguyen', 'Linh', 'Minh', 'Thanh', 'DeShawn', 'Aaliyah', 'Tyrone',
  'Imani', 'Marcus', 'Keisha', 'Andre', 'Latoya', 'Erik', 'Ingrid', 'Lars', 'Astrid', 'Ole', 'Kari', 'Winona', 'Dakota',
  'Cheyenne', 'Sequoia', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Avery', 'Quinn', 'Rowan', 'Emerson', 'Sage',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen',
  'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall',
  'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Olson', 'Johnson-Berg', 'Lindqvist', 'Halvorson', 'Peterson',
  'Larson', 'Swanson', 'Vang', 'Yang', 'Lor', 'Her', 'Moua', 'Hassan', 'Ali', 'Warsame', 'Farah', 'Omar', 'Tran',
  'Pham', 'Le', 'Cavazos', 'Villarreal', 'Guerrero', 'Salinas', 'Trevino', 'Castillo', 'Mendoza', 'Whitehorse',
  'Redcloud', 'Begay', 'Washington', 'Jefferson', 'Freeman', 'Brooks', 'Price', 'Bennett', 'Wood', 'Barnes',
];
const MIDDLE_INITIALS = 'ABCDEFGHJKLMNPRSTW'.split('');

interface City { name: string; postal: string; area: string; weight: number }
const CITIES: Record<Jur, readonly City[]> = {
  1: [
    { name: 'Minneapolis', postal: '55401', area: '612', weight: 30 },
    { name: 'Saint Paul', postal: '55101', area: '651', weight: 20 },
    { name: 'Rochester', postal: '55901', area: '507', weight: 8 },
    { name: 'Duluth', postal: '55802', area: '218', weight: 7 },
    { name: 'Bloomington', postal: '55420', area: '952', weight: 6 },
    { name: 'Saint Cloud', postal: '56301', area: '320', weight: 6 },
    { name: 'Mankato', postal: '56001', area: '507', weight: 4 },
    { name: 'Moorhead', postal: '56560', area: '218', weight: 3 },
    { name: 'Brainerd', postal: '56401', area: '218', weight: 2 },
    { name: 'Bemidji', postal: '56601', area: '218', weight: 2 },
    { name: 'Willmar', postal: '56201', area: '320', weight: 2 },
    { name: 'Winona', postal: '55987', area: '507', weight: 2 },
  ],
  2: [
    { name: 'Houston', postal: '77002', area: '713', weight: 25 },
    { name: 'San Antonio', postal: '78205', area: '210', weight: 15 },
    { name: 'Dallas', postal: '75201', area: '214', weight: 14 },
    { name: 'Austin', postal: '78701', area: '512', weight: 10 },
    { name: 'Fort Worth', postal: '76102', area: '817', weight: 9 },
    { name: 'El Paso', postal: '79901', area: '915', weight: 7 },
    { name: 'Corpus Christi', postal: '78401', area: '361', weight: 4 },
    { name: 'Lubbock', postal: '79401', area: '806', weight: 3 },
    { name: 'Laredo', postal: '78040', area: '956', weight: 3 },
    { name: 'Brownsville', postal: '78520', area: '956', weight: 3 },
    { name: 'Amarillo', postal: '79101', area: '806', weight: 2 },
    { name: 'Waco', postal: '76701', area: '254', weight: 2 },
    { name: 'Tyler', postal: '75701', area: '903', weight: 2 },
    { name: 'Beaumont', postal: '77701', area: '409', weight: 2 },
    { name: 'Abilene', postal: '79601', area: '325', weight: 2 },
    { name: 'Odessa', postal: '79761', area: '432', weight: 2 },
  ],
};
const CITY_WEIGHTS: Record<Jur, ReadonlyArray<readonly [City, number]>> = {
  1: CITIES[1].map((c) => [c, c.weight] as const),
  2: CITIES[2].map((c) => [c, c.weight] as const),
};

/** A city's ZIP code by its name, per state: where an in-person event is held. */
const POSTAL_OF_CITY: Record<Jur, ReadonlyMap<string, string>> = {
  1: new Map(CITIES[1].map((c) => [c.name, c.postal])),
  2: new Map(CITIES[2].map((c) => [c.name, c.postal])),
};

const PLACE_WORDS: Record<Jur, readonly string[]> = {
  1: ['North Star', 'Lakeside', 'Prairie', 'Pinewood', 'Iron Range', 'Headwaters', 'Driftless', 'Red River Valley',
    'Northwoods', 'Ten Thousand Lakes', 'Riverbend', 'Cedar', 'Summit', 'Crossroads', 'Meadowlark', 'Willow',
    'Sunrise', 'New Horizons', 'Open Door', 'Pathways', 'Bridges', 'Compass', 'Keystone', 'Beacon', 'Harmony'],
  2: ['Lone Star', 'Bluebonnet', 'Gulf Coast', 'Hill Country', 'Rio Grande', 'Panhandle', 'Piney Woods', 'Brazos',
    'Permian', 'Coastal Bend', 'Riverbend', 'Cedar', 'Summit', 'Crossroads', 'Meadowlark', 'Willow', 'Sunrise',
    'New Horizons', 'Open Door', 'Pathways', 'Bridges', 'Compass', 'Keystone', 'Beacon', 'Harmony'],
};

type EmployerKind = 'COMMUNITY_MENTAL_HEALTH_CENTER' | 'PEER_RUN_ORGANIZATION' | 'HOSPITAL' | 'CRISIS_PROVIDER'
  | 'RESIDENTIAL_TREATMENT' | 'COUNTY_AGENCY' | 'LOCAL_MENTAL_HEALTH_AUTHORITY' | 'OTHER';
type ProgramKind = 'ARMHS' | 'ACT' | 'CRISIS_RESIDENTIAL' | 'IRTS' | 'MH_CRISIS' | 'DROP_IN_CENTER' | 'WARMLINE'
  | 'CASE_MANAGEMENT' | 'PEER_RECOVERY_SUPPORT' | 'INPATIENT' | 'OUTPATIENT' | 'OTHER';

const EMPLOYER_NOUN: Record<EmployerKind, readonly string[]> = {
  COMMUNITY_MENTAL_HEALTH_CENTER: ['Community Mental Health Center', 'Behavioral Health Center'],
  PEER_RUN_ORGANIZATION: ['Peer Support Network', 'Recovery Community Center', 'Peer Recovery Alliance'],
  HOSPITAL: ['Behavioral Health Hospital', 'Regional Medical Center'],
  CRISIS_PROVIDER: ['Crisis Services', 'Crisis Response Center'],
  RESIDENTIAL_TREATMENT: ['Residential Treatment Center', 'Recovery Residence'],
  COUNTY_AGENCY: ['County Human Services', 'County Behavioral Health'],
  LOCAL_MENTAL_HEALTH_AUTHORITY: ['Local Mental Health Authority', 'Center for Mental Health and IDD'],
  OTHER: ['Wellness Cooperative', 'Family Services'],
};

/** The programs each kind of employer runs, per state (ARMHS and IRTS are Minnesota service names). */
const PROGRAMS_BY_KIND: Record<Jur, Partial<Record<EmployerKind, readonly ProgramKind[]>>> = {
  1: {
    COMMUNITY_MENTAL_HEALTH_CENTER: ['ARMHS', 'ACT', 'CASE_MANAGEMENT', 'OUTPATIENT', 'MH_CRISIS'],
    PEER_RUN_ORGANIZATION: ['DROP_IN_CENTER', 'WARMLINE', 'PEER_RECOVERY_SUPPORT'],
    HOSPITAL: ['INPATIENT', 'MH_CRISIS', 'OUTPATIENT'],
    CRISIS_PROVIDER: ['MH_CRISIS', 'CRISIS_RESIDENTIAL', 'WARMLINE'],
    RESIDENTIAL_TREATMENT: ['IRTS', 'CRISIS_RESIDENTIAL'],
    COUNTY_AGENCY: ['CASE_MANAGEMENT', 'MH_CRISIS', 'ACT'],
    OTHER: ['ARMHS', 'PEER_RECOVERY_SUPPORT', 'OTHER'],
  },
  2: {
    LOCAL_MENTAL_HEALTH_AUTHORITY: ['ACT', 'MH_CRISIS', 'CASE_MANAGEMENT', 'OUTPATIENT', 'PEER_RECOVERY_SUPPORT'],
    COMMUNITY_MENTAL_HEALTH_CENTER: ['OUTPATIENT', 'CASE_MANAGEMENT', 'PEER_RECOVERY_SUPPORT', 'ACT'],
    PEER_RUN_ORGANIZATION: ['DROP_IN_CENTER', 'WARMLINE', 'PEER_RECOVERY_SUPPORT'],
    HOSPITAL: ['INPATIENT', 'MH_CRISIS', 'OUTPATIENT'],
    CRISIS_PROVIDER: ['MH_CRISIS', 'CRISIS_RESIDENTIAL', 'WARMLINE'],
    RESIDENTIAL_TREATMENT: ['CRISIS_RESIDENTIAL', 'PEER_RECOVERY_SUPPORT'],
    COUNTY_AGENCY: ['CASE_MANAGEMENT', 'MH_CRISIS'],
    OTHER: ['PEER_RECOVERY_SUPPORT', 'OTHER'],
  },
};
/** The first employers of each state run these programs first, so that every one of them occurs at every scale. */
const REQUIRED_PROGRAMS: Record<Jur, readonly ProgramKind[]> = {
  1: ['ARMHS', 'ACT', 'CRISIS_RESIDENTIAL', 'IRTS', 'MH_CRISIS', 'DROP_IN_CENTER', 'WARMLINE', 'CASE_MANAGEMENT'],
  2: ['ACT', 'CRISIS_RESIDENTIAL', 'MH_CRISIS', 'DROP_IN_CENTER', 'WARMLINE', 'CASE_MANAGEMENT', 'PEER_RECOVERY_SUPPORT',
    'INPATIENT', 'OUTPATIENT'],
};
const EMPLOYER_KIND_WEIGHTS: Record<Jur, ReadonlyArray<readonly [EmployerKind, number]>> = {
  1: [['COMMUNITY_MENTAL_HEALTH_CENTER', 30], ['PEER_RUN_ORGANIZATION', 15], ['HOSPITAL', 12], ['CRISIS_PROVIDER', 12],
    ['RESIDENTIAL_TREATMENT', 12], ['COUNTY_AGENCY', 12], ['OTHER', 7]],
  2: [['LOCAL_MENTAL_HEALTH_AUTHORITY', 22], ['COMMUNITY_MENTAL_HEALTH_CENTER', 18], ['PEER_RUN_ORGANIZATION', 14],
    ['HOSPITAL', 12], ['CRISIS_PROVIDER', 10], ['RESIDENTIAL_TREATMENT', 10], ['COUNTY_AGENCY', 8], ['OTHER', 6]],
};
const PROGRAM_LABEL: Record<ProgramKind, string> = {
  ARMHS: 'ARMHS Services', ACT: 'ACT Team', CRISIS_RESIDENTIAL: 'Crisis Residential', IRTS: 'Intensive Residential Treatment',
  MH_CRISIS: 'Mobile Crisis', DROP_IN_CENTER: 'Peer Drop-In Center', WARMLINE: 'Peer Warmline',
  CASE_MANAGEMENT: 'Case Management', PEER_RECOVERY_SUPPORT: 'Peer Recovery Support', INPATIENT: 'Inpatient Unit',
  OUTPATIENT: 'Outpatient Clinic', OTHER: 'Community Programs',
};

type Role = 'PEER_SPECIALIST' | 'PEER_SPECIALIST_INTERN' | 'PEER_SUPERVISOR' | 'CASE_MANAGER_ASSOCIATE'
  | 'WARMLINE_OPERATOR' | 'RECOVERY_COACH' | 'OTHER';
const ROLE_TITLE: Record<Role, Record<Jur, string>> = {
  PEER_SPECIALIST: { 1: 'Certified Peer Specialist', 2: 'Mental Health Peer Specialist' },
  PEER_SPECIALIST_INTERN: { 1: 'Peer Specialist Trainee', 2: 'Peer Specialist Intern' },
  PEER_SUPERVISOR: { 1: 'Peer Support Supervisor', 2: 'Peer Specialist Supervisor' },
  CASE_MANAGER_ASSOCIATE: { 1: 'Case Manager Associate', 2: 'Case Management Associate' },
  WARMLINE_OPERATOR: { 1: 'Warmline Peer Operator', 2: 'Warmline Peer Operator' },
  RECOVERY_COACH: { 1: 'Recovery Coach', 2: 'Recovery Support Peer Specialist' },
  OTHER: { 1: 'Peer Support Assistant', 2: 'Peer Support Assistant' },
};
const EMPLOYMENT_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['FULL_TIME', 58], ['PART_TIME', 28], ['PER_DIEM', 6], ['TEMPORARY', 4], ['CONTRACTOR', 3], ['OTHER', 1],
];

const ORG_WORDS = ['Institute', 'Academy', 'Training Center', 'Learning Collaborative', 'Recovery Institute', 'Support Academy'];
const CEU_TOPICS: ReadonlyArray<readonly [string, boolean]> = [
  ['Ethics in peer support', true], ['Ethics and boundaries refresher', true], ['Trauma-informed care', false],
  ['Motivational interviewing', false], ['Whole health and wellness', false], ['Suicide prevention', false],
  ['Cultural humility', false], ['Self-care for peer workers', false], ['Wellness recovery action planning', false],
  ['Co-occurring recovery', false], ['Documentation for peer services', false], ['Supporting families in recovery', false],
];
const DENIAL_REASONS = [
  'Required training not documented', 'Background check not cleared', 'Application incomplete', 'Attestation missing',
  'Supervised hours not documented',
];

// ---------------------------------------------------------------------------------------------------------------
// the plan

interface Employer { id: number; jur: Jur; kind: EmployerKind; name: string; city: City; website: string | null; programs: number[] }
interface Program { id: number; employer: number; kind: ProgramKind; name: string; city: string; active: boolean }
interface Org { id: number; jur: Jur | null; name: string; website: string | null; approved: boolean }
interface TrainingEvent {
  id: number; org: number; jur: Jur; type: number | null; title: string; kind: string; format: string; status: string;
  starts: number; ends: number; city: string | null; contactHours: number; ceHours: number; price: number; seats: number;
  email: string | null; ethics: boolean;
}
interface Supervisor {
  id: number; person: number; jur: Jur; employer: number; cert: number; basis: string; external: boolean;
  capacity: number; load: number;
}
interface Fund {
  id: number; jur: Jur; sponsor: string; name: string; purposes: string[]; fiscalYear: number; budget: number;
  cap: number | null; opens: number; closes: number | null; committed: number; applications: number;
}

interface CertDates { first: number; issued: number; renewed: number; expires: number; firstFull: number; ext: number }

/** Dates of a certification consistent with its status and its requirement profile. */
function certificationDates(rng: Rng, status: CertStatus, profile: RequirementProfileRef, floor: number): CertDates {
  const V = profile.validityMonths;
  const P = profile.provisionalValidityMonths ?? 0;
  const E = profile.extensionMonths ?? 0;
  if (status === 'APPLIED' || status === 'DENIED') return { first: NONE, issued: NONE, renewed: NONE, expires: NONE, firstFull: NONE, ext: 0 };
  if (status === 'PROVISIONAL') {
    if (!P) throw new Error(`credential type ${profile.credentialTypeId} has no provisional period`);
    const ext = profile.extensionsAllowed > 0 && rng.chance(0.15) ? 1 : 0;
    // in force on the reference date; with an extension, the first period has run out
    const lo = addMonths(R, -(P + ext * E)) + 1;
    const hi = ext ? addMonths(R, -P) : R - 1;
    const issued = rng.int(lo, hi);
    return { first: issued, issued, renewed: NONE, expires: addMonths(issued, P + ext * E), firstFull: NONE, ext };
  }
  const G = profile.gracePeriodMonths;
  const L = profile.lateRenewalMonths;
  // a full cycle starts only after the provisional period
  const minFull = addMonths(floor, P);
  let lo: number;
  let hi: number;
  switch (status) {
    case 'ACTIVE': lo = R + 1; hi = addMonths(R, V); break;
    case 'IN_GRACE': lo = addMonths(R, -G) + 1; hi = R - 1; break;
    case 'LATE_RENEWAL': lo = addMonths(R, -L) + 1; hi = addMonths(R, -G); break;
    case 'EXPIRED': hi = L > 0 ? addMonths(R, -L) : R - 1; lo = hi - 8 * 365; break;
    default: lo = R - 3 * 365; hi = R + 2 * 365;
  }
  lo = Math.max(lo, addMonths(minFull, V));
  if (lo > hi) throw new Error(`status ${status} is impossible under requirement profile ${profile.id} from ${isoOf(floor)}`);
  const expires = rng.int(lo, hi);
  const issued = addMonths(expires, -V);
  let maxRenewals = 0;
  while (maxRenewals < 5 && addMonths(issued, -V * (maxRenewals + 1)) >= minFull) maxRenewals++;
  const renewals = Math.floor(rng.next() ** 1.6 * (maxRenewals + 1));
  const firstFull = addMonths(issued, -V * renewals);
  let first = firstFull;
  let ext = 0;
  if (P) {
    ext = profile.extensionsAllowed > 0 && rng.chance(0.1) ? 1 : 0;
    first = ext ? firstFull - rng.int(P * 30 + 1, (P + E) * 30 - 2) : firstFull - rng.int(60, P * 30 - 2);
    first = Math.max(first, floor);
  }
  return { first, issued, renewed: renewals > 0 ? issued : NONE, expires, firstFull, ext };
}

export class SyntheticData {
  readonly scale: number;
  readonly peopleCount: number;
  readonly batchSize: number;

  // people, indexed by id (index 0 unused)
  private readonly personJur: Uint8Array;
  private readonly peopleOf: Record<Jur, Int32Array>;
  /** Certifications of person p have the ids certStart[p] to certStart[p + 1] - 1; the first is the peer credential. */
  private readonly certStart: Int32Array;
  private readonly pssCert: Int32Array;
  private readonly currentEmployer: Int32Array;
  private readonly currentProgram: Int32Array;
  private readonly supervisorOf: Int32Array;

  // certifications, indexed by id (index 0 unused)
  private readonly cert = {
    person: [0] as number[], type: [0] as number[], status: ['APPLIED'] as CertStatus[], first: [NONE] as number[],
    issued: [NONE] as number[], renewed: [NONE] as number[], expires: [NONE] as number[], firstFull: [NONE] as number[],
    ext: [0] as number[], number: [''] as string[], action: [null] as Array<string | null>, second: [false] as boolean[],
  };
  /** Intern (provisional certification id) to supervisor id; interns without one are waiting for supervision. */
  private readonly internSupervisor = new Map<number, number>();

  private readonly employers: Employer[] = [];
  private readonly programs: Program[] = [];
  private readonly employersOf: Record<Jur, Employer[]> = { 1: [], 2: [] };
  private readonly orgs: Org[] = [];
  private readonly events: TrainingEvent[] = [];
  private readonly supervisors: Supervisor[] = [];
  private readonly funds: Fund[] = [];
  /** People likely to ask for help with training or fees, and current holders (renewal help), per state. */
  private readonly prospects: Record<Jur, number[]> = { 1: [], 2: [] };
  private readonly holders: Record<Jur, number[]> = { 1: [], 2: [] };

  constructor(scale: number, batchSize = 5000) {
    if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a positive integer, got ${scale}`);
    this.scale = scale;
    this.batchSize = batchSize;
    const n = (this.peopleCount = PEOPLE_PER_SCALE * scale);
    this.personJur = new Uint8Array(n + 1);
    this.certStart = new Int32Array(n + 2);
    this.pssCert = new Int32Array(n + 1);
    this.currentEmployer = new Int32Array(n + 1);
    this.currentProgram = new Int32Array(n + 1);
    this.supervisorOf = new Int32Array(n + 1);
    this.peopleOf = this.planPeople();
    this.planCertifications();
    this.planEmployers();
    this.planEmployment();
    this.planSupervision();
    this.planTraining();
    this.planFunds();
  }

  /** Every synthetic table, in an order where each refers only to those before it. */
  tables(): SyntheticTable[] {
    const table = (name: string, rows: () => Iterable<Row>): SyntheticTable => ({
      table: name,
      batches: () => batched(rows(), this.batchSize),
    });
    return [
      table('peer_specialist', () => this.peopleRows()),
      table('certification', () => this.certificationRows()),
      table('certification_application', () => this.applicationRows()),
      table('training_organization', () => this.orgRows()),
      table('training_event', () => this.eventRows()),
      table('training_registration', () => this.registrationRows()),
      table('continuing_education_record', () => this.ceRows()),
      table('employer', () => this.employerRows()),
      table('service_program', () => this.programRows()),
      table('employment', () => this.employmentRows()),
      table('supervisor', () => this.supervisorRows()),
      table('supervision', () => this.supervisionRows()),
      table('supervised_experience_log', () => this.experienceLogRows()),
      table('assistance_fund', () => this.fundRows()),
      table('assistance_application', () => this.assistanceRows()),
      table('job_posting', () => this.jobPostingRows()),
      table('job_posting_accepted_credential_type', () => this.acceptedCredentialRows()),
    ];
  }

  // ----- planning -------------------------------------------------------------------------------------------------

  private planPeople(): Record<Jur, Int32Array> {
    const rng = new Rng(hashSeed(SEED, 'plan:people'));
    const lists: Record<Jur, number[]> = { 1: [], 2: [] };
    for (let p = 1; p <= this.peopleCount; p++) {
      const jur: Jur = rng.chance(0.4) ? MN : TX;
      this.personJur[p] = jur;
      lists[jur].push(p);
    }
    return { 1: Int32Array.from(lists[1]), 2: Int32Array.from(lists[2]) };
  }

  private planCertifications(): void {
    const rng = new Rng(hashSeed(SEED, 'plan:certification'));
    const sequence = new Map<number, number>();
    const c = this.cert;
    const add = (person: number, type: number, status: CertStatus, second: boolean, floor?: number): number => {
      const profile = profileFor(type);
      const from = Math.max(dayOf(profile.effectiveFrom), floor ?? NONE);
      let dates: CertDates;
      try {
        dates = certificationDates(rng, status, profile, from);
      } catch {
        dates = certificationDates(rng, status, profile, dayOf(profile.effectiveFrom));
      }
      const seq = (sequence.get(type) ?? 0) + 1;
      sequence.set(type, seq);
      const actions = ACTIONS[status];
      c.person.push(person);
      c.type.push(type);
      c.status.push(status);
      c.first.push(dates.first);
      c.issued.push(dates.issued);
      c.renewed.push(dates.renewed);
      c.expires.push(dates.expires);
      c.firstFull.push(dates.firstFull);
      c.ext.push(dates.ext);
      c.number.push(`${credentialTypeFor(type).code}-${String(seq).padStart(6, '0')}`);
      c.action.push(actions ? rng.pick(actions) : null);
      c.second.push(second);
      return c.person.length - 1;
    };
    for (let p = 1; p <= this.peopleCount; p++) {
      this.certStart[p] = c.person.length;
      if (this.personJur[p] === MN) {
        if (rng.chance(0.85)) add(p, MN_CPS, rng.weighted(MN_STATUS), false);
        continue;
      }
      if (!rng.chance(0.88)) continue;
      const type = rng.chance(0.72) ? TX_MHPS : TX_RSPS;
      const status = rng.weighted(TX_STATUS);
      const peer = add(p, type, status, false);
      if (status !== 'ACTIVE') continue;
      if (rng.chance(0.08)) add(p, type === TX_MHPS ? TX_RSPS : TX_MHPS, rng.weighted(SECOND_CREDENTIAL_STATUS), true);
      // a supervisor credential comes a year or more after full peer certification
      if (c.firstFull[peer] <= addMonths(R, -24) && rng.chance(0.16)) {
        this.pssCert[p] = add(p, TX_PSS, rng.weighted(PSS_STATUS), false, addMonths(c.firstFull[peer], 12));
      }
    }
    this.certStart[this.peopleCount + 1] = c.person.length;
  }

  /** Status of the person's peer credential, or null when the person holds none. */
  private primaryStatus(p: number): CertStatus | null {
    return this.certStart[p + 1] > this.certStart[p] ? this.cert.status[this.certStart[p]] : null;
  }

  private primaryCert(p: number): number {
    return this.certStart[p + 1] > this.certStart[p] ? this.certStart[p] : 0;
  }

  private planEmployers(): void {
    const rng = new Rng(hashSeed(SEED, 'plan:employer'));
    for (const jur of [MN, TX]) {
      const count = (jur === MN ? 12 : 20) * this.scale;
      const required = REQUIRED_PROGRAMS[jur];
      const kinds = PROGRAMS_BY_KIND[jur];
      for (let i = 0; i < count; i++) {
        let kind: EmployerKind;
        let programKinds: ProgramKind[];
        if (i < required.length) {
          const first = required[i];
          kind = rng.pick((Object.keys(kinds) as EmployerKind[]).filter((k) => kinds[k]!.includes(first)));
          programKinds = [first];
        } else {
          kind = rng.weighted(EMPLOYER_KIND_WEIGHTS[jur]);
          programKinds = [];
        }
        const offered = kinds[kind]!;
        const want = Math.min(offered.length, rng.weighted([[1, 3], [2, 4], [3, 2], [4, 1]] as const));
        while (programKinds.length < want) {
          const k = rng.pick(offered);
          if (!programKinds.includes(k)) programKinds.push(k);
        }
        const city = rng.weighted(CITY_WEIGHTS[jur]);
        const place = rng.pick(PLACE_WORDS[jur]);
        const name = `${place} ${rng.pick(EMPLOYER_NOUN[kind])}${rng.chance(0.5) ? ` of ${city.name}` : ''}`;
        const employer: Employer = {
          id: this.employers.length + 1, jur, kind, name, city,
          website: rng.chance(0.6) ? `https://${slug(name)}.example.org` : null, programs: [],
        };
        for (const programKind of programKinds) {
          const program: Program = {
            id: this.programs.length + 1, employer: employer.id, kind: programKind, name: PROGRAM_LABEL[programKind],
            city: rng.chance(0.8) ? city.name : rng.weighted(CITY_WEIGHTS[jur]).name, active: rng.chance(0.93),
          };
          this.programs.push(program);
          employer.programs.push(program.id);
        }
        this.employers.push(employer);
        this.employersOf[jur].push(employer);
      }
    }
  }

  private planEmployment(): void {
    const rng = new Rng(hashSeed(SEED, 'plan:employment'));
    const employed: Partial<Record<CertStatus, number>> = {
      ACTIVE: 0.72, PROVISIONAL: 0.88, IN_GRACE: 0.6, LATE_RENEWAL: 0.4, APPLIED: 0.3, EXPIRED: 0.12,
    };
    for (let p = 1; p <= this.peopleCount; p++) {
      const jur = this.personJur[p] as Jur;
      const status = this.primaryStatus(p);
      const pss = this.pssCert[p];
      const pActive = pss && this.cert.status[pss] === 'ACTIVE' ? 1 : status ? employed[status] ?? 0.05 : 0.1;
      if (!rng.chance(pActive)) continue;
      const employer = rng.pick(this.employersOf[jur]);
      this.currentEmployer[p] = employer.id;
      this.currentProgram[p] = rng.chance(0.9) ? rng.pick(employer.programs) : 0;
    }
  }

  private planSupervision(): void {
    const rng = new Rng(hashSeed(SEED, 'plan:supervision'));
    for (let p = 1; p <= this.peopleCount; p++) {
      const pss = this.pssCert[p];
      let supervisor: Omit<Supervisor, 'id'> | null = null;
      if (pss && this.cert.status[pss] === 'ACTIVE') {
        supervisor = {
          person: p, jur: TX, employer: this.currentEmployer[p], cert: pss, basis: 'CERTIFIED_PEER_SUPERVISOR',
          external: rng.chance(0.5), capacity: rng.int(2, 8), load: 0,
        };
      } else if (this.personJur[p] === MN && this.primaryStatus(p) === 'ACTIVE' && this.currentEmployer[p] && rng.chance(0.03)) {
        supervisor = {
          person: p, jur: MN, employer: this.currentEmployer[p], cert: 0,
          basis: rng.weighted([['QUALIFIED_MENTAL_HEALTH_PROFESSIONAL', 6], ['OTHER', 3], ['LICENSED_CLINICIAN', 1]] as const),
          external: rng.chance(0.3), capacity: rng.int(2, 8), load: 0,
        };
      }
      if (supervisor) {
        const s = { id: this.supervisors.length + 1, ...supervisor };
        this.supervisors.push(s);
        this.supervisorOf[p] = s.id;
      }
    }
    // interns find a supervisor at their employer first, then one who takes external supervisees; the rest wait
    const byEmployer = new Map<number, Supervisor[]>();
    const external: Supervisor[] = [];
    for (const s of this.supervisors) {
      if (s.jur !== TX) continue;
      if (s.employer) byEmployer.set(s.employer, [...(byEmployer.get(s.employer) ?? []), s]);
      if (s.external) external.push(s);
    }
    for (let id = 1; id < this.cert.person.length; id++) {
      if (this.cert.status[id] !== 'PROVISIONAL') continue;
      const p = this.cert.person[id];
      const local = (byEmployer.get(this.currentEmployer[p]) ?? []).filter((s) => s.load < s.capacity && s.person !== p);
      const open = local.length ? local : external.filter((s) => s.load < s.capacity && s.person !== p);
      if (!open.length) continue;
      const s = rng.pick(open);
      s.load++;
      this.internSupervisor.set(id, s.id);
    }
  }

  private planTraining(): void {
    const rng = new Rng(hashSeed(SEED, 'plan:training'));
    const orgsOf: Record<Jur, Org[]> = { 1: [], 2: [] };
    const national: Org[] = [];
    const addOrg = (jur: Jur | null, name: string, website: string | null, approved: boolean) => {
      const org: Org = { id: this.orgs.length + 1, jur, name, website, approved };
      this.orgs.push(org);
      (jur ? orgsOf[jur] : national).push(org);
    };
    // RI International delivers Minnesota's CPS training [1]
    addOrg(MN, 'RI International', 'https://riinternational.com', true);
    for (const [jur, count] of [[MN, 3 * this.scale - 1], [TX, 5 * this.scale], [null, this.scale]] as const) {
      for (let i = 0; i < count; i++) {
        const place = jur ? rng.pick(PLACE_WORDS[jur]) : rng.pick(['National', 'American', 'United', 'Continental']);
        const name = `${place} Peer ${rng.pick(ORG_WORDS)}`;
        addOrg(jur, name, rng.chance(0.7) ? `https://${slug(name)}.example.org` : null, jur ? rng.chance(jur === TX ? 0.7 : 0.5) : false);
      }
    }
    const eventCount: Record<Jur, number> = { 1: 20 * this.scale, 2: 40 * this.scale };
    for (const jur of [MN, TX]) {
      const approved = orgsOf[jur].filter((o) => o.approved);
      for (let i = 0; i < eventCount[jur]; i++) {
        const kind = jur === MN
          ? rng.weighted([['CORE', 35], ['CEU', 65]] as const)
          : rng.weighted([['ORIENTATION', 10], ['CORE', 25], ['SUPPLEMENTAL', 25], ['SUPERVISOR', 8], ['CEU', 32]] as const);
        let org: Org;
        let type: number | null = null;
        let title: string;
        let contactHours: number;
        let ceHours = 0;
        let length = 0;
        let price: number;
        let ethics = false;
        if (kind === 'CEU') {
          org = rng.chance(0.2) ? rng.pick(national) : rng.pick(orgsOf[jur]);
          const [topic, isEthics] = rng.pick(CEU_TOPICS);
          ethics = isEthics;
          title = topic;
          contactHours = rng.halfHours(1.5, 6);
          ceHours = contactHours;
          price = rng.int(0, 30) * 500;
        } else {
          if (jur === MN) {
            // Minnesota's core training is RI International's [1]; the draws that once chose another stay, so that
            // the rest of the sample is unchanged
            if (!rng.chance(0.6)) rng.pick(approved.length ? approved : orgsOf[jur]);
            org = this.orgs[0];
          } else {
            org = rng.pick(approved.length ? approved : orgsOf[jur]);
          }
          if (jur === MN) {
            type = MN_CPS;
            title = 'Certified Peer Specialist core training';
            contactHours = 80;
            length = 11;
            price = rng.int(0, 160) * 500;
          } else if (kind === 'ORIENTATION') {
            type = TX_MHPS;
            title = 'HHSC peer specialist orientation';
            contactHours = 2;
            price = 0;
          } else if (kind === 'CORE') {
            type = rng.chance(0.7) ? TX_MHPS : TX_RSPS;
            title = 'Peer specialist core training';
            contactHours = 19.5;
            length = 2;
            price = rng.int(0, 60) * 500;
          } else if (kind === 'SUPPLEMENTAL') {
            type = rng.chance(0.7) ? TX_MHPS : TX_RSPS;
            title = type === TX_MHPS ? 'MHPS supplemental training' : 'RSPS supplemental training';
            contactHours = type === TX_MHPS ? 40 : 46;
            length = 4;
            price = rng.int(0, 80) * 500;
          } else {
            type = TX_PSS;
            title = 'Peer specialist supervisor training';
            contactHours = 6;
            ceHours = 6;
            price = rng.int(0, 60) * 500;
          }
        }
        const drawn = kind === 'CORE' && jur === MN
          ? rng.weighted([['VIRTUAL_LIVE', 7], ['IN_PERSON', 3]] as const)
          : rng.weighted([['IN_PERSON', 4], ['VIRTUAL_LIVE', 4], ['HYBRID', 1], ['SELF_PACED', kind === 'CEU' || kind === 'ORIENTATION' ? 2 : 0]] as const);
        // given virtually [1]: the drawn format (and below, the city it drew) is set aside
        const format = kind === 'CORE' && jur === MN ? 'VIRTUAL_LIVE' : drawn;
        const starts = R + rng.int(-730, 180);
        const ends = starts + length;
        let status = ends < R ? 'COMPLETED' : 'SCHEDULED';
        if (rng.chance(starts > R ? 0.08 : 0.05)) status = 'CANCELLED';
        const drawnCity = drawn === 'IN_PERSON' || drawn === 'HYBRID' ? rng.weighted(CITY_WEIGHTS[jur]).name : null;
        this.events.push({
          id: this.events.length + 1, org: org.id, jur, type, title, kind, format, status, starts, ends,
          city: format === drawn ? drawnCity : null,
          contactHours, ceHours, price, seats: format === 'SELF_PACED' ? rng.int(50, 200) : rng.int(12, 40),
          email: rng.chance(0.85) ? `training@${slug(org.name)}.example.org` : null, ethics,
        });
      }
    }
    for (let p = 1; p <= this.peopleCount; p++) {
      const status = this.primaryStatus(p);
      const jur = this.personJur[p] as Jur;
      if (status === null || status === 'APPLIED' || status === 'PROVISIONAL' || status === 'DENIED') this.prospects[jur].push(p);
      else if (status === 'ACTIVE' || status === 'IN_GRACE' || status === 'LATE_RENEWAL') this.holders[jur].push(p);
    }
  }

  private planFunds(): void {
    const rng = new Rng(hashSeed(SEED, 'plan:fund'));
    // fiscal years: Texas from 1 September, Minnesota from 1 July
    const txFy = (fy: number) => [dayOf(`${fy - 1}-09-01`), dayOf(`${fy}-08-31`)] as const;
    const mnFy = (fy: number) => [dayOf(`${fy - 1}-07-01`), dayOf(`${fy}-06-30`)] as const;
    const budget = (lo: number, hi: number) => rng.int(lo / 100, hi / 100) * 10000; // whole hundreds of dollars, in cents
    for (let pool = 1; pool <= this.scale; pool++) {
      const suffix = pool > 1 ? ` (pool ${pool})` : '';
      const specs: Array<Omit<Fund, 'id' | 'committed' | 'applications'>> = [];
      for (const fy of [2026, 2027]) {
        const [opens, closes] = txFy(fy);
        specs.push({
          jur: TX, sponsor: 'PeerForce', name: `PeerForce application fee vouchers FY${fy}${suffix}`, purposes: ['APPLICATION_FEE'],
          fiscalYear: fy, budget: budget(5_000, 30_000), cap: 6000, opens, closes,
        });
      }
      {
        const [opens, closes] = txFy(2027);
        specs.push({
          jur: TX, sponsor: 'PeerForce', name: `PeerForce training and background check assistance FY2027${suffix}`,
          purposes: ['TRAINING', 'BACKGROUND_CHECK', 'EXAM'], fiscalYear: 2027, budget: budget(10_000, 100_000), cap: null,
          opens, closes: rng.chance(0.5) ? closes : null,
        });
      }
      {
        const [opens, closes] = txFy(2026);
        const place = rng.pick(PLACE_WORDS[TX]);
        specs.push({
          jur: TX, sponsor: `${place} Local Mental Health Authority`, name: `${place} peer workforce fund FY2026${suffix}`,
          purposes: ['TRAINING', 'RENEWAL'], fiscalYear: 2026, budget: budget(5_000, 40_000), cap: 40000, opens, closes,
        });
      }
      {
        const [opens, closes] = mnFy(2027);
        const place = rng.pick(PLACE_WORDS[MN]);
        specs.push({
          jur: MN, sponsor: `${place} Peer Workforce Collaborative`, name: `${place} peer training scholarships FY2027${suffix}`,
          purposes: ['TRAINING', 'EXAM', 'RENEWAL'], fiscalYear: 2027, budget: budget(5_000, 25_000), cap: 80000, opens, closes,
        });
      }
      for (const spec of specs) {
        const fund: Fund = { id: this.funds.length + 1, ...spec, committed: 0, applications: 0 };
        for (const app of this.simulateFund(fund, 0)) {
          fund.applications++;
          if (app.status === 'APPROVED' || app.status === 'DISBURSED') fund.committed += app.awarded_cents as number;
        }
        if (fund.committed > fund.budget) throw new Error(`fund ${fund.id} over-committed`);
        this.funds.push(fund);
      }
    }
  }

  /**
   * The applications of one fund, decided in submission order against the remaining budget. Pure: the same fund
   * always gives the same applications, so that planning (committed cents) and streaming agree.
   */
  private *simulateFund(fund: Fund, firstId: number): Generator<Row & { status: string }> {
    const rng = new Rng(hashSeed(SEED, 'assistance_application', fund.id));
    const last = Math.min(fund.closes ?? LAST, LAST);
    const count = rng.int(20, 70);
    const days = Array.from({ length: count }, () => rng.int(fund.opens, last)).sort((a, b) => a - b);
    let remaining = fund.budget;
    for (let i = 0; i < count; i++) {
      const purpose = rng.pick(fund.purposes);
      const pool = purpose === 'RENEWAL' ? this.holders[fund.jur] : this.prospects[fund.jur];
      const applicant = pool.length ? rng.pick(pool) : rng.pick(this.peopleOf[fund.jur]);
      let requested: number;
      switch (purpose) {
        case 'APPLICATION_FEE': requested = rng.chance(0.12) ? 2000 : 6000; break;
        case 'TRAINING': requested = rng.int(5, 160) * 500; break;
        case 'BACKGROUND_CHECK': requested = rng.int(60, 110) * 50; break;
        case 'EXAM': requested = rng.int(10, 40) * 250; break;
        default: requested = fund.jur === TX ? (rng.chance(0.2) ? 11000 : 6000) : rng.int(20, 60) * 250;
      }
      const submitted = days[i];
      const submittedSecond = officeSecond(rng);
      const decidedDay = submitted + rng.int(1, 7); // vouchers are reviewed within 5 business days [16]
      const reviewer = `synthetic-reviewer-${rng.int(1, 6)}`;
      const decidedSecond = officeSecond(rng);
      let status: string;
      let awarded: number | null = null;
      let reason: string | null = null;
      let decidedAt: string | null = null;
      let disbursedAt: string | null = null;
      if (rng.chance(0.07)) {
        status = 'WITHDRAWN';
        reason = 'Withdrawn by the applicant';
      } else if (decidedDay > LAST) {
        status = LAST - submitted >= 2 && rng.chance(0.5) ? 'UNDER_REVIEW' : 'SUBMITTED';
      } else if (rng.chance(0.12)) {
        status = 'DENIED';
        reason = rng.pick(['Required training not yet completed', 'Not a resident of the fund\'s state', 'Duplicate request', 'Expense not covered by this fund']);
        decidedAt = stamp(decidedDay, decidedSecond);
      } else {
        const award = fund.cap ? Math.min(requested, fund.cap) : requested;
        decidedAt = stamp(decidedDay, decidedSecond);
        if (award > remaining) {
          status = 'WAITLISTED';
          reason = 'Remaining budget too small for this award';
        } else {
          remaining -= award;
          awarded = award;
          const disbursedDay = decidedDay + rng.int(2, 21);
          if (disbursedDay <= LAST) {
            status = 'DISBURSED';
            disbursedAt = stamp(disbursedDay, officeSecond(rng));
          } else status = 'APPROVED';
        }
      }
      yield {
        id: firstId + i + 1, synthetic: true, fund_id: fund.id, applicant_id: applicant, purpose, requested_cents: requested,
        awarded_cents: awarded, status, submitted_at: stamp(submitted, submittedSecond),
        reviewer: decidedAt ? reviewer : null, decided_at: decidedAt, decision_reason: reason, disbursed_at: disbursedAt,
      };
    }
  }

  // ----- streams --------------------------------------------------------------------------------------------------

  private *peopleRows(): Generator<Row> {
    const rng = new Rng(hashSeed(SEED, 'peer_specialist'));
    for (let p = 1; p <= this.peopleCount; p++) {
      const jur = this.personJur[p] as Jur;
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const city = rng.weighted(CITY_WEIGHTS[jur]);
      const languages = rng.chance(jur === TX ? 0.02 : 0.005) ? ['es'] : ['en'];
      if (languages[0] === 'en') {
        if (rng.chance(jur === TX ? 0.28 : 0.06)) languages.push('es');
        if (jur === MN && rng.chance(0.04)) languages.push('so');
        if (jur === TX && rng.chance(0.03)) languages.push('vi');
      }
      yield {
        id: p,
        synthetic: true,
        first_name: first,
        middle_name: rng.chance(0.35) ? rng.pick(MIDDLE_INITIALS) : null,
        last_name: last,
        email: rng.chance(0.9) ? `${slug(first)}.${slug(last)}.${p}@example.org` : null,
        // 555-0100 to 555-0199 are reserved for fiction
        phone: rng.chance(0.85) ? `+1-${city.area}-555-01${String(rng.int(0, 99)).padStart(2, '0')}` : null,
        birth_year: rng.chance(0.95) ? rng.int(1955, 2004) : null,
        jurisdiction_id: jur,
        city: city.name,
        postal_code: city.postal,
        languages,
        created_at: stamp(R - rng.int(1, 1000), officeSecond(rng)),
      };
    }
  }

  private *certificationRows(): Generator<Row> {
    const c = this.cert;
    // a generator of its own, so that the other columns draw the same numbers as before these existed
    const training = new Rng(hashSeed(SEED, 'certification_training_completed_on'));
    for (let id = 1; id < c.person.length; id++) {
      const type = credentialTypeFor(c.type[id]);
      const issuedStates = c.issued[id] !== NONE;
      const latest = Math.max(c.first[id], c.issued[id], c.renewed[id], c.expires[id] <= R ? c.expires[id] : NONE);
      const status = c.status[id];
      yield {
        id,
        synthetic: true,
        person_id: c.person[id],
        credential_type_id: type.id,
        jurisdiction_id: type.jurisdictionId,
        credential_number: c.number[id],
        status,
        first_issued_on: isoOrNull(c.first[id]),
        issued_on: isoOrNull(c.issued[id]),
        last_renewed_on: isoOrNull(c.renewed[id]),
        expires_on: isoOrNull(c.expires[id]),
        full_certified_on: isoOrNull(c.firstFull[id]),
        // core training weeks to months before the application that led to the first issue
        training_completed_on: c.first[id] === NONE ? null : isoOf(c.first[id] - training.int(30, 240)),
        ce_due_on: issuedStates && status !== 'PROVISIONAL' ? isoOf(c.expires[id]) : null,
        extensions_used: c.ext[id],
        action_taken: c.action[id],
        source_name: SOURCE_NAME,
        source_file: null,
        source_row: null,
        updated_at: stamp(latest === NONE ? LAST : Math.min(latest, LAST), 12 * 3600),
      };
    }
  }

  private *applicationRows(): Generator<Row> {
    const rng = new Rng(hashSeed(SEED, 'certification_application'));
    const c = this.cert;
    let id = 0;
    const row = (
      person: number, typeId: number, certId: number | null, kind: string, status: string, submitted: number,
      decided: number, reasons: string[], fee: number,
    ): Row => {
      const type = credentialTypeFor(typeId);
      const due = profileFor(typeId).decisionDueDays;
      return {
        id: ++id, synthetic: true, person_id: person, credential_type_id: typeId, jurisdiction_id: type.jurisdictionId,
        certification_id: certId, kind, status, submitted_on: isoOf(submitted),
        decision_due_on: due ? isoOf(submitted + due) : null, decided_on: isoOrNull(decided), decision_reasons: reasons,
        fee_cents: fee,
      };
    };
    const pending = () => (rng.chance(0.55) ? 'SUBMITTED' : 'UNDER_REVIEW');
    for (let p = 1; p <= this.peopleCount; p++) {
      const from = this.certStart[p];
      const to = this.certStart[p + 1];
      if (from === to) {
        if (rng.chance(0.12)) {
          const type = this.personJur[p] === MN ? MN_CPS : rng.chance(0.72) ? TX_MHPS : TX_RSPS;
          yield row(p, type, null, 'INITIAL', 'WITHDRAWN', R - rng.int(20, 700), NONE, ['Withdrawn by the applicant'], 0);
        }
        continue;
      }
      for (let cid = from; cid < to; cid++) {
        const type = c.type[cid];
        const profile = profileFor(type);
        const due = profile.decisionDueDays;
        const status = c.status[cid];
        const initialFee = c.second[cid] && profile.reducedApplicationFeeCents !== null ? profile.reducedApplicationFeeCents : profile.applicationFeeCents;
        const renewalFee = profile.renewalFeeCents;
        const lateFee = renewalFee + profile.lateFeeCents;
        const reinstatementFee = lateFee + profile.reinstatementFeeCents;
        if (status === 'APPLIED') {
          const overdue = due !== null && rng.chance(0.1);
          const submitted = R - (overdue ? rng.int(due + 1, due + 30) : rng.int(0, (due ?? 60) - 5));
          yield row(p, type, cid, 'INITIAL', pending(), submitted, NONE, [], initialFee);
          continue;
        }
        if (status === 'DENIED') {
          const submitted = R - rng.int(60, 900);
          const reasons = [rng.pick(DENIAL_REASONS)];
          if (rng.chance(0.3)) {
            const other = rng.pick(DENIAL_REASONS);
            if (!reasons.includes(other)) reasons.push(other);
          }
          yield row(p, type, cid, 'INITIAL', 'DENIED', submitted, submitted + rng.int(7, (due ?? 60) - 1), reasons, initialFee);
          continue;
        }
        // the certification was issued: its initial application was approved on the first issue date
        const first = c.first[cid];
        const late = due !== null && rng.chance(0.08);
        const lead = due === null ? rng.int(14, 90) : late ? rng.int(due + 1, due + 40) : rng.int(10, due - 1);
        yield row(p, type, cid, 'INITIAL', 'APPROVED', first - lead, first, [], initialFee);
        if (c.firstFull[cid] !== NONE && c.firstFull[cid] !== first) {
          // provisional to full, once the supervised hours were approved
          const decided = c.firstFull[cid];
          yield row(p, type, cid, 'UPGRADE', 'APPROVED', Math.max(first, decided - rng.int(5, 40)), decided, [], 0);
        }
        if (c.renewed[cid] !== NONE) {
          const decided = c.renewed[cid];
          const reinstated = rng.chance(0.06);
          yield row(p, type, cid, reinstated ? 'REINSTATEMENT' : 'RENEWAL', 'APPROVED', decided - rng.int(5, 60), decided, [],
            reinstated ? reinstatementFee : renewalFee);
        }
        const expires = c.expires[cid];
        switch (status) {
          case 'PROVISIONAL':
            if (c.issued[cid] <= R - 100 && rng.chance(0.3)) {
              yield row(p, type, cid, 'UPGRADE', pending(), R - rng.int(0, Math.min(30, R - c.issued[cid])), NONE, [], 0);
            } else if (rng.chance(0.04)) {
              yield row(p, type, cid, 'UPGRADE', 'WITHDRAWN', R - rng.int(0, R - c.issued[cid]), NONE, ['Withdrawn by the applicant'], 0);
            }
            break;
          case 'ACTIVE':
            if (expires - R <= 90 && rng.chance(0.4)) yield row(p, type, cid, 'RENEWAL', pending(), R - rng.int(0, 40), NONE, [], renewalFee);
            else if (rng.chance(0.02)) yield row(p, type, cid, 'RENEWAL', 'WITHDRAWN', R - rng.int(0, 300), NONE, ['Withdrawn by the applicant'], renewalFee);
            break;
          case 'IN_GRACE':
            if (rng.chance(0.5)) yield row(p, type, cid, 'RENEWAL', pending(), rng.int(expires + 1, R), NONE, [], renewalFee);
            break;
          case 'LATE_RENEWAL':
            if (rng.chance(0.5)) yield row(p, type, cid, 'RENEWAL', pending(), rng.int(expires + 1, R), NONE, [], lateFee);
            break;
          case 'EXPIRED':
            if (rng.chance(0.12)) {
              const outcome = rng.weighted([['SUBMITTED', 3], ['UNDER_REVIEW', 3], ['DENIED', 2], ['WITHDRAWN', 2]] as const);
              const submitted = Math.max(expires + 1, R - rng.int(0, 200));
              const decided = outcome === 'DENIED' ? Math.min(R, submitted + rng.int(7, 59)) : NONE;
              const reasons = outcome === 'DENIED' ? ['Continuing education not documented'] : outcome === 'WITHDRAWN' ? ['Withdrawn by the applicant'] : [];
              yield row(p, type, cid, 'REINSTATEMENT', outcome, submitted, decided, reasons, reinstatementFee);
            } else if (rng.chance(0.05)) {
              const submitted = expires - rng.int(0, 30);
              yield row(p, type, cid, 'RENEWAL', 'DENIED', submitted, Math.min(R, submitted + rng.int(7, 59)), ['Continuing education not documented'], renewalFee);
            }
            break;
          default:
        }
      }
    }
  }

  private *orgRows(): Generator<Row> {
    for (const o of this.orgs) {
      yield { id: o.id, synthetic: true, name: o.name, jurisdiction_id: o.jur, website: o.website, approved: o.approved };
    }
  }

  private *eventRows(): Generator<Row> {
    for (const e of this.events) {
      yield {
        id: e.id, synthetic: true, organization_id: e.org, jurisdiction_id: e.jur, credential_type_id: e.type, title: e.title,
        course_kind: e.kind, format: e.format, status: e.status, starts_on: isoOf(e.starts), ends_on: isoOf(e.ends), city: e.city,
        contact_hours: hours(e.contactHours), ce_hours: hours(e.ceHours), price_cents: e.price, seats: e.seats,
        contact_email: e.email, ethics_hours: hours(e.ethics ? Math.min(e.ceHours, 3) : 0), postal_code: e.city === null ? null : POSTAL_OF_CITY[e.jur].get(e.city) ?? null,
      };
    }
  }

  private *registrationRows(): Generator<Row> {
    const rng = new Rng(hashSeed(SEED, 'training_registration'));
    let id = 0;
    for (const e of this.events) {
      const pool = this.peopleOf[e.jur];
      const taken = new Set<number>();
      const person = () => {
        for (;;) {
          const p = rng.pick(pool);
          if (!taken.has(p)) {
            taken.add(p);
            return p;
          }
        }
      };
      const seats = Math.min(e.seats, Math.floor(pool.length / 2));
      const past = e.ends < R;
      const future = e.starts > R;
      const assessed = e.kind === 'CORE' || e.kind === 'SUPPLEMENTAL' || e.kind === 'SUPERVISOR';
      // seat holders: REGISTERED before and during the event; COMPLETED or NO_SHOW after it
      const held = e.status === 'CANCELLED' ? 0 : past ? rng.int(Math.ceil(seats * 0.6), seats) : future && rng.chance(0.3) ? seats : rng.int(Math.ceil(seats * 0.3), seats);
      const cancelled = e.status === 'CANCELLED' ? rng.int(1, Math.max(1, Math.floor(seats / 2))) : rng.int(0, 3);
      const waitlisted = held === seats && !past ? rng.int(1, 6) : 0;
      const statuses: string[] = [];
      for (let i = 0; i < held; i++) statuses.push(past ? (rng.chance(0.91) ? 'COMPLETED' : 'NO_SHOW') : 'REGISTERED');
      for (let i = 0; i < cancelled; i++) statuses.push('CANCELLED');
      for (let i = 0; i < waitlisted; i++) statuses.push('WAITLISTED');
      const rows: Row[] = [];
      for (const status of statuses) {
        const registeredDay = Math.min(LAST, e.starts - rng.int(status === 'WAITLISTED' ? 1 : 3, 60));
        let score: string | null = null;
        let passed: boolean | null = null;
        if (status === 'COMPLETED') {
          if (assessed) {
            const value = rng.int(5500, 10000) / 100;
            score = value.toFixed(2);
            passed = value >= 70;
          } else passed = true;
        }
        rows.push({
          id: ++id, synthetic: true, event_id: e.id, person_id: person(), status,
          registered_at: stamp(registeredDay, officeSecond(rng)), waitlist_number: null, completed_on: status === 'COMPLETED' ? isoOf(e.ends) : null,
          score, passed,
        });
      }
      // the waiting list in the order people joined it, as the hub numbers it
      const waiting = rows.filter((r) => r.status === 'WAITLISTED').sort((a, b) => String(a.registered_at).localeCompare(String(b.registered_at)) || Number(a.id) - Number(b.id));
      waiting.forEach((r, i) => (r.waitlist_number = i + 1));
      yield* rows;
    }
  }

  private *ceRows(): Generator<Row> {
    const rng = new Rng(hashSeed(SEED, 'continuing_education_record'));
    const c = this.cert;
    const ceuEvents: Record<Jur, TrainingEvent[]> = { 1: [], 2: [] };
    for (const e of this.events) if (e.kind === 'CEU' && e.status === 'COMPLETED') ceuEvents[e.jur].push(e);
    const orgName = (e: TrainingEvent) => this.orgs[e.org - 1].name;
    let id = 0;
    for (let cid = 1; cid < c.person.length; cid++) {
      const status = c.status[cid];
      if (status !== 'ACTIVE' && status !== 'IN_GRACE' && status !== 'LATE_RENEWAL' && !(status === 'EXPIRED' && rng.chance(0.25))) continue;
      const profile = profileFor(c.type[cid]);
      const jur = credentialTypeFor(c.type[cid]).jurisdictionId as Jur;
      const start = c.issued[cid] + 1;
      const end = Math.min(c.expires[cid], R);
      if (end < start) continue;
      const required = profile.ceHoursPerCycle;
      const elapsed = (end - start) / Math.max(1, c.expires[cid] - start);
      const target = status === 'ACTIVE' ? required * elapsed * (0.3 + rng.next()) : required * (rng.chance(0.5) ? 1 : rng.next());
      let total = 0;
      let ethicsTotal = 0;
      for (let n = 0; n < 12 && total < target; n++) {
        let event: TrainingEvent | null = null;
        if (rng.chance(0.3) && ceuEvents[jur].length) {
          const candidate = rng.pick(ceuEvents[jur]);
          if (candidate.ends >= start && candidate.ends <= end) event = candidate;
        }
        let title: string;
        let provider: string;
        let h: number;
        let ethics: number;
        let completed: number;
        if (event) {
          title = event.title;
          provider = orgName(event);
          h = event.ceHours;
          ethics = event.ethics ? Math.min(h, 3) : 0;
          completed = event.ends;
        } else {
          const [topic, isEthics] = rng.pick(CEU_TOPICS);
          // make sure most people collect the ethics hours their profile asks for
          const needEthics = ethicsTotal < profile.ethicsHoursPerCycle && rng.chance(0.5);
          title = needEthics ? 'Ethics in peer support' : topic;
          provider = `${rng.pick(PLACE_WORDS[jur])} Peer ${rng.pick(ORG_WORDS)}`;
          h = rng.halfHours(1, 6);
          ethics = needEthics || isEthics ? Math.min(h, 3) : 0;
          completed = rng.int(start, end);
        }
        total += h;
        ethicsTotal += ethics;
        yield {
          id: ++id, synthetic: true, person_id: c.person[cid], certification_id: cid, training_event_id: event ? event.id : null,
          title, provider, hours: hours(h), ethics_hours: hours(ethics), completed_on: isoOf(completed),
        };
      }
    }
  }

  private *employerRows(): Generator<Row> {
    for (const e of this.employers) {
      yield {
        id: e.id, synthetic: true, jurisdiction_id: e.jur, name: e.name, kind: e.kind, city: e.city.name,
        postal_code: e.city.postal, website: e.website,
      };
    }
  }

  private *programRows(): Generator<Row> {
    for (const p of this.programs) {
      yield { id: p.id, synthetic: true, employer_id: p.employer, kind: p.kind, name: p.name, city: p.city, active: p.active };
    }
  }

  private roleFor(p: number, program: Program | null, rng: Rng): Role {
    if (this.supervisorOf[p]) return 'PEER_SUPERVISOR';
    const status = this.primaryStatus(p);
    if (status === 'PROVISIONAL') return 'PEER_SPECIALIST_INTERN';
    if (program?.kind === 'WARMLINE') return 'WARMLINE_OPERATOR';
    if (program?.kind === 'CASE_MANAGEMENT' && this.personJur[p] === MN) return 'CASE_MANAGER_ASSOCIATE';
    if (status === null || status === 'APPLIED' || status === 'DENIED') return rng.chance(0.5) ? 'RECOVERY_COACH' : 'OTHER';
    const cert = this.primaryCert(p);
    if (this.cert.type[cert] === TX_RSPS && rng.chance(0.5)) return 'RECOVERY_COACH';
    return 'PEER_SPECIALIST';
  }

  private *employmentRows(): Generator<Row> {
    const rng = new Rng(hashSeed(SEED, 'employment'));
    let id = 0;
    for (let p = 1; p <= this.peopleCount; p++) {
      const jur = this.personJur[p] as Jur;
      const employerId = this.currentEmployer[p];
      const hadPast = rng.chance(employerId ? 0.3 : this.primaryStatus(p) ? 0.25 : 0.05);
      let currentStart = NONE;
      const cert = this.primaryCert(p);
      if (employerId) {
        const status = this.primaryStatus(p);
        currentStart = status === 'PROVISIONAL' ? Math.min(R, this.cert.issued[cert] + rng.int(0, 20)) : R - rng.int(14, 6 * 365);
      }
      if (hadPast) {
        const ended = (currentStart === NONE ? R : currentStart) - rng.int(1, 400);
        const employer = rng.pick(this.employersOf[jur]);
        const program = rng.chance(0.85) ? this.programs[rng.pick(employer.programs) - 1] : null;
        const role: Role = program?.kind === 'WARMLINE' ? 'WARMLINE_OPERATOR' : rng.chance(0.8) ? 'PEER_SPECIALIST' : 'OTHER';
        yield {
          id: ++id, synthetic: true, person_id: p, employer_id: employer.id, program_id: program?.id ?? null, role,
          title: ROLE_TITLE[role][jur], employment_type: rng.weighted(EMPLOYMENT_TYPES), started_on: isoOf(ended - rng.int(90, 3 * 365)),
          ended_on: isoOf(ended), hourly_wage_cents: rng.chance(0.95) ? rng.int(56, 88) * 25 : null,
        };
      }
      if (employerId) {
        const program = this.currentProgram[p] ? this.programs[this.currentProgram[p] - 1] : null;
        const role = this.roleFor(p, program, rng);
        const [lo, hi] = role === 'PEER_SUPERVISOR' ? [76, 96] : role === 'PEER_SPECIALIST_INTERN' ? [56, 76] : [56, 92];
        yield {
          id: ++id, synthetic: true, person_id: p, employer_id: employerId, program_id: program?.id ?? null, role,
          title: ROLE_TITLE[role][jur],
          employment_type: role === 'PEER_SPECIALIST_INTERN' ? (rng.chance(0.7) ? 'FULL_TIME' : 'PART_TIME') : rng.weighted(EMPLOYMENT_TYPES),
          started_on: isoOf(currentStart), ended_on: null, hourly_wage_cents: rng.chance(0.96) ? rng.int(lo, hi) * 25 : null,
        };
      }
    }
  }

  /**
   * Places a supervisor taking outside interns keeps beyond those the sample's interns fill (they would fill every
   * one: there are more interns than places), so that the directory has supervisors with a place free. A draw of its
   * own, so that the rest of the sample stays as it was.
   */
  private sparePlaces(s: Supervisor): number {
    return s.external ? new Rng(hashSeed(SEED, 'supervisor:spare', s.id)).int(0, 2) : 0;
  }

  private *supervisorRows(): Generator<Row> {
    // what a supervisor publishes in the directory: a name, a city, the languages they supervise in (Spanish is
    // common in Texas); credential_type_id follows from the certification (a trigger keeps it)
    const rng = new Rng(hashSeed(SEED, 'supervisor:directory'));
    for (const s of this.supervisors) {
      const employer = s.employer ? this.employers[s.employer - 1] : null;
      const languages = ['en'];
      if (rng.chance(s.jur === TX ? 0.38 : 0.05)) languages.push('es');
      if (s.jur === MN && rng.chance(0.05)) languages.push('so');
      if (s.jur === TX && rng.chance(0.04)) languages.push('vi');
      // drawn in this order, the name then the city, so that the sample data stays as it was
      const displayName = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      const city = employer ? employer.city : rng.weighted(CITY_WEIGHTS[s.jur]);
      yield {
        id: s.id, synthetic: true, person_id: s.person, jurisdiction_id: s.jur, employer_id: s.employer || null,
        supervisor_certification_id: s.cert || null, clinical_basis: s.basis, accepts_external_supervisees: s.external,
        capacity: s.capacity + this.sparePlaces(s), display_name: displayName, city: city.name, postal_code: city.postal, languages,
      };
    }
  }

  /**
   * Each intern under a supervisor was accepted by them on the day the certification was issued (hours count from
   * then); about a third of the interns still waiting have asked a supervisor who takes external interns.
   */
  /** The languages a posting says the job is done in (a draw of its own, so that the posting's other values stay). */
  private postingLanguages(id: number, jur: Jur): string[] {
    const rng = new Rng(hashSeed(SEED, 'job_posting:languages', id));
    if (rng.chance(0.3)) return []; // not said
    const languages = ['en'];
    if (rng.chance(jur === TX ? 0.35 : 0.05)) languages.push('es');
    if (jur === MN && rng.chance(0.04)) languages.push('so');
    return languages;
  }

  private *supervisionRows(): Generator<Row> {
    const rng = new Rng(hashSeed(SEED, 'supervision'));
    const c = this.cert;
    let id = 0;
    const asked = new Set<number>();
    for (const [cid, supervisorId] of [...this.internSupervisor.entries()].sort((a, b) => a[0] - b[0])) {
      asked.add(c.person[cid]);
      const requested = c.issued[cid] - rng.int(1, 20);
      yield {
        id: ++id, synthetic: true, person_id: c.person[cid], supervisor_id: supervisorId, status: 'ACCEPTED', message: null,
        requested_at: stamp(requested, officeSecond(rng)), decided_at: stamp(c.issued[cid], officeSecond(rng)), decision_note: null,
        starts_on: isoOf(c.issued[cid]), ends_on: null,
      };
    }
    const external = this.supervisors.filter((s) => s.jur === TX && s.external);
    for (let cid = 1; cid < c.person.length; cid++) {
      if (c.status[cid] !== 'PROVISIONAL' || this.internSupervisor.has(cid) || !external.length || !rng.chance(0.35)) continue;
      const supervisor = rng.pick(external);
      if (supervisor.person === c.person[cid] || asked.has(c.person[cid])) continue;
      asked.add(c.person[cid]);
      yield {
        id: ++id, synthetic: true, person_id: c.person[cid], supervisor_id: supervisor.id, status: 'REQUESTED',
        message: rng.chance(0.5) ? 'I am looking for weekly supervision for my internship hours.' : null,
        requested_at: stamp(LAST - rng.int(0, 30), officeSecond(rng)), decided_at: null, decision_note: null, starts_on: null, ends_on: null,
      };
    }
  }

  private *experienceLogRows(): Generator<Row> {
    const rng = new Rng(hashSeed(SEED, 'supervised_experience_log'));
    const c = this.cert;
    let id = 0;
    for (const [cid, supervisorId] of [...this.internSupervisor.entries()].sort((a, b) => a[0] - b[0])) {
      const p = c.person[cid];
      const supervisor = this.supervisors[supervisorId - 1];
      const employer = this.currentEmployer[p] || supervisor.employer || null;
      const program = this.currentEmployer[p] && this.currentProgram[p] ? this.currentProgram[p] : null;
      // hours count only from the approval of the application, the first issue date [9]
      for (let m = 0; ; m++) {
        const periodStart = addMonths(c.issued[cid], m);
        const periodEnd = addMonths(c.issued[cid], m + 1) - 1;
        if (periodEnd >= R) break;
        const submitted = periodEnd + rng.int(1, 10);
        if (submitted > LAST) break;
        const signedOff = submitted + rng.int(1, 14);
        let status = 'SUBMITTED';
        let note: string | null = null;
        if (signedOff <= LAST) {
          status = rng.chance(0.93) ? 'APPROVED' : 'REJECTED';
          note = status === 'REJECTED' ? rng.pick(['Hours not verified by the site', 'Activities logged are not peer services', 'Duplicate of an earlier period']) : rng.chance(0.2) ? 'Reviewed in weekly supervision' : null;
        }
        yield {
          id: ++id, synthetic: true, person_id: p, certification_id: cid, supervisor_id: supervisorId, employer_id: employer,
          program_id: program, period_start: isoOf(periodStart), period_end: isoOf(periodEnd),
          direct_service_hours: hours(rng.halfHours(20, 60)), supervision_hours: hours(rng.halfHours(3, 5)), status,
          submitted_at: stamp(submitted, officeSecond(rng)),
          signed_off_at: status === 'SUBMITTED' ? null : stamp(signedOff, officeSecond(rng)), sign_off_note: note,
        };
      }
    }
  }

  private *fundRows(): Generator<Row> {
    for (const f of this.funds) {
      yield {
        id: f.id, synthetic: true, jurisdiction_id: f.jur, sponsor: f.sponsor, name: f.name, purposes: f.purposes,
        fiscal_year: f.fiscalYear, budget_cents: f.budget, committed_cents: f.committed, per_award_cap_cents: f.cap,
        opens_on: isoOf(f.opens), closes_on: f.closes === null ? null : isoOf(f.closes),
      };
    }
  }

  private *assistanceRows(): Generator<Row> {
    let firstId = 0;
    for (const f of this.funds) {
      yield* this.simulateFund(f, firstId);
      firstId += f.applications;
    }
  }

  private get jobPostingCount(): number {
    return 100 * this.scale;
  }

  /** One job posting and its accepted credential types, from a generator seeded by its id. */
  private jobPosting(id: number): { row: Row; accepted: number[] } {
    const rng = new Rng(hashSeed(SEED, 'job_posting', id));
    const jur: Jur = rng.chance(0.4) ? MN : TX;
    const employer = rng.pick(this.employersOf[jur]);
    const program = rng.chance(0.85) ? this.programs[rng.pick(employer.programs) - 1] : null;
    let role: Role;
    if (jur === TX && rng.chance(0.2)) role = 'PEER_SPECIALIST_INTERN';
    else if (rng.chance(0.08)) role = 'PEER_SUPERVISOR';
    else if (program?.kind === 'WARMLINE') role = 'WARMLINE_OPERATOR';
    else if (program?.kind === 'CASE_MANAGEMENT' && jur === MN) role = 'CASE_MANAGER_ASSOCIATE';
    else if (jur === TX && rng.chance(0.12)) role = 'RECOVERY_COACH';
    else role = 'PEER_SPECIALIST';
    const intern = role === 'PEER_SPECIALIST_INTERN';
    const employmentType = intern ? rng.weighted([['INTERN', 3], ['FULL_TIME', 5], ['PART_TIME', 2]] as const)
      : rng.weighted([['FULL_TIME', 55], ['PART_TIME', 25], ['PER_DIEM', 8], ['TEMPORARY', 5], ['CONTRACTOR', 4], ['OTHER', 1]] as const);
    const status = rng.weighted([['DRAFT', 8], ['OPEN', 40], ['PAUSED', 7], ['FILLED', 20], ['EXPIRED', 15], ['CLOSED', 10]] as const);
    let posted: number = NONE;
    let validThrough: number = NONE;
    let closedAt: number;
    switch (status) {
      case 'DRAFT': validThrough = rng.chance(0.5) ? R + rng.int(30, 90) : NONE; closedAt = R - rng.int(0, 20); break;
      case 'OPEN': posted = R - rng.int(0, 45); validThrough = R + rng.int(7, 60); closedAt = posted; break;
      case 'PAUSED': posted = R - rng.int(10, 90); validThrough = R + rng.int(0, 60); closedAt = R - rng.int(0, 9); break;
      case 'EXPIRED': posted = R - rng.int(61, 400); validThrough = posted + rng.int(30, 60); closedAt = validThrough + 1; break;
      default: posted = R - rng.int(30, 500); validThrough = posted + rng.int(30, 90); closedAt = Math.min(R, posted + rng.int(14, 90));
    }
    // pay: $14 to $24 an hour; some full-time postings give the yearly equivalent (2,080 hours)
    const min = rng.int(role === 'PEER_SUPERVISOR' ? 76 : 56, 88) * 25;
    const max = min + rng.int(0, (2400 - min) / 25) * 25;
    const yearly = employmentType === 'FULL_TIME' && rng.chance(0.1);
    const supervision = intern || rng.chance(0.4);
    const cityName = program?.city ?? employer.city.name;
    const city = CITIES[jur].find((x) => x.name === cityName) ?? employer.city;
    const accepted: number[] = [];
    if (role === 'PEER_SUPERVISOR') accepted.push(jur === MN ? MN_CPS : TX_PSS);
    else if (jur === MN) accepted.push(MN_CPS);
    else if (role === 'RECOVERY_COACH') {
      accepted.push(TX_RSPS);
      if (rng.chance(0.4)) accepted.push(TX_MHPS);
    } else {
      accepted.push(TX_MHPS);
      if (rng.chance(0.6)) accepted.push(TX_RSPS);
    }
    const requirement = intern || role === 'PEER_SUPERVISOR' ? 'REQUIRED'
      : rng.weighted([['REQUIRED', 55], ['PREFERRED', 25], ['WILLING_TO_OBTAIN', 20]] as const);
    const title = `${ROLE_TITLE[role][jur]}${program ? ` – ${program.name}` : ''}`;
    const description = [
      `${employer.name} is hiring a ${ROLE_TITLE[role][jur].toLowerCase()}${program ? ` for its ${program.name.toLowerCase()} program` : ''} in ${city.name}.`,
      'Use your lived experience to support people in their recovery: one-to-one and group peer support, advocacy and wellness planning.',
      requirement === 'WILLING_TO_OBTAIN' ? 'Certification can be earned after hire.' : requirement === 'PREFERRED' ? 'Certification preferred.' : 'Current certification required.',
      supervision ? 'Supervision provided.' : '',
      'Synthetic sample posting.',
    ].filter(Boolean).join(' ');
    const created = Math.min(LAST, (posted === NONE ? R - rng.int(0, 20) : posted) - rng.int(0, 5));
    const createdSecond = officeSecond(rng);
    const updated = Math.max(created, Math.min(LAST, closedAt));
    return {
      row: {
        id, synthetic: true, employer_id: employer.id, program_id: program?.id ?? null, jurisdiction_id: jur, title, description, role,
        employment_type: employmentType, city: city.name, postal_code: city.postal,
        remote: program?.kind === 'WARMLINE' ? rng.chance(0.4) : rng.chance(0.04),
        pay_min_cents: yearly ? min * 2080 : min, pay_max_cents: yearly ? max * 2080 : max, pay_unit: yearly ? 'YEAR' : 'HOUR',
        certification_requirement: requirement, supervision_provided: supervision,
        counts_toward_internship_hours: jur === TX && supervision && role !== 'PEER_SUPERVISOR' && (intern || rng.chance(0.5)),
        openings: rng.weighted([[1, 70], [2, 18], [3, 8], [4, 4]] as const),
        date_posted: isoOrNull(posted), valid_through: isoOrNull(validThrough), status, ...applyContact(id, status, employer),
        created_at: stamp(created, createdSecond), updated_at: stamp(updated, updated === created ? createdSecond : officeSecond(rng)),
        languages: this.postingLanguages(id, jur),
      },
      accepted,
    };
  }

  private *jobPostingRows(): Generator<Row> {
    for (let id = 1; id <= this.jobPostingCount; id++) yield this.jobPosting(id).row;
  }

  private *acceptedCredentialRows(): Generator<Row> {
    for (let id = 1; id <= this.jobPostingCount; id++) {
      for (const type of this.jobPosting(id).accepted) yield { job_posting_id: id, credential_type_id: type };
    }
  }
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The synthetic tables of a scale, in insertion order. */
export function syntheticTables(scale: number, batchSize = 5000): SyntheticTable[] {
  return new SyntheticData(scale, batchSize).tables();
}

/**
 * Where to apply for a posting, drawn from its id alone (the posting's generator is left as it was, so the rest of the
 * sample is unchanged): the employer's careers page where it has a website, an email address where it has none and
 * on every third posting besides; every posting ever published has one, and a quarter of the drafts have none yet.
 */
function applyContact(id: number, status: string, employer: Employer): { apply_url: string | null; apply_email: string | null } {
  if (status === 'DRAFT' && id % 4 === 0) return { apply_url: null, apply_email: null };
  const url = employer.website ? `${employer.website}/careers/${id}` : null;
  const email = !url || id % 3 === 0 ? `jobs@${slug(employer.name)}.example.org` : null;
  return { apply_url: url, apply_email: email };
}
