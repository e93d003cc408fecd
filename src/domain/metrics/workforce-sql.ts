import { fundOpenBetweenSql } from '../assistance/open';
import { CertificationStatus, type CredentialCategory } from '../credentials/enums';
import { certificationStatusIsSql } from '../credentials/lifecycle';
import { JobPostingStatus } from '../jobs/enums';
import { postingStatusIsSql } from '../jobs/status';
import { supervisionInForceSql, supervisionsInForceSql } from '../supervision/directory';
import { hourlyPayCentsSql } from '../jobs/pay';
import { addDays, dateLiteral, dayStartUtc, sqlList } from './inputs';

/** What one workforceMetrics request measures: validated values, written into the SQL as literals. */
export interface WorkforceQuery {
  /** USPS codes, or null for every jurisdiction. */
  jurisdictions: string[] | null;
  /** The scope's condition on a job_posting row aliased `p` (null: the caller reads every posting). */
  readablePosting: string | null;
  asOf: string;
  from: string;
  to: string;
  categories: CredentialCategory[];
}

/** Raw figures of one row of the statement: a jurisdiction (jid set) or the total over them (jid null). */
export interface WorkforceRow {
  jid: number | null;
  code: string | null;
  population: number;
  active: number;
  provisional: number;
  expiring30: number;
  expiring60: number;
  expiring90: number;
  newly: number;
  lapsed: number;
  renewed: number;
  renewedOnTime: number;
  toFullCount: number;
  toFullMedian: number | null;
  interns: number;
  awaiting: number;
  supervisors: number;
  openSlots: number;
  openPostings: number;
  /** Of openPostings, those the caller may not read one by one. */
  hiddenPostings: number;
  requiring: number;
  medianPay: number | null;
  decisions: number;
  medianDecisionDays: number | null;
  funds: FundRow[];
  fundTotals: FundRow;
  /** Which kinds of records the jurisdiction keeps (null on the total's row); read by the first statement only. */
  keeps: Record<WorkforceArea, boolean> | null;
}

/** Raw figures of a fund (or of the funds of a jurisdiction, or of every one of them). */
export interface FundRow {
  fundId: number | null;
  budget: number;
  remaining: number;
  applications: number;
  requested: number;
  awards: number;
  awarded: number;
  disbursements: number;
  disbursed: number;
}

const PER_JURISDICTION = (column: string) => `group by grouping sets ((${column}), ())`;

/** The statements a request may run; each reads one area of the figures, for every jurisdiction and in total. */
export type WorkforceArea = 'certifications' | 'supervision' | 'postings' | 'assistance';
export const WORKFORCE_AREAS: readonly WorkforceArea[] = ['certifications', 'supervision', 'postings', 'assistance'];

interface AreaSql {
  /** CTEs, each with a `jid` column: one row per jurisdiction with rows, and one (jid null) in total. */
  ctes: string[];
  /** Columns of the final select, over the CTEs joined on jid. */
  columns: string[];
  joins: string[];
}

function literals(q: WorkforceQuery) {
  const A = dateLiteral(q.asOf);
  return {
    A,
    F: dateLiteral(q.from),
    T: dateLiteral(q.to),
    /** The period's last day, but never after asOf: flows are counted up to the day the figures are taken on. */
    end: dateLiteral(q.to < q.asOf ? q.to : q.asOf),
    inScope: (alias: string) => `${alias}.jurisdiction_id in (select id from jur) and ${alias}.credential_type_id in (select id from peer_credential)`,
  };
}

const join = (cte: string) => `left join ${cte} on ${cte}.jid is not distinct from k.jid`;

/**
 * Certification figures. The counts read the tallies the triggers keep (src/domain/metrics/tallies.ts): a few
 * thousand rows, summed per jurisdiction and credential type, where the certification table has a hundred
 * thousand; the median reads the certification index that holds both its dates.
 */
