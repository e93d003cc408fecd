/**
 * Grouped aggregates: what a declaration says about a type, and the one statement a stats field costs. Everything is
 * computed in PostgreSQL (GROUP BY, count, sum, avg, min, max, percentile_cont); the small-count rule is applied there
 * too, so that `having` and the order act on the published figures, never on a withheld one.
 */
import type { ClassType } from 'type-graphql';
import { badInput } from '../../graphql/errors';
import { datedColumn, todayLiteral } from '../../graphql/dated';
import { FilterTranslator, type FilterInput, type FilterSql } from '../../graphql/filter-sql';
import { quoteIdent } from '../../graphql/sql';
import { Disclosure } from './disclosure';

/** The alias of the aggregated table in every statement (filters are compiled on it). */
export const ROW = 't';

export const NUMERIC_AGGREGATES = ['sum', 'avg', 'min', 'max', 'median'] as const;
export const DATE_AGGREGATES = ['min', 'max'] as const;
export type Aggregate = (typeof NUMERIC_AGGREGATES)[number];

/** Most buckets one request may ask for (first); more is refused, never capped. */
export const MAX_BUCKETS = 10_000;
export const DEFAULT_BUCKETS = 1000;

export enum StatsOrder {
  KEYS = 'KEYS',
  COUNT_DESC = 'COUNT_DESC',
  COUNT_ASC = 'COUNT_ASC',
}

/** One way to group rows: a field of the bucket key and the SQL of its value. */
export interface GroupKeySpec {
  /** The field of the bucket key that carries the value. */
  field: string;
  description: string;
  /** The GraphQL type of the value; for an entity key, the entity class (a public type, read by id through the loaders). */
  type: () => unknown;
  entity?: boolean;
  /**
   * SQL of the value on the row aliased `t` (and the declaration's joins): an id, text, an int or a boolean; days and
   * months as YYYY-MM-DD text (to_char), so that no Date object comes back.
   */
  sql: string;
  /** Names of the declaration's joins the SQL reads. */
  joins?: string[];
  /** A dated column of the row (src/graphql/dated.ts): the key is its value today, and `sql` is ignored. */
  dated?: string;
}

/** A numeric figure of each row, aggregated by sum, avg, min, max and median. */
export interface NumericMeasureSpec {
  field: string;
  /** What the figure is, a sentence for the descriptions ("The extensions of the provisional period used."). */
  means: string;
  /** A float8 SQL expression on the row aliased `t`. */
  sql: string;
  joins?: string[];
}

/** A day of each row, aggregated by min and max. */
export interface DateMeasureSpec {
  field: string;
  means: string;
  /** A date SQL expression on the row aliased `t`. */
  sql: string;
  joins?: string[];
}

/** Everything the engine knows of a type: a third aggregated type is one more of these. */
export interface StatsDeclaration {
  /** The entity; its name prefixes every GraphQL type of its stats, and its filter is the one its connections take. */
  type: ClassType;
  /** The root query: certificationStats. */
  query: string;
  /** The rows counted, for descriptions: one certification, certifications. */
  row: string;
  rows: string;
  table: string;
  /** SQL of the row's jurisdiction key (on `t`): whose analysts read small counts. */
  jurisdiction: string;
  /** Joins by name, each written on `t`: added to the statement when a grouped key or a computed measure needs it. */
  joins?: Record<string, string>;
  /** By group-key enum value. */
  keys: Record<string, GroupKeySpec>;
  numeric: NumericMeasureSpec[];
  dates: DateMeasureSpec[];
}

/** `having`: conditions on the published count and on published numeric measures, by aggregate. */
export type HavingInput = { count?: FilterInput | null } & { [aggregate: string]: FilterInput | null | undefined };

export interface StatsRequest {
  groupBy: readonly string[];
  filter: FilterSql | null;
  having: HavingInput | null | undefined;
  orderBy: StatsOrder;
  first: number;
  /** The measures the selection asks for, as `aggregate.field`. */
  measures: ReadonlySet<string>;
  /** Disclosure.coveredSql of the declaration's jurisdiction: every row of the bucket is one the caller may see in full. */
  covered: string;
}

/** What one bucket of the answer holds before GraphQL reads it. */
export interface BucketValue {
  key: Record<string, unknown>;
  count: number | null;
  suppressed: boolean;
  sum: Record<string, unknown>;
  avg: Record<string, unknown>;
  min: Record<string, unknown>;
  max: Record<string, unknown>;
  median: Record<string, unknown>;
}

export interface StatsStatement {
  sql: string;
  bindings: unknown[];
  /** Makes a bucket of one row of the statement. */
  bucket(row: Record<string, unknown>): BucketValue;
}

interface ComputedMeasure {
  aggregate: Aggregate;
  field: string;
  /** The aggregate over the group (inner statement). */
  sql: string;
  joins: string[];
}

function measureSql(declaration: StatsDeclaration, aggregate: Aggregate, field: string): ComputedMeasure | null {
  const numeric = declaration.numeric.find((m) => m.field === field);
  if (numeric) {
    const x = numeric.sql;
    const sql =
      aggregate === 'median' ? `percentile_cont(0.5) within group (order by ${x})` : aggregate === 'avg' ? `avg(${x})` : `${aggregate}(${x})`;
    return { aggregate, field, sql, joins: numeric.joins ?? [] };
  }
  const date = declaration.dates.find((m) => m.field === field);
  if (date && (aggregate === 'min' || aggregate === 'max')) {
    return { aggregate, field, sql: `to_char(${aggregate}(${date.sql})::timestamp, 'YYYY-MM-DD')`, joins: date.joins ?? [] };
  }
  return null;
}

