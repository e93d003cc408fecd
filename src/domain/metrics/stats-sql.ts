/**
 * Grouped aggregates: what a declaration says about a type, and the one statement a stats field costs. Everything is
 * computed in PostgreSQL (GROUP BY, count, sum, avg, min, max, percentile_cont); the small-count rule is applied there
 * too, so that `having` and the order act on the published figures, never on a withheld one. A caller without analyst
 * rights over every jurisdiction a request touches is held to the published dimensions of the declaration and to
 * complementary suppression (docs/disclosure.md): then every group is weighed in code before `having`, the order and
 * `first` act on what is published.
 */
import type { ClassType } from 'type-graphql';
import { isPublicType } from '../../auth/visibility';
import { badInput } from '../../errors';
import { datedColumn, todayLiteral } from '../../graphql/dated';
import { FilterTranslator, type FilterInput, type FilterSql } from '../../graphql/filter-sql';
import { registeredTypesByName, relationsOf } from '../../graphql/relations';
import { bound, joinSql, sql, type Sql } from '../../sql/fragments';
import { quoteIdent } from '../../sql/runner';
import { complementaryCells, Disclosure } from './disclosure';

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
  /**
   * A dimension a published table shows (a state, a credential, a status, a program kind, a month or a year): any
   * caller may group by it. Without it only a caller with analyst rights over every jurisdiction the request
   * touches may, or one whose filter keeps to rows anyone may read one by one.
   */
  published?: boolean;
}

/**
 * A field of the type's filter that is a published dimension, so that a caller without analyst rights may filter on
 * it: `value`, any condition on the field; `month`, a day held to whole months (gte and lt on the first day of a
 * month, or isNull); `row`, a relation to public rows (a state, a credential type, a program), any condition on
 * their own fields and on further public rows, or on the fields of `only`.
 */
