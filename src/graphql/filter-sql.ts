import type { Scope } from '../auth/scope';
import type { Catalog, ColumnShape } from './catalog';
import { badInput } from '../errors';
import { scalarKindOf, filterableProperties, type ScalarKind } from './filter-types';
import { datedIn, todayLiteral, type DatedColumn } from './dated';
import { fromGlobalId } from './global-id';
import { relationsOf, type Relation } from './relations';
import { searchSpecOf, searchText, tsQuery } from './search';
import { locationOf, nearConditionSql, nearOf } from './near';
import { andAlso, bound, joinSql, raw, sql, type Sql } from '../sql/fragments';
import { quoteIdent, textArray } from '../sql/runner';

export type FilterInput = { [key: string]: unknown };

/** A filter as an SQL condition, with the values it binds. */
export type FilterSql = Sql;

const MAX_LIST = 1000;

const ARRAY_CAST: Record<ScalarKind, string> = {
  string: 'text[]', enum: 'text[]', int: 'int[]', float: 'numeric[]', date: 'date[]', datetime: 'timestamptz[]', boolean: 'boolean[]', id: 'int[]', textList: 'text[]',
};
const COMPARISON: Record<string, string> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

/** An ILIKE pattern matching `text` as written (its %, _ and \\ escaped), anywhere (`contains`) or as a prefix. */
export function likePattern(text: string, contains: boolean): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return contains ? `%${escaped}%` : `${escaped}%`;
}

/**
 * Translates any type's filter input into one SQL condition on a row aliased `alias`: the one translator behind
 * every connection. Relations become EXISTS subqueries on the foreign-key index; lists some/every/none.
 */
export class FilterTranslator {
  private aliases = 0;

  constructor(private readonly catalog: Catalog, private readonly types: Map<string, Function>, private readonly scope: Scope) {}

  /** The condition for a connection's filter; null when there is none. */
  static compile(catalog: Catalog, types: Map<string, Function>, scope: Scope, typeName: string, filter: FilterInput | null | undefined, alias = 't'): FilterSql | null {
    if (filter == null) return null;
    if (Object.values(filter).every((v) => v === undefined || v === null)) {
      throw badInput('"filter" is empty: leave it out to read every item', { argument: 'filter' });
    }
    return new FilterTranslator(catalog, types, scope).condition(typeName, filter, alias, 'filter');
  }

  /**
   * One scalar input (an IntFilter, a FloatFilter...) as a condition on an SQL expression, with the operators and
   * meaning they have in a connection's filter; values are bound. For inputs other than a type's filter, such as the
   * having of grouped aggregates. `at` names the input in error messages.
   */
  static scalarCondition(expression: string, kind: Exclude<ScalarKind, 'id'>, operators: FilterInput, at: string): FilterSql {
    // a scalar condition reads neither the catalog nor the scope (only global ids do, and they are excluded)
    return new FilterTranslator(null as never, new Map(), null as never).scalar(expression, kind, operators, at, '');
  }

  private type(name: string): Function {
    const type = this.types.get(name);
    if (!type) throw new Error(`no filterable type ${name}`);
    return type;
  }

  private nextAlias(): string {
    return `f${++this.aliases}`;
  }

  /** `emptyMeans`: what an empty object says where it says something (a relation: there is one); elsewhere it is refused. */
  private condition(typeName: string, filter: FilterInput, alias: string, path: string, emptyMeans: string | null = null): Sql {
    const type = this.type(typeName);
    const shape = this.catalog.get(typeName);
    const relations = relationsOf(type);
    const filterable = new Set(filterableProperties(type));
    const parts: Sql[] = [];
    for (const [key, value] of Object.entries(filter)) {
      if (value === undefined || value === null) continue;
      const at = `${path}.${key}`;
      if (key === 'and' || key === 'or') {
        const list = value as FilterInput[];
        if (list.length === 0) throw badInput(`${at} needs at least one filter`, { argument: at });
        const subs = list.map((sub, i) => sql`(${this.condition(typeName, sub, alias, `${at}[${i}]`)})`);
        parts.push(sql`(${joinSql(subs, key === 'and' ? ' and ' : ' or ')})`);
      } else if (key === 'not') {
        // a condition that is unknown (null) for a row counts as not holding, so "not" keeps that row
        parts.push(sql`not coalesce((${this.condition(typeName, value as FilterInput, alias, at)}), false)`);
      } else if (key === 'search' && searchSpecOf(typeName)) {
        parts.push(this.search(typeName, searchText(value, at), alias));
      } else if (key === 'near' && locationOf(typeName)) {
        parts.push(
          nearConditionSql(locationOf(typeName)!, (property) => shape.columns.get(property)!.column, alias, nearOf(value, at), (relation) => shape.foreignKeys.get(relation)),
        );
      } else if (key === 'id') {
        parts.push(this.scalar(`${alias}.id`, 'id', value as FilterInput, at, typeName));
      } else if (relations[key]) {
        parts.push(this.relation(typeName, relations[key], key, value as FilterInput, alias, at));
      } else if (filterable.has(key)) {
        const column = shape.columns.get(key) as ColumnShape;
        // a dated status goes through its indexable equality; a derived value (no `is`) compares as read
        parts.push(
          column.dated?.is
            ? this.dated(column.dated, alias, value as FilterInput, at)
            : this.scalar(shape.read(key, alias), scalarKindOf(type, key).kind, value as FilterInput, at, typeName),
        );
      } else {
        throw badInput(`${at} is not a filterable field of ${typeName}`, { argument: at });
      }
    }
    if (parts.length) return joinSql(parts, ' and ');
    if (emptyMeans === null) throw badInput(`${path} is empty: give at least one condition`, { argument: path });
    return raw(emptyMeans);
  }