function certificationsArea(q: WorkforceQuery): AreaSql {
  const { A, F, end, inScope } = literals(q);
  const byCredential = (name: string, table: string, sums: string, where: string) => `${name} as (
  select c.jurisdiction_id, c.credential_type_id, ${sums} from ${table} c where ${where} group by 1, 2)`;
  const rollUp = (name: string, from: string, sums: string) => `${name} as (
  select g.jurisdiction_id as jid, ${sums} from ${from} g where ${inScope('g')}
  ${PER_JURISDICTION('g.jurisdiction_id')})`;
  const cycles = 'certification_cycle_tally';
  /**
   * The DATED certifications (every dated status has an expiry: certification_dated_expiry_check) expiring from
   * `from` to `to` and first issued by asOf, as signed tally groups: `n` certifications, of which `provisional` are
   * not full on asOf. The expiry tally's groups, less the cycle tally's first issued after asOf, plus (as
   * provisional) its groups first issued by asOf and not full on it: the status on asOf by the rule of
   * src/domain/credentials/lifecycle.ts, read from a few thousand groups (see tallies.ts).
   */
  const datedOn = (from: string, to: string) => `(
    select e.jurisdiction_id, e.credential_type_id, e.expires_on, e.certifications as n, 0 as provisional from certification_expiry_tally e
      where e.status = 'DATED' and e.expires_on between ${from} and ${to}
    union all
    select c.jurisdiction_id, c.credential_type_id, c.expires_on, -c.certifications, 0 from ${cycles} c
      where c.status = 'DATED' and c.first_issued_on > ${A} and c.expires_on between ${from} and ${to}
    union all
    select c.jurisdiction_id, c.credential_type_id, c.expires_on, 0, c.certifications from ${cycles} c
      where c.status = 'DATED' and c.full_on > ${A} and c.first_issued_on <= ${A} and c.expires_on between ${from} and ${to})`;
  return {
    ctes: [
      byCredential('in_force_groups', datedOn(A, `'infinity'::date`), 'sum(c.n - c.provisional) as active, sum(c.provisional) as provisional', 'true'),
      byCredential('expiring_groups', datedOn(A, `${A} + 90`),
        `sum(c.n - c.provisional) filter (where c.expires_on <= ${A} + 30) as e30, sum(c.n - c.provisional) filter (where c.expires_on <= ${A} + 60) as e60, sum(c.n - c.provisional) as e90`,
        'true'),
      byCredential('lapsed_groups', datedOn(F, end), 'sum(c.n) as n', `c.expires_on < ${A}`),
      byCredential('newly_groups', 'certification_issue_tally', 'sum(c.certifications) as n', `c.first_issued_on between ${F} and ${end}`),
      byCredential('renewed_groups', cycles, 'sum(c.certifications) as n, sum(c.certifications) filter (where c.renewed_on_time) as on_time',
        `c.renewed and c.issued_on between ${F} and ${end}`),
      rollUp('in_force', 'in_force_groups', 'sum(g.active)::int as active, sum(g.provisional)::int as provisional'),
      rollUp('expiring', 'expiring_groups', 'sum(g.e30)::int as e30, sum(g.e60)::int as e60, sum(g.e90)::int as e90'),
      rollUp('lapsed', 'lapsed_groups', 'sum(g.n)::int as n'),
      rollUp('newly', 'newly_groups', 'sum(g.n)::int as n'),
      rollUp('renewed', 'renewed_groups', 'sum(g.n)::int as n, coalesce(sum(g.on_time), 0)::int as on_time'),
      `to_full as (
  select c.jurisdiction_id as jid, count(*)::int as n,
    percentile_cont(0.5) within group (order by (c.full_certified_on - c.training_completed_on)::float8) as median
  from certification c
  where c.full_certified_on between ${F} and ${end} and c.training_completed_on is not null and ${inScope('c')}
  ${PER_JURISDICTION('c.jurisdiction_id')})`,
    ],
    columns: [
      'coalesce(in_force.active, 0) as active', 'coalesce(in_force.provisional, 0) as provisional',
      'coalesce(expiring.e30, 0) as "expiring30"', 'coalesce(expiring.e60, 0) as "expiring60"', 'coalesce(expiring.e90, 0) as "expiring90"',
      'coalesce(newly.n, 0) as newly', 'coalesce(lapsed.n, 0) as lapsed', 'coalesce(renewed.n, 0) as renewed', 'coalesce(renewed.on_time, 0) as "renewedOnTime"',
      'coalesce(to_full.n, 0) as "toFullCount"', 'to_full.median as "toFullMedian"',
    ],
    joins: ['in_force', 'expiring', 'lapsed', 'newly', 'renewed', 'to_full'].map(join),
  };
}

/**
 * Interns and supervisors, by the supervisions accepted and in force on the day: the rule the supervisor directory
 * reads its places free by (src/domain/supervision/directory.ts), so that the dashboard's open slots are the directory's
 * places free summed, and an intern waits until a supervision of theirs is in force.
 */
