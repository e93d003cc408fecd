import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root, type ClassType } from 'type-graphql';
import { connectionOf, pageArgsOf, pageRequest, type Connection, type ConnectionArgs } from './connection';
import type { HubContext } from './context';
import { keyOf, toGlobalId } from './global-id';
import type { Row } from './loaders';

type RootResolve = (args: Record<string, unknown>, ctx: HubContext, info: GraphQLResolveInfo) => unknown;

/** The root queries by id and the root connections, by query name: installed as plain resolvers (see relations.ts). */
export const rootRowQueries = new Map<string, RootResolve>();

function byIdRow(typeName: string, id: string, ctx: HubContext, info: GraphQLResolveInfo): Promise<Row | null> {
  const key = keyOf(id, typeName);
  return key === null ? Promise.resolve(null) : ctx.loaders.byId(typeName, key, info);
}

function listRows(typeName: string, args: ConnectionArgs, ctx: HubContext, info: GraphQLResolveInfo): Connection<Row> {
  return ctx.loaders.list(typeName, pageRequest(typeName, args, ctx.maxPageSize), info);
}

/** What every exposed type gets: its global id, and a root query by id that reads as null for an unknown id. */
export function nodeResolver<T extends object>(type: ClassType<T>, byIdQuery: string) {
  const typeName = type.name;
  rootRowQueries.set(byIdQuery, (args, ctx, info) => byIdRow(typeName, args.id as string, ctx, info));

  @Resolver(() => type)
  abstract class NodeResolver {
    @FieldResolver(() => ID, { description: 'Global id.' })
    id(@Root() row: Row): string {
      return toGlobalId(typeName, row.id);
    }

    @Query(() => type, { name: byIdQuery, nullable: true, description: `The ${typeName} with this global id, or null.` })
    byId(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
      return byIdRow(typeName, id, ctx, info);
    }
  }
  return NodeResolver;
}

/** A node type that is also listed at the root as a connection. */
export function listedNodeResolver<T extends object>(type: ClassType<T>, byIdQuery: string, listQuery: string) {
  const typeName = type.name;
  const ConnectionType = connectionOf(type);
  const Args_ = pageArgsOf(type);
  rootRowQueries.set(listQuery, (args, ctx, info) => listRows(typeName, args as ConnectionArgs, ctx, info));

  @Resolver(() => type)
  abstract class ListedNodeResolver extends nodeResolver(type, byIdQuery) {
    @Query(() => ConnectionType, { name: listQuery, description: `Every ${typeName}, a page at a time, in the order asked for (by default the order they were created).` })
    list(@Args(() => Args_) args: ConnectionArgs, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Connection<Row> {
      return listRows(typeName, args, ctx, info);
    }
  }
  return ListedNodeResolver;
}