  private scalar(column: string, kind: ScalarKind, operators: FilterInput, at: string, typeName: string): Sql {
    if (kind === 'textList') return this.textList(column, operators, at);
    const parts: Sql[] = [];
    const value = (v: unknown) => (kind === 'id' ? this.key(v as string, typeName, at) : v);
    for (const [operator, operand] of Object.entries(operators)) {
      if (operand === undefined || operand === null) continue;
      if (operator in COMPARISON) parts.push(sql`${column} ${COMPARISON[operator]} ${bound(value(operand))}`);
      else if (operator === 'in' || operator === 'notIn') {
        const list = operand as unknown[];
        if (list.length > MAX_LIST) throw badInput(`${at}.${operator} may hold at most ${MAX_LIST} values; got ${list.length}`, { argument: `${at}.${operator}`, limit: MAX_LIST, value: list.length });
        const literal = textArray(list.map((v) => String(value(v))));
        const test = sql`${column} = any(${bound(literal)}::${ARRAY_CAST[kind]})`;
        parts.push(operator === 'in' ? test : sql`not coalesce(${test}, false)`);
      } else if (operator === 'isNull') parts.push(raw(`${column} is ${operand ? '' : 'not '}null`));
      else if (operator === 'contains' || operator === 'startsWith') {
        parts.push(sql`${column} ilike ${bound(likePattern(operand as string, operator === 'contains'))}`);
      } else throw badInput(`${at}.${operator} is not an operator here`, { argument: `${at}.${operator}` });
    }
    if (!parts.length) throw badInput(`${at} has no condition: give an operator such as eq, in or isNull`, { argument: at });
    return joinSql(parts, ' and ');
  }

  /**
   * A condition on a text[] column: hasAny as overlap (&&) and hasAll as containment (@>), both served by the
   * column's GIN index; an empty list to match is refused rather than read as "nothing" or "everything".
   */
  private textList(column: string, operators: FilterInput, at: string): Sql {
    const parts: Sql[] = [];
    for (const [operator, operand] of Object.entries(operators)) {
      if (operand === undefined || operand === null) continue;
      if (operator === 'hasAny' || operator === 'hasAll') {
        const list = operand as string[];
        if (list.length === 0) throw badInput(`${at}.${operator} needs at least one value`, { argument: `${at}.${operator}` });
        if (list.length > MAX_LIST) throw badInput(`${at}.${operator} may hold at most ${MAX_LIST} values; got ${list.length}`, { argument: `${at}.${operator}`, limit: MAX_LIST, value: list.length });
        parts.push(sql`${column} ${operator === 'hasAny' ? '&&' : '@>'} ${bound(textArray(list))}::text[]`);
      } else if (operator === 'isEmpty') parts.push(raw(`cardinality(${column}) ${operand ? '=' : '>'} 0`));
      else throw badInput(`${at}.${operator} is not an operator here`, { argument: `${at}.${operator}` });
    }
    if (!parts.length) throw badInput(`${at} has no condition: give hasAny, hasAll or isEmpty`, { argument: at });
    return joinSql(parts, ' and ');
  }

  /**
   * A condition on a dated column (a status as read today), written on the stored columns through the column's own
   * equality so that their indexes serve it: eq and in as a disjunction of those, ne and notIn as its negation.
   */
  private dated(column: DatedColumn, alias: string, operators: FilterInput, at: string): Sql {
    const day = todayLiteral();
    const parts: string[] = [];
    for (const [operator, operand] of Object.entries(operators)) {
      if (operand === undefined || operand === null) continue;
      const values = operator === 'in' || operator === 'notIn' ? (operand as string[]) : [operand as string];
      if (values.length > MAX_LIST) throw badInput(`${at}.${operator} may hold at most ${MAX_LIST} values; got ${values.length}`, { argument: `${at}.${operator}`, limit: MAX_LIST, value: values.length });
      // a derived status may be empty (a supervisor with no credential): empty values never match a comparison
      const present = column.derived ? ` and ${column.sql(alias, day)} is not null` : '';
      if (operator === 'eq' || operator === 'in') parts.push(datedIn(column, alias, day, values));
      else if (operator === 'ne' || operator === 'notIn') parts.push(`not coalesce(${datedIn(column, alias, day, values)}, false)${present}`);
      else if (operator === 'isNull') parts.push(column.derived ? `${column.sql(alias, day)} is ${operand ? '' : 'not '}null` : operand ? 'false' : 'true');
      else throw badInput(`${at}.${operator} is not an operator here`, { argument: `${at}.${operator}` });
    }
    if (!parts.length) throw badInput(`${at} has no condition: give an operator such as eq, in or isNull`, { argument: at });
    return raw(parts.map((part) => `(${part})`).join(' and '));
  }