export interface FilterDimension {
  kind: 'value' | 'month' | 'row';
  only?: readonly string[];
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
  /** The filter fields that are published dimensions, by field; every other field is not one. */
  filterDimensions: Record<string, FilterDimension>;
  /**
   * A filter keeping only these values of this field (eq or in, side by side with any other condition) reaches only
   * rows anyone may read one by one (open postings): every dimension is free there.
   */
  openRows?: { field: string; values: readonly string[] };
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
  /**
   * The caller lacks analyst rights over a jurisdiction the request touches (disclosureOf): a withheld bucket shows no
   * key, complementary suppression applies, and having, the order and first act on what is published after it.
   */
  restricted?: boolean;
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

export interface StatsStatement extends Sql {
  /** The answer made of the rows of the statement. */
  answer(rows: Record<string, unknown>[]): { buckets: BucketValue[]; hasMore: boolean };
}

/** Most groups a restricted request may make: all of them are weighed for complementary suppression before any is shown. */
export const MAX_RESTRICTED_GROUPS = MAX_BUCKETS;

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
  const restricted = request.restricted ?? false;
  const keys = request.groupBy.map((name, i) => {
    const declared = declaration.keys[name];
    if (!declared) throw new Error(`${declaration.type.name} has no group key ${name}`);
    if (restricted && !declared.published) throw unpublished(declaration, `groupBy.${name}`, name);
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
    // restricted: whether the caller reads every record of the bucket in full anyway (never shown; weighs complements)
    ...(restricted ? [`${request.covered} as "known"`] : []),
    ...measures.map((m) => `${m.sql} as ${quoteIdent(m.alias)}`),
  ];
  let statement = sql`select ${inner.join(', ')} from ${quoteIdent(declaration.table)} ${ROW}${joins.join('')}`;
  if (request.filter) statement = sql`${statement} where ${request.filter}`;
  if (keys.length) statement = sql`${statement} group by ${keys.map((k) => k.spec.sql).join(', ')}`;

  const outer = [
    ...keys.map((k) => `s.${quoteIdent(k.alias)}`),
    COUNT,
    ...(restricted ? ['s."known"'] : []),
    ...measures.map((m) => `${published(m)} as ${quoteIdent(m.alias)}`),
  ];
  statement = sql`select ${outer.join(', ')} from (${statement}) s`;

  // the having conditions, as SQL (validated either way) and as a test of a published bucket
  const conditions: Sql[] = [];
  const tests: ((bucket: BucketValue) => boolean)[] = [];
  for (const [aggregate, value] of havingEntries ?? []) {
    if (aggregate === 'count') {
      const part = FilterTranslator.scalarCondition(COUNT, 'int', value as FilterInput, 'having.count');
      conditions.push(sql`(${part})`);
      tests.push((bucket) => holds(bucket.count, value as FilterInput));
      continue;
    }
    for (const [field, operators] of nonEmpty(value as FilterInput)) {
      const measure = measures.find((m) => m.aggregate === aggregate && m.field === field)!;
      const part = FilterTranslator.scalarCondition(`(${published(measure)})`, 'float', operators as FilterInput, `having.${aggregate}.${field}`);
      conditions.push(sql`(${part})`);
      tests.push((bucket) => holds(bucket[aggregate as Aggregate][field] as number | null, operators as FilterInput));
    }
  }
  // restricted: having, the order and first act on the answer after complementary suppression, in code
  if (conditions.length && !restricted) statement = sql`${statement} where ${joinSql(conditions, ' and ')}`;

  // keys ascending break ties; a withheld count (null) sorts with the nulls, last
  const keyOrder = keys.map((k) => `s.${quoteIdent(k.alias)} asc nulls last`);
  const order =
    request.orderBy === StatsOrder.COUNT_DESC && !restricted
      ? [`${COUNT} desc nulls last`, ...keyOrder]
      : request.orderBy === StatsOrder.COUNT_ASC && !restricted
        ? [`${COUNT} asc nulls last`, ...keyOrder]
        : keyOrder;
  if (order.length) statement = sql`${statement} order by ${order.join(', ')}`;
  statement = sql`${statement} limit ${bound(restricted ? MAX_RESTRICTED_GROUPS + 1 : request.first + 1)}`;

  const bucket = (row: Record<string, unknown>): BucketValue => {
    const key: Record<string, unknown> = {};
    for (const k of keys) key[k.spec.field] = row[k.alias] ?? null;
    const count = row.count as number | null;
    const bucket: BucketValue = { key, count, suppressed: count === null, sum: {}, avg: {}, min: {}, max: {}, median: {} };
    for (const m of measures) bucket[m.aggregate][m.field] = row[m.alias] ?? null;
    return bucket;
  };

  return {
    ...statement,
    answer(rows) {
      if (!restricted) return { buckets: rows.slice(0, request.first).map(bucket), hasMore: rows.length > request.first };
      if (rows.length > MAX_RESTRICTED_GROUPS) {
        throw badInput(
          `groupBy: these keys make more than ${MAX_RESTRICTED_GROUPS.toLocaleString('en-US')} groups, which must all be weighed before any is published to a caller without analyst rights over every jurisdiction counted; group by fewer keys or narrow the filter.`,
          { argument: 'groupBy', limit: MAX_RESTRICTED_GROUPS },
        );
      }
      const cells = rows.map((row) => ({ keys: keys.map((k) => row[k.alias] ?? null), count: row.count as number | null, known: row.known === true }));
      const complements = complementaryCells(cells);
      const shown: BucketValue[] = [];
      const withheld: BucketValue[] = [];
      rows.forEach((row, i) => {
        if (row.count !== null && !complements.has(i)) shown.push(bucket(row));
        else withheld.push(withheldBucket(keys.map((k) => k.spec.field), measures));
      });
      // a withheld bucket shows no key, so it cannot stand where its key would put it: withheld buckets come last
      if (request.orderBy === StatsOrder.COUNT_DESC) shown.sort((a, b) => b.count! - a.count!);
      else if (request.orderBy === StatsOrder.COUNT_ASC) shown.sort((a, b) => a.count! - b.count!);
      const kept = [...shown, ...withheld].filter((b) => tests.every((test) => test(b)));
      return { buckets: kept.slice(0, request.first), hasMore: kept.length > request.first };
    },
  };
}

/** A bucket withheld from a restricted caller: no key, no count, no figure. */
function withheldBucket(fields: string[], measures: { aggregate: Aggregate; field: string }[]): BucketValue {
  const bucket: BucketValue = { key: Object.fromEntries(fields.map((field) => [field, null])), count: null, suppressed: true, sum: {}, avg: {}, min: {}, max: {}, median: {} };
  for (const m of measures) bucket[m.aggregate][m.field] = null;
  return bucket;
}

/** A having condition on a published figure, as FilterTranslator.scalarCondition reads it in SQL (null meets only isNull and notIn). */
function holds(value: number | null, operators: FilterInput): boolean {
  return Object.entries(operators).every(([operator, operand]) => {
    if (operand === undefined || operand === null) return true;
    switch (operator) {
      case 'eq': return value !== null && value === operand;
      case 'ne': return value !== null && value !== operand;
      case 'lt': return value !== null && value < (operand as number);
      case 'lte': return value !== null && value <= (operand as number);
      case 'gt': return value !== null && value > (operand as number);
      case 'gte': return value !== null && value >= (operand as number);
      case 'in': return value !== null && (operand as number[]).includes(value);
      case 'notIn': return !(value !== null && (operand as number[]).includes(value));
      case 'isNull': return operand ? value === null : value !== null;
      default: return false;
    }
  });
}

/** The published dimensions of a declaration, for messages: "jurisdiction, credentialType, status". */
export function publishedFilterFields(declaration: StatsDeclaration): string[] {
  return Object.keys(declaration.filterDimensions);
}

export function publishedGroupKeys(declaration: StatsDeclaration): string[] {
  return Object.entries(declaration.keys).filter(([, spec]) => spec.published).map(([name]) => name);
}

function unpublished(declaration: StatsDeclaration, at: string, what: string) {
  const open = declaration.openRows ? ` (or keep the filter to ${declaration.openRows.field} ${declaration.openRows.values.join(', ')}: those ${declaration.rows} anyone may list, and every dimension is free there)` : '';
  return badInput(
    `${at}: ${what} is not a published dimension. Without analyst rights over every jurisdiction counted, ${declaration.query} groups only by ${publishedGroupKeys(declaration).join(', ')} and filters only on ${publishedFilterFields(declaration).join(', ')}, days by whole months${open}.`,
    { argument: at },
  );
}

/** The conditions side by side at the top of a filter: its own fields, and those of the filters of a top-level and. */
function topLevel(filter: FilterInput | null | undefined, field: string): FilterInput[] {
  if (filter == null) return [];
  const own = filter[field] == null ? [] : [filter[field] as FilterInput];
  const and = (filter.and as FilterInput[] | null | undefined) ?? [];
  return [...own, ...and.flatMap((sub) => topLevel(sub, field))];
}

/** The values an eq/in condition keeps to (null: it keeps to none, having other operators or none). */
function keptValues(condition: FilterInput): string[] | null {
  const entries = Object.entries(condition).filter(([, v]) => v !== undefined && v !== null);
  if (!entries.length || entries.some(([operator]) => operator !== 'eq' && operator !== 'in')) return null;
  const sets = entries.map(([operator, v]) => (operator === 'eq' ? [String(v)] : (v as unknown[]).map(String)));
  return sets.reduce((kept, set) => kept.filter((value) => set.includes(value)));
}

/** The jurisdictions (USPS codes) a filter keeps to at its top level (jurisdiction: { code: { eq | in } }), or null. */
export function pinnedJurisdictions(filter: FilterInput | null | undefined): string[] | null {
  let pinned: string[] | null = null;
  for (const jurisdiction of topLevel(filter, 'jurisdiction')) {
    for (const code of topLevel(jurisdiction, 'code')) {
      const kept = keptValues(code);
      if (kept) pinned = pinned ? pinned.filter((c) => kept.includes(c)) : kept;
    }
  }
  return pinned;
}

/** The filter keeps, at its top level, to the declaration's open rows (which anyone may read one by one). */
export function keepsToOpenRows(declaration: StatsDeclaration, filter: FilterInput | null | undefined): boolean {
  const open = declaration.openRows;
  if (!open) return false;
  return topLevel(filter, open.field).some((condition) => {
    const kept = keptValues(condition);
    return kept !== null && kept.every((value) => open.values.includes(value));
  });
}

const FIRST_OF_MONTH = /^\d{4}-\d{2}-01$/;

/** Refuses every part of the filter that is not a published dimension, naming it (filter.id, filter.and[0].search). */
export function refuseUnpublishedFilter(declaration: StatsDeclaration, filter: FilterInput | null | undefined, path = 'filter'): void {
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (value === undefined || value === null) continue;
    const at = `${path}.${key}`;
    if (key === 'and' || key === 'or') (value as FilterInput[]).forEach((sub, i) => refuseUnpublishedFilter(declaration, sub, `${at}[${i}]`));
    else if (key === 'not') refuseUnpublishedFilter(declaration, value as FilterInput, at);
    else {
      const dimension = declaration.filterDimensions[key];
      if (!dimension) throw unpublished(declaration, at, key);
      if (dimension.kind === 'month') refuseDays(declaration, value as FilterInput, at);
      else if (dimension.kind === 'row') {
        const relation = relationsOf(declaration.type)[key];
        if (!relation) throw new Error(`${declaration.type.name}.${key} is declared a row dimension but is no relation`);
        refuseUnpublishedRow(declaration, relation.target().name, relation.kind !== 'one', value as FilterInput, at, dimension.only ?? null);
      }
    }
  }
}

