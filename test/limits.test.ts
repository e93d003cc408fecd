/**
 * Query limits as a client meets them: each limit just under passes and just over is refused before any SQL runs,
 * with HTTP 400, its code, the limit and the measured value; the limits follow their variables; the client operations
 * pass the defaults; a statement past the statement timeout answers QUERY_TIMEOUT.
 */
import { GraphQLError, print } from 'graphql';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type HubConfig } from '../src/config';
import { migrate, openOrm, ormOptions, type Orm } from '../src/db/orm';
import { toGlobalId } from '../src/graphql/global-id';
import { formatLimitErrors } from '../src/graphql/limits';
import { createHubServer, type HubServer } from '../src/http/server';
import { Role } from '../src/auth/viewer';
import { isSubscription, operationDocuments, operationVariables } from './operation-fixtures';
import { as, startTestDatabase, startTestHub, type TestDatabase, type TestHub } from './kit';
import { firstAnswer } from './live';

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { sqlStatements?: number } };
}

/** A hub whose ORM sets the statement timeout of its config, as src/db/database.ts does (the kit's ORM does not). */
interface LimitedHub {
  db: TestDatabase;
  orm: Orm;
  config: HubConfig;
  server: HubServer;
  close(): Promise<void>;
}

async function startLimitedHub(env: NodeJS.ProcessEnv): Promise<LimitedHub> {
  const db = await startTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'fatal', ...env });
  const orm = await openOrm(db.url, 3, config.statementTimeoutMs);
  await migrate(orm);
  const server = await createHubServer(config, orm);
  return {
    db,
    orm,
    config,
    server,
    async close() {
      await server.close();
      await orm.close(true);
      await db.close();
    },
  };
}

/** Requests ask as ADMIN, as the kit's do: the limits hold whoever asks, and ADMIN may read every field. */
let admin: Record<string, string> = {};

async function post(server: HubServer, payload: unknown): Promise<Answer> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...admin },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: response.statusCode, body: response.json() };
}

function expectPassed(answer: Answer) {
  expect(answer.body.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(answer.body.extensions?.sqlStatements).toBeGreaterThan(0);
}

/** Refused before any SQL: 400, one error with exactly its code, limit and value. */
function expectRefused(answer: Answer, code: string, limit: number, value: number) {
  expect(answer.status).toBe(400);
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors!;
  expect({ code: error.extensions?.code, limit: error.extensions?.limit, value: error.extensions?.value }).toEqual({ code, limit, value });
  expect(error.message).toContain(limit.toLocaleString('en-US'));
  expect(error.message).toContain(value.toLocaleString('en-US'));
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.extensions?.sqlStatements).toBe(0);
}

const TIMEOUT_MS = 300;

let small: LimitedHub;
let standard: TestHub;
/** The standard hub's subscriptions: ws://<address>/graphql. */
let standardLive: string;

beforeAll(async () => {
  admin = await as({ role: Role.ADMIN });
  [small, standard] = await Promise.all([
    startLimitedHub({
      MAX_QUERY_DEPTH: '5',
      MAX_QUERY_COST: '201',
      MAX_QUERY_ALIASES: '2',
      MAX_QUERY_TOKENS: '100',
      MAX_INPUT_DEPTH: '4',
      MAX_REQUEST_BYTES: '2048',
      STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS),
    }),
    startTestHub(),
  ]);
  standardLive = `${(await standard.server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/graphql`;
});
afterAll(async () => {
  await Promise.all([small?.close(), standard?.close()]);
});

const ask = (query: string, variables?: Record<string, unknown>) => post(small.server, { query, variables });

