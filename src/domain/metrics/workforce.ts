import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, Float, InputType, Info, InterfaceType, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import type { Selection } from '../../graphql/plan';
import { DateScalar } from '../../graphql/scalars';
import { AssistanceFund } from '../assistance/entities';
import { CredentialCategory } from '../credentials/enums';
import { Jurisdiction } from '../jurisdictions/entities';
import { Disclosure, isSmallCell, MetricCount, MetricNumber, published, type Published } from './disclosure';
import {
  addDays, addYears, credentialCategories, DateRangeInput, jurisdictionCodes, requireKnownJurisdictions, requireRange, todayUtc,
} from './inputs';
import { WORKFORCE_AREAS, workforceSql, type FundRow, type WorkforceArea, type WorkforceQuery, type WorkforceRow } from './workforce-sql';

@InputType({ description: 'Which jurisdictions, as of which day, over which period.' })
export class WorkforceMetricsFilter {
  @Field(() => [String], { nullable: true, description: 'USPS codes (MN, TX); every jurisdiction when left out.' })
  jurisdictions?: string[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'The day the figures are taken on (in force, expiring, open); today (UTC) when left out.' })
  asOf?: string | null;

  @Field(() => DateRangeInput, {
    nullable: true,
    description: 'The period of the flow figures (newly certified, lapsed, renewals, time to full certification, decisions); the year up to asOf when left out.',
  })
  period?: DateRangeInput | null;

  @Field(() => [CredentialCategory], {
    nullable: true,
    description: 'Which credentials the certification figures count; PEER, FAMILY and YOUTH when left out (not SUPERVISOR, so that a peer supervisor is not counted twice).',
  })
  credentialCategories?: CredentialCategory[] | null;
}

@ObjectType({ description: 'A range of calendar days, both ends included.' })
export class DateRange {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;
}

export enum WorkforceRecordKind {
  CERTIFICATIONS = 'CERTIFICATIONS',
  SUPERVISION = 'SUPERVISION',
  JOB_POSTINGS = 'JOB_POSTINGS',
  ASSISTANCE = 'ASSISTANCE',
}
registerEnumType(WorkforceRecordKind, {
  name: 'WorkforceRecordKind',
  description: 'The kinds of records the workforce figures count, one per group of figures.',
  valuesConfig: {
    CERTIFICATIONS: { description: 'Certifications of the credential categories counted, first issued on or before asOf (the certification figures).' },
    SUPERVISION: { description: 'Such certifications, or supervisors (internsAwaitingSupervisor, openSupervisorSlots).' },
    JOB_POSTINGS: { description: 'Job postings posted on or before asOf (openJobPostings, medianHourlyPayCents, shareOfPostingsRequiringCertification).' },
    ASSISTANCE: { description: 'Assistance funds opened on or before the end of the period (the assistance figures).' },
  },
});

const RECORD_KINDS: Record<WorkforceArea, WorkforceRecordKind> = {
  certifications: WorkforceRecordKind.CERTIFICATIONS,
  supervision: WorkforceRecordKind.SUPERVISION,
  postings: WorkforceRecordKind.JOB_POSTINGS,
  assistance: WorkforceRecordKind.ASSISTANCE,
};

@ObjectType({ description: 'Which jurisdictions a group of figures covers: those of the ones asked for that keep its kind of records.' })
export class WorkforceCoverage {
  @Field(() => WorkforceRecordKind)
  kind!: WorkforceRecordKind;

  @Field(() => [String], { description: 'USPS codes of the jurisdictions that keep records of this kind, in order; a jurisdiction keeping none adds nothing to the figures.' })
  jurisdictionCodes!: string[];

  @Field(() => Float, { description: 'Their resident population: the denominator of the per-capita figures of this kind.' })
  population!: number;
}

const STATUS_ON = 'by the rule Certification.status follows, on asOf (on today the same figure as certifications with that status, firstIssuedOn on or before today, and a credential of the categories counted)';

@ObjectType({ description: 'Assistance figures of one fund; the fund\'s applications submitted on or before asOf.' })
export class FundFigures {
  fundId!: number;

  @Field(() => Float, { description: 'Budget in cents (public, not suppressed).' })
  budgetCents!: number;

