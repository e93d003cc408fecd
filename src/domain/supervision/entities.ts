import { Check, Entity, Enum, Index, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Sortable } from '../../graphql/ordering';
import { Located } from '../../graphql/near';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { DataRecord } from '../base';
import { Node } from '../../graphql/node';
import { Filterable } from '../../graphql/ordering';
import { LANGUAGES_CHECK_SQL } from '../../graphql/languages';
import { Certification, CredentialType } from '../credentials/entities';
import { CertificationStatus } from '../credentials/enums';
import { Employer, ServiceProgram } from '../employers/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { ClinicalBasis, ExperienceLogStatus, SupervisionStatus } from './enums';
import './directory';

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description:
    'A person who supervises peer specialists, with a capacity for supervisees: the directory an intern finds supervision in. What a supervisor publishes (displayName, city, languages, the credential held and its status, whether they take interns from other employers, places free) anyone reads; their person and supervisees are theirs.',
})
@Entity()
@Check({ name: 'supervisor_capacity_check', expression: 'capacity >= 0' })
@Check({ name: 'supervisor_languages_check', expression: LANGUAGES_CHECK_SQL('languages') })
@Index({ name: 'supervisor_languages_index', expression: 'create index "supervisor_languages_index" on "supervisor" using gin ("languages")' })
export class Supervisor extends DataRecord {
  /** The supervisor as a person of the hub (peer supervisors are peers themselves). */
  @ManyToOne(() => PeerSpecialist, { index: true })
  person!: PeerSpecialist;

  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  @ManyToOne(() => Employer, { nullable: true, index: true })
  employer?: Employer | null;

  /** The supervisor credential (TX PSS) the person holds; null for clinicians supervising on their licence. */
  @ManyToOne(() => Certification, { nullable: true, index: true })
  supervisorCertification?: Certification | null;

  @Field(() => ClinicalBasis)
  @Enum({ items: () => ClinicalBasis })
  clinicalBasis!: ClinicalBasis;

  @Field(() => Boolean, { description: 'Takes supervisees from other employers.' })
  @Sortable()
  @Property({ type: 'boolean', default: false, index: true })
  acceptsExternalSupervisees: boolean & Opt = false;

  @Field(() => Int, { description: 'How many supervisees at once.' })
  @Property({ type: 'smallint' })
  capacity!: number;

  @Field(() => String, { nullable: true, description: 'ZIP code of where the supervisor works (their employer\'s site).' })
  @Located()
  @Property({ type: 'string', length: 10, nullable: true, index: true })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'The name the supervisor publishes in the directory (their person record stays theirs).' })
  @Sortable()
  @Property({ type: 'text', nullable: true, index: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'The city the supervisor supervises in.' })
  @Sortable()
  @Property({ type: 'text', nullable: true, index: true })
  city?: string | null;

  @Field(() => [String], { description: 'Languages the supervisor supervises in, as BCP 47 tags ("en", "es").' })
  @Filterable()
  @Property({ type: 'text[]', default: '{}' })
  languages: string[] & Opt = [];

  /** The type of supervisorCertification, kept by a trigger (Migration20261205110000): public, unlike the certification. */
  @ManyToOne(() => CredentialType, { nullable: true, index: true })
  credentialType?: CredentialType | null;

  // derived as of today (./directory.ts): no column of their own
  @Field(() => CertificationStatus, { nullable: true, description: 'The status today of the supervisor credential held (null for a clinician supervising on their licence).' })
  @Filterable()
  credentialStatus?: CertificationStatus | null;

  @Field(() => Int, { description: 'Places free today: capacity less the supervisions accepted and in force today (a count only).' })
  @Filterable()
  placesFree?: number;
}

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: 'An intern\'s request for supervision, and once the supervisor accepts it the supervision itself: what logging hours under them relies on.',
})
@Entity()
@Check({ name: 'supervision_period_check', expression: 'ends_on is null or (starts_on is not null and ends_on >= starts_on)' })
@Check({ name: 'supervision_accepted_check', expression: "(status = 'ACCEPTED') = (starts_on is not null)" })
// one request waiting per intern and supervisor
@Index({
  name: 'supervision_requested_unique',
  expression: `create unique index "supervision_requested_unique" on "supervision" ("person_id", "supervisor_id") where "status" = 'REQUESTED'`,
})
// a supervisor's accepted supervisions, with their days: places free are counted from the index alone
@Index({
  name: 'supervision_accepted_index',
  expression: `create index "supervision_accepted_index" on "supervision" ("supervisor_id") include ("starts_on", "ends_on", "person_id") where "status" = 'ACCEPTED'`,
})
export class Supervision extends DataRecord {
  /** The intern. */
  @ManyToOne(() => PeerSpecialist, { index: true })
  person!: PeerSpecialist;

  @ManyToOne(() => Supervisor, { index: true })
  supervisor!: Supervisor;

  @Field(() => SupervisionStatus)
  @Sortable()
  @Enum({ items: () => SupervisionStatus, index: true })
  status!: SupervisionStatus;

  @Field(() => String, { nullable: true, description: 'What the intern wrote to the supervisor with the request.' })
  @Property({ type: 'text', nullable: true })
  message?: string | null;

  @Field(() => DateTimeScalar)
  @Sortable()
  @Property({ type: 'datetime', index: true })
  requestedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the request was accepted, declined or withdrawn.' })
  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the request was declined, or the supervision ended.' })
  @Property({ type: 'text', nullable: true })
  decisionNote?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'The first day of the supervision: the day it was accepted.' })
  @Sortable()
  @Property({ type: 'date', nullable: true, index: true })
  startsOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'The last day of the supervision, once an end is set; it reads ENDED from the day after.' })
  @Property({ type: 'date', nullable: true })
  endsOn?: string | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'Supervised work experience a peer logged for a period, and its sign-off.' })
@Entity()
@Check({ name: 'supervised_experience_log_period_check', expression: 'period_end >= period_start' })
@Check({ name: 'supervised_experience_log_hours_check', expression: 'direct_service_hours >= 0 and supervision_hours >= 0' })
// by certification, with who supervised and when: the workforce figures find each intern's supervisors from it alone
@Index({
  name: 'supervised_experience_log_certification_index',
  expression: 'create index "supervised_experience_log_certification_index" on "supervised_experience_log" ("certification_id") include ("supervisor_id", "period_start")',
})
export class SupervisedExperienceLog extends DataRecord {
  @ManyToOne(() => PeerSpecialist, { index: true })
  person!: PeerSpecialist;

  /** The provisional certification the hours count toward. */
  @ManyToOne(() => Certification)
  certification!: Certification;

  @ManyToOne(() => Supervisor, { index: true })
  supervisor!: Supervisor;

  @ManyToOne(() => Employer, { nullable: true, index: true })
  employer?: Employer | null;

  @ManyToOne(() => ServiceProgram, { nullable: true, index: true })
  program?: ServiceProgram | null;

  @Field(() => DateScalar)
  @Sortable()
  @Property({ type: 'date', index: true })
  periodStart!: string;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  periodEnd!: string;

  @Field(() => Float)
  @Property({ type: 'decimal', precision: 6, scale: 2 })
  directServiceHours!: string;

  @Field(() => Float, { description: 'Hours of supervision received in the period.' })
  @Property({ type: 'decimal', precision: 6, scale: 2, default: 0 })
  supervisionHours!: string & Opt;

  @Field(() => ExperienceLogStatus)
  @Sortable()
  @Enum({ items: () => ExperienceLogStatus, index: true })
  status!: ExperienceLogStatus;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime' })
  submittedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  signedOffAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  signOffNote?: string | null;
}
