/**
 * Fields whose value is computed in SQL from other rows when they are read, not stored: a training event's seats
 * left. Each is declared once, by its area, as SQL over its row, and the catalog (catalog.ts) reads it as it reads a
 * column, so that every read path (selects at any depth, node(), filters) computes it in the statement that reads
 * the row, never per row afterwards. A computed field is read as the database stands: the SQL must not disclose
 * what the viewer may not read (a count, never the rows it counts).
 */

export interface ComputedColumn {
  /** How the value compares and is bound: as a column of this kind would be. */
  kind: 'integer' | 'numeric' | 'boolean' | 'date' | 'text';
  /** The value for the row aliased `alias`. */
  sql(alias: string): string;
}

const computed = new Map<string, Map<string, ComputedColumn>>();

/** Declares the property of an entity (by class name) as computed by `column`; the property has a GraphQL field and no table column. */
export function declareComputed(typeName: string, property: string, column: ComputedColumn): void {
  const columns = computed.get(typeName) ?? new Map<string, ComputedColumn>();
  columns.set(property, column);
  computed.set(typeName, columns);
}

/** The computed properties of an entity, by class name. */
export function computedColumns(typeName: string): ReadonlyMap<string, ComputedColumn> {
  return computed.get(typeName) ?? new Map();
}
