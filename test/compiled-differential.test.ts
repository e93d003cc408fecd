/**
 * A differential pass over compiled execution (src/graphql/compiled-execution.ts): documents generated from the schema,
 * each sent twice with a trailing comment of its own, so that its first run is interpreted by graphql-js and its
 * second runs as graphql-jit compiled it (COMPILE_AFTER_RUNS=2, the hub's default). The two answers must be the same:
 * data, errors (message, path, locations, extensions), HTTP status, the sqlStatements extension, and the order of the
 * answer's keys. A case whose first run reached the executor with variables graphql-js takes must have its second run
 * compiled, and the hub may log no error.
 *
 * Categories: every root Query field with its scalar and enum arguments as variables and as literals (as five
 * callers); aliases of one field with different arguments; named and inline fragments, node(id:) with `... on X` for
 * every Node type; @include/@skip from Boolean variables, on fields, fragment spreads and inline fragments; list
 * variables (with null, a single value, empty); enum variables with values that are not of the enum; Date and DateTime
 * values, valid and invalid, as variables and literals; omitted variables with and without defaults; nested
 * connections paged with first: 0, last, after and before; resolver errors (forged ids, cursors of another connection
 * or order, pages over MAX_PAGE_SIZE); mutations refused; introspection; one field selected twice with a directive on
 * one of the two; a fragment spread under a directive in one place only; omitted variables inside literal input
 * objects (reads, refused mutations, and updates, which write); variables and aliases named as Object.prototype's
 * properties; errors beside fields still reading and under every item of a page; an operation compiled for some
 * variables and sent with others. */
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  visit,
  typeFromAST,
  validate,
  type GraphQLArgument,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { loadConfig } from '../src/config';
import { hubSchema } from '../src/domain/schema';
import { MAX_KEY, toGlobalId } from '../src/graphql/global-id';
import { countTokens } from '../src/graphql/limits';
import { errorLogLines, validValue } from './hostile-values';
import { as, digests, freezeToday, jobPostingDraft, startTestHub, unfreezeToday, type GraphQLResponse, type TestHub } from './kit';

// ---- the schema, read once: the cases are generated from it ----

let schema: GraphQLSchema;
let queryType: GraphQLObjectType;
let mutationType: GraphQLObjectType;
let NODE_TYPES: string[];

/** Reads the schema the cases are generated from (vitest awaits the suite's collector for it). */
async function readSchema(): Promise<void> {
  schema = await hubSchema();
  queryType = schema.getQueryType()!;
  mutationType = schema.getMutationType()!;
  NODE_TYPES = schema
    .getPossibleTypes(schema.getType('Node') as never)
    .map((type) => type.name)
    .sort();
}
/** The hub's page size limit (MAX_PAGE_SIZE), as the test kit's hub has it. */
const MAX_PAGE_SIZE = loadConfig({}).maxPageSize;
const TODAY = '2026-11-20';

type Caller = 'ADMIN' | 'TX_ANALYST' | 'EMPLOYER' | 'PEER' | 'PUBLIC';
const CALLERS: Caller[] = ['ADMIN', 'TX_ANALYST', 'EMPLOYER', 'PEER', 'PUBLIC'];
const PEER_KEY = 12;
const EMPLOYER_KEY = 2;

/** Values read from the data once the hub runs (cursors), by name. */
const found: Record<string, unknown> = {};

interface Case {
  category: string;
  label: string;
  caller: Caller;
  query: string;
  /** The variables, or a function of what was read from the data before the cases ran. */
  variables?: Record<string, unknown> | ((found: Record<string, unknown>) => Record<string, unknown>);
  /** What both answers must also be (both are the same, or the case fails anyway). */
  expected?: { status?: number; code?: string };
}

const gid = toGlobalId;
const isConnectionType = (type: GraphQLOutputType) => {
  const named = getNamedType(type);
  return isObjectType(named) && named.name.endsWith('Connection') && 'edges' in named.getFields();
};
const requiredArgs = (field: GraphQLField<unknown, unknown>) => field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
const isLeafField = (field: GraphQLField<unknown, unknown>) => isLeafType(getNamedType(field.type)) && requiredArgs(field).length === 0;
const fieldsOf = (type: GraphQLObjectType) => Object.values(type.getFields());
const nodeTypeOf = (field: GraphQLField<unknown, unknown>) => {
  const named = getNamedType(field.type);
  return NODE_TYPES.includes(named.name) ? named.name : undefined;
};
/** The type of a connection's nodes. */
const connectionNode = (type: GraphQLOutputType) => getNamedType((getNamedType(type) as GraphQLObjectType).getFields().nodes.type) as GraphQLObjectType;
/** Whether an argument's type is one a variable may carry to a compiled run: no input object in it. */
const scalarish = (type: GraphQLInputType) => !isInputObjectType(getNamedType(type));

/** The leaf fields of a type (no required arguments). */
function leaves(type: GraphQLObjectType): string[] {
  return fieldsOf(type)
    .filter(isLeafField)
    .map((field) => field.name);
}

/**
 * A selection of the type: its leaves, to-one objects (their ids or their own leaves, `depth` levels down), and with
 * `connections` each connection's first two items with cursors, page info and count.
 */
function selectionOf(type: GraphQLOutputType, depth: number, connections: boolean): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isAbstractType(named)) {
    const types = schema.getPossibleTypes(named);
    // a leaf whose type differs from one possible type to another, under an alias of its type's (else they conflict)
    const typesOf = new Map<string, Set<string>>();
    for (const t of types) for (const leaf of leaves(t)) typesOf.set(leaf, (typesOf.get(leaf) ?? new Set()).add(String(t.getFields()[leaf].type)));
    const selected = (t: GraphQLObjectType) => leaves(t).slice(0, 4).map((leaf) => (typesOf.get(leaf)!.size > 1 ? `${t.name}_${leaf}: ${leaf}` : leaf));
    const possible = types.map((t) => `... on ${t.name} { ${depth > 0 ? selected(t).join(' ') : '__typename'} }`);
    return `{ __typename ${named.name === 'Node' ? 'id' : ''} ${possible.join(' ')} }`;
  }
  const object = named as GraphQLObjectType;
  if (isConnectionType(object)) return connectionSelection(object, depth > 0 ? `{ ${leaves(connectionNode(object)).join(' ')} }` : '{ id }');
  const parts: string[] = [];
  for (const field of fieldsOf(object)) {
    if (requiredArgs(field).length > 0) continue;
    if (isLeafField(field)) parts.push(field.name);
    else if (isConnectionType(field.type)) {
      if (connections && depth > 0) parts.push(`${field.name}(first: 2) ${connectionSelection(getNamedType(field.type) as GraphQLObjectType, '{ id }')}`);
    } else if (depth > 0) parts.push(`${field.name} ${selectionOf(field.type, depth - 1, false)}`);
    else if ('id' in (getNamedType(field.type) as GraphQLObjectType).getFields?.()) parts.push(`${field.name} { id }`);
  }
  return `{ ${parts.join(' ')} }`;
}

function connectionSelection(_type: GraphQLObjectType, node: string): string {
  return `{ totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node ${node} } }`;
}

/** A selection with at most `budget` tokens: less nested, then without connections, as the limit requires. */
function fittedSelection(type: GraphQLOutputType, budget = 2200): string {
  for (const [depth, connections] of [
    [1, true],
    [0, true],
    [1, false],
    [0, false],
  ] as const) {
    const selection = selectionOf(type, depth, connections);
    if (countTokens(selection) <= budget) return selection;
  }
  return '{ __typename }';
}

/** A variable's value for an argument of a root field, by its name and type. */
function argumentValue(field: GraphQLField<unknown, unknown>, arg: GraphQLArgument): unknown {
  const nodeType = nodeTypeOf(field);
  switch (arg.name) {
    case 'id':
      return gid(field.name === 'node' ? 'Certification' : (nodeType ?? 'Employer'), field.name === 'peerSpecialist' ? PEER_KEY : 1);
    case 'ids':
      return NODE_TYPES.slice(0, 8).map((type) => gid(type, 1));
    case 'code':
    case 'jurisdiction':
      return 'TX';
    case 'credentialNumber':
      return 'MHPS-000001';
    case 'lastName':
      return 'Garcia';
    case 'firstName':
      return 'M';
    case 'first':
      return 2;
    case 'groupBy':
      return ['JURISDICTION', 'STATUS'].filter((key) => (getNamedType(arg.type) as GraphQLEnumType).getValue(key));
    default:
      return validValue(arg.type);
  }
}