const nonEmpty = (input: FilterInput | null | undefined) => Object.entries(input ?? {}).filter(([, v]) => v !== undefined && v !== null);

/** The published count of the bucket in the outer statement: null when withheld. */
const COUNT = `s."count"`;

/**
 * The one statement of a stats field:
 *
 *   select <keys>, <count>, <measures, null when the count is withheld>
 *     from (select <keys>, <published count>, <aggregates> from <table> t <joins> where <filter> group by <keys>) s
 *    where <having> order by <order> limit <first + 1>
 *
 * Filter and having values are bound; keys, measures and joins come from the declaration, never from the request.
 */
export function statsStatement(declaration: StatsDeclaration, request: StatsRequest): StatsStatement {
  const keys = request.groupBy.map((name, i) => {
    const declared = declaration.keys[name];
    if (!declared) throw new Error(`${declaration.type.name} has no group key ${name}`);
    const dated = declared.dated === undefined ? undefined : datedColumn(declaration.type.name, declared.dated);
    if (declared.dated !== undefined && !dated) throw new Error(`${declaration.type.name}.${declared.dated} is not a dated column`);
    const spec = dated ? { ...declared, sql: dated.sql(ROW, todayLiteral()) } : declared;
    return { spec, alias: `k${i}` };
  });

  // having reads measures the selection may not: they are computed all the same
  const wanted = new Set(request.measures);
  const havingEntries = request.having == null ? null : nonEmpty(request.having);
  if (havingEntries) {
    if (!havingEntries.length) throw badInput('"having" is empty: give a condition on the count or a measure, or leave it out', { argument: 'having' });
    for (const [aggregate, fields] of havingEntries) {
      if (aggregate === 'count') continue;
      const conditions = nonEmpty(fields as FilterInput);
      if (!conditions.length) throw badInput(`having.${aggregate} is empty: give a condition on one of its measures`, { argument: `having.${aggregate}` });
      for (const [field] of conditions) wanted.add(`${aggregate}.${field}`);
    }
  }
  const measures: (ComputedMeasure & { alias: string })[] = [];
  for (const name of wanted) {
    const [aggregate, field] = name.split('.') as [Aggregate, string];
    const measure = measureSql(declaration, aggregate, field);
    if (!measure) throw new Error(`${declaration.type.name} has no measure ${name}`);
    measures.push({ ...measure, alias: `m${measures.length}` });
  }
  const published = (measure: { alias: string }) => `case when ${COUNT} is not null then s.${quoteIdent(measure.alias)} end`;

  const joinNames = new Set([...keys.flatMap((k) => k.spec.joins ?? []), ...measures.flatMap((m) => m.joins)]);
  const joins = [...joinNames].map((name) => {
    const join = declaration.joins?.[name];
    if (!join) throw new Error(`${declaration.type.name} declares no join ${name}`);
    return ` ${join}`;
  });

  const count = 'count(*)::int';
  const inner = [
    ...keys.map((k) => `${k.spec.sql} as ${quoteIdent(k.alias)}`),
    `${Disclosure.publishedCountSql(count, request.covered)} as "count"`,
    ...measures.map((m) => `${m.sql} as ${quoteIdent(m.alias)}`),
  ];
  const bindings: unknown[] = [];
  let sql = `select ${inner.join(', ')} from ${quoteIdent(declaration.table)} ${ROW}${joins.join('')}`;
  if (request.filter) {
    sql += ` where ${request.filter.sql}`;
    bindings.push(...request.filter.bindings);
  }
  if (keys.length) sql += ` group by ${keys.map((k) => k.spec.sql).join(', ')}`;

  const outer = [...keys.map((k) => `s.${quoteIdent(k.alias)}`), COUNT, ...measures.map((m) => `${published(m)} as ${quoteIdent(m.alias)}`)];
  sql = `select ${outer.join(', ')} from (${sql}) s`;

  if (havingEntries) {
    const conditions: string[] = [];
    for (const [aggregate, value] of havingEntries) {
      const parts =
        aggregate === 'count'
          ? [FilterTranslator.scalarCondition(COUNT, 'int', value as FilterInput, 'having.count')]
          : nonEmpty(value as FilterInput).map(([field, operators]) => {
              const measure = measures.find((m) => m.aggregate === aggregate && m.field === field)!;
              return FilterTranslator.scalarCondition(`(${published(measure)})`, 'float', operators as FilterInput, `having.${aggregate}.${field}`);
            });
      for (const part of parts) {
        conditions.push(`(${part.sql})`);
        bindings.push(...part.bindings);
      }
    }
    sql += ` where ${conditions.join(' and ')}`;
  }

  // keys ascending break ties; a withheld count (null) sorts with the nulls, last
  const keyOrder = keys.map((k) => `s.${quoteIdent(k.alias)} asc nulls last`);
  const order =
    request.orderBy === StatsOrder.COUNT_DESC
      ? [`${COUNT} desc nulls last`, ...keyOrder]
      : request.orderBy === StatsOrder.COUNT_ASC
        ? [`${COUNT} asc nulls last`, ...keyOrder]
        : keyOrder;
  if (order.length) sql += ` order by ${order.join(', ')}`;
  sql += ' limit ?';
  bindings.push(request.first + 1);

  return {
    sql,
    bindings,
    bucket(row) {
      const key: Record<string, unknown> = {};
      for (const k of keys) key[k.spec.field] = row[k.alias] ?? null;
      const count = row.count as number | null;
      const bucket: BucketValue = { key, count, suppressed: count === null, sum: {}, avg: {}, min: {}, max: {}, median: {} };
      for (const m of measures) bucket[m.aggregate][m.field] = row[m.alias] ?? null;
      return bucket;
    },
  };
}
