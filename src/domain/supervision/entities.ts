import { Check, Entity, Enum, Index, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Sortable } from '../../graphql/ordering';
import { Located } from '../../graphql/near';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { DataRecord } from '../base';
import { Node } from '../../graphql/node';
import { Certification } from '../credentials/entities';
import { Employer, ServiceProgram } from '../employers/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { ClinicalBasis, ExperienceLogStatus } from './enums';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A person who supervises peer specialists, with a capacity for supervisees.' })
@Entity()
@Check({ name: 'supervisor_capacity_check', expression: 'capacity >= 0' })
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