/** A value written in GraphQL. */
function literal(value: unknown, type: GraphQLInputType): string {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (value === null) return 'null';
  if (isListType(nullable)) return `[${(value as unknown[]).map((item) => literal(item, nullable.ofType as GraphQLInputType)).join(', ')}]`;
  if (isEnumType(nullable)) return String(value);
  return JSON.stringify(value);
}

/** The literal input object of a required input-object argument, its fields given as variables `$<arg>_<field>`. */
function inputWithVariables(arg: GraphQLArgument, values: Record<string, unknown>): { text: string; definitions: string[]; variables: Record<string, unknown> } {
  const type = getNamedType(arg.type);
  if (!isInputObjectType(type)) throw new Error(`${arg.name} is not an input object`);
  const parts: string[] = [];
  const definitions: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const field of Object.values(type.getFields())) {
    if (!scalarish(field.type)) continue;
    const name = `${arg.name}_${field.name}`;
    parts.push(`${field.name}: $${name}`);
    definitions.push(`$${name}: ${String(field.type)}`);
    if (field.name in values) variables[name] = values[field.name];
    else if (isNonNullType(field.type)) variables[name] = validValue(field.type);
  }
  return { text: `{ ${parts.join(', ')} }`, definitions, variables };
}

const INPUT_VALUES: Record<string, Record<string, unknown>> = {
  WorkforceSeriesFilter: { from: '2025-11-01', to: '2026-10-31', interval: 'QUARTER', jurisdictions: ['TX', 'MN'] },
  WorkforceMetricsFilter: { asOf: '2026-11-01', jurisdictions: ['TX'] },
};

// ---- the categories ----

/** Every root Query field, its scalar and enum arguments as variables (some left out) and as literals. */
function rootFieldCases(): Case[] {
  const cases: Case[] = [];
  for (const field of fieldsOf(queryType)) {
    const definitions: string[] = [];
    const args: string[] = [];
    const literalArgs: string[] = [];
    const variables: Record<string, unknown> = {};
    for (const arg of field.args) {
      if (scalarish(arg.type)) {
        definitions.push(`$${arg.name}: ${String(arg.type)}`);
        args.push(`${arg.name}: $${arg.name}`);
        // connections: first given, after, before and last declared and left out
        if (!['after', 'before', 'last'].includes(arg.name)) {
          variables[arg.name] = argumentValue(field, arg);
          literalArgs.push(`${arg.name}: ${literal(variables[arg.name], arg.type)}`);
        }
      } else if (isNonNullType(arg.type) || INPUT_VALUES[getNamedType(arg.type).name]) {
        const input = inputWithVariables(arg, INPUT_VALUES[getNamedType(arg.type).name] ?? {});
        definitions.push(...input.definitions);
        args.push(`${arg.name}: ${input.text}`);
        Object.assign(variables, input.variables);
        const fields = Object.entries(input.variables).map(([name, value]) => {
          const fieldName = name.slice(arg.name.length + 1);
          const type = (getNamedType(arg.type) as never as { getFields(): Record<string, { type: GraphQLInputType }> }).getFields()[fieldName].type;
          return `${fieldName}: ${literal(value, type)}`;
        });
        literalArgs.push(`${arg.name}: { ${fields.join(', ')} }`);
      }
    }
    const selection = fittedSelection(field.type);
    const withArgs = (list: string[]) => (list.length ? `(${list.join(', ')})` : '');
    const byVariables = `query Root${definitions.length ? `(${definitions.join(', ')})` : ''} { ${field.name}${withArgs(args)} ${selection} }`;
    const byLiterals = `query RootLiteral { ${field.name}${withArgs(literalArgs)} ${selection} }`;
    for (const caller of CALLERS) {
      cases.push({ category: 'root fields', label: `${field.name} (variables)`, caller, query: byVariables, variables });
      if (caller === 'ADMIN' || caller === 'PUBLIC' || caller === 'PEER') cases.push({ category: 'root fields', label: `${field.name} (literals)`, caller, query: byLiterals });
    }
  }
  return cases;
}

const rootConnections = () => fieldsOf(queryType).filter((field) => isConnectionType(field.type));
const rootById = () => fieldsOf(queryType).filter((field) => nodeTypeOf(field) && field.args.length === 1 && field.args[0].name === 'id' && !isListType(getNullableType(field.type)));

/** Aliases of one field with different arguments, as variables and literals. */
function aliasCases(): Case[] {
  const cases: Case[] = [];
  for (const field of rootConnections()) {
    const node = connectionNode(field.type);
    const query = `query Aliases($n: Int, $m: Int = 1) {
      a: ${field.name}(first: 1) { edges { cursor node { id } } }
      b: ${field.name}(last: $m) { pageInfo { hasPreviousPage startCursor } nodes { id } }
      c: ${field.name}(first: $n) { totalCount nodes { ${leaves(node).slice(0, 3).join(' ')} } }
      d: ${field.name}(first: 0) { totalCount pageInfo { hasNextPage endCursor } }
    }`;
    cases.push({ category: 'aliases', label: field.name, caller: 'ADMIN', query, variables: { n: 3 } });
    cases.push({ category: 'aliases', label: field.name, caller: 'PUBLIC', query, variables: { n: 2 } });
  }
  for (const field of rootById()) {
    const type = nodeTypeOf(field)!;
    const other = NODE_TYPES.find((name) => name !== type)!;
    const query = `query ByIdAliases($a: ID!, $b: ID!, $c: ID!) {
      a: ${field.name}(id: $a) { id __typename }
      b: ${field.name}(id: $b) { id }
      c: ${field.name}(id: $c) { id }
      d: ${field.name}(id: ${JSON.stringify(gid(type, 2))}) { id }
    }`;
    // b: an id of another type (null); c: no id of this hub (an error at ["c"])
    cases.push({ category: 'aliases', label: field.name, caller: 'ADMIN', query, variables: { a: gid(type, 1), b: gid(other, 1), c: 'not-a-global-id' } });
  }
  return cases;
}

/** node(id:) with `... on X` for every Node type, named fragments on Node and on X, and nodes(ids:) of every type. */
function fragmentCases(): Case[] {
  const cases: Case[] = [];
  for (const type of NODE_TYPES) {
    const object = schema.getType(type) as GraphQLObjectType;
    const others = NODE_TYPES.filter((name) => name !== type).slice(0, 3);
    const query = `query NodeOf($id: ID!) {
      node(id: $id) {
        __typename
        ...NodeId
        ... on ${type} ${selectionOf(object, 0, false)}
        ${others.map((name) => `... on ${name} { id __typename }`).join('\n')}
        ... { id }
      }
    }
    fragment NodeId on Node { id }`;
    for (const caller of CALLERS) {
      const key = type === 'PeerSpecialist' && caller === 'PEER' ? PEER_KEY : type === 'Employer' && caller === 'EMPLOYER' ? EMPLOYER_KEY : 1;
      cases.push({ category: 'fragments', label: `node ... on ${type}`, caller, query, variables: { id: gid(type, key) } });
    }
    const byId = rootById().find((field) => nodeTypeOf(field) === type);
    if (byId) {
      const named = `query Named($id: ID!) {
        direct: ${byId.name}(id: $id) { ...Own ...Outer }
        viaNode: node(id: $id) { ...Own ... on Node { ...Outer } }
      }
      fragment Own on ${type} { id ${leaves(object).slice(0, 5).join(' ')} }
      fragment Outer on Node { __typename ... on ${type} { ...Own } }`;
      cases.push({ category: 'fragments', label: `named fragments on ${type}`, caller: 'ADMIN', query: named, variables: { id: gid(type, 2) } });
      cases.push({ category: 'fragments', label: `named fragments on ${type}`, caller: 'PUBLIC', query: named, variables: { id: gid(type, 2) } });
    }
  }
  const everyType = `query Every($ids: [ID!]!) {
    nodes(ids: $ids) { __typename id ${NODE_TYPES.map((type) => `... on ${type} { ${leaves(schema.getType(type) as GraphQLObjectType).slice(0, 2).map((leaf) => `${type}_${leaf}: ${leaf}`).join(' ')} }`).join(' ')} }
  }`;
  const ids = [...NODE_TYPES.map((type) => gid(type, 3)), gid('Employer', 999999), gid('NotAType', 1)];
  for (const caller of CALLERS) cases.push({ category: 'fragments', label: 'nodes(ids:) of every type', caller, query: everyType, variables: { ids } });
  // an id that is no id of this hub among good ones: where the error is, and what the list holds
  cases.push({ category: 'fragments', label: 'nodes(ids:) with a forged id', caller: 'ADMIN', query: everyType, variables: { ids: [gid('Employer', 1), 'forged', gid('JobPosting', 1)] } });
  return cases;
}

