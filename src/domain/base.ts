import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';

/** Every table has an integer key; the GraphQL id is derived from it and the type name. */
@Entity({ abstract: true })
export abstract class Keyed {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;
}

/** Records that the synthetic sample data can create carry a mark, so that nobody mistakes them for real data. */
@ObjectType() // fields only: not referenced by any resolver, so the schema has no DataRecord type
@Entity({ abstract: true })
export abstract class DataRecord extends Keyed {
  @Field(() => Boolean, { description: 'True for generated sample data, never for real records.' })
  @Property({ type: 'boolean', default: false, index: true })
  synthetic: boolean = false;
}
