/**
 * workforceTimeSeries: exact monthly figures on a small data set built by hand (whole months from the month of `from`
 * to the month of `to`, empty months as zeros, the edges of the range, which rows each series counts), the checks on
 * the filter, the small-count rule for each kind of caller (cells and the totals that would give them away), and the
 * statements a request costs whatever the number of months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { as, expectError, freezeToday, startTestHub, unfreezeToday, type GraphQLResponse, type TestHub } from './kit';

interface Figure {
  value: number | null;
  suppressed: boolean;
}
interface Month {
  month: string;
  certificationsIssued: Figure;
  certificationsLapsed: Figure;
  postingsOpened: Figure;
  assistanceAwards: Figure;
  assistanceAwardedCents: Figure;
}
interface Series {
  months: string[];
  totals: Month[];
  byJurisdiction: { jurisdiction?: { code: string }; months: Month[] }[];
}

let hub: TestHub;

const FIGURES = `month
  certificationsIssued { value suppressed } certificationsLapsed { value suppressed } postingsOpened { value suppressed }
  assistanceAwards { value suppressed } assistanceAwardedCents { value suppressed }`;

function seriesQuery(withJurisdiction = true): string {
  return `query($filter: WorkforceSeriesFilter!) { workforceTimeSeries(filter: $filter) {
    months totals { ${FIGURES} } byJurisdiction { ${withJurisdiction ? 'jurisdiction { code }' : ''} months { ${FIGURES} } } } }`;
}

async function series(filter: Record<string, unknown>, headers?: Record<string, string>) {
  const result = await hub.query<{ workforceTimeSeries: Series }>(seriesQuery(), { filter }, headers);
  expect(result.errors).toBeUndefined();
  expect(result.status).toBe(200);
  const data = result.data!.workforceTimeSeries;
  // every series has every month of the range, in the order of `months`
  for (const months of [data.totals, ...data.byJurisdiction.map((s) => s.months)]) expect(months.map((m) => m.month)).toEqual(data.months);
  return { ...data, sqlStatements: result.extensions?.sqlStatements };
}

/** A withheld figure: null with suppressed: true. */
const W = 'withheld';

/** One figure: its value, or W when withheld (checking that a withheld figure is null and a shown one is not). */
function shown(figure: Figure): number | typeof W {
  if (figure.suppressed) {
    expect(figure.value).toBeNull();
    return W;
  }
  expect(figure.value).not.toBeNull();
  return figure.value!;
}

/** A series as one row per measure, one column per month. */
function columns(months: Month[]) {
  return {
    issued: months.map((m) => shown(m.certificationsIssued)),
    lapsed: months.map((m) => shown(m.certificationsLapsed)),
    opened: months.map((m) => shown(m.postingsOpened)),
    awards: months.map((m) => shown(m.assistanceAwards)),
    cents: months.map((m) => shown(m.assistanceAwardedCents)),
  };
}

type Columns = ReturnType<typeof columns>;

/** The series of every jurisdiction by code, and the totals. */
function table(data: Series): Record<string, Columns> {
  const rows: Record<string, Columns> = {};
  for (const s of data.byJurisdiction) rows[s.jurisdiction!.code] = columns(s.months);
  return { ...rows, totals: columns(data.totals) };
}

async function expectBadInput(filter: Record<string, unknown>): Promise<GraphQLResponse<unknown>> {
  const result = await hub.query(seriesQuery(), { filter });
  expectError(result, 400, 'BAD_USER_INPUT');
  return result;
}

