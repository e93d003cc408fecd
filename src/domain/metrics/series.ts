import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, InputType, Info, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { badInput } from '../../errors';
import type { Row } from '../../graphql/loaders';
import { DateScalar } from '../../graphql/scalars';
import { datedColumn, datedIn, todayLiteral } from '../../graphql/dated';
import { CertificationStatus, CredentialCategory } from '../credentials/enums';
import '../credentials/lifecycle';
import { Jurisdiction } from '../jurisdictions/entities';
import { Disclosure, isSmallCell, MetricCount, MetricNumber, published, type Published } from './disclosure';
import { credentialCategories, dateLiteral, jurisdictionCodes, requireKnownJurisdictions, sqlList } from './inputs';

/** A series longer than this is refused rather than cut: twenty years of months. */
export const MAX_SERIES_MONTHS = 240;

export enum SeriesInterval {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}
registerEnumType(SeriesInterval, {
  name: 'SeriesInterval',
  description: 'How long each period of a series is (calendar periods, days in UTC).',
  valuesConfig: {
    MONTH: { description: 'Calendar months.' },
    QUARTER: {
      description: 'Calendar quarters (January to March, ...): where months are too small to publish, as a statistics office would publish them.',
    },
  },
});

/** Months in one period of each interval. */
const INTERVAL_MONTHS: Record<SeriesInterval, number> = { MONTH: 1, QUARTER: 3 };

@InputType({ description: 'Which jurisdictions, over which months.' })
export class WorkforceSeriesFilter {
  @Field(() => [String], { nullable: true, description: 'USPS codes (MN, TX); every jurisdiction when left out.' })
  jurisdictions?: string[] | null;

  @Field(() => DateScalar, { description: 'The series starts with the month (or quarter) of this day.' })
  from!: string;

  @Field(() => DateScalar, { description: `The series ends with the month (or quarter) of this day (at most ${MAX_SERIES_MONTHS} months in all).` })
  to!: string;

  @Field(() => [CredentialCategory], { nullable: true, description: 'Which credentials the certification series count; PEER, FAMILY and YOUTH when left out.' })
  credentialCategories?: CredentialCategory[] | null;

  @Field(() => SeriesInterval, {
    nullable: true,
    description: 'The length of each period: MONTH when left out. With QUARTER the series runs from the quarter of from to the quarter of to, and each period\'s month is the first day of its quarter.',
  })
  interval?: SeriesInterval | null;
}

@ObjectType({ description: 'What happened in one period of the series: a calendar month, or a quarter (filter.interval); days in UTC. Each figure counts the period whole.' })
export class MonthlyFigures {
  @Field(() => DateScalar, { description: 'The first day of the period (of the month, or of the quarter).' })
  month!: string;

  @Field(() => MetricCount, { description: 'Certifications of the credential categories counted first issued (firstIssuedOn) in the month: the totalCount of certifications filtered to those categories and firstIssuedOn within the month.' })
  certificationsIssued!: Published<number>;

  @Field(() => MetricCount, { description: 'Certifications of the credential categories counted that lapsed: IN_GRACE, LATE_RENEWAL or EXPIRED today (the status every read gives), with expiresOn in the month; the totalCount of certifications filtered to those categories, those statuses and expiresOn within the month.' })
  certificationsLapsed!: Published<number>;

  @Field(() => MetricCount, { description: 'Job postings first posted (datePosted) in the month, whatever their status now: the totalCount of jobPostings filtered to datePosted within the month, for a caller who may read every posting.' })
  postingsOpened!: Published<number>;

  @Field(() => MetricCount, { description: 'Assistance applications APPROVED or DISBURSED with their decision (decidedAt, in UTC) in the month: the totalCount of assistanceApplications filtered to those statuses and decidedAt within the month, for a caller who may read every application.' })
  assistanceAwards!: Published<number>;

  @Field(() => MetricNumber, { description: 'Cents awarded by those applications; withheld with assistanceAwards.' })
  assistanceAwardedCents!: Published<number>;
}

@ObjectType({ description: 'The series of one jurisdiction, by month or by quarter.' })
export class JurisdictionSeries {
  jurisdictionId!: number;

  @Field(() => [MonthlyFigures], { description: 'Every period (month or quarter) of the range, in order; one with nothing is there with zeros.' })
  months!: MonthlyFigures[];
}

@ObjectType({ description: 'Series per jurisdiction and in total, by month or by quarter, with every period of the range present.' })
export class WorkforceTimeSeries {
  @Field(() => [DateScalar], { description: 'The first day of every period of the range (months, or quarters), in order.' })
  months!: string[];

  @Field(() => SeriesInterval, { description: 'The length of each period.' })
  interval!: SeriesInterval;