  @Field(() => Float, { description: 'Budget minus the cents committed to awards (public, not suppressed).' })
  remainingCents!: number;

  @Field(() => MetricCount, { description: 'Applications to the fund.' })
  applications!: Published<number>;

  @Field(() => MetricNumber, { description: 'Cents requested by those applications.' })
  requestedCents!: Published<number>;

  @Field(() => MetricNumber, { description: 'Cents awarded: applications APPROVED or DISBURSED. Withheld when 1 to 10 awards make it up.' })
  awardedCents!: Published<number>;

  @Field(() => MetricNumber, { description: 'Cents paid out: applications DISBURSED. Withheld when 1 to 10 disbursements make it up.' })
  disbursedCents!: Published<number>;
}

@InterfaceType({ description: 'Workforce figures of a set of jurisdictions. Certification figures count the credential categories of the filter.' })
export abstract class WorkforceFigures {
  @Field(() => Float, { description: 'Resident population (the jurisdiction\'s population estimate; in totals, the sum over every jurisdiction asked for, whether or not it keeps records: coverage gives the population each group of figures covers).' })
  population!: number;

  @Field(() => [WorkforceCoverage], {
    description: 'For each kind of record, in the order of WorkforceRecordKind, the jurisdictions these figures cover: in totals, those asked for that keep records of the kind; in a jurisdiction\'s row, itself or none.',
  })
  coverage!: WorkforceCoverage[];

  @Field(() => MetricCount, { description: `Certifications ACTIVE on asOf, ${STATUS_ON}.` })
  activeCertifications!: Published<number>;

  @Field(() => MetricCount, { description: `Provisional (intern) certifications: PROVISIONAL on asOf, ${STATUS_ON}.` })
  provisionalCertifications!: Published<number>;

  @Field(() => MetricNumber, {
    description: 'activeCertifications per 100,000 residents of the jurisdictions that keep certification records (coverage CERTIFICATIONS): activeCertifications × 100000 / that population; null where none does.',
  })
  activePer100k!: Published<number>;

  @Field(() => MetricCount, { description: 'Of activeCertifications, those whose expiresOn is no later than asOf + 30 days.' })
  expiringWithin30Days!: Published<number>;

  @Field(() => MetricCount, { description: 'Of activeCertifications, those whose expiresOn is no later than asOf + 60 days.' })
  expiringWithin60Days!: Published<number>;

  @Field(() => MetricCount, { description: 'Of activeCertifications, those whose expiresOn is no later than asOf + 90 days.' })
  expiringWithin90Days!: Published<number>;

  @Field(() => MetricCount, { description: 'Certifications first issued (firstIssuedOn, provisional or full) within the period, on or before asOf.' })
  newlyCertified!: Published<number>;

  @Field(() => MetricCount, {
    description:
      'Certifications that lapsed: expiresOn within the period and before asOf, with a status that dates drive (so IN_GRACE, LATE_RENEWAL or EXPIRED on asOf), first issued on or before asOf.',
  })
  lapsed!: Published<number>;

  @Field(() => MetricCount, {
    description: 'Certification cycles that ended within the period, on or before asOf: cycles renewed (lastRenewedOn set; the previous cycle ended on issuedOn, when the current one began) plus certifications that lapsed. A certification renewed and then lapsed within one period counts twice: two cycles ended.',
  })
  renewalsDue!: Published<number>;

  @Field(() => MetricCount, { description: 'Of renewalsDue, those renewed on time: lastRenewedOn on or before the day the previous cycle ended (issuedOn).' })
  renewedOnTime!: Published<number>;

  @Field(() => MetricNumber, { description: 'renewedOnTime / renewalsDue, from 0 to 1; null when none was due.' })
  renewalRate!: Published<number>;

  @Field(() => MetricNumber, {
    description: 'Median days from core training to full certification (fullCertifiedOn - trainingCompletedOn), over certifications that became full within the period and on or before asOf; those without a recorded training completion are left out.',
  })
  medianDaysTrainingToFullCertification!: Published<number>;

  @Field(() => MetricCount, {
    description: 'Provisional certifications in force on asOf whose holder has no supervision accepted and in force on asOf: interns waiting for a supervisor.',
  })
  internsAwaitingSupervisor!: Published<number>;

