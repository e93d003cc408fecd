/**
 * Field arguments coerced once and reused (src/internals/graphql-argument-cache.ts): per request when they name variables,
 * for every request sending the same parsed document when they are literals.
 */
import { execute, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { cacheArgumentValues } from '../src/internals/graphql-argument-cache';

cacheArgumentValues();

const received: Record<string, unknown>[] = [];
const item = new GraphQLObjectType({
  name: 'Item',
  fields: {
    echo: {
      type: GraphQLInt,
      args: { n: { type: GraphQLInt } },
      resolve: (_row, args: Record<string, unknown>) => {
        received.push(args);
        return args.n as number;
      },
    },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { items: { type: new GraphQLList(item), resolve: () => [1, 2, 3] } } }),
});
const document = parse('query Echo($n: Int) { items { literal: echo(n: 7) variable: echo(n: $n) } }');

async function run(n: number) {
  received.length = 0;
  const result = await execute({ schema, document, variableValues: { n } });
  const literal = received.filter((_, i) => i % 2 === 0);
  const variable = received.filter((_, i) => i % 2 === 1);
  return { data: result.data, literal, variable };
}

describe('argument values', () => {
  it('coerces variables per request and literals once for every request of the same document', async () => {
    const first = await run(1);
    const second = await run(2);
    expect(first.data).toEqual({ items: [1, 2, 3].map(() => ({ literal: 7, variable: 1 })) });
    expect(second.data).toEqual({ items: [1, 2, 3].map(() => ({ literal: 7, variable: 2 })) });
    // one object per field within a request (not one per row)
    expect(new Set(first.variable).size).toBe(1);
    expect(new Set(first.literal).size).toBe(1);
    // the literal arguments are the very same object across requests; the variables' are coerced again
    expect(second.literal[0]).toBe(first.literal[0]);
    expect(second.variable[0]).not.toBe(first.variable[0]);
  });

  it('hands resolvers frozen arguments, so that one cannot change what the next receives', async () => {
    const { literal } = await run(3);
    expect(Object.isFrozen(literal[0])).toBe(true);
  });
});
