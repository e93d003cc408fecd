import { isInterfaceType, type GraphQLSchema } from 'graphql';
import { Field, ID, InterfaceType } from 'type-graphql';

/** Rows returned through the Node interface carry their GraphQL type under this key. */
export const NODE_TYPE = '__nodeType';

const nodeTypeOf = (row: { [NODE_TYPE]?: string }) => row[NODE_TYPE];

/** Relay's Node: every exposed record has a global id that node(id) resolves (the id encodes type and key). */
@InterfaceType({
  description: 'A record with a global id, unique across every type of the hub.',
  resolveType: nodeTypeOf,
})
export abstract class Node {
  @Field(() => ID, { description: 'Global id: opaque, stable, unique across types.' })
  id!: string;
}

/**
 * Puts back Node's resolveType as declared: type-graphql wraps it in an async function, whose promise graphql-js
 * awaits but graphql-jit (src/graphql/compiled-execution.ts) takes for the type name.
 */
export function resolveNodeTypeSynchronously(schema: GraphQLSchema): void {
  const node = schema.getType('Node');
  if (!isInterfaceType(node)) throw new Error('the schema has no Node interface');
  node.resolveType = nodeTypeOf;
}
