/**
 * Reading a connection: a page request checked from its arguments, cursors, and the page built from the rows read.
 * Its GraphQL types are made in connection-types.ts.
 */
import { badInput } from '../errors';
import type { FilterInput } from './filter-sql';
import { RELEVANCE } from './search';
import { DISTANCE, locationOf, nearOf, type Near } from './near';
import { orderFieldName, OrderDirection, type OrderByInput } from './ordering';

/** A connection's arguments as graphql-js passes them: paging, an order over the type's indexed fields, and a filter. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  orderBy?: OrderByInput[] | null;
  filter?: FilterInput | null;
}

/** Where a page sits in its connection: the value of a PageInfo field. */
export interface PageInfoValue {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
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
  pageInfo: () => PageInfoValue | Promise<PageInfoValue>;
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
  /** The filter's near (at its top level), which the distance order and distanceMiles measure from. */
  near: Near | null;
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

export function pageRequest(type: Function | string, args: ConnectionArgs, maxPageSize: number): PageRequest {
  const typeName = typeof type === 'string' ? type : type.name;
  const forward = args.first != null || args.after != null;
  const backward = args.last != null || args.before != null;
  if (forward && backward) {
    throw badInput('Page forward with first/after or backward with last/before, not both at once', { argument: args.first != null ? 'last' : 'before' });
  }
  const limit = backward ? (args.last ?? DEFAULT_PAGE_SIZE) : (args.first ?? DEFAULT_PAGE_SIZE);
  checkCount(backward ? 'last' : 'first', limit, maxPageSize);

  const search = typeof args.filter?.search === 'string' ? args.filter.search.trim() : null;
  const near = args.filter?.near != null && locationOf(typeName) ? nearOf(args.filter.near, 'filter.near') : null;
  const order: OrderTerm[] = [];
  // a search without an order: the best matches first; a near without an order: the nearest first (after them)
  if (search && !args.orderBy?.length) order.push({ property: RELEVANCE, descending: true });
  if (near && !args.orderBy?.length) order.push({ property: DISTANCE, descending: false });
  for (const term of args.orderBy ?? []) {
    if (order.some((t) => t.property === term.field)) {
      throw badInput(`orderBy names ${orderFieldName(term.field)} twice`, { argument: 'orderBy' });
    }
    if (term.field === RELEVANCE && !search) throw badInput('orderBy RELEVANCE needs a filter with search', { argument: 'orderBy' });
    if (term.field === DISTANCE && !near) throw badInput('orderBy DISTANCE needs a filter with near', { argument: 'orderBy' });
    order.push({ property: term.field, descending: term.direction === OrderDirection.DESC });
    if (term.field === 'id') break;
  }
  if (order.at(-1)?.property !== 'id') order.push({ property: 'id', descending: false });
  const signature = signatureOf(order);
  const cursorText = backward ? args.before : args.after;
  const cursor = cursorText == null ? null : decodeCursor(typeName, signature, backward ? 'before' : 'after', cursorText, order.length);
  return { typeName, limit, backward, order, cursor, signature, filter: args.filter ?? null, search, near };
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

function pageInfoOf(request: PageRequest, { nodes, more }: Page<Record<string, unknown>>): PageInfoValue {
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
