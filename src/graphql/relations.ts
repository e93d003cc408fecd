import 'reflect-metadata';
import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root, type ClassType } from 'type-graphql';
import { connectionOf, fetchedConnection, pageArgsOf, type ConnectionArgs } from './connection';
import type { HubContext } from './context';
import { toGlobalId } from './global-id';
import type { Row } from './loaders';
import { listedNodeResolver, nodeResolver, rootRowQueries } from './node-resolver';
import { countKey } from './plan';
import { isPublicType } from '../auth/visibility';

type Thunk = () => ClassType;

/** This type's many-to-one property `via` points at one `target` row. */
export interface ToOne {
  kind: 'one';
  target: Thunk;
  via: string;
  nullable: boolean;
  description?: string;
}

/** Rows of `target` whose many-to-one property `via` points at this row, as a connection. */
export interface ToMany {
  kind: 'many';
  target: Thunk;
  via: string;
  description?: string;
}

/** The targets of this type's own many-to-many property `via`, as a list (a short one). */
export interface ToTargets {
  kind: 'targets';
  target: Thunk;
  via: string;
  description?: string;
}

/** Rows of `owner` whose many-to-many property `via` includes this row, as a connection. */
export interface ToOwners {
  kind: 'owners';
  target: Thunk;
  via: string;
  description?: string;
}

export type Relation = ToOne | ToMany | ToTargets | ToOwners;

export const toOne = (target: Thunk, via: string, options: { nullable?: boolean; description?: string } = {}): ToOne => ({
  kind: 'one',
  target,
  via,
  nullable: options.nullable ?? false,
  description: options.description,
});
export const toMany = (target: Thunk, via: string, description?: string): ToMany => ({ kind: 'many', target, via, description });
export const toTargets = (target: Thunk, via: string, description?: string): ToTargets => ({ kind: 'targets', target, via, description });
export const toOwners = (target: Thunk, via: string, description?: string): ToOwners => ({ kind: 'owners', target, via, description });

const registry = new Map<Function, Record<string, Relation>>();

/** The relations declared for a type (what its GraphQL fields and its filter can follow). */
export function relationsOf(type: Function): Record<string, Relation> {
  return registry.get(type) ?? {};
}

export function registeredTypes(): Function[] {
  return [...registry.keys()];
}

let byName: Map<string, Function> | undefined;

/** The types with declared relations (every exposed entity), by name; complete once the resolvers are loaded. */
export function registeredTypesByName(): Map<string, Function> {
  return (byName ??= new Map(registeredTypes().map((type) => [type.name, type])));
}

/**
 * A relation field's value: what the plan of the request fetched with the parent row (see plan.ts). A connection
 * is made from the fetched page and count; bad arguments of the field are thrown here, at the field's own path.
 */
export function relationValue(row: Row, ctx: HubContext, info: GraphQLResolveInfo): unknown {
  const fetch = ctx.loaders.planner.fetchOf(info.fieldNodes[0]);
  if (!fetch) throw new Error(`${info.parentType.name}.${info.fieldName} was reached by rows read without a plan: read rows through Loaders`);
  if (fetch.error) throw fetch.error;
  const value = row[fetch.key];
  if (!fetch.page) return value ?? null;
  return fetchedConnection(fetch.page, (value as Row[] | undefined) ?? [], row[countKey(fetch.key)] as number);
}

/**
 * Relation and id fields resolve once per row, root queries of rows once per request: installed as plain graphql-js
 * resolvers they skip type-graphql's conversion of every argument into class instances (which, for a filter, cost
 * more than planning the read). The decorated methods call the same functions.
 */
export function installRowResolvers(schema: GraphQLSchema): void {
  const queries = schema.getQueryType()!.getFields();
  for (const [name, resolve] of rootRowQueries) {
    queries[name].resolve = (_root: unknown, args: Record<string, unknown>, ctx: HubContext, info: GraphQLResolveInfo) => resolve(args, ctx, info);
  }
  for (const type of registeredTypes()) {
    const objectType = schema.getType(type.name);
    if (!isObjectType(objectType)) continue;
    const fields = objectType.getFields();
    for (const name of Object.keys(relationsOf(type))) {
      fields[name].resolve = (row: Row, _args: unknown, ctx: HubContext, info: GraphQLResolveInfo) => relationValue(row, ctx, info);
    }
    const typeName = type.name;
    if (fields.id) fields.id.resolve = (row: Row) => toGlobalId(typeName, row.id);
  }
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
  const prototype = resolver.prototype as Record<string, unknown>;
  const paged = relation.kind === 'many' || relation.kind === 'owners';
  // the arguments are declared for the schema; the plan reads them from the selection
  prototype[name] = paged
    ? (row: Row, _args: ConnectionArgs, ctx: HubContext, info: GraphQLResolveInfo) => relationValue(row, ctx, info)
    : (row: Row, ctx: HubContext, info: GraphQLResolveInfo) => relationValue(row, ctx, info);
  Reflect.defineMetadata('design:paramtypes', paged ? [Object, Object, Object, Object] : [Object, Object, Object], prototype, name);
  Reflect.defineMetadata('design:returntype', Object, prototype, name);
  Root()(prototype, name, 0);
  if (paged) {
    Args(() => pageArgsOf(relation.target()))(prototype, name, 1);
    Ctx()(prototype, name, 2);
    Info()(prototype, name, 3);
  } else {
    Ctx()(prototype, name, 1);
    Info()(prototype, name, 2);
  }
  FieldResolver(outputType(relation) as never, {
    // a record in scope may point at one out of scope (personal data), which then reads as null
    nullable: relation.kind === 'one' ? relation.nullable || !isPublicType(relation.target().name) : false,
    description: relation.description,
  })(prototype, name, Object.getOwnPropertyDescriptor(prototype, name)!);
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
  registry.set(type, options.relations);
  const Base = options.list ? listedNodeResolver(type, options.byId, options.list) : nodeResolver(type, options.byId);
  abstract class EntityResolver extends Base {}
  Object.defineProperty(EntityResolver, 'name', { value: `${type.name}Resolver` });
  for (const [name, relation] of Object.entries(options.relations)) addRelationField(EntityResolver as unknown as ClassType, name, relation);
  Resolver(() => type)(EntityResolver);
  return EntityResolver as unknown as ClassType;
}
