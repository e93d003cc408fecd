/**
 * A webhook receiver on 127.0.0.1 for the tests: it keeps every request it gets, answers as the test says per path,
 * and checks signatures with an implementation of the Standard Webhooks verification of its own (not the hub's).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** performance.now() when the request arrived (the test clock may freeze Date). */
  at: number;
}

/** How a path answers one request: a status, or 'hang' (never answers; the hub's timeout ends it). */
export type Answer = number | 'hang' | { status: number; delayMs: number };

export interface Receiver {
  url(path: string): string;
  received: Received[];
  /** The answer of each request to the path, in turn; the last repeats. Default: 204. */
  answers: Map<string, Answer[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const answers = new Map<string, Answer[]>();
  const counts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() });
      const n = counts.get(path) ?? 0;
      counts.set(path, n + 1);
      const list = answers.get(path) ?? [204];
      const answer = list[Math.min(n, list.length - 1)];
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      const { status, delayMs } = typeof answer === 'number' ? { status: answer, delayMs: 0 } : answer;
      setTimeout(() => response.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    answers,
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The Standard Webhooks check: the HMAC-SHA256 of `${webhook-id}.${webhook-timestamp}.${body}`, keyed by the base64
 * after `whsec_`, is one of the space-separated `v1,<base64>` signatures, and the timestamp is within five minutes of now.
 */
export function verifyStandardWebhook(secret: string, headers: Record<string, string>, body: string, nowSeconds = Date.now() / 1000): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((signature) => {
    const [version, value] = signature.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
