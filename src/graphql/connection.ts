import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors';
import { MAX_KEY } from './global-id';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'How many items to return after `after` (default 20; the most is MAX_PAGE_SIZE, 100 unless configured).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (an endCursor or edge cursor of the same connection).' })
  after?: string | null;
}

@ObjectType({ description: 'Where a page sits in its connection (GraphQL Cursor Connections).' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Always false when paging forward with first/after.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<Row> {
  cursor: string;
  node: Row;
}

export interface Connection<Row> {
  edges: Edge<Row>[];
  nodes: Row[];
  pageInfo: PageInfo;
}

export const DEFAULT_PAGE_SIZE = 20;

/** A validated page request: limit rows after the row whose key is afterKey. */
export interface PageRequest {
  limit: number;
  afterKey: number | null;
}

/** Cursors are keyset positions tagged with the connection's type, so that another connection's cursor is refused. */
export function encodeCursor(typeName: string, key: number): string {
  return Buffer.from(JSON.stringify([typeName, key])).toString('base64url');
}

export function decodeCursor(typeName: string, cursor: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== typeName || !Number.isInteger(parsed[1]) || parsed[1] < 0 || parsed[1] > MAX_KEY) {
    throw badInput(`"after" is not a cursor of this ${typeName} connection`, { argument: 'after' });
  }
  return parsed[1];
}

export function pageRequest(typeName: string, args: PageArgs, maxPageSize: number): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (first < 0 || first > maxPageSize) {
    throw badInput(`"first" must be from 0 to ${maxPageSize}; got ${first}. Page with "after" to read more.`, {
      argument: 'first',
      limit: maxPageSize,
      value: first,
    });
  }
  return { limit: first, afterKey: args.after == null ? null : decodeCursor(typeName, args.after) };
}

/**
 * Builds the page from up to limit + 1 rows in key order: the extra row only says that there is a next page
 * (so first: 0 still tells whether any row follows).
 */
export function toConnection<Row extends { id: number }>(typeName: string, rows: Row[], limit: number): Connection<Row> {
  const nodes = rows.length > limit ? rows.slice(0, limit) : rows;
  const edges = nodes.map((node) => ({ cursor: encodeCursor(typeName, node.id), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: false,
      startCursor: edges.length ? edges[0].cursor : null,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
  };
}

const connectionTypes = new Map<ClassType, ClassType>();

/** One XConnection and XEdge GraphQL type per node type, made once and shared by every field that returns it. */
export function connectionOf<T extends object>(nodeType: ClassType<T>): ClassType<Connection<T>> {
  const existing = connectionTypes.get(nodeType);
  if (existing) return existing as ClassType<Connection<T>>;
  const name = nodeType.name;

  @ObjectType(`${name}Edge`, { description: `A ${name} and its cursor.` })
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (GraphQL Cursor Connections).` })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [nodeType], { description: 'The items of the page, when cursors are not needed.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }

  connectionTypes.set(nodeType, ConnectionType);
  return ConnectionType as ClassType<Connection<T>>;
}
