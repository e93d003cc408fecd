import { Field, InputType, registerEnumType, type ClassType } from 'type-graphql';
import { RELEVANCE, searchSpecOf } from './search';
import { DISTANCE, locationOf } from './near';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'ASC puts empty (null) values last, DESC puts them first, as PostgreSQL does.',
});

const sortable = new Map<Function, string[]>();

/** Marks an indexed property as one a connection of its type may be ordered by. */
export function Sortable(): PropertyDecorator {
  return (target, property) => {
    const list = sortable.get(target.constructor) ?? [];
    list.push(String(property));
    sortable.set(target.constructor, list);
  };
}

const filterable = new Map<Function, string[]>();

/**
 * Marks a property a connection of its type may be filtered on but not ordered by: a flag or a value a search
 * narrows by beside other conditions (a posting's remote, a training event's seats left), which needs no index of
 * its own. Sortable properties are filterable already.
 */
export function Filterable(): PropertyDecorator {
  return (target, property) => {
    const list = filterable.get(target.constructor) ?? [];
    list.push(String(property));
    filterable.set(target.constructor, list);
  };
}

function declaredOn(declared: Map<Function, string[]>, type: Function): string[] {
  const properties: string[] = [];
  for (let current: Function | null = type; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    properties.push(...(declared.get(current) ?? []));
  }
  return properties;
}

/** The properties a type may be ordered by, its own and inherited. */
export function sortableProperties(type: Function): string[] {
  return declaredOn(sortable, type);
}

/** The properties marked Filterable (without an order), its own and inherited. */
export function filterOnlyProperties(type: Function): string[] {
  return declaredOn(filterable, type);
}

/** GraphQL enum value of a property: expiresOn -> EXPIRES_ON. */
export function orderFieldName(property: string): string {
  return property.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export interface OrderByInput {
  field: string;
  direction?: OrderDirection | null;
}

const orderInputs = new Map<Function, ClassType<OrderByInput>>();

/** `<Type>OrderBy { field: <Type>OrderField!, direction: OrderDirection = ASC }`, made once per type. */
export function orderInputOf(type: ClassType): ClassType<OrderByInput> {
  const existing = orderInputs.get(type);
  if (existing) return existing;
  const values: Record<string, string> = { ID: 'id' };
  for (const property of sortableProperties(type)) values[orderFieldName(property)] = property;
  if (searchSpecOf(type)) values.RELEVANCE = RELEVANCE;
  // nearest first: needs a filter with near
  if (locationOf(type)) values.DISTANCE = DISTANCE;
  registerEnumType(values, { name: `${type.name}OrderField`, description: `What a list of ${type.name} items can be ordered by (indexed fields).` });

  @InputType(`${type.name}OrderBy`, { description: `One ordering term for ${type.name} items; the global id always breaks ties last.` })
  class OrderBy {
    @Field(() => values)
    field!: string;

    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
    direction?: OrderDirection | null;
  }
  orderInputs.set(type, OrderBy);
  return OrderBy;
}
