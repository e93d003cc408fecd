import { Check, Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Sortable } from '../../graphql/ordering';
import { Keyed } from '../base';
import { Node } from '../../graphql/node';
import { FactSource } from '../sources';
import { CertifyingBodyKind } from './enums';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A US state or territory that certifies peer specialists.' })
@Entity()
@Check({ name: 'jurisdiction_codes_check', expression: "code ~ '^[A-Z]{2}$' and fips_code ~ '^[0-9]{2}$'" })
@Check({ name: 'jurisdiction_population_check', expression: 'population > 0 and population_year >= 1900 and population_year <= 2100' })
export class Jurisdiction extends Keyed {
  @Field(() => String, { description: 'USPS code, such as MN or TX.' })
  @Sortable()
  @Property({ type: 'string', length: 2, unique: true })
  code!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { description: 'Two-digit FIPS state code.' })
  @Sortable()
  @Property({ type: 'string', length: 2, unique: true })
  fipsCode!: string;

  @Field(() => Int, { description: 'Resident population used for per-capita figures.' })
  @Property({ type: 'integer' })
  population!: number;

  @Field(() => Int, { description: 'Year of the population estimate.' })
  @Property({ type: 'integer' })
  populationYear!: number;

  @Field(() => [FactSource], { description: 'Where each fact about this jurisdiction comes from.' })
  @Property({ type: 'json' })
  sources!: FactSource[];
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'The organisation that issues a credential in a jurisdiction.' })
@Entity()
@Unique({ properties: ['jurisdiction', 'name'] })
export class CertifyingBody extends Keyed {
  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => CertifyingBodyKind)
  @Enum({ items: () => CertifyingBodyKind })
  kind!: CertifyingBodyKind;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  website?: string | null;

  @Field(() => [FactSource])
  @Property({ type: 'json' })
  sources!: FactSource[];
}
