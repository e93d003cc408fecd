/**
 * A generated hostile pass over the WebSocket endpoint (graphql-transport-ws at /graphql, docs/live.md), built from
 * the schema so that a new Subscription field, argument or filter field is covered without editing it: a value of the
 * wrong type at every argument and at every input field below it, of every Subscription field, as a variable and
 * written in the document; abuse of the protocol (frames and messages that are malformed, out of order, too large,
 * documents past the query limits); and floods (subscribes on one socket, sockets of one caller, sockets that never
 * send connection_init, that vanish, that never read).
 *
 * Each case ends with the protocol's close code where graphql-ws defines one (ws's 1009 for a frame past
 * MAX_REQUEST_BYTES), else with the `error` message of the subscription, whose codes are documented and never
 * INTERNAL_SERVER_ERROR, the socket staying open. After each category the hub has logged no error, answers a query
 * over HTTP, and its multiplexer holds the subscriptions and groups it held before, once the sockets are closed.
 */
import type { Socket } from 'node:net';
import { getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, type GraphQLField, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { dataChanged } from '../src/cache/data-version';
import { hubSchema } from '../src/domain/schema';
import { ErrorCode } from '../src/errors';
import { toGlobalId } from '../src/graphql/global-id';
import { DOCUMENTED, errorLogLines, valueAt, wrongValues } from './hostile-values';
import { as, day, jobPostingDraft, ok, startTestHub, type TestHub } from './kit';
import { LiveSocket, pause, type Message } from './live';

const PER_CONNECTION = 10;
const PER_CALLER = 25;
const RATE_LIMIT = 100;
const MAX_QUEUED = 3;
/** graphql-ws's wait for connection_init (src/http/live/server.ts). */
const INIT_WAIT_MS = 10_000;

const { lines: errorLines, logStream } = errorLogLines();
let hub: TestHub;
let url: string;
let schema: GraphQLSchema;
let baseline: { subscriptions: number; groups: number };
let subjects = 0;
const tally = new Map<string, number>();

/** A token of its own for each use: the rate limit counts per subject. */
const freshCaller = async (role: Role = Role.ADMIN) => (await as({ role, subject: `hostile-${++subjects}` })).authorization;

/** Sockets that never send connection_init, opened as the suite starts and checked as it ends. */
const uninitialised: { socket: WebSocket; closed: Promise<number> }[] = [];

function rawSocket(): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('unexpected-response', () => reject(new Error('upgrade refused')));
  });
}