function supervisionArea(q: WorkforceQuery): AreaSql {
  const { A, inScope } = literals(q);
  const issuedBy = (c: string) => `${c}.first_issued_on <= ${A}`;
  const provisionalOn = (c: string) => `${certificationStatusIsSql(c, A, CertificationStatus.PROVISIONAL)} and ${issuedBy(c)}`;
  const activeOn = (c: string) => `${certificationStatusIsSql(c, A, CertificationStatus.ACTIVE)} and ${issuedBy(c)}`;
  return {
    ctes: [
      `interns_in_force as (select c.id, c.person_id, c.jurisdiction_id from certification c where ${provisionalOn('c')} and ${inScope('c')})`,
      // each intern's supervisions probed through the index on their person
      `interns as (
  select i.jurisdiction_id as jid, count(*)::int as interns,
    count(*) filter (where not exists (select 1 from supervision sv where sv.person_id = i.person_id and ${supervisionInForceSql('sv', A)}))::int as awaiting
  from interns_in_force i
  ${PER_JURISDICTION('i.jurisdiction_id')})`,
      // the supervisor's credential is one lookup by key per supervisor: a join would read every active certification
      `slots as (
  select s.jurisdiction_id as jid, count(*)::int as supervisors, coalesce(sum(greatest(s.capacity - ${supervisionsInForceSql('s', A)}, 0)), 0)::int as open_slots
  from supervisor s
  where s.jurisdiction_id in (select id from jur)
    and coalesce((select coalesce(${activeOn('sc')}, false) from certification sc where sc.id = s.supervisor_certification_id), true)
  ${PER_JURISDICTION('s.jurisdiction_id')})`,
    ],
    columns: [
      'coalesce(interns.interns, 0) as interns', 'coalesce(interns.awaiting, 0) as awaiting',
      'coalesce(slots.supervisors, 0) as supervisors', 'coalesce(slots.open_slots, 0) as "openSlots"',
    ],
    joins: ['interns', 'slots'].map(join),
  };
}

function postingsArea(q: WorkforceQuery): AreaSql {
  const { A } = literals(q);
  return {
    ctes: [
      `postings as (
  select p.jurisdiction_id as jid, count(*)::int as open_postings,
    count(*) filter (where not coalesce(${q.readablePosting ?? 'true'}, false))::int as hidden_postings,
    count(*) filter (where p.certification_requirement = 'REQUIRED')::int as requiring,
    percentile_cont(0.5) within group (order by ${hourlyPayCentsSql('p')}) as median_pay
  from job_posting p
  where ${postingStatusIsSql('p', A, JobPostingStatus.OPEN)} and p.date_posted <= ${A} and p.jurisdiction_id in (select id from jur)
  ${PER_JURISDICTION('p.jurisdiction_id')})`,
    ],
    columns: ['coalesce(postings.open_postings, 0) as "openPostings"', 'coalesce(postings.hidden_postings, 0) as "hiddenPostings"', 'coalesce(postings.requiring, 0) as requiring', 'postings.median_pay as "medianPay"'],
    joins: [join('postings')],
  };
}

const NO_FUNDS = `json_build_object('fundId', null, 'budget', 0, 'remaining', 0, 'applications', 0, 'requested', 0, 'awards', 0, 'awarded', 0, 'disbursements', 0, 'disbursed', 0)`;

/** Funds open at some time in the period, their applications up to asOf, and the decisions made in the period. */
function assistanceArea(q: WorkforceQuery): AreaSql {
  const { F, T } = literals(q);
  const fromStart = dayStartUtc(q.from);
  const afterEnd = dayStartUtc(addDays(q.to < q.asOf ? q.to : q.asOf, 1));
  const afterAsOf = dayStartUtc(addDays(q.asOf, 1));
  const fundJson = (alias: string) => `json_build_object('fundId', ${alias}.fund_id, 'budget', coalesce(${alias}.budget, 0), 'remaining', coalesce(${alias}.remaining, 0),
    'applications', coalesce(${alias}.applications, 0), 'requested', coalesce(${alias}.requested, 0), 'awards', coalesce(${alias}.awards, 0),
    'awarded', coalesce(${alias}.awarded, 0), 'disbursements', coalesce(${alias}.disbursements, 0), 'disbursed', coalesce(${alias}.disbursed, 0))`;
  return {
    ctes: [
      `funds_in as (
  select f.id, f.jurisdiction_id, f.budget_cents, f.committed_cents from assistance_fund f
  where f.jurisdiction_id in (select id from jur) and ${fundOpenBetweenSql('f', F, T)})`,
      `fund_applications as (
  select a.fund_id, count(*) as applications, sum(a.requested_cents) as requested,
    count(*) filter (where a.status in ('APPROVED', 'DISBURSED')) as awards,
    coalesce(sum(a.awarded_cents) filter (where a.status in ('APPROVED', 'DISBURSED')), 0) as awarded,
    count(*) filter (where a.status = 'DISBURSED') as disbursements,
    coalesce(sum(a.awarded_cents) filter (where a.status = 'DISBURSED'), 0) as disbursed
  from assistance_application a
  where a.fund_id in (select id from funds_in) and a.submitted_at < ${afterAsOf}
  group by a.fund_id)`,
      `funds as (
  select f.jurisdiction_id as jid, f.id as fund_id, grouping(f.jurisdiction_id, f.id) as level,
    sum(f.budget_cents)::float8 as budget, sum(f.budget_cents - f.committed_cents)::float8 as remaining,
    coalesce(sum(fa.applications), 0)::int as applications, coalesce(sum(fa.requested), 0)::float8 as requested,
    coalesce(sum(fa.awards), 0)::int as awards, coalesce(sum(fa.awarded), 0)::float8 as awarded,
    coalesce(sum(fa.disbursements), 0)::int as disbursements, coalesce(sum(fa.disbursed), 0)::float8 as disbursed
  from funds_in f left join fund_applications fa on fa.fund_id = f.id
  group by grouping sets ((f.jurisdiction_id, f.id), (f.jurisdiction_id), ()))`,
      `fund_list as (select jid, json_agg(${fundJson('funds')} order by fund_id) as funds from funds where level = 0 group by jid)`,
      `fund_totals as (select jid, ${fundJson('funds')} as totals from funds where level > 0)`,
      `decisions as (
  select f.jurisdiction_id as jid, count(*)::int as n,
    percentile_cont(0.5) within group (order by (extract(epoch from a.decided_at - a.submitted_at) / 86400)::float8) as median
  from assistance_application a join assistance_fund f on f.id = a.fund_id
  where f.jurisdiction_id in (select id from jur) and a.decided_at >= ${fromStart} and a.decided_at < ${afterEnd}
  ${PER_JURISDICTION('f.jurisdiction_id')})`,
    ],
    columns: [
      `coalesce(fund_list.funds, '[]'::json) as funds`,
      `coalesce(fund_totals.totals, ${NO_FUNDS}) as "fundTotals"`,
      'coalesce(decisions.n, 0) as decisions', 'decisions.median as "medianDecisionDays"',
    ],
    joins: ['fund_list on fund_list.jid = k.jid', 'fund_totals on fund_totals.jid is not distinct from k.jid'].map((on) => `left join ${on}`).concat(join('decisions')),
  };
}

