import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root, found from this file whether it runs from src/ (tests) or dist/src/ (built). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRoot(__dirname);
export const fromRoot = (...parts: string[]) => resolve(repoRoot, ...parts);
/** True when this code runs compiled from dist/ rather than as TypeScript under vitest. */
export const runningCompiled = __dirname.split(/[\\/]/).includes('dist');