  @Field(() => [MonthlyFigures], {
    description: 'Over every jurisdiction asked for. A month\'s figure is withheld when any jurisdiction\'s is, so that it cannot be worked out by subtraction.',
  })
  totals!: MonthlyFigures[];

  @Field(() => [JurisdictionSeries], { description: 'One series per jurisdiction, by code.' })
  byJurisdiction!: JurisdictionSeries[];
}

interface SeriesRow {
  jid: number | null;
  code: string | null;
  month: string;
  issued: number;
  lapsed: number;
  opened: number;
  awards: number;
  awarded: number;
}

/** The first day of the period (of `months` months, aligned on January) that holds the day. */
function firstOfPeriod(day: string, months: number): string {
  const month = Number(day.slice(5, 7));
  const first = month - ((month - 1) % months);
  return `${day.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

function monthsBetween(first: string, last: string): number {
  const [y1, m1] = first.split('-').map(Number);
  const [y2, m2] = last.split('-').map(Number);
  return (y2 - y1) * 12 + (m2 - m1) + 1;
}

const certificationDated = () => datedColumn('Certification', 'status')!;

/** One statement: every (jurisdiction, period) and every period in total, counted with GROUPING SETS. */
export function seriesSql(jurisdictions: string[] | null, categories: CredentialCategory[], first: string, last: string, interval = SeriesInterval.MONTH): string {
  const F = dateLiteral(first);
  const step = `interval '${INTERVAL_MONTHS[interval]} month'`;
  const unit = interval === SeriesInterval.QUARTER ? 'quarter' : 'month';
  const end = `(${dateLiteral(last)} + ${step})::date`;
  const utc = (instant: string) => `(${instant} at time zone 'UTC')::date`;
  const inJurisdictions = (alias: string) => `${alias}.jurisdiction_id in (select id from jur)`;
  const monthly = (name: string, table: string, alias: string, day: string, where: string) => `${name} as (
  select x.jid, x.month, count(*)::int as n from (
    select ${alias}.jurisdiction_id as jid, date_trunc('${unit}', ${day})::date as month from ${table} ${alias}
    where ${day} >= ${F} and ${day} < ${end} and ${where}) x
  group by grouping sets ((x.jid, x.month), (x.month)))`;
  // lapsed as of today, by the status every read gives
  const lapsedToday = datedIn(certificationDated(), 'c', todayLiteral(), [CertificationStatus.IN_GRACE, CertificationStatus.LATE_RENEWAL, CertificationStatus.EXPIRED]);
  const peerCredential = `c.credential_type_id in (select ct.id from credential_type ct where ct.category in (${sqlList(categories)}))`;
  return `with jur as (select j.id, j.code from jurisdiction j ${jurisdictions ? `where j.code in (${sqlList(jurisdictions)})` : ''}),
months as (select m::date as month from generate_series(${F}, ${dateLiteral(last)}, ${step}) m),
${monthly('issued', 'certification', 'c', 'c.first_issued_on', `${inJurisdictions('c')} and ${peerCredential}`)},
${monthly('lapsed', 'certification', 'c', 'c.expires_on', `${inJurisdictions('c')} and ${lapsedToday} and ${peerCredential}`)},
${monthly('opened', 'job_posting', 'p', 'p.date_posted', inJurisdictions('p'))},
awards as (
  select x.jid, x.month, count(*)::int as n, sum(x.amount)::float8 as amount from (
    select f.jurisdiction_id as jid, date_trunc('${unit}', ${utc('a.decided_at')})::date as month, a.awarded_cents as amount
    from assistance_application a join assistance_fund f on f.id = a.fund_id
    where a.status in ('APPROVED', 'DISBURSED') and a.decided_at >= (${F}::timestamp at time zone 'UTC') and a.decided_at < (${end}::timestamp at time zone 'UTC')
      and ${inJurisdictions('f')}) x
  group by grouping sets ((x.jid, x.month), (x.month))),
keys as (select id as jid from jur union all select null)
select k.jid, j.code, to_char(m.month, 'YYYY-MM-DD') as month, coalesce(issued.n, 0) as issued, coalesce(lapsed.n, 0) as lapsed,
  coalesce(opened.n, 0) as opened, coalesce(awards.n, 0) as awards, coalesce(awards.amount, 0) as awarded
from keys k cross join months m left join jur j on j.id = k.jid
left join issued on issued.jid is not distinct from k.jid and issued.month = m.month
left join lapsed on lapsed.jid is not distinct from k.jid and lapsed.month = m.month
left join opened on opened.jid is not distinct from k.jid and opened.month = m.month
left join awards on awards.jid is not distinct from k.jid and awards.month = m.month
order by j.code nulls last, m.month`;
}

/** Whether the caller may see a figure: every jurisdiction with records in it is one they have analyst rights over. */
type Coverage = (basis: (row: SeriesRow) => number) => boolean;

function monthFigures(row: SeriesRow, covered: Coverage, components: MonthlyFigures[] | null): MonthlyFigures {
  // a total is withheld with any of its components, so that it cannot give a withheld one away
  const count = (figure: 'certificationsIssued' | 'certificationsLapsed' | 'postingsOpened' | 'assistanceAwards', of: (r: SeriesRow) => number) =>
    published(of(row), isSmallCell(of(row), covered(of)) || !!components?.some((c) => c[figure].suppressed));
  const figures = new MonthlyFigures();
  figures.month = row.month;
  figures.certificationsIssued = count('certificationsIssued', (r) => r.issued);
  figures.certificationsLapsed = count('certificationsLapsed', (r) => r.lapsed);
  figures.postingsOpened = count('postingsOpened', (r) => r.opened);
  figures.assistanceAwards = count('assistanceAwards', (r) => r.awards);
  figures.assistanceAwardedCents = published(row.awarded, figures.assistanceAwards.suppressed);
  return figures;
}

export async function workforceTimeSeries(ctx: HubContext, filter: WorkforceSeriesFilter): Promise<WorkforceTimeSeries> {
  const jurisdictions = jurisdictionCodes(filter.jurisdictions, 'filter.jurisdictions');
  const categories = credentialCategories(filter.credentialCategories, 'filter.credentialCategories');
  if (filter.from > filter.to) throw badInput(`filter: from (${filter.from}) is after to (${filter.to})`, { argument: 'filter.from' });
  const interval = filter.interval ?? SeriesInterval.MONTH;
  const first = firstOfPeriod(filter.from, INTERVAL_MONTHS[interval]);
  const last = firstOfPeriod(filter.to, INTERVAL_MONTHS[interval]);
  const count = monthsBetween(first, last) + INTERVAL_MONTHS[interval] - 1;
  if (count > MAX_SERIES_MONTHS) {
    throw badInput(`filter: the range covers ${count} months; at most ${MAX_SERIES_MONTHS} may be asked for at once`, { argument: 'filter.to', limit: MAX_SERIES_MONTHS, value: count });
  }
  const rows = await ctx.sql.rows<SeriesRow>(seriesSql(jurisdictions, categories, first, last, interval));
  const perJurisdiction = new Map<number, { code: string; rows: SeriesRow[] }>();
  const totals: SeriesRow[] = [];
  for (const row of rows) {
    if (row.jid === null) totals.push(row);
    else {
      const entry = perJurisdiction.get(row.jid) ?? { code: row.code!, rows: [] };
      entry.rows.push(row);
      perJurisdiction.set(row.jid, entry);
    }
  }
  requireKnownJurisdictions(jurisdictions, [...perJurisdiction.values()].map((entry) => entry.code), 'filter.jurisdictions');
  const disclosure = new Disclosure(ctx.viewer);
  const byJurisdiction = [...perJurisdiction].map(([jid, entry]) => {
    const series = new JurisdictionSeries();
    series.jurisdictionId = jid;
    const covered = disclosure.covers(entry.code);
    series.months = entry.rows.map((row) => monthFigures(row, () => covered, null));
    return series;
  });
  const jurisdictionRows = [...perJurisdiction.values()];
  const result = new WorkforceTimeSeries();
  result.interval = interval;
  result.months = totals.map((row) => row.month);
  result.totals = totals.map((row, i) => {
    const covered: Coverage = (basis) => jurisdictionRows.every((entry) => basis(entry.rows[i]) === 0 || disclosure.covers(entry.code));
    return monthFigures(row, covered, byJurisdiction.map((series) => series.months[i]));
  });
  result.byJurisdiction = byJurisdiction;
  return result;
}

@Resolver(() => WorkforceTimeSeries)
export class WorkforceTimeSeriesResolver {
  @Query(() => WorkforceTimeSeries, {
    description:
      'Counts per month or per quarter (certifications issued and lapsed, postings opened, assistance awarded) over a range, per jurisdiction and in total, every period present; small counts are withheld as in workforceMetrics.',
  })
  workforceTimeSeries(@Arg('filter', () => WorkforceSeriesFilter) filter: WorkforceSeriesFilter, @Ctx() ctx: HubContext): Promise<WorkforceTimeSeries> {
    return workforceTimeSeries(ctx, filter);
  }
}

@Resolver(() => JurisdictionSeries)
export class JurisdictionSeriesResolver {
  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() series: JurisdictionSeries, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    return ctx.loaders.byId(Jurisdiction.name, series.jurisdictionId, info);
  }
}