  @Field(() => MetricCount, {
    description: "Sum over supervisors able to supervise on asOf (no supervisor credential, or one ACTIVE) of capacity minus the supervisions accepted and in force on asOf, never below 0: the supervisor directory's placesFree, summed. Withheld when 1 to 10 supervisors make it up.",
  })
  openSupervisorSlots!: Published<number>;

  @Field(() => MetricCount, { description: 'Job postings OPEN on asOf (status OPEN and validThrough null or on or after asOf) with datePosted on or before asOf: on today, the open postings anyone may list, posted by today.' })
  openJobPostings!: Published<number>;

  @Field(() => MetricNumber, {
    description: 'Median over openJobPostings of hourly pay in cents: the middle of the range ((payMinCents + payMaxCents) / 2) converted to an hour at 8 h a day, 40 a week, 2,080 a year (MONTH × 12 / 2080).',
  })
  medianHourlyPayCents!: Published<number>;

  @Field(() => MetricNumber, { description: 'Of openJobPostings, the share (0 to 1) whose certificationRequirement is REQUIRED.' })
  shareOfPostingsRequiringCertification!: Published<number>;

  @Field(() => Float, { description: 'Budget in cents of the assistance funds open at some time in the period (opensOn <= period end, closesOn null or >= period start).' })
  assistanceBudgetCents!: number;

  @Field(() => Float, { description: 'Remaining budget in cents of those funds: budget minus committed.' })
  assistanceRemainingCents!: number;

  @Field(() => MetricNumber, { description: 'Cents requested by applications to those funds submitted on or before asOf.' })
  assistanceRequestedCents!: Published<number>;

  @Field(() => MetricNumber, { description: 'Cents awarded by those funds: applications APPROVED or DISBURSED, submitted on or before asOf.' })
  assistanceAwardedCents!: Published<number>;

  @Field(() => MetricNumber, { description: 'Cents disbursed by those funds: applications DISBURSED, submitted on or before asOf.' })
  assistanceDisbursedCents!: Published<number>;

  @Field(() => MetricNumber, {
    description: 'Median days (fractional) from submission to decision of assistance applications to the jurisdictions\' funds decided within the period, on or before asOf.',
  })
  medianDaysToAssistanceDecision!: Published<number>;
}

@ObjectType({ implements: WorkforceFigures, description: 'Workforce figures over every jurisdiction asked for that keeps records of their kind (coverage says which).' })
export class WorkforceTotals extends WorkforceFigures {}

@ObjectType({ implements: WorkforceFigures, description: 'Workforce figures of one jurisdiction.' })
export class JurisdictionWorkforceFigures extends WorkforceFigures {
  jurisdictionId!: number;

  /** The assistance figures over its funds, the components of the totals' figures. */
  fundTotals!: FundFigures;

  @Field(() => [FundFigures], { description: 'The jurisdiction\'s funds counted in its assistance figures, by id.' })
  funds!: FundFigures[];
}

@ObjectType({ description: 'The workforce dashboard: figures per jurisdiction and in total, computed in one statement.' })
export class WorkforceMetrics {
  @Field(() => DateScalar)
  asOf!: string;

  @Field(() => DateRange)
  period!: DateRange;

  @Field(() => [CredentialCategory])
  credentialCategories!: CredentialCategory[];

  @Field(() => WorkforceTotals, {
    description: 'Over every jurisdiction asked for. A count or amount is withheld when any jurisdiction\'s is, so that it cannot be worked out by subtraction.',
  })
  totals!: WorkforceTotals;

  @Field(() => [JurisdictionWorkforceFigures], { description: 'One row per jurisdiction, by code.' })
  byJurisdiction!: JurisdictionWorkforceFigures[];
}

const ratio = (numerator: number, denominator: number) => (denominator ? numerator / denominator : null);

/**
 * Whether the caller may see a figure resting on the records `basis` counts in each part: every jurisdiction with
 * such records must be one the caller has analyst rights over (a jurisdiction adding none reveals nothing).
 */
type Coverage<R> = (basis: (raw: R) => number) => boolean;

