/**
 * One run serves every subscriber of the same document, variables and scope (docs/live.md): subscribers are grouped
 * by that key, and a group runs its document once per change, as graphql-js maps a source event to a response
 * (`execute` with the event as the root value), then sends the one answer to each of its subscribers. The cost grows
 * with the distinct subscriptions, not with the subscribers (Hasura's multiplexed live queries).
 *
 * A group on hub events runs once per batch of events of its field's types, every event of the batch in one context,
 * so that the reads of the batch are one statement (the loaders batch by key). A live query group runs as it starts,
 * then at most once per LIVE_DEBOUNCE_MS while data changes, and sends an answer only when it differs from the last.
 */
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import type { FeedListener, HubEventMessage } from '../../cache/hub-events';
import type { Viewer } from '../../auth/viewer';
import { ErrorCode } from '../../errors';
import type { HubContext } from '../../graphql/context';
import { NotForSubscriber, type LiveFieldSpec, type LiveRoot } from '../../graphql/live';

export interface LiveOperation {
  document: DocumentNode;
  /** The document's text, part of the group key. */
  text: string;
  operationName: string | null;
  variables: Record<string, unknown>;
  /** The subscription's root field, and what it runs on. */
  field: string;
  spec: LiveFieldSpec;
  viewer: Viewer;
  /** The viewer's scope key: subscribers of one scope read the same rows. */
  scopeKey: string;
}

export interface MultiplexerOptions {
  schema: GraphQLSchema;
  /** A fresh request context for one run (its loaders cache nothing past it). */
  contextFor(viewer: Viewer, requestId: string): HubContext;
  /** Errors as the HTTP path formats and masks them. */
  formatErrors(errors: readonly GraphQLError[], requestId: string): FormattedExecutionResult['errors'];
  debounceMs: number;
  /** Answers held for a subscriber that reads them slower than they come; past it the subscription ends. */
  maxQueued: number;
  log: { error(object: object, message: string): void };
}

/** A subscriber's stream: what graphql-ws iterates and sends. */
export class SubscriberStream implements AsyncIterableIterator<FormattedExecutionResult> {
  private readonly queue: FormattedExecutionResult[] = [];
  private waiting?: (result: IteratorResult<FormattedExecutionResult>) => void;
  private done = false;

  constructor(private readonly maxQueued: number, private readonly onEnd: () => void) {}

  push(result: FormattedExecutionResult): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: result, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      // the last message says why the stream ends, in place of what it could not keep
      this.queue.length = 0;
      this.queue.push({
        errors: [{
          message: `This subscription read its answers slower than they came: ${this.maxQueued} were waiting to be sent. It has ended; subscribe again.`,
          extensions: { code: ErrorCode.SUBSCRIBER_TOO_SLOW, limit: this.maxQueued },
        }],
      });
      this.finish();
      return;
    }
    this.queue.push(result);
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.onEnd();
  }

  next(): Promise<IteratorResult<FormattedExecutionResult>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve({ value: queued, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<FormattedExecutionResult>> {
    this.queue.length = 0;
    this.finish();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the stream after what is queued (the server closes). */
  end(): void {
    this.finish();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

let runs = 0;

class LiveGroup {
  readonly subscribers = new Set<SubscriberStream>();
  private pending: HubEventMessage[] = [];
  private running = false;
  private rerun = false;
  private timer?: NodeJS.Timeout;
  /** A live query's last answer, as sent. */
  private last?: { json: string; result: FormattedExecutionResult };

  constructor(readonly key: string, readonly operation: LiveOperation, private readonly options: MultiplexerOptions, readonly stats: MultiplexerStats) {}

  add(stream: SubscriberStream): void {
    this.subscribers.add(stream);
    if (!this.operation.spec.query) return;
    if (this.last) stream.push(this.last.result);
    else if (this.subscribers.size === 1) this.schedule(0);
  }

  events(batch: HubEventMessage[]): void {
    this.pending.push(...batch);
    if (!this.running) void this.drain();
  }

  dataChanged(): void {
    this.schedule(this.options.debounceMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    if (this.running) {
      this.rerun = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, delay);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      if (this.operation.spec.query) {
        do {
          this.rerun = false;
          await this.runQuery();
        } while (this.rerun && this.subscribers.size > 0 && !(await this.debounce()));
      } else {
        while (this.pending.length && this.subscribers.size > 0) {
          const batch = this.pending.splice(0, 1000);
          await this.runEvents(batch);
        }
        this.pending = [];
      }
    } finally {
      this.running = false;
    }
  }

  /** Waits LIVE_DEBOUNCE_MS before the next run of a live query; true when the group emptied meanwhile. */
  private async debounce(): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, this.options.debounceMs));
    return this.subscribers.size === 0;
  }

  private requestId(): string {
    return `live-${process.pid}-${++runs}`;
  }

  private execute(context: HubContext, root: LiveRoot): Promise<ExecutionResult> {
    const { document, operationName, variables } = this.operation;
    return Promise.resolve(execute({ schema: this.options.schema, document, operationName, variableValues: variables, contextValue: context, rootValue: root }));
  }

  private format(result: ExecutionResult, requestId: string): FormattedExecutionResult {
    const formatted: FormattedExecutionResult = { data: result.data };
    if (result.errors?.length) formatted.errors = this.options.formatErrors(result.errors, requestId);
    return formatted;
  }

  private async runQuery(): Promise<void> {
    const requestId = this.requestId();
    this.stats.runs++;
    const result = await this.execute(this.options.contextFor(this.operation.viewer, requestId), {}).catch((error: Error) => failed(error));
    const formatted = this.format(result, requestId);
    const json = JSON.stringify(formatted);
    if (this.last?.json === json) return;
    this.last = { json, result: formatted };
    this.send(formatted);
  }

  private async runEvents(batch: HubEventMessage[]): Promise<void> {
    const requestId = this.requestId();
    this.stats.runs++;
    const context = this.options.contextFor(this.operation.viewer, requestId);
    // started together, so that each read of the batch joins one statement
    const results = await Promise.all(batch.map((event) => this.execute(context, { event }).catch((error: Error) => failed(error))));
    for (const result of results) {
      if (result.errors?.some((error) => error.originalError instanceof NotForSubscriber)) continue;
      this.send(this.format(result, requestId));
    }
  }

  private send(result: FormattedExecutionResult): void {
    this.stats.sent += this.subscribers.size;
    for (const subscriber of this.subscribers) subscriber.push(result);
  }
}

/** A run that threw rather than answer: an internal error, masked as any other. */
function failed(error: Error): ExecutionResult {
  return { errors: [error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error })] };
}

