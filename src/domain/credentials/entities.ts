import { Check, Entity, Enum, Index, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Sortable } from '../../graphql/ordering';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { Keyed, DataRecord } from '../base';
import { Node } from '../../graphql/node';
import { CertifyingBody, Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { FactSource } from '../sources';
import './lifecycle';
import { ApplicationKind, ApplicationStatus, CertificationStatus, CredentialCategory, LivedExperienceFocus } from './enums';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A credential a jurisdiction issues, such as MN CPS or TX MHPS.' })
@Entity()
@Unique({ properties: ['jurisdiction', 'code'] })
export class CredentialType extends Keyed {
  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  @ManyToOne(() => CertifyingBody, { index: true })
  certifyingBody!: CertifyingBody;

  @Field(() => String, { description: 'Short code used by the jurisdiction: CPS, MHPS, RSPS, PSS.' })
  @Sortable()
  @Property({ type: 'string', length: 16, index: true })
  code!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => CredentialCategory)
  @Sortable()
  @Enum({ items: () => CredentialCategory, index: true })
  category!: CredentialCategory;

  @Field(() => LivedExperienceFocus)
  @Enum({ items: () => LivedExperienceFocus })
  livedExperienceFocus!: LivedExperienceFocus;

  @Field(() => Boolean, { description: 'True when the credential itself is provisional (NY NYCPS-P, FL CRPS-P).' })
  @Property({ type: 'boolean', default: false })
  provisional: boolean & Opt = false;

  @Field(() => [FactSource])
  @Property({ type: 'json' })
  sources!: FactSource[];
}

