/**
 * A client of the graphql-transport-ws protocol for tests, on a raw socket, so that a test controls every message
 * (a malformed one included) and reads every answer and close code.
 */
import WebSocket from 'ws';
import { toGlobalId } from '../src/graphql/global-id';
import { day, jobPostingDraft, ok, type HubCalls } from './kit';

export interface Message {
  id?: string;
  type: string;
  payload?: any;
}

export interface Closed {
  code: number;
  reason: string;
}

export class LiveSocket {
  private static readonly open_ = new Set<LiveSocket>();
  readonly messages: Message[] = [];
  readonly closed: Promise<Closed>;
  private readonly waiters: (() => void)[] = [];
  private closedWith?: Closed;

  private constructor(readonly socket: WebSocket) {
    LiveSocket.open_.add(this);
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as Message);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closedWith = { code, reason: String(reason) };
        LiveSocket.open_.delete(this);
        resolve(this.closedWith);
        this.wake();
      }),
    );
  }

  /** Opens a socket to ws://<address>/graphql with the protocol's subprotocol. */
  static open(url: string, protocol = 'graphql-transport-ws'): Promise<LiveSocket> {
    const socket = protocol ? new WebSocket(url, protocol) : new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new LiveSocket(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    });
  }

  /** Opens and initialises a connection (authorization: `Bearer <token>`, or none); resolves on connection_ack. */
  static async connect(url: string, authorization?: string): Promise<LiveSocket> {
    const live = await LiveSocket.open(url);
    live.send({ type: 'connection_init', payload: authorization ? { authorization } : {} });
    await live.waitFor((m) => m.type === 'connection_ack', 5000);
    return live;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  send(message: Message | string): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.send({ id, type: 'subscribe', payload: { query, variables } });
  }

  complete(id: string): void {
    this.send({ id, type: 'complete' });
  }

  /** The first message meeting `test`, waiting up to `ms` for it; fails the test when none comes. */
  async waitFor(test: (message: Message) => boolean, ms = 5000): Promise<Message> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.find(test);
      if (found) return found;
      if (this.closedWith) throw new Error(`socket closed (${this.closedWith.code} ${this.closedWith.reason}) before the message came; got ${JSON.stringify(this.messages)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such message within ${ms} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The payloads of `next` messages of a subscription, waiting until there are `count`. */
  async nexts(id: string, count: number, ms = 5000): Promise<any[]> {
    await this.waitFor(() => this.of(id, 'next').length >= count, ms);
    return this.of(id, 'next').map((m) => m.payload);
  }

  /** The messages of one subscription of one type. */
  of(id: string, type: string): Message[] {
    return this.messages.filter((m) => m.id === id && m.type === type);
  }

  /** The error message a subscribe was refused with (its GraphQL errors). */
  async errorOf(id: string): Promise<any[]> {
    return (await this.waitFor((m) => m.id === id && m.type === 'error')).payload;
  }

  close(): void {
    this.socket.close(1000);
  }

  /** Closes every socket still open, and waits until the hub has seen them close. */
  static async closeAll(): Promise<void> {
    const open = [...LiveSocket.open_];
    for (const live of open) live.close();
    await Promise.all(open.map((live) => live.closed));
  }
}

/** Waits `ms`: for tests that check nothing more came. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CREATE_POSTING = `mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id } }`;
const PUBLISH_POSTING = `mutation($id: ID!) { publishJobPosting(id: $id) { id status } }`;

/**
 * Creates a posting as ADMIN over HTTP, at the first employer of the state, and publishes it unless told not to:
 * the change subscribers of postings and of the workforce figures hear of. Resolves to its global id.
 */
export async function postJob(hub: HubCalls, { jurisdiction, title, publish = true }: { jurisdiction: string; title: string; publish?: boolean }): Promise<string> {
  const [employer] = await hub.sql<{ id: number }>(`select e.id from employer e join jurisdiction j on j.id = e.jurisdiction_id where j.code = ? order by e.id limit 1`, [jurisdiction]);
  if (!employer) throw new Error(`no employer in ${jurisdiction}`);
  const input = jobPostingDraft({ employerId: toGlobalId('Employer', employer.id), title, applyUrl: 'https://jobs.example.org/apply', validThrough: day(60) });
  const { id } = await ok(hub, CREATE_POSTING, { input });
  if (publish) await ok(hub, PUBLISH_POSTING, { id });
  return id as string;
}

/**
 * Sends one subscribe message (id "1"; text, for values JSON.stringify cannot write) on a socket of its own, and
 * resolves to the first answer to it, a next or an error, or null when none comes within `ms`; the socket is closed.
 */
export async function firstAnswer(url: string, authorization: string | undefined, subscribe: Message | string, ms = 2000): Promise<Message | null> {
  const live = await LiveSocket.connect(url, authorization);
  try {
    live.send(subscribe);
    return await live.waitFor((m) => m.id === '1' && (m.type === 'next' || m.type === 'error'), ms).catch((error: Error) => {
      if (/no such message/.test(error.message)) return null;
      throw error;
    });
  } finally {
    live.close();
    await live.closed;
  }
}
