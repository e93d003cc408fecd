/**
 * The certification lifecycle (src/domain/credentials): Certification.statusOn(date) as of any day (month ends,
 * grace, late renewal, provisional expiry, the profile in force when the cycle began), the sweep that stores today's
 * dated statuses as the hub starts (and OPEN job postings past their valid-through as EXPIRED), and the workflow's
 * mutations: submit (INITIAL, RENEWAL, REINSTATEMENT), approve, deny, upgrade and extend, with who may do each, the
 * rows written, the audit records of each change, and nothing written by a refused one.
 *
 * One hub on a database of the file's own: migrated, the data of the sweep inserted, and only then started, so that
 * the sweep it runs as it starts is the one under test. The rest of the data is inserted by the suites that use it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { addMonths, datedEnds, statusOn, sweepCertificationStatuses } from '../src/domain/credentials/lifecycle';
import { CertificationStatus } from '../src/domain/credentials/enums';
import { toGlobalId } from '../src/graphql/global-id';
import { addDays, todayUtc } from '../src/graphql/scalars';
import { as, asPeer, changeKit, keyOf, startTestHub, type AuditRow, type TestHub } from './kit';

/* ------------------------------------------------------------------------------------------------------------------
 * Days. TODAY is the hub's today (UTC); d(n) is n days from it. plusMonths is the calendar rule written out here on
 * its own (not the code's addMonths): the same day of the month, or the month's last day when it has fewer days.
 * ---------------------------------------------------------------------------------------------------------------- */
const TODAY = todayUtc();
const d = (offset: number) => addDays(TODAY, offset);
function plusMonths(day: string, months: number): string {
  const [y, m, dd] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(dd, last)).padStart(2, '0')}`;
}
const YEAR = TODAY.slice(0, 4);
/** TX MHPS profile version 2 takes effect on this day: cycles begun before it keep version 1's grace and late months. */
const TX_V2_FROM = d(-400);

const personId = (key: number) => toGlobalId('PeerSpecialist', key);
const certId = (key: number) => toGlobalId('Certification', key);
const typeId = (key: number) => toGlobalId('CredentialType', key);
const applicationId = (key: number) => toGlobalId('CertificationApplication', key);

let hub: TestHub;

/* ------------------------------------------------------------------------------------------------------------------
 * Reference data and the sweep's certifications (inserted before the hub starts).
 *   Jurisdictions 1 MN, 2 TX. Credential types 1 MN CPS (PEER), 2 TX MHPS (PEER), 3 TX PSS (SUPERVISOR).
 *   Profiles: 1 CPS v1 from 2020-01-01: no supervised hours, valid 24 months, grace 3, late renewal 12, CE 30 with 6
 *     of ethics, fees 10000 / renewal 5000 / late 2500 / reinstatement 15000, decided within 30 days.
 *   2 MHPS v1 from 2020-01-01: 250 supervised hours, provisional 6 months, 1 extension of 6 months, valid 24 months,
 *     grace 6, late 12, CE 20 with 3 ethics, fees 5000 / 4000 / 2000 / 9000, decided within 60 days.
 *   3 MHPS v2 from TX_V2_FROM: as v1 but grace 1, late renewal 3, fees 7500 / 4500 / 3000 / 9900.
 *   4 PSS v1 from 2020-01-01.
 *   People 1..60 (TX: 8, 9, 10, 14, 15, 31..40, 42, 52, 53); the supervisor is person 40 (PSS certification 14).
 * ---------------------------------------------------------------------------------------------------------------- */
const TX_PEOPLE = [8, 9, 10, 14, 15, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 42, 51, 52, 53];

interface CertRow {
  id: number;
  person?: number;
  type: 1 | 2 | 3;
  status: string;
  first?: string | null;
  issued?: string | null;
  expires?: string | null;
  full?: string | null;
}

async function insertCertifications(sql: TestHub['sql'], rows: CertRow[]) {
  for (const r of rows) {
    await sql(
      `insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, credential_number, first_issued_on, issued_on, expires_on, full_certified_on, ce_due_on, source_name)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test')`,
      [r.id, r.person ?? r.id, r.type, r.type === 1 ? 1 : 2, r.status, r.first ? `N-${r.id}` : null, r.first ?? null, r.issued ?? r.first ?? null, r.expires ?? null, r.full ?? null, r.expires ?? null],
    );
  }
}

/** The sweep's certifications: what each is stored as, and what the sweep of today must store (null: untouched). */
const SWEPT: (CertRow & { after: string | null })[] = [
  { id: 1, type: 1, status: 'ACTIVE', first: d(-740), expires: d(-10), full: d(-740), after: 'IN_GRACE' },
  { id: 2, type: 1, status: 'ACTIVE', first: d(-930), expires: d(-200), full: d(-930), after: 'LATE_RENEWAL' },
  { id: 3, type: 1, status: 'ACTIVE', first: d(-1130), expires: d(-400), full: d(-1130), after: 'EXPIRED' },
  { id: 4, type: 1, status: 'IN_GRACE', first: d(-930), expires: d(-200), full: d(-930), after: 'LATE_RENEWAL' },
  { id: 5, type: 1, status: 'ACTIVE', first: d(-630), expires: d(100), full: d(-630), after: null },
  { id: 6, type: 1, status: 'ACTIVE', first: d(-731), expires: TODAY, full: d(-731), after: null }, // expires today: still ACTIVE
  { id: 7, type: 1, status: 'ACTIVE', first: d(-731), expires: d(-1), full: d(-731), after: 'IN_GRACE' }, // expired yesterday
  { id: 8, type: 2, status: 'PROVISIONAL', first: d(-200), expires: d(-10), full: null, after: 'EXPIRED' }, // no grace for a provisional one
  // a TX cycle begun under v1 (grace 6): IN_GRACE 100 days after expiry (v2's grace 1 and late 3 would make it EXPIRED)
  { id: 9, type: 2, status: 'ACTIVE', first: d(-830), expires: d(-100), full: d(-830), after: 'IN_GRACE' },
  // a TX cycle begun under v2 (grace 1, late 3): LATE_RENEWAL 60 days after expiry (v1 would make it IN_GRACE)
  { id: 10, type: 2, status: 'ACTIVE', first: d(-300), expires: d(-60), full: d(-300), after: 'LATE_RENEWAL' },
  { id: 11, type: 1, status: 'SUSPENDED', first: d(-1130), expires: d(-400), full: d(-1130), after: null },
  { id: 12, type: 1, status: 'EXPIRED', first: d(-1230), expires: d(-500), full: d(-1230), after: null },
  { id: 13, type: 1, status: 'LATE_RENEWAL', first: d(-930), expires: d(-200), full: d(-930), after: null }, // already right
  { id: 14, person: 40, type: 3, status: 'ACTIVE', first: d(-430), expires: d(300), full: d(-430), after: null }, // the supervisor's PSS
  { id: 15, type: 2, status: 'PROVISIONAL', first: d(-30), expires: d(150), full: null, after: null },
  { id: 16, type: 1, status: 'APPLIED', after: null },
];

/** Job postings of employer 1 (MN): [id, status, valid through, stored after the sweep]. */
const POSTINGS: [number, string, string | null, string][] = [
  [101, 'OPEN', d(-1), 'EXPIRED'],
  [102, 'OPEN', TODAY, 'OPEN'],
  [103, 'OPEN', null, 'OPEN'],
  [104, 'PAUSED', d(-5), 'PAUSED'],
  [105, 'OPEN', d(10), 'OPEN'],
];

