import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** Connection URL of the loopback socket server. */
  url: string;
  /** Folder holding the data, or null when in memory. */
  dataDir: string | null;
  stop(): Promise<void>;
}

export class DataDirInUseError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is a single-process database: two processes on one folder would corrupt it. A lock file holding the owner's
 * pid keeps a second hub (or `npm run seed`) out; a lock left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'hub.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new DataDirInUseError(`the embedded database in ${dataDir} is in use by process ${owner}: stop that process first, or set DATABASE_URL`);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirInUseError(`could not lock the embedded database in ${dataDir}`);
}

/**
 * Embedded PostgreSQL (PGlite) behind its wire-protocol socket server on loopback, so that the ORM and pg
 * connect to it exactly as to a real server. The socket server runs one query at a time; the pool stays small.
 */
export async function startEmbeddedPostgres(options: { dataDir: string | null; maxConnections?: number; loadDataDir?: Blob }): Promise<EmbeddedPostgres> {
  let unlock = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  try {
    const db = options.dataDir
      ? await PGlite.create(options.dataDir, { loadDataDir: options.loadDataDir })
      : await PGlite.create({ loadDataDir: options.loadDataDir });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections ?? 8 });
    await server.start();
    const [host, port] = server.getServerConn().split(':');
    return {
      url: `postgresql://postgres@${host}:${port}/postgres`,
      dataDir: options.dataDir,
      async stop() {
        try {
          await server.stop();
          await db.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