/*
 * The data set. Jurisdictions MN (id 1) and TX (id 2); credential types 1 MN CPS (PEER), 2 MN CPSS (SUPERVISOR),
 * 5 MN CFPS (FAMILY), 3 TX MHPS (PEER), 4 TX PSS (SUPERVISOR), 6 TX YPS (YOUTH).
 *
 * 2025 (the exact figures; the range asked for is 2025-01-15 .. 2025-06-10, i.e. the months 2025-01 .. 2025-06).
 * Certifications first issued (status ACTIVE unless said, issuedOn = firstIssuedOn, expiring two years later):
 *   MN  CPS  2024-12-31          out: the day before the first month
 *   MN  CPS  2025-01-03 x2       Jan (before `from`, but in its month)
 *   MN  CPS  2025-01-10 EXPIRED  Jan; it also lapsed: expiresOn 2025-03-05
 *   MN  CPS  2025-02-14, MN CFPS (FAMILY) 2025-02-14             Feb 2
 *   MN  CPSS (SUPERVISOR) 2025-02-20 x3                          not by default; Feb 3 with [SUPERVISOR]
 *   MN  CPS  2025-04-30          Apr
 *   MN  CPS  2025-06-30          Jun (after `to`, but in its month)
 *   MN  CPS  2025-07-01          out: the first day after the last month
 *   TX  MHPS 2025-01-31 x4       Jan
 *   TX  MHPS 2025-03-01 x2       Mar
 *   TX  PSS  (SUPERVISOR) 2025-03-10                             not by default; Mar 1 with [SUPERVISOR]
 *   TX  YPS  (YOUTH) 2025-05-15, TX MHPS PROVISIONAL 2025-05-15 x2                  May 3
 * Certifications by expiresOn (first issued 2020-01-01, issued 2023-01-01):
 *   MN  CPS  EXPIRED 2024-12-31 out; IN_GRACE 2025-01-20 Jan; LATE_RENEWAL 2025-03-31 Mar; EXPIRED 2025-03-05 Mar;
 *            ACTIVE 2025-03-15 Mar (recorded ACTIVE, expired by today); SUSPENDED 2025-03-15, INACTIVE 2025-04-10 not
 *            lapsed (decisions); EXPIRED 2025-07-01 out
 *   MN  CPSS EXPIRED 2025-02-10  not by default; Feb 1 with [SUPERVISOR]
 *   MN  CFPS IN_GRACE 2025-05-31 May
 *   TX  MHPS EXPIRED 2025-06-30 x2 Jun; IN_GRACE 2025-02-01 Feb; REVOKED 2025-02-15 not lapsed; LATE_RENEWAL 2025-07-01 out
 * Job postings by datePosted, whatever the status:
 *   MN  2024-12-31 OPEN out; 2025-01-15 OPEN Jan; 2025-02-01 CLOSED, 2025-02-10 EXPIRED, 2025-02-28 FILLED Feb 3;
 *       2025-07-01 OPEN out; a DRAFT with no datePosted never counts
 *   TX  2025-04-01 PAUSED, 2025-04-30 EXPIRED Apr 2; 2025-06-30 OPEN Jun
 * Assistance applications (fund 1 MN, fund 2 TX) by decidedAt in UTC, APPROVED or DISBURSED only:
 *   MN  APPROVED 50000 2024-12-31T23:30Z out (December in UTC); APPROVED 10000 2025-01-01T00:10Z Jan;
 *       DISBURSED 25000 2025-03-31T23:30Z Mar; APPROVED 12345 2025-04-01T00:10Z Apr; DISBURSED 7000 2025-06-30T23:59Z Jun;
 *       APPROVED 9999 2025-07-01T00:00Z out; DENIED 2025-03-10, WAITLISTED 2025-03-12, WITHDRAWN 2025-02-03,
 *       SUBMITTED (undecided) never count
 *   TX  APPROVED 30000 2025-03-15T12:00Z, DISBURSED 20000 2025-03-01T00:00Z Mar 2 (50000); DENIED 2025-05-05 never
 *
 * 2026 (the small-count rule; months 2026-01 .. 2026-03), with generate_series for the counts above 10:
 *   issued   MN Jan 12, Feb 3, Mar 0      TX Jan 11, Feb 0, Mar 5
 *   lapsed   MN Jan 11 (EXPIRED)           TX none
 *   opened   MN Jan 0, Feb 15, Mar 1      TX Jan 0, Feb 4, Mar 20
 *   awards   MN Jan 11 x 100 cents, Feb 1 x 2500 cents        TX Jan 2 x 4000 cents
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
    (4, 2, 2, 'PSS', 'Peer Specialist Supervisor', 'SUPERVISOR', 'NONE', '[]'),
    (5, 1, 1, 'CFPS', 'Certified Family Peer Specialist', 'FAMILY', 'FAMILY', '[]'),
    (6, 2, 2, 'YPS', 'Youth Peer Specialist', 'YOUTH', 'YOUTH', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'Ada', 'Larsen', 1), (2, 'Ben', 'Ortiz', 2)`);

  const cert = `insert into certification (person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on)`;
  // first issued in the month: issuedOn = firstIssuedOn, expiring two years later unless said
  const issued = (person: number, type: number, jurisdiction: number, day: string, status = 'ACTIVE', expires = `(date '${day}' + interval '2 years')::date`) =>
    `(${person}, ${type}, ${jurisdiction}, '${status}', date '${day}', date '${day}', ${expires})`;
  // lapsing in the month: first issued long before
  const lapsing = (person: number, type: number, jurisdiction: number, status: string, expires: string) =>
    `(${person}, ${type}, ${jurisdiction}, '${status}', date '2020-01-01', date '2023-01-01', date '${expires}')`;
  await hub.sql(`${cert} values
    ${issued(1, 1, 1, '2024-12-31')},
    ${issued(1, 1, 1, '2025-01-03')}, ${issued(1, 1, 1, '2025-01-03')},
    ${issued(1, 1, 1, '2025-01-10', 'EXPIRED', "date '2025-03-05'")},
    ${issued(1, 1, 1, '2025-02-14')}, ${issued(1, 5, 1, '2025-02-14')},
    ${issued(1, 2, 1, '2025-02-20')}, ${issued(1, 2, 1, '2025-02-20')}, ${issued(1, 2, 1, '2025-02-20')},
    ${issued(1, 1, 1, '2025-04-30')},
    ${issued(1, 1, 1, '2025-06-30')},
    ${issued(1, 1, 1, '2025-07-01')},
    ${issued(2, 3, 2, '2025-01-31')}, ${issued(2, 3, 2, '2025-01-31')}, ${issued(2, 3, 2, '2025-01-31')}, ${issued(2, 3, 2, '2025-01-31')},
    ${issued(2, 3, 2, '2025-03-01')}, ${issued(2, 3, 2, '2025-03-01')},
    ${issued(2, 4, 2, '2025-03-10')},
    ${issued(2, 6, 2, '2025-05-15')}, ${issued(2, 3, 2, '2025-05-15', 'PROVISIONAL', "date '2026-11-15'")}, ${issued(2, 3, 2, '2025-05-15', 'PROVISIONAL', "date '2026-11-15'")}`);
  await hub.sql(`${cert} values
    ${lapsing(1, 1, 1, 'EXPIRED', '2024-12-31')},
    ${lapsing(1, 1, 1, 'IN_GRACE', '2025-01-20')},
    ${lapsing(1, 1, 1, 'LATE_RENEWAL', '2025-03-31')},
    ${lapsing(1, 1, 1, 'EXPIRED', '2025-03-05')},
    ${lapsing(1, 1, 1, 'ACTIVE', '2025-03-15')},
    ${lapsing(1, 1, 1, 'SUSPENDED', '2025-03-15')},
    ${lapsing(1, 1, 1, 'INACTIVE', '2025-04-10')},
    ${lapsing(1, 1, 1, 'EXPIRED', '2025-07-01')},
    ${lapsing(1, 2, 1, 'EXPIRED', '2025-02-10')},
    ${lapsing(1, 5, 1, 'IN_GRACE', '2025-05-31')},
    ${lapsing(2, 3, 2, 'EXPIRED', '2025-06-30')}, ${lapsing(2, 3, 2, 'EXPIRED', '2025-06-30')},
    ${lapsing(2, 3, 2, 'IN_GRACE', '2025-02-01')},
    ${lapsing(2, 3, 2, 'REVOKED', '2025-02-15')},
    ${lapsing(2, 3, 2, 'LATE_RENEWAL', '2025-07-01')}`);

  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values
    (1, 1, 'North Star Peer Network', 'PEER_RUN_ORGANIZATION', 'Duluth'), (2, 2, 'Lone Star Recovery', 'COMMUNITY_MENTAL_HEALTH_CENTER', 'Austin')`);
  const job = `insert into job_posting (employer_id, jurisdiction_id, title, description, role, employment_type, city,
    pay_min_cents, pay_max_cents, pay_unit, certification_requirement, date_posted, status)`;
  const posting = (employer: number, day: string | null, status: string) =>
    `(${employer}, ${employer}, 'Peer specialist', 'Peer support', 'PEER_SPECIALIST', 'FULL_TIME', '${employer === 1 ? 'Duluth' : 'Austin'}',
      2000, 2400, 'HOUR', 'REQUIRED', ${day ? `date '${day}'` : 'null'}, '${status}')`;
  await hub.sql(`${job} values
    ${posting(1, '2024-12-31', 'OPEN')}, ${posting(1, '2025-01-15', 'OPEN')},
    ${posting(1, '2025-02-01', 'CLOSED')}, ${posting(1, '2025-02-10', 'EXPIRED')}, ${posting(1, '2025-02-28', 'FILLED')},
    ${posting(1, '2025-07-01', 'OPEN')}, ${posting(1, null, 'DRAFT')},
    ${posting(2, '2025-04-01', 'PAUSED')}, ${posting(2, '2025-04-30', 'EXPIRED')}, ${posting(2, '2025-06-30', 'OPEN')}`);

  await hub.sql(`insert into assistance_fund (id, jurisdiction_id, sponsor, name, purposes, fiscal_year, budget_cents, opens_on) values
    (1, 1, 'PeerForce', 'MN training fund', '{TRAINING}', 2025, 10000000, '2024-07-01'),
    (2, 2, 'PeerForce', 'TX training fund', '{TRAINING}', 2025, 10000000, '2024-07-01')`);
  const application = `insert into assistance_application (fund_id, applicant_id, purpose, requested_cents, awarded_cents, status, submitted_at, decided_at)`;
  const applied = (fund: number, status: string, awarded: number | null, decided: string | null) =>
    `(${fund}, ${fund}, 'TRAINING', 60000, ${awarded ?? 'null'}, '${status}', timestamptz '2024-11-01T09:00:00Z', ${decided ? `timestamptz '${decided}'` : 'null'})`;
  await hub.sql(`${application} values
    ${applied(1, 'APPROVED', 50000, '2024-12-31T23:30:00Z')},
    ${applied(1, 'APPROVED', 10000, '2025-01-01T00:10:00Z')},
    ${applied(1, 'DISBURSED', 25000, '2025-03-31T23:30:00Z')},
    ${applied(1, 'APPROVED', 12345, '2025-04-01T00:10:00Z')},
    ${applied(1, 'DISBURSED', 7000, '2025-06-30T23:59:00Z')},
    ${applied(1, 'APPROVED', 9999, '2025-07-01T00:00:00Z')},
    ${applied(1, 'DENIED', null, '2025-03-10T15:00:00Z')},
    ${applied(1, 'WAITLISTED', null, '2025-03-12T15:00:00Z')},
    ${applied(1, 'WITHDRAWN', null, '2025-02-03T10:00:00Z')},
    ${applied(1, 'SUBMITTED', null, null)},
    ${applied(2, 'APPROVED', 30000, '2025-03-15T12:00:00Z')},
    ${applied(2, 'DISBURSED', 20000, '2025-03-01T00:00:00Z')},
    ${applied(2, 'DENIED', null, '2025-05-05T12:00:00Z')}`);

  // 2026: the small-count rule
  const many = (n: number, row: string) => `select ${row} from generate_series(1, ${n}) i`;
  await hub.sql(`${cert} ${many(12, `1, 1, 1, 'ACTIVE', date '2026-01-05', date '2026-01-05', date '2028-01-05'`)}`);
  await hub.sql(`${cert} ${many(3, `1, 1, 1, 'ACTIVE', date '2026-02-05', date '2026-02-05', date '2028-02-05'`)}`);
  await hub.sql(`${cert} ${many(11, `2, 3, 2, 'ACTIVE', date '2026-01-20', date '2026-01-20', date '2028-01-20'`)}`);
  await hub.sql(`${cert} ${many(5, `2, 3, 2, 'ACTIVE', date '2026-03-20', date '2026-03-20', date '2028-03-20'`)}`);
  await hub.sql(`${cert} ${many(11, `1, 1, 1, 'EXPIRED', date '2020-01-01', date '2024-01-01', date '2026-01-15'`)}`);
  const jobRow = (employer: number, day: string) =>
    `${employer}, ${employer}, 'Peer specialist ' || i, 'Peer support', 'PEER_SPECIALIST', 'FULL_TIME', 'Town', 2000, 2400, 'HOUR', 'REQUIRED', date '${day}', 'OPEN'`;
  await hub.sql(`${job} ${many(15, jobRow(1, '2026-02-11'))}`);
  await hub.sql(`${job} ${many(1, jobRow(1, '2026-03-11'))}`);
  await hub.sql(`${job} ${many(4, jobRow(2, '2026-02-12'))}`);
  await hub.sql(`${job} ${many(20, jobRow(2, '2026-03-12'))}`);
  const award = (fund: number, cents: number, decided: string) =>
    `${fund}, ${fund}, 'EXAM', 60000, ${cents}, 'APPROVED', timestamptz '2025-12-01T09:00:00Z', timestamptz '${decided}'`;
  await hub.sql(`${application} ${many(11, award(1, 100, '2026-01-10T12:00:00Z'))}`);
  await hub.sql(`${application} ${many(1, award(1, 2500, '2026-02-10T12:00:00Z'))}`);
  await hub.sql(`${application} ${many(2, award(2, 4000, '2026-01-10T12:00:00Z'))}`);
}

const RANGE = { from: '2025-01-15', to: '2025-06-10' };
const MONTHS_2025 = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01'];
const RANGE_2026 = { from: '2026-01-31', to: '2026-03-01' };

/** Today for the whole file: after every month of both data sets, so that each certification expired in them has lapsed. */
const TODAY = '2026-06-01';

