import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fromRoot } from '../../src/paths';

/** True when `built` is missing or older than a source file (npm test builds first; a direct vitest run may not). */
function buildIsStale(built: string): boolean {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return ['src', 'migrations'].some((dir) =>
    readdirSync(fromRoot(dir), { recursive: true, encoding: 'utf8' }).some((file) => file.endsWith('.ts') && statSync(fromRoot(dir, file)).mtimeMs > builtAt),
  );
}

/** Compiles src/ into dist/ when the tests' child processes would otherwise run stale code. */
export function ensureBuilt(built = fromRoot('dist/src/main.js')): void {
  if (!buildIsStale(built)) return;
  const build = spawnSync(process.execPath, [fromRoot('node_modules/typescript/bin/tsc'), '-p', fromRoot('tsconfig.build.json')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stdout + build.stderr);
}
