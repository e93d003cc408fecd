import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors';
import type { FilterInput } from './filter-sql';
import { filterOf } from './filter-types';
import { RELEVANCE } from './search';
import { orderFieldName, orderInputOf, OrderDirection, type OrderByInput } from './ordering';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'How many items to return from the start, or after `after` (default 20 when neither first nor last is given; at most MAX_PAGE_SIZE, 100 unless configured).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (an endCursor or edge cursor of the same connection and order).' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'How many items to return from the end, or before `before` (at most MAX_PAGE_SIZE).' })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor (a startCursor or edge cursor of the same connection and order).' })
  before?: string | null;
}

/** A connection's arguments: paging, an order over the type's indexed fields, and a filter. */
export interface ConnectionArgs extends PageArgs {
  orderBy?: OrderByInput[] | null;
  filter?: FilterInput | null;
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
export class PageInfo {
  @Field(() => Boolean, { simple: true, description: 'True when paging forward (first) and more items follow.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { simple: true, description: 'True when paging backward (last) and more items precede.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, simple: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, simple: true })
  endCursor!: string | null;
}

export interface Edge<Row> {
  cursor: string;
  node: Row;
}

/**
 * Every field is a function that graphql-js calls only when it is selected: a page is read only when nodes, edges or
 * pageInfo are asked for (a dashboard that wants totalCount alone costs one count), and cursors, which cost CPU per
 * row, are built only for edges and pageInfo. A page fetched with its parent answers synchronously, which keeps
 * graphql-js off its slower promise path for every parent row.
 */
export interface Connection<Row> {
  edges: () => Edge<Row>[] | Promise<Edge<Row>[]>;
  nodes: () => Row[] | Promise<Row[]>;
  pageInfo: () => PageInfo | Promise<PageInfo>;
  totalCount: () => number | Promise<number>;
}

export const DEFAULT_PAGE_SIZE = 20;

export interface OrderTerm {
  property: string;
  descending: boolean;
}

/** A validated page request: the order (always ending with the key), the direction, and the cursor's position. */
export interface PageRequest {
  typeName: string;
  limit: number;
  /** last/before: read the order backwards from the end or from the cursor. */
  backward: boolean;
  order: OrderTerm[];
  /** The order terms' values at the cursor, or null to start at an end. */
  cursor: unknown[] | null;
  /** Identifies the order, so that a cursor of another order is refused. */
  signature: string;
  /** The filter as given; the loaders translate it. */
  filter: FilterInput | null;
  /** The filter's full-text search, which the relevance order ranks by. */
  search: string | null;
}

function signatureOf(order: OrderTerm[]): string {
  return order.map((term) => `${term.property}:${term.descending ? 'DESC' : 'ASC'}`).join(',');
}

export function encodeCursor(request: Pick<PageRequest, 'typeName' | 'signature' | 'order'>, row: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify([request.typeName, request.signature, ...request.order.map((term) => row[term.property] ?? null)])).toString('base64url');
}

function decodeCursor(typeName: string, signature: string, argument: string, cursor: string, terms: number): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== typeName || typeof parsed[1] !== 'string') {
    throw badInput(`"${argument}" is not a cursor of this ${typeName} connection`, { argument });
  }
  if (parsed[1] !== signature) {
    throw badInput(`"${argument}" is a cursor of another order of this ${typeName} connection: page with the orderBy it came from`, { argument });
  }
  if (parsed.length !== terms + 2) throw badInput(`"${argument}" is not a cursor of this ${typeName} connection`, { argument });
  const values = parsed.slice(2);
  if (!values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
    throw badInput(`"${argument}" is not a cursor of this ${typeName} connection`, { argument });
  }
  return values;
}

function checkCount(name: 'first' | 'last', value: number, maxPageSize: number) {
  if (value < 0 || value > maxPageSize) {
    throw badInput(`"${name}" must be from 0 to ${maxPageSize}; got ${value}. Page with "${name === 'first' ? 'after' : 'before'}" to read more.`, {
      argument: name,
      limit: maxPageSize,
      value,
    });
  }
}