beforeAll(async () => {
  freezeToday(TODAY);
  hub = await startTestHub();
  await insertDataSet(hub);
  /*
   * The session's time zone is one east of UTC, so that a series reading decidedAt in the session's zone instead of
   * UTC would move the awards decided late on the last day of a month into the next. PGlite has one session for
   * every connection; on a server the database default reaches connections opened from now on. The expected figures
   * are in UTC whatever the setting.
   */
  const [{ db }] = await hub.sql<{ db: string }>('select current_database() as db');
  await hub.sql(`alter database "${db}" set timezone to 'Pacific/Auckland'`);
  await hub.sql(`set timezone to 'Pacific/Auckland'`);
});
afterAll(async () => {
  await hub?.close();
  unfreezeToday();
});

describe('workforceTimeSeries: monthly figures', () => {
  it('counts each measure by month over whole months, for MN, TX and in total, empty months as 0 (ADMIN)', async () => {
    const result = await series(RANGE);
    // from 2025-01-15 and to 2025-06-10 fall mid-month: the series runs from January to June, both whole
    expect(result.months).toEqual(MONTHS_2025);
    expect(result.byJurisdiction.map((s) => s.jurisdiction!.code)).toEqual(['MN', 'TX']);
    expect(table(result)).toEqual({
      MN: {
        // Jan: 2025-01-03 x2 + the EXPIRED one of 2025-01-10; Feb: CPS + CFPS (FAMILY) of 2025-02-14, not the 3 CPSS;
        // Apr 2025-04-30; Jun 2025-06-30; not 2024-12-31 nor 2025-07-01
        issued: [3, 2, 0, 1, 0, 1],
        // Jan IN_GRACE 01-20; Mar LATE_RENEWAL 03-31, EXPIRED 03-05, and the one first issued 2025-01-10 (EXPIRED 03-05);
        // May the CFPS IN_GRACE 05-31; not ACTIVE/SUSPENDED 03-15, INACTIVE 04-10, the CPSS 02-10, 2024-12-31, 2025-07-01
        lapsed: [1, 0, 4, 0, 1, 0],
        // Jan 01-15 OPEN; Feb CLOSED 02-01, EXPIRED 02-10, FILLED 02-28; not 2024-12-31, 2025-07-01, the undated DRAFT
        opened: [1, 3, 0, 0, 0, 0],
        // Jan 01-01T00:10Z; Mar 03-31T23:30Z; Apr 04-01T00:10Z; Jun 06-30T23:59Z; not 2024-12-31T23:30Z, 2025-07-01T00:00Z,
        // nor DENIED, WAITLISTED, WITHDRAWN, SUBMITTED
        awards: [1, 0, 1, 1, 0, 1],
        cents: [10000, 0, 25000, 12345, 0, 7000],
      },
      TX: {
        // Jan 01-31 x4; Mar 03-01 x2, not the PSS; May YPS (YOUTH) + 2 PROVISIONAL MHPS
        issued: [4, 0, 2, 0, 3, 0],
        // Feb IN_GRACE 02-01; Jun EXPIRED 06-30 x2; not REVOKED 02-15 nor LATE_RENEWAL 2025-07-01
        lapsed: [0, 1, 0, 0, 0, 2],
        // Apr PAUSED 04-01 and EXPIRED 04-30; Jun OPEN 06-30
        opened: [0, 0, 0, 2, 0, 1],
        // Mar 30000 (03-15) + 20000 (03-01T00:00Z)
        awards: [0, 0, 2, 0, 0, 0],
        cents: [0, 0, 50000, 0, 0, 0],
      },
      totals: {
        issued: [7, 2, 2, 1, 3, 1],
        lapsed: [1, 1, 4, 0, 1, 2],
        opened: [1, 3, 0, 2, 0, 1],
        awards: [1, 0, 3, 1, 0, 1],
        cents: [10000, 0, 75000, 12345, 0, 7000],
      },
    });
  });

  it('counts SUPERVISOR credentials only when asked, and only the categories asked for', async () => {
    const supervisors = table(await series({ ...RANGE, credentialCategories: ['SUPERVISOR'] }));
    // MN: CPSS first issued 2025-02-20 x3, CPSS EXPIRED 2025-02-10; TX: PSS first issued 2025-03-10
    expect(supervisors.MN.issued).toEqual([0, 3, 0, 0, 0, 0]);
    expect(supervisors.MN.lapsed).toEqual([0, 1, 0, 0, 0, 0]);
    expect(supervisors.TX.issued).toEqual([0, 0, 1, 0, 0, 0]);
    expect(supervisors.TX.lapsed).toEqual([0, 0, 0, 0, 0, 0]);
    expect(supervisors.totals.issued).toEqual([0, 3, 1, 0, 0, 0]);
    expect(supervisors.totals.lapsed).toEqual([0, 1, 0, 0, 0, 0]);
    // the categories touch the certification series only
    expect(supervisors.totals.opened).toEqual([1, 3, 0, 2, 0, 1]);
    expect(supervisors.totals.cents).toEqual([10000, 0, 75000, 12345, 0, 7000]);

    const peer = table(await series({ ...RANGE, credentialCategories: ['PEER'] }));
    // without FAMILY and YOUTH: MN Feb loses the CFPS, MN May loses the CFPS IN_GRACE, TX May loses the YPS
    expect(peer.MN.issued).toEqual([3, 1, 0, 1, 0, 1]);
    expect(peer.MN.lapsed).toEqual([1, 0, 4, 0, 0, 0]);
    expect(peer.TX.issued).toEqual([4, 0, 2, 0, 2, 0]);
    expect(peer.totals.issued).toEqual([7, 1, 2, 1, 2, 1]);

    const both = table(await series({ ...RANGE, credentialCategories: ['PEER', 'SUPERVISOR'] }));
    expect(both.totals.issued).toEqual([7, 4, 3, 1, 2, 1]);
    expect(both.totals.lapsed).toEqual([1, 2, 4, 0, 0, 2]);
  });

  it('a range within one month is one bucket, whatever the days', async () => {
    const result = await series({ from: '2025-03-05', to: '2025-03-20' });
    expect(result.months).toEqual(['2025-03-01']);
    // the whole of March: 03-05 (x2), 03-15 and 03-31 count though 03-31 is after `to`, and the award of 03-31T23:30Z
    expect(table(result)).toEqual({
      MN: { issued: [0], lapsed: [4], opened: [0], awards: [1], cents: [25000] },
      TX: { issued: [2], lapsed: [0], opened: [0], awards: [2], cents: [50000] },
      totals: { issued: [2], lapsed: [4], opened: [0], awards: [3], cents: [75000] },
    });
    const day = await series({ from: '2025-04-01', to: '2025-04-01' });
    expect(day.months).toEqual(['2025-04-01']);
    expect(table(day).totals).toEqual({ issued: [1], lapsed: [0], opened: [2], awards: [1], cents: [12345] });
  });

  it('by quarter: each quarter sums its months, the range widened to whole quarters, the limit counted in months', async () => {
    // from mid-February to mid-May: Q1 and Q2 of 2025 whole, so January and June count too
    const result = await series({ from: '2025-02-14', to: '2025-05-02', interval: 'QUARTER' });
    expect(result.months).toEqual(['2025-01-01', '2025-04-01']);
    const monthly = table(await series(RANGE));
    const byQuarter = (months: number[]) => [months[0] + months[1] + months[2], months[3] + months[4] + months[5]];
    const expected = Object.fromEntries(
      Object.entries(monthly).map(([key, columns]) => [key, Object.fromEntries(Object.entries(columns).map(([measure, months]) => [measure, byQuarter(months as number[])]))]),
    );
    expect(table(result)).toEqual(expected);
    expect(table(result).totals.issued).toEqual([11, 5]);
    const answer = await hub.query<any>('query($filter: WorkforceSeriesFilter!) { workforceTimeSeries(filter: $filter) { interval } }', {
      filter: { from: '2025-02-14', to: '2025-05-02', interval: 'QUARTER' },
    });
    expect(answer.data.workforceTimeSeries.interval).toBe('QUARTER');

    // the limit counts months: 80 quarters are 240 months, 81 are refused
    expect((await series({ from: '2000-02-01', to: '2019-12-31', interval: 'QUARTER' })).months).toHaveLength(80);
    const tooLong = await expectBadInput({ from: '2000-01-01', to: '2020-01-01', interval: 'QUARTER' });
    expect(tooLong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 240, value: 243 });
  });

  it('jurisdictions: only those asked for, and totals over them alone', async () => {
    const result = await series({ ...RANGE, jurisdictions: ['TX'] });
    expect(result.byJurisdiction.map((s) => s.jurisdiction!.code)).toEqual(['TX']);
    const figures = table(result);
    expect(figures.TX).toEqual({
      issued: [4, 0, 2, 0, 3, 0],
      lapsed: [0, 1, 0, 0, 0, 2],
      opened: [0, 0, 0, 2, 0, 1],
      awards: [0, 0, 2, 0, 0, 0],
      cents: [0, 0, 50000, 0, 0, 0],
    });
    expect(figures.totals).toEqual(figures.TX);
    // codes are USPS codes, upper-cased and without repeats
    const same = await series({ ...RANGE, jurisdictions: ['tx', 'TX'] });
    expect(same.byJurisdiction.map((s) => s.jurisdiction!.code)).toEqual(['TX']);
    expect(table(same).totals).toEqual(figures.TX);
  });
});

