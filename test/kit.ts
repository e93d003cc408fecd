import { vi } from 'vitest';
/** The shared test kit: a database of the test file's own, a hub on it, and typed GraphQL calls. */
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
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const db = await startTestDatabase();
  // the response cache is off unless a test turns it on: tests write rows straight to the database (the hub's own
  // writes invalidate it, these do not) and count the statements each request costs
  const config = loadConfig({ LOG_LEVEL: 'warn', RESPONSE_CACHE: 'false', ...options.env });
  const orm = await openOrm(db.url, 3, config.statementTimeoutMs);
  if (options.migrate !== false) await migrate(orm);
  if (options.seedScale) {
    const { seed } = await import('../src/db/seed/seed');
    await seed(db.url, { scale: options.seedScale });
  }
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
    sql: (text, params = []) => orm.em.getConnection().execute(text, params as never[], 'all'),
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
