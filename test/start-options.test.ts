/**
 * The node options the hub runs with (package.json's start script; docs/operations.md says why each): every command
 * in the README and docs/ that starts dist/src/main.js passes the same ones, and the Node running the suite (CI runs
 * it on Node 20 and 24) accepts them, so that a V8 flag a later Node drops fails here rather than at a user's start.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../src/paths';
import { startScriptNodeOptions } from './start-script';

const startOptions = startScriptNodeOptions();

/**
 * The commands of the README and docs/ that run node on dist/src/main.js (from any folder, with or without options,
 * across lines), by file.
 */
function documentedStarts(): { file: string; options: string[] }[] {
  const files = ['README.md', ...readdirSync(fromRoot('docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
  return files.flatMap((file) =>
    [...readFileSync(fromRoot(file), 'utf8').matchAll(/\bnode((?:\s+--\S+)*)\s+(?:\S*\/)?dist\/src\/main\.js/g)].map((match) => ({
      file,
      options: match[1].trim().split(/\s+/).filter(Boolean),
    })),
  );
}

describe('the options the hub starts with', () => {
  it('are those of npm start, heap limits and pretenuring included', () => {
    expect(startOptions).toEqual(['--max-old-space-size=1536', '--max-semi-space-size=32', '--no-allocation-site-pretenuring']);
  });

  it('are the ones every documented start command passes', () => {
    const starts = documentedStarts();
    // the systemd unit of docs/operations.md and its explanation of the heap settings at least
    expect(starts.filter((start) => start.file === 'docs/operations.md').length).toBeGreaterThanOrEqual(2);
    for (const start of starts) expect({ file: start.file, options: start.options }).toEqual({ file: start.file, options: startOptions });
  });

  it('are accepted by the Node running the suite', () => {
    const run = spawnSync(process.execPath, [...startOptions, '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('a flag this Node does not know is refused, as the previous check relies on', () => {
    const run = spawnSync(process.execPath, ['--no-such-v8-flag-of-the-hub', '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
  });
});
