import { badInput } from '../errors';
import { bound, sql, type Sql } from '../sql/fragments';

/**
 * Full-text search of a type: a tsvector document of its own row, and documents of rows it points at. Each document
 * must be the very expression of a GIN index (see the entity), so that a search reads the index, not the table.
 */
export interface SearchSpec {
  /** The row's document, for a row aliased `alias`. */
  document: (alias: string) => string;
  /** Documents of many-to-one related rows that also count as a match. */
  related: { via: string; table: string; document: (alias: string) => string }[];
  /** Text search configuration (language). */
  config: string;
}

const specs = new Map<Function, SearchSpec>();
const byName = new Map<string, SearchSpec>();

export function searchable(type: Function, spec: SearchSpec): void {
  specs.set(type, spec);
  byName.set(type.name, spec);
}

export function searchSpecOf(type: Function | string): SearchSpec | undefined {
  return typeof type === 'string' ? byName.get(type) : specs.get(type);
}

/** The name of the relevance order term and of the row key that carries it. */
export const RELEVANCE = 'relevance';

export function searchText(value: unknown, at: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw badInput(`${at} is empty: give words to search for`, { argument: at });
  if (text.length > 200) throw badInput(`${at} may be at most 200 characters; got ${text.length}`, { argument: at, limit: 200, value: text.length });
  return text;
}

/** web-search syntax: words, "quoted phrases", or, -excluded. */
export function tsQuery(spec: SearchSpec, text: string): Sql {
  return sql`websearch_to_tsquery('${spec.config}', ${bound(text)})`;
}

/** How well the row matches: ts_rank of its own document (related documents only decide whether it matches). */
export function rankSql(spec: SearchSpec, alias: string, text: string): Sql {
  return sql`ts_rank(${spec.document(alias)}, ${tsQuery(spec, text)})`;
}