beforeAll(async () => {
  hub = await startTestHub({
    env: {
      LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: String(PER_CONNECTION),
      LIVE_MAX_SUBSCRIPTIONS_PER_CALLER: String(PER_CALLER),
      RATE_LIMIT_MAX: String(RATE_LIMIT),
      LIVE_MAX_QUEUED: String(MAX_QUEUED),
      LIVE_DEBOUNCE_MS: '50',
      LIVE_POLL_MS: '100',
      STATUS_SWEEP_HOURS: '0',
    },
    logStream,
  });
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'North Star', 'PEER_RUN_ORGANIZATION', 'Duluth')`);
  url = `${(await hub.server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/graphql`;
  schema = await hubSchema();
  baseline = hub.server.live.multiplexer.counts();
  for (let i = 0; i < 5; i++) uninitialised.push(await rawSocket());
  // one of them pings, which the protocol allows before connection_init: it is closed all the same
  uninitialised[0].socket.send(JSON.stringify({ type: 'ping' }));
}, 120_000);
afterAll(() => hub?.close());
afterEach(() => LiveSocket.closeAll());

/** Waits for `promise`, failing after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `test` holds, up to `ms`; false when it never did. */
async function eventually(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) return false;
    await pause(20);
  }
  return true;
}

/** The socket answers a ping: it is open and served. */
async function answersPing(live: LiveSocket, n: number): Promise<void> {
  live.send({ type: 'ping', payload: { n } });
  await live.waitFor((m) => m.type === 'pong' && m.payload?.n === n, 3000);
}

/** After a category: every socket closed, the multiplexer back to its baseline, a query answered, no error logged. */
async function expectSettled(category: string, count: number): Promise<void> {
  tally.set(category, (tally.get(category) ?? 0) + count);
  await LiveSocket.closeAll();
  const { multiplexer } = hub.server.live;
  await eventually(() => JSON.stringify(multiplexer.counts()) === JSON.stringify(baseline), 3000);
  expect(multiplexer.counts()).toEqual(baseline);
  const answer = await hub.query<{ jurisdictions: { code: string }[] }>('{ jurisdictions { code } }', {}, { authorization: await freshCaller() });
  expect(answer.status).toBe(200);
  expect(answer.data?.jurisdictions).toEqual([{ code: 'MN' }]);
  expect(errorLines).toEqual([]);
}

/** What is wrong with the errors a subscribe was refused with, given the codes it may carry. */
function wrongErrors(payload: unknown, expected: readonly string[]): string[] {
  if (!Array.isArray(payload) || payload.length === 0) return [`not a list of errors: ${JSON.stringify(payload).slice(0, 200)}`];
  const found: string[] = [];
  for (const error of payload as { message?: unknown; extensions?: { code?: string } }[]) {
    const code = error.extensions?.code ?? '(none)';
    if (typeof error.message !== 'string') found.push('an error without a message');
    if (!DOCUMENTED.has(code) || code === ErrorCode.INTERNAL_SERVER_ERROR) found.push(`code ${code}`);
    else if (!expected.includes(code)) found.push(`code ${code}, expected ${expected.join(' or ')}: ${String(error.message).slice(0, 160)}`);
  }
  return found;
}

// ---- values of the wrong type, from the schema ----

type RootField = GraphQLField<unknown, unknown>;

const subscriptionFields = (): RootField[] => Object.values(schema.getSubscriptionType()!.getFields());

/**
 * Each argument of the field, and each input field below it (each field of an input type once per root field, through
 * at most 4 input objects): [argument, ...fields], with `[]` where the path enters a list.
 */
function inputPaths(field: RootField): { path: string[]; type: GraphQLInputType }[] {
  const found: { path: string[]; type: GraphQLInputType }[] = [];
  const seen = new Set<string>();
  const walk = (type: GraphQLInputType, path: string[], depth: number) => {
    found.push({ path, type });
    const named = getNamedType(type);
    if (!isInputObjectType(named) || depth >= 4) return;
    const inList = isListType(getNullableType(type)) ? ['[]'] : [];
    for (const inner of Object.values(named.getFields())) {
      const key = `${named.name}.${inner.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      walk(inner.type, [...path, ...inList, inner.name], depth + 1);
    }
  };
  for (const arg of field.args) walk(arg.type, [arg.name], 0);
  return found;
}

/** A value written as a GraphQL literal, enum values of the type bare. */
function literal(type: GraphQLInputType | undefined, value: unknown): string {
  const nullable = type && getNullableType(type);
  if (Array.isArray(value)) return `[${value.map((item) => literal(nullable && isListType(nullable) ? nullable.ofType : undefined, item)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
    return `{ ${Object.entries(value).map(([name, inner]) => `${name}: ${literal(fields[name]?.type, inner)}`).join(', ')} }`;
  }
  if (nullable && isEnumType(nullable) && typeof value === 'string' && nullable.getValue(value)) return value;
  return JSON.stringify(value);
}

interface WrongCase {
  label: string;
  payload: { query: string; variables?: Record<string, unknown> };
  code: string;
}

function wrongTypeCases(): WrongCase[] {
  const cases: WrongCase[] = [];
  for (const field of subscriptionFields()) {
    for (const { path, type } of inputPaths(field)) {
      const arg = field.args.find((a) => a.name === path[0])!;
      for (const wrong of wrongValues(type)) {
        const value = valueAt(arg.type, path.slice(1), wrong);
        const label = `${field.name}(${path.join('.')}: ${JSON.stringify(wrong)})`;
        cases.push({
          label: `${label} as a variable`,
          payload: { query: `subscription($${arg.name}: ${String(arg.type)}) { ${field.name}(${arg.name}: $${arg.name}) { __typename } }`, variables: { [arg.name]: value } },
          code: ErrorCode.BAD_USER_INPUT,
        });
        cases.push({
          label: `${label} in the document`,
          payload: { query: `subscription { ${field.name}(${arg.name}: ${literal(arg.type, value)}) { __typename } }` },
          code: 'GRAPHQL_VALIDATION_FAILED',
        });
      }
    }
  }
  return cases;
}

// ---- protocol abuse ----

type Frame = string | Buffer | Record<string, unknown>;

interface ProtocolCase {
  label: string;
  /** Whether connection_init is sent (and acknowledged) first, with a token of its own. */
  init: boolean;
  frames: Frame[];
  /** A close code, the codes of the error message for subscription `x`, or served: still open and answering pings. */
  expected: { close: number } | { error: string[]; id?: string } | { served: true; subscriptions?: number };
}

const PUBLISHED = 'subscription($filter: JobPostingFilter) { jobPostingPublished(filter: $filter) { id title } }';
const subscribe = (payload: unknown, id: unknown = 'x'): Record<string, unknown> => ({ id, type: 'subscribe', payload });

/** `[[[ ... "x" ... ]]]`, `levels` lists deep, as JSON. */
const listChain = (levels: number) => `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;
/** A JobPostingFilter `levels` objects deep, through `not`, as JSON. */
const notChain = (levels: number) => `${'{"not":'.repeat(levels - 2)}{"id":{"notIn":[]}}${'}'.repeat(levels - 2)}`;
/** A subscribe message as text, with `deep` (JSON deeper than JSON.stringify recurses) at the payload's `key`. */
const deepSubscribe = (query: string, key: 'variables' | 'extensions', deep: string) => `{"id":"x","type":"subscribe","payload":{"query":${JSON.stringify(query)},"${key}":${deep}}}`;

function protocolCases(): ProtocolCase[] {
  const { maxRequestBytes, maxQueryTokens, maxInputDepth, maxQueryAliases } = hub.config;
  const malformed = { close: CloseCode.BadRequest };
  const invalid = { error: ['GRAPHQL_VALIDATION_FAILED'] };
  const served = { served: true as const };
  const cases: ProtocolCase[] = [];
  const add = (label: string, init: boolean, frames: Frame[], expected: ProtocolCase['expected']) => cases.push({ label, init, frames, expected });

  // frames that are no message
  for (const init of [false, true]) {
    const when = init ? 'after init' : 'before init';
    for (const [label, text] of [['not JSON', '{ not json'], ['a number', '42'], ['a string', '"ping"'], ['null', 'null'], ['an array', '[]'], ['true', 'true'], ['empty', ''], ['a truncated message', '{"type":"ping"']] as const) {
      add(`${label} ${when}`, init, [text], malformed);
    }
    add(`a binary frame that is not UTF-8 ${when}`, init, [Buffer.from([0xff, 0xfe, 0x00, 0x7b])], malformed);
    for (const [label, message] of [
      ['no type', {}],
      ['an empty type', { type: '' }],
      ['a type that is a number', { type: 5 }],
      ['an unknown type', { type: 'start', id: '1', payload: { query: '{ __typename }' } }],
      ['connection_ack from the client', { type: 'connection_ack' }],
      ['next from the client', { type: 'next', id: '1', payload: { data: {} } }],
      ['error from the client', { type: 'error', id: '1', payload: [{ message: 'x' }] }],
      ['complete without an id', { type: 'complete' }],
      ['ping with a payload that is a string', { type: 'ping', payload: 'x' }],
    ] as const) {
      add(`${label} ${when}`, init, [message], malformed);
    }
  }

  // before connection_init
  add('subscribe before connection_init', false, [subscribe({ query: PUBLISHED })], { close: CloseCode.Unauthorized });
  add('ping and pong before connection_init', false, [{ type: 'ping' }, { type: 'pong' }], served);
  add('complete before connection_init', false, [{ id: 'x', type: 'complete' }], served);
  for (const [label, payload] of [['a string', 'x'], ['a number', 5], ['a list', []], ['true', true]] as const) {
    add(`connection_init with a payload that is ${label}`, false, [{ type: 'connection_init', payload }], malformed);
  }
  for (const [label, params] of [
    ['authorization a number', { authorization: 5 }],
    ['authorization an object', { authorization: { token: 'x' } }],
    ['authorization a list', { authorization: ['Bearer x'] }],
    ['token a number', { token: 5 }],
    ['token an object', { token: {} }],
    ['authorization not a token', { authorization: 'Bearer not-a-token' }],
    ['authorization Basic', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['authorization of 60,000 characters', { authorization: `Bearer ${'a'.repeat(60_000)}` }],
    ['authorization of 60,000 multi-byte characters', { authorization: `Bearer ${'é'.repeat(20_000)}` }],
  ] as const) {
    add(`connection_init with ${label}`, false, [{ type: 'connection_init', payload: params }], { close: CloseCode.Unauthorized });
  }
  add('connection_init with authorization of 100 KB', false, [{ type: 'connection_init', payload: { authorization: `Bearer ${'a'.repeat(100_000)}` } }], { close: 1009 });
  add('connection_init with authorization null, as none', false, [{ type: 'connection_init', payload: { authorization: null } }], served);
  add('connection_init twice', true, [{ type: 'connection_init', payload: {} }], { close: CloseCode.TooManyInitialisationRequests });

  // subscribe messages the protocol refuses
  add('subscribe without an id', true, [{ type: 'subscribe', payload: { query: PUBLISHED } }], malformed);
  add('subscribe with an empty id', true, [subscribe({ query: PUBLISHED }, '')], malformed);
  add('subscribe with an id that is a number', true, [subscribe({ query: PUBLISHED }, 1)], malformed);
  add('subscribe with an id that is an object', true, [subscribe({ query: PUBLISHED }, { id: 'x' })], malformed);
  add('subscribe without a payload', true, [{ id: 'x', type: 'subscribe' }], malformed);
  add('subscribe with a payload that is a string', true, [{ id: 'x', type: 'subscribe', payload: PUBLISHED }], malformed);
  for (const [label, query] of [['a number', 5], ['null', null], ['an object', { kind: 'Document' }], ['a list', [PUBLISHED]], ['missing', undefined]] as const) {
    add(`subscribe with a query that is ${label}`, true, [subscribe({ query })], malformed);
  }
  for (const [label, variables] of [['a list', [1]], ['a string', '{}'], ['a number', 5]] as const) {
    add(`subscribe with variables that are ${label}`, true, [subscribe({ query: PUBLISHED, variables })], malformed);
  }
  add('subscribe with extensions that are a string', true, [subscribe({ query: PUBLISHED, extensions: 'x' })], malformed);
  add('subscribe with extensions that are a list', true, [subscribe({ query: PUBLISHED, extensions: [1] })], malformed);
  add('subscribe with an operationName that is a number', true, [subscribe({ query: PUBLISHED, operationName: 5 })], malformed);
  add('the same id twice', true, [subscribe({ query: PUBLISHED }), subscribe({ query: PUBLISHED })], { close: CloseCode.SubscriberAlreadyExists });
  add('an id of 10,000 characters', true, [subscribe({ query: PUBLISHED }, 'i'.repeat(10_000))], { served: true, subscriptions: 1 });
  add('an id of 10,000 characters, refused', true, [subscribe({ query: 'subscription { nothing }' }, 'i'.repeat(10_000))], { ...invalid, id: 'i'.repeat(10_000) });

  // what the hub refuses: the error message, the socket open
  add('an unknown subscription', true, [subscribe({ query: 'subscription { noSuchThing { id } }' })], invalid);
  add('an unknown field', true, [subscribe({ query: 'subscription { jobPostingPublished { noSuchField } }' })], invalid);
  add('an empty query', true, [subscribe({ query: '' })], { error: [ErrorCode.BAD_REQUEST] });
  add('a query of blanks', true, [subscribe({ query: ' \n\t ' })], { error: ['GRAPHQL_PARSE_FAILED'] });
  add('a document that does not parse', true, [subscribe({ query: 'subscription { jobPostingPublished { id ' })], { error: ['GRAPHQL_PARSE_FAILED'] });
  add('a lone surrogate', true, [subscribe({ query: 'subscription { jobPostingPublished(filter: { city: { eq: "\ud800" } }) { id } }' })], { error: ['GRAPHQL_PARSE_FAILED'] });
  add('a query', true, [subscribe({ query: '{ jurisdictions { code } }' })], { error: [ErrorCode.BAD_REQUEST] });
  add('a mutation', true, [subscribe({ query: 'mutation { publishJobPosting(id: "x") { id } }' })], { error: [ErrorCode.BAD_REQUEST] });
  add('introspection in a subscription', true, [subscribe({ query: 'subscription { __schema { types { name } } }' })], invalid);
  add('__typename as the subscription', true, [subscribe({ query: 'subscription { __typename }' })], invalid);
  add('introspection as a query', true, [subscribe({ query: '{ __schema { types { name } } }' })], { error: [ErrorCode.BAD_REQUEST] });
  add('introspection beside the subscription field', true, [subscribe({ query: 'subscription { jobPostingPublished { id } __type(name: "Query") { name } }' })], invalid);
  add('two root fields', true, [subscribe({ query: 'subscription { jobPostingPublished { id } jobPostingChanged { id } }' })], invalid);
  add('two aliases of one root field', true, [subscribe({ query: 'subscription { a: jobPostingPublished { id } b: jobPostingPublished { id } }' })], invalid);
  add('a root field skipped', true, [subscribe({ query: 'subscription { jobPostingPublished @skip(if: true) { id } }' })], { error: ['GRAPHQL_VALIDATION_FAILED', ErrorCode.BAD_REQUEST] });
  add('a root field skipped by a variable', true, [subscribe({ query: 'subscription($no: Boolean!) { jobPostingPublished @include(if: $no) { id } }', variables: { no: false } })], { error: ['GRAPHQL_VALIDATION_FAILED', ErrorCode.BAD_REQUEST] });
  add('the root field in an inline fragment', true, [subscribe({ query: 'subscription { ... on Subscription { jobPostingPublished { id } } }' })], { served: true, subscriptions: 1 });
  add('the root field in a fragment', true, [subscribe({ query: 'subscription { ...F } fragment F on Subscription { jobPostingPublished { id } }' })], { served: true, subscriptions: 1 });
  add('an aliased root field', true, [subscribe({ query: 'subscription { posted: jobPostingPublished { id } }' })], { served: true, subscriptions: 1 });
  const beside = 'query Q { jurisdictions { code } } subscription S { jobPostingPublished { id } }';
  add('a subscription beside a query, chosen', true, [subscribe({ query: beside, operationName: 'S' })], { served: true, subscriptions: 1 });
  add('a subscription beside a query, the query chosen', true, [subscribe({ query: beside, operationName: 'Q' })], { error: [ErrorCode.BAD_REQUEST] });
  add('a subscription beside a query, no operationName', true, [subscribe({ query: beside })], { error: ['OPERATION_RESOLUTION_FAILURE'] });
  add('an operationName not in the document', true, [subscribe({ query: beside, operationName: 'Z' })], { error: ['OPERATION_RESOLUTION_FAILURE'] });
  add('a document of fragments only', true, [subscribe({ query: 'fragment F on Subscription { jobPostingPublished { id } }' })], invalid);
  add('an unknown persisted hash', true, [subscribe({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } })], { error: ['PERSISTED_QUERY_NOT_FOUND'] });
  add('a persisted hash that is a number', true, [subscribe({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: 5 } } })], { error: [ErrorCode.BAD_REQUEST] });
  add('an undeclared variable of the wrong type', true, [subscribe({ query: PUBLISHED, variables: { filter: null, other: { a: [1, 'x'] } } })], { served: true, subscriptions: 1 });
  add('a missing required variable', true, [subscribe({ query: 'subscription($f: JobPostingFilter!) { jobPostingPublished(filter: $f) { id } }' })], { error: [ErrorCode.BAD_USER_INPUT] });

  // the query limits
  add(`a document over MAX_QUERY_TOKENS (${maxQueryTokens})`, true, [subscribe({ query: `subscription { jobPostingPublished { ${'id '.repeat(maxQueryTokens)}} }` })], { error: [ErrorCode.QUERY_TOO_LARGE] });
  add('a name of 60,000 characters', true, [subscribe({ query: `subscription { ${'x'.repeat(60_000)} }` })], invalid);
  add(`a filter variable ${maxInputDepth + 1} levels deep`, true, [deepSubscribe(PUBLISHED, 'variables', `{"filter":${notChain(maxInputDepth + 1)}}`)], { error: [ErrorCode.INPUT_TOO_DEEP] });
  add('a filter variable 5,000 levels deep', true, [deepSubscribe(PUBLISHED, 'variables', `{"filter":${notChain(5000)}}`)], { error: [ErrorCode.INPUT_TOO_DEEP] });
  add('an undeclared variable 10,000 lists deep', true, [deepSubscribe(PUBLISHED, 'variables', `{"unused":${listChain(10_000)}}`)], { error: [ErrorCode.INPUT_TOO_DEEP] });
  add('extensions 10,000 lists deep', true, [deepSubscribe(PUBLISHED, 'extensions', `{"deep":${listChain(10_000)}}`)], { error: [ErrorCode.INPUT_TOO_DEEP] });
  const written = notChain(maxInputDepth + 1).replace(/"([a-zA-Z]+)":/g, '$1: ');
  add(`a filter written ${maxInputDepth + 1} levels deep`, true, [subscribe({ query: `subscription { jobPostingPublished(filter: ${written}) { id } }` })], { error: [ErrorCode.INPUT_TOO_DEEP] });
  add(`${maxQueryAliases + 1} aliases`, true, [subscribe({ query: `subscription { jobPostingPublished { ${Array.from({ length: maxQueryAliases + 1 }, (_, i) => `a${i}: id`).join(' ')} } }` })], { error: [ErrorCode.TOO_MANY_ALIASES] });
  add('fields nested 200 deep', true, [subscribe({ query: `subscription { jobPostingPublished { ${'employer { jurisdiction { employers { edges { node '.repeat(40)}{ id }${' } } } }'.repeat(40)} } }` })], { error: ['GRAPHQL_VALIDATION_FAILED', ErrorCode.QUERY_TOO_DEEP, ErrorCode.QUERY_TOO_COSTLY] });
  const bomb = `subscription { jobPostingPublished { ...F0 } } ${Array.from({ length: 30 }, (_, i) => `fragment F${i} on JobPosting { ${i < 29 ? `...F${i + 1} a${i}: id ...F${i + 1}` : 'id'} }`).join(' ')}`;
  add('a fragment bomb', true, [subscribe({ query: bomb })], { error: [ErrorCode.TOO_MANY_ALIASES, ErrorCode.QUERY_TOO_COSTLY, ErrorCode.QUERY_TOO_DEEP, 'GRAPHQL_VALIDATION_FAILED'] });
  add('a fragment cycle', true, [subscribe({ query: 'subscription { jobPostingPublished { ...A } } fragment A on JobPosting { ...B } fragment B on JobPosting { ...A }' })], invalid);
  add('a frame over MAX_REQUEST_BYTES', true, [subscribe({ query: `${PUBLISHED} # ${'x'.repeat(maxRequestBytes)}` })], { close: 1009 });
  add('a frame over MAX_REQUEST_BYTES before init', false, ['x'.repeat(maxRequestBytes + 1)], { close: 1009 });

  // many small messages
  add('1,000 pings', true, Array.from({ length: 1000 }, (_, n) => ({ type: 'ping', payload: { flood: n } })), served);
  add('1,000 pongs', true, Array.from({ length: 1000 }, () => ({ type: 'pong' })), served);
  add('1,000 completes of unknown ids', true, Array.from({ length: 1000 }, (_, n) => ({ id: `unknown${n}`, type: 'complete' })), served);
  add('complete of an id of 10,000 characters', true, [{ id: 'c'.repeat(10_000), type: 'complete' }], served);
  return cases;
}

