/**
 * Truth as of today: a status that dates drive reads the same on every path, on every day, with no sweep between.
 *
 * 1. The rule in SQL (certificationStatusSql, postingStatusSql) equals the rule in code, and each column's indexable
 *    equality (`is`) equals `value = that`, for every status, full or not, with and without the dates, on every day
 *    around each boundary.
 * 2. One certification and one posting, "today" moved across each boundary (the day before expiry, the expiry day,
 *    the end of grace, the end of late renewal, validThrough): by id, node(), the list filtered on the status, the
 *    nested relation, the public lookup, certificationStats and jobPostingStats buckets, and workforceMetrics.
 * 3. On the seeded data, on several days, with the stored statuses of the seed's own day: for each state, the list's
 *    totalCount under a status equals the stats bucket of that status, and workforceMetrics' figure of it over the
 *    rows it states it counts; the public list of open postings equals the public stats and metrics of the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { CertificationStatus } from '../src/domain/credentials/enums';
import { certificationStatusIsSql, certificationStatusOn, certificationStatusSql, DATED_STATUSES } from '../src/domain/credentials/lifecycle';
import { JobPostingStatus } from '../src/domain/jobs/enums';
import { postingStatusAsRead, postingStatusIsSql, postingStatusSql } from '../src/domain/jobs/status';
import { dayLiteral } from '../src/graphql/dated';
import { toGlobalId } from '../src/graphql/global-id';
import { addDays } from '../src/graphql/scalars';
import { as, freezeToday, startTestHub, unfreezeToday, type TestHub } from './kit';

afterAll(() => unfreezeToday());

describe('the rule in SQL is the rule in code', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ migrate: false });
  });
  afterAll(() => hub?.close());

  const EXPIRES = '2026-02-28';
  const GRACE = '2026-05-28';
  const LATE = '2027-02-28';
  const days = [
    '2024-01-01', '2025-06-14', '2025-06-15', '2025-06-16', addDays(EXPIRES, -1), EXPIRES, addDays(EXPIRES, 1), addDays(GRACE, -1), GRACE,
    addDays(GRACE, 1), addDays(LATE, -1), LATE, addDays(LATE, 1), '2030-01-01',
  ];
  const statuses = Object.values(CertificationStatus);

  it('certifications: every status, full on a day or never, with and without an expiry and its ends (none without an expiry for a dated status, which the database refuses)', async () => {
    const rows: { status: CertificationStatus; fullCertifiedOn: string | null; expiresOn: string | null; graceEndsOn: string | null; lateRenewalEndsOn: string | null }[] = [];
    for (const status of statuses) {
      for (const fullCertifiedOn of [null, '2024-06-01', '2025-06-15']) {
        rows.push({ status, fullCertifiedOn, expiresOn: EXPIRES, graceEndsOn: GRACE, lateRenewalEndsOn: LATE });
        rows.push({ status, fullCertifiedOn, expiresOn: EXPIRES, graceEndsOn: null, lateRenewalEndsOn: null });
        rows.push({ status, fullCertifiedOn, expiresOn: EXPIRES, graceEndsOn: EXPIRES, lateRenewalEndsOn: EXPIRES });
        if (!DATED_STATUSES.includes(status)) rows.push({ status, fullCertifiedOn, expiresOn: null, graceEndsOn: null, lateRenewalEndsOn: null });
      }
    }
    const values = rows.map((r, i) => `(${i}, '${r.status}', ${[r.fullCertifiedOn, r.expiresOn, r.graceEndsOn, r.lateRenewalEndsOn].map((d) => (d ? `date '${d}'` : 'null::date')).join(', ')})`);
    const table = `(values ${values.join(', ')}) c(i, status, full_certified_on, expires_on, grace_ends_on, late_renewal_ends_on)`;
    let compared = 0;
    for (const day of days) {
      const D = dayLiteral(day);
      const is = statuses.map((s) => `${certificationStatusIsSql('c', D, s)} as "${s}"`).join(', ');
      const read = await hub.sql<Record<string, unknown>>(`select c.i, ${certificationStatusSql('c', D)} as status, ${is} from ${table} order by c.i`);
      for (const row of read) {
        const expected = certificationStatusOn(day, rows[row.i as number]);
        expect(row.status, `${day} ${JSON.stringify(rows[row.i as number])}`).toBe(expected);
        for (const s of statuses) expect(row[s] === true, `${day} is ${s} ${JSON.stringify(rows[row.i as number])}`).toBe(s === expected);
        compared++;
      }
    }
    expect(compared).toBe(rows.length * days.length);
  });

  it('postings: every status, with and without a validThrough, on the days around it', async () => {
    const statusesOf = Object.values(JobPostingStatus);
    const rows = statusesOf.flatMap((status) => [null, '2026-03-31'].map((validThrough) => ({ status, validThrough })));
    const table = `(values ${rows.map((r, i) => `(${i}, '${r.status}', ${r.validThrough ? `date '${r.validThrough}'` : 'null::date'})`).join(', ')}) p(i, status, valid_through)`;
    for (const day of ['2026-03-30', '2026-03-31', '2026-04-01']) {
      const D = dayLiteral(day);
      const is = statusesOf.map((s) => `${postingStatusIsSql('p', D, s)} as "${s}"`).join(', ');
      const read = await hub.sql<Record<string, unknown>>(`select p.i, ${postingStatusSql('p', D)} as status, ${is} from ${table} order by p.i`);
      for (const row of read) {
        const r = rows[row.i as number];
        const expected = postingStatusAsRead(r.status, r.validThrough, day);
        expect(row.status, `${day} ${JSON.stringify(r)}`).toBe(expected);
        for (const s of statusesOf) expect(row[s] === true, `${day} is ${s} ${JSON.stringify(r)}`).toBe(s === expected);
      }
    }
  });
});

describe('one certification and one posting, today moved across every boundary, no sweep', () => {
  let hub: TestHub;
  // MN CPS under a profile of 3 grace months and 12 late-renewal months
  const EXPIRES = '2026-11-30';
  const GRACE_ENDS = '2027-02-28';
  const LATE_ENDS = '2027-11-30';
  const VALID_THROUGH = '2026-12-15';
  const CERT = toGlobalId('Certification', 1);
  const POSTING = toGlobalId('JobPosting', 1);

  beforeAll(async () => {
    freezeToday('2026-11-01');
    hub = await startTestHub({ env: { STATUS_SWEEP_HOURS: '0' } });
    await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
    await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'DHS', 'STATE_AGENCY', '[]')`);
    await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
    await hub.sql(`insert into requirement_profile (credential_type_id, version, effective_from, training_hours, supervised_hours_required, provisional_validity_months,
      extensions_allowed, extension_months, validity_months, ce_hours_per_cycle, ethics_hours_per_cycle, grace_period_months, late_renewal_months,
      application_fee_cents, renewal_fee_cents, late_fee_cents, reinstatement_fee_cents, background_check_required, sources)
      values (1, 1, '2020-01-01', 80, 0, null, 0, null, 24, 30, 0, 3, 12, 0, 0, 0, 0, false, '[]')`);
    await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'Ada', 'Larsen', 1)`);
    await hub.sql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, credential_number, status, first_issued_on, issued_on, expires_on, full_certified_on)
      values (1, 1, 1, 1, 'CPS-000037', 'ACTIVE', '2024-11-30', '2024-11-30', '${EXPIRES}', '2024-11-30')`);
    await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'North Star', 'PEER_RUN_ORGANIZATION', 'Duluth')`);
    await hub.sql(`insert into job_posting (id, employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit,
      certification_requirement, date_posted, valid_through, status)
      values (1, 1, 1, 'Peer specialist', 'ARMHS', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', 2000, 2400, 'HOUR', 'REQUIRED', '2026-10-01', '${VALID_THROUGH}', 'OPEN')`);
  });
  afterAll(() => hub?.close());

  it('stores the ends of grace and late renewal from the profile in force, by trigger', async () => {
    expect(await hub.sql(`select grace_ends_on::text, late_renewal_ends_on::text from certification where id = 1`)).toEqual([{ grace_ends_on: GRACE_ENDS, late_renewal_ends_on: LATE_ENDS }]);
  });

  it('refuses a status that dates drive without an expiry, whoever writes; a decision needs none', async () => {
    const insert = (id: number, status: string) =>
      hub.sql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, credential_number, status) values (${id}, 1, 1, 1, 'CPS-9${id}', '${status}')`);
    for (const status of DATED_STATUSES) await expect(insert(90, status), status).rejects.toThrow(/certification_dated_expiry_check/);
    await insert(91, 'SUSPENDED');
    await hub.sql(`delete from certification where id = 91`);
    expect(await hub.sql(`select count(*)::int as n from certification`)).toEqual([{ n: 1 }]);
  });

  /** Every path's reading of the certification's status on the frozen day, as ADMIN. */
  async function certificationReadings(day: string) {
    freezeToday(day);
    const admin = await as({ role: Role.ADMIN });
    const statuses = Object.values(CertificationStatus);
    const counts = statuses.map((s) => `${s}: certifications(filter: { status: { eq: ${s} } }) { totalCount }`).join(' ');
    const result = await hub.query<any>(
      `{ certification(id: "${CERT}") { status statusOn } node(id: "${CERT}") { ... on Certification { status } }
         ${counts}
         ordered: certifications(first: 1, orderBy: [{ field: STATUS }]) { nodes { status } }
         peerSpecialists(first: 1) { nodes { certifications(first: 1) { nodes { status } } } }
         certificationStats(groupBy: [STATUS]) { buckets { key { status } count } }
         verifyCertification(jurisdiction: "mn", credentialNumber: " cps-000037 ") { status }
         workforceMetrics { byJurisdiction { activeCertifications { value } lapsed { value } } } }`,
      undefined,
      admin,
    );
    expect(result.errors, day).toBeUndefined();
    const d = result.data;
    const listed = statuses.filter((s) => d[s].totalCount === 1);
    return {
      byId: d.certification.status,
      statusOn: d.certification.statusOn,
      node: d.node.status,
      filtered: listed,
      ordered: d.ordered.nodes[0].status,
      nested: d.peerSpecialists.nodes[0].certifications.nodes[0].status,
      stats: d.certificationStats.buckets.map((b: any) => [b.key.status, b.count]),
      lookup: d.verifyCertification.status,
      active: d.workforceMetrics.byJurisdiction[0].activeCertifications.value,
    };
  }

  it.each([
    [addDays(EXPIRES, -1), 'ACTIVE'],
    [EXPIRES, 'ACTIVE'],
    [addDays(EXPIRES, 1), 'IN_GRACE'],
    [GRACE_ENDS, 'IN_GRACE'],
    [addDays(GRACE_ENDS, 1), 'LATE_RENEWAL'],
    [LATE_ENDS, 'LATE_RENEWAL'],
    [addDays(LATE_ENDS, 1), 'EXPIRED'],
  ])('on %s every path reads %s', async (day, status) => {
    expect(await certificationReadings(day)).toEqual({
      byId: status, statusOn: status, node: status, filtered: [status], ordered: status, nested: status, stats: [[status, 1]], lookup: status,
      active: status === 'ACTIVE' ? 1 : 0,
    });
  });

  it.each([
    [addDays(VALID_THROUGH, -1), 'OPEN'],
    [VALID_THROUGH, 'OPEN'],
    [addDays(VALID_THROUGH, 1), 'EXPIRED'],
  ])('the posting on %s reads %s, to the public too', async (day, status) => {
    freezeToday(day);
    const admin = await as({ role: Role.ADMIN });
    const open = status === 'OPEN' ? 1 : 0;
    const query = `{ jobPostings(filter: { status: { eq: OPEN } }) { totalCount }
      jobPostingStats(groupBy: [STATUS]) { buckets { key { status } count } }
      workforceMetrics { byJurisdiction { openJobPostings { value } } } }`;
    const asAdmin = await hub.query<any>(`{ jobPosting(id: "${POSTING}") { status } node(id: "${POSTING}") { ... on JobPosting { status } } ${query.slice(1)}`, undefined, admin);
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data).toEqual({
      jobPosting: { status }, node: { status }, jobPostings: { totalCount: open }, jobPostingStats: { buckets: [{ key: { status }, count: 1 }] },
      workforceMetrics: { byJurisdiction: [{ openJobPostings: { value: open } }] },
    });
    const asPublic = await hub.query<any>(`{ jobPostings { totalCount nodes { status } } }`, undefined, { authorization: '' });
    expect(asPublic.data.jobPostings).toEqual({ totalCount: open, nodes: open ? [{ status: 'OPEN' }] : [] });
  });
});

