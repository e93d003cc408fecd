import { Check, Collection, Entity, Enum, Index, ManyToMany, ManyToOne, Opt, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Filterable, Sortable } from '../../graphql/ordering';
import { Located } from '../../graphql/near';
import { LANGUAGES_CHECK_SQL } from '../../graphql/languages';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { DataRecord } from '../base';
import { Node } from '../../graphql/node';
import { CredentialType } from '../credentials/entities';
import { Employer, ServiceProgram } from '../employers/entities';
import { EmploymentRole, EmploymentType } from '../employers/enums';
import { Jurisdiction } from '../jurisdictions/entities';
import { CertificationRequirement, JobPostingStatus, PayUnit } from './enums';
import './status';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A job an employer advertises (aligned with schema.org JobPosting).' })
@Entity()
@Check({ name: 'job_posting_pay_check', expression: 'pay_min_cents >= 0 and pay_min_cents <= pay_max_cents' })
@Check({ name: 'job_posting_openings_check', expression: 'openings > 0' })
@Check({ name: 'job_posting_languages_check', expression: LANGUAGES_CHECK_SQL('languages') })
@Index({ name: 'job_posting_languages_index', expression: 'create index "job_posting_languages_index" on "job_posting" using gin ("languages")' })
@Check({ name: 'job_posting_dates_check', expression: 'valid_through is null or date_posted is null or valid_through >= date_posted' })
// full-text search over title and description (src/domain/jobs/search.ts uses the same expression)
@Index({
  name: 'job_posting_search_index',
  expression: `create index "job_posting_search_index" on "job_posting" using gin (to_tsvector('english', "title" || ' ' || "description"))`,
})
// an employer's postings by status: its open ones are counted without reading the drafts and closed ones it keeps
// (employers.openPostings); the index serves lookups by employer alone as well
@Index({ name: 'job_posting_employer_status_index', properties: ['employer', 'status'] })
// a state's open postings, with what a job board's search filters on: its count read from the index alone
@Index({
  name: 'job_posting_open_index',
  expression: `create index "job_posting_open_index" on "job_posting" ("jurisdiction_id", "date_posted", "id") include ("pay_min_cents", "pay_unit", "valid_through", "program_id") where "status" = 'OPEN'`,
})
// remote postings, newest first: a rare flag (a few in a hundred), so a job board's "remote only" reads this small
// index instead of every open posting (figures in docs/api.md, "Job boards")
@Index({ name: 'job_posting_remote_index', expression: `create index "job_posting_remote_index" on "job_posting" ("date_posted") where "remote"` })
// whether a state has advertised by a day (workforce coverage): one probe per state
@Index({ name: 'job_posting_jurisdiction_posted_index', properties: ['jurisdiction', 'datePosted'] })
export class JobPosting extends DataRecord {
  @ManyToOne(() => Employer)
  employer!: Employer;

  @ManyToOne(() => ServiceProgram, { nullable: true, index: true })
  program?: ServiceProgram | null;

  /** The state the job is in. */
  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  @ManyToMany({ entity: () => CredentialType, pivotEntity: () => JobPostingAcceptedCredentialType })
  acceptedCredentialTypes = new Collection<CredentialType>(this);

  @Field(() => String)
  @Property({ type: 'string' })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  description!: string;

  @Field(() => EmploymentRole)
  @Sortable()
  @Enum({ items: () => EmploymentRole, index: true })
  role!: EmploymentRole;

  @Field(() => EmploymentType)
  @Sortable()
  @Enum({ items: () => EmploymentType, index: true })
  employmentType!: EmploymentType;

  @Field(() => String)
  @Sortable()
  @Property({ type: 'string', index: true })
  city!: string;

  // filtered on by equality (a job board's "in 55802"): the index keeps it a probe; nothing orders by it
  @Field(() => String, { nullable: true })
  @Filterable()
  @Located({ remote: 'remote', remoteWithin: 'jurisdiction' })
  @Property({ type: 'string', length: 10, nullable: true, index: true })
  postalCode?: string | null;

  @Field(() => Boolean, { description: 'The job is done from home: open to applicants anywhere in its state.' })
  @Filterable()
  @Property({ type: 'boolean', default: false })
  remote: boolean & Opt = false;

  @Field(() => [String], { description: 'Languages the job is done in, as BCP 47 tags ("en", "es"); empty when the employer did not say.' })
  @Filterable()
  @Property({ type: 'text[]', default: '{}' })
  languages: string[] & Opt = [];

  @Field(() => Int, { description: 'Lowest pay in cents per payUnit.' })
  @Sortable()
  @Property({ type: 'integer', index: true })
  payMinCents!: number;

  @Field(() => Int, { description: 'Highest pay in cents per payUnit.' })
  @Sortable()
  @Property({ type: 'integer', index: true })
  payMaxCents!: number;

  @Field(() => PayUnit)
  @Sortable()
  @Enum({ items: () => PayUnit, index: true })
  payUnit!: PayUnit;

  @Field(() => CertificationRequirement)
  @Sortable()
  @Enum({ items: () => CertificationRequirement, index: true })
  certificationRequirement!: CertificationRequirement;

  @Field(() => Boolean, { description: 'The employer provides the supervision an intern needs.' })
  @Filterable()
  @Property({ type: 'boolean', default: false })
  supervisionProvided: boolean & Opt = false;

  @Field(() => Boolean, { description: 'Hours worked count toward the supervised internship requirement.' })
  @Filterable()
  @Property({ type: 'boolean', default: false })
  countsTowardInternshipHours: boolean & Opt = false;

  @Field(() => Int)
  @Property({ type: 'smallint', default: 1 })
  openings: number & Opt = 1;

  @Field(() => String, { nullable: true, description: 'Where to apply: an https or http address. A posting needs applyUrl or applyEmail to be published.' })
  @Property({ type: 'string', length: 2000, nullable: true })
  applyUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Where to send an application by email. A posting needs applyUrl or applyEmail to be published.' })
  @Property({ type: 'string', length: 254, nullable: true })
  applyEmail?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Null while a draft.' })
  @Sortable()
  @Property({ type: 'date', nullable: true, index: true })
  datePosted?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Sortable()
  @Property({ type: 'date', nullable: true, index: true })
  validThrough?: string | null;

  @Field(() => JobPostingStatus, {
    description:
      'The status today (UTC): EXPIRED for an OPEN posting past its validThrough, otherwise as set (DRAFT, OPEN, PAUSED, FILLED, CLOSED, EXPIRED). ' +
      'Every read gives the same (lists, filters, orderings, jobPostingStats, the metrics); the public sees OPEN postings only.',
  })
  @Sortable()
  @Enum({ items: () => JobPostingStatus, index: true })
  status!: JobPostingStatus;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', defaultRaw: 'current_timestamp' })
  createdAt!: Date & Opt;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', defaultRaw: 'current_timestamp' })
  updatedAt!: Date & Opt;
}

/** Pivot of JobPosting.acceptedCredentialTypes; an entity of its own so that its second key column is indexed too. */
@Entity()
export class JobPostingAcceptedCredentialType {
  @ManyToOne(() => JobPosting, { primary: true, deleteRule: 'cascade' })
  jobPosting!: JobPosting;

  @ManyToOne(() => CredentialType, { primary: true, index: true })
  credentialType!: CredentialType;

  [PrimaryKeyProp]?: ['jobPosting', 'credentialType'];
}
