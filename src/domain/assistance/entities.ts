import { Check, Entity, Enum, Index, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Sortable } from '../../graphql/ordering';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { DataRecord } from '../base';
import { Node } from '../../graphql/node';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { AssistanceApplicationStatus, AssistancePurpose } from './enums';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'Money set aside to help people pay for training, checks and fees.' })
@Entity()
@Check({ name: 'assistance_fund_budget_check', expression: 'budget_cents >= 0 and committed_cents >= 0 and committed_cents <= budget_cents' })
@Check({ name: 'assistance_fund_fiscal_year_check', expression: 'fiscal_year >= 2000 and fiscal_year <= 2100' })
@Check({ name: 'assistance_fund_cap_check', expression: 'per_award_cap_cents is null or per_award_cap_cents > 0' })
@Check({ name: 'assistance_fund_dates_check', expression: 'closes_on is null or closes_on >= opens_on' })
@Check({
  name: 'assistance_fund_purposes_check',
  expression: `cardinality(purposes) > 0 and purposes <@ array[${Object.values(AssistancePurpose).map((p) => `'${p}'`).join(', ')}]::text[]`,
})
export class AssistanceFund extends DataRecord {
  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  @Field(() => String, { description: 'Who funds it, such as PeerForce.' })
  @Property({ type: 'string' })
  sponsor!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => [AssistancePurpose])
  @Enum({ items: () => AssistancePurpose, array: true })
  purposes!: AssistancePurpose[];

  @Field(() => Int, { description: 'Fiscal year the budget belongs to.' })
  @Sortable()
  @Property({ type: 'smallint', index: true })
  fiscalYear!: number;

  @Field(() => Int, { description: 'Budget in cents.' })
  @Property({ type: 'integer' })
  budgetCents!: number;

  @Field(() => Int, { description: 'Cents awarded so far (approved and disbursed); never above the budget.' })
  @Property({ type: 'integer', default: 0 })
  committedCents: number & Opt = 0;

  @Field(() => Int, { nullable: true, description: 'Largest single award in cents; null where the sources set none.' })
  @Property({ type: 'integer', nullable: true })
  perAwardCapCents?: number | null;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  opensOn!: string;

  @Field(() => DateScalar, { nullable: true })
  @Sortable()
  @Property({ type: 'date', nullable: true, index: true })
  closesOn?: string | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A request for money from an assistance fund, and its decision.' })
@Entity()
@Check({ name: 'assistance_application_amounts_check', expression: 'requested_cents > 0 and (awarded_cents is null or (awarded_cents >= 0 and awarded_cents <= requested_cents))' })
// by fund, with the amounts and dates the workforce figures sum, so that they read the index alone
@Index({
  name: 'assistance_application_fund_index',
  expression: 'create index "assistance_application_fund_index" on "assistance_application" ("fund_id") include ("status", "requested_cents", "awarded_cents", "submitted_at", "decided_at")',
})
export class AssistanceApplication extends DataRecord {
  @ManyToOne(() => AssistanceFund)
  fund!: AssistanceFund;

  @ManyToOne(() => PeerSpecialist, { index: true })
  applicant!: PeerSpecialist;

  @Field(() => AssistancePurpose)
  @Sortable()
  @Enum({ items: () => AssistancePurpose, index: true })
  purpose!: AssistancePurpose;

  @Field(() => Int)
  @Property({ type: 'integer' })
  requestedCents!: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  awardedCents?: number | null;

  @Field(() => AssistanceApplicationStatus)
  @Sortable()
  @Enum({ items: () => AssistanceApplicationStatus, index: true })
  status!: AssistanceApplicationStatus;

  @Field(() => DateTimeScalar)
  @Sortable()
  @Property({ type: 'datetime', index: true })
  submittedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who decided (the reviewer\'s subject id).' })
  @Property({ type: 'string', nullable: true })
  reviewer?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Sortable()
  @Property({ type: 'datetime', nullable: true, index: true })
  decidedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  decisionReason?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  disbursedAt?: Date | null;
}
