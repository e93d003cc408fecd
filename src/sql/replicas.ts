/**
 * The read replicas' health, known to every request of the process: a replica is read from while it answers, and
 * its lag is measured, by a probe every REPLICA_CHECK_MS; a read that cannot reach one marks it down at once and runs
 * on the primary instead (src/sql/runner.ts), so that a standby going down costs no request. A replica marked down is
 * read from again once a probe reaches it. Reported by /readyz and /metrics (hub_replica_up, hub_replica_lag_seconds).
 */
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { replicaConnectionsOf } from '../internals/mikro-orm-replicas';

type Orm = MikroORM<PostgreSqlDriver>;

export interface ReplicaState {
  /** replica-1, replica-2... in DATABASE_REPLICA_URLS order. */
  name: string;
  up: boolean;
  /** Seconds the replica's replay is behind what it has received (0 when caught up); null until first measured. */
  lagSeconds: number | null;
  checkedAt: string | null;
}

/** Replay lag: 0 when everything received is replayed, else the age of the last transaction replayed. */
const LAG_SQL = `select case when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
  else extract(epoch from now() - pg_last_xact_replay_timestamp()) end::float8 as lag`;

/** Errors that say the server cannot be reached or ended the session, rather than that a statement failed. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

export function isUnreachable(error: unknown): boolean {
  const { code, name, message } = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  if (name === 'KnexTimeoutError') return true;
  return typeof message === 'string' && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/.test(message);
}

export class ReplicaMonitor {
  private readonly replicas: { connection: PostgreSqlConnection; state: ReplicaState }[];
  private timer?: NodeJS.Timeout;
  private probing?: Promise<void>;

  constructor(orm: Orm, intervalMs: number) {
    this.replicas = replicaConnectionsOf(orm).map((connection, i) => ({ connection, state: { name: `replica-${i + 1}`, up: true, lagSeconds: null, checkedAt: null } }));
    if (this.replicas.length && intervalMs > 0) {
      this.timer = setInterval(() => void this.probe(), intervalMs);
      this.timer.unref();
      void this.probe();
    }
  }

  /** A replica believed up, at random, or undefined when none is (read on the primary). */
  pick(): PostgreSqlConnection | undefined {
    const up = this.replicas.filter((r) => r.state.up);
    return up.length ? up[Math.floor(Math.random() * up.length)].connection : undefined;
  }

  /** A read could not reach the replica: none is sent to it until a probe reaches it again. */
  markDown(connection: unknown): void {
    const replica = this.replicas.find((r) => r.connection === connection);
    if (replica) replica.state.up = false;
  }

  states(): ReplicaState[] {
    return this.replicas.map((r) => ({ ...r.state }));
  }

  /** Probes every replica once (one probe at a time). */
  probe(): Promise<void> {
    this.probing ??= Promise.all(
      this.replicas.map(async (replica) => {
        try {
          const [row] = await replica.connection.execute<{ lag: number }[]>(LAG_SQL);
          replica.state.up = true;
          replica.state.lagSeconds = Math.max(0, Number(row.lag));
        } catch {
          replica.state.up = false;
        }
        replica.state.checkedAt = new Date().toISOString();
      }),
    ).then(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const monitors = new WeakMap<Orm, ReplicaMonitor>();

/** Starts watching the ORM's replicas (every intervalMs; 0: never probed, a replica marked down stays down). */
export function watchReplicas(orm: Orm, intervalMs: number): ReplicaMonitor {
  const monitor = new ReplicaMonitor(orm, intervalMs);
  monitors.set(orm, monitor);
  return monitor;
}

export function replicaMonitorOf(orm: Orm): ReplicaMonitor | undefined {
  return monitors.get(orm);
}