async function insertReferenceData(sql: TestHub['sql']) {
  await sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values
    (1, 1, 'MN Certification Board', 'CERTIFICATION_BOARD', '[]'), (2, 2, 'TX Certification Board', 'CERTIFICATION_BOARD', '[]')`);
  await sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (2, 2, 2, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (3, 2, 2, 'PSS', 'Peer Specialist Supervisor', 'SUPERVISOR', 'NONE', '[]')`);
  await sql(
    `insert into requirement_profile (id, credential_type_id, version, effective_from, training_hours, supervised_hours_required, provisional_validity_months,
       extensions_allowed, extension_months, validity_months, ce_hours_per_cycle, ethics_hours_per_cycle, grace_period_months, late_renewal_months,
       application_fee_cents, renewal_fee_cents, late_fee_cents, reinstatement_fee_cents, background_check_required, decision_due_days, sources) values
     (1, 1, 1, '2020-01-01', 40, 0, null, 0, null, 24, 30, 6, 3, 12, 10000, 5000, 2500, 15000, true, 30, '[]'),
     (2, 2, 1, '2020-01-01', 46, 250, 6, 1, 6, 24, 20, 3, 6, 12, 5000, 4000, 2000, 9000, true, 60, '[]'),
     (3, 2, 2, ?, 46, 250, 6, 1, 6, 24, 20, 3, 1, 3, 7500, 4500, 3000, 9900, true, 60, '[]'),
     (4, 3, 1, '2020-01-01', 40, 0, null, 0, null, 24, 20, 3, 6, 12, 6000, 3000, 1000, 8000, true, 60, '[]')`,
    [TX_V2_FROM],
  );
  await sql(
    `insert into peer_specialist (id, first_name, last_name, jurisdiction_id)
     select i, 'P' || i, 'L' || i, case when i = any(?::int[]) then 2 else 1 end from generate_series(1, 60) i`,
    [`{${TX_PEOPLE.join(',')}}`],
  );
  await insertCertifications(sql, SWEPT);
  await sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'North Star Peer Network', 'PEER_RUN_ORGANIZATION', 'Duluth')`);
  for (const [id, status, through] of POSTINGS) {
    await sql(
      `insert into job_posting (id, employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit,
         certification_requirement, date_posted, valid_through, status)
       values (?, 1, 1, ?, 'Peer support', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 2000, 2400, 'HOUR', 'REQUIRED', ?, ?, ?)`,
      [id, `Posting ${id}`, d(-40), through, status],
    );
  }
  await sql(`insert into supervisor (id, person_id, jurisdiction_id, supervisor_certification_id, clinical_basis, capacity) values (1, 40, 2, 14, 'CERTIFIED_PEER_SUPERVISOR', 10)`);
  for (const table of ['certification', 'certification_application', 'job_posting', 'supervisor', 'supervised_experience_log', 'continuing_education_record', 'peer_specialist']) {
    await sql(`select setval(pg_get_serial_sequence('${table}', 'id'), 1000)`);
  }
}

/* ------------------------------------------------------------------------------------------------------------------
 * Helpers: tokens, calls, snapshots, audit records
 * ---------------------------------------------------------------------------------------------------------------- */
type Headers = Record<string, string>;
const ADMIN: Headers = {}; // the hub's default token: ADMIN, subject test-ADMIN
let PUBLIC: Headers;
let OTHER_ROLES: [string, Headers][];

const { ok, refused, audited, rowJson, snapshot } = changeKit(() => hub);

const CERT_FIELDS = `id status credentialNumber firstIssuedOn issuedOn lastRenewedOn expiresOn fullCertifiedOn ceDueOn extensionsUsed statusOn`;
const APP_FIELDS = `id kind status submittedOn decisionDueOn decidedOn decisionReasons feeCents person { id } credentialType { id } certification { ${CERT_FIELDS} }`;
const SUBMIT = `mutation($input: SubmitCertificationApplicationInput!) { submitCertificationApplication(input: $input) { ${APP_FIELDS} } }`;
const APPROVE = `mutation($id: ID!) { approveCertificationApplication(id: $id) { ${APP_FIELDS} } }`;
const DENY = `mutation($id: ID!, $reasons: [String!]!) { denyCertificationApplication(id: $id, reasons: $reasons) { ${APP_FIELDS} } }`;
const UPGRADE = `mutation($id: ID!) { upgradeProvisionalCertification(certificationId: $id) { ${CERT_FIELDS} } }`;
const EXTEND = `mutation($id: ID!) { extendProvisionalCertification(certificationId: $id) { ${CERT_FIELDS} } }`;

async function certRow(key: number) {
  const [row] = await hub.sql(
    `select status, credential_number, first_issued_on::text, issued_on::text, last_renewed_on::text, expires_on::text, full_certified_on::text,
       ce_due_on::text, extensions_used from certification where id = ?`,
    [key],
  );
  return row;
}

async function applicationRows(where: string, params: unknown[]) {
  return hub.sql<Record<string, any>>(
    `select id, person_id, credential_type_id, jurisdiction_id, certification_id, kind, status, submitted_on::text, decision_due_on::text, decided_on::text,
       decision_reasons, fee_cents from certification_application where ${where} order by id`,
    params,
  );
}

/** The audit records expected of one mutation: each change, with the row before it and the row as it is now. */
async function expectAudits(audits: AuditRow[], action: string, subject: string, role: string, changes: [string, number, number, Record<string, any> | null][]) {
  expect(audits.map((a) => [a.entity_type, a.entity_key])).toEqual(changes.map(([type, key]) => [type, key]));
  for (const [i, [type, key, jurisdiction, before]] of changes.entries()) {
    expect(audits[i]).toMatchObject({ action, subject, role, entity_type: type, entity_key: key, jurisdiction_id: jurisdiction });
    expect(audits[i].before).toEqual(before);
    expect(audits[i].after).toEqual(await rowJson(type === 'Certification' ? 'certification' : 'certification_application', key));
  }
}

beforeAll(async () => {
  hub = await startTestHub({ beforeStart: insertReferenceData });
  // the hub swept the statuses as it started (STATUS_SWEEP_HOURS default)
  expect(hub.config.statusSweepHours).toBeGreaterThan(0);
  PUBLIC = { authorization: '' };
  OTHER_ROLES = [
    ['EMPLOYER', await as({ role: Role.EMPLOYER, employerId: toGlobalId('Employer', 1) })],
    ['SUPERVISOR', await as({ role: Role.SUPERVISOR, peerId: personId(40) })],
    ['STATE_ANALYST', await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN', 'TX'] })],
    ['FUND_REVIEWER', await as({ role: Role.FUND_REVIEWER, jurisdictions: ['MN', 'TX'] })],
    ['PUBLIC', PUBLIC],
  ];
});
afterAll(() => hub?.close());

/* ------------------------------------------------------------------------------------------------------------------ */

describe('the sweep as the hub starts', () => {
  it('stored IN_GRACE, LATE_RENEWAL and EXPIRED by each cycle\'s profile, PROVISIONAL past expiry EXPIRED, and left the rest', async () => {
    const rows = await hub.sql<{ id: number; status: string }>(`select id, status from certification order by id`);
    expect(rows).toEqual(SWEPT.map((c) => ({ id: c.id, status: c.after ?? c.status })));
  });

  it('wrote one audit record per changed certification: hub, SYSTEM, sweepCertificationStatuses, before and after', async () => {
    const audits = await hub.sql<AuditRow>(
      `select subject, role, action, entity_type, entity_key, jurisdiction_id, before, after, request_id from audit_record where entity_type = 'Certification' order by entity_key`,
    );
    const changed = SWEPT.filter((c) => c.after !== null);
    expect(audits.map((a) => a.entity_key)).toEqual(changed.map((c) => c.id));
    for (const [i, c] of changed.entries()) {
      expect(audits[i]).toMatchObject({
        subject: 'hub',
        role: 'SYSTEM',
        action: 'sweepCertificationStatuses',
        entity_type: 'Certification',
        jurisdiction_id: c.type === 1 ? 1 : 2,
        request_id: `sweep of ${TODAY}`,
      });
      expect(audits[i].before).toMatchObject({ id: c.id, status: c.status, expires_on: c.expires });
      expect(audits[i].after).toMatchObject({ id: c.id, status: c.after, expires_on: c.expires });
      expect(audits[i].after).toEqual(await rowJson('certification', c.id));
    }
  });

  it('stored EXPIRED on the OPEN job posting past its valid-through, with its audit record, and left the others', async () => {
    const rows = await hub.sql(`select id, status from job_posting order by id`);
    expect(rows).toEqual(POSTINGS.map(([id, , , after]) => ({ id, status: after })));
    const audits = await hub.sql<AuditRow>(
      `select subject, role, action, entity_type, entity_key, jurisdiction_id, before, after, request_id from audit_record where entity_type <> 'Certification'`,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      subject: 'hub', role: 'SYSTEM', action: 'sweepJobPostingStatuses', entity_type: 'JobPosting', entity_key: 101, jurisdiction_id: 1, request_id: `sweep of ${TODAY}`,
    });
    expect(audits[0].before).toMatchObject({ id: 101, status: 'OPEN', valid_through: d(-1) });
    expect(audits[0].after).toEqual(await rowJson('job_posting', 101));
    expect(audits[0].after!.status).toBe('EXPIRED');
  });

  it('a second sweep of the same day changes nothing', async () => {
    const before = await snapshot();
    const connection = hub.orm.em.getConnection();
    const changed = await connection.transactional((trx) => sweepCertificationStatuses((sql) => connection.execute(sql, [], 'all', trx), TODAY));
    expect(changed).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('the stored status and statusOn agree for every certification after the sweep', async () => {
    const result = await hub.query<{ certifications: { nodes: { id: string; status: string; statusOn: string | null }[] } }>(
      `{ certifications(first: 100) { nodes { id status statusOn } } }`,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.certifications.nodes;
    expect(nodes).toHaveLength(SWEPT.length);
    for (const node of nodes) expect(node.statusOn, node.id).toBe(node.status);
  });
});

/* ------------------------------------------------------------------------------------------------------------------ */

describe('addMonths and statusOn (the functions)', () => {
  it('addMonths keeps the day, clamped to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-08-31', 3)).toBe('2025-11-30');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2025-12-15', 2)).toBe('2026-02-15');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-11-30', 24)).toBe('2028-11-30');
    for (const day of ['2026-01-31', '2024-01-31', '2025-08-31', '2023-08-31', '2025-12-15', TODAY]) {
      for (const months of [1, 3, 6, 12, 24]) expect(addMonths(day, months)).toBe(plusMonths(day, months));
    }
  });

  const profile = { grace_period_months: 3, late_renewal_months: 12 };
  const withEnds = <C extends { expiresOn: string | null }>(c: C) => ({ ...c, ...datedEnds(c.expiresOn, profile) });
  const full = { status: CertificationStatus.ACTIVE, firstIssuedOn: '2021-08-31', fullCertifiedOn: '2021-08-31', expiresOn: '2025-08-31' };

  it('a full certification: ACTIVE to expiry, IN_GRACE to the end of grace, LATE_RENEWAL to the end of late renewal, then EXPIRED', () => {
    const cases: [string, CertificationStatus | null][] = [
      ['2021-08-30', null],
      ['2021-08-31', CertificationStatus.ACTIVE],
      ['2025-08-30', CertificationStatus.ACTIVE],
      ['2025-08-31', CertificationStatus.ACTIVE],
      ['2025-09-01', CertificationStatus.IN_GRACE],
      ['2025-11-30', CertificationStatus.IN_GRACE],
      ['2025-12-01', CertificationStatus.LATE_RENEWAL],
      ['2026-08-31', CertificationStatus.LATE_RENEWAL],
      ['2026-09-01', CertificationStatus.EXPIRED],
    ];
    for (const [day, expected] of cases) expect(statusOn(day, withEnds(full)), day).toBe(expected);
    // whatever the stored dated status, the dates decide
    expect(statusOn('2025-09-01', withEnds({ ...full, status: CertificationStatus.EXPIRED }))).toBe(CertificationStatus.IN_GRACE);
  });

  it('a provisional one expires without grace; one that became full reads PROVISIONAL before that day; decisions read as recorded', () => {
    const provisional = { status: CertificationStatus.PROVISIONAL, firstIssuedOn: '2023-01-31', fullCertifiedOn: null, expiresOn: '2023-07-31' };
    expect(statusOn('2023-07-31', withEnds(provisional))).toBe(CertificationStatus.PROVISIONAL);
    expect(statusOn('2023-08-01', withEnds(provisional))).toBe(CertificationStatus.EXPIRED);
    const upgraded = { status: CertificationStatus.ACTIVE, firstIssuedOn: '2022-01-15', fullCertifiedOn: '2022-09-20', expiresOn: '2024-09-20' };
    expect(statusOn('2022-09-19', withEnds(upgraded))).toBe(CertificationStatus.PROVISIONAL);
    expect(statusOn('2022-09-20', withEnds(upgraded))).toBe(CertificationStatus.ACTIVE);
    for (const status of [CertificationStatus.SUSPENDED, CertificationStatus.REVOKED, CertificationStatus.RELINQUISHED, CertificationStatus.INACTIVE, CertificationStatus.DENIED, CertificationStatus.CLOSED]) {
      expect(statusOn('2030-01-01', withEnds({ ...full, status }))).toBe(status);
    }
    expect(statusOn(TODAY, withEnds({ status: CertificationStatus.APPLIED, firstIssuedOn: null, fullCertifiedOn: null, expiresOn: null }))).toBe(CertificationStatus.APPLIED);
  });
});

/* ------------------------------------------------------------------------------------------------------------------ */

describe('Certification.statusOn(date)', () => {
  // 50: MN full, first issued 2021-08-31, current cycle 2023-08-31 to 2025-08-31 (CPS: grace 3, late 12)
  // 51: TX full, cycle 2021-08-31 to 2023-08-31, begun under MHPS v1 (grace 6, late 12; v2 has grace 1, late 3)
  // 52: TX provisional 2023-01-31 to 2023-07-31, never full
  // 53: TX provisional from 2022-01-15, full from 2022-09-20, cycle to 2024-09-20 (v1)
  // 54..57: decisions SUSPENDED, REVOKED, DENIED and an APPLIED one
  beforeAll(async () => {
    await insertCertifications(hub.sql, [
      { id: 50, type: 1, status: 'ACTIVE', first: '2021-08-31', issued: '2023-08-31', expires: '2025-08-31', full: '2021-08-31' },
      { id: 51, type: 2, status: 'ACTIVE', first: '2021-08-31', expires: '2023-08-31', full: '2021-08-31' },
      { id: 52, type: 2, status: 'PROVISIONAL', first: '2023-01-31', expires: '2023-07-31', full: null },
      { id: 53, type: 2, status: 'ACTIVE', first: '2022-01-15', issued: '2022-09-20', expires: '2024-09-20', full: '2022-09-20' },
      { id: 54, type: 1, status: 'SUSPENDED', first: '2020-05-01', issued: '2024-05-01', expires: '2026-05-01', full: '2020-05-01' },
      { id: 55, type: 1, status: 'REVOKED', first: '2020-05-01', issued: '2024-05-01', expires: d(200), full: '2020-05-01' },
      { id: 56, type: 1, status: 'DENIED' },
      { id: 57, type: 1, status: 'APPLIED' },
    ]);
  });

  /** statusOn of a certification on each day (null: the field without a date). */
  async function statusesOn(key: number, days: (string | null)[]): Promise<(string | null)[]> {
    const fields = days.map((day, i) => `s${i}: statusOn${day === null ? '' : `(date: "${day}")`}`).join(' ');
    const result = await hub.query<{ certification: Record<string, string | null> }>(`{ certification(id: "${certId(key)}") { ${fields} } }`);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return days.map((_, i) => result.data!.certification[`s${i}`]);
  }

  async function expectStatuses(key: number, cases: [string | null, string | null][]) {
    const got = await statusesOn(key, cases.map(([day]) => day));
    expect(cases.map(([day], i) => [day, got[i]])).toEqual(cases);
  }

  it('a full certification around its expiry, the end of grace and the end of late renewal (month ends), and null before its first issue', async () => {
    await expectStatuses(50, [
      ['2021-08-30', null],
      ['2021-08-31', 'ACTIVE'],
      ['2025-08-30', 'ACTIVE'],
      ['2025-08-31', 'ACTIVE'],
      ['2025-09-01', 'IN_GRACE'],
      ['2025-11-30', 'IN_GRACE'], // 2025-08-31 + 3 months
      ['2025-12-01', 'LATE_RENEWAL'],
      ['2026-08-31', 'LATE_RENEWAL'], // + 12 months
      ['2026-09-01', 'EXPIRED'],
      [null, TODAY <= '2025-11-30' ? 'IN_GRACE' : TODAY <= '2026-08-31' ? 'LATE_RENEWAL' : 'EXPIRED'],
    ]);
  });

  it('a TX cycle begun under v1 keeps v1\'s six months of grace (to 2024-02-29, a leap day), not v2\'s one', async () => {
    await expectStatuses(51, [
      ['2023-08-31', 'ACTIVE'],
      ['2023-09-01', 'IN_GRACE'],
      ['2023-10-01', 'IN_GRACE'], // v2 would say LATE_RENEWAL
      ['2024-02-29', 'IN_GRACE'], // v2 would say EXPIRED
      ['2024-03-01', 'LATE_RENEWAL'],
      ['2024-08-31', 'LATE_RENEWAL'],
      ['2024-09-01', 'EXPIRED'],
    ]);
  });

  it('a TX cycle begun under v2 has v2\'s one month of grace and three of late renewal', async () => {
    const expires = d(-60);
    await expectStatuses(10, [
      [expires, 'ACTIVE'],
      [addDays(expires, 1), 'IN_GRACE'],
      [plusMonths(expires, 1), 'IN_GRACE'],
      [addDays(plusMonths(expires, 1), 1), 'LATE_RENEWAL'],
      [plusMonths(expires, 3), 'LATE_RENEWAL'],
      [addDays(plusMonths(expires, 3), 1), 'EXPIRED'],
      [null, 'LATE_RENEWAL'],
    ]);
    await expectStatuses(9, [[null, 'IN_GRACE'], [plusMonths(d(-100), 6), 'IN_GRACE'], [addDays(plusMonths(d(-100), 6), 1), 'LATE_RENEWAL']]);
  });

  it('a provisional certification past its expiry is EXPIRED, with no grace', async () => {
    await expectStatuses(52, [
      ['2023-01-30', null],
      ['2023-01-31', 'PROVISIONAL'],
      ['2023-07-31', 'PROVISIONAL'],
      ['2023-08-01', 'EXPIRED'],
      ['2024-01-01', 'EXPIRED'],
      [null, 'EXPIRED'],
    ]);
    await expectStatuses(8, [[d(-10), 'PROVISIONAL'], [d(-9), 'EXPIRED'], [null, 'EXPIRED']]);
    await expectStatuses(15, [[null, 'PROVISIONAL'], [d(150), 'PROVISIONAL'], [d(151), 'EXPIRED']]);
  });

  it('one that became full reads PROVISIONAL before its fullCertifiedOn, ACTIVE from it', async () => {
    await expectStatuses(53, [
      ['2022-01-14', null],
      ['2022-01-15', 'PROVISIONAL'],
      ['2022-09-19', 'PROVISIONAL'],
      ['2022-09-20', 'ACTIVE'],
      ['2024-09-20', 'ACTIVE'],
      ['2024-09-21', 'IN_GRACE'],
      ['2025-03-20', 'IN_GRACE'],
      ['2025-03-21', 'LATE_RENEWAL'],
      ['2025-09-20', 'LATE_RENEWAL'],
      ['2025-09-21', 'EXPIRED'],
    ]);
  });

  it('statuses set by decisions read as recorded on any day; the default day is today', async () => {
    await expectStatuses(54, [['2019-01-01', 'SUSPENDED'], ['2025-01-01', 'SUSPENDED'], ['2030-01-01', 'SUSPENDED'], [null, 'SUSPENDED']]);
    await expectStatuses(55, [['2025-01-01', 'REVOKED'], [null, 'REVOKED']]);
    await expectStatuses(56, [['2025-01-01', 'DENIED'], [null, 'DENIED']]);
    await expectStatuses(57, [['2025-01-01', 'APPLIED'], [null, 'APPLIED']]);
    await expectStatuses(11, [[null, 'SUSPENDED']]);
    await expectStatuses(5, [[null, 'ACTIVE'], [d(100), 'ACTIVE'], [d(101), 'IN_GRACE']]);
    await expectStatuses(6, [[null, 'ACTIVE'], [d(1), 'IN_GRACE']]);
    await expectStatuses(7, [[null, 'IN_GRACE'], [d(-1), 'ACTIVE']]);
    await expectStatuses(3, [[null, 'EXPIRED']]);
  });

  it('the sweep of any day stores what statusOn gives for that day (month ends, each cycle\'s profile), rolled back', async () => {
    const days = ['2023-07-31', '2023-08-01', '2023-10-01', '2024-02-29', '2024-03-01', '2024-09-01', '2024-09-21', '2025-03-20', '2025-03-21', '2025-08-31', '2025-09-01', '2025-11-30', '2025-12-01', '2026-08-31', '2026-09-01'];
    const keys = [50, 51, 52, 53];
    const connection = hub.orm.em.getConnection();
    for (const day of days) {
      const expected = await Promise.all(keys.map(async (key) => (await statusesOn(key, [day]))[0]));
      let stored: { id: number; status: string }[] = [];
      let changed: number | null = null;
      const rollback = new Error('rollback');
      await connection
        .transactional(async (trx) => {
          const execute = (sql: string) => connection.execute(sql, [], 'all', trx);
          changed = await sweepCertificationStatuses(execute, day);
          stored = (await execute(`select id, status from certification where id in (${keys.join(', ')}) order by id`)) as { id: number; status: string }[];
          throw rollback;
        })
        .catch((error) => expect(error).toBe(rollback));
      expect(changed, day).not.toBeNull();
      expect(stored.map((r) => [day, r.id, r.status])).toEqual(keys.map((key, i) => [day, key, expected[i]]));
    }
    expect(await hub.sql(`select id, status from certification where id in (50, 51, 52, 53) order by id`)).toEqual([
      { id: 50, status: 'ACTIVE' }, { id: 51, status: 'ACTIVE' }, { id: 52, status: 'PROVISIONAL' }, { id: 53, status: 'ACTIVE' },
    ]);
  });

  it('refuses a date that is not a day', async () => {
    const result = await hub.query(`{ certification(id: "${certId(50)}") { statusOn(date: "2025-02-30") } }`);
    expect(result.errors?.[0]?.extensions?.code).toBeDefined();
    expect(result.data?.certification ?? null).toBeNull();
  });
});

/* ------------------------------------------------------------------------------------------------------------------
 * The workflow's data (inserted once the sweep's suite has run):
 *   21 MN CPS ACTIVE, cycle d(-700)..d(30): CE 20 h (4 ethics) on d(-100) and 10 h (2 ethics) on d(-700), inside;
 *      8 h (3 ethics) on d(-800), before it. Exactly the 30 h and 6 of ethics.
 *   22 MN CPS stored ACTIVE, cycle d(-740)..d(-10): IN_GRACE today. CE inside 30 h with 5 of ethics; 4 h of ethics on
 *      d(-5), after the cycle.
 *   23 MN CPS stored ACTIVE, cycle d(-930)..d(-200): LATE_RENEWAL today. CE inside 24 h (6 ethics); 10 h on d(-950)
 *      before it, 10 h on d(-100) after it.
 *   24 MN CPS stored ACTIVE, cycle d(-1130)..d(-400): EXPIRED today.
 *   25 MN CPS ACTIVE to d(300).
 *   31 TX MHPS PROVISIONAL d(-100)..d(80): approved supervised hours 150 + 100.
 *   32 TX MHPS PROVISIONAL d(-100)..d(80): approved 200 + 49.5; 40 SUBMITTED and 30 REJECTED.
 *   33 TX MHPS PROVISIONAL d(-150)..d(30), no extension used.
 *   34 TX MHPS stored PROVISIONAL d(-300)..d(-50): EXPIRED today.
 * ---------------------------------------------------------------------------------------------------------------- */
async function insertWorkflowData() {
  await insertCertifications(hub.sql, [
    { id: 21, type: 1, status: 'ACTIVE', first: d(-1430), issued: d(-700), expires: d(30), full: d(-1430) },
    { id: 22, type: 1, status: 'ACTIVE', first: d(-740), expires: d(-10), full: d(-740) },
    { id: 23, type: 1, status: 'ACTIVE', first: d(-930), expires: d(-200), full: d(-930) },
    { id: 24, type: 1, status: 'ACTIVE', first: d(-1130), expires: d(-400), full: d(-1130) },
    { id: 25, type: 1, status: 'ACTIVE', first: d(-430), expires: d(300), full: d(-430) },
    { id: 31, type: 2, status: 'PROVISIONAL', first: d(-100), expires: d(80), full: null },
    { id: 32, type: 2, status: 'PROVISIONAL', first: d(-100), expires: d(80), full: null },
    { id: 33, type: 2, status: 'PROVISIONAL', first: d(-150), expires: d(30), full: null },
    { id: 34, type: 2, status: 'PROVISIONAL', first: d(-300), expires: d(-50), full: null },
  ]);
  const ce: [number, number, number, number, string][] = [
    // [id, certification, hours, ethics, completed on]
    [1, 21, 20, 4, d(-100)],
    [2, 21, 10, 2, d(-700)],
    [3, 21, 8, 3, d(-800)],
    [4, 22, 25, 3, d(-300)],
    [5, 22, 5, 2, d(-50)],
    [6, 22, 4, 4, d(-5)],
    [7, 23, 24, 6, d(-400)],
    [8, 23, 10, 2, d(-950)],
    [9, 23, 10, 2, d(-100)],
  ];
  for (const [id, cert, hours, ethics, on] of ce) {
    await hub.sql(
      `insert into continuing_education_record (id, person_id, certification_id, title, provider, hours, ethics_hours, completed_on) values (?, ?, ?, ?, 'Provider', ?, ?, ?)`,
      [id, cert, cert, `Course ${id}`, hours, ethics, on],
    );
  }
  const logs: [number, number, number, string][] = [
    // [id, certification, direct service hours, status]
    [1, 31, 150, 'APPROVED'],
    [2, 31, 100, 'APPROVED'],
    [3, 32, 200, 'APPROVED'],
    [4, 32, 49.5, 'APPROVED'],
    [5, 32, 40, 'SUBMITTED'],
    [6, 32, 30, 'REJECTED'],
  ];
  for (const [id, cert, hours, status] of logs) {
    await hub.sql(
      `insert into supervised_experience_log (id, person_id, certification_id, supervisor_id, period_start, period_end, direct_service_hours, supervision_hours, status, submitted_at, signed_off_at)
       values (?, ?, ?, 1, ?, ?, ?, 4, ?, now(), case when ? = 'SUBMITTED' then null else now() end)`,
      [id, cert, cert, d(-90 + id * 10), d(-81 + id * 10), hours, status, status],
    );
  }
}

describe('submitCertificationApplication', () => {
  beforeAll(insertWorkflowData);

  it('INITIAL as PEER: an APPLIED certification and a SUBMITTED application with the fee and decision due date of the profile in force', async () => {
    // its audit records (the caller, the action, each row before and after): test/mutation-contract.test.ts
    const application = await ok(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(1) } }, await asPeer(41));
    expect(application).toMatchObject({
      kind: 'INITIAL',
      status: 'SUBMITTED',
      submittedOn: TODAY,
      decisionDueOn: d(30),
      decidedOn: null,
      decisionReasons: [],
      feeCents: 10000,
      person: { id: personId(41) },
      credentialType: { id: typeId(1) },
      certification: { status: 'APPLIED', credentialNumber: null, firstIssuedOn: null, issuedOn: null, expiresOn: null, fullCertifiedOn: null, statusOn: 'APPLIED' },
    });
    const app = keyOf(application.id);
    const cert = keyOf(application.certification.id);
    expect(await applicationRows('id = ?', [app])).toEqual([{
      id: app, person_id: 41, credential_type_id: 1, jurisdiction_id: 1, certification_id: cert, kind: 'INITIAL', status: 'SUBMITTED',
      submitted_on: TODAY, decision_due_on: d(30), decided_on: null, decision_reasons: [], fee_cents: 10000,
    }]);
    expect(await hub.sql(`select person_id, credential_type_id, jurisdiction_id, status from certification where id = ?`, [cert])).toEqual([
      { person_id: 41, credential_type_id: 1, jurisdiction_id: 1, status: 'APPLIED' },
    ]);
  });

  it('a second INITIAL for the same credential is refused (409), by PEER and by ADMIN', async () => {
    await refused(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(1) } }, await asPeer(41), { status: 409, code: 'CONFLICT', extensions: { currentStatus: 'APPLIED' } });
    await refused(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(1), personId: personId(41) } }, ADMIN, { status: 409, code: 'CONFLICT' });
    // a holder of the credential (25, ACTIVE) cannot apply for it again either
    await refused(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(1), personId: personId(25) } }, ADMIN, { status: 409, code: 'CONFLICT', extensions: { currentStatus: 'ACTIVE' } });
  });

  it('INITIAL as ADMIN for a person (the TX fee of the profile in force today: v2), and personId required of ADMIN', async () => {
    const { result: application, audits } = await audited(() => ok(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(2), personId: personId(42) } }));
    expect(application).toMatchObject({
      kind: 'INITIAL', status: 'SUBMITTED', submittedOn: TODAY, decisionDueOn: d(60), feeCents: 7500, person: { id: personId(42) }, certification: { status: 'APPLIED' },
    });
    const cert = keyOf(application.certification.id);
    expect(await hub.sql(`select person_id, credential_type_id, jurisdiction_id, status from certification where id = ?`, [cert])).toEqual([
      { person_id: 42, credential_type_id: 2, jurisdiction_id: 2, status: 'APPLIED' },
    ]);
    await expectAudits(audits, 'submitCertificationApplication', 'test-ADMIN', 'ADMIN', [['Certification', cert, 2, null], ['CertificationApplication', keyOf(application.id), 2, null]]);
    await refused(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(1) } }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.personId' });
  });

  it('bad input: kind UPGRADE, a missing credentialTypeId or certificationId, an unknown credential type, a PEER naming someone else', async () => {
    await refused(SUBMIT, { input: { kind: 'UPGRADE', certificationId: certId(31) } }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.kind' });
    await refused(SUBMIT, { input: { kind: 'INITIAL', personId: personId(43) } }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.credentialTypeId' });
    await refused(SUBMIT, { input: { kind: 'RENEWAL' } }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.certificationId' });
    await refused(SUBMIT, { input: { kind: 'REINSTATEMENT' } }, await asPeer(24), { status: 400, code: 'BAD_USER_INPUT', argument: 'input.certificationId' });
    await refused(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(99), personId: personId(43) } }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.credentialTypeId' });
    await refused(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: personId(1), personId: personId(43) } }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'input.credentialTypeId' });
    await refused(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(1), personId: personId(44) } }, await asPeer(43), { status: 400, code: 'BAD_USER_INPUT', argument: 'input.personId' });
  });

  it('a PEER cannot renew or reinstate someone else\'s certification, nor learn that it exists: 400 no such', async () => {
    const error = await refused(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(22) } }, await asPeer(21), { status: 400, code: 'BAD_USER_INPUT', argument: 'input.certificationId' });
    expect(error.message).toContain('that you may change');
    const unknown = await refused(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(999) } }, await asPeer(21), { status: 400, code: 'BAD_USER_INPUT', argument: 'input.certificationId' });
    expect(unknown.message.replace(certId(999), '')).toBe(error.message.replace(certId(22), ''));
    await refused(SUBMIT, { input: { kind: 'REINSTATEMENT', certificationId: certId(24) } }, await asPeer(21), { status: 400, code: 'BAD_USER_INPUT', argument: 'input.certificationId' });
  });

  it('every other role, and no token, is refused: 403', async () => {
    for (const [role, headers] of OTHER_ROLES) {
      const error = await refused(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(1), personId: personId(43) } }, headers, { status: 403, code: 'FORBIDDEN' });
      expect(error.message, role).toContain('submitCertificationApplication');
      await refused(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(25) } }, headers, { status: 403, code: 'FORBIDDEN' });
    }
  });

  it('RENEWAL of an ACTIVE certification by its holder: the renewal fee; then a second pending application is refused (409)', async () => {
    const { result: application, audits } = await audited(async () => ok(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(21) } }, await asPeer(21)));
    expect(application).toMatchObject({
      kind: 'RENEWAL', status: 'SUBMITTED', submittedOn: TODAY, decisionDueOn: d(30), feeCents: 5000, person: { id: personId(21) }, certification: { id: certId(21), status: 'ACTIVE' },
    });
    await expectAudits(audits, 'submitCertificationApplication', 'test-PEER', 'PEER', [['CertificationApplication', keyOf(application.id), 1, null]]);
    expect(await certRow(21)).toMatchObject({ status: 'ACTIVE', issued_on: d(-700), expires_on: d(30) }); // untouched until approved
    await refused(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(21) } }, await asPeer(21), { status: 409, code: 'CONFLICT' });
    await refused(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(21) } }, ADMIN, { status: 409, code: 'CONFLICT' });
  });

  it('RENEWAL of an IN_GRACE certification (stored ACTIVE; judged by its dates): the renewal fee, once for an idempotency key repeated', async () => {
    const input = { kind: 'RENEWAL', certificationId: certId(22), idempotencyKey: 'renew-22' };
    const [first, second] = await Promise.all([ok(SUBMIT, { input }), ok(SUBMIT, { input })]);
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({ kind: 'RENEWAL', status: 'SUBMITTED', feeCents: 5000, certification: { id: certId(22), statusOn: 'IN_GRACE' } });
    const third = await ok(SUBMIT, { input });
    expect(third.id).toBe(first.id);
    expect(await applicationRows('certification_id = ?', [22])).toHaveLength(1);
    const [{ n }] = await hub.sql<{ n: number }>(`select count(*)::int as n from audit_record where entity_type = 'CertificationApplication' and entity_key = ?`, [keyOf(first.id)]);
    expect(n).toBe(1);
  });

  it('RENEWAL of a LATE_RENEWAL certification adds the late fee', async () => {
    const application = await ok(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(23) } }, await asPeer(23));
    expect(application).toMatchObject({ kind: 'RENEWAL', status: 'SUBMITTED', feeCents: 5000 + 2500, decisionDueOn: d(30), certification: { statusOn: 'LATE_RENEWAL' } });
  });

  it('RENEWAL of an EXPIRED certification: 409 INVALID_TRANSITION naming its status and those renewable', async () => {
    const error = await refused(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(24) } }, await asPeer(24), {
      status: 409,
      code: 'INVALID_TRANSITION',
      extensions: { currentStatus: 'EXPIRED', allowedFrom: ['ACTIVE', 'IN_GRACE', 'LATE_RENEWAL'] },
    });
    expect(error.message).toContain('EXPIRED');
    expect(error.message).toMatch(/ACTIVE, IN_GRACE or LATE_RENEWAL/);
    // a provisional certification is not renewed either
    await refused(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(33) } }, ADMIN, {
      status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'PROVISIONAL', allowedFrom: ['ACTIVE', 'IN_GRACE', 'LATE_RENEWAL'] },
    });
    // a decided status neither
    await refused(SUBMIT, { input: { kind: 'RENEWAL', certificationId: certId(11) } }, ADMIN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'SUSPENDED' } });
  });

  it('REINSTATEMENT only of an EXPIRED certification: the reinstatement fee; of an ACTIVE or LATE_RENEWAL one 409 INVALID_TRANSITION', async () => {
    await refused(SUBMIT, { input: { kind: 'REINSTATEMENT', certificationId: certId(25) } }, await asPeer(25), {
      status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'ACTIVE', allowedFrom: ['EXPIRED'] },
    });
    await refused(SUBMIT, { input: { kind: 'REINSTATEMENT', certificationId: certId(2) } }, ADMIN, {
      status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'LATE_RENEWAL', allowedFrom: ['EXPIRED'] },
    });
    const { result: application, audits } = await audited(async () => ok(SUBMIT, { input: { kind: 'REINSTATEMENT', certificationId: certId(24) } }, await asPeer(24)));
    expect(application).toMatchObject({ kind: 'REINSTATEMENT', status: 'SUBMITTED', feeCents: 15000, decisionDueOn: d(30), certification: { id: certId(24), statusOn: 'EXPIRED' } });
    await expectAudits(audits, 'submitCertificationApplication', 'test-PEER', 'PEER', [['CertificationApplication', keyOf(application.id), 1, null]]);
    await refused(SUBMIT, { input: { kind: 'REINSTATEMENT', certificationId: certId(24) } }, ADMIN, { status: 409, code: 'CONFLICT' });
  });
  it('two INITIAL applications at once for the same person and credential: one SUBMITTED, the other 409', async () => {
    const input = { kind: 'INITIAL', credentialTypeId: typeId(1), personId: personId(45) };
    const results = await Promise.all([hub.query(SUBMIT, { input }), hub.query(SUBMIT, { input })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.errors)!.errors![0].extensions!.code).toBe('CONFLICT');
    expect(await hub.sql(`select status from certification where person_id = 45`)).toEqual([{ status: 'APPLIED' }]);
    expect(await applicationRows('person_id = ?', [45])).toHaveLength(1);
  });

  it('two RENEWAL applications at once for the same certification: one SUBMITTED, the other 409', async () => {
    const input = { kind: 'RENEWAL', certificationId: certId(25) };
    const results = await Promise.all([hub.query(SUBMIT, { input }), hub.query(SUBMIT, { input }, await asPeer(25))]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await applicationRows('certification_id = ?', [25])).toMatchObject([{ kind: 'RENEWAL', status: 'SUBMITTED', fee_cents: 5000 }]);
  });
});

/* ------------------------------------------------------------------------------------------------------------------ */

/** The application of a kind for a certification, as the database holds it. */
async function pendingApplication(cert: number, kind: string): Promise<string> {
  const [row] = await hub.sql<{ id: number }>(`select id from certification_application where certification_id = ? and kind = ? and status = 'SUBMITTED'`, [cert, kind]);
  expect(row, `a ${kind} application of certification ${cert}`).toBeDefined();
  return applicationId(row.id);
}

async function initialOf(person: number, type: number): Promise<{ app: string; cert: number }> {
  const [row] = await hub.sql<{ id: number; certification_id: number }>(
    `select id, certification_id from certification_application where person_id = ? and credential_type_id = ? and kind = 'INITIAL' and status = 'SUBMITTED'`,
    [person, type],
  );
  expect(row).toBeDefined();
  return { app: applicationId(row.id), cert: row.certification_id };
}

describe('approveCertificationApplication and denyCertificationApplication', () => {
  it('are for ADMIN only: every other role, PEER included, 403', async () => {
    const { app } = await initialOf(41, 1);
    for (const [, headers] of [...OTHER_ROLES, ['PEER', await asPeer(41)] as [string, Headers]]) {
      await refused(APPROVE, { id: app }, headers, { status: 403, code: 'FORBIDDEN' });
      await refused(DENY, { id: app, reasons: ['No'] }, headers, { status: 403, code: 'FORBIDDEN' });
    }
  });

  it('MN INITIAL: ACTIVE with a credential number, first issued and issued today, expiring in 24 months, full today', async () => {
    const { app, cert } = await initialOf(41, 1);
    // its audit records (the caller, the action, each row before and after): test/mutation-contract.test.ts
    const result = await ok(APPROVE, { id: app });
    const expires = plusMonths(TODAY, 24);
    expect(result).toMatchObject({
      status: 'APPROVED', decidedOn: TODAY,
      certification: { status: 'ACTIVE', statusOn: 'ACTIVE', credentialNumber: `CPS-${YEAR}-${cert}`, firstIssuedOn: TODAY, issuedOn: TODAY, expiresOn: expires, fullCertifiedOn: TODAY, extensionsUsed: 0 },
    });
    expect(await certRow(cert)).toEqual({
      status: 'ACTIVE', credential_number: `CPS-${YEAR}-${cert}`, first_issued_on: TODAY, issued_on: TODAY, last_renewed_on: null, expires_on: expires,
      full_certified_on: TODAY, ce_due_on: expires, extensions_used: 0,
    });
    expect(await applicationRows('id = ?', [keyOf(app)])).toMatchObject([{ status: 'APPROVED', decided_on: TODAY, decision_reasons: [] }]);
  });

  it('approving or denying a decided application: 409 INVALID_TRANSITION naming its status', async () => {
    const [row] = await hub.sql<{ id: number }>(`select id from certification_application where person_id = 41 and status = 'APPROVED'`);
    for (const [query, variables] of [[APPROVE, { id: applicationId(row.id) }], [DENY, { id: applicationId(row.id), reasons: ['Late'] }]] as const) {
      const error = await refused(query, variables, ADMIN, {
        status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'APPROVED', allowedFrom: ['SUBMITTED', 'UNDER_REVIEW'] },
      });
      expect(error.message).toContain('APPROVED');
    }
    await refused(APPROVE, { id: applicationId(9999) }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'id' });
  });

  it('the same application approved twice at once: approved once (two audit records), the other 409 INVALID_TRANSITION', async () => {
    const { app, cert } = await initialOf(45, 1);
    const { result: results, audits } = await audited(() => Promise.all([hub.query(APPROVE, { id: app }), hub.query(APPROVE, { id: app })]));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.errors)!.errors![0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'APPROVED' });
    expect(audits.map((a) => [a.entity_type, a.entity_key])).toEqual([['Certification', cert], ['CertificationApplication', keyOf(app)]]);
    expect(await certRow(cert)).toMatchObject({ status: 'ACTIVE', issued_on: TODAY, expires_on: plusMonths(TODAY, 24) });
  });

  it('TX INITIAL (the profile requires supervised hours): PROVISIONAL for 6 months, not full', async () => {
    const { app, cert } = await initialOf(42, 2);
    const certBefore = await rowJson('certification', cert);
    const appBefore = await rowJson('certification_application', keyOf(app));
    const { result, audits } = await audited(() => ok(APPROVE, { id: app }));
    const expires = plusMonths(TODAY, 6);
    expect(result.certification).toMatchObject({
      status: 'PROVISIONAL', statusOn: 'PROVISIONAL', credentialNumber: `MHPS-${YEAR}-${cert}`, firstIssuedOn: TODAY, issuedOn: TODAY, expiresOn: expires, fullCertifiedOn: null,
    });
    expect(await certRow(cert)).toMatchObject({ status: 'PROVISIONAL', first_issued_on: TODAY, issued_on: TODAY, expires_on: expires, full_certified_on: null, extensions_used: 0 });
    await expectAudits(audits, 'approveCertificationApplication', 'test-ADMIN', 'ADMIN', [['Certification', cert, 2, certBefore], ['CertificationApplication', keyOf(app), 2, appBefore]]);
  });

  it('RENEWAL with the CE hours and ethics hours inside the cycle: a new cycle from the old expiry, renewed today', async () => {
    const app = await pendingApplication(21, 'RENEWAL');
    const certBefore = await rowJson('certification', 21);
    const appBefore = await rowJson('certification_application', keyOf(app));
    const { result, audits } = await audited(() => ok(APPROVE, { id: app }));
    const expires = plusMonths(d(30), 24);
    expect(result).toMatchObject({ status: 'APPROVED', decidedOn: TODAY, certification: { status: 'ACTIVE', statusOn: 'ACTIVE', issuedOn: d(30), expiresOn: expires, lastRenewedOn: TODAY } });
    expect(await certRow(21)).toEqual({
      status: 'ACTIVE', credential_number: 'N-21', first_issued_on: d(-1430), issued_on: d(30), last_renewed_on: TODAY, expires_on: expires,
      full_certified_on: d(-1430), ce_due_on: expires, extensions_used: 0,
    });
    await expectAudits(audits, 'approveCertificationApplication', 'test-ADMIN', 'ADMIN', [['Certification', 21, 1, certBefore], ['CertificationApplication', keyOf(app), 1, appBefore]]);
  });

  it('RENEWAL without the ethics hours inside the cycle (ethics after expiry not counted): 409 with the hours, nothing written', async () => {
    const app = await pendingApplication(22, 'RENEWAL');
    const error = await refused(APPROVE, { id: app }, ADMIN, {
      status: 409, code: 'CONFLICT', extensions: { ceHours: 30, ethicsHours: 5, ceHoursRequired: 30, ethicsHoursRequired: 6 },
    });
    expect(error.message).toContain(`${d(-740)} to ${d(-10)}`);
  });

  it('RENEWAL without the CE hours inside the cycle (before it and after it not counted): 409; once they are there, the renewal from LATE_RENEWAL', async () => {
    const app = await pendingApplication(23, 'RENEWAL');
    await refused(APPROVE, { id: app }, ADMIN, { status: 409, code: 'CONFLICT', extensions: { ceHours: 24, ethicsHours: 6, ceHoursRequired: 30, ethicsHoursRequired: 6 } });
    // 6 more hours, on the cycle's last day
    await hub.sql(`insert into continuing_education_record (person_id, certification_id, title, provider, hours, ethics_hours, completed_on) values (23, 23, 'Late course', 'Provider', 6, 0, ?)`, [d(-200)]);
    const { result, audits } = await audited(() => ok(APPROVE, { id: app }));
    const expires = plusMonths(d(-200), 24);
    expect(result.certification).toMatchObject({ status: 'ACTIVE', statusOn: 'ACTIVE', issuedOn: d(-200), expiresOn: expires, lastRenewedOn: TODAY, firstIssuedOn: d(-930) });
    expect(await certRow(23)).toMatchObject({ status: 'ACTIVE', issued_on: d(-200), expires_on: expires, last_renewed_on: TODAY, ce_due_on: expires });
    expect(audits.map((a) => [a.entity_type, a.entity_key, a.before!.status, a.after!.status])).toEqual([
      ['Certification', 23, 'ACTIVE', 'ACTIVE'],
      ['CertificationApplication', keyOf(app), 'SUBMITTED', 'APPROVED'],
    ]);
  });

  it('REINSTATEMENT: a new cycle from today', async () => {
    const app = await pendingApplication(24, 'REINSTATEMENT');
    const certBefore = await rowJson('certification', 24);
    const appBefore = await rowJson('certification_application', keyOf(app));
    const { result, audits } = await audited(() => ok(APPROVE, { id: app }));
    const expires = plusMonths(TODAY, 24);
    expect(result.certification).toMatchObject({ status: 'ACTIVE', statusOn: 'ACTIVE', issuedOn: TODAY, expiresOn: expires, lastRenewedOn: TODAY });
    expect(await certRow(24)).toEqual({
      status: 'ACTIVE', credential_number: 'N-24', first_issued_on: d(-1130), issued_on: TODAY, last_renewed_on: TODAY, expires_on: expires,
      full_certified_on: d(-1130), ce_due_on: expires, extensions_used: 0,
    });
    await expectAudits(audits, 'approveCertificationApplication', 'test-ADMIN', 'ADMIN', [['Certification', 24, 1, certBefore], ['CertificationApplication', keyOf(app), 1, appBefore]]);
  });

  it('deny: reasons 1 to 10, each 1 to 500 characters once trimmed; refused ones write nothing', async () => {
    const application = await ok(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(1), personId: personId(44) } });
    const id = application.id as string;
    await refused(DENY, { id, reasons: [] }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'reasons' });
    await refused(DENY, { id, reasons: Array.from({ length: 11 }, (_, i) => `Reason ${i}`) }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'reasons' });
    await refused(DENY, { id, reasons: ['Fine', '   '] }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'reasons[1]' });
    await refused(DENY, { id, reasons: ['x'.repeat(501)] }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'reasons[0]' });
  });

  it('deny an INITIAL application: DENIED with the reasons trimmed, its certification DENIED', async () => {
    const { app, cert } = await initialOf(44, 1);
    const reasons = ['  Training record incomplete  ', ` ${'x'.repeat(500)} `, ...Array.from({ length: 8 }, (_, i) => `Reason ${i + 3}`)];
    const trimmed = ['Training record incomplete', 'x'.repeat(500), ...Array.from({ length: 8 }, (_, i) => `Reason ${i + 3}`)];
    // its audit records (the caller, the action, each row before and after): test/mutation-contract.test.ts
    const result = await ok(DENY, { id: app, reasons });
    expect(result).toMatchObject({ status: 'DENIED', decidedOn: TODAY, decisionReasons: trimmed, certification: { status: 'DENIED', statusOn: 'DENIED' } });
    expect(await applicationRows('id = ?', [keyOf(app)])).toMatchObject([{ status: 'DENIED', decided_on: TODAY, decision_reasons: trimmed }]);
    expect(await certRow(cert)).toMatchObject({ status: 'DENIED', first_issued_on: null, credential_number: null });
    for (const query of [APPROVE, DENY]) {
      await refused(query, { id: app, reasons: ['Again'] }, ADMIN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'DENIED', allowedFrom: ['SUBMITTED', 'UNDER_REVIEW'] } });
    }
    // a denied person may apply again
    const again = await ok(SUBMIT, { input: { kind: 'INITIAL', credentialTypeId: typeId(1) } }, await asPeer(44));
    expect(again).toMatchObject({ status: 'SUBMITTED', certification: { status: 'APPLIED' } });
    expect(keyOf(again.certification.id)).not.toBe(cert);
  });

  it('deny a RENEWAL: the application DENIED, the certification untouched', async () => {
    const app = await pendingApplication(22, 'RENEWAL');
    const certBefore = await rowJson('certification', 22);
    const { result, audits } = await audited(() => ok(DENY, { id: app, reasons: ['Ethics hours missing'] }));
    expect(result).toMatchObject({ status: 'DENIED', decisionReasons: ['Ethics hours missing'], certification: { id: certId(22), statusOn: 'IN_GRACE' } });
    expect(await rowJson('certification', 22)).toEqual(certBefore);
    expect(audits.map((a) => [a.action, a.entity_type, a.entity_key])).toEqual([['denyCertificationApplication', 'CertificationApplication', keyOf(app)]]);
  });
});

/* ------------------------------------------------------------------------------------------------------------------ */

describe('upgradeProvisionalCertification and extendProvisionalCertification', () => {
  it('are for ADMIN only: 403 for every other role', async () => {
    for (const [, headers] of [...OTHER_ROLES, ['PEER', await asPeer(31)] as [string, Headers]]) {
      await refused(UPGRADE, { id: certId(31) }, headers, { status: 403, code: 'FORBIDDEN' });
      await refused(EXTEND, { id: certId(33) }, headers, { status: 403, code: 'FORBIDDEN' });
    }
  });

  it('upgrade with 249.5 approved hours (SUBMITTED and REJECTED hours not counted): 409 with approvedHours and requiredHours', async () => {
    const error = await refused(UPGRADE, { id: certId(32) }, ADMIN, { status: 409, code: 'CONFLICT', extensions: { approvedHours: 249.5, requiredHours: 250 } });
    expect(error.message).toContain('249.5');
  });

  it('upgrade with 250 approved hours: ACTIVE, full today, for the validity from today, with an UPGRADE application APPROVED', async () => {
    // its audit records (the caller, the action, each row before and after): test/mutation-contract.test.ts
    const result = await ok(UPGRADE, { id: certId(31) });
    const expires = plusMonths(TODAY, 24);
    expect(result).toMatchObject({ status: 'ACTIVE', statusOn: 'ACTIVE', firstIssuedOn: d(-100), issuedOn: TODAY, expiresOn: expires, fullCertifiedOn: TODAY });
    expect(await certRow(31)).toMatchObject({ status: 'ACTIVE', first_issued_on: d(-100), issued_on: TODAY, expires_on: expires, full_certified_on: TODAY, ce_due_on: expires });
    const upgrades = await applicationRows(`certification_id = 31`, []);
    expect(upgrades).toEqual([{
      id: upgrades[0].id, person_id: 31, credential_type_id: 2, jurisdiction_id: 2, certification_id: 31, kind: 'UPGRADE', status: 'APPROVED',
      submitted_on: TODAY, decision_due_on: null, decided_on: TODAY, decision_reasons: [], fee_cents: 0,
    }]);
    // asked about the day before it became full, it was PROVISIONAL
    const asked = await hub.query(`{ certification(id: "${certId(31)}") { before: statusOn(date: "${d(-1)}") first: statusOn(date: "${d(-100)}") today: statusOn } }`);
    expect(asked.data!.certification).toEqual({ before: 'PROVISIONAL', first: 'PROVISIONAL', today: 'ACTIVE' });
  });

  it('upgrade of a certification not PROVISIONAL today (ACTIVE, upgraded, or provisional past its expiry): 409 INVALID_TRANSITION', async () => {
    for (const [key, current] of [[5, 'ACTIVE'], [31, 'ACTIVE'], [34, 'EXPIRED']] as const) {
      const error = await refused(UPGRADE, { id: certId(key) }, ADMIN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: current, allowedFrom: ['PROVISIONAL'] } });
      expect(error.message).toContain(current);
    }
    await refused(UPGRADE, { id: certId(9999) }, ADMIN, { status: 400, code: 'BAD_USER_INPUT', argument: 'certificationId' });
  });

  it('extend once: 6 more months, extensions_used 1; a second time 409', async () => {
    // its audit records (the caller, the action, each row before and after): test/mutation-contract.test.ts
    const result = await ok(EXTEND, { id: certId(33) });
    const expires = plusMonths(d(30), 6);
    expect(result).toMatchObject({ status: 'PROVISIONAL', statusOn: 'PROVISIONAL', expiresOn: expires, extensionsUsed: 1, fullCertifiedOn: null });
    expect(await certRow(33)).toMatchObject({ status: 'PROVISIONAL', issued_on: d(-150), expires_on: expires, extensions_used: 1 });
    await refused(EXTEND, { id: certId(33) }, ADMIN, { status: 409, code: 'CONFLICT', extensions: { extensionsAllowed: 1, extensionsUsed: 1 } });
  });

  it('extend of a certification not PROVISIONAL today: 409 INVALID_TRANSITION', async () => {
    await refused(EXTEND, { id: certId(34) }, ADMIN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'EXPIRED', allowedFrom: ['PROVISIONAL'] } });
    await refused(EXTEND, { id: certId(25) }, ADMIN, { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'ACTIVE', allowedFrom: ['PROVISIONAL'] } });
  });
});

/* ------------------------------------------------------------------------------------------------------------------ */

describe('the audit trail of the whole file', () => {
  it('each action left records only for what changed, and none for what was refused', async () => {
    const rows = await hub.sql<{ action: string; entity_type: string; n: number }>(
      `select action, entity_type, count(*)::int as n from audit_record group by action, entity_type order by action, entity_type`,
    );
    expect(rows).toEqual([
      // approved: 41 (MN INITIAL), 45 (MN INITIAL, once of two at once), 42 (TX INITIAL), 21 (renewal), 23 (renewal), 24 (reinstatement)
      { action: 'approveCertificationApplication', entity_type: 'Certification', n: 6 },
      { action: 'approveCertificationApplication', entity_type: 'CertificationApplication', n: 6 },
      // denied: 44's INITIAL (and its certification), 22's renewal
      { action: 'denyCertificationApplication', entity_type: 'Certification', n: 1 },
      { action: 'denyCertificationApplication', entity_type: 'CertificationApplication', n: 2 },
      { action: 'extendProvisionalCertification', entity_type: 'Certification', n: 1 },
      // INITIAL 41, 42, 45 (once of two at once), 44, 44 again: a certification each
      { action: 'submitCertificationApplication', entity_type: 'Certification', n: 5 },
      // and RENEWAL 21, 22 (once for its repeated key), 23, 25 (once of two at once), REINSTATEMENT 24
      { action: 'submitCertificationApplication', entity_type: 'CertificationApplication', n: 10 },
      { action: 'sweepCertificationStatuses', entity_type: 'Certification', n: SWEPT.filter((c) => c.after !== null).length },
      { action: 'sweepJobPostingStatuses', entity_type: 'JobPosting', n: 1 },
      { action: 'upgradeProvisionalCertification', entity_type: 'Certification', n: 1 },
      { action: 'upgradeProvisionalCertification', entity_type: 'CertificationApplication', n: 1 },
    ]);
  });
});

/* ------------------------------------------------------------------------------------------------------------------ */

describe('reinstating a provisional certification that expired without becoming full', () => {
  // 34: TX MHPS provisional d(-300)..d(-50), never full (no approved supervised hours): EXPIRED today
  it('does not make it ACTIVE without the supervised hours, and leaves status and statusOn in agreement', async () => {
    const submitted = await hub.query<Record<string, any>>(SUBMIT, { input: { kind: 'REINSTATEMENT', certificationId: certId(34) } });
    if (submitted.errors) {
      expect(submitted.status).toBe(409);
      return;
    }
    const app = submitted.data!.submitCertificationApplication.id as string;
    const approved = await hub.query<Record<string, any>>(APPROVE, { id: app });
    if (approved.errors) {
      expect(approved.status).toBe(409);
      expect(await certRow(34)).toMatchObject({ status: 'PROVISIONAL', expires_on: d(-50), full_certified_on: null });
      return;
    }
    const cert = approved.data!.approveCertificationApplication.certification;
    expect(cert.fullCertifiedOn).toBeNull();
    expect({ status: cert.status, statusOn: cert.statusOn }).toEqual({ status: cert.statusOn, statusOn: cert.statusOn });
    expect(cert.status).not.toBe('ACTIVE');
  });
});
