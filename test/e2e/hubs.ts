/**
 * Built hubs in child processes on one PostgreSQL database, as the tests over two processes start them: development
 * mode, no token verification keys but the development secret, no seed, the ready line logged at info.
 */
import type { ChildProcess } from 'node:child_process';
import { fromRoot } from '../../src/paths';
import { startChild } from '../bench/load';

export type HubProcess = { child: ChildProcess; url: URL };

/**
 * Starts `count` hubs on `databaseUrl` with `env` over the defaults, pushing each into `into` as it is ready, so that
 * the caller's afterAll stops those that started even when another failed.
 */
export async function startHubProcesses(into: HubProcess[], databaseUrl: string, env: NodeJS.ProcessEnv = {}, count = 2): Promise<void> {
  const settings: NodeJS.ProcessEnv = {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_ON_EMPTY: 'false',
    // the tests write reference rows of their own under the hub's ids
    REFERENCE_DATA: 'false',
    // the ready line is logged at info: at warn the hub prints nothing once it listens
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
    JWT_SECRET: '',
    JWT_JWKS_FILE: '',
    JWT_JWKS_URL: '',
    REDIS_URL: '',
    ...env,
  };
  const started = await Promise.allSettled(Array.from({ length: count }, () => startChild(fromRoot('dist/src/main.js'), settings, /ready at (http:\/\/\S+\/graphql)/)));
  for (const outcome of started) if (outcome.status === 'fulfilled') into.push(outcome.value);
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}
