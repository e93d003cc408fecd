/**
 * What the generated hostile suites (test/hostile-requests.test.ts over HTTP, test/hostile-subscriptions.test.ts over
 * WebSocket) share: the documented error codes, values of the schema's input types that coerce and that cannot, and
 * the hub's error log lines.
 */
import { readFileSync } from 'node:fs';
import { getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType, type GraphQLNamedType } from 'graphql';
import { toGlobalId } from '../src/graphql/global-id';
import { fromRoot } from '../src/paths';

// ---- the documented codes: the "Error codes" table of docs/api.md ----

export function documentedCodes(): Set<string> {
  const reference = readFileSync(fromRoot('docs/api.md'), 'utf8');
  const section = reference.split(/^## Error codes$/m)[1]?.split(/^#/m)[0] ?? '';
  // the codes of each row's first cell
  const cells = [...section.matchAll(/^\| ([^|]+) \|/gm)].map((match) => match[1]);
  return new Set(cells.flatMap((cell) => [...cell.matchAll(/`([A-Z_]+)`/g)].map((match) => match[1])));
}
export const DOCUMENTED = documentedCodes();

/** A log stream for startTestHub that keeps the lines of level error and above. */
export function errorLogLines(): { lines: string[]; logStream: { write(line: string): void } } {
  const lines: string[] = [];
  const logStream = {
    write(line: string) {
      // pino's level 50 and above: error and fatal
      let level = 0;
      try {
        level = (JSON.parse(line) as { level: number }).level;
      } catch {
        level = 50;
      }
      if (level >= 50) lines.push(line);
    },
  };
  return { lines, logStream };
}

/** A value of the type that coerces (what the other required arguments get). */
export function validValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return validValue(type.ofType);
  if (isListType(type)) return [validValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(required.map((field) => [field.name, validValue(field.type)]));
  }
  switch (type.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return false;
    case 'ID':
      return toGlobalId('Employer', 1);
    case 'Date':
      return '2026-01-01';
    case 'DateTime':
      return '2026-01-01T00:00:00Z';
    default:
      return 'x';
  }
}

/** Values that no variable of the type can be coerced from (so a mutation sent with one never runs). */
export function wrongValues(type: GraphQLInputType): unknown[] {
  const own: unknown[] = isNonNullType(type) ? [null] : [];
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    const item = nullable.ofType as GraphQLInputType;
    return [...own, ...(isNonNullType(item) ? [[null]] : []), ...wrongValues(getNullableType(item) as GraphQLInputType).slice(0, 2).map((value) => [value])];
  }
  if (isInputObjectType(nullable)) return [...own, 'x', 5, { notAField: 1 }];
  if (isEnumType(nullable)) return [...own, 'NOT_A_VALUE', 1];
  switch ((nullable as GraphQLNamedType).name) {
    case 'Int':
      return [...own, '1', 1.5, 2 ** 31];
    case 'Float':
      return [...own, '1.5', true];
    case 'Boolean':
      return [...own, 'true', 0];
    case 'ID':
      return [...own, {}, true, 1.5];
    case 'Date':
      return [...own, '2026-13-01', 20260101];
    case 'DateTime':
      return [...own, '2026-01-01', 1];
    default:
      return [...own, {}, true, 7];
  }
}

/** The value at `path` (below its argument), with every required input field beside it filled. */
export function valueAt(type: GraphQLInputType, path: string[], leaf: unknown): unknown {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (path.length === 0) return leaf;
  if (path[0] === '[]' && isListType(nullable)) return [valueAt(nullable.ofType as GraphQLInputType, path.slice(1), leaf)];
  if (!isInputObjectType(nullable)) throw new Error(`no input field ${path[0]} on ${String(nullable)}`);
  const value = validValue(nullable) as Record<string, unknown>;
  value[path[0]] = valueAt(nullable.getFields()[path[0]].type, path.slice(1), leaf);
  return value;
}
