/**
 * Slow clients, over raw sockets on loopback: a request whose headers or body stall is answered 408 REQUEST_TIMEOUT
 * within HEADERS_TIMEOUT_MS or BODY_TIMEOUT_MS and its connection closed, with one whole response on it and nothing
 * after; a request that keeps coming within the limits, an answer slower than both limits, and a roster import that
 * takes several times BODY_TIMEOUT_MS but keeps coming, are not cut.
 */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { as, startTestHub, type TestHub } from './kit';
import { csvLine, WA_HEADER, waRow } from './rosters';

const HEADERS_MS = 400;
const BODY_MS = 700;
/** How late past its limit a timeout may come on a busy 2-core machine (Node checks headers every HEADERS_MS / 10). */
const LATE_MS = 1500;

let hub: TestHub;
let port: number;
let admin: string;
/** The hub's log lines (info and above). */
const logLines: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({
    seedScale: 1,
    env: { HEADERS_TIMEOUT_MS: String(HEADERS_MS), BODY_TIMEOUT_MS: String(BODY_MS), LOG_LEVEL: 'info' },
    logStream: { write: (line) => void logLines.push(line) },
  });
  // a slow query, as the client sees it: the answer comes x-test-delay-ms after the request is in
  hub.server.app.addHook('preHandler', async (request) => {
    const delay = Number(request.headers['x-test-delay-ms'] ?? 0);
    if (delay > 0) await sleep(delay);
  });
  port = Number(new URL(await hub.server.app.listen({ port: 0, host: '127.0.0.1' })).port);
  admin = (await as({ role: Role.ADMIN })).authorization;
}, 120_000);
afterAll(() => hub?.close());

interface Conversation {
  /** Everything the hub sent, as text. */
  received: string;
  /** Whether the hub closed the connection before the conversation's end. */
  closed: boolean;
  /** From the last byte the client sent to the close (or the end). */
  quietMs: number;
}

/**
 * Opens a connection and sends the parts in turn, a number being a pause in ms; then waits up to `waitMs` for the hub
 * to close the connection, and returns what it sent.
 */
async function converse(parts: (string | number)[], waitMs: number): Promise<Conversation> {
  const socket = connect({ port, host: '127.0.0.1' });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  let closed = false;
  const closing = new Promise<void>((resolve) => socket.once('close', () => ((closed = true), resolve())));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  for (const part of parts) {
    if (typeof part === 'number') await sleep(part);
    else if (!closed) socket.write(part);
  }
  const lastByte = Date.now();
  await Promise.race([closing, sleep(waitMs)]);
  const quietMs = Date.now() - lastByte;
  socket.destroy();
  return { received: Buffer.concat(chunks).toString('utf8'), closed, quietMs };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/**
 * Reads the responses of a conversation: each must be whole (its content-length of body, or every chunk up to the
 * last), with nothing after the last.
 */
function responses(received: string): Answer[] {
  const answers: Answer[] = [];
  let rest = Buffer.from(received);
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    expect(end, `a whole head in ${JSON.stringify(rest.toString().slice(0, 200))}`).toBeGreaterThan(0);
    const [statusLine, ...lines] = rest.subarray(0, end).toString().split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    rest = rest.subarray(end + 4);
    let body: Buffer;
    if (headers['transfer-encoding'] === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = rest.indexOf('\r\n');
        expect(lineEnd, `a chunk of ${statusLine}`).toBeGreaterThan(0);
        const size = parseInt(rest.subarray(0, lineEnd).toString(), 16);
        expect(rest.length, `the whole chunk of ${statusLine}`).toBeGreaterThanOrEqual(lineEnd + 2 + size + 2);
        parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
        rest = rest.subarray(lineEnd + 2 + size + 2);
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length']);
      expect(Number.isInteger(length), `content-length of ${statusLine}`).toBe(true);
      body = rest.subarray(0, length);
      expect(body.length, `the whole body of ${statusLine}`).toBe(length);
      rest = rest.subarray(length);
    }
    answers.push({ status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body.toString()) });
  }
  return answers;
}