describe('workforceTimeSeries: the filter', () => {
  it('refuses from after to', async () => {
    const result = await expectBadInput({ from: '2025-03-01', to: '2025-02-28' });
    expect(result.errors![0].extensions!.argument).toBe('filter.from');
  });

  it('refuses more than 240 months, and accepts 240', async () => {
    // 2000-01 .. 2020-01: 20 * 12 + 1 = 241 months
    const tooLong = await expectBadInput({ from: '2000-01-15', to: '2020-01-01' });
    expect(tooLong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 240, value: 241 });
    // 2000-01 .. 2019-12: 240 months
    const longest = await series({ from: '2000-01-31', to: '2019-12-01' });
    expect(longest.months).toHaveLength(240);
    expect(longest.months[0]).toBe('2000-01-01');
    expect(longest.months[239]).toBe('2019-12-01');
    expect(longest.totals).toHaveLength(240);
    expect(longest.byJurisdiction.map((s) => s.months.length)).toEqual([240, 240]);
    // nothing of the data set falls before 2020 (the earliest day is a first issue on 2020-01-01): every month is 0
    expect(longest.totals.every((m) => m.certificationsIssued.value === 0)).toBe(true);
  });

  it('refuses a jurisdiction the hub does not have', async () => {
    await expectBadInput({ ...RANGE, jurisdictions: ['ZZ'] });
    await expectBadInput({ ...RANGE, jurisdictions: ['TX', 'ZZ'] });
    await expectBadInput({ ...RANGE, jurisdictions: [] });
    await expectBadInput({ ...RANGE, jurisdictions: ['Texas'] });
  });
});