/** @include and @skip from Boolean variables, on fields, relations, connections, inline fragments and fragment spreads. */
function directiveCases(): Case[] {
  const cases: Case[] = [];
  for (const field of rootById()) {
    const type = schema.getType(nodeTypeOf(field)!) as GraphQLObjectType;
    const [first, second, third] = leaves(type).filter((name) => name !== 'id');
    const relation = fieldsOf(type).find((f) => !isLeafField(f) && !isConnectionType(f.type) && requiredArgs(f).length === 0 && isObjectType(getNamedType(f.type)) && 'id' in (getNamedType(f.type) as GraphQLObjectType).getFields());
    const connection = fieldsOf(type).find((f) => isConnectionType(f.type));
    const query = `query Directives($a: Boolean!, $b: Boolean!, $id: ID!) {
      one: ${field.name}(id: $id) {
        id
        ${first ?? ''} @include(if: $a)
        ${second ?? first ?? ''} @skip(if: $b)
        ${relation ? `${relation.name} @include(if: $a) @skip(if: $b) { id }` : ''}
        ${connection ? `${connection.name}(first: 2) @skip(if: $a) { totalCount nodes { id } }` : ''}
        ... on ${type.name} @include(if: $b) { ${third ?? first ?? 'id'} }
        ...Shared @skip(if: $a)
      }
      two: ${field.name}(id: $id) { ...Shared }
      three: ${field.name}(id: $id) @include(if: $b) { ...Shared @include(if: $a) }
      viewer @include(if: $a) { role }
    }
    fragment Shared on ${type.name} { id ${[first, second, third].filter(Boolean).join(' ')} ${relation ? `${relation.name} { id }` : ''} }`;
    for (const [a, b] of [
      [true, true],
      [true, false],
      [false, true],
      [false, false],
    ]) {
      cases.push({ category: '@include/@skip', label: `${field.name} a=${a} b=${b}`, caller: 'ADMIN', query, variables: { a, b, id: gid(type.name, 1) } });
    }
  }
  // defaults of the Boolean variables, left out and given
  const defaults = `query DirectiveDefaults($a: Boolean = false, $b: Boolean! = true) {
    jurisdictions { code name @include(if: $a) employers(first: 1) @skip(if: $b) { totalCount } }
    viewer @skip(if: $a) { role jurisdictions @include(if: $b) }
  }`;
  for (const variables of [{}, { a: true }, { b: false }, { a: true, b: false }]) {
    for (const caller of ['ADMIN', 'TX_ANALYST'] as const) cases.push({ category: '@include/@skip', label: `defaults ${JSON.stringify(variables)}`, caller, query: defaults, variables });
  }
  // a Boolean variable with a default, sent null: refused both times
  for (const variables of [{ a: null }, { b: null }]) {
    cases.push({ category: '@include/@skip', label: `null ${JSON.stringify(variables)}`, caller: 'ADMIN', query: defaults, variables });
  }
  return cases;
}

/** List variables: with null items, a single value where a list is expected, empty. */
function listCases(): Case[] {
  const cases: Case[] = [];
  const nodes = 'query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }';
  const values: unknown[] = [[gid('Employer', 1), null], [null], gid('Employer', 1), [], [gid('Employer', 1), gid('Employer', 1)], null, Array.from({ length: MAX_PAGE_SIZE + 1 }, (_, i) => gid('Employer', i + 1))];
  for (const ids of values) cases.push({ category: 'lists', label: `nodes ids=${JSON.stringify(ids).slice(0, 40)}`, caller: 'ADMIN', query: nodes, variables: { ids } });
  for (const stats of ['certificationStats', 'jobPostingStats']) {
    const field = queryType.getFields()[stats];
    const groupType = String(field.args.find((arg) => arg.name === 'groupBy')!.type);
    const query = `query Stats($g: ${groupType}) { ${stats}(groupBy: $g, first: 5) { hasMore buckets { count suppressed } } }`;
    for (const g of [['JURISDICTION', null], 'JURISDICTION', [], ['JURISDICTION', 'JURISDICTION'], [null]]) {
      for (const caller of ['ADMIN', 'PUBLIC'] as const) cases.push({ category: 'lists', label: `${stats} groupBy=${JSON.stringify(g)}`, caller, query, variables: { g } });
    }
  }
  // a list variable inside a literal input object, and variables as the items of a literal list
  const metrics = `query Metrics($j: [String!], $a: String = "TX", $b: String = "MN") {
    listed: workforceMetrics(filter: { jurisdictions: $j }) { byJurisdiction { jurisdiction { code } } }
    items: workforceMetrics(filter: { jurisdictions: [$a, $b] }) { byJurisdiction { jurisdiction { code } } }
  }`;
  for (const variables of [{ j: ['TX'] }, { j: ['TX', null] }, { j: 'MN' }, {}, { j: null }, { a: null }, { b: 'TX' }]) {
    cases.push({ category: 'lists', label: `workforceMetrics ${JSON.stringify(variables)}`, caller: 'ADMIN', query: metrics, variables });
  }
  return cases;
}

/** Enum variables, with the values of the enum and values that are not: the latter refused 400 both times. */
function enumCases(): Case[] {
  const cases: Case[] = [];
  const bad = (label: string, query: string, variables: Record<string, unknown>): Case => ({
    category: 'enums',
    label,
    caller: 'ADMIN',
    query,
    variables,
    expected: { status: 400, code: 'BAD_USER_INPUT' },
  });
  for (const field of rootConnections()) {
    const orderBy = field.args.find((arg) => arg.name === 'orderBy');
    if (!orderBy) continue;
    const input = getNamedType(orderBy.type) as never as { getFields(): Record<string, { type: GraphQLInputType }> };
    const orderField = getNamedType(input.getFields().field.type) as GraphQLEnumType;
    const query = `query Ordered($f: ${orderField.name}!, $d: OrderDirection) { ${field.name}(first: 2, orderBy: [{ field: $f, direction: $d }]) { edges { cursor node { id } } } }`;
    // every order field, descending: a relevance or distance order without its filter is the resolver's error
    for (const value of orderField.getValues()) cases.push({ category: 'enums', label: `${field.name} orderBy ${value.name}`, caller: 'ADMIN', query, variables: { f: value.name, d: 'DESC' } });
    cases.push(bad(`${field.name} orderBy NOT_A_VALUE`, query, { f: 'NOT_A_VALUE' }));
    cases.push(bad(`${field.name} orderBy lower case`, query, { f: orderField.getValues()[0].name.toLowerCase(), d: 'ASC' }));
    cases.push(bad(`${field.name} direction 1`, query, { f: orderField.getValues()[0].name, d: 1 }));
  }
  const stats = 'query StatsOrdered($o: StatsOrder, $g: [CertificationGroupKey!]!) { certificationStats(groupBy: $g, orderBy: $o, first: 3) { buckets { count key { jurisdiction { code } } } } }';
  for (const o of ['COUNT_DESC', 'KEYS', null]) cases.push({ category: 'enums', label: `certificationStats orderBy ${o}`, caller: 'PUBLIC', query: stats, variables: { o, g: ['JURISDICTION'] } });
  cases.push(bad('certificationStats orderBy count_desc', stats, { o: 'count_desc', g: ['JURISDICTION'] }));
  cases.push(bad('certificationStats groupBy NOPE', stats, { g: ['NOPE'] }));
  const close = 'mutation Close($id: ID!, $outcome: JobPostingOutcome!) { closeJobPosting(id: $id, outcome: $outcome) { id status } }';
  cases.push(bad('closeJobPosting outcome NOPE', close, { id: gid('JobPosting', 999999), outcome: 'NOPE' }));
  cases.push(bad('closeJobPosting outcome true', close, { id: gid('JobPosting', 999999), outcome: true }));
  return cases;
}