describe('the limits follow their variables (a hub with small limits)', () => {
  it('reads them from the environment', () => {
    expect(small.config).toMatchObject({ maxQueryDepth: 5, maxQueryCost: 201, maxQueryAliases: 2, maxQueryTokens: 100, maxInputDepth: 4, maxRequestBytes: 2048, statementTimeoutMs: TIMEOUT_MS });
  });

  describe('MAX_QUERY_DEPTH', () => {
    it('passes fields nested 5 deep', async () => {
      expectPassed(await ask('{ employers(first: 1) { nodes { jurisdiction { employers(first: 1) { totalCount } } } } }'));
    });

    it('refuses 6, counting through fragments', async () => {
      const answer = await ask(
        'query { employers(first: 1) { ...Page } } fragment Page on EmployerConnection { nodes { jurisdiction { employers(first: 1) { nodes { name } } } } }',
      );
      expectRefused(answer, 'QUERY_TOO_DEEP', 5, 6);
    });

    it('does not count introspection below __schema and __type', async () => {
      const answer = await ask('{ __schema { types { fields { type { ofType { name } } } } } }');
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.extensions?.sqlStatements).toBe(0);
    });
  });

  describe('MAX_QUERY_COST', () => {
    it('passes a cost at the limit: 10 employers with 9 postings each cost 10 x (1 + 9 x 2 + 1) + 1 = 201', async () => {
      expectPassed(await ask('{ employers(first: 10) { nodes { jobPostings(first: 9) { nodes { title } } } } }'));
    });

    it('refuses 10 postings each (221)', async () => {
      expectRefused(await ask('{ employers(first: 10) { nodes { jobPostings(first: 10) { nodes { title } } } } }'), 'QUERY_TOO_COSTLY', 201, 221);
    });

    it('counts a connection without first or last as 20 items', async () => {
      expectRefused(await ask('{ employers { nodes { jobPostings { nodes { title } } } } }'), 'QUERY_TOO_COSTLY', 201, 20 * (1 + 20 * 2 + 1) + 1);
    });

    it('counts nodes(ids:) as its ids times its selection, variables included', async () => {
      const query = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Employer { name jurisdiction { code } } } }';
      const ids = (n: number) => Array.from({ length: n }, (_, i) => toGlobalId('Employer', i + 1));
      expectPassed(await ask(query, { ids: ids(50) }));
      expectRefused(await ask(query, { ids: ids(51) }), 'QUERY_TOO_COSTLY', 201, 51 * 4);
    });

    it('prices each set of variables on its own when one document is sent again and again', async () => {
      const query = 'query ($n: Int) { employers(first: 10) { nodes { jobPostings(first: $n) { nodes { title } } } } }';
      for (let round = 0; round < 2; round++) {
        expectPassed(await ask(query, { n: 9 }));
        expectRefused(await ask(query, { n: 10 }), 'QUERY_TOO_COSTLY', 201, 221);
        expectRefused(await ask(query, { n: 20 }), 'QUERY_TOO_COSTLY', 201, 10 * (1 + 20 * 2 + 1) + 1);
      }
      // past the costs kept per operation, older ones are worked out again, never mixed up
      for (let n = 0; n < 70; n++) expectPassed(await ask(query, { n: n % 10, unused: n }));
      expectRefused(await ask(query, { n: 10 }), 'QUERY_TOO_COSTLY', 201, 221);
    });

    it('leaves a page above MAX_PAGE_SIZE to its own BAD_USER_INPUT', async () => {
      const answer = await ask('{ employers(first: 500) { nodes { name } } }');
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 100, value: 500 });
    });

    it('counts variables the operation cannot take as bad input, not as an internal error', async () => {
      const answer = await ask('query ($n: Int) { employers(first: $n) { nodes { name } } }', { n: 'many' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('MAX_QUERY_ALIASES', () => {
    it('passes 2 aliases', async () => {
      expectPassed(await ask('{ a: jurisdictions { code } b: jurisdictions { name } }'));
    });

    it('refuses 3, counting those in fragments', async () => {
      const answer = await ask('query { a: jurisdictions { code } ...More } fragment More on Query { b: jurisdictions { name } c: jurisdictions { fipsCode } }');
      expectRefused(answer, 'TOO_MANY_ALIASES', 2, 3);
    });
  });

  describe('MAX_QUERY_TOKENS', () => {
    // `{ jurisdictions { ... } }` is 5 tokens around the repeated field
    const withTokens = (tokens: number) => `{ jurisdictions { ${'code '.repeat(tokens - 5)}} }`;

    it('passes 100 tokens', async () => {
      expectPassed(await ask(withTokens(100)));
    });

    it('refuses 101 with QUERY_TOO_LARGE, not a parse failure', async () => {
      expectRefused(await ask(withTokens(101)), 'QUERY_TOO_LARGE', 100, 101);
    });

    it('still answers a syntax error under the limit as GRAPHQL_PARSE_FAILED', async () => {
      const answer = await ask('{ jurisdictions { code }');
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    });
  });

  describe('MAX_INPUT_DEPTH', () => {
    // { and: [{ name: { eq } }] } is 4 levels: the and object, its list, the condition, the operators
    const four = { and: [{ name: { eq: 'x' } }] };
    const query = 'query($f: EmployerFilter) { employers(first: 1, filter: $f) { totalCount } }';

    it('passes a filter variable 4 levels deep', async () => {
      expectPassed(await ask(query, { f: four }));
    });

    it('refuses 5 in a variable, naming it, before any SQL', async () => {
      const answer = await ask(query, { f: { not: four } });
      expectRefused(answer, 'INPUT_TOO_DEEP', 4, 5);
      expect(answer.body.errors![0].message).toContain('"$f"');
    });

    it('a document nested past what the parser can follow (MAX_QUERY_TOKENS raised far) is a 400 saying so', async () => {
      const config = loadConfig({ LOG_LEVEL: 'fatal', MAX_QUERY_TOKENS: '1000000', MAX_REQUEST_BYTES: '4000000' });
      const server = await createHubServer(config, small.orm);
      try {
        const answer = await post(server, { query: `{ employers(filter: ${'['.repeat(200_000)}) { totalCount } }` });
        expect(answer.status).toBe(400);
        expect(answer.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
        expect(answer.body.errors?.[0].message).toContain('MAX_INPUT_DEPTH');
      } finally {
        await server.close();
      }
    });

    it('refuses 5 written in the document, and 5 in a variable the operation does not use', async () => {
      expectRefused(await ask('{ employers(first: 1, filter: { not: { and: [{ name: { eq: "x" } }] } }) { totalCount } }'), 'INPUT_TOO_DEEP', 4, 5);
      expectRefused(await ask('{ employers(first: 1) { totalCount } }', { unused: [[[[['x']]]]] }), 'INPUT_TOO_DEEP', 4, 5);
    });
  });

  describe('MAX_REQUEST_BYTES', () => {
    // an unused variable pads the body to the exact size
    const bodyOf = (bytes: number) => {
      const empty = JSON.stringify({ query: '{ jurisdictions { code } }', variables: { pad: '' } });
      return JSON.stringify({ query: '{ jurisdictions { code } }', variables: { pad: 'x'.repeat(bytes - empty.length) } });
    };

    it('passes a body of 2048 bytes', async () => {
      expect(Buffer.byteLength(bodyOf(2048))).toBe(2048);
      expectPassed(await post(small.server, bodyOf(2048)));
    });

    it('refuses 2049 bytes before reading them', async () => {
      expectRefused(await post(small.server, bodyOf(2049)), 'REQUEST_TOO_LARGE', 2048, 2049);
    });
  });
});

describe('the defaults (a hub with no limit variables)', () => {
  const run = (query: string, variables?: Record<string, unknown>) => post(standard.server, { query, variables });

  const fixtures = operationVariables;
  const documents = operationDocuments;

  it('are the documented ones', () => {
    expect(standard.config).toMatchObject({ maxQueryDepth: 12, maxQueryCost: 100_000, maxQueryAliases: 50, maxQueryTokens: 3000, maxInputDepth: 20, maxRequestBytes: 65536, statementTimeoutMs: 10_000 });
  });

  it('every client operation has variables here', () => {
    expect(documents.length).toBeGreaterThanOrEqual(13);
    expect(documents.map(([name]) => name).filter((name) => !(name in fixtures))).toEqual([]);
  });

  for (const [name, document] of documents) {
    it(`pass ${name}${isSubscription(document) ? ' (a subscription, over WebSocket)' : ''}`, async () => {
      if (isSubscription(document)) {
        // refused, it would answer an error at once; accepted, a live query answers its figures and an event stream waits
        const answer = await firstAnswer(standardLive, admin.authorization, { id: '1', type: 'subscribe', payload: { query: print(document), variables: fixtures[name] } }, 500);
        expect(answer?.type === 'error' ? answer.payload : []).toEqual([]);
        if (answer) expect(answer.payload.errors).toBeUndefined();
        return;
      }
      const answer = await run(print(document), fixtures[name]);
      // a published mutation (RequestSupervision) passes the limits and reaches its resolver, which answers for the
      // data (this hub's caller names no person to act for)
      if (print(document).trimStart().startsWith('mutation')) {
        const limits = ['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY', 'TOO_MANY_ALIASES', 'QUERY_TOO_LARGE', 'INPUT_TOO_DEEP', 'REQUEST_TOO_LARGE', 'BATCH_NOT_ALLOWED'];
        expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        expect(limits).not.toContain(answer.body.errors![0].extensions?.code);
      }
      else expectPassed(answer);
    });
  }

  it('pass 12 levels and refuse 13', async () => {
    const nest = (inner: string) => `employers(first: 1) { nodes { jurisdiction { ${inner} } } }`;
    expectPassed(await run(`{ ${nest(nest(nest('employers(first: 1) { nodes { name } }')))} }`));
    expectRefused(await run(`{ ${nest(nest(nest('employers(first: 1) { nodes { jurisdiction { code } } }')))} }`), 'QUERY_TOO_DEEP', 12, 13);
  });

  it('pass a page of 100 with a nested page of 100 and 8 fields, and refuse a ninth field or a third level', async () => {
    // 100 x (1 + 100 x (1 + k) + 1 + ...) : 10,201 + 10,000 k, so k = 8 costs 90,201 and k = 9 costs 100,201
    const page = (fields: string) => `{ employers(first: 100) { nodes { jobPostings(first: 100) { nodes { ${fields} } } } } }`;
    expectPassed(await run(page('title city payMinCents payMaxCents payUnit datePosted status employmentType')));
    expectRefused(await run(page('title city payMinCents payMaxCents payUnit datePosted status employmentType openings')), 'QUERY_TOO_COSTLY', 100_000, 100_201);
    const answer = await run('{ employers(first: 100) { nodes { jobPostings(first: 100) { nodes { acceptedCredentialTypes { certifications(first: 100) { nodes { id } } } } } } } }');
    expect(answer.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 100_000 });
    expect(answer.body.errors?.[0].extensions?.value).toBeGreaterThan(1_000_000);
    expect(answer.status).toBe(400);
    expect(answer.body.extensions?.sqlStatements).toBe(0);
  });

  it('refuse a fragment that doubles twenty times, without walking a million fields', async () => {
    const fragments = ['fragment F0 on Employer { name }', ...Array.from({ length: 20 }, (_, i) => `fragment F${i + 1} on Employer { ...F${i} ...F${i} }`)];
    const started = Date.now();
    const answer = await run(`{ employers(first: 1) { nodes { ...F20 } } } ${fragments.join(' ')}`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 100_000 });
    expect(answer.body.errors?.[0].extensions?.value).toBeGreaterThan(2 ** 20);
    expect(answer.body.extensions?.sqlStatements).toBe(0);
  });

  it('refuse a batch of operations with BATCH_NOT_ALLOWED', async () => {
    const one = { query: '{ jurisdictions { code } }' };
    expectRefused(await post(standard.server, [one, one]), 'BATCH_NOT_ALLOWED', 1, 2);
    const single = await post(standard.server, [one]);
    expect(single.status).toBe(400);
    expect(single.body.errors?.[0].extensions).toMatchObject({ code: 'BATCH_NOT_ALLOWED', limit: 1, value: 1 });
  });
});

describe('the limit variables', () => {
  it.each([
    ['MAX_QUERY_DEPTH', '1', 'MAX_QUERY_DEPTH must be an integer from 2 to 100, got "1"'],
    ['MAX_QUERY_COST', 'lots', 'MAX_QUERY_COST must be an integer from 1 to 100000000, got "lots"'],
    ['MAX_QUERY_ALIASES', '-1', 'MAX_QUERY_ALIASES must be an integer from 0 to 10000, got "-1"'],
    ['MAX_QUERY_TOKENS', '50', 'MAX_QUERY_TOKENS must be an integer from 100 to 1000000, got "50"'],
    ['MAX_INPUT_DEPTH', '3', 'MAX_INPUT_DEPTH must be an integer from 4 to 100, got "3"'],
    ['MAX_REQUEST_BYTES', '1e9', 'MAX_REQUEST_BYTES must be an integer from 1024 to 104857600, got "1e9"'],
    ['STATEMENT_TIMEOUT_MS', '2.5', 'STATEMENT_TIMEOUT_MS must be an integer from 0 to 3600000, got "2.5"'],
  ])('refuse %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('STATEMENT_TIMEOUT_MS=0 leaves the sessions at the server’s own setting', () => {
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: '0' }).statementTimeoutMs).toBe(0);
    // what each pooled session runs as it opens: JIT off always, the timeout only when one is set
    const sessionSetup = (timeoutMs: number) => {
      let sent = '';
      const afterCreate = ormOptions('postgresql://postgres@127.0.0.1/hub', 2, timeoutMs).pool!.afterCreate as (client: unknown, done: () => void) => void;
      afterCreate({ query: (sql: string, callback: (error: Error | null) => void) => { sent = sql; callback(null); } }, () => undefined);
      return sent;
    };
    expect(sessionSetup(0)).toBe('set jit = off');
    expect(sessionSetup(500)).toBe('set jit = off; set statement_timeout = 500');
  });
});

