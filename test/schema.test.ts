/** schema/schema.graphql is what the code serves; the operations clients send are valid against it. */
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, concatAST, Kind, parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printHubSchema } from '../src/domain/schema';
import { fromRoot } from '../src/paths';

describe('schema', () => {
  it('checked in at schema/schema.graphql is the schema the code builds (npm run schema:emit to update)', async () => {
    expect(await printHubSchema()).toBe(readFileSync(fromRoot('schema/schema.graphql'), 'utf8'));
  });

  it('validates every operation under schema/operations', () => {
    const schema = buildSchema(readFileSync(fromRoot('schema/schema.graphql'), 'utf8'));
    const files = readdirSync(fromRoot('schema/operations'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.graphql'))
      .map((name) => `schema/operations/${name}`);
    expect(files.length).toBeGreaterThanOrEqual(8);
    // a file may spread a fragment another defines (the live dashboard uses the dashboard's), as codegen allows
    const documents = new Map(files.map((file) => [file, parse(readFileSync(fromRoot(file), 'utf8'))]));
    const fragments = [...documents.values()].flatMap((document) => document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION));
    for (const [file, document] of documents) {
      const own = new Set(document.definitions.map((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? d.name.value : '')));
      // those it spreads, and those they spread in turn
      const used: typeof fragments = [];
      const spreads = (text: string) => fragments.filter((f) => !own.has(f.name.value) && !used.includes(f) && new RegExp(`\\.\\.\\.${f.name.value}\\b`).test(text));
      for (let found = spreads(print(document)); found.length; found = spreads(found.map((f) => print(f)).join('\n'))) used.push(...found);
      const errors = validate(schema, concatAST([document, { kind: Kind.DOCUMENT, definitions: used }]));
      expect(errors.map((e) => `${file}: ${e.message}`)).toEqual([]);
    }
  });

  it('gives every type and enum a description', async () => {
    const sdl = await printHubSchema();
    const schema = buildSchema(sdl);
    const undocumented = Object.values(schema.getTypeMap())
      .filter((type) => !type.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID', 'Query', 'Mutation', 'Subscription'].includes(type.name))
      .filter((type) => !type.description)
      .map((type) => type.name);
    expect(undocumented).toEqual([]);
  });
});