describe('workforceTimeSeries: the small-count rule', () => {
  // the 2026 data set; each figure as it is to ADMIN
  const EXACT = {
    MN: { issued: [12, 3, 0], lapsed: [11, 0, 0], opened: [0, 15, 1], awards: [11, 1, 0], cents: [1100, 2500, 0] },
    TX: { issued: [11, 0, 5], lapsed: [0, 0, 0], opened: [0, 4, 20], awards: [2, 0, 0], cents: [8000, 0, 0] },
    totals: { issued: [23, 3, 5], lapsed: [11, 0, 0], opened: [0, 19, 21], awards: [13, 1, 0], cents: [9100, 2500, 0] },
  };

  it('ADMIN and an analyst of every jurisdiction read every figure', async () => {
    const admin = await series(RANGE_2026);
    expect(admin.months).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(table(admin)).toEqual(EXACT);
    const analyst = await series(RANGE_2026, await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN', 'TX'] }));
    expect(table(analyst)).toEqual(EXACT);
  });

  it('PUBLIC: 1 to 10 withheld, 0 and above 10 shown; a total withheld with any of its cells', async () => {
    const result = await series(RANGE_2026, await as('PUBLIC'));
    expect(table(result)).toEqual({
      MN: {
        issued: [12, W, 0], // 3 withheld
        lapsed: [11, 0, 0],
        opened: [0, 15, W], // 1 withheld
        awards: [11, W, 0], // 1 withheld
        cents: [1100, W, 0], // withheld with its award count
      },
      TX: {
        issued: [11, 0, W], // 5 withheld
        lapsed: [0, 0, 0],
        opened: [0, W, 20], // 4 withheld
        awards: [W, 0, 0], // 2 withheld
        cents: [W, 0, 0],
      },
      totals: {
        // Jan 23 = 12 + 11, both shown; Feb 3 and Mar 5 are small and rest on withheld cells
        issued: [23, W, W],
        lapsed: [11, 0, 0],
        // Feb 19 = 15 + 4 and Mar 21 = 1 + 20 are above 10, but would give away TX's 4 and MN's 1
        opened: [0, W, W],
        // Jan 13 = 11 + 2 would give away TX's 2
        awards: [W, W, 0],
        cents: [W, W, 0],
      },
    });
  });

  it('an analyst of MN reads MN, not TX, no total that would give TX away, and small totals of MN records alone', async () => {
    const result = await series(RANGE_2026, await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] }));
    expect(table(result)).toEqual({
      MN: EXACT.MN,
      TX: {
        issued: [11, 0, W],
        lapsed: [0, 0, 0],
        opened: [0, W, 20],
        awards: [W, 0, 0],
        cents: [W, 0, 0],
      },
      totals: {
        // Feb 3 = MN's 3 + TX's 0: small, but TX (no rights) contributes no record, and MN's 3 is the analyst's: shown;
        // Mar 5 rests on TX's withheld 5
        issued: [23, 3, W],
        lapsed: [11, 0, 0],
        // Feb 19 would give away TX's 4; Mar 21 = MN's 1 (shown to this analyst) + TX's 20 is shown
        opened: [0, W, 21],
        // Jan 13 would give away TX's 2; Feb 1 = MN's 1 + TX's 0: small with MN records alone, shown (2500 cents with it)
        awards: [W, 1, 0],
        cents: [W, 2500, 0],
      },
    });
    // asked for MN alone, the totals are MN's, all shown to its analyst
    const mnOnly = await series({ ...RANGE_2026, jurisdictions: ['MN'] }, await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] }));
    expect(table(mnOnly)).toEqual({ MN: EXACT.MN, totals: EXACT.MN });
    // and to PUBLIC the same totals are withheld where MN's cells are
    const mnPublic = table(await series({ ...RANGE_2026, jurisdictions: ['MN'] }, await as('PUBLIC')));
    expect(mnPublic.totals).toEqual(mnPublic.MN);
    expect(mnPublic.totals.issued).toEqual([12, W, 0]);
  });
});