/** Date and DateTime values, as variables and as literals: valid, at the ends of the range, and invalid. */
function scalarCases(): Case[] {
  const cases: Case[] = [];
  const days: [unknown, boolean][] = [
    ['2026-01-01', true],
    ['1900-01-01', true],
    ['2200-12-31', true],
    ['2026-13-01', false],
    ['2026-02-30', false],
    ['1899-12-31', false],
    ['2201-01-01', false],
    [20260101, false],
    ['2026-01-01T00:00:00Z', false],
    ['', false],
  ];
  const statusOn = 'query StatusOn($id: ID!, $day: Date) { certification(id: $id) { status statusOn(date: $day) today: statusOn } }';
  for (const [day, valid] of days) {
    cases.push({ category: 'scalars', label: `statusOn ${JSON.stringify(day)}`, caller: 'ADMIN', query: statusOn, variables: { id: gid('Certification', 7), day }, expected: valid ? { status: 200 } : { status: 400, code: 'BAD_USER_INPUT' } });
    if (typeof day === 'string') {
      const literalQuery = `query StatusOnLiteral { certification(id: ${JSON.stringify(gid('Certification', 7))}) { statusOn(date: ${JSON.stringify(day)}) } }`;
      cases.push({ category: 'scalars', label: `statusOn literal ${JSON.stringify(day)}`, caller: 'PUBLIC', query: literalQuery, expected: valid ? { status: 200 } : { status: 400 } });
    }
  }
  const metrics = 'query AsOf($asOf: Date) { workforceMetrics(filter: { asOf: $asOf }) { asOf period { from to } totals { __typename } } }';
  for (const [day, valid] of days.slice(0, 6)) {
    cases.push({ category: 'scalars', label: `workforceMetrics asOf ${JSON.stringify(day)}`, caller: 'TX_ANALYST', query: metrics, variables: { asOf: day }, expected: valid ? undefined : { status: 400, code: 'BAD_USER_INPUT' } });
  }
  // every Date and DateTime filter field of every root connection, as a variable inside a literal filter
  const instants: [unknown, boolean][] = [
    ['2026-01-01T00:00:00Z', true],
    ['2026-01-01T09:30:00+02:00', true],
    ['2026-01-01', false],
    ['2026-01-01T25:00:00Z', false],
    ['1899-12-31T23:59:59Z', false],
    [1, false],
  ];
  for (const field of rootConnections()) {
    const filter = field.args.find((arg) => arg.name === 'filter');
    if (!filter) continue;
    const filterType = getNamedType(filter.type) as never as { getFields(): Record<string, { name: string; type: GraphQLInputType }> };
    for (const input of Object.values(filterType.getFields())) {
      const inputName = getNamedType(input.type).name;
      if (inputName !== 'DateFilter' && inputName !== 'DateTimeFilter') continue;
      const scalar = inputName === 'DateFilter' ? 'Date' : 'DateTime';
      const query = `query Dated($v: ${scalar}) { ${field.name}(first: 2, filter: { ${input.name}: { gte: $v } }) { totalCount nodes { id } } }`;
      const values = scalar === 'Date' ? [days[0], days[3], days[7]] : [instants[0], instants[1], instants[2], instants[3]];
      for (const [value, valid] of values) {
        cases.push({ category: 'scalars', label: `${field.name}.${input.name} ${JSON.stringify(value)}`, caller: 'ADMIN', query, variables: { v: value }, expected: valid ? undefined : { status: 400, code: 'BAD_USER_INPUT' } });
      }
    }
  }
  // IDs as numbers (coerced to text, then no id of this hub), Int and Float out of their range
  const ids = 'query NumberId($id: ID!) { employer(id: $id) { id } }';
  for (const id of [5, 5.5, '5', true]) cases.push({ category: 'scalars', label: `ID ${JSON.stringify(id)}`, caller: 'ADMIN', query: ids, variables: { id } });
  const page = 'query Page($n: Int) { employers(first: $n) { totalCount } }';
  for (const n of [2 ** 31, -(2 ** 31) - 1, 1.5, '2', 1e3]) cases.push({ category: 'scalars', label: `Int ${JSON.stringify(n)}`, caller: 'ADMIN', query: page, variables: { n } });
  const near = 'query Near($zip: String!, $miles: Float!, $remote: Boolean) { jobPostings(first: 3, filter: { near: { postalCode: $zip, withinMiles: $miles, includeRemote: $remote } }) { totalCount nodes { id distanceMiles } } }';
  for (const variables of [{ zip: '78701', miles: 50 }, { zip: '78701', miles: 50.5, remote: true }, { zip: '78701', miles: '50' }, { zip: '00000', miles: 10 }, { zip: '78701', miles: -1 }, { zip: '78701', miles: 1e308 }]) {
    cases.push({ category: 'scalars', label: `near ${JSON.stringify(variables)}`, caller: 'PUBLIC', query: near, variables });
  }
  return cases;
}

/** Variables left out: with defaults of their own, into arguments with defaults, and without either. */
function defaultCases(): Case[] {
  const cases: Case[] = [];
  for (const field of rootConnections()) {
    const query = `query Defaults($first: Int = 1, $after: String, $last: Int, $before: String) { ${field.name}(first: $first, after: $after, last: $last, before: $before) { totalCount edges { cursor } } }`;
    cases.push({ category: 'defaults', label: `${field.name} all left out`, caller: 'ADMIN', query, variables: {} });
    cases.push({ category: 'defaults', label: `${field.name} first null`, caller: 'ADMIN', query, variables: { first: null } });
  }
  const stats = `query StatsDefaults($first: Int, $o: StatsOrder, $g: [CertificationGroupKey!]! = [JURISDICTION, STATUS]) {
    certificationStats(groupBy: $g, first: $first, orderBy: $o) { hasMore buckets { count suppressed key { status } } }
  }`;
  for (const variables of [{}, { first: null }, { first: 2 }, { o: null }, { g: ['STATUS'] }]) {
    for (const caller of ['ADMIN', 'PUBLIC'] as const) cases.push({ category: 'defaults', label: `certificationStats ${JSON.stringify(variables)}`, caller, query: stats, variables });
  }
  const byName = 'query ByName($first: String, $last: String! = "Garcia", $j: String! = "TX") { verifyCertificationsByName(jurisdiction: $j, lastName: $last, firstName: $first) { hasMore matches { credentialNumber status } } }';
  for (const variables of [{}, { first: 'M' }, { first: null }, { last: 'Smith' }, { j: 'MN', last: 'Johnson' }]) {
    cases.push({ category: 'defaults', label: `verifyCertificationsByName ${JSON.stringify(variables)}`, caller: 'PUBLIC', query: byName, variables });
  }
  const withDefaults = `query OwnDefaults($id: ID = "${gid('Certification', 7)}", $day: Date = "2026-06-01", $order: OrderDirection = DESC, $n: Int! = 2) {
    certification(id: $id) { id statusOn(date: $day) }
    jobPostings(first: $n, orderBy: [{ field: CITY, direction: $order }]) { nodes { id city } }
  }`;
  for (const variables of [{}, { id: gid('Certification', 8) }, { day: null }, { order: 'ASC' }, { n: 1 }, { n: null }]) {
    cases.push({ category: 'defaults', label: `own defaults ${JSON.stringify(variables)}`, caller: 'ADMIN', query: withDefaults, variables });
  }
  // a direction left out inside a literal input object: the input field's default (ASC)
  const direction = 'query Direction($d: OrderDirection) { employers(first: 3, orderBy: [{ field: NAME, direction: $d }]) { nodes { name } } }';
  for (const variables of [{}, { d: 'DESC' }, { d: null }]) cases.push({ category: 'defaults', label: `orderBy direction ${JSON.stringify(variables)}`, caller: 'ADMIN', query: direction, variables });
  const series = 'query Series($from: Date = "2025-11-01", $to: Date!, $i: SeriesInterval) { workforceTimeSeries(filter: { from: $from, to: $to, interval: $i }) { interval months totals { month } } }';
  for (const variables of [{ to: '2026-10-31' }, { to: '2026-10-31', i: 'QUARTER' }, { to: '2026-10-31', from: null }, {}]) {
    cases.push({ category: 'defaults', label: `workforceTimeSeries ${JSON.stringify(variables)}`, caller: 'PUBLIC', query: series, variables });
  }
  return cases;
}

