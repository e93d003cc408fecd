/**
 * pg's conversion of a JavaScript value to the text of a statement parameter (dates, buffers, arrays, objects as
 * JSON), which its own queries apply when they bind values: not exported from pg's index. Tested in
 * test/internals.test.ts.
 */
import { createRequire } from 'node:module';

const utils = createRequire(__filename)('pg/lib/utils') as { prepareValue(value: unknown): string | Buffer | null };

export function prepareValue(value: unknown): string | Buffer | null {
  const prepared = utils.prepareValue(value);
  return prepared === undefined ? null : prepared;
}
