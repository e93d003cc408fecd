import { ReferenceKind, type EntityMetadata } from '@mikro-orm/core';
import type { Orm } from '../db/orm';
import { quoteIdent } from './sql';

/** How the read path selects one entity as a plain row: its table and a select list whose aliases are the row's keys. */
export interface TableShape {
  name: string;
  table: string;
  /** `t."first_name" as "firstName", t."person_id" as "personId", ...` for a table aliased `t`. */
  selectList: string;
  /** Property name of a many-to-one relation -> its foreign-key column. */
  foreignKeys: Map<string, string>;
  /** Property name of a many-to-many relation -> pivot table and its two columns. */
  pivots: Map<string, { table: string; ownerColumn: string; targetColumn: string; target: string }>;
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

  get(entityName: string): TableShape {
    const shape = this.shapes.get(entityName);
    if (!shape) throw new Error(`no table for ${entityName}`);
    return shape;
  }
}

export function rowKeyOfRelation(property: string): string {
  return `${property}Id`;
}

function shapeOf(meta: EntityMetadata): TableShape {
  const columns: string[] = [];
  const foreignKeys = new Map<string, string>();
  const pivots: TableShape['pivots'] = new Map();
  for (const prop of meta.props) {
    if (prop.persist === false) continue;
    if (prop.kind === ReferenceKind.SCALAR) {
      columns.push(`t.${quoteIdent(prop.fieldNames[0])} as ${quoteIdent(prop.name)}`);
    } else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      foreignKeys.set(prop.name, prop.fieldNames[0]);
      columns.push(`t.${quoteIdent(prop.fieldNames[0])} as ${quoteIdent(rowKeyOfRelation(prop.name))}`);
    } else if (prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner) {
      pivots.set(prop.name, {
        table: prop.pivotTable,
        ownerColumn: prop.joinColumns[0],
        targetColumn: prop.inverseJoinColumns[0],
        target: prop.type,
      });
    }
  }
  return { name: meta.className, table: meta.tableName, selectList: columns.join(', '), foreignKeys, pivots };
}