/** Every connection of every type read by id: first: 0, last, after and before cursors, and the refusals of paging. */
function nestedConnectionCases(): Case[] {
  const cases: Case[] = [];
  for (const byId of rootById()) {
    const type = schema.getType(nodeTypeOf(byId)!) as GraphQLObjectType;
    for (const connection of fieldsOf(type).filter((f) => isConnectionType(f.type))) {
      const target = connectionNode(connection.type).name;
      const query = `query Nested($id: ID!, $first: Int, $last: Int, $after: String, $before: String) {
        ${byId.name}(id: $id) { id ${connection.name}(first: $first, last: $last, after: $after, before: $before) {
          totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } nodes { id }
        } }
      }`;
      const id = gid(type.name, 1);
      const variants: [string, Case['variables'], Caller?][] = [
        ['first 0', { id, first: 0 }],
        ['last 2', { id, last: 2 }],
        ['last 0', { id, last: 0 }],
        ['after a cursor', (f) => ({ id, first: 2, after: f[`cursor:${target}`] })],
        ['before a cursor', (f) => ({ id, last: 2, before: f[`cursor:${target}`] })],
        ['first over MAX_PAGE_SIZE', { id, first: MAX_PAGE_SIZE + 1 }],
        ['last -1', { id, last: -1 }],
        ['first and last', { id, first: 1, last: 1 }],
        ['a cursor of another connection', (f) => ({ id, first: 2, after: f[`cursor:${target === 'Employer' ? 'JobPosting' : 'Employer'}`] })],
        ['a cursor of another order', (f) => ({ id, first: 2, after: f[`cursor:${target}:ordered`] })],
        ['a forged cursor', { id, after: 'bm90IGEgY3Vyc29y' }],
        ['first 2 (public)', { id, first: 2 }, 'PUBLIC'],
      ];
      for (const [label, variables, caller] of variants) {
        cases.push({ category: 'nested connections', label: `${type.name}.${connection.name} ${label}`, caller: caller ?? 'ADMIN', query, variables });
      }
    }
  }
  return cases;
}

/** Resolver errors: forged ids at every by-id root field, and paging refused at every root connection. */
function resolverErrorCases(): Case[] {
  const cases: Case[] = [];
  for (const field of rootById()) {
    const type = nodeTypeOf(field)!;
    const query = `query Forged($id: ID!) { ${field.name}(id: $id) { id } }`;
    for (const id of ['not a global id', gid('NotAType', 1), gid(type, 0), Buffer.from(`${type}:${MAX_KEY + 1}`).toString('base64url'), gid(type, MAX_KEY), '']) {
      cases.push({ category: 'resolver errors', label: `${field.name}(id: ${JSON.stringify(id).slice(0, 30)})`, caller: 'ADMIN', query, variables: { id } });
    }
  }
  for (const field of rootConnections()) {
    const query = `query Refused($first: Int, $last: Int, $after: String, $before: String) {
      ok: ${field.name}(first: 1) { totalCount }
      refused: ${field.name}(first: $first, last: $last, after: $after, before: $before) { edges { cursor } }
    }`;
    const node = connectionNode(field.type).name;
    const variants: [string, Case['variables']][] = [
      ['first over MAX_PAGE_SIZE', { first: MAX_PAGE_SIZE + 1 }],
      ['last over MAX_PAGE_SIZE', { last: MAX_PAGE_SIZE + 1 }],
      ['first and before', { first: 1, before: 'x' }],
      ['a cursor of another connection', (f) => ({ after: f[`cursor:${node === 'Employer' ? 'JobPosting' : 'Employer'}`] })],
      ['a cursor of another order', (f) => ({ before: f[`cursor:${node}:ordered`], last: 1 })],
    ];
    for (const [label, variables] of variants) cases.push({ category: 'resolver errors', label: `${field.name} ${label}`, caller: 'ADMIN', query, variables });
  }
  return cases;
}

/** Mutations refused (ids of no record, callers without the right): one root field, and two in turn. */
function mutationCases(): Case[] {
  const cases: Case[] = [];
  for (const field of fieldsOf(mutationType)) {
    if (!field.args.every((arg) => scalarish(arg.type))) continue;
    const definitions = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
    const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const target = getNamedType(field.type) as GraphQLObjectType;
    const query = `mutation Refused(${definitions}) { ${field.name}(${args}) { id __typename } }`;
    const variables = (id: unknown) =>
      Object.fromEntries(field.args.map((arg) => [arg.name, getNamedType(arg.type).name === 'ID' ? id : getNamedType(arg.type).name === 'Date' ? TODAY : validValue(arg.type)]));
    for (const caller of ['ADMIN', 'PUBLIC', 'PEER'] as const) {
      cases.push({ category: 'mutations', label: `${field.name} of no record`, caller, query, variables: variables(gid(target.name, 999999)) });
    }
    cases.push({ category: 'mutations', label: `${field.name} forged id`, caller: 'ADMIN', query, variables: variables('forged') });
  }
  // two root fields run in turn: the first refused with a non-null type
  const twice = `mutation Twice($a: ID!, $b: ID!) {
    first: publishJobPosting(id: $a) { id }
    second: pauseJobPosting(id: $b) { id }
  }`;
  for (const caller of ['ADMIN', 'EMPLOYER', 'PUBLIC'] as const) {
    cases.push({ category: 'mutations', label: 'two refused in turn', caller, query: twice, variables: { a: gid('JobPosting', 999999), b: 'forged' } });
  }
  return cases;
}

/** Introspection and __typename. */
function introspectionCases(): Case[] {
  const query = `query Types($name: String!) {
    __typename
    t: __typename
    __type(name: $name) { name kind fields { name args { name type { name kind ofType { name } } defaultValue } } enumValues { name } }
    __schema { queryType { name } mutationType { name } subscriptionType { name } directives { name locations } }
    viewer { __typename role }
  }`;
  return ['Employer', 'StatsOrder', 'NoSuchType', 'Node', 'DateFilter'].flatMap((name) =>
    (['ADMIN', 'PUBLIC'] as const).map((caller): Case => ({ category: 'introspection', label: name, caller, query, variables: { name } })),
  );
}

/**
 * One field selected twice in a selection set, one of the two under @skip/@include (on the field, an inline fragment
 * or a fragment spread): graphql-js leaves the excluded node out of the field's nodes, and the planner plans the
 * field under the node that is left.
 */
function mergedFieldCases(): Case[] {
  const cases: Case[] = [];
  for (const byId of rootById()) {
    const type = schema.getType(nodeTypeOf(byId)!) as GraphQLObjectType;
    const relation = fieldsOf(type).find((f) => !isLeafField(f) && !isConnectionType(f.type) && requiredArgs(f).length === 0 && nodeTypeOf(f));
    const connection = fieldsOf(type).find((f) => isConnectionType(f.type));
    const id = gid(type.name, 1);
    const variants: [string, string][] = [];
    if (relation) {
      variants.push(
        [`${relation.name} twice, the first skipped`, `${relation.name} @skip(if: $a) { id } ${relation.name} { __typename id }`],
        [`${relation.name} twice, the first in an inline fragment included`, `... @include(if: $a) { ${relation.name} { id } } ${relation.name} { __typename }`],
        [`${relation.name} twice, the first in a fragment spread skipped`, `...Relation @skip(if: $a) ${relation.name} { __typename }`],
      );
    }
    if (connection) {
      variants.push([`${connection.name} twice, the first skipped`, `${connection.name}(first: 2) @skip(if: $a) { totalCount } ${connection.name}(first: 2) { nodes { id } }`]);
    }
    for (const [label, selection] of variants) {
      const fragment = relation && selection.includes('...Relation') ? `fragment Relation on ${type.name} { ${relation.name} { id } }` : '';
      const query = `query Merged($a: Boolean!, $id: ID!) { ${byId.name}(id: $id) { id ${selection} } } ${fragment}`;
      for (const a of [true, false]) cases.push({ category: 'merged fields', label: `${type.name}.${label} a=${a}`, caller: 'ADMIN', query, variables: { a, id } });
    }
  }
  for (const field of rootConnections().slice(0, 6)) {
    const query = `query MergedRoot($a: Boolean!) { ${field.name}(first: 2) @skip(if: $a) { totalCount } ${field.name}(first: 2) { nodes { id } } }`;
    for (const a of [true, false]) cases.push({ category: 'merged fields', label: `${field.name} twice at the root a=${a}`, caller: 'ADMIN', query, variables: { a } });
  }
  return cases;
}

