/**
 * A PostgreSQL 15 primary and a hot standby of it streaming from it, started for a test on ports and in folders of
 * their own with this machine's PostgreSQL binaries, as the postgres user (initdb refuses root), then stopped and
 * removed. The machine's own server on 5432 is neither used nor touched.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface Cluster {
  primaryUrl: string;
  standbyUrl: string;
  /** Stops the standby at once (a crash, as far as clients can tell). */
  stopStandby(): void;
  stop(): void;
}

/** The newest PostgreSQL binaries of the machine (Debian keeps them under /usr/lib/postgresql/<version>/bin). */
function binaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql: install postgresql');
  return join(root, versions[0], 'bin');
}

function idOf(flag: '-u' | '-g', user: string): number {
  return Number(execFileSync('id', [flag, user]).toString().trim());
}

export function startCluster(primaryPort: number, standbyPort: number): Cluster {
  const bin = binaries();
  const folder = mkdtempSync(join(tmpdir(), 'hub-standby-'));
  chmodSync(folder, 0o755);
  chownSync(folder, idOf('-u', 'postgres'), idOf('-g', 'postgres'));
  const primary = join(folder, 'primary');
  const standby = join(folder, 'standby');
  const asPostgres = (tool: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' });
  const ctl = (dir: string, port: number, action: string, extra: string[] = []) =>
    asPostgres('pg_ctl', ['-D', dir, '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1`, '-l', `${dir}.log`, '-w', action, ...extra]);
  let started: string[] = [];
  const stop = () => {
    for (const dir of [...started].reverse()) {
      try {
        asPostgres('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // stopped already
      }
    }
    started = [];
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    asPostgres('initdb', ['-D', primary, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    ctl(primary, primaryPort, 'start');
    started.push(primary);
    asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standby, '-R', '-X', 'stream', '--no-sync']);
    ctl(standby, standbyPort, 'start');
    started.push(standby);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    primaryUrl: `postgresql://postgres@127.0.0.1:${primaryPort}/postgres`,
    standbyUrl: `postgresql://postgres@127.0.0.1:${standbyPort}/postgres`,
    stopStandby() {
      asPostgres('pg_ctl', ['-D', standby, '-m', 'immediate', '-w', 'stop']);
      started = started.filter((dir) => dir !== standby);
    },
    stop,
  };
}

/** Waits until the standby has replayed everything the primary has written so far. */
export async function caughtUp(cluster: Cluster): Promise<void> {
  const primary = new Client({ connectionString: cluster.primaryUrl });
  const standby = new Client({ connectionString: cluster.standbyUrl });
  await primary.connect();
  await standby.connect();
  try {
    const [{ lsn }] = (await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const [{ done }] = (await standby.query<{ done: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [lsn])).rows;
      if (done) return;
    }
    throw new Error('the standby did not catch up within 30 s');
  } finally {
    await primary.end();
    await standby.end();
  }
}
