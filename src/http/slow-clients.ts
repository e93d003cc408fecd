/**
 * Slow clients: a request whose headers or body stop coming is answered 408 REQUEST_TIMEOUT and its connection
 * closed, so that no client holds a connection open for as long as it likes.
 * - Headers: Node's headersTimeout (HEADERS_TIMEOUT_MS), counted from a request's first byte, or from the opening of
 *   a connection that sends nothing.
 * - Body: BODY_TIMEOUT_MS from the end of the headers to the end of the body, timed here for each request. A route
 *   that streams a large body (the roster import) trades that for a stall limit: see `bodyMayTakeLong`.
 * Neither limits the time the hub takes to answer: a request is timed only until its body is in.
 */
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { HubConfig } from '../config';
import { ErrorCode } from '../errors';

type Limits = Pick<HubConfig, 'headersTimeoutMs' | 'bodyTimeoutMs'>;

interface ErrorBody {
  errors: { message: string; extensions: Record<string, unknown> }[];
}

/** Answered to a connection the hub gives up on, then closed: a whole response or none, never half of one. */
function refuseAndClose(socket: Socket, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): ErrorBody {
  const answer = { errors: [{ message, extensions: { code, ...extensions } }] };
  const body = JSON.stringify(answer);
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`;
  // closed once written; at once if a client that reads nothing never lets it be written
  const giveUp = setTimeout(() => socket.destroy(), 1000).unref();
  socket.end(head + body, () => {
    clearTimeout(giveUp);
    socket.destroy();
  });
  return answer;
}

/** Nothing of another response is on its way on the socket: one written now is the next thing the client reads. */
function socketIsFree(socket: Socket, response?: ServerResponse): boolean {
  const current = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
  return socket.writable && current === response && !response?.headersSent;
}

/**
 * Fastify's clientErrorHandler: Node reports stalled headers as ERR_HTTP_REQUEST_TIMEOUT, and a request it cannot
 * parse as an HPE_* error. Either way the connection is answered in the hub's error shape and closed.
 */
function clientErrorHandler(limits: Limits) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    if (!socketIsFree(socket)) return void socket.destroy();
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      return void refuseAndClose(socket, 408, ErrorCode.REQUEST_TIMEOUT,
        `The request headers did not arrive within ${limits.headersTimeoutMs} ms; the connection is closed.`, { limit: limits.headersTimeoutMs });
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      return void refuseAndClose(socket, 431, ErrorCode.BAD_REQUEST, 'The request headers are too large.');
    }
    refuseAndClose(socket, 400, ErrorCode.BAD_REQUEST, 'The request is not valid HTTP/1.1.');
  };
}

/** Server options of the limits: Node's own check of stalled headers, run often enough to keep to HEADERS_TIMEOUT_MS. */
export function slowClientOptions(limits: Limits): { http: ServerOptions; clientErrorHandler: FastifyServerOptions['clientErrorHandler'] } {
  return {
    // Node checks every 30 s by default: a limit of 10 s would be kept to within 40 s
    http: { connectionsCheckingInterval: Math.min(1000, Math.max(25, Math.floor(limits.headersTimeoutMs / 10))) },
    clientErrorHandler: clientErrorHandler(limits),
  };
}

/** The body timer of a request, whether it has become a stall limit (bodyMayTakeLong), and the 408 once sent. */
interface BodyTimer {
  timer: NodeJS.Timeout;
  stall: boolean;
  answer?: ErrorBody;
}

const bodyTimers = new WeakMap<IncomingMessage, BodyTimer>();

/**
 * Installs the limits on the app: Node's headersTimeout, and the body timer of every request that has a body. The
 * app's requestTimeout (Node's whole-request limit) stays 0: it cannot tell the import's body from another.
 */
export function limitSlowClients(app: FastifyInstance, limits: Limits): void {
  app.server.headersTimeout = limits.headersTimeoutMs;
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    // Node reads a body only from content-length or transfer-encoding: without either there is nothing to wait for
    const hasBody = raw.headers['transfer-encoding'] !== undefined || (raw.headers['content-length'] ?? '0') !== '0';
    // app.inject's requests have no socket to time out
    if (hasBody && !raw.complete && raw.socket instanceof Socket) {
      const entry: BodyTimer = {
        stall: false,
        timer: setTimeout(() => {
          const socket = raw.socket;
          if (raw.complete || socket.destroyed) return;
          const limit = limits.bodyTimeoutMs;
          request.log.info({ requestId: request.id, limit, stall: entry.stall }, 'request body timed out');
          // an answer already sent (a refusal before the body was read) is not followed by another: only closed
          if (!socketIsFree(socket, reply.raw)) return void socket.destroy();
          const message = entry.stall
            ? `No byte of the request body arrived for ${limit} ms; the connection is closed.`
            : `The request body did not arrive within ${limit} ms; the connection is closed.`;
          entry.answer = refuseAndClose(socket, 408, ErrorCode.REQUEST_TIMEOUT, message, { limit, requestId: request.id });
        }, limits.bodyTimeoutMs).unref(),
      };
      bodyTimers.set(raw, entry);
      raw.once('end', () => clearTimeout(entry.timer));
    }
    done();
  });
}

/**
 * For a route that streams a body of any size (the roster import, up to IMPORT_MAX_BYTES), once it has accepted the
 * caller: the body is no longer held to BODY_TIMEOUT_MS in all, but cut when none of it comes for that long. Call
 * the function returned for each chunk read.
 */
export function bodyMayTakeLong(request: FastifyRequest): () => void {
  const entry = bodyTimers.get(request.raw);
  if (!entry) return () => undefined;
  entry.stall = true;
  entry.timer.refresh();
  return () => void entry.timer.refresh();
}

/**
 * The 408 a request's body timer sent, if it did. The closed connection then fails the body's reading, and the error
 * handler that would answer it 400 answers this instead: nothing more reaches the client, but the hub's log and
 * metrics record the request as the client saw it.
 */
export function bodyTimedOut(request: FastifyRequest): ErrorBody | undefined {
  return bodyTimers.get(request.raw)?.answer;
}