/**
 * A named fragment spread in several places, under @include/@skip in one of them only: the other spreads select its
 * fields whatever the variable. Also across the operations of one document.
 */
function sharedFragmentCases(): Case[] {
  const cases: Case[] = [];
  const viewer = 'query SharedViewer($a: Boolean!) { one: viewer { ...V @include(if: $a) } two: viewer { ...V } } fragment V on Viewer { role jurisdictions }';
  for (const a of [true, false]) for (const caller of ['ADMIN', 'PUBLIC'] as const) cases.push({ category: 'shared fragments', label: `viewer a=${a}`, caller, query: viewer, variables: { a } });
  for (const field of rootById()) {
    const type = nodeTypeOf(field)!;
    const object = schema.getType(type) as GraphQLObjectType;
    const query = `query Shared($a: Boolean!, $id: ID!) {
      one: ${field.name}(id: $id) { id ...F @skip(if: $a) }
      two: ${field.name}(id: $id) { ...F }
      three: node(id: $id) { ... on ${type} { ...F } }
    }
    fragment F on ${type} { ${leaves(object).slice(0, 3).join(' ')} }`;
    for (const a of [true, false]) cases.push({ category: 'shared fragments', label: `${type} a=${a}`, caller: 'ADMIN', query, variables: { a, id: gid(type, 1) } });
  }
  return cases;
}

/**
 * Two operations of one document sharing a fragment, the first spreading it under @include: the second, chosen by
 * operationName, selects its fields whatever the first does. Sent as its own case, after the first was compiled.
 */
const TWO_OPERATIONS = `query First($a: Boolean!) { jurisdictions { code ...J @include(if: $a) } }
query Second { jurisdictions { ...J } }
fragment J on Jurisdiction { name }`;

/** Omitted variables inside literal input objects of reads: the same answer as the field left out. */
function literalInputCases(): Case[] {
  const cases: Case[] = [];
  const reads: [string, string, Record<string, unknown>[]][] = [
    [
      'query Filtered($status: JobPostingStatus, $remote: Boolean, $q: String) { jobPostings(first: 3, filter: { status: { eq: $status }, remote: { eq: $remote }, search: $q }) { totalCount nodes { id } } }',
      'jobPostings filter',
      [{}, { status: 'OPEN' }, { q: 'crisis' }, { remote: null }],
    ],
    [
      'query Near($zip: String! = "78701", $miles: Float! = 60, $remote: Boolean) { jobPostings(first: 3, filter: { near: { postalCode: $zip, withinMiles: $miles, includeRemote: $remote } }) { totalCount nodes { id distanceMiles } } }',
      'near includeRemote',
      [{}, { remote: true }, { remote: null }],
    ],
    [
      'query Metrics($asOf: Date, $c: [CredentialCategory!], $j: [String!]) { workforceMetrics(filter: { asOf: $asOf, credentialCategories: $c, jurisdictions: $j }) { asOf credentialCategories byJurisdiction { jurisdiction { code } } } }',
      'workforceMetrics filter',
      [{}, { c: ['PEER'] }, { asOf: '2026-06-30', j: ['TX'] }],
    ],
    [
      'query StatsHaving($n: Int, $g: [JobPostingGroupKey!]!) { jobPostingStats(groupBy: $g, having: { count: { gte: $n } }, first: 5) { buckets { count suppressed } } }',
      'jobPostingStats having',
      [{ g: ['STATUS'] }, { g: ['STATUS'], n: 2 }],
    ],
  ];
  for (const [query, label, variableSets] of reads) {
    for (const variables of variableSets) for (const caller of ['ADMIN', 'PUBLIC'] as const) cases.push({ category: 'literal inputs', label: `${label} ${JSON.stringify(variables)}`, caller, query, variables });
  }
  // every mutation with an input object, written as a literal with its fields as variables, only the required ones
  // sent (ids of no record): refused both times, nothing written
  for (const field of fieldsOf(mutationType)) {
    const inputArgs = field.args.filter((arg) => !scalarish(arg.type));
    if (inputArgs.length === 0) continue;
    const definitions: string[] = [];
    const args: string[] = [];
    const variables: Record<string, unknown> = {};
    for (const arg of field.args) {
      if (scalarish(arg.type)) {
        definitions.push(`$${arg.name}: ${String(arg.type)}`);
        args.push(`${arg.name}: $${arg.name}`);
        variables[arg.name] = getNamedType(arg.type).name === 'ID' ? gid((getNamedType(field.type) as GraphQLObjectType).name, 999999) : validValue(arg.type);
        continue;
      }
      const input = inputWithVariables(arg, {});
      definitions.push(...input.definitions);
      args.push(`${arg.name}: ${input.text}`);
      for (const [name, value] of Object.entries(input.variables)) variables[name] = typeof value === 'string' && value === gid('Employer', 1) ? gid('Employer', 999999) : value;
    }
    const query = `mutation Literal(${definitions.join(', ')}) { ${field.name}(${args.join(', ')}) { id } }`;
    // a peer only where an id of no record refuses it (a peer may submit what needs no id)
    const callers: Caller[] = Object.values(variables).includes(gid('Employer', 999999)) ? ['PUBLIC', 'PEER'] : ['PUBLIC'];
    for (const caller of callers) cases.push({ category: 'literal inputs', label: `${field.name} required fields only`, caller, query, variables });
  }
  return cases;
}

/** Variables and aliases named as the properties every JavaScript object has. */
function nameCases(): Case[] {
  const cases: Case[] = [];
  for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__proto__']) {
    const query = `query Named($${name}: Int! = 2, $flag: Boolean! = true) { employers(first: $${name}) @include(if: $flag) { totalCount nodes { id } } }`;
    cases.push({ category: 'names', label: `variable $${name} left out`, caller: 'ADMIN', query, variables: {} });
    if (name !== '__proto__') cases.push({ category: 'names', label: `variable $${name} given`, caller: 'ADMIN', query, variables: { [name]: 1 } });
    const flag = `query NamedFlag($${name}: Boolean! = false) { viewer { role jurisdictions @include(if: $${name}) } }`;
    cases.push({ category: 'names', label: `Boolean $${name} left out`, caller: 'ADMIN', query: flag, variables: {} });
    const alias = `query Aliased { ${name}: viewer { role } after: jurisdictions { code } }`;
    cases.push({ category: 'names', label: `alias ${name}`, caller: 'ADMIN', query: alias });
  }
  return cases;
}

/**
 * A non-null root field refused at once beside another still reading: graphql-js answers as soon as the data is
 * null, the statements counted then; the compiled run should count the same.
 */
function earlyErrorCases(): Case[] {
  const cases: Case[] = [];
  for (const field of rootById().slice(0, 6)) {
    const query = `query Early($bad: ID!, $id: ID!) { refused: nodes(ids: [$bad]) { id } still: ${field.name}(id: $id) { id } }`;
    cases.push({ category: 'early errors', label: `nodes refused beside ${field.name}`, caller: 'ADMIN', query, variables: { bad: 'forged', id: gid(nodeTypeOf(field)!, 1) } });
  }
  const many = `query Many($bad: ID!) {
    jurisdictions { code employers(first: 101) { totalCount } }
    a: employer(id: $bad) { id }
    b: node(id: $bad) { id }
    c: nodes(ids: [$bad, "${gid('Employer', 1)}"]) { id }
  }`;
  for (const caller of ['ADMIN', 'PUBLIC'] as const) cases.push({ category: 'early errors', label: 'errors in lists and aliases', caller, query: many, variables: { bad: 'forged' } });
  return cases;
}

