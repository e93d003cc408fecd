import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import { Keyed, Node, NODE_TYPE } from '../domain/base';
import { entities } from '../domain/entities';
import type { HubContext } from './context';
import { badInput } from './errors';
import { fromGlobalId } from './global-id';
import type { Row } from './loaders';

/** Every table with an integer key is exposed as a Node type of the same name. */
const nodeTypes = new Set<string>(entities.filter((entity) => entity.prototype instanceof Keyed).map((entity) => entity.name));

async function loadNode(ctx: HubContext, id: string, info: GraphQLResolveInfo): Promise<Row | null> {
  const { typeName, key } = fromGlobalId(id);
  if (!nodeTypes.has(typeName)) return null;
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
