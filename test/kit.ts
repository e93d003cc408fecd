import { expect, vi } from 'vitest';
/**
 * The shared test kit: a database of the test file's own, a hub on it, typed GraphQL calls, tokens of each role, and
 * the assertion helpers the tests share (a refused change writes nothing, the audit records a change wrote, the rows
 * as stored). What every mutation guarantees is checked once, for all of them, in test/mutation-contract.test.ts.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { Client } from 'pg';
import { Role } from '../src/auth/viewer';
import { signToken } from '../src/cli/token';
import { loadConfig, type HubConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate, openOrm, type Orm } from '../src/db/orm';
import { usePreparedStatements } from '../src/sql/prepared';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { createHubServer, type HubServer } from '../src/http/server';

export interface TestDatabase {
  url: string;
  kind: 'embedded' | 'server';
  close(): Promise<void>;
}

/**
 * With TEST_DATABASE_URL, a fresh database on that server, dropped afterwards; otherwise an in-memory PGlite.
 * Either way the file has it to itself, so test files run in parallel.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: null });
    return { url: embedded.url, kind: 'embedded', close: () => embedded.stop() };
  }
  const name = `hub_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'server',
    async close() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** DATABASE_POOLER for the hubs of a run through PgBouncer (.ci/run sets TEST_DATABASE_POOLER=transaction). */
export function poolerEnv(): NodeJS.ProcessEnv {
  return process.env.TEST_DATABASE_POOLER ? { DATABASE_POOLER: process.env.TEST_DATABASE_POOLER } : {};
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
  extensions?: { sqlStatements?: number } & Record<string, unknown>;
}

/** Who a test request is from: a role's claims (ids as global ids), as `npm run token` makes them. */
export interface TokenClaims {
  role: Role;
  jurisdictions?: string[];
  employerId?: string;
  peerId?: string;
  /** The token's subject: who audit records and idempotency keys name (default `test-<role>`). */
  subject?: string;
  /** How long the token lasts, as jose reads it ('2s', '1h'; default 1 hour). */
  expiresIn?: string;
}

/** A development token for the claims, signed as the token command signs (the hub must run outside production). */
export async function tokenFor(claims: TokenClaims, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const args = { jurisdictions: [], employerId: null, peerId: null, subject: `test-${claims.role}`, expiresIn: '1h', ...claims };
  return signToken(args, loadConfig(env));
}

/**
 * Headers asking as the claims; `{ authorization: '' }` asks with no token (PUBLIC). Requests of the kit without an
 * authorization header ask as ADMIN, who may read everything: tests of other roles say so.
 */
export async function as(claims: TokenClaims | 'PUBLIC'): Promise<Record<string, string>> {
  return { authorization: claims === 'PUBLIC' ? '' : `Bearer ${await tokenFor(claims)}` };
}

