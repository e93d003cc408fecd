/**
 * The library behaviour src/internals/ depends on (docs/architecture.md, "Library internals"): each test fails if an
 * upgrade changes what the hub reaches into. graphql-js's argument values: test/argument-cache.test.ts; pg's
 * submittable protocol: test/sql-runner.test.ts.
 */
import 'reflect-metadata';
import { GraphQLObjectType, GraphQLSchema, graphql, parse, type FieldNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { Arg, Args, ArgsType, buildSchema, Ctx, Field, FieldResolver, Info, Int, ObjectType, Query, registerEnumType, Resolver, Root, UseMiddleware } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrm, type Orm } from '../src/db/orm';
import { collectSubfields } from '../src/internals/graphql-collect-fields';
import { markUnfit, pooledClientOf } from '../src/internals/knex-pool';
import { declaredFieldIsList, declaredFieldType, defineResolverMethod, plainResolverOf, registeredEnumName, resolvePlainFieldsByDefault } from '../src/internals/type-graphql-metadata';
import { startTestDatabase, type TestDatabase } from './kit';
import { replicaConnectionsOf } from '../src/internals/mikro-orm-replicas';
import { prepareValue } from '../src/internals/pg-values';

describe('graphql-js field collection', () => {
  it('collects fields through fragments, inline fragments and type conditions, by response key, honouring @skip and @include', async () => {
    const { buildSchema: buildSdl } = await import('graphql');
    const schema = buildSdl('type Query { item: Item } type Item { a: Int b: Int c: Int d: Int }');
    const document = parse(`query ($skip: Boolean!) {
      item { a first: b ...Parts ... on Item { c } d @skip(if: $skip) }
    }
    fragment Parts on Item { a c @include(if: false) }`);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const itemNode = operation.selectionSet.selections[0] as FieldNode;
    const fragments = { Parts: document.definitions[1] } as never;
    const itemType = schema.getType('Item') as GraphQLObjectType;
    const collected = collectSubfields(schema, fragments, { skip: true }, itemType, [itemNode]);
    expect([...collected.keys()]).toEqual(['a', 'first', 'c']);
    // the same field selected twice (directly and through the fragment) is one entry with both nodes
    expect(collected.get('a')!.length).toBe(2);
    expect(collected.get('first')![0].name.value).toBe('b');
  });
});

describe("pg's conversion of bound values", () => {
  it('writes values as pg binds them: text, null for missing values, arrays as array literals, objects as JSON', () => {
    expect(prepareValue('a')).toBe('a');
    expect(prepareValue(undefined)).toBeNull();
    expect(prepareValue(null)).toBeNull();
    expect(prepareValue(7)).toBe('7');
    expect(prepareValue(false)).toBe('false');
    expect(prepareValue([1, 'b"c'])).toBe('{"1","b\\"c"}');
    expect(prepareValue({ a: [1] })).toBe('{"a":[1]}');
    expect(Buffer.isBuffer(prepareValue(Buffer.from('x')))).toBe(true);
    const at = new Date('2026-12-05T10:00:00Z');
    expect(new Date(prepareValue(at) as string).getTime()).toBe(at.getTime());
  });
});