/** The rules of one row of figures: its coverage, and the rows it totals (null for a jurisdiction's own row). */
class FigureRules {
  constructor(private readonly raw: WorkforceRow, private readonly covered: Coverage<WorkforceRow>, private readonly components: WorkforceFigures[] | null) {}

  /** A count; in a total also withheld when the same count of any component is. */
  count(key: keyof WorkforceFigures, of: (raw: WorkforceRow) => number, readable = false): Published<number> {
    const value = of(this.raw);
    return published(value, (!readable && isSmallCell(value, this.covered(of))) || this.componentWithheld(key));
  }

  /** A figure resting on the records `basis` counts (an amount, a median); additive ones are withheld with a component. */
  figure(value: number | null, basis: (raw: WorkforceRow) => number, additiveKey?: keyof WorkforceFigures, readable = false): Published<number> {
    const withheld = (!readable && isSmallCell(basis(this.raw), this.covered(basis))) || (additiveKey !== undefined && this.componentWithheld(additiveKey));
    return published(value, withheld);
  }

  /** A figure computed from published counts: withheld with any of them. */
  derived(value: number | null, ...from: Published<number>[]): Published<number> {
    return published(value, from.some((p) => p.suppressed));
  }

  private componentWithheld(key: keyof WorkforceFigures): boolean {
    return !!this.components?.some((row) => (row[key] as Published<number>).suppressed);
  }
}

type FundKey = 'applications' | 'requestedCents' | 'awardedCents' | 'disbursedCents';

function fundFigures(raw: FundRow, covered: Coverage<FundRow>, components: FundFigures[] | null): FundFigures {
  const rule = (key: FundKey, value: number, basis: (fund: FundRow) => number) =>
    published(value, isSmallCell(basis(raw), covered(basis)) || !!components?.some((fund) => fund[key].suppressed));
  const figures = new FundFigures();
  figures.fundId = raw.fundId!;
  figures.budgetCents = raw.budget;
  figures.remainingCents = raw.remaining;
  figures.applications = rule('applications', raw.applications, (f) => f.applications);
  figures.requestedCents = rule('requestedCents', raw.requested, (f) => f.applications);
  figures.awardedCents = rule('awardedCents', raw.awarded, (f) => f.awards);
  figures.disbursedCents = rule('disbursedCents', raw.disbursed, (f) => f.disbursements);
  return figures;
}

/** The coverage of figures over `rows` (jurisdictions' rows): for each kind, those that keep its records. */
function coverageOf(rows: WorkforceRow[]): WorkforceCoverage[] {
  return WORKFORCE_AREAS.map((area) => {
    const keeping = rows.filter((row) => row.keeps?.[area]);
    return Object.assign(new WorkforceCoverage(), {
      kind: RECORD_KINDS[area],
      jurisdictionCodes: keeping.map((row) => row.code!),
      population: keeping.reduce((sum, row) => sum + row.population, 0),
    });
  });
}