const AREAS: Record<WorkforceArea, (q: WorkforceQuery) => AreaSql> = {
  certifications: certificationsArea,
  supervision: supervisionArea,
  postings: postingsArea,
  assistance: assistanceArea,
};

/**
 * Whether each jurisdiction keeps records of each kind the figures count, by asOf: a jurisdiction that keeps none is
 * left out of the totals' coverage and population, so that it does not dilute a per-capita figure. One probe of an
 * index per jurisdiction and kind, in a CTE of its own.
 */
function keepsCte(q: WorkforceQuery): string {
  const { A, T } = literals(q);
  return `keeps as (
  select j.id as jid, c.certifications, c.certifications or exists(select 1 from supervisor s where s.jurisdiction_id = j.id) as supervision,
    coalesce((select min(p.date_posted) from job_posting p where p.jurisdiction_id = j.id) <= ${A}, false) as postings,
    exists(select 1 from assistance_fund f where f.jurisdiction_id = j.id and f.opens_on <= ${T}) as assistance
  from jur j cross join lateral (select exists(select 1 from peer_credential pc
    where (select min(t.first_issued_on) from certification_issue_tally t where t.jurisdiction_id = j.id and t.credential_type_id = pc.id) <= ${A}) as certifications) c)`;
}

const KEEPS_COLUMN = `(select json_build_object(${WORKFORCE_AREAS.map((area) => `'${area}', keeps.${area}`).join(', ')}) from keeps where keeps.jid = k.jid) as keeps`;

/**
 * One statement for one area of the figures (or, without an area, the jurisdictions alone): its aggregates are
 * grouped by jurisdiction and in total with GROUPING SETS and joined on the jurisdiction. Rows: one per
 * jurisdiction asked for, by code, then one (jid null) for the total. `withKeeps` adds which kinds of records each
 * jurisdiction keeps (one statement of a request reads it).
 */
export function workforceSql(q: WorkforceQuery, area: WorkforceArea | null, withKeeps = true): string {
  const part = area ? AREAS[area](q) : { ctes: [], columns: [], joins: [] };
  const jurisdictions = q.jurisdictions ? `where j.code in (${sqlList(q.jurisdictions)})` : '';
  const ctes = [
    `jur as (select j.id, j.code, j.population from jurisdiction j ${jurisdictions})`,
    `peer_credential as (select ct.id from credential_type ct where ct.category in (${sqlList(q.categories)}))`,
    ...part.ctes,
    ...(withKeeps ? [keepsCte(q)] : []),
    `keys as (select id as jid from jur union all select null)`,
  ];
  const columns = ['k.jid', 'j.code', 'coalesce(j.population, (select sum(population) from jur), 0)::float8 as population', ...part.columns, ...(withKeeps ? [KEEPS_COLUMN] : [])];
  return `with ${ctes.join(',\n')}
select ${columns.join(', ')}
from keys k left join jur j on j.id = k.jid
${part.joins.join('\n')}
order by j.code nulls last`;
}
