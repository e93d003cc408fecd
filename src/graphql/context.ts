import type { Viewer } from '../auth/viewer';
import type { Catalog } from './catalog';
import { Loaders } from './loaders';
import { SqlRunner, type Orm } from '../sql/runner';

/** What every resolver of one request shares. */
export interface HubContext {
  requestId: string;
  /** Who asks: from the verified bearer token, PUBLIC without one. */
  viewer: Viewer;
  sql: SqlRunner;
  loaders: Loaders;
  maxPageSize: number;
}

export interface ContextFactoryOptions {
  orm: Orm;
  catalog: Catalog;
  maxPageSize: number;
}

export function createContext(options: ContextFactoryOptions, requestId: string, viewer: Viewer, recordSql = false): HubContext {
  const sql = new SqlRunner(options.orm, recordSql ? [] : undefined);
  // every read of the request goes through the viewer's scope
  return { requestId, viewer, sql, loaders: new Loaders(sql, options.catalog, options.maxPageSize, viewer), maxPageSize: options.maxPageSize };
}
