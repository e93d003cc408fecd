/**
 * A generated suite of hostile requests, built from the schema and the catalog so that a new type, connection,
 * order, argument or published operation is covered without editing it: input nested past MAX_INPUT_DEPTH (in
 * variables, in the document, over GET), ids of every type name there is, days out of range at every Date and
 * DateTime argument, forged cursors of every order of every connection, Apollo's persisted-query errors,
 * subscriptions over HTTP, huge and malformed bodies, values of the wrong type for every argument of every root
 * field, and the published operations with hostile variables in production mode as a caller without a token.
 *
 * Each request must be answered with a 4xx, or a 200 whose errors carry codes of the "Error codes" table of docs/api.md
 * (most cases also name the exact status and code they expect); none may answer 5xx or INTERNAL_SERVER_ERROR, the
 * hub may log no error, and every table's checksum is the same after each category as before the first.
 */
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  parse,
  typeFromAST,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { documentHash } from '../src/client/trusted-documents';
import { loadConfig } from '../src/config';
import { entities } from '../src/domain/entities';
import { Catalog, type ColumnKind } from '../src/graphql/catalog';
import { MAX_KEY, toGlobalId } from '../src/graphql/global-id';
import { ErrorCode } from '../src/errors';
import { hubSchema } from '../src/domain/schema';
import { loadTrustedDocuments } from '../src/http/persisted-documents';
import { createHubServer, type HubServer } from '../src/http/server';
import { operationVariables } from './operation-fixtures';
import { as, startTestHub, type TestHub } from './kit';
import { DOCUMENTED, errorLogLines, validValue, valueAt, wrongValues } from './hostile-values';
import { firstAnswer } from './live';

// ---- requests and answers ----