const QUERY = JSON.stringify({ query: '{ jurisdictions { code } }' });
const head = (path: string, headers: Record<string, string | number>) =>
  `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
const graphqlHead = (extra: Record<string, string | number> = {}) =>
  head('/graphql', { 'content-type': 'application/json', 'content-length': Buffer.byteLength(QUERY), connection: 'close', ...extra });

/** Connections the hub holds open. */
const openConnections = () => new Promise<number>((resolve, reject) => hub.server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));

function expectTimedOut(conversation: Conversation, limit: number, message: RegExp) {
  expect(conversation.closed).toBe(true);
  expect(conversation.quietMs).toBeGreaterThanOrEqual(limit - 50);
  expect(conversation.quietMs).toBeLessThan(limit + LATE_MS);
  const [answer, ...more] = responses(conversation.received);
  expect(more).toEqual([]);
  expect(answer.status).toBe(408);
  expect(answer.headers.connection).toBe('close');
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'REQUEST_TIMEOUT', limit } });
}

describe('a request that stalls is answered 408 REQUEST_TIMEOUT and its connection closed', () => {
  it('headers that stop coming, within HEADERS_TIMEOUT_MS', async () => {
    const stalled = await converse(['POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: appl'], 3 * HEADERS_MS + LATE_MS);
    expectTimedOut(stalled, HEADERS_MS, /^The request headers did not arrive within 400 ms/);
  });

  it('a connection that sends nothing, within HEADERS_TIMEOUT_MS', async () => {
    const silent = await converse([], 3 * HEADERS_MS + LATE_MS);
    expectTimedOut(silent, HEADERS_MS, /^The request headers did not arrive/);
  });

  it('a body that stops coming (content-length 1000, 9 bytes sent), within BODY_TIMEOUT_MS', async () => {
    const stalled = await converse([head('/graphql', { 'content-type': 'application/json', 'content-length': 1000 }), '{"query":'], 3 * BODY_MS + LATE_MS);
    expectTimedOut(stalled, BODY_MS, /^The request body did not arrive within 700 ms/);
    expect(responses(stalled.received)[0].body.errors[0].extensions.requestId).toEqual(expect.any(String));
  });

  it('a chunked body that stops coming, within BODY_TIMEOUT_MS', async () => {
    const stalled = await converse([head('/graphql', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }), '9\r\n{"query":\r\n'], 3 * BODY_MS + LATE_MS);
    expectTimedOut(stalled, BODY_MS, /^The request body did not arrive within 700 ms/);
  });

  it('headers that keep coming byte by byte past HEADERS_TIMEOUT_MS: held to the limit all the same', async () => {
    const request = graphqlHead();
    const drip = [...request.slice(0, 40)].flatMap((byte) => [byte, 50]);
    const dripped = await converse(drip, 3 * HEADERS_MS + LATE_MS);
    expect(dripped.closed).toBe(true);
    const [answer, ...more] = responses(dripped.received);
    expect(more).toEqual([]);
    expect(answer.status).toBe(408);
    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'REQUEST_TIMEOUT', limit: HEADERS_MS });
  });

  it('leaves none of six stalled connections open while their clients hold on, and answers the next client as usual', async () => {
    const stalls = ['', '', 'POST /graphql HTTP/1.1\r\nhost: 1', 'GET /healthz HTTP/1.1\r\n',
      `${head('/graphql', { 'content-type': 'application/json', 'content-length': 1000 })}{"query":`,
      `${head('/healthz', { 'content-type': 'text/plain', 'content-length': 10 })}12345`];
    const sockets = await Promise.all(stalls.map(async (bytes) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      if (bytes) socket.write(bytes);
      // read what comes, so that the hub's end of the connection reaches the client
      return socket.resume();
    }));
    try {
      // the hub has them all (accepting may trail the clients' connect by a moment)
      for (let tries = 0; tries < 20 && (await openConnections()) < stalls.length; tries++) await sleep(10);
      expect(await openConnections()).toBe(stalls.length);
      await sleep(Math.max(HEADERS_MS, BODY_MS) + LATE_MS);
      expect(await openConnections()).toBe(0);
      expect(sockets.map((socket) => socket.readableEnded)).toEqual(stalls.map(() => true));
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    const next = await converse([graphqlHead(), QUERY], 5000);
    expect(responses(next.received).map((answer) => answer.status)).toEqual([200]);
  });
});

describe('what is not cut', () => {
  it('headers and a body that arrive in pieces within their limits', async () => {
    const request = graphqlHead();
    const third = Math.ceil(request.length / 3);
    const pause = Math.floor(HEADERS_MS / 4);
    const bodyPause = Math.floor(BODY_MS / 5);
    const slow = await converse([
      request.slice(0, third), pause, request.slice(third, 2 * third), pause, request.slice(2 * third),
      QUERY.slice(0, 10), bodyPause, QUERY.slice(10, 20), bodyPause, QUERY.slice(20, 30), bodyPause, QUERY.slice(30),
    ], 5000);
    const [answer, ...more] = responses(slow.received);
    expect(more).toEqual([]);
    expect(answer.status).toBe(200);
    expect(answer.body.data.jurisdictions).toContainEqual({ code: 'MN' });
  });

  it('an answer that takes three times BODY_TIMEOUT_MS: the limits end once the request is in', async () => {
    const slowAnswer = await converse([graphqlHead({ 'x-test-delay-ms': 3 * BODY_MS }), QUERY], 3 * BODY_MS + 5000);
    const [answer] = responses(slowAnswer.received);
    expect(answer.status).toBe(200);
    expect(answer.body.data.jurisdictions).toContainEqual({ code: 'MN' });
    expect(slowAnswer.quietMs).toBeGreaterThanOrEqual(3 * BODY_MS - 50);
  });

  it('a keep-alive connection idle between requests is not timed as stalled headers', async () => {
    const keepAlive = graphqlHead({ connection: 'keep-alive' });
    const twice = await converse([keepAlive, QUERY, 2 * HEADERS_MS, graphqlHead(), QUERY], 5000);
    expect(responses(twice.received).map((answer) => answer.status)).toEqual([200, 200]);
  });
});

describe('the roster import (POST /import/<format>)', () => {
  const rows = Array.from({ length: 40 }, (_, i) => csvLine(waRow(i)));
  const csv = `${csvLine(WA_HEADER)}\r\n${rows.join('\r\n')}\r\n`;
  const importHead = (authorization?: string, length = Buffer.byteLength(csv), connection = 'close') =>
    head('/import/wa-doh?dryRun=true', { 'content-type': 'text/csv', 'content-length': length, connection, ...(authorization ? { authorization } : {}) });

  it('takes a roster that keeps coming for three times BODY_TIMEOUT_MS in all', async () => {
    // eight pauses of half the limit: four times the limit in all, so that timers firing a millisecond early
    // (as Node's may, against Date.now) still leave the conversation longer than three times it
    const pieces = 8;
    const size = Math.ceil(csv.length / pieces);
    const pause = Math.floor(BODY_MS / 2);
    const parts: (string | number)[] = [importHead(admin)];
    for (let i = 0; i < pieces; i++) parts.push(csv.slice(i * size, (i + 1) * size), pause);
    const started = Date.now();
    const slow = await converse(parts, 20_000);
    expect(Date.now() - started).toBeGreaterThan(3 * BODY_MS);
    const [answer, ...more] = responses(slow.received);
    expect(more).toEqual([]);
    expect(answer.status).toBe(200);
    expect(answer.body.summary).toMatchObject({ format: 'wa-doh', rowsRead: 40, dryRun: true });
  });

  it('cuts a roster once none of it comes for BODY_TIMEOUT_MS', async () => {
    const stalled = await converse([importHead(admin), csv.slice(0, 200), BODY_MS / 2, csv.slice(200, 400)], 3 * BODY_MS + LATE_MS);
    expectTimedOut(stalled, BODY_MS, /^No byte of the request body arrived for 700 ms/);
  });

  it('refuses a caller without a token at once, and closes the connection if the body then stalls: no second answer', async () => {
    // keep-alive: the hub would read the rest of the body to get to the next request, were it to come
    const refused = await converse([importHead(undefined, 10_000, 'keep-alive'), csv.slice(0, 100)], 3 * BODY_MS + LATE_MS);
    expect(refused.closed).toBe(true);
    expect(refused.quietMs).toBeLessThan(BODY_MS + LATE_MS);
    const [answer, ...more] = responses(refused.received);
    expect(more).toEqual([]);
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('a request Node cannot read gets the same shape of answer, and a close', () => {
  it('not HTTP at all: 400 BAD_REQUEST', async () => {
    const garbage = await converse(['HELLO THERE\r\n\r\n'], 5000);
    expect(garbage.closed).toBe(true);
    const [answer, ...more] = responses(garbage.received);
    expect(more).toEqual([]);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toEqual({ message: 'The request is not valid HTTP/1.1.', extensions: { code: 'BAD_REQUEST' } });
  });

  it('headers over Node\'s 16 KiB: 431', async () => {
    const huge = await converse([`GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nx-padding: ${'a'.repeat(20_000)}\r\n\r\n`], 5000);
    expect(huge.closed).toBe(true);
    const [answer, ...more] = responses(huge.received);
    expect(more).toEqual([]);
    expect(answer.status).toBe(431);
    expect(answer.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('the log', () => {
  const lines = () => logLines.map((line) => JSON.parse(line) as { level: number; msg: string; status?: number; errorCodes?: string[] });

  it('holds no error and no warning for any of the clients above: a slow client is no fault of the hub', () => {
    expect(lines().filter((line) => line.level >= 40)).toEqual([]);
  });

  it('records a /graphql request whose body timed out as the client saw it: 408 REQUEST_TIMEOUT', () => {
    const recorded = lines().filter((line) => line.msg === 'graphql request' && line.status !== 200);
    expect(recorded.length).toBeGreaterThanOrEqual(3);
    expect(recorded.map((line) => [line.status, line.errorCodes])).toEqual(recorded.map(() => [408, ['REQUEST_TIMEOUT']]));
  });
});