describe('workforceTimeSeries: statements', () => {
  const count = async (filter: Record<string, unknown>, withJurisdiction: boolean) => {
    const result = await hub.query<{ workforceTimeSeries: Series }>(seriesQuery(withJurisdiction), { filter });
    expect(result.errors).toBeUndefined();
    return { months: result.data!.workforceTimeSeries.months.length, statements: result.extensions?.sqlStatements };
  };

  it('one statement for the figures, one more for the jurisdictions, whatever the number of months', async () => {
    const twoMonths = { from: '2025-05-20', to: '2025-06-10' };
    const twoYears = { from: '2024-07-15', to: '2026-06-15' };
    expect(await count(twoMonths, false)).toEqual({ months: 2, statements: 1 });
    expect(await count(twoYears, false)).toEqual({ months: 24, statements: 1 });
    expect(await count(twoMonths, true)).toEqual({ months: 2, statements: 2 });
    expect(await count(twoYears, true)).toEqual({ months: 24, statements: 2 });
    // the same as PUBLIC, where figures are withheld
    const result = await hub.query(seriesQuery(true), { filter: twoYears }, await as('PUBLIC'));
    expect(result.errors).toBeUndefined();
    expect(result.extensions?.sqlStatements).toBe(2);
  });
});

describe('workforceTimeSeries on the seeded data, against plain SQL', () => {
  let seeded: TestHub;
  beforeAll(async () => {
    seeded = await startTestHub({ seedScale: 1 });
  });
  afterAll(() => seeded?.close());

  it('every month of two years, for MN, TX and in total, equals a count written here from the definitions', async () => {
    const result = await seeded.query<{ workforceTimeSeries: Series }>(seriesQuery(), { filter: { from: '2024-11-15', to: '2026-11-01' } });
    expect(result.errors).toBeUndefined();
    const got = result.data!.workforceTimeSeries;
    expect(got.months).toHaveLength(25);

    // one row per state and month that has anything; the months between are 0
    const expected = await seeded.sql<{ code: string; month: string; issued: number; lapsed: number; opened: number; awards: number; awarded: number }>(`
      with months as (select to_char(m, 'YYYY-MM-DD') as month from generate_series(date '2024-11-01', date '2026-11-01', interval '1 month') m),
      peer as (select id from credential_type where category in ('PEER', 'FAMILY', 'YOUTH'))
      select j.code, m.month,
        (select count(*) from certification c where c.jurisdiction_id = j.id and c.credential_type_id in (select id from peer)
           and to_char(c.first_issued_on, 'YYYY-MM-01') = m.month)::int as issued,
        (select count(*) from certification c where c.jurisdiction_id = j.id and c.credential_type_id in (select id from peer)
           and c.status in ('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED') and c.expires_on < date '${TODAY}'
           and to_char(c.expires_on, 'YYYY-MM-01') = m.month)::int as lapsed,
        (select count(*) from job_posting p where p.jurisdiction_id = j.id and to_char(p.date_posted, 'YYYY-MM-01') = m.month)::int as opened,
        (select count(*) from assistance_application a join assistance_fund f on f.id = a.fund_id where f.jurisdiction_id = j.id
           and a.status in ('APPROVED', 'DISBURSED') and to_char(a.decided_at at time zone 'UTC', 'YYYY-MM-01') = m.month)::int as awards,
        (select coalesce(sum(a.awarded_cents), 0) from assistance_application a join assistance_fund f on f.id = a.fund_id where f.jurisdiction_id = j.id
           and a.status in ('APPROVED', 'DISBURSED') and to_char(a.decided_at at time zone 'UTC', 'YYYY-MM-01') = m.month)::float8 as awarded
      from jurisdiction j cross join months m order by j.code, m.month`);
    const values = (months: Month[]) =>
      months.map((m) => [m.month, m.certificationsIssued.value, m.certificationsLapsed.value, m.postingsOpened.value, m.assistanceAwards.value, m.assistanceAwardedCents.value]);
    for (const [i, code] of ['MN', 'TX'].entries()) {
      expect(got.byJurisdiction[i].jurisdiction!.code).toBe(code);
      expect(values(got.byJurisdiction[i].months)).toEqual(
        expected.filter((row) => row.code === code).map((row) => [row.month, row.issued, row.lapsed, row.opened, row.awards, row.awarded]),
      );
    }
    const sum = (month: string, key: 'issued' | 'lapsed' | 'opened' | 'awards' | 'awarded') =>
      expected.filter((row) => row.month === month).reduce((total, row) => total + row[key], 0);
    expect(values(got.totals)).toEqual(got.months.map((month) => [month, sum(month, 'issued'), sum(month, 'lapsed'), sum(month, 'opened'), sum(month, 'awards'), sum(month, 'awarded')]));
    // the seeded data has something in most months: the comparison is not of zeros
    expect(expected.filter((row) => row.issued > 0 && row.opened > 0).length).toBeGreaterThan(10);
  });
});
