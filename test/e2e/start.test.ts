/**
 * The hub as a user starts it: the built server in a child process. Embedded mode seeds an empty database, keeps its
 * data across restarts, and a SIGTERM lets in-flight requests finish before the process exits cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/paths';
import { ensureBuilt } from './build';
import { Role } from '../../src/auth/viewer';
import { startTestDatabase, tokenFor } from '../kit';

interface RunningHub {
  child: ChildProcess;
  url: string;
  lines: string[];
  exited: Promise<number | null>;
}

function messages(lines: string[]): string[] {
  return lines.map((line) => {
    try {
      return String(JSON.parse(line).msg);
    } catch {
      return line;
    }
  });
}

async function startHub(env: NodeJS.ProcessEnv): Promise<RunningHub> {
  const baseEnv = { ...process.env };
  delete baseEnv.DATABASE_URL;
  delete baseEnv.NODE_ENV;
  const child = spawn(process.execPath, [fromRoot('dist/src/main.js')], { env: { ...baseEnv, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${lines.join('\n')}`)), 150_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        const ready = /ready at (http:\/\/\S+\/graphql)/.exec(line);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`hub exited with ${code}:\n${lines.join('\n')}`)));
  });
  return { child, url, lines, exited };
}

/** One request on a connection of its own (no keep-alive socket that the server could see as idle). */
function post(url: string, query: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    // an administrator's development token: the sample reads people, which callers without a token may not
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` };
    const req = request(url, { method: 'POST', agent: false, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

const SAMPLE = '{ jurisdictions { code } peerSpecialists(first: 3) { nodes { id firstName lastName synthetic } } }';
const HEAVY = '{ certifications(first: 100) { nodes { credentialNumber person { lastName employments(first: 5) { nodes { title } } } credentialType { code } } } }';

let adminToken: string;

beforeAll(async () => {
  adminToken = await tokenFor({ role: Role.ADMIN });
  ensureBuilt();
});

describe('embedded mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds an empty database, finishes in-flight requests on SIGTERM, and keeps its data across a restart', async () => {
    const first = await startHub({ HUB_DATA_DIR: dataDir });
    const logged = messages(first.lines);
    expect(logged).toContain(`database: embedded PostgreSQL (PGlite) with data in ${dataDir}`);
    expect(logged.some((m) => m.startsWith('the database is empty: seeding sample data at scale 1'))).toBe(true);

    // a second process on the same folder is turned away before it touches the data
    await expect(startHub({ HUB_DATA_DIR: dataDir })).rejects.toThrow(/is in use by process \d+: stop that process first/);

    const before = await post(first.url, SAMPLE);
    expect(before.status).toBe(200);
    expect(before.body.data.jurisdictions).toEqual([{ code: 'MN' }, { code: 'TX' }, { code: 'WA' }]);
    expect(before.body.data.peerSpecialists.nodes).toHaveLength(3);
    expect(before.body.data.peerSpecialists.nodes.every((p: { synthetic: boolean }) => p.synthetic)).toBe(true);

    // requests in flight when SIGTERM arrives are answered, then the process exits 0
    const answeredAt: number[] = [];
    const inFlight = Array.from({ length: 8 }, () => post(first.url, HEAVY).then((answer) => (answeredAt.push(performance.now()), answer)));
    // a health check sent after them is answered only once the hub has read them: then they are in flight
    await fetch(first.url.replace('/graphql', '/healthz'));
    const signalledAt = performance.now();
    first.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    // some were still being worked on when the signal came, and were answered all the same
    expect(answeredAt.some((at) => at > signalledAt)).toBe(true);
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(answers.every((a) => a.body.data.certifications.nodes.length === 100)).toBe(true);
    expect(await first.exited).toBe(0);
    expect(messages(first.lines)).toContain('stopped');

    const second = await startHub({ HUB_DATA_DIR: dataDir });
    try {
      expect(messages(second.lines).some((m) => m.includes('seeding'))).toBe(false);
      const after = await post(second.url, SAMPLE);
      expect(after.body.data).toEqual(before.body.data);
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('server mode', () => {
  it('uses DATABASE_URL, says so, migrates it and does not seed it unasked', async () => {
    const db = await startTestDatabase();
    try {
      const hub = await startHub({ DATABASE_URL: db.url });
      try {
        expect(messages(hub.lines)).toContain(`database: PostgreSQL at ${db.url}`);
        const answer = await post(hub.url, '{ jurisdictions { code } }');
        expect(answer.body.data).toEqual({ jurisdictions: [] });
        const ready = await fetch(hub.url.replace('/graphql', '/readyz'));
        expect(ready.status).toBe(200);
      } finally {
        hub.child.kill('SIGTERM');
        expect(await hub.exited).toBe(0);
      }
    } finally {
      await db.close();
    }
  });
});