describe('STATEMENT_TIMEOUT_MS', () => {
  const sql = (text: string) => small.orm.em.getConnection().execute(text);

  it('is set on the sessions of the hub', async () => {
    expect(await sql('show statement_timeout')).toEqual([{ statement_timeout: `${TIMEOUT_MS}ms` }]);
  });

  it('makes PostgreSQL cancel a longer statement (SQLSTATE 57014)', async ({ skip }) => {
    // PGlite runs in this process on one thread: it keeps the setting but no timer can interrupt a statement
    if (small.db.kind === 'embedded') skip();
    await expect(sql('select pg_sleep(1)')).rejects.toMatchObject({ code: '57014' });
  });

  it('is not enforced by the embedded PGlite (docs/security.md: a limitation of the embedded database)', async ({ skip }) => {
    if (small.db.kind !== 'embedded') skip();
    await expect(sql(`select pg_sleep(${(TIMEOUT_MS * 2) / 1000})`)).resolves.toHaveLength(1);
  });

  it('answers a query whose statement ran out of time with QUERY_TIMEOUT and the limit', async ({ skip }) => {
    if (small.db.kind === 'embedded') skip();
    // the hub's statement waits on a lock held elsewhere until the timeout cancels it
    const locker = new Client({ connectionString: small.db.url });
    await locker.connect();
    let answer: Answer;
    try {
      await locker.query('begin');
      await locker.query('lock table jurisdiction in access exclusive mode');
      answer = await ask('{ jurisdictions { code } }');
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect(answer.status).not.toBe(500);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0].extensions).toEqual({ code: 'QUERY_TIMEOUT', limit: TIMEOUT_MS });
    expect(answer.body.errors![0].message).toContain(`${TIMEOUT_MS} ms`);
    expect(answer.body.errors![0].message).not.toMatch(/select|jurisdiction"/i);
    // the next request finds the connection usable
    expectPassed(await ask('{ jurisdictions { code } }'));
  });

  it('formats a statement cancelled with SQLSTATE 57014 as QUERY_TIMEOUT (on either database)', async () => {
    const cancelled = await sql(`do $$ begin raise exception 'canceling statement due to statement timeout' using errcode = 'query_canceled'; end $$`).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(cancelled).toBeInstanceOf(Error);
    const error = new GraphQLError(cancelled!.message, { path: ['jurisdictions'], originalError: cancelled });
    const formatted = formatLimitErrors(small.config)({ message: cancelled!.message, path: ['jurisdictions'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    expect(formatted.extensions).toEqual({ code: 'QUERY_TIMEOUT', limit: TIMEOUT_MS });
    expect(formatted.path).toEqual(['jurisdictions']);
  });
});