function figuresOf<T extends WorkforceFigures>(target: T, rules: FigureRules, raw: WorkforceRow, funds: FundFigures, coverage: WorkforceCoverage[]): T {
  target.population = raw.population;
  target.coverage = coverage;
  const certifiedPopulation = coverage.find((c) => c.kind === WorkforceRecordKind.CERTIFICATIONS)!.population;
  target.activeCertifications = rules.count('activeCertifications', (r) => r.active);
  target.provisionalCertifications = rules.count('provisionalCertifications', (r) => r.provisional);
  target.activePer100k = rules.derived(ratio(raw.active * 100000, certifiedPopulation), target.activeCertifications);
  target.expiringWithin30Days = rules.count('expiringWithin30Days', (r) => r.expiring30);
  target.expiringWithin60Days = rules.count('expiringWithin60Days', (r) => r.expiring60);
  target.expiringWithin90Days = rules.count('expiringWithin90Days', (r) => r.expiring90);
  target.newlyCertified = rules.count('newlyCertified', (r) => r.newly);
  target.lapsed = rules.count('lapsed', (r) => r.lapsed);
  target.renewalsDue = rules.count('renewalsDue', (r) => r.renewed + r.lapsed);
  target.renewedOnTime = rules.count('renewedOnTime', (r) => r.renewedOnTime);
  target.renewalRate = rules.derived(ratio(raw.renewedOnTime, raw.renewed + raw.lapsed), target.renewalsDue, target.renewedOnTime);
  target.medianDaysTrainingToFullCertification = rules.figure(raw.toFullMedian, (r) => r.toFullCount);
  target.internsAwaitingSupervisor = rules.count('internsAwaitingSupervisor', (r) => r.awaiting);
  target.openSupervisorSlots = rules.figure(raw.openSlots, (r) => r.supervisors, 'openSupervisorSlots');
  // open postings the caller can list one by one are no small cell to protect
  const listable = raw.hiddenPostings === 0;
  target.openJobPostings = rules.count('openJobPostings', (r) => r.openPostings, listable);
  target.medianHourlyPayCents = rules.figure(raw.medianPay, (r) => r.openPostings, undefined, listable);
  const requiring = rules.count('shareOfPostingsRequiringCertification', (r) => r.requiring, listable);
  target.shareOfPostingsRequiringCertification = rules.derived(ratio(raw.requiring, raw.openPostings), target.openJobPostings, requiring);
  target.assistanceBudgetCents = raw.fundTotals.budget;
  target.assistanceRemainingCents = raw.fundTotals.remaining;
  target.assistanceRequestedCents = funds.requestedCents;
  target.assistanceAwardedCents = funds.awardedCents;
  target.assistanceDisbursedCents = funds.disbursedCents;
  target.medianDaysToAssistanceDecision = rules.figure(raw.medianDecisionDays, (r) => r.decisions);
  return target;
}

/** The figures each area's statement reads (`funds` included): a request reads only the areas it selects. */
const AREA_FIELDS: Record<WorkforceArea, readonly string[]> = {
  certifications: [
    'activeCertifications', 'provisionalCertifications', 'activePer100k', 'expiringWithin30Days', 'expiringWithin60Days', 'expiringWithin90Days',
    'newlyCertified', 'lapsed', 'renewalsDue', 'renewedOnTime', 'renewalRate', 'medianDaysTrainingToFullCertification',
  ],
  supervision: ['internsAwaitingSupervisor', 'openSupervisorSlots'],
  postings: ['openJobPostings', 'medianHourlyPayCents', 'shareOfPostingsRequiringCertification'],
  assistance: [
    'assistanceBudgetCents', 'assistanceRemainingCents', 'assistanceRequestedCents', 'assistanceAwardedCents', 'assistanceDisbursedCents',
    'medianDaysToAssistanceDecision', 'funds',
  ],
};

