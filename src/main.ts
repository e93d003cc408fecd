/** Starts the hub: configuration, then the database (migrated, seeded when empty), then the HTTP server. */
import { ConfigError, loadConfig } from './config';
import { openDatabase, type Database } from './db/database';
import { DataDirInUseError } from './db/embedded';
import { describeReferenceLoad, loadReferenceData } from './db/seed/load-reference';
import { hasData, seed } from './db/seed/seed';
import { createHubServer, type HubServer } from './http/server';

let db: Database | undefined;
let server: HubServer | undefined;
let starting = true;
let stopRequested: string | undefined;

/** Shutdown in order, once: stop HTTP (in-flight requests finish), then the pool and the embedded database. */
async function stop(signal: string): Promise<never> {
  const log = server?.app.log;
  log?.info(`${signal}: finishing in-flight requests, then closing`);
  try {
    await server?.close();
    await db?.close();
    if (log) log.info('stopped');
    else console.log('stopped');
    process.exit(0);
  } catch (error) {
    console.error('shutdown failed', error);
    process.exit(1);
  }
}

function onSignal(signal: string) {
  if (stopRequested) return;
  stopRequested = signal;
  // a signal during start-up (a first seed can take a while) is honoured once the current step ends,
  // so that the embedded database is never left in the middle of a write
  if (starting) console.log(`${signal}: stopping once start-up reaches a safe point`);
  else void stop(signal);
}

async function main() {
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  const config = loadConfig();
  db = await openDatabase(config);
  server = await createHubServer(config, db.orm);
  const log = server.app.log;
  log.info(`database: ${db.location}`);
  if (db.appliedMigrations.length) log.info(`applied migrations: ${db.appliedMigrations.join(', ')}`);
  if (stopRequested) return stop(stopRequested);

  const url = db.orm.config.get('clientUrl')!;
  if (config.referenceData) log.info(`reference data: ${describeReferenceLoad(await loadReferenceData(url))}`);
  if (stopRequested) return stop(stopRequested);
  if (config.seedOnEmpty && !(await hasData(url))) {
    log.info(`the database is empty: seeding sample data at scale ${config.seedScale}`);
    const summary = await seed(url, { scale: config.seedScale, log: (line) => log.info(line) });
    log.info(`seeded ${Object.values(summary.rows).reduce((a, b) => a + b, 0)} rows in ${summary.millis} ms`);
  }
  if (stopRequested) return stop(stopRequested);

  await server.app.listen({ port: config.port, host: config.host });
  starting = false;
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(`Peer Workforce Hub ready at http://${config.host}:${port}/graphql (${db.mode} database)`);
  if (stopRequested) return stop(stopRequested);
}

main().catch(async (error) => {
  if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
  else if (error instanceof DataDirInUseError) console.error(error.message);
  else console.error(error);
  // release what start-up had opened: the embedded database must not be left open mid-write
  await server?.close().catch(() => undefined);
  await db?.close().catch(() => undefined);
  process.exit(1);
});
