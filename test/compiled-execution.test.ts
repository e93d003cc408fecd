/**
 * Compiled execution (src/graphql/compiled-execution.ts): an operation's first run is walked by graphql-js, its
 * second runs as graphql-jit compiled it. The invariant: for every published operation, as every kind of caller, the
 * compiled run answers byte for byte what the interpreted one did (data, errors, status, statements). What cannot be
 * compiled (input object variables, subscriptions) stays interpreted and answers as before.
 */
import { getNamedType, GraphQLObjectType, GraphQLSchema, GraphQLString, isAbstractType, isObjectType, Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { hubSchema } from '../src/domain/schema';
import { COMPILED_OPERATIONS_KEPT, compilabilityOf, compiledExecution, MAX_COMPILED_SELECTIONS } from '../src/graphql/compiled-execution';
import { toGlobalId } from '../src/graphql/global-id';
import { as, freezeToday, startTestHub, unfreezeToday, type TestHub } from './kit';
import { isSubscription, operationDocuments, operationVariables } from './operation-fixtures';

const CALLERS: [string, () => Promise<Record<string, string>>][] = [
  ['an administrator', () => as({ role: Role.ADMIN })],
  ['an analyst of TX', () => as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] })],
  ['an employer', () => as({ role: Role.EMPLOYER, employerId: toGlobalId('Employer', 2) })],
  ['a peer', () => as({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 12) })],
  ['the public', () => as('PUBLIC')],
];

const operationOf = (document: (typeof operationDocuments)[number][1]) =>
  document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;


describe('compiled execution', () => {
  let hub: TestHub;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    freezeToday('2026-11-20');
    schema = await hubSchema();
    // the hub's default: compiled at the second run
    hub = await startTestHub({ seedScale: 1, env: { COMPILE_AFTER_RUNS: '2' } });
  });
  afterAll(async () => {
    await hub?.close();
    unfreezeToday();
  });

  const queries = operationDocuments.filter(([, document]) => !isSubscription(document) && operationOf(document).operation === 'query');

  describe.each(CALLERS)('as %s', (caller, headersOf) => {
    it.each(queries.map(([name, document]) => [name, document] as const))('%s answers the same compiled as interpreted', async (name, document) => {
      const headers = await headersOf();
      // a text of the caller's own (a comment): Apollo parses it anew, so its first run here is its first run at all
      const text = `${print(document)}\n# ${caller}`;
      const before = hub.server.execution.counts();
      const interpreted = await hub.query(text, operationVariables[name], headers);
      const compiled = await hub.query(text, operationVariables[name], headers);
      expect(compiled).toEqual(interpreted);
      const after = hub.server.execution.counts();
      const plan = compilabilityOf(schema, document, operationOf(document));
      const compilable = plan.compilable && plan.nestedVariables.every((variable) => Object.hasOwn(operationVariables[name], variable));
      expect({ compiled: after.compiled - before.compiled, interpreted: after.interpreted - before.interpreted }).toEqual(
        compilable ? { compiled: 1, interpreted: 1 } : { compiled: 0, interpreted: 2 },
      );
    });
  });

  it('interprets an operation with an input object variable, every time', async () => {
    const query = 'query Filtered($filter: JobPostingFilter) { jobPostings(filter: $filter, first: 3) { totalCount nodes { id } } }';
    const before = hub.server.execution.counts();
    const answers = [];
    for (let run = 0; run < 3; run++) answers.push(await hub.query(query, { filter: { status: { eq: 'OPEN' } } }));
    expect(answers[0].errors).toBeUndefined();
    expect(answers[2]).toEqual(answers[0]);
    const after = hub.server.execution.counts();
    expect(after.compiled - before.compiled).toBe(0);
    expect(after.interpreted - before.interpreted).toBe(3);
  });

  it('refuses a bad variable of a compiled operation as graphql-js does: 400 BAD_USER_INPUT naming the variable', async () => {
    const query = 'query Page($first: Int, $jurisdiction: String!) { employers(first: $first, filter: { jurisdiction: { code: { eq: $jurisdiction } } }) { totalCount } }';
    for (let run = 0; run < 2; run++) expect((await hub.query(query, { first: 2, jurisdiction: 'MN' })).errors).toBeUndefined();
    const before = hub.server.execution.counts();
    for (const variables of [{ first: 'two', jurisdiction: 'MN' }, { first: 2 }, { first: 2, jurisdiction: null }, { first: 2 ** 40, jurisdiction: 'MN' }]) {
      const answer = await hub.query(query, variables);
      expect(answer.status).toBe(400);
      expect(answer.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(answer.errors![0].message).toMatch(/^Variable "\$(first|jurisdiction)"/);
    }
    // refused before any execution, compiled or not
    expect(hub.server.execution.counts().compiled).toBe(before.compiled);
  });

  it('a resolver error in a compiled operation reaches the client masked and coded as in an interpreted one', async () => {
    const query = 'query One($id: ID!) { node(id: $id) { id } }';
    const answers = [];
    for (let run = 0; run < 3; run++) answers.push(await hub.query(query, { id: 'not a global id' }));
    expect(answers[0].errors?.[0].extensions?.code).toBeDefined();
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});

describe('COMPILE_AFTER_RUNS', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ seedScale: 1, env: { COMPILE_AFTER_RUNS: '0' } });
  });
  afterAll(() => hub?.close());

  it('0 never compiles', async () => {
    const [, document] = operationDocuments.find(([name]) => name === 'EmployersOpenPostings')!;
    for (let run = 0; run < 3; run++) expect((await hub.run(document, operationVariables.EmployersOpenPostings as never)).errors).toBeUndefined();
    expect(hub.server.execution.counts()).toEqual({ compiled: 0, interpreted: 3, kept: 0 });
  });
});

