import type { FastifyBaseLogger } from 'fastify';
import { ListenFeed, PollFeed, type EventFeed } from '../../cache/hub-events';
import type { HubConfig } from '../../config';
import type { Orm } from '../../db/orm';

/**
 * How this process hears of changes (src/cache/hub-events.ts): LISTEN where it can reach the primary directly, else
 * reading hub_event every LIVE_POLL_MS (a pooler in transaction mode without LIVE_DATABASE_URL), or after each of its
 * own writes (the embedded database, which this process alone writes).
 */
export async function startEventFeed(orm: Orm, config: HubConfig, log: FastifyBaseLogger): Promise<EventFeed> {
  if (config.databaseUrl && config.live.listenUrl) return ListenFeed.start(config.live.listenUrl, { log });
  const connection = orm.em.getConnection('write');
  const rows = <T>(sql: string, bindings: unknown[]) => connection.execute(sql, bindings, 'all') as Promise<T[]>;
  if (config.databaseUrl) {
    log.warn(`live updates: DATABASE_URL goes through a pooler in transaction mode, where LISTEN does not hold, and LIVE_DATABASE_URL is unset: hub_event is read every ${config.live.pollMs} ms instead`);
    return PollFeed.start(rows, config.live.pollMs, log);
  }
  return PollFeed.start(rows, null, log);
}