/** Every field name selected below the field, through fragments (a name under @skip still counts: it only costs a read). */
function selectedNames(info: Selection): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        names.add(selection.name.value);
        visit(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

function areasSelected(info: Selection): WorkforceArea[] {
  const names = selectedNames(info);
  return WORKFORCE_AREAS.filter((area) => AREA_FIELDS[area].some((field) => names.has(field)));
}

const EMPTY_FUNDS: FundRow = { fundId: null, budget: 0, remaining: 0, applications: 0, requested: 0, awards: 0, awarded: 0, disbursements: 0, disbursed: 0 };

/** What an area not read contributes: nothing (its figures are not selected). */
const UNREAD: Omit<WorkforceRow, 'jid' | 'code' | 'population'> = {
  active: 0, provisional: 0, expiring30: 0, expiring60: 0, expiring90: 0, newly: 0, lapsed: 0, renewed: 0, renewedOnTime: 0, toFullCount: 0,
  toFullMedian: null, interns: 0, awaiting: 0, supervisors: 0, openSlots: 0, openPostings: 0, hiddenPostings: 0, requiring: 0, medianPay: null, decisions: 0,
  medianDecisionDays: null, funds: [], fundTotals: EMPTY_FUNDS, keeps: null,
};

/**
 * One statement per selected area, run side by side on the pool (at most four, whatever the number of
 * jurisdictions), merged by jurisdiction.
 */
async function readAreas(ctx: HubContext, query: WorkforceQuery, areas: WorkforceArea[]): Promise<WorkforceRow[]> {
  const results = await Promise.all((areas.length ? areas : [null]).map((area, i) => ctx.sql.rows<WorkforceRow>(workforceSql(query, area, i === 0))));
  return results[0].map((row, i) => Object.assign({ ...UNREAD }, ...results.map((rows) => rows[i])) as WorkforceRow);
}

/** Reads and publishes the figures: one statement, whatever the number of jurisdictions. */
export async function workforceMetrics(ctx: HubContext, filter: WorkforceMetricsFilter | null | undefined, info: Selection): Promise<WorkforceMetrics> {
  const jurisdictions = jurisdictionCodes(filter?.jurisdictions, 'filter.jurisdictions');
  const asOf = filter?.asOf ?? todayUtc();
  const period = filter?.period ?? { from: addDays(addYears(asOf, -1), 1), to: asOf };
  if (filter?.period) requireRange(filter.period, 'filter.period');
  const query: WorkforceQuery = {
    jurisdictions, readablePosting: ctx.loaders.scope.rows('JobPosting', 'p'), asOf, from: period.from, to: period.to, categories: credentialCategories(filter?.credentialCategories, 'filter.credentialCategories'),
  };
  const rows = await readAreas(ctx, query, areasSelected(info));
  const perJurisdiction = rows.filter((row) => row.jid !== null);
  requireKnownJurisdictions(jurisdictions, perJurisdiction.map((row) => row.code!), 'filter.jurisdictions');
  const disclosure = new Disclosure(ctx.viewer);

  const byJurisdiction = perJurisdiction.map((raw) => {
    const covered = disclosure.covers(raw.code!);
    const funds = raw.funds.map((fund) => fundFigures(fund, () => covered, null));
    const fundTotals = fundFigures(raw.fundTotals, () => covered, funds);
    const row = figuresOf(new JurisdictionWorkforceFigures(), new FigureRules(raw, () => covered, null), raw, fundTotals, coverageOf([raw]));
    row.jurisdictionId = raw.jid!;
    row.fundTotals = fundTotals;
    row.funds = funds;
    return row;
  });
  const total = rows.find((row) => row.jid === null)!;
  const coveredTotal = (basis: (raw: WorkforceRow) => number) => perJurisdiction.every((raw) => basis(raw) === 0 || disclosure.covers(raw.code!));
  const coveredFunds = (basis: (fund: FundRow) => number) => perJurisdiction.every((raw) => basis(raw.fundTotals) === 0 || disclosure.covers(raw.code!));
  const totalFunds = fundFigures(total.fundTotals, coveredFunds, byJurisdiction.map((row) => row.fundTotals));
  const totals = figuresOf(new WorkforceTotals(), new FigureRules(total, coveredTotal, byJurisdiction), total, totalFunds, coverageOf(perJurisdiction));

  const metrics = new WorkforceMetrics();
  metrics.asOf = asOf;
  metrics.period = Object.assign(new DateRange(), { from: period.from, to: period.to });
  metrics.credentialCategories = query.categories;
  metrics.totals = totals;
  metrics.byJurisdiction = byJurisdiction;
  return metrics;
}

@Resolver(() => WorkforceMetrics)
export class WorkforceMetricsResolver {
  @Query(() => WorkforceMetrics, {
    description:
      'Workforce figures per jurisdiction and in total, for dashboards: every caller may ask; figures resting on 1 to 10 records are withheld (suppressed: true) unless the caller has analyst rights over the jurisdiction (STATE_ANALYST of it, or ADMIN).',
  })
  workforceMetrics(
    @Arg('filter', () => WorkforceMetricsFilter, { nullable: true }) filter: WorkforceMetricsFilter | null,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<WorkforceMetrics> {
    return workforceMetrics(ctx, filter, info);
  }
}

@Resolver(() => JurisdictionWorkforceFigures)
export class JurisdictionWorkforceFiguresResolver {
  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() row: JurisdictionWorkforceFigures, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    return ctx.loaders.byId(Jurisdiction.name, row.jurisdictionId, info);
  }
}

@Resolver(() => FundFigures)
export class FundFiguresResolver {
  @FieldResolver(() => AssistanceFund)
  fund(@Root() figures: FundFigures, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    return ctx.loaders.byId(AssistanceFund.name, figures.fundId, info);
  }
}
