import 'reflect-metadata';
import { Args, Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { connectionOf, pageArgsOf, pageRequest, type ConnectionArgs } from './connection';
import type { HubContext } from './context';
import type { Row } from './loaders';
import { rowKeyOfRelation } from './catalog';
import { listedNodeResolver, nodeResolver } from './node-resolver';

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

function resolve(relation: Relation, row: Row, args: ConnectionArgs | undefined, ctx: HubContext, typeName: string): Promise<unknown> {
  const target = relation.target();
  switch (relation.kind) {
    case 'one':
      return ctx.loaders.byId(target.name, row[rowKeyOfRelation(relation.via)] as number | null);
    case 'many':
      return ctx.loaders.children(target.name, relation.via, row.id, pageRequest(target, args ?? {}, ctx.maxPageSize));
    case 'targets':
      return ctx.loaders.related(typeName, relation.via, row.id);
    case 'owners':
      return ctx.loaders.relatedOwners(target.name, relation.via, row.id, pageRequest(target, args ?? {}, ctx.maxPageSize));
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
function addRelationField(resolver: ClassType, typeName: string, name: string, relation: Relation) {
  const prototype = resolver.prototype as Record<string, unknown>;
  const paged = relation.kind === 'many' || relation.kind === 'owners';
  prototype[name] = paged
    ? (row: Row, args: ConnectionArgs, ctx: HubContext) => resolve(relation, row, args, ctx, typeName)
    : (row: Row, ctx: HubContext) => resolve(relation, row, undefined, ctx, typeName);
  Reflect.defineMetadata('design:paramtypes', paged ? [Object, Object, Object] : [Object, Object], prototype, name);
  Reflect.defineMetadata('design:returntype', Object, prototype, name);
  Root()(prototype, name, 0);
  if (paged) {
    Args(() => pageArgsOf(relation.target()))(prototype, name, 1);
    Ctx()(prototype, name, 2);
  } else Ctx()(prototype, name, 1);
  FieldResolver(outputType(relation) as never, {
    nullable: relation.kind === 'one' ? relation.nullable : false,
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
  for (const [name, relation] of Object.entries(options.relations)) addRelationField(EntityResolver as unknown as ClassType, type.name, name, relation);
  Resolver(() => type)(EntityResolver);
  return EntityResolver as unknown as ClassType;
}