export function pageRequest(type: ClassType | string, args: ConnectionArgs, maxPageSize: number): PageRequest {
  const typeName = typeof type === 'string' ? type : type.name;
  const forward = args.first != null || args.after != null;
  const backward = args.last != null || args.before != null;
  if (forward && backward) {
    throw badInput('Page forward with first/after or backward with last/before, not both at once', { argument: args.first != null ? 'last' : 'before' });
  }
  const limit = backward ? (args.last ?? DEFAULT_PAGE_SIZE) : (args.first ?? DEFAULT_PAGE_SIZE);
  checkCount(backward ? 'last' : 'first', limit, maxPageSize);

  const search = typeof args.filter?.search === 'string' ? args.filter.search.trim() : null;
  const order: OrderTerm[] = [];
  // a search without an order: the best matches first
  if (search && !args.orderBy?.length) order.push({ property: RELEVANCE, descending: true });
  for (const term of args.orderBy ?? []) {
    if (order.some((t) => t.property === term.field)) {
      throw badInput(`orderBy names ${orderFieldName(term.field)} twice`, { argument: 'orderBy' });
    }
    if (term.field === RELEVANCE && !search) throw badInput('orderBy RELEVANCE needs a filter with search', { argument: 'orderBy' });
    order.push({ property: term.field, descending: term.direction === OrderDirection.DESC });
    if (term.field === 'id') break;
  }
  if (order.at(-1)?.property !== 'id') order.push({ property: 'id', descending: false });
  const signature = signatureOf(order);
  const cursorText = backward ? args.before : args.after;
  const cursor = cursorText == null ? null : decodeCursor(typeName, signature, backward ? 'before' : 'after', cursorText, order.length);
  return { typeName, limit, backward, order, cursor, signature, filter: args.filter ?? null, search };
}

interface Page<Row> {
  nodes: Row[];
  more: boolean;
}

/**
 * The page in rows read in the requested direction, up to limit + 1 of them: the extra row only says that more items
 * lie beyond (so first: 0 still tells whether any exist); rows read backwards are put back in order.
 */
function pageOf<Row>(request: PageRequest, rows: Row[]): Page<Row> {
  const more = rows.length > request.limit;
  const kept = more ? rows.slice(0, request.limit) : rows;
  return { nodes: request.backward ? kept.reverse() : kept, more };
}

function edgesOf<Row extends Record<string, unknown>>(request: PageRequest, page: Page<Row>): Edge<Row>[] {
  return page.nodes.map((node) => ({ cursor: encodeCursor(request, node), node }));
}

function pageInfoOf(request: PageRequest, { nodes, more }: Page<Record<string, unknown>>): PageInfo {
  return {
    hasNextPage: !request.backward && more,
    hasPreviousPage: request.backward && more,
    startCursor: nodes.length ? encodeCursor(request, nodes[0]) : null,
    endCursor: nodes.length ? encodeCursor(request, nodes[nodes.length - 1]) : null,
  };
}

/** A connection whose rows are read when first needed. */
export function lazyConnection<Row extends Record<string, unknown>>(request: PageRequest, readRows: () => Promise<Row[]>, count: () => Promise<number>): Connection<Row> {
  let page: Promise<Page<Row>> | undefined;
  const read = () => (page ??= readRows().then((rows) => pageOf(request, rows)));
  return {
    nodes: () => read().then((p) => p.nodes),
    edges: () => read().then((p) => edgesOf(request, p)),
    pageInfo: () => read().then((p) => pageInfoOf(request, p)),
    totalCount: count,
  };
}

/** A connection over rows already fetched (with their parent), and their count when it was selected. */
export function fetchedConnection<Row extends Record<string, unknown>>(request: PageRequest, rows: Row[], count: number): Connection<Row> {
  let page: Page<Row> | undefined;
  const read = () => (page ??= pageOf(request, rows));
  return {
    nodes: () => read().nodes,
    edges: () => edgesOf(request, read()),
    pageInfo: () => pageInfoOf(request, read()),
    totalCount: () => count,
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