function refuseDays(declaration: StatsDeclaration, operators: FilterInput, at: string): void {
  for (const [operator, operand] of Object.entries(operators)) {
    if (operand === undefined || operand === null || operator === 'isNull') continue;
    if ((operator === 'gte' || operator === 'lt') && FIRST_OF_MONTH.test(String(operand))) continue;
    throw badInput(
      `${at}.${operator}: a day is not a published dimension. Without analyst rights over every jurisdiction counted, ${declaration.query} takes days by whole months only: gte and lt on the first day of a month (or isNull).`,
      { argument: `${at}.${operator}` },
    );
  }
}

/** A condition on public rows reached through a published relation: their own fields, or further public rows. */
function refuseUnpublishedRow(declaration: StatsDeclaration, typeName: string, list: boolean, value: FilterInput, at: string, only: readonly string[] | null): void {
  if (list) {
    for (const [quantifier, condition] of Object.entries(value)) {
      if (condition !== undefined && condition !== null) refuseUnpublishedRow(declaration, typeName, false, condition as FilterInput, `${at}.${quantifier}`, only);
    }
    return;
  }
  const relations = relationsOf(registeredTypesByName().get(typeName)!);
  for (const [key, condition] of Object.entries(value)) {
    if (condition === undefined || condition === null) continue;
    const sub = `${at}.${key}`;
    if (key === 'and' || key === 'or') (condition as FilterInput[]).forEach((c, i) => refuseUnpublishedRow(declaration, typeName, false, c, `${sub}[${i}]`, only));
    else if (key === 'not') refuseUnpublishedRow(declaration, typeName, false, condition as FilterInput, sub, only);
    else if (only && !only.includes(key)) throw unpublished(declaration, sub, sub.slice('filter.'.length));
    else if (relations[key]) {
      const target = relations[key].target().name;
      if (!isPublicType(target)) throw unpublished(declaration, sub, sub.slice('filter.'.length));
      refuseUnpublishedRow(declaration, target, relations[key].kind !== 'one', condition as FilterInput, sub, null);
    }
  }
}

/**
 * Whether the request is restricted, refusing what a restricted request may not ask. A request is free when the
 * caller has analyst rights over every jurisdiction its filter keeps to (ADMIN: always), or when its filter keeps to
 * rows anyone may read one by one; otherwise it groups and filters on published dimensions only.
 */
export function disclosureOf(declaration: StatsDeclaration, disclosure: Disclosure, groupBy: readonly string[], filter: FilterInput | null | undefined): boolean {
  if (disclosure.coversEvery(pinnedJurisdictions(filter))) return false;
  if (keepsToOpenRows(declaration, filter)) return false;
  for (const name of groupBy) if (declaration.keys[name] && !declaration.keys[name].published) throw unpublished(declaration, `groupBy.${name}`, name);
  refuseUnpublishedFilter(declaration, filter);
  return true;
}