  /**
   * The row's own document matches, or a related row's does. Written as a union of key sets, each drawn from a GIN
   * index (and the foreign-key index for related rows): an OR in one WHERE would scan the table instead.
   */
  private search(typeName: string, text: string, alias: string): Sql {
    const spec = searchSpecOf(typeName)!;
    const table = quoteIdent(this.catalog.get(typeName).table);
    const own = this.nextAlias();
    const sets = [sql`select ${own}.id from ${table} ${own} where ${spec.document(own)} @@ ${tsQuery(spec, text)}`];
    for (const related of spec.related) {
      const row = this.nextAlias();
      const sub = this.nextAlias();
      const fk = quoteIdent(this.catalog.get(typeName).foreignKeys.get(related.via)!);
      sets.push(sql`select ${row}.id from ${table} ${row} where ${row}.${fk} in (select ${sub}.id from ${quoteIdent(related.table)} ${sub} where ${related.document(sub)} @@ ${tsQuery(spec, text)})`);
    }
    return sql`${alias}.id in (${joinSql(sets, ' union ')})`;
  }

  private key(id: string, typeName: string, at: string): number {
    const decoded = fromGlobalId(id);
    if (decoded.typeName !== typeName) throw badInput(`${at}: "${id}" is the id of a ${decoded.typeName}, not of a ${typeName}`, { argument: at });
    return decoded.key;
  }

  private relation(typeName: string, relation: Relation, name: string, value: FilterInput, alias: string, at: string): Sql {
    const target = relation.target().name;
    const sub = this.nextAlias();
    if (relation.kind === 'one') {
      const fk = this.catalog.get(typeName).foreignKeys.get(relation.via)!;
      const inner = this.condition(target, value, sub, at, 'true');
      // a related row out of scope matches nothing: a filter cannot probe what the viewer may not read
      return sql`exists (select 1 from ${quoteIdent(this.catalog.get(target).table)} ${sub} where ${sub}.id = ${alias}.${quoteIdent(fk)}${andAlso(this.scope.rows(target, sub))} and ${inner})`;
    }
    const from = this.listSource(typeName, relation, alias, sub);
    const parts: Sql[] = [];
    for (const [quantifier, condition] of Object.entries(value)) {
      if (condition === undefined || condition === null) continue;
      const inner = this.condition(target, condition as FilterInput, sub, `${at}.${quantifier}`, 'true');
      if (quantifier === 'some') parts.push(sql`exists (${from} and ${inner})`);
      else if (quantifier === 'none') parts.push(sql`not exists (${from} and ${inner})`);
      else if (quantifier === 'every') parts.push(sql`not exists (${from} and not coalesce((${inner}), false))`);
      else throw badInput(`${at}.${quantifier} is not some, every or none`, { argument: `${at}.${quantifier}` });
    }
    if (!parts.length) throw badInput(`${at} has no condition: give some, every or none`, { argument: at });
    return joinSql(parts, ' and ');
  }

  /** `select 1 from <related rows of the row aliased alias> <sub> where ...` for a list relation. */
  private listSource(typeName: string, relation: Relation, alias: string, sub: string): string {
    const target = relation.target().name;
    const targetTable = quoteIdent(this.catalog.get(target).table);
    if (relation.kind === 'many') {
      const fk = this.catalog.get(target).foreignKeys.get(relation.via)!;
      return `select 1 from ${targetTable} ${sub} where ${sub}.${quoteIdent(fk)} = ${alias}.id${andAlso(this.scope.rows(target, sub))}`;
    }
    const owner = relation.kind === 'targets' ? typeName : target;
    const pivot = this.catalog.get(owner).pivots.get(relation.via)!;
    const [mine, theirs] = relation.kind === 'targets' ? [pivot.ownerColumn, pivot.targetColumn] : [pivot.targetColumn, pivot.ownerColumn];
    return `select 1 from ${quoteIdent(pivot.table)} ${sub}_p join ${targetTable} ${sub} on ${sub}.id = ${sub}_p.${quoteIdent(theirs)} where ${sub}_p.${quoteIdent(mine)} = ${alias}.id${andAlso(this.scope.rows(target, sub))}`;
  }
}
