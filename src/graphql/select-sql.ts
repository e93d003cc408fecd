import type { Scope } from '../auth/scope';
import type { Catalog, TableShape } from './catalog';
import { rowKeyOfRelation } from './catalog';
import type { PageRequest } from './connection';
import { countKey, type RelationFetch, type SelectionPlan } from './plan';
import type { FilterSql } from './filter-sql';
import type { KeysetSql } from './keyset';
import { andAlso, bound, joinSql, sql, type Sql } from '../sql/fragments';
import { quoteIdent } from '../sql/runner';

/** A statement: its text and the values of its `?` placeholders, in order. */
export type Statement = Sql;

/** How a correlated subquery reaches a row key of its parent row. */
type ParentRef = (rowKey: string) => string;

/**
 * Compiles selection plans into single statements: a plan's rows with each selected relation as a correlated
 * subquery beside them, its rows as JSON (row_to_json, json_agg), nested to any depth. A page of a nested
 * connection is cut per parent inside its subquery (order by, limit), and ordered again when aggregated so that
 * the JSON keeps the page's order. Each part carries its own bound values (src/sql/fragments.ts).
 */
export class SelectCompiler {
  private constructor(private readonly catalog: Catalog, private readonly scope: Scope) {}

  private shape(typeName: string): TableShape {
    return this.catalog.get(typeName);
  }

  /** The plan's columns of the table aliased as the plan says, named by row key; personal ones as the scope allows. */
  private columns(plan: SelectionPlan): string {
    const shape = this.shape(plan.typeName);
    const list: string[] = [];
    for (const key of plan.columns) {
      const column = shape.read(key, plan.alias);
      const readable = this.scope.column(plan.typeName, key);
      const value = readable === null ? column : readable === 'hidden' ? 'null' : `case when ${readable(plan.alias)} then ${column} end`;
      list.push(`${value} as ${quoteIdent(key)}`);
    }
    return list.join(', ');
  }

  /** ` and <the scope's condition on the plan's rows>`, or nothing. */
  private inScope(plan: SelectionPlan): string {
    return andAlso(this.scope.rows(plan.typeName, plan.alias));
  }

  /** A reference to the plan's table row by column. */
  private tableRef(plan: SelectionPlan): ParentRef {
    const shape = this.shape(plan.typeName);
    return (key) => shape.read(key, plan.alias);
  }

  /** ', (subquery) as "@key", ...' for every relation of the plan, correlated to the parent through `ref`. */
  private relations(plan: SelectionPlan, ref: ParentRef): Sql {
    const items: Sql[] = [];
    for (const fetch of plan.relations) {
      if (fetch.error) continue;
      if (fetch.rows) items.push(sql`, ${this.relation(fetch, ref)} as ${quoteIdent(fetch.key)}`);
      if (fetch.count) items.push(sql`, ${this.count(fetch, ref)} as ${quoteIdent(countKey(fetch.key))}`);
    }
    return joinSql(items, '');
  }

  private relation(fetch: RelationFetch, ref: ParentRef): Sql {
    const child = fetch.child;
    const shape = this.shape(child.typeName);
    const t = child.alias;
    const r = `r${t.slice(1)}`;
    switch (fetch.relation.kind) {
      case 'one': {
        const fk = ref(rowKeyOfRelation(fetch.relation.via));
        return sql`(select row_to_json(${r}) from (select ${this.columns(child)}${this.relations(child, this.tableRef(child))} from ${quoteIdent(shape.table)} ${t} where ${t}.id = ${fk}${this.inScope(child)}) ${r})`;
      }
      case 'targets': {
        const pivot = this.shape(fetch.ownerType).pivots.get(fetch.relation.via)!;
        const p = `${t}_p`;
        return sql`(select coalesce(json_agg(${r} order by ${r}."id"), '[]'::json) from (select ${this.columns(child)}${this.relations(child, this.tableRef(child))} from ${quoteIdent(pivot.table)} ${p} join ${quoteIdent(shape.table)} ${t} on ${t}.id = ${p}.${quoteIdent(pivot.targetColumn)} where ${p}.${quoteIdent(pivot.ownerColumn)} = ${ref('id')}${this.inScope(child)}) ${r})`;
      }
      default:
        return sql`(select coalesce(json_agg(${r} order by ${readOrder(fetch.page!, r)}), '[]'::json) from ${this.pageWithRelations(child, () => this.page(fetch, ref), r)})`;
    }
  }

  /** The rows of a connection's source related to the parent: `from ... where ...` without the page's own terms. */
  private source(fetch: RelationFetch, ref: ParentRef): string {
    const shape = this.shape(fetch.targetType);
    const t = fetch.child.alias;
    if (fetch.relation.kind === 'many') {
      return `from ${quoteIdent(shape.table)} ${t} where ${t}.${quoteIdent(shape.foreignKeys.get(fetch.relation.via)!)} = ${ref('id')}${this.inScope(fetch.child)}`;
    }
    // owners: rows of the target type whose many-to-many relation includes the parent
    const pivot = shape.pivots.get(fetch.relation.via)!;
    const p = `${t}_p`;
    return `from ${quoteIdent(pivot.table)} ${p} join ${quoteIdent(shape.table)} ${t} on ${t}.id = ${p}.${quoteIdent(pivot.ownerColumn)} where ${p}.${quoteIdent(pivot.targetColumn)} = ${ref('id')}${this.inScope(fetch.child)}`;
  }

