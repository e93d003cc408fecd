import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root, type ClassType } from 'type-graphql';
import { pageRequest, type Connection, type ConnectionArgs } from './connection';
import { connectionOf, pageArgsOf } from './connection-types';
import type { HubContext } from './context';
import { keyOf, toGlobalId } from './global-id';
import type { Row } from './loaders';
import { resolvePlainly } from './plain-resolvers';

function byIdRow(typeName: string, id: string, ctx: HubContext, info: GraphQLResolveInfo): Promise<Row | null> {
  const key = keyOf(id, typeName);
  return key === null ? Promise.resolve(null) : ctx.loaders.byId(typeName, key, info);
}

function listRows(typeName: string, args: ConnectionArgs, ctx: HubContext, info: GraphQLResolveInfo): Connection<Row> {
  return ctx.loaders.list(typeName, pageRequest(typeName, args, ctx.maxPageSize), info);
}

/**
 * What every exposed type gets: its global id, and a root query by id that reads as null for an unknown id. Both are
 * resolved plainly (src/graphql/plain-resolvers.ts): the methods run as graphql-js resolvers, without type-graphql's
 * wrapper, and so do the root connections of listedNodeResolver.
 */
export function nodeResolver<T extends object>(type: ClassType<T>, byIdQuery: string) {
  const typeName = type.name;

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
  resolvePlainly(typeName, 'id', NodeResolver as unknown as ClassType, 'id');
  resolvePlainly('Query', byIdQuery, NodeResolver as unknown as ClassType, 'byId');
  return NodeResolver;
}

/** A node type that is also listed at the root as a connection. */
export function listedNodeResolver<T extends object>(type: ClassType<T>, byIdQuery: string, listQuery: string) {
  const typeName = type.name;
  const ConnectionType = connectionOf(type);
  const Args_ = pageArgsOf(type);

  @Resolver(() => type)
  abstract class ListedNodeResolver extends nodeResolver(type, byIdQuery) {
    @Query(() => ConnectionType, { name: listQuery, description: `Every ${typeName}, a page at a time, in the order asked for (by default the order they were created).` })
    list(@Args(() => Args_) args: ConnectionArgs, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Connection<Row> {
      return listRows(typeName, args, ctx, info);
    }
  }
  resolvePlainly('Query', listQuery, ListedNodeResolver as unknown as ClassType, 'list');
  return ListedNodeResolver;
}