/**
 * The rules of a credential type from a date on. Versioned: a rule change adds a version, so that a
 * certification is always judged by the profile in force when its cycle began.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'The rules of a credential type, versioned by the date they take effect.' })
@Entity()
@Unique({ properties: ['credentialType', 'version'] })
@Check({ name: 'requirement_profile_non_negative_check', expression: 'version > 0 and training_hours >= 0 and supervised_hours_required >= 0 and ce_hours_per_cycle >= 0 and ethics_hours_per_cycle >= 0 and ethics_hours_per_cycle <= ce_hours_per_cycle and validity_months > 0 and grace_period_months >= 0 and late_renewal_months >= grace_period_months and extensions_allowed >= 0' })
@Check({ name: 'requirement_profile_fees_check', expression: 'application_fee_cents >= 0 and renewal_fee_cents >= 0 and late_fee_cents >= 0 and reinstatement_fee_cents >= 0 and (reduced_application_fee_cents is null or reduced_application_fee_cents >= 0)' })
export class RequirementProfile extends Keyed {
  @ManyToOne(() => CredentialType, { index: true })
  credentialType!: CredentialType;

  @Field(() => Int)
  @Property({ type: 'integer' })
  version!: number;

  @Field(() => DateScalar)
  @Sortable()
  @Property({ type: 'date', index: true })
  effectiveFrom!: string;

  @Field(() => Float, { description: 'Training hours required before applying.' })
  @Property({ type: 'decimal', precision: 6, scale: 2 })
  trainingHours!: string;

  @Field(() => Float, { description: 'Supervised work-experience hours required before full certification (0: none).' })
  @Property({ type: 'decimal', precision: 7, scale: 2 })
  supervisedHoursRequired!: string;

  @Field(() => Int, { nullable: true, description: 'Months a provisional (intern) certification is valid; null where there is none.' })
  @Property({ type: 'smallint', nullable: true })
  provisionalValidityMonths?: number | null;

  @Field(() => Int, { description: 'Extensions of the provisional period allowed.' })
  @Property({ type: 'smallint' })
  extensionsAllowed!: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'smallint', nullable: true })
  extensionMonths?: number | null;

  @Field(() => Int, { description: 'Months a full certification is valid per cycle.' })
  @Property({ type: 'smallint' })
  validityMonths!: number;

  @Field(() => Float)
  @Property({ type: 'decimal', precision: 6, scale: 2 })
  ceHoursPerCycle!: string;

  @Field(() => Float)
  @Property({ type: 'decimal', precision: 6, scale: 2 })
  ethicsHoursPerCycle!: string;

  @Field(() => Int, { description: 'Months after expiry during which the certification is IN_GRACE.' })
  @Property({ type: 'smallint' })
  gracePeriodMonths!: number;

  @Field(() => Int, { description: 'Months after expiry until a certification is EXPIRED and needs reinstatement.' })
  @Property({ type: 'smallint' })
  lateRenewalMonths!: number;

  @Field(() => Int, { description: 'Application fee in cents.' })
  @Property({ type: 'integer' })
  applicationFeeCents!: number;

  @Field(() => Int, { nullable: true, description: 'Reduced application fee in cents, for holders of another peer credential.' })
  @Property({ type: 'integer', nullable: true })
  reducedApplicationFeeCents?: number | null;

  @Field(() => Int)
  @Property({ type: 'integer' })
  renewalFeeCents!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  lateFeeCents!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  reinstatementFeeCents!: number;

  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  backgroundCheckRequired!: boolean;

  @Field(() => Int, { nullable: true, description: 'Days the body has to decide an application.' })
  @Property({ type: 'smallint', nullable: true })
  decisionDueDays?: number | null;

  @Field(() => [FactSource])
  @Property({ type: 'json' })
  sources!: FactSource[];
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A credential held (or applied for) by a person.' })
@Entity()
@Unique({ name: 'certification_jurisdiction_number_unique', properties: ['jurisdiction', 'credentialNumber'] })
@Check({ name: 'certification_dates_check', expression: '(expires_on is null or issued_on is null or expires_on >= issued_on) and (first_issued_on is null or issued_on is null or first_issued_on <= issued_on)' })
@Check({ name: 'certification_extensions_check', expression: 'extensions_used >= 0' })
// a status that dates drive needs its expiry: then a filter on a status as read is a range of expiry days, which the
// expiry index serves in order (src/domain/credentials/lifecycle.ts)
@Check({
  name: 'certification_dated_expiry_check',
  expression: `status <> all (array['PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED']) or expires_on is not null`,
})
@Check({ name: 'certification_milestones_check', expression: '(full_certified_on is null or first_issued_on is null or full_certified_on >= first_issued_on) and (training_completed_on is null or first_issued_on is null or training_completed_on <= first_issued_on)' })
// the workforce figures count from these indexes alone (src/domain/metrics/workforce-sql.ts): certifications in
// force on a day (status, then expiry on or after it), first issued in a period, and renewed in a period
@Index({
  name: 'certification_in_force_index',
  expression: 'create index "certification_in_force_index" on "certification" ("status", "expires_on") include ("issued_on", "jurisdiction_id", "credential_type_id", "id")',
})
@Index({
  name: 'certification_first_issued_index',
  expression: 'create index "certification_first_issued_index" on "certification" ("first_issued_on") include ("jurisdiction_id", "credential_type_id")',
})
@Index({
  name: 'certification_renewed_index',
  expression: 'create index "certification_renewed_index" on "certification" ("issued_on") include ("last_renewed_on", "jurisdiction_id", "credential_type_id") where "last_renewed_on" is not null',
})
@Index({
  name: 'certification_full_certified_index',
  expression: 'create index "certification_full_certified_index" on "certification" ("full_certified_on") include ("training_completed_on", "jurisdiction_id", "credential_type_id")',
})
// statuses as read are ranges of expiry days over these columns: counted from the index alone, listed in expiry order
@Index({
  name: 'certification_expires_on_index',
  expression: 'create index "certification_expires_on_index" on "certification" ("expires_on") include ("status", "full_certified_on", "jurisdiction_id", "credential_type_id")',
})
// one credential's certifications by expiry: an analyst's expiring certifications, counted from the index alone
@Index({
  name: 'certification_expiring_index',
  expression: 'create index "certification_expiring_index" on "certification" ("credential_type_id", "expires_on", "id") include ("status", "full_certified_on", "jurisdiction_id")',
})
// certifications in a dated status not full on a day (PROVISIONAL as read: interns): a range of this expression
@Index({
  name: 'certification_not_full_index',
  expression: `create index "certification_not_full_index" on "certification" ((coalesce("full_certified_on", 'infinity'::date))) include ("expires_on", "status", "first_issued_on", "jurisdiction_id", "credential_type_id", "id") where "status" in ('PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED')`,
})
// the public lookup by number, whatever its case and spacing (src/domain/credentials/verification.ts)
@Index({
  name: 'certification_number_lookup_index',
  expression: `create index "certification_number_lookup_index" on "certification" ("jurisdiction_id", upper(regexp_replace("credential_number", '\\s+', '', 'g')))`,
})
export class Certification extends DataRecord {
  @ManyToOne(() => PeerSpecialist, { index: true })
  person!: PeerSpecialist;

  @ManyToOne(() => CredentialType, { index: true })
  credentialType!: CredentialType;

  /** Copied from the credential type so that the number is unique per jurisdiction and scoping needs no join. */
  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  @Field(() => String, { nullable: true, description: 'Number the jurisdiction issued, unique within it; null until one is issued.' })
  @Property({ type: 'string', length: 32, nullable: true })
  credentialNumber?: string | null;

  @Field(() => CertificationStatus, {
    description:
      'The status today (UTC), as every read gives it (lists, filters, orderings, certificationStats, the metrics): ACTIVE to expiresOn (PROVISIONAL while not yet full), IN_GRACE to graceEndsOn, LATE_RENEWAL to lateRenewalEndsOn, then EXPIRED; statuses set by decisions (APPLIED, DENIED, SUSPENDED, REVOKED, RELINQUISHED, INACTIVE, CLOSED) as recorded. See statusOn for another day.',
  })
  @Sortable()
  @Enum({ items: () => CertificationStatus, index: true })
  status!: CertificationStatus;

  @Field(() => DateScalar, { nullable: true })
  @Sortable()
  @Property({ type: 'date', nullable: true })
  firstIssuedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Start of the current cycle.' })
  @Sortable()
  @Property({ type: 'date', nullable: true, index: true })
  issuedOn?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  lastRenewedOn?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Sortable()
  @Property({ type: 'date', nullable: true })
  expiresOn?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Day the certification became full: the approved upgrade from provisional, or the first issue of one issued full. Null while provisional or never issued.',
  })
  @Sortable()
  @Property({ type: 'date', nullable: true })
  fullCertifiedOn?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day of the grace period after expiresOn (IN_GRACE up to it), from the requirement profile in force when the cycle began; null without an expiry or a profile.',
  })
  @Property({ type: 'date', nullable: true })
  graceEndsOn?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day a late renewal is possible (LATE_RENEWAL up to it, EXPIRED after), from the same profile; null without an expiry or a profile.',
  })
  @Property({ type: 'date', nullable: true })
  lateRenewalEndsOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Day the holder completed the core training the application relied on, as the certifying body recorded it.' })
  @Property({ type: 'date', nullable: true })
  trainingCompletedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date by which the CE of the current cycle is due.' })
  @Property({ type: 'date', nullable: true })
  ceDueOn?: string | null;

  @Field(() => Int, { description: 'Extensions of the provisional period used.' })
  @Property({ type: 'smallint', default: 0 })
  extensionsUsed: number & Opt = 0;

  @Field(() => String, { nullable: true, description: 'Disciplinary or administrative action, as the source states it.' })
  @Property({ type: 'text', nullable: true })
  actionTaken?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the record came from: sample data, an import format, the hub.' })
  @Property({ type: 'string', nullable: true })
  sourceName?: string | null;

  @Field(() => String, { nullable: true, description: 'File the record was imported from, if any.' })
  @Property({ type: 'string', nullable: true })
  sourceFile?: string | null;

  @Field(() => Int, { nullable: true, description: 'Line of that file where the record starts.' })
  @Property({ type: 'integer', nullable: true })
  sourceRow?: number | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 (hex) of the file the record was last changed from.' })
  @Property({ type: 'string', length: 64, nullable: true })
  sourceChecksum?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When an import last changed the record; re-importing the same values changes nothing, this included.' })
  @Property({ type: 'datetime', nullable: true })
  importedAt?: Date | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', defaultRaw: 'current_timestamp' })
  updatedAt!: Date & Opt;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'An application to a certifying body: initial, upgrade, renewal or reinstatement.' })
