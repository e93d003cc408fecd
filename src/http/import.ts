import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLError } from 'graphql';
import { Role } from '../auth/viewer';
import type { HubConfig } from '../config';
import type { Orm } from '../db/orm';
import { rosterFormats } from '../domain/import/format';
import { FileRefused, ImportBusy, importDatabaseUrl, importRoster, ImportUnavailable } from '../domain/import/run';
import { ErrorCode } from '../errors';
import type { RequestViewer } from './tokens';
import { bodyMayTakeLong, bodyTimedOut } from './slow-clients';

export const IMPORT_PATH = '/import/:format';

class TooLarge extends Error {}

/**
 * Streams a request body into `path`, throwing TooLarge past `maxBytes`. A plain loop rather than stream.pipeline:
 * on Node 24 a pipeline whose source is refused mid-body waited for a close the request never emitted.
 */
async function spool(body: Readable, path: string, maxBytes: number, progress: () => void): Promise<void> {
  const out = createWriteStream(path);
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      progress();
      bytes += chunk.length;
      if (bytes > maxBytes) throw new TooLarge();
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

function refuse(reply: FastifyReply, status: number, code: string, message: string, extensions: Record<string, unknown> = {}) {
  return reply.status(status).header('x-request-id', reply.request.id).send({ errors: [{ message, extensions: { code, requestId: reply.request.id, ...extensions } }] });
}

/**
 * POST /import/<format>[?dryRun=true&fileName=<name>] with a CSV body (text/csv): the roster import for
 * administrators. The body is streamed to a temporary file (memory stays flat whatever its size), imported as
 * `npm run import` does, and answered with the summary and every rejected row.
 */
export function registerImportRoute(
  app: FastifyInstance,
  options: { orm: Orm; viewerOf: RequestViewer; maxBytes: number; database: Pick<HubConfig, 'databasePooler' | 'importDatabaseUrl'> },
): void {
  void app.register(async (scope) => {
    // the body stays a stream: read by the handler after the caller is known, never buffered
    scope.addContentTypeParser(['text/csv', 'application/octet-stream'], (_request, payload, done) => done(null, payload));
    scope.post(IMPORT_PATH, async (request: FastifyRequest<{ Params: { format: string }; Querystring: { dryRun?: string; fileName?: string } }>, reply) => {
      let viewer;
      try {
        viewer = await options.viewerOf(request);
      } catch (error) {
        const http = (error as GraphQLError).extensions?.http as { status?: number } | undefined;
        return refuse(reply, http?.status ?? 401, ErrorCode.UNAUTHENTICATED, (error as Error).message);
      }
      if (viewer.role === Role.PUBLIC) {
        return refuse(reply.header('www-authenticate', 'Bearer'), 401, ErrorCode.UNAUTHENTICATED, 'The roster import needs an ADMIN token');
      }
      if (viewer.role !== Role.ADMIN) return refuse(reply, 403, ErrorCode.FORBIDDEN, `The roster import is for ADMIN; this token is ${viewer.role}`);
      const format = rosterFormats().get(request.params.format);
      if (!format) {
        return refuse(reply, 404, ErrorCode.UNKNOWN_FORMAT, `No import format "${request.params.format}"`, { formats: [...rosterFormats().keys()] });
      }
      const { dryRun = 'false', fileName } = request.query;
      if (dryRun !== 'true' && dryRun !== 'false') return refuse(reply, 400, ErrorCode.BAD_REQUEST, 'dryRun must be true or false');
      if (fileName !== undefined && !/^[^\u0000-\u001f/\\]{1,200}$/.test(fileName)) {
        return refuse(reply, 400, ErrorCode.BAD_REQUEST, 'fileName must be 1 to 200 characters, without slashes or control characters');
      }
      if (!(request.body instanceof Readable)) return refuse(reply, 415, ErrorCode.BAD_REQUEST, 'Send the roster as the request body with content-type text/csv');

      const dir = mkdtempSync(join(tmpdir(), 'hub-import-'));
      const upload = join(dir, 'upload.csv');
      const rejectsPath = join(dir, 'rejects.jsonl');
      try {
        // an ADMIN's roster may take its time to arrive, as long as it keeps coming (BODY_TIMEOUT_MS between bytes)
        await spool(request.body, upload, options.maxBytes, bodyMayTakeLong(request));
        const rejects = createWriteStream(rejectsPath);
        let summary;
        try {
          const url = options.orm.config.get('clientUrl');
          if (!url) throw new Error('the database has no connection URL');
          summary = await importRoster({
            databaseUrl: importDatabaseUrl(options.database, url),
            format,
            path: upload,
            fileName: fileName ?? `upload ${new Date().toISOString()}.csv`,
            dryRun: dryRun === 'true',
            requestedBy: `${viewer.role}:${viewer.subject ?? ''}`,
            onReject: (r) => rejects.write(`${JSON.stringify(r)}\n`),
          });
        } finally {
          rejects.end();
          await once(rejects, 'close');
        }
        request.log.info({ requestId: request.id, import: summary }, 'roster imported');
        // every rejected row is in the answer, streamed from disk: no cap, no buffering
        const body = Readable.from(
          (async function* () {
            yield `{"summary":${JSON.stringify(summary)},"rejects":[`;
            let first = true;
            for await (const line of createInterface({ input: createReadStream(rejectsPath), crlfDelay: Infinity })) {
              if (!line) continue;
              yield first ? line : `,${line}`;
              first = false;
            }
            yield ']}';
            rmSync(dir, { recursive: true, force: true });
          })(),
        );
        return reply.header('x-request-id', request.id).type('application/json').send(body);
      } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        if (error instanceof TooLarge) return refuse(reply, 413, ErrorCode.REQUEST_TOO_LARGE, `The roster is over ${options.maxBytes} bytes (IMPORT_MAX_BYTES)`, { limit: options.maxBytes });
        if (error instanceof FileRefused) return refuse(reply, 422, ErrorCode.FILE_REFUSED, error.message);
        if (error instanceof ImportBusy) return refuse(reply, 409, ErrorCode.CONFLICT, error.message);
        if (error instanceof ImportUnavailable) return refuse(reply, 503, ErrorCode.IMPORT_UNAVAILABLE, error.message);
        // the connection closed mid-body (the client left, or stalled past BODY_TIMEOUT_MS): no fault of the hub's to log
        const timedOut = bodyTimedOut(request);
        if (timedOut) return reply.status(408).header('x-request-id', request.id).send(timedOut);
        if (!request.raw.complete && request.raw.socket?.destroyed) return refuse(reply, 400, ErrorCode.BAD_REQUEST, 'The roster ended before its content-length: the connection was closed');
        throw error;
      }
    });
  });
}
