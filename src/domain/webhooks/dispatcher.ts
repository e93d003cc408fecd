import type { HubConfig, WebhookConfig } from '../../config';
import { toGlobalId } from '../../graphql/global-id';
import { intArray, type Orm } from '../../sql/runner';
import { webhookSignature } from './signing';
import { WebhookDeliveryStatus as Status } from './entities';

/** Time an attempt may take to be recorded after its timeout, before another process may send the delivery again. */
const RECORD_MARGIN_MS = 5_000;
/** Upward jitter of a retry's wait, as a fraction of it: retries of many deliveries spread out, never come early. */
const JITTER = 0.2;
/** Longest text of an error kept with an attempt. */
const MAX_ERROR = 500;
const STOPPED_DURING_LAST_ATTEMPT = 'the hub stopped during the last attempt, whose answer is unknown';

interface ClaimedDelivery {
  id: number;
  attempts: number;
  endpointId: number;
  url: string;
  secret: string;
  eventId: string;
  type: string;
  entityType: string;
  entityKey: number;
  occurredAt: Date;
  jurisdiction: string | null;
  data: { status?: string | null; previousStatus?: string | null };
}

/**
 * Claims due deliveries in one statement, which commits at once: up to `perEndpoint` of each active endpoint not
 * busy in this process, at most `free` in all, oldest first, locked with SKIP LOCKED so that each goes to one
 * process. A claim counts the attempt and moves next_attempt_at past the attempt's timeout (a lease): if this
 * process dies before recording the answer, the delivery falls due again for any process. One whose last attempt
 * was lost that way is FAILED instead.
 */
const CLAIM = `
  with due as (
    select d.id from webhook_endpoint w
    cross join lateral (
      select d.id, d.next_attempt_at from webhook_delivery d
      where d.endpoint_id = w.id and d.status = 'PENDING' and d.next_attempt_at <= now()
      order by d.next_attempt_at, d.id limit ? for update of d skip locked
    ) d
    where w.active and w.id <> all (?::int[])
    order by d.next_attempt_at, d.id limit ?
  ), claimed as (
    update webhook_delivery d set
      status = case when d.attempts < ? then 'PENDING' else 'FAILED' end,
      last_error = case when d.attempts < ? then d.last_error else '${STOPPED_DURING_LAST_ATTEMPT}' end,
      next_attempt_at = case when d.attempts < ? then now() + ? * interval '1 millisecond' end,
      attempts = least(d.attempts + 1, ?)
    from due where d.id = due.id
    returning d.id, d.attempts, d.status, d.endpoint_id, d.event_id
  )
  select c.id, c.attempts, c.endpoint_id as "endpointId", w.url, w.secret, e.id::text as "eventId", e.type, e.entity_type as "entityType",
    e.entity_key as "entityKey", e.occurred_at as "occurredAt", e.data, j.code as jurisdiction
  from claimed c join webhook_endpoint w on w.id = c.endpoint_id join hub_event e on e.id = c.event_id
  left join jurisdiction j on j.id = e.jurisdiction_id
  where c.status = 'PENDING'`;

/**
 * Records an attempt and what it leaves the delivery in, in one statement; the delivery changes only while the
 * claim is still this process's (same attempt count, still PENDING).
 */
const RECORD = `
  with attempt as (
    insert into webhook_delivery_attempt (delivery_id, attempted_at, response_status, error, duration_ms)
    values (?, clock_timestamp() - ? * interval '1 millisecond', ?, ?, ?)
  )
  update webhook_delivery set status = ?, next_attempt_at = case when ? then now() + ? * interval '1 millisecond' end,
    last_attempt_at = clock_timestamp() - ? * interval '1 millisecond', last_response_status = ?, last_error = ?,
    delivered_at = case when ? then clock_timestamp() end
  where id = ? and attempts = ? and status = 'PENDING'`;

/** The body POSTed for an event: the same on every attempt. */
export function webhookBody(event: Pick<ClaimedDelivery, 'type' | 'entityType' | 'entityKey' | 'occurredAt' | 'jurisdiction' | 'data'>): string {
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.occurredAt).toISOString(),
    data: {
      id: toGlobalId(event.entityType, event.entityKey),
      jurisdiction: event.jurisdiction,
      status: event.data.status ?? null,
      previousStatus: event.data.previousStatus ?? null,
    },
  });
}

/** The wait after the attempt numbered `attempt` failed: the schedule's entry (its last repeats), plus jitter. */
export function retryDelayMs(schedule: readonly number[], attempt: number, random = Math.random()): number {
  const base = schedule[Math.min(attempt, schedule.length) - 1];
  return Math.round(base * (1 + JITTER * random));
}