describe('figures agree on the seeded data, on several days', () => {
  let hub: TestHub;
  beforeAll(async () => {
    freezeToday('2026-11-01');
    hub = await startTestHub({ seedScale: 1, env: { STATUS_SWEEP_HOURS: '0' } });
  });
  afterAll(() => hub?.close());

  const PEER = '[PEER, FAMILY, YOUTH]';
  const DATED = ['PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED'];

  it.each(['2026-11-01', '2026-12-04', '2027-01-01', '2027-06-30'])('on %s: lists, stats buckets and workforceMetrics say the same per state', async (day) => {
    freezeToday(day);
    const admin = await as({ role: Role.ADMIN });
    let checked = 0;
    for (const code of ['MN', 'TX']) {
      const state = `jurisdiction: { code: { eq: "${code}" } }`;
      const lists = DATED.map((s) => `${s}: certifications(filter: { ${state}, status: { eq: ${s} } }) { totalCount }
        peer_${s}: certifications(filter: { ${state}, status: { eq: ${s} }, credentialType: { category: { in: ${PEER} } }, firstIssuedOn: { lte: "${day}" } }) { totalCount }`).join(' ');
      const result = await hub.query<any>(
        `{ ${lists}
           certificationStats(groupBy: [STATUS], filter: { ${state} }) { buckets { key { status } count } }
           openPostings: jobPostings(filter: { ${state}, status: { eq: OPEN } }) { totalCount }
           postedOpen: jobPostings(filter: { ${state}, status: { eq: OPEN }, datePosted: { lte: "${day}" } }) { totalCount }
           jobPostingStats(groupBy: [STATUS], filter: { ${state} }) { buckets { key { status } count } }
           workforceMetrics(filter: { jurisdictions: ["${code}"] }) { totals { activeCertifications { value } provisionalCertifications { value } openJobPostings { value } } } }`,
        undefined,
        admin,
      );
      expect(result.errors, `${day} ${code}`).toBeUndefined();
      const d = result.data;
      const bucket = (buckets: any[], status: string) => buckets.find((b) => b.key.status === status)?.count ?? 0;
      for (const s of DATED) expect(bucket(d.certificationStats.buckets, s), `${day} ${code} ${s}`).toBe(d[s].totalCount);
      expect(d.workforceMetrics.totals.activeCertifications.value, `${day} ${code} active`).toBe(d.peer_ACTIVE.totalCount);
      expect(d.workforceMetrics.totals.provisionalCertifications.value, `${day} ${code} provisional`).toBe(d.peer_PROVISIONAL.totalCount);
      expect(bucket(d.jobPostingStats.buckets, 'OPEN'), `${day} ${code} open postings`).toBe(d.openPostings.totalCount);
      expect(d.workforceMetrics.totals.openJobPostings.value, `${day} ${code} open postings posted`).toBe(d.postedOpen.totalCount);
      // the figures are not all zeros
      expect(d.ACTIVE.totalCount, `${day} ${code}`).toBeGreaterThan(10);
      checked++;
    }
    expect(checked).toBe(2);
  });

  it.each(['2026-12-04', '2027-03-15'])('on %s: every month of the series equals the lists filtered to that month', async (day) => {
    freezeToday(day);
    const admin = await as({ role: Role.ADMIN });
    const months = Array.from({ length: 12 }, (_, i) => {
      const first = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 12 + i, 1));
      const next = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1));
      const last = new Date(next.getTime() - 86_400_000);
      return { first: first.toISOString().slice(0, 10), last: last.toISOString().slice(0, 10), next: next.toISOString().slice(0, 10) };
    });
    let nonZero = 0;
    for (const code of ['MN', 'TX']) {
      const state = `jurisdiction: { code: { eq: "${code}" } }`;
      const counted = `credentialType: { category: { in: ${PEER} } }`;
      // the relations the descriptions of MonthlyFigures state, month by month
      const lists = months.map(({ first, last, next }, i) => `
        issued_${i}: certifications(filter: { ${state}, ${counted}, firstIssuedOn: { gte: "${first}", lte: "${last}" } }) { totalCount }
        lapsed_${i}: certifications(filter: { ${state}, ${counted}, status: { in: [IN_GRACE, LATE_RENEWAL, EXPIRED] }, expiresOn: { gte: "${first}", lte: "${last}" } }) { totalCount }
        opened_${i}: jobPostings(filter: { ${state}, datePosted: { gte: "${first}", lte: "${last}" } }) { totalCount }
        awards_${i}: assistanceApplications(filter: { fund: { ${state} }, status: { in: [APPROVED, DISBURSED] }, decidedAt: { gte: "${first}T00:00:00Z", lt: "${next}T00:00:00Z" } }) { totalCount }`).join('');
      const result = await hub.query<any>(
        `{ ${lists}
           workforceTimeSeries(filter: { jurisdictions: ["${code}"], from: "${months[0].first}", to: "${day}" }) {
             months byJurisdiction { months { certificationsIssued { value } certificationsLapsed { value } postingsOpened { value } assistanceAwards { value } } } } }`,
        undefined,
        admin,
      );
      expect(result.errors, `${day} ${code}`).toBeUndefined();
      const d = result.data;
      expect(d.workforceTimeSeries.months).toEqual(months.map((m) => m.first));
      const series = d.workforceTimeSeries.byJurisdiction[0].months;
      series.forEach((month: any, i: number) => {
        const at = `${day} ${code} ${months[i].first}`;
        expect(month.certificationsIssued.value, `${at} issued`).toBe(d[`issued_${i}`].totalCount);
        expect(month.certificationsLapsed.value, `${at} lapsed`).toBe(d[`lapsed_${i}`].totalCount);
        expect(month.postingsOpened.value, `${at} opened`).toBe(d[`opened_${i}`].totalCount);
        expect(month.assistanceAwards.value, `${at} awards`).toBe(d[`awards_${i}`].totalCount);
        nonZero += [month.certificationsIssued, month.certificationsLapsed, month.postingsOpened, month.assistanceAwards].filter((f) => f.value > 0).length;
      });
    }
    // most of the 96 cells hold something: the test compares figures, not zeros
    expect(nonZero).toBeGreaterThan(48);
  });

  it('the per-capita total is over the states that keep certifications, and says which (WA keeps none)', async () => {
    freezeToday('2026-12-04');
    const result = await hub.query<any>(
      `{ jurisdictions { code population }
         workforceMetrics { totals { population activeCertifications { value } activePer100k { value } coverage { kind jurisdictionCodes population } }
           byJurisdiction { jurisdiction { code } activePer100k { value } } } }`,
      undefined,
      await as({ role: Role.ADMIN }),
    );
    expect(result.errors).toBeUndefined();
    const d = result.data;
    const population = (codes: string[]) => d.jurisdictions.filter((j: any) => codes.includes(j.code)).reduce((sum: number, j: any) => sum + j.population, 0);
    expect(d.jurisdictions.map((j: any) => j.code)).toContain('WA');
    const totals = d.workforceMetrics.totals;
    expect(totals.population).toBe(population(d.jurisdictions.map((j: any) => j.code)));
    expect(totals.coverage.find((c: any) => c.kind === 'CERTIFICATIONS')).toEqual({ kind: 'CERTIFICATIONS', jurisdictionCodes: ['MN', 'TX'], population: population(['MN', 'TX']) });
    expect(totals.activePer100k.value).toBeCloseTo((totals.activeCertifications.value * 100000) / population(['MN', 'TX']), 9);
    expect(d.workforceMetrics.byJurisdiction.find((row: any) => row.jurisdiction.code === 'WA').activePer100k.value).toBeNull();
  });

  it('the public reads the same open postings through the list, the stats and the metrics, none withheld', async () => {
    freezeToday('2026-12-04');
    for (const code of ['MN', 'TX']) {
      const state = `jurisdiction: { code: { eq: "${code}" } }`;
      const result = await hub.query<any>(
        `{ jobPostings(filter: { ${state} }) { totalCount }
           posted: jobPostings(filter: { ${state}, datePosted: { lte: "2026-12-04" } }) { totalCount }
           jobPostingStats(groupBy: [], filter: { ${state}, status: { eq: OPEN } }) { buckets { count suppressed } }
           workforceMetrics(filter: { jurisdictions: ["${code}"] }) { totals { openJobPostings { value suppressed } } } }`,
        undefined,
        { authorization: '' },
      );
      expect(result.errors).toBeUndefined();
      const d = result.data;
      expect(d.jobPostingStats.buckets).toEqual([{ count: d.jobPostings.totalCount, suppressed: false }]);
      expect(d.workforceMetrics.totals.openJobPostings).toEqual({ value: d.posted.totalCount, suppressed: false });
    }
  });
});