async function runProtocolCase(item: ProtocolCase, n: number): Promise<string[]> {
  const live = item.init ? await LiveSocket.connect(url, await freshCaller()) : await LiveSocket.open(url);
  live.socket.on('error', () => undefined);
  const before = hub.server.live.multiplexer.counts().subscriptions;
  for (const frame of item.frames) {
    if (Buffer.isBuffer(frame)) live.socket.send(frame, { binary: true });
    else live.send(typeof frame === 'string' ? frame : (frame as unknown as Message));
  }
  const { expected } = item;
  try {
    if ('close' in expected) {
      const closed = await within(live.closed, 5000, 'close');
      if (closed.code !== expected.close) return [`closed ${closed.code} (${closed.reason}), expected ${expected.close}`];
      if (Buffer.byteLength(closed.reason) > 123) return ['a close reason over 123 bytes'];
      return [];
    }
    if ('error' in expected) {
      const wrong = wrongErrors(await live.errorOf(expected.id ?? 'x'), expected.error);
      await answersPing(live, n);
      return wrong;
    }
    await answersPing(live, n);
    const subscriptions = hub.server.live.multiplexer.counts().subscriptions - before;
    const errors = live.messages.filter((m) => m.type === 'error');
    if (errors.length) return [`refused: ${JSON.stringify(errors[0].payload).slice(0, 200)}`];
    if (subscriptions !== (expected.subscriptions ?? 0)) return [`${subscriptions} subscriptions, expected ${expected.subscriptions ?? 0}`];
    return [];
  } catch (error) {
    return [(error as Error).message.slice(0, 300)];
  } finally {
    live.close();
    await within(live.closed, 5000, 'closing');
  }
}

