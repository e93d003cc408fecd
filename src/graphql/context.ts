import type { Orm } from '../db/orm';
import type { Catalog } from './catalog';
import { Loaders } from './loaders';
import { SqlRunner } from './sql';

/** What every resolver of one request shares. */
export interface HubContext {
  requestId: string;
  sql: SqlRunner;
  loaders: Loaders;
  maxPageSize: number;
}

export interface ContextFactoryOptions {
  orm: Orm;
  catalog: Catalog;
  maxPageSize: number;
}

export function createContext(options: ContextFactoryOptions, requestId: string, recordSql = false): HubContext {
  const sql = new SqlRunner(options.orm, recordSql ? [] : undefined);
  return { requestId, sql, loaders: new Loaders(sql, options.catalog, options.maxPageSize), maxPageSize: options.maxPageSize };
}
