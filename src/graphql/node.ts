import { Field, ID, InterfaceType } from 'type-graphql';

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
