/**
 * Grouped aggregates (certificationStats, jobPostingStats): exact figures on a small data set built by hand, the
 * small-count rule for each kind of caller, having and the order acting on published figures only, the statements a
 * request costs, and, on the seeded data, agreement with plain SQL written here.
 */
import 'reflect-metadata';
import { parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { costEstimators } from '../src/graphql/limits';
import { toGlobalId } from '../src/graphql/global-id';
import { hubSchema } from '../src/domain/schema';
import { as, expectError, freezeToday, startTestHub, unfreezeToday, type GraphQLResponse, type TestHub } from './kit';

type Bucket = Record<string, any>;
interface Stats {
  buckets: Bucket[];
  hasMore: boolean;
}

let hub: TestHub;
let PUBLIC: Record<string, string>;
let MN_ANALYST: Record<string, string>;

async function stats(field: 'certificationStats' | 'jobPostingStats', args: string, selection: string, headers?: Record<string, string>) {
  const result = await hub.query<Record<string, Stats>>(`{ ${field}(${args}) { hasMore buckets { ${selection} } } }`, undefined, headers);
  expect(result.errors).toBeUndefined();
  expect(result.status).toBe(200);
  return { ...result.data![field], sqlStatements: result.extensions?.sqlStatements };
}

const certs = (args: string, selection: string, headers?: Record<string, string>) => stats('certificationStats', args, selection, headers);
const jobs = (args: string, selection: string, headers?: Record<string, string>) => stats('jobPostingStats', args, selection, headers);

/** A bucket of the three-key grouping as [jurisdiction, credential type, status, count]. */
const KEYED = 'key { jurisdiction { code } credentialType { code } status } count suppressed';
const keyed = (b: Bucket) => [b.key.jurisdiction?.code ?? null, b.key.credentialType?.code ?? null, b.key.status, b.count];

async function expectBadInput(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<unknown>> {
  const result = await hub.query(query, variables);
  expectError(result, 400, 'BAD_USER_INPUT');
  return result;
}

/*
 * The data set. Jurisdictions MN (id 1) and TX (id 2); credential types 1 MN CPS (PEER), 2 MN CPSS (SUPERVISOR),
 * 3 TX MHPS (PEER), 4 TX PSS (SUPERVISOR). Certifications (38):
 *   A  MN CPS  ACTIVE       x12, i = 1..12: issued 2024-01-15 (i <= 6) or 2024-02-10, expires 2 years later,
 *                                first issued 2019-03-01 (i odd) or 2021-07-01, extensionsUsed i - 1 (0..11)
 *   B  MN CPS  EXPIRED      x3,  i = 1..3:  issued 2021-05-05, expires 2023-05-05, first issued 2021-05-05, extensions 0, 1, 2
 *   C  MN CPSS ACTIVE       x2:  issued 2024-03-01, expires 2026-03-01, no first issue, extensions 4 and 6
 *   D  MN CPS  PROVISIONAL  x1:  issued 2024-02-20, expires 2026-03-01, no first issue, extensions 1
 *   E  TX MHPS ACTIVE       x15, i = 1..15: issued 2023-11-01, expires 2025-11-01, first issued 2023-11-01, extensions i % 5
 *   F  TX MHPS PROVISIONAL  x4,  i = 1..4:  issued 2024-01-20, expires 2025-11-01, no first issue, extensions i - 1 (0..3)
 *   G  TX PSS  APPLIED      x1:  no dates, extensions 0
 * MN: 18 rows, TX: 20.
 *
 * Employers 1 North Star Peer Network (MN, Duluth), 2 Lone Star Recovery (TX, Austin); programs 1 Duluth ARMHS
 * (employer 1), 2 Austin ACT Team (employer 2). Job postings (18), hourly pay = midpoint of the range per hour:
 *   J1 MN e1 p1   FULL_TIME  HOUR  2000..2400        -> 2200, openings 2, posted 2025-03-03, valid 2025-04-30, OPEN
 *   J2 MN e1 p1   PART_TIME  HOUR  1800..2200        -> 2000, openings 1, posted 2025-03-20, valid 2025-05-31, OPEN, remote
 *   J3 MN e1 none FULL_TIME  YEAR  4160000..4992000  -> 4576000 / 2080 = 2200, openings 1, posted 2025-01-10, valid 2025-02-10, FILLED
 *   J4 TX e2 p2   FULL_TIME  MONTH 340000..388000    -> 364000 * 12 / 2080 = 2100, openings 3, posted 2025-01-15, valid 2025-02-28, OPEN
 *   J5 TX e2 p2   FULL_TIME  WEEK  76000..84000      -> 80000 / 40 = 2000, openings 1, posted 2025-03-15, valid 2025-04-15, OPEN
 *   J6 TX e2 none PER_DIEM   DAY   14400..16000      -> 15200 / 8 = 1900, openings 1, posted 2025-02-10, no valid date, CLOSED, El Paso
 *   K  TX e2 p2   FULL_TIME  HOUR  x12, i = 1..12: 1500 + 100i .. 1700 + 100i -> 1600 + 100i (1700..2800), openings 1,
 *                                  posted 2025-02-01, no valid date, OPEN
 */
async function insertDataSet(hub: TestHub) {
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values
    (1, 1, 'MN Certification Board', 'CERTIFICATION_BOARD', '[]'), (2, 2, 'TX Certification Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (2, 1, 1, 'CPSS', 'Certified Peer Support Supervisor', 'SUPERVISOR', 'NONE', '[]'),
    (3, 2, 2, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (4, 2, 2, 'PSS', 'Peer Specialist Supervisor', 'SUPERVISOR', 'NONE', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'Ada', 'Larsen', 1), (2, 'Ben', 'Ortiz', 2)`);
  const cert = `insert into certification (person_id, credential_type_id, jurisdiction_id, status, issued_on, expires_on, first_issued_on, extensions_used, full_certified_on)`;
  await hub.sql(`${cert} select 1, 1, 1, 'ACTIVE', d, (d + interval '2 years')::date, f, i - 1, f
    from generate_series(1, 12) i, lateral (select case when i <= 6 then date '2024-01-15' else date '2024-02-10' end as d,
      case when i % 2 = 1 then date '2019-03-01' else date '2021-07-01' end as f) x`);
  await hub.sql(`${cert} select 1, 1, 1, 'EXPIRED', '2021-05-05', '2023-05-05', '2021-05-05', i - 1, '2021-05-05' from generate_series(1, 3) i`);
  await hub.sql(`${cert} values (1, 2, 1, 'ACTIVE', '2024-03-01', '2026-03-01', null, 4, '2024-03-01'), (1, 2, 1, 'ACTIVE', '2024-03-01', '2026-03-01', null, 6, '2024-03-01')`);
  await hub.sql(`${cert} values (1, 1, 1, 'PROVISIONAL', '2024-02-20', '2026-03-01', null, 1, null)`);
  await hub.sql(`${cert} select 2, 3, 2, 'ACTIVE', '2023-11-01', '2025-11-01', '2023-11-01', i % 5, '2023-11-01' from generate_series(1, 15) i`);
  await hub.sql(`${cert} select 2, 3, 2, 'PROVISIONAL', '2024-01-20', '2025-11-01', null, i - 1, null from generate_series(1, 4) i`);
  await hub.sql(`${cert} values (2, 4, 2, 'APPLIED', null, null, null, 0, null)`);

  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values
    (1, 1, 'North Star Peer Network', 'PEER_RUN_ORGANIZATION', 'Duluth'), (2, 2, 'Lone Star Recovery', 'COMMUNITY_MENTAL_HEALTH_CENTER', 'Austin')`);
  await hub.sql(`insert into service_program (id, employer_id, kind, name) values (1, 1, 'ARMHS', 'Duluth ARMHS'), (2, 2, 'ACT', 'Austin ACT Team')`);
  const job = `insert into job_posting (employer_id, program_id, jurisdiction_id, title, description, role, employment_type, city, remote,
    pay_min_cents, pay_max_cents, pay_unit, certification_requirement, openings, date_posted, valid_through, status)`;
  await hub.sql(`${job} values
    (1, 1, 1, 'Peer specialist', 'ARMHS', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', false, 2000, 2400, 'HOUR', 'REQUIRED', 2, '2025-03-03', '2025-04-30', 'OPEN'),
    (1, 1, 1, 'Peer specialist', 'ARMHS', 'PEER_SPECIALIST', 'PART_TIME', 'Duluth', true, 1800, 2200, 'HOUR', 'PREFERRED', 1, '2025-03-20', '2025-05-31', 'OPEN'),
    (1, null, 1, 'Peer supervisor', 'Team lead', 'PEER_SUPERVISOR', 'FULL_TIME', 'Duluth', false, 4160000, 4992000, 'YEAR', 'REQUIRED', 1, '2025-01-10', '2025-02-10', 'FILLED'),
    (2, 2, 2, 'Peer specialist', 'ACT', 'PEER_SPECIALIST', 'FULL_TIME', 'Austin', false, 340000, 388000, 'MONTH', 'REQUIRED', 3, '2025-01-15', '2025-02-28', 'OPEN'),
    (2, 2, 2, 'Recovery coach', 'ACT', 'RECOVERY_COACH', 'FULL_TIME', 'Austin', false, 76000, 84000, 'WEEK', 'WILLING_TO_OBTAIN', 1, '2025-03-15', '2025-04-15', 'OPEN'),
    (2, null, 2, 'Per diem peer', 'Crisis', 'PEER_SPECIALIST', 'PER_DIEM', 'El Paso', false, 14400, 16000, 'DAY', 'PREFERRED', 1, '2025-02-10', null, 'CLOSED')`);
  await hub.sql(`${job} select 2, 2, 2, 'Peer specialist ' || i, 'ACT', 'PEER_SPECIALIST', 'FULL_TIME', 'Austin', false, 1500 + 100 * i, 1700 + 100 * i,
    'HOUR', 'REQUIRED', 1, '2025-02-01', null, 'OPEN' from generate_series(1, 12) i`);
}

/** Today for the data set: every status it records is the one its dates give on this day. */
const DATA_SET_TODAY = '2025-02-20';

describe('on a data set built by hand', () => {
  beforeAll(async () => {
    freezeToday(DATA_SET_TODAY);
    hub = await startTestHub();
    await insertDataSet(hub);
    PUBLIC = await as('PUBLIC');
    MN_ANALYST = await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] });
  });
  afterAll(async () => {
    await hub?.close();
    unfreezeToday();
  });

  describe('certificationStats', () => {
    it('groups by jurisdiction, credential type and status, with every measure, in key order (ADMIN: nothing suppressed)', async () => {
      const result = await certs(
        'groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS]',
        `${KEYED} sum { extensionsUsed } avg { extensionsUsed } min { extensionsUsed issuedOn } max { extensionsUsed issuedOn } median { extensionsUsed }`,
      );
      expect(result.hasMore).toBe(false);
      expect(result.buckets.map(keyed)).toEqual([
        ['MN', 'CPS', 'ACTIVE', 12],
        ['MN', 'CPS', 'EXPIRED', 3],
        ['MN', 'CPS', 'PROVISIONAL', 1],
        ['MN', 'CPSS', 'ACTIVE', 2],
        ['TX', 'MHPS', 'ACTIVE', 15],
        ['TX', 'MHPS', 'PROVISIONAL', 4],
        ['TX', 'PSS', 'APPLIED', 1],
      ]);
      expect(result.buckets.every((b) => b.suppressed === false)).toBe(true);
      const measures = result.buckets.map((b) => [b.sum.extensionsUsed, b.avg.extensionsUsed, b.min.extensionsUsed, b.max.extensionsUsed, b.median.extensionsUsed]);
      expect(measures).toEqual([
        [66, 5.5, 0, 11, 5.5], // A: 0..11, median (5 + 6) / 2
        [3, 1, 0, 2, 1], // B: 0, 1, 2
        [1, 1, 1, 1, 1], // D
        [10, 5, 4, 6, 5], // C: 4, 6
        [30, 2, 0, 4, 2], // E: 1, 2, 3, 4, 0 three times; 8th of 15 sorted is 2
        [6, 1.5, 0, 3, 1.5], // F: 0..3
        [0, 0, 0, 0, 0], // G
      ]);
      expect(result.buckets.map((b) => [b.min.issuedOn, b.max.issuedOn])).toEqual([
        ['2024-01-15', '2024-02-10'],
        ['2021-05-05', '2021-05-05'],
        ['2024-02-20', '2024-02-20'],
        ['2024-03-01', '2024-03-01'],
        ['2023-11-01', '2023-11-01'],
        ['2024-01-20', '2024-01-20'],
        [null, null], // G has no issue date
      ]);
    });

    it('computes every measure of a jurisdiction, dates as days', async () => {
      const result = await certs(
        'groupBy: [JURISDICTION]',
        `key { jurisdiction { code name } } count suppressed
         sum { extensionsUsed } avg { extensionsUsed } median { extensionsUsed }
         min { extensionsUsed issuedOn expiresOn firstIssuedOn } max { extensionsUsed issuedOn expiresOn firstIssuedOn }`,
      );
      expect(result.buckets).toEqual([
        {
          key: { jurisdiction: { code: 'MN', name: 'Minnesota' } },
          count: 18,
          suppressed: false,
          // 66 + 3 + 10 + 1 = 80; sorted: 0 0 1 1 1 2 2 3 4 4 5 6 6 7 8 9 10 11, the 9th and 10th are 4
          sum: { extensionsUsed: 80 },
          avg: { extensionsUsed: 80 / 18 },
          median: { extensionsUsed: 4 },
          min: { extensionsUsed: 0, issuedOn: '2021-05-05', expiresOn: '2023-05-05', firstIssuedOn: '2019-03-01' },
          max: { extensionsUsed: 11, issuedOn: '2024-03-01', expiresOn: '2026-03-01', firstIssuedOn: '2021-07-01' },
        },
        {
          key: { jurisdiction: { code: 'TX', name: 'Texas' } },
          count: 20,
          suppressed: false,
          // 30 + 6 + 0 = 36; five 0s, four 1s, four 2s, four 3s, three 4s: the 10th and 11th are 2
          sum: { extensionsUsed: 36 },
          avg: { extensionsUsed: 1.8 },
          median: { extensionsUsed: 2 },
          min: { extensionsUsed: 0, issuedOn: '2023-11-01', expiresOn: '2025-11-01', firstIssuedOn: '2023-11-01' },
          max: { extensionsUsed: 4, issuedOn: '2024-01-20', expiresOn: '2025-11-01', firstIssuedOn: '2023-11-01' },
        },
      ]);
    });

    it('groups by month and year keys (first day of the month), nulls last', async () => {
      const months = await certs('groupBy: [ISSUED_MONTH], filter: { jurisdiction: { code: { eq: "MN" } } }', 'key { issuedMonth } count');
      // A: 6 in 2024-01 and 6 in 2024-02; B: 3 in 2021-05; C: 2 in 2024-03; D: 1 in 2024-02
      expect(months.buckets).toEqual([
        { key: { issuedMonth: '2021-05-01' }, count: 3 },
        { key: { issuedMonth: '2024-01-01' }, count: 6 },
        { key: { issuedMonth: '2024-02-01' }, count: 7 },
        { key: { issuedMonth: '2024-03-01' }, count: 2 },
      ]);
      const years = await certs('groupBy: [ISSUED_YEAR]', 'key { issuedYear issuedMonth } count');
      // 2021: B 3; 2023: E 15; 2024: A 12 + C 2 + D 1 + F 4 = 19; none: G
      expect(years.buckets).toEqual([
        { key: { issuedYear: 2021, issuedMonth: null }, count: 3 },
        { key: { issuedYear: 2023, issuedMonth: null }, count: 15 },
        { key: { issuedYear: 2024, issuedMonth: null }, count: 19 },
        { key: { issuedYear: null, issuedMonth: null }, count: 1 },
      ]);
      const first = await certs('groupBy: [FIRST_ISSUED_YEAR]', 'key { firstIssuedYear } count');
      // 2019: A odd 6; 2021: A even 6 + B 3; 2023: E 15; none: C 2 + D 1 + F 4 + G 1
      expect(first.buckets.map((b) => [b.key.firstIssuedYear, b.count])).toEqual([[2019, 6], [2021, 9], [2023, 15], [null, 8]]);
      const expiring = await certs('groupBy: [EXPIRES_MONTH]', 'key { expiresMonth } count');
      // B 2023-05; E 15 and F 4 2025-11; A 2026-01 (6) and 2026-02 (6); C 2 and D 1 2026-03; none: G
      expect(expiring.buckets.map((b) => [b.key.expiresMonth, b.count])).toEqual([
        ['2023-05-01', 3],
        ['2025-11-01', 19],
        ['2026-01-01', 6],
        ['2026-02-01', 6],
        ['2026-03-01', 3],
        [null, 1],
      ]);
    });

    it("groups by the credential type's category", async () => {
      const result = await certs('groupBy: [CREDENTIAL_CATEGORY]', 'key { credentialCategory credentialType { code } } count');
      // PEER: CPS 16 + MHPS 19; SUPERVISOR: CPSS 2 + PSS 1
      expect(result.buckets).toEqual([
        { key: { credentialCategory: 'PEER', credentialType: null }, count: 35 },
        { key: { credentialCategory: 'SUPERVISOR', credentialType: null }, count: 3 },
      ]);
    });

    it('takes the filter of the certifications connection, and counts what the connection counts', async () => {
      const filter = { status: { in: ['ACTIVE', 'PROVISIONAL'] }, jurisdiction: { code: { eq: 'MN' } } };
      const result = await hub.query<any>(
        `query($filter: CertificationFilter) {
          certificationStats(groupBy: [CREDENTIAL_TYPE], filter: $filter) { buckets { key { credentialType { code } } count } }
          all: certificationStats(groupBy: [], filter: $filter) { buckets { count } }
          certifications(filter: $filter) { totalCount }
        }`,
        { filter },
      );
      expect(result.errors).toBeUndefined();
      // CPS: A 12 + D 1; CPSS: C 2
      expect(result.data.certificationStats.buckets).toEqual([
        { key: { credentialType: { code: 'CPS' } }, count: 13 },
        { key: { credentialType: { code: 'CPSS' } }, count: 2 },
      ]);
      expect(result.data.all.buckets).toEqual([{ count: 15 }]);
      expect(result.data.certifications.totalCount).toBe(15);
    });

    it('an empty groupBy makes one bucket of every matching row; one matching nothing counts 0, unsuppressed, for anyone', async () => {
      const all = await certs('groupBy: []', 'key { jurisdiction { code } status issuedMonth } count suppressed sum { extensionsUsed } median { extensionsUsed }');
      // 80 + 36 = 116; of the 38 values seven are 0 (A, B, E x3, F, G), seven 1 (A, B, D, E x3, F), six 2 (A, B, E x3, F):
      // the 19th and 20th sorted are 2
      expect(all).toMatchObject({ hasMore: false, buckets: [{ key: { jurisdiction: null, status: null, issuedMonth: null }, count: 38, suppressed: false, sum: { extensionsUsed: 116 }, median: { extensionsUsed: 2 } }] });
      for (const headers of [undefined, PUBLIC, MN_ANALYST]) {
        const none = await certs('groupBy: [], filter: { status: { eq: CLOSED } }', 'count suppressed sum { extensionsUsed } min { issuedOn }', headers);
        expect(none.buckets).toEqual([{ count: 0, suppressed: false, sum: { extensionsUsed: null }, min: { issuedOn: null } }]);
      }
    });

    it('having: on the count and on a measure', async () => {
      const big = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], having: { count: { gt: 10 } }', KEYED);
      expect(big.buckets.map(keyed)).toEqual([
        ['MN', 'CPS', 'ACTIVE', 12],
        ['TX', 'MHPS', 'ACTIVE', 15],
      ]);
      // averages: 5.5, 1, 1, 5, 2, 1.5, 0
      const avg = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], having: { avg: { extensionsUsed: { gte: 2 } } }', KEYED);
      expect(avg.buckets.map(keyed)).toEqual([
        ['MN', 'CPS', 'ACTIVE', 12],
        ['MN', 'CPSS', 'ACTIVE', 2],
        ['TX', 'MHPS', 'ACTIVE', 15],
      ]);
      // medians 5.5, 1, 1, 5, 2, 1.5, 0; counts 12, 3, 1, 2, 15, 4, 1: both conditions hold for CPSS ACTIVE alone
      const both = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], having: { count: { lte: 10 }, median: { extensionsUsed: { in: [5, 1.5] } } }', KEYED);
      expect(both.buckets.map(keyed)).toEqual([
        ['MN', 'CPSS', 'ACTIVE', 2],
        ['TX', 'MHPS', 'PROVISIONAL', 4],
      ]);
    });

    it('orderBy COUNT_DESC and COUNT_ASC, keys breaking ties', async () => {
      const desc = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], orderBy: COUNT_DESC', KEYED);
      expect(desc.buckets.map(keyed)).toEqual([
        ['TX', 'MHPS', 'ACTIVE', 15],
        ['MN', 'CPS', 'ACTIVE', 12],
        ['TX', 'MHPS', 'PROVISIONAL', 4],
        ['MN', 'CPS', 'EXPIRED', 3],
        ['MN', 'CPSS', 'ACTIVE', 2],
        ['MN', 'CPS', 'PROVISIONAL', 1],
        ['TX', 'PSS', 'APPLIED', 1],
      ]);
      const asc = await certs('groupBy: [STATUS], orderBy: COUNT_ASC', 'key { status } count');
      // APPLIED 1, EXPIRED 3, PROVISIONAL 1 + 4, ACTIVE 12 + 2 + 15
      expect(asc.buckets.map((b) => [b.key.status, b.count])).toEqual([['APPLIED', 1], ['EXPIRED', 3], ['PROVISIONAL', 5], ['ACTIVE', 29]]);
    });

    it('first limits the buckets and hasMore says more follow', async () => {
      const two = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], orderBy: COUNT_DESC, first: 2', KEYED);
      expect(two.hasMore).toBe(true);
      expect(two.buckets.map(keyed)).toEqual([
        ['TX', 'MHPS', 'ACTIVE', 15],
        ['MN', 'CPS', 'ACTIVE', 12],
      ]);
      const seven = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], first: 7', KEYED);
      expect(seven.hasMore).toBe(false);
      expect(seven.buckets).toHaveLength(7);
      const six = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], first: 6', KEYED);
      expect(six.hasMore).toBe(true);
      expect(six.buckets.map(keyed).at(-1)).toEqual(['TX', 'MHPS', 'PROVISIONAL', 4]);
    });
  });

  describe('the small-count rule', () => {
    const GROUPED = 'groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS]';
    const MEASURED = `${KEYED} sum { extensionsUsed } avg { extensionsUsed } min { extensionsUsed issuedOn } max { issuedOn } median { extensionsUsed }`;
    const withheld = { count: null, suppressed: true, sum: { extensionsUsed: null }, avg: { extensionsUsed: null }, min: { extensionsUsed: null, issuedOn: null }, max: { issuedOn: null }, median: { extensionsUsed: null } };
    const hidden = [null, null, null, null];
    const MN_ONLY = 'filter: { jurisdiction: { code: { eq: "MN" } } }';

    it('PUBLIC: counts of 1 to 10 withheld with every figure and their key, their complements too; what is shown is exact', async () => {
      const result = await certs(GROUPED, MEASURED, PUBLIC);
      // 3, 1, 2, 4 and 1 are small; MN CPS ACTIVE (12) goes as the complement of MN CPSS ACTIVE (2) in MN's ACTIVE
      // margin, TX MHPS ACTIVE (15) as that of TX MHPS PROVISIONAL (4) in TX MHPS's
      expect(result.buckets.map(keyed)).toEqual(Array(7).fill(hidden));
      for (const bucket of result.buckets) expect(bucket).toMatchObject({ ...withheld, key: { jurisdiction: null, credentialType: null, status: null } });
      // by jurisdiction nothing is small: every figure exact
      const byState = await certs('groupBy: [JURISDICTION]', 'key { jurisdiction { code } } count suppressed sum { extensionsUsed } median { extensionsUsed } min { issuedOn }', PUBLIC);
      expect(byState.buckets).toEqual([
        { key: { jurisdiction: { code: 'MN' } }, count: 18, suppressed: false, sum: { extensionsUsed: 80 }, median: { extensionsUsed: 4 }, min: { issuedOn: '2021-05-05' } },
        { key: { jurisdiction: { code: 'TX' } }, count: 20, suppressed: false, sum: { extensionsUsed: 36 }, median: { extensionsUsed: 2 }, min: { issuedOn: '2023-11-01' } },
      ]);
    });

    it('a STATE_ANALYST of MN reads MN exactly when the request keeps to MN; reaching TX, the rule holds as for anyone', async () => {
      const pinned = await certs(`${GROUPED}, ${MN_ONLY}`, MEASURED, MN_ANALYST);
      expect(pinned.buckets.map(keyed)).toEqual([
        ['MN', 'CPS', 'ACTIVE', 12],
        ['MN', 'CPS', 'EXPIRED', 3],
        ['MN', 'CPS', 'PROVISIONAL', 1],
        ['MN', 'CPSS', 'ACTIVE', 2],
      ]);
      expect(pinned.buckets[3]).toMatchObject({ suppressed: false, sum: { extensionsUsed: 10 }, median: { extensionsUsed: 5 } });

      // by status alone: PROVISIONAL is MN 1 + TX 4 = 5, over a jurisdiction the analyst has no rights in: withheld;
      // APPLIED (TX, 1) withheld; EXPIRED is MN only (3): exact; ACTIVE 29 is over 10: exact though it spans both.
      // Two cells of the margin are withheld, so none can be worked out: no complement is needed
      const byStatus = await certs('groupBy: [STATUS]', 'key { status } count suppressed', MN_ANALYST);
      expect(byStatus.buckets).toEqual([
        { key: { status: 'ACTIVE' }, count: 29, suppressed: false },
        { key: { status: 'EXPIRED' }, count: 3, suppressed: false },
        { key: { status: null }, count: null, suppressed: true },
        { key: { status: null }, count: null, suppressed: true },
      ]);
      const publicByStatus = await certs('groupBy: [STATUS]', 'key { status } count suppressed', PUBLIC);
      expect(publicByStatus.buckets.map((b) => b.count)).toEqual([29, null, null, null]);
    });

    it('an analyst of TX reads the mirror image', async () => {
      const result = await certs(`${GROUPED}, filter: { jurisdiction: { code: { in: ["TX"] } } }`, KEYED, await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] }));
      expect(result.buckets.map((b) => b.count)).toEqual([15, 4, 1]);
    });

    it('ADMIN reads every count, whatever its size', async () => {
      const result = await certs('groupBy: [STATUS]', 'key { status } count suppressed');
      expect(result.buckets.map((b) => [b.count, b.suppressed])).toEqual([[29, false], [1, false], [3, false], [5, false]]);
    });

    it('other roles read as PUBLIC', async () => {
      const others = [
        { role: Role.EMPLOYER, employerId: toGlobalId('Employer', 1) },
        { role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 1) },
        { role: Role.FUND_REVIEWER, jurisdictions: ['MN'] },
      ];
      for (const claims of others) {
        const result = await certs('groupBy: [STATUS]', 'count', await as(claims));
        // the peer reads the 3 EXPIRED certifications, all theirs, one by one: their bucket is no small cell to protect
        expect(result.buckets.map((b) => b.count), claims.role).toEqual(claims.role === Role.PEER ? [29, 3, null, null] : [29, null, null, null]);
      }
    });

    it('having cannot probe a withheld count or measure: it acts on the published figures', async () => {
      const byStatus = 'groupBy: [STATUS]';
      const STATUS = 'key { status } count suppressed';
      // the true counts 1, 3, 5 are all <= 10, but PUBLIC sees them as null: no comparison holds
      expect((await certs(`${byStatus}, having: { count: { lte: 10 } }`, STATUS, PUBLIC)).buckets).toEqual([]);
      expect((await certs(`${byStatus}, having: { count: { eq: 3 } }`, STATUS, PUBLIC)).buckets).toEqual([]);
      expect((await certs(`${byStatus}, having: { sum: { extensionsUsed: { lt: 20 } } }`, STATUS, PUBLIC)).buckets).toEqual([]);
      expect((await certs(`${byStatus}, having: { count: { gt: 10 } }`, STATUS, PUBLIC)).buckets).toEqual([{ key: { status: 'ACTIVE' }, count: 29, suppressed: false }]);
      // isNull and notIn see the published null: the buckets withheld, whatever their true count
      const nulls = await certs(`${byStatus}, having: { count: { isNull: true } }`, STATUS, PUBLIC);
      expect(nulls.buckets).toEqual(Array(3).fill({ key: { status: null }, count: null, suppressed: true }));
      const notThree = await certs(`${byStatus}, having: { count: { notIn: [3] }, avg: { extensionsUsed: { notIn: [1] } } }`, STATUS, PUBLIC);
      expect(notThree.buckets).toHaveLength(4);
      // a complement meets no comparison either: TX MHPS ACTIVE (15) is withheld for TX MHPS PROVISIONAL's sake
      expect((await certs(`${GROUPED}, having: { count: { gte: 15 } }`, KEYED, PUBLIC)).buckets).toEqual([]);
      const analyst = await certs(`${GROUPED}, ${MN_ONLY}, having: { count: { lte: 10 } }`, KEYED, MN_ANALYST);
      expect(analyst.buckets.map(keyed)).toEqual([
        ['MN', 'CPS', 'EXPIRED', 3],
        ['MN', 'CPS', 'PROVISIONAL', 1],
        ['MN', 'CPSS', 'ACTIVE', 2],
      ]);
    });

    it('COUNT ordering puts withheld buckets last, keyless', async () => {
      for (const orderBy of ['COUNT_DESC', 'COUNT_ASC']) {
        const result = await certs(`groupBy: [STATUS], orderBy: ${orderBy}`, 'key { status } count', MN_ANALYST);
        const shown = orderBy === 'COUNT_DESC' ? [['ACTIVE', 29], ['EXPIRED', 3]] : [['EXPIRED', 3], ['ACTIVE', 29]];
        expect(result.buckets.map((b) => [b.key.status, b.count])).toEqual([...shown, [null, null], [null, null]]);
      }
    });

    it('counts every matching row whoever asks, but a condition on people is no published dimension', async () => {
      // a condition on the holder would single people out: refused to a caller without analyst rights over every state
      const person = '{ certificationStats(groupBy: [], filter: { person: { lastName: { eq: "Larsen" } } }) { buckets { count } } }';
      const refused = await hub.query(person, undefined, PUBLIC);
      expect(refused.status).toBe(400);
      expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.person' });
      expect((await certs('groupBy: [], filter: { person: { lastName: { eq: "Larsen" } } }', 'count suppressed')).buckets).toEqual([{ count: 18, suppressed: false }]);
      // public relations filter alike for everyone
      const typed = 'groupBy: [], filter: { credentialType: { code: { eq: "MHPS" } } }';
      expect((await certs(typed, 'count', PUBLIC)).buckets).toEqual([{ count: 19 }]);
    });
  });

  describe('jobPostingStats', () => {
    it('groups by jurisdiction and employment type with pay, hourly pay, openings and dates', async () => {
      const result = await jobs(
        'groupBy: [JURISDICTION, EMPLOYMENT_TYPE]',
        `key { jurisdiction { code } employmentType } count suppressed
         sum { payMinCents payMaxCents openings hourlyPayCents } avg { hourlyPayCents openings }
         min { hourlyPayCents datePosted validThrough } max { hourlyPayCents datePosted validThrough } median { hourlyPayCents openings }`,
      );
      expect(result.buckets).toEqual([
        {
          // J1 2200 and J3 2200
          key: { jurisdiction: { code: 'MN' }, employmentType: 'FULL_TIME' },
          count: 2,
          suppressed: false,
          sum: { payMinCents: 2000 + 4160000, payMaxCents: 2400 + 4992000, openings: 3, hourlyPayCents: 4400 },
          avg: { hourlyPayCents: 2200, openings: 1.5 },
          min: { hourlyPayCents: 2200, datePosted: '2025-01-10', validThrough: '2025-02-10' },
          max: { hourlyPayCents: 2200, datePosted: '2025-03-03', validThrough: '2025-04-30' },
          median: { hourlyPayCents: 2200, openings: 1.5 },
        },
        {
          key: { jurisdiction: { code: 'MN' }, employmentType: 'PART_TIME' },
          count: 1,
          suppressed: false,
          sum: { payMinCents: 1800, payMaxCents: 2200, openings: 1, hourlyPayCents: 2000 },
          avg: { hourlyPayCents: 2000, openings: 1 },
          min: { hourlyPayCents: 2000, datePosted: '2025-03-20', validThrough: '2025-05-31' },
          max: { hourlyPayCents: 2000, datePosted: '2025-03-20', validThrough: '2025-05-31' },
          median: { hourlyPayCents: 2000, openings: 1 },
        },
        {
          // J4 2100, J5 2000, K 1700..2800: sum 4100 + 27000; sorted 1700 1800 1900 2000 2000 2100 2100 2200 ...: 7th and 8th
          key: { jurisdiction: { code: 'TX' }, employmentType: 'FULL_TIME' },
          count: 14,
          suppressed: false,
          sum: { payMinCents: 340000 + 76000 + 25800, payMaxCents: 388000 + 84000 + 28200, openings: 16, hourlyPayCents: 31100 },
          avg: { hourlyPayCents: 31100 / 14, openings: 16 / 14 },
          min: { hourlyPayCents: 1700, datePosted: '2025-01-15', validThrough: '2025-02-28' },
          max: { hourlyPayCents: 2800, datePosted: '2025-03-15', validThrough: '2025-04-15' },
          median: { hourlyPayCents: 2150, openings: 1 },
        },
        {
          key: { jurisdiction: { code: 'TX' }, employmentType: 'PER_DIEM' },
          count: 1,
          suppressed: false,
          sum: { payMinCents: 14400, payMaxCents: 16000, openings: 1, hourlyPayCents: 1900 },
          avg: { hourlyPayCents: 1900, openings: 1 },
          min: { hourlyPayCents: 1900, datePosted: '2025-02-10', validThrough: null },
          max: { hourlyPayCents: 1900, datePosted: '2025-02-10', validThrough: null },
          median: { hourlyPayCents: 1900, openings: 1 },
        },
      ]);
    });

    it('converts each pay unit to an hourly figure', async () => {
      const result = await jobs('groupBy: [PAY_UNIT]', 'key { payUnit } count min { hourlyPayCents } max { hourlyPayCents }');
      expect(result.buckets.map((b) => [b.key.payUnit, b.count, b.min.hourlyPayCents, b.max.hourlyPayCents])).toEqual([
        ['DAY', 1, 1900, 1900], // 15200 / 8
        ['HOUR', 14, 1700, 2800],
        ['MONTH', 1, 2100, 2100], // 364000 * 12 / 2080
        ['WEEK', 1, 2000, 2000], // 80000 / 40
        ['YEAR', 1, 2200, 2200], // 4576000 / 2080
      ]);
    });

    it('resolves employer and program keys (a posting without a program is the null program)', async () => {
      const result = await jobs('groupBy: [EMPLOYER, PROGRAM]', 'key { employer { name jurisdiction { code } } program { name kind } } count');
      expect(result.buckets).toEqual([
        { key: { employer: { name: 'North Star Peer Network', jurisdiction: { code: 'MN' } }, program: { name: 'Duluth ARMHS', kind: 'ARMHS' } }, count: 2 },
        { key: { employer: { name: 'North Star Peer Network', jurisdiction: { code: 'MN' } }, program: null }, count: 1 },
        { key: { employer: { name: 'Lone Star Recovery', jurisdiction: { code: 'TX' } }, program: { name: 'Austin ACT Team', kind: 'ACT' } }, count: 14 },
        { key: { employer: { name: 'Lone Star Recovery', jurisdiction: { code: 'TX' } }, program: null }, count: 1 },
      ]);
      expect(result.sqlStatements).toBe(3);
    });

    it('groups by posted month, city, remote, role, status and certification requirement', async () => {
      const months = await jobs('groupBy: [POSTED_MONTH]', 'key { postedMonth } count');
      expect(months.buckets.map((b) => [b.key.postedMonth, b.count])).toEqual([['2025-01-01', 2], ['2025-02-01', 13], ['2025-03-01', 3]]);
      const places = await jobs('groupBy: [CITY, REMOTE]', 'key { city remote } count');
      expect(places.buckets.map((b) => [b.key.city, b.key.remote, b.count])).toEqual([['Austin', false, 14], ['Duluth', false, 2], ['Duluth', true, 1], ['El Paso', false, 1]]);
      const kinds = await jobs('groupBy: [STATUS, ROLE, CERTIFICATION_REQUIREMENT], orderBy: COUNT_DESC', 'key { status role certificationRequirement } count');
      expect(kinds.buckets.map((b) => [b.key.status, b.key.role, b.key.certificationRequirement, b.count])).toEqual([
        ['OPEN', 'PEER_SPECIALIST', 'REQUIRED', 14], // J1, J4, K
        ['CLOSED', 'PEER_SPECIALIST', 'PREFERRED', 1], // J6
        ['FILLED', 'PEER_SUPERVISOR', 'REQUIRED', 1], // J3
        ['OPEN', 'PEER_SPECIALIST', 'PREFERRED', 1], // J2
        ['OPEN', 'RECOVERY_COACH', 'WILLING_TO_OBTAIN', 1], // J5
      ]);
    });

    it('takes the filter of the jobPostings connection, counting drafts and closed postings for every caller', async () => {
      const filter = '{ employer: { name: { startsWith: "Lone" } }, status: { eq: OPEN } }';
      const result = await hub.query<any>(`{
        jobPostingStats(groupBy: [PAY_UNIT], filter: ${filter}) { buckets { key { payUnit } count } }
        jobPostings(filter: ${filter}) { totalCount }
      }`);
      expect(result.errors).toBeUndefined();
      expect(result.data.jobPostingStats.buckets).toEqual([
        { key: { payUnit: 'HOUR' }, count: 12 },
        { key: { payUnit: 'MONTH' }, count: 1 },
        { key: { payUnit: 'WEEK' }, count: 1 },
      ]);
      expect(result.data.jobPostings.totalCount).toBe(14);
      // PUBLIC reads only open postings, but the aggregate counts the filled and closed ones too
      const everything = await jobs('groupBy: [], filter: { status: { in: [FILLED, CLOSED] } }', 'count suppressed', PUBLIC);
      expect(everything.buckets).toEqual([{ count: null, suppressed: true }]);
      const all = await jobs('groupBy: []', 'count', PUBLIC);
      expect(all.buckets).toEqual([{ count: 18 }]);
    });

    it('having on a median', async () => {
      const result = await jobs('groupBy: [JURISDICTION, EMPLOYMENT_TYPE], having: { median: { hourlyPayCents: { gte: 2100 } } }', 'key { jurisdiction { code } employmentType } median { hourlyPayCents }');
      expect(result.buckets).toEqual([
        { key: { jurisdiction: { code: 'MN' }, employmentType: 'FULL_TIME' }, median: { hourlyPayCents: 2200 } },
        { key: { jurisdiction: { code: 'TX' }, employmentType: 'FULL_TIME' }, median: { hourlyPayCents: 2150 } },
      ]);
    });

    it('open postings, which anyone may list, are free to group by anything; other postings only by published dimensions', async () => {
      const selection = 'key { jurisdiction { code } employmentType } count suppressed median { hourlyPayCents }';
      const shown = (b: Bucket) => [b.key.jurisdiction?.code ?? null, b.key.employmentType, b.count, b.suppressed, b.median.hourlyPayCents];
      // kept to OPEN: every bucket is of postings PUBLIC lists anyway, shown whatever its size
      expect((await jobs('groupBy: [JURISDICTION, EMPLOYMENT_TYPE], filter: { status: { eq: OPEN } }', selection, PUBLIC)).buckets.map(shown)).toEqual([
        ['MN', 'FULL_TIME', 1, false, 2200],
        ['MN', 'PART_TIME', 1, false, 2000],
        ['TX', 'FULL_TIME', 14, false, 2150],
      ]);
      // over every posting, the employment type is no published dimension
      const refused = await hub.query('{ jobPostingStats(groupBy: [JURISDICTION, EMPLOYMENT_TYPE]) { buckets { count } } }', undefined, PUBLIC);
      expect(refused.status).toBe(400);
      expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'groupBy.EMPLOYMENT_TYPE' });
      // an analyst of MN keeping to MN groups MN's postings as ADMIN does, drafts and filled ones included
      expect((await jobs('groupBy: [JURISDICTION, EMPLOYMENT_TYPE], filter: { jurisdiction: { code: { eq: "MN" } } }', selection, MN_ANALYST)).buckets.map(shown)).toEqual([
        ['MN', 'FULL_TIME', 2, false, 2200],
        ['MN', 'PART_TIME', 1, false, 2000],
      ]);
      // by state and status: MN FILLED (1) and TX CLOSED (1) are small; MN OPEN (2, open postings) and TX OPEN (14) go as
      // their complements within each state
      expect((await jobs('groupBy: [JURISDICTION, STATUS]', 'key { jurisdiction { code } status } count', PUBLIC)).buckets).toEqual(
        Array(4).fill({ key: { jurisdiction: null, status: null }, count: null }),
      );
      // by state: MN's 3 (one filled) is small, and TX's 15 would give it away from the total of 18
      expect((await jobs('groupBy: [JURISDICTION]', 'key { jurisdiction { code } } count', PUBLIC)).buckets).toEqual(Array(2).fill({ key: { jurisdiction: null }, count: null }));
    });
  });

  describe('cost', () => {
    it('one statement, plus one per entity key field selected, however many buckets', async () => {
      const plain = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS]', 'key { status } count');
      expect(plain.sqlStatements).toBe(1);
      const keyed = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS]', 'key { jurisdiction { code } credentialType { code jurisdiction { name } } } count');
      expect(keyed.buckets).toHaveLength(7);
      // a relation below an entity key is read with the key's rows
      expect(keyed.buckets[4].key.credentialType).toEqual({ code: 'MHPS', jurisdiction: { name: 'Texas' } });
      expect(keyed.sqlStatements).toBe(3);
    });

    it('first: 1000 costs 1,000 buckets times what each selects, and passes the default limit', async () => {
      const query = '{ certificationStats(groupBy: [STATUS], first: 1000) { hasMore buckets { key { status } count } } }';
      const cost = getComplexity({ schema: await hubSchema(), query: parse(query), variables: {}, estimators: costEstimators(hub.config.maxPageSize) });
      // hasMore 1 + buckets (1 + key (1 + status 1) + count 1) = 5 per bucket
      expect(cost).toBe(1000 * 5 + 1);
      const big = `{ certificationStats(groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], first: 1000) {
        hasMore buckets { key { jurisdiction { code } credentialType { code } status } count suppressed
          sum { extensionsUsed } avg { extensionsUsed } min { extensionsUsed issuedOn } max { extensionsUsed issuedOn } median { extensionsUsed } } } }`;
      const bigCost = getComplexity({ schema: await hubSchema(), query: parse(big), variables: {}, estimators: costEstimators(hub.config.maxPageSize) });
      expect(bigCost).toBeLessThanOrEqual(hub.config.maxQueryCost);
      const result = await hub.query<any>(big);
      expect(result.errors).toBeUndefined();
      expect(result.data.certificationStats.buckets).toHaveLength(7);
    });
  });

  describe('bad input: 400 with BAD_USER_INPUT', () => {
    it('an unknown group key', async () => {
      await expectBadInput('query($groupBy: [CertificationGroupKey!]!) { certificationStats(groupBy: $groupBy) { hasMore } }', { groupBy: ['NOT_A_KEY'] });
      const literal = await hub.query('{ certificationStats(groupBy: [NOT_A_KEY]) { hasMore } }');
      expect(literal.status).toBe(400);
      expect(literal.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('a group key named twice', async () => {
      const result = await expectBadInput('{ certificationStats(groupBy: [STATUS, JURISDICTION, STATUS]) { hasMore } }');
      expect(result.errors![0].message).toContain('STATUS');
      expect(result.errors![0].extensions!.argument).toBe('groupBy');
    });

    it('first out of 1..10,000, never capped', async () => {
      for (const first of [0, -1, 10001]) {
        const result = await expectBadInput(`{ jobPostingStats(groupBy: [CITY], first: ${first}) { buckets { count } } }`);
        expect(result.errors![0].extensions).toMatchObject({ argument: 'first', limit: 10000, value: first });
      }
      const most = await jobs('groupBy: [CITY], first: 10000', 'count');
      expect(most.buckets).toHaveLength(3);
    });

    it('an empty having, or an empty part of one', async () => {
      await expectBadInput('{ certificationStats(groupBy: [STATUS], having: {}) { hasMore } }');
      await expectBadInput('{ certificationStats(groupBy: [STATUS], having: { sum: {} }) { hasMore } }');
      await expectBadInput('{ certificationStats(groupBy: [STATUS], having: { count: {} }) { hasMore } }');
    });

    it('an empty filter, as the connections refuse it', async () => {
      await expectBadInput('{ certificationStats(groupBy: [STATUS], filter: {}) { hasMore } }');
    });
  });
});

describe('on the seeded data, against plain SQL', () => {
  beforeAll(async () => {
    hub = await startTestHub({ seedScale: 1 });
    PUBLIC = await as('PUBLIC');
  });
  afterAll(() => hub?.close());

  it('certifications by jurisdiction, credential type and status', async () => {
    const expected = await hub.sql<any>(`
      select j.code as jurisdiction, ct.code as "credentialType", c.status, count(*)::int as count,
             sum(c.extensions_used)::int as sum, avg(c.extensions_used) as avg, min(c.extensions_used) as min, max(c.extensions_used) as max,
             percentile_cont(0.5) within group (order by c.extensions_used) as median,
             to_char(min(c.issued_on), 'YYYY-MM-DD') as "minIssued", to_char(max(c.expires_on), 'YYYY-MM-DD') as "maxExpires"
        from certification c join jurisdiction j on j.id = c.jurisdiction_id join credential_type ct on ct.id = c.credential_type_id
       group by j.id, j.code, ct.id, ct.code, c.status
       order by j.id, ct.id, c.status`);
    expect(expected.length).toBeGreaterThan(10);
    const selection = `${KEYED} sum { extensionsUsed } avg { extensionsUsed } min { extensionsUsed issuedOn } max { extensionsUsed expiresOn } median { extensionsUsed }`;
    const result = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], first: 1000', selection);
    expect(result.hasMore).toBe(false);
    expect(
      result.buckets.map((b) => ({
        jurisdiction: b.key.jurisdiction.code,
        credentialType: b.key.credentialType.code,
        status: b.key.status,
        count: b.count,
        sum: b.sum.extensionsUsed,
        avg: b.avg.extensionsUsed,
        min: b.min.extensionsUsed,
        max: b.max.extensionsUsed,
        median: b.median.extensionsUsed,
        minIssued: b.min.issuedOn,
        maxExpires: b.max.expiresOn,
      })),
    ).toEqual(expected.map((row: any) => ({ ...row, avg: expect.closeTo(Number(row.avg), 9) })));

    // PUBLIC: as many buckets; counts of 1 to 10 withheld (and complements: test/disclosure.test.ts), the others as
    // they are, in key order, before the withheld ones, which show no key
    const shown = await certs('groupBy: [JURISDICTION, CREDENTIAL_TYPE, STATUS], first: 1000', `${KEYED} median { extensionsUsed }`, PUBLIC);
    expect(shown.buckets).toHaveLength(expected.length);
    const published = shown.buckets.filter((b) => !b.suppressed);
    const byKey = new Map(expected.map((row: any) => [`${row.jurisdiction} ${row.credentialType} ${row.status}`, row]));
    expect(published.map((b) => [...keyed(b), b.median.extensionsUsed])).toEqual(
      published.map((b) => {
        const row: any = byKey.get(`${b.key.jurisdiction.code} ${b.key.credentialType.code} ${b.key.status}`);
        return [row.jurisdiction, row.credentialType, row.status, row.count, row.median];
      }),
    );
    expect(published.every((b) => b.count > 10)).toBe(true);
    expect(shown.buckets.slice(published.length)).toEqual(
      Array(expected.length - published.length).fill({ key: { jurisdiction: null, credentialType: null, status: null }, count: null, suppressed: true, median: { extensionsUsed: null } }),
    );
    expect(expected.filter((row: any) => row.count <= 10).length).toBeLessThan(expected.length - published.length + 1);
    expect(expected.some((row: any) => row.count <= 10) && published.length > 0).toBe(true);
  });

  it('job postings by jurisdiction and employment type, with the median hourly pay', async () => {
    // computed another way: in numeric, dividing by the hours of the unit
    const expected = await hub.sql<any>(`
      select j.code as jurisdiction, p.employment_type as "employmentType", count(*)::int as count,
             percentile_cont(0.5) within group (order by hourly) as median, avg(hourly)::float8 as avg, sum(p.openings)::int as openings
        from job_posting p join jurisdiction j on j.id = p.jurisdiction_id,
        lateral (select (p.pay_min_cents + p.pay_max_cents) / 2.0
                        / case p.pay_unit when 'HOUR' then 1 when 'DAY' then 8 when 'WEEK' then 40 when 'MONTH' then 2080 / 12.0 when 'YEAR' then 2080 end as hourly) h
       group by j.id, j.code, p.employment_type
       order by j.id, p.employment_type`);
    expect(expected.length).toBeGreaterThan(4);
    const result = await jobs('groupBy: [JURISDICTION, EMPLOYMENT_TYPE]', 'key { jurisdiction { code } employmentType } count median { hourlyPayCents } avg { hourlyPayCents } sum { openings }');
    expect(result.buckets.map((b) => ({ jurisdiction: b.key.jurisdiction.code, employmentType: b.key.employmentType, count: b.count, median: b.median.hourlyPayCents, avg: b.avg.hourlyPayCents, openings: b.sum.openings }))).toEqual(
      expected.map((row: any) => ({ ...row, median: expect.closeTo(Number(row.median), 6), avg: expect.closeTo(Number(row.avg), 6) })),
    );
  });

  it('50 buckets and more with jurisdiction and credential type keys cost 3 statements', async () => {
    const result = await certs(
      'groupBy: [JURISDICTION, CREDENTIAL_TYPE, ISSUED_MONTH], first: 1000',
      'key { jurisdiction { code } credentialType { code name } issuedMonth } count suppressed sum { extensionsUsed }',
    );
    const [{ groups }] = await hub.sql<{ groups: number }>(`select count(*)::int as groups
      from (select 1 from certification group by jurisdiction_id, credential_type_id, date_trunc('month', issued_on)) g`);
    expect(result.hasMore).toBe(false);
    expect(result.buckets.length).toBe(groups);
    expect(result.buckets.length).toBeGreaterThanOrEqual(50);
    expect(result.buckets.every((b) => /^\d{4}-\d{2}-01$/.test(b.key.issuedMonth) || b.key.issuedMonth === null)).toBe(true);
    expect(result.sqlStatements).toBe(3);
  });
});
