import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';

/** Rows returned through the Node interface carry their GraphQL type under this key. */
export const NODE_TYPE = '__nodeType';

/** Relay's Node: every exposed record has a global id that node(id) resolves (the id encodes type and key). */
@InterfaceType({
  description: 'A record with a global id, unique across every type of the hub.',
  resolveType: (row: { [NODE_TYPE]?: string }) => row[NODE_TYPE],
})
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
@ObjectType() // fields only: not referenced by any resolver, so the schema has no DataRecord type
@Entity({ abstract: true })
export abstract class DataRecord extends Keyed {
  @Field(() => Boolean, { description: 'True for generated sample data, never for real records.' })
  @Property({ type: 'boolean', default: false, index: true })
  synthetic: boolean = false;
}