/** Updates whose input leaves fields out: those fields keep their values (what graphql-js passes: no field at all). */
function updateCases(): Case[] {
  const cases: Case[] = [];
  const targets: [string, Caller, (f: Record<string, unknown>) => Record<string, unknown>][] = [
    ['updateJobPosting', 'EMPLOYER', (f) => ({ id: f.draft, input_title: 'Peer specialist (nights)' })],
    ['updateWebhookEndpoint', 'ADMIN', (f) => ({ id: f.endpoint, input_url: 'https://example.org/hooks/renamed' })],
  ];
  for (const [name, caller, variables] of targets) {
    const field = mutationType.getFields()[name];
    const input = inputWithVariables(field.args.find((arg) => arg.name === 'input')!, {});
    const query = `mutation Update($id: ID!, ${input.definitions.join(', ')}) { ${name}(id: $id, input: ${input.text}) ${selectionOf(field.type, 0, false)} }`;
    cases.push({ category: 'updates', label: `${name}, one field given`, caller, query, variables });
  }
  // the fields of the draft a null clears (applyUrl, postalCode, languages...), left out beside the title
  const clearable = `mutation Clearable($id: ID!, $title: String, $applyUrl: String, $postalCode: String, $languages: [String!], $validThrough: Date, $programId: ID) {
    updateJobPosting(id: $id, input: { title: $title, applyUrl: $applyUrl, postalCode: $postalCode, languages: $languages, validThrough: $validThrough, programId: $programId }) {
      title applyUrl postalCode languages validThrough program { id }
    }
  }`;
  cases.push({ category: 'updates', label: 'updateJobPosting, the fields a null clears left out', caller: 'EMPLOYER', query: clearable, variables: (f) => ({ id: f.draft, title: 'Peer specialist (weekends)' }) });
  return cases;
}

/**
 * An operation compiled for some variables, then sent with others: its compiled run must answer those as graphql-js
 * does (here the interpreted run is of the same document under another comment).
 */
const RECOMPILED: { label: string; query: string; first: Record<string, unknown>; then: Record<string, unknown> }[] = [
  { label: 'paging forward then backward', query: 'query Paged($first: Int, $last: Int) { employers(first: $first, last: $last) { edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage } } }', first: { first: 2 }, then: { last: 2 } },
  { label: '@include true then false', query: 'query Flag($a: Boolean!) { jurisdictions { code name @include(if: $a) employers(first: 1) @include(if: $a) { totalCount } } }', first: { a: true }, then: { a: false } },
  { label: '@skip false then true', query: 'query Flag2($a: Boolean!, $id: ID!) { employer(id: $id) { id jurisdiction @skip(if: $a) { code } } }', first: { a: false, id: gid('Employer', 1) }, then: { a: true, id: gid('Employer', 1) } },
  { label: 'another id, of another type', query: 'query Other($id: ID!) { node(id: $id) { __typename id ... on Employer { name } ... on JobPosting { title } } }', first: { id: gid('Employer', 1) }, then: { id: gid('JobPosting', 1) } },
  { label: 'a good id, then a forged one', query: 'query Then($id: ID!) { employer(id: $id) { id name } }', first: { id: gid('Employer', 1) }, then: { id: 'forged' } },
  { label: 'a default, then a value', query: 'query Def($n: Int = 1) { jobPostings(first: $n) { nodes { id } } }', first: {}, then: { n: 3 } },
];

/**
 * Resolver errors under every item of a page: a nested connection refusing its page size, reached through a nullable
 * relation (an error and a null per item, the rest of the data kept) and directly (nulled up to the root). The
 * errors' number, order, paths and locations must be the same.
 */
function listErrorCases(): Case[] {
  const cases: Case[] = [];
  for (const field of rootConnections()) {
    const node = connectionNode(field.type);
    const nested = fieldsOf(node).find((f) => isConnectionType(f.type));
    if (nested) {
      const query = `query Direct($n: Int!) { ${field.name}(first: 3) { nodes { id ${nested.name}(first: $n) { totalCount } } } }`;
      cases.push({ category: 'errors under lists', label: `${field.name}.nodes.${nested.name}`, caller: 'ADMIN', query, variables: { n: MAX_PAGE_SIZE + 1 } });
    }
    const relation = fieldsOf(node).find((f) => !isNonNullType(f.type) && nodeTypeOf(f) && fieldsOf(getNamedType(f.type) as GraphQLObjectType).some((g) => isConnectionType(g.type)));
    if (relation) {
      const target = getNamedType(relation.type) as GraphQLObjectType;
      const connection = fieldsOf(target).find((g) => isConnectionType(g.type))!;
      const query = `query ThroughNullable($n: Int!) {
        ${field.name}(first: 3) {
          edges { cursor node { id ${relation.name} { id ${connection.name}(first: $n) { totalCount } } } }
          nodes { id ${relation.name} { id again: ${connection.name}(last: $n) { totalCount } } }
        }
      }`;
      for (const caller of ['ADMIN', 'PUBLIC'] as const) cases.push({ category: 'errors under lists', label: `${field.name} through ${node.name}.${relation.name}`, caller, query, variables: { n: MAX_PAGE_SIZE + 1 } });
    }
  }
  return cases;
}

const allCases = (): Case[] => [
  ...rootFieldCases(),
  ...aliasCases(),
  ...fragmentCases(),
  ...directiveCases(),
  ...listCases(),
  ...enumCases(),
  ...scalarCases(),
  ...defaultCases(),
  ...nestedConnectionCases(),
  ...resolverErrorCases(),
  ...mutationCases(),
  ...introspectionCases(),
  ...mergedFieldCases(),
  ...sharedFragmentCases(),
  ...literalInputCases(),
  ...nameCases(),
  ...earlyErrorCases(),
  ...listErrorCases(),
];



// ---- running the cases ----

const operationOf = (query: string) => parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;

/**
 * Whether graphql-jit is to run the case's second run, as src/graphql/compiled-execution.ts promises: a query that
 * validates, declares no input object variable, uses neither @include nor @skip, names no alias or variable after
 * Object.prototype's properties, leaves out no variable used inside a literal input object or list (without a
 * default), and whose variables graphql-js takes (the hub's checks before execution may still refuse it).
 */
function compilable(query: string, variables: Record<string, unknown>): boolean {
  const document = parse(query);
  if (validate(schema, document).length > 0) return false;
  const operation = operationOf(query);
  if (operation.operation !== 'query') return false;
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.some((definition) => isInputObjectType(getNamedType(typeFromAST(schema, definition.type as never))))) return false;
  const prototypeName = (name: string) => name in Object.prototype || name === '__proto__';
  if (definitions.some((definition) => prototypeName(definition.variable.name.value))) return false;
  const defaults = new Set(definitions.filter((definition) => definition.defaultValue).map((definition) => definition.variable.name.value));
  let conditional = false;
  let prototypeAlias = false;
  const leftOutInsideLiterals: string[] = [];
  let depth = 0;
  visit(document, {
    Directive: (node) => void (['include', 'skip'].includes(node.name.value) && (conditional = true)),
    Field: (node) => void (node.alias && prototypeName(node.alias.value) && (prototypeAlias = true)),
    ObjectValue: { enter: () => void depth++, leave: () => void depth-- },
    ListValue: { enter: () => void depth++, leave: () => void depth-- },
    Variable: (node) => void (depth > 0 && !defaults.has(node.name.value) && !Object.hasOwn(variables, node.name.value) && leftOutInsideLiterals.push(node.name.value)),
  });
  if (conditional || prototypeAlias || leftOutInsideLiterals.length > 0) return false;
  return !('errors' in getVariableValues(schema, definitions, variables, { maxErrors: 1 }));
}

/** An answer as compared: request ids (in masked errors) are each request's own. */
function comparable(answer: GraphQLResponse<unknown>, options: { withoutStatements?: boolean; withoutWriteInstants?: boolean } = {}): unknown {
  let text = JSON.stringify(answer).replace(/request id [\w-]+/g, 'request id <id>').replace(/"requestId":"[^"]*"/g, '"requestId":"<id>"');
  // an update run twice writes twice: each answer carries the instant of its own write
  if (options.withoutWriteInstants) text = text.replace(/"updatedAt":"[^"]*"/g, '"updatedAt":"<instant>"');
  const parsed = JSON.parse(text);
  if (options.withoutStatements && parsed.extensions) delete parsed.extensions.sqlStatements;
  return parsed;
}

const abbreviated = (answer: unknown) => {
  const text = JSON.stringify(answer);
  return text.length > 1500 ? `${text.slice(0, 1500)}...` : text;
};

