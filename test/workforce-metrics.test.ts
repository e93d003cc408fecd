/**
 * workforceMetrics: the workforce dashboard (src/domain/metrics/workforce.ts, workforce-sql.ts, disclosure.ts, inputs.ts).
 *
 * 1. On a data set built by hand (MN, TX and an empty WI), every figure of WorkforceFigures and FundFigures worked out on
 *    paper from its definition, with rows on the boundaries of each definition, compared exactly for every jurisdiction
 *    and the totals; the filter's defaults and echo, the jurisdictions filter and bad input; the small-count rule for
 *    PUBLIC and the other non-analyst roles, an analyst of MN, an analyst of MN and TX and ADMIN; the statements a
 *    request costs (one per area selected, plus the entity fields).
 * 2. On the seeded data (scale 1, asOf the seed's reference day, the default period), every figure, for MN, TX and the
 *    totals, against plain SQL written here from the definitions; and, as PUBLIC, the suppression of exactly the
 *    figures resting on 1 to 10 records (or on a withheld component).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/global-id';
import { as, expectError, freezeToday, startTestHub, unfreezeToday, type GraphQLResponse, type TestHub } from './kit';

let hub: TestHub;

// ---------------------------------------------------------------------------------------------------------------------
// Selections and expected values
// ---------------------------------------------------------------------------------------------------------------------

const P = '{ value suppressed }';
/** Every field of WorkforceFigures. */
const FIGURES = `population activeCertifications ${P} provisionalCertifications ${P} activePer100k ${P}
  expiringWithin30Days ${P} expiringWithin60Days ${P} expiringWithin90Days ${P} newlyCertified ${P} lapsed ${P} renewalsDue ${P}
  renewedOnTime ${P} renewalRate ${P} medianDaysTrainingToFullCertification ${P} internsAwaitingSupervisor ${P} openSupervisorSlots ${P}
  openJobPostings ${P} medianHourlyPayCents ${P} shareOfPostingsRequiringCertification ${P}
  assistanceBudgetCents assistanceRemainingCents assistanceRequestedCents ${P} assistanceAwardedCents ${P} assistanceDisbursedCents ${P}
  medianDaysToAssistanceDecision ${P}`;
/** Every field of FundFigures, with the fund's name. */
const FUND = `fund { name } budgetCents remainingCents applications ${P} requestedCents ${P} awardedCents ${P} disbursedCents ${P}`;
/** Everything workforceMetrics answers. */
const EVERYTHING = `asOf period { from to } credentialCategories
  totals { ${FIGURES} }
  byJurisdiction { jurisdiction { code name } ${FIGURES} funds { ${FUND} } }`;

interface Published {
  value: number | null;
  suppressed: boolean;
}
const shown = (value: number | null): Published => ({ value, suppressed: false });
const WITHHELD: Published = { value: null, suppressed: true };

type Figures = Record<string, any>;

/** The raw figures of a row, named after the definitions (renewalsDue is renewed + lapsed). */
interface Worked {
  population: number;
  /** The population of the jurisdictions keeping certification records, when not all of `population`. */
  certifiedPopulation?: number;
  active: number;
  provisional: number;
  e30: number;
  e60: number;
  e90: number;
  newly: number;
  lapsed: number;
  renewalsDue: number;
  renewedOnTime: number;
  toFullMedian: number | null;
  awaiting: number;
  openSlots: number;
  openPostings: number;
  requiring: number;
  medianPay: number | null;
  budget: number;
  remaining: number;
  requested: number;
  awarded: number;
  disbursed: number;
  decisionMedian: number | null;
}

/** The published figures of a row when nothing is withheld (ADMIN); ratios divided as the definitions say. */
function figures(w: Worked): Figures {
  return {
    population: w.population,
    activeCertifications: shown(w.active),
    provisionalCertifications: shown(w.provisional),
    activePer100k: shown((w.certifiedPopulation ?? w.population) ? (w.active * 100000) / (w.certifiedPopulation ?? w.population) : null),
    expiringWithin30Days: shown(w.e30),
    expiringWithin60Days: shown(w.e60),
    expiringWithin90Days: shown(w.e90),
    newlyCertified: shown(w.newly),
    lapsed: shown(w.lapsed),
    renewalsDue: shown(w.renewalsDue),
    renewedOnTime: shown(w.renewedOnTime),
    renewalRate: shown(w.renewalsDue ? w.renewedOnTime / w.renewalsDue : null),
    medianDaysTrainingToFullCertification: shown(w.toFullMedian),
    internsAwaitingSupervisor: shown(w.awaiting),
    openSupervisorSlots: shown(w.openSlots),
    openJobPostings: shown(w.openPostings),
    medianHourlyPayCents: shown(w.medianPay),
    shareOfPostingsRequiringCertification: shown(w.openPostings ? w.requiring / w.openPostings : null),
    assistanceBudgetCents: w.budget,
    assistanceRemainingCents: w.remaining,
    assistanceRequestedCents: shown(w.requested),
    assistanceAwardedCents: shown(w.awarded),
    assistanceDisbursedCents: shown(w.disbursed),
    medianDaysToAssistanceDecision: shown(w.decisionMedian),
  };
}

/** A copy of the figures with `keys` withheld. */
function withhold<T extends Figures>(figures: T, ...keys: string[]): T {
  const copy: Figures = { ...figures };
  for (const key of keys) {
    expect(copy[key], key).toBeDefined();
    copy[key] = WITHHELD;
  }
  return copy as T;
}

const fund = (name: string, budget: number, remaining: number, applications: number, requested: number, awarded: number, disbursed: number) => ({
  fund: { name },
  budgetCents: budget,
  remainingCents: remaining,
  applications: shown(applications),
  requestedCents: shown(requested),
  awardedCents: shown(awarded),
  disbursedCents: shown(disbursed),
});

async function workforce(filter: Record<string, unknown> | null, selection = EVERYTHING, headers?: Record<string, string>) {
  const result = await hub.query<{ workforceMetrics: any }>(
    `query($filter: WorkforceMetricsFilter) { workforceMetrics(filter: $filter) { ${selection} } }`,
    { filter },
    headers,
  );
  expect(result.errors).toBeUndefined();
  expect(result.status).toBe(200);
  return { ...result.data!.workforceMetrics, sqlStatements: result.extensions?.sqlStatements as number };
}

async function expectBadInput(filter: Record<string, unknown>): Promise<GraphQLResponse<unknown>> {
  const result = await hub.query('query($filter: WorkforceMetricsFilter) { workforceMetrics(filter: $filter) { asOf } }', { filter });
  expectError(result, 400, 'BAD_USER_INPUT');
  return result;
}

// ---------------------------------------------------------------------------------------------------------------------
// 1. The data set built by hand
// ---------------------------------------------------------------------------------------------------------------------

