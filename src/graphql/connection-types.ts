/** The GraphQL types of connections: their arguments, PageInfo, and one XConnection and XEdge per node type. */
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Connection, ConnectionArgs, PageInfoValue } from './connection';
import type { FilterInput } from './filter-sql';
import { filterOf } from './filter-types';
import { orderInputOf, type OrderByInput } from './ordering';

@ArgsType()
export class PageArgs implements ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'How many items to return from the start, or after `after` (default 20 when neither first nor last is given; at most MAX_PAGE_SIZE, 100 unless configured).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (an endCursor or edge cursor of the same connection and order).' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'How many items to return from the end, or before `before` (at most MAX_PAGE_SIZE).' })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor (a startCursor or edge cursor of the same connection and order).' })
  before?: string | null;
}

const argsTypes = new Map<Function, ClassType<ConnectionArgs>>();

/** The arguments of every connection of the type, at the root or nested: one class per type. */
export function pageArgsOf(type: ClassType): ClassType<ConnectionArgs> {
  const existing = argsTypes.get(type);
  if (existing) return existing;
  const OrderBy = orderInputOf(type);
  const Filter = filterOf(type);

  @ArgsType()
  class TypedPageArgs extends PageArgs {
    @Field(() => [OrderBy], {
      nullable: true,
      description: `Order of the items: terms applied in turn, then the global id, so that paging never skips or repeats an item. Default: by id, oldest first.`,
    })
    orderBy?: OrderByInput[] | null;

    @Field(() => Filter, { nullable: true, description: 'Only the items that meet these conditions (leave it out for all).' })
    filter?: FilterInput | null;
  }
  argsTypes.set(type, TypedPageArgs);
  return TypedPageArgs;
}

@ObjectType({ description: 'Where a page sits in its connection (GraphQL Cursor Connections).' })
export class PageInfo implements PageInfoValue {
  @Field(() => Boolean, { simple: true, description: 'True when paging forward (first) and more items follow.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { simple: true, description: 'True when paging backward (last) and more items precede.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, simple: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, simple: true })
  endCursor!: string | null;
}

const connectionTypes = new Map<ClassType, ClassType>();

/** One XConnection and XEdge GraphQL type per node type, made once and shared by every field that returns it. */
export function connectionOf<T extends object>(nodeType: ClassType<T>): ClassType<Connection<T>> {
  const existing = connectionTypes.get(nodeType);
  if (existing) return existing as ClassType<Connection<T>>;
  const name = nodeType.name;

  @ObjectType(`${name}Edge`, { description: `A ${name} and its cursor.` })
  class EdgeType {
    @Field(() => String, { simple: true })
    cursor!: string;

    @Field(() => nodeType, { simple: true })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (GraphQL Cursor Connections).` })
  class ConnectionType {
    @Field(() => [EdgeType], { simple: true })
    edges!: EdgeType[];

    @Field(() => [nodeType], { simple: true, description: 'The items of the page, when cursors are not needed.' })
    nodes!: T[];

    @Field(() => PageInfo, { simple: true })
    pageInfo!: PageInfo;

    @Field(() => Int, { simple: true, description: 'How many items the whole connection holds (one extra SQL statement, run only when selected).' })
    totalCount!: number;
  }

  connectionTypes.set(nodeType, ConnectionType);
  return ConnectionType as unknown as ClassType<Connection<T>>;
}

/** A connection field's value is a thunk (src/graphql/connection.ts): the field resolves to what it returns. */
const callThunk =
  (field: string): GraphQLFieldResolver<Record<string, unknown>, unknown> =>
  (connection) => {
    const value = connection[field];
    return typeof value === 'function' ? (value as () => unknown)() : value;
  };

/**
 * Gives every connection field a resolver that calls its thunk. graphql-js's default resolver calls a function it
 * finds on the source; graphql-jit (src/graphql/compiled-execution.ts) reads the property as it is, and would answer
 * the function itself.
 */
export function resolveConnectionThunks(schema: GraphQLSchema): void {
  for (const nodeType of connectionTypes.keys()) {
    const type = schema.getType(`${nodeType.name}Connection`);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) field.resolve ??= callThunk(field.name);
  }
}