interface Outcome {
  delivered: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** One POST: signed as Standard Webhooks sets out, no redirects followed, answered within the timeout. */
async function post(delivery: ClaimedDelivery, timeoutMs: number): Promise<Outcome> {
  const body = webhookBody(delivery);
  const webhookId = `evt_${delivery.eventId}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'peer-workforce-hub-webhooks',
        'webhook-id': webhookId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': webhookSignature(delivery.secret, webhookId, timestamp, body),
      },
      body,
    });
    // the answer's body is not read: a slow or large one must not hold the slot
    await response.body?.cancel().catch(() => undefined);
    const delivered = response.status >= 200 && response.status < 300;
    return { delivered, status: response.status, error: delivered ? null : `answered HTTP ${response.status}`, durationMs: took() };
  } catch (error) {
    const durationMs = took();
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { delivered: false, status: null, error: `no answer within ${timeoutMs} ms`, durationMs };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { delivered: false, status: null, error: (cause?.code ?? cause?.message ?? (error as Error).message ?? String(error)).slice(0, MAX_ERROR), durationMs };
  }
}

const dispatchers = new Set<WebhookDispatcher>();

/** Looks for due deliveries at once in every dispatcher of this process (an event was just announced). */
export function nudge(): void {
  for (const dispatcher of dispatchers) dispatcher.poll();
}

/**
 * Sends the webhook deliveries of the database (docs/webhooks.md): polls every WEBHOOK_POLL_MS and when nudged, with
 * at most WEBHOOK_CONCURRENCY attempts in flight, a quarter of them at most to one endpoint, so that a slow
 * endpoint never holds them all. No transaction is open while a request is: a claim and a record are one
 * statement each.
 */
class WebhookDispatcher {
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Attempts in flight per endpoint: an endpoint with any is not claimed for until they end. */
  private readonly busyEndpoints = new Map<number, number>();
  private readonly perEndpoint: number;
  private claiming: Promise<void> | null = null;
  private pollAgain = false;
  private stopped = false;
  private lastFailure: string | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly orm: Orm, private readonly config: WebhookConfig, private readonly log: (message: string) => void) {
    this.perEndpoint = Math.max(1, Math.ceil(config.concurrency / 4));
    this.timer = setInterval(() => this.poll(), config.pollMs);
    this.timer.unref();
  }

  private execute<T>(sql: string, params: unknown[]): Promise<T[]> {
    // on the primary: claims and records write
    return this.orm.em.getConnection('write').execute(sql, params as never[], 'all') as Promise<T[]>;
  }

  poll(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.pollAgain = true;
      return;
    }
    this.claiming = this.claim()
      .then(() => void (this.lastFailure = null))
      .catch((error: Error) => this.failed(`webhook claim failed: ${error.message}`))
      .finally(() => {
        this.claiming = null;
        if (this.pollAgain) {
          this.pollAgain = false;
          this.poll();
        }
      });
  }

  /** Logs a failure once while it repeats (a database down or not migrated yet fails every poll). */
  private failed(message: string): void {
    if (message !== this.lastFailure) this.log(message);
    this.lastFailure = message;
  }

  private async claim(): Promise<void> {
    const free = this.config.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const { maxAttempts, timeoutMs } = this.config;
    const leaseMs = timeoutMs + RECORD_MARGIN_MS;
    const claimed = await this.execute<ClaimedDelivery>(CLAIM, [
      this.perEndpoint, intArray([...this.busyEndpoints.keys()]), free, maxAttempts, maxAttempts, maxAttempts, leaseMs, maxAttempts,
    ]);
    for (const delivery of claimed) {
      this.busyEndpoints.set(delivery.endpointId, (this.busyEndpoints.get(delivery.endpointId) ?? 0) + 1);
      const sent = this.send(delivery).finally(() => {
        this.inFlight.delete(delivery.id);
        const left = this.busyEndpoints.get(delivery.endpointId)! - 1;
        if (left > 0) this.busyEndpoints.set(delivery.endpointId, left);
        else this.busyEndpoints.delete(delivery.endpointId);
        // a slot is free: a backlog drains without waiting for the next poll
        this.poll();
      });
      this.inFlight.set(delivery.id, sent);
    }
  }

  private async send(delivery: ClaimedDelivery): Promise<void> {
    const outcome = await post(delivery, this.config.timeoutMs);
    const { maxAttempts, retryScheduleMs } = this.config;
    const retry = !outcome.delivered && delivery.attempts < maxAttempts;
    const status = outcome.delivered ? Status.DELIVERED : retry ? Status.PENDING : Status.FAILED;
    // the endpoint by its key: an address may carry a token in its query
    if (!outcome.delivered) this.log(`webhook delivery ${delivery.id} (evt_${delivery.eventId}) attempt ${delivery.attempts} to endpoint ${delivery.endpointId} failed: ${outcome.error}`);
    try {
      await this.execute(RECORD, [
        delivery.id, outcome.durationMs, outcome.status, outcome.error, outcome.durationMs,
        status, retry, retry ? retryDelayMs(retryScheduleMs, delivery.attempts) : 0,
        outcome.durationMs, outcome.status, outcome.error,
        outcome.delivered, delivery.id, delivery.attempts,
      ]);
    } catch (error) {
      // the claim's lease runs out and the delivery is sent again: at least once
      this.failed(`webhook delivery ${delivery.id}: recording attempt ${delivery.attempts} failed: ${(error as Error).message}`);
    }
  }

  /** Claims no more and waits for the attempts in flight (each ends within WEBHOOK_TIMEOUT_MS) to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    dispatchers.delete(this);
    await this.claiming;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  static start(orm: Orm, config: WebhookConfig, log: (message: string) => void): WebhookDispatcher {
    const dispatcher = new WebhookDispatcher(orm, config, log);
    dispatchers.add(dispatcher);
    dispatcher.poll();
    return dispatcher;
  }
}

/** Starts sending webhook deliveries in this process, unless WEBHOOK_POLL_MS is 0. */
export function startWebhookDispatcher(orm: Orm, config: Pick<HubConfig, 'webhooks'>, log: (message: string) => void): { stop(): Promise<void> } {
  if (config.webhooks.pollMs === 0) return { stop: async () => undefined };
  return WebhookDispatcher.start(orm, config.webhooks, log);
}
