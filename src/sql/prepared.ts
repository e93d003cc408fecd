/**
 * Named prepared statements: each shape of statement the hub sends (its text with placeholders) is parsed and planned
 * once per connection, then only bound and run. PostgreSQL then skips parsing and, once it has found a generic plan
 * as good as the custom ones (after five runs), planning too: most of the time of the hub's short reads
 * (docs/scaling.md, "Prepared statements"). On when DATABASE_PREPARED_STATEMENTS is (config.ts).
 */
import { prepareValue } from '../internals/pg-values';

/** A statement as the extended protocol sends it: text with $n placeholders, its values as text, and its name. */
export interface ParameterizedStatement {
  text: string;
  values: (string | Buffer | null)[];
  /** Unset for a shape seen once so far: sent unnamed. */
  name?: string;
}

/** Names are numbered for the whole process: no two texts ever share one, whichever StatementNames gave it. */
let lastName = 0;

/**
 * The names of the statement shapes this process has seen. Names are never reused for another text (pg refuses a
 * name it prepared with a different text), so forgetting them all when there are too many is safe: a connection that
 * prepared a shape under its old name prepares it again under the new one.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly seenOnce = new Set<string>();

  /**
   * @param maxShapes shapes remembered at once: statements written with days or other values in their text (the
   *   statuses read as of today) make new shapes over time.
   * @param maxPerConnection statements a connection keeps prepared before it is replaced by a fresh one, which bounds
   *   the memory each PostgreSQL session holds for them.
   */
  constructor(
    readonly maxShapes = 5000,
    readonly maxPerConnection = 500,
  ) {}

  /**
   * The shape's name from its second run on: a shape run once (a search with values written into its text) is sent
   * unnamed, so that PostgreSQL keeps no plan of it.
   */
  nameOf(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined) return name;
    if (this.names.size + this.seenOnce.size >= this.maxShapes) {
      this.names.clear();
      this.seenOnce.clear();
    }
    if (!this.seenOnce.delete(text)) {
      this.seenOnce.add(text);
      return undefined;
    }
    const named = `hub${++lastName}`;
    this.names.set(text, named);
    return named;
  }

  get size(): number {
    return this.names.size;
  }
}

/** Keyed by the ORM whose connections send them (runner.ts's Orm; not imported, since the runner imports this). */
const preparing = new WeakMap<object, StatementNames>();

/** Reads and transactions on this ORM's connections are sent as named prepared statements from now on. */
export function usePreparedStatements(orm: object, names = new StatementNames()): StatementNames {
  preparing.set(orm, names);
  return names;
}

export function preparedStatementsOf(orm: object): StatementNames | undefined {
  return preparing.get(orm);
}

/**
 * The statement with `?` placeholders as $n and its values as pg would send them, reading the text exactly as the
 * platform's formatQuery writes values in (`\?` is a question mark, `??` an identifier): the same statement, sent
 * with parameters. Undefined for a statement whose values formatQuery writes as more than one value (an array, which
 * it writes as a list for `in (?)`), or as SQL (an identifier): those are sent as text.
 */
export function parameterized(sql: string, bindings: readonly unknown[], names: StatementNames): ParameterizedStatement | undefined {
  let text = '';
  let from = 0;
  let next = 0;
  const values: (string | Buffer | null)[] = [];
  for (let at = sql.indexOf('?'); at !== -1; at = sql.indexOf('?', from)) {
    if (at > 0 && sql[at - 1] === '\\') {
      text += sql.slice(from, at - 1) + '?';
      from = at + 1;
      continue;
    }
    if (sql[at + 1] === '?') return undefined;
    const value = bindings[next++];
    if (Array.isArray(value) || (typeof value === 'object' && value !== null && !(value instanceof Date) && !Buffer.isBuffer(value) && isSqlObject(value))) {
      return undefined;
    }
    values.push(prepareValue(value));
    text += `${sql.slice(from, at)}$${values.length}`;
    from = at + 1;
  }
  if (values.length === 0 && from === 0) text = sql;
  else text += sql.slice(from);
  return { text, values, name: names.nameOf(text) };
}

/** Objects MikroORM writes in as SQL rather than as a value (its raw fragments, knex's). */
function isSqlObject(value: object): boolean {
  return 'sql' in value || 'toSQL' in value || '__raw' in value;
}
