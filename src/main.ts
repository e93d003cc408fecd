/** Starts the hub: configuration, then the database (migrated, seeded when empty), then the HTTP server. */
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { hasData, seed } from './db/seed/seed';
import { createHubServer } from './http/server';

async function main() {
  const config = loadConfig();
  const db = await openDatabase(config);
  const server = await createHubServer(config, db.orm);
  const log = server.app.log;
  log.info(`database: ${db.location}`);
  if (db.appliedMigrations.length) log.info(`applied migrations: ${db.appliedMigrations.join(', ')}`);

  const url = db.orm.config.get('clientUrl')!;
  if (config.seedOnEmpty && !(await hasData(url))) {
    log.info(`the database is empty: seeding sample data at scale ${config.seedScale}`);
    const summary = await seed(url, { scale: config.seedScale, log: (line) => log.info(line) });
    log.info(`seeded ${Object.values(summary.rows).reduce((a, b) => a + b, 0)} rows in ${summary.millis} ms`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing in-flight requests, then closing`);
    try {
      await server.close();
      await db.close();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error(error, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await server.app.listen({ port: config.port, host: config.host });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(`Peer Workforce Hub ready at http://${config.host}:${port}/graphql (${db.mode} database)`);
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