interface Injected {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

interface Expected {
  status?: number | number[];
  code?: string | string[];
  /** Data the answer must carry instead: the response key whose value must be null. */
  nullAt?: string;
  /** node() must answer null or a record of this type. */
  nodeOf?: string;
}

/** A subscribe message's payload, sent over WebSocket at /graphql (a published subscription). */
interface Subscribe {
  subscribe: Record<string, unknown>;
}

interface Hostile {
  label: string;
  server: 'dev' | 'prod';
  /** Who asks: ADMIN (every field readable, so that a refusal is the input's doing) or nobody. */
  caller: 'ADMIN' | 'PUBLIC';
  request: Injected | Subscribe;
  expected?: Expected;
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
}

/**
 * Values nested deeper than JSON.stringify can write (it recurses too): a placeholder string in the value, replaced
 * by the JSON text in the body.
 */
const deepTexts = new Map<string, string>();
function deep(text: string): string {
  const placeholder = `@deep${deepTexts.size}@`;
  deepTexts.set(placeholder, text);
  return placeholder;
}
function toJson(value: unknown): string {
  return JSON.stringify(value).replace(/"(@deep\d+@)"/g, (_, placeholder: string) => deepTexts.get(placeholder)!);
}

const post = (body: unknown, headers: Record<string, string> = {}): Injected => ({
  method: 'POST',
  url: '/graphql',
  headers: { 'content-type': 'application/json', ...headers },
  payload: typeof body === 'string' ? body : toJson(body),
});
const get = (params: Record<string, string>, headers: Record<string, string> = {}): Injected => ({
  method: 'GET',
  url: `/graphql?${new URLSearchParams(params)}`,
  headers: { 'apollo-require-preflight': 'true', ...headers },
});

const base64url = (text: string) => Buffer.from(text).toString('base64url');

let hub: TestHub;
let prod: HubServer;
/** Where each server takes subscriptions: ws://<address>/graphql. */
const liveUrls = { dev: '', prod: '' };
let adminToken: string;
let schema: GraphQLSchema;
let catalog: Catalog;
const { lines: errorLines, logStream } = errorLogLines();

/** Every table's row count and checksum of its rows. */
async function checksums(): Promise<Record<string, string>> {
  const tables = await hub.sql<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`);
  const union = tables.map(({ name }) => `select '${name}' as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum from "${name}" t`).join(' union all ');
  const rows = await hub.sql<{ name: string; sum: string }>(union);
  return Object.fromEntries(rows.map((row) => [row.name, row.sum]));
}
let before: Record<string, string>;

const ENV = { STATUS_SWEEP_HOURS: '0', RATE_LIMIT_MAX: '0', LOG_LEVEL: 'warn' };
const SECRET = 'a production secret of the hostile suite, long enough';

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1, env: ENV, logStream });
  // production mode on the same database, with its response cache, as npm start runs it
  prod = await createHubServer(loadConfig({ ...ENV, NODE_ENV: 'production', JWT_SECRET: SECRET }), hub.orm, { logStream });
  adminToken = (await as({ role: Role.ADMIN })).authorization;
  for (const [name, server] of [['dev', hub.server], ['prod', prod]] as const) {
    liveUrls[name] = `${(await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/graphql`;
  }
  schema = await hubSchema();
  catalog = new Catalog(hub.orm);
  before = await checksums();
}, 120_000);
afterAll(async () => {
  await prod?.close();
  await hub?.close();
});

/**
 * A subscribe message's answer read as over HTTP: its refusal (the protocol's error message) as a 400 with those
 * errors, its first answer as a 200; a socket the hub closed instead, its close code as the status (a failure here).
 */
async function subscribeOver(hostile: Hostile & { request: Subscribe }): Promise<Answer> {
  const message = toJson({ id: '1', type: 'subscribe', payload: hostile.request.subscribe });
  const authorization = hostile.caller === 'ADMIN' ? adminToken : undefined;
  try {
    const answer = await firstAnswer(liveUrls[hostile.server], authorization, message);
    if (answer === null) return { status: 200, body: { data: null } };
    return answer.type === 'error' ? { status: 400, body: { errors: answer.payload } } : { status: 200, body: answer.payload };
  } catch (error) {
    const code = /socket closed \((\d+)/.exec((error as Error).message)?.[1];
    return { status: code ? Number(code) : 599, body: { errors: [{ message: (error as Error).message }] } };
  }
}

async function send(hostile: Hostile): Promise<Answer> {
  if ('subscribe' in hostile.request) return subscribeOver(hostile as Hostile & { request: Subscribe });
  const server = hostile.server === 'dev' ? hub.server : prod;
  const headers = { ...hostile.request.headers };
  if (hostile.caller === 'ADMIN' && headers.authorization === undefined) headers.authorization = adminToken;
  const response = await server.app.inject({ ...hostile.request, headers });
  let body: Answer['body'];
  try {
    body = response.json();
  } catch {
    body = undefined;
  }
  return { status: response.statusCode, body };
}

/** What is wrong with an answer; empty when it is as every hostile request's answer must be. */
function problems(hostile: Hostile, answer: Answer): string[] {
  const found: string[] = [];
  const codes = (answer.body?.errors ?? []).map((error) => error.extensions?.code ?? '(none)');
  if (answer.status >= 500) found.push(`status ${answer.status}`);
  if (answer.body === undefined) found.push('no JSON body');
  if (answer.status >= 400 && codes.length === 0) found.push(`status ${answer.status} without errors`);
  if (answer.status >= 300 && answer.status < 400) found.push(`status ${answer.status}`);
  for (const code of codes) if (!DOCUMENTED.has(code) || code === ErrorCode.INTERNAL_SERVER_ERROR) found.push(`code ${code}`);
  const { status, code, nullAt, nodeOf } = hostile.expected ?? {};
  const node = answer.body?.data?.node as { __typename?: string } | null | undefined;
  if (nodeOf !== undefined && (codes.length > 0 || node === undefined || (node !== null && node.__typename !== nodeOf))) found.push(`expected a ${nodeOf} or null, got ${JSON.stringify(answer.body).slice(0, 200)}`);
  if (status !== undefined && ![status].flat().includes(answer.status)) found.push(`status ${answer.status}, expected ${status}`);
  if (code !== undefined && !codes.some((c) => [code].flat().includes(c))) found.push(`codes ${codes.join(',') || 'none'}, expected ${code}`);
  if (nullAt !== undefined && (codes.length > 0 || answer.body?.data?.[nullAt] !== null)) found.push(`expected ${nullAt}: null, got ${JSON.stringify(answer.body).slice(0, 200)}`);
  if (hostile.expected === undefined && answer.status === 200 && codes.length === 0 && !answer.body?.data) found.push('200 without data or errors');
  return found;
}

const sent = new Set<string>();
const tally = new Map<string, number>();

/** Sends every request of a category, then expects no answer to be wrong and every table to be as it was. */
async function runCategory(category: string, requests: Hostile[]): Promise<void> {
  const failures: string[] = [];
  let count = 0;
  for (const hostile of requests) {
    // only distinct requests are sent and counted
    const key = JSON.stringify([hostile.server, hostile.caller, hostile.request]);
    if (sent.has(key)) continue;
    sent.add(key);
    count++;
    const answer = await send(hostile);
    const wrong = problems(hostile, answer);
    if (wrong.length) failures.push(`[${hostile.server}] ${hostile.label}: ${wrong.join('; ')} ${JSON.stringify(answer.body?.errors?.[0]?.message ?? '').slice(0, 160)}`);
  }
  tally.set(category, count);
  expect(failures).toEqual([]);
  expect(await checksums()).toEqual(before);
}

// ---- the schema, read as a client would ----

type RootField = GraphQLField<unknown, unknown>;

function rootFields(kind: 'query' | 'mutation'): RootField[] {
  const type = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  return Object.values(type.getFields());
}

/** The selection a field needs to be valid: `{ __typename }` for composite types, nothing for leaves. */
function selectionOf(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  return isObjectType(named) || isInterfaceType(named) || isUnionType(named) ? ' { __typename }' : '';
}

/** An operation calling one root field with every argument given as a variable of its declared type. */
function operationOf(kind: 'query' | 'mutation', field: RootField, args: Record<string, unknown>): { query: string; variables: Record<string, unknown> } {
  const used = field.args.filter((arg) => arg.name in args);
  const declarations = used.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return {
    query: `${kind}${declarations ? `(${declarations})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selectionOf(field.type)} }`,
    variables: args,
  };
}

function requiredArgs(field: RootField, except: string): Record<string, unknown> {
  return Object.fromEntries(field.args.filter((arg) => arg.name !== except && isNonNullType(arg.type) && arg.defaultValue === undefined).map((arg) => [arg.name, validValue(arg.type)]));
}

/** The root connections: root fields with a page and an order. */
function rootConnections(): { field: RootField; typeName: string }[] {
  return rootFields('query')
    .filter((field) => field.args.some((arg) => arg.name === 'after') && field.args.some((arg) => arg.name === 'orderBy'))
    .map((field) => ({ field, typeName: getNamedType(field.type).name.replace(/Connection$/, '') }));
}

/** A connection's order fields: [enum value name, property]. */
function orderFields(field: RootField): [string, string][] {
  const orderBy = getNamedType(field.args.find((arg) => arg.name === 'orderBy')!.type);
  if (!isInputObjectType(orderBy)) throw new Error(`${field.name}: orderBy is not an input object`);
  const values = getNamedType(orderBy.getFields().field.type);
  if (!isEnumType(values)) throw new Error(`${field.name}: orderBy.field is not an enum`);
  return values.getValues().map((value) => [value.name, String(value.value)]);
}

// ---- the categories ----

const INPUT_DEPTH = loadConfig({}).maxInputDepth;

/** `{ not: { not: ... { id: { notIn: [] } } } }`, `levels` objects deep (the innermost condition is 2), as JSON. */
function notChain(levels: number): string {
  return `${'{"not":'.repeat(levels - 2)}{"id":{"notIn":[]}}${'}'.repeat(levels - 2)}`;
}

/** `{ and: [{ and: [ ... ] }] }`, each `and` 2 levels, as JSON. */
function andChain(levels: number): string {
  const ands = Math.floor((levels - 2) / 2);
  return `${'{"and":['.repeat(ands)}{"id":{"notIn":[]}}${']}'.repeat(ands)}`;
}

/** `[[[ ... "x" ... ]]]`, `levels` lists deep, as JSON. */
function listChain(levels: number): string {
  return `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;
}

function depthRequests(): Hostile[] {
  const requests: Hostile[] = [];
  const too = { status: 400, code: ErrorCode.INPUT_TOO_DEEP };
  for (const { field, typeName } of rootConnections()) {
    const filterType = String(field.args.find((arg) => arg.name === 'filter')!.type);
    const query = `query($f: ${filterType}) { ${field.name}(first: 1, filter: $f) { totalCount } }`;
    for (const levels of [INPUT_DEPTH + 1, 1000, 7000]) {
      requests.push({ label: `${field.name}: a filter variable of ${levels} levels of not`, server: 'dev', caller: 'ADMIN', request: post({ query, variables: { f: deep(notChain(levels)) } }), expected: too });
    }
    requests.push({ label: `${field.name}: a filter variable of 10,000 levels of and`, server: 'dev', caller: 'ADMIN', request: post({ query, variables: { f: deep(andChain(10_000)) } }), expected: too });
    requests.push({ label: `${field.name}: 2,000 levels of not over GET`, server: 'dev', caller: 'ADMIN', request: get({ query, variables: `{"f":${notChain(2000)}}` }), expected: too });
    // written in the document, within the token limit
    const literal = notChain(INPUT_DEPTH + 1).replace(/"([a-zA-Z]+)":/g, '$1: ');
    requests.push({ label: `${field.name}: a filter written ${INPUT_DEPTH + 1} levels deep`, server: 'dev', caller: 'ADMIN', request: post({ query: `{ ${field.name}(first: 1, filter: ${literal}) { totalCount } }` }), expected: too });
    requests.push({ label: `${typeName}: an undeclared variable nested 10,000 lists deep`, server: 'dev', caller: 'ADMIN', request: post({ query: `{ ${field.name}(first: 1) { totalCount } }`, variables: { [`unused${typeName}`]: deep(listChain(10_000)) } }), expected: too });
  }
  requests.push({ label: 'extensions nested 10,000 deep', server: 'dev', caller: 'ADMIN', request: post({ query: '{ __typename }', extensions: { deep: deep(listChain(10_000)) } }), expected: too });
  requests.push({ label: 'a list variable of 10,000 levels', server: 'dev', caller: 'ADMIN', request: post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: deep(listChain(10_000)) } }), expected: too });
  return requests;
}

/** Every name a global id could carry: the Node types, every table's entity, the schema's other types, and none. */
function typeNamesToForge(): string[] {
  const names = new Set<string>([...entities.map((entity) => entity.name), ...Object.keys(schema.getTypeMap()), 'IdempotencyKey', 'CertificationCycleTally', 'Nothing', 'A']);
  return [...names].sort();
}

function nodeTypes(): Set<string> {
  const node = schema.getType('Node');
  return new Set(isInterfaceType(node) ? schema.getPossibleTypes(node).map((type) => type.name) : []);
}

function nodeRequests(): Hostile[] {
  const requests: Hostile[] = [];
  const nodes = nodeTypes();
  const idShaped = /^[A-Z][A-Za-z]*$/;
  for (const name of typeNamesToForge()) {
    for (const key of [1, MAX_KEY]) {
      const id = idShaped.test(name) ? toGlobalId(name, key) : base64url(`${name}:${key}`);
      const expected: Expected = !idShaped.test(name) ? { status: 400, code: ErrorCode.BAD_USER_INPUT } : nodes.has(name) && key === 1 ? { status: 200, nodeOf: name } : { status: 200, nullAt: 'node' };
      requests.push({ label: `node() of ${name}:${key}`, server: 'dev', caller: 'ADMIN', request: post({ query: 'query($id: ID!) { node(id: $id) { __typename id } }', variables: { id } }), expected });
    }
    if (idShaped.test(name)) {
      requests.push({ label: `nodes() of ${name}`, server: 'dev', caller: 'ADMIN', request: post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }', variables: { ids: [toGlobalId(name, 2), toGlobalId(name, MAX_KEY)] } }), expected: { status: 200 } });
    }
  }
  // each root query by id, given the ids of types that are not its own
  const byId = rootFields('query').filter((field) => field.args.length === 1 && field.args[0].name === 'id' && isObjectType(getNamedType(field.type)));
  const strangers = ['ImportRun', 'IdempotencyKey', 'JobPostingAcceptedCredentialType', 'PageInfo'];
  for (const field of byId) {
    const own = getNamedType(field.type).name;
    const other = [...nodes].find((name) => name !== own)!;
    for (const name of [...strangers, other]) {
      requests.push({ label: `${field.name}() of a ${name} id`, server: 'dev', caller: 'ADMIN', request: post({ query: `query($id: ID!) { ${field.name}(id: $id) { __typename } }`, variables: { id: toGlobalId(name, 1) } }), expected: { status: 200, nullAt: field.name } });
    }
  }
  const forged = ['', 'x', '!!!', base64url('Employer:0'), base64url('Employer:-1'), base64url('Employer:2147483648'), base64url('Employer:1.5'), base64url('employer:1'), base64url(':1'), base64url('Employer:1\u0000'), 'A'.repeat(201), base64url('Employer:01')];
  for (const id of forged) {
    requests.push({ label: `node() of the forged id ${JSON.stringify(id.slice(0, 20))}`, server: 'dev', caller: 'ADMIN', request: post({ query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id } }), expected: { status: 400, code: ErrorCode.BAD_USER_INPUT } });
  }
  return requests;
}

const OUT_OF_RANGE_DAYS = ['9999-12-31', '1899-12-31', '2201-01-01', '2026-02-30'];
const OUT_OF_RANGE_INSTANTS = ['9999-12-31T23:59:59Z', '1899-12-31T23:59:59Z', '2200-12-31T23:00:00-12:00', '0000-01-01T00:00:00Z'];
/** The comparison operators tried in the Date and DateTime filters (the others take the same scalar). */
const DAY_OPERATORS = new Set(['eq', 'in']);

/**
 * Paths from a root field's arguments to each Date or DateTime input, each input field once per root field, through
 * at most 3 input objects: [argument, ...fields], with `[]` where the path enters a list.
 */
function dayPaths(field: RootField): { path: string[]; scalar: string }[] {
  const found: { path: string[]; scalar: string }[] = [];
  const seen = new Set<string>();
  const walk = (type: GraphQLInputType, path: string[], depth: number) => {
    const nullable = getNullableType(type) as GraphQLInputType;
    if (isListType(nullable)) return walk(nullable.ofType as GraphQLInputType, [...path, '[]'], depth);
    const named = nullable as GraphQLNamedType;
    if (named.name === 'Date' || named.name === 'DateTime') return void found.push({ path, scalar: named.name });
    if (!isInputObjectType(named) || depth >= 3) return;
    for (const inner of Object.values(named.getFields())) {
      const key = `${named.name}.${inner.name}`;
      if (seen.has(key)) continue;
      if ((named.name === 'DateFilter' || named.name === 'DateTimeFilter') && !DAY_OPERATORS.has(inner.name)) continue;
      seen.add(key);
      walk(inner.type, [...path, inner.name], depth + 1);
    }
  };
  for (const arg of field.args) walk(arg.type, [arg.name], 0);
  return found;
}

function dayRequests(): Hostile[] {
  const requests: Hostile[] = [];
  for (const kind of ['query', 'mutation'] as const) {
    for (const field of rootFields(kind)) {
      for (const { path, scalar } of dayPaths(field)) {
        const arg = field.args.find((a) => a.name === path[0])!;
        for (const day of scalar === 'Date' ? OUT_OF_RANGE_DAYS : OUT_OF_RANGE_INSTANTS) {
          const args = { ...requiredArgs(field, arg.name), [arg.name]: valueAt(arg.type, path.slice(1), day) };
          requests.push({
            label: `${field.name}(${path.join('.')}: ${day})`,
            server: 'dev',
            caller: 'ADMIN',
            request: post(operationOf(kind, field, args)),
            expected: { status: 400, code: ErrorCode.BAD_USER_INPUT },
          });
        }
      }
    }
  }
  // written in the document: refused as it is validated
  requests.push({ label: 'workforceMetrics(filter: { asOf: "9999-12-31" }) written in the document', server: 'dev', caller: 'ADMIN', request: post({ query: '{ workforceMetrics(filter: { asOf: "9999-12-31" }) { asOf } }' }), expected: { status: 400 } });
  requests.push({ label: 'certifications(filter: { expiresOn: { lt: "0001-01-01" } }) written in the document', server: 'dev', caller: 'ADMIN', request: post({ query: '{ certifications(filter: { expiresOn: { lt: "0001-01-01" } }) { totalCount } }' }), expected: { status: 400 } });
  // a field argument below the root: Certification.statusOn(date:)
  for (const day of OUT_OF_RANGE_DAYS) {
    requests.push({ label: `Certification.statusOn(date: ${day})`, server: 'dev', caller: 'ADMIN', request: post({ query: 'query($d: Date) { certifications(first: 2) { nodes { statusOn(date: $d) } } }', variables: { d: day } }), expected: { status: 400, code: ErrorCode.BAD_USER_INPUT } });
  }
  return requests;
}

/** Cursor values that fit no term of the kind (the term's SQL type), so that each must be refused. */
const UNFIT: Record<ColumnKind | 'float' | 'double', unknown[]> = {
  integer: [1e300, 2147483648, 1.5, '1'],
  float: [1e300, 1e-300, -1e300, '0.5'],
  double: ['0.5', true, {}],
  numeric: ['1e5', true, {}],
  date: ['9999-99-99', '2026-02-30', '0000-01-01', 20260101],
  timestamp: ['1', '2026-01-01', '0000-01-01 00:00:00+00', '2026-01-01 00:00:00+20'],
  text: [1e300, true, {}, 'a\u0000b'],
  boolean: ['true', 1, {}],
  other: [{}],
};

function cursor(typeName: string, signature: string, values: unknown[]): string {
  return base64url(JSON.stringify([typeName, signature, ...values]));
}

function cursorRequests(): Hostile[] {
  const requests: Hostile[] = [];
  const refused: Expected = { status: 400, code: ErrorCode.BAD_USER_INPUT };
  let n = 0;
  for (const { field, typeName } of rootConnections()) {
    const shape = catalog.get(typeName);
    const orderType = String(field.args.find((arg) => arg.name === 'orderBy')!.type);
    const filterType = String(field.args.find((arg) => arg.name === 'filter')!.type);
    for (const [name, property] of orderFields(field)) {
      const column = shape.columns.get(property);
      // a distance is a float8 (null for a row without a position)
      const kind: ColumnKind | 'float' | 'double' = property === 'relevance' ? 'float' : property === 'distanceMiles' ? 'double' : property === 'id' ? 'integer' : column!.kind;
      const signature = property === 'id' ? 'id:ASC' : `${property}:ASC,id:ASC`;
      const unfit = [...UNFIT[kind], ...(property !== 'id' && (column?.nullable || property === 'distanceMiles') ? [] : [null])];
      // relevance ranks the matches of a search, distance measures from a near
      const filter = property === 'relevance' ? { search: 'peer support' } : property === 'distanceMiles' ? { near: { postalCode: '78701', withinMiles: 50 } } : undefined;
      for (const value of unfit) {
        const values = property === 'id' ? [value] : [value, 1];
        const backward = n++ % 2 === 1;
        const query = `query($c: String, $o: ${orderType}, $f: ${filterType}) { ${field.name}(${backward ? 'last: 2, before' : 'first: 2, after'}: $c, orderBy: $o, filter: $f) { nodes { id } } }`;
        requests.push({
          label: `${field.name} by ${name}: ${backward ? 'before' : 'after'} a cursor holding ${JSON.stringify(value)}`,
          server: 'dev',
          caller: 'ADMIN',
          request: post({ query, variables: { c: cursor(typeName, signature, values), o: [{ field: name, direction: 'ASC' }], f: filter } }),
          expected: refused,
        });
      }
    }
    const forged = [
      'not a cursor !',
      'x'.repeat(5000),
      base64url('"a string"'),
      base64url('[]'),
      base64url('{}'),
      cursor(typeName === 'Employer' ? 'JobPosting' : 'Employer', 'id:ASC', [1]),
      cursor(typeName, 'id:DESC', [1]),
      cursor(typeName, 'id:ASC', []),
      cursor(typeName, 'id:ASC', [1, 2]),
      cursor(typeName, 'id:ASC', [[1]]),
      cursor(typeName, 'id:ASC', [{ a: 1 }]),
    ];
    for (const text of forged) {
      requests.push({
        label: `${field.name}: after the forged cursor ${JSON.stringify(text.slice(0, 30))}`,
        server: 'dev',
        caller: 'ADMIN',
        request: post({ query: `query($c: String) { ${field.name}(first: 2, after: $c) { nodes { id } } }`, variables: { c: text } }),
        expected: refused,
      });
    }
  }
  // nested connections take their cursors through the same decoding, at the field's own path
  for (const { field } of rootConnections()) {
    const parent = getNamedType(field.type);
    if (!isObjectType(parent)) continue;
    const nodeType = getNamedType(parent.getFields().nodes.type);
    if (!isObjectType(nodeType)) continue;
    for (const inner of Object.values(nodeType.getFields())) {
      if (!inner.args.some((arg) => arg.name === 'after')) continue;
      const innerType = getNamedType(inner.type).name.replace(/Connection$/, '');
      for (const value of [1e300, 'x']) {
        requests.push({
          label: `${field.name}.${inner.name}: after a cursor holding ${value}`,
          server: 'dev',
          caller: 'ADMIN',
          request: post({ query: `query($c: String) { ${field.name}(first: 2) { nodes { ${inner.name}(first: 1, after: $c) { nodes { id } } } } }`, variables: { c: cursor(innerType, 'id:ASC', [value]) } }),
        });
      }
    }
  }
  return requests;
}

function persistedRequests(server: 'dev' | 'prod'): Hostile[] {
  const [hash, text] = Object.entries(loadTrustedDocuments()).find(([, document]) => document.includes('DashboardJurisdictions'))!;
  const unknown = documentHash('{ __typename }');
  const pq = (persistedQuery: unknown, query?: string) => post({ ...(query === undefined ? {} : { query }), extensions: { persistedQuery } });
  const notSupported: Expected = { status: 400, code: ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED };
  const notFound: Expected = { status: 200, code: ErrorCode.PERSISTED_QUERY_NOT_FOUND };
  const mismatch: Expected = { status: 400, code: ErrorCode.BAD_REQUEST };
  const cases: [string, Injected, Expected][] = [
    ['version 2', pq({ version: 2, sha256Hash: hash }), notSupported],
    ['version "1"', pq({ version: '1', sha256Hash: hash }), notSupported],
    ['version 0 with the text', pq({ version: 0, sha256Hash: hash }, text), notSupported],
    ['no version', pq({ sha256Hash: hash }), notSupported],
    ['persistedQuery true', pq(true), notSupported],
    ['persistedQuery a string', pq('x'), notSupported],
    ['persistedQuery a list', pq([1]), notSupported],
    ['an unknown hash', pq({ version: 1, sha256Hash: unknown }), notFound],
    ['a hash in capitals', pq({ version: 1, sha256Hash: hash.toUpperCase() }), notFound],
    ['a hash of 10,000 characters', pq({ version: 1, sha256Hash: 'f'.repeat(10_000) }), notFound],
    ['a hash that is a number', pq({ version: 1, sha256Hash: 123 }), notFound],
    ['a hash that is an object', pq({ version: 1, sha256Hash: { a: 1 } }), notFound],
    ['no hash', pq({ version: 1 }), notFound],
    ['a hash that does not match the text', pq({ version: 1, sha256Hash: unknown }, text), mismatch],
    ['a trusted hash with another text', pq({ version: 1, sha256Hash: hash }, '{ __typename }'), mismatch],
    ['no hash with the text', pq({ version: 1 }, text), mismatch],
    ['version 2 over GET', get({ extensions: JSON.stringify({ persistedQuery: { version: 2, sha256Hash: hash } }) }), notSupported],
    ['an unknown hash over GET', get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: unknown } }) }), notFound],
  ];
  return cases.map(([label, request, expected]) => ({ label: `persisted query: ${label}`, server, caller: 'PUBLIC', request, expected }));
}

function subscriptionRequests(server: 'dev' | 'prod'): Hostile[] {
  const refused: Expected = { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' };
  const cases: [string, Injected][] = [
    ['an anonymous subscription', post({ query: 'subscription { jurisdictions { code } }' })],
    ['a named subscription', post({ query: 'subscription Watch { __typename }', operationName: 'Watch' })],
    ['a subscription with variables', post({ query: 'subscription($first: Int) { employers(first: $first) { totalCount } }', variables: { first: 1 } })],
    ['a subscription over GET', get({ query: 'subscription { __typename }' })],
    ['a subscription beside a query, chosen', post({ query: 'query Q { __typename } subscription S { __typename }', operationName: 'S' })],
    ['a subscription beside a query, not chosen', post({ query: 'query Q { __typename } subscription S { __typename }', operationName: 'Q' })],
    ['a subscription whose root field a variable includes', post({ query: 'subscription($on: Boolean!) { jobPostingPublished @include(if: $on) { id } }', variables: { on: true } })],
    ['a subscription whose root field a variable skips, in a fragment', post({ query: 'subscription($off: Boolean!) { ...F } fragment F on Subscription { jobPostingPublished @skip(if: $off) { id } }', variables: { off: false } })],
    ['a subscription asking for an event stream', post({ query: 'subscription { workforceMetrics { asOf } }' }, { accept: 'text/event-stream, multipart/mixed;subscriptionSpec="1.0", application/json' })],
  ];
  return cases.map(([label, request]) => ({ label: `subscription: ${label}`, server, caller: server === 'dev' ? 'ADMIN' : 'PUBLIC', request, expected: refused }));
}

function malformedRequests(server: 'dev' | 'prod', maxRequestBytes: number): Hostile[] {
  const badRequest: Expected = { status: 400 };
  // in production a caller without a token may run only the published operations: a document that parses and
  // validates is refused as untrusted, or first by a limit
  const untrusted = (dev: Expected): Expected =>
    server === 'dev' ? dev : { status: [400, 403], code: dev.code === undefined ? undefined : [ErrorCode.UNTRUSTED_DOCUMENT, ...[dev.code].flat()] };
  const json = { 'content-type': 'application/json' };
  const raw = (payload: string | Buffer, headers: Record<string, string> = json): Injected => ({ method: 'POST', url: '/graphql', headers, payload });
  const cases: [string, Injected, Expected][] = [
    ['a body that is not JSON', raw('not json'), badRequest],
    ['a truncated body', raw('{"query": "{ __typename'), badRequest],
    ['an empty body', raw(''), badRequest],
    ['null', raw('null'), badRequest],
    ['a string', raw('"{ __typename }"'), badRequest],
    ['a number', raw('42'), badRequest],
    ['true', raw('true'), badRequest],
    ['an empty array', raw('[]'), badRequest],
    ['an array of numbers', raw('[1, 2]'), badRequest],
    ['an array of arrays', raw('[[]]'), badRequest],
    ['a batch', raw('[{"query":"{ __typename }"},{"query":"{ __typename }"}]'), { status: 400, code: ErrorCode.BATCH_NOT_ALLOWED }],
    ['an empty object', raw('{}'), badRequest],
    ['a query that is a number', post({ query: 5 }), badRequest],
    ['a query that is an object', post({ query: { kind: 'Document' } }), badRequest],
    ['a query that is a list', post({ query: ['{ __typename }'] }), badRequest],
    ['a query that is null', post({ query: null }), badRequest],
    ['an empty query', post({ query: '' }), badRequest],
    ['a query of blanks', post({ query: '   \n\t ' }), { status: 400, code: 'GRAPHQL_PARSE_FAILED' }],
    ['variables as a string', post({ query: '{ __typename }', variables: '{}' }), badRequest],
    ['variables as a list', post({ query: '{ __typename }', variables: [1] }), badRequest],
    ['variables as a number', post({ query: '{ __typename }', variables: 5 }), badRequest],
    ['an operationName that is a number', post({ query: '{ __typename }', operationName: 5 }), badRequest],
    ['an operationName not in the document', post({ query: 'query A { __typename }', operationName: 'B' }), untrusted({ status: 400, code: 'OPERATION_RESOLUTION_FAILURE' })],
    ['two operations and no operationName', post({ query: 'query A { __typename } query B { __typename }' }), untrusted({ status: 400, code: 'OPERATION_RESOLUTION_FAILURE' })],
    ['a document of fragments only', post({ query: 'fragment F on Query { __typename }' }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' }],
    ['extensions as a string', post({ query: '{ __typename }', extensions: 'x' }), badRequest],
    ['extensions as a list', post({ query: '{ __typename }', extensions: [1] }), badRequest],
    ['a body over MAX_REQUEST_BYTES', post({ query: `{ __typename } # ${'x'.repeat(maxRequestBytes)}` }), { status: 400, code: ErrorCode.REQUEST_TOO_LARGE }],
    ['a query of one 60,000-character name', post({ query: `{ ${'x'.repeat(60_000)} }` }), badRequest],
    ['a query of 20,000 tokens', post({ query: `{ ${'a '.repeat(20_000)}}` }), { status: 400, code: ErrorCode.QUERY_TOO_LARGE }],
    ['fields nested 200 deep', post({ query: `${'{ jurisdictions '.repeat(200)}{ code }${' }'.repeat(200)}` }), badRequest],
    ['introspection nested past its depth', post({ query: `{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }` }), badRequest],
    ['500 aliases', post({ query: `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: __typename`).join(' ')} }` }), untrusted({ status: 400, code: ErrorCode.TOO_MANY_ALIASES })],
    ['a fragment bomb', post({ query: `query { ...F0 } ${Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ${i < 29 ? `...F${i + 1} a${i}: __typename ...F${i + 1}` : '__typename'} }`).join(' ')}` }), untrusted(badRequest)],
    ['invalid UTF-8', raw(Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0xff, 0xfe, 0x7d])), badRequest],
    ['__proto__ in the body', raw('{"query":"{ __typename }","__proto__":{"polluted":true}}'), badRequest],
    ['constructor.prototype in the variables', raw('{"query":"{ __typename }","variables":{"constructor":{"prototype":{"polluted":true}}}}'), badRequest],
    ['content-type text/plain', raw('{"query":"{ __typename }"}', { 'content-type': 'text/plain' }), { status: [400, 415] }],
    ['content-type application/graphql', raw('{ __typename }', { 'content-type': 'application/graphql' }), { status: 415 }],
    ['content-type multipart/form-data', raw('--x\r\n\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' }), { status: 415 }],
    ['JSON in UTF-16', raw(Buffer.from('{"query":"{ __typename }"}', 'utf16le'), { 'content-type': 'application/json; charset=utf-16' }), { status: [400, 415] }],
    ['an accept header without JSON', post({ query: '{ __typename }' }, { accept: 'text/plain' }), { status: 406 }],
    ['a token that is not one', post({ query: '{ __typename }' }, { authorization: 'Bearer not.a.token' }), { status: 401, code: ErrorCode.UNAUTHENTICATED }],
    ['a token of 10,000 characters', post({ query: '{ __typename }' }, { authorization: `Bearer ${'a'.repeat(10_000)}` }), { status: 401, code: ErrorCode.UNAUTHENTICATED }],
    ['a Basic authorization', post({ query: '{ __typename }' }, { authorization: 'Basic dXNlcjpwYXNz' }), { status: 401, code: ErrorCode.UNAUTHENTICATED }],
    ['GET without a query', get({}), badRequest],
    ['GET with variables that are not JSON', get({ query: '{ __typename }', variables: '{not json' }), badRequest],
    ['GET with extensions that are not JSON', get({ query: '{ __typename }', extensions: '[' }), badRequest],
    ['GET of a mutation', get({ query: 'mutation { publishJobPosting(id: "x") { id } }' }), { status: [400, 403, 405] }],
    ['GET with a content-type of text', get({ query: '{ __typename }' }, { 'content-type': 'text/plain' }), { status: 415 }],
    ['GET with the query twice', { method: 'GET', url: '/graphql?query=%7B__typename%7D&query=%7B__typename%7D', headers: { 'apollo-require-preflight': 'true' } }, badRequest],
    ['PUT', { method: 'PUT', url: '/graphql', headers: json, payload: '{"query":"{ __typename }"}' }, { status: 405 }],
    ['PATCH', { method: 'PATCH', url: '/graphql', headers: json, payload: '{"query":"{ __typename }"}' }, { status: 405 }],
    // production's CSRF prevention refuses a body-less request without a preflight header first
    ['DELETE', { method: 'DELETE', url: '/graphql' }, { status: server === 'dev' ? 405 : 400 }],
    ['a NUL in the document', post({ query: '{ jurisdiction(code: "M\\u0000N") { code } }' }), untrusted({ status: 400, code: ErrorCode.BAD_USER_INPUT })],
    ['a lone surrogate in the document', post({ query: '{ jurisdiction(code: "\ud800") { code } }' }), { status: 400, code: 'GRAPHQL_PARSE_FAILED' }],
  ];
  return cases.map(([label, request, expected]) => ({ label: `malformed: ${label}`, server, caller: server === 'dev' ? 'ADMIN' : 'PUBLIC', request, expected }));
}

