/**
 * The relations of every exposed type, as declared beside its resolver (entityResolver, src/graphql/entity-resolver.ts):
 * what its GraphQL fields, its filter and its read plan can follow. Declarations only, importing nothing of the hub,
 * so that every reader of relations can import them without the resolvers.
 */
import type { ClassType } from 'type-graphql';

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

/** Records the relations of a type; entityResolver calls it as it declares the type's resolver. */
export function declareRelations(type: Function, relations: Record<string, Relation>): void {
  registry.set(type, relations);
}

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
