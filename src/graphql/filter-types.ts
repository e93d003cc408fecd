import { Field, Float, ID, InputType, Int, type ClassType } from 'type-graphql';
import { declaredFieldIsList, declaredFieldType, registeredEnumName } from '../internals/type-graphql-metadata';
import { GraphQLScalarType } from 'graphql';
import { filterOnlyProperties, sortableProperties } from './ordering';
import { relationsOf } from './relations';
import { searchSpecOf } from './search';
import { locationOf, NearInput } from './near';
import { DateScalar, DateTimeScalar } from './scalars';

/** How a scalar field may be compared; the translator reads the same names. */
export type ScalarKind = 'string' | 'int' | 'float' | 'date' | 'datetime' | 'boolean' | 'enum' | 'id' | 'textList';

function comparableFilter<T>(name: string, type: () => unknown, description: string, text = false): ClassType {
  @InputType(name, { description })
  class ComparableFilter {
    @Field(type as never, { nullable: true, description: 'Equal to.' })
    eq?: T;
    @Field(type as never, { nullable: true, description: 'Not equal to (empty values never match a comparison: use isNull).' })
    ne?: T;
    @Field(() => [type()] as never, { nullable: true, description: 'Equal to one of these (at most 1,000).' })
    in?: T[];
    @Field(() => [type()] as never, { nullable: true, description: 'Equal to none of these (at most 1,000).' })
    notIn?: T[];
    @Field(type as never, { nullable: true })
    lt?: T;
    @Field(type as never, { nullable: true })
    lte?: T;
    @Field(type as never, { nullable: true })
    gt?: T;
    @Field(type as never, { nullable: true })
    gte?: T;
    @Field(() => Boolean, { nullable: true, description: 'true: the value is empty; false: it is not.' })
    isNull?: boolean;
  }
  if (text) {
    Field(() => String, { nullable: true, description: 'Contains this text, ignoring case.' })(ComparableFilter.prototype, 'contains');
    Field(() => String, { nullable: true, description: 'Starts with this text, ignoring case.' })(ComparableFilter.prototype, 'startsWith');
  }
  return ComparableFilter;
}

export const StringFilter = comparableFilter<string>('StringFilter', () => String, 'Conditions on a text field; text comparisons are case-sensitive except contains and startsWith.', true);
export const IntFilter = comparableFilter<number>('IntFilter', () => Int, 'Conditions on a whole-number field.');
export const FloatFilter = comparableFilter<number>('FloatFilter', () => Float, 'Conditions on a decimal field.');
export const DateFilter = comparableFilter<string>('DateFilter', () => DateScalar, 'Conditions on a calendar-day field (YYYY-MM-DD).');
export const DateTimeFilter = comparableFilter<string>('DateTimeFilter', () => DateTimeScalar, 'Conditions on an instant field (ISO 8601).');

@InputType({ description: 'Conditions on a true/false field.' })
export class BooleanFilter {
  @Field(() => Boolean, { nullable: true })
  eq?: boolean;
  @Field(() => Boolean, { nullable: true })
  ne?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'true: the value is empty; false: it is not.' })
  isNull?: boolean;
}

@InputType({ description: 'Conditions on a global id.' })
export class IDFilter {
  @Field(() => ID, { nullable: true })
  eq?: string;
  @Field(() => ID, { nullable: true })
  ne?: string;
  @Field(() => [ID], { nullable: true, description: 'One of these ids (at most 1,000).' })
  in?: string[];
  @Field(() => [ID], { nullable: true, description: 'None of these ids (at most 1,000).' })
  notIn?: string[];
}

@InputType({ description: 'Conditions on a list of texts (such as language codes); conditions side by side must all hold.' })
export class TextListFilter {
  @Field(() => [String], { nullable: true, description: 'Holds at least one of these (at most 1,000).' })
  hasAny?: string[];
  @Field(() => [String], { nullable: true, description: 'Holds every one of these (at most 1,000).' })
  hasAll?: string[];
  @Field(() => Boolean, { nullable: true, description: 'true: the list is empty; false: it holds at least one.' })
  isEmpty?: boolean;
}

const enumFilters = new Map<object, ClassType>();

function enumFilterOf(enumObject: object): ClassType {
  const existing = enumFilters.get(enumObject);
  if (existing) return existing;
  const enumName = registeredEnumName(enumObject);

  @InputType(`${enumName}Filter`, { description: `Conditions on a ${enumName} field.` })
  class EnumFilter {
    @Field(() => enumObject, { nullable: true })
    eq?: string;
    @Field(() => enumObject, { nullable: true })
    ne?: string;
    @Field(() => [enumObject], { nullable: true, description: 'One of these values.' })
    in?: string[];
    @Field(() => [enumObject], { nullable: true, description: 'None of these values.' })
    notIn?: string[];
    @Field(() => Boolean, { nullable: true, description: 'true: the value is empty; false: it is not.' })
    isNull?: boolean;
  }
  enumFilters.set(enumObject, EnumFilter);
  return EnumFilter;
}