describe('compiled operations kept', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { COMPILE_AFTER_RUNS: '1' } });
  });
  afterAll(() => hub?.close());

  it(`stay at most ${COMPILED_OPERATIONS_KEPT} however many distinct documents a caller repeats, and each still answers`, async () => {
    const total = COMPILED_OPERATIONS_KEPT + 20;
    for (let n = 0; n < total; n++) {
      const answer = await hub.query(`query Distinct${n} { jurisdictions { code } }`);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ jurisdictions: expect.any(Array) });
    }
    const counts = hub.server.execution.counts();
    expect(counts.kept).toBe(COMPILED_OPERATIONS_KEPT);
    expect(counts.compiled).toBe(total);
    // the least recently run were dropped: run again, they are compiled anew, and the count stays at the bound
    expect((await hub.query('query Distinct0 { jurisdictions { code } }')).errors).toBeUndefined();
    expect(hub.server.execution.counts().kept).toBe(COMPILED_OPERATIONS_KEPT);
  });

  it(`interprets a document expanding past ${MAX_COMPILED_SELECTIONS} fields, however often it runs`, async () => {
    // 12 fields spread 10 times under each of 10 aliases: 1,200 fields and more once expanded
    const fields = 'id code name fipsCode population';
    const query = `query Wide { ${Array.from({ length: 10 }, (_, n) => `a${n}: jurisdictions { ...J ...J ...J ...J ...J ...J ...J ...J ...J ...J certifyingBodies(first: 1) { nodes { id } } }`).join(' ')} } fragment J on Jurisdiction { ${fields} ${fields} }`;
    const before = hub.server.execution.counts();
    for (let run = 0; run < 3; run++) expect((await hub.query(query)).errors).toBeUndefined();
    const after = hub.server.execution.counts();
    expect({ compiled: after.compiled - before.compiled, interpreted: after.interpreted - before.interpreted }).toEqual({ compiled: 0, interpreted: 3 });
  });
});

describe('the schema, for any executor', () => {
  it('resolves the type of every interface and union synchronously (graphql-jit takes a promise for the type name)', async () => {
    const schema = await hubSchema();
    const abstract = Object.values(schema.getTypeMap()).filter((type) => isAbstractType(type) && !type.name.startsWith('__'));
    expect(abstract.map((type) => type.name)).toContain('Node');
    for (const type of abstract) {
      if (!isAbstractType(type)) continue;
      expect(type.resolveType, type.name).toBeTypeOf('function');
      expect(type.resolveType!.constructor.name, type.name).toBe('Function');
    }
  });

  it('never throws resolving the type of a field whose type is an interface or union (graphql-jit calls it outside its error handling)', async () => {
    const schema = await hubSchema();
    const fieldTypes = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (isAbstractType(named)) fieldTypes.add(named.name);
      }
    }
    expect([...fieldTypes]).toContain('Node');
    for (const name of fieldTypes) {
      const type = schema.getType(name);
      if (!isAbstractType(type)) continue;
      // a value with no type marker: answered as a field error by whichever executor, never thrown
      for (const value of [{}, { id: 1 }, Object.create(null)]) expect(() => type.resolveType!(value, {}, {} as never, type), name).not.toThrow();
    }
  });

  it('resolves every field of every connection type with a resolver of its own (a compiled run reads no thunk as a value)', async () => {
    const schema = await hubSchema();
    const connections = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && type.name.endsWith('Connection'));
    expect(connections.length).toBeGreaterThan(15);
    for (const type of connections) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) expect(field.resolve, `${type.name}.${field.name}`).toBeTypeOf('function');
    }
  });
});

describe('texts kept for the direct path', () => {
  it(`follow the compiled operations kept: a text whose operation was dropped while it ran is not kept (at most ${COMPILED_OPERATIONS_KEPT})`, async () => {
    let release!: () => void;
    const gate = new Promise<string>((resolve) => (release = () => resolve('slow')));
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { slow: { type: GraphQLString, resolve: () => gate }, fast: { type: GraphQLString, resolve: () => 'fast' } } }),
    });
    const execution = compiledExecution(schema, { compileAfterRuns: 1 });
    const { executor } = await execution.gateway.load({ apollo: {} as never });
    const run = (source: string) => {
      const document = parse(source);
      const operation = document.definitions[0] as OperationDefinitionNode;
      return executor!({ document, operation, source, queryHash: source, request: { query: source }, context: { sql: {} } } as never);
    };
    const slow = run('{ slow }');
    // the slow one is dropped from the compiled operations while it waits
    for (let n = 0; n < COMPILED_OPERATIONS_KEPT; n++) await run(`{ fast } # ${n}`);
    release();
    expect((await slow).data).toEqual({ slow: 'slow' });
    expect(execution.repeated('{ slow }', undefined)).toBeUndefined();
    expect(execution.repeated(`{ fast } # ${COMPILED_OPERATIONS_KEPT - 1}`, undefined)).toBeDefined();
    expect(execution.counts().kept).toBe(COMPILED_OPERATIONS_KEPT);
  });
});
