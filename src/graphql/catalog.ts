import { ReferenceKind, type EntityMetadata } from '@mikro-orm/core';
import { computedColumns, type ComputedColumn } from './computed';
import { datedColumn, derivedColumns, todayLiteral, type DatedColumn } from './dated';
import { quoteIdent, type Orm } from '../sql/runner';

export type ColumnKind = 'integer' | 'numeric' | 'date' | 'timestamp' | 'boolean' | 'text' | 'other';

export interface ColumnShape {
  column: string;
  kind: ColumnKind;
  nullable: boolean;
  /** Set for a column read through a dated rule (src/graphql/dated.ts): its value as read follows from today. */
  dated?: DatedColumn;
  /** Set for a field computed in SQL when read (src/graphql/computed.ts): no column of the table, never written. */
  computed?: ComputedColumn;
}

/** How the read path selects one entity as a plain row: its table, and the columns behind the row's keys. */
export interface TableShape {
  name: string;
  table: string;
  /** Every row key (scalar property or `<relation>Id`) -> its column, in table order. */
  rowColumns: Map<string, string>;
  /** Scalar property name -> its column; computed fields too (not in rowColumns: nothing writes them). */
  columns: Map<string, ColumnShape>;
  /** Property name of a many-to-one relation -> its foreign-key column. */
  foreignKeys: Map<string, string>;
  /** Property name of a many-to-one relation -> the entity it points at. */
  references: Map<string, string>;
  /** The many-to-one relations whose foreign key may be null. */
  optionalRelations: Set<string>;
  /** Property name of a many-to-many relation -> pivot table and its two columns. */
  pivots: Map<string, { table: string; ownerColumn: string; targetColumn: string; target: string }>;
  /**
   * The SQL of a row key as read on the row aliased `alias`: the column, or, for a dated column, its value today.
   * Every read path (selects, filters, orderings, cursors) reads a row key through this.
   */
  read(key: string, alias: string): string;
}

/**
 * Built once from MikroORM's metadata, so that every loader and paginator reads any entity the same way:
 * a scalar property keeps its name, a many-to-one relation appears as `<name>Id`.
 */
export class Catalog {
  private readonly shapes = new Map<string, TableShape>();

  constructor(orm: Orm) {
    for (const meta of Object.values(orm.getMetadata().getAll())) {
      if (!meta.abstract && !meta.pivotTable && meta.tableName) this.shapes.set(meta.className, shapeOf(meta));
    }
  }

  has(entityName: string): boolean {
    return this.shapes.has(entityName);
  }

  get(entityName: string): TableShape {
    const shape = this.shapes.get(entityName);
    if (!shape) throw new Error(`no table for ${entityName}`);
    return shape;
  }
}

export function rowKeyOfRelation(property: string): string {
  return `${property}Id`;
}

function kindOf(columnType: string): ColumnKind {
  const type = columnType.toLowerCase();
  if (type.endsWith('[]') || type.startsWith('json')) return 'other';
  if (/^(int|integer|smallint|bigint|serial|int[248])\b/.test(type)) return 'integer';
  if (/^(numeric|decimal)/.test(type)) return 'numeric';
  if (type === 'date') return 'date';
  if (type.startsWith('timestamp')) return 'timestamp';
  if (type.startsWith('bool')) return 'boolean';
  if (/^(varchar|text|character|char)/.test(type)) return 'text';
  return 'other';
}

function shapeOf(meta: EntityMetadata): TableShape {
  const rowColumns = new Map<string, string>();
  const columns = new Map<string, ColumnShape>();
  const foreignKeys = new Map<string, string>();
  const references = new Map<string, string>();
  const optionalRelations = new Set<string>();
  const pivots: TableShape['pivots'] = new Map();
  for (const prop of meta.props) {
    if (prop.persist === false) continue;
    if (prop.kind === ReferenceKind.SCALAR) {
      rowColumns.set(prop.name, prop.fieldNames[0]);
      columns.set(prop.name, { column: prop.fieldNames[0], kind: kindOf(prop.columnTypes?.[0] ?? String(prop.type)), nullable: !!prop.nullable });
    } else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      foreignKeys.set(prop.name, prop.fieldNames[0]);
      references.set(prop.name, prop.type);
      if (prop.nullable) optionalRelations.add(prop.name);
      rowColumns.set(rowKeyOfRelation(prop.name), prop.fieldNames[0]);
    } else if (prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner) {
      pivots.set(prop.name, {
        table: prop.pivotTable,
        ownerColumn: prop.joinColumns[0],
        targetColumn: prop.inverseJoinColumns[0],
        target: prop.type,
      });
    }
  }
  for (const [property, column] of columns) {
    const dated = datedColumn(meta.className, property);
    if (dated) column.dated = dated;
  }
  for (const [property, computed] of computedColumns(meta.className)) {
    if (columns.has(property) || rowColumns.has(property)) throw new Error(`${meta.className}.${property} is a column: it cannot be computed too`);
    columns.set(property, { column: property, kind: computed.kind, nullable: false, computed });
  }
  // values derived from other rows as of today: read, selected and filtered like columns, never stored (no row column)
  for (const [property, dated] of derivedColumns(meta.className)) {
    if (!columns.has(property)) columns.set(property, { column: property, kind: dated.derived!, nullable: true, dated });
  }
  const read = (key: string, alias: string): string => {
    const shape = columns.get(key);
    if (shape?.dated) return shape.dated.sql(alias, todayLiteral());
    if (shape?.computed) return `(${shape.computed.sql(alias)})`;
    const column = rowColumns.get(key);
    if (!column) throw new Error(`${meta.className}.${key} is not a column`);
    return `${alias}.${quoteIdent(column)}`;
  };
  return { name: meta.className, table: meta.tableName, rowColumns, columns, foreignKeys, references, optionalRelations, pivots, read };
}
