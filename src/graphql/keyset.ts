import type { ColumnKind, TableShape } from './catalog';
import type { PageRequest } from './connection';
import { badInput } from '../errors';
import { MAX_KEY } from './global-id';
import { isCalendarDay, timestampMillis } from './scalars';
import { rankSql, RELEVANCE, searchSpecOf } from './search';
import { DISTANCE, distanceSql, locationOf } from './near';
import { joinSql, raw, sql, type Sql } from '../sql/fragments';

/** The SQL of a page request against a table aliased `alias`, each part with its own bound values. */
export interface KeysetSql {
  /** Extra select-list items the order needs (the relevance rank), with a leading comma; or nothing. */
  select: Sql;
  /** null when the page starts at an end of the order. */
  condition: Sql | null;
  orderBy: Sql;
}

interface Term {
  expression: Sql;
  /** How a cursor value is bound: a rank is a real (float4), which must be compared as one to be equal to itself. */
  placeholder: string;
  kind: ColumnKind | 'float' | 'double';
  nullable: boolean;
  descending: boolean;
}

/**
 * A timestamp as PostgreSQL writes one (text or JSON): a four-digit year from 0100 (PostgreSQL has no year 0), and an
 * offset it accepts (at most 15 hours).
 */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-](0\d|1[0-5])(:?\d{2})?)$/;

/** A number PostgreSQL reads as a real (float4): neither overflowing to infinity nor underflowing to 0. */
function isReal(value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const real = Math.fround(value);
  return Number.isFinite(real) && (real !== 0 || value === 0);
}

/**
 * A cursor value must fit its term, in the range of the term's SQL type, or PostgreSQL would fail on a tampered
 * cursor (with a 500) instead of the hub refusing it.
 */
function fits(term: Term, value: unknown): boolean {
  if (value === null) return term.nullable;
  switch (term.kind) {
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) <= MAX_KEY;
    case 'float':
      return isReal(value);
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'numeric':
      return typeof value === 'string' ? /^-?\d{1,30}(\.\d{1,30})?$/.test(value) : typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && isCalendarDay(value);
    case 'timestamp': {
      const match = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
      return match !== null && isCalendarDay(match[1]) && !Number.isNaN(timestampMillis(value as string));
    }
    case 'boolean':
      return typeof value === 'boolean';
    case 'text':
      return typeof value === 'string';
    default:
      return false;
  }
}

function termsOf(shape: TableShape, request: PageRequest, alias: string): Term[] {
  return request.order.map((term) => {
    const descending = term.descending !== request.backward;
    if (term.property === RELEVANCE) {
      const spec = searchSpecOf(request.typeName);
      if (!spec || !request.search) throw new Error(`${request.typeName} has no search to rank by`);
      return { expression: rankSql(spec, alias, request.search), placeholder: '?::real', kind: 'float' as const, nullable: false, descending };
    }
    if (term.property === DISTANCE) {
      const location = locationOf(request.typeName);
      if (!location || !request.near) throw new Error(`${request.typeName} has no near to measure from`);
      return { expression: distanceOf(shape, request, alias), placeholder: '?::float8', kind: 'double' as const, nullable: true, descending };
    }
    const column = shape.columns.get(term.property);
    if (!column) throw new Error(`${shape.name}.${term.property} is not a column`);
    return { expression: raw(shape.read(term.property, alias)), placeholder: '?', kind: column.kind, nullable: column.nullable, descending };
  });
}

/** The distance of the row aliased `alias` from the request's near. */
function distanceOf(shape: TableShape, request: PageRequest, alias: string): Sql {
  return distanceSql(locationOf(request.typeName)!, (property) => shape.columns.get(property)!.column, alias, request.near!);
}

/**
 * Keyset paging over any order: each term ascending or descending, nullable columns with PostgreSQL's default null
 * placement (last when ascending, first when descending), the key last. Reading backwards flips every term, which
 * is exactly the reverse order, nulls included.
 */
export function keysetSql(shape: TableShape, request: PageRequest, alias = 't'): KeysetSql {
  const terms = termsOf(shape, request, alias);
  const ranked = request.order.some((term) => term.property === RELEVANCE);
  const rank = ranked ? sql`, ${rankSql(searchSpecOf(request.typeName)!, alias, request.search!)} as "${RELEVANCE}"` : raw('');
  // a near measures every row it reads: distanceMiles, and the order by distance (the same expression, computed once)
  const select = request.near ? sql`${rank}, ${distanceOf(shape, request, alias)} as "${DISTANCE}"` : rank;
  const orderBy = joinSql(terms.map((t) => sql`${t.expression} ${t.descending ? 'desc' : 'asc'}`), ', ');
  if (!request.cursor) return { select, orderBy, condition: null };
  const values = request.cursor;
  terms.forEach((term, i) => {
    if (!fits(term, values[i])) {
      throw badInput(`"${request.backward ? 'before' : 'after'}" is not a cursor of this ${request.typeName} connection`, { argument: request.backward ? 'before' : 'after' });
    }
  });
  const at = (i: number): Sql => ({ sql: terms[i].placeholder, bindings: [values[i]] });

  // one direction, no nulls: a row comparison, which an index on the same columns answers directly
  if (terms.every((t) => t.descending === terms[0].descending && !t.nullable)) {
    const columns = joinSql(terms.map((t) => t.expression), ', ');
    const cursor = joinSql(terms.map((_, i) => at(i)), ', ');
    return { select, orderBy, condition: sql`(${columns}) ${terms[0].descending ? '<' : '>'} (${cursor})` };
  }

  // otherwise: beyond on the first term, or equal on it and beyond on the next, and so on
  const disjuncts: Sql[] = [];
  for (let i = 0; i < terms.length; i++) {
    const parts: Sql[] = [];
    for (let j = 0; j < i; j++) {
      parts.push(values[j] === null ? sql`${terms[j].expression} is null` : sql`${terms[j].expression} = ${at(j)}`);
    }
    const term = terms[i];
    if (term.descending) {
      parts.push(values[i] === null ? sql`${term.expression} is not null` : sql`${term.expression} < ${at(i)}`);
    } else {
      // ascending puts nulls last: nothing lies beyond a null, and every null lies beyond a value
      if (values[i] === null) continue;
      parts.push(term.nullable ? sql`(${term.expression} > ${at(i)} or ${term.expression} is null)` : sql`${term.expression} > ${at(i)}`);
    }
    disjuncts.push(sql`(${joinSql(parts, ' and ')})`);
  }
  return { select, orderBy, condition: disjuncts.length ? sql`(${joinSql(disjuncts, ' or ')})` : raw('false') };
}
