import DataLoader from 'dataloader';
import type { Catalog, TableShape } from './catalog';
import { rowKeyOfRelation } from './catalog';
import { lazyConnection, type Connection, type PageRequest } from './connection';
import { FilterTranslator, type FilterSql } from './filter-sql';
import { keysetSql, type KeysetSql } from './keyset';
import { registeredTypes } from './relations';
import { intArray, quoteIdent, textArray, type SqlRunner } from './sql';

/** A plain row as the read path returns it: scalar properties by name, many-to-one relations as `<name>Id`. */
export type Row = { id: number } & { [key: string]: unknown };

/** Loaders are shared by requests for the same page of the same relation. */
function pageKey(page: PageRequest): string {
  return `${page.signature}|${page.backward ? 'last' : 'first'}:${page.limit}|${JSON.stringify(page.cursor)}|${JSON.stringify(page.filter)}`;
}

let typesByName: Map<string, Function> | undefined;

/** ` and <condition>` for SQL that already has a where clause, or nothing. */
function andAlso(condition: string | null | undefined): string {
  return condition ? ` and ${condition}` : '';
}

function groupBy<K>(rows: Row[], keyOf: (row: Row) => K): Map<K, Row[]> {
  const groups = new Map<K, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * The per-request loaders: one generic mechanism keyed by entity and relation, so that any relation of any
 * entity costs one statement per request level, never one per parent row.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  /** A page's order and filter as SQL, made once per request and page, not once per parent row. */
  private readonly compiledPages = new Map<string, { keyset: KeysetSql; filter: FilterSql | null }>();

  constructor(private readonly sql: SqlRunner, private readonly catalog: Catalog) {}

  private loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      // keys travel as one array parameter, so a batch never nears PostgreSQL's parameter limit
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 5000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  private shape(entity: string): TableShape {
    return this.catalog.get(entity);
  }

  /** The page's filter as SQL on the row aliased `t`. */
  private filter(page: PageRequest): FilterSql | null {
    typesByName ??= new Map(registeredTypes().map((type) => [type.name, type]));
    return FilterTranslator.compile(this.catalog, typesByName, page.typeName, page.filter);
  }

  private compile(key: string, shape: TableShape, page: PageRequest): { keyset: KeysetSql; filter: FilterSql | null } {
    let compiled = this.compiledPages.get(key);
    if (!compiled) {
      compiled = { keyset: keysetSql(shape, page), filter: this.filter(page) };
      this.compiledPages.set(key, compiled);
    }
    return compiled;
  }

  /** The row of an entity by key, or null. */
  byId(entity: string, key: number | null | undefined): Promise<Row | null> {
    if (key == null) return Promise.resolve(null);
    const shape = this.shape(entity);
    return this.loader<number, Row | null>(`id:${entity}`, async (keys) => {
      const rows = await this.sql.rows<Row>(`select ${shape.selectList} from ${quoteIdent(shape.table)} t where t.id = any(?::int[])`, [intArray(keys)]);
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return keys.map((k) => byKey.get(k) ?? null);
    }).load(key);
  }

  /** The row of an entity whose unique text column holds the value, or null. */
  byUnique(entity: string, column: string, value: string): Promise<Row | null> {
    const shape = this.shape(entity);
    return this.loader<string, Row | null>(`unique:${entity}.${column}`, async (values) => {
      const rows = await this.sql.rows<Row & { __key: string }>(
        `select ${shape.selectList}, t.${quoteIdent(column)} as "__key" from ${quoteIdent(shape.table)} t where t.${quoteIdent(column)} = any(?::text[])`,
        [textArray(values)],
      );
      const byValue = new Map(rows.map((row) => [row.__key, row]));
      return values.map((v) => byValue.get(v) ?? null);
    }).load(value);
  }

  /** Every row of a small reference table, ordered by one of its columns. */
  all(entity: string, orderColumn: string): Promise<Row[]> {
    const shape = this.shape(entity);
    return this.sql.rows<Row>(`select ${shape.selectList} from ${quoteIdent(shape.table)} t order by t.${quoteIdent(orderColumn)}, t.id`);
  }

  /**
   * A page of the entity's rows whose many-to-one `relation` points at each parent: one statement for all parents,
   * each parent's rows read in the requested order and cut at the page size (a lateral subquery per parent key).
   */
  children(entity: string, relation: string, parentKey: number, page: PageRequest): Promise<Connection<Row>> {
    const shape = this.shape(entity);
    const fk = shape.foreignKeys.get(relation);
    if (!fk) throw new Error(`${entity}.${relation} is not a many-to-one relation`);
    const parentProp = rowKeyOfRelation(relation);
    const loaderKey = `children:${entity}.${relation}:${pageKey(page)}`;
    const { keyset, filter } = this.compile(loaderKey, shape, page);
    const count = (key: number) => () => this.childCount(entity, relation, key, page, filter);
    const loader = this.loader<number, Row[]>(loaderKey, async (keys) => {
      const rows = await this.sql.rows<Row>(
        `select page.* from unnest(?::int[]) as parent(key) cross join lateral (
           select ${shape.selectList}${keyset.select} from ${quoteIdent(shape.table)} t
            where t.${quoteIdent(fk)} = parent.key${andAlso(filter?.sql)}${andAlso(keyset.condition)}
            order by ${keyset.orderBy} limit ?) page`,
        [intArray(keys), ...keyset.selectBindings, ...(filter?.bindings ?? []), ...keyset.bindings, ...keyset.orderBindings, page.limit + 1],
      );
      const byParent = groupBy(rows, (row) => row[parentProp] as number);
      return keys.map((k) => byParent.get(k) ?? []);
    });
    return Promise.resolve(lazyConnection(page, () => loader.load(parentKey), count(parentKey)));
  }

  /** How many rows point at the parent through `relation`: one grouped statement for all parents. */
  private childCount(entity: string, relation: string, parentKey: number, page: PageRequest, filter: FilterSql | null): Promise<number> {
    const shape = this.shape(entity);
    const fk = quoteIdent(shape.foreignKeys.get(relation)!);
    return this.loader<number, number>(`count:${entity}.${relation}:${JSON.stringify(page.filter)}`, async (keys) => {
      const rows = await this.sql.rows<{ key: number; count: number }>(
        `select t.${fk} as key, count(*)::int as count from ${quoteIdent(shape.table)} t where t.${fk} = any(?::int[])${andAlso(filter?.sql)} group by t.${fk}`,
        [intArray(keys), ...(filter?.bindings ?? [])],
      );
      const byKey = new Map(rows.map((r) => [r.key, r.count]));
      return keys.map((k) => byKey.get(k) ?? 0);
    }).load(parentKey);
  }

  /** The targets of an owner's many-to-many relation, in key order (a short list, such as accepted credentials). */
  related(owner: string, relation: string, ownerKey: number): Promise<Row[]> {
    const pivot = this.pivot(owner, relation);
    const target = this.shape(pivot.target);
    return this.loader<number, Row[]>(`related:${owner}.${relation}`, async (keys) => {
      const rows = await this.sql.rows<Row>(
        `select ${target.selectList}, p.${quoteIdent(pivot.ownerColumn)} as "__from"
           from ${quoteIdent(pivot.table)} p join ${quoteIdent(target.table)} t on t.id = p.${quoteIdent(pivot.targetColumn)}
          where p.${quoteIdent(pivot.ownerColumn)} = any(?::int[]) order by t.id`,
        [intArray(keys)],
      );
      const byOwner = groupBy(rows, (row) => row.__from as number);
      return keys.map((k) => byOwner.get(k) ?? []);
    }).load(ownerKey);
  }

  /** The owners whose many-to-many relation includes the target, a page per target (the postings that accept a credential). */
  relatedOwners(owner: string, relation: string, targetKey: number, page: PageRequest): Promise<Connection<Row>> {
    const pivot = this.pivot(owner, relation);
    const shape = this.shape(owner);
    const loaderKey = `owners:${owner}.${relation}:${pageKey(page)}`;
    const { keyset, filter } = this.compile(loaderKey, shape, page);
    const count = (key: number) => () =>
      this.loader<number, number>(`owners-count:${owner}.${relation}:${JSON.stringify(page.filter)}`, async (keys) => {
        const rows = await this.sql.rows<{ key: number; count: number }>(
          `select p.${quoteIdent(pivot.targetColumn)} as key, count(*)::int as count
             from ${quoteIdent(pivot.table)} p join ${quoteIdent(shape.table)} t on t.id = p.${quoteIdent(pivot.ownerColumn)}
            where p.${quoteIdent(pivot.targetColumn)} = any(?::int[])${andAlso(filter?.sql)} group by p.${quoteIdent(pivot.targetColumn)}`,
          [intArray(keys), ...(filter?.bindings ?? [])],
        );
        const byKey = new Map(rows.map((r) => [r.key, r.count]));
        return keys.map((k) => byKey.get(k) ?? 0);
      }).load(key);
    const loader = this.loader<number, Row[]>(loaderKey, async (keys) => {
      const rows = await this.sql.rows<Row>(
        `select page.* from unnest(?::int[]) as target(key) cross join lateral (
           select ${shape.selectList}${keyset.select}, target.key as "__to" from ${quoteIdent(pivot.table)} p join ${quoteIdent(shape.table)} t on t.id = p.${quoteIdent(pivot.ownerColumn)}
            where p.${quoteIdent(pivot.targetColumn)} = target.key${andAlso(filter?.sql)}${andAlso(keyset.condition)}
            order by ${keyset.orderBy} limit ?) page`,
        [intArray(keys), ...keyset.selectBindings, ...(filter?.bindings ?? []), ...keyset.bindings, ...keyset.orderBindings, page.limit + 1],
      );
      const byTarget = groupBy(rows, (row) => row.__to as number);
      return keys.map((k) => byTarget.get(k) ?? []);
    });
    return Promise.resolve(lazyConnection(page, () => loader.load(targetKey), count(targetKey)));
  }

  private pivot(owner: string, relation: string) {
    const pivot = this.shape(owner).pivots.get(relation);
    if (!pivot) throw new Error(`${owner}.${relation} is not a many-to-many relation`);
    return pivot;
  }

  /** A root page of an entity's rows in the requested order. */
  async list(entity: string, page: PageRequest): Promise<Connection<Row>> {
    const shape = this.shape(entity);
    const keyset = keysetSql(shape, page);
    const filter = this.filter(page);
    return lazyConnection(
      page,
      () =>
        this.sql.rows<Row>(
          `select ${shape.selectList}${keyset.select} from ${quoteIdent(shape.table)} t where true${andAlso(filter?.sql)}${andAlso(keyset.condition)} order by ${keyset.orderBy} limit ?`,
          [...keyset.selectBindings, ...(filter?.bindings ?? []), ...keyset.bindings, ...keyset.orderBindings, page.limit + 1],
        ),
      async () => {
        const [{ count }] = await this.sql.rows<{ count: number }>(
          `select count(*)::int as count from ${quoteIdent(shape.table)} t where true${andAlso(filter?.sql)}`,
          filter?.bindings ?? [],
        );
        return count;
      },
    );
  }
}