function wrongTypeRequests(): Hostile[] {
  const requests: Hostile[] = [];
  for (const kind of ['query', 'mutation'] as const) {
    for (const field of rootFields(kind)) {
      for (const arg of field.args) {
        for (const value of wrongValues(arg.type)) {
          requests.push({
            label: `${field.name}(${arg.name}: ${JSON.stringify(value)})`,
            server: 'dev',
            caller: 'ADMIN',
            request: post(operationOf(kind, field, { ...requiredArgs(field, arg.name), [arg.name]: value })),
            expected: { status: 400, code: ErrorCode.BAD_USER_INPUT },
          });
        }
      }
    }
  }
  return requests;
}

/** The published operations, each variable in turn hostile, sent by a caller without a token in production. */
function publishedRequests(): Hostile[] {
  const requests: Hostile[] = [];
  let n = 0;
  for (const [hash, text] of Object.entries(loadTrustedDocuments())) {
    const document = parse(text);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const name = operation.name!.value;
    const fixture = operationVariables[name] ?? {};
    for (const definition of operation.variableDefinitions ?? []) {
      const variable = definition.variable.name.value;
      const type = typeFromAST(schema, definition.type) as GraphQLInputType;
      const named = getNamedType(type).name;
      const hostileValues: [string, unknown, Expected][] = wrongValues(type).map((value) => [JSON.stringify(value), value, { status: 400, code: ErrorCode.BAD_USER_INPUT }]);
      hostileValues.push(['nested 10,000 deep', deep(listChain(10_000)), { status: 400, code: ErrorCode.INPUT_TOO_DEEP }]);
      if (named === 'Date') for (const day of OUT_OF_RANGE_DAYS) hostileValues.push([day, isListType(getNullableType(type)) ? [day] : day, { status: 400, code: ErrorCode.BAD_USER_INPUT }]);
      // a read answers null; a change (RequestSupervision) is refused a caller without a token before it reads the id
      const named200: Expected = operation.operation === 'mutation' ? { status: 403, code: ErrorCode.FORBIDDEN } : { status: 200 };
      if (named === 'ID') for (const typeName of ['ImportRun', 'IdempotencyKey', 'PageInfo']) hostileValues.push([`an id of ${typeName}`, toGlobalId(typeName, 1), named200]);
      if (variable === 'after' || variable === 'before') {
        for (const value of [1e300, '9999-99-99', true]) hostileValues.push([`a cursor holding ${value}`, base64url(JSON.stringify(['JobPosting', 'id:ASC', value])), { status: 400, code: ErrorCode.BAD_USER_INPUT }]);
      }
      for (const [label, value, expected] of hostileValues) {
        const variables = { ...fixture, [variable]: value };
        // as its text and as its hash alone, in turn; a subscription over WebSocket (graphql-ws wants a query string)
        const byHash = n++ % 2 === 1;
        const body = byHash ? { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } } : { query: text, variables };
        const request = operation.operation === 'subscription' ? { subscribe: byHash ? { query: '', ...body } : body } : post(body);
        requests.push({ label: `${name}($${variable}: ${label})${operation.operation === 'subscription' ? ' over WebSocket' : ''}`, server: 'prod', caller: 'PUBLIC', request, expected });
      }
    }
  }
  // and what was seen to fail, as callers without a token send it
  requests.push({ label: 'an untrusted node() of an ImportRun', server: 'prod', caller: 'PUBLIC', request: post({ query: `{ node(id: "${toGlobalId('ImportRun', 1)}") { id } }` }), expected: { status: 403, code: ErrorCode.UNTRUSTED_DOCUMENT } });
  return requests;
}

