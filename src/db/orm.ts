import 'reflect-metadata';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { allEntities } from '../domain/entities';
import { fromRoot, runningCompiled } from '../paths';

export type Orm = MikroORM<PostgreSqlDriver>;

export function ormOptions(clientUrl: string, poolMax: number): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities: [...allEntities],
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: poolMax },
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

export async function openOrm(clientUrl: string, poolMax: number): Promise<Orm> {
  return MikroORM.init<PostgreSqlDriver>(ormOptions(clientUrl, poolMax));
}

/** Applies pending migrations; returns the names it applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