/*
 * Reference: asOf A = 2026-06-30 (A+30 = 2026-07-30, A+60 = 2026-08-29, A+90 = 2026-09-28); period F..T =
 * 2025-07-01..2026-12-31, so that it runs past asOf and "on or before asOf" matters; flows end at min(T, A) = A.
 *
 * Jurisdictions: 1 MN (population 5,700,000), 2 TX (30,500,000), 3 WI (5,900,000, nothing else: every figure 0).
 * Credential types: 1 MN CPS (PEER), 2 MN CPSS (SUPERVISOR), 3 MN CFPS (FAMILY), 4 TX MHPS (PEER), 5 TX PSS (SUPERVISOR).
 *
 * MN certifications (first issued / issued / expires / last renewed / full / training):
 *   1  CPS  ACTIVE        2024-09-29 2024-09-29 2026-09-29  -          2024-09-29 2024-08-01  active; expires A+91: not within 90
 *   2  CPS  ACTIVE        2024-06-30 2024-06-30 2026-06-30  -          2024-06-30 -           active (expires on A); within 30
 *   3  CPS  ACTIVE        2024-07-30 2024-07-30 2026-07-30  -          2024-07-30 -           active; expires A+30: within 30
 *   4  CPS  ACTIVE        2024-07-31 2024-07-31 2026-07-31  -          2024-07-31 -           active; A+31: within 60, not 30
 *   5  CPS  ACTIVE        2026-07-01 2026-07-01 2028-07-01  -          2026-07-01 2026-05-01  issued after A: not active; first issued
 *                                                                                             in the period but after A: not newly;
 *                                                                                             full after A: not in the median
 *   6  CPS  ACTIVE        2024-05-01 2024-05-01 2026-06-29  -          2024-05-01 -           ACTIVE but expired by date (A-1)
 *   7  CFPS ACTIVE        2024-09-28 2024-09-28 2026-09-28  -          2024-09-28 -           FAMILY: active; A+90: within 90
 *   8  CPSS ACTIVE        2025-02-01 2025-02-01 2027-02-01  -          2025-02-01 -           SUPERVISOR: left out by default;
 *                                                                                             supervisor 1's credential, in force
 *   9  CPSS IN_GRACE      2024-01-01 2024-01-01 2026-01-01  -          2024-01-01 -           SUPERVISOR: lapsed with [SUPERVISOR];
 *                                                                                             supervisor 2's credential, expired
 *   10 CPS  ACTIVE        2022-08-01 2025-08-01 2027-08-01  2025-07-20 2022-08-01 -           active; renewed on time
 *   11 CPS  ACTIVE        2022-09-15 2025-09-15 2027-09-15  2025-10-10 2022-09-15 -           active; renewed late
 *   12 CPS  SUSPENDED     2021-07-01 2025-07-01 2027-07-01  2025-07-01 2021-07-01 -           renewed on time, on F (since suspended)
 *   13 CPS  ACTIVE        2022-08-01 2026-08-01 2028-08-01  2026-07-15 2022-08-01 -           cycle began after A: not active,
 *                                                                                             its renewal not counted
 *   14 CPS  RELINQUISHED  2023-06-30 2025-06-30 2027-06-30  2025-06-01 2023-06-30 -           renewed before the period (F-1)
 *   15 CPS  IN_GRACE      2024-05-15 2024-05-15 2026-05-15  -          2024-05-15 -           lapsed
 *   16 CPS  EXPIRED       2023-07-01 2023-07-01 2025-07-01  -          2023-07-01 -           lapsed on F
 *   17 CPS  LATE_RENEWAL  2023-06-30 2023-06-30 2025-06-30  -          2023-06-30 -           lapsed before the period (F-1)
 *   18 CPS  IN_GRACE      2024-06-30 2024-06-30 2026-06-30  -          2024-06-30 -           expires on A: not before A, not lapsed
 *   19 CPS  EXPIRED       2024-08-15 2024-08-15 2026-08-15  -          2024-08-15 -           lapse after A (in the period): excluded
 *   20 CPS  SUSPENDED     2024-09-01 2024-09-01 2026-03-01  -          2024-09-01 -           not a lapse status
 *   21 CPS  ACTIVE        2025-07-01 2025-07-01 2027-07-01  -          2025-07-01 2025-05-02  active; newly (on F); 60 days
 *   22 CPS  ACTIVE        2025-01-10 2025-11-01 2027-11-01  -          2025-11-01 2024-12-01  active; upgraded; 335 days
 *   23 CPS  SUSPENDED     2025-09-01 2025-09-01 2027-09-01  -          2025-09-01 -           newly; no training: not in the median
 *   24 CPS  ACTIVE        2026-06-30 2026-06-30 2028-06-30  -          2026-06-30 2026-06-20  active (issued on A); newly; 10 days
 *   31 CPS  PROVISIONAL   2026-01-10 2026-01-10 2027-01-10                                    in force; logs under supervisors 1 and 3
 *   32 CPS  PROVISIONAL   2026-03-01 2026-03-01 2027-03-01                                    in force; its only log starts after A:
 *                                                                                             awaiting a supervisor
 *   33 CPS  PROVISIONAL   2026-04-01 2026-04-01 2027-04-01                                    in force; no log: awaiting
 *   34 CPS  PROVISIONAL   2025-06-30 2025-06-30 2026-06-29                                    expired by date (log under supervisor 1)
 *   35 CPS  PROVISIONAL   2026-08-01 2026-08-01 2027-08-01                                    issued after A (in the period): not newly
 *   36 CPS  PROVISIONAL   2025-06-01 2025-06-01 2026-12-01                                    in force; log under supervisor 3
 *   37..39 CPS PROVISIONAL 2026-09-01 2026-09-01 2027-09-01                                   issued after A (in the period): not newly
 * MN: active 1 2 3 4 7 10 11 21 22 24 = 10; within 30: 2 3 = 2; within 60: + 4 = 3; within 90: + 7 = 4;
 *     provisional 31 32 33 36 = 4; newly (first issued F..A) 21 23 24 31 32 33 = 6, not 5 35 37 38 39 (after A);
 *     lapsed 15 16 = 2;
 *     renewed 10 11 12 = 3, on time 10 12 = 2: renewalsDue 3 + 2 = 5, renewedOnTime 2, renewalRate 2/5;
 *     to full certification 60 (21), 335 (22), 10 (24): median 60 (odd count).
 *
 * TX certifications (MHPS unless said):
 *   101..112 ACTIVE   issued 2025-01-01, expires 2027-01-01 (first and full 2025-01-01)        12 active
 *   121..123 ACTIVE   2024-07-15 .. 2026-07-15                                                3 within 30
 *   131..139 ACTIVE   2024-08-15 .. 2026-08-15                                                9 more within 60
 *   141..142 ACTIVE   2024-09-01 .. 2026-09-01                                                2 more within 90
 *   151..165 ACTIVE   first 2024-01-15, issued 2026-01-15, expires 2028-01-15, renewed 2026-01-10 (i <= 11, on time)
 *                     or 2026-02-01 (late)                                                    15 renewed, 11 on time
 *   171..174 IN_GRACE 2024-06-01 .. 2026-06-01; 175 LATE_RENEWAL 2024-06-29 .. 2026-06-29 (A-1) 5 lapsed
 *   181..192 ACTIVE   first = issued = full = 2025-10-01 + i, training 10i days before        12 newly; 10, 20 .. 120 days
 *   201..214 PROVISIONAL 2026-02-01 .. 2027-02-01; 201..210 each logged under supervisor 10 + i  14 newly; 4 awaiting
 *   221 PSS ACTIVE 2025-05-01 .. 2027-05-01 (supervisor 23's credential, in force)
 *   222 PSS ACTIVE 2026-07-10 .. 2028-07-10 (supervisor 24's credential, not yet in force; first issued after A:
 *                  not newly, even with [SUPERVISOR])
 * TX: active 12 + 3 + 9 + 2 + 15 + 12 = 53; within 30: 3, 60: 12, 90: 14; provisional 14; newly 12 + 14 = 26;
 *     lapsed 5; renewalsDue 15 + 5 = 20, on time 11, rate 11/20; to full: 10..120, median (60 + 70) / 2 = 65 (even).
 *
 * Supervisors (capacity; load = supervisions accepted and in force on A, one per intern's log below):
 *   MN 1 (CPSS 8 in force) cap 3, load 1 (31; 31's second log does not count twice; 32 starts after A; 34 expired) -> 2
 *   MN 2 (CPSS 9 IN_GRACE) cap 4: not able to supervise, left out
 *   MN 3 (no credential) cap 1, load 2 (31, 36) -> 0, never below
 *   MN 4 (no credential) cap 0 -> 0
 *   TX 11..20 cap 2, load 1 -> 10; TX 21, 22 cap 2, load 0 -> 4; TX 23 (PSS 221) cap 5 -> 5; TX 24 (PSS 222, not in force) left out
 * MN: 3 supervisors, 2 open slots; awaiting 32 33 = 2. TX: 13 supervisors, 19 open slots; awaiting 211..214 = 4.
 *
 * Job postings (hourly pay = middle of the range per hour):
 *   MN OPEN HOUR  2000..2400    -> 2200, posted 2026-05-01, valid 2026-07-31, REQUIRED
 *   MN OPEN YEAR  3744000..4160000 -> 3952000 / 2080 = 1900, posted on A, no end, PREFERRED
 *   MN OPEN MONTH 340000..388000 -> 364000 * 12 / 2080 = 2100, posted 2026-04-01, valid through A, REQUIRED
 *   MN OPEN DAY   15200..16000  -> 15600 / 8 = 1950, posted 2026-02-01, no end, WILLING_TO_OBTAIN
 *   MN excluded: OPEN valid through A-1; OPEN posted A+1; FILLED
 *   TX OPEN HOUR  1500 + 100i .. 1700 + 100i -> 1600 + 100i (1700..2800), i = 1..12, posted 2026-01-15, REQUIRED for i <= 10
 *   TX OPEN WEEK  76000..84000  -> 2000, posted 2026-06-01, valid 2026-07-31, REQUIRED
 *   TX excluded: OPEN valid through A-1; OPEN never posted (no datePosted); DRAFT; PAUSED
 * MN: 4 open, 2 requiring (share 1/2), median of 1900 1950 2100 2200 = 2025 (even count).
 * TX: 13 open, 11 requiring (share 11/13), median of 1700 1800 1900 2000 2000 2100 [2200] 2300 .. 2800 = 2200 (odd).
 *
 * Assistance funds (open at some time in the period: opensOn <= T, closesOn null or >= F); applications up to A:
 *   1 MN Rural Peer Fund     2025-07-01..2026-06-30 budget 1,000,000 committed 300,000
 *       SUBMITTED 50,000 (2025-08-01T10:00Z); APPROVED 80,000 -> 60,000 (2025-09-01T00:00Z, decided 10.5 days later);
 *       DISBURSED 100,000 -> 100,000 (2025-10-01, 3 days); DENIED 40,000 (2026-01-05, 20 days);
 *       APPROVED 30,000 -> 30,000 submitted 2026-06-30T23:30Z (on A: counted), decided 2026-07-02 (after A: not a decision);
 *       SUBMITTED 70,000 at 2026-07-01T00:00Z (after A: excluded)
 *       -> 5 applications, 300,000 requested, 3 awards 190,000, 1 disbursement 100,000; remaining 700,000
 *   2 MN Old Fund            2024-07-01..2025-06-30 (closed F-1): excluded, its application decided in 2024
 *   3 MN Next Year Fund      opens 2026-12-31 (T), no close, budget 200,000: counted, with no applications
 *   4 TX Lone Star Fund      2025-09-01.., budget 5,000,000 committed 1,200,000
 *       12 DISBURSED 20,000 -> 15,000 (submitted 2025-10-01 + i days, decided i days later); 3 APPROVED 30,000 -> 25,000
 *       (decided after 12 h); 4 DENIED 10,000 (20 days); 2 SUBMITTED 40,000; 1 WITHDRAWN 10,000; 1 SUBMITTED at
 *       2026-07-01T00:00Z (excluded) -> 22 applications, 460,000 requested, 15 awards 255,000, 12 disbursements 180,000
 *   5 TX Small Fund          2026-01-01..2026-12-31, budget 800,000 committed 50,000
 *       2 APPROVED 25,000 -> 25,000 (2 days); 1 DENIED 5,000 (3 days) -> 3 applications, 55,000, 2 awards 50,000, 0 paid
 *   6 TX Future Fund         opens 2027-01-01 (T+1): excluded
 * MN: budget 1,200,000, remaining 900,000; decisions 3, 10.5, 20: median 10.5.
 * TX: budget 5,800,000, remaining 3,800,000 + 750,000 = 4,550,000; requested 515,000, awarded 305,000, disbursed 180,000;
 *     decisions (22) 0.5 x3, 1, 2 x3, 3 x2, 4, 5, [6 .. 12], 20 x4 -> 11th and 12th are 5 and 6: median 5.5.
 */
const AS_OF = '2026-06-30';
const PERIOD = { from: '2025-07-01', to: '2026-12-31' };
const FILTER = { asOf: AS_OF, period: PERIOD };

