/** ` and <condition>` to append to a WHERE clause, or nothing when there is no condition. */
export function andAlso(condition: string | null | undefined): string {
  return condition ? ` and ${condition}` : '';
}