export function scalarKindOf(type: Function, property: string): { kind: ScalarKind; filter: ClassType } {
  const graphqlType = declaredFieldType(type, property);
  if (declaredFieldIsList(type, property)) {
    if (graphqlType === String) return { kind: 'textList', filter: TextListFilter };
    throw new Error(`${type.name}.${property}: no filter for a list of its type`);
  }
  if (graphqlType === DateScalar) return { kind: 'date', filter: DateFilter };
  if (graphqlType === DateTimeScalar) return { kind: 'datetime', filter: DateTimeFilter };
  if (graphqlType === String) return { kind: 'string', filter: StringFilter };
  if (graphqlType === Boolean) return { kind: 'boolean', filter: BooleanFilter };
  if (graphqlType === Int) return { kind: 'int', filter: IntFilter };
  if (graphqlType === Float || graphqlType === Number) return { kind: 'float', filter: FloatFilter };
  if (graphqlType instanceof GraphQLScalarType) throw new Error(`${type.name}.${property}: no filter for scalar ${graphqlType.name}`);
  if (typeof graphqlType === 'object' && graphqlType !== null) return { kind: 'enum', filter: enumFilterOf(graphqlType) };
  throw new Error(`${type.name}.${property}: no filter for its type`);
}

/** The filterable scalar fields of a type: its indexed (sortable) ones, and those marked Filterable without an order. */
export function filterableProperties(type: Function): string[] {
  return [...sortableProperties(type), ...filterOnlyProperties(type)];
}

const filters = new Map<Function, ClassType>();
const listFilters = new Map<Function, ClassType>();

/**
 * `<Type>Filter`: one condition per indexed field, one per relation (the related row matches; for lists some, every
 * or none of the related rows match), and and/or/not to combine. Conditions side by side must all hold.
 */
export function filterOf(type: ClassType): ClassType {
  const existing = filters.get(type);
  if (existing) return existing;

  @InputType(`${type.name}Filter`, { description: `Conditions on ${type.name} items; conditions side by side must all hold.` })
  class Filter {
    @Field(() => IDFilter, { nullable: true })
    id?: IDFilter;
  }
  filters.set(type, Filter);
  const prototype = Filter.prototype;
  for (const property of filterableProperties(type)) {
    // made now, not in the thunk: type-graphql only knows input types that exist before it builds the schema
    const scalarFilter = scalarKindOf(type, property).filter;
    Field(() => scalarFilter, { nullable: true })(prototype, property);
  }
  for (const [name, relation] of Object.entries(relationsOf(type))) {
    if (relation.kind === 'one') {
      Field(() => filterOf(relation.target()), { nullable: true, description: `The ${name} matches (an empty object: there is one).` })(prototype, name);
    } else {
      Field(() => listFilterOf(relation.target()), { nullable: true, description: `Conditions on the ${name}.` })(prototype, name);
    }
  }
  if (searchSpecOf(type)) {
    Field(() => String, {
      nullable: true,
      description: `Full-text search (web-search syntax: words, "a phrase", or, -word). Without orderBy, the best matches come first.`,
    })(prototype, 'search');
  }
  if (locationOf(type)) {
    Field(() => NearInput, {
      nullable: true,
      description: 'Within a distance of a ZIP code. Without orderBy, the nearest come first (after the best matches of a search); distanceMiles then reads the distance.',
    })(prototype, 'near');
  }
  Field(() => [Filter], { nullable: true, description: 'All of these hold (at least one filter).' })(prototype, 'and');
  Field(() => [Filter], { nullable: true, description: 'At least one of these holds (at least one filter).' })(prototype, 'or');
  Field(() => Filter, { nullable: true, description: 'This does not hold.' })(prototype, 'not');
  return Filter;
}

/** `<Type>ListFilter { some, every, none }` for a relation to many items. */
export function listFilterOf(type: ClassType): ClassType {
  const existing = listFilters.get(type);
  if (existing) return existing;

  @InputType(`${type.name}ListFilter`, { description: `Conditions on a list of ${type.name} items.` })
  class ListFilter {}
  listFilters.set(type, ListFilter);
  Field(() => filterOf(type), { nullable: true, description: 'At least one item matches (an empty object: the list is not empty).' })(ListFilter.prototype, 'some');
  Field(() => filterOf(type), { nullable: true, description: 'Every item matches (true of an empty list).' })(ListFilter.prototype, 'every');
  Field(() => filterOf(type), { nullable: true, description: 'No item matches (an empty object: the list is empty).' })(ListFilter.prototype, 'none');
  return ListFilter;
}
