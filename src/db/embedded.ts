import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** Connection URL of the loopback socket server. */
  url: string;
  /** Folder holding the data, or null when in memory. */
  dataDir: string | null;
  stop(): Promise<void>;
}

/**
 * Embedded PostgreSQL (PGlite) behind its wire-protocol socket server on loopback, so that the ORM and pg
 * connect to it exactly as to a real server. The socket server runs one query at a time; the pool stays small.
 */
export async function startEmbeddedPostgres(options: { dataDir: string | null; maxConnections?: number; loadDataDir?: Blob }): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
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
      await server.stop();
      await db.close();
    },
  };
}
