/**
 * What every hub process hears of the changes: the hub events the triggers write (migrations/Migration20261206000000.ts)
 * and which tables a transaction wrote, each once the transaction commits, whichever process or command made it.
 *
 * On PostgreSQL the feed LISTENs on `hub_event` and `hub_data_changed` over a connection of its own: notifications
 * are transactional (sent at commit, in commit order, never for a rollback), reach every process, and need no other
 * server; Redis pub/sub would need every writer (a sweep, `npm run import`, an operator's SQL) to publish after its
 * commit, and would lose what a process killed in between never sent. Through a transaction-mode pooler, LISTEN
 * does not hold: DATABASE_LISTEN_URL then names a direct address of the primary, and without one the feed reads
 * hub_event every LIVE_POLL_MS instead. The embedded database serves one session, whose notifications reach no
 * listener: the feed there reads hub_event after each write of this process (the only writer it has).
 */
import { Client } from 'pg';
import { onDataChanged } from './data-version';

/** A change as the feed delivers it. */
export interface HubEventMessage {
  /** The event's id (a bigint, as text): ascending in the order the events were written. */
  id: string;
  type: string;
  entityType: string;
  entityKey: number;
  jurisdictionId: number | null;
  employerId: number | null;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface FeedListener {
  /** Events of committed transactions, in batches, in commit order. */
  events(batch: HubEventMessage[]): void;
  /** Tables a committed transaction wrote; null when the feed cannot tell which (any may have changed). */
  dataChanged(tables: ReadonlySet<string> | null): void;
}

export interface EventFeed {
  /** How this feed hears of changes, for logs and /readyz. */
  readonly mode: 'listen' | 'poll' | 'local';
  subscribe(listener: FeedListener): () => void;
  close(): Promise<void>;
}

export type QueryRows = <T>(sql: string, bindings: unknown[]) => Promise<T[]>;

const EVENT_COLUMNS = `id::text as id, type, entity_type as "entityType", entity_key as "entityKey", jurisdiction_id as "jurisdictionId",
  employer_id as "employerId", data, occurred_at as "occurredAt"`;

abstract class Listeners {
  private readonly listeners = new Set<FeedListener>();

  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  protected emitEvents(batch: HubEventMessage[]): void {
    if (batch.length) for (const listener of this.listeners) listener.events(batch);
  }

  protected emitDataChanged(tables: ReadonlySet<string> | null): void {
    for (const listener of this.listeners) listener.dataChanged(tables);
  }
}

export interface ListenFeedOptions {
  log: { info(message: string): void; warn(message: string): void };
  /** First wait before reconnecting after the connection is lost; doubles up to 30 s. */
  reconnectMs?: number;
}

/**
 * LISTEN on a connection of its own. Notifications of one transaction arrive together; they are handed on as one
 * batch once the socket's current read is done. A lost connection is reconnected with a growing wait; what was
 * committed meanwhile is read from hub_event by id on reconnection, so that subscribers miss nothing a short outage
 * hid (the ids of that window that commit later than the read are the exception, told in docs/live.md).
 */
export class ListenFeed extends Listeners implements EventFeed {
  readonly mode = 'listen' as const;
  private client?: Client;
  private closed = false;
  private pendingEvents: HubEventMessage[] = [];
  private pendingTables = new Set<string>();
  private flushScheduled = false;
  private lastId: string | null = null;
  private retryMs: number;
  private retryTimer?: NodeJS.Timeout;

  private constructor(private readonly url: string, private readonly options: ListenFeedOptions) {
    super();
    this.retryMs = options.reconnectMs ?? 500;
  }

  /** Resolves once listening, or once the first attempt failed (the feed then keeps trying: the hub starts all the same). */
  static async start(url: string, options: ListenFeedOptions): Promise<ListenFeed> {
    const feed = new ListenFeed(url, options);
    await feed.connect(false);
    return feed;
  }