async function insertDataSet(hub: TestHub) {
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]'), (3, 'WI', 'Wisconsin', '55', 5900000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values
    (1, 1, 'MN Certification Board', 'CERTIFICATION_BOARD', '[]'), (2, 2, 'TX Certification Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (2, 1, 1, 'CPSS', 'Certified Peer Support Supervisor', 'SUPERVISOR', 'NONE', '[]'),
    (3, 1, 1, 'CFPS', 'Certified Family Peer Specialist', 'FAMILY', 'FAMILY', '[]'),
    (4, 2, 2, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'),
    (5, 2, 2, 'PSS', 'Peer Specialist Supervisor', 'SUPERVISOR', 'NONE', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values
    (1, 'Ada', 'Larsen', 1), (2, 'Ben', 'Ortiz', 2), (3, 'Cora', 'Lind', 1), (4, 'Dan', 'Reyes', 2)`);

  const cert = `insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on,
    last_renewed_on, full_certified_on, training_completed_on)`;
  const d = (day: string | null) => (day ? `date '${day}'` : 'null');
  const mn = (id: number, type: number, status: string, first: string, issued: string, expires: string, renewed: string | null, full: string | null, training: string | null = null) =>
    `(${id}, 1, ${type}, 1, '${status}', ${d(first)}, ${d(issued)}, ${d(expires)}, ${d(renewed)}, ${d(full)}, ${d(training)})`;
  await hub.sql(`${cert} values
    ${mn(1, 1, 'ACTIVE', '2024-09-29', '2024-09-29', '2026-09-29', null, '2024-09-29', '2024-08-01')},
    ${mn(2, 1, 'ACTIVE', '2024-06-30', '2024-06-30', '2026-06-30', null, '2024-06-30')},
    ${mn(3, 1, 'ACTIVE', '2024-07-30', '2024-07-30', '2026-07-30', null, '2024-07-30')},
    ${mn(4, 1, 'ACTIVE', '2024-07-31', '2024-07-31', '2026-07-31', null, '2024-07-31')},
    ${mn(5, 1, 'ACTIVE', '2026-07-01', '2026-07-01', '2028-07-01', null, '2026-07-01', '2026-05-01')},
    ${mn(6, 1, 'ACTIVE', '2024-05-01', '2024-05-01', '2026-06-29', null, '2024-05-01')},
    ${mn(7, 3, 'ACTIVE', '2024-09-28', '2024-09-28', '2026-09-28', null, '2024-09-28')},
    ${mn(8, 2, 'ACTIVE', '2025-02-01', '2025-02-01', '2027-02-01', null, '2025-02-01')},
    ${mn(9, 2, 'IN_GRACE', '2024-01-01', '2024-01-01', '2026-01-01', null, '2024-01-01')},
    ${mn(10, 1, 'ACTIVE', '2022-08-01', '2025-08-01', '2027-08-01', '2025-07-20', '2022-08-01')},
    ${mn(11, 1, 'ACTIVE', '2022-09-15', '2025-09-15', '2027-09-15', '2025-10-10', '2022-09-15')},
    ${mn(12, 1, 'SUSPENDED', '2021-07-01', '2025-07-01', '2027-07-01', '2025-07-01', '2021-07-01')},
    ${mn(13, 1, 'ACTIVE', '2022-08-01', '2026-08-01', '2028-08-01', '2026-07-15', '2022-08-01')},
    ${mn(14, 1, 'RELINQUISHED', '2023-06-30', '2025-06-30', '2027-06-30', '2025-06-01', '2023-06-30')},
    ${mn(15, 1, 'IN_GRACE', '2024-05-15', '2024-05-15', '2026-05-15', null, '2024-05-15')},
    ${mn(16, 1, 'EXPIRED', '2023-07-01', '2023-07-01', '2025-07-01', null, '2023-07-01')},
    ${mn(17, 1, 'LATE_RENEWAL', '2023-06-30', '2023-06-30', '2025-06-30', null, '2023-06-30')},
    ${mn(18, 1, 'IN_GRACE', '2024-06-30', '2024-06-30', '2026-06-30', null, '2024-06-30')},
    ${mn(19, 1, 'EXPIRED', '2024-08-15', '2024-08-15', '2026-08-15', null, '2024-08-15')},
    ${mn(20, 1, 'SUSPENDED', '2024-09-01', '2024-09-01', '2026-03-01', null, '2024-09-01')},
    ${mn(21, 1, 'ACTIVE', '2025-07-01', '2025-07-01', '2027-07-01', null, '2025-07-01', '2025-05-02')},
    ${mn(22, 1, 'ACTIVE', '2025-01-10', '2025-11-01', '2027-11-01', null, '2025-11-01', '2024-12-01')},
    ${mn(23, 1, 'SUSPENDED', '2025-09-01', '2025-09-01', '2027-09-01', null, '2025-09-01')},
    ${mn(24, 1, 'ACTIVE', '2026-06-30', '2026-06-30', '2028-06-30', null, '2026-06-30', '2026-06-20')},
    ${mn(31, 1, 'PROVISIONAL', '2026-01-10', '2026-01-10', '2027-01-10', null, null, '2025-12-01')},
    ${mn(32, 1, 'PROVISIONAL', '2026-03-01', '2026-03-01', '2027-03-01', null, null)},
    ${mn(33, 1, 'PROVISIONAL', '2026-04-01', '2026-04-01', '2027-04-01', null, null)},
    ${mn(34, 1, 'PROVISIONAL', '2025-06-30', '2025-06-30', '2026-06-29', null, null)},
    ${mn(35, 1, 'PROVISIONAL', '2026-08-01', '2026-08-01', '2027-08-01', null, null)},
    ${mn(36, 1, 'PROVISIONAL', '2025-06-01', '2025-06-01', '2026-12-01', null, null)},
    ${mn(37, 1, 'PROVISIONAL', '2026-09-01', '2026-09-01', '2027-09-01', null, null)},
    ${mn(38, 1, 'PROVISIONAL', '2026-09-01', '2026-09-01', '2027-09-01', null, null)},
    ${mn(39, 1, 'PROVISIONAL', '2026-09-01', '2026-09-01', '2027-09-01', null, null)}`);

  const tx = (ids: string, status: string, first: string, issued: string, expires: string, renewed: string, full: string, training: string) =>
    `${cert} select ${ids}, 2, 4, 2, '${status}', ${first}, ${issued}, ${expires}, ${renewed}, ${full}, ${training}`;
  await hub.sql(`${tx('100 + i', 'ACTIVE', `'2025-01-01'`, `'2025-01-01'`, `'2027-01-01'`, 'null', `'2025-01-01'`, 'null')} from generate_series(1, 12) i`);
  await hub.sql(`${tx('120 + i', 'ACTIVE', `'2024-07-15'`, `'2024-07-15'`, `'2026-07-15'`, 'null', `'2024-07-15'`, 'null')} from generate_series(1, 3) i`);
  await hub.sql(`${tx('130 + i', 'ACTIVE', `'2024-08-15'`, `'2024-08-15'`, `'2026-08-15'`, 'null', `'2024-08-15'`, 'null')} from generate_series(1, 9) i`);
  await hub.sql(`${tx('140 + i', 'ACTIVE', `'2024-09-01'`, `'2024-09-01'`, `'2026-09-01'`, 'null', `'2024-09-01'`, 'null')} from generate_series(1, 2) i`);
  await hub.sql(`${tx('150 + i', 'ACTIVE', `'2024-01-15'`, `'2026-01-15'`, `'2028-01-15'`,
    `case when i <= 11 then date '2026-01-10' else date '2026-02-01' end`, `'2024-01-15'`, 'null')} from generate_series(1, 15) i`);
  await hub.sql(`${tx('170 + i', 'IN_GRACE', `'2024-06-01'`, `'2024-06-01'`, `'2026-06-01'`, 'null', `'2024-06-01'`, 'null')} from generate_series(1, 4) i`);
  await hub.sql(`${tx('175', 'LATE_RENEWAL', `'2024-06-29'`, `'2024-06-29'`, `'2026-06-29'`, 'null', `'2024-06-29'`, 'null')}`);
  await hub.sql(`${tx('180 + i', 'ACTIVE', `date '2025-10-01' + i`, `date '2025-10-01' + i`, `date '2027-10-01' + i`, 'null',
    `date '2025-10-01' + i`, `date '2025-10-01' + i - 10 * i`)} from generate_series(1, 12) i`);
  await hub.sql(`${tx('200 + i', 'PROVISIONAL', `'2026-02-01'`, `'2026-02-01'`, `'2027-02-01'`, 'null', 'null', 'null')} from generate_series(1, 14) i`);
  await hub.sql(`${cert} values
    (221, 2, 5, 2, 'ACTIVE', '2025-05-01', '2025-05-01', '2027-05-01', null, '2025-05-01', null),
    (222, 2, 5, 2, 'ACTIVE', '2026-07-10', '2026-07-10', '2028-07-10', null, '2026-07-10', null)`);

  await hub.sql(`insert into supervisor (id, person_id, jurisdiction_id, employer_id, supervisor_certification_id, clinical_basis, accepts_external_supervisees, capacity) values
    (1, 3, 1, null, 8, 'CERTIFIED_PEER_SUPERVISOR', false, 3),
    (2, 3, 1, null, 9, 'CERTIFIED_PEER_SUPERVISOR', false, 4),
    (3, 3, 1, null, null, 'LICENSED_CLINICIAN', true, 1),
    (4, 3, 1, null, null, 'QUALIFIED_MENTAL_HEALTH_PROFESSIONAL', false, 0),
    (23, 4, 2, null, 221, 'CERTIFIED_PEER_SUPERVISOR', false, 5),
    (24, 4, 2, null, 222, 'CERTIFIED_PEER_SUPERVISOR', false, 6)`);
  await hub.sql(`insert into supervisor (id, person_id, jurisdiction_id, clinical_basis, capacity)
    select 10 + i, 4, 2, 'LICENSED_CLINICIAN', 2 from generate_series(1, 12) i`);
  const log = 'insert into supervised_experience_log (person_id, certification_id, supervisor_id, period_start, period_end, direct_service_hours, status, submitted_at)';
  await hub.sql(`${log} values
    (1, 31, 1, '2026-02-01', '2026-02-28', 40, 'APPROVED', '2026-03-02T00:00:00Z'),
    (1, 31, 1, '2026-03-01', '2026-03-31', 40, 'SUBMITTED', '2026-04-02T00:00:00Z'),
    (1, 31, 3, '2026-03-01', '2026-03-31', 12, 'SUBMITTED', '2026-04-02T00:00:00Z'),
    (1, 32, 1, '2026-07-15', '2026-07-31', 20, 'SUBMITTED', '2026-08-01T00:00:00Z'),
    (1, 34, 1, '2025-07-01', '2025-07-31', 30, 'APPROVED', '2025-08-01T00:00:00Z'),
    (1, 36, 3, '2026-05-01', '2026-05-31', 35, 'APPROVED', '2026-06-01T00:00:00Z')`);
  await hub.sql(`${log} select 2, 200 + i, 10 + i, '2026-03-01', '2026-03-31', 40, 'APPROVED', '2026-04-01T00:00:00Z' from generate_series(1, 10) i`);
  // each intern is a person of their own (person 1000 + certification), supervised as their logs say: who supervises
  // whom is read from the supervisions accepted and in force on the day
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id)
    select 1000 + id, 'Intern', id::text, jurisdiction_id from certification where status = 'PROVISIONAL'`);
  await hub.sql(`update certification set person_id = 1000 + id where status = 'PROVISIONAL'`);
  await hub.sql(`update supervised_experience_log set person_id = 1000 + certification_id`);
  const supervision = 'insert into supervision (person_id, supervisor_id, status, requested_at, decided_at, starts_on, ends_on)';
  await hub.sql(`${supervision} values
    (1031, 1, 'ACCEPTED', '2026-01-20T00:00:00Z', '2026-02-01T00:00:00Z', '2026-02-01', null),
    (1031, 3, 'ACCEPTED', '2026-02-20T00:00:00Z', '2026-03-01T00:00:00Z', '2026-03-01', null),
    (1032, 1, 'ACCEPTED', '2026-07-01T00:00:00Z', '2026-07-15T00:00:00Z', '2026-07-15', null),
    (1034, 1, 'ACCEPTED', '2025-06-20T00:00:00Z', '2025-07-01T00:00:00Z', '2025-07-01', '2025-07-31'),
    (1036, 3, 'ACCEPTED', '2026-04-20T00:00:00Z', '2026-05-01T00:00:00Z', '2026-05-01', null)`);
  await hub.sql(`${supervision} select 1200 + i, 10 + i, 'ACCEPTED', '2026-02-20T00:00:00Z', '2026-03-01T00:00:00Z', '2026-03-01', null from generate_series(1, 10) i`);

  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values
    (1, 1, 'North Star Peer Network', 'PEER_RUN_ORGANIZATION', 'Duluth'), (2, 2, 'Lone Star Recovery', 'COMMUNITY_MENTAL_HEALTH_CENTER', 'Austin')`);
  await hub.sql(`insert into service_program (id, employer_id, kind, name) values (1, 1, 'ARMHS', 'Duluth ARMHS'), (2, 2, 'ACT', 'Austin ACT Team')`);
  const job = `insert into job_posting (employer_id, program_id, jurisdiction_id, title, description, role, employment_type, city,
    pay_min_cents, pay_max_cents, pay_unit, certification_requirement, date_posted, valid_through, status)`;
  await hub.sql(`${job} values
    (1, 1, 1, 'Peer specialist', 'ARMHS', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 2000, 2400, 'HOUR', 'REQUIRED', '2026-05-01', '2026-07-31', 'OPEN'),
    (1, 1, 1, 'Peer supervisor', 'ARMHS', 'PEER_SUPERVISOR', 'FULL_TIME', 'Duluth', 3744000, 4160000, 'YEAR', 'PREFERRED', '2026-06-30', null, 'OPEN'),
    (1, 1, 1, 'Peer specialist', 'ARMHS', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 340000, 388000, 'MONTH', 'REQUIRED', '2026-04-01', '2026-06-30', 'OPEN'),
    (1, null, 1, 'Warmline', 'Warmline', 'WARMLINE_OPERATOR', 'PER_DIEM', 'Duluth', 15200, 16000, 'DAY', 'WILLING_TO_OBTAIN', '2026-02-01', null, 'OPEN'),
    (1, 1, 1, 'Ended the day before', 'ARMHS', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 2500, 2500, 'HOUR', 'REQUIRED', '2026-03-01', '2026-06-29', 'OPEN'),
    (1, 1, 1, 'Posted the day after', 'ARMHS', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 2600, 2600, 'HOUR', 'REQUIRED', '2026-07-01', null, 'OPEN'),
    (1, 1, 1, 'Filled', 'ARMHS', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 2700, 2700, 'HOUR', 'REQUIRED', '2026-05-01', null, 'FILLED'),
    (2, 2, 2, 'Recovery coach', 'ACT', 'RECOVERY_COACH', 'FULL_TIME', 'Austin', 76000, 84000, 'WEEK', 'REQUIRED', '2026-06-01', '2026-07-31', 'OPEN'),
    (2, 2, 2, 'Ended the day before', 'ACT', 'PEER_SPECIALIST', 'FULL_TIME', 'Austin', 3000, 3000, 'HOUR', 'REQUIRED', '2026-05-01', '2026-06-29', 'OPEN'),
    (2, 2, 2, 'Never posted', 'ACT', 'PEER_SPECIALIST', 'FULL_TIME', 'Austin', 3100, 3100, 'HOUR', 'REQUIRED', null, null, 'OPEN'),
    (2, 2, 2, 'Draft', 'ACT', 'PEER_SPECIALIST', 'FULL_TIME', 'Austin', 3200, 3200, 'HOUR', 'REQUIRED', null, null, 'DRAFT'),
    (2, 2, 2, 'Paused', 'ACT', 'PEER_SPECIALIST', 'FULL_TIME', 'Austin', 3300, 3300, 'HOUR', 'REQUIRED', '2026-06-01', null, 'PAUSED')`);
  await hub.sql(`${job} select 2, 2, 2, 'Peer specialist ' || i, 'ACT', 'PEER_SPECIALIST', 'FULL_TIME', 'Austin', 1500 + 100 * i, 1700 + 100 * i, 'HOUR',
    case when i <= 10 then 'REQUIRED' else 'PREFERRED' end, '2026-01-15', null, 'OPEN' from generate_series(1, 12) i`);

  await hub.sql(`insert into assistance_fund (id, jurisdiction_id, sponsor, name, purposes, fiscal_year, budget_cents, committed_cents, opens_on, closes_on) values
    (1, 1, 'PeerForce', 'Rural Peer Fund', '{TRAINING,EXAM}', 2026, 1000000, 300000, '2025-07-01', '2026-06-30'),
    (2, 1, 'PeerForce', 'Old Fund', '{TRAINING}', 2025, 500000, 100000, '2024-07-01', '2025-06-30'),
    (3, 1, 'State of Minnesota', 'Next Year Fund', '{RENEWAL}', 2027, 200000, 0, '2026-12-31', null),
    (4, 2, 'PeerForce', 'Lone Star Fund', '{TRAINING,APPLICATION_FEE}', 2026, 5000000, 1200000, '2025-09-01', null),
    (5, 2, 'State of Texas', 'Small Fund', '{EXAM}', 2026, 800000, 50000, '2026-01-01', '2026-12-31'),
    (6, 2, 'State of Texas', 'Future Fund', '{EXAM}', 2027, 300000, 0, '2027-01-01', '2027-12-31')`);
  const app = 'insert into assistance_application (fund_id, applicant_id, purpose, requested_cents, awarded_cents, status, submitted_at, decided_at, disbursed_at)';
  await hub.sql(`${app} values
    (1, 1, 'TRAINING', 50000, null, 'SUBMITTED', '2025-08-01T10:00:00Z', null, null),
    (1, 1, 'TRAINING', 80000, 60000, 'APPROVED', '2025-09-01T00:00:00Z', '2025-09-11T12:00:00Z', null),
    (1, 1, 'EXAM', 100000, 100000, 'DISBURSED', '2025-10-01T00:00:00Z', '2025-10-04T00:00:00Z', '2025-10-10T00:00:00Z'),
    (1, 1, 'EXAM', 40000, null, 'DENIED', '2026-01-05T00:00:00Z', '2026-01-25T00:00:00Z', null),
    (1, 1, 'TRAINING', 30000, 30000, 'APPROVED', '2026-06-30T23:30:00Z', '2026-07-02T00:00:00Z', null),
    (1, 1, 'TRAINING', 70000, null, 'SUBMITTED', '2026-07-01T00:00:00Z', null, null),
    (2, 1, 'TRAINING', 100000, 100000, 'DISBURSED', '2024-08-01T00:00:00Z', '2024-08-05T00:00:00Z', '2024-08-10T00:00:00Z'),
    (4, 2, 'TRAINING', 10000, null, 'WITHDRAWN', '2026-04-01T00:00:00Z', null, null),
    (4, 2, 'TRAINING', 99000, null, 'SUBMITTED', '2026-07-01T00:00:00Z', null, null),
    (5, 2, 'EXAM', 25000, 25000, 'APPROVED', '2026-03-10T00:00:00Z', '2026-03-12T00:00:00Z', null),
    (5, 2, 'EXAM', 25000, 25000, 'APPROVED', '2026-03-10T00:00:00Z', '2026-03-12T00:00:00Z', null),
    (5, 2, 'EXAM', 5000, null, 'DENIED', '2026-04-01T00:00:00Z', '2026-04-04T00:00:00Z', null)`);
  const day = (from: string, days: string) => `timestamptz '${from}T00:00:00Z' + (${days}) * interval '1 day'`;
  await hub.sql(`${app} select 4, 2, 'TRAINING', 20000, 15000, 'DISBURSED', s, s + i * interval '1 day', s + (i + 1) * interval '1 day'
    from generate_series(1, 12) i, lateral (select ${day('2025-10-01', 'i')} as s) x`);
  await hub.sql(`${app} select 4, 2, 'TRAINING', 30000, 25000, 'APPROVED', s, s + interval '12 hours', null
    from generate_series(1, 3) i, lateral (select ${day('2026-02-01', 'i')} as s) x`);
  await hub.sql(`${app} select 4, 2, 'APPLICATION_FEE', 10000, null, 'DENIED', s, s + interval '20 days', null
    from generate_series(1, 4) i, lateral (select ${day('2026-03-01', 'i')} as s) x`);
  await hub.sql(`${app} select 4, 2, 'TRAINING', 40000, null, 'SUBMITTED', timestamptz '2026-06-01T00:00:00Z', null, null from generate_series(1, 2) i`);
}

/* The worked figures of the rows (ADMIN: nothing withheld). */
const MN = figures({
  population: 5_700_000, active: 13, provisional: 4, e30: 3, e60: 5, e90: 6, newly: 6, lapsed: 4, renewalsDue: 7, renewedOnTime: 2,
  toFullMedian: 60, awaiting: 2, openSlots: 2, openPostings: 4, requiring: 2, medianPay: 2025,
  budget: 1_200_000, remaining: 900_000, requested: 300_000, awarded: 190_000, disbursed: 100_000, decisionMedian: 10.5,
});
const TX = figures({
  population: 30_500_000, active: 53, provisional: 14, e30: 3, e60: 12, e90: 14, newly: 26, lapsed: 5, renewalsDue: 20, renewedOnTime: 11,
  toFullMedian: 65, awaiting: 4, openSlots: 19, openPostings: 13, requiring: 11, medianPay: 2200,
  budget: 5_800_000, remaining: 4_550_000, requested: 515_000, awarded: 305_000, disbursed: 180_000, decisionMedian: 5.5,
});
/** Nothing but its population: zeros, and null ratios and medians (nothing to compute them from), none withheld. */
const WI = figures({
  population: 5_900_000, certifiedPopulation: 0, active: 0, provisional: 0, e30: 0, e60: 0, e90: 0, newly: 0, lapsed: 0, renewalsDue: 0, renewedOnTime: 0,
  toFullMedian: null, awaiting: 0, openSlots: 0, openPostings: 0, requiring: 0, medianPay: null,
  budget: 0, remaining: 0, requested: 0, awarded: 0, disbursed: 0, decisionMedian: null,
});
/*
 * Totals: sums of the three; medians over the union:
 *   to full certification (15): 10 10 20 30 40 50 60 [60] 70 .. 120 335 -> 60
 *   hourly pay (17): 1700 1800 1900 1900 1950 2000 2000 2100 [2100] 2200 2200 2300 .. 2800 -> 2100
 *   decision days (25): 0.5 x3, 1, 2 x3, 3 x3, 4, 5, [6], 7 .. 10, 10.5, 11, 12, 20 x5 -> 6
 */
const TOTALS = figures({
  // WI keeps no certification records: the per-capita figure is over MN and TX
  population: 42_100_000, certifiedPopulation: 36_200_000, active: 66, provisional: 18, e30: 6, e60: 17, e90: 20, newly: 32, lapsed: 9, renewalsDue: 27, renewedOnTime: 13,
  toFullMedian: 60, awaiting: 6, openSlots: 21, openPostings: 17, requiring: 13, medianPay: 2100,
  budget: 7_000_000, remaining: 5_450_000, requested: 815_000, awarded: 495_000, disbursed: 280_000, decisionMedian: 6,
});
const MN_FUNDS = [fund('Rural Peer Fund', 1_000_000, 700_000, 5, 300_000, 190_000, 100_000), fund('Next Year Fund', 200_000, 200_000, 0, 0, 0, 0)];
const TX_FUNDS = [fund('Lone Star Fund', 5_000_000, 3_800_000, 22, 460_000, 255_000, 180_000), fund('Small Fund', 800_000, 750_000, 3, 55_000, 50_000, 0)];

const ROWS = [
  { jurisdiction: { code: 'MN', name: 'Minnesota' }, ...MN, funds: MN_FUNDS },
  { jurisdiction: { code: 'TX', name: 'Texas' }, ...TX, funds: TX_FUNDS },
  { jurisdiction: { code: 'WI', name: 'Wisconsin' }, ...WI, funds: [] },
];

/*
 * The small-count rule, worked out. Figures of MN resting on 1 to 10 records: provisional 4, expiring 3 / 5 / 6, newly 6,
 * lapsed 4, renewalsDue 7 and renewedOnTime 2 (and renewalRate); active 13 is shown, the median to full
 * certification (3 records), awaiting 2, open slots (3 supervisors), open postings 4 (and its median, and the share),
 * the assistance sums (5 applications, 3 awards, 1 disbursement; fund 1 alike), the median decision (3). Shown:
 * budgets, fund 3 (all 0). TX: within 30 days 3, lapsed 5, awaiting 4, fund 5 (3 applications, 2 awards; its 0
 * disbursed is shown) and so TX's requested and awarded sums; the rest of TX is over 10 (newly 26; disbursed: 12
 * disbursements).
 */
const MN_SMALL = [
  'provisionalCertifications', 'expiringWithin30Days', 'expiringWithin60Days', 'expiringWithin90Days',
  'newlyCertified', 'lapsed', 'renewalsDue', 'renewedOnTime', 'renewalRate', 'medianDaysTrainingToFullCertification',
  'internsAwaitingSupervisor', 'openSupervisorSlots', 'openJobPostings', 'medianHourlyPayCents', 'shareOfPostingsRequiringCertification',
  'assistanceRequestedCents', 'assistanceAwardedCents', 'assistanceDisbursedCents', 'medianDaysToAssistanceDecision',
];
const TX_SMALL = ['expiringWithin30Days', 'lapsed', 'internsAwaitingSupervisor', 'assistanceRequestedCents', 'assistanceAwardedCents'];
const MN_FUNDS_WITHHELD = [withhold(MN_FUNDS[0], 'applications', 'requestedCents', 'awardedCents', 'disbursedCents'), MN_FUNDS[1]];
const TX_FUNDS_WITHHELD = [TX_FUNDS[0], withhold(TX_FUNDS[1], 'applications', 'requestedCents', 'awardedCents')];
/*
 * PUBLIC's totals: a count or amount withheld with any jurisdiction's (MN's small ones, TX's too; newly 32 = 6 + 26 + 0
 * with MN's 6); shown: budgets, and the medians, which rest on 15, 17 and 25 records and cannot be worked back to a
 * jurisdiction's. (PUBLIC has analyst rights over no jurisdiction, so a total of 1 to 10 always has records of one it
 * lacks rights over: within 30 days 6, lapsed 9 and awaiting 6 are withheld on their own count too.)
 */
const PUBLIC_TOTALS = withhold(
  TOTALS,
  ...MN_SMALL.filter((key) => !['medianDaysTrainingToFullCertification', 'medianHourlyPayCents', 'medianDaysToAssistanceDecision'].includes(key)),
);

describe('on a data set built by hand', () => {
  beforeAll(async () => {
    // today is after asOf: of the postings open on asOf, those past their validThrough today are no longer public
    freezeToday('2026-12-04');
    hub = await startTestHub();
    await insertDataSet(hub);
  });
  afterAll(async () => {
    await hub?.close();
    unfreezeToday();
  });

  describe('the figures (ADMIN)', () => {
    it('every figure of every jurisdiction, of their funds and of the totals, as worked out on paper', async () => {
      const result = await workforce(FILTER);
      expect(result.asOf).toBe(AS_OF);
      expect(result.period).toEqual(PERIOD);
      expect(result.credentialCategories).toEqual(['PEER', 'FAMILY', 'YOUTH']);
      expect(result.byJurisdiction.map((row: Figures) => row.jurisdiction.code)).toEqual(['MN', 'TX', 'WI']);
      expect(result.byJurisdiction[0]).toEqual(ROWS[0]);
      expect(result.byJurisdiction[1]).toEqual(ROWS[1]);
      expect(result.byJurisdiction[2]).toEqual(ROWS[2]);
      expect(result.totals).toEqual(TOTALS);
    });

    it('the default period is the year up to asOf: the same flows (all stop at asOf), and funds opening after asOf drop out', async () => {
      const result = await workforce({ asOf: AS_OF });
      expect(result.asOf).toBe(AS_OF);
      expect(result.period).toEqual({ from: '2025-07-01', to: '2026-06-30' });
      // FILTER's period runs to 2026-12-31, but every flow already ends on asOf (newly too: MN 6 without 5, 35, 37..39,
      // first issued after A; TX 26), so no flow changes. MN's fund 3 opens 2026-12-31, after this period: MN's budget
      // is fund 1's.
      const budgetMn = { assistanceBudgetCents: 1_000_000, assistanceRemainingCents: 700_000 };
      expect(result.byJurisdiction).toEqual([
        { ...ROWS[0], ...budgetMn, funds: [MN_FUNDS[0]] },
        ROWS[1],
        ROWS[2],
      ]);
      expect(result.totals).toEqual({ ...TOTALS, assistanceBudgetCents: 6_800_000, assistanceRemainingCents: 5_250_000 });
    });

    it('a default period ending on the 29th of February starts on the 1st of March', async () => {
      const result = await workforce({ asOf: '2024-02-29' }, 'asOf period { from to }');
      expect(result).toMatchObject({ asOf: '2024-02-29', period: { from: '2023-03-01', to: '2024-02-29' } });
    });

    it('without a filter: asOf is today (UTC), the period the year up to it, every jurisdiction', async () => {
      const before = new Date().toISOString().slice(0, 10);
      const result = await workforce(null, 'asOf period { from to } credentialCategories byJurisdiction { jurisdiction { code } }');
      const after = new Date().toISOString().slice(0, 10);
      expect([before, after]).toContain(result.asOf);
      const yearAgo = new Date(`${result.asOf}T00:00:00Z`);
      yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
      yearAgo.setUTCDate(yearAgo.getUTCDate() + 1);
      if (!result.asOf.endsWith('-02-29')) expect(result.period).toEqual({ from: yearAgo.toISOString().slice(0, 10), to: result.asOf });
      expect(result.credentialCategories).toEqual(['PEER', 'FAMILY', 'YOUTH']);
      expect(result.byJurisdiction.map((row: Figures) => row.jurisdiction.code)).toEqual(['MN', 'TX', 'WI']);
    });

    it('a period ending before asOf ends the flows on its last day; the figures on asOf stay', async () => {
      // F..T = 2025-07-01..2025-12-31:
      //   MN newly 21 23 = 2; lapsed 16 = 1 (15 expired 2026-05-15); renewed 10 11 12 = 3, on time 2: due 4, rate 1/2;
      //      to full 60, 335 (24 became full in 2026): median 197.5; decisions 10.5, 3 (20 is in 2026): 6.75;
      //      funds: 1 only (3 opens after T), its applications up to asOf all counted
      //   TX newly 181..192 = 12; no lapse, no renewal: due 0, rate null (not withheld); to full 10..120: 65;
      //      decisions 1..12 (October 2025): 6.5; funds: 4 only (5 opens 2026-01-01)
      //   totals: to full 10 20 30 40 50 60 [60 70] 80 .. 120 335: 65; decisions 1 2 3 3 4 5 [6 7] 8 9 10 10.5 11 12: 6.5
      const selection = `byJurisdiction { jurisdiction { code } activeCertifications ${P} newlyCertified ${P} lapsed ${P} renewalsDue ${P}
        renewedOnTime ${P} renewalRate ${P} medianDaysTrainingToFullCertification ${P} medianDaysToAssistanceDecision ${P}
        assistanceBudgetCents assistanceRequestedCents ${P} funds { fund { name } } }
        totals { newlyCertified ${P} renewalsDue ${P} renewalRate ${P} medianDaysTrainingToFullCertification ${P} medianDaysToAssistanceDecision ${P}
        assistanceBudgetCents assistanceRequestedCents ${P} }`;
      const result = await workforce({ asOf: AS_OF, period: { from: '2025-07-01', to: '2025-12-31' } }, selection);
      const flows = (code: string, active: number, newly: number, lapsed: number, due: number, onTime: number, toFull: number | null, decision: number | null, budget: number, requested: number, funds: string[]) => ({
        jurisdiction: { code },
        activeCertifications: shown(active),
        newlyCertified: shown(newly),
        lapsed: shown(lapsed),
        renewalsDue: shown(due),
        renewedOnTime: shown(onTime),
        renewalRate: shown(due ? onTime / due : null),
        medianDaysTrainingToFullCertification: shown(toFull),
        medianDaysToAssistanceDecision: shown(decision),
        assistanceBudgetCents: budget,
        assistanceRequestedCents: shown(requested),
        funds: funds.map((name) => ({ fund: { name } })),
      });
      expect(result.byJurisdiction).toEqual([
        flows('MN', 13, 2, 1, 4, 2, 197.5, 6.75, 1_000_000, 300_000, ['Rural Peer Fund']),
        flows('TX', 53, 12, 0, 0, 0, 65, 6.5, 5_000_000, 460_000, ['Lone Star Fund']),
        flows('WI', 0, 0, 0, 0, 0, null, null, 0, 0, []),
      ]);
      expect(result.totals).toEqual({
        newlyCertified: shown(14),
        renewalsDue: shown(4),
        renewalRate: shown(0.5),
        medianDaysTrainingToFullCertification: shown(65),
        medianDaysToAssistanceDecision: shown(6.5),
        assistanceBudgetCents: 6_000_000,
        assistanceRequestedCents: shown(760_000),
      });
    });

    it('credentialCategories: SUPERVISOR credentials are left out by default and counted alone with [SUPERVISOR]', async () => {
      const selection = `credentialCategories byJurisdiction { jurisdiction { code } ${FIGURES} } totals { ${FIGURES} }`;
      const result = await workforce({ ...FILTER, credentialCategories: ['SUPERVISOR', 'SUPERVISOR'] }, selection);
      expect(result.credentialCategories).toEqual(['SUPERVISOR']);
      // MN: 8 in force; 9 lapsed (renewalsDue 1, none on time: rate 0); 8 became full before the period: no median.
      // TX: 221 in force; 222 first issued 2026-07-10, in the period but after asOf: not newly, not in force; 222 became
      // full after asOf: no median. Neither has a SUPERVISOR credential first issued in 2025-07-01..asOf: newly 0.
      // No provisional SUPERVISOR credential: no intern, none awaiting. Supervisors, postings and funds do not change.
      const certificationFigures = (w: Figures, active: number, newly: number, lapsed: number, population: number) => ({
        ...w,
        activeCertifications: shown(active),
        provisionalCertifications: shown(0),
        activePer100k: shown((active * 100000) / population),
        expiringWithin30Days: shown(0),
        expiringWithin60Days: shown(0),
        expiringWithin90Days: shown(0),
        newlyCertified: shown(newly),
        lapsed: shown(lapsed),
        renewalsDue: shown(lapsed),
        renewedOnTime: shown(0),
        renewalRate: shown(lapsed ? 0 : null),
        medianDaysTrainingToFullCertification: shown(null),
        internsAwaitingSupervisor: shown(0),
      });
      expect(result.byJurisdiction).toEqual([
        { jurisdiction: { code: 'MN' }, ...certificationFigures(MN, 1, 0, 1, 5_700_000) },
        { jurisdiction: { code: 'TX' }, ...certificationFigures(TX, 1, 0, 0, 30_500_000) },
        { jurisdiction: { code: 'WI' }, ...WI },
      ]);
      expect(result.totals).toEqual(certificationFigures(TOTALS, 2, 0, 1, 36_200_000));

      // PEER alone: MN's FAMILY certification 7 (in force, expiring on A+90) drops out
      const peer = await workforce({ ...FILTER, credentialCategories: ['PEER'] }, `credentialCategories byJurisdiction { activeCertifications { value } expiringWithin90Days { value } }`);
      expect(peer.credentialCategories).toEqual(['PEER']);
      expect(peer.byJurisdiction).toEqual([
        { activeCertifications: { value: 12 }, expiringWithin90Days: { value: 5 } },
        { activeCertifications: { value: 53 }, expiringWithin90Days: { value: 14 } },
        { activeCertifications: { value: 0 }, expiringWithin90Days: { value: 0 } },
      ]);
    });

    it('the jurisdictions filter: only the ones asked for, codes normalised, the totals over them alone', async () => {
      const result = await workforce({ ...FILTER, jurisdictions: [' tx', 'TX'] });
      expect(result.byJurisdiction).toEqual([ROWS[1]]);
      expect(result.totals).toEqual(TX);
      const two = await workforce({ ...FILTER, jurisdictions: ['TX', 'MN'] }, `byJurisdiction { jurisdiction { code } } totals { population activeCertifications ${P} }`);
      expect(two.byJurisdiction).toEqual([{ jurisdiction: { code: 'MN' } }, { jurisdiction: { code: 'TX' } }]);
      expect(two.totals).toEqual({ population: 36_200_000, activeCertifications: shown(66) });
    });

    it('coverage: each total names the jurisdictions keeping its kind of records, and per-capita figures divide by their residents alone', async () => {
      const COVERAGE = 'coverage { kind jurisdictionCodes population }';
      const selection = `totals { population activeCertifications ${P} activePer100k ${P} ${COVERAGE} } byJurisdiction { jurisdiction { code } activePer100k ${P} ${COVERAGE} }`;
      const kinds = (codes: string[], population: number) =>
        ['CERTIFICATIONS', 'SUPERVISION', 'JOB_POSTINGS', 'ASSISTANCE'].map((kind) => ({ kind, jurisdictionCodes: codes, population }));
      const result = await workforce(FILTER, selection);
      // WI keeps no records of any kind: its residents are in population, not under any figure
      expect(result.totals).toEqual({
        population: 42_100_000, activeCertifications: shown(66), activePer100k: shown((66 * 100000) / 36_200_000), coverage: kinds(['MN', 'TX'], 36_200_000),
      });
      expect(result.byJurisdiction).toEqual([
        { jurisdiction: { code: 'MN' }, activePer100k: shown((13 * 100000) / 5_700_000), coverage: kinds(['MN'], 5_700_000) },
        { jurisdiction: { code: 'TX' }, activePer100k: shown((53 * 100000) / 30_500_000), coverage: kinds(['TX'], 30_500_000) },
        { jurisdiction: { code: 'WI' }, activePer100k: shown(null), coverage: kinds([], 0) },
      ]);
      // asked for alone, WI's totals cover nothing and have no rate (rather than a rate of 0)
      const wi = await workforce({ ...FILTER, jurisdictions: ['WI'] }, selection);
      expect(wi.totals).toEqual({ population: 5_900_000, activeCertifications: shown(0), activePer100k: shown(null), coverage: kinds([], 0) });

      // records count from the day they exist: before the first certification, posting and fund, only supervision is
      // covered (a supervisor record carries no date)
      const early = await workforce({ asOf: '2020-01-01' }, `totals { activePer100k ${P} ${COVERAGE} }`);
      expect(early.totals.activePer100k).toEqual(shown(null));
      expect(early.totals.coverage.map((c: Figures) => [c.kind, c.jurisdictionCodes])).toEqual([['CERTIFICATIONS', []], ['SUPERVISION', ['MN', 'TX']], ['JOB_POSTINGS', []], ['ASSISTANCE', []]]);

      // coverage alone reads one statement, whatever else is left out
      expect((await workforce(FILTER, `totals { ${COVERAGE} }`)).sqlStatements).toBe(1);
    });

    it('fragments and aliases select an area as well as a plain field', async () => {
      const result = await hub.query<any>(
        `query($filter: WorkforceMetricsFilter) { workforceMetrics(filter: $filter) {
          totals { ...Slots }
          byJurisdiction { ... on JurisdictionWorkforceFigures { open: openJobPostings { value } } }
        } }
        fragment Slots on WorkforceFigures { openSupervisorSlots { value } }`,
        { filter: FILTER },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.workforceMetrics).toEqual({
        totals: { openSupervisorSlots: { value: 21 } },
        byJurisdiction: [{ open: { value: 4 } }, { open: { value: 13 } }, { open: { value: 0 } }],
      });
      expect(result.extensions!.sqlStatements).toBe(2);
    });
  });

  describe('bad input: 400 with BAD_USER_INPUT', () => {
    it('an unknown jurisdiction, a name for a code, an empty list', async () => {
      const unknown = await expectBadInput({ ...FILTER, jurisdictions: ['MN', 'ZZ'] });
      expect(unknown.errors![0].message).toContain('ZZ');
      expect(unknown.errors![0].extensions!.argument).toBe('filter.jurisdictions');
      await expectBadInput({ jurisdictions: ['Texas'] });
      await expectBadInput({ jurisdictions: [] });
    });

    it('a period from after to, and an empty list of categories', async () => {
      const result = await expectBadInput({ asOf: AS_OF, period: { from: '2026-07-01', to: '2026-06-30' } });
      expect(result.errors![0].extensions!.argument).toBe('filter.period');
      await expectBadInput({ credentialCategories: [] });
      // a period of one day is a period
      const one = await workforce({ asOf: AS_OF, period: { from: '2026-06-30', to: '2026-06-30' } }, 'period { from to } totals { newlyCertified { value } }');
      // first issued on 2026-06-30: MN 24
      expect(one).toMatchObject({ period: { from: '2026-06-30', to: '2026-06-30' }, totals: { newlyCertified: { value: 1 } } });
    });
  });

  describe('the small-count rule', () => {
    it('PUBLIC: counts of 1 to 10 and what rests on them are withheld, 0 and counts over 10 shown; totals withheld with any row', async () => {
      const result = await workforce(FILTER, EVERYTHING, await as('PUBLIC'));
      expect(result.byJurisdiction).toEqual([
        { ...withhold(ROWS[0], ...MN_SMALL), funds: MN_FUNDS_WITHHELD },
        { ...withhold(ROWS[1], ...TX_SMALL), funds: TX_FUNDS_WITHHELD },
        ROWS[2],
      ]);
      expect(result.totals).toEqual(PUBLIC_TOTALS);
      // spelt out: MN's 4 provisional are withheld, TX's 14 shown, and their total 18, over 10, withheld as MN's is
      expect([result.byJurisdiction[0].provisionalCertifications, result.byJurisdiction[1].provisionalCertifications, result.totals.provisionalCertifications]).toEqual([
        WITHHELD, shown(14), WITHHELD,
      ]);
      // budgets are never withheld, and TX's disbursed sum rests on 12 disbursements (and fund 5's 0)
      expect(result.byJurisdiction[0].funds[0]).toMatchObject({ budgetCents: 1_000_000, remainingCents: 700_000 });
      expect(result.byJurisdiction[1].assistanceDisbursedCents).toEqual(shown(180_000));
    });

    it('other roles without analyst rights read as PUBLIC', async () => {
      const others = [
        { role: Role.FUND_REVIEWER, jurisdictions: ['MN', 'TX'] },
        { role: Role.EMPLOYER, employerId: toGlobalId('Employer', 1) },
        { role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 1) },
        { role: Role.SUPERVISOR, peerId: toGlobalId('PeerSpecialist', 3) },
      ];
      // MN's employer reads its 4 open postings one by one: their figures are no small cell to protect
      const listed = ['openJobPostings', 'medianHourlyPayCents', 'shareOfPostingsRequiringCertification'];
      for (const claims of others) {
        const result = await workforce(FILTER, EVERYTHING, await as(claims));
        const employer = claims.role === Role.EMPLOYER;
        expect(result.byJurisdiction, claims.role).toEqual([
          { ...withhold(ROWS[0], ...MN_SMALL.filter((key) => !employer || !listed.includes(key))), funds: MN_FUNDS_WITHHELD },
          { ...withhold(ROWS[1], ...TX_SMALL), funds: TX_FUNDS_WITHHELD },
          ROWS[2],
        ]);
        const totals = employer ? { ...PUBLIC_TOTALS, openJobPostings: TOTALS.openJobPostings, shareOfPostingsRequiringCertification: TOTALS.shareOfPostingsRequiringCertification } : PUBLIC_TOTALS;
        expect(result.totals, claims.role).toEqual(totals);
      }
    });

    it('a STATE_ANALYST of MN reads MN exactly; small TX figures are withheld, and totals where TX\'s are', async () => {
      const result = await workforce(FILTER, EVERYTHING, await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN'] }));
      expect(result.byJurisdiction).toEqual([ROWS[0], { ...withhold(ROWS[1], ...TX_SMALL), funds: TX_FUNDS_WITHHELD }, ROWS[2]]);
      // totals: within 30 days (5), lapsed (7), awaiting (6) are small with TX records in them (3, 5, 4), and TX's are
      // withheld; requested and awarded are withheld with TX's. The rest is shown: MN's small counts are the analyst's to
      // see, and a total over 10 with no withheld component (active 63, newly 32, renewalsDue 25, open slots 21 on 16
      // supervisors, disbursed on 13) gives nothing away.
      expect(result.totals).toEqual(withhold(TOTALS, 'expiringWithin30Days', 'lapsed', 'internsAwaitingSupervisor', 'assistanceRequestedCents', 'assistanceAwardedCents'));
    });

    it('a STATE_ANALYST of MN and TX, over MN and TX or over every jurisdiction (WI adds no record), and ADMIN read everything', async () => {
      const analyst = await as({ role: Role.STATE_ANALYST, jurisdictions: ['MN', 'TX'] });
      const both = await workforce({ ...FILTER, jurisdictions: ['MN', 'TX'] }, EVERYTHING, analyst);
      expect(both.byJurisdiction).toEqual([ROWS[0], ROWS[1]]);
      expect(both.totals).toEqual({ ...TOTALS, population: 36_200_000, activePer100k: shown((66 * 100000) / 36_200_000) });
      // over every jurisdiction, WI included: WI, which the analyst has no rights over, has population but contributes no
      // record to any figure (all 0), so the small totals (within 30 days 5 = 2 + 3 + 0, lapsed 7 = 2 + 5 + 0, awaiting
      // 6 = 2 + 4 + 0) rest on MN and TX records only and are shown; the rows are exact
      const all = await workforce(FILTER, EVERYTHING, analyst);
      expect(all.byJurisdiction).toEqual(ROWS);
      expect(all.totals).toEqual(TOTALS);
      // ADMIN, the kit's default caller: the figures of the first test
      const admin = await workforce(FILTER, EVERYTHING, await as({ role: Role.ADMIN }));
      expect(admin.byJurisdiction).toEqual(ROWS);
      expect(admin.totals).toEqual(TOTALS);
    });

    it('an analyst of TX reads the mirror image', async () => {
      // totals: withheld where PUBLIC's are: every count and sum of MN_SMALL with MN's (and the small totals 5, 7, 6 have
      // MN records in them); TX's small counts are the analyst's to see, and withhold nothing more
      const result = await workforce(FILTER, EVERYTHING, await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] }));
      expect(result.byJurisdiction).toEqual([{ ...withhold(ROWS[0], ...MN_SMALL), funds: MN_FUNDS_WITHHELD }, ROWS[1], ROWS[2]]);
      expect(result.totals).toEqual(PUBLIC_TOTALS);
    });
  });

  describe('statements', () => {
    it('one per area selected, one for the jurisdictions and one for the funds, however many jurisdictions and funds', async () => {
      // 4 areas + jurisdiction { code name } + funds { fund { name } }
      for (const jurisdictions of [undefined, ['MN'], ['TX'], ['MN', 'TX', 'WI']]) {
        const result = await workforce({ ...FILTER, jurisdictions }, EVERYTHING);
        expect(result.sqlStatements, String(jurisdictions)).toBe(6);
      }
      const publicCost = await workforce(FILTER, EVERYTHING, await as('PUBLIC'));
      expect(publicCost.sqlStatements).toBe(6);
    });

    it('an area is read only when one of its figures is selected', async () => {
      const cost = async (selection: string) => (await workforce(FILTER, selection)).sqlStatements;
      expect(await cost(`totals { activeCertifications ${P} }`)).toBe(1);
      expect(await cost(`byJurisdiction { population jurisdiction { code } }`)).toBe(2);
      expect(await cost('asOf period { from to } totals { population }')).toBe(1);
      expect(await cost(`totals { openSupervisorSlots ${P} internsAwaitingSupervisor ${P} }`)).toBe(1);
      expect(await cost(`totals { medianHourlyPayCents ${P} }`)).toBe(1);
      expect(await cost('byJurisdiction { funds { budgetCents } }')).toBe(1);
      expect(await cost(`totals { activeCertifications ${P} openJobPostings ${P} } byJurisdiction { assistanceBudgetCents }`)).toBe(3);
      expect(await cost(`totals { ${FIGURES} }`)).toBe(4);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// 2. The seeded data against plain SQL
// ---------------------------------------------------------------------------------------------------------------------

/** The figures of a set of jurisdictions with the counts they rest on, and the funds of the set. */
interface Measured {
  population: number;
  active: number;
  provisional: number;
  e30: number;
  e60: number;
  e90: number;
  newly: number;
  lapsed: number;
  renewed: number;
  renewedOnTime: number;
  toFullCount: number;
  toFullMedian: number | null;
  awaiting: number;
  supervisors: number;
  openSlots: number;
  openPostings: number;
  requiring: number;
  medianPay: number | null;
  decisions: number;
  decisionMedian: number | null;
  funds: MeasuredFund[];
}
interface MeasuredFund {
  id: number;
  name: string;
  budget: number;
  remaining: number;
  applications: number;
  requested: number;
  awards: number;
  awarded: number;
  disbursements: number;
  disbursed: number;
}

const SEED_AS_OF = '2026-11-01';
/** The default period of that asOf: the year up to it. */
const SEED_FROM = '2025-11-02';

/**
 * Each figure of the jurisdictions `codes`, computed here in plain SQL straight from its definition (default credential
 * categories, asOf 2026-11-01, period 2025-11-02..2026-11-01).
 */
async function measure(codes: string[]): Promise<Measured> {
  const A = `date '${SEED_AS_OF}'`;
  const F = `date '${SEED_FROM}'`;
  const T = A;
  const jurisdictions = `(select id from jurisdiction where code in (${codes.map((code) => `'${code}'`).join(', ')}))`;
  const one = async (sql: string) => (await hub.sql<any>(sql))[0];
  /** Certifications of the peer credentials of the jurisdictions. */
  const certs = (select: string, where: string) => one(`select ${select} from certification c
    join credential_type ct on ct.id = c.credential_type_id
    where c.jurisdiction_id in ${jurisdictions} and ct.category in ('PEER', 'FAMILY', 'YOUTH') and ${where}`);
  const count = async (where: string) => (await certs('count(*)::int as n', where)).n as number;
  const active = `c.status = 'ACTIVE' and c.issued_on <= ${A} and ${A} <= c.expires_on`;
  const provisional = `c.status = 'PROVISIONAL' and c.issued_on <= ${A} and ${A} <= c.expires_on`;

  const population = (await one(`select sum(population)::float8 as n from jurisdiction where id in ${jurisdictions}`)).n;
  const toFull = await certs(
    'count(*)::int as n, percentile_cont(0.5) within group (order by c.full_certified_on - c.training_completed_on) as median',
    `c.full_certified_on >= ${F} and c.full_certified_on <= ${T} and c.full_certified_on <= ${A} and c.training_completed_on is not null`,
  );
  const supervision = await one(`select count(*)::int as supervisors, coalesce(sum(greatest(s.capacity - (
      select count(*) from supervision v where v.supervisor_id = s.id and v.status = 'ACCEPTED' and v.starts_on <= ${A}
        and (v.ends_on is null or v.ends_on >= ${A})), 0)), 0)::int as slots
    from supervisor s left join certification sc on sc.id = s.supervisor_certification_id
    where s.jurisdiction_id in ${jurisdictions}
      and (s.supervisor_certification_id is null or (sc.status = 'ACTIVE' and sc.issued_on <= ${A} and ${A} <= sc.expires_on))`);
  // hourly pay in exact numeric: (min + max) / 2 per hour of the unit, at 8 h a day, 40 a week, 2,080 a year
  const postings = await one(`select count(*)::int as n, count(*) filter (where p.certification_requirement = 'REQUIRED')::int as requiring,
      percentile_cont(0.5) within group (order by (
        (p.pay_min_cents + p.pay_max_cents)::numeric * case p.pay_unit when 'MONTH' then 12 else 1 end
        / (2 * case p.pay_unit when 'HOUR' then 1 when 'DAY' then 8 when 'WEEK' then 40 else 2080 end))::float8) as median
    from job_posting p
    where p.jurisdiction_id in ${jurisdictions} and p.status = 'OPEN' and p.date_posted <= ${A} and (p.valid_through is null or p.valid_through >= ${A})`);
  const funds = await hub.sql<any>(`select f.id, f.name, f.budget_cents::float8 as budget, (f.budget_cents - f.committed_cents)::float8 as remaining,
      count(a.id)::int as applications, coalesce(sum(a.requested_cents), 0)::float8 as requested,
      count(a.id) filter (where a.status in ('APPROVED', 'DISBURSED'))::int as awards,
      coalesce(sum(a.awarded_cents) filter (where a.status in ('APPROVED', 'DISBURSED')), 0)::float8 as awarded,
      count(a.id) filter (where a.status = 'DISBURSED')::int as disbursements,
      coalesce(sum(a.awarded_cents) filter (where a.status = 'DISBURSED'), 0)::float8 as disbursed
    from assistance_fund f
    left join assistance_application a on a.fund_id = f.id and (a.submitted_at at time zone 'UTC')::date <= ${A}
    where f.jurisdiction_id in ${jurisdictions} and f.opens_on <= ${T} and (f.closes_on is null or f.closes_on >= ${F})
    group by f.id, f.name order by f.id`);
  const decisions = await one(`select count(*)::int as n,
      percentile_cont(0.5) within group (order by (extract(epoch from a.decided_at - a.submitted_at) / 86400)::float8) as median
    from assistance_application a join assistance_fund f on f.id = a.fund_id
    where f.jurisdiction_id in ${jurisdictions} and (a.decided_at at time zone 'UTC')::date between ${F} and least(${T}, ${A})`);
  const renewed = await certs(
    'count(*)::int as n, count(*) filter (where c.last_renewed_on <= c.issued_on)::int as on_time',
    `c.last_renewed_on is not null and c.issued_on >= ${F} and c.issued_on <= least(${T}, ${A})`,
  );
  return {
    population,
    active: await count(active),
    provisional: await count(provisional),
    e30: await count(`${active} and c.expires_on <= ${A} + 30`),
    e60: await count(`${active} and c.expires_on <= ${A} + 60`),
    e90: await count(`${active} and c.expires_on <= ${A} + 90`),
    newly: await count(`c.first_issued_on between ${F} and least(${T}, ${A})`),
    lapsed: await count(`c.status in ('IN_GRACE', 'LATE_RENEWAL', 'EXPIRED') and c.expires_on between ${F} and ${T} and c.expires_on < ${A}`),
    renewed: renewed.n,
    renewedOnTime: renewed.on_time,
    toFullCount: toFull.n,
    toFullMedian: toFull.median,
    awaiting: await count(
      `${provisional} and not exists (select 1 from supervision v where v.person_id = c.person_id and v.status = 'ACCEPTED' and v.starts_on <= ${A} and (v.ends_on is null or v.ends_on >= ${A}))`,
    ),
    supervisors: supervision.supervisors,
    openSlots: supervision.slots,
    openPostings: postings.n,
    requiring: postings.requiring,
    medianPay: postings.median,
    decisions: decisions.n,
    decisionMedian: decisions.median,
    funds,
  };
}

const sumOf = (funds: MeasuredFund[], key: keyof MeasuredFund) => funds.reduce((sum, f) => sum + (f[key] as number), 0);

/**
 * What a caller without analyst rights is shown of the figures: the small-count rule, from the issue's words. Such a
 * caller has rights over no jurisdiction, so a total of 1 to 10 always rests on records of one it lacks rights over.
 */
function publicView(m: Measured, components: { measured: Measured; shown: Figures }[] | null): Figures {
  const small = (n: number) => n >= 1 && n <= 10;
  /** Withheld: resting on a small count, or (in a total) with the same figure of any component. */
  const rule = (value: number | null, basis: number[], key?: string): Published =>
    basis.some(small) || (key !== undefined && components?.some((c) => c.shown[key].suppressed)) ? WITHHELD : shown(value);
  const renewalsDue = m.renewed + m.lapsed;
  const figures: Figures = {
    population: m.population,
    activeCertifications: rule(m.active, [m.active], 'activeCertifications'),
    provisionalCertifications: rule(m.provisional, [m.provisional], 'provisionalCertifications'),
    expiringWithin30Days: rule(m.e30, [m.e30], 'expiringWithin30Days'),
    expiringWithin60Days: rule(m.e60, [m.e60], 'expiringWithin60Days'),
    expiringWithin90Days: rule(m.e90, [m.e90], 'expiringWithin90Days'),
    newlyCertified: rule(m.newly, [m.newly], 'newlyCertified'),
    lapsed: rule(m.lapsed, [m.lapsed], 'lapsed'),
    renewalsDue: rule(renewalsDue, [renewalsDue], 'renewalsDue'),
    renewedOnTime: rule(m.renewedOnTime, [m.renewedOnTime], 'renewedOnTime'),
    // a median is not additive: a total's rests on its own records only
    medianDaysTrainingToFullCertification: rule(m.toFullMedian, [m.toFullCount]),
    internsAwaitingSupervisor: rule(m.awaiting, [m.awaiting], 'internsAwaitingSupervisor'),
    openSupervisorSlots: rule(m.openSlots, [m.supervisors], 'openSupervisorSlots'),
    openJobPostings: rule(m.openPostings, [m.openPostings], 'openJobPostings'),
    medianHourlyPayCents: rule(m.medianPay, [m.openPostings]),
    assistanceBudgetCents: sumOf(m.funds, 'budget'),
    assistanceRemainingCents: sumOf(m.funds, 'remaining'),
    medianDaysToAssistanceDecision: rule(m.decisionMedian, [m.decisions]),
  };
  const derived = (value: number | null, ...from: Published[]) => (from.some((p) => p.suppressed) ? WITHHELD : shown(value));
  figures.activePer100k = derived((m.active * 100000) / m.population, figures.activeCertifications);
  figures.renewalRate = derived(renewalsDue ? m.renewedOnTime / renewalsDue : null, figures.renewalsDue, figures.renewedOnTime);
  const requiring = rule(m.requiring, [m.requiring], 'shareOfPostingsRequiringCertification');
  figures.shareOfPostingsRequiringCertification = derived(m.openPostings ? m.requiring / m.openPostings : null, figures.openJobPostings, requiring);
  // assistance sums: withheld on their own basis, with any fund's (in a row) or any row's (in the totals)
  const funds = m.funds.map((f) => publicFund(f));
  const sum = (key: 'requested' | 'awarded' | 'disbursed', basis: 'applications' | 'awards' | 'disbursements', fundKey: string, rowKey: string): Published => {
    const withheld = small(sumOf(m.funds, basis)) || funds.some((f) => f[fundKey].suppressed) || !!components?.some((c) => c.shown[rowKey].suppressed);
    return withheld ? WITHHELD : shown(sumOf(m.funds, key));
  };
  figures.assistanceRequestedCents = sum('requested', 'applications', 'requestedCents', 'assistanceRequestedCents');
  figures.assistanceAwardedCents = sum('awarded', 'awards', 'awardedCents', 'assistanceAwardedCents');
  figures.assistanceDisbursedCents = sum('disbursed', 'disbursements', 'disbursedCents', 'assistanceDisbursedCents');
  if (components === null) figures.funds = funds;
  return figures;
}

function publicFund(f: MeasuredFund): Figures {
  const small = (n: number) => n >= 1 && n <= 10;
  return {
    fund: { name: f.name },
    budgetCents: f.budget,
    remainingCents: f.remaining,
    applications: small(f.applications) ? WITHHELD : shown(f.applications),
    requestedCents: small(f.applications) ? WITHHELD : shown(f.requested),
    awardedCents: small(f.awards) ? WITHHELD : shown(f.awarded),
    disbursedCents: small(f.disbursements) ? WITHHELD : shown(f.disbursed),
  };
}

/** The same figures with nothing withheld (ADMIN). */
function adminView(m: Measured, withFunds: boolean): Figures {
  const view = figures({
    population: m.population, active: m.active, provisional: m.provisional, e30: m.e30, e60: m.e60, e90: m.e90, newly: m.newly,
    lapsed: m.lapsed, renewalsDue: m.renewed + m.lapsed, renewedOnTime: m.renewedOnTime, toFullMedian: m.toFullMedian, awaiting: m.awaiting,
    openSlots: m.openSlots, openPostings: m.openPostings, requiring: m.requiring, medianPay: m.medianPay,
    budget: sumOf(m.funds, 'budget'), remaining: sumOf(m.funds, 'remaining'), requested: sumOf(m.funds, 'requested'),
    awarded: sumOf(m.funds, 'awarded'), disbursed: sumOf(m.funds, 'disbursed'), decisionMedian: m.decisionMedian,
  });
  if (withFunds) view.funds = m.funds.map((f) => fund(f.name, f.budget, f.remaining, f.applications, f.requested, f.awarded, f.disbursed));
  return view;
}

/** Ratios and medians, computed here another way (pay in numeric), compared to 6 decimals; counts and sums exactly. */
const FLOAT_FIGURES = [
  'activePer100k', 'renewalRate', 'medianDaysTrainingToFullCertification', 'medianHourlyPayCents', 'shareOfPostingsRequiringCertification',
  'medianDaysToAssistanceDecision',
];
function closeFloats(figures: Figures): Figures {
  const close = (p: Published) => (p.value === null ? p : { ...p, value: expect.closeTo(p.value, 6) });
  return Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, FLOAT_FIGURES.includes(key) ? close(value) : value]));
}

describe('on the seeded data, against plain SQL', () => {
  let mn: Measured;
  let tx: Measured;
  let both: Measured;
  // Washington is in the reference data with no sample records: the seeded states are compared
  const filter = { asOf: SEED_AS_OF, jurisdictions: ['MN', 'TX'] };
  const selection = `asOf period { from to } totals { ${FIGURES} } byJurisdiction { jurisdiction { code } ${FIGURES} funds { ${FUND} } }`;

  beforeAll(async () => {
    // the seed is a snapshot as of SEED_AS_OF: no status sweep, which would lapse by today's date what it holds active
    hub = await startTestHub({ seedScale: 1, env: { STATUS_SWEEP_HOURS: '0' } });
    mn = await measure(['MN']);
    tx = await measure(['TX']);
    both = await measure(['MN', 'TX']);
  });
  afterAll(() => hub?.close());

  it('the seed holds MN and TX, with every figure non-trivial', async () => {
    expect((await hub.sql<any>('select distinct j.code from certification c join jurisdiction j on j.id = c.jurisdiction_id order by j.code')).map((row: any) => row.code)).toEqual(['MN', 'TX']);
    // MN's CPS has no provisional period: interns are TX's alone
    expect([mn.provisional, mn.awaiting]).toEqual([0, 0]);
    expect(tx.provisional).toBeGreaterThan(tx.awaiting);
    expect(tx.awaiting).toBeGreaterThan(0);
    for (const m of [mn, tx]) {
      for (const key of ['active', 'e30', 'e60', 'e90', 'newly', 'lapsed', 'renewed', 'toFullCount', 'supervisors', 'openSlots', 'openPostings', 'requiring', 'decisions'] as const) {
        expect(m[key], key).toBeGreaterThan(0);
      }
      expect(m.funds.length).toBeGreaterThan(0);
      expect(sumOf(m.funds, 'applications')).toBeGreaterThan(0);
      expect(sumOf(m.funds, 'disbursements')).toBeGreaterThan(0);
    }
  });

  it('ADMIN: every figure of MN, TX, their funds and the totals equals plain SQL', async () => {
    const result = await workforce(filter, selection);
    expect(result.asOf).toBe(SEED_AS_OF);
    expect(result.period).toEqual({ from: SEED_FROM, to: SEED_AS_OF });
    expect(result.byJurisdiction.map((row: Figures) => row.jurisdiction.code)).toEqual(['MN', 'TX']);
    for (const [i, m] of [mn, tx].entries()) {
      const { jurisdiction, funds, ...rest } = result.byJurisdiction[i];
      const expected = adminView(m, true);
      expect({ ...rest, funds }, jurisdiction.code).toEqual({ ...closeFloats({ ...expected, funds: undefined }), funds: expected.funds });
    }
    expect(result.totals).toEqual(closeFloats(adminView(both, false)));
  });

  it('PUBLIC: exactly the figures resting on 1 to 10 records, or on a withheld component, are withheld', async () => {
    const result = await workforce(filter, selection, await as('PUBLIC'));
    const rows = [mn, tx].map((m) => ({ measured: m, shown: publicView(m, null) }));
    for (const [i, row] of rows.entries()) {
      const { jurisdiction, funds, ...rest } = result.byJurisdiction[i];
      expect({ ...rest, funds }, jurisdiction.code).toEqual({ ...closeFloats({ ...row.shown, funds: undefined }), funds: row.shown.funds });
    }
    expect(result.totals).toEqual(closeFloats(publicView(both, rows)));

    // the data exercises both sides of the rule, in the rows and in the totals
    const withheldKeys = (figures: Figures) => Object.keys(figures).filter((key) => figures[key]?.suppressed === true);
    const shownKeys = (figures: Figures) => Object.keys(figures).filter((key) => figures[key]?.suppressed === false);
    for (const figures of [...result.byJurisdiction, result.totals]) expect(shownKeys(figures).length).toBeGreaterThan(0);
    expect([...result.byJurisdiction, result.totals].flatMap(withheldKeys).length).toBeGreaterThan(0);
  });
});