@Entity()
@Check({ name: 'certification_application_fee_check', expression: 'fee_cents >= 0' })
@Check({ name: 'certification_application_decision_check', expression: '(decided_on is null or decided_on >= submitted_on) and (decision_due_on is null or decision_due_on >= submitted_on)' })
export class CertificationApplication extends DataRecord {
  @ManyToOne(() => PeerSpecialist, { index: true })
  person!: PeerSpecialist;

  @ManyToOne(() => CredentialType, { index: true })
  credentialType!: CredentialType;

  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  /** The certification this application created or renews; null until one exists. */
  @ManyToOne(() => Certification, { nullable: true, index: true })
  certification?: Certification | null;

  @Field(() => ApplicationKind)
  @Sortable()
  @Enum({ items: () => ApplicationKind, index: true })
  kind!: ApplicationKind;

  @Field(() => ApplicationStatus)
  @Sortable()
  @Enum({ items: () => ApplicationStatus, index: true })
  status!: ApplicationStatus;

  @Field(() => DateScalar)
  @Sortable()
  @Property({ type: 'date', index: true })
  submittedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Date the body must decide by (TX: 60 days after submission).' })
  @Property({ type: 'date', nullable: true })
  decisionDueOn?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Sortable()
  @Property({ type: 'date', nullable: true, index: true })
  decidedOn?: string | null;

  @Field(() => [String], { description: 'Reasons given with a denial.' })
  @Property({ type: 'json', default: '[]' })
  decisionReasons: string[] & Opt = [];

  @Field(() => Int, { description: 'Fee paid in cents.' })
  @Property({ type: 'integer', default: 0 })
  feeCents: number & Opt = 0;
}
