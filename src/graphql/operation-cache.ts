import type { OperationDefinitionNode } from 'graphql';

/**
 * What the hub works out once for a parsed operation and what else it depends on (its variables, the viewer's
 * scope). Apollo keeps parsed documents, so the requests repeating an operation bring the very same node: values are
 * kept per node (and gone with it), at most `keptPerOperation` keys each, enough for the pages, filters and scopes
 * its clients cycle through; when full they are all dropped, which bounds memory without bookkeeping on the hot path.
 */
export class PerOperationCache<V> {
  private readonly byOperation = new WeakMap<OperationDefinitionNode, Map<string, V>>();

  constructor(private readonly keptPerOperation: number) {}

  /** The value kept for the operation and key, or what `make` returns (kept unless it throws). */
  get(operation: OperationDefinitionNode, key: string, make: () => V): V {
    let values = this.byOperation.get(operation);
    if (!values) this.byOperation.set(operation, (values = new Map()));
    let value = values.get(key);
    if (value === undefined) {
      value = make();
      if (values.size >= this.keptPerOperation) values.clear();
      values.set(key, value);
    }
    return value;
  }
}
