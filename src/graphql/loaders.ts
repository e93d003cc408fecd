import DataLoader from 'dataloader';
import { todayUtc } from './scalars';
import { Scope } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import { getNamedType, type GraphQLObjectType, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import type { Catalog } from './catalog';
import { lazyConnection, type Connection, type PageRequest } from './connection';
import { FilterTranslator, type FilterInput, type FilterSql } from './filter-sql';
import { keysetSql } from './keyset';
import { RELEVANCE } from './search';
import { DISTANCE } from './near';
import { PerOperationCache } from './operation-cache';
import { Planner, type Selection, type SelectionPlan } from './plan';
import { registeredTypesByName } from './relations';
import { SelectCompiler, type Statement } from './select-sql';
import { intArray, quoteIdent, textArray, type SqlRunner } from '../sql/runner';

/**
 * A plain row as the read path returns it: scalar properties by name, many-to-one relations as `<name>Id`, and the
 * related rows its selection asked for under the keys the plan gave them.
 */
export type Row = { id: number } & { [key: string]: unknown };

/**
 * The planner of the requests that send one parsed operation with the same variables, in the same scope: what it
 * planned and compiled for the first of them serves the others (field nodes are the same objects, Apollo keeping
 * parsed documents). Keyed by the scope's own key, so that no plan crosses scopes.
 */
const sharedPlanners = new PerOperationCache<Planner>(64);

/** The statements of a root page and its count, compiled once per plan (a plan is one operation's, variables and scope). */
const compiledPages = new WeakMap<SelectionPlan, { page: Statement; count: Statement }>();

/**
 * The reads of one request. Each root field is planned from its selection and read in one statement with every
 * relation below it (plus one for a root totalCount); reads of the same plan by key are batched into one statement.
 */
export class Loaders {
  private requestPlanner?: Planner;
  private readonly loaders = new Map<string | SelectionPlan, DataLoader<unknown, unknown>>();

  /** The rows and columns the viewer may read: every read of the request goes through it. */
  readonly scope: Scope;

  constructor(private readonly sql: SqlRunner, readonly catalog: Catalog, private readonly maxPageSize: number, viewer: Viewer) {
    this.scope = new Scope(viewer, catalog);
  }

  /** The request's planner: the one its operation, variables and scope share (see plannerFor), once it has planned. */
  get planner(): Planner {
    return (this.requestPlanner ??= new Planner(this.catalog, this.scope, this.maxPageSize));
  }

  /** The operation the request's planner was taken for: one per context, as Apollo's HTTP batching is off (limits.ts). */
  private plannedOperation?: OperationDefinitionNode;

  private plannerFor(selection: Selection & Partial<Pick<GraphQLResolveInfo, 'operation'>>): Planner {
    const operation = selection.operation;
    if (this.requestPlanner) {
      // a second operation on one context would plan into the first one's shared planner, for other variables
      if (operation && this.plannedOperation && operation !== this.plannedOperation) throw new Error('one request context served two operations: its planner is the first one\'s');
      return this.requestPlanner;
    }
    if (!operation) return this.planner;
    this.plannedOperation = operation;
    // compiled statements embed today's date (src/graphql/dated.ts): a plan serves the day it was made on only
    const key = `${todayUtc()}\n${this.scope.key}\n${JSON.stringify(selection.variableValues)}`;
    const planner = sharedPlanners.get(operation, key, () => new Planner(this.catalog, this.scope, this.maxPageSize));
    return (this.requestPlanner = planner);
  }

  private loader<K, V>(key: string | SelectionPlan, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      // keys travel as one array parameter, so a batch never nears PostgreSQL's parameter limit
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 5000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  private run<T>(statement: Statement): Promise<T[]> {
    return this.sql.rows<T>(statement.sql, statement.bindings);
  }

  /** The row of an entity by key, with what the field's selection asks of it; null when there is none. */
  byId(typeName: string, key: number, selection: Selection): Promise<Row | null> {
    const plan = this.plannerFor(selection).plan(typeName, selection);
    return this.loader<number, Row | null>(plan, async (keys) => {
      const rows = await this.run<Row>(SelectCompiler.byKeys(this.catalog, this.scope, plan, 'id', { literal: intArray(keys), type: 'int[]' }));
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return keys.map((k) => byKey.get(k) ?? null);
    }).load(key);
  }

  /** Per plan and filter (as JSON), the loader of byIdWhere. */
  private readonly filteredLoaders = new Map<SelectionPlan, Map<string, DataLoader<number, Row | null>>>();

  /**
   * The row of an entity by key when it meets `filter` (the filter input of the type's connections), with what the
   * selection asks of it; null when there is none, it does not meet the filter, or the viewer may not read it. Keys
   * asked together are read in one statement, as byId's.
   */
  byIdWhere(typeName: string, key: number, filter: FilterInput | null | undefined, selection: Selection): Promise<Row | null> {
    if (!filter) return this.byId(typeName, key, selection);
    const planner = this.plannerFor(selection);
    const plan = planner.plan(typeName, selection);
    const byFilter = this.filteredLoaders.get(plan) ?? new Map<string, DataLoader<number, Row | null>>();
    this.filteredLoaders.set(plan, byFilter);
    const filterKey = JSON.stringify(filter);
    let loader = byFilter.get(filterKey);
    if (!loader) {
      const where = FilterTranslator.compile(this.catalog, registeredTypesByName(), this.scope, typeName, filter, plan.alias);
      loader = new DataLoader<number, Row | null>(async (keys) => {
        const rows = await this.run<Row>(SelectCompiler.byKeys(this.catalog, this.scope, plan, 'id', { literal: intArray(keys), type: 'int[]' }, '', where));
        const byKey = new Map(rows.map((row) => [row.id, row]));
        return keys.map((k) => byKey.get(k) ?? null);
      }, { maxBatchSize: 5000 });
      byFilter.set(filterKey, loader);
    }
    return loader.load(key);
  }

  /** The row of an entity whose unique text column holds the value, or null. */
  byUnique(typeName: string, column: string, value: string, selection: Selection): Promise<Row | null> {
    const plan = this.plannerFor(selection).plan(typeName, selection);
    return this.loader<string, Row | null>(plan, async (values) => {
      const statement = SelectCompiler.byKeys(this.catalog, this.scope, plan, column, { literal: textArray(values), type: 'text[]' }, `, ${plan.alias}.${quoteIdent(column)} as "__key"`);
      const rows = await this.run<Row & { __key: string }>(statement);
      const byValue = new Map(rows.map((row) => [row.__key, row]));
      return values.map((v) => byValue.get(v) ?? null);
    }).load(value);
  }

  /**
   * A filter input (the one connections take) as SQL on rows aliased `alias`; the rows its relation conditions
   * reach are limited to the viewer's scope, so that a filter cannot probe what the viewer may not read.
   */
  filterSql(typeName: string, filter: FilterInput | null | undefined, alias: string): FilterSql | null {
    return FilterTranslator.compile(this.catalog, registeredTypesByName(), this.scope, typeName, filter, alias);
  }

  /** Every row of a small reference table, ordered by one of its columns. */
  all(typeName: string, orderColumn: string, selection: Selection): Promise<Row[]> {
    return this.run<Row>(SelectCompiler.all(this.catalog, this.scope, this.plannerFor(selection).plan(typeName, selection), orderColumn));
  }

  /** A root page of an entity's rows in the requested order; the page and its count are read only when selected. */
  list(typeName: string, page: PageRequest, selection: Selection & Pick<GraphQLResolveInfo, 'returnType'>): Connection<Row> {
    const planner = this.plannerFor(selection);
    const plan = planner.planConnection(typeName, selection, getNamedType(selection.returnType) as GraphQLObjectType);
    let compiled = compiledPages.get(plan);
    if (!compiled) {
      // cursors and the order of the rows read the order's values, selected or not (a rank and a distance are read
      // beside the row by the keyset)
      for (const term of page.order) if (term.property !== RELEVANCE && term.property !== DISTANCE) plan.columns.add(term.property);
      const keyset = keysetSql(this.catalog.get(typeName), page, plan.alias);
      const filter = planner.filter(typeName, page, plan.alias);
      compiled = { page: SelectCompiler.list(this.catalog, this.scope, plan, page, filter, keyset), count: SelectCompiler.count(this.catalog, this.scope, plan, filter) };
      compiledPages.set(plan, compiled);
    }
    const { page: pageStatement, count } = compiled;
    return lazyConnection(
      page,
      () => this.run<Row>(pageStatement),
      async () => (await this.run<{ count: number }>(count))[0].count,
    );
  }
}