export interface MultiplexerStats {
  /** Runs of a group's document since the start. */
  runs: number;
  /** Answers handed to subscribers since the start. */
  sent: number;
}

export class Multiplexer implements FeedListener {
  private readonly groups = new Map<string, LiveGroup>();
  private readonly byEventType = new Map<string, Set<LiveGroup>>();
  readonly stats: MultiplexerStats = { runs: 0, sent: 0 };
  private readonly streams = new Set<SubscriberStream>();

  constructor(private readonly options: MultiplexerOptions) {}

  /**
   * The subscriber's stream of answers; it leaves its group when graphql-ws returns it (complete, close) or the hub
   * ends it (too slow, closing), and then calls `ended` once.
   */
  subscribe(operation: LiveOperation, ended: () => void = () => undefined): AsyncIterableIterator<FormattedExecutionResult> {
    const key = JSON.stringify([operation.text, operation.operationName, operation.variables, operation.scopeKey]);
    let group = this.groups.get(key);
    if (!group) {
      group = new LiveGroup(key, operation, this.options, this.stats);
      this.groups.set(key, group);
      for (const type of operation.spec.events ?? []) {
        const groups = this.byEventType.get(type) ?? new Set<LiveGroup>();
        groups.add(group);
        this.byEventType.set(type, groups);
      }
    }
    const joined = group;
    const stream = new SubscriberStream(this.options.maxQueued, () => {
      this.streams.delete(stream);
      joined.subscribers.delete(stream);
      if (joined.subscribers.size === 0) this.remove(joined);
      ended();
    });
    this.streams.add(stream);
    group.add(stream);
    return stream;
  }

  private remove(group: LiveGroup): void {
    group.stop();
    this.groups.delete(group.key);
    for (const type of group.operation.spec.events ?? []) this.byEventType.get(type)?.delete(group);
  }

  events(batch: HubEventMessage[]): void {
    const byGroup = new Map<LiveGroup, HubEventMessage[]>();
    for (const event of batch) {
      for (const group of this.byEventType.get(event.type) ?? []) {
        const events = byGroup.get(group) ?? [];
        events.push(event);
        byGroup.set(group, events);
      }
    }
    for (const [group, events] of byGroup) group.events(events);
  }

  dataChanged(): void {
    for (const group of this.groups.values()) if (group.operation.spec.query) group.dataChanged();
  }

  /** Subscriptions and the distinct groups serving them. */
  counts(): { subscriptions: number; groups: number } {
    return { subscriptions: this.streams.size, groups: this.groups.size };
  }

  /** Ends every stream: the server is closing. */
  close(): void {
    for (const stream of [...this.streams]) stream.end();
    for (const group of this.groups.values()) group.stop();
  }
}