  /** `select <columns> from <source> where <filter> and <after cursor> order by <order> limit <n + 1>`. */
  private page(fetch: RelationFetch, ref: ParentRef): Sql {
    const { keyset, filter, page } = fetch;
    return sql`select ${this.columns(fetch.child)}${keyset!.select} ${this.source(fetch, ref)}${andAlso(filter)}${andAlso(keyset!.condition)} order by ${keyset!.orderBy} limit ${bound(page!.limit + 1)}`;
  }

  /**
   * `(page) r`, or, when the rows have relations of their own, `(select p.*, <relations> from (page) p) r`: the
   * relations are evaluated for the page's rows only, after the limit.
   */
  private pageWithRelations(plan: SelectionPlan, pageSql: () => Sql, r: string): Sql {
    if (!plan.relations.length) return sql`(${pageSql()}) ${r}`;
    const p = `p${plan.alias.slice(1)}`;
    return sql`(select ${p}.*${this.relations(plan, (key) => `${p}.${quoteIdent(key)}`)} from (${pageSql()}) ${p}) ${r}`;
  }

  private count(fetch: RelationFetch, ref: ParentRef): Sql {
    return sql`(select count(*)::int ${this.source(fetch, ref)}${andAlso(fetch.filter)})`;
  }

  /** The plan's rows whose `column` is one of `keys` (an int[] or text[] literal, one parameter), with their relations. */
  static byKeys(catalog: Catalog, scope: Scope, plan: SelectionPlan, column: string, keys: { literal: string; type: 'int[]' | 'text[]' }, extraSelect = '', filter: FilterSql | null = null): Statement {
    const compiler = new SelectCompiler(catalog, scope);
    const t = plan.alias;
    const select = sql`select ${compiler.columns(plan)}${extraSelect}${compiler.relations(plan, compiler.tableRef(plan))}`;
    return sql`${select} from ${quoteIdent(compiler.shape(plan.typeName).table)} ${t} where true${compiler.inScope(plan)}${andAlso(filter)} and ${t}.${quoteIdent(column)} = any(${bound(keys.literal)}::${keys.type})`;
  }

  /** Every row of the plan's (small, reference) table in the order of a column. */
  static all(catalog: Catalog, scope: Scope, plan: SelectionPlan, orderColumn: string): Statement {
    const compiler = new SelectCompiler(catalog, scope);
    const t = plan.alias;
    const select = sql`select ${compiler.columns(plan)}${compiler.relations(plan, compiler.tableRef(plan))}`;
    return sql`${select} from ${quoteIdent(compiler.shape(plan.typeName).table)} ${t} where true${compiler.inScope(plan)} order by ${t}.${quoteIdent(orderColumn)}, ${t}.id`;
  }

  /** A root page of the plan's rows: the page statement, with the relations of its rows beside them. */
  static list(catalog: Catalog, scope: Scope, plan: SelectionPlan, page: PageRequest, filter: FilterSql | null, keyset: KeysetSql): Statement {
    const compiler = new SelectCompiler(catalog, scope);
    const t = plan.alias;
    const table = quoteIdent(compiler.shape(plan.typeName).table);
    const pageSql = () =>
      sql`select ${compiler.columns(plan)}${keyset.select} from ${table} ${t} where true${compiler.inScope(plan)}${andAlso(filter)}${andAlso(keyset.condition)} order by ${keyset.orderBy} limit ${bound(page.limit + 1)}`;
    if (!plan.relations.length) return pageSql();
    const p = `p${t.slice(1)}`;
    return sql`select ${p}.*${compiler.relations(plan, (key) => `${p}.${quoteIdent(key)}`)} from (${pageSql()}) ${p} order by ${readOrder(page, p)}`;
  }

  /** How many rows of the plan's table meet the filter. */
  static count(catalog: Catalog, scope: Scope, plan: SelectionPlan, filter: FilterSql | null): Statement {
    const compiler = new SelectCompiler(catalog, scope);
    return sql`select count(*)::int as count from ${quoteIdent(compiler.shape(plan.typeName).table)} ${plan.alias} where true${compiler.inScope(plan)}${andAlso(filter)}`;
  }
}

/** The order a page was read in, over the row keys of a page aliased `alias` (a relevance rank is selected by that name). */
function readOrder(page: PageRequest, alias: string): string {
  return page.order
    .map((term) => `${alias}.${quoteIdent(term.property)} ${term.descending !== page.backward ? 'desc' : 'asc'}`)
    .join(', ');
}
