import type { Orm } from '../db/orm';
import { badInput } from './errors';

/**
 * Reads run as plain SQL returning plain rows (no entity hydration): the fast read path measured in STACK.md.
 * One runner per request, so that the statements a request costs can be counted and reported.
 */
export class SqlRunner {
  statements = 0;

  /** @param recorded when given, receives the text of every statement (the development header x-hub-debug-sql). */
  constructor(private readonly orm: Orm, readonly recorded?: string[]) {}

  /** Bindings are positional `?` (knex); pass arrays as one bound PostgreSQL array literal, see intArray(). */
  async rows<T = Record<string, unknown>>(sql: string, bindings: unknown[] = []): Promise<T[]> {
    // PostgreSQL text cannot hold U+0000: refuse it here, where every bound value of every read passes
    if (bindings.some((value) => typeof value === 'string' && value.includes('\u0000'))) {
      throw badInput('Text may not contain the NUL character (U+0000): PostgreSQL can neither store nor compare it');
    }
    this.statements++;
    this.recorded?.push(sql);
    return this.orm.em.getConnection().execute<T[]>(sql, bindings as never[], 'all');
  }
}

/** A PostgreSQL array literal of integers: one bound parameter whatever the number of keys. */
export function intArray(keys: readonly number[]): string {
  return `{${keys.join(',')}}`;
}

/** A PostgreSQL array literal of text values, each quoted and escaped: one bound parameter. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export { quoteIdent } from '../db/identifiers';
