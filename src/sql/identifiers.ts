/** A PostgreSQL identifier, double-quoted so that any name is taken literally. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
