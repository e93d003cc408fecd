import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root, type ClassType } from 'type-graphql';
import { fetchedConnection, type ConnectionArgs } from './connection';
import { connectionOf, pageArgsOf } from './connection-types';
import type { HubContext } from './context';
import type { Row } from './loaders';
import { listedNodeResolver, nodeResolver } from './node-resolver';
import { countKey } from './plan';
import { resolvePlainly } from './plain-resolvers';
import { declareRelations, type Relation } from './relations';
import { isPublicType } from '../auth/visibility';
import { defineResolverMethod } from '../internals/type-graphql-metadata';

/**
 * A relation field's value: what the plan of the request fetched with the parent row (see plan.ts). A connection
 * is made from the fetched page and count; bad arguments of the field are thrown here, at the field's own path.
 */
function relationValue(row: Row, ctx: HubContext, info: GraphQLResolveInfo): unknown {
  const fetch = ctx.loaders.planner.fetchOf(info.fieldNodes[0]);
  if (!fetch) throw new Error(`${info.parentType.name}.${info.fieldName} was reached by rows read without a plan: read rows through Loaders`);
  if (fetch.error) throw fetch.error;
  const value = row[fetch.key];
  if (!fetch.page) return value ?? null;
  return fetchedConnection(fetch.page, (value as Row[] | undefined) ?? [], row[countKey(fetch.key)] as number);
}

function outputType(relation: Relation): () => unknown {
  switch (relation.kind) {
    case 'one':
      return () => relation.target();
    case 'targets':
      return () => [relation.target()];
    default:
      return () => connectionOf(relation.target());
  }
}

/** Adds one relation field to a resolver class: what the decorators of a hand-written field resolver would do. */
function addRelationField(resolver: ClassType, name: string, relation: Relation) {
  const paged = relation.kind === 'many' || relation.kind === 'owners';
  const field = FieldResolver(outputType(relation) as never, {
    // a record in scope may point at one out of scope (personal data), which then reads as null
    nullable: relation.kind === 'one' ? relation.nullable || !isPublicType(relation.target().name) : false,
    description: relation.description,
  });
  // the arguments are declared for the schema; the plan reads them from the selection
  if (paged) {
    const resolve = (row: Row, _args: ConnectionArgs, ctx: HubContext, info: GraphQLResolveInfo) => relationValue(row, ctx, info);
    defineResolverMethod(resolver, name, resolve, [Root(), Args(() => pageArgsOf(relation.target())), Ctx(), Info()], field);
  } else {
    const resolve = (row: Row, ctx: HubContext, info: GraphQLResolveInfo) => relationValue(row, ctx, info);
    defineResolverMethod(resolver, name, resolve, [Root(), Ctx(), Info()], field);
  }
}

/**
 * The resolver of an exposed type, made from declarations: its global id, a root query by id, optionally a root
 * connection, and one field per relation, each read through the batched loaders. Extend the returned class for
 * fields of its own (decorate the subclass with @Resolver of the same type).
 */
export function entityResolver<T extends object>(
  type: ClassType<T>,
  options: { byId: string; list?: string; relations: Record<string, Relation> },
): ClassType {
  declareRelations(type, options.relations);
  const Base = options.list ? listedNodeResolver(type, options.byId, options.list) : nodeResolver(type, options.byId);
  abstract class EntityResolver extends Base {}
  Object.defineProperty(EntityResolver, 'name', { value: `${type.name}Resolver` });
  for (const [name, relation] of Object.entries(options.relations)) {
    addRelationField(EntityResolver as unknown as ClassType, name, relation);
    // resolved once per row: a plain resolver (src/graphql/plain-resolvers.ts)
    resolvePlainly(type.name, name, EntityResolver as unknown as ClassType, name);
  }
  Resolver(() => type)(EntityResolver);
  return EntityResolver as unknown as ClassType;
}