describe('compiled execution, differentially', async () => {
  await readSchema();
  const CASES = allCases();
  /** Cases that write (run after the check that nothing else did). */
  const WRITING_CASES = updateCases();
  let hub: TestHub;
  const headers = {} as Record<Caller, Record<string, string>>;
  const { lines: errorLines, logStream } = errorLogLines();
  let tablesBefore: Record<string, string>;

  beforeAll(async () => {
    freezeToday(TODAY);
    // no rate limit (thousands of requests from five tokens), no status sweep changing rows between two runs
    hub = await startTestHub({ seedScale: 1, env: { COMPILE_AFTER_RUNS: '2', RATE_LIMIT_MAX: '0', STATUS_SWEEP_HOURS: '0' }, logStream });
    headers.ADMIN = await as({ role: Role.ADMIN });
    headers.TX_ANALYST = await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] });
    headers.EMPLOYER = await as({ role: Role.EMPLOYER, employerId: gid('Employer', EMPLOYER_KEY) });
    headers.PEER = await as({ role: Role.PEER, peerId: gid('PeerSpecialist', PEER_KEY) });
    headers.PUBLIC = await as('PUBLIC');
    // a cursor of each root connection's default order, and one of another order, read as an administrator
    for (const field of rootConnections()) {
      const type = connectionNode(field.type).name;
      const orderBy = field.args.find((arg) => arg.name === 'orderBy');
      const orderField = orderBy && (getNamedType((getNamedType(orderBy.type) as never as { getFields(): Record<string, { type: GraphQLInputType }> }).getFields().field.type) as GraphQLEnumType);
      const other = orderField?.getValues().find((value) => !['ID', 'RELEVANCE', 'DISTANCE'].includes(value.name));
      const answer = await hub.query<Record<string, { edges: { cursor: string }[] }>>(
        `query Cursors { plain: ${field.name}(first: 2) { edges { cursor } } ${other ? `ordered: ${field.name}(first: 2, orderBy: [{ field: ${other.name} }]) { edges { cursor } }` : ''} }`,
      );
      found[`cursor:${type}`] = answer.data?.plain.edges.at(-1)?.cursor ?? null;
      found[`cursor:${type}:ordered`] = answer.data?.ordered?.edges.at(-1)?.cursor ?? null;
    }
    tablesBefore = await digests(hub);
  });
  afterAll(async () => {
    await hub?.close();
    unfreezeToday();
  });

  /** Sends the case's document twice and checks the two answers, the executor's counts and the log. */
  async function differential(c: Case, n: number): Promise<void> {
    const variables = typeof c.variables === 'function' ? c.variables(found) : (c.variables ?? {});
    // the case's own text: Apollo parses it anew, so its first run here is its first run at all
    const text = `${c.query}\n# differential case ${n}`;
    const logged = errorLines.length;
    const start = hub.server.execution.counts();
    const interpreted = await hub.query(text, variables, headers[c.caller]);
    const middle = hub.server.execution.counts();
    const compiled = await hub.query(text, variables, headers[c.caller]);
    const end = hub.server.execution.counts();
    const context = `\n${c.query}\nvariables ${JSON.stringify(variables).slice(0, 500)} as ${c.caller}\ninterpreted ${abbreviated(interpreted)}\ncompiled    ${abbreviated(compiled)}`;

    const first = { compiled: middle.compiled - start.compiled, interpreted: middle.interpreted - start.interpreted };
    const second = { compiled: end.compiled - middle.compiled, interpreted: end.interpreted - middle.interpreted };
    // every way the case fails, together: what differs, what was logged, how it ran
    const problems: string[] = [];
    // executed at all: the hub's checks before execution (limits, costs that coerce the arguments) refuse some
    const executed = first.interpreted === 1;
    const expectedSecond = executed && compilable(c.query, variables) ? { compiled: 1, interpreted: 0 } : first;

    // a non-null root field failing: graphql-js answers at once, a compiled query still runs the other root fields
    // (documented in src/graphql/compiled-execution.ts): the answers are the same but for the statements counted
    const earlyError = c.category === 'early errors';
    if (earlyError && (compiled.extensions?.sqlStatements as number) < (interpreted.extensions?.sqlStatements as number)) problems.push('the compiled run counted fewer statements');
    const options = { withoutStatements: earlyError, withoutWriteInstants: c.category === 'updates' };
    const [a, b] = [comparable(interpreted, options), comparable(compiled, options)];
    if (!isDeepStrictEqual(a, b)) problems.push('the compiled run answers otherwise');
    else if (JSON.stringify(a) !== JSON.stringify(b)) problems.push("the compiled run orders the answer's keys otherwise");
    const logs = errorLines.slice(logged);
    if (logs.length) problems.push(`the hub logged ${logs.length} errors: ${logs.map((line) => (JSON.parse(line) as { msg: string }).msg.split('\n')[0]).join(' | ')}`);
    if (first.compiled !== 0) problems.push('the first run was compiled');
    if (!isDeepStrictEqual(second, expectedSecond)) problems.push(`the second run was ${JSON.stringify(second)}, expected ${JSON.stringify(expectedSecond)}`);
    if (c.expected?.status !== undefined && interpreted.status !== c.expected.status) problems.push(`status ${interpreted.status}, expected ${c.expected.status}`);
    if (c.expected?.code !== undefined && interpreted.errors?.[0]?.extensions?.code !== c.expected.code) problems.push(`code ${String(interpreted.errors?.[0]?.extensions?.code)}, expected ${c.expected.code}`);
    // whatever the caller sent, the hub's own errors are never the answer
    for (const answer of [interpreted, compiled]) {
      if (answer.status >= 500 || (answer.errors ?? []).some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR')) problems.push(`an internal error (${answer === interpreted ? 'interpreted' : 'compiled'})`);
    }
    expect(problems, `${problems.join('; ')}${context}`).toEqual([]);
  }

  CASES.forEach((c, n) => {
    it(`${c.category}: ${c.label} as ${c.caller} (#${n})`, () => differential(c, n));
  });

  it('shared fragments: a second operation of a document answers its fragment after the first was compiled', async () => {
    const text = `${TWO_OPERATIONS}\n# two operations`;
    const post = (operationName: string, variables: Record<string, unknown> = {}) =>
      hub.server.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers.ADMIN }, payload: { query: text, operationName, variables } }).then((r) => r.json());
    const reference = await hub.query(`${TWO_OPERATIONS.split('\n').slice(1).join('\n')}\n# the second alone`);
    for (let run = 0; run < 2; run++) await post('First', { a: false });
    const interpreted = await post('Second');
    const compiled = await post('Second');
    expect(interpreted.data).toEqual(reference.data);
    expect(compiled, `interpreted ${abbreviated(interpreted)}\ncompiled    ${abbreviated(compiled)}`).toEqual(interpreted);
  });

  RECOMPILED.forEach(({ label, query, first, then }, n) => {
    it(`variables changed after compilation: ${label}`, async () => {
      const text = `${query}\n# recompiled ${n}`;
      for (let run = 0; run < 2; run++) await hub.query(text, first);
      const before = hub.server.execution.counts();
      const compiled = await hub.query(text, then);
      expect(hub.server.execution.counts().compiled, 'run compiled').toBe(before.compiled + (compilable(query, then) ? 1 : 0));
      const interpreted = await hub.query(`${query}\n# recompiled ${n}, interpreted`, then);
      expect(comparable(compiled), `interpreted ${abbreviated(interpreted)}\ncompiled    ${abbreviated(compiled)}`).toEqual(comparable(interpreted));
    });
  });

  it('wrote nothing (every mutation above was refused)', async () => {
    expect(await digests(hub)).toEqual(tablesBefore);
  });

  describe('updates', () => {
    beforeAll(async () => {
      // a draft posting of the employer's, and a webhook endpoint, each with the fields the updates leave out set
      const draft = await hub.query<{ createJobPostingDraft: { id: string } }>(
        'mutation Draft($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id } }',
        { input: jobPostingDraft({ applyUrl: 'https://example.org/apply', applyEmail: 'jobs@example.org', postalCode: '55802', languages: ['en', 'es'], validThrough: '2027-01-31' }) },
        headers.EMPLOYER,
      );
      found.draft = draft.data?.createJobPostingDraft.id;
      const endpoint = await hub.query<{ registerWebhookEndpoint: { id: string } }>(
        'mutation Endpoint($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { id } }',
        { input: { url: 'https://example.org/hooks', eventTypes: ['JOB_POSTING_PUBLISHED'], description: 'the job board' } },
        headers.ADMIN,
      );
      found.endpoint = endpoint.data?.registerWebhookEndpoint.id;
      expect([draft.errors, endpoint.errors]).toEqual([undefined, undefined]);
    });

    WRITING_CASES.forEach((c, n) => {
      it(`${c.category}: ${c.label} as ${c.caller}`, () => differential(c, CASES.length + n));
    });
  });

  it('logged no error', () => {
    expect(errorLines.map((line) => line.slice(0, 600))).toEqual([]);
  });
});
