import 'reflect-metadata';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { allEntities } from '../domain/entities';
import { fromRoot, runningCompiled } from '../paths';
import type { Orm } from '../sql/runner';

export type { Orm };

interface PooledClient {
  query(sql: string, callback: (error: Error | null) => void): void;
}

/**
 * Session settings made as each pooled connection opens. statement_timeout: PostgreSQL cancels a runaway statement
 * (SQLSTATE 57014); the embedded PGlite accepts the setting but never enforces it. jit off: the metrics statements
 * have high cost estimates, and compiling them took 2 s where running them takes milliseconds.
 */
function sessionSetup(statementTimeoutMs: number) {
  const settings = ['set jit = off', ...(statementTimeoutMs > 0 ? [`set statement_timeout = ${Math.trunc(statementTimeoutMs)}`] : [])];
  return (client: PooledClient, done: (error: Error | null, client: PooledClient) => void) =>
    client.query(settings.join('; '), (error) => done(error, client));
}

/**
 * @param statementTimeoutMs cancel statements running longer than this; 0 leaves the server's own setting.
 * @param replicaUrls read replicas of clientUrl: `em.getConnection('read')` picks one of them at random (the primary when
 * there are none). Each has a pool like the primary's, with the same session settings (MikroORM builds every pool from
 * the one `pool` option). Nothing reads from them unless it asks for the read connection (SqlRunner.rows does):
 * preferReadReplicas is off, so that MikroORM's own reads (the migrator's, any entity API) stay on the primary.
 */
export function ormOptions(clientUrl: string, poolMax: number, statementTimeoutMs = 0, replicaUrls: readonly string[] = []): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    replicas: replicaUrls.map((url, index) => ({ name: `replica-${index + 1}`, clientUrl: url })),
    preferReadReplicas: false,
    entities: [...allEntities],
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: poolMax, afterCreate: sessionSetup(statementTimeoutMs) },
    extensions: [Migrator],
    migrations: {
      path: fromRoot('dist/migrations'),
      pathTs: fromRoot('migrations'),
      glob: '!(*.d).{js,ts}',
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    // migrations are TypeScript under vitest and compiled JavaScript under node
    preferTs: !runningCompiled,
    // vitest transforms this import; MikroORM's own native import() cannot load TypeScript
    dynamicImportProvider: (id: string) => import(id),
    allowGlobalContext: false,
    debug: false,
  };
}

export async function openOrm(clientUrl: string, poolMax: number, statementTimeoutMs = 0, replicaUrls: readonly string[] = []): Promise<Orm> {
  return MikroORM.init<PostgreSqlDriver>(ormOptions(clientUrl, poolMax, statementTimeoutMs, replicaUrls));
}

/** The advisory lock key of migrating (any constant of the hub's own: "pwh-migr" in ASCII). */
const MIGRATION_LOCK = 0x7077_682d_6d69_6772n;

/**
 * Applies pending migrations; returns the names it applied. One process migrates at a time: each takes an advisory
 * lock on a connection of its own first, so that processes started together (a rolling upgrade, replicas of a
 * container) wait for the first, then find nothing pending, instead of applying the same migration twice. On a
 * PostgreSQL server the lock is a transaction's, held open meanwhile and released at its end, even through a pooler
 * in transaction mode (a session's lock would stay with the pooled server connection). The embedded PGlite serves
 * every connection from one session, where an open transaction would hold up the migrator's: there, a session's.
 */
export async function migrate(orm: Orm): Promise<string[]> {
  const client = new Client({ connectionString: orm.config.get('clientUrl') });
  await client.connect();
  try {
    const { rows } = await client.query<{ embedded: boolean }>(`select version() like '%PGlite%' as embedded`);
    const transaction = !rows[0].embedded;
    if (transaction) await client.query('begin');
    await client.query(`select ${transaction ? 'pg_advisory_xact_lock' : 'pg_advisory_lock'}($1)`, [MIGRATION_LOCK.toString()]);
    const applied = await orm.getMigrator().up();
    if (transaction) await client.query('commit');
    return applied.map((m) => m.name);
  } finally {
    // ending the session (or the transaction) releases the lock, whatever happened
    await client.end();
  }
}