describe('hostile requests', () => {
  it('docs/api.md documents every code the hub sends', () => {
    expect([...DOCUMENTED].sort()).toEqual(expect.arrayContaining(Object.values(ErrorCode)));
  });

  it('input nested past MAX_INPUT_DEPTH, in variables, over GET and in the document: 400 INPUT_TOO_DEEP', async () => {
    await runCategory('depth', depthRequests());
  });

  it('ids of every type name: a Node type reads its record, any other type null, a forged id 400', async () => {
    await runCategory('node', nodeRequests());
  });

  it('days out of range at every Date and DateTime argument: 400 BAD_USER_INPUT', async () => {
    await runCategory('days', dayRequests());
  });

  it('forged cursors of every order of every connection: 400 BAD_USER_INPUT', async () => {
    await runCategory('cursors', cursorRequests());
  });

  it("persisted-query errors answer Apollo's codes", async () => {
    await runCategory('persisted', [...persistedRequests('dev'), ...persistedRequests('prod')]);
  });

  it('subscriptions over HTTP: 400 GRAPHQL_VALIDATION_FAILED', async () => {
    await runCategory('subscriptions', [...subscriptionRequests('dev'), ...subscriptionRequests('prod')]);
  });

  it('huge and malformed bodies, methods and headers: a 4xx with a code', async () => {
    await runCategory('malformed', [...malformedRequests('dev', hub.config.maxRequestBytes), ...malformedRequests('prod', hub.config.maxRequestBytes)]);
  });

  it('a value of the wrong type for every argument of every root field: 400 BAD_USER_INPUT', async () => {
    await runCategory('wrong types', wrongTypeRequests());
  });

  it('the published operations with hostile variables, in production without a token (subscriptions over WebSocket)', async () => {
    const requests = publishedRequests();
    const subscriptions = Object.values(loadTrustedDocuments()).filter((text) => /^subscription /.test(text)).map((text) => /^subscription (\w+)/.exec(text)![1]);
    const overWebSocket = new Set(requests.filter((r) => 'subscribe' in r.request).map((r) => r.label.split('(')[0]));
    expect(subscriptions.length).toBeGreaterThan(0);
    expect([...overWebSocket].sort()).toEqual(subscriptions.sort());
    await runCategory('production', requests);
  });

  it('sent more than 500 distinct requests, and the hub logged no error', () => {
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    console.log(`hostile requests: ${total} (${[...tally].map(([category, count]) => `${category} ${count}`).join(', ')})`);
    expect(tally.size).toBe(9);
    expect(total).toBeGreaterThanOrEqual(500);
    expect(sent.size).toBe(total);
    expect(errorLines).toEqual([]);
  });
});
