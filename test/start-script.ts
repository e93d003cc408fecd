import { readFileSync } from 'node:fs';
import { fromRoot } from '../src/paths';

/**
 * The node options of `npm start` (package.json's start script; docs/operations.md says why each), so that tests and
 * benchmarks run the built hub as users start it.
 */
export function startScriptNodeOptions(): string[] {
  const start = (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const match = /^node((?: --\S+)*) dist\/src\/main\.js$/.exec(start);
  if (!match) throw new Error(`package.json's start script is not "node [--options] dist/src/main.js": ${start}`);
  return match[1].split(' ').filter(Boolean);
}
