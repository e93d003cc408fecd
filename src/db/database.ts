import type { HubConfig } from '../config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { usePreparedStatements } from '../sql/prepared';
import { migrate, openOrm, type Orm } from './orm';

export interface Database {
  orm: Orm;
  mode: 'server' | 'embedded';
  /** Where the data lives, for the startup log; never includes a password. */
  location: string;
  appliedMigrations: string[];
  close(): Promise<void>;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparseable URL';
  }
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL, then applies pending migrations (on the primary: a
 * replica receives them by replication).
 */
export async function openDatabase(
  config: Pick<HubConfig, 'databaseUrl' | 'dataDir' | 'poolMax'> & Partial<Pick<HubConfig, 'statementTimeoutMs' | 'replicaUrls' | 'preparedStatements'>>,
): Promise<Database> {
  const replicaUrls = config.replicaUrls ?? [];
  if (replicaUrls.length && !config.databaseUrl) throw new Error('read replicas need a DATABASE_URL: the embedded database has none');
  let embedded: EmbeddedPostgres | undefined;
  const url = config.databaseUrl ?? (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, maxConnections: config.poolMax + 2 })).url;
  let orm: Orm | undefined;
  try {
    orm = await openOrm(url, config.poolMax, config.statementTimeoutMs, replicaUrls);
    if (config.preparedStatements && !embedded) usePreparedStatements(orm);
    const appliedMigrations = await migrate(orm);
    const opened = orm;
    return {
      orm: opened,
      mode: embedded ? 'embedded' : 'server',
      location: embedded
        ? `embedded PostgreSQL (PGlite) with data in ${config.dataDir}`
        : `PostgreSQL at ${redactUrl(url)}${replicaUrls.length ? `, reading from replicas at ${replicaUrls.map(redactUrl).join(', ')}` : ''}`,
      appliedMigrations,
      async close() {
        await opened.close(true);
        await embedded?.stop();
      },
    };
  } catch (error) {
    await orm?.close(true).catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}
