import { Check, Entity, Enum, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Filterable, Sortable } from '../../graphql/ordering';
import { Located } from '../../graphql/near';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { DataRecord } from '../base';
import { Node } from '../../graphql/node';
import { Certification, CredentialType } from '../credentials/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { CourseKind, RegistrationStatus, TrainingEventStatus, TrainingFormat } from './enums';
import './status';
import './seats';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'An organisation that delivers peer specialist training or CE.' })
@Entity()
export class TrainingOrganization extends DataRecord {
  @Field(() => String)
  @Sortable()
  @Property({ type: 'string', index: true })
  name!: string;

  /** Home jurisdiction; null for national organisations. */
  @ManyToOne(() => Jurisdiction, { nullable: true, index: true })
  jurisdiction?: Jurisdiction | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  website?: string | null;

  @Field(() => Boolean, { description: 'Approved by the state to deliver certification training.' })
  @Property({ type: 'boolean', default: false })
  approved: boolean & Opt = false;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A scheduled course: orientation, core, supplemental, supervisor or CE.' })
@Entity()
@Check({ name: 'training_event_dates_check', expression: 'ends_on >= starts_on' })
@Check({ name: 'training_event_hours_check', expression: 'contact_hours >= 0 and ce_hours >= 0' })
@Check({ name: 'training_event_ethics_hours_check', expression: 'ethics_hours >= 0 and ethics_hours <= ce_hours' })
@Check({ name: 'training_event_seats_check', expression: 'seats > 0 and price_cents >= 0' })
export class TrainingEvent extends DataRecord {
  @ManyToOne(() => TrainingOrganization, { index: true })
  organization!: TrainingOrganization;

  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  /** The credential the course prepares for; null for general CE. */
  @ManyToOne(() => CredentialType, { nullable: true, index: true })
  credentialType?: CredentialType | null;

  @Field(() => String)
  @Property({ type: 'string' })
  title!: string;

  @Field(() => CourseKind)
  @Sortable()
  @Enum({ items: () => CourseKind, index: true })
  courseKind!: CourseKind;

  @Field(() => TrainingFormat)
  @Sortable()
  @Enum({ items: () => TrainingFormat, index: true })
  format!: TrainingFormat;

  @Field(() => TrainingEventStatus, {
    description:
      'The status today (UTC): COMPLETED for a SCHEDULED event whose endsOn has passed, otherwise as set (SCHEDULED, CANCELLED, COMPLETED). ' +
      'Every read gives the same (lists, filters, orderings, nested events); only a SCHEDULED event that has not started takes registrations.',
  })
  @Sortable()
  @Enum({ items: () => TrainingEventStatus, index: true, default: TrainingEventStatus.SCHEDULED })
  status: TrainingEventStatus & Opt = TrainingEventStatus.SCHEDULED;

  @Field(() => DateScalar)
  @Sortable()
  @Property({ type: 'date', index: true })
  startsOn!: string;

  @Field(() => DateScalar)
  @Filterable()
  @Property({ type: 'date' })
  endsOn!: string;

  @Field(() => String, { nullable: true, description: 'City for in-person events.' })
  @Filterable()
  @Property({ type: 'string', nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'ZIP code of where an in-person (or hybrid) event is held; null for virtual ones.' })
  @Located()
  @Property({ type: 'string', length: 10, nullable: true, index: true })
  postalCode?: string | null;

  @Field(() => Float)
  @Property({ type: 'decimal', precision: 6, scale: 2 })
  contactHours!: string;

  @Field(() => Float, { description: 'Continuing-education hours the event counts for.' })
  @Filterable()
  @Property({ type: 'decimal', precision: 6, scale: 2 })
  ceHours!: string;

  @Field(() => Float, { description: 'Of the CE hours, how many are ethics hours (Texas renewal needs 3 ethics hours of its 20 CE hours).' })
  @Filterable()
  @Property({ type: 'decimal', precision: 6, scale: 2, default: 0 })
  ethicsHours!: string & Opt;

  @Field(() => Int, { description: 'Price in cents.' })
  @Sortable()
  @Property({ type: 'integer', index: true })
  priceCents!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  seats!: number;

  /** Computed in SQL when read (src/domain/training/seats.ts): no column. */
  @Field(() => Int, {
    description:
      'Seats not taken now: seats minus the registrations holding one (REGISTERED, or COMPLETED), never below 0. A count anyone may read; who registered stays personal.',
  })
  @Filterable()
  seatsLeft!: number & Opt;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  contactEmail?: string | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A person\'s place at a training event, and how it ended.' })
@Entity()
@Unique({ properties: ['event', 'person'] })
// each number of an event's waiting list is drawn once (src/domain/training/workflow.ts), and every person waiting has one;
// the number first, so that the index also serves ordering by it
@Unique({ properties: ['waitlistNumber', 'event'] })
@Check({ name: 'training_registration_score_check', expression: 'score is null or (score >= 0 and score <= 100)' })
@Check({ name: 'training_registration_waitlist_number_check', expression: `(waitlist_number is null and status <> 'WAITLISTED') or (waitlist_number is not null and waitlist_number > 0)` })
export class TrainingRegistration extends DataRecord {
  @ManyToOne(() => TrainingEvent, { index: true })
  event!: TrainingEvent;

  @ManyToOne(() => PeerSpecialist, { index: true })
  person!: PeerSpecialist;

  @Field(() => RegistrationStatus)
  @Sortable()
  @Enum({ items: () => RegistrationStatus, index: true })
  status!: RegistrationStatus;

  @Field(() => DateTimeScalar, { description: 'When the hub decided the place (REGISTERED or WAITLISTED), last registration included.' })
  @Property({ type: 'datetime' })
  registeredAt!: Date;

  @Field(() => Int, {
    nullable: true,
    description:
      "The person's number on the event's waiting list: 1, 2, 3... in the order the hub placed people there; the first waiting by this number gets the next seat freed. Kept once promoted; null for a place taken at once.",
  })
  @Sortable()
  @Property({ type: 'integer', nullable: true })
  waitlistNumber?: number | null;

  @Field(() => DateScalar, { nullable: true })
  @Sortable()
  @Property({ type: 'date', nullable: true, index: true })
  completedOn?: string | null;

  @Field(() => Float, { nullable: true, description: 'Knowledge assessment score, 0 to 100.' })
  @Property({ type: 'decimal', precision: 5, scale: 2, nullable: true })
  score?: string | null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  passed?: boolean | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'Continuing education a person completed, counted toward a certification cycle.' })
@Entity()
@Check({ name: 'continuing_education_hours_check', expression: 'hours >= 0 and ethics_hours >= 0 and ethics_hours <= hours' })
export class ContinuingEducationRecord extends DataRecord {
  @ManyToOne(() => PeerSpecialist, { index: true })
  person!: PeerSpecialist;

  @ManyToOne(() => Certification, { index: true })
  certification!: Certification;

  @ManyToOne(() => TrainingEvent, { nullable: true, index: true })
  trainingEvent?: TrainingEvent | null;

  @Field(() => String)
  @Property({ type: 'string' })
  title!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  provider!: string;

  @Field(() => Float)
  @Property({ type: 'decimal', precision: 6, scale: 2 })
  hours!: string;

  @Field(() => Float, { description: 'Of those hours, how many were ethics.' })
  @Property({ type: 'decimal', precision: 6, scale: 2, default: 0 })
  ethicsHours!: string & Opt;

  @Field(() => DateScalar)
  @Sortable()
  @Property({ type: 'date', index: true })
  completedOn!: string;
}
