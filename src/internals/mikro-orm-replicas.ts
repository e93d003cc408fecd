/**
 * MikroORM's read-replica connections: its driver keeps them in a `replicas` array it neither types nor exports, and
 * picks one at random per `getConnection('read')`. The hub picks among those it knows to be up (src/sql/replicas.ts).
 * Tested in test/internals.test.ts.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';

/** The replica connections in DATABASE_REPLICA_URLS order; empty without replicas. */
export function replicaConnectionsOf(orm: MikroORM<PostgreSqlDriver>): PostgreSqlConnection[] {
  const replicas = (orm.em.getDriver() as unknown as { replicas?: PostgreSqlConnection[] }).replicas;
  if (!Array.isArray(replicas)) throw new Error('MikroORM keeps its read replicas elsewhere now: src/internals/mikro-orm-replicas.ts needs updating');
  return replicas;
}
