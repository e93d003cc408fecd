/**
 * SQL fragments that carry their own bound values, as PostGraphile's `sql` template does: a fragment written into
 * another brings its values along, in the order of its `?` placeholders, so that no code keeps a list of bindings in
 * step with the text by hand.
 */

/** SQL text and the values its `?` placeholders bind, in order. */
export interface Sql {
  readonly sql: string;
  readonly bindings: unknown[];
}

/**
 * A fragment from a template. An interpolated fragment brings its text and values; an interpolated string is SQL
 * text as it is (quoted identifiers, aliases, literals the hub wrote itself, never a caller's value: bind that with
 * bound()).
 */
export function sql(strings: TemplateStringsArray, ...parts: readonly (string | Sql)[]): Sql {
  let text = strings[0];
  const bindings: unknown[] = [];
  parts.forEach((part, index) => {
    if (typeof part === 'string') text += part;
    else {
      text += part.sql;
      bindings.push(...part.bindings);
    }
    text += strings[index + 1];
  });
  return { sql: text, bindings };
}

/** A value bound as a parameter: `?`. */
export function bound(value: unknown): Sql {
  return { sql: '?', bindings: [value] };
}

/** SQL text without bound values. */
export function raw(text: string): Sql {
  return { sql: text, bindings: [] };
}

/** The fragments one after the other, with the separator between them. */
export function joinSql(fragments: readonly Sql[], separator: string): Sql {
  return { sql: fragments.map((fragment) => fragment.sql).join(separator), bindings: fragments.flatMap((fragment) => fragment.bindings) };
}

/** ` and <condition>` to append to a WHERE clause, or nothing when there is no condition. */
export function andAlso(condition: string | null | undefined): string;
export function andAlso(condition: Sql | null | undefined): Sql;
export function andAlso(condition: string | Sql | null | undefined): string | Sql {
  if (typeof condition === 'string' || condition == null) return condition ? ` and ${condition}` : '';
  return condition.sql ? sql` and ${condition}` : raw('');
}
