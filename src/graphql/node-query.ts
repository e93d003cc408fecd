import { isInterfaceType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import { Node, NODE_TYPE } from './node';
import type { HubContext } from './context';
import { badInput } from '../errors';
import { fromGlobalId } from './global-id';
import type { Row } from './loaders';
import { registeredTypesByName } from './relations';

const nodeTypes = new WeakMap<GraphQLSchema, Set<string>>();

/**
 * The types node() may answer with: those the schema says implement Node, read through the loaders of the exposed
 * types. Not the tables: a table with a key but no GraphQL type (an import run) would answer a type the Node
 * interface cannot resolve, an internal error.
 */
function nodeTypesOf(schema: GraphQLSchema): Set<string> {
  let names = nodeTypes.get(schema);
  if (!names) {
    const node = schema.getType(Node.name);
    const exposed = registeredTypesByName();
    names = new Set(isInterfaceType(node) ? schema.getPossibleTypes(node).map((type) => type.name).filter((name) => exposed.has(name)) : []);
    nodeTypes.set(schema, names);
  }
  return names;
}

async function loadNode(ctx: HubContext, id: string, info: GraphQLResolveInfo): Promise<Row | null> {
  const { typeName, key } = fromGlobalId(id);
  // an id of another kind of record reads as null, as an unknown id does
  if (!nodeTypesOf(info.schema).has(typeName)) return null;
  const row = await ctx.loaders.byId(typeName, key, info);
  return row && { ...row, [NODE_TYPE]: typeName };
}

/** Relay global object identification: any record by its global id, through the same loaders as every other read. */
@Resolver()
export class NodeQueryResolver {
  @Query(() => Node, { nullable: true, description: 'The record with this global id, of whatever type, or null.' })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    return loadNode(ctx, id, info);
  }

  @Query(() => [Node], { nullable: 'items', description: 'The records with these global ids, in the same order; null for each unknown id.' })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<(Row | null)[]> {
    if (ids.length > ctx.maxPageSize) {
      throw badInput(`"ids" may hold at most ${ctx.maxPageSize} ids; got ${ids.length}`, { argument: 'ids', limit: ctx.maxPageSize, value: ids.length });
    }
    return Promise.all(ids.map((id) => loadNode(ctx, id, info)));
  }
}
