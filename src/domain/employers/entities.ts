import { Check, Entity, Enum, Index, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Sortable } from '../../graphql/ordering';
import { Located } from '../../graphql/near';
import { DateScalar } from '../../graphql/scalars';
import { DataRecord } from '../base';
import { Node } from '../../graphql/node';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { EmployerKind, EmploymentRole, EmploymentType, ServiceProgramKind } from './enums';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'An organisation that employs peer specialists.' })
@Entity()
// full-text search of job postings also matches the employer's name
@Index({ name: 'employer_search_index', expression: `create index "employer_search_index" on "employer" using gin (to_tsvector('english', "name"))` })
export class Employer extends DataRecord {
  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  @Field(() => String)
  @Sortable()
  @Property({ type: 'string', index: true })
  name!: string;

  @Field(() => EmployerKind)
  @Sortable()
  @Enum({ items: () => EmployerKind, index: true })
  kind!: EmployerKind;

  @Field(() => String)
  @Sortable()
  @Property({ type: 'string', index: true })
  city!: string;

  @Field(() => String, { nullable: true })
  @Located()
  @Property({ type: 'string', length: 10, nullable: true, index: true })
  postalCode?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  website?: string | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A service program an employer runs, such as ACT or a warmline.' })
@Entity()
@Unique({ properties: ['employer', 'name'] })
export class ServiceProgram extends DataRecord {
  @ManyToOne(() => Employer, { index: true })
  employer!: Employer;

  @Field(() => ServiceProgramKind)
  @Sortable()
  @Enum({ items: () => ServiceProgramKind, index: true })
  kind!: ServiceProgramKind;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  city?: string | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  active: boolean & Opt = true;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A position a person holds or held with an employer.' })
@Entity()
@Check({ name: 'employment_dates_check', expression: 'ended_on is null or ended_on >= started_on' })
@Check({ name: 'employment_wage_check', expression: 'hourly_wage_cents is null or hourly_wage_cents >= 0' })
export class Employment extends DataRecord {
  @ManyToOne(() => PeerSpecialist, { index: true })
  person!: PeerSpecialist;

  @ManyToOne(() => Employer, { index: true })
  employer!: Employer;

  @ManyToOne(() => ServiceProgram, { nullable: true, index: true })
  program?: ServiceProgram | null;

  @Field(() => EmploymentRole)
  @Sortable()
  @Enum({ items: () => EmploymentRole, index: true })
  role!: EmploymentRole;

  @Field(() => String)
  @Property({ type: 'string' })
  title!: string;

  @Field(() => EmploymentType)
  @Enum({ items: () => EmploymentType })
  employmentType!: EmploymentType;

  @Field(() => DateScalar)
  @Sortable()
  @Property({ type: 'date', index: true })
  startedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Null while the position is held.' })
  @Sortable()
  @Property({ type: 'date', nullable: true, index: true })
  endedOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Hourly wage in cents.' })
  @Property({ type: 'integer', nullable: true })
  hourlyWageCents?: number | null;
}