// ---- the suite ----

describe('hostile subscriptions', () => {
  it('a value of the wrong type at every argument and input field of every Subscription field: the error message, BAD_USER_INPUT as a variable, GRAPHQL_VALIDATION_FAILED written', async () => {
    const cases = wrongTypeCases();
    const failures: string[] = [];
    // a socket, and a caller, per batch: within the rate limit
    const batch = Math.floor(RATE_LIMIT * 0.8);
    for (let start = 0; start < cases.length; start += batch) {
      const live = await LiveSocket.connect(url, await freshCaller());
      const slice = cases.slice(start, start + batch);
      slice.forEach((item, i) => live.send(subscribe(item.payload, `w${i}`) as unknown as Message));
      for (const [i, item] of slice.entries()) {
        try {
          const wrong = wrongErrors(await live.errorOf(`w${i}`), [item.code]);
          if (wrong.length) failures.push(`${item.label}: ${wrong.join('; ')}`);
        } catch (error) {
          failures.push(`${item.label}: ${(error as Error).message.slice(0, 300)}`);
          break;
        }
      }
      expect(live.messages.filter((m) => m.type === 'next')).toEqual([]);
      await answersPing(live, start);
      live.close();
    }
    expect(failures).toEqual([]);
    expect(subscriptionFields().length).toBeGreaterThanOrEqual(5);
    await expectSettled('wrong types', cases.length);
  });

  it('abuse of the protocol: the protocol\'s close code, or the error message and the socket served', async () => {
    const cases = protocolCases();
    const failures: string[] = [];
    for (const [n, item] of cases.entries()) {
      const wrong = await runProtocolCase(item, n);
      if (wrong.length) failures.push(`${item.label}: ${wrong.join('; ')}`);
    }
    expect(failures).toEqual([]);
    await expectSettled('protocol', cases.length);
  });

  it('a socket without the graphql-transport-ws subprotocol is closed 4406; another path is refused', async () => {
    const none = await LiveSocket.open(url, '');
    expect((await within(none.closed, 3000, 'close')).code).toBe(CloseCode.SubprotocolNotAcceptable);
    await expect(LiveSocket.open(url.replace('/graphql', '/graphql/x'))).rejects.toThrow(/404|Unexpected|socket hang up/);
    await expectSettled('subprotocol', 2);
  });

  it(`hundreds of subscribes on one socket: ${PER_CONNECTION} held (LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION), the rest SUBSCRIPTION_LIMIT or RATE_LIMITED`, async () => {
    const live = await LiveSocket.connect(url, await freshCaller());
    const total = 300;
    for (let i = 0; i < total; i++) live.subscribe(`f${i}`, PUBLISHED, { filter: { city: { eq: `flood ${i}` } } });
    await live.waitFor(() => live.messages.filter((m) => m.type === 'error').length >= total - PER_CONNECTION, 10_000);
    await answersPing(live, 1);
    const refused = live.messages.filter((m) => m.type === 'error');
    expect(refused).toHaveLength(total - PER_CONNECTION);
    const codes = refused.map((m) => m.payload[0].extensions.code as string);
    expect(new Set(codes)).toEqual(new Set([ErrorCode.SUBSCRIPTION_LIMIT, ErrorCode.RATE_LIMITED]));
    // a window of the rate limit may end during the flood: at most two windows' worth pass it
    expect(codes.filter((code) => code === ErrorCode.RATE_LIMITED).length).toBeGreaterThanOrEqual(total - 2 * RATE_LIMIT);
    expect(refused.find((m) => m.payload[0].extensions.code === ErrorCode.SUBSCRIPTION_LIMIT)!.payload[0].extensions.limit).toBe(PER_CONNECTION);
    expect(hub.server.live.multiplexer.counts()).toEqual({ subscriptions: baseline.subscriptions + PER_CONNECTION, groups: baseline.groups + PER_CONNECTION });
    await expectSettled('floods', total);
  });

  it(`many sockets from one address without a token: ${PER_CALLER} subscriptions held over them (LIVE_MAX_SUBSCRIPTIONS_PER_CALLER), and again once they close`, async () => {
    const sockets = await Promise.all(Array.from({ length: 30 }, () => LiveSocket.connect(url)));
    for (const [s, live] of sockets.slice(0, 6).entries()) {
      for (let i = 0; i < PER_CONNECTION; i++) live.subscribe(`c${i}`, PUBLISHED, { filter: { city: { eq: `caller ${s} ${i}` } } });
    }
    const refusedCount = () => sockets.reduce((sum, live) => sum + live.messages.filter((m) => m.type === 'error').length, 0);
    expect(await eventually(() => refusedCount() >= 6 * PER_CONNECTION - PER_CALLER, 10_000)).toBe(true);
    await Promise.all(sockets.map((live, n) => answersPing(live, n)));
    const refused = sockets.flatMap((live) => live.messages.filter((m) => m.type === 'error'));
    expect(refused).toHaveLength(6 * PER_CONNECTION - PER_CALLER);
    for (const m of refused) expect(m.payload[0].extensions).toMatchObject({ code: ErrorCode.SUBSCRIPTION_LIMIT, limit: PER_CALLER });
    expect(hub.server.live.multiplexer.counts().subscriptions).toBe(baseline.subscriptions + PER_CALLER);
    await LiveSocket.closeAll();
    // the caller's count is released with its sockets
    const again = await LiveSocket.connect(url);
    again.subscribe('again', PUBLISHED);
    await answersPing(again, 0);
    expect(again.of('again', 'error')).toEqual([]);
    await expectSettled('floods', 6 * PER_CONNECTION + 1);
  });

  it('sockets that subscribe then vanish without a close frame: their subscriptions, groups and caller counts are released', async () => {
    const caller = await freshCaller();
    for (let s = 0; s < 15; s++) {
      const live = await LiveSocket.connect(url, caller);
      for (let i = 0; i < 3; i++) live.subscribe(`v${i}`, PUBLISHED, { filter: { city: { eq: `vanish ${s} ${i}` } } });
      // every other socket vanishes before its subscribes are answered
      if (s % 2 === 0) await pause(30);
      (live.socket as unknown as { _socket: Socket })._socket.destroy();
      await within(live.closed, 3000, 'vanished');
    }
    const { multiplexer } = hub.server.live;
    expect(await eventually(() => multiplexer.counts().subscriptions === baseline.subscriptions, 3000)).toBe(true);
    expect(multiplexer.counts()).toEqual(baseline);
    // the caller holds nothing: its whole allowance is free
    const sockets = await Promise.all([0, 1, 2].map(() => LiveSocket.connect(url, caller)));
    sockets.forEach((live, s) => {
      for (let i = 0; i < PER_CONNECTION; i++) live.subscribe(`a${i}`, PUBLISHED, { filter: { city: { eq: `after ${s} ${i}` } } });
    });
    await Promise.all(sockets.map((live, n) => answersPing(live, n)));
    await pause(100);
    const refused = sockets.flatMap((live) => live.messages.filter((m) => m.type === 'error'));
    expect(refused).toHaveLength(3 * PER_CONNECTION - PER_CALLER);
    expect(multiplexer.counts().subscriptions).toBe(baseline.subscriptions + PER_CALLER);
    await expectSettled('floods', 45 + 3 * PER_CONNECTION);
  });

  it(`a subscriber that never reads: its subscription ends past LIVE_MAX_QUEUED (${MAX_QUEUED}) with SUBSCRIBER_TOO_SLOW, and its group is dropped`, async () => {
    const admin = await freshCaller();
    await ok(hub, 'mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id } }', {
      input: jobPostingDraft({ employerId: toGlobalId('Employer', 1), title: 'Slow reader', applyUrl: 'https://jobs.example.org/apply', validThrough: day(60) }),
    });
    const [{ key }] = await hub.sql<{ key: number }>(`select id as key from job_posting where title = 'Slow reader'`);
    const live = await LiveSocket.connect(url, admin);
    // each answer some 400 KB: the kernel's buffers fill after a few
    live.subscribe('slow', `subscription { jobPostingChanged { ${Array.from({ length: 40 }, (_, i) => `d${i}: description`).join(' ')} } }`);
    await pause(100);
    const { multiplexer } = hub.server.live;
    expect(multiplexer.counts().subscriptions).toBe(baseline.subscriptions + 1);
    const tcp = (live.socket as unknown as { _socket: Socket })._socket;
    tcp.pause();
    for (let i = 0; i < 60; i++) {
      await hub.sql(`update job_posting set description = repeat(?, 10000) where id = ?`, [String(i % 10), key]);
      await dataChanged();
      if (multiplexer.counts().subscriptions === baseline.subscriptions) break;
    }
    expect(await eventually(() => multiplexer.counts().subscriptions === baseline.subscriptions, 5000)).toBe(true);
    expect(multiplexer.counts()).toEqual(baseline);
    tcp.resume();
    const ended = await live.waitFor((m) => m.id === 'slow' && m.type === 'complete', 10_000);
    expect(ended).toBeTruthy();
    const last = live.of('slow', 'next').at(-1)!;
    expect(last.payload.errors[0].extensions).toEqual({ code: ErrorCode.SUBSCRIBER_TOO_SLOW, limit: MAX_QUEUED });
    await answersPing(live, 0);
    await expectSettled('floods', 1);
  });

  it('a client that floods pings and never reads: the hub stops reading it rather than hold every pong', async () => {
    const live = await LiveSocket.connect(url, await freshCaller());
    const tcp = (live.socket as unknown as { _socket: Socket })._socket;
    tcp.pause();
    const payload = { pad: 'p'.repeat(40_000) };
    const pings = 800;
    for (let n = 0; n < pings; n++) live.send({ type: 'ping', payload: { ...payload, n } });
    // about 32 MB sent, far more than the buffers between: the hub reads on only as its answers are read, so most of
    // it stays with the client (a hub that read on would have taken it all within a second or two, holding the pongs)
    await pause(5000);
    expect(live.socket.bufferedAmount).toBeGreaterThan(16 * 1024 * 1024);
    expect(hub.server.live.connections()).toBeGreaterThanOrEqual(1);
    tcp.resume();
    await live.waitFor(() => live.messages.filter((m) => m.type === 'pong').length === pings, 20_000);
    expect(live.messages.filter((m) => m.type === 'pong').map((m) => m.payload.n)).toEqual(Array.from({ length: pings }, (_, n) => n));
    live.messages.length = 0;
    await expectSettled('floods', 1);
  });

  it(`sockets that never send connection_init are closed 4408 after ${INIT_WAIT_MS / 1000} s`, async () => {
    const codes = await within(Promise.all(uninitialised.map((socket) => socket.closed)), INIT_WAIT_MS + 5000, 'init timeout');
    expect(codes).toEqual(uninitialised.map(() => CloseCode.ConnectionInitialisationTimeout));
    await expectSettled('init timeout', uninitialised.length);
  }, INIT_WAIT_MS + 10_000);

  it('sent hundreds of distinct hostile cases, and the hub logged no error', () => {
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    console.log(`hostile subscriptions: ${total} (${[...tally].map(([category, count]) => `${category} ${count}`).join(', ')})`);
    expect(total).toBeGreaterThanOrEqual(300);
    expect(errorLines).toEqual([]);
    expect(hub.server.live.connections()).toBe(0);
  });
});