  private async connect(reconnecting: boolean): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'peer-workforce-hub-live' });
    client.on('notification', (message) => this.received(message.channel, message.payload ?? ''));
    client.on('error', () => undefined);
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query('listen hub_event');
      await client.query('listen hub_data_changed');
      if (this.lastId !== null) {
        // what committed while the feed was not listening
        const { rows } = await client.query<HubEventMessage>(`select ${EVENT_COLUMNS} from hub_event where id > $1 order by id`, [this.lastId]);
        this.pendingEvents.push(...rows);
        this.schedule();
        this.received('hub_data_changed', '');
      } else {
        const { rows } = await client.query<{ id: string | null }>('select max(id)::text as id from hub_event');
        this.lastId = rows[0].id ?? '0';
      }
      this.client = client;
      this.retryMs = this.options.reconnectMs ?? 500;
      if (reconnecting) this.options.log.info('live updates: listening on the database again');
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      if (!reconnecting) this.options.log.warn(`live updates: cannot listen on the database (${(error as Error).message}); trying again`);
      this.retry();
    }
  }

  private lost(client: Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.options.log.warn('live updates: the listening connection to the database was lost; reconnecting');
    this.retry();
  }

  private retry(): void {
    if (this.closed) return;
    this.retryTimer = setTimeout(() => void this.connect(true), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  private received(channel: string, payload: string): void {
    if (channel === 'hub_event') {
      const event = JSON.parse(payload) as HubEventMessage;
      event.id = String(event.id);
      this.pendingEvents.push(event);
    } else if (payload) this.pendingTables.add(payload);
    else this.pendingTables.add('*');
    this.schedule();
  }

  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const events = this.pendingEvents;
      const tables = this.pendingTables;
      this.pendingEvents = [];
      this.pendingTables = new Set();
      if (events.length) this.lastId = events[events.length - 1].id;
      this.emitEvents(events);
      if (tables.size) this.emitDataChanged(tables.has('*') ? null : tables);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

/** How long an id missing from a read is looked for again: a transaction that commits later than this is not heard of. */
const GAP_WAIT_MS = 60_000;

/**
 * Reads hub_event for ids past the last one read, after each write of this process and, when `everyMs` is set, on a
 * timer (for writes of other processes). Ids are taken from a sequence before commit, so a transaction may commit
 * an id lower than one already read: ids skipped by a read are read again until they appear or GAP_WAIT_MS passes.
 */
export class PollFeed extends Listeners implements EventFeed {
  /** The last id read; null until the first read, which starts from the newest event without handing any on. */
  private lastId: string | null = null;
  private readonly gaps = new Map<string, number>();
  private running?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private readonly stopWatching: () => void;

  private constructor(readonly mode: 'poll' | 'local', private readonly rows: QueryRows, everyMs: number | null, private readonly log: ListenFeedOptions['log']) {
    super();
    this.stopWatching = onDataChanged(() => this.poll(true));
    if (everyMs) {
      this.timer = setInterval(() => this.poll(false), everyMs);
      this.timer.unref();
    }
  }

  static async start(rows: QueryRows, everyMs: number | null, log: ListenFeedOptions['log']): Promise<PollFeed> {
    const feed = new PollFeed(everyMs ? 'poll' : 'local', rows, everyMs, log);
    await feed.poll(false);
    return feed;
  }

  /** Runs one read at a time; a call during a read runs one more after it. */
  poll(wroteHere: boolean): Promise<void> {
    if (wroteHere) this.emitDataChanged(null);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.read(wroteHere)
      .catch((error: Error) => this.log.warn(`live updates: reading hub_event failed: ${error.message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.poll(false);
        }
      });
    return this.running;
  }

  private async read(wroteHere: boolean): Promise<void> {
    if (this.lastId === null) {
      const [last] = await this.rows<{ id: string | null }>('select max(id)::text as id from hub_event', []);
      this.lastId = last.id ?? '0';
      return;
    }
    const now = Date.now();
    for (const [id, since] of this.gaps) if (now - since > GAP_WAIT_MS) this.gaps.delete(id);
    const gaps = [...this.gaps.keys()];
    const events = await this.rows<HubEventMessage>(
      `select ${EVENT_COLUMNS} from hub_event where id > ?::bigint or id = any(?::bigint[]) order by id limit 10000`,
      [this.lastId, `{${gaps.join(',')}}`],
    );
    let expected = BigInt(this.lastId) + 1n;
    for (const event of events) {
      if (this.gaps.delete(event.id)) continue;
      for (let id = expected; id < BigInt(event.id) && this.gaps.size < 10_000; id++) this.gaps.set(String(id), now);
      expected = BigInt(event.id) + 1n;
      this.lastId = event.id;
    }
    this.emitEvents(events);
    // another process's write, heard of through its events only: tables unknown
    if (events.length && !wroteHere) this.emitDataChanged(null);
    if (events.length === 10_000) this.again = true;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.stopWatching();
    await this.running;
  }
}