/** Headers asking as the person (by key) in the role PEER. */
export const asPeer = (personKey: number) => as({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', personKey) });

/** Headers asking as the person (by key) in the role SUPERVISOR. */
export const asSupervisor = (personKey: number) => as({ role: Role.SUPERVISOR, peerId: toGlobalId('PeerSpecialist', personKey) });

export interface TestHub {
  db: TestDatabase;
  orm: Orm;
  server: HubServer;
  config: HubConfig;
  /** Runs a typed operation over HTTP (POST /graphql) and returns the parsed answer with its status. */
  run<R, V>(document: TypedDocumentNode<R, V>, variables?: V, headers?: Record<string, string>): Promise<GraphQLResponse<R>>;
  /** Runs a raw query string, for malformed and ad-hoc requests. */
  query<R = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<R>>;
  /** Plain SQL against the test database, for assertions on stored rows. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface TestHubOptions {
  seedScale?: number;
  env?: NodeJS.ProcessEnv;
  migrate?: boolean;
  /** Receives the hub's JSON log lines instead of stdout. */
  logStream?: { write(line: string): void };
  /** Runs after the migrations (and the seed), before the hub starts: rows the hub must find as it starts (its status sweep). */
  beforeStart?: (sql: TestHub['sql'], db: TestDatabase) => Promise<void>;
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const db = await startTestDatabase();
  // the response cache is off unless a test turns it on: tests write rows straight to the database (the hub's own
  // writes invalidate it, these do not) and count the statements each request costs
  // on a server, the hub knows its DATABASE_URL as a started hub would (subscriptions LISTEN on it); no webhook
  // dispatcher unless a test asks (WEBHOOK_POLL_MS): the embedded server runs each message it reads as it comes, so a
  // poll landing between the chunks of another connection's large statement breaks that statement
  // COMPILE_AFTER_RUNS 1: every document the suite sends runs as graphql-jit compiles it, where one can be
  const config = loadConfig({ LOG_LEVEL: 'warn', RESPONSE_CACHE: 'false', WEBHOOK_POLL_MS: '0', COMPILE_AFTER_RUNS: '1', ...(db.kind === 'server' ? { DATABASE_URL: db.url } : {}), ...poolerEnv(), ...options.env });
  const orm = await openOrm(db.url, 3, config.statementTimeoutMs);
  // as the hub started on this database would: prepared statements on a PostgreSQL server reached directly
  if (db.kind === 'server' && loadConfig({ ...poolerEnv(), ...options.env, DATABASE_URL: db.url }).preparedStatements) usePreparedStatements(orm);
  if (options.migrate !== false) await migrate(orm);
  if (options.seedScale) {
    const { seed } = await import('../src/db/seed/seed');
    await seed(db.url, { scale: options.seedScale });
  }
  const sql: TestHub['sql'] = (text, params = []) => orm.em.getConnection().execute(text, params as never[], 'all');
  if (options.beforeStart) await options.beforeStart(sql, db);
  const server = await createHubServer(config, orm, { logStream: options.logStream });
  const admin = config.production ? '' : `Bearer ${await tokenFor({ role: Role.ADMIN }, options.env)}`;
  const post = async <R>(body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse<R>> => {
    const { authorization = admin, ...rest } = headers;
    const response = await server.app.inject({
      method: 'POST',
      url: '/graphql',
      payload: body as object,
      headers: { 'content-type': 'application/json', ...rest, ...(authorization ? { authorization } : {}) },
    });
    return { status: response.statusCode, ...response.json() };
  };
  return {
    db,
    orm,
    server,
    config,
    run: (document, variables, headers) => post({ query: print(document), variables }, headers),
    query: (query, variables, headers) => post({ query, variables }, headers),
    sql,
    async close() {
      await server.close();
      await orm.close(true);
      await db.close();
    },
  };
}

/**
 * Makes `day` (YYYY-MM-DD) today, UTC, for everything in this test file's process: the hub's statuses, figures and
 * tokens. Only Date is faked, so timers and I/O run as usual; the clock stands still at noon of that day.
 */
export function freezeToday(day: string): void {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${day}T12:00:00Z`) });
}

/** Gives the test file the real clock back. */
export function unfreezeToday(): void {
  vi.useRealTimers();
}

/* ------------------------------------------------------------------------------------------------------------------
 * Assertion helpers: what a test checks of an answer, of the stored rows and of the audit trail.
 * ---------------------------------------------------------------------------------------------------------------- */

/** The day `offset` days from `from` (default: today, UTC, read when called), as YYYY-MM-DD. */
export function day(offset: number, from: string = new Date().toISOString().slice(0, 10)): string {
  const date = new Date(`${from}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

/** A valid job posting draft (an employer's, in its state), with whatever the test changes. */
export const jobPostingDraft = (over: Record<string, unknown> = {}) => ({
  title: 'Peer specialist',
  description: 'Support adults in recovery on the ARMHS team.',
  role: 'PEER_SPECIALIST',
  employmentType: 'FULL_TIME',
  city: 'Duluth',
  payMinCents: 2000,
  payMaxCents: 2400,
  payUnit: 'HOUR',
  certificationRequirement: 'REQUIRED',
  ...over,
});

/** The key a global id names. */
export const keyOf = (id: string): number => fromGlobalId(id).key;

/** Asserts a refused request: the HTTP status, the first error's code (and the extensions given), and no data. */
export function expectError(result: GraphQLResponse<unknown>, status: number, code: string, extensions: Record<string, unknown> = {}): void {
  expect(result.errors?.[0]?.extensions, JSON.stringify(result.errors)).toMatchObject({ code, ...extensions });
  expect(result.status).toBe(status);
  expect(result.data ?? null).toBeNull();
}

/** What the change helpers need of a hub: its GraphQL calls and plain SQL. */
export type HubCalls = Pick<TestHub, 'query' | 'sql'>;

/** Asserts an answer without errors, HTTP 200, and returns its one root field. */
export async function ok(hub: HubCalls, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Record<string, any>> {
  const result = await hub.query<Record<string, Record<string, any>>>(query, variables, headers);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  expect(result.status).toBe(200);
  return Object.values(result.data!)[0];
}

/** The number of rows of `from` (a table, with a where clause if any). */
export async function countRows(hub: HubCalls, from: string, params: unknown[] = []): Promise<number> {
  return (await hub.sql<{ n: number }>(`select count(*)::int as n from ${from}`, params))[0].n;
}

/** Every table of the test database. */
export async function tableNames(hub: HubCalls): Promise<string[]> {
  const rows = await hub.sql<{ name: string }>(`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`);
  return rows.map((r) => r.name);
}

/**
 * Everything stored in the tables (default: every table of the database), each as its rows in a fixed order: what
 * a refused change must leave exactly as it was. For small data sets; `digests` does the same for large ones.
 */
export async function snapshot(hub: HubCalls, tables?: string[]): Promise<Record<string, unknown>> {
  const names = tables ?? (await tableNames(hub));
  const columns = names.map((t) => `(select coalesce(json_agg(to_jsonb(r) order by to_jsonb(r)::text), '[]') from "${t}" r) as "${t}"`);
  const [row] = await hub.sql(`select ${columns.join(', ')}`);
  return row;
}

/** A digest of each table's rows (default: every table): equal digests, equal contents, for data sets too large to compare whole. */
export async function digests(hub: HubCalls, tables?: string[]): Promise<Record<string, string>> {
  const names = tables ?? (await tableNames(hub));
  const columns = names.map((t) => `(select md5(coalesce(string_agg(r::text, '|' order by r::text), '')) from "${t}" r) as "${t}"`);
  const [row] = await hub.sql<Record<string, string>>(`select ${columns.join(', ')}`);
  return row;
}

/** What a refused change is expected to answer. */
export interface Refusal {
  status: number;
  code: string;
  argument?: string;
  message?: RegExp;
  extensions?: Record<string, unknown>;
}

/**
 * Asserts a refused change: one error with the status, code, argument, message and extensions expected, no data, and
 * nothing written (every table as it was: no row, no audit record, no idempotency key). Returns the error.
 */
export async function refused(
  hub: HubCalls,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  expected: Refusal,
): Promise<GraphQLFormattedError> {
  const before = await snapshot(hub);
  const result = await hub.query(query, variables, headers);
  expect(result.errors, JSON.stringify(result.errors)).toHaveLength(1);
  const [error] = result.errors!;
  expect(error.extensions!.code, error.message).toBe(expected.code);
  expect(result.status, error.message).toBe(expected.status);
  if (expected.argument !== undefined) expect(error.extensions!.argument).toBe(expected.argument);
  if (expected.message) expect(error.message).toMatch(expected.message);
  if (expected.extensions) expect(error.extensions).toMatchObject(expected.extensions);
  expect(result.data ?? null).toBeNull();
  expect(await snapshot(hub)).toEqual(before);
  return error;
}

/** An audit record as stored. */
export interface AuditRow {
  subject: string;
  role: string;
  action: string;
  entity_type: string;
  entity_key: number;
  jurisdiction_id: number | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
  request_id: string;
}

/** Runs `work` and returns what it returned with the audit records written meanwhile, oldest first. */
export async function audited<T>(hub: HubCalls, work: () => Promise<T>): Promise<{ result: T; audits: AuditRow[] }> {
  const [{ mark }] = await hub.sql<{ mark: number }>(`select coalesce(max(id), 0)::int as mark from audit_record`);
  const result = await work();
  const audits = await hub.sql<AuditRow>(
    `select subject, role, action, entity_type, entity_key, jurisdiction_id, before, after, request_id from audit_record where id > ? order by id`,
    [mark],
  );
  return { result, audits };
}

/** A row as the audit records hold it (its columns as JSON). */
export async function rowJson(hub: HubCalls, table: string, key: number): Promise<Record<string, any>> {
  const [row] = await hub.sql<{ row: Record<string, any> }>(`select to_jsonb(t) as row from "${table}" t where id = ?`, [key]);
  return row.row;
}

/**
 * The change helpers above bound to a test file's hub (a getter: the hub is made in beforeAll), for files that call
 * them often: `const { ok, refused, audited, rowJson, snapshot, count } = changeKit(() => hub);`
 */
export function changeKit(hub: () => HubCalls) {
  return {
    ok: (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => ok(hub(), query, variables, headers),
    refused: (query: string, variables: Record<string, unknown>, headers: Record<string, string>, expected: Refusal) => refused(hub(), query, variables, headers, expected),
    audited: <T>(work: () => Promise<T>) => audited(hub(), work),
    rowJson: (table: string, key: number) => rowJson(hub(), table, key),
    snapshot: (tables?: string[]) => snapshot(hub(), tables),
    count: (from: string, params: unknown[] = []) => countRows(hub(), from, params),
  };
}
