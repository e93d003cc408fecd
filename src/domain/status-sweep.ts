import type { HubConfig } from '../config';
import type { Orm } from '../sql/runner';
import { sweepCertificationStatuses } from './credentials/lifecycle';
import { todayUtc } from '../graphql/scalars';
import { dataChanged } from '../cache/data-version';
import { pruneEvents } from './events/retention';

/**
 * Stores the statuses dates bring on certifications and job postings, with an audit record each: one sweep as the hub
 * starts, then every STATUS_SWEEP_HOURS. No read depends on it (every read computes the status from the dates,
 * src/graphql/dated.ts); it keeps the audit trail and the stored column current for SQL readers of the tables. Each sweep is one transaction; with several hub
 * processes, whichever takes the advisory lock sweeps. A failed sweep is logged and tried again at the next turn.
 * Each turn also drops the events and settled webhook deliveries older than EVENT_RETENTION_DAYS.
 */
export async function startStatusSweeps(orm: Orm, config: Pick<HubConfig, 'statusSweepHours' | 'eventRetentionDays'>, log: (message: string) => void): Promise<{ stop(): void }> {
  if (config.statusSweepHours === 0) return { stop: () => undefined };
  // on the primary: a sweep writes
  const connection = orm.em.getConnection('write');
  const sweep = async () => {
    const today = todayUtc();
    const changed = await connection.transactional((trx) =>
      sweepCertificationStatuses((sql) => connection.execute(sql, [], 'all', trx), today),
    );
    await connection.transactional((trx) => pruneEvents((sql) => connection.execute(sql, [], 'all', trx), config.eventRetentionDays));
    if (changed) {
      // committed: cached answers are out of date (src/cache/data-version.ts)
      await dataChanged();
      log(`status sweep of ${today}: ${changed} certification and job posting statuses brought up to date`);
    }
  };
  // a database not migrated yet (/readyz says so) or down: the hub starts all the same, and sweeps at the next turn
  await sweep().catch((error: Error) => log(`status sweep failed: ${error.message}`));
  const timer = setInterval(() => sweep().catch((error: Error) => log(`status sweep failed: ${error.message}`)), config.statusSweepHours * 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
