import DataLoader from 'dataloader';
import type { Catalog } from './catalog';
import { rowKeyOfRelation } from './catalog';
import { toConnection, type Connection, type PageRequest } from './connection';
import { intArray, quoteIdent, type SqlRunner } from './sql';

/** A plain row as the read path returns it: scalar properties by name, many-to-one relations as `<name>Id`. */
export type Row = { id: number } & { [key: string]: unknown };

/**
 * The per-request loaders: one generic mechanism keyed by entity and relation, so that any relation of any
 * entity costs one statement per request level, never one per parent row.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<number, unknown>>();

  constructor(private readonly sql: SqlRunner, private readonly catalog: Catalog) {}

  private loader<V>(key: string, batch: (keys: readonly number[]) => Promise<V[]>): DataLoader<number, V> {
    let loader = this.loaders.get(key) as DataLoader<number, V> | undefined;
    if (!loader) {
      // keys arrive as one array parameter, so a batch never nears PostgreSQL's parameter limit
      loader = new DataLoader<number, V>(batch, { maxBatchSize: 5000 });
      this.loaders.set(key, loader as DataLoader<number, unknown>);
    }
    return loader;
  }

  /** The select list of an entity's plain row, its table aliased `t`. */
  selectList(entity: string): string {
    return this.catalog.get(entity).selectList;
  }

  /** The row of an entity by key, or null. */
  byId(entity: string, key: number | null | undefined): Promise<Row | null> {
    if (key == null) return Promise.resolve(null);
    const shape = this.catalog.get(entity);
    return this.loader<Row | null>(`id:${entity}`, async (keys) => {
      const rows = await this.sql.rows<Row>(`select ${shape.selectList} from ${quoteIdent(shape.table)} t where t.id = any(?::int[])`, [intArray(keys)]);
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return keys.map((k) => byKey.get(k) ?? null);
    }).load(key);
  }

  /** A page of the entity's rows whose many-to-one `relation` points at the parent, in key order. */
  children(entity: string, relation: string, parentKey: number, page: PageRequest): Promise<Connection<Row>> {
    const shape = this.catalog.get(entity);
    const fk = shape.foreignKeys.get(relation);
    if (!fk) throw new Error(`${entity}.${relation} is not a many-to-one relation`);
    const parentProp = rowKeyOfRelation(relation);
    return this.loader<Connection<Row>>(`children:${entity}.${relation}:${page.limit}:${page.afterKey}`, async (keys) => {
      const rows = page.limit === 0 ? [] : await this.sql.rows<Row>(
        `select * from (select ${shape.selectList}, row_number() over (partition by t.${quoteIdent(fk)} order by t.id) as "__rank"
           from ${quoteIdent(shape.table)} t where t.${quoteIdent(fk)} = any(?::int[])${page.afterKey === null ? '' : ' and t.id > ?'}) ranked
         where "__rank" <= ? order by "__rank"`,
        page.afterKey === null ? [intArray(keys), page.limit + 1] : [intArray(keys), page.afterKey, page.limit + 1],
      );
      const byParent = new Map<number, Row[]>();
      for (const row of rows) {
        const parent = row[parentProp] as number;
        const list = byParent.get(parent);
        if (list) list.push(row);
        else byParent.set(parent, [row]);
      }
      return keys.map((k) => toConnection(entity, byParent.get(k) ?? [], page.limit));
    }).load(parentKey);
  }

  /** The targets of a many-to-many relation of the owner, in key order. */
  related(owner: string, relation: string, ownerKey: number): Promise<Row[]> {
    const pivot = this.catalog.get(owner).pivots.get(relation);
    if (!pivot) throw new Error(`${owner}.${relation} is not a many-to-many relation`);
    const target = this.catalog.get(pivot.target);
    return this.loader<Row[]>(`related:${owner}.${relation}`, async (keys) => {
      const rows = await this.sql.rows<Row & { __owner: number }>(
        `select ${target.selectList}, p.${quoteIdent(pivot.ownerColumn)} as "__owner"
           from ${quoteIdent(pivot.table)} p join ${quoteIdent(target.table)} t on t.id = p.${quoteIdent(pivot.targetColumn)}
          where p.${quoteIdent(pivot.ownerColumn)} = any(?::int[]) order by t.id`,
        [intArray(keys)],
      );
      const byOwner = new Map<number, Row[]>();
      for (const row of rows) {
        const list = byOwner.get(row.__owner);
        if (list) list.push(row);
        else byOwner.set(row.__owner, [row]);
      }
      return keys.map((k) => byOwner.get(k) ?? []);
    }).load(ownerKey);
  }

  /** A root page of an entity's rows in key order. */
  async list(entity: string, page: PageRequest): Promise<Connection<Row>> {
    if (page.limit === 0) return toConnection(entity, [], 0);
    const shape = this.catalog.get(entity);
    const rows = await this.sql.rows<Row>(
      `select ${shape.selectList} from ${quoteIdent(shape.table)} t${page.afterKey === null ? '' : ' where t.id > ?'} order by t.id limit ?`,
      page.afterKey === null ? [page.limit + 1] : [page.afterKey, page.limit + 1],
    );
    return toConnection(entity, rows, page.limit);
  }
}
