import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, InterfaceType, ID } from 'type-graphql';

/** Relay's Node: every exposed record has a global id that node(id) resolves (the id encodes type and key). */
@InterfaceType({ description: 'A record with a global id, unique across every type of the hub.' })
export abstract class Node {
  @Field(() => ID, { description: 'Global id: opaque, stable, unique across types.' })
  id!: string;
}

/** Every table has an integer key; the GraphQL id is derived from it and the type name. */
@Entity({ abstract: true })
export abstract class Keyed {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;
}

/** Records that the synthetic sample data can create carry a mark, so that nobody mistakes them for real data. */
@Entity({ abstract: true })
export abstract class DataRecord extends Keyed {
  @Field(() => Boolean, { description: 'True for generated sample data, never for real records.' })
  @Property({ type: 'boolean', default: false, index: true })
  synthetic: boolean = false;
}