describe('MikroORM read replicas', () => {
  it('keeps one connection per replica URL, in order, which its read connection is picked from', async () => {
    const db = await startTestDatabase();
    const orm = await openOrm(db.url, 1, 0, [db.url, db.url]);
    try {
      const replicas = replicaConnectionsOf(orm);
      expect(replicas).toHaveLength(2);
      expect(replicas[0]).not.toBe(replicas[1]);
      expect(replicas).toContain(orm.em.getConnection('read'));
      expect(replicas).not.toContain(orm.em.getConnection('write'));
      expect(await replicas[1].execute('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await orm.close(true);
      await db.close();
    }
  });
});

describe('knex pool under MikroORM', () => {
  let db: TestDatabase;
  let orm: Orm;

  beforeAll(async () => {
    db = await startTestDatabase();
    // one connection: the next acquire gets the one released, unless the pool destroyed it
    orm = await openOrm(db.url, 1);
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.close();
  });

  it('lends pooled pg connections, counts them, and does not lend again one marked unfit', async () => {
    const client = pooledClientOf(orm.em.getConnection());
    expect(client.pool.max).toBe(1);
    const first = await client.acquireConnection();
    expect(client.pool.numUsed()).toBe(1);
    expect((await first.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await client.releaseConnection(first);
    expect(client.pool.numUsed()).toBe(0);
    expect(client.pool.numFree()).toBe(1);
    const again = await client.acquireConnection();
    expect(again).toBe(first);
    markUnfit(again, new Error('marked unfit by test/internals.test.ts'));
    await client.releaseConnection(again);
    const next = await client.acquireConnection();
    expect(next).not.toBe(first);
    expect((await next.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    await client.releaseConnection(next);
  });
});

describe('type-graphql metadata', () => {
  enum Colour {
    RED = 'RED',
  }
  registerEnumType(Colour, { name: 'Colour' });

  @ObjectType()
  class Sized {
    @Field(() => Int)
    size!: number;
  }

  @ObjectType()
  class Item extends Sized {
    @Field(() => Colour)
    colour!: Colour;

    @Field(() => String)
    label!: string;

    @Field(() => String, { name: 'title' })
    heading!: string;

    @Field(() => [String])
    tags!: string[];
  }

  @ArgsType()
  class Paging {
    @Field(() => Int, { nullable: true })
    first?: number;
  }

  interface Context {
    prefix: string;
  }

  const calls: unknown[][] = [];

  @Resolver(() => Item)
  class ItemResolver {
    @Query(() => Item)
    item(@Arg('size', () => Int) size: number, @Ctx() ctx: Context): Item {
      calls.push(['item', size, ctx.prefix]);
      return { size, colour: Colour.RED, label: `${ctx.prefix}label`, heading: 'heading', tags: [] };
    }

    @FieldResolver(() => String)
    @UseMiddleware(async (_data, next) => next())
    guarded(@Root() item: Item): string {
      return item.label;
    }
  }
  // what a relation or an aggregate's key is declared with: a method made at run time
  defineResolverMethod(
    ItemResolver,
    'described',
    (item: Item, args: Paging, ctx: Context, info: GraphQLResolveInfo) => `${ctx.prefix}${item.size}/${args.first ?? 'none'}/${info.fieldName}`,
    [Root(), Args(() => Paging), Ctx(), Info()],
    FieldResolver(() => String),
  );

  let schema: GraphQLSchema;

  beforeAll(async () => {
    resolvePlainFieldsByDefault();
    schema = await buildSchema({ resolvers: [ItemResolver], validate: false });
  });

  it('tells the declared type of a field, through the class and its ancestors, and the name of an enum', () => {
    expect(declaredFieldType(Item, 'size')).toBe(Int);
    expect(declaredFieldType(Item, 'colour')).toBe(Colour);
    expect(() => declaredFieldType(Item, 'nothing')).toThrow('Item.nothing is not a GraphQL field');
    expect(registeredEnumName(Colour)).toBe('Colour');
    // a list keeps its item type, and says it is a list (what a text-list filter is made for)
    expect(declaredFieldType(Item, 'tags')).toBe(String);
    expect(declaredFieldIsList(Item, 'tags')).toBe(true);
    expect(declaredFieldIsList(Item, 'label')).toBe(false);
    expect(declaredFieldIsList(Item, 'size')).toBe(false);
  });

  it("leaves a plain field to graphql-js's default resolver, and one named apart from its property to type-graphql", () => {
    const fields = (schema.getType('Item') as GraphQLObjectType).getFields();
    expect(fields.label.resolve).toBeUndefined();
    expect(fields.title.resolve).toBeTypeOf('function');
  });

  it('builds a field from a method declared by hand, with its arguments', async () => {
    const fields = (schema.getType('Item') as GraphQLObjectType).getFields();
    expect(fields.described.args.map((arg) => arg.name)).toEqual(['first']);
    const result = await graphql({ schema, source: '{ item(size: 3) { label title described(first: 2) } }', contextValue: { prefix: '>' } });
    expect(result).toEqual({ data: { item: { label: '>label', title: 'heading', described: '>3/2/described' } } });
  });

  it('calls a decorated method as a plain resolver with what its parameter decorators ask for', () => {
    calls.length = 0;
    const info = { fieldName: 'described' } as GraphQLResolveInfo;
    expect(plainResolverOf(ItemResolver, 'item')(undefined, { size: 5 }, { prefix: '#' }, info)).toMatchObject({ size: 5, label: '#label' });
    expect(calls).toEqual([['item', 5, '#']]);
    const item = { size: 7 } as Item;
    expect(plainResolverOf(ItemResolver, 'described')(item, { first: 1 }, { prefix: '#' }, info)).toBe('#7/1/described');
  });

  it('refuses to resolve plainly a method with middlewares, which the plain resolver would skip', () => {
    expect(() => plainResolverOf(ItemResolver, 'guarded')).toThrow('ItemResolver.guarded declares middlewares or @Authorized');
  });
});
