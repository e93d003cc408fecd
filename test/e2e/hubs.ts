/**
 * Built hubs in child processes on one PostgreSQL database, as the tests over two processes start them: development
 * mode, no token verification keys but the development secret, no seed, the ready line logged at info.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fromRoot } from '../../src/paths';
import { Client } from 'pg';
import { migrate, openOrm } from '../../src/db/orm';
import { poolerEnv, startTestDatabase, type TestDatabase } from '../kit';
import { ensureBuilt } from './build';
import { onLines } from '../lines';

export type HubProcess = { child: ChildProcess; url: URL };

/**
 * Starts `count` hubs on `databaseUrl` with `env` over the defaults, pushing each into `into` as it is ready, so that
 * the caller's afterAll stops those that started even when another failed.
 */
export async function startHubProcesses(into: HubProcess[], databaseUrl: string, env: NodeJS.ProcessEnv = {}, count = 2): Promise<void> {
  // the tests write reference rows of their own under the hub's ids
  const settings: NodeJS.ProcessEnv = { DATABASE_URL: databaseUrl, REFERENCE_DATA: 'false', ...env };
  const started = await Promise.allSettled(Array.from({ length: count }, () => startLoggedHub(settings)));
  for (const outcome of started) if (outcome.status === 'fulfilled') into.push(outcome.value);
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Starts one built hub with `env` over the defaults above, keeping every line it logs (JSON, one per line) from the
 * first, start-up included; the caller stops `child`.
 */
export function startLoggedHub(env: NodeJS.ProcessEnv): Promise<HubProcess & { lines: string[] }> {
  const settings: NodeJS.ProcessEnv = {
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_ON_EMPTY: 'false',
    // the ready line is logged at info: at warn the hub prints nothing once it listens
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
    JWT_SECRET: '',
    JWT_JWKS_FILE: '',
    JWT_JWKS_URL: '',
    REDIS_URL: '',
    ...poolerEnv(),
    ...env,
  };
  const child = spawn(process.execPath, [fromRoot('dist/src/main.js')], { env: { ...process.env, ...settings }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not report ready within 300 s: ${lines.join('\n')}`)), 300_000);
    timer.unref();
    onLines(child.stdout!, (line) => {
      lines.push(line);
      const ready = /ready at (http:\/\/\S+\/graphql)/.exec(line);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, url: new URL(ready[1]), lines });
      }
    });
    child.on('exit', (code) => reject(new Error(`the hub exited with ${code}: ${lines.join('\n')}`)));
  });
}

/**
 * For tests of hub processes: the build they start from, a fresh migrated test database, and a connection of the
 * test's own to it (to write the rows the hubs find, and to read what they wrote).
 */
export async function startMigratedDatabase(): Promise<{ db: TestDatabase; sql: Client }> {
  ensureBuilt();
  const db = await startTestDatabase();
  const orm = await openOrm(db.url, 2);
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  return { db, sql };
}
