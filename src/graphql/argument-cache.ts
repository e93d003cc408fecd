import { createRequire } from 'node:module';
import type { FieldNode, GraphQLField } from 'graphql';

type Coerce = (def: GraphQLField<unknown, unknown>, node: FieldNode, variableValues?: Record<string, unknown> | null) => Record<string, unknown>;

interface Coerced {
  def: GraphQLField<unknown, unknown>;
  variables: Record<string, unknown> | null | undefined;
  args: Record<string, unknown>;
}

let installed = false;

/**
 * graphql-js coerces a field's arguments every time it resolves the field: once per parent row for a field under a
 * list, which for a nested connection's filter and order inputs cost more than reading the rows. The arguments
 * depend only on the field's node and definition and the request's variables, so they are coerced once per request
 * and reused. graphql-js's executor reads getArgumentValues off its values module at every call: the cache goes
 * there. The cached arguments are frozen, so that a resolver cannot change what the next row receives.
 */
export function cacheArgumentValues(): void {
  if (installed) return;
  installed = true;
  // the CommonJS module the executor itself requires (an ES module namespace could not be changed)
  const values = createRequire(__filename)('graphql/execution/values') as { getArgumentValues: Coerce };
  const coerce = values.getArgumentValues;
  const cache = new WeakMap<FieldNode, Coerced>();
  values.getArgumentValues = (def, node, variableValues) => {
    const hit = cache.get(node);
    if (hit && hit.def === def && hit.variables === variableValues) return hit.args;
    const args = Object.freeze(coerce(def, node, variableValues));
    cache.set(node, { def, variables: variableValues, args });
    return args;
  };
}
