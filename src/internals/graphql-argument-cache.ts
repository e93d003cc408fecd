import { createRequire } from 'node:module';
import { Kind, type FieldNode, type GraphQLField, type ValueNode } from 'graphql';

type Coerce = (def: GraphQLField<unknown, unknown>, node: FieldNode, variableValues?: Record<string, unknown> | null) => Record<string, unknown>;

interface Coerced {
  def: GraphQLField<unknown, unknown>;
  /** The request's variables the arguments were coerced with; undefined when they name none (literals only). */
  variables: Record<string, unknown> | null | undefined;
  args: Record<string, unknown>;
}

function namesVariable(value: ValueNode): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return value.values.some(namesVariable);
    case Kind.OBJECT:
      return value.fields.some((field) => namesVariable(field.value));
    default:
      return false;
  }
}

let installed = false;

/**
 * graphql-js coerces a field's arguments every time it resolves the field: once per parent row for a field under a
 * list, which for a nested connection's filter and order inputs cost more than reading the rows. The arguments
 * depend only on the field's node and definition and the request's variables, so they are coerced once per request
 * and reused, and once for all requests when they name no variable. graphql-js's executor reads getArgumentValues off its values module at every call: the cache goes
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
    if (hit && hit.def === def && (hit.variables === undefined || hit.variables === variableValues)) return hit.args;
    const args = Object.freeze(coerce(def, node, variableValues));
    // a parsed document is shared by the requests that send it (Apollo keeps it): arguments written as literals are
    // the same for all of them
    const literal = !node.arguments?.some((argument) => namesVariable(argument.value));
    cache.set(node, { def, variables: literal ? undefined : variableValues, args });
    return args;
  };
}
