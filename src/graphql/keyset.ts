import type { TableShape, ColumnShape } from './catalog';
import type { PageRequest } from './connection';
import { badInput } from './errors';
import { MAX_KEY } from './global-id';
import { quoteIdent } from './sql';

/** The SQL of a page request against a table aliased `t`: its ORDER BY, and the condition that starts after the cursor. */
export interface KeysetSql {
  orderBy: string;
  /** null when the page starts at an end of the order. */
  condition: string | null;
  bindings: unknown[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A cursor value must fit its column, or PostgreSQL would fail on a tampered cursor instead of the hub refusing it. */
function fits(column: ColumnShape, value: unknown): boolean {
  if (value === null) return column.nullable;
  switch (column.kind) {
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) <= MAX_KEY;
    case 'numeric':
      return typeof value === 'string' ? /^-?\d+(\.\d+)?$/.test(value) : Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(value));
    case 'timestamp':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')));
    case 'boolean':
      return typeof value === 'boolean';
    case 'text':
      return typeof value === 'string';
    default:
      return false;
  }
}

/**
 * Keyset paging over any order: each term ascending or descending, nullable columns with PostgreSQL's default null
 * placement (last when ascending, first when descending), the key last. Reading backwards flips every term, which
 * is exactly the reverse order, nulls included.
 */
export function keysetSql(shape: TableShape, request: PageRequest): KeysetSql {
  const terms = request.order.map((term) => {
    const column = shape.columns.get(term.property);
    if (!column) throw new Error(`${shape.name}.${term.property} is not a column`);
    return { ...column, sql: `t.${quoteIdent(column.column)}`, descending: term.descending !== request.backward };
  });
  const orderBy = terms.map((t) => `${t.sql} ${t.descending ? 'desc' : 'asc'}`).join(', ');
  if (!request.cursor) return { orderBy, condition: null, bindings: [] };
  const values = request.cursor;
  terms.forEach((term, i) => {
    if (!fits(term, values[i])) {
      throw badInput(`"${request.backward ? 'before' : 'after'}" is not a cursor of this ${request.typeName} connection`, { argument: request.backward ? 'before' : 'after' });
    }
  });

  // one direction, no nulls: a row comparison, which an index on the same columns answers directly
  if (terms.every((t) => t.descending === terms[0].descending && !t.nullable)) {
    return {
      orderBy,
      condition: `(${terms.map((t) => t.sql).join(', ')}) ${terms[0].descending ? '<' : '>'} (${terms.map(() => '?').join(', ')})`,
      bindings: [...values],
    };
  }

  // otherwise: beyond on the first term, or equal on it and beyond on the next, and so on
  const bindings: unknown[] = [];
  const disjuncts: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    const parts: string[] = [];
    const partBindings: unknown[] = [];
    for (let j = 0; j < i; j++) {
      if (values[j] === null) parts.push(`${terms[j].sql} is null`);
      else {
        parts.push(`${terms[j].sql} = ?`);
        partBindings.push(values[j]);
      }
    }
    const term = terms[i];
    const value = values[i];
    if (term.descending) {
      if (value === null) parts.push(`${term.sql} is not null`);
      else {
        parts.push(`${term.sql} < ?`);
        partBindings.push(value);
      }
    } else {
      // ascending puts nulls last: nothing lies beyond a null, and every null lies beyond a value
      if (value === null) continue;
      parts.push(term.nullable ? `(${term.sql} > ? or ${term.sql} is null)` : `${term.sql} > ?`);
      partBindings.push(value);
    }
    disjuncts.push(`(${parts.join(' and ')})`);
    bindings.push(...partBindings);
  }
  return { orderBy, condition: disjuncts.length ? `(${disjuncts.join(' or ')})` : 'false', bindings };
}
